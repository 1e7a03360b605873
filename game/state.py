"""The state of a negotiation, and the one function that changes it: `apply(state, event)`.

The live session and `replay` both build state only through `apply`, so a saved log
rebuilds exactly the state the session had. Nothing here draws a random number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from game import rules
from game.council import Council
from game.events import Event
from game.procedure import OUTCOME_OF_PHASE, Phase, Procedure
from game.schema import Scenario

MINUTES_PER_DAY = 24 * 60


@dataclass(slots=True)
class Amendment:
    id: int
    issue: int
    variant: int
    proposer: str
    round: int
    origin: str  # "round" (written comments) or "silence" (an objection under silence)
    cosponsors: list[str] = field(default_factory=list)
    status: str = "pending"  # pending | accepted | partly | rejected
    settled_on: int | None = None  # the variant the penholder chose

    @property
    def sponsors(self) -> list[str]:
        return [self.proposer, *self.cosponsors]

    def sponsored_by(self, member: str) -> bool:
        """``member in self.sponsors``, without building the list (hot in the agents)."""
        return member == self.proposer or member in self.cosponsors


@dataclass(slots=True)
class Silence:
    number: int
    revision: int
    placed: int
    deadline: int
    breaks: list[tuple[str, list[str]]] = field(default_factory=list)  # (member, issue ids)
    held: bool | None = None

    @property
    def breakers(self) -> list[str]:
        return [m for m, _ in self.breaks]


def minutes_until_expiry(scenario: Scenario, expiry: dt.date | None = None) -> int:
    """End of the mandate's last day, in minutes from 00:00 on the zero-draft day."""
    expiry = expiry or scenario.calendar.mandate_expiry
    return ((expiry - scenario.calendar.zero_draft).days + 1) * MINUTES_PER_DAY - 1


class State:
    """Everything public about the negotiation at one moment."""

    def __init__(self, scenario: Scenario, council: Council | None = None, procedure: Procedure | None = None):
        self.scenario = scenario
        self.council = council or Council(scenario)
        proc = procedure or Procedure()
        self.procedure = proc.reset(
            scenario.penholder, scenario.members, self.council.permanent_ids, scenario.host.id
        )
        self.t = 0
        self.seq = 0
        self.draft: list[int] = []
        self.working: list[int] = []
        self.drafts: list[list[int]] = []
        # the draft and the zero draft as tuples, kept by `apply` with `draft` and
        # `drafts[0]`: the agents' memo keys, built once per revision, not once per look-up
        self.draft_key: tuple[int, ...] = ()
        self.zero_key: tuple[int, ...] = ()
        self.round = 0
        self.amendments: list[Amendment] = []
        self.open: dict[int, Amendment] = {}  # pending amendments by number
        self.silences: list[Silence] = []
        self.blue_revision: int | None = None
        self.blue_t: int | None = None
        self.vote_on = "resolution"  # or "rollover"
        self.ballots: dict[str, rules.Ballot] = {}
        self.tally: rules.Tally | None = None
        self.outcome: rules.Outcome | None = None
        self.explanations: list[tuple[str, dict]] = []
        self.pledges: dict[tuple[str, int], int] = {}
        # the paragraphs each member asked to change (amendments tabled or backed, silences
        # broken), as a frozenset per member: cheap to use as a memo key
        self.asked: dict[str, frozenset[int]] = {}
        self.injected: list[str] = []
        self.expiry_t = minutes_until_expiry(scenario)

    # convenient views
    @property
    def phase(self) -> Phase:
        return self.procedure.state

    @property
    def revision(self) -> int:
        return len(self.drafts) - 1

    @property
    def silence(self) -> Silence | None:
        return self.silences[-1] if self.silences else None

    @property
    def finished(self) -> bool:
        return self.procedure.finished

    def pending_amendments(self) -> list[Amendment]:
        return list(self.open.values())

    def draft_ids(self, draft=None) -> dict[str, str]:
        draft = self.draft if draft is None else draft
        return {info.id: info.variant_ids[v] for info, v in zip(self.council.issues, draft, strict=True)}

    def date(self, t: int | None = None) -> dt.datetime:
        t = self.t if t is None else t
        base = dt.datetime.combine(self.scenario.calendar.zero_draft, dt.time())
        return base + dt.timedelta(minutes=t)


# --- apply ----------------------------------------------------------------------------

def _variant(c: Council, i: int, variant: str) -> int:
    """The index of a variant of issue i (a dict look-up; an unknown variant raises the
    ValueError of ``variant_ids.index``, as it always has)."""
    v = c.variant_index[i].get(variant)
    return c.issues[i].variant_ids.index(variant) if v is None else v


def _variants(state: State, mapping: dict[str, str]) -> list[int]:
    """A draft as variant indexes in issue order, from {issue: variant} in any order."""
    c = state.council
    return [_variant(c, i, mapping[info.id]) for i, info in enumerate(c.issues)]


def _issue_variant(state: State, data: dict) -> tuple[int, int]:
    c = state.council
    i = c.issue_index[data["issue"]]
    v = c.variant_index[i].get(data["variant"])
    return i, (_variant(c, i, data["variant"]) if v is None else v)


def _new_amendment(state: State, actor: str, data: dict, origin: str) -> None:
    i, v = _issue_variant(state, data)
    a = Amendment(data["id"], i, v, actor, state.round, origin)
    state.amendments.append(a)
    state.open[a.id] = a
    _ask(state, actor, i)


def _ask(state: State, member: str, issue: int) -> None:
    asked = state.asked.get(member)
    if asked is None:
        state.asked[member] = frozenset((issue,))
    elif issue not in asked:
        state.asked[member] = asked | {issue}


_BALLOT = {b.value: b for b in rules.Ballot}


def apply(state: State, ev: Event) -> None:
    """Apply one event to the state (the only way state changes)."""
    if ev.seq != state.seq + 1:
        raise ValueError(f"event seq {ev.seq} after {state.seq}: the log is out of order")
    if ev.t < state.t:
        raise ValueError(f"event {ev.seq} at t={ev.t} is earlier than t={state.t}")
    state.seq = ev.seq
    state.t = ev.t
    kind, d, actor = ev.kind, ev.data, ev.actor
    # the kinds in order of frequency (written comments and ballots are most events)
    if kind == "propose_amendments":
        if "backs" in d:
            for aid in d["backs"]:
                backed = state.amendments[aid - 1]
                backed.cosponsors.append(actor)
                _ask(state, actor, backed.issue)
        if "amendments" in d:
            for a in d["amendments"]:
                _new_amendment(state, actor, a, "round")
    elif kind == "cast_vote":
        state.ballots[actor] = _BALLOT[d["ballot"]]
    elif kind == "explain_vote":
        state.explanations.append((actor, d))
    elif kind == "decide_amendments":
        c = state.council
        for dec in d["decisions"]:
            a = state.amendments[dec["amendment"] - 1]
            a.status = dec["decision"]
            a.settled_on = _variant(c, a.issue, dec["variant"])
            state.working[a.issue] = a.settled_on
            del state.open[a.id]
    elif kind == "circulate_revision":
        state.draft = list(state.working)
        state.draft_key = tuple(state.draft)
        state.drafts.append(list(state.draft))
    elif kind == "seek_support":
        if d["answer"] == "yes":
            i, v = _issue_variant(state, d)
            target = d["target"]
            state.pledges[(target, i)] = v
            for a in state.open.values():
                if a.issue == i and a.variant == v and not a.sponsored_by(target):
                    a.cosponsors.append(target)
    elif kind == "circulate_zero_draft":
        state.draft = _variants(state, d["draft"])
        state.draft_key = state.zero_key = tuple(state.draft)
        state.working = list(state.draft)
        state.drafts = [list(state.draft)]
    elif kind == "inject":
        spec = next(e for e in state.scenario.events if e.id == d["id"])
        state.injected.append(spec.id)
        if spec.shifts:
            state.council = state.council.shifted(spec.shifts)
        if spec.mandate_expiry is not None:
            state.expiry_t = minutes_until_expiry(state.scenario, spec.mandate_expiry)
    elif kind == "end_turn":
        pass
    else:  # a phase change: fire the procedure's trigger
        if kind == "break_silence":
            state.silences[-1].breaks.append((actor, [r["issue"] for r in d["requests"]]))
            for r in d["requests"]:
                _new_amendment(state, actor, r, "silence")
        elif kind == "open_expert_round":
            state.round = d["round"]
        elif kind == "place_under_silence":
            state.silences.append(Silence(len(state.silences) + 1, state.revision, ev.t, d["deadline"]))
        elif kind == "silence_holds":
            state.silences[-1].held = True
        elif kind == "put_in_blue":
            state.blue_revision, state.blue_t = state.revision, ev.t
        elif kind in ("call_vote", "seek_rollover"):
            state.ballots = {}
            state.vote_on = "rollover" if kind == "seek_rollover" else "resolution"
        phase = state.procedure.fire(kind, ballots=state.ballots)
        if kind == "break_silence":
            state.silences[-1].held = False
        if kind == "declare_result":
            state.tally = rules.count_ballots(state.ballots)
        if phase in OUTCOME_OF_PHASE:
            state.outcome = OUTCOME_OF_PHASE[phase]
