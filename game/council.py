"""The scenario compiled into plain tables the agents read in their hot loop.

A `Council` is derived from a validated `Scenario` (and rebuilt when an inject moves a
member's position or salience). It holds, for every member m, issue i and variant v:

- ``loss[m][i][v] = salience[m][i] * |position(v) - ideal[m][i]| / 100``
- ``red[m][i][v]``: the variant crosses one of m's red lines on i
- ``best[m][i]``: the variant closest to m's (group-adjusted) ideal

so that a member's satisfaction with a draft is a dozen list look-ups (see
``satisfaction``). Nested Python lists beat numpy for arrays this small (15 x 6 x 5);
numpy builds them.

It also holds what the model weighs a draft *against* (``game.model``): the status quo
text a technical rollover extends, each member's value of that rollover and of a lapse
(one number, or valued per issue where issues declare what a lapse amounts to), its value
of unity, the cost of its veto or its no, its deference to the host, and the host's own
view of every variant; and the model's constants (`params`), read from the scenario's
``model:`` block.
"""

from __future__ import annotations

from dataclasses import dataclass

import cython
import numpy as np

from game.model import common as model_common  # (the module: common cimports Council when compiled)
from game.model.params import Constants
from game.schema import Scenario

MEMO_LIMIT = 50_000
"""A Council's memo of pure functions of drafts is emptied when it holds this many entries:
a batch worker reuses one Council for thousands of runs, and its memory must stay flat."""


@dataclass(frozen=True, slots=True)
class IssueInfo:
    id: str
    title: str
    paragraph: int
    variant_ids: tuple[str, ...]
    positions: tuple[float, ...]
    labels: tuple[str, ...]


def _step_toward(n: int, best: int) -> list[int]:
    """For each of n variants, the variant one step from it toward `best` (`best` itself
    when it is one step away or less): game.model.common.toward(v, best, False)."""
    return [best if abs(best - v) <= 1 else v + (1 if best > v else -1) for v in range(n)]


def lapse_by_issue(default: float, lapse_at, own, weights) -> tuple[float, tuple | None]:
    """A member's value of a lapse of the mandate when its entry gives no `lapse_value`, and
    its parts. `default` is 1 - lapse_support x mission_support; `lapse_at[i]` the position
    issue i declares a lapse amounts to (None: it declares none); `own` and `weights` the
    member's positions and salience, in issue order.

    With no issue declaring a lapse (or no salience at all): (`default`, None), exactly as
    before the field. Otherwise per issue, for an issue that declares it, the member's
    satisfaction with a text at that position (1 - |lapse - own position| / 100, as for a
    variant in `Council.satisfaction`), for the others `default`, combined by the salience
    weights as `satisfaction` combines paragraphs; the parts are ((issue index, lapse
    position, satisfaction), ...) over the issues that declare one (for the record)."""
    total = sum(weights)
    if total <= 0.0 or all(at is None for at in lapse_at):
        return default, None
    parts = tuple((i, at, 1.0 - abs(at - own[i]) / 100.0) for i, at in enumerate(lapse_at) if at is not None)
    issue_sat = [default] * len(lapse_at)
    for i, _at, sat in parts:
        issue_sat[i] = sat
    return sum(w * sat for w, sat in zip(weights, issue_sat, strict=True)) / total, parts


class Council:
    """Read-only tables for the agents. Indexes: members in seating order (alphabetical by
    name), issues in scenario order."""

    def __init__(self, scenario: Scenario, positions=None, salience=None, host_consent: float | None = None):
        sc = scenario
        self.scenario = sc
        # the host's consent to the mission (the scenario's, unless an inject changed it)
        self.host_consent = sc.host.consent if host_consent is None else host_consent
        # the Council sits (and votes) in the English alphabetical order of its members'
        # names: a canonical order, whatever the order of the scenario file
        self.ids: tuple[str, ...] = tuple(sorted(sc.members, key=lambda m: (sc.members[m].name, m)))
        self.index = {m: k for k, m in enumerate(self.ids)}
        self.penholder = self.index[sc.penholder]
        # members holding the pen with the penholder (the lead), in the scenario's order
        self.co_penholders = tuple(self.index[m] for m in sc.co_penholders)
        self.pens = (self.penholder, *self.co_penholders)  # (who hears a bilateral with the pen)
        self.permanent = tuple(sc.members[m].permanent for m in self.ids)
        self.permanent_ids = tuple(m for m in self.ids if sc.members[m].permanent)
        self.permanent_index = tuple(k for k, p in enumerate(self.permanent) if p)
        self.issues = tuple(
            IssueInfo(
                i.id,
                i.title,
                i.paragraph,
                tuple(v.id for v in i.variants),
                tuple(v.position for v in i.variants),
                tuple(v.label or v.id for v in i.variants),
            )
            for i in sc.issues
        )
        self.issue_index = {i.id: k for k, i in enumerate(self.issues)}
        # variant id -> index, per issue (``variant_ids.index`` without the scan)
        self.variant_index = tuple({v: k for k, v in enumerate(i.variant_ids)} for i in self.issues)
        nm = len(self.ids)
        members = [sc.members[m] for m in self.ids]
        if positions is None:
            positions = np.array([[mb.positions[i.id] for i in self.issues] for mb in members], float)
        if salience is None:
            salience = np.array([[mb.salience[i.id] for i in self.issues] for mb in members], float)
        self.positions = np.asarray(positions, float).copy()
        self.salience = np.asarray(salience, float).copy()
        self.params = Constants(sc.model)  # (the scenario's ModelParams, as plain attributes)
        self.assertiveness = tuple(mb.assertiveness for mb in members)
        self.mission_support = tuple(mb.mission_support for mb in members)
        self.consensus_value = tuple(mb.consensus_value for mb in members)
        # the objections at which a member speaks up, by its public parameters (its
        # assertiveness): an amendment (game.model.amendments.public_threshold) and a first
        # silence-break (game.model.silence.public_break_threshold)
        scale = tuple(model_common.assertive_scale(self, m) for m in range(nm))
        self.propose_threshold = tuple(self.params.propose_threshold * s for s in scale)
        self.break_threshold = tuple(self.params.break_threshold * s for s in scale)

        # groups: who speaks for whom, and how strongly members follow the group line
        self.group_of: list[str | None] = [None] * nm
        self.discipline = [0.0] * nm
        self.spokesperson: list[int | None] = [None] * nm
        self.joint = [False] * nm
        self.group_members: dict[str, tuple[int, ...]] = {}
        for gid, g in sc.groups.items():
            idx = tuple(self.index[m] for m in g.members)
            self.group_members[gid] = idx
            for k in idx:
                self.group_of[k] = gid
                self.discipline[k] = g.discipline
                self.spokesperson[k] = self.index[g.spokesperson] if g.spokesperson else None
                self.joint[k] = g.speaks_jointly
        # each member's group, as the set of its members' ids (None: no group)
        self.peer_ids = tuple(
            None if g is None else frozenset(self.ids[k] for k in self.group_members[g]) for g in self.group_of
        )

        # group-adjusted ideal points: (1 - discipline) * own + discipline * group's
        # salience-weighted mean; this is the line a member pushes in amendments
        effective = self.positions.copy()
        for idx in self.group_members.values():
            ix = list(idx)
            w = self.salience[ix] + 1e-9
            mean = (self.positions[ix] * w).sum(0) / w.sum(0)
            for k in ix:
                d = self.discipline[k]
                effective[k] = (1 - d) * self.positions[k] + d * mean
        self.effective = effective

        self._build_tables(members)
        # memos of pure functions of these (read-only) tables, emptied at MEMO_LIMIT
        self._memo: dict = {}
        # per-text memos (`memo_text`), each a dict keyed by the text alone: a member's
        # objections (its own, group-adjusted), its weighed objections under silence, the texts' tables
        n = len(self.ids)
        self.objections_memo = ([{} for _ in range(n)], [{} for _ in range(n)])
        self.silence_memo = [{} for _ in range(n)]
        self.draft_table_memo = ({}, {})
        self.room_rows_memo = ({}, {})  # (beliefs.room_rows: before and after the host has written)
        self.room_values_memo = [{} for _ in self.issues]  # (penholder.room_values, per paragraph: by sponsors)
        self._text_memos = [*self.objections_memo[0], *self.objections_memo[1], *self.silence_memo,
                            *self.draft_table_memo, *self.room_rows_memo, *self.room_values_memo]
        self._text_entries = 0
        self._children: dict = {}
        self._build_reversion(members)

    def _build_tables(self, members) -> None:
        """Derive every table from positions and salience (vectorised: ~0.1 ms)."""
        nm, ni = len(self.ids), len(self.issues)
        nv = [len(i.positions) for i in self.issues]
        vmax = max(nv)
        X = np.full((ni, vmax), np.inf)
        for i, info in enumerate(self.issues):
            X[i, : nv[i]] = info.positions
        S, P, E = self.salience, self.positions, self.effective
        with np.errstate(invalid="ignore"):
            loss = S[:, :, None] * np.abs(X[None] - P[:, :, None]) / 100.0
            eff = S[:, :, None] * np.abs(X[None] - E[:, :, None]) / 100.0
        red = np.zeros((nm, ni, vmax), bool)
        public = np.ones((nm, ni, 1), bool)  # (a red line the room knows from the start)
        for m, mb in enumerate(members):
            for i, info in enumerate(self.issues):
                rl = mb.red_lines.get(info.id)
                if rl is not None:
                    lo = -1.0 if rl.min is None else rl.min
                    hi = 101.0 if rl.max is None else rl.max
                    red[m, i, : nv[i]] = (X[i, : nv[i]] < lo) | (X[i, : nv[i]] > hi)
                    public[m, i, 0] = rl.public
        # per member, the issues of its red lines, and those the room does not know at the
        # start (private instructions: game.model.beliefs.room_crossed)
        self.red_issues = tuple(tuple(i for i, info in enumerate(self.issues) if info.id in mb.red_lines)
                                for mb in members)
        self.hidden_red = tuple(frozenset(i for i, info in enumerate(self.issues)
                                          if info.id in mb.red_lines and not mb.red_lines[info.id].public)
                                for mb in members)
        self.best = np.argmin(np.where(np.isfinite(eff), eff, np.inf), axis=2).tolist()
        # a capital's private view of each text, before it is drawn (`State.taste`): none
        self.no_taste = tuple(tuple((0.0,) * n for n in nv) for _ in members)
        # step[m][i][v]: the variant one step from v toward best[m][i] (best itself when one
        # step away or less), what m asks for when it does not ask for its best at once
        # (game.model.common.toward)
        self.step = [[_step_toward(n, b) for n, b in zip(nv, bests, strict=True)] for bests in self.best]
        self.total_salience = np.maximum(S.sum(1), 1e-9).tolist()
        # the room's stake in each variant, as the penholder weighs it: the sum over the
        # members but the penholder of weight x loss, a permanent member weighing
        # p5_weight, a crossed red line red_line_weight more (twice that for a veto holder)
        prm = self.scenario.model
        perm = np.array(self.permanent, bool)
        red_extra = prm.red_line_weight * np.where(perm, prm.veto_red_line, 1.0)
        weight = np.where(perm, prm.p5_weight, 1.0)[:, None, None]
        stake = weight * (loss + red * red_extra[:, None, None])
        others = np.ones(nm, bool)
        others[self.penholder] = False
        # (the room's stake counts the red lines it knows from the start; a sponsor's own
        # stake, sponsor_extra, all of its own: its amendment shows the paragraph matters)
        known = weight * (loss + (red & public) * red_extra[:, None, None])
        room = known[others].sum(0)

        def ragged(a):
            return [[row[i][: nv[i]] for i in range(ni)] for row in a.tolist()]

        self.loss, self.eff_loss, self.red, self.stake = ragged(loss), ragged(eff), ragged(red), ragged(stake)
        self.room_loss = [r[: nv[i]] for i, r in enumerate(room.tolist())]
        # what a sponsor's stake adds to the room's (sponsor_weight - 1 times it more:
        # game.model.penholder._room_value)
        extra = prm.sponsor_weight - 1.0
        self.sponsor_extra = [[[extra * x for x in row] for row in table] for table in self.stake]
        # (and a sponsor's red line the room did not know: in full, its request shows it)
        known_stake = ragged(known)
        for m in range(nm):
            if self.hidden_red[m]:
                self.sponsor_extra[m] = [[x + s - k for x, s, k in zip(row, srow, krow, strict=True)]
                                         for row, srow, krow in zip(self.sponsor_extra[m], self.stake[m],
                                                                    known_stake[m], strict=True)]
        self.positions_list = P.tolist()
        self.salience_list = S.tolist()
        # objection[m][i][v] (group-adjusted) and own_objection[m][i][v] (own positions):
        # how much better m's best variant of issue i would be than v, plus red_line_weight
        # if v crosses one of m's red lines (game.model.common.objections)
        self.objection = self._objection_table(self.eff_loss)
        self.own_objection = self._objection_table(self.loss)
        # futile[m][i][v]: the rest of the room would rather keep v than give m the step it
        # asks for on issue i (game.model.silence.silence_objection); never across m's red line
        self.futile = [
            [[not crosses[v] and others[w] - mine[w] > others[v] - mine[v]
              for v, w in enumerate(_step_toward(len(others), best))]
             for others, mine, crosses, best in zip(self.room_loss, stakes, reds, bests, strict=True)]
            for stakes, reds, bests in zip(known_stake, self.red, self.best, strict=True)
        ]
        # (ignored_objections: the same, for a zero draft, built when first asked)
        self._ignored_zero: tuple[int, ...] | None = None
        self._ignored: list = []
        self._ignored_weighted: list = []
        self._asked_rows: list = [{} for _ in range(nm)]  # (asked_rows, per member: paragraphs asked -> rows)
        # reason(m, i, v), each built when first asked
        self._reasons = [[[None] * len(row) for row in table] for table in self.loss]

    def _objection_table(self, losses) -> list[list[list[float]]]:
        weight = self.scenario.model.red_line_weight
        out = []
        for table, red in zip(losses, self.red, strict=True):
            rows = []
            for row, crosses in zip(table, red, strict=True):
                least = min(row)
                rows.append([x - least + weight if r else x - least for x, r in zip(row, crosses, strict=True)])
            out.append(rows)
        return out

    def ignored_objections(self, zero) -> list[list[list[float]]]:
        """ignored[m][i][v]: m's objection to variant v of issue i (`objection`, when above
        1e-9) if v has not moved toward m since the zero draft `zero`, else 0.0: what m
        counts as ignored where it asked for a change (game.model.common.ignored). Built for
        one zero draft at a time (a Council serves one scenario, so one zero draft)."""
        zero = tuple(zero)
        if zero != self._ignored_zero:
            self._ignored = [
                [[o if o > 1e-9 and row[v] >= row[zero[i]] - 1e-9 else 0.0 for v, o in enumerate(objs)]
                 for i, (row, objs) in enumerate(zip(table, obj, strict=True))]
                for table, obj in zip(self.eff_loss, self.objection, strict=True)
            ]
            weight = self.params.grievance_weight
            self._ignored_weighted = [[[weight * o for o in row] for row in table] for table in self._ignored]
            self._asked_rows = [{} for _ in self.ids]
            self._ignored_zero = zero
        return self._ignored

    def grievance_rows(self, zero) -> list[list[list[float]]]:
        """grievance_weight x `ignored_objections(zero)`: what each ignored objection adds
        to a member's grievance (game.model.beliefs.member_terms)."""
        self.ignored_objections(zero)
        return self._ignored_weighted

    @cython.locals(m=cython.Py_ssize_t, i=cython.Py_ssize_t, kept=dict, mine=list, rows=tuple)
    def asked_rows(self, m: int, asked: frozenset) -> tuple:
        """m's rows of `grievance_rows` (for the zero draft it was last given) on the paragraphs
        it asked to change (`asked`), in paragraph order: ((paragraph, its row), ...), what
        m's grievance reads in a count (game.model.beliefs.member_terms). Built once per set
        of paragraphs (at most 2**paragraphs a member), for one zero draft at a time."""
        kept = self._asked_rows[m]
        rows = kept.get(asked)
        if rows is None:
            mine = self._ignored_weighted[m]
            rows = kept[asked] = tuple([(i, mine[i]) for i in sorted(asked)])
        return rows

    def _build_reversion(self, members) -> None:
        """What each member weighs a draft against (see game/model/ballots.py)."""
        sc, prm = self.scenario, self.scenario.model
        self.status_quo = tuple(
            self.variant_index[i][sc.status_quo[info.id]] if info.id in sc.status_quo else 0
            for i, info in enumerate(self.issues)
        )
        # a lapse, on the satisfaction scale: 1 - lapse_support (2) x mission support by default, so that a
        # member that values the mission (0.8) counts a lapse well below the worst text (-0.6);
        # valued per issue where issues declare what a lapse amounts to (_lapse_values)
        self.lapse_at = tuple(i.lapse for i in sc.issues)
        self.lapse_value, self.lapse_parts = self._lapse_values(members)
        self.host_deference = tuple(
            prm.host_deference if mb.host_deference is None else mb.host_deference for mb in members
        )
        # a host that withdraws its consent (consent < 1): a member that defers to it values
        # a lapse more, host_deference x (1 - consent) of the way to 1
        self.host_refusal = 1.0 - self.host_consent
        if self.host_refusal > 0.0:
            self.lapse_value = tuple(lapse + d * self.host_refusal * (1.0 - lapse)
                                     for lapse, d in zip(self.lapse_value, self.host_deference, strict=True))
        self.rollover_value = tuple(
            self.satisfaction(m, self.status_quo) - prm.rollover_cost for m in range(len(members))
        )
        if self.nothing_lapses():  # a failed draft leaves the texts in force: no rollover to count
            self.rollover_value = self.lapse_value
        self.unity = tuple(prm.unity if mb.unity is None else mb.unity for mb in members)
        self.no_cost = tuple(
            (prm.veto_cost if mb.veto_cost is None else mb.veto_cost) if mb.permanent else prm.no_cost
            for mb in members
        )
        q, f = prm.rollover_chance, prm.rollover_foresight
        # the value of a failed draft: a rollover (probably) or a lapse; a permanent member
        # that would veto the rollover itself (a lapse worth more to it than the rollover by
        # more than its veto_cost, as `ballots.utilities` weighs a rollover) does not count
        # on it: `rollover_foresight` of the way to the lapse
        self.reversion = tuple(
            q * r + (1 - q) * lapse + (f * q * (lapse - r) if mb.permanent and lapse - r > cost else 0.0)
            for r, lapse, cost, mb in zip(self.rollover_value, self.lapse_value, self.no_cost, members, strict=True)
        )
        self.abstain_cost = tuple(0.0 if mb.permanent else prm.elected_abstain_cost for mb in members)
        # how the penholder counts each member's yes (a permanent member's p5_weight times)
        self.yes_weight = tuple(prm.p5_weight if mb.permanent else 1.0 for mb in members)
        # per member, what the room's count of its ballot weighs besides the text
        # (game.model.beliefs.room): its unity, the cost of its no, of abstaining, and the
        # weight of the consequence in its no when it is not pivotal (in full for a veto)
        self.room_terms = tuple(
            (unity, no_cost, abstain, prm.consequence_weight * (1.0 if mb.permanent else prm.expressive_no))
            for unity, no_cost, abstain, mb in zip(self.unity, self.no_cost, self.abstain_cost, members, strict=True)
        )
        self.forces_votes = tuple(prm.force_vote if mb.forces_votes is None else mb.forces_votes
                                  for mb in members)
        # the host's dissatisfaction with each variant (0 where it has no view)
        host = sc.host
        # (summed in issue order: a dict's order differs between a file and a log header)
        total = sum(host.salience.get(info.id, 0.0) for info in self.issues) or 1.0
        self.host_loss = [
            [host.salience.get(info.id, 0.0) * abs(x - host.positions[info.id]) / 100.0 / total
             if info.id in host.positions else 0.0 for x in info.positions]
            for info in self.issues
        ]
        self.host_has_views = bool(host.positions) or self.host_refusal > 0.0

    def nothing_lapses(self) -> bool:
        """Every issue declares its lapse at the status quo's position: the decision is not a
        renewal (Aleppo, October 2016; Venezuela, February 2019), a failed draft leaves the
        Council's texts in force, and a technical rollover would extend nothing: no
        `rollover_cost` (a mission in limbo, the same fight again) to weigh."""
        return bool(self.issues) and all(
            at is not None and at == info.positions[v]
            for at, info, v in zip(self.lapse_at, self.issues, self.status_quo, strict=True))

    def _lapse_values(self, members) -> tuple[tuple[float, ...], tuple]:
        """Each member's value of a lapse of the mandate (`lapse_value`), and where it comes
        from (`lapse_parts`: None for one number, else `lapse_by_issue`'s parts)."""
        prm = self.scenario.model
        values, parts = [], []
        for m, mb in enumerate(members):
            default = 1.0 - prm.lapse_support * mb.mission_support
            if mb.lapse_value is not None:
                value, part = mb.lapse_value, None
            else:
                value, part = lapse_by_issue(default, self.lapse_at, self.positions_list[m], self.salience_list[m])
            values.append(value)
            parts.append(part)
        return tuple(values), tuple(parts)

    @cython.locals(i=cython.Py_ssize_t, v=cython.Py_ssize_t, hl=list, total=cython.double, loss=cython.double,
                   refusal=cython.double)
    def host_dissatisfaction(self, draft) -> float:
        """1 - the host's satisfaction with the draft (0 when the host states no views), plus
        its refusal of the mission going on (1 - its consent) for any renewal."""
        hl = self.host_loss
        total = 0.0  # (the host's losses summed over the paragraphs in order, as `sum` adds them)
        for i in range(len(draft)):
            v = draft[i]
            loss = hl[i][v]
            total += loss
        refusal = self.host_refusal
        return total + refusal

    def shifted(self, shifts, host_consent: float | None = None) -> Council:
        """A Council with positions moved / salience set by an inject's shifts, and the
        host's consent changed if it says so (memoised: the same inject on the same Council
        gives the same, shared, child)."""
        key = (tuple(shifts), host_consent)
        child = self._children.get(key)
        if child is not None:
            return child
        consent = self.host_consent if host_consent is None else host_consent
        pos, sal = self.positions.copy(), self.salience.copy()
        for s in shifts:
            m, i = self.index[s.member], self.issue_index[s.issue]
            if s.position_by is not None:
                pos[m, i] = min(100.0, max(0.0, pos[m, i] + s.position_by))
            if s.salience_to is not None:
                sal[m, i] = s.salience_to
        child = self._children[key] = Council(self.scenario, pos, sal, consent)
        return child

    # --- the quantities the agents reason with -------------------------------------
    @cython.locals(i=cython.Py_ssize_t, v=cython.Py_ssize_t, lm=list, total=cython.double, loss=cython.double,
                   scale=cython.double)
    def satisfaction(self, m: int, draft) -> float:
        """1 - salience-weighted distance of the draft from m's ideal, in [0, 1]."""
        lm = self.loss[m]
        total = 0.0  # (m's losses summed over the paragraphs in order, as `sum` adds them)
        for i in range(len(draft)):
            v = draft[i]
            loss = lm[i][v]
            total += loss
        scale = self.total_salience[m]
        return 1.0 - total / scale

    @cython.locals(memo=dict)
    def memo(self, key, compute, *args):
        """``compute(*args)``, memoised under `key`: for pure functions of these tables and
        of a draft (the agents' objections, scores, forecasts). The value is shared: treat
        it as read-only. The memo is emptied when it reaches MEMO_LIMIT entries."""
        memo = self._memo
        value = memo.get(key)
        if value is None:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            value = memo[key] = compute(*args)
        return value

    @cython.locals(table=dict)
    def memo_text(self, table, text: tuple, compute, *args):
        """`memo` in one of the per-text tables laid out in `__init__` (`table`, chosen by
        what else the function reads): keyed by the text alone (or, for `room_values`, the
        sponsors), so a look-up hashes and compares the text, not a key tuple built around
        it. The tables are emptied together when they hold MEMO_LIMIT entries."""
        value = table.get(text)
        if value is None:
            if self._text_entries >= MEMO_LIMIT:
                for memo in self._text_memos:
                    memo.clear()
                self._text_entries = 0
            value = table[text] = compute(*args)
            self._text_entries += 1
        return value

    @cython.locals(i=cython.Py_ssize_t, v=cython.Py_ssize_t, rm=list, out=list)
    def crossed(self, m: int, draft) -> list[int]:
        """Issues on which the draft crosses m's red lines."""
        rm = self.red[m]
        out = []
        for i in range(len(draft)):
            v = draft[i]
            if rm[i][v]:
                out.append(i)
        return out

    def toward(self, m: int, i: int, cur: int, full: bool = False) -> int:
        """The text m asks for on paragraph i when `cur` is on the table: its best at once
        when `full` or when `cur` crosses its red line, else one step toward it
        (`common.toward`, laid out in `best` and `step`)."""
        return self.best[m][i] if full or self.red[m][i][cur] else self.step[m][i][cur]

    @cython.locals(m=cython.Py_ssize_t, i=cython.Py_ssize_t, v=cython.Py_ssize_t, kept=list, reason=dict)
    def reason(self, m: int, i: int, v: int) -> dict:
        """Why member m feels as it does about variant v of issue i, as data (a new dict)."""
        kept = self._reasons[m][i]
        reason = kept[v]
        if reason is None:
            reason = kept[v] = self._reason(m, i, v)
        return dict(reason)

    def _reason(self, m: int, i: int, v: int) -> dict:
        info = self.issues[i]
        own = self.positions_list[m][i]
        text = info.positions[v]
        return {
            "issue": info.id,
            "text": info.variant_ids[v],
            "text_position": text,
            "own_position": round(own, 1),
            "distance": round(abs(text - own) / 100.0, 3),
            "salience": round(self.salience_list[m][i], 2),
            "want": "more" if own > text else "less",
            "red_line": self.red[m][i][v],
        }
