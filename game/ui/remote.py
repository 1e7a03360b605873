"""A seat of a class, played in the game's own screens (issue 12 §2): `RemoteGame` is the
game controller (`game.ui.controller.Game`) over a `ClassClient` (game/classroom/client.py).

What changes from a game on one machine, and nothing else:

- the `session` is the client's mirror of the server's log (`ClassClient.session`): the
  screens read its state and ask it `may(...)` exactly as they do a local session;
- the negotiation moves on by the server's events, never by a local `step`: `update`
  takes the events received and the reveal shows them at the usual reading pace;
- the player's moves (`do`) go to the server; a refusal is the server's sentence in
  `message`, as a local refusal is the Session's;
- the facilitator's controls (pause, speed, inject) are the room's: a student's window
  has none (its speed is its own reading speed), the console's go to the server
  (`ClassClient.facilitate`).

The debrief reads the log received; `save_path` holds it once the negotiation is over
(a student's copy lacks only the text of other delegations' notes).
"""

from __future__ import annotations

import inspect
import re
import time
from pathlib import Path

from game.classroom.protocol import COMMANDS, ClassError
from game.replay import scenario_of
from game.session import CommandError, Session
from game.ui.controller import SAVES, SPEEDS, Game


def command_args(name: str, args: tuple) -> dict:
    """The screens' positional arguments of Session command `name` (after the seat) as the
    protocol's arguments by name; an argument left at None is left out (the Session's
    default applies)."""
    if name not in COMMANDS:
        raise ClassError(f"{name}: not a move a seat sends")
    params = list(inspect.signature(getattr(Session, name)).parameters)[2:]  # (self, actor)
    if len(args) > len(params):
        raise ClassError(f"{name}: too many arguments")
    known = {n for n, _, _ in COMMANDS[name]}
    out = {}
    for param, value in zip(params, args, strict=False):
        if value is None or param not in known:
            continue
        if isinstance(value, tuple | set | frozenset):
            value = list(value)
        if isinstance(value, dict):
            value = {str(k): v for k, v in value.items()}
        out[param] = value
    return out


def class_save_path(save_dir: Path, code: str, who: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_-]", "", f"{code}-{who}") or "class"
    return Path(save_dir) / f"class-{safe}.jsonl"


class RemoteGame(Game):
    """The game controller of a class's client: a student's seat (`client.seat`) or the
    facilitator's console (`client.role == "facilitator"`, no seat: it watches)."""

    remote = True

    def __init__(self, client, *, lang: str = "en", save_dir: Path | None = None):
        if client.header is None:
            raise ClassError("no seat yet: claim one before opening the negotiation")
        self.client = client
        scenario, data = scenario_of(client.header)
        who = client.seat or client.role
        super().__init__(scenario, client.seat, session=client.session, autosave=False, odds=None,
                         scenario_data=data, save_dir=save_dir,
                         save_path=class_save_path(Path(save_dir) if save_dir else SAVES, client.code, who), lang=lang)
        self.header = dict(client.header)
        self.facilitator = client.role == "facilitator"
        self.lost: str | None = None  # why the class is gone for good (or the local copy stopped)
        self._status_at = (None, time.monotonic())
        self._saved_at = -1
        self._seen_step = None  # the turn whose decision this window has said it shows
        self.notes_seen = 0  # notes the player has looked at (the Notes button counts the rest)
        self.sync()

    # --- the server's events ------------------------------------------------------------------
    def sync(self) -> bool:
        """Take the events received since the last call into the local session; True if
        there were any."""
        n = len(self.session.log)
        if self.lost is None:
            try:
                self.client.session  # noqa: B018 - drives the mirror (the same Session object)
            except ClassError as exc:
                self.lost = str(exc)
            if self.client.lost and self.lost is None:
                self.lost = self.client.lost
        st = self.client.status
        self._await_turn(st)
        p = st.get("pending") or {}
        if p.get("reading") and p.get("step") != self._seen_step and self.my_turn:
            self._seen_step = p.get("step")  # (this window shows the decision now: its clock starts)
            self.client.seen(p.get("step"))
        if st is not self._status_at[0]:
            self._status_at = (st, time.monotonic())
            if self.facilitator and st.get("speed") in SPEEDS:  # (the room's speed, as the top bar shows it)
                self.speed_index = SPEEDS.index(st["speed"])
        if self.session.finished and self._saved_at != len(self.session.log):
            self.save_log()
        return len(self.session.log) > n

    def _await_turn(self, st: dict) -> None:
        """Bring the local copy to the decision the server awaits when it holds every event
        so far but stopped short of it: the turn that makes it writes nothing (the
        server's last step), and a seat that let the vote come before it (a `before_vote`
        turn ended) wrote nothing either. So the screens see whose move it is
        (`session.pending`) and what it may do (`may`), as in a local game."""
        s, p = self.session, st.get("pending")
        if (self.lost is not None or p is None or s.finished
                or st.get("events") != len(s.log) or len(self.client.events) != len(s.log)):
            return

        def awaited() -> bool:
            return s.pending is not None and s.pending.member == p.get("member") and s.pending.kind == p.get("kind")

        n = len(s.log)
        try:
            for _ in range(40):  # (turns that write nothing, up to the one awaited)
                if awaited() or s.finished or len(s.log) != n:
                    break
                if s.pending is None:
                    s.step()
                elif s.pending.kind == "before_vote":
                    s.end_turn(s.pending.member)  # (it let the vote come: nothing recorded)
                else:
                    break  # (a decision of the server's own not yet in the events: they will come)
        except (CommandError, ValueError, KeyError):
            s.pending = None
        if len(s.log) != n or (s.pending is None and not s.finished):
            self.lost = self.tongue.gettext("the local copy of the negotiation differs from the server's")

    def _step(self) -> bool:
        return self.sync()

    def update(self, dt: float) -> None:
        self.sync()
        super().update(dt)

    def save_log(self) -> Path | None:
        """Write the log received (the debrief's and the report's source)."""
        try:
            self.client.save(self.save_path)
        except (ClassError, OSError) as exc:
            self.message = str(exc)
            return None
        self._saved_at = len(self.session.log)
        return self.save_path

    def save_now(self) -> Path:
        self.save_log()
        return self.save_path

    # --- the room, as the server last said ------------------------------------------------------
    @property
    def status(self) -> dict:
        return self.client.status or {}

    @property
    def connected(self) -> bool:
        return bool(self.client.connected)

    def seats(self) -> dict:
        """{member: {name, played_by, claimed, connected}} (the server's status)."""
        return self.status.get("seats") or {}

    def humans(self) -> set[str]:
        """The seats students play now."""
        return {m for m, s in self.seats().items() if s.get("played_by") == "student"}

    def seconds_left(self) -> float | None:
        """Real seconds before the decision awaited now passes to its agent (None: none
        awaited from a student, or the room is paused: the clock stands)."""
        p = self.status.get("pending")
        if not p or p.get("seconds_left") is None:
            return None
        left = float(p["seconds_left"])
        if self.status.get("paused") or not self.status.get("started", True) or p.get("reading"):
            return left  # (the clock stands)
        return max(0.0, left - (time.monotonic() - self._status_at[1]))

    @property
    def room_paused(self) -> bool:
        return bool(self.status.get("paused"))

    @property
    def my_turn(self) -> bool:
        # the local copy awaits this seat, and the server does too (not paused, not yet
        # played by the agent past the deadline)
        return super().my_turn and self.client.my_turn

    def notes(self) -> list:
        """The notes this client may read, in order (a third pair's note has no text)."""
        return [e for e in self.session.log if e.kind == "note" and "text" in e.data]

    # --- the player's commands ------------------------------------------------------------------
    def do(self, name: str, *args):
        """Send the seat's move to the server; the events it made are in the local session
        when this returns (the last one is returned, as `Game.do` returns the event made);
        a refusal leaves the server's sentence in `message` and changes nothing."""
        if self.seat is None:
            return None
        steps = self.session.steps
        try:
            reply = self.client.send(name, **command_args(name, args))
        except ClassError as exc:
            self.message = str(exc)
            return None
        self.sync()
        self.message = None
        self.commands.append((steps, name, args))
        made = [n for n in reply.get("events") or [] if isinstance(n, int) and 1 <= n <= len(self.session.log)]
        return self.session.log[made[-1] - 1] if made else None

    def note(self, to: str, text: str) -> bool:
        """Write a note to another delegation (only it and the facilitator read it)."""
        return self._asked(lambda: self.client.note(to, text))

    def _asked(self, ask) -> bool:
        """Ask the server (`ask()`): a refusal leaves its sentence in `message`; else the
        events it caused are taken in."""
        try:
            ask()
        except ClassError as exc:
            self.message = str(exc)
            return False
        self.sync()
        self.message = None
        return True

    # --- the facilitator's controls ---------------------------------------------------------------
    def facilitate(self, command: str, **args) -> bool:
        """One of the facilitator's commands (`ClassClient.facilitate`); a refusal, or a
        student's window, leaves the sentence in `message`."""
        if not self.facilitator:
            self.message = self.tongue.gettext("Only the facilitator runs the room")
            return False
        return self._asked(lambda: self.client.facilitate(command, **args))

    def toggle_pause(self) -> None:
        if self.facilitator:
            self.facilitate("resume" if self.room_paused else "pause")
        else:
            super().toggle_pause()  # (a student pauses its own reading, not the room)

    @property
    def room_speed(self) -> float:
        return float(self.status.get("speed") or 1.0)

    def faster(self) -> None:
        super().faster()
        if self.facilitator:
            self.facilitate("speed", speed=SPEEDS[self.speed_index])

    def slower(self) -> None:
        super().slower()
        if self.facilitator:
            self.facilitate("speed", speed=SPEEDS[self.speed_index])

    def inject(self, event_id: str) -> bool:
        return self.facilitate("inject", id=event_id)

    def injectable(self) -> list:
        return super().injectable() if self.facilitator else []

    def close(self) -> None:
        super().close()
        self.client.close()
