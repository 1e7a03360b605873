"""A class's room: one authoritative `Session` played by students and agents, with its
seats, tokens, class code, deadlines and facilitator, and nothing of the network (the
server, game/classroom/server.py, wraps it; tests drive it directly).

Seats. Every member's seat is its agent's until a student claims it (a ``take_seat`` event:
the log says who played what, and from when); the student gets a token, needed with every
message after. The facilitator may hand any seat to its agent or back to a student at any
time (``take_seat`` again), and may hand a seat to a student nobody has claimed yet.

Deadlines. Every decision awaited from a student's seat has a deadline in real time
(`deadline` seconds, divided by the room's speed); the room never reads a clock itself:
the caller passes ``now`` (seconds, any monotonic clock) to every method. A decision not
taken by its deadline is taken by the seat's agent (``deadline_missed``, then the agent's
move), and the seat stays the student's. The clock starts when the student's window shows
the decision (its client says `seen`: a window reveals the agents' turns at reading pace,
and a deadline must not run while the student is still reading what led to it), or at
the latest after a reading allowance (the deadline itself, at most `READING` seconds, at
the room's speed), whichever comes first. A pause stops the clock, not the allowance.

Commands. A seat's move is the Session's command of the same name, checked first by the
protocol (game/classroom/protocol.py: names and argument types), then by the Session (the
procedure, whose turn it is): a refusal is a `ClassError` with the Session's own sentence,
and nothing has changed. Only a seat's holder acts for it.

Saving. After every change the log is written atomically (`Session.save`: the whole log,
`game.events.save_log`), and the room's own record (class code, tokens, deadline, speed)
beside it (`<log>.room.json`), so that a server killed at any moment restarts with
`Room.resume` where its last answer left it, and students reconnect with their tokens.
"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from game.classroom import protocol
from game.classroom.protocol import DEFAULT_DEADLINE, ClassError, ProtocolError
from game.events import Event, dumps, read_log, write_atomic
from game.replay import ReplayError, restore, scenario_of
from game.schema import LocalText
from game.session import CommandError, Session

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a board
CODE_LENGTH = 6
READING = 120.0  # seconds: the most a decision's clock waits for the student's window to show it


def new_code() -> str:
    """A short class code to write on the board (about 30 bits)."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def new_token() -> str:
    """A seat's or the facilitator's token: 128 random bits, URL-safe, never starting with
    "-" (a token typed after `--token` on a command line must not read as an option: one
    in 64 did, and `join`/`console`/the simulated student refused it)."""
    while True:
        token = secrets.token_urlsafe(16)
        if not token.startswith("-"):
            return token


def same(a: str | None, b: str | None) -> bool:
    """Tokens and codes compared in constant time (a stranger learns nothing from timing)."""
    return isinstance(a, str) and isinstance(b, str) and hmac.compare_digest(a.encode(), b.encode())


@dataclass
class Seat:
    member: str
    token: str | None = None  # the student's, once claimed
    connected: int = 0  # connections open with this seat's token (the server counts them)


def record_path(log_path: Path) -> Path:
    """Where the room's own record is kept, beside its log."""
    return Path(log_path).with_suffix(".room.json")


class Room:
    """One Council played by a class (see the module's docstring)."""

    def __init__(self, scenario, seed: int = 0, *, code: str | None = None,
                 facilitator_token: str | None = None, deadline: float = DEFAULT_DEADLINE,
                 save_path: str | Path | None = None, scenario_data: dict | None = None,
                 session: Session | None = None):
        self.session = session if session is not None else Session(scenario, seed, scenario_data=scenario_data)
        self.scenario = self.session.scenario
        self.code = code or new_code()
        self.facilitator_token = facilitator_token or new_token()
        self.seats = {m: Seat(m) for m in self.scenario.members}
        self.deadline = float(deadline)
        self.speed = 1.0
        self.started = False
        self.paused = False
        self.ended = False
        self.save_path = Path(save_path) if save_path else None
        self.header = self.session.header()
        self._turn_key: tuple | None = None  # the decision the deadline below is for
        self._due: float | None = None  # when it falls (now-clock), None while paused ...
        self._left: float | None = None  # ... and then the seconds it had left
        self._reading: float | None = None  # (now-clock) the clock starts then, unless `seen` first
        self.touched = False  # the status changed without an event (a clock started): publish it
        self.missed: list[tuple[str, str]] = []  # (member, turn kind) taken by agents for late seats
        # saved after every change (`save`), unless the caller saves itself (the server: `write`)
        self.autosave = True
        self._record_written: dict | None = None
        self.saved = 0  # events of the log on disk
        self._lines = [dumps(self.header)]  # the log's lines as saved (`snapshot`)

    # --- who is who --------------------------------------------------------------------
    def check_code(self, code) -> None:
        if not same(code, self.code):
            raise ClassError("wrong class code")

    def check_facilitator(self, token) -> None:
        if not same(token, self.facilitator_token):
            raise ClassError("wrong facilitator token")

    def check_student(self, member, token) -> Seat:
        seat = self.seats.get(member) if isinstance(member, str) else None
        if seat is None:
            raise ClassError(f"no seat {str(member)[:20]!r} in this Council; seats: {', '.join(self.seats)}")
        if seat.token is None or not same(token, seat.token):
            raise ClassError(f"wrong token for {member}'s seat")
        return seat

    # --- seats -------------------------------------------------------------------------
    def claim(self, member, now: float) -> tuple[str, list[Event]]:
        """A student takes a free seat: returns its token and the events made (the
        ``take_seat`` that hands it from its agent to the student)."""
        seat = self.seats.get(member) if isinstance(member, str) else None
        if seat is None:
            raise ClassError(f"no seat {str(member)[:20]!r} in this Council; seats: {', '.join(self.seats)}")
        if seat.token is not None:
            raise ClassError(f"{member}'s seat is taken (ask the facilitator)")
        n = len(self.session.log)
        if member not in self.session.outside and not self.session.finished:
            try:
                self.session.take_seat(member, "student")
            except CommandError as exc:
                raise ClassError(str(exc)) from None
        seat.token = new_token()
        self._advance(now)
        self._changed()
        return seat.token, self.session.log[n:]

    # --- the seats' moves ----------------------------------------------------------------
    def command(self, member: str, name, args, now: float) -> list[Event]:
        """A seat's move (the Session's command `name`, `args` by name); the events made,
        the agents' turns that followed included."""
        spec = protocol.COMMANDS.get(name) if isinstance(name, str) else None
        if spec is None:
            raise ClassError(f"no command {str(name)[:30]!r}; commands: {', '.join(protocol.COMMANDS)}")
        try:
            kwargs = protocol.arguments(spec, args, name)
        except ProtocolError as exc:
            raise ClassError(str(exc)) from None
        if self.ended or self.session.finished:
            raise ClassError("the negotiation is over")
        if not self.started:
            raise ClassError("the session has not started: the facilitator starts it")
        if self.paused:
            raise ClassError("the facilitator has paused the session")
        if member not in self.session.outside:
            raise ClassError(f"{member}'s seat is played by its agent now (the facilitator's choice)")
        n = len(self.session.log)
        try:
            getattr(self.session, name)(member, **kwargs)
        except CommandError as exc:
            raise ClassError(str(exc)) from None
        self._advance(now)
        self._changed()
        return self.session.log[n:]

    def note(self, member: str, to, text, channel="note") -> Event:
        """A message from `member`'s delegation to `to`'s: read by the two and by the
        facilitator (and in the log, for the debrief), never by a third delegation."""
        if channel not in protocol.CHANNELS:
            raise ClassError(f"channel {str(channel)[:20]!r}: one of {', '.join(protocol.CHANNELS)}")
        if not isinstance(to, str) or to not in self.seats:
            raise ClassError(f"no delegation {str(to)[:20]!r} to write to; seats: {', '.join(self.seats)}")
        if to == member:
            raise ClassError("a note goes to another delegation")
        if not isinstance(text, str) or not text.strip() or len(text) > protocol.MAX_TEXT:
            raise ClassError(f"a note is some text, at most {protocol.MAX_TEXT} characters")
        ev = self.session.note(member, {"to": to, "text": text, "channel": channel})
        self._changed()
        return ev

    # --- the facilitator ------------------------------------------------------------------
    def facilitate(self, name, args, now: float) -> list[Event]:
        """One of the facilitator's commands (protocol.FACILITATOR_COMMANDS); the events made."""
        spec = protocol.FACILITATOR_COMMANDS.get(name) if isinstance(name, str) else None
        if spec is None:
            raise ClassError(f"no facilitator command {str(name)[:30]!r}; commands: "
                             f"{', '.join(protocol.FACILITATOR_COMMANDS)}")
        try:
            a = protocol.arguments(spec, args, name)
        except ProtocolError as exc:
            raise ClassError(str(exc)) from None
        s = self.session
        n = len(s.log)
        if name == "start":
            if self.started:
                raise ClassError("the session has already started")
            self.started = True
        elif name == "pause":
            if not self.paused:
                self.paused = True
                if self._due is not None:
                    self._left, self._due = max(0.0, self._due - now), None
        elif name == "resume":
            if self.paused:
                self.paused = False
                if self._reading is not None and now >= self._reading:
                    self._start_clock(now)  # (the reading allowance ran out during the pause)
                elif self._left is not None and self._reading is None:
                    self._due, self._left = now + self._left, None
        elif name == "speed":
            if a["speed"] not in protocol.SPEEDS:
                raise ClassError(f"speed {a['speed']:g}: one of {', '.join(f'{x:g}' for x in protocol.SPEEDS)}")
            if self._due is not None:  # the time left runs at the new speed
                self._due = now + (self._due - now) * self.speed / a["speed"]
            elif self._left is not None:
                self._left *= self.speed / a["speed"]
            self.speed = a["speed"]
        elif name == "deadline":
            if not 0.1 <= a["seconds"] <= 24 * 3600:
                raise ClassError("a deadline is between 0.1 second and 24 hours")
            self.deadline = a["seconds"]
        elif name == "extend":
            if not 0 < a["seconds"] <= 24 * 3600:
                raise ClassError("extend by between 0 and 24 hours")
            if self._due is None and self._left is None:
                raise ClassError("no student's decision is awaited now")
            if self._due is not None:
                self._due += a["seconds"]
            else:
                self._left += a["seconds"]
        elif name == "inject":
            try:
                s.inject(a["id"])
            except CommandError as exc:
                raise ClassError(str(exc)) from None
        elif name == "seat":
            if a["to"] not in ("student", "agent"):
                raise ClassError(f"a seat goes to a 'student' or an 'agent', not {a['to'][:20]!r}")
            if a["member"] not in self.seats:
                raise ClassError(f"no seat {a['member'][:20]!r}; seats: {', '.join(self.seats)}")
            try:
                s.take_seat(a["member"], a["to"])
            except CommandError as exc:
                raise ClassError(str(exc)) from None
        elif name == "end":
            if s.finished:
                raise ClassError("the negotiation is over")
            for m in sorted(s.outside):  # every seat to its agent, the vote follows
                s.take_seat(m, "agent")
            self.started, self.paused, self.ended = True, False, True
        self._advance(now)
        self._changed()
        return s.log[n:]

    # --- time -------------------------------------------------------------------------------
    def tick(self, now: float) -> list[Event]:
        """The decision awaited past its deadline is taken by the seat's agent (call often:
        the server does, a few times a second). The events made, if any."""
        s = self.session
        if self._reading is not None and now >= self._reading and not self.paused:
            self._start_clock(self._reading)  # (the reading allowance ran out: the clock runs from then)
        if self._due is None or now < self._due or s.pending is None:
            return []
        n = len(s.log)
        member, kind = s.pending.member, s.pending.kind
        s.play_for(member)
        self.missed.append((member, kind))
        self._turn_key = None
        self._advance(now)
        self._changed()
        return s.log[n:]

    def _advance(self, now: float) -> None:
        """Run the agents' turns up to the next student's decision, and set its deadline."""
        s = self.session
        if not self.started or s.finished:
            self._turn_key = self._due = self._left = self._reading = None
            return
        if self.paused and s.pending is None:
            return  # (nothing moves while the facilitator holds the room: the agents wait for `resume`)
        s.advance()
        p = s.pending
        key = None if p is None else (s.steps, p.kind, p.member)
        if key != self._turn_key:
            self._turn_key = key
            self._due = self._left = self._reading = None
            if p is not None:  # (the clock stands until the student's window shows the decision)
                self._left = self.deadline / self.speed
                self._reading = now + min(self.deadline, READING) / self.speed

    def seen(self, member: str, step, now: float) -> bool:
        """`member`'s window shows the decision awaited from it (turn `step`, as the status
        gave it): its clock starts now, if it had not. True if that changed the status."""
        p = self.session.pending
        if (self._reading is None or p is None or p.member != member or isinstance(step, bool)
                or step != self.session.steps or member not in self.session.outside):
            return False
        self._start_clock(now)
        return True

    def _start_clock(self, at: float) -> None:
        """The decision's clock runs from `at` (or from `resume`, if the room is paused)."""
        self._reading = None
        self.touched = True
        if not self.paused and self._left is not None:
            self._due, self._left = at + self._left, None

    # --- what each client reads -----------------------------------------------------------
    @staticmethod
    def visible(ev: dict, member: str | None, facilitator: bool = False) -> dict:
        """An event (its JSON form) as a client reads it: a note between two delegations,
        whole for them and the facilitator; for anyone else, only that something was
        written (its number, time and place in the turn: a local `Session` replays it)."""
        if ev["kind"] != "note" or facilitator or (member is not None
                                                   and member in (ev["actor"], ev["data"].get("to"))):
            return ev
        return {"seq": ev["seq"], "t": ev["t"], "kind": "note", "actor": None,
                "data": {"step": ev["data"].get("step")}}

    def status(self, now: float) -> dict:
        """The room as every client sees it: seats (who plays them, claimed, connected), the
        decision awaited and its deadline, pause and speed, the outcome once there is one."""
        s = self.session
        p = s.pending
        due = None
        if p is not None:
            due = self._left if self._due is None else max(0.0, self._due - now)
        return {
            "code": self.code,
            "title": _shown(self.scenario.title),
            "started": self.started,
            "paused": self.paused,
            "ended": self.ended,
            "finished": s.finished,
            "speed": self.speed,
            "deadline": self.deadline,
            "events": len(s.log),
            "phase": s.state.phase.value,
            "outcome": s.state.outcome.value if s.state.outcome is not None else None,
            "pending": None if p is None else {"member": p.member, "kind": p.kind, "step": s.steps,
                                               "seconds_left": None if due is None else round(due, 1),
                                               "reading": self._reading is not None},
            "seats": {m: {"name": _shown(self.scenario.members[m].name),
                          "played_by": "student" if m in s.outside else "agent",
                          "claimed": seat.token is not None,
                          "connected": seat.connected > 0}
                      for m, seat in self.seats.items()},
        }

    # --- saving and resuming ----------------------------------------------------------------
    def record(self) -> dict:
        """What the room keeps beside its log (what the log does not hold)."""
        return {"code": self.code, "facilitator_token": self.facilitator_token,
                "tokens": {m: seat.token for m, seat in self.seats.items() if seat.token},
                "deadline": self.deadline, "speed": self.speed, "started": self.started,
                "paused": self.paused, "ended": self.ended}

    def _changed(self) -> None:
        if self.autosave:
            self.save()

    def save(self) -> None:
        """Write the room now (its record if changed, then its log)."""
        self.write(*self.snapshot())

    def snapshot(self) -> tuple[list[str], dict]:
        """The log's lines as `game.events.save_log` writes them (the header's, then each
        event's, each encoded once and kept), and the room's record, as they are now."""
        lines = self._lines
        for ev in self.session.log[len(lines) - 1:]:
            lines.append(dumps(ev.to_json()))
        return list(lines), self.record()

    def write(self, lines: list[str], record: dict) -> None:
        """The room's record (when it has changed), then its log (`snapshot`'s lines), each
        written atomically, a token on disk before the event that seats its student. The
        server calls this on a worker thread with a snapshot taken on its own (the disk's
        fsync must not hold up the other rooms), and sends no event before it is written."""
        if self.save_path is None:
            return
        if record != self._record_written:
            write_atomic(record_path(self.save_path), json.dumps(record, indent=1, sort_keys=True) + "\n")
            self._record_written = record
        write_atomic(self.save_path, "\n".join(lines) + "\n")
        self.saved = max(self.saved, len(lines) - 1)

    @classmethod
    def resume(cls, log_path: str | Path, now: float) -> Room:
        """The room saved at `log_path` (its log and its record), where it stopped: the
        session restored by re-running its log (`game.replay.restore`), the tokens and
        code as they were, a fresh deadline for the decision awaited."""
        log_path = Path(log_path)
        try:
            rec = json.loads(record_path(log_path).read_text(encoding="utf-8"))
            header, events = read_log(log_path)
            scenario, _data = scenario_of(header)
            session = restore(header, events, upto=len(events))
        except (OSError, ValueError, KeyError, ReplayError) as exc:
            raise ClassError(f"{log_path}: cannot resume: {exc}") from None
        room = cls(scenario, session=session, code=rec["code"], facilitator_token=rec["facilitator_token"],
                   deadline=rec.get("deadline", DEFAULT_DEADLINE), save_path=log_path)
        for m, token in rec.get("tokens", {}).items():
            if m in room.seats:
                room.seats[m].token = token
        room.speed = rec.get("speed", 1.0)
        room.started, room.paused, room.ended = rec.get("started", False), rec.get("paused", False), rec.get(
            "ended", False)
        room._advance(now)
        room.save()
        return room


def _shown(text):
    """A scenario text as a client shows it in its reader's language: ``{"en": ..., "fr":
    ...}`` when the scenario is bilingual, else the plain string."""
    return dict(text.versions) if isinstance(text, LocalText) else str(text)
