"""What the room believes about each member's ballot: the penholder counts votes it cannot see.

Members' parameters in the scenario are public knowledge (a seasoned delegation knows the
room); what each capital has told its delegation is not: a shift of its value of unity and
of the failure outcome, drawn by the session (event ``instructions``), and its view of each
text beyond its public position (`State.taste`, which moves what it asks for and says, not
its ballot: `common.instructed`). The room holds, for every member, an estimate of the two
shifts, starting at 0 and moved by what the member does in public (`game.state.apply`):

- a silence-break lowers its unity estimate by `belief_break` (it dislikes the text more
  than its public positions say), and further, to the highest shift that explains it, when
  its public threshold would not explain it (`silence.break_inference`);
- a threat moves the estimate `threat_credibility` of the way to where the threatened
  ballot would be the member's best (a threat to abstain lowers its unity estimate; one to
  veto or vote no raises its estimated value of the failure outcome): `threat_inference`;
- a pledge to accept the text as it stands ("yes" to lobbying for the draft's text) raises
  its unity estimate by `belief_pledge`; a pledge to back a change does not (it tells the
  room the member wants the change: it co-sponsors the amendment and, like its proposer,
  has asked for it, so that ignoring it is a grievance in the member's ballot and in this
  count, `common.grievance`);
- an amendment to a paragraph the member objects to too little, by its public positions,
  to table one unless its capital had told it to hold firm (below its public threshold by
  more than its capital's private view of the text would explain) moves its unity
  estimate `belief_amendment` of the way to the highest unity shift that explains it
  (`amendments.amendment_inference`); comments are what a delegation shows of its
  instructions;
- a ballot is the plainest signal: a no raises its estimated value of the failure outcome
  by `belief_ballot`, an abstention lowers its unity estimate by `belief_abstain` of that (a failed
  rollover is not tried again blindly).

From those, `room` gives each member's believed probability of voting yes and no on a
draft, and `forecast` the chance of adoption, of a veto and of unanimity. Each count is
someone's (`view`, a member's index; None: the room's, what a third delegation sees): what
was said in private moves only the estimates of those who heard it, on top of what
everyone saw (`State.views`): a threat in a bilateral, the pen's (the penholder and its
co-penholders); a pledge in answer to lobbying, the lobbying delegation's. So the penholder
counts with what its bilaterals told it, a member weighs its pivotal yes with what it
heard, and a student's screen shows its own delegation's count. A penholder misreads the
room when a capital's private instructions differ from what its delegation has shown.
"""

from __future__ import annotations

import math
from operator import mul
from typing import NamedTuple

import cython

if cython.compiled:  # (compiled by setup.py, game/compiled.py: libm's erf, the function math.erf calls on Linux)
    from cython.cimports.game.council import Council
    from cython.cimports.game.model import ballots  # (its weighing C calls: ballots.pxd)
    from cython.cimports.game.model.common import draft_key  # (C call: common.pxd)
    from cython.cimports.game.state import State
    from cython.cimports.libc.math import erf, sqrt
else:
    from math import erf, sqrt

    from game.model.common import draft_key

    State = Council = object  # (pure Python: `State` only names a type in the declarations below)

from game.model import ballots
from game.model.common import grievances
from game.rules import AFFIRMATIVE_VOTES_REQUIRED, Ballot

_SQRT2 = math.sqrt(2.0)


@cython.ccall
@cython.returns(cython.double)
@cython.locals(x=cython.double)
def phi(x: float) -> float:
    """The standard normal distribution function."""
    return 0.5 * (1.0 + erf(x / _SQRT2))


class Forecast(NamedTuple):
    """The room's count of a draft, as the penholder reads it (a named tuple: immutable,
    and built in a fraction of a frozen dataclass's time)."""

    p_adopt: float  # nine yes and no veto
    p_veto: float  # at least one permanent member votes no
    expected_yes: float
    p_unanimous: float
    weighted_yes: float  # expected yes, a permanent member's counting p5_weight
    p_yes: tuple[float, ...]  # per member, seating order
    p_no: tuple[float, ...]


def estimate(state, k: int, view: int | None = None) -> tuple[float, float]:
    """(unity shift, reversion shift) of member k as `view` estimates them (None: the room)."""
    return estimates(state, view)[k]


def estimates(state, view: int | None = None) -> list:
    """`estimate` of every member, in seating order: `view`'s own, if it heard something in
    private, else the room's (`State.belief`)."""
    own = state.views.get(view) if state.views and view is not None else None
    return state.belief if own is None else own


@cython.ccall
@cython.locals(state=State)
def _observer(state, view: int | None) -> int | None:
    """The count `view` makes: its own if it heard something in private, else the room's
    (the two are the same count; keeping it once saves the work)."""
    return view if state.views and view in state.views else None


@cython.locals(state=State)
def room(state, draft, rollover: bool | None = None,
         view: int | None = None) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(p_yes, p_no) of every member on `draft`, as `view` believes them (None: the room).

    A pure function of the Council's tables, the text and what the room has seen (its
    estimates, what each member asked for, the zero draft, concessions taken back, the
    host's letters, earlier rollovers). The negotiation keeps its counts (`State.rooms`):
    a count made since the last change is reused, and one made before changes that concern
    a few members only (a silence broken, a ballot, a pledge) is updated for them alone."""
    if rollover is None:
        rollover = state.vote_on == "rollover"
    return _room(state, (draft_key(state, draft), rollover, _observer(state, view)))


@cython.ccall
@cython.locals(state=State, rooms=dict, known=tuple)
def _room(state, key: tuple) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """`room` of the count `key` names: (the text as a tuple, rollover, whose count:
    `_observer`), the key it is kept under in `State.rooms`."""
    text, rollover, view = key
    now = state.belief_version
    rooms = state.rooms
    known = rooms.get(key)
    if known is not None and known[0] == now:
        return known[1]
    if known is None or known[0] < state.room_changed_at:
        count = _count(state, text, rollover, range(len(state.belief)), view)
    else:
        since, (p_yes, p_no) = known
        members = state.changed_since(since)
        y, n = _count(state, text, rollover, members, view)
        p_yes, p_no = list(p_yes), list(p_no)
        for k, y_k, n_k in zip(members, y, n, strict=True):
            p_yes[k], p_no[k] = y_k, n_k
        count = tuple(p_yes), tuple(p_no)
    rooms[key] = (now, count)
    return count


def count_reference(state, draft, rollover: bool, members,
                    view: int | None = None) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(p_yes, p_no) of `members` (indexes, in order) on `draft`, as `view` believes them:
    the definition, term by term (`_count` computes the same from precomputed terms; a test
    holds them within 1e-12 of each other).

    For member k, with the estimate (mu_unity, mu_rev) of its private shifts and no
    pivot (`ballots.utilities`): u_no = -no_cost - no_weight (stake - mu_rev) + red_line_no
    [crossed] + abstain_cost; u_yes = unity + mu_unity - protest_weight x dislike -
    grievance - host + abstain_cost (never, across a red line; on a rollover, without the
    unity if k likes it less than a lapse and the dislike weighed by `rollover_dislike`:
    `ballots.unity_value`, `ballots.dislike_weight`). Each of yes and no is
    weighed against the best of the other two, with the private shift's uncertainty:
    p_yes = phi((u_yes - max(u_no, 0)) / private_sd), p_no = phi((u_no - max(u_yes, 0)) /
    private_sd), scaled down together if they add up to more than 1."""
    c = state.council
    prm = c.params
    sd = max(prm.private_sd, 1e-6)
    text = tuple(c.status_quo if rollover else draft)
    table = ballots.draft_table(c, text, rollover)
    hw = ballots.host_weight(state)
    p_yes, p_no = [], []
    for k in members:
        crossed, sat, stake, host = table[k]
        crossed = room_crossed(state, k, text, crossed)
        mu_unity, mu_rev = estimate(state, k, view)
        unity, no_cost, ab, no_weight = c.room_terms[k]
        griev = prm.rollover_grievance * state.rollovers if rollover else grievances(state, text, [k])[0]
        u_no = -no_cost - no_weight * (stake - mu_rev) + (prm.red_line_no if crossed else 0.0) + ab
        u_yes = -math.inf if crossed else (
            ballots.unity_value(c, k, mu_unity, rollover, stake - mu_rev)
            - ballots.dislike_weight(prm, rollover) * (1.0 - sat) - griev - host * hw + ab)
        y, n = _chances(u_yes, u_no, sd)
        p_yes.append(y)
        p_no.append(n)
    return tuple(p_yes), tuple(p_no)


@cython.locals(u_yes=cython.double, u_no=cython.double, sd=cython.double, y=cython.double,
               n=cython.double)
def _chances(u_yes: float, u_no: float, sd: float) -> tuple[float, float]:
    """(p_yes, p_no) of a member whose yes and no are worth u_yes and u_no against abstaining,
    give or take its capital's private shift (`sd`): each weighed against the best of the
    other two, scaled down together if they add up to more than 1. Never a yes across a red
    line (u_yes = -inf)."""
    if u_yes == -math.inf:
        return 0.0, phi(u_no / sd)
    y = phi((u_yes - (u_no if u_no > 0.0 else 0.0)) / sd)  # (the best of the other two: 0 abstaining)
    n = phi((u_no - (u_yes if u_yes > 0.0 else 0.0)) / sd)
    if y + n > 1.0:
        y, n = y / (y + n), n / (y + n)
    return y, n


@cython.locals(state=State, c=Council, k=cython.Py_ssize_t, y=cython.double, n=cython.double, u_no=cython.double,
               u_yes=cython.double, scale=cython.double, red_no=cython.double, base_no=cython.double,
               base_yes=cython.double, griev=cython.double, no_stake=cython.double,
               burden=cython.double, text=tuple, rows=tuple, terms=list, i=cython.Py_ssize_t, row=list,
               v=cython.Py_ssize_t, weighed=cython.double)
def _count(state, draft, rollover: bool, members, view: int | None) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """`count_reference`, from terms prepared once: per text (`room_rows`: the no's weight
    times the stake less the red-line term, and the dislike plus the host's objection) and
    per member (`member_terms`: its constant parts of u_yes and u_no, its grievance's rows).
    A technical rollover (a few counts a negotiation) is counted by the definition."""
    if rollover:
        return count_reference(state, draft, True, members, view)
    c = state.council
    text = tuple(draft)
    rows = room_rows(c, text, bool(state.host_letters))  # (the host's weight: `ballots.host_weight`)
    terms = member_terms(state, view)
    scale = terms[-1]
    unseen = state.red_unseen
    red_no = c.params.red_line_no
    p_yes, p_no = [], []
    for k in members:
        crossed, no_stake, burden = rows[k]
        if crossed and unseen and k in unseen and not room_crossed(state, k, text, crossed):
            crossed, no_stake = False, no_stake + red_no  # (a red line the room does not know)
        base_no, base_yes, griev, asked = terms[k]
        u_no = base_no - no_stake
        if crossed:
            p_yes.append(0.0)
            p_no.append(0.5 * (1.0 + erf(u_no * scale)))
            continue
        for i, row in asked:  # (its ignored objections, weighed: common.grievance)
            v = text[i]
            weighed = row[v]
            griev += weighed
        u_yes = base_yes - burden - griev
        # phi(x / sd) = 0.5 * (1 + erf(x / (sd sqrt 2))), written out
        y = 0.5 * (1.0 + erf((u_yes - (u_no if u_no > 0.0 else 0.0)) * scale))
        n = 0.5 * (1.0 + erf((u_no - (u_yes if u_yes > 0.0 else 0.0)) * scale))
        if y + n > 1.0:
            y, n = y / (y + n), n / (y + n)
        p_yes.append(y)
        p_no.append(n)
    return tuple(p_yes), tuple(p_no)


def room_crossed(state, k: int, text, crossed: bool) -> bool:
    """Whether the room sees `text` crossing k's red lines: `crossed` (the truth) when it
    knows them all; else only the red lines k has shown (`State.red_unseen`: a red line
    given as a private instruction, `public: false`, is unknown until k asks in writing for a
    change of the paragraph or votes against a text across it)."""
    unseen = state.red_unseen.get(k) if crossed and state.red_unseen else None
    if unseen is None:
        return crossed
    red = state.council.red[k]
    return any(red[i][text[i]] for i in state.council.red_issues[k] if i not in unseen)


@cython.locals(state=State, c=Council, k=cython.Py_ssize_t, i=cython.Py_ssize_t, ids=tuple, room_terms=tuple,
               asked_by=dict, reversals_by=dict, terms=list, shifts=list, rows=tuple, table=list,
               unity=cython.double, no_cost=cython.double, ab=cython.double, no_weight=cython.double,
               mu_unity=cython.double, mu_rev=cython.double, per_reversal=cython.double,
               reversals=cython.Py_ssize_t)
def member_terms(state, view: int | None = None) -> list:
    """Per member k, what `view`'s count of k reads besides the text, kept by the
    negotiation and rebuilt for a member when something about it changes (its estimate,
    what it asked for, concessions to it taken back: `State.changed_since`), for all on a
    change about all (`State.room_changed_at`): (abstain_cost - no_cost + no_weight x
    mu_rev, unity + mu_unity + abstain_cost, reversal_grievance x reversals, ((paragraph
    it asked to change, grievance_weight x its ignored objection to each variant), ...):
    `Council.asked_rows`); the last item is 1 / (private_sd sqrt 2)."""
    view = _observer(state, view)
    kept = state.member_terms.get(view)
    now = state.belief_version
    if kept is not None and kept[0] == now:
        return kept[1]
    c = state.council
    n = len(c.ids)
    if kept is None or kept[0] < state.room_changed_at:
        terms = [None] * n + [1.0 / (max(c.params.private_sd, 1e-6) * _SQRT2)]
        members = range(n)
    else:
        since, terms = kept
        terms = list(terms)
        members = state.changed_since(since)
    shifts = estimates(state, view)  # (each member's, as `view` estimates them)
    per_reversal = c.params.reversal_grievance
    table = c.grievance_rows(state.zero_key) if state.drafts else None
    ids, room_terms, asked_by, reversals_by = c.ids, c.room_terms, state.asked, state.reversals
    for k in members:
        mid = ids[k]
        unity, no_cost, ab, no_weight = room_terms[k]
        mu_unity, mu_rev = shifts[k]
        asked = asked_by.get(mid)
        rows = c.asked_rows(k, asked) if asked is not None and table is not None else ()
        reversals = reversals_by.get(mid, 0) if reversals_by else 0
        terms[k] = (ab - no_cost + no_weight * mu_rev, unity + mu_unity + ab, per_reversal * reversals, rows)
    state.member_terms[view] = (now, terms)
    return terms


@cython.locals(c=Council, table=dict)
def room_rows(c, text: tuple, written: bool) -> tuple:
    """Per member, the terms of its count of a new text (not a rollover) that depend on the
    text alone and on whether the host has written (its weight `hw`, as `ballots.host_weight`
    gives it): (crossed a red line, no_weight x stake - (red_line_no if crossed else 0), the
    dislike's weight x dislike of the text + host objection x hw), from `ballots.draft_table`.
    Shared by every negotiation on this Council (memoised per text: read first,
    `Council.memo_text` on a miss)."""
    table = c.room_rows_memo[1 if written else 0]
    value = table.get(text)
    if value is None:
        value = c.memo_text(table, text, _room_rows, c, text, written)
    return value


@cython.locals(c=Council)
def _room_rows(c, text: tuple, written: bool) -> tuple:
    prm = c.params
    hw = 1.0 if written else prm.host_unwritten
    protest, red_no = ballots.dislike_weight(prm, False), prm.red_line_no
    return tuple((crossed, terms[3] * stake - (red_no if crossed else 0.0), protest * (1.0 - sat) + host * hw)
                 for (crossed, sat, stake, host), terms
                 in zip(ballots.draft_table(c, text, False), c.room_terms, strict=True))


def forecast(state, draft, rollover: bool | None = None, view: int | None = None) -> Forecast:
    """The chance that `draft` (or, `rollover`, a technical rollover) is adopted, vetoed or
    adopted unanimously, and the expected number of yes votes, from `room` (a normal
    approximation of the count), as `view` counts (None: the room). Kept by the
    negotiation, like `room`."""
    if rollover is None:
        rollover = state.vote_on == "rollover"
    key = (draft_key(state, draft), rollover, _observer(state, view))
    count = _kept(state, key)
    if count is None:
        p_yes, p_no = _room(state, key)
        count = _keep(state, key, _tally(state.council, p_yes, p_no))
    return count


@cython.ccall
@cython.locals(state=State, forecasts=dict, known=tuple)
def _kept(state, key: tuple) -> Forecast | None:
    """The forecast kept by the negotiation under `key` (`State.forecasts`), if the room's
    estimates and what they read have not changed since (`State.belief_version`); else None."""
    forecasts = state.forecasts
    known = forecasts.get(key)
    return known[1] if known is not None and known[0] == state.belief_version else None


@cython.ccall
@cython.locals(state=State)
def _keep(state, key: tuple, count: Forecast) -> Forecast:
    """Keep `count` under `key` until the room's estimates or what they read change."""
    state.forecasts[key] = (state.belief_version, count)
    return count


@cython.ccall
@cython.locals(mean=cython.double, squares=cython.double, var=cython.double, p_nine=cython.double,
               no_veto=cython.double, unanimous=cython.double, weighted=cython.double, y=cython.double,
               k=cython.Py_ssize_t, need=cython.Py_ssize_t, c=Council, p_yes=tuple, p_no=tuple,
               weights=tuple, weight=cython.double, n=cython.double)
def _tally(c, p_yes, p_no) -> Forecast:
    """The chances of adoption, a veto and unanimity from each member's (p_yes, p_no)."""
    # (the sums and the product over the members in seating order, one addition or product
    # at a time: what `sum`, `math.prod` and `sum(map(mul, ...))` compute)
    mean = squares = weighted = 0.0
    unanimous = 1.0
    weights = c.yes_weight
    for k in range(len(p_yes)):
        y = p_yes[k]
        mean += y
        squares += y * y
        unanimous *= y
        weight = weights[k]  # (a permanent member's yes counts p5_weight times)
        weighted += y * weight
    var = mean - squares + c.params.count_variance  # (sum of p (1 - p))
    need = AFFIRMATIVE_VOTES_REQUIRED
    # (a council of fewer than nine can never adopt: Art. 27(3) counts votes, not shares)
    p_nine = 1.0 - phi((need - 0.5 - mean) / sqrt(var)) if len(p_yes) >= need else 0.0
    no_veto = 1.0
    for k in c.permanent_index:
        n = p_no[k]
        no_veto *= 1.0 - n
    # (the named tuple built by tuple.__new__: its own __new__ is a Python function)
    return tuple.__new__(Forecast, (p_nine * no_veto, 1.0 - no_veto, mean, unanimous, weighted, p_yes, p_no))


def forecast_cast(state, draft, rollover: bool, view: int | None = None) -> Forecast:
    """`forecast` with each member's ballot weighed as it will be cast: its yes counts the
    chance that it decides the nine votes (the others' count from `room`), as in
    `ballots.decide_vote`. A member that would abstain on a text it can live with votes yes
    when the text needs it; `room` leaves that out (it is the count the penholder makes at
    every turn), so it reads a close room too pessimistically. The penholder counts this way
    before its last choice, between the vote and a technical rollover (`penholder.blue_or_rollover`),
    and the record and the game show it. Kept by the negotiation, like `forecast`."""
    view = _observer(state, view)
    key = (draft_key(state, draft), rollover, view, "cast")
    count = _kept(state, key)
    if count is None:
        count = _keep(state, key, _forecast_cast(state, draft, rollover, view))
    return count


def _forecast_cast(state, draft, rollover: bool, view: int | None) -> Forecast:
    c = state.council
    prm = c.params
    p_yes, _p_no = room(state, draft, rollover, view)
    text = tuple(c.status_quo if rollover else draft)
    table = ballots.draft_table(c, text, rollover)
    hw = ballots.host_weight(state)
    sd = max(prm.private_sd, 1e-6)
    total = sum(p_yes)
    spread = total - sum(map(mul, p_yes, p_yes)) + prm.count_variance
    ys, ns = [], []
    for k, (crossed, sat, stake, host) in enumerate(table):
        crossed = room_crossed(state, k, text, crossed)
        pivot = deciding_chance(total - p_yes[k], sqrt(spread - p_yes[k] * (1.0 - p_yes[k])))
        griev = prm.rollover_grievance * state.rollovers if rollover else grievances(state, text, [k])[0]
        mu_unity, mu_rev = estimate(state, k, view)
        u_yes, u_no = ballots.utilities(c, k, (crossed, sat, stake, griev, host * hw), mu_unity, mu_rev,
                                        pivot, rollover)
        y, n = _chances(u_yes, u_no, sd)
        ys.append(y)
        ns.append(n)
    return _tally(c, tuple(ys), tuple(ns))


@cython.locals(state=State, p_yes=tuple, total=cython.double, squares=cython.double, y=cython.double,
               mean=cython.double, var=cython.double, k=cython.Py_ssize_t, j=cython.Py_ssize_t)
def pivot_chance(state, j: int, draft) -> float:
    """The chance, as j believes, that the others give exactly eight yes: its own yes
    decides whether the draft has nine (j's own count, `room`)."""
    p_yes = room(state, draft, None, j)[0]  # (positional: a C call)
    total = squares = 0.0  # (sum(p_yes) and the sum of their squares, in seating order)
    for k in range(len(p_yes)):
        y = p_yes[k]
        total += y
        squares += y * y
    y = p_yes[j]
    mean = total - y
    var = (total - squares - y * (1 - y)
           + state.council.params.count_variance)  # (the others' p (1 - p))
    return deciding_chance(mean, sqrt(var))


@cython.ccall
@cython.returns(cython.double)
@cython.locals(others=cython.double, sd=cython.double, need=cython.Py_ssize_t)
def deciding_chance(others: float, sd: float) -> float:
    """The chance that the others give exactly eight yes (their expected yes `others`, its
    spread `sd`; the normal approximation, with the continuity correction): a member's yes
    then decides whether the draft has nine."""
    need = AFFIRMATIVE_VOTES_REQUIRED
    return phi((need - 0.5 - others) / sd) - phi((need - 1.5 - others) / sd)


def forecast_ballot(state, j: int, draft, view: int | None = None) -> Ballot:
    """The ballot `view` (None: the room) expects from j on `draft` (its most likely one)."""
    p_yes, p_no = room(state, draft, None, view)
    y, n = p_yes[j], p_no[j]
    a = 1.0 - y - n
    if y >= a and y >= n:
        return Ballot.YES
    return Ballot.NO if n > a else Ballot.ABSTAIN


def decide_vote(state, j: int) -> tuple[Ballot, list[dict]]:
    """j's ballot (`ballots.decide_vote`), knowing how likely its yes is to be decisive."""
    p_next = None
    if state.queue and state.vote_on != "rollover":  # another text in blue is voted next
        on, k = state.queue[0]
        if on == "rollover":
            p_next = forecast(state, state.council.status_quo, rollover=True, view=j).p_adopt
        else:
            text = state.rivals[k - 1].draft if on == "rival" else state.draft
            p_next = forecast(state, text, rollover=False, view=j).p_adopt
    return ballots.decide_vote(state, j, pivot_chance(state, j, state.vote_text), p_next)


def threat_inference(state, j: int, threat: str, view: int | None = None) -> dict:
    """How far the room (or `view`, who heard it in private) moves its estimate of j's
    private shifts on reading a threat: `threat_credibility` of the way to the point where
    the threatened ballot becomes j's best on the text under silence (recorded in the
    event, applied by game.state)."""
    c = state.council
    prm = c.params
    comp = ballots.components(state, j, state.draft)
    mu_unity, mu_rev = estimate(state, j, view)
    u_yes, u_no = ballots.utilities(c, j, comp, mu_unity, mu_rev, pivot=0.0)
    # whatever it threatens, it says it will not vote yes: lower the unity estimate until
    # yes is no better than abstaining ...
    unity = -prm.threat_credibility * max(0.0, u_yes) if u_yes != -math.inf else 0.0
    if threat == "abstain":
        return {"unity": round(unity, 4), "reversion": 0.0}
    # ... and, for a veto or a no, raise its estimated value of the failure outcome until a
    # no is its best ballot
    weight = c.room_terms[j][3]  # the weight of the consequence in its no, with no pivot
    needed = max(0.0, (max(0.0, u_yes) - u_no) / weight) if weight > 0 else 0.0
    return {"unity": round(unity, 4), "reversion": round(prm.threat_credibility * needed, 4)}
