"""Expert rounds: what a delegation asks for and what it backs (lobbying and package deals:
`game.model.deals`)."""

from __future__ import annotations

import cython

from game.dice import floats

if cython.compiled:  # (compiled by setup.py, game/compiled.py: typed State and Council, game/*.pxd)
    from cython.cimports.game.council import Council
    from cython.cimports.game.model.common import (  # (C calls: game/model/common.pxd)
        firmness,
        instructed,
        objection_reason,
        objections,
        rounded,
    )
    from cython.cimports.game.state import Amendment, State
else:
    from game.model.common import firmness, instructed, objection_reason, objections, rounded
    State = Council = Amendment = object  # (pure Python: they only name types in the declarations)


@cython.locals(state=State, c=Council)
def decide_amendments(state, m: int, rng) -> list[tuple[int, int, dict]]:
    """Which amendments m tables this round: (issue, variant, reason) for the issues where
    its objection, as its capital sees it (`common.instructed`), clears its threshold
    (`propose_threshold`, lower for an assertive member), strongest first; an assertive
    member asks for its best text at once, a cautious one for one step toward it. A member
    of a group that speaks jointly leaves the tabling to its spokesperson (with probability
    = the group's discipline) and backs the spokesperson's amendments instead (see
    `decide_cosponsorship`)."""
    c, prm = state.council, state.council.params
    threshold = public_threshold(c, m) - firmness(state, m)
    draft = state.draft
    mine = instructed(state, m, objections(state, m, draft), draft)
    if not mine or mine[0][0] < threshold:
        return []  # nothing worth a comment
    u = floats(rng.random(len(draft) + 1))
    spokesperson = c.spokesperson[m]
    if c.joint[m] and spokesperson is not None and spokesperson != m and u[-1] < c.discipline[m]:
        return []
    a = c.assertiveness[m]
    out = []
    for o, i in mine[:prm.max_amendments]:
        if o < threshold:
            break  # this one and every weaker one fall short
        cur = draft[i]
        out.append((i, c.toward(m, i, cur, full=u[i] < a), objection_reason(c, m, i, cur, o)))
    return out


@cython.locals(state=State, c=Council, a=Amendment, out=list, row=list)
def decide_cosponsorship(state, m: int) -> list[int]:
    """Pending amendments of this round that m backs: those of its group that move the
    text toward its own (group-adjusted) position."""
    c = state.council
    peers = c.peer_ids[m]
    if peers is None:
        return []
    me = c.ids[m]
    eff_loss, draft = c.eff_loss[m], state.draft
    out = []
    for a in state.open.values():
        if a.round == state.round and a.proposer in peers and not a.sponsored_by(me):
            row = eff_loss[a.issue]
            if row[a.variant] < row[draft[a.issue]]:
                out.append(a.id)
    return out


@cython.locals(c=Council)
def public_threshold(c, j: int) -> float:
    """The objection at which j tables an amendment, by its public parameters (its
    assertiveness: `propose_threshold` x `common.assertive_scale`, a Council table;
    `decide_amendments` lowers it by its capital's firmness)."""
    return c.propose_threshold[j]


@cython.locals(state=State, c=Council)
def amendment_inference(state, j: int, issues) -> dict | None:
    """How far the room lowers its estimate of j's unity on reading its written comments:
    amendments to the paragraphs `issues` (indexes) of the draft circulated. j tables one
    where its objection, with its capital's private view of the text, reaches its
    threshold, which its capital's firmness lowers (`decide_amendments`); so an amendment
    where the objection its public positions give is below the public threshold by more
    than the private view would explain (`COMMENT_SDS` standard deviations) says that its
    capital is firmer than that: its unity shift is at most -(threshold - objection -
    COMMENT_SDS instruction_sd) / firmness. (A capital that merely dislikes the paragraph
    more than that is misread as firm: the room cannot tell the two apart.) The estimate
    moves `belief_amendment` of the way to that bound when it is above it
    (`game.model.beliefs`). None when the comments say nothing new."""
    c, prm = state.council, state.council.params
    if not issues or prm.firmness <= 0.0 or prm.belief_amendment <= 0.0:
        return None
    # (j's objections to the draft, `common.objections`: a Council table, 0 where it has none)
    table, draft = c.objection[j], state.draft
    lowest = min(o if (o := table[i][draft[i]]) > 1e-9 else 0.0 for i in issues)
    bound = -(public_threshold(c, j) - lowest - COMMENT_SDS * prm.instruction_sd) / prm.firmness
    move = rounded(prm.belief_amendment * (bound - state.belief[j][0]), 4)  # (as the log keeps it)
    return {"unity": move, "reversion": 0.0} if move < 0.0 else None


COMMENT_SDS = 1
"""The room reads a comment as a firm capital's only where the public positions fall short
of the threshold by more than this many standard deviations of a capital's private view of
a text (`instruction_sd`): `amendment_inference`."""
