"""The member models: how a delegation decides, from what it can see.

Every decision is a function ``decide_x(state, member, rng, ...)`` of the public state
(the draft, the amendments, the silences, the ballots), the member's parameters in the
compiled `Council` tables, and the session's random generator passed in. Every decision
returns its *reasons as data* (see `Council.reason`), so a silence-break letter or an
explanation of vote can say why in the member's own terms.

The quantities (all on the scale of "salience-weighted distance", 0 = perfect):

- ``loss[m][i][v] = salience * |variant position - ideal| / 100`` for member m;
- the *objection* of m to the text on issue i is how much better its best variant would
  be: ``loss[cur] - loss[best]`` (plus `RED_LINE_WEIGHT` if the text crosses a red line);
- *satisfaction* with a draft is ``1 - sum(loss) / sum(salience)``.

The constants below are judgements (the record is silent on such quantities); the
scenario's parameters (positions, salience, red lines, assertiveness, mission support,
consensus value, group discipline) carry everything specific to a case. Nothing here
knows which scenario it is playing.

Simplification, stated: the penholder reads the others' parameters when it weighs
amendments and counts votes, as a seasoned penholder who knows the room would.
"""

from __future__ import annotations

from game.rules import Ballot, is_adopted
from game.state import State

# --- judgement constants --------------------------------------------------------------
PROPOSE_THRESHOLD = 0.045  # objection worth a written amendment, for assertiveness 0.5
MAX_AMENDMENTS = 3  # per delegation per round
BREAK_THRESHOLD = 0.16  # objection that breaks silence, for assertiveness 0.5
PILE_ON = 0.75  # once someone has broken silence, others need only this share of their threshold
REPEAT_RESTRAINT = 0.35  # each earlier break by the same member raises its threshold by this share
RED_LINE_WEIGHT = 0.5  # added to an objection when the text crosses a red line
NOISE = 0.02  # standard deviation of the judgement noise on each decision
YES_SCORE = 0.78  # vote yes when satisfaction + half the mission support reaches this
NO_SCORE = 0.45  # vote no below this (abstain in between) ...
NO_MISSION_SUPPORT = 0.6  # ... unless the member values the mission at least this much
IGNORED_WEIGHT = 0.5  # a vote weighs the objections the penholder ignored this much more
EOV_THRESHOLD = 0.1  # an unmet objection worth putting on the record
P5_WEIGHT = 3.0  # how much more the penholder weighs a permanent member's wishes
SPONSOR_WEIGHT = 1.5  # ... and a delegation that tabled or backed the amendment
ROOM_SCALE = 4.0  # the room's summed stake is worth its sum / ROOM_SCALE to the penholder
FUTILE_DISCOUNT = 0.4  # under silence, an objection the rest of the room opposes weighs less


def _key(state: State, draft) -> tuple[int, ...]:
    """``tuple(draft)``, a memo key: the state keeps it for its current draft."""
    return state.draft_key if draft is state.draft else tuple(draft)


def _objections(state: State, m: int, draft, effective: bool = True) -> list[tuple[float, int]]:
    """(objection, issue) for every issue where m would rather have another variant,
    strongest first. (Memoised per council, member and draft: do not mutate.)"""
    c = state.council
    # `Council.memo` inlined: this is the agents' most frequent look-up
    key = ("obj", m, state.draft_key if draft is state.draft else tuple(draft), effective)
    value = c._memo.get(key)
    if value is None:
        value = c._memo[key] = _compute_objections(c, m, draft, effective)
    return value


def _compute_objections(c, m: int, draft, effective: bool) -> list[tuple[float, int]]:
    table = c.eff_loss[m] if effective else c.loss[m]
    out = []
    for i, cur in enumerate(draft):
        o = table[i][cur] - min(table[i])
        if c.red[m][i][cur]:
            o += RED_LINE_WEIGHT
        if o > 1e-9:
            out.append((o, i))
    out.sort(reverse=True)
    return out


def _objection_reason(c, m: int, i: int, v: int, o: float) -> dict:
    """`Council.reason` plus the strength of the objection, rounded (shared, read-only;
    memoised under the exact objection, which saves rounding it at every look-up)."""
    return c.memo(("oreason", m, i, v, o), _with_objection, c, m, i, v, o)


def _with_objection(c, m: int, i: int, v: int, o: float) -> dict:
    return c.reason(m, i, v) | {"objection": round(o, 3)}


def _toward(cur: int, best: int, full: bool) -> int:
    if full or abs(best - cur) <= 1:
        return best
    return cur + (1 if best > cur else -1)


def _speaks_for_group(state: State, m: int) -> bool:
    c = state.council
    return c.joint[m] and c.spokesperson[m] is not None


# --- expert rounds --------------------------------------------------------------------

def decide_amendments(state: State, m: int, rng) -> list[tuple[int, int, dict]]:
    """Which amendments m tables this round: (issue, variant, reason) for the issues where
    its objection clears its threshold; an assertive member asks for its best text at once,
    a cautious one for one step toward it. A member of a group that speaks jointly leaves
    the tabling to its spokesperson (with probability = the group's discipline) and backs
    the spokesperson's amendments instead (see `decide_cosponsorship`)."""
    c = state.council
    a = c.assertiveness[m]
    threshold = PROPOSE_THRESHOLD * (1.5 - a)
    draft = state.draft
    # `_objections` inlined (the draft is the state's)
    objections = c._memo.get(("obj", m, state.draft_key, True))
    if objections is None:
        objections = _objections(state, m, draft)
    if not objections or objections[0][0] + NOISE < threshold:
        return []  # nothing worth a comment, whatever the noise
    u = rng.random(2 * len(draft) + 1).tolist()  # Python floats: fast arithmetic
    # (`_speaks_for_group` inlined)
    if c.joint[m] and c.spokesperson[m] is not None and c.spokesperson[m] != m and u[-1] < c.discipline[m]:
        return []
    best, red = c.best[m], c.red[m]
    out = []
    for o, i in objections:
        if o + NOISE * (u[2 * i] - 0.5) * 2 < threshold:
            continue
        cur = draft[i]
        v = _toward(cur, best[i], u[2 * i + 1] < a or red[i][cur])
        reason = c._memo.get(("oreason", m, i, cur, o))  # `_objection_reason`'s memo, inlined
        if reason is None:
            reason = _objection_reason(c, m, i, cur, o)
        out.append((i, v, reason))
        if len(out) == MAX_AMENDMENTS:
            break
    return out


def decide_cosponsorship(state: State, m: int) -> list[int]:
    """Pending amendments of this round that m backs: those of its group that move the
    text toward its own (group-adjusted) position."""
    c = state.council
    peers = c.peer_ids[m]
    if peers is None:
        return []
    me = c.ids[m]
    eff_loss, draft, this_round = c.eff_loss[m], state.draft, state.round
    out = []
    for a in state.open.values():
        if a.round != this_round or a.proposer not in peers:
            continue
        if a.sponsored_by(me):
            continue
        loss = eff_loss[a.issue]
        if loss[a.variant] < loss[draft[a.issue]]:
            out.append(a.id)
    return out


# --- the penholder --------------------------------------------------------------------

def _penholder_lambda(state: State, extra: float = 0.0) -> float:
    """The weight the penholder gives the room against its own text. It grows as the
    mandate's expiry nears (a failed renewal costs more than a concession) and in
    bilaterals (`extra`)."""
    c = state.council
    pressure = min(1.0, max(0.0, state.t / state.expiry_t))
    lam = c.consensus_value[c.penholder] * (0.4 + 0.6 * pressure)
    return min(1.0, lam + (1 - lam) * extra)


def _room_value(state: State, i: int, v: int, sponsors: set[int]) -> float:
    """The Council's weighted stake in variant v of issue i (`Council.room_loss`: minus the
    members' summed losses, a permanent member counting `P5_WEIGHT` times, crossed red
    lines heavily), sponsors of an amendment on i weighing `SPONSOR_WEIGHT` times more.
    Divided by `ROOM_SCALE`, it is on the scale of the penholder's own loss."""
    c = state.council
    total = c.room_loss[i][v]
    for j in sponsors:
        total += (SPONSOR_WEIGHT - 1.0) * c.stake[j][i][v]
    return -total / ROOM_SCALE


def _settlement_values(state: State, i: int, cur: int, lo: int, hi: int, sponsors, lam: float):
    """The penholder's value of each variant lo..hi of issue i (None: its own red line)."""
    c = state.council
    pen = c.penholder
    out = []
    for v in range(lo, hi + 1):
        if c.red[pen][i][v] and v != cur:
            out.append(None)
            continue
        out.append((1 - lam) * -c.loss[pen][i][v] + lam * _room_value(state, i, v, sponsors))
    return out


def decide_settlement(state: State, rng, accommodation: float = 0.0) -> list[tuple[int, int, str, dict]]:
    """The penholder's answer to each pending amendment: (amendment id, variant, decision,
    reasons). For each paragraph with amendments it weighs every variant between its
    current text and the furthest request, trading its own satisfaction against the
    room's (weight = its consensus value, raised by `accommodation` in bilaterals and as
    the deadline nears), and never crosses its own red lines. The chosen variant may be a
    compromise between the text and the request ('partly')."""
    c = state.council
    pen = c.penholder
    lam = _penholder_lambda(state, accommodation)
    by_issue: dict[int, list] = {}
    for a in state.open.values():
        by_issue.setdefault(a.issue, []).append(a)
    pen_id = c.ids[pen]
    weight = round(lam, 2)  # the same for every amendment: rounded once
    memo = c._memo
    out = []
    for i in sorted(by_issue):
        group = by_issue[i]
        cur = state.working[i]
        lo = hi = cur
        for a in group:  # (comparisons, not min()/max() calls)
            v = a.variant
            if v < lo:
                lo = v
            elif v > hi:
                hi = v
        # (built in this order: the set's iteration order fixes the order of a float sum)
        sponsors = frozenset(c.index[s] for a in group for s in (a.proposer, *a.cosponsors) if s != pen_id)
        values = c.memo(("settle", i, cur, lo, hi, sponsors, lam),
                        _settlement_values, state, i, cur, lo, hi, sponsors, lam)
        noise = rng.normal(0.0, NOISE, hi - lo + 1).tolist()
        best_v, best_val = cur, None
        for k, val in enumerate(values):
            if val is None:
                continue
            val += noise[k]
            if best_val is None or val > best_val:
                best_v, best_val = lo + k, val
        for a in group:
            if best_v == a.variant:
                decision = "accepted"
            elif best_v != cur and (a.variant - cur) * (best_v - cur) > 0:
                decision = "partly"
            else:
                decision = "rejected"
            # `_settlement_reason` with its memo look-up inlined
            reason = memo.get(("sreason", pen, i, best_v, weight))
            if reason is None:
                reason = _settlement_reason(c, pen, i, best_v, weight)
            out.append((a.id, best_v, decision, reason))
    return out


def _settlement_reason(c, pen: int, i: int, v: int, weight: float) -> dict:
    """`Council.reason` plus the consensus weight (shared, read-only)."""
    return c.memo(("sreason", pen, i, v, weight), _with_consensus_weight, c, pen, i, v, weight)


def _with_consensus_weight(c, pen: int, i: int, v: int, weight: float) -> dict:
    return c.reason(pen, i, v) | {"consensus_weight": weight}


def forecast_ballot(state: State, j: int, draft) -> Ballot:
    """The vote the penholder expects from j on a draft (no noise)."""
    return _ballot(state, j, draft, 0.0, 0.0)


def forecast_passes(state: State, draft) -> bool:
    """Whether the penholder expects the draft to be adopted."""
    c = state.council
    zero = state.zero_key if state.drafts else ()
    return c.memo(("passes", _key(state, draft), zero, tuple(sorted(state.asked.items()))),
                  _forecast_passes, state, draft)


def _forecast_passes(state: State, draft) -> bool:
    c = state.council
    ballots = {mid: forecast_ballot(state, j, draft) for j, mid in enumerate(c.ids)}
    return is_adopted(ballots, c.permanent_ids)


def forecast_breakers(state: State, draft) -> float:
    """How many members the penholder expects to break silence (P5 count triple)."""
    c = state.council
    total = 0.0
    for j in range(len(c.ids)):
        if j == c.penholder:
            continue
        obj = _objections(state, j, draft)
        if obj and obj[0][0] > _break_threshold(state, j):
            total += P5_WEIGHT if c.permanent[j] else 1.0
    return total


def decide_next_step(state: State, rng) -> str:
    """After settling amendments: another round, silence, bilaterals, blue or a rollover.

    Time first: the penholder must leave room for silence (if it wants one), blue and the
    vote before the mandate expires; if the text would not pass and there is no time to
    fix it, it asks for a technical rollover. Then the rules of practice: at least
    `min_rounds` rounds; at most `max_rounds` rounds and `max_silences` silences. In
    between it goes to silence sooner the fewer objections it expects and the less it
    values consensus."""
    from game.procedure import Phase

    sc = state.scenario
    cal = sc.calendar
    phase = state.phase
    left = state.expiry_t - state.t
    vote_need = (cal.blue_to_vote_hours + 24) * 60
    silence_need = cal.silence_hours * 60 + 180 + vote_need
    round_need = cal.round_days * 24 * 60 + silence_need
    draft = state.working
    passes = forecast_passes(state, draft)
    if phase is Phase.AGREED:
        return "put_in_blue" if passes or left < silence_need else "open_expert_round"
    if left < silence_need:
        return "put_in_blue" if passes else "seek_rollover"
    if phase is Phase.EXPERT_ROUND:
        if state.round < cal.min_rounds and left >= round_need:
            return "open_expert_round"
        if state.round >= cal.max_rounds or left < round_need:
            return "place_under_silence" if passes or left < round_need else "open_expert_round"
        expected = forecast_breakers(state, draft)
        lam = _penholder_lambda(state)
        p_more = min(0.95, (0.5 + lam) * expected / 8.0) if passes else 0.9
        return "open_expert_round" if rng.random() < p_more else "place_under_silence"
    # after a broken silence (or bilaterals)
    silenced = state.drafts[state.silence.revision] if state.silences else state.drafts[0]
    changed = state.working != silenced
    silences = len(state.silences)
    if not passes:
        if phase is Phase.SILENCE_BROKEN:
            return "hold_bilaterals"
        if left >= round_need:
            return "open_expert_round"
        return "seek_rollover"
    if changed and silences < cal.max_silences:
        return "place_under_silence"
    return "put_in_blue"


# --- silence --------------------------------------------------------------------------

def _break_threshold(state: State, j: int) -> float:
    c = state.council
    mid = c.ids[j]
    earlier = sum(1 for s in state.silences[:-1] if mid in s.breakers) if len(state.silences) > 1 else 0
    return BREAK_THRESHOLD * (1.5 - c.assertiveness[j]) * (1 + REPEAT_RESTRAINT * earlier)


def silence_objection(state: State, j: int) -> tuple[float, float, list[tuple[float, int]]]:
    """(strongest objection, threshold, objections) of member j to the text under silence.

    An objection on a paragraph j has been lobbied into accepting (a pledge) does not
    count; one the rest of the room opposes (it would rather keep the text than give j
    what j asks) weighs `FUTILE_DISCOUNT` as much: breaking silence for it is futile."""
    c = state.council
    tau = _break_threshold(state, j)
    if not state.pledges:  # the common case: a pure function of (j, draft, tau)
        return c.memo(("silence", j, state.draft_key, tau), _silence_objection, state, j, tau)
    return _silence_objection(state, j, tau)


def _silence_objection(state: State, j: int, tau: float):
    c = state.council
    draft = state.draft
    mid = c.ids[j]
    weighed = []
    for o, i in _objections(state, j, draft):
        if state.pledges and state.pledges.get((mid, i)) == draft[i]:
            continue
        cur = draft[i]
        if not c.red[j][i][cur]:
            want = _toward(cur, c.best[j][i], False)
            others, mine = c.room_loss[i], c.stake[j][i]
            if others[want] - mine[want] > others[cur] - mine[cur]:
                o *= FUTILE_DISCOUNT
        weighed.append((o, i))
    if not weighed:
        return 0.0, tau, []
    weighed.sort(reverse=True)
    return weighed[0][0], tau, weighed


def silence_requests(state: State, j: int, tau: float, objections) -> list[tuple[int, int, dict]]:
    """The paragraphs j names in its letter (up to three) and the text it asks for."""
    c = state.council
    requests = []
    for o, i in objections[:3]:
        if o < tau * 0.5 and requests:
            break
        cur = state.draft[i]
        v = _toward(cur, c.best[j][i], full=c.red[j][i][cur])
        requests.append((i, v, _objection_reason(c, j, i, cur, o)))
    return requests


def decide_break(strength: float, tau: float, already_broken: bool, z: float) -> bool:
    """Break silence if the strongest objection (plus judgement noise, `z` a standard
    normal draw) clears the threshold — lower once someone else has broken: the silence is
    already lost, and the cost of objecting falls."""
    threshold = tau * (PILE_ON if already_broken else 1.0)
    return strength + NOISE * z > threshold


# --- the vote -------------------------------------------------------------------------

def _score(state: State, j: int, draft) -> float:
    c = state.council
    return c.satisfaction(j, draft) + 0.5 * c.mission_support[j]


def _group_score(state: State, j: int, draft) -> float:
    """j's score, pulled toward its group's mean score by the group's discipline."""
    return state.council.memo(("score", j, _key(state, draft)), _compute_group_score, state, j, draft)


def _compute_group_score(state: State, j: int, draft) -> float:
    c = state.council
    score = _score(state, j, draft)
    g = c.group_of[j]
    if g is not None and c.discipline[j] > 0:
        members = c.group_members[g]
        mean = sum(_score(state, k, draft) for k in members) / len(members)
        score = (1 - c.discipline[j]) * score + c.discipline[j] * mean
    return score


def ignored(state: State, j: int, draft) -> list[tuple[float, int]]:
    """(objection, issue) for the paragraphs j asked to change (an amendment tabled or
    backed, a silence broken) that the draft has not moved toward j since the zero draft:
    "our concerns were not taken into account"."""
    c = state.council
    asked = state.asked.get(c.ids[j])
    if not asked or not state.drafts:
        return []
    return c.memo(("ignored", j, _key(state, draft), state.zero_key, asked),
                  _ignored, state, j, draft, asked)


def _ignored(state: State, j: int, draft, asked) -> list[tuple[float, int]]:
    zero = state.drafts[0]
    table = state.council.eff_loss[j]
    return [(o, i) for o, i in _objections(state, j, draft)
            if i in asked and table[i][draft[i]] >= table[i][zero[i]] - 1e-9]


def _ballot(state: State, j: int, draft, noise: float, noise2: float) -> Ballot:
    c = state.council
    # the noise-free part of the ballot, memoised: (crossed a red line?, group score,
    # weighted sum of ignored objections); the key holds all that `ignored` reads
    key = ("ballot", j, _key(state, draft), state.zero_key if state.drafts else None,
           state.asked.get(c.ids[j]))
    base = c._memo.get(key)
    if base is None:
        base = c._memo[key] = _ballot_base(state, j, draft)
    crossed, group_score, ignored_weight = base
    if crossed:
        # a red line: never yes; a no if the mandate matters little to j
        return Ballot.NO if (1 - c.mission_support[j]) + noise2 > 0.5 else Ballot.ABSTAIN
    score = group_score + noise
    score -= ignored_weight
    if score >= YES_SCORE:
        return Ballot.YES
    # voting against a renewal is voting against the mission: a member that values it
    # (mission support >= NO_MISSION_SUPPORT) abstains instead
    if score < NO_SCORE and c.mission_support[j] < NO_MISSION_SUPPORT:
        return Ballot.NO
    return Ballot.ABSTAIN


def _ballot_base(state: State, j: int, draft) -> tuple[bool, float, float]:
    if state.council.crossed(j, draft):
        return True, 0.0, 0.0
    return (False, _group_score(state, j, draft),
            IGNORED_WEIGHT * sum(o for o, _i in ignored(state, j, draft)))


def decide_vote(state: State, j: int, rng) -> tuple[Ballot, list[dict]]:
    """yes / abstain / no on the text in blue (or on a rollover), with the reasons: the
    paragraphs that weigh most on j, and any red line crossed."""
    c = state.council
    n = rng.normal(0.0, NOISE, 2).tolist()
    if state.vote_on == "rollover":
        ms = c.mission_support[j] + n[0]
        if ms >= 0.35:
            return Ballot.YES, [{"rollover": True, "mission_support": c.mission_support[j]}]
        ballot = Ballot.NO if ms < 0.2 else Ballot.ABSTAIN
        return ballot, [{"rollover": True, "mission_support": c.mission_support[j]}]
    ballot = _ballot(state, j, state.draft, n[0], n[1])
    return ballot, c.memo(("vote_reasons", j, state.draft_key), _vote_reasons, state, j)


def _vote_reasons(state: State, j: int) -> list[dict]:
    """The two paragraphs that weigh most on j's vote (shared, read-only)."""
    c = state.council
    return [c.reason(j, i, state.draft[i]) for o, i in _objections(state, j, state.draft, False)[:2]]


# --- explanations of vote -------------------------------------------------------------

def _welcomes(c, j: int, zero, draft) -> list[tuple[float, int]]:
    """Paragraphs that moved toward j since the zero draft, by how much (largest first)."""
    out = []
    for i, v in enumerate(draft):
        gain = c.eff_loss[j][i][zero[i]] - c.eff_loss[j][i][v]
        if gain > EOV_THRESHOLD:
            out.append((gain, i))
    out.sort(reverse=True)
    return out


def _eov_objections(state: State, j: int) -> list[tuple[float, int]]:
    """j's objections to the draft worth putting on the record (shared, read-only)."""
    return [(o, i) for o, i in _objections(state, j, state.draft) if o >= EOV_THRESHOLD]


def decide_explanation(state: State, j: int, rng) -> dict | None:
    """Whether j takes the floor after the vote, and what it says (as reasons): members
    who did not vote yes always explain; others when they have an unmet objection worth
    putting on the record (more often the more assertive, and when they broke silence);
    a group that speaks jointly speaks once, through its spokesperson."""
    c = state.council
    mid = c.ids[j]
    if _speaks_for_group(state, j) and c.spokesperson[j] != j:
        return None
    ballot = state.ballots.get(mid)
    objections = c.memo(("eov", j, state.draft_key), _eov_objections, state, j)
    broke = any(mid in s.breakers for s in state.silences)
    welcomes = c.memo(("welcomes", j, state.zero_key, state.draft_key),
                      _welcomes, c, j, state.drafts[0], state.draft)
    u = float(rng.random())
    if ballot is not Ballot.YES:
        speak = True
    elif j == c.penholder:
        speak = u < 0.15 + 0.5 * (1 - c.satisfaction(j, state.draft))
    else:
        p = (0.15 + 0.45 * c.assertiveness[j]) if objections else 0.05
        if broke:
            p += 0.2
        if welcomes:
            p += 0.05
        speak = u < min(p, 0.95)
    if not speak:
        return None
    data = {
        "ballot": ballot.value if ballot else None,
        "concerns": [c.reason(j, i, state.draft[i]) for o, i in objections[:2]],
        "welcomes": [c.reason(j, i, state.draft[i]) for g, i in welcomes[:1]],
    }
    if _speaks_for_group(state, j):
        g = c.group_of[j]
        data["on_behalf_of"] = [c.ids[k] for k in c.group_members[g] if k != j]
        data["group"] = g
    return data


# --- lobbying -------------------------------------------------------------------------

def answer_lobbying(state: State, target: int, asker: int, i: int, v: int, rng) -> tuple[str, dict]:
    """How `target` answers `asker`'s request to back variant v on issue i: 'yes' (it will
    co-sponsor, or not object under silence), 'no', or 'noncommittal'. It says yes when v
    is at least nearly as good for it as the current text, more readily to a group peer."""
    c = state.council
    cur = state.working[i] if state.working else state.draft[i]
    gain = c.loss[target][i][cur] - c.loss[target][i][v]
    if c.group_of[target] is not None and c.group_of[target] == c.group_of[asker]:
        gain += 0.03
    reason = c.reason(target, i, v) | {"gain": round(gain, 3)}
    if c.red[target][i][v]:
        return "no", reason
    x = gain + float(rng.normal(0.0, NOISE))
    if x > -0.01:
        return "yes", reason
    if x > -0.05:
        return "noncommittal", reason
    return "no", reason
