"""Advice a delegation can read from the public positions: what to ask for, whom to lobby,
whom to hold a paragraph against. A desk officer's reading of the room, not a decision: the
agents do not use it (their own model is in the other modules of this package); the game
shows it to a student in the lobbying panel (`game.ui.screens.play`), and the scripted
*coalition* and *defend* strategies of `benchmarks/agency.py` play by it, so that what the
agency table measures is what a student can see and do.

Everything here reads the Council's public tables (`Council.loss`, `room_loss`, `stake`,
`red`: the scenario's published positions, salience and red lines), never a member's private
instructions, and draws no random number.
"""

from __future__ import annotations

import cython

from game.council import Council
from game.model.common import toward

if cython.compiled:  # (compiled by setup.py, game/compiled.py: Council typed, game/council.pxd)
    from cython.cimports.game.council import Council

LOBBY_TARGETS = 3  # members worth lobbying for one text: as many as a turn's calls allow


@cython.locals(c=Council)
def best_variant(c: Council, j: int, i: int) -> int:
    """j's own text on paragraph i (its lowest loss; the lower index on a tie)."""
    losses = c.loss[j][i]
    return min(range(len(losses)), key=lambda v: (losses[v], v))


@cython.locals(c=Council)
def movers(st, j: int) -> dict[int, dict[str, float]]:
    """{paragraph: {member: what the change it wants there costs j}}: the sponsors of the
    pending amendments that would cost j, and the members who asked for a change of a
    paragraph before (one step toward their own text: they are likely to ask again, or to
    break silence on it); not j, not the penholder."""
    c = st.council
    m, pen = c.ids[j], c.ids[c.penholder]
    draft, loss = st.draft, c.loss[j]
    wants = [(a.issue, a.variant, a.sponsors) for a in st.open.values()]
    wants += [(i, toward(draft[i], c.best[c.index[x]][i], False), [x])
              for x, asked in st.asked.items() for i in asked]
    against: dict[int, dict[str, float]] = {}
    for i, v, sponsors in wants:
        cost = loss[i][v] - loss[i][draft[i]]
        if cost > 0:
            for x in sponsors:
                if x not in (m, pen):
                    against.setdefault(i, {})[x] = max(cost, against.get(i, {}).get(x, 0.0))
    return against


def asking(st, m: str, i: int) -> bool:
    """Whether m already backs a pending amendment to paragraph i."""
    return any(a.issue == i and a.sponsored_by(m) for a in st.open.values())


@cython.locals(c=Council)
def arguable(st, j: int, i: int) -> tuple[int | None, float]:
    """(the text j asks for on paragraph i, what it is worth): of the texts between the
    draft's (excluded) and j's best (included), the one with the most gain for j net of
    what it would cost the room as the penholder weighs it (`Council.room_loss`: the
    members' summed losses, j's included, a permanent member's counting `p5_weight` times,
    over `room_scale`; worth may be negative, where the room is against it): what a
    delegation reading the public positions can argue for; (None, 0.0) where the draft
    already reads its best text."""
    c = st.council
    cur, best = st.draft[i], best_variant(c, j, i)
    if cur == best:
        return None, 0.0
    step = 1 if best > cur else -1
    loss, room, scale = c.loss[j][i], c.room_loss[i], c.params.room_scale
    nets = [(loss[cur] - loss[v] - (room[v] - room[cur]) / scale, -abs(v - cur), v)
            for v in range(cur + step, best + step, step) if not c.red[j][i][v]]
    if not nets:
        return None, 0.0
    net, _near, v = max(nets)
    return v, net


def persuadable(st, j: int, i: int, v: int, exclude=(), limit: int = LOBBY_TARGETS) -> list[int]:
    """The members j lobbies to back variant v of paragraph i: those who could say yes
    (v costs them less than `package_cost` against the text, a group peer counting
    `peer_bonus` more: what a delegation can read from the public positions), not j, not
    the penholder (who answers by its settlement), not the sponsors already (`exclude`),
    none whose red line v crosses; ranked by what their backing weighs with the penholder:
    their stake in the change (`Council.stake`: a permanent member's counts `p5_weight`
    times), most first. At most `limit`."""
    c, prm = st.council, st.council.params
    cur = st.draft[i]
    ranked = []
    for k in range(len(c.ids)):
        if k in (j, c.penholder) or c.ids[k] in exclude or c.red[k][i][v]:
            continue
        gain = c.loss[k][i][cur] - c.loss[k][i][v]
        if c.group_of[k] is not None and c.group_of[k] == c.group_of[j]:
            gain += prm.peer_bonus
        if gain > -prm.package_cost:
            ranked.append((-(c.stake[k][i][cur] - c.stake[k][i][v]), c.ids[k], k))
    ranked.sort()
    return [k for _w, _id, k in ranked[:limit]]
