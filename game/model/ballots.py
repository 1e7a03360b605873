"""Yes, abstain or no: the draft against what happens if it fails.

A member weighs three things (all on the satisfaction scale, see `params`):

- **the consequence**: the draft against the *reversion*, what follows if it fails: a
  technical rollover of the status quo text (with chance `rollover_chance`, at a cost
  `rollover_cost`) or a lapse of the mandate (the member's `lapse_value`). On a rollover
  vote the reversion is the lapse. The consequence counts when the ballot decides the
  outcome: always for a permanent member's no (a veto), by the chance of being pivotal for
  the nine votes otherwise;
- **position-taking**: the value of joining the Council's consensus (`unity`) against the
  dislike of the text (`protest_weight` x (1 - satisfaction); `rollover_dislike` of that on
  a technical rollover, which extends the mandate in force), the grievance at the process
  (objections ignored, concessions taken back) and the host's objection, for members that
  defer to the host;
- **the public cost of a no** (`no_cost`) or of a veto (the member's `veto_cost`).

The utilities, against abstaining (0):

    yes = unity - protest_weight * dislike - grievance - host + pivotal * stake
    no  = -cost + weight * (-stake) + red_line_no [text across a red line]

where ``stake = satisfaction - reversion`` and weight is 1 for a permanent member (its no
is a veto), else the larger of the pivot chance and `expressive_no`. On a rival draft the
reversion is raised by `rival_hope` of what the penholder's text gains the member over it
(`hoped_for`: that text is not dead with a veto), and a member that prefers the
penholder's text adds `rival_solidarity` to its no (`solidarity`). A text across a red
line is never a yes. So a member abstains in protest (grievance and dislike outweigh
unity, though the draft beats the reversion), abstains on a text it dislikes but will not
block (the draft is worse than the reversion, but not by the cost of a no), or vetoes
(worse by more than the cost). Each member's capital adds a private shift to its unity
and to its value of the reversion (`beliefs`): the room does not know them.
"""

from __future__ import annotations

import math

import cython

from game.rules import Ballot

if cython.compiled:  # (compiled by setup.py, game/compiled.py: typed State and Council, game/*.pxd)
    from cython.cimports.game.council import Council
    from cython.cimports.game.model.common import (  # (C calls: common.pxd)
        draft_key,
        grievance,
        objections,
        rounded,
    )
    from cython.cimports.game.model.params import Constants
    from cython.cimports.game.state import State
else:
    from game.model.common import draft_key, grievance, objections, rounded
    State = Council = Constants = object  # (pure Python: they only name types in the declarations)


@cython.locals(state=State)
def _vote_draft(state, draft):
    """The text a vote is on: the status quo for a rollover."""
    return state.council.status_quo if state.vote_on == "rollover" else draft


@cython.locals(c=Council, j=cython.Py_ssize_t, k=cython.Py_ssize_t, members=tuple, sat=cython.double,
               total=cython.double, mean=cython.double, d=cython.double, s=cython.double)
def group_satisfaction(c, j: int, draft) -> float:
    """j's satisfaction, pulled toward its group's mean by the group's discipline."""
    sat = c.satisfaction(j, draft)
    g = c.group_of[j]
    if g is not None and c.discipline[j] > 0:
        members = c.group_members[g]
        total = 0.0  # (the members' satisfactions summed in order, as `sum` adds them)
        for k in members:
            s = c.satisfaction(k, draft)
            total += s
        mean = total / len(members)
        d = c.discipline[j] * c.params.group_pull
        sat = (1 - d) * sat + d * mean
    return sat


@cython.locals(state=State, c=Council)
def components(state, j: int, draft) -> tuple:
    """(crossed a red line, satisfaction, stake, grievance, host) of j on `draft` (for a
    rollover vote, on the status quo against a lapse), without the private shifts."""
    c = state.council
    rollover = state.vote_on == "rollover"
    text = c.status_quo if rollover else draft_key(state, draft)  # (`_vote_draft`, as a tuple)
    crossed, sat, stake, host = draft_table(c, text, rollover)[j]
    if rollover:
        griev = c.params.rollover_grievance * state.rollovers
    else:
        griev = grievance(state, j, text)
    return crossed, sat, stake, griev, host * host_weight(state)


@cython.locals(state=State, c=Council)
def against_next(state, j: int, comp: tuple, p: float) -> tuple:
    """`comp` with the stake taken against what follows if this draft fails when another
    text in blue is voted after it (provisional rule 32): the next text, adopted with the
    chance the room gives it, else the reversion (a rollover next: the rollover or a
    lapse). Sophisticated voting on an agenda: a member that prefers the next text does not
    vote for this one (`decide_vote` then drops its value of unity: there is no consensus
    to join on the text it likes less), and votes it down if it is worth a no. `p` is the room's chance of adopting the next text. The capital's
    private shift of the reversion (subtracted in `utilities`) then counts only for the
    share of the reversion."""
    c = state.council
    on, k = state.queue[0]
    if on == "rollover":
        nxt = c.rollover_value[j]
        fallback = c.lapse_value[j]
    else:
        text = state.rivals[k - 1].draft if on == "rival" else state.draft
        nxt = group_satisfaction(c, j, tuple(text))
        fallback = c.reversion[j]
    if state.voting is not None:  # a rival draft: the penholder's text is still hoped for
        fallback = hoped_for(state, j, fallback)
    crossed, sat, _stake, griev, host = comp
    shift = state.private[j][1] if state.private else 0.0
    stake = sat - (p * nxt + (1 - p) * fallback) + p * shift
    return crossed, sat, stake, griev, host


@cython.locals(state=State, c=Council, pen=cython.double)
def hoped_for(state, j: int, fallback: float) -> float:
    """What j weighs a rival draft against when it fails and nothing else in blue is
    adopted: the `fallback` (the reversion, or a lapse after a rollover) raised by
    `rival_hope` x what the penholder's text gains j over it, when it gains. A veto does
    not end the matter: the penholder can bring its text back, where a rival adopted
    settles it for less."""
    c = state.council
    pen = draft_table(c, draft_key(state, state.draft), False)[j][1]
    return fallback + c.params.rival_hope * max(0.0, pen - fallback)


@cython.locals(state=State, c=Council)
def solidarity(state, j: int, sat: float) -> float:
    """What j's no on a rival draft it likes less (`sat`) than the penholder's text is worth
    to it besides the consequence: `rival_solidarity`, a stand with the penholder (nothing
    for a rival it likes as much or more)."""
    c = state.council
    pen = draft_table(c, draft_key(state, state.draft), False)[j][1]
    return c.params.rival_solidarity if pen > sat else 0.0


@cython.locals(state=State)
def host_weight(state) -> float:
    """The host's objection counts in full once it has written to the Council,
    `host_unwritten` of it before."""
    return 1.0 if state.host_letters else state.council.params.host_unwritten


@cython.locals(c=Council, table=dict)
def draft_table(c, text: tuple, rollover: bool) -> tuple:
    """Per member, what depends on the text alone: (crossed a red line, satisfaction,
    stake, host objection weighed by its deference, as if the host had written). Shared
    by every negotiation on this Council (memoised: read first, `Council.memo_text` on a miss)."""
    table = c.draft_table_memo[1 if rollover else 0]
    value = table.get(text)
    if value is None:
        value = c.memo_text(table, text, _draft_table, c, text, rollover)
    return value


@cython.locals(c=Council)
def _draft_table(c, text: tuple, rollover: bool) -> tuple:
    prm = c.params
    excess = 0.0
    if c.host_has_views:
        excess = max(0.0, c.host_dissatisfaction(text) - prm.host_tolerance)
    out = []
    for j in range(len(c.ids)):
        # a red line binds a new text, not the unaltered extension of the mandate in force
        crossed = not rollover and bool(c.crossed(j, text))
        sat = group_satisfaction(c, j, text)
        if rollover:
            stake = sat - prm.rollover_cost - c.lapse_value[j]
        else:
            stake = sat - c.reversion[j]
        out.append((crossed, sat, stake, c.host_deference[j] * excess))
    return tuple(out)


def dislike_weight(prm, rollover: bool) -> float:
    """What a member's dislike of the text (1 - satisfaction) weighs against its yes: in
    full on a new text, `rollover_dislike` of it on a technical rollover (the mandate in
    force, which the Council adopted before: a yes keeps the mission, it endorses no new
    language)."""
    return prm.protest_weight * (prm.rollover_dislike if rollover else 1.0)


@cython.locals(unity=cython.double)
def unity_value(c, j: int, unity_shift: float, rollover: bool, stake: float) -> float:
    """j's value of joining the Council's consensus on this ballot: its unity and its
    capital's shift of it; nothing on a technical rollover it likes less than a lapse
    (`stake`, with the private shift, below 0): there is no consensus to join on extending
    a mission it would rather see end (as on a draft worth less than the next one in blue,
    `decide_vote`)."""
    if rollover and stake < 0.0:
        return 0.0
    unity = c.unity[j]
    return unity + unity_shift


@cython.locals(prm=Constants, sat=cython.double, stake=cython.double, griev=cython.double, host=cython.double,
               u_yes=cython.double, u_no=cython.double, weight=cython.double, no_cost=cython.double,
               abstain=cython.double)
def utilities(c, j: int, comp: tuple, unity_shift: float, reversion_shift: float,
              pivot: float, rollover: bool = False) -> tuple[float, float]:
    """(u_yes, u_no) against abstaining, with the given private shifts and pivot chance
    (`rollover`: the ballot is on a technical rollover)."""
    prm = c.params
    crossed, sat, stake, griev, host = comp
    stake -= reversion_shift
    if crossed:
        u_yes = -math.inf
    else:
        u_yes = (unity_value(c, j, unity_shift, rollover, stake) - dislike_weight(prm, rollover) * (1.0 - sat)
                 - griev - host + prm.consequence_weight * pivot * stake)
    weight = 1.0 if c.permanent[j] else max(pivot, prm.expressive_no)
    no_cost, abstain = c.no_cost[j], c.abstain_cost[j]
    u_no = -no_cost - prm.consequence_weight * weight * stake
    if crossed:
        u_no += prm.red_line_no
    # (both against abstaining, which costs an elected member its standing)
    return u_yes + abstain, u_no + abstain


@cython.locals(c=Council)
def decide_vote(state, j: int, pivot: float, p_next: float | None = None) -> tuple[Ballot, list[dict]]:
    """j's ballot on the text in blue (or on a rollover), with its reasons: the weighing
    (first, with ``why``) and the paragraphs that weigh most on it. `pivot` is the chance,
    as j believes, that its yes decides the nine votes (`beliefs.pivot_chance`); `p_next`,
    when another text in blue is voted after this one, the room's chance of adopting it
    (`against_next`)."""
    c = state.council
    draft = state.vote_text  # the penholder's text, or a rival draft (provisional rule 32)
    comp = components(state, j, draft)
    unity_shift, reversion_shift = state.private[j] if state.private else (0.0, 0.0)
    rival = state.voting_rival if state.voting is not None else None
    if p_next is not None:  # another draft in blue is voted after this one
        comp = against_next(state, j, comp, p_next)
    elif rival is not None:  # a rival voted last: against the reversion and the text hoped for
        crossed, sat, _stake, griev, host = comp
        comp = (crossed, sat, sat - hoped_for(state, j, c.reversion[j]), griev, host)
    if (p_next is not None or rival is not None) and comp[2] - reversion_shift < 0.0:
        # there is no consensus to join on a draft worth less than what follows, or than
        # the penholder's text it still hopes for: a member's value of unity counts for the
        # text it prefers
        unity_shift = -c.unity[j]
    u_yes, u_no = utilities(c, j, comp, unity_shift, reversion_shift, pivot, state.vote_on == "rollover")
    if rival is not None and rival.sponsor == c.ids[j]:
        u_yes = max(u_yes, u_no, 0.0)  # a sponsor votes for its own draft
    elif rival is not None:
        u_no += solidarity(state, j, comp[1])  # a stand with the penholder
    if u_yes >= 0.0 and u_yes >= u_no:
        ballot = Ballot.YES
    elif u_no > 0.0:
        ballot = Ballot.NO
    else:
        ballot = Ballot.ABSTAIN
    crossed, sat, stake, griev, host = comp
    why = _why(c, j, ballot, comp, u_yes, pivot)
    weighing = {
        "why": why,
        "satisfaction": rounded(sat, 3),
        "stake": rounded(stake - reversion_shift, 3),
        "grievance": rounded(griev, 3),
        "host": rounded(host, 3),
        "pivotal": rounded(pivot, 3),
    }
    if state.vote_on == "rollover":
        weighing["rollover"] = True
        return ballot, [weighing]
    reasons = [weighing]
    for _o, i in objections(state, j, draft, False)[:c.params.ballot_paragraphs]:  # (the strongest)
        reasons.append(c.reason(j, i, draft[i]))
    return ballot, reasons


@cython.locals(c=Council)
def _why(c, j, ballot, comp, u_yes, pivot) -> str:
    """The reason that won, in the Council's terms (for letters, EoVs and the debrief). For
    an abstention: the consideration *but for which* the member would have voted yes."""
    crossed, sat, stake, griev, host = comp
    if ballot is Ballot.YES:  # pivotal: but for the consequence of its yes, it would not vote yes
        consequence = c.params.consequence_weight * pivot * stake
        return "pivotal" if pivot > c.params.pivotal_reason and stake > 0 and u_yes - consequence < 0 else "support"
    if crossed:
        return "red_line"
    if ballot is Ballot.NO:
        return "veto" if c.permanent[j] else "against"
    if stake < 0:
        return "will_not_block"  # worse than the reversion, but not worth a no
    if host > 0 and u_yes + host >= 0 and host >= griev:
        return "host_consent"  # the host's objection decided it
    if griev > 0 and u_yes + griev >= 0:
        return "process"  # a protest at the process: our concerns were ignored
    return "text"  # dislikes the text more than it values joining the consensus
