"""Rival drafts: a member that will not vote for the penholder's text tables its own.

Any member may put forward a draft (provisional rules 32-38); the drafts in blue are voted
in the order of their submission (rule 32). The record's rival drafts come from a member
that expects to vote down the penholder's text and wants its own on the table, either
because it might pass or to force a public contrast (Syria cross-border aid, July 2020:
Russia's S/2020/658 after the Belgian-German S/2020/654 was vetoed; it failed 4-7-4).

- `decide_rival`: whether member j tables a rival now, and which text. It does when, by
  its own count (its own instructions, which it knows; the room's estimates of the others,
  `beliefs`), the penholder's text is worse for it than the reversion and it expects to
  vote no (a veto, for a permanent member) on it, and its own text is worth something to
  it: the chance the room adopts it times what it gains over the reversion, plus
  `rival_value` (the contrast on record, even if it fails), more than `rival_threshold`.
  A rival tabled before the penholder's text is in blue is voted first, and the members
  then weigh it against that text (sophisticated voting, `ballots.against_next`); voted
  after it, only if that text failed. Either way a member that prefers the penholder's
  text weighs the rival against the reversion raised by `rival_hope` of what that text
  gains it (the penholder can bring it back: a rival adopted settles the matter for less,
  `ballots.hoped_for`), and its no on the rival is a stand with the penholder
  (`rival_solidarity`): the vetoer's rivals of the record all failed (Aleppo, October
  2016, 4-9-2). The sponsor counts its chance by that rule (`first_vote_chance`), not
  against the reversion alone (which overestimates it when the room prefers the
  penholder's text).
- `rival_text`: its text: its best variant on every paragraph, softened toward the
  penholder's text where that wins more in believed chance of adoption (`rival_softening`
  x the chance) than it costs in its satisfaction.
- `answer_rival`: the penholder's answer to a rival in blue: more expert rounds if it wants
  them, but no more silences or bilaterals (the sponsor has shown it will not join); its
  own text in blue anyway if it believes it passes, else blue or a rollover, whichever it
  values more (`penholder.blue_or_rollover`, where a vote it expects to be vetoed is worth
  `forces_votes` x the chance of a veto).
"""

from __future__ import annotations

import math

import cython

from game.model import beliefs
from game.model.common import grievances
from game.rules import AFFIRMATIVE_VOTES_REQUIRED

if cython.compiled:  # (compiled by setup.py, game/compiled.py: typed State and Council, game/*.pxd)
    from cython.cimports.game.council import Council
    from cython.cimports.game.model.ballots import (  # (C calls: ballots.pxd)
        draft_table,
        host_weight,
        utilities,
    )
    from cython.cimports.game.model.common import draft_key, grievance  # (C calls: common.pxd)
    from cython.cimports.game.state import State
else:
    from game.model.ballots import draft_table, host_weight, utilities
    from game.model.common import draft_key, grievance
    State = Council = object  # (pure Python: they only name types in the declarations)


@cython.locals(state=State, c=Council)
def expects_to_oppose(state, j: int, draft) -> tuple[bool, float]:
    """(j expects to vote no on `draft`, j's stake in it: satisfaction - reversion), by
    its own count: its capital's instructions (which it knows) and no pivot."""
    c = state.council
    unity_shift, rev_shift = state.private[j] if state.private else (0.0, 0.0)
    # (the stake first, from the Council's table of texts: most members gain from the text,
    # and then nothing else need be weighed)
    text = draft_key(state, draft)  # (tuple(draft))
    crossed, sat, raw, host = draft_table(c, text, False)[j]
    stake = raw - rev_shift
    if stake >= 0.0:
        return False, stake
    # (as `ballots.components` weighs a vote on this text, whatever the last vote was on)
    comp = (crossed, sat, raw, grievance(state, j, text), host * host_weight(state))
    u_yes, u_no = utilities(c, j, comp, unity_shift, rev_shift, 0.0)
    return u_no > 0.0 and u_no >= u_yes, stake


@cython.locals(state=State)
def voted_first(state) -> bool:
    """A rival tabled now is voted before the penholder's text: that text is not in blue
    yet (provisional rule 32, the order of submission)."""
    return ("text", None) not in state.queue


@cython.locals(state=State)
def chance(state, j: int, text) -> float:
    """The room's chance of adopting j's rival `text`, as j counts it, by the rule the
    ballots use (`first_vote_chance`): voted before the penholder's text (`voted_first`),
    against that text and what follows it; else against what follows the penholder's text
    failing (the reversion, and the text the room still hopes for)."""
    if voted_first(state):
        return first_vote_chance(state, j, text, state.draft)
    return first_vote_chance(state, j, text, state.draft, 0.0)


@cython.locals(state=State, c=Council)
def first_vote_chance(state, j: int, text, next_text, p_next: float | None = None) -> float:
    """The room's chance of adopting j's draft `text` when it is voted before `next_text`
    (the penholder's), every member weighing it as `ballots.decide_vote` does on a rival
    draft (sophisticated voting, `ballots.against_next`): against the next text, adopted
    with the room's chance of it (`p_next`; None: the room's count of it; 0 for a rival
    voted after the penholder's text, which is put to the vote only if that text fails),
    else the reversion raised by `rival_hope` of what the penholder's text gains the member
    over it (`ballots.hoped_for`); no value of unity on a draft worth less to it than that;
    `rival_solidarity` added to the no of a member that prefers the penholder's text; the
    sponsor votes for its own draft. The room's estimates of the capitals' shifts stand in
    for the shifts, as in `beliefs.room`, and the count is `beliefs.forecast`'s normal
    approximation."""
    c = state.council
    prm = c.params
    sd = max(prm.private_sd, 1e-6)
    text = tuple(text)
    if p_next is None:
        p_next = beliefs.forecast(state, next_text, rollover=False, view=j).p_adopt
    rows = draft_table(c, text, False)
    nxt = draft_table(c, tuple(next_text), False)
    hw = host_weight(state)
    griefs = grievances(state, text)
    p_yes, p_no = [], []
    for k in range(len(c.ids)):
        if k == j:
            p_yes.append(1.0)
            p_no.append(0.0)
            continue
        crossed, sat, _stake, host = rows[k]
        mu_unity, mu_rev = beliefs.estimate(state, k, view=j)
        unity, no_cost, ab, no_weight = c.room_terms[k]
        # (ballots.against_next and hoped_for, with the room's estimate of the reversion shift)
        pen = nxt[k][1]
        fallback = c.reversion[k]
        fallback += prm.rival_hope * max(0.0, pen - fallback)
        stake = sat - (p_next * pen + (1.0 - p_next) * (fallback + mu_rev))
        u_no = -no_cost - no_weight * stake + (prm.red_line_no if crossed else 0.0) + ab
        if pen > sat:  # (ballots.solidarity)
            u_no += prm.rival_solidarity
        if crossed:
            y, n = 0.0, beliefs.phi(u_no / sd)
        else:
            value_of_unity = unity + mu_unity if stake >= 0.0 else 0.0
            u_yes = value_of_unity - prm.protest_weight * (1.0 - sat) - griefs[k] - host * hw + ab
            y = beliefs.phi((u_yes - max(u_no, 0.0)) / sd)
            n = beliefs.phi((u_no - max(u_yes, 0.0)) / sd)
            if y + n > 1.0:
                y, n = y / (y + n), n / (y + n)
        p_yes.append(y)
        p_no.append(n)
    mean = sum(p_yes)
    var = sum(p * (1 - p) for p in p_yes) + prm.count_variance
    need = AFFIRMATIVE_VOTES_REQUIRED
    p_nine = 1.0 - beliefs.phi((need - 0.5 - mean) / math.sqrt(var)) if len(p_yes) >= need else 0.0
    no_veto = 1.0
    for k in c.permanent_index:
        no_veto *= 1.0 - p_no[k]
    return p_nine * no_veto


@cython.locals(state=State, c=Council)
def _value(state, j: int, text: list[int]) -> float:
    c = state.council
    return c.satisfaction(j, text) + c.params.rival_softening * chance(state, j, text)


@cython.locals(state=State, c=Council)
def rival_text(state, j: int) -> list[int]:
    """j's own text: its best variant on each paragraph; then, from its least salient
    paragraph to its most, one step at a time toward the penholder's text while that
    raises its satisfaction plus `rival_softening` x the room's chance of adopting it. It
    never crosses its own red lines."""
    c = state.council
    pen = state.draft
    text = [c.best[j][i] if c.best[j][i] != pen[i] else pen[i] for i in range(len(pen))]
    value = _value(state, j, text)
    sal = c.salience_list[j]
    for i in sorted(range(len(pen)), key=lambda i: (sal[i], i)):
        while text[i] != pen[i]:
            v = text[i] + (1 if pen[i] > text[i] else -1)
            if c.red[j][i][v]:
                break
            trial = list(text)
            trial[i] = v
            got = _value(state, j, trial)
            if got <= value:
                break
            text, value = trial, got
    return text


@cython.locals(state=State, c=Council)
def decide_rival(state, j: int) -> tuple[list[int], dict] | None:
    """Whether j tables a rival to the penholder's text now: (its text, its reasons) or
    None (see the module's docstring)."""
    c, prm = state.council, state.council.params
    pen = state.draft
    opposes, stake = expects_to_oppose(state, j, pen)
    if not opposes or stake >= 0.0:
        return None
    text = rival_text(state, j)
    if text == list(pen):
        return None
    p = chance(state, j, text)
    rev_shift = state.private[j][1] if state.private else 0.0
    sat = c.satisfaction(j, text)
    gain = sat - (c.reversion[j] + rev_shift)
    taste = state.taste[j]  # (its capital's private view of the two texts, paragraph by paragraph)
    view = sum(taste[i][v] - taste[i][w] for i, (v, w) in enumerate(zip(text, pen, strict=True)) if v != w)
    value = p * gain + prm.rival_value + view
    if value <= prm.rival_threshold:
        return None
    return text, {"why": "rival", "stake": round(stake, 3), "satisfaction": round(sat, 3),
                  "p_adopt": round(p, 3), "value": round(value, 3)}


@cython.locals(state=State)
def rival_in_blue(state) -> bool:
    """A rival draft is in blue, waiting for the vote."""
    return bool(state.rivals) and any(on == "rival" for on, _n in state.queue)


@cython.locals(state=State)
def answer_rival(state, step: str) -> str:
    """The penholder's next step (`step`, as `penholder.decide_next_step` chose it) with a
    rival draft in blue: it may still hold expert rounds to win votes, but no silence or
    bilaterals (the sponsor has shown it will not join); instead it puts its text in blue
    anyway when it believes it will pass (`blue_confidence`), else chooses between blue and
    a rollover (`penholder.blue_or_rollover`: a vote it expects to be vetoed is worth
    `forces_votes` x the chance of a veto)."""
    from game.model.penholder import blue_or_rollover

    if step not in ("place_under_silence", "hold_bilaterals"):
        return step
    count = beliefs.forecast(state, state.working, view=state.council.penholder)
    if count.p_adopt >= state.council.params.blue_confidence:
        return "put_in_blue"
    return blue_or_rollover(state)
