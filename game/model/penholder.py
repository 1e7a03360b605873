"""The penholder: the setter who counts votes it cannot see.

It answers amendments (in full, in part, or not), then chooses the next step: another
expert round, silence, bilaterals, blue, a technical rollover, or a vote it expects to
lose. Its count of the room is `beliefs.forecast`: what public positions, comments,
silence-breaks, threats and pledges have told it, not the capitals' private instructions,
so it can misread the room.
"""

from __future__ import annotations

import cython

from game import rules
from game.model import beliefs
from game.procedure import Phase

if cython.compiled:  # (compiled by setup.py, game/compiled.py: typed State and Council, game/*.pxd)
    from cython.cimports.game.council import Council
    from cython.cimports.game.model.common import firmness, rounded  # (C calls: common.pxd)
    from cython.cimports.game.model.params import Constants
    from cython.cimports.game.state import Amendment, State
else:
    from game.model.common import firmness, rounded

    State = Council = Constants = Amendment = object  # (pure Python: they only name types in the declarations)


@cython.locals(state=State, c=Council)
def penholder_lambda(state, extra: float = 0.0) -> float:
    """The weight the penholder gives the room against its own text: its consensus value,
    growing as the mandate's expiry nears (a failed renewal costs more than a concession)
    and in bilaterals (`extra`)."""
    c = state.council
    pen = c.penholder
    pressure = min(1.0, max(0.0, state.t / state.expiry_t))
    value = c.consensus_value[pen] - firmness(state, pen)  # (its capital's instructions)
    early = c.params.early_consensus
    lam = min(1.0, max(0.0, value)) * (early + (1 - early) * pressure)
    return min(1.0, lam + (1 - lam) * extra)


@cython.locals(state=State)
def accommodation(state) -> float:
    """How much more accommodating the penholder is than in an expert round: after a broken
    silence (written objections at the last stage, `broken_accommodation`) and, more, in
    bilateral talks (`bilateral_accommodation`); 0 otherwise (`decide_settlement`)."""
    prm = state.council.params
    if state.phase is Phase.BILATERALS:
        return prm.bilateral_accommodation
    if state.phase is Phase.SILENCE_BROKEN:
        return prm.broken_accommodation
    return 0.0


@cython.locals(c=Council, total=cython.double, extra=list, x=cython.double)
def _room_value(c, i: int, v: int, sponsor_rows) -> float:
    """The Council's weighted stake in variant v of issue i (minus the members' summed
    losses, a permanent member counting `p5_weight` times, crossed red lines heavily),
    sponsors of an amendment on i weighing `sponsor_weight` times more (`sponsor_rows`:
    their rows of `Council.sponsor_extra` on i, `_sponsor_rows`); divided by `room_scale`,
    it is on the scale of the penholder's own loss."""
    total = c.room_loss[i][v]
    for extra in sponsor_rows:
        x = extra[v]
        total += x
    return -total / c.params.room_scale


@cython.locals(c=Council, table=dict)
def room_values(c, i: int, sponsors: tuple) -> list[float]:
    """`_room_value` of every variant of paragraph i with these sponsors (in this order, the
    order their stakes are added in): a Council memo (per paragraph, keyed by the sponsors),
    since a paragraph comes back with the same sponsors from settlement to settlement and
    negotiation to negotiation; read first, `Council.memo_text` on a miss)."""
    table = c.room_values_memo[i]
    value = table.get(sponsors)
    if value is None:
        value = c.memo_text(table, sponsors, _room_values, c, i, sponsors)
    return value


@cython.locals(c=Council)
def _room_values(c, i: int, sponsors: tuple) -> list[float]:
    rows = _sponsor_rows(c, i, sponsors)
    return [_room_value(c, i, v, rows) for v in range(len(c.room_loss[i]))]


@cython.locals(c=Council)
def _sponsor_rows(c, i: int, sponsors) -> list:
    """The rows of `Council.sponsor_extra` on paragraph i of `sponsors` (in the set's order),
    read once per paragraph and sponsors by `room_values`."""
    rows = []
    for j in sponsors:
        rows.append(c.sponsor_extra[j][i])
    return rows


def paragraph_sponsors(state, i: int, group) -> set[int]:
    """The members whose stake on paragraph i the penholder weighs `sponsor_weight` times:
    the sponsors of the pending amendments on it (`group`) and every member that asked for
    a change of it before (tabled, co-sponsored or broke silence on it, `State.asked`): the
    penholder remembers who spoke up on a paragraph when it settles it again, not only who
    asks this round. Not the penholder itself."""
    c = state.council
    pen_id = c.ids[c.penholder]
    sponsors = {c.index[s] for a in group for s in (a.proposer, *a.cosponsors) if s != pen_id}
    sponsors.update(c.index[m] for m, asked in state.asked.items() if i in asked and m != pen_id)
    return sponsors


@cython.locals(state=State, c=Council, pen_id=str, index=dict, sponsors=dict, added=set, asked_by=dict,
               asked=frozenset, m=str, group=list, a=Amendment, co=str)
def settlement_sponsors(state, by_issue: dict) -> dict[int, tuple[int, ...]]:
    """`paragraph_sponsors` of every paragraph with pending amendments (`by_issue`: paragraph
    -> its amendments), in the set's order (the order `room_values` adds their stakes in):
    the same sets, built alike, with one pass over `State.asked` for all the paragraphs."""
    c = state.council
    pen_id, index = c.ids[c.penholder], c.index
    sponsors: dict[int, set[int]] = {}
    for i, group in by_issue.items():
        added = sponsors[i] = set()
        for a in group:
            if a.proposer != pen_id:
                added.add(index[a.proposer])
            for co in a.cosponsors:
                if co != pen_id:
                    added.add(index[co])
    asked_by = state.asked
    for m, asked in asked_by.items():
        if m != pen_id:
            k = index[m]
            for i in asked:
                added = sponsors.get(i)
                if added is not None:
                    added.add(k)
    return {i: tuple(s) for i, s in sponsors.items()}


def _support(c, i: int, group) -> list[tuple[int, float]]:
    """(variant asked for, the summed salience on paragraph i of its sponsors) for each
    amendment of `group` (the pending amendments on i)."""
    sal = c.salience_list
    return [(a.variant, sum(sal[c.index[s]][i] for s in a.sponsors)) for a in group]


def _breadth(support, cur: int, v: int, part: float) -> float:
    """The sponsors behind the amendments that variant v grants (`support`), each counting
    its salience on the paragraph (in full; `breadth_partial` of it for a request met in
    part, between the text and it)."""
    total = 0.0
    for variant, n in support:
        if v == variant:
            total += n
        elif v != cur and (variant - cur) * (v - cur) > 0 and abs(v - cur) < abs(variant - cur):
            total += part * n
    return total


@cython.locals(state=State)
def promises_broken(state, i: int, v: int) -> list[str]:
    """Members to whom the penholder conceded issue i and whom variant v moves away from."""
    return broken_by(promises(state, i), v)


def broken_by(promised, v: int) -> list[str]:
    """Of the promises on a paragraph (`promises`), the members variant v moves away from."""
    broken = []
    for m, loss, kept in promised:
        if loss[v] > kept:
            broken.append(m)
    return broken


@cython.locals(state=State, c=Council)
def promises(state, i: int) -> list[tuple[str, list, float]]:
    """The penholder's promises on issue i: (member it conceded the issue to, its loss on
    each variant of i, its loss on the variant conceded + 1e-9), read once per paragraph
    by the settlement (`promises_broken`: the members a variant moves away from)."""
    kept = state.conceded.get(i)
    if kept is None:
        return []
    variant, members = kept
    c = state.council
    eff_loss, index = c.eff_loss, c.index
    out = []
    for m in members:
        loss = eff_loss[index[m]][i]
        out.append((m, loss, loss[variant] + 1e-9))
    return out


def co_pen_refuses(refused, v: int) -> bool:
    """Whether a co-penholder has refused text v of a paragraph, or a text as far or further
    in the same direction (`refused`: the (text then, text refused) pairs of its objections):
    the lead remembers, and does not propose it again."""
    return any((v - old) * (w - old) > 0 and abs(v - old) >= abs(w - old) for old, w in refused)


@cython.ccall
@cython.returns(cython.double)
@cython.locals(prm=Constants, lam=cython.double, salience=cython.double, top=cython.double)
def core_weight(prm, lam: float, salience: float, top: float) -> float:
    """The penholder's consensus weight on one paragraph (`decide_settlement`): `lam`
    (`penholder_lambda`) times 1 - `core_text` x (its salience on the paragraph / its
    highest, `top`) ** `core_sharpness`. A delegation's instructions leave it room on
    the paragraphs its capital cares less about, hardly any on its core text, the one or
    two it cares most about: there it yields to carry the text (the chance of adoption
    weighs in full), not to turn an abstention into a yes."""
    if top <= 0.0 or prm.core_text == 0.0:
        return lam
    return lam * (1.0 - prm.core_text * (salience / top) ** prm.core_sharpness)


@cython.ccall
@cython.returns(cython.double)
@cython.locals(prm=Constants, lam=cython.double, own=cython.double, p_adopt=cython.double,
               weighted_yes=cython.double, broken_cost=cython.double)
def _settlement_value(prm, lam: float, own: float, p_adopt: float, weighted_yes: float,
                      broken_cost: float) -> float:
    """A candidate text's value to the penholder (`decide_settlement`): `own` (its own
    satisfaction and its capital's private view of the text, the room's stake and breadth,
    weighed), the votes it would win, less the cost of the promises it breaks. Increasing
    in p_adopt and weighted_yes (the model's weights are not negative)."""
    return own + prm.adoption_value * p_adopt + lam * prm.vote_weight * weighted_yes - broken_cost


@cython.locals(state=State, c=Council, prm=Constants, lam=cython.double, ceiling=cython.double,
               lam_i=cython.double, top=cython.double, own_sal=list,
               i=cython.Py_ssize_t, v=cython.Py_ssize_t, cur=cython.Py_ssize_t, lo=cython.Py_ssize_t,
               hi=cython.Py_ssize_t, best_v=cython.Py_ssize_t, text=list, own_loss=list, own_red=list,
               room=list, taste=tuple, candidates=list, loss=cython.double, stake=cython.double,
               private=cython.double, own=cython.double, cost=cython.double, most=cython.double,
               val=cython.double, best_val=cython.double, counted=cython.bint, a=Amendment, group=list)
def decide_settlement(state, accommodation: float = 0.0) -> list[tuple[int, int, str, dict]]:
    """The penholder's answer to each pending amendment: (amendment id, variant, decision,
    reasons). Paragraph by paragraph it weighs every variant between its current text and
    the furthest request: its own satisfaction against the room's stake (weight: its
    consensus value, raised by `accommodation` and as the deadline nears; the stakes of the
    members who asked for a change of the paragraph, now or before, weigh `sponsor_weight`
    times: `paragraph_sponsors`), the breadth of
    support behind each request (`breadth_weight` per sponsor), plus the votes
    the text would win as it counts them (`adoption_value` x the chance of adoption, and
    `vote_weight` x the expected yes), minus `promise_cost` for each member whose earlier
    concession it would take back, plus its capital's private view of each text
    (`State.taste`, drawn with `instruction_sd`). On its core text the room and the votes
    weigh less (`core_weight`: `core_text`, `core_sharpness`), the chance of adoption as
    much: it gives way on the paragraphs its capital cares most about to carry the text,
    not to turn an abstention into a yes. It never crosses its own red lines, nor
    proposes again a text its co-penholders objected to (or one further the same way:
    `co_pen_refuses`).
    It counts the votes of a text only if the text could still beat the best so far (were it
    adopted for certain with every member's yes): the same choice as counting them all."""
    c, prm = state.council, state.council.params
    pen = c.penholder
    lam = penholder_lambda(state, accommodation)
    # (and the chance of adoption they show, rounded once per count: the paragraphs that keep
    # the text as it stands share one)
    shown_count = shown_p = None
    by_issue: dict[int, list] = {}
    for a in state.open.values():
        by_issue.setdefault(a.issue, []).append(a)
    text = list(state.working)
    own_loss, own_red = c.loss[pen], c.red[pen]
    own_sal = c.salience_list[pen]
    top = max(own_sal) if prm.core_text else 0.0  # (its highest salience: its core text)
    ceiling = sum(c.yes_weight)  # (the most weighted_yes a count can give: every member's yes)
    sponsors = settlement_sponsors(state, by_issue)
    out = []
    for i in sorted(by_issue):
        group = by_issue[i]
        cur = text[i]
        lo = hi = cur  # (the variants from the current text to the furthest request)
        for a in group:
            if a.variant < lo:
                lo = a.variant
            elif a.variant > hi:
                hi = a.variant
        room = room_values(c, i, sponsors[i])
        lam_i = core_weight(prm, lam, own_sal[i], top)
        taste = state.taste[pen][i]  # (its capital's private view of each text)
        # (breadth is weighed only with a positive breadth_weight, a promise only where the
        # penholder has made a concession on the paragraph: 0 otherwise)
        support = _support(c, i, group) if prm.breadth_weight else None
        promised = promises(state, i)
        refused = state.co_pen_refused.get(i)  # (co-penholders only)
        # each candidate's value but for the votes it would win (cheap), and the most it can
        # be worth with them: adopted for certain, every member's yes (`ceiling`)
        candidates = []
        for v in range(lo, hi + 1):
            if own_red[i][v] and v != cur:
                continue
            if refused and v != cur and co_pen_refuses(refused, v):
                continue
            loss, stake, private = own_loss[i][v], room[v], taste[v]  # (its loss, the room's, its capital's view)
            own = ((1 - lam_i) * -loss + lam_i * stake
                   + (prm.breadth_weight * _breadth(support, cur, v, prm.breadth_partial) if support is not None else 0.0)
                   + private)
            broken = broken_by(promised, v) if promised else ()
            cost = prm.promise_cost * len(broken) if broken else 0.0
            most = _settlement_value(prm, lam_i, own, 1.0, ceiling, cost)
            candidates.append((most, v, own, cost, broken))
        # then the room's count (the costly part), most promising candidate first; one that
        # cannot beat the best so far even at its most is not counted, nor any after it
        # (exact: the same choice, the lowest variant on a tie, as counting them all)
        candidates.sort(reverse=True)  # (by `most`; on a tie, by v: the order does not matter)
        best_v, best_val, best_count, broken, counted = cur, 0.0, None, [], False
        for most, v, own, cost, broken_v in candidates:
            if counted and most + 1e-9 < best_val:  # (1e-9: rounding)
                break
            text[i] = v
            count = beliefs.forecast(state, tuple(text), view=c.penholder)
            val = _settlement_value(prm, lam_i, own, count.p_adopt, count.weighted_yes, cost)
            if not counted or val > best_val or (val == best_val and v < best_v):
                best_v, best_val, best_count, broken, counted = v, val, count, broken_v, True
        text[i] = best_v
        why = c.reason(pen, i, best_v)  # (a new dict: the same for every amendment of the paragraph)
        why["consensus_weight"] = rounded(lam_i, 2)  # (the weight its reasons show)
        if best_count is not shown_count:
            shown_count, shown_p = best_count, rounded(best_count.p_adopt, 2)
        why["p_adopt"] = shown_p
        for a in group:
            if best_v == a.variant:
                decision = "accepted"
            elif best_v != cur and (a.variant - cur) * (best_v - cur) > 0:
                decision = "partly"
            else:
                decision = "rejected"
            reason = dict(why)
            if broken:
                reason["reverses"] = broken
                broken = []
            out.append((a.id, best_v, decision, reason))
    return out


@cython.locals(state=State, c=Council)
def forecast_breakers(state, draft) -> float:
    """How many members the penholder expects to break silence (P5 count triple; its
    co-penholders do not break silence on their own text)."""
    from game.model.common import objections
    from game.model.silence import break_threshold

    c = state.council
    total = 0.0
    for j in range(len(c.ids)):
        if j == c.penholder or j in c.co_penholders:
            continue
        obj = objections(state, j, draft)
        if obj and obj[0][0] > break_threshold(state, j):
            total += c.params.p5_weight if c.permanent[j] else 1.0
    return total


@cython.locals(state=State, c=Council)
def blue_or_rollover(state, pen: int | None = None) -> str:
    """Out of time or of rounds with a text it does not expect to carry: the penholder
    compares putting it to the vote with a technical rollover, each valued by its own
    count of the ballots as they will be cast (`beliefs.forecast_cast`):

    - the vote: adopted with p_adopt, else failed; plus its value of making a vetoer pay in
      public (`forces_votes` x p_veto);
    - the rollover: the mandate in force for a few months with the rollover's own chance,
      else failed; plus `forces_votes` x `rollover_exposure` x the chance it is vetoed (a
      veto of a mere extension of the mandate costs the vetoer more in public than one of a
      contested text).

    A failed vote is worth the reversion every member weighs (`Council.reversion`: probably
    a rollover later, else a lapse) while the calendar leaves time for another vote after
    this one, and a lapse when it does not. The penholder leaves its own text for a
    rollover only when the rollover is worth more by more than `rollover_margin`, and a
    rollover vetoed once exposes the vetoer no further.

    `pen`: whose values weigh them (default the penholder; a co-penholder weighs its own)."""
    c = state.council
    pen = c.penholder if pen is None else pen
    cal = state.scenario.calendar
    count = beliefs.forecast_cast(state, state.working, rollover=False, view=pen)
    roll = beliefs.forecast_cast(state, state.working, rollover=True, view=pen)
    time_after = state.expiry_t - state.t >= rules.blue_to_vote_minutes(cal) + rules.vote_need_minutes(cal)
    failed = c.reversion[pen] if time_after else c.lapse_value[pen]
    forces = c.forces_votes[pen]
    # (a second veto of a rollover exposes the vetoer no more than a veto of the text)
    exposure = 1.0 if any(v.on == "rollover" for v in state.votes) else c.params.rollover_exposure
    blue = count.p_adopt * c.satisfaction(pen, state.working) + (1 - count.p_adopt) * failed + count.p_veto * forces
    rollover = (roll.p_adopt * c.rollover_value[pen] + (1 - roll.p_adopt) * failed
                + roll.p_veto * forces * exposure)
    # it leaves its own text for a rollover only for more than `rollover_margin`
    return "seek_rollover" if rollover > blue + c.params.rollover_margin else "put_in_blue"


@cython.locals(state=State)
def decide_next_step(state, rng) -> str:
    """After settling amendments: another round, silence, bilaterals, blue or a rollover.

    Time first: the penholder must leave room for silence (if it wants one), blue and the
    vote before the mandate expires. Then the rules of practice: at least `min_rounds`
    rounds; at most `max_rounds` rounds and `max_silences` silences, whatever the count. A
    text "passes" when the penholder believes it adopted with at least `blue_confidence`;
    one that does not, with no time or rounds left, goes to the vote or to a rollover
    (`blue_or_rollover`). In between it goes to silence sooner the fewer objections it
    expects and the less it values consensus."""
    sc, prm = state.scenario, state.council.params
    cal = sc.calendar
    phase = state.phase
    left = state.expiry_t - state.t
    silence_need = rules.silence_need_minutes(cal)
    round_need = rules.round_need_minutes(cal)
    draft = state.working
    pen = state.council.penholder
    count = beliefs.forecast(state, draft, view=pen)
    short = len(state.council.ids) - count.expected_yes  # expected abstentions and noes
    tolerance = prm.abstention_tolerance * (1.0 - state.council.consensus_value[pen])
    passes = count.p_adopt >= prm.blue_confidence and short <= tolerance + 0.5
    rounds_left = state.round < cal.max_rounds and left >= round_need
    silences_left = len(state.silences) < cal.max_silences and left >= silence_need
    if phase is Phase.AGREED:  # silence held: the text is agreed, talks do not reopen
        return "put_in_blue" if passes or count.p_adopt >= prm.blue_floor else blue_or_rollover(state)
    if left < silence_need:
        return "put_in_blue" if passes else blue_or_rollover(state)
    if phase is Phase.EXPERT_ROUND:
        if state.round < cal.min_rounds and rounds_left:
            return "open_expert_round"
        if not rounds_left:
            return "place_under_silence" if silences_left else (
                "put_in_blue" if passes else blue_or_rollover(state))
        expected = forecast_breakers(state, draft)
        lam = penholder_lambda(state)
        p_more = (min(prm.more_rounds_cap, (prm.more_rounds_base + lam) * expected / prm.more_rounds_scale)
                  if passes else prm.more_rounds_failing)
        return "open_expert_round" if rng.random() < p_more else "place_under_silence"
    # after a broken silence (or bilaterals)
    silenced = state.drafts[state.silence.revision] if state.silences else state.drafts[0]
    changed = state.working != silenced
    if not passes:
        if phase is Phase.SILENCE_BROKEN:
            return "hold_bilaterals"
        if rounds_left:
            return "open_expert_round"
        if silences_left and changed:
            return "place_under_silence"
        return "put_in_blue" if count.p_adopt >= prm.blue_floor else blue_or_rollover(state)
    if changed and silences_left:
        return "place_under_silence"
    return "put_in_blue"


# --- co-penholders: each must agree to the revision and to the next step -------------------

@cython.locals(state=State, c=Council)
def review_revision(state, k: int, proposed: dict[int, int]) -> list[tuple[int, int, int, dict]]:
    """Co-penholder k's answer to the lead's proposed revision, `proposed` ({paragraph:
    variant} for the paragraphs it changes from `state.working`). Paragraph by paragraph k
    agrees unless the new text crosses one of its red lines or costs it more than
    `co_pen_tolerance` of its satisfaction with the text; then it objects, and the paragraph
    is met halfway (the variant between the two nearest the lead's that k can accept) or
    reverts. Returns its objections: (paragraph, variant proposed, variant instead, reason).
    Draws nothing: a co-penholder's own capital's view is what it weighs."""
    c, prm = state.council, state.council.params
    tol = prm.co_pen_tolerance
    lk, rk, scale = c.loss[k], c.red[k], c.total_salience[k]
    out = []
    for i in sorted(proposed):
        v, old = proposed[i], state.working[i]
        if v == old:
            continue

        def cost(x, i=i, old=old):
            return (lk[i][x] - lk[i][old]) / scale

        crosses = rk[i][v] and not rk[i][old]
        if not crosses and cost(v) <= tol + 1e-12:
            continue
        step = 1 if old < v else -1
        instead = old
        for x in range(v - step, old, -step):  # from the lead's text back toward the old one
            if not (rk[i][x] and not rk[i][old]) and cost(x) <= tol + 1e-12:
                instead = x
                break
        reason = c.reason(k, i, v) | {"grounds": "red_line" if crosses else "cost",
                                     "cost": rounded(cost(v), 3), "tolerance": tol}
        out.append((i, v, instead, reason))
    return out


@cython.locals(state=State)
def review_next_step(state, k: int, proposed: str) -> tuple[str, dict]:
    """Co-penholder k's answer to the lead's next step: (the step it asks for, its reason).
    It agrees to anything but blue; to blue unless it believes (its count,
    `beliefs.forecast`) the text will be adopted with less than `co_pen_blue_confidence`.
    Then it asks for the most cautious step still open: bilaterals after a broken silence,
    else another round (while rounds and time remain), else a silence, else a technical
    rollover if a rollover is worth more to it than the vote (`blue_or_rollover` with its
    own values); with none of these it agrees, reluctantly (its reason says so)."""
    prm = state.council.params
    if proposed != "put_in_blue":
        return proposed, {}
    count = beliefs.forecast(state, state.working, view=k)
    reason = {"p_adopt": rounded(count.p_adopt, 2), "confidence": prm.co_pen_blue_confidence}
    if count.p_adopt >= prm.co_pen_blue_confidence:
        return proposed, reason
    cal, phase = state.scenario.calendar, state.phase
    left = state.expiry_t - state.t
    silence_need = rules.silence_need_minutes(cal)
    round_need = rules.round_need_minutes(cal)
    talks = phase in (Phase.EXPERT_ROUND, Phase.SILENCE_BROKEN, Phase.BILATERALS)
    if phase is Phase.SILENCE_BROKEN:
        step = "hold_bilaterals"
    elif talks and state.round < cal.max_rounds and left >= round_need:
        step = "open_expert_round"
    elif talks and len(state.silences) < cal.max_silences and left >= silence_need:
        step = "place_under_silence"
    elif blue_or_rollover(state, k) == "seek_rollover":
        step = "seek_rollover"
    else:
        return proposed, reason | {"reluctantly": True}
    return step, reason
