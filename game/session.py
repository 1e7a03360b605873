"""The Session: one negotiation, its clock, its one random generator and its event log.

A session runs the Council's procedure turn by turn. At each turn a member must act (table
amendments, settle them as penholder, break silence or not, vote, explain its vote). A seat
played by an agent acts at once through the same commands a student uses; a seat played
from outside (``outside={"FRA"}``) makes the session stop and wait: `pending` says who must
act and how, the caller issues commands (`propose_amendments`, `cast_vote`, ...), and
`end_turn` (or the penholder's choice of next step) lets the session go on.

    s = Session(scenario, seed=1)
    s.run()                 # AI-only: to the end
    s.log                   # the events

Every state change is an `Event` appended to `log` and applied to `state` through
`game.state.apply`; nothing else changes the state, so `replay` rebuilds it from a log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import cython
import numpy as np

from game import __version__, agents, rules
from game import dice as streams
from game.council import Council
from game.events import LOG_FORMAT, LOG_VERSION, Event, save_log
from game.procedure import Phase, Procedure, ProcedureError
from game.rules import DESK, LAST_DAY_VOTE, OFFICE_CLOSES, OFFICE_OPENS, Ballot
from game.schema import Scenario
from game.state import State, apply

if cython.compiled:  # (compiled by setup.py, game/compiled.py: typed State and Council, game/*.pxd)
    from cython.cimports.game import (
        agents,  # (its decisions C calls: game/agents.pxd)
        rules,  # (the calendar rules C calls: game/rules.pxd)
    )
    from cython.cimports.game.council import Council
    from cython.cimports.game.events import Event
    from cython.cimports.game.state import State, apply

# --- the calendar's rules (times in minutes from 00:00 on the zero-draft day) ----------
HOUR = 60
DAY = 24 * HOUR
# office hours, weekends and their urgency: game.rules (OFFICE_OPENS, DESK, WEEKEND ...)
# the minutes the calendar's arithmetic below reads at every event and every time it sets, as
# C longs when compiled (not module look-ups and conversions): DAY and rules' office hours
_DAY = cython.declare(cython.long, DAY)
_DESK = cython.declare(cython.long, DESK)
_OPENS = cython.declare(cython.long, OFFICE_OPENS)
_CLOSES = cython.declare(cython.long, OFFICE_CLOSES)
ZERO_DRAFT_AT = 10 * HOUR  # the zero draft goes out at 10:00 on its day ...
READ_THROUGH_AT = 15 * HOUR  # ... and the experts read it through at 15:00
EXPLANATIONS_AFTER = 30  # minutes between the result and the first explanation of vote
STEP = HOUR  # what a procedural step takes (a letter sent, a text placed)
SHORTEST_ROUND = 3 * HOUR  # an expert round squeezed by the calendar takes at least this
BILATERAL_TALK = 30  # minutes between two of the penholder's bilaterals


class CommandError(ProcedureError):
    """A command refused: not this member's turn, not allowed now, or malformed."""


@dataclass(frozen=True, slots=True)
class Turn:
    """Who must act now, and what kind of decision is awaited.

    kind: 'amend' (table amendments, lobby, then end_turn); 'bilateral' (a member that broke
    silence meets the penholder: `bilateral_talk`, or end_turn to say nothing); 'revise' (penholder: settle
    amendments, circulate a revision, then choose the next step); 'co_revision' and
    'co_step' (a co-penholder: agree to the penholder's proposed revision or next step, or
    object: `co_pen_revision`, `co_pen_step`); 'silence' (break silence or end_turn to keep
    it); 'before_vote' (a member other than a pen holder, once the penholder's text is in
    blue and before the vote: `table_rival_draft`, or end_turn to let the vote come, which
    records nothing and is not counted in `Session.steps`); 'vote'; 'explain'
    (explain_vote or end_turn).
    """

    kind: str
    member: str


_TURNS: dict[tuple[str, str], Turn] = {}


@cython.cfunc
@cython.locals(turns=dict)
def _turn(kind: str, member: str) -> Turn:
    """The (immutable, shared) Turn for this kind and member: a frozen dataclass costs
    about a microsecond to build, and a negotiation yields some sixty turns. (A C function
    when compiled, the table a typed dict.)"""
    turns = _TURNS
    turn = turns.get((kind, member))
    if turn is None:
        turn = turns[(kind, member)] = Turn(kind, member)
    return turn


def make_seed_sequence(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    return np.random.SeedSequence(int(seed))


def seed_to_json(ss: np.random.SeedSequence) -> dict:
    return {"entropy": int(ss.entropy), "spawn_key": [int(k) for k in ss.spawn_key]}


def seed_from_json(obj) -> np.random.SeedSequence:
    if isinstance(obj, int):
        return np.random.SeedSequence(obj)
    return np.random.SeedSequence(int(obj["entropy"]), spawn_key=tuple(obj.get("spawn_key", ())))


class Session:
    def __init__(
        self,
        scenario: Scenario,
        seed: int | np.random.SeedSequence = 0,
        outside: Iterable[str] = (),
        procedure: Procedure | None = None,
        council: Council | None = None,
        scenario_data: dict | None = None,
    ):
        self.scenario = scenario
        self._seed(seed)
        self.outside = frozenset(outside)
        unknown = self.outside - set(scenario.members)
        if unknown:
            raise ValueError(f"not members of this Council: {', '.join(sorted(unknown))}")
        self.state = State(scenario, council=council, procedure=procedure)
        self.log: list[Event] = []
        self.listeners: list[Callable[[Event], None]] = []
        self.pending: Turn | None = None
        self._scenario_data = scenario_data
        self._now = 0
        self._first_weekday = scenario.calendar.zero_draft.weekday()
        # whether day k after the zero draft falls on a weekend (rules.is_weekend), by k % 7:
        # read at every event (`_record`) and every time set in office hours (`_off_weekend`)
        self._weekend_day = tuple(rules.is_weekend((self._first_weekday + k) % 7) for k in range(7))
        self._weekend_unstated = True  # no event yet at an urgent weekend (`_record`)
        # what a silence placed now needs before the expiry (rules.silence_need_minutes): the
        # calendar's, fixed for the session, read by `_urgent` at every weekend time it sets
        self._silence_need = rules.silence_need_minutes(scenario.calendar)
        self.steps = 0  # turns taken so far (facilitator injects record it, to replay in place)
        c = self.state.council
        self.penholder = scenario.penholder
        # members holding the pen with the penholder (the lead): each must agree to every
        # revision and next step (`co_pen_revision`, `co_pen_step`)
        self.co_penholders = tuple(scenario.co_penholders)
        self.pens = frozenset((self.penholder, *self.co_penholders))
        if self.co_penholders and self.penholder in self.outside and self.outside & set(self.co_penholders):
            raise ValueError("the penholder and a co-penholder cannot both be played from outside")
        # the lead's proposal awaiting its co-penholders (an agent lead, an outside
        # co-penholder): {paragraph: variant}; the next step proposed, and the steps asked
        # for so far
        self.proposal: dict[int, int] | None = None
        self.proposed_step: str | None = None
        self._step_asks: list[str] = []
        self._agreed_step: str | None = None
        # spokespersons table first so their groups can back them
        speakers = {c.ids[k] for k in range(len(c.ids)) if c.spokesperson[k] == k}
        self.turn_order = [m for m in c.ids if m in speakers] + [m for m in c.ids if m not in speakers]
        self._timed = sorted(
            ((self._minutes(e.date, 9), e.id) for e in scenario.events if e.date is not None),
            key=lambda x: x[0],
        )
        self._flow = self._negotiation()

    @property
    def _seated(self) -> frozenset | None:
        """The seats played from outside when the session began, once `take_seat` has
        changed them (the header's: a replay starts from them), else None."""
        return getattr(self, "first_outside", None)  # (set by `take_seat`, in the instance's __dict__)

    # --- header and saving --------------------------------------------------------
    def header(self) -> dict:
        from game.scenario import scenario_hash, scenario_to_data

        data = self._scenario_data or scenario_to_data(self.scenario)
        return {
            "format": LOG_FORMAT,
            "version": LOG_VERSION,
            "package": __version__,
            "seed": seed_to_json(self.seed_sequence),
            "outside": sorted(self.outside if self._seated is None else self._seated),
            "scenario_hash": scenario_hash(data),
            "scenario": data,
        }

    def save(self, path) -> None:
        """Write the log atomically (JSON Lines with its header)."""
        save_log(path, self.header(), self.log)

    # --- time ---------------------------------------------------------------------
    def _minutes(self, day: dt.date, hour: int = 0) -> int:
        return (day - self.scenario.calendar.zero_draft).days * DAY + hour * HOUR

    def _day(self, t: int) -> dt.date:
        return self.scenario.calendar.zero_draft + dt.timedelta(days=t // DAY)

    @cython.locals(t=cython.long, day=cython.long, first=cython.long)
    def _weekday(self, t: int) -> int:
        """``_day(t).weekday()`` (Monday 0), by arithmetic."""
        day, first = _DAY, self._first_weekday  # (C longs when compiled: session.pxd)
        return (first + t // day) % 7

    @cython.locals(t=cython.long, monday=cython.long, day=cython.long, desk=cython.long, st=State)
    def _urgent(self, t: int) -> bool:
        """On a Saturday or Sunday: whether the calendar is urgent, so that the weekend is
        worked (rules.weekend_is_urgent: less time from DESK on the Monday after to the
        expiry than a silence needs, `_silence_need`)."""
        st, day, desk = self.state, _DAY, _DESK
        monday = self._day_start(t) + (7 - self._weekday(t)) * day + desk
        return st.expiry_t - monday < self._silence_need

    @cython.locals(t=cython.long, day=cython.long, desk=cython.long, weekend=tuple)
    def _off_weekend(self, t: int) -> int:
        """t, or DESK on the Monday after if t falls on a weekend that is not urgent."""
        day, desk, weekend = _DAY, _DESK, self._weekend_day
        while weekend[t // day % 7] and not self._urgent(t):
            t = self._day_start(t) + day + desk
        return t

    @cython.locals(t=cython.long, n=cython.long, minute=cython.long, day=cython.long, desk=cython.long)
    def _hours(self, t: int) -> int:
        """The next time in office hours (OFFICE_OPENS-OFFICE_CLOSES), any day of the week;
        out of hours, DESK the next day."""
        day, desk = _DAY, _DESK
        n, minute = t // day, t % day  # (divmod)
        if minute < _OPENS:
            return n * day + desk
        if minute > _CLOSES:
            return (n + 1) * day + desk
        return t

    @cython.locals(t=cython.long)
    def _office(self, t: int) -> int:
        """The next time the penholder and the experts work on the text: office hours on a
        working day (a weekend too once the calendar is urgent): comments, revisions, a text
        put under silence or in blue, a silence's deadline, a letter breaking it (a silence
        set on a Friday runs over the weekend and ends on the Monday)."""
        return self._off_weekend(self._hours(t))

    @cython.locals(t=cython.long, day=cython.long)
    def _day_start(self, t: int) -> int:
        day = _DAY
        return t - t % day

    @cython.locals(t=cython.long, n=cython.long, d=cython.long, day=cython.long, first=cython.long)
    def _working_days_later(self, t: int, n: int) -> int:
        """DESK on the n-th working day (Mon-Fri) after t (`d`: days since the zero draft,
        its weekday as `_weekday` reckons it)."""
        day, first = _DAY, self._first_weekday  # (C longs when compiled: session.pxd)
        d = t // day
        while n > 0:
            d += 1
            if (first + d) % 7 < 5:
                n -= 1
        return d * day + _DESK

    @cython.locals(st=State)
    def _vote_time(self, blue_t: int) -> int:
        """When the Council votes on a text in blue: blue_to_vote_hours later, in office
        hours, on a weekday unless the mandate expires first; at the latest, LAST_DAY_VOTE
        on its last day."""
        st, cal = self.state, self.scenario.calendar
        t = self._office(max(self._now, blue_t + cal.blue_to_vote_hours * HOUR))
        while self._weekday(t) >= 5:  # the Council votes on a weekday ...
            next_day = self._day_start(t) + DAY + DESK
            if next_day > st.expiry_t:
                break  # ... unless the mandate expires first
            t = next_day
        if t > st.expiry_t:  # too late: the vote is held on the last day
            t = max(st.t, self._day_start(st.expiry_t) + LAST_DAY_VOTE)
        return t

    # --- events -------------------------------------------------------------------
    @cython.locals(st=State)
    def _record(self, kind: str, actor: str | None, data: dict) -> Event:
        """Record an event of this kind, with this data, now: at the session's time (never
        before the last event's), after the dated injects due by then; the first work at an
        urgent weekend says so. (Compiled, a C call: the session's steps record their events
        through it, the data a dict: keyword arguments collected into one cost more.)"""
        st = self.state
        t = self._now if self._now > st.t else st.t  # max(), without the builtin call
        if self._timed and self._timed[0][0] <= t:  # (most events: no inject due)
            self._fire_due(t)
        if self._weekend_unstated and self._weekend_day[t // DAY % 7] and self._urgent(t):
            # the first work at a weekend (the calendar is urgent) says so, once (issue 8 §4)
            self._weekend_unstated = False
            data["works_weekend"] = {"expiry": self._day(st.expiry_t).isoformat()}
        return self._append(kind, actor, t, data)

    @cython.locals(st=State, ev=Event)
    def _append(self, kind: str, actor: str | None, t: int, data: dict) -> Event:
        """The event at time t: applied to the state (the only way it changes), kept in the
        log, shown to the listeners. (Compiled, a C call.)"""
        st = self.state
        ev = Event(st.seq + 1, t, kind, actor, data)
        apply(st, ev)
        self.log.append(ev)
        if self.listeners:
            for listener in self.listeners:
                listener(ev)
        return ev

    # --- running ------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.pending is None and self._flow is None

    def step(self) -> Turn | None:
        """Run one turn (an agent's, or stop at an outside seat's). Returns the turn
        awaiting an outside decision, if any."""
        if self.pending is not None or self._flow is None:
            return self.pending
        try:
            turn = next(self._flow)
        except StopIteration:
            self._flow = None
            return None
        if turn.kind != "before_vote":  # (an optional moment: a passive seat's steps unchanged)
            self.steps += 1
        if turn.member in self.outside:
            self.pending = turn
            return turn
        self._agent_turn(turn)
        return None

    def advance(self) -> Turn | None:
        """Run until an outside seat must act (returned) or the negotiation ends (None)."""
        if not self.outside and self.pending is None and self._flow is not None:
            # every seat is an agent's: `step`'s loop without its checks
            for turn in self._flow:
                self.steps += 1
                self._agent_turn(turn)
            self._flow = None
            return None
        while self._flow is not None and self.pending is None:
            self.step()
        return self.pending

    def run(self) -> Session:
        """Run an AI-only negotiation to the end."""
        if self.advance() is not None:
            raise CommandError(f"waiting for {self.pending.member} ({self.pending.kind})")
        return self

    def _seed(self, seed: int | np.random.SeedSequence) -> None:
        """The session's random draws from `seed`: its seed sequence, its generator, and each
        decision's own draws (game.dice: a student's extra action shifts no agent's;
        `self.dice.named(what, (who, ...))`, named by what is decided and when; the key
        `Dice.from_seed_sequence` gives, read from the generator's state)."""
        self.seed_sequence = make_seed_sequence(seed)
        bits = np.random.PCG64(self.seed_sequence)
        self.rng = np.random.Generator(bits)
        self.dice = streams.Dice.from_generator(bits)

    def hand_over_to_agents(self, seed: int | np.random.SeedSequence) -> Session:
        """From now on every seat is played by its agent, with a fresh random generator:
        what live odds and "what if" continuations of a saved session use. (The log made
        after this point is a simulation, not a record of the class.)"""
        self._seed(seed)
        self.outside = frozenset()
        turn, self.pending = self.pending, None
        if turn is not None:
            self._agent_turn(turn)
        return self

    # --- the negotiation, turn by turn -------------------------------------------------
    def _expired(self) -> bool:
        return self._now > self.state.expiry_t and self.state.phase in _BEFORE_BLUE

    def _draw_instructions(self) -> dict:
        """What each capital has told its delegation: its unity and failure shifts
        (`private_sd`), and its view of each text of each paragraph beyond its public
        position (`instruction_sd`; left out when 0). Rounded as the log keeps them."""
        c = self.state.council
        prm, n = c.params, len(c.ids)
        out = {"private": self.rng.normal(0.0, prm.private_sd, (n, 2)).round(4).tolist()}
        widths = [len(row) for row in c.no_taste[0]]
        if prm.instruction_sd > 0.0 and widths:
            wide = max(widths)
            draws = self.rng.normal(0.0, prm.instruction_sd, (n, len(widths), wide)).round(4).tolist()
            # each paragraph's row cut to its number of variants (as drawn where it has `wide`)
            out["taste"] = draws if min(widths) == wide else [
                [row[:w] for row, w in zip(member, widths, strict=True)] for member in draws]
        return out

    @cython.locals(st=State)
    def _negotiation(self):
        st, sc, cal = self.state, self.scenario, self.scenario.calendar
        pen = self.penholder
        # what each capital has told its delegation (the others do not know): drawn once,
        # recorded, so that a replay never re-rolls it (game.model.beliefs)
        self._record("instructions", None, self._draw_instructions())
        self._now = self._off_weekend(ZERO_DRAFT_AT)  # (a zero-draft day at a weekend: Monday)
        self._record("circulate_zero_draft", pen, {"draft": dict(sc.zero_draft), "revision": 0})
        self._now = self._day_start(self._now) + READ_THROUGH_AT
        self._record("hold_read_through", None, {})
        self._record("open_expert_round", pen, {"round": 1})
        round_start = self._now
        explained = 0  # votes already explained (a failed rollover's, with days to go)
        while not st.finished:
            if self._expired():
                self._now = st.expiry_t
                self._record("mandate_expires", None, {})
                break
            phase = st.phase
            if phase is Phase.EXPERT_ROUND:
                # round_days working days, or less: a round must leave time for the text to
                # go to blue and to the vote before the mandate expires
                end = self._working_days_later(round_start, cal.round_days)
                latest = st.expiry_t - rules.vote_need_minutes(cal) - 3 * HOUR
                end = max(min(end, latest), round_start + SHORTEST_ROUND)
                order = [m for m in self.turn_order if m not in self.pens]
                span, parts = end - round_start, len(order) + 2  # (hoisted out of the loop)
                for k, m in enumerate(order):
                    # written comments arrive through the round, in office hours
                    self._now = self._office(round_start + span * (k + 1) // parts)
                    yield _turn("amend", m)
                self._now = self._off_weekend(end)  # the penholder revises on a working day
                if self._expired():
                    continue
                yield from self._revise()
                round_start = self._now
            elif phase is Phase.UNDER_SILENCE:
                sil = st.silence
                self._now = sil.placed + STEP
                letter = agents.decide_host_letter(st)
                if letter is not None:  # the host writes to the Council on the text
                    self._record("host_letter", sc.host.id, {**letter})
                for m in self.turn_order:
                    if m in self.outside and m not in self.pens:
                        yield _turn("silence", m)
                self._agents_under_silence()
                self._now = sil.deadline
                if self._expired():
                    continue
                if st.phase is Phase.UNDER_SILENCE:
                    self._record("silence_holds", None, {})
            elif phase in (Phase.SILENCE_BROKEN, Phase.BILATERALS, Phase.AGREED):
                self._now = self._office(self._now + STEP)
                if phase is Phase.SILENCE_BROKEN:  # the text is near final: a rival now?
                    self._agents_consider_rivals()
                if phase is Phase.BILATERALS:  # the penholder meets the objectors first
                    yield from self._bilaterals()
                yield from self._revise()
                if st.phase is Phase.EXPERT_ROUND:
                    round_start = self._now
            elif phase in (Phase.IN_BLUE, Phase.ROLLOVER_IN_BLUE, Phase.NEXT_DRAFT):
                if phase is Phase.IN_BLUE:  # the text is final: a rival before the vote?
                    self._agents_consider_rivals()
                    # a member played from outside gets the same moment (`before_vote`: table
                    # a rival, or let the vote come; letting it come records nothing)
                    for m in self.turn_order:
                        if m in self.outside and self._may_rival(m):
                            yield _turn("before_vote", m)
                if phase is Phase.NEXT_DRAFT:  # the next draft in blue (rule 32)
                    self._now += EXPLANATIONS_AFTER
                else:
                    self._now = self._vote_time(st.blue_t)
                self._record("call_vote", None, self._vote_data())
                for m in self.state.council.ids:  # the Council votes in seating order
                    yield _turn("vote", m)
                from game.rules import count_ballots

                self._record("declare_result", None, {"tally": str(count_ballots(st.ballots)),
                                                      **self._result_data()})
                if st.phase is Phase.NEXT_DRAFT:  # explanations of this vote, then the next
                    yield from self._explanations()
            elif phase is Phase.ROLLOVER_FAILED:
                # a rollover that fails with days to go is explained like any vote, and the
                # host speaks after the members; then the talks go on (a new expert round)
                yield from self._explanations()
                self._record("explain_vote", sc.host.id, {"host": True, "on": "rollover",
                                                          "result": st.votes[-1].result.value})
                explained = len(st.votes)
                self._now = self._office(self._now + STEP)
                self._record("open_expert_round", pen, {"round": st.round + 1})
                round_start = self._now
        # after any vote (a text, a rollover, adopted or not) not explained yet: a mandate
        # that expires after a failed rollover's explanations has no vote left to explain
        if st.tally is not None and len(st.votes) > explained:
            yield from self._explanations()
            # the host country takes the floor after the members (rule 37); what it says
            # is the scenario's phrasing after an adoption (plausible, not a record)
            self._record("explain_vote", sc.host.id, {"host": True, "outcome": st.outcome.value})

    def _explanations(self):
        """Delegations explain their votes, after each vote."""
        self._now += EXPLANATIONS_AFTER
        for m in self.turn_order:
            yield _turn("explain", m)

    @cython.locals(st=State)
    def _vote_data(self) -> dict:
        """What the President puts to the vote, when more than the penholder's text is in
        blue (rival drafts): nothing is added to a meeting with one text."""
        st = self.state
        if not st.rivals or not st.queue:
            return {}
        on, k = st.queue[0]
        sponsor = st.rivals[k - 1].sponsor if k else self.penholder
        data = {"on": on, "sponsor": sponsor}
        if k:
            data["rival"] = k
        return data

    @cython.locals(st=State)
    def _result_data(self) -> dict:
        st = self.state
        if not st.rivals:
            return {}
        k = st.rival_on
        data = {"on": "rival" if k else ("rollover" if st.vote_on == "rollover" else "text"),
                "result": rules.vote_outcome(st.ballots, st.council.permanent_ids).value}
        if k:
            data["rival"] = k
        return data

    # --- agents ---------------------------------------------------------------------
    @cython.locals(st=State)
    def _occasion(self) -> tuple[int, int, int]:
        """Where the negotiation stands, as stream names use it."""
        st = self.state
        return st.round, len(st.silences), len(st.drafts)

    @cython.locals(st=State)
    def _agent_turn(self, turn: Turn) -> None:
        st, c = self.state, self.state.council
        m = turn.member
        j = c.index[m]
        kind = turn.kind
        if kind == "amend":
            backs = agents.decide_cosponsorship(st, j)
            proposals = agents.decide_amendments(st, j, self.dice.named(streams.AMEND, (j, st.round)))
            if backs or self._asks_anew(m, proposals):
                self._check("propose_amendments", m)
                self._propose(m, proposals, backs)
            for target, i, v in agents.decide_lobbying(st, j, proposals):
                ev = self._lobby(m, target, i, v)
                package = ev.data["reasons"][0].get("package")
                if ev.data["answer"] == "yes_if" and agents.accept_package(st, j, package):
                    self._deal(m, c.ids[target], ev)
        elif kind == "vote":
            ballot, reasons = agents.decide_vote(st, j)
            self._check("cast_vote", m)
            self._cast(m, _BALLOT_VALUE[ballot], reasons)
        elif kind == "revise":
            self._agent_penholder()
        elif kind == "co_revision":
            self._agent_co_revision(m)
        elif kind == "co_step":
            self._agent_co_step(m)
        elif kind == "explain":
            data = agents.decide_explanation(st, j, self.dice.named(streams.EXPLAIN, (j, st.seq)))
            if data is not None:
                self._explain(m, data)
        elif kind == "bilateral":
            self._agent_bilateral(m)
        elif kind == "before_vote":  # (a seat handed over to its agent at that moment)
            self._agent_consider_rival(m)
        elif kind == "silence":  # pragma: no cover - agents decide in bulk
            raise AssertionError("agents decide silence in _agents_under_silence")

    @cython.locals(st=State)
    def _agent_settlement(self) -> list[dict]:
        """The penholder agent's answers to the pending amendments, as decisions."""
        st, c = self.state, self.state.council
        settlement = agents.decide_settlement(st, agents.accommodation(st))
        return [
            {"amendment": aid, "variant": c.issues[st.amendments[aid - 1].issue].variant_ids[v],
             "decision": decision, "reasons": [reason]}
            for aid, v, decision, reason in settlement
        ]

    @cython.locals(st=State)
    def _agent_penholder(self) -> None:
        st = self.state
        pen = self.penholder
        settlement = self._agent_settlement()
        if settlement:
            self._decide(pen, settlement)
        if st.working != st.draft:
            self.circulate_revision(pen)
        step = agents.decide_next_step(st, self.dice.named(streams.NEXT_STEP, self._occasion()))
        if st.rivals and agents.rival_in_blue(st):  # go to blue anyway? (game.model.rivals)
            step = agents.answer_rival(st, step)
        if step == "hold_bilaterals":
            self.hold_bilaterals(pen)
            return
        getattr(self, step)(pen)

    def _agents_consider_rivals(self) -> None:
        """Members played by agents decide, in turn order, whether to table a rival draft
        against the penholder's text (game.model.rivals); each tables at most one."""
        sponsors = [r.sponsor for r in self.state.rivals]
        for m in self.turn_order:
            if m in self.pens or m in self.outside or m in sponsors:
                continue
            self._agent_consider_rival(m)

    @cython.locals(st=State)
    def _agent_consider_rival(self, m: str) -> None:
        """Member m's agent decides whether to table a rival draft now."""
        st, c = self.state, self.state.council
        j = c.index[m]
        if not agents.expects_to_oppose(st, j, st.draft)[0]:
            return  # (a rival comes only from a member that would vote the text down)
        decided = agents.decide_rival(st, j)
        if decided is not None:
            text, reason = decided
            self._now = self._office(max(self._now, st.t) + STEP)
            self._check("table_rival_draft", m)
            self._table_rival(m, text, [reason])

    def _may_rival(self, m: str) -> bool:
        """m may table a rival draft (not a pen holder, none tabled yet)."""
        return rules.may_table_rival(m, self.penholder, [r.sponsor for r in self.state.rivals],
                                     self.co_penholders) is None

    @cython.locals(st=State)
    def _table_rival(self, actor: str, text: list[int], reasons: list, letter: str | None = None) -> Event:
        st, c = self.state, self.state.council
        j = c.index[actor]
        data = {"number": len(st.rivals) + 1, "draft": st.draft_ids(text), "reasons": reasons,
                # what the room reads into it: the sponsor will not vote for the penholder's
                # text (as a threat to vote it down: game.model.beliefs.threat_inference)
                "inferred": agents.threat_inference(st, j, "veto" if c.permanent[j] else "no")}
        if letter:
            data["letter"] = letter
        return self._record("table_rival_draft", actor, data)

    @cython.locals(st=State)
    def table_rival_draft(self, actor: str, draft: dict[str, str], letter: str | None = None) -> Event:
        """Table a rival draft and put it in blue: a full text, {issue: variant} for every
        paragraph. A member other than the penholder may, once in a negotiation, before the
        vote (talks, silence, or while the penholder's text is in blue); the drafts in blue
        are voted in the order of their submission (provisional rule 32)."""
        self._check("table_rival_draft", actor)
        st, c = self.state, self.state.council
        why = rules.may_table_rival(actor, self.penholder, [r.sponsor for r in st.rivals],
                                   self.co_penholders)
        if why:
            raise CommandError(why)
        missing = [info.id for info in c.issues if info.id not in draft]
        if missing:
            raise CommandError(f"a rival draft gives a text for every paragraph; missing: {', '.join(missing)}")
        extra = [k for k in draft if k not in c.issue_index]
        if extra:
            raise CommandError(f"no issue {extra[0]!r}; issues: {', '.join(c.issue_index)}")
        text = [self._issue_variant(info.id, draft[info.id])[1] for info in c.issues]
        if text == list(st.draft):
            raise CommandError("a rival draft must differ from the penholder's text")
        return self._table_rival(actor, text, [], letter)

    # --- co-penholders -------------------------------------------------------------------
    @cython.locals(st=State)
    def _revise(self):
        """The penholder's turn to revise and choose the next step. With co-penholders and
        an agent lead, the lead proposes and each co-penholder, in the scenario's order,
        agrees or objects (`co_revision`, `co_step` turns): objections to a revision revert
        paragraphs (or meet them halfway) before it is circulated; on the next step the
        most cautious step asked for wins (`rules.most_cautious_step`). A lead played from
        outside consults its agent co-penholders inside its commands."""
        pen = self.penholder
        if not self.co_penholders or pen in self.outside:
            yield _turn("revise", pen)
            return
        st = self.state
        settlement = self._agent_settlement()
        if settlement:
            self.proposal = self._proposal_of(settlement)
            for co in self.co_penholders:
                if self.proposal:  # (nothing left to agree to once objections undid it all)
                    yield _turn("co_revision", co)
            settlement = self._agreed_decisions(settlement, self.proposal)
            self.proposal = None
            self._decide(pen, settlement)
        if st.working != st.draft:
            self.circulate_revision(pen)
        step = agents.decide_next_step(st, self.dice.named(streams.NEXT_STEP, self._occasion()))
        self.proposed_step, self._step_asks = step, [step]
        for co in self.co_penholders:
            yield _turn("co_step", co)
        step = rules.most_cautious_step(self._step_asks)
        self.proposed_step, self._step_asks = None, []
        getattr(self, step)(pen)

    @cython.locals(st=State)
    def _proposal_of(self, decisions: list[dict]) -> dict[int, int]:
        """{paragraph: variant} for the paragraphs `decisions` change from the working text."""
        st, c = self.state, self.state.council
        out = {}
        for d in decisions:
            i = st.amendments[d["amendment"] - 1].issue
            v = c.variant_index[i][d["variant"]]
            if v != st.working[i]:
                out[i] = v
        return out

    @cython.locals(st=State)
    def _agreed_decisions(self, decisions: list[dict], agreed: dict[int, int]) -> list[dict]:
        """The lead's decisions, as its co-penholders have left the text (`agreed`): each
        amendment on a paragraph they reverted or met halfway is settled on that text, its
        decision said again (accepted, partly, rejected), the lead's own choice kept
        (`proposed`), the objectors named in its reasons, and a concession taken back
        judged on the text that stands."""
        st, c = self.state, self.state.council
        objectors: dict[int, list[str]] = {}
        for ev in reversed(self.log):
            if ev.kind in ("end_turn", "inject"):
                continue
            if ev.kind != "co_pen_revision":
                break
            for o in ev.data.get("objections", []):
                objectors.setdefault(c.issue_index[o["issue"]], []).insert(0, ev.actor)
        out, seen = [], set()
        for d in decisions:
            a = st.amendments[d["amendment"] - 1]
            i = a.issue
            if i not in objectors:
                out.append(d)
                continue
            v = agreed.get(i, st.working[i])
            cur = st.working[i]
            decision = ("accepted" if v == a.variant else
                        "partly" if v != cur and (a.variant - cur) * (v - cur) > 0 else "rejected")
            reason = {k: x for k, x in (d.get("reasons") or [{}])[0].items() if k != "reverses"}
            reason["co_penholders_object"] = objectors[i]
            if i not in seen:
                seen.add(i)
                broken = agents.promises_broken(st, i, v)
                if broken:
                    reason["reverses"] = broken
            out.append({"amendment": d["amendment"], "variant": c.issues[i].variant_ids[v],
                        "decision": decision, "reasons": [reason], "proposed": d["variant"]})
        return out

    @cython.locals(st=State)
    def _co_revision(self, actor: str, objections) -> Event:
        """Record a co-penholder's answer to the proposal and apply its objections to it."""
        st, c = self.state, self.state.council
        data = {"revision": st.revision + 1,
                "proposed": {c.issues[i].id: c.issues[i].variant_ids[v] for i, v in sorted(self.proposal.items())},
                "agrees": not objections}
        if objections:
            data["objections"] = [
                {"issue": c.issues[i].id, "variant": c.issues[i].variant_ids[v],
                 "instead": c.issues[i].variant_ids[x],
                 "outcome": "reverts" if x == st.working[i] else "halfway", "reasons": [reason]}
                for i, v, x, reason in objections]
        ev = self._record("co_pen_revision", actor, data)
        for i, _v, x, _r in objections:
            if x == st.working[i]:
                del self.proposal[i]
            else:
                self.proposal[i] = x
        return ev

    def _agent_co_revision(self, co: str) -> Event:
        self._check("co_pen_revision", co)
        k = self.state.council.index[co]
        return self._co_revision(co, agents.review_revision(self.state, k, self.proposal))

    def _co_step(self, actor: str, asks: str, reason: dict | None) -> Event:
        proposed = self.proposed_step
        data = {"proposed": proposed, "agrees": asks == proposed}
        if asks != proposed:
            data["prefers"] = asks
        if reason:
            data["reasons"] = [reason]
        self._step_asks.append(asks)
        return self._record("co_pen_step", actor, data)

    def _agent_co_step(self, co: str) -> Event:
        self._check("co_pen_step", co)
        asks, reason = agents.review_next_step(self.state, self.state.council.index[co], self.proposed_step)
        return self._co_step(co, asks, reason)

    def _consult_on_step(self, trigger: str, actor: str) -> str | None:
        """A lead played from outside chose `trigger`: its agent co-penholders agree or ask
        for a more cautious step. Returns the step to take instead, if any."""
        if not self.co_penholders or actor != self.penholder or actor not in self.outside:
            return None
        if self._agreed_step == trigger:  # (the step agreed, being taken)
            self._agreed_step = None
            return None
        self._check(trigger, actor)
        self.proposed_step, self._step_asks = trigger, [trigger]
        for co in self.co_penholders:
            self._agent_co_step(co)
        step = rules.most_cautious_step(self._step_asks)
        self.proposed_step, self._step_asks = None, []
        if step == trigger:
            return None
        self._agreed_step = step
        return step

    @cython.locals(st=State)
    def co_pen_revision(self, actor: str, objections: dict[str, str | None] | None = None) -> Event:
        """A co-penholder's answer to the lead's proposed revision (`proposal`): agree (no
        objections), or object to paragraphs of it, {issue: None (back to the circulated
        text) or a variant between that text and the one proposed (meet it halfway)}."""
        self._check("co_pen_revision", actor)
        p = self.pending
        if self.proposal is None or p is None or p.kind != "co_revision":
            raise CommandError("there is no revision before the co-penholders")
        st, c = self.state, self.state.council
        objs = []
        for issue, variant in (objections or {}).items():
            if issue not in c.issue_index:
                raise CommandError(f"no issue {issue!r}; issues: {', '.join(c.issue_index)}")
            i = c.issue_index[issue]
            if i not in self.proposal:
                raise CommandError(f"the revision does not change {issue}")
            v, old = self.proposal[i], st.working[i]
            x = old
            if variant is not None:
                _, x = self._issue_variant(issue, variant)
                if not (min(v, old) <= x <= max(v, old)) or x == v:
                    raise CommandError(f"{variant!r} is not between the text and the proposal on {issue}")
            objs.append((i, v, x, c.reason(c.index[actor], i, v) | {"grounds": "seat"}))
        ev = self._co_revision(actor, objs)
        self._end_outside_turn(actor)
        return ev

    def co_pen_step(self, actor: str, prefers: str | None = None) -> Event:
        """A co-penholder's answer to the lead's next step (`proposed_step`): agree (None),
        or ask for a more cautious step the procedure allows now
        (`rules.NEXT_STEPS_BY_CAUTION`)."""
        self._check("co_pen_step", actor)
        p = self.pending
        proposed = self.proposed_step
        if proposed is None or p is None or p.kind != "co_step":
            raise CommandError("there is no next step before the co-penholders")
        if prefers is not None and prefers != proposed:
            order = rules.NEXT_STEPS_BY_CAUTION
            if prefers not in order:
                raise CommandError(f"a next step is one of {', '.join(order)}, not {prefers!r}")
            if order.index(prefers) > order.index(proposed):
                raise CommandError(f"a co-penholder may ask for a more cautious step than "
                                   f"{proposed.replace('_', ' ')}, not {prefers.replace('_', ' ')}")
            why = self.state.procedure.why_not(prefers, self.penholder)
            if why:
                raise CommandError(why)
        ev = self._co_step(actor, prefers or proposed, {"grounds": "seat"} if prefers else None)
        self._end_outside_turn(actor)
        return ev

    @cython.locals(st=State, c=Council)
    def _agents_under_silence(self) -> None:
        """Agents decide whether to break silence, each at the time it would send its
        letter (in office hours), on what it knows then: news that lands during the
        silence (a dated inject) is in the decisions taken after it. Once the silence is
        broken others pile on more readily. A group that speaks jointly decides through
        its spokesperson, and its members sign the spokesperson's letter with probability
        = the group's discipline. A letter may carry a threat (game.model.silence)."""
        st = self.state
        sil = st.silence
        window = sil.deadline - sil.placed
        seats = [m for m in self.turn_order if m not in self.pens and m not in self.outside]
        units = []
        stream, number = streams.SILENCE, sil.number
        for m in seats:
            c = st.council
            j = c.index[m]
            weighed = agents.silence_objection(st, j)
            strength, tau, _objections = weighed
            draws = self.dice.named(stream, (j, number))
            u = draws.random(3)
            follows = (
                c.joint[j] and c.spokesperson[j] not in (None, j) and u[2] < c.discipline[j]
                and c.ids[c.spokesperson[j]] not in self.outside
            )
            # the more a member objects, the sooner it writes
            eager = strength / (strength + tau) if strength > 0 else 0.0
            prm = c.params  # (letter_earliest, letter_spread, letter_eagerness)
            when = sil.placed + int(window * (prm.letter_earliest + prm.letter_spread * u[0]
                                              * (1.0 - prm.letter_eagerness * eager)))
            when = min(self._office(when), sil.deadline - 1)  # letters: office hours, working days
            units.append((when, m, j, follows, weighed))
        units.sort()  # by (when, m): members are distinct, so nothing after m is compared
        leaders = {}
        council = st.council
        for when, m, j, follows, weighed in units:
            if follows:
                continue
            self._fire_due(when)  # news before this member decides
            # (its objections as weighed above, unless news has since moved the Council: under
            # silence nothing else they depend on changes)
            strength, tau, objections = weighed if st.council is council else agents.silence_objection(st, j)
            if not objections:
                continue
            felt = agents.instructed(st, j, objections, st.draft)  # (as its capital sees them)
            if agents.decide_break(st, felt[0][0], tau):
                requests = agents.silence_requests(st, j, tau, felt)
                self._now = max(self._now, min(when, sil.deadline - 1))
                self._break(m, requests, reasons_text=None, threat=agents.decide_threat(st, j), strength=strength)
                leaders[m] = requests
        for _when, m, j, follows, _weighed in units:
            if follows:
                c = st.council
                spoke = c.ids[c.spokesperson[j]]
                if spoke in leaders:
                    self._break(m, leaders[spoke], reasons_text=None, joins=spoke)

    # --- bilaterals -------------------------------------------------------------------
    def invited_to_bilaterals(self) -> list[str]:
        """Whom the penholder meets in bilaterals: the members that broke the last silence,
        in the order they broke it (not the pens)."""
        sil = self.state.silence
        if sil is None:
            return []
        return [m for m in dict.fromkeys(sil.breakers) if m not in self.pens]

    def _met_in_bilaterals(self) -> list[str]:
        """The members met (or that passed) since the penholder called these bilaterals."""
        met = []
        for ev in reversed(self.log):
            if ev.kind == "hold_bilaterals":
                break
            if ev.kind == "bilateral_talk" or (ev.kind == "end_turn" and ev.data.get("turn") == "bilateral"):
                met.append(ev.actor)
        return met

    @cython.locals(st=State)
    def _bilaterals(self):
        """The penholder meets each member invited (`invited_to_bilaterals`), one by one: a
        member played from outside has a 'bilateral' turn; an agent says what it still
        needs and may threaten its vote (game.model.silence.decide_bilateral)."""
        st = self.state
        for m in self.invited_to_bilaterals():
            if st.phase is not Phase.BILATERALS:
                return
            self._now = self._office(max(self._now, st.t) + BILATERAL_TALK)
            yield _turn("bilateral", m)

    @cython.locals(st=State)
    def _agent_bilateral(self, m: str) -> Event:
        st = self.state
        j = st.council.index[m]
        requests, threat = agents.decide_bilateral(
            st, j, self.dice.named(streams.BILATERAL, (j, *self._occasion())))
        return self._bilateral(m, requests, threat)

    @cython.locals(st=State)
    def _bilateral(self, actor: str, reqs, threat: str | None, said: str | None = None) -> Event:
        """Record a bilateral (checked here): requests as (issue, variant, reason), a
        threat, and what the penholder reads into it — only a threat that goes further than
        the member's earlier ones it heard moves its estimate (`agents.threat_is_news`); the
        room did not hear it."""
        self._check("bilateral_talk", actor)
        why = rules.may_talk_bilaterally(actor, self.invited_to_bilaterals(), self._met_in_bilaterals())
        if why:
            raise CommandError(why)
        st, c = self.state, self.state.council
        data = {
            "with": self.penholder,
            "requests": [{"issue": c.issues[i].id, "variant": c.issues[i].variant_ids[v],
                          "id": len(st.amendments) + k + 1}
                         for k, (i, v, _r) in enumerate(reqs)],
            "reasons": [r for _i, _v, r in reqs],
            "silence": st.silence.number,
        }
        if said:
            data["said"] = said
        if threat:  # (said to the pen alone: what the penholder reads into it)
            data["threat"] = threat
            if agents.threat_is_news(st, actor, threat, view=c.penholder):
                data["inferred"] = agents.threat_inference(st, c.index[actor], threat, view=c.penholder)
        return self._record("bilateral_talk", actor, data)

    def _check_threat(self, j: int, threat: str | None) -> None:
        """A threat in a letter or a bilateral: 'abstain' or 'no', or for a permanent member
        'veto' (None: no threat)."""
        if threat is not None:
            allowed = THREATS_P5 if self.state.council.permanent[j] else THREATS
            if threat not in allowed:
                raise CommandError(f"a threat is one of {', '.join(allowed)}, not {threat!r}")

    @cython.locals(st=State)
    def bilateral_talk(self, actor: str, requests: dict[str, str] | None = None,
                       threat: str | None = None, said: str | None = None) -> Event:
        """A member's bilateral with the penholder, after it broke silence: the paragraphs
        and texts it still needs ({issue: variant}, each a change of the current text), and
        optionally a threat ('abstain', 'no', or for a permanent member 'veto'; a threat is
        not a commitment). To say nothing, end the turn (`end_turn`)."""
        self._check("bilateral_talk", actor)
        j = self._member(actor)
        st, c = self.state, self.state.council
        self._check_threat(j, threat)
        if not requests and threat is None:
            raise CommandError("a bilateral names a paragraph or a threat; to say nothing, end the turn")
        reqs = []
        for issue, variant in (requests or {}).items():
            i, v = self._issue_variant(issue, variant)
            if st.working[i] == v:
                raise CommandError(f"the text already reads {variant!r} on {issue}")
            reqs.append((i, v, c.reason(j, i, st.working[i])))
        ev = self._bilateral(actor, reqs, threat, said)
        self._end_outside_turn(actor)
        return ev

    @cython.locals(st=State)
    def _fire_due(self, t: int) -> None:
        """Fire the dated injects due by time t (they land when they are dated)."""
        st = self.state
        while self._timed and self._timed[0][0] <= t:
            when, eid = self._timed.pop(0)
            if eid not in st.injected:
                self._append("inject", None, max(when, st.t), {"id": eid, "timed": True})

    # --- commands (the same for agents and for outside seats) ---------------------------
    def _check(self, trigger: str, actor: str | None):
        """Refuse (CommandError, nothing changed) unless the procedure allows `trigger` now
        and, for a seat played from outside, it is that seat's turn for it (`TURN_OF`)."""
        try:
            self.state.procedure.check(trigger, actor)
        except ProcedureError as exc:
            raise CommandError(str(exc)) from None
        if actor is not None and actor in self.outside:
            turn_kinds = TURN_OF.get(trigger)
            p = self.pending
            if p is None or p.member != actor or (turn_kinds and p.kind not in turn_kinds):
                waiting = f"{p.member}'s {p.kind} turn" if p else "no outside seat"
                raise CommandError(f"not {actor}'s turn to {trigger.replace('_', ' ')} (waiting for {waiting})")

    def _issue_variant(self, issue: str, variant: str) -> tuple[int, int]:
        c = self.state.council
        if issue not in c.issue_index:
            raise CommandError(f"no issue {issue!r}; issues: {', '.join(c.issue_index)}")
        i = c.issue_index[issue]
        if variant not in c.issues[i].variant_ids:
            raise CommandError(
                f"no variant {variant!r} for {issue}; variants: {', '.join(c.issues[i].variant_ids)}"
            )
        return i, c.issues[i].variant_ids.index(variant)

    def _member(self, m: str) -> int:
        if m not in self.state.council.index:
            raise CommandError(f"{m!r} is not a member of this Council")
        return self.state.council.index[m]

    def _end_outside_turn(self, actor: str) -> None:
        if actor in self.outside and self.pending is not None and self.pending.member == actor:
            self._record("end_turn", actor, {"turn": self.pending.kind})
            self.pending = None

    @cython.locals(st=State, c=Council)
    def propose_amendments(self, actor: str, amendments: dict[str, str] | None = None,
                           backs: Iterable[int] = ()) -> Event:
        """Send written comments: amendments ({issue: variant wanted}) and support for
        amendments others have tabled (their numbers). Asking for an amendment someone has
        already tabled backs theirs."""
        self._check("propose_amendments", actor)
        st = self.state
        amendments = dict(amendments or {})
        backs = list(backs)
        for issue, variant in amendments.items():
            i, v = self._issue_variant(issue, variant)
            if st.draft[i] == v:
                raise CommandError(f"the draft already reads {variant!r} on {issue}")
            # asking again for a text one already asks for would record empty comments
            # (`_propose` folds it into the existing amendment), which no replay can re-issue
            for a in st.open.values():
                if a.issue == i and a.variant == v and a.sponsored_by(actor):
                    raise CommandError(f"{actor} already asks for {variant!r} on {issue} (amendment {a.id})")
        if len(set(backs)) != len(backs):
            raise CommandError("an amendment is backed once")
        for aid in backs:
            if not 1 <= aid <= len(st.amendments) or st.amendments[aid - 1].status != "pending":
                raise CommandError(f"no pending amendment {aid}")
            if st.amendments[aid - 1].sponsored_by(actor):
                raise CommandError(f"{actor} already backs amendment {aid}")
        if not amendments and not backs:
            raise CommandError("comments need at least one amendment or one amendment backed")
        c = st.council
        wants = []
        for issue, variant in amendments.items():
            i = c.issue_index[issue]
            wants.append((i, c.issues[i].variant_ids.index(variant), None))
        return self._propose(actor, wants, backs)

    @cython.locals(st=State)
    def _asks_anew(self, actor: str, wants: list) -> bool:
        """Whether comments asking for `wants` would say anything: not when each is what
        `actor` already asks for in a pending amendment (`_propose` folds it in: empty
        comments, as when a penholder left amendments unsettled before a failed rollover)."""
        st = self.state
        for i, v, _reason in wants:
            same = st.pending_for(i, v)
            if same is None or not same.sponsored_by(actor):
                return True
        return False

    @cython.locals(st=State, c=Council, new=list, issues=list)
    def _propose(self, actor: str, wants: list[tuple[int, int, dict | None]], backs: list[int]) -> Event:
        """Emit written comments (already checked): `wants` as (issue, variant, reason or
        None) indexes, `backs` a list of amendment numbers (this list is extended)."""
        st, c = self.state, self.state.council
        new = []
        issues = []  # (the paragraphs of the amendments tabled, in order)
        next_id = len(st.amendments) + 1
        for i, v, reason in wants:
            same = st.pending_for(i, v)  # (an amendment already asks for the same text)
            if same is not None:
                if not same.sponsored_by(actor) and same.id not in backs:
                    backs.append(same.id)
                continue
            info = c.issues[i]
            a = {"id": next_id, "issue": info.id, "variant": info.variant_ids[v]}
            if reason is not None:
                a["reasons"] = [reason]
            new.append(a)
            if i not in issues:
                issues.append(i)
            next_id += 1
        issues.sort()
        data = {"amendments": new}
        if backs:
            data["backs"] = backs
        # (what the room reads is what the event records, so that its replay reads the same:
        # the paragraphs of the amendments tabled; backing another's amendment says less, a
        # group's members back their spokesperson's)
        inferred = agents.amendment_inference(st, c.index[actor], issues)
        if inferred is not None:  # what the room reads into the comments (game.model.beliefs)
            data["inferred"] = inferred
        return self._record("propose_amendments", actor, data)

    def seek_support(self, actor: str, target: str, issue: str, variant: str) -> Event:
        """Lobby `target` to back `variant` on `issue`; the answer is in the event. A
        delegation has time for LOBBY_CALLS calls in a turn (and asks a delegation once a
        turn for the same text)."""
        self._check("seek_support", actor)
        t = self._member(target)
        if target == actor:
            raise CommandError("a delegation cannot lobby itself")
        calls = self._calls_this_turn(actor)
        if len(calls) >= LOBBY_CALLS:
            raise CommandError(f"{actor} has made its {LOBBY_CALLS} lobbying calls this turn")
        if (target, issue, variant) in calls:
            raise CommandError(f"{actor} has already asked {target} for {variant!r} on {issue} this turn")
        i, v = self._issue_variant(issue, variant)
        return self._lobby(actor, t, i, v)

    def _calls_this_turn(self, actor: str) -> list[tuple[str, str, str]]:
        """The lobbying calls `actor` made since its turn began (target, issue, variant)."""
        calls = []
        for ev in reversed(self.log):
            if ev.kind == "seek_support" and ev.actor == actor:
                calls.append((ev.data["target"], ev.data["issue"], ev.data["variant"]))
            elif ev.kind not in ("seek_support", "package_deal", "propose_amendments"):
                break
        return calls

    @cython.locals(st=State)
    def _lobby(self, actor: str, t: int, i: int, v: int) -> Event:
        st, c = self.state, self.state.council
        answer, reason = agents.answer_lobbying(st, t, c.index[actor], i, v)
        return self._record("seek_support", actor, {"target": c.ids[t], "issue": c.issues[i].id,
                                                    "variant": c.issues[i].variant_ids[v],
                                                    "answer": answer, "reasons": [reason]})

    def accept_package(self, actor: str, target: str) -> Event:
        """Take the package `target` offered in answer to `actor`'s last request to it
        ("yes, if you back our text there"): `target` backs what `actor` asked, and `actor`
        backs (or tables) `target`'s text on the other paragraph."""
        self._check("seek_support", actor)
        offer = next((e for e in reversed(self.log) if e.kind == "seek_support"
                      and e.actor == actor and e.data["target"] == target), None)
        if offer is None or offer.data["answer"] != "yes_if":
            raise CommandError(f"{target} has offered {actor} no package")
        if any(e.kind == "package_deal" and e.data.get("offer") == offer.seq for e in self.log):
            raise CommandError(f"the package {target} offered has already been taken")
        return self._deal(actor, target, offer)

    @cython.locals(st=State, c=Council)
    def _deal(self, actor: str, target: str, offer: Event) -> Event:
        """Record a package deal (game.state.apply: pledges both ways, co-sponsorship)."""
        st = self.state
        gives = offer.data["reasons"][0]["package"]
        data = {"with": target, "offer": offer.seq,
                "gets": {"issue": offer.data["issue"], "variant": offer.data["variant"]},
                "gives": dict(gives)}
        c = st.council
        i = c.issue_index[gives["issue"]]
        v = c.variant_index[i][gives["variant"]]
        pending = st.pending_for(i, v)
        if pending is None and st.phase in (Phase.READ_THROUGH, Phase.EXPERT_ROUND) \
                and st.draft[i] != v:
            data["amendment"] = len(st.amendments) + 1  # actor tables the text it promised
        return self._record("package_deal", actor, data)

    def decide_amendments(self, actor: str, decisions: dict[int, str]) -> Event:
        """Penholder: settle amendments, {number: variant} — the variant asked for (accept),
        a compromise between it and the text (partly), or the current text (reject)."""
        self._check("decide_amendments", actor)
        st = self.state
        out = []
        for aid, variant in decisions.items():
            if not 1 <= aid <= len(st.amendments) or st.amendments[aid - 1].status != "pending":
                raise CommandError(f"no pending amendment {aid}")
            a = st.amendments[aid - 1]
            info = st.council.issues[a.issue]
            _, v = self._issue_variant(info.id, variant)
            cur = st.working[a.issue]
            decision = ("accepted" if v == a.variant else
                        "partly" if v != cur and (a.variant - cur) * (v - cur) > 0 else "rejected")
            out.append({"amendment": aid, "variant": variant, "decision": decision})
        issues = [st.amendments[d["amendment"] - 1].issue for d in out]
        clash = {i for i in issues if len({d["variant"] for d, j in zip(out, issues, strict=True) if j == i}) > 1}
        if clash:
            names = ", ".join(st.council.issues[i].id for i in sorted(clash))
            raise CommandError(f"amendments on the same paragraph must settle on one text: {names}")
        if not out:
            raise CommandError("no amendments to decide")
        # a concession taken back is remembered by those it was made to, whoever holds the pen
        seen: set[int] = set()
        for d, i in zip(out, issues, strict=True):
            if i in seen:
                continue
            seen.add(i)
            broken = agents.promises_broken(st, i, st.council.variant_index[i][d["variant"]])
            if broken:
                d["reasons"] = [{"reverses": broken}]
        if self.co_penholders and actor in self.outside:
            # the agent co-penholders agree to the settlement, or object (before it stands)
            self.proposal = self._proposal_of(out)
            for co in self.co_penholders:
                if self.proposal:
                    self._agent_co_revision(co)
            out = self._agreed_decisions(out, self.proposal)
            self.proposal = None
        return self._decide(actor, out)

    def _decide(self, actor: str, decisions: list[dict]) -> Event:
        self._check("decide_amendments", actor)
        return self._record("decide_amendments", actor, {"decisions": decisions})

    @cython.locals(st=State)
    def circulate_revision(self, actor: str) -> Event:
        self._check("circulate_revision", actor)
        st = self.state
        if st.working == st.draft:
            raise CommandError("nothing has changed since the last revision")
        return self._record("circulate_revision", actor, {"revision": st.revision + 1,
                                                          "draft": st.draft_ids(st.working)})

    def _next_step(self, trigger: str, actor: str, **data) -> Event:
        self._check(trigger, actor)
        ev = self._record(trigger, actor, data)
        self._end_outside_turn(actor)
        return ev

    def open_expert_round(self, actor: str) -> Event:
        other = self._consult_on_step("open_expert_round", actor)
        if other:
            return getattr(self, other)(actor)
        return self._next_step("open_expert_round", actor, round=self.state.round + 1)

    def place_under_silence(self, actor: str) -> Event:
        other = self._consult_on_step("place_under_silence", actor)
        if other:
            return getattr(self, other)(actor)
        self._check("place_under_silence", actor)
        self._now = self._office(max(self._now, self.state.t) + STEP)
        # silence_hours, ending in office hours on a working day (a deadline at night moves to
        # DESK, one at a weekend to the Monday unless the calendar is urgent); shorter when the
        # vote must follow before the expiry (rules.silence_hours)
        hours = rules.silence_hours(self.scenario.calendar, self.state.expiry_t - self._now)
        deadline = self._office(self._now + hours * HOUR)
        return self._next_step("place_under_silence", actor, revision=self.state.revision,
                               deadline=deadline)

    def put_in_blue(self, actor: str) -> Event:
        other = self._consult_on_step("put_in_blue", actor)
        if other:
            return getattr(self, other)(actor)
        self._check("put_in_blue", actor)
        self._now = self._office(max(self._now, self.state.t) + STEP)
        return self._next_step("put_in_blue", actor, revision=self.state.revision,
                               objections=sorted({m for s in self.state.silences[-1:] for m in s.breakers})
                               if self.state.phase is not Phase.AGREED else [])

    def hold_bilaterals(self, actor: str) -> Event:
        other = self._consult_on_step("hold_bilaterals", actor)
        if other:
            return getattr(self, other)(actor)
        sil = self.state.silence
        return self._next_step("hold_bilaterals", actor, with_=sil.breakers if sil else [])

    @cython.locals(st=State)
    def seek_rollover(self, actor: str) -> Event:
        other = self._consult_on_step("seek_rollover", actor)
        if other:
            return getattr(self, other)(actor)
        # why, for the record: the penholder's count of the ballots on its text and on the
        # rollover, as they would be cast (game.model.beliefs.forecast_cast)
        st = self.state
        pen = st.council.index[actor]
        text = agents.forecast_cast(st, st.working, rollover=False, view=pen)
        roll = agents.forecast_cast(st, st.working, rollover=True, view=pen)
        count = {"text": round(text.p_adopt, 2), "veto": round(text.p_veto, 2), "rollover": round(roll.p_adopt, 2)}
        return self._next_step("seek_rollover", actor, count=count)

    def break_silence(self, actor: str, requests: dict[str, str], letter: str | None = None,
                      threat: str | None = None) -> Event:
        """Break silence with written objections: {issue: variant wanted}; the letter may
        threaten the delegation's vote (`threat`: 'abstain', 'no', or for a permanent
        member 'veto'). A threat is not a commitment: the room discounts it (it may be a
        bluff), and the ballot is cast later, freely."""
        self._check("break_silence", actor)
        if not requests:
            raise CommandError("a silence-break names at least one paragraph")
        j = self._member(actor)
        self._check_threat(j, threat)
        reqs = []
        for issue, variant in requests.items():
            i, v = self._issue_variant(issue, variant)
            reqs.append((i, v, self.state.council.reason(j, i, self.state.draft[i])))
        ev = self._break(actor, reqs, reasons_text=letter, threat=threat)
        self._end_outside_turn(actor)
        return ev

    @cython.locals(st=State, c=Council, requests=list, reasons=list)
    def _break(self, actor, reqs, reasons_text, joins=None, threat=None, strength=None) -> Event:
        """Emit a silence-break letter (`strength`: the breaker's strongest objection, as its
        decision weighed it, if at hand)."""
        self._check("break_silence", actor)
        st = self.state
        c = st.council
        first = len(st.amendments) + 1
        requests, reasons = [], []
        for i, v, r in reqs:
            info = c.issues[i]
            requests.append({"issue": info.id, "variant": info.variant_ids[v], "id": first + len(reasons)})
            reasons.append(r)
        data = {"requests": requests, "reasons": reasons, "silence": st.silence.number}
        if reasons_text:
            data["letter"] = reasons_text
        if joins:
            data["with"] = joins
        j = c.index[actor]
        inferred = None  # (what the room reads into the letter, if anything)
        if threat:
            data["threat"] = threat
            # what the room reads into it (game.model.beliefs.threat_inference)
            inferred = agents.threat_inference(st, j, threat)
        if not joins:  # (a member joining its group's letter shows no firmness of its own)
            firm = agents.break_inference(st, j, strength)
            if firm:
                unity, reversion = (inferred["unity"], inferred["reversion"]) if inferred else (0.0, 0.0)
                inferred = {"unity": round(unity + firm, 4), "reversion": reversion}
        if inferred is not None and (threat or inferred["unity"]):
            data["inferred"] = inferred
        return self._record("break_silence", actor, data)

    def cast_vote(self, actor: str, ballot: str, reasons=None) -> Event:
        self._check("cast_vote", actor)
        if actor in self.state.ballots:
            raise CommandError(f"{actor} has already voted")
        try:
            Ballot(ballot)
        except ValueError:
            raise CommandError(f"a ballot is yes, no or abstain, not {ballot!r}") from None
        ev = self._cast(actor, ballot, reasons)
        self._end_outside_turn(actor)
        return ev

    def _cast(self, actor: str, ballot: str, reasons) -> Event:
        return self._record("cast_vote", actor, {"ballot": ballot, "reasons": reasons or []})

    def explain_vote(self, actor: str, text: str) -> Event:
        self._check("explain_vote", actor)
        ev = self._explain(actor, {"ballot": self.state.ballots.get(actor), "text": text})
        self._end_outside_turn(actor)
        return ev

    def _explain(self, actor, data) -> Event:
        self._check("explain_vote", actor)
        return self._record("explain_vote", actor, {**data, **explained_vote(self.state)})

    def end_turn(self, actor: str) -> Event | None:
        """End an outside seat's turn (keep silence, table nothing more, pass on the floor).
        At the moment before a vote (`before_vote`) nothing is recorded (None): a seat
        that lets the vote come leaves the log as if it had not been asked."""
        p = self.pending
        if p is None or p.member != actor:
            raise CommandError(f"not {actor}'s turn")
        if p.kind == "revise":
            raise CommandError("the penholder ends its turn by choosing the next step "
                               "(another round, silence, bilaterals, blue or a rollover)")
        if p.kind == "vote":
            raise CommandError("every member votes: yes, no or abstain")
        if p.kind in ("co_revision", "co_step"):
            raise CommandError("a co-penholder agrees to the penholder's proposal or objects to it")
        if p.kind == "before_vote":  # letting the vote come is not a move: nothing recorded
            self.pending = None
            return None
        ev = self._record("end_turn", actor, {"turn": p.kind})
        self.pending = None
        return ev

    def inject(self, event_id: str) -> Event:
        """Facilitator: fire one of the scenario's events now."""
        if self.state.finished:
            raise CommandError("the negotiation is over")
        ids = {e.id for e in self.scenario.events}
        if event_id not in ids:
            raise CommandError(f"no event {event_id!r}; events: {', '.join(sorted(ids)) or 'none'}")
        if event_id in self.state.injected:
            raise CommandError(f"event {event_id!r} has already happened")
        return self._record("inject", None, {"id": event_id, "timed": False, "step": self.steps})

    # --- the classroom: seats changing hands, notes, decisions past their deadline -----
    def take_seat(self, member: str, by: str) -> Event:
        """The facilitator hands a seat to a student (``by='student'``: played from outside
        from now on) or back to its agent (``'agent'``). Recorded (``take_seat``, with the
        turn count, to replay in place) so that a class's log replays with its seats as
        they were, and a fork can seat a student in an AI-only run. A seat handed to its
        agent while it must act is played by the agent at once."""
        self._member(member)
        if by not in ("student", "agent"):
            raise CommandError(f"a seat is handed to a 'student' or an 'agent', not {by!r}")
        if self.finished or self.state.finished:
            raise CommandError("the negotiation is over")
        outside = set(self.outside)
        if by == "student":
            if member in outside:
                raise CommandError(f"{member} is already played by a student")
            if self.co_penholders and member in self.pens and outside & (self.pens - {member}):
                raise CommandError("the penholder and a co-penholder cannot both be played from outside")
            outside.add(member)
        else:
            if member not in outside:
                raise CommandError(f"{member} is already played by its agent")
            outside.discard(member)
        if self._seated is None:
            self.first_outside = self.outside
        ev = self._append("take_seat", None, self.state.t, {"member": member, "by": by, "step": self.steps})
        self.outside = frozenset(outside)
        turn = self.pending
        if by == "agent" and turn is not None and turn.member == member:
            self.pending = None
            self._agent_plays(turn)
        return ev

    def note(self, actor: str | None, data: dict) -> Event:
        """A message between delegations (a note, a bilateral's chat), recorded where it was
        sent (the turn count, to replay in place) and changing nothing in the negotiation:
        who may read it is the classroom's business (game/classroom), not the engine's."""
        if actor is not None:
            self._member(actor)
        return self._append("note", actor, self.state.t, {**data, "step": self.steps})

    def play_for(self, member: str) -> Event:
        """A seat played from outside has let its decision's deadline pass: its agent takes
        this one decision (recorded first, ``deadline_missed``, so the log says so), and the
        seat stays the student's."""
        turn = self.pending
        if turn is None or turn.member != member:
            raise CommandError(f"{member} has no decision waiting")
        ev = self._append("deadline_missed", member, self.state.t, {"turn": turn.kind, "step": self.steps})
        self.pending = None
        seats = self.outside
        self.outside = seats - {member}
        try:
            self._agent_plays(turn)
        finally:
            self.outside = seats
        return ev

    def _agent_plays(self, turn: Turn) -> None:
        """The agent takes an outside seat's turn (its seat no longer in `outside`): under
        silence, the decision `_agents_under_silence` takes for each agent, now."""
        if turn.kind != "silence":
            self._agent_turn(turn)
            return
        st, m = self.state, turn.member
        j = st.council.index[m]
        strength, tau, objections = agents.silence_objection(st, j)
        if not objections:
            return
        felt = agents.instructed(st, j, objections, st.draft)
        if agents.decide_break(st, felt[0][0], tau):
            self._break(m, agents.silence_requests(st, j, tau, felt), reasons_text=None,
                        threat=agents.decide_threat(st, j), strength=strength)

    # --- what an outside seat may do now (for the UI's buttons) -------------------------
    def may(self, trigger: str, actor: str) -> bool:
        """Whether `actor` may do `trigger` now: the procedure allows it and, for a seat
        played from outside, it is that seat's turn for it."""
        try:
            self._check(trigger, actor)
        except CommandError:
            return False
        return True


@cython.locals(state=State)
def explained_vote(state: State) -> dict:
    """What an explanation of vote is about, when the meeting voted on more than the
    penholder's text (rival drafts): the vote just held ('on': text, rival or rollover;
    its sponsor; the rival's number; its result), so that the speech names the draft and
    does not contradict its result. After a rollover that failed with days to go: 'on'
    rollover and its result. Nothing else with no rival draft (the log is unchanged)."""
    if not state.rivals or not state.votes:
        if state.phase is Phase.ROLLOVER_FAILED:
            return {"on": "rollover", "result": state.votes[-1].result.value}
        return {}
    v = state.votes[-1]
    data = {"on": v.on, "sponsor": v.sponsor, "result": v.result.value}
    if v.rival:
        data["rival"] = v.rival
    return data


LOBBY_CALLS = 14  # lobbying calls a delegation has time for in one turn (once round the table)
THREATS = ("abstain", "no")  # what an elected member's letter may threaten
THREATS_P5 = ("abstain", "veto")  # ... and a permanent member's (its no is a veto)

# which turn each command belongs to (an outside seat acts only in its own turn)
TURN_OF: dict[str, tuple[str, ...]] = {
    "propose_amendments": ("amend",),
    "seek_support": ("amend", "revise", "silence"),
    "decide_amendments": ("revise",),
    "circulate_revision": ("revise",),
    "open_expert_round": ("revise",),
    "place_under_silence": ("revise",),
    "put_in_blue": ("revise",),
    "hold_bilaterals": ("revise",),
    "seek_rollover": ("revise",),
    "break_silence": ("silence",),
    "bilateral_talk": ("bilateral",),
    "table_rival_draft": ("amend", "silence", "before_vote"),
    "co_pen_revision": ("co_revision",),
    "co_pen_step": ("co_step",),
    "cast_vote": ("vote",),
    "explain_vote": ("explain",),
}

# a ballot's value as a plain str (``Ballot.value`` is a Python-level enum property)
_BALLOT_VALUE = {b: b.value for b in Ballot}


_BEFORE_BLUE = frozenset(
    {Phase.ZERO_DRAFT, Phase.READ_THROUGH, Phase.EXPERT_ROUND, Phase.UNDER_SILENCE,
     Phase.SILENCE_BROKEN, Phase.BILATERALS, Phase.AGREED}
)
