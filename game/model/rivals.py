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

from game.model import ballots, beliefs
from game.model.common import grievance


def expects_to_oppose(state, j: int, draft) -> tuple[bool, float]:
    """(j expects to vote no on `draft`, j's stake in it: satisfaction - reversion), by
    its own count: its capital's instructions (which it knows) and no pivot."""
    c = state.council
    unity_shift, rev_shift = state.private[j] if state.private else (0.0, 0.0)
    # (the stake first, from the Council's table of texts: most members gain from the text,
    # and then nothing else need be weighed)
    text = tuple(draft)
    crossed, sat, raw, host = ballots.draft_table(c, text, False)[j]
    stake = raw - rev_shift
    if stake >= 0.0:
        return False, stake
    # (as `ballots.components` weighs a vote on this text, whatever the last vote was on)
    comp = (crossed, sat, raw, grievance(state, j, text), host * ballots.host_weight(state))
    u_yes, u_no = ballots.utilities(c, j, comp, unity_shift, rev_shift, 0.0)
    return u_no > 0.0 and u_no >= u_yes, stake


def _value(state, j: int, text: list[int]) -> float:
    c = state.council
    p = beliefs.forecast(state, text, rollover=False).p_adopt
    return c.satisfaction(j, text) + c.params.rival_softening * p


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


def decide_rival(state, j: int, rng) -> tuple[list[int], dict] | None:
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
    p = beliefs.forecast(state, text, rollover=False).p_adopt
    rev_shift = state.private[j][1] if state.private else 0.0
    sat = c.satisfaction(j, text)
    gain = sat - (c.reversion[j] + rev_shift)
    value = p * gain + prm.rival_value + float(rng.normal(0.0, prm.decision_sd))
    if value <= prm.rival_threshold:
        return None
    return text, {"why": "rival", "stake": round(stake, 3), "satisfaction": round(sat, 3),
                  "p_adopt": round(p, 3), "value": round(value, 3)}


def rival_in_blue(state) -> bool:
    """A rival draft is in blue, waiting for the vote."""
    return bool(state.rivals) and any(on == "rival" for on, _n in state.queue)


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
    count = beliefs.forecast(state, state.working)
    if count.p_adopt >= state.council.params.blue_confidence:
        return "put_in_blue"
    return blue_or_rollover(state)
