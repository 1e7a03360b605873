"""Under silence: who breaks it, on which paragraphs, and with which threat."""

from __future__ import annotations

import cython

from game.model import beliefs

if cython.compiled:  # (compiled by setup.py, game/compiled.py: typed State and Council, game/*.pxd)
    from cython.cimports.game.council import Council
    from cython.cimports.game.model.ballots import components, utilities  # (C calls: ballots.pxd)
    from cython.cimports.game.model.common import (  # (C calls: game/model/common.pxd)
        draft_key,
        firmness,
        instructed,
        objection_reason,
        objections,
    )
    from cython.cimports.game.state import State
else:
    from game.model.ballots import components, utilities
    from game.model.common import draft_key, firmness, instructed, objection_reason, objections
    State = Council = object  # (pure Python: they only name types in the declarations)


@cython.ccall
@cython.returns(cython.double)
@cython.locals(state=State, j=cython.Py_ssize_t, floor=cython.double, tau=cython.double)
def break_threshold(state, j: int) -> float:
    """j's threshold for breaking silence: `break_threshold`, lower for an assertive
    member and one its capital told to hold firm (`common.firmness`), higher for each
    silence it has already broken (`repeat_restraint`)."""
    floor = state.council.params.break_floor
    tau = public_break_threshold(state, j) - firmness(state, j)
    return tau if tau > floor else floor


@cython.ccall
@cython.returns(cython.double)
@cython.locals(state=State, c=Council, j=cython.Py_ssize_t, earlier=cython.long)
def public_break_threshold(state, j: int) -> float:
    """`break_threshold` as the room can work it out: from j's public parameters, without
    its capital's firmness (and its floor): `break_threshold` x `common.assertive_scale` (a
    Council table), higher for each earlier silence j broke (`State.silences_broken`)."""
    c = state.council
    mid = c.ids[j]
    earlier = state.silences_broken.get(mid, 0)  # (the last silence too, if j broke it)
    if earlier and mid in state.silence.breakers:
        earlier -= 1
    if not earlier:
        return c.break_threshold[j]
    return c.break_threshold[j] * (1 + c.params.repeat_restraint * earlier)


@cython.locals(state=State)
def break_inference(state, j: int, strength: float | None = None) -> float:
    """How much further than `belief_break` the room lowers its estimate of j's unity on
    reading its silence-break letter (0 or less): j breaks when its strongest objection,
    with its capital's private view of the text, clears its threshold, which its capital's
    firmness lowers (`decide_break`); a break the public threshold would not explain, even
    with that view at `BREAK_SDS` standard deviations, says j's unity shift is at most
    -(threshold - (objection + BREAK_SDS instruction_sd) / pile-on) / firmness. The
    estimate moves `belief_amendment` of the way to that bound when it is above it, after
    `belief_break`. (`strength`: j's strongest objection by its public positions,
    `silence_objection`'s, when the caller has it.)"""
    prm = state.council.params
    if prm.firmness <= 0.0 or prm.belief_amendment <= 0.0:
        return 0.0
    if strength is None:
        strength, _tau, weighed = silence_objection(state, j)
        if not weighed:
            return 0.0
    pile = prm.pile_on if state.silence.breaks else 1.0
    needed = public_break_threshold(state, j) - (strength + BREAK_SDS * prm.instruction_sd) / pile
    bound = -needed / prm.firmness
    after = state.belief[j][0] - prm.belief_break
    if after <= bound:  # (not above the bound: the move below would not be negative)
        return 0.0
    move = round(prm.belief_amendment * (bound - after), 4)  # (as the log keeps it)
    return move if move < 0.0 else 0.0


BREAK_SDS = 2
"""A break is read as firmness only when the public threshold exceeds the objection by more
than this many standard deviations of a capital's private view of a text (`instruction_sd`,
`break_inference`)."""


@cython.ccall
@cython.locals(state=State, j=cython.Py_ssize_t, tau=cython.double, pledges=dict)
def silence_objection(state, j: int) -> tuple[float, float, list[tuple[float, int]]]:
    """(strongest objection, threshold, objections) of member j to the text under silence.

    An objection on a paragraph j has been lobbied into accepting (a pledge) does not
    count; one the rest of the room opposes (it would rather keep the text than give j
    what j asks) weighs `futile_discount` as much: breaking silence for it is futile. The
    objections, weighed, are a function of the text alone (`weighed_objections`); the
    pledges are struck from them. Shared: do not mutate the list."""
    tau = break_threshold(state, j)
    draft = state.draft
    weighed = weighed_objections(state, j, draft)
    if state.pledges and weighed:
        mid, pledges = state.council.ids[j], state.pledges
        for _o, i in weighed:
            v = pledges.get((mid, i))
            if v is not None and v == draft[i]:  # (a pledge to strike: a new list, once)
                weighed = [(o, k) for o, k in weighed if pledges.get((mid, k)) != draft[k]]
                break
    if not weighed:
        return 0.0, tau, []
    return weighed[0][0], tau, weighed


@cython.ccall
@cython.locals(state=State, c=Council, j=cython.Py_ssize_t, table=dict, key=tuple)
def weighed_objections(state, j: int, draft) -> list[tuple[float, int]]:
    """(objection, issue) of j to `draft`, an objection the room opposes (`Council.futile`)
    weighed `futile_discount` as much, strongest first: what j weighs under silence, but
    for its pledges. Laid out once per member and text (a Council memo, `Council.memo_text`
    called on a miss): shared, do not mutate."""
    c = state.council
    table = c.silence_memo[j]
    key = draft_key(state, draft)
    value = table.get(key)
    if value is None:
        value = c.memo_text(table, key, _weighed_objections, state, j, draft)
    return value


@cython.locals(state=State)
def _weighed_objections(state, j: int, draft) -> list[tuple[float, int]]:
    futile = state.council.futile[j]  # (a Council table: the room would rather keep the text)
    discount = state.council.params.futile_discount
    weighed = [(o * discount if futile[i][draft[i]] else o, i) for o, i in objections(state, j, draft)]
    weighed.sort(reverse=True)
    return weighed


@cython.ccall
@cython.locals(state=State, c=Council, j=cython.Py_ssize_t, tau=cython.double)
def silence_requests(state, j: int, tau: float, weighed) -> list[tuple[int, int, dict]]:
    """The paragraphs j names in its letter (up to `letter_paragraphs`) and the text it asks for."""
    c = state.council
    prm = c.params
    requests = []
    for o, i in weighed[:prm.letter_paragraphs]:
        if o < tau * prm.letter_minor and requests:
            break
        cur = state.draft[i]
        requests.append((i, c.toward(j, i, cur), objection_reason(c, j, i, cur, o)))
    return requests


@cython.locals(state=State)
def decide_break(state, strength: float, tau: float) -> bool:
    """Break silence if the strongest objection, as the capital sees it (the first of
    `common.instructed`), clears the threshold — lower once someone else has broken
    (`pile_on`): the silence is already lost, and the cost of objecting falls."""
    prm = state.council.params
    return strength > tau * (prm.pile_on if state.silence.breaks else 1.0)


@cython.ccall
@cython.locals(state=State, j=cython.Py_ssize_t)
def decide_threat(state, j: int) -> str | None:
    """Whether j's letter threatens its ballot: 'veto' (a permanent member), 'no' or
    'abstain', or None. j threatens once its true ballot on the text under silence is
    `bluff` of the way toward that vote: with bluff < 1, some threats are bluffs (j would
    still vote yes), and the room, which cannot tell, discounts them.

    j's chance of being pivotal (`beliefs.pivot_chance`, a count of the room) is read only
    when it can change the answer: an answer that is the same at either end of the
    chance's range is the answer for every chance in between (`_threat_at`)."""
    draft = state.draft
    comp = components(state, j, draft)
    low = _threat_at(state, j, comp, PIVOT_RANGE[0])
    if low == _threat_at(state, j, comp, PIVOT_RANGE[1]):
        return low
    return _threat_at(state, j, comp, beliefs.pivot_chance(state, j, draft))


PIVOT_RANGE = (-1e-9, 1.0)
"""Bounds of `beliefs.pivot_chance`: a difference of two values of the normal distribution
function, the larger first (the lower bound allows the libm's rounding of erf)."""


@cython.ccall
@cython.locals(state=State, c=Council, j=cython.Py_ssize_t, pivot=cython.double)
def _threat_at(state, j: int, comp: tuple, pivot: float) -> str | None:
    """`decide_threat` with the chance of being pivotal given. The chance enters only
    `ballots.utilities`, where, as it grows, u_yes moves one way and u_no the other (or
    not at all: the consequence of a ballot is weighed by the chance, against a stake of
    either sign): so each of the two tests below turns at most once over the chance's
    range, and an answer found at both ends of the range holds inside it."""
    c, prm = state.council, state.council.params
    unity_shift, reversion_shift = state.private[j] if state.private else (0.0, 0.0)
    u_yes, u_no = utilities(c, j, comp, unity_shift, reversion_shift, pivot)
    slack = (1.0 - prm.bluff)
    if u_no + slack * c.no_cost[j] > max(0.0, u_yes):
        return "veto" if c.permanent[j] else "no"
    if u_yes < slack * c.unity[j]:
        return "abstain"
    return None


THREAT_LEVEL = {"abstain": 1, "no": 2, "veto": 2}
"""How far a threat goes: an abstention, or voting the text down (a permanent member's no
is a veto). The room reads a member's threat once per level: a threat repeated, or a
weaker one after a stronger, tells it nothing new; an escalation does."""


@cython.locals(state=State)
def threat_is_news(state, member: str, threat: str | None, view: int | None = None) -> bool:
    """Whether `member`'s threat goes further than any it made before in this negotiation
    that `view` heard (None: the room, which heard its letters, not its bilaterals): only
    then does the hearer move its estimate again."""
    if not threat:
        return False
    level = THREAT_LEVEL[threat]
    private = state.private_threats
    return all(THREAT_LEVEL.get(t, 0) < level for n, (m, t) in enumerate(state.threats)
               if m == member and (n not in private or view in private[n]))


@cython.locals(state=State)
def decide_bilateral(state, j: int, draws) -> tuple[list[tuple[int, int, dict]], str | None]:
    """What member j says in a bilateral with the penholder after a broken silence: the
    paragraphs and texts it still needs on the current text (its strongest objections, as
    in a silence-break letter, `silence_requests`), when the strongest reaches
    `bilateral_restate` of its threshold for breaking silence; and a threat when its ballot
    on the text would carry one (`decide_threat`), voiced with probability
    `bilateral_threat` (one uniform draw from `draws`, always made, so the stream is the
    same whatever is decided). Returns (requests, threat); ([], None): j can live with the
    text."""
    prm = state.council.params
    u = draws.random()
    _strength, tau, weighed = silence_objection(state, j)
    requests = []
    if weighed:
        felt = instructed(state, j, weighed, state.draft)
        if felt[0][0] >= prm.bilateral_restate * tau:
            requests = [r for r in silence_requests(state, j, tau, felt) if r[1] != state.working[r[0]]]
    threat = decide_threat(state, j)
    if threat is not None and u >= prm.bilateral_threat:
        threat = None
    return requests, threat
