"""The state of a negotiation, and the one function that changes it: `apply(state, event)`.

The live session and `replay` both build state only through `apply`, so a saved log
rebuilds exactly the state the session had. Nothing here draws a random number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import cython

from game import rules
from game.council import Council
from game.events import Event, Record
from game.procedure import OUTCOME_OF_PHASE, Phase, Procedure
from game.schema import Scenario

if cython.compiled:  # (the count of a vote and the Tally: C calls, game/rules.pxd)
    from cython.cimports.game import rules

MINUTES_PER_DAY = 24 * 60


_AMENDMENT_FIELDS = ("id", "issue", "variant", "proposer", "round", "origin", "cosponsors", "status", "settled_on")


@cython.cclass
class Amendment(Record):
    """An amendment tabled: its number (`id`), the paragraph (`issue`) and the variant it
    asks for (indexes), who tabled it and in which round, its `origin` ("round": written
    comments; "silence": an objection under silence; "bilateral"), its co-sponsors, its
    `status` (pending | accepted | partly | rejected) and the variant the penholder chose
    (`settled_on`).

    What a slots dataclass gave it: equality of the fields, a repr, no hash (`Record`).
    Compiled, an extension type (game/state.pxd): `apply` makes some fifty a negotiation,
    without the dataclass's interpreted `__init__`, and reads their fields in C."""

    __slots__ = _AMENDMENT_FIELDS
    _NAMES = _AMENDMENT_FIELDS

    def __init__(self, id: int, issue: int, variant: int, proposer: str, round: int, origin: str,
                 cosponsors: list[str] | None = None, status: str = "pending", settled_on: int | None = None):
        self.id = id
        self.issue = issue
        self.variant = variant
        self.proposer = proposer
        self.round = round
        self.origin = origin
        self.cosponsors = [] if cosponsors is None else cosponsors
        self.status = status
        self.settled_on = settled_on

    def _fields(self) -> tuple:
        return (self.id, self.issue, self.variant, self.proposer, self.round, self.origin, self.cosponsors,
                self.status, self.settled_on)

    @property
    def sponsors(self) -> list[str]:
        return [self.proposer, *self.cosponsors]

    def sponsored_by(self, member: str) -> bool:
        """``member in self.sponsors``, without building the list (hot in the agents)."""
        return member == self.proposer or member in self.cosponsors


_SILENCE_FIELDS = ("number", "revision", "placed", "deadline", "breaks", "held", "breakers")


@cython.cclass
class Silence(Record):
    """A text placed under silence: its number, the revision placed, when (`placed`) and
    until when (`deadline`); the letters breaking it (`breaks`: member, issue ids), whether
    it held (None until known), and `breakers`: the members in `breaks`, in order, kept by
    `apply` beside `breaks` (the agents ask who broke a silence many times a negotiation).

    What a slots dataclass gave it: equality of the fields, a repr, no hash (`Record`).
    Compiled, an extension type (game/state.pxd), read in C where it is typed."""

    __slots__ = _SILENCE_FIELDS
    _NAMES = _SILENCE_FIELDS

    def __init__(self, number: int, revision: int, placed: int, deadline: int,
                 breaks: list[tuple[str, list[str]]] | None = None, held: bool | None = None,
                 breakers: list[str] | None = None):
        self.number = number
        self.revision = revision
        self.placed = placed
        self.deadline = deadline
        self.breaks = [] if breaks is None else breaks
        self.held = held
        self.breakers = [] if breakers is None else breakers

    def _fields(self) -> tuple:
        return (self.number, self.revision, self.placed, self.deadline, self.breaks, self.held, self.breakers)


@dataclass(slots=True)
class Rival:
    """A rival draft: a member's own text (one variant per paragraph), tabled and put in
    blue at `t`; voted in the order of submission (provisional rule 32)."""

    number: int
    sponsor: str
    draft: list[int]
    t: int


@dataclass(slots=True)
class Vote:
    """One vote of a formal meeting: on the penholder's text ('text'), a rival draft
    ('rival', with its number and sponsor) or a technical rollover ('rollover')."""

    on: str
    sponsor: str
    rival: int | None
    ballots: dict
    tally: rules.Tally
    result: rules.Outcome  # adopted, vetoed or not_adopted (Art. 27(3))
    why: dict


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
            scenario.penholder, scenario.members, self.council.permanent_ids, scenario.host.id,
            scenario.co_penholders,
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
        # how many silences each member broke (the current one too), kept by `apply` with
        # `Silence.breakers`: its restraint before breaking another (game.model.silence)
        self.silences_broken: dict[str, int] = {}
        self.silence: Silence | None = None  # the last of `silences` (kept by `apply`)
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
        # rival drafts (in the order tabled), the texts in blue in the order of their
        # submission, waiting for the vote (('text' | 'rival' | 'rollover', rival number)),
        # the rival text under the vote now (None: the penholder's text or the rollover),
        # and every vote held, in order
        self.rivals: list[Rival] = []
        self.queue: list[tuple[str, int | None]] = []
        self.voting: list[int] | None = None
        # the text under the vote (or last voted): a rival draft (`voting`), or the
        # penholder's (`draft`); kept by `apply` with both
        self.vote_text: list[int] = self.draft
        self.votes: list[Vote] = []
        self.rival_on: int | None = None  # the number of the rival under the vote
        self.meeting = 0  # index in `votes` of the first vote of the current meeting
        self.expiry_t = minutes_until_expiry(scenario)
        # --- what the model weighs (game.model) ---
        # each capital's private instructions, (unity shift, reversion shift) per member in
        # seating order: drawn by the session, recorded in the `instructions` event
        self.private: list[tuple[float, float]] = []
        # and what each capital thinks of each text beyond its public position (per member,
        # paragraph and variant: `instruction_sd`; the same event): 0 until drawn
        self.taste: tuple[tuple[tuple[float, ...], ...], ...] = self.council.no_taste
        # the room's estimate of those shifts (game.model.beliefs), moved by what
        # members do in public
        self.belief: list[tuple[float, float]] = [(0.0, 0.0)] * len(self.council.ids)
        # what a member heard in private (a threat in a bilateral with the pen, a pledge in
        # answer to its own lobbying) it alone reads into: per observer (member index) that
        # heard something, its own estimate, the public one moved by what it heard
        # (game.model.beliefs: the count a member makes is its own)
        self.views: dict[int, list[tuple[float, float]]] = {}
        # `belief_version` counts the changes to what the room's count reads: about one
        # member (its estimate, what it asked for, concessions to it taken back) or about
        # all (the zero draft, the host's letters, rollovers, the Council after an inject;
        # the last such version is `room_changed_at`). `changes` says which member each
        # was about (change v at index v - 1; -1: about all): what changed since a count is
        # read from its tail (`changed_since`)
        self.belief_version = 0
        self.room_changed_at = 0
        self.changes: list[int] = []
        self.threats: list[tuple[str, str]] = []  # (member, "veto" | "no" | "abstain")
        # the threats made in private (their index in `threats`) and who heard each
        self.private_threats: dict[int, tuple[int, ...]] = {}
        # the red lines the room does not know yet, per member index (private instructions,
        # `public: false` in the scenario): shown when the member asks in writing for a
        # change of the paragraph, or votes against a text across it (game.model.beliefs)
        self.red_unseen: dict[int, frozenset[int]] = {
            m: hidden for m, hidden in enumerate(self.council.hidden_red) if hidden}
        # concessions the penholder made: issue -> (variant, members it was made to)
        self.conceded: dict[int, tuple[int, tuple[str, ...]]] = {}
        self.reversals: dict[str, int] = {}  # member -> concessions to it taken back
        # what the co-penholders objected to: issue -> [(the text then, the text refused)]
        # (the lead does not propose that text, or one further, again: game.model.penholder)
        self.co_pen_refused: dict[int, list[tuple[int, int]]] = {}
        self.host_letters: dict[int, dict] = {}  # revision -> the host's letter on it
        self.rollovers = 0  # technical rollovers adopted in this negotiation
        self.ballot_why: dict[str, str] = {}  # member -> the reason its ballot won
        # this negotiation's counts of the room (game.model.beliefs): (text, rollover, view) ->
        # (belief_version when counted, count); per state, since they depend on what
        # happened in this negotiation
        self.rooms: dict = {}
        self.forecasts: dict = {}
        # what each member's count reads besides the text (game.model.beliefs.member_terms),
        # per count (None: the room's; a member's own, `views`): (belief_version when built, terms)
        self.member_terms: dict = {}

    # convenient views
    @property
    def phase(self) -> Phase:
        return self.procedure.state

    @property
    def revision(self) -> int:
        return len(self.drafts) - 1

    @property
    def voting_rival(self) -> Rival | None:
        """The rival draft under the vote now (or last voted), if any."""
        return self.rivals[self.rival_on - 1] if self.rival_on else None

    @property
    def finished(self) -> bool:
        return self.procedure.finished

    def changed_since(self, version: int) -> list[int]:
        """The members (indexes, in seating order) a change after `version` was about."""
        if version >= self.belief_version:
            return []
        return sorted({k for k in self.changes[version:] if k >= 0})

    def pending_amendments(self) -> list[Amendment]:
        return list(self.open.values())

    @cython.locals(a=Amendment)
    def pending_for(self, issue: int, variant: int) -> Amendment | None:
        """The first pending amendment asking for `variant` of `issue` (indexes), if any."""
        for a in self.open.values():
            if a.issue == issue and a.variant == variant:
                return a
        return None

    def draft_ids(self, draft=None) -> dict[str, str]:
        draft = self.draft if draft is None else draft
        return {info.id: info.variant_ids[v] for info, v in zip(self.council.issues, draft, strict=True)}

    def date(self, t: int | None = None) -> dt.datetime:
        t = self.t if t is None else t
        base = dt.datetime.combine(self.scenario.calendar.zero_draft, dt.time())
        return base + dt.timedelta(minutes=t)


# --- apply ----------------------------------------------------------------------------

@cython.cfunc
@cython.locals(c=Council, variants=dict)
def _variant(c: Council, i: int, variant: str) -> int:
    """The index of a variant of issue i (a dict look-up; an unknown variant raises the
    ValueError of ``variant_ids.index``, as it always has)."""
    variants = c.variant_index[i]
    v = variants.get(variant)
    return c.issues[i].variant_ids.index(variant) if v is None else v


@cython.cfunc
@cython.locals(state=State, c=Council)
def _variants(state: State, mapping: dict[str, str]) -> list[int]:
    """A draft as variant indexes in issue order, from {issue: variant} in any order."""
    c = state.council
    return [_variant(c, i, mapping[info.id]) for i, info in enumerate(c.issues)]


@cython.cfunc
@cython.locals(state=State, c=Council, issues=dict)
def _issue_variant(state: State, data: dict) -> tuple[int, int]:
    c = state.council
    issues = c.issue_index
    i = issues[data["issue"]]
    return i, _variant(c, i, data["variant"])


@cython.cfunc
@cython.locals(state=State, a=Amendment)
def _new_amendment(state: State, actor: str, data: dict, origin: str) -> None:
    i, v = _issue_variant(state, data)
    a = Amendment(data["id"], i, v, actor, state.round, origin)
    state.amendments.append(a)
    state.open[a.id] = a
    _ask(state, actor, i)


@cython.cfunc
@cython.locals(state=State)
def _member_changed(state: State, member: str) -> None:
    """Something the room's count reads about `member` changed (see State.belief_version)."""
    state.belief_version += 1
    state.changes.append(state.council.index[member])


@cython.cfunc
@cython.locals(state=State)
def _room_changed(state: State) -> None:
    """Something the room's count reads about every member changed."""
    state.belief_version += 1
    state.room_changed_at = state.belief_version
    state.changes.append(-1)


@cython.cfunc
@cython.locals(state=State)
def _nudge(state: State, member: str, unity: float = 0.0, reversion: float = 0.0,
           heard_by: tuple[int, ...] | None = None) -> None:
    """Move the estimate of a member's private shifts (game.model.beliefs): the room's, on
    what the member did in public (every member's own estimate moves with it); or, on what
    it said in private, only the estimates of those who heard it (`heard_by`)."""
    k = state.council.index[member]
    if heard_by is None:
        for estimate in (state.belief, *state.views.values()):
            u, r = estimate[k]
            estimate[k] = (u + unity, r + reversion)
    else:
        for o in heard_by:
            estimate = state.views.get(o)
            if estimate is None:
                estimate = state.views[o] = list(state.belief)
            u, r = estimate[k]
            estimate[k] = (u + unity, r + reversion)
    _member_changed(state, member)


@cython.cfunc
@cython.locals(state=State)
def _read_into(state: State, member: str, d: dict, heard_by: tuple[int, ...] | None = None) -> None:
    """What the room reads into an event, when it records some (`inferred`: a threat, a
    comment or a letter that shows a capital told to hold firm): its estimate of the
    member's private shifts moves by it (game.model.beliefs); only the estimates of
    `heard_by` for what was said in private."""
    inferred = d.get("inferred")
    if inferred:
        _nudge(state, member, unity=inferred.get("unity", 0.0), reversion=inferred.get("reversion", 0.0),
               heard_by=heard_by)


@cython.cfunc
@cython.locals(state=State, a=Amendment)
def _settle(state: State, a: Amendment, decision: str, variant: int, reverses) -> None:
    """Record the penholder's answer: a concession is remembered (who it was made to), a
    concession taken back counts against the penholder with those it was made to."""
    i = a.issue
    for m in reverses or ():
        state.reversals[m] = state.reversals.get(m, 0) + 1
        _member_changed(state, m)
    if reverses:
        state.conceded.pop(i, None)
    if decision in ("accepted", "partly"):
        kept = state.conceded.get(i)
        members = tuple(a.sponsors)
        if kept is not None and kept[0] == variant:
            members = tuple(dict.fromkeys((*kept[1], *members)))
        state.conceded[i] = (variant, members)


@cython.cfunc
@cython.locals(state=State)
def _reveal(state: State, member: str, issues) -> None:
    """The room now knows `member`'s red lines on `issues` (those it did not know)."""
    m = state.council.index[member]
    unseen = state.red_unseen.get(m)
    if unseen is None or unseen.isdisjoint(issues):
        return
    unseen = unseen.difference(issues)
    if unseen:
        state.red_unseen[m] = unseen
    else:
        del state.red_unseen[m]
    _member_changed(state, member)


@cython.cfunc
@cython.locals(state=State)
def _ask(state: State, member: str, issue: int) -> None:
    if state.red_unseen:  # (asking for a change of the paragraph shows a red line on it)
        _reveal(state, member, (issue,))
    asked = state.asked.get(member)
    if asked is None:
        state.asked[member] = frozenset((issue,))
    elif issue not in asked:
        state.asked[member] = asked | {issue}
    else:
        return
    _member_changed(state, member)


_BALLOT = {b.value: b for b in rules.Ballot}


@cython.locals(state=State, c=Council, ev=Event, kind=str, d=dict, a=Amendment, backed=Amendment, sil=Silence)
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
            for tabled in d["amendments"]:
                _new_amendment(state, actor, tabled, "round")
        if "inferred" in d:  # (comments that show a capital told to hold firm)
            _read_into(state, actor, d)
    elif kind == "break_silence":  # (a phase change, second in frequency)
        prm = state.council.params
        sil = state.silence
        sil.breaks.append((actor, [r["issue"] for r in d["requests"]]))
        if actor not in sil.breakers:
            state.silences_broken[actor] = state.silences_broken.get(actor, 0) + 1
        sil.breakers.append(actor)
        _nudge(state, actor, unity=-prm.belief_break)
        threat = d.get("threat")
        if threat:
            state.threats.append((actor, threat))
        if "inferred" in d:  # (a threat, a firm capital)
            _read_into(state, actor, d)
        for r in d["requests"]:
            _new_amendment(state, actor, r, "silence")
        if state.procedure.state is not Phase.SILENCE_BROKEN:  # (a further break is a
            _fire(state, ev)  # command within that phase: the procedure has nothing to do)
        sil.held = False
    elif kind == "cast_vote":
        state.ballots[actor] = _BALLOT[d["ballot"]]
        if d["ballot"] != "yes":  # the room learns from a ballot (game.model.beliefs)
            step = state.council.params.belief_ballot
            if d["ballot"] == "no":
                _nudge(state, actor, unity=0.0, reversion=step)
            else:
                _nudge(state, actor, unity=-step * state.council.params.belief_abstain)
        if d["ballot"] != "yes" and state.red_unseen:  # (a no or an abstention on a text across
            # a red line shows it, whether an agent's, with its reasons, or a student's)
            _reveal(state, actor, state.council.crossed(state.council.index[actor], state.vote_text))
        reasons = d.get("reasons")
        if reasons and isinstance(reasons[0], dict) and "why" in reasons[0]:
            state.ballot_why[actor] = reasons[0]["why"]
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
            reasons = dec.get("reasons") or [{}]
            _settle(state, a, a.status, a.settled_on, reasons[0].get("reverses"))
    elif kind == "circulate_revision":
        _set_draft(state, list(state.working))
        state.drafts.append(list(state.draft))
    elif kind == "seek_support":
        if d["answer"] == "yes":
            i, v = _issue_variant(state, d)
            # a pledge to accept the text as it stands tells the room the member is content;
            # a pledge to back a change tells it the member wants the change (it asks for it
            # with the amendment it co-sponsors), not that it likes the text more
            text = state.working if state.working else state.draft
            if v == text[i]:  # (told the lobbying delegation alone)
                _nudge(state, d["target"], unity=state.council.params.belief_pledge, reversion=0.0,
                       heard_by=(state.council.index[actor],))
            target = d["target"]
            state.pledges[(target, i)] = v
            for a in state.open.values():
                if a.issue == i and a.variant == v and not a.sponsored_by(target):
                    a.cosponsors.append(target)
                    _ask(state, target, i)  # a co-sponsor has asked for the change too
    elif kind == "circulate_zero_draft":
        _set_draft(state, _variants(state, d["draft"]))
        state.zero_key = state.draft_key
        state.working = list(state.draft)
        state.drafts = [list(state.draft)]
        _room_changed(state)
    elif kind == "inject":
        eid = d["id"]
        for spec in state.scenario.events:  # (the scenario's inject of that id)
            if spec.id == eid:
                break
        else:
            raise ValueError(f"event {ev.seq}: no inject {eid!r} in the scenario")
        state.injected.append(spec.id)
        _room_changed(state)
        if spec.shifts or spec.host_consent is not None:
            state.council = state.council.shifted(spec.shifts, spec.host_consent)
        if spec.mandate_expiry is not None:
            state.expiry_t = minutes_until_expiry(state.scenario, spec.mandate_expiry)
    elif kind == "end_turn" or kind == "take_seat" or kind == "note" or kind == "deadline_missed":
        pass  # (a seat changing hands, a note between delegations: nothing in the negotiation)
    elif kind == "package_deal":
        # each pledges the other's text; the target backs what the actor asked, and the
        # actor backs (or tables) what the target wants in return
        target = d["with"]
        gi, gv = _issue_variant(state, d["gets"])
        ki, kv = _issue_variant(state, d["gives"])
        state.pledges[(target, gi)] = gv
        state.pledges[(actor, ki)] = kv
        for a in state.open.values():
            if a.issue == gi and a.variant == gv and not a.sponsored_by(target):
                a.cosponsors.append(target)
                _ask(state, target, gi)
            if a.issue == ki and a.variant == kv and not a.sponsored_by(actor):
                a.cosponsors.append(actor)
                _ask(state, actor, ki)
        if "amendment" in d:
            _new_amendment(state, actor, {"id": d["amendment"], **d["gives"]}, "round")
            state.open[d["amendment"]].cosponsors.append(target)
            _ask(state, target, ki)
    elif kind == "instructions":
        state.private = [tuple(p) for p in d["private"]]
        if "taste" in d:
            state.taste = tuple([tuple(map(tuple, member)) for member in d["taste"]])
        _room_changed(state)
    elif kind == "co_pen_revision":  # (its effect is in the penholder's decisions that follow)
        for o in d.get("objections", ()):
            i, v = _issue_variant(state, o)
            state.co_pen_refused.setdefault(i, []).append((state.working[i], v))
    elif kind == "co_pen_step":
        pass  # the co-penholders' answers take effect in the step the penholder takes
    elif kind == "host_letter":
        first = not state.host_letters
        state.host_letters[d["revision"]] = d
        if first:  # (the room's count reads whether the host has written, not what: host_weight)
            _room_changed(state)
    elif kind == "bilateral_talk":
        # a bilateral after a broken silence: what the member still needs becomes amendments
        # the penholder settles next (origin "bilateral"); a threat is recorded, and the
        # room moves its estimate only when the event says so (a threat that is news)
        threat = d.get("threat")
        if threat:
            state.threats.append((actor, threat))
            state.private_threats[len(state.threats) - 1] = state.council.pens
        if "inferred" in d:
            _read_into(state, actor, d, heard_by=state.council.pens)  # (said to the pen alone)
        for r in d["requests"]:
            _new_amendment(state, actor, r, "bilateral")
    elif kind == "table_rival_draft":
        state.rivals.append(Rival(d["number"], actor, _variants(state, d["draft"]), ev.t))
        state.queue.append(("rival", d["number"]))
        _read_into(state, actor, d)  # (what the room reads into it, like a threat)
    else:  # a phase change: fire the procedure's trigger
        if kind == "open_expert_round":
            state.round = d["round"]
            if state.phase is Phase.ROLLOVER_FAILED:  # (the talks go on: the explanations kept
                state.explanations = []  # are the final vote's, as the record's; the log has all)
        elif kind == "place_under_silence":
            state.silence = Silence(len(state.silences) + 1, state.revision, ev.t, d["deadline"])
            state.silences.append(state.silence)
        elif kind == "silence_holds":
            state.silence.held = True
        elif kind == "put_in_blue":
            state.blue_revision, state.blue_t = state.revision, ev.t
            state.vote_on = "resolution"
            state.queue.append(("text", None))
        elif kind == "seek_rollover":
            state.blue_t = ev.t
            state.vote_on = "rollover"
            state.queue.append(("rollover", None))
        elif kind == "call_vote":
            state.ballots = {}
            if state.rivals:  # (each vote of the meeting has its own reasons)
                state.ballot_why = {}
        phase = _fire(state, ev)
        if kind == "call_vote":
            _next_vote(state)
        elif kind == "declare_result":
            state.tally = rules.count_ballots(state.ballots)
            _record_vote(state, phase)
            if phase is Phase.ROLLED_OVER:
                state.rollovers += 1
                _room_changed(state)


@cython.cfunc
@cython.locals(state=State, ev=Event)
def _fire(state: State, ev: Event) -> Phase:
    """Fire the procedure's trigger of a phase change (the event's kind); an outcome
    reached is recorded."""
    kind = ev.kind
    extra = {}
    if kind == "call_vote":
        extra["next_vote"] = state.queue[0][0] if state.queue else None
    elif kind == "declare_result":
        extra["drafts_left"] = len(state.queue)
        extra["vetoed_before"] = any(v.result is rules.Outcome.VETOED
                                     for v in state.votes[state.meeting:])
    phase = state.procedure.fire(kind, ballots=state.ballots, time_left=state.expiry_t - ev.t, **extra)
    if phase in OUTCOME_OF_PHASE:
        state.outcome = OUTCOME_OF_PHASE[phase]
    return phase


@cython.cfunc
@cython.locals(state=State)
def _set_draft(state: State, draft: list[int]) -> None:
    """The penholder's text is now `draft`: its memo key, and the text under the vote
    unless a rival draft is."""
    state.draft = draft
    state.draft_key = tuple(draft)
    if state.voting is None:
        state.vote_text = draft


@cython.cfunc
@cython.locals(state=State)
def _next_vote(state: State) -> None:
    """The President calls the next text in blue, in the order of submission (rule 32)."""
    if not state.queue:  # (nothing recorded in blue: the vote is on the text as it stands)
        return
    on, number = state.queue.pop(0)
    state.vote_on = "rollover" if on == "rollover" else "resolution"
    state.voting = state.rivals[number - 1].draft if on == "rival" else None
    state.vote_text = state.draft if state.voting is None else state.voting
    state.rival_on = number


@cython.cfunc
@cython.locals(state=State, c=Council)
def _record_vote(state: State, phase: Phase) -> None:
    """Keep the vote just declared (`State.votes`); a rival draft adopted is the final text,
    and after a rollover the mandate it extends (the scenario's `status_quo`)."""
    c = state.council
    k = state.rival_on
    on = "rival" if k else ("rollover" if state.vote_on == "rollover" else "text")
    sponsor = state.rivals[k - 1].sponsor if k else state.scenario.penholder
    result = rules.vote_outcome(state.ballots, c.permanent_ids)
    state.votes.append(Vote(on, sponsor, k, dict(state.ballots), state.tally, result,
                            dict(state.ballot_why)))
    if phase is Phase.ADOPTED and k:
        _set_draft(state, list(state.rivals[k - 1].draft))
    elif phase is Phase.ROLLED_OVER:  # the mandate in force, extended unaltered, not the draft
        _set_draft(state, list(c.status_quo))
    if phase is not Phase.NEXT_DRAFT:
        state.meeting = len(state.votes)
