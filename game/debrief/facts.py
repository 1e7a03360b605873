"""What a saved session came to, read from its log: the facts the reports show.

`read_session(header, events)` replays the log through `game.state.apply` (no dice) and
collects, as plain data: the revisions of the draft and what changed in each, the
amendments and how they were settled, the silences and their letters, the vote, the
explanations of vote, the injects, and each member's satisfaction with the draft over time
(`Council.satisfaction`, with the Council as it stood: an inject that moves a member moves
its satisfaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.events import Event
from game.narrate import Narrator
from game.replay import scenario_of
from game.state import MINUTES_PER_DAY, State, apply


@dataclass
class AmendmentFact:
    id: int
    issue: str
    variant: str
    proposer: str
    sponsors: list[str]
    origin: str  # round | silence
    status: str  # pending | accepted | partly | rejected
    settled_on: str | None
    round: int


@dataclass
class RevisionFact:
    number: int
    t: int
    draft: dict[str, str]
    changes: list[tuple[str, str, str]]  # (issue, before, after)
    settled: list[AmendmentFact] = field(default_factory=list)  # amendments settled just before


@dataclass
class BreakFact:
    member: str
    t: int
    requests: list[tuple[str, str]]  # (issue, variant asked for)
    letter: str
    joins: str | None  # co-signed the letter of this member
    reasons: list[dict]


@dataclass
class SilenceFact:
    number: int
    revision: int
    placed: int
    deadline: int
    held: bool | None
    breaks: list[BreakFact] = field(default_factory=list)
    then: str = ""  # what the penholder did next

    @property
    def breakers(self) -> list[str]:
        return [b.member for b in self.breaks]


@dataclass
class TimelineEntry:
    seq: int
    t: int
    kind: str
    actor: str | None
    lines: list[str]
    by_class: bool


@dataclass
class Facts:
    header: dict
    events: list[Event]
    scenario: object
    narrator: Narrator
    state: State
    outside: list[str]
    seed: object
    timeline: list[TimelineEntry]
    revisions: list[RevisionFact]
    amendments: list[AmendmentFact]
    silences: list[SilenceFact]
    ballots: dict[str, str]
    vote_reasons: dict[str, list[dict]]
    vote_t: int | None
    blue: tuple[int, int] | None  # (revision, t)
    blue_over: list[str]
    explanations: list[tuple[str, dict, str]]  # (member, data, text)
    injects: list[tuple[int, str, str, bool]]  # (t, id, message, timed)
    satisfaction: dict[str, list[tuple[int, float]]]  # member -> [(t, value)]
    zero_satisfaction: dict[str, float]
    final_satisfaction: dict[str, float]
    bilaterals: list[tuple[int, list[str]]]

    # --- convenient views -------------------------------------------------------------
    @property
    def outcome(self) -> str:
        st = self.state
        return st.outcome.value if st.outcome else "unfinished"

    @property
    def finished(self) -> bool:
        return self.state.outcome is not None

    @property
    def tally(self) -> str:
        return str(self.state.tally) if self.state.tally else ""

    @property
    def zero_draft(self) -> dict[str, str]:
        return self.revisions[0].draft if self.revisions else {}

    @property
    def final_draft(self) -> dict[str, str]:
        return self.state.draft_ids() if self.state.draft else {}

    @property
    def days(self) -> float:
        return self.state.t / MINUTES_PER_DAY

    @property
    def breakers(self) -> list[str]:
        out = []
        for s in self.silences:
            for m in s.breakers:
                if m not in out:
                    out.append(m)
        return out

    def label(self, issue: str, variant: str | None) -> str:
        if variant is None or variant == "unknown":
            return variant or "—"
        v = self.narrator.variants[issue][variant]
        return v.label or v.id

    def position(self, issue: str, variant: str) -> float:
        return self.narrator.variants[issue][variant].position

    def name(self, m: str | None) -> str:
        return self.narrator.name(m)


def _amendment(state: State, a) -> AmendmentFact:
    info = state.council.issues[a.issue]
    return AmendmentFact(a.id, info.id, info.variant_ids[a.variant], a.proposer, list(a.sponsors),
                         a.origin, a.status,
                         info.variant_ids[a.settled_on] if a.settled_on is not None else None, a.round)


def read_session(header: dict, events: list[Event]) -> Facts:
    """Replay a log and collect its facts (see the module docstring)."""
    scenario, _data = scenario_of(header)
    n = Narrator(scenario)
    st = State(scenario)
    outside = list(header.get("outside") or [])
    timeline: list[TimelineEntry] = []
    revisions: list[RevisionFact] = []
    silences: list[SilenceFact] = []
    ballots: dict[str, str] = {}
    vote_reasons: dict[str, list[dict]] = {}
    explanations: list[tuple[str, dict, str]] = []
    injects: list[tuple[int, str, str, bool]] = []
    sat: dict[str, list[tuple[int, float]]] = {m: [] for m in scenario.members}
    bilaterals: list[tuple[int, list[str]]] = []
    settled_since: list[int] = []
    vote_t = None
    blue = None
    blue_over: list[str] = []

    def record_satisfaction(t: int) -> None:
        c = st.council
        for m in scenario.members:
            sat[m].append((t, c.satisfaction(c.index[m], st.draft)))

    for ev in events:
        apply(st, ev)
        k, d = ev.kind, ev.data
        if k == "circulate_zero_draft":
            revisions.append(RevisionFact(0, ev.t, st.draft_ids(), []))
            record_satisfaction(ev.t)
        elif k == "circulate_revision":
            before = revisions[-1].draft if revisions else {}
            now = st.draft_ids()
            changes = [(i, before.get(i), v) for i, v in now.items() if before.get(i) != v]
            settled = [_amendment(st, st.amendments[aid - 1]) for aid in settled_since]
            revisions.append(RevisionFact(d["revision"], ev.t, now, changes, settled))
            settled_since = []
            record_satisfaction(ev.t)
        elif k == "decide_amendments":
            settled_since.extend(dec["amendment"] for dec in d["decisions"])
        elif k == "place_under_silence":
            silences.append(SilenceFact(len(silences) + 1, d["revision"], ev.t, d["deadline"], None))
        elif k == "break_silence":
            sil = silences[-1]
            sil.breaks.append(BreakFact(ev.actor, ev.t, [(r["issue"], r["variant"]) for r in d["requests"]],
                                        n.letter(ev), d.get("with"), list(d.get("reasons") or [])))
        elif k == "silence_holds":
            silences[-1].held = True
        elif k in ("open_expert_round", "hold_bilaterals", "put_in_blue", "seek_rollover"):
            if silences and not silences[-1].then and st.silences[-1].breakers:
                silences[-1].then = k
            if k == "hold_bilaterals":
                bilaterals.append((ev.t, list(d.get("with_") or [])))
            if k == "put_in_blue":
                blue = (d["revision"], ev.t)
                blue_over = list(d.get("objections") or [])
        elif k == "cast_vote":
            ballots[ev.actor] = d["ballot"]
            vote_reasons[ev.actor] = list(d.get("reasons") or [])
        elif k == "call_vote" or k == "seek_rollover":
            vote_t = ev.t
        elif k == "explain_vote":
            explanations.append((ev.actor, d, n.explanation(ev)))
        elif k == "inject":
            spec = next((e for e in scenario.events if e.id == d["id"]), None)
            injects.append((ev.t, d["id"], spec.message.strip() if spec else d["id"], bool(d.get("timed"))))
            if st.draft:
                record_satisfaction(ev.t)
        if silences:
            silences[-1].held = st.silences[-1].held if st.silences else None
        lines = n.lines(ev, st)
        if lines and k != "cast_vote":
            timeline.append(TimelineEntry(ev.seq, ev.t, k, ev.actor, lines, ev.actor in outside))
    if st.draft:
        record_satisfaction(st.t)
    zero_sat = {m: v[0][1] for m, v in sat.items() if v}
    final_sat = {m: v[-1][1] for m, v in sat.items() if v}
    from game.session import seed_from_json

    return Facts(header, events, scenario, n, st, outside, seed_from_json(header["seed"]), timeline,
                 revisions, [_amendment(st, a) for a in st.amendments], silences, ballots,
                 vote_reasons, vote_t, blue, blue_over, explanations, injects, sat, zero_sat,
                 final_sat, bilaterals)


def simulated_rows(scenario, runs: int, seed: int = 0) -> list[dict]:
    """`runs` AI negotiations of the scenario from the start (run i: the i-th child of
    SeedSequence(seed), as in a batch), as `game.stats.run_row` rows."""
    import numpy as np

    from game.council import Council
    from game.procedure import Procedure
    from game.session import Session
    from game.stats import run_row

    proc, council = Procedure(), Council(scenario)
    rows = []
    for i in range(runs):
        child = np.random.SeedSequence(seed, spawn_key=(i,))
        rows.append(run_row(Session(scenario, child, procedure=proc, council=council).run().state))
    return rows
