"""The game controller: one `Session`, its events revealed at a readable pace, the scenes
a student goes through, autosave, the facilitator's controls and the player's commands.
No pygame here: the screens read this object and call its commands.

Pacing. The engine runs instantly; the controller shows the session's log one event at a
time (each event has a reading time, divided by the speed) and steps the session only
when everything so far has been shown, so a facilitator's inject lands between the turns
the room has actually seen. While the player's seat must act, nothing moves until it has.

Scenes. ``negotiation`` → ``silence`` (from a text going under silence until its
deadline has passed) → ``negotiation`` ... → ``vote`` → ``explanations`` → ``debrief``.
A scene ends on a *beat* (the silence's verdict, the vote's result, the end of the
session) that waits for the player's Continue (or a few seconds when watching).

Autosave. Every event the session writes is saved (atomically, `game.events.save_log`,
what `Session.save` does) by a background thread that always writes the latest log, so
the frame never waits for the disk; `Resume` rebuilds the session from that file with
`game.replay.restore`.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from pathlib import Path

from game import agents
from game.events import Event, read_log, save_log
from game.i18n import ENGLISH, N_, Tongue, localized
from game.narrate import Narrator, log_salt
from game.procedure import Phase
from game.replay import restore, scenario_of, seats_at_end
from game.resources import saves_dir
from game.session import CommandError, Session, seed_from_json
from game.state import State, apply

SAVES = saves_dir()  # the repository's saves/, or ~/.local/share/penholder/saves once installed

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0)
# reading time of each kind of event at 1x, in seconds
PACE = {
    "instructions": 0.0,  # the capitals' private instructions: not shown
    "host_letter": 3.0,
    "circulate_zero_draft": 3.0,
    "hold_read_through": 1.4,
    "open_expert_round": 1.6,
    "propose_amendments": 1.6,
    "seek_support": 1.6,
    "package_deal": 2.4,
    "decide_amendments": 2.4,
    "circulate_revision": 2.4,
    "place_under_silence": 2.4,
    "break_silence": 3.4,
    "silence_holds": 2.4,
    "hold_bilaterals": 1.8,
    "bilateral_talk": 3.0,
    "co_pen_revision": 2.4,  # a co-penholder's answer to the lead's revision
    "co_pen_step": 1.4,
    "put_in_blue": 2.4,
    "call_vote": 2.0,
    "seek_rollover": 2.4,
    "cast_vote": 0.8,
    "declare_result": 3.0,
    "explain_vote": 5.0,
    "mandate_expires": 3.0,
    "inject": 4.5,
    "end_turn": 0.0,
}
OWN_PACE = 0.5  # the player's own moves: shown at once
SILENCE_KINDS = frozenset({"break_silence", "silence_holds", "end_turn", "seek_support", "inject",
                           "host_letter", "package_deal", "table_rival_draft"})
BEAT_AUTO = 4.0  # seconds a beat waits when nobody is playing (Watch)

PHASE_WORDS = {
    Phase.ZERO_DRAFT: N_("Zero draft"),
    Phase.READ_THROUGH: N_("Read-through of the zero draft"),
    Phase.EXPERT_ROUND: N_("Expert round {round}"),
    Phase.UNDER_SILENCE: N_("Under silence until {deadline}"),
    Phase.SILENCE_BROKEN: N_("Silence broken \u2014 the penholder's move"),
    Phase.BILATERALS: N_("Bilateral talks"),
    Phase.AGREED: N_("Silence held: text agreed ad referendum"),
    Phase.IN_BLUE: N_("In blue \u2014 the vote follows"),
    Phase.VOTING: N_("Formal meeting: the vote"),
    Phase.NEXT_DRAFT: N_("A draft failed \u2014 the next draft in blue is voted"),
    Phase.ROLLOVER_IN_BLUE: N_("A technical rollover in blue \u2014 the vote follows"),
    Phase.ROLLOVER_VOTE: N_("Vote on a technical rollover"),
    Phase.ROLLOVER_FAILED: N_("The rollover failed \u2014 explanations of vote, then the talks go on"),
    Phase.ADOPTED: N_("Adopted"),
    Phase.NOT_ADOPTED: N_("Not adopted"),
    Phase.VETOED: N_("Vetoed"),
    Phase.ROLLED_OVER: N_("Mandate rolled over"),
    Phase.LAPSED: N_("Mandate lapsed"),
}


def phase_text(state: State, narrator: Narrator, now: float | None = None) -> str:
    """The subtitle under the clock. A broken silence says by whom, and, while its deadline
    has not passed (others may still write), that the deadline still runs; only after it
    is it the penholder's move."""
    return phase_texts(state, narrator, now)[0]


def phase_texts(state: State, narrator: Narrator, now: float | None = None) -> list[str]:
    """`phase_text`, then shorter phrasings of it for a narrow window."""
    tongue = getattr(narrator, "tongue", ENGLISH)  # (the screens' narrator speaks the reader's language)
    _ = tongue.gettext
    ph = state.phase
    words = _(PHASE_WORDS[ph]) if ph in PHASE_WORDS else ph.value.replace("_", " ")
    sil = state.silence
    deadline = narrator.clock(sil.deadline) if sil else ""
    if ph is Phase.SILENCE_BROKEN and sil is not None:
        who = sil.breakers
        by = tongue.names([narrator.name(m) for m in who]) if len(who) <= 2 else tongue.counted(len(who), "delegation")
        t = state.t if now is None else now
        codes = ", ".join(who[:3]) + (f" +{len(who) - 3}" if len(who) > 3 else "")
        if t < sil.deadline:
            return [_("Silence broken by {by}; the deadline, {deadline}, still runs").format(by=by, deadline=deadline),
                    _("Silence broken by {by}; deadline {deadline}").format(by=by, deadline=deadline),
                    _("Silence broken by {by}; deadline {deadline}").format(by=codes, deadline=deadline),
                    _("Broken by {by}; deadline {deadline}").format(by=codes, deadline=deadline),
                    _("Silence broken; deadline {deadline}").format(deadline=deadline)]
        return [_("Silence broken by {by} \u2014 the penholder's move").format(by=by),
                _("Silence broken by {by} \u2014 the penholder's move").format(by=codes),
                _("Silence broken \u2014 the penholder's move")]
    if ph is Phase.ROLLOVER_FAILED:
        return [words, _("Rollover failed \u2014 explanations, then talks"), _("Rollover failed")]
    return [words.format(round=max(1, state.round), deadline=deadline)]


class Autosaver:
    """Writes the newest snapshot of the log on a background thread (atomic writes)."""

    def __init__(self, path: Path, header: dict):
        self.path = Path(path)
        self.header = header
        self._latest: list[Event] | None = None
        self._written = 0
        self._writing = False
        self._cond = threading.Condition()
        self._stop = False
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, name="autosave", daemon=True)
        self._thread.start()

    def push(self, events: list[Event]) -> None:
        with self._cond:
            self._latest = list(events)
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._latest is None and not self._stop:
                    self._cond.wait()
                if self._latest is None and self._stop:
                    return
                events, self._latest = self._latest, None
                self._writing = True
            try:
                save_log(self.path, self.header, events)
                self._written = len(events)
            except OSError as exc:  # a full disk must not kill the game; the UI shows it
                self.error = f"autosave failed: {exc}"
            finally:
                with self._cond:
                    self._writing = False
                    self._cond.notify_all()

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until the newest snapshot is on disk."""
        with self._cond:
            self._cond.wait_for(lambda: self._latest is None and not self._writing, timeout)

    @property
    def written(self) -> int:
        return self._written

    def close(self) -> None:
        self.flush()
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        self._thread.join(timeout=5.0)


class ShownNarrator(Narrator):
    """The narrator of the screens: names, paragraphs and dates in the reader's language
    (game.narrate's sentences stay English until they have French templates)."""

    def __init__(self, scenario, tongue: Tongue, salt: object = 0):
        # students read "OP 14", not ids; the templates in the reader's language where they
        # exist (game/voices/templates/<lang>/), else English
        super().__init__(scenario, ids=False, salt=salt, lang=tongue.lang)
        self.tongue = tongue

    def the(self, m: str | None, cap: bool = False) -> str:
        return self.tongue.the(self.name(m), cap=cap)

    def names_list(self, ms) -> str:
        return self.tongue.names([self.name(m) for m in ms])

    def day(self, t: int) -> str:
        return self.tongue.date(self.moment(t).date(), "day")

    def clock(self, t: int) -> str:
        return f"{self.day(t)} {self.moment(t):%H:%M}"


def save_name(scenario_id: str, seat: str | None, seed) -> str:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"{scenario_id}-{seat or 'watch'}-seed{seed}-{stamp}.jsonl"


class Game:
    """A negotiation being played (or watched) through the screens."""

    def __init__(self, scenario, seat: str | None, seed: int | None = None, *,
                 session: Session | None = None, save_path: Path | None = None,
                 autosave: bool = True, odds=None, scenario_data: dict | None = None,
                 save_dir: Path | None = None, lang: str = "en"):
        english = localized(scenario, "en")  # what the engine reads (and logs)
        self.tongue = Tongue(lang)
        self.scenario = localized(scenario, lang)  # what the screens show
        self.seat = seat
        if session is None:
            self.seed = secrets.randbelow(1_000_000) if seed is None else int(seed)
            session = Session(english, self.seed, outside={seat} if seat else (),
                              scenario_data=scenario_data)
        else:
            self.seed = int(session.seed_sequence.entropy)
        self.session = session
        self.header = session.header()
        # (the narration's sentences are written in English, game/narrate.py, until they have
        # French templates; the names, paragraphs and texts it quotes are the reader's)
        self.narrator = ShownNarrator(self.scenario, self.tongue, salt=log_salt(session.seed_sequence))
        self.shown = State(self.scenario)  # (its Council sits in the English order: LocalText sorts so)
        self.revealed = 0
        self.feed: list[dict] = []
        self.timer = 0.0
        self.pace_total = 0.0
        self.paused = False
        self.speed_index = 1
        self.fast = False  # show everything at once until the next scene, beat or turn
        self.instant = False  # tests and screenshots: no reading time at all
        self.scene = "negotiation"
        self.beat: str | None = None
        self.beat_timer = 0.0
        self.spotlight: dict | None = None  # the event being read now
        self.commands: list[tuple[int, str, tuple]] = []
        self.message: str | None = None  # the last refused command, or a notice
        self.news: list[dict] = []
        self.odds = odds
        self._odds_at = -1
        self.save_dir = Path(save_dir) if save_dir else SAVES
        self.save_path = Path(save_path) if save_path else self.save_dir / save_name(scenario.id, seat, self.seed)
        self.saver = Autosaver(self.save_path, self.header) if autosave else None
        session.listeners.append(self._on_event)
        self.watching = seat is None

    # --- resume ----------------------------------------------------------------------------
    @classmethod
    def resume(cls, path: Path, odds=None, autosave: bool = True, lang: str = "en",
               seat: str | None = None) -> Game:
        """Rebuild a saved session exactly where it stopped; everything so far is shown.

        The player takes `seat`, else the first seat played from outside when the log ends
        (`game.replay.seats_at_end`: a class's log seats its students with ``take_seat``
        events, its header names none), else watches. One screen plays one seat: if the
        negotiation is not over, the other seats still played from outside go back to
        their agents (``take_seat`` events, as a facilitator hands them: the log replays),
        else their turns would wait for nobody; `message` says so."""
        header, events = read_log(path)
        scenario, data = scenario_of(header)
        session = restore(header, events, upto=len(events))
        seats = seats_at_end(header, events)
        if seat is not None and seat not in seats:
            raise ValueError(f"{path}: seat {seat!r} is not played from outside at the end of the log "
                             f"(those are: {', '.join(seats) or 'none'})")
        me = seat if seat is not None else (seats[0] if seats else None)
        g = cls(scenario, me, session=session, save_path=path,
                autosave=autosave, odds=odds, lang=lang)
        g.seed = int(seed_from_json(header["seed"]).entropy)
        others = [m for m in seats if m != me]
        if others and not (session.finished or session.state.finished):
            for m in others:
                session.take_seat(m, "agent")
            g.message = g.tongue.ngettext(
                "You play {seat}; {others} goes back to its agent", "You play {seat}; {others} go back to their agents",
                len(others)).format(seat=g.narrator.name(me), others=g.narrator.names_list(others))
        g.catch_up()
        return g

    def catch_up(self) -> None:
        """Show everything in the log at once (after a resume) and set the scene."""
        while self.revealed < len(self.session.log):
            self._reveal(self.session.log[self.revealed], quiet=True)
        self.timer = 0.0
        st = self.shown
        if st.finished:
            self.scene = "debrief" if self.session.finished else "explanations"
        elif st.phase in (Phase.VOTING, Phase.ROLLOVER_VOTE):
            self.scene = "vote"
        elif st.phase is Phase.ROLLOVER_FAILED:  # (its explanations, before the talks go on)
            self.scene = "explanations"
        elif st.phase is Phase.UNDER_SILENCE or (
                st.phase is Phase.SILENCE_BROKEN and self.session.pending is not None
                and self.session.pending.kind == "silence"):
            self.scene = "silence"
        else:
            self.scene = "negotiation"
        self.beat = None

    # --- the session's events -----------------------------------------------------------
    def _on_event(self, ev: Event) -> None:
        if self.saver is not None:
            self.saver.push(self.session.log)

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    @property
    def queue(self) -> int:
        return len(self.session.log) - self.revealed

    @property
    def my_turn(self) -> bool:
        p = self.session.pending
        return (p is not None and self.seat is not None and p.member == self.seat
                and self.queue == 0 and self.beat is None and self._gate(None) is None)

    @property
    def turn_kind(self) -> str | None:
        return self.session.pending.kind if self.my_turn else None

    @property
    def finished(self) -> bool:
        return self.session.finished and self.queue == 0

    @property
    def display_t(self) -> float:
        """The clock on screen, running from the event being read to the next one."""
        t = float(self.shown.t)
        if self.timer > 0 and self.pace_total > 0 and self.revealed < len(self.session.log):
            nxt = self.session.log[self.revealed].t
            frac = 1.0 - self.timer / self.pace_total
            t += (nxt - t) * max(0.0, min(1.0, frac))
        elif self.beat == "silence_over" and self.shown.silence is not None:
            t = max(t, float(self.shown.silence.deadline))
        return t

    def pace(self, ev: Event) -> float:
        if self.seat is not None and ev.actor == self.seat:
            return OWN_PACE
        base = PACE.get(ev.kind, 1.5)
        if ev.kind == "break_silence":
            base += min(4.0, len(self.narrator.letter(ev)) / 90.0) if not ev.data.get("with") else -1.5
        elif ev.kind == "explain_vote":
            base = 2.5 + min(9.0, len(self.narrator.explanation(ev)) / 45.0)
        elif ev.kind == "propose_amendments":
            base += 0.5 * len(ev.data.get("amendments", []))
        return base

    def _reveal(self, ev: Event, quiet: bool = False) -> None:
        apply(self.shown, ev)
        self.revealed += 1
        lines = self.narrator.lines(ev, self.shown)
        entry = {"seq": ev.seq, "t": ev.t, "kind": ev.kind, "actor": ev.actor, "lines": lines,
                 "data": ev.data, "event": ev}
        if lines:
            self.feed.append(entry)
            self.spotlight = entry
        if ev.kind == "inject":
            self.news.append(entry)
        if not quiet:
            self.timer = self.pace_total = self.pace(ev)
        # scene changes
        if ev.kind == "place_under_silence":
            self.scene = "silence"
        elif ev.kind in ("call_vote", "seek_rollover", "mandate_expires"):
            self.scene = "vote"
            self.fast = False
        elif ev.kind == "open_expert_round" and self.scene == "explanations":
            self.scene = "negotiation"  # (after a failed rollover's explanations: the talks go on)

    def _gate(self, ev: Event | None) -> str | None:
        """A beat that must be seen before `ev` (None: the log is shown to its end)."""
        sc, st = self.scene, self.shown
        if sc == "silence":
            if ev is not None:
                over = ev.kind not in SILENCE_KINDS or (
                    ev.kind in ("inject", "table_rival_draft") and st.silence is not None
                    and ev.t >= st.silence.deadline)
                if ev.kind == "silence_holds":
                    return None
                return "silence_over" if over else None
            p = self.session.pending
            if self.session.finished or (p is not None and p.kind != "silence"):
                return "silence_over"
            if st.phase is Phase.AGREED:
                return "silence_over"
        elif sc == "vote":
            # (the result of one of several drafts in blue: its explanations, then the next)
            over = st.outcome is not None or st.phase in (Phase.NEXT_DRAFT, Phase.ROLLOVER_FAILED)
            if over and (ev is not None or self.session.finished or self.session.pending is not None):
                return "vote_over"
        elif sc == "explanations" and ev is None and self.session.finished:
            return "done"
        return None

    def continue_(self) -> None:
        """The player moves on from a beat."""
        beat, self.beat = self.beat, None
        self.fast = False
        if beat is None:
            return
        if beat == "silence_over":
            self.scene = "negotiation"
        elif beat == "vote_over":
            self.scene = "explanations"
        elif beat == "done":
            self.scene = "debrief"

    def update(self, dt: float) -> None:
        """Advance the reveal by `dt` seconds of real time (call once per frame)."""
        if self.odds is not None:
            self.odds.poll()
            n = len(self.session.log)
            outcome = self.shown.outcome
            if outcome is not None:  # decided: no more simulation needed
                if not (self.odds.value or {}).get("final"):
                    self.odds.value = {"adopted": float(outcome.value == "adopted"), "final": True}
            elif n != self._odds_at and not self.session.finished and self.scene != "debrief":
                self._odds_at = n
                self.odds.request(self.header, [e.to_json() for e in self.session.log])
        if self.paused or self.scene == "debrief":
            return
        if self.beat is not None:
            if self.watching:
                self.beat_timer -= dt * self.speed
                if self.beat_timer <= 0:
                    self.continue_()
            return
        fast = self.fast or self.instant
        if self.timer > 0 and not fast:
            self.timer -= dt * self.speed
            if self.timer > 0:
                return
        self.timer = 0.0
        for _ in range(400 if fast else 1):
            if not self._advance_one():
                break

    def _advance_one(self) -> bool:
        """Reveal one event, or step the session; False when nothing more can happen now."""
        log = self.session.log
        if self.revealed < len(log):
            ev = log[self.revealed]
            beat = self._gate(ev)
            if beat:
                self._set_beat(beat)
                return False
            self._reveal(ev)
            if self.fast and self.timer > 0 and ev.kind in ("cast_vote", "declare_result"):
                self.timer = 0.0
            return True
        beat = self._gate(None)
        if beat:
            self._set_beat(beat)
            return False
        if self.session.pending is not None or self.session.finished:
            self.fast = False
            return False
        return self._step()

    def _step(self) -> bool:
        """Move the negotiation on by one turn (an agent's); False if nothing moved. A
        class's game (game.ui.remote) takes the server's events instead."""
        self.session.step()
        return True

    def _set_beat(self, beat: str) -> None:
        self.beat = beat
        self.beat_timer = BEAT_AUTO
        self.fast = False

    def skip(self) -> None:
        """Show what is waiting at once (to the next scene, beat or turn)."""
        self.fast = True
        self.timer = 0.0

    def next_now(self) -> None:
        self.timer = 0.0

    # --- facilitator -----------------------------------------------------------------------
    def toggle_pause(self) -> None:
        self.paused = not self.paused

    def faster(self) -> None:
        self.speed_index = min(len(SPEEDS) - 1, self.speed_index + 1)

    def slower(self) -> None:
        self.speed_index = max(0, self.speed_index - 1)

    def injectable(self) -> list:
        done = set(self.shown.injected) | set(self.session.state.injected)
        return [e for e in self.scenario.events if e.id not in done]

    def inject(self, event_id: str) -> bool:
        try:
            self.session.inject(event_id)
        except CommandError as exc:
            self.message = str(exc)
            return False
        self.commands.append((self.session.steps, "inject", (event_id,)))
        return True

    def save_now(self) -> Path:
        """Write the autosave now and a dated copy beside it; returns the copy's path."""
        self.session.save(self.save_path)
        stamp = dt.datetime.now().strftime("%H%M%S")
        copy = self.save_path.with_name(self.save_path.stem + f"-saved{stamp}.jsonl")
        self.session.save(copy)
        return copy

    def close(self) -> None:
        if self.saver is not None:
            self.saver.close()
        if self.odds is not None:
            self.odds.close()

    # --- the player's commands ---------------------------------------------------------------
    def do(self, name: str, *args) -> Event | None:
        """Issue one of the session's commands for the player's seat; a refusal leaves
        `message` set and changes nothing."""
        if self.seat is None:
            return None
        steps = self.session.steps
        try:
            ev = getattr(self.session, name)(self.seat, *args)
        except CommandError as exc:
            self.message = str(exc)
            return None
        self.message = None
        self.commands.append((steps, name, args))
        return ev

    def may(self, trigger: str) -> bool:
        """Whether the procedure lets the player's seat do `trigger` now (and it is its turn)."""
        return self.seat is not None and self.my_turn and self.session.may(trigger, self.seat)

    # --- views for the screens ------------------------------------------------------------------
    def stance(self, member: str) -> str:
        """The vote a member would cast on the text as it stands (what a penholder who
        knows the room expects; for a student, as its own delegation counts, with what it
        heard in private): 'yes', 'abstain' or 'no'."""
        st = self.shown
        if not st.draft:
            return "yes"
        memo = getattr(self, "_stances", None)
        if memo is None or memo[0] != st.seq:
            memo = self._stances = (st.seq, {})
        v = memo[1].get(member)
        if v is None:
            v = memo[1][member] = agents.forecast_ballot(st, st.council.index[member], st.draft,
                                                         view=self.view).value
        return v

    @property
    def view(self) -> int | None:
        """Whose count the screens show: the student's delegation's (None: the room's, for a
        facilitator or a spectator)."""
        st = self.shown
        return None if self.seat is None else st.council.index.get(self.seat)

    def phase_text(self) -> str:
        return phase_text(self.shown, self.narrator, self.display_t)

    def phase_texts(self) -> list[str]:
        return phase_texts(self.shown, self.narrator, self.display_t)

    def current_breakers(self) -> list[str]:
        sil = self.shown.silence
        return sil.breakers if sil is not None else []

    def ever_broke(self) -> set[str]:
        return {m for s in self.shown.silences for m in s.breakers}


def rerun(header: dict, commands: list[tuple[int, str, tuple]]) -> Session:
    """A bare Session re-driven by the commands a player made through the screens (each
    issued at the turn it was made): what the tests compare the game's log with."""
    scenario, data = scenario_of(header)
    outside = header.get("outside") or []
    s = Session(scenario, seed_from_json(header["seed"]), outside=outside, scenario_data=data)
    seat = outside[0] if outside else None
    queue = list(commands)
    while True:
        while queue and queue[0][0] == s.steps:
            if queue[0][1] != "inject" and s.pending is None and not s.finished:
                break  # (a command of a turn not counted in steps: `before_vote`)
            _, name, args = queue.pop(0)
            if name == "inject":
                s.inject(*args)
            else:
                getattr(s, name)(seat, *args)
        if s.finished or (s.pending is not None and not queue):
            return s
        if s.pending is not None and s.pending.kind == "before_vote" and not (
                queue and queue[0][0] == s.steps and queue[0][1] != "inject"):
            s.end_turn(seat)  # (nothing recorded for that moment: it let the vote come)
            continue
        if s.pending is not None:
            raise CommandError(f"no recorded command for {s.pending} at step {s.steps}")
        s.step()
