"""Deals between delegations: whom a delegation lobbies to back its amendment, how the
lobbied answer (yes, no, noncommittal, or a package: "I back yours if you back mine on
another paragraph"), and whether the asker takes the package. Every answer is an event
(`seek_support`, `accept_package`), so pledges and packages are on the record."""

from __future__ import annotations

import cython

if cython.compiled:  # (compiled by setup.py, game/compiled.py: typed State and Council, game/*.pxd)
    from cython.cimports.game.council import Council
    from cython.cimports.game.model.common import objections, rounded  # (C calls: common.pxd)
    from cython.cimports.game.state import Amendment, State
else:
    from game.model.common import objections, rounded
    State = Council = Amendment = object  # (pure Python: they only name types in the declarations)


@cython.locals(state=State, c=Council)
def answer_lobbying(state, target: int, asker: int, i: int, v: int) -> tuple[str, dict]:
    """How `target` answers `asker`'s request to back variant v on issue i: 'yes' (it will
    co-sponsor, or not object under silence), 'no', or 'noncommittal'.

    It says yes when v is at least nearly as good for it as the current text (more readily
    to a group peer). Asked to accept the text as it stands (v is the current text), it
    weighs what it gives up: the change it would ask for there (one step toward its own
    position), so a member that objects to the paragraph does not promise it for nothing.
    Failing that, it may offer a *package*: it backs v if the asker backs, on another
    paragraph, the text it wants most there ("yes_if", with the condition in the reason),
    when what it would gain there outweighs what v costs it."""
    c, prm = state.council, state.council.params
    text = state.working if state.working else state.draft
    cur = text[i]
    other = c.step[target][i][cur] if v == cur else cur  # (keep the text: against the change it would ask for)
    gain = c.loss[target][i][other] - c.loss[target][i][v]
    if c.group_of[target] is not None and c.group_of[target] == c.group_of[asker]:
        gain += prm.peer_bonus
    reason = c.reason(target, i, v)  # (a new dict)
    reason["gain"] = rounded(gain, 3)
    if c.red[target][i][v]:
        return "no", reason
    taste = state.taste[target][i]  # (its capital's private view of the two texts)
    x = gain + taste[v] - taste[other]
    if x > -prm.lobby_yes_margin:
        return "yes", reason
    # a package: the paragraph where target's objection is strongest and the asker could
    # move (the asker does not lose much there itself)
    for o, k in objections(state, target, text):
        if k == i:
            continue
        want = c.step[target][k][text[k]]
        cost_to_asker = c.loss[asker][k][want] - c.loss[asker][k][text[k]]
        if o + x > 0.0 and cost_to_asker < prm.package_cost:
            info = c.issues[k]
            reason["package"] = {"issue": info.id, "variant": info.variant_ids[want]}
            return "yes_if", reason
        break
    if x > -prm.lobby_maybe_margin:
        return "noncommittal", reason
    return "no", reason


@cython.locals(state=State, c=Council, a=Amendment, sponsors=set)
def decide_lobbying(state, m: int, proposals) -> list[tuple[int, int, int]]:
    """Whom m lobbies to back its strongest amendment of this round: (target, issue,
    variant) for up to `lobby_targets` members, the persuadable ones (those for whom the
    text asked for is nearly as good as the current one, within `package_cost` either
    way, a group peer counting `peer_bonus` more), not the penholder, not already
    sponsors; the closest to indifference first. Only a delegation with assertiveness of
    at least `lobby_assertiveness` lobbies."""
    c, prm = state.council, state.council.params
    if not proposals or c.assertiveness[m] < prm.lobby_assertiveness:
        return []
    i, v, _reason = proposals[0]
    sponsors = set()  # (of the pending amendments asking for the same text)
    for a in state.open.values():
        if a.issue == i and a.variant == v:
            sponsors.add(a.proposer)
            sponsors.update(a.cosponsors)
    ranked = c.memo(("lobby", m, i, state.draft[i], v), persuadable, c, m, i, state.draft[i], v)
    return [(k, i, v) for k in ranked if c.ids[k] not in sponsors][: prm.lobby_targets]


@cython.locals(c=Council)
def persuadable(c, m: int, i: int, cur: int, v: int) -> list[int]:
    """The members m may lobby to back variant v of issue i in place of `cur` (the
    sponsors aside), the closest to indifference first: not m, not the penholder, not one
    for whom v crosses a red line, and one that gains or loses at most `package_cost` by
    the change (a group peer of m `peer_bonus` more). A function of the Council's tables
    (`decide_lobbying` keeps it in the Council's memo): shared, do not mutate."""
    prm = c.params
    ranked = []
    for k in range(len(c.ids)):
        if k in (m, c.penholder) or c.red[k][i][v]:
            continue
        gain = c.loss[k][i][cur] - c.loss[k][i][v]
        if c.group_of[k] is not None and c.group_of[k] == c.group_of[m]:
            gain += prm.peer_bonus
        if abs(gain) <= prm.package_cost:
            ranked.append((abs(gain), k))
    ranked.sort()
    return [k for _g, k in ranked]


@cython.locals(state=State, c=Council)
def accept_package(state, asker: int, package: dict) -> bool:
    """Whether `asker` takes a package offered in answer to its lobbying: it backs the
    text the other wants on another paragraph if that costs it less than `package_cost`."""
    c = state.council
    k = c.issue_index[package["issue"]]
    w = c.variant_index[k][package["variant"]]
    text = state.working if state.working else state.draft
    if c.red[asker][k][w]:
        return False
    cost = c.loss[asker][k][w] - c.loss[asker][k][text[k]]
    return cost < c.params.package_cost
