"""Expert rounds: what a delegation asks for and what it backs (lobbying and package deals:
`game.model.deals`)."""

from __future__ import annotations

from game.dice import floats
from game.model.common import firmness, objection_reason, objections


def decide_amendments(state, m: int, rng) -> list[tuple[int, int, dict]]:
    """Which amendments m tables this round: (issue, variant, reason) for the issues where
    its objection clears its threshold (`propose_threshold`, lower for an assertive
    member); an assertive member asks for its best text at once, a cautious one for one
    step toward it. A member of a group that speaks jointly leaves the tabling to its
    spokesperson (with probability = the group's discipline) and backs the spokesperson's
    amendments instead (see `decide_cosponsorship`)."""
    c, prm = state.council, state.council.params
    a = c.assertiveness[m]
    threshold = public_threshold(c, m) - firmness(state, m)
    draft = state.draft
    mine = objections(state, m, draft)
    if not mine or mine[0][0] + prm.decision_sd < threshold:
        return []  # nothing worth a comment, whatever the noise
    u = floats(rng.random(2 * len(draft) + 1))
    spokesperson = c.spokesperson[m]
    if c.joint[m] and spokesperson is not None and spokesperson != m and u[-1] < c.discipline[m]:
        return []
    out = []
    sd = prm.decision_sd
    for o, i in mine:
        # (the noise moves an objection less than sd either way, so its draw is read only
        # where it can decide; the objections come strongest first)
        if o + sd < threshold:
            break  # this one and every weaker one fall short, whatever the noise
        if o - sd < threshold and o + sd * (u[2 * i] - 0.5) * 2 < threshold:
            continue
        cur = draft[i]
        # its best text at once, or one step toward it (`common.toward`; the draw is read
        # only where the two differ)
        best, step = c.best[m][i], c.step[m][i][cur]
        v = best if step == best or c.red[m][i][cur] or u[2 * i + 1] < a else step
        out.append((i, v, objection_reason(c, m, i, cur, o)))
        if len(out) == prm.max_amendments:
            break
    return out


def decide_cosponsorship(state, m: int) -> list[int]:
    """Pending amendments of this round that m backs: those of its group that move the
    text toward its own (group-adjusted) position."""
    c = state.council
    peers = c.peer_ids[m]
    if peers is None:
        return []
    me = c.ids[m]
    eff_loss, draft = c.eff_loss[m], state.draft
    return [a.id for a in state.open.values()
            if a.round == state.round and a.proposer in peers and not a.sponsored_by(me)
            and eff_loss[a.issue][a.variant] < eff_loss[a.issue][draft[a.issue]]]


def public_threshold(c, j: int) -> float:
    """The objection at which j tables an amendment, by its public parameters (its
    assertiveness: `propose_threshold` x `common.assertive_scale`, a Council table;
    `decide_amendments` lowers it by its capital's firmness)."""
    return c.propose_threshold[j]


def amendment_inference(state, j: int, issues) -> dict | None:
    """How far the room lowers its estimate of j's unity on reading its written comments:
    amendments to the paragraphs `issues` (indexes) of the draft circulated. j tables one
    where its objection reaches its threshold, which its capital's firmness lowers
    (`decide_amendments`); so an amendment where the objection its public positions give is
    below the public threshold, less the decision's noise, says that its capital is firmer
    than that: its unity shift is at most -(threshold - objection - decision_sd) /
    firmness. The estimate moves `belief_amendment` of the way to that bound when it is
    above it (`game.model.beliefs`). None when the comments say nothing new."""
    c, prm = state.council, state.council.params
    if not issues or prm.firmness <= 0.0 or prm.belief_amendment <= 0.0:
        return None
    # (j's objections to the draft, `common.objections`: a Council table, 0 where it has none)
    table, draft = c.objection[j], state.draft
    lowest = min(o if (o := table[i][draft[i]]) > 1e-9 else 0.0 for i in issues)
    bound = -(public_threshold(c, j) - lowest - prm.decision_sd) / prm.firmness
    move = round(prm.belief_amendment * (bound - state.belief[j][0]), 4)  # (as the log keeps it)
    return {"unity": move, "reversion": 0.0} if move < 0.0 else None
