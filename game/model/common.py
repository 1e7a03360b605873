"""Objections and reasons: the quantities every decision reads.

- ``loss[m][i][v] = salience * |variant position - ideal| / 100`` for member m;
- the *objection* of m to the text on issue i is how much better its best variant would
  be: ``loss[cur] - loss[best]`` (plus `red_line_weight` if the text crosses a red line);
- *satisfaction* with a draft is ``1 - sum(loss) / sum(salience)``.
"""

from __future__ import annotations

import cython

if cython.compiled:  # (compiled by setup.py, game/compiled.py: typed State and Council, game/*.pxd)
    from cython.cimports.game.council import Council
    from cython.cimports.game.state import State
    from cython.cimports.libc.math import copysign, fabs, floor, fmod, nearbyint
else:
    State = Council = object  # (pure Python: they only name types in the declarations)


if cython.compiled:
    @cython.locals(n=cython.int, _k=cython.int, s=cython.double, a=cython.double, y=cython.double,
                   f=cython.double, k=cython.double, t=cython.double)
    def rounded(x, n: int):
        """``round(x, n)``, the same number to the bit, for the figures the log records.

        CPython rounds a float through a decimal string (dtoa, printf, strtod: ~3,500
        instructions). Compiled, where x is a float and n in 0..4: the nearest integer to
        y = x * 10**n, divided by 10**n. That is CPython's result whenever y is further from
        a half than the error of the product (|y| * 2**-52): the nearest integer is then
        that of the exact x * 10**n, and the division of two exact integers is correctly
        rounded, as strtod is. Near a half, the product's rounding error, taken exactly
        (`_product_error`), says on which side of the half the exact x * 10**n lies, and
        an exact half goes to the even integer, as dtoa rounds it (the sign of a zero is
        x's). Otherwise (a huge or non-finite x, not a float), CPython's round."""
        if type(x) is float and 0 <= n <= 4:
            s = 1.0
            for _k in range(n):
                s *= 10.0
            a = cython.cast(cython.double, x)
            y = a * s
            if fabs(y) < 4503599627370496.0:  # 2**52: y's fraction exact
                f = y - floor(y)
                if fabs(f - 0.5) > fabs(y) * 4.5e-16:
                    return nearbyint(y) / s
                # (near a half: y - (k + 0.5) is exact, the two being within a factor of 2,
                # so the sign of t is that of the exact product's distance from the half)
                k = floor(y)
                t = (y - (k + 0.5)) + _product_error(a, s, y)
                if t > 0.0 or (t == 0.0 and fmod(k, 2.0) != 0.0):
                    k += 1.0
                return copysign(k / s, a)
        return round(x, n)

    @cython.cfunc
    @cython.locals(a=cython.double, b=cython.double, p=cython.double, c=cython.double, ah=cython.double,
                   al=cython.double, bh=cython.double, bl=cython.double)
    def _product_error(a, b, p) -> cython.double:
        """a * b - p exactly, p = a * b rounded (Dekker's product: each factor split into
        halves of 26 bits, whose products are exact; no fused multiply-add, as the build
        sets, and no overflow or underflow for the figures `rounded` sees)."""
        c = 134217729.0 * a  # 2**27 + 1
        ah = c - (c - a)
        al = a - ah
        c = 134217729.0 * b
        bh = c - (c - b)
        bl = b - bh
        return ((ah * bh - p) + ah * bl + al * bh) + al * bl
else:
    rounded = round  # (uncompiled: CPython's own)


@cython.locals(state=State)
def draft_key(state, draft) -> tuple[int, ...]:
    """``tuple(draft)``: the state keeps it for its current draft."""
    return state.draft_key if draft is state.draft else tuple(draft)


@cython.locals(state=State, c=Council, table=dict, key=tuple)
def objections(state, m: int, draft, effective: bool = True) -> list[tuple[float, int]]:
    """(objection, issue) for every issue where m would rather have another variant,
    strongest first (group-adjusted positions when `effective`). Shared: do not mutate.
    Kept in a Council memo per member and text (`Council.memo_text`, called on a miss)."""
    c = state.council
    table = c.objections_memo[1 if effective else 0][m]
    key = draft_key(state, draft)
    value = table.get(key)
    if value is None:
        value = c.memo_text(table, key, _objections, c, m, draft, effective)
    return value


@cython.locals(c=Council)
def _objections(c, m: int, draft, effective: bool) -> list[tuple[float, int]]:
    table = c.objection[m] if effective else c.own_objection[m]
    out = [(o, i) for i, v in enumerate(draft) if (o := table[i][v]) > 1e-9]
    out.sort(reverse=True)
    return out


@cython.locals(state=State, m=cython.Py_ssize_t)
def firmness(state, m: int) -> float:
    """How much more (or less) m objects than its public positions say: its capital's
    private instruction (minus its unity shift) times `firmness`, on the objection scale."""
    if not state.private:
        return 0.0
    return -state.private[m][0] * state.council.params.firmness


@cython.locals(state=State, m=cython.Py_ssize_t, out=list, taste=tuple, o=cython.double, i=cython.Py_ssize_t,
               t=cython.double)
def instructed(state, m: int, weighed, draft) -> list[tuple[float, int]]:
    """m's (objection, issue) pairs as its capital sees them: each plus the capital's private
    dislike of the text on the table there (minus `State.taste`, drawn with `instruction_sd`),
    strongest first. A new list."""
    taste = state.taste[m]
    out = []
    for o, i in weighed:
        t = taste[i][draft[i]]
        out.append((o - t, i))
    strongest_first(out)
    return out


@cython.ccall
@cython.locals(pairs=list, n=cython.Py_ssize_t, k=cython.Py_ssize_t, h=cython.Py_ssize_t, item=tuple, prev=tuple,
               o=cython.double, i=cython.Py_ssize_t, po=cython.double, pi=cython.Py_ssize_t)
def strongest_first(pairs: list):
    """``pairs.sort(reverse=True)`` for a short list of (float, int) pairs, strongest first
    (ties on the float broken by the larger int, as tuples compare; equal pairs keep their
    order, as a reversed sort keeps it): compiled, an insertion sort on C doubles, without
    comparing tuples through Python (tests/test_fast_paths.py)."""
    if not cython.compiled:
        pairs.sort(reverse=True)
        return
    n = len(pairs)
    for k in range(1, n):
        item = pairs[k]
        o, i = item[0], item[1]
        h = k - 1
        while h >= 0:
            prev = pairs[h]
            po, pi = prev[0], prev[1]
            if po > o or (po == o and pi >= i):
                break
            pairs[h + 1] = prev
            h -= 1
        pairs[h + 1] = item


def assertive_scale(c, m: int) -> float:
    """How m's assertiveness scales its thresholds for speaking up (an amendment, a
    silence-break): 1 + s (0.5 - assertiveness), s = `assertiveness_effect` (written so that
    s = 1 gives 1.5 - a to the bit)."""
    s = c.params.assertiveness_effect
    return 1.0 + 0.5 * s - s * c.assertiveness[m]


@cython.locals(c=Council)
def objection_reason(c, m: int, i: int, v: int, o: float) -> dict:
    """`Council.reason` plus the strength of the objection, rounded."""
    reason = c.reason(m, i, v)  # (a new dict)
    reason["objection"] = rounded(o, 3)
    return reason


def toward(cur: int, best: int, full: bool) -> int:
    """The variant m asks for: its best at once (`full`), or one step toward it."""
    if full or abs(best - cur) <= 1:
        return best
    return cur + (1 if best > cur else -1)


@cython.locals(c=Council)
def speaks_for_group(c, m: int) -> bool:
    return c.joint[m] and c.spokesperson[m] is not None


def ignored(state, j: int, draft) -> list[tuple[float, int]]:
    """(objection, issue) for the paragraphs j asked to change (an amendment tabled or
    backed, a silence broken) that the draft has not moved toward j since the zero draft:
    "our concerns were not taken into account"."""
    c = state.council
    asked = state.asked.get(c.ids[j])
    if not asked or not state.drafts:
        return []
    zero = state.drafts[0]
    table = c.eff_loss[j]
    return [(o, i) for o, i in objections(state, j, draft)
            if i in asked and table[i][draft[i]] >= table[i][zero[i]] - 1e-9]


@cython.locals(state=State, c=Council)
def grievance(state, j: int, draft) -> float:
    """j's grievance at the process, on the satisfaction scale: the objections the
    penholder ignored, concessions it took back, earlier rollovers of this mandate."""
    c = state.council
    mid = c.ids[j]
    reversals = state.reversals.get(mid, 0) if state.reversals else 0
    asked = state.asked.get(mid)
    if asked is None and not reversals:
        return 0.0
    prm = c.params
    g = 0.0
    if asked is not None and state.drafts:
        g = ignored_sum(c.ignored_objections(state.zero_key)[j], asked, draft)
    return prm.grievance_weight * g + prm.reversal_grievance * reversals


@cython.locals(state=State, c=Council)
def grievances(state, draft, members=None) -> list[float]:
    """`grievance` of every member on `draft` (or of `members`, a list of indexes), in
    seating order."""
    c = state.council
    if members is None:
        members = range(len(c.ids))
    if not state.drafts:  # (no zero draft yet: nothing can have been ignored)
        return [grievance(state, k, draft) for k in members]
    prm = c.params
    weight, per_reversal = prm.grievance_weight, prm.reversal_grievance
    asked_by, reversals, ids = state.asked, state.reversals, c.ids
    table = c.ignored_objections(state.zero_key)
    out = []
    for k in members:
        mid = ids[k]
        asked = asked_by.get(mid)
        r = reversals.get(mid, 0) if reversals else 0
        if asked is not None:
            # ignored_sum, written out (it runs for every member of every count of the room)
            ignored = table[k]
            terms = []
            for i in asked:
                o = ignored[i][draft[i]]
                if o:
                    terms.append(o)
            if len(terms) > 2:
                terms.sort(reverse=True)
            out.append(weight * sum(terms) + per_reversal * r)
        elif r:
            out.append(weight * 0.0 + per_reversal * r)
        else:
            out.append(0.0)
    return out


@cython.locals(terms=list, total=cython.double, o=cython.double, i=cython.Py_ssize_t, row=list)
def ignored_sum(ignored, asked, draft) -> float:
    """The sum of a member's ignored objections (`ignored`) on `draft`, from its row of
    `Council.ignored_objections` and the paragraphs it asked to change: strongest first,
    as `ignored` lists them (the order of a sum of floats fixes its last bit)."""
    terms = []
    for i in asked:
        row = ignored[i]
        o = row[draft[i]]
        if o:
            terms.append(o)
    if len(terms) > 2:  # (two terms add up the same in either order)
        terms.sort(reverse=True)
    total = 0.0  # (summed in order, as sum() does)
    for o in terms:
        total += o
    return total
