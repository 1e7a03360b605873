"""Who takes the floor after a vote, and on what (as reasons; `game.narrate` writes it)."""

from __future__ import annotations

import cython

from game.rules import Ballot

if cython.compiled:  # (compiled by setup.py, game/compiled.py: typed State and Council, game/*.pxd)
    from cython.cimports.game.council import Council
    from cython.cimports.game.model.common import (  # (C calls: common.pxd)
        objections,
        speaks_for_group,
        strongest_first,
    )
    from cython.cimports.game.state import Silence, State
else:
    from game.model.common import objections, speaks_for_group, strongest_first
    State = Council = Silence = object  # (pure Python: they only name types in the declarations)


_BALLOT_VALUE = {b: b.value for b in Ballot}
"""A ballot's value (the string the log records), without the enum's `value` property."""


@cython.cfunc
@cython.locals(c=Council, j=cython.Py_ssize_t, threshold=cython.double, out=list, loss=list, row=list,
               i=cython.Py_ssize_t, v=cython.Py_ssize_t, gain=cython.double, before=cython.double,
               after=cython.double)
def _welcomes(c, j: int, zero, draft, threshold: float) -> list[tuple[float, int]]:
    """Paragraphs that moved toward j since the zero draft, by how much (largest first)."""
    out = []
    loss = c.eff_loss[j]
    for i in range(len(draft)):
        v = draft[i]
        row = loss[i]
        before, after = row[zero[i]], row[v]
        gain = before - after
        if gain > threshold:
            out.append((gain, i))
    strongest_first(out)
    return out


@cython.locals(state=State, c=Council, sil=Silence)
def decide_explanation(state, j: int, rng) -> dict | None:
    """Whether j takes the floor after the vote, and what it says (as reasons): members
    who did not vote yes always explain, saying why (the ballot's ``why``); others when
    they have an unmet objection worth putting on the record (more often the more
    assertive, and when they broke silence); a group that speaks jointly speaks once,
    through its spokesperson. After a rollover vote only those who did not vote yes and
    the penholder speak."""
    c, prm = state.council, state.council.params
    mid = c.ids[j]
    if speaks_for_group(c, j) and c.spokesperson[j] != j:
        return None
    ballot = state.ballots.get(mid)
    u = float(rng.random())
    why = state.ballot_why.get(mid)
    if state.vote_on == "rollover":
        if ballot is Ballot.YES and not ((j == c.penholder or j in c.co_penholders) and u < prm.eov_pen_rollover):
            return None
        return {"ballot": _BALLOT_VALUE[ballot] if ballot else None, "on": "rollover", "why": why,
                "concerns": [], "welcomes": []}
    draft = state.vote_text  # (the draft just voted: the penholder's or a rival)
    unmet = [(o, i) for o, i in objections(state, j, draft) if o >= prm.eov_threshold]
    broke = False
    for sil in state.silences:
        if mid in sil.breakers:
            broke = True
            break
    welcomes = _welcomes(c, j, state.drafts[0], draft, prm.eov_threshold)
    if ballot is not Ballot.YES:
        speak = True
    elif j == c.penholder or j in c.co_penholders:  # (the pen holders speak as the penholder)
        speak = u < prm.eov_base + prm.eov_pen_dislike * (1 - c.satisfaction(j, draft))
    else:
        p = (prm.eov_base + prm.eov_assertive * c.assertiveness[j]) if unmet else prm.eov_quiet
        if broke:
            p += prm.eov_broke
        if welcomes:
            p += prm.eov_welcome
        speak = u < min(p, prm.eov_cap)
    if not speak:
        return None
    data = {
        "ballot": _BALLOT_VALUE[ballot] if ballot else None,
        "concerns": [c.reason(j, i, draft[i]) for _o, i in unmet[:prm.eov_concerns]],
        "welcomes": [c.reason(j, i, draft[i]) for _g, i in welcomes[:prm.eov_welcomes]],
    }
    if why and ballot is not Ballot.YES:
        data["why"] = why
    if speaks_for_group(c, j):
        g = c.group_of[j]
        data["on_behalf_of"] = [c.ids[k] for k in c.group_members[g] if k != j]
        data["group"] = g
    return data
