"""The Council's procedure for a mandate renewal, as one declarative transition table.

Read `PROCEDURE` top to bottom to learn how a renewal goes: the penholder circulates a
zero draft; experts hold a read-through and rounds of written amendments; the penholder
places a revised text under silence; any member may break silence before the deadline;
the penholder revises and silences again, talks bilaterally, or puts the text in blue
anyway; the Council votes (Art. 27(3)); delegations explain their votes. When time runs
out, the penholder seeks a technical rollover, or the mandate lapses. A rollover is voted
like any text and explained like any vote: if it fails with days to go, the explanations
and the host's statement come first, then the talks go on.

Any other member may table its own draft, a rival to the penholder's, and put it in blue
(one command: in practice the two come within days, e.g. Russia's S/2020/658 against the
Belgian-German S/2020/654, Syria cross-border aid, July 2020). At the formal meeting the
drafts in blue are voted in the order of their submission (provisional rule 32: "principal
motions and draft resolutions shall have precedence in the order of their submission"),
the penholder's text counting as submitted when it was put in blue; each vote has its own
ballots, tally, result and explanations of vote. Once a draft is adopted the others are not
pressed to a vote (judgement: the record is silent on a sponsor insisting; in practice a
sponsor does not ask for a vote on a text the Council has just answered). If every draft
fails, the meeting's outcome is a veto if one of them was vetoed, else not adopted
(`rules.meeting_outcome`); a rollover in blue is voted after the rival drafts submitted
before it, as any text.

Rows whose destination is ``None`` are *commands within a phase* (an amendment, a ballot,
a silence-break after the first): they are validated against the same table but do not
change the phase, so they never go through the `transitions` machine (which costs ~8 µs
a trigger; see ../shared/MEASURED.md). Rows with a destination are the machine's
transitions; guards are the pure functions of `game.rules`. The machine has no callbacks
to run (a test checks), so a transition's only effect is its destination: `Procedure.fire`
takes the rows of the trigger in the phase (`ROWS`), in the table's order as the machine
does, and sets the destination of the first whose guards pass (for a trigger with one row
and no guard in a phase, `UNGUARDED`, that row's); a test holds it to the machine's own
`trigger` for every row and guard outcome.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import Enum, StrEnum

import cython
from transitions import Machine

from game import rules

if cython.compiled:  # (the guards' rules: C calls, game/rules.pxd)
    from cython.cimports.game import rules


class Phase(StrEnum):
    ZERO_DRAFT = "zero_draft"  # the penholder has circulated the zero draft
    READ_THROUGH = "read_through"  # first expert meeting: a read-through of the text
    EXPERT_ROUND = "expert_round"  # written amendments, then a revised draft
    UNDER_SILENCE = "under_silence"  # no objection by the deadline = agreed
    SILENCE_BROKEN = "silence_broken"  # someone objected in writing before the deadline
    BILATERALS = "bilaterals"  # the penholder talks to the objectors one by one
    AGREED = "agreed"  # silence held: the text is agreed ad referendum
    IN_BLUE = "in_blue"  # final text formally circulated, ready for a vote
    VOTING = "voting"  # formal meeting: members vote yes / no / abstain
    NEXT_DRAFT = "next_draft"  # a draft failed; another draft in blue is still to be voted
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"  # fewer than nine yes
    VETOED = "vetoed"  # nine or more yes, but a permanent member voted no
    ROLLOVER_IN_BLUE = "rollover_in_blue"  # a short technical rollover, in blue
    ROLLOVER_VOTE = "rollover_vote"  # vote on it
    ROLLOVER_FAILED = "rollover_failed"  # it failed with days to go: explanations, then talks
    ROLLED_OVER = "rolled_over"  # mandate extended unaltered for a short period
    LAPSED = "lapsed"  # mandate expired with no resolution


class Role(Enum):
    PENHOLDER = "the penholder"
    CO_PENHOLDER = "a co-penholder"
    MEMBER = "a member of the Council"
    NOT_PENHOLDER = "a member other than the penholder"
    CHAIR = "the chair (President and Secretariat)"
    SPEAKER = "a member or the host country"


TERMINAL = frozenset({Phase.ADOPTED, Phase.NOT_ADOPTED, Phase.VETOED, Phase.ROLLED_OVER, Phase.LAPSED})
OUTCOME_OF_PHASE = {
    Phase.ADOPTED: rules.Outcome.ADOPTED,
    Phase.NOT_ADOPTED: rules.Outcome.NOT_ADOPTED,
    Phase.VETOED: rules.Outcome.VETOED,
    Phase.ROLLED_OVER: rules.Outcome.ROLLOVER,
    Phase.LAPSED: rules.Outcome.LAPSED,
}

_P = Phase
_TALKS = (_P.READ_THROUGH, _P.EXPERT_ROUND, _P.SILENCE_BROKEN, _P.BILATERALS)
_BEFORE_BLUE = (*_TALKS, _P.UNDER_SILENCE, _P.AGREED)


@dataclass(frozen=True)
class Row:
    trigger: str
    source: tuple[Phase, ...]
    dest: Phase | None
    who: Role
    unless: str | None = None  # name of a guard that must be False
    if_: str | None = None  # name of a guard that must be True
    says: str = ""


def _row(trigger, source, dest, who, says, if_=None, unless=None) -> Row:
    source = source if isinstance(source, tuple) else (source,)
    return Row(trigger, source, dest, who, unless, if_, says)


PROCEDURE: tuple[Row, ...] = (
    _row("hold_read_through", _P.ZERO_DRAFT, _P.READ_THROUGH, Role.CHAIR,
         "Experts meet for a read-through of the zero draft."),
    _row("open_expert_round", _TALKS, _P.EXPERT_ROUND, Role.PENHOLDER,
         "The penholder convenes a round of expert negotiations."),
    _row("propose_amendments", (_P.READ_THROUGH, _P.EXPERT_ROUND), None, Role.MEMBER,
         "A delegation sends written comments: amendments, and support for others'."),
    _row("seek_support", (*_BEFORE_BLUE, _P.IN_BLUE, _P.ROLLOVER_IN_BLUE), None, Role.MEMBER,
         "A delegation lobbies another for support."),
    _row("decide_amendments", (_P.EXPERT_ROUND, _P.SILENCE_BROKEN, _P.BILATERALS), None,
         Role.PENHOLDER, "The penholder takes amendments on board, in full or in part, or not."),
    _row("co_pen_revision", (_P.EXPERT_ROUND, _P.SILENCE_BROKEN, _P.BILATERALS), None,
         Role.CO_PENHOLDER, "Each co-penholder agrees to the penholder's revision, or objects "
         "to paragraphs of it: they revert (or are met halfway)."),
    _row("circulate_revision", (_P.EXPERT_ROUND, _P.SILENCE_BROKEN, _P.BILATERALS), None,
         Role.PENHOLDER, "The penholder circulates a revised draft (rev1, rev2 ...)."),
    _row("co_pen_step", (_P.EXPERT_ROUND, _P.SILENCE_BROKEN, _P.BILATERALS, _P.AGREED), None,
         Role.CO_PENHOLDER, "Each co-penholder agrees to the next step, or asks for a more "
         "cautious one (the most cautious wins)."),
    _row("place_under_silence", (_P.EXPERT_ROUND, _P.SILENCE_BROKEN, _P.BILATERALS),
         _P.UNDER_SILENCE, Role.PENHOLDER,
         "The penholder places the text under silence until a deadline."),
    _row("break_silence", _P.UNDER_SILENCE, _P.SILENCE_BROKEN, Role.NOT_PENHOLDER,
         "A member breaks silence: written objections before the deadline."),
    _row("break_silence", _P.SILENCE_BROKEN, None, Role.NOT_PENHOLDER,
         "Others may break the same silence before its deadline."),
    _row("silence_holds", _P.UNDER_SILENCE, _P.AGREED, Role.CHAIR,
         "The deadline passes with no objection: the text is agreed."),
    _row("hold_bilaterals", _P.SILENCE_BROKEN, _P.BILATERALS, Role.PENHOLDER,
         "The penholder talks bilaterally with those who broke silence."),
    _row("bilateral_talk", _P.BILATERALS, None, Role.NOT_PENHOLDER,
         "In bilaterals, each member the penholder invited (those who broke silence, in the "
         "order they broke it) says what it still needs and may threaten its vote "
         "(rules.may_talk_bilaterally)."),
    _row("put_in_blue", (_P.AGREED, _P.SILENCE_BROKEN, _P.BILATERALS, _P.EXPERT_ROUND),
         _P.IN_BLUE, Role.PENHOLDER,
         "The penholder puts the final text in blue (even over objections)."),
    _row("table_rival_draft", (*_BEFORE_BLUE, _P.IN_BLUE), None, Role.NOT_PENHOLDER,
         "Another member tables its own draft and puts it in blue: the drafts in blue are "
         "voted in the order of their submission (provisional rule 32)."),
    _row("call_vote", _P.IN_BLUE, _P.VOTING, Role.CHAIR,
         "The President convenes the formal meeting; no vote on a text not in blue."),
    _row("cast_vote", (_P.VOTING, _P.ROLLOVER_VOTE), None, Role.MEMBER,
         "Each member votes yes, no or abstains."),
    _row("declare_result", _P.VOTING, _P.ADOPTED, Role.CHAIR,
         "Nine yes and no permanent member's no: adopted (Art. 27(3)).", if_="carried"),
    _row("declare_result", _P.VOTING, _P.NEXT_DRAFT, Role.CHAIR,
         "The draft fails and another draft is in blue: it is voted next.", if_="drafts_left"),
    _row("declare_result", _P.VOTING, _P.VETOED, Role.CHAIR,
         "Nine or more yes, but a permanent member voted no: vetoed.", if_="has_nine"),
    _row("declare_result", _P.VOTING, _P.VETOED, Role.CHAIR,
         "The last draft fails, and an earlier one was vetoed: the meeting ends in a veto.",
         if_="vetoed_before"),
    _row("declare_result", _P.VOTING, _P.NOT_ADOPTED, Role.CHAIR,
         "Fewer than nine yes: not adopted."),
    _row("call_vote", _P.NEXT_DRAFT, _P.ROLLOVER_VOTE, Role.CHAIR,
         "The next text in blue is the technical rollover: the Council votes on it.",
         if_="rollover_next"),
    _row("call_vote", _P.NEXT_DRAFT, _P.VOTING, Role.CHAIR,
         "The Council votes on the next draft in blue, in the order of submission."),
    _row("explain_vote", (_P.ADOPTED, _P.NOT_ADOPTED, _P.VETOED, _P.ROLLED_OVER, _P.LAPSED,
                          _P.NEXT_DRAFT, _P.ROLLOVER_FAILED),
         None, Role.SPEAKER, "Delegations (and the host) explain their votes."),
    _row("seek_rollover", _BEFORE_BLUE, _P.ROLLOVER_IN_BLUE, Role.PENHOLDER,
         "No agreed text in time: the penholder puts a short technical rollover in blue."),
    _row("call_vote", _P.ROLLOVER_IN_BLUE, _P.VOTING, Role.CHAIR,
         "A rival draft put in blue before the rollover is voted first (rule 32).",
         if_="rival_next"),
    _row("call_vote", _P.ROLLOVER_IN_BLUE, _P.ROLLOVER_VOTE, Role.CHAIR,
         "The President convenes the Council to vote on the rollover, like any text."),
    _row("declare_result", _P.ROLLOVER_VOTE, _P.ROLLED_OVER, Role.CHAIR,
         "The rollover carries: the unaltered mandate is extended.", if_="carried"),
    _row("declare_result", _P.ROLLOVER_VOTE, _P.ROLLOVER_FAILED, Role.CHAIR,
         "The rollover fails with days to go: delegations (and the host) explain their votes, "
         "as after any vote.", if_="time_remains"),
    _row("open_expert_round", _P.ROLLOVER_FAILED, _P.EXPERT_ROUND, Role.PENHOLDER,
         "After the explanations of a failed rollover, the talks go on: the penholder "
         "convenes another expert round."),
    _row("declare_result", _P.ROLLOVER_VOTE, _P.LAPSED, Role.CHAIR,
         "The rollover fails on the last day: the mandate lapses."),
    _row("mandate_expires", _BEFORE_BLUE, _P.LAPSED, Role.CHAIR,
         "The mandate expires with nothing adopted: it lapses."),
)


_UNKNOWN = object()  # not in Procedure._allowed yet


class ProcedureError(Exception):
    """A command the procedure does not allow now (nothing was changed)."""


COMMANDS: dict[str, dict[Phase, Row]] = defaultdict(dict)
for _r in PROCEDURE:
    if _r.dest is None:
        for _s in _r.source:
            COMMANDS[_r.trigger][_s] = _r


# (trigger, phase) -> the rows with a destination for that trigger in that phase, in the
# table's order: the transitions the machine would try, in the order it tries them
ROWS: dict[tuple[str, Phase], tuple[Row, ...]] = {}
for _r in PROCEDURE:
    if _r.dest is not None:
        for _s in _r.source:
            ROWS[(_r.trigger, _s)] = (*ROWS.get((_r.trigger, _s), ()), _r)

# (trigger, phase) -> destination, where the table has exactly one row for that trigger
# in that phase and the row has no guard: the machine's transition has nothing to decide
# there (and no callbacks: the Procedure registers none)
UNGUARDED: dict[tuple[str, Phase], Phase] = {
    key: rows[0].dest for key, rows in ROWS.items()
    if len(rows) == 1 and rows[0].if_ is None and rows[0].unless is None
}


@dataclass(frozen=True, slots=True)
class Occasion:
    """What a guard reads of a trigger (the part of the machine's `EventData` the guards
    use): the keyword arguments it was fired with."""

    kwargs: dict


def _role_ok(who: Role, actor: str | None, penholder: str, members: frozenset[str], host: str,
             co_penholders: tuple[str, ...] = ()) -> bool:
    if who is Role.CHAIR:
        return actor is None
    if who is Role.PENHOLDER:
        return rules.is_penholder(actor, penholder)
    if who is Role.CO_PENHOLDER:
        return actor in co_penholders
    if who is Role.NOT_PENHOLDER:
        return actor in members and not rules.holds_pen(actor, penholder, co_penholders)
    if who is Role.SPEAKER:
        return actor in members or actor == host
    return actor in members


@cython.cclass
class Procedure:
    """The procedure's current phase, driven by a `transitions` machine built from PROCEDURE.

    One instance can be reused across negotiations (`reset`), which is how a batch avoids
    building a machine per run (~60 µs to reset versus 140-450 µs to build).
    """

    state: Phase

    def __init__(self) -> None:
        self.penholder = ""
        self.co_penholders: tuple[str, ...] = ()
        self.members: frozenset[str] = frozenset()
        self.permanent: frozenset[str] = frozenset()
        self.host = ""
        # check() answers already given, by (trigger, phase, actor): the answer depends only
        # on these and on the seats set by reset() (which empties it when they change)
        self._allowed: dict[tuple[str, Phase, str | None], Row | None] = {}
        rows = [
            {
                "trigger": r.trigger,
                "source": list(r.source),
                "dest": r.dest,
                "conditions": [r.if_] if r.if_ else [],
                "unless": [r.unless] if r.unless else [],
            }
            for r in PROCEDURE
            if r.dest is not None
        ]
        self.machine = Machine(
            model=self,
            states=Phase,
            transitions=rows,
            initial=Phase.ZERO_DRAFT,
            auto_transitions=False,
            send_event=True,
            queued=True,
        )

    def reset(self, penholder: str, members, permanent, host: str, co_penholders=()) -> Procedure:
        members = frozenset(members)
        co_penholders = tuple(co_penholders)
        if (penholder, members, host, co_penholders) != (self.penholder, self.members, self.host,
                                                          self.co_penholders):
            self._allowed.clear()
        self.penholder = penholder
        self.co_penholders = co_penholders
        self.members = members
        self.permanent = frozenset(permanent)
        self.host = host
        self._enter(Phase.ZERO_DRAFT)
        return self

    def _enter(self, phase: Phase) -> None:
        """Set the phase: what ``self.machine.set_state(phase, self)`` does for this model
        (the machine keeps a model's phase in its `state` attribute), without the machine's
        look-up of the state by name (~10 µs, most of a phase change)."""
        self.state = phase

    @property
    def phase(self) -> Phase:
        return self.state

    @property
    def finished(self) -> bool:
        return self.state in TERMINAL

    # guards (pure functions of game.rules; ballots come with the event)
    def carried(self, event) -> bool:
        return rules.is_adopted(event.kwargs["ballots"], self.permanent)

    def time_remains(self, event) -> bool:
        return event.kwargs.get("time_left", 0) >= rules.RETRY_AFTER_FAILED_ROLLOVER

    def has_nine(self, event) -> bool:
        return rules.count_ballots(event.kwargs["ballots"]).yes >= rules.AFFIRMATIVE_VOTES_REQUIRED

    def drafts_left(self, event) -> bool:
        """Another text is in blue, to be voted after this one (provisional rule 32)."""
        return event.kwargs.get("drafts_left", 0) > 0

    def vetoed_before(self, event) -> bool:
        return bool(event.kwargs.get("vetoed_before"))

    def rollover_next(self, event) -> bool:
        return event.kwargs.get("next_vote") == "rollover"

    def rival_next(self, event) -> bool:
        return event.kwargs.get("next_vote") == "rival"

    # validation shared by the session, the UI and the tests
    def why_not(self, trigger: str, actor: str | None) -> str | None:
        """None if `actor` may do `trigger` now, else the reason in the procedure's words."""
        phase = self.state
        rows = [r for r in PROCEDURE if r.trigger == trigger]
        if not rows:
            return f"there is no such step as {trigger!r}"
        rows_now = [r for r in rows if phase in r.source]
        if not rows_now:
            return f"{trigger.replace('_', ' ')} is not possible while the text is {phase.value.replace('_', ' ')}"
        if not any(_role_ok(r.who, actor, self.penholder, self.members, self.host, self.co_penholders)
                   for r in rows_now):
            return f"only {rows_now[0].who.value} may {trigger.replace('_', ' ')}"
        return None

    def may(self, trigger: str, actor: str | None) -> bool:
        return self.why_not(trigger, actor) is None

    @cython.ccall
    @cython.locals(allowed=dict)
    def check(self, trigger: str, actor: str | None) -> Row | None:
        """Raise ProcedureError unless allowed; return the command row (None for a transition)."""
        phase, allowed = self.state, self._allowed
        key = (trigger, phase, actor)
        row = allowed.get(key, _UNKNOWN)
        if row is not _UNKNOWN:
            return row
        row = COMMANDS.get(trigger, {}).get(phase)
        if row is None or not _role_ok(row.who, actor, self.penholder, self.members, self.host,
                                       self.co_penholders):
            reason = self.why_not(trigger, actor)
            if reason:
                raise ProcedureError(reason)
            row = None
        allowed[key] = row
        return row

    def fire(self, trigger: str, **kwargs) -> Phase:
        """Fire a phase-changing trigger (already checked) and return the new phase: the
        destination of the first of its rows in this phase whose guards pass, as the
        machine's ``self.trigger(trigger, **kwargs)`` would take it (see the module's
        docstring)."""
        phase = self.state
        if trigger in COMMANDS and phase in COMMANDS[trigger]:
            return phase  # a command within the phase (e.g. a further silence-break)
        dest = UNGUARDED.get((trigger, phase))
        if dest is None:
            occasion = Occasion(kwargs)
            for row in ROWS.get((trigger, phase), ()):
                if (row.if_ is None or getattr(self, row.if_)(occasion)) and \
                        (row.unless is None or not getattr(self, row.unless)(occasion)):
                    dest = row.dest
                    break
            else:
                raise ProcedureError(f"{trigger} refused in {phase}")
        self._enter(dest)
        return dest
