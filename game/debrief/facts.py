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
from game.i18n import ENGLISH, Tongue, localized
from game.narrate import Narrator, log_salt
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
    threat: str | None = None  # a silence-break's or a bilateral's threat (its last line says it)


@dataclass
class ThreatFact:
    """A threat made with a silence-break (or in a bilateral after it): the ballot it announced
    on the text as it stood."""

    member: str
    t: int
    silence: int
    threat: str  # abstain | no | veto
    requests: list[tuple[str, str]]  # (issue, variant asked for)
    where: str = "letter"  # letter | bilateral


@dataclass
class LobbyFact:
    """One delegation asked another to back a text (`seek_support`), and the answer."""

    t: int
    member: str
    target: str
    issue: str
    variant: str
    answer: str  # yes | no | noncommittal | yes_if
    package: tuple[str, str] | None  # with yes_if: (issue, variant) it wants backed in return


@dataclass
class PackageFact:
    """A package deal: `member` backs `gives` on one paragraph, `partner` backs `gets` on another."""

    t: int
    member: str
    partner: str
    gives: tuple[str, str]  # (issue, variant)
    gets: tuple[str, str]
    amendment: int | None


@dataclass
class HostLetterFact:
    t: int
    host: str
    revision: int
    issues: list[str]


@dataclass
class NoteFact:
    """A note between two delegations (the classroom's ``note`` event: a written note, or a
    bilateral's chat). A student's copy of the log holds other pairs' notes as placeholders
    (no writer, no text): `member`, `to` and `text` are None then."""
    seq: int
    t: int
    member: str | None
    to: str | None
    channel: str
    text: str | None


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
    # what each capital had told its delegation (hidden during play): member -> (unity shift,
    # shift of its value of the failure outcome), and the spread they were drawn from
    instructions: dict[str, tuple[float, float]] = field(default_factory=dict)
    private_sd: float = 0.0
    threats: list[ThreatFact] = field(default_factory=list)
    lobbying: list[LobbyFact] = field(default_factory=list)
    packages: list[PackageFact] = field(default_factory=list)
    host_letters: list[HostLetterFact] = field(default_factory=list)
    notes: list[NoteFact] = field(default_factory=list)
    tongue: Tongue = ENGLISH  # the reader's language (the narrator shows the scenario in it)

    @property
    def _(self):
        """The reader's gettext."""
        return self.tongue.gettext

    @property
    def shown(self):
        """The scenario as the reader sees it (its texts in the reader's language); `scenario`
        is the engine's, for runs and hashes."""
        return self.narrator.sc

    # words as the reader's language writes them (English: game.names, as the report always said)
    def plural(self, n: int, word: str) -> str:
        """"3 revisions", "3 révisions"."""
        from game.names import plural

        return plural(n, word) if self.tongue.lang == "en" else self.tongue.counted(n, word)

    def counted(self, n: int, word: str) -> str:
        """"six delegations" (in running prose), "6 délégations"."""
        from game.names import counted

        return counted(n, word) if self.tongue.lang == "en" else self.tongue.counted(n, word)

    def span(self, minutes: float) -> str:
        """"14 days and 14 hours", "14 jours et 14 heures"."""
        from game.names import span

        return span(minutes) if self.tongue.lang == "en" else self.tongue.span(minutes)

    def ballot(self, ballot: str | None) -> str | None:
        """A ballot as a vote reads it: "yes", "pour"."""
        if not ballot or self.tongue.lang == "en":
            return ballot
        return self.tongue.pgettext("ballot", ballot)

    def outcome_words(self, outcome: str | None = None) -> str:
        """The outcome as the report says it: "not adopted", "non adoptée"."""
        word = (outcome or self.outcome).replace("_", " ")
        return word if self.tongue.lang == "en" else self._(word)

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
        """The tally of the vote that decided (with rival drafts: the adopted draft's, else
        the penholder's text's: `game.stats.deciding_vote`)."""
        st = self.state
        if st.rivals and st.votes:
            from game.stats import deciding_vote

            return str(deciding_vote(st).tally)
        return str(st.tally) if st.tally else ""

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

    def the(self, m: str | None, cap: bool = False) -> str:
        """The member's name as it reads inside a sentence ("the United Kingdom")."""
        return self.narrator.the(m, cap=cap)

    def names_list(self, ms, cap: bool = False) -> str:
        """"the United Kingdom, France and the Niger" (`cap`: at the start of a sentence)."""
        from game.names import names_list

        if self.tongue.lang != "en":
            return self.tongue.names([self.name(m) for m in ms], cap=cap)
        return names_list([self.name(m) for m in ms], cap=cap)

    def para(self, issue: str) -> str:
        """"OP 20 (A strategic vision for the Mission)": the paragraph with its title."""
        info = self.narrator.issues[issue]
        return self._("OP {n} ({title})").format(n=info.paragraph, title=info.title)


def _amendment(state: State, a) -> AmendmentFact:
    info = state.council.issues[a.issue]
    return AmendmentFact(a.id, info.id, info.variant_ids[a.variant], a.proposer, list(a.sponsors),
                         a.origin, a.status,
                         info.variant_ids[a.settled_on] if a.settled_on is not None else None, a.round)


def read_session(header: dict, events: list[Event], lang: str = "en") -> Facts:
    """Replay a log and collect its facts (see the module docstring); their words (the
    timeline, the letters, the scenario's texts) in the reader's language `lang`."""
    scenario, _data = scenario_of(header)
    tongue = Tongue(lang)
    # "OP 20", not ids; the scenario's texts shown in the reader's language
    n = Narrator(localized(scenario, lang), ids=False, salt=log_salt(header.get("seed")), lang=lang)
    st = State(scenario)
    # the class's seats: the header's, and every seat a student took during the session (a
    # class's log seats its students with take_seat events); `seated`: those played from
    # outside at each moment (a move is the class's if its seat was then)
    outside = list(header.get("outside") or [])
    seated = set(outside)
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
    instructions: dict[str, tuple[float, float]] = {}
    threats: list[ThreatFact] = []
    lobbying: list[LobbyFact] = []
    packages: list[PackageFact] = []
    host_letters: list[HostLetterFact] = []
    notes: list[NoteFact] = []

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
            if d.get("threat") and not d.get("with"):
                threats.append(ThreatFact(ev.actor, ev.t, sil.number, d["threat"],
                                          [(r["issue"], r["variant"]) for r in d["requests"]]))
        elif k == "bilateral_talk":
            if d.get("threat"):
                threats.append(ThreatFact(ev.actor, ev.t, d.get("silence", len(silences)), d["threat"],
                                          [(r["issue"], r["variant"]) for r in d["requests"]], "bilateral"))
        elif k == "instructions":
            ids = st.council.ids
            instructions = {ids[j]: (float(p[0]), float(p[1])) for j, p in enumerate(d.get("private") or [])
                            if j < len(ids)}
        elif k == "seek_support":
            pk = (d.get("reasons") or [{}])[0].get("package") if d.get("reasons") else None
            lobbying.append(LobbyFact(ev.t, ev.actor, d["target"], d["issue"], d["variant"], d["answer"],
                                      (pk["issue"], pk["variant"]) if pk else None))
        elif k == "package_deal":
            packages.append(PackageFact(ev.t, ev.actor, d["with"], (d["gives"]["issue"], d["gives"]["variant"]),
                                        (d["gets"]["issue"], d["gets"]["variant"]), d.get("amendment")))
        elif k == "host_letter":
            host_letters.append(HostLetterFact(ev.t, ev.actor, d.get("revision", 0), list(d.get("issues") or [])))
        elif k == "take_seat":
            if d.get("by") == "student":
                seated.add(d["member"])
                if d["member"] not in outside:
                    outside.append(d["member"])
            else:
                seated.discard(d.get("member"))
        elif k == "note":
            whole = "to" in d and "text" in d
            notes.append(NoteFact(ev.seq, ev.t, ev.actor if whole else None, d.get("to") if whole else None,
                                  str(d.get("channel") or "note"), str(d["text"]) if whole else None))
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
            explanations.append((ev.actor, d, n.explanation(ev, st)))
        elif k == "inject":
            spec = next((e for e in n.sc.events if e.id == d["id"]), None)  # (its message as the reader reads it)
            injects.append((ev.t, d["id"], spec.message.strip() if spec else d["id"], bool(d.get("timed"))))
            if st.draft:
                record_satisfaction(ev.t)
        if silences:
            silences[-1].held = st.silences[-1].held if st.silences else None
        lines = n.lines(ev, st)
        if k == "instructions":
            lines = [tongue.gettext("Each capital sends its delegation private instructions, which the other "
                                    "delegations do not see (revealed below, under \u201cWhat the capitals had told "
                                    "their delegations\u201d)")]
        if k in ("break_silence", "explain_vote", "bilateral_talk"):
            lines = [_nest_quotes(ln) for ln in lines]
        if lines and k != "cast_vote":
            timeline.append(TimelineEntry(ev.seq, ev.t, k, ev.actor, lines, ev.actor in seated,
                                          d.get("threat") if (k == "break_silence" and not d.get("with"))
                                          or k == "bilateral_talk" else None))
    if st.draft:
        record_satisfaction(st.t)
    if st.rivals and st.votes:  # several votes: the ballots of the one that decided
        from game.stats import deciding_vote

        ballots = {m: b.value for m, b in deciding_vote(st).ballots.items()}
    zero_sat = {m: v[0][1] for m, v in sat.items() if v}
    final_sat = {m: v[-1][1] for m, v in sat.items() if v}
    from game.session import seed_from_json

    return Facts(header, events, scenario, n, st, outside, seed_from_json(header["seed"]), timeline,
                 revisions, [_amendment(st, a) for a in st.amendments], silences, ballots,
                 vote_reasons, vote_t, blue, blue_over, explanations, injects, sat, zero_sat,
                 final_sat, bilaterals, instructions, float(st.council.params.private_sd), threats,
                 lobbying, packages, host_letters, notes, tongue)


def _nest_quotes(line: str) -> str:
    """A quoted letter or speech with quotations inside: the inner ones in single quotes
    (“… We ask for ‘General acknowledgement’ …”)."""
    body = line.strip()
    if len(body) > 2 and body[0] == "\u201c" and body[-1] == "\u201d":
        inner = body[1:-1].replace("\u201c", "\u2018").replace("\u201d", "\u2019")
        return line[: len(line) - len(line.lstrip())] + "\u201c" + inner + "\u201d"
    return line


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
