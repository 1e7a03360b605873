"""How a delegation is scored, and what the brief tells it (no pygame: the core, the
game, the worker process and the batch tools all score the same way).

The score (out of 100) asks what the delegation's capital would reward. It is shown in the
brief before play and broken down, part by part, in the debrief:

- **Outcome (55)**: what the capital got, on the model's satisfaction scale
  (`game.council.Council`): an adopted resolution is worth the capital's satisfaction with
  its text; a technical rollover, its ``rollover_value``; a lapse of the mandate, its
  ``lapse_value`` (valued per issue where issues declare their ``lapse``:
  `lapse_explained`); a vetoed or failed draft (or an unfinished negotiation), its
  ``reversion`` (what follows a failed draft: probably a rollover, else a lapse). Points =
  55 x (value - worst) / (1 - worst), with worst = min(0, lapse value): a capital that wants
  the mission gone scores well on a lapse, one that supports it near 0.
- **Red lines (10)**: all 10 unless an adopted resolution crosses one of the delegation's
  red lines (a rollover extends the mandate in force and crosses none).
- **Consensus (15)**: 15 x (yes votes / members)^2 when a text or a rollover is adopted,
  else 0: a Council that acts together. 15-0-0 earns 15, 13-0-2 earns 11, 11-0-4 earns 8.
- **Relations (20)**: 20 x (1 - min(1, cost)). The penholder (and each co-penholder: the
  pen is theirs together) pays for the process:
  `PROTEST_COST` for each member whose abstention or no the process caused (its ballot's
  reason is "process", "text" or "host_consent": ignored comments, a text it dislikes but
  would have joined, the host's objection overridden) and `REVERSAL_COST` for each member
  to whom it took back a concession. Every delegation pays for its own conduct: a veto
  costs `VETO_FACTOR` x its veto cost, an elected member's no its no cost (the model's
  ``Council.no_cost``), each threat it made (in a silence-break letter or a bilateral) and did not carry out (it threatened, then
  voted yes) `BLUFF_COST`, each silence it broke without any of the paragraphs it named
  moving its way `FUTILE_BREAK_COST`.

Total = the sum of the four parts, rounded. Scores use the instructions as the brief gave
them (the scenario's public parameters before any event moved them, not the capitals'
private instructions drawn for one run), so every run of a scenario is scored on the same
scale. `score_state` scores a finished negotiation; `score_row` a `game.stats.run_row`
record (a batch row); both give a `Score` with each part and a one-line explanation of it.

So bulldozing does not pay: a penholder that keeps its zero draft and forces it into blue
gets a text closer to its own, but the abstentions it causes cost it consensus and
relations; a mandate that lapses on the penholder's watch scores below 35.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.council import Council
from game.i18n import ENGLISH, N_, Tongue
from game.schema import Scenario

OUTCOME_POINTS = 55  # what the capital got: the outcome's value on the satisfaction scale
RED_LINE_POINTS = 10  # no adopted text across the delegation's red lines
CONSENSUS_POINTS = 15  # x (yes / members)^2 when the Council adopts something
RELATIONS_POINTS = 20  # x (1 - min(1, cost)): the delegation's standing after the negotiation
TOTAL_POINTS = OUTCOME_POINTS + RED_LINE_POINTS + CONSENSUS_POINTS + RELATIONS_POINTS

# --- the relations cost (1 = every relations point lost) ---------------------------------
PROTEST_REASONS = frozenset({"process", "text", "host_consent"})
"""Ballot reasons (`game.model.ballots._why`) that say the process made a member abstain or
vote no: its comments ignored, a text it dislikes more than it values joining the Council,
the host's objection overridden. (Not "will_not_block", "against", "veto", "red_line": those
are about the text against the reversion, which no penholder can always avoid.)"""
PROTEST_COST = 0.25
"""Penholder: cost of each member whose abstention or no the process caused (0.5 per two:
a negotiated unanimous adoption costs 0, a bulldozed 11-0-4 all 20 points)."""
REVERSAL_COST = 0.25
"""Penholder: cost of each member to whom it took back a concession (trust). Counted once per
member: `State.reversals` counts a reversal once per amendment settled on the paragraph."""
VETO_FACTOR = 2.0
"""A veto costs a permanent member this times its veto cost (``Council.no_cost``)."""
NO_FACTOR = 1.0
"""An elected member's no costs it this times its no cost."""
BLUFF_COST = 0.25
"""Each threat (to veto, vote no or abstain) a member made, in a letter or a bilateral, and did not
carry out: it voted yes."""
FUTILE_BREAK_COST = 0.1
"""Each silence a member broke without any paragraph it named moving its way afterwards."""

OUTCOME_WORDS = {"adopted": "adopted", "rollover": "technical rollover", "lapsed": "mandate lapsed",
                 "vetoed": "vetoed", "not_adopted": "not adopted", None: "unfinished"}


# the importances as the screens say them (marked for the catalogue)
IMPORTANCE_NAMES = (N_("vital"), N_("high"), N_("medium"), N_("low"))


def importance(salience: float) -> str:
    if salience >= 0.85:
        return "vital"
    if salience >= 0.65:
        return "high"
    if salience >= 0.4:
        return "medium"
    return "low"


def nearest(positions, own: float) -> int:
    """The index of the variant nearest `own` on the issue's scale: a member's aim. A position
    exactly between two variants (India's 55 between 40 and 70) goes to the lower one, the
    less far-reaching text: the rule the engine's `Council.best` follows (argmin, first
    index), and the one the brief, the silence screen, the score and the debrief all use
    through this function and `aim`. `check` reports such ties (game.audit)."""
    return min(range(len(positions)), key=lambda v: (abs(positions[v] - own), v))


def aim(council: Council, m: int, i: int) -> int:
    """The variant member m aims for on paragraph i (its own, raw position): `nearest`."""
    losses = council.loss[m][i]
    return min(range(len(losses)), key=lambda v: (losses[v], v))


def as_good_as_aim(council: Council, m: int, i: int, v: int) -> bool:
    """Whether variant v is as good for m as its aim (the aim itself, or the variant at the
    same distance on the other side): nothing to object to."""
    losses = council.loss[m][i]
    return losses[v] <= losses[aim(council, m, i)] + 1e-12


def aim_variant(scenario: Scenario, issue: str, own: float) -> str:
    """The id of the variant of `issue` nearest `own`, by `nearest`'s rule."""
    info = next(x for x in scenario.issues if x.id == issue)
    return info.variants[nearest([v.position for v in info.variants], own)].id


def closeness(council: Council, m: int, i: int, v: int) -> float:
    """0 = the worst text on the table for member m, 1 = the best (raw positions)."""
    losses = council.loss[m][i]
    worst, best = max(losses), min(losses)
    if worst - best < 1e-12:
        return 1.0
    return (worst - losses[v]) / (worst - best)


def text_closeness(council: Council, m: int, draft: list[int]) -> float:
    sal = council.salience_list[m]
    total = sum(sal) or 1.0
    return sum(sal[i] * closeness(council, m, i, v) for i, v in enumerate(draft)) / total


def draft_indexes(council: Council, final: dict[str, str]) -> list[int]:
    return [info.variant_ids.index(final[info.id]) for info in council.issues]


@dataclass
class Score:
    """A delegation's score: the total, each part in points (unrounded) and a one-line
    explanation of each part (`why`, keyed like `PARTS`)."""

    total: int
    outcome: float
    red_lines: float
    consensus: float
    relations: float
    value: float  # the outcome's value to the capital, on the satisfaction scale
    cost: float  # the relations cost (before the cap at 1)
    crossed: list[str] = field(default_factory=list)
    outcome_word: str = ""
    why: dict[str, str] = field(default_factory=dict)

    PARTS = (("outcome", "The outcome", OUTCOME_POINTS), ("red_lines", "Red lines", RED_LINE_POINTS),
             ("consensus", "Consensus", CONSENSUS_POINTS), ("relations", "Relations", RELATIONS_POINTS))

    def parts(self) -> list[tuple[str, str, float, int, str]]:
        """(key, label, points, out of, explanation) for each part, in order."""
        return [(k, label, getattr(self, k), of, self.why.get(k, "")) for k, label, of in self.PARTS]

    def as_dict(self) -> dict:
        return {"total": self.total, "outcome": round(self.outcome, 1), "red_lines": round(self.red_lines, 1),
                "consensus": round(self.consensus, 1), "relations": round(self.relations, 1),
                "value": round(self.value, 3), "cost": round(self.cost, 3), "crossed": self.crossed,
                "why": dict(self.why)}


def _tally(tally: str) -> tuple[int, int, int] | None:
    try:
        yes, no, abstain = (int(x) for x in tally.split("-"))
    except (AttributeError, ValueError):
        return None
    return yes, no, abstain


def _num(tongue: Tongue, x: float, digits: str = "0.00") -> str:
    """A value of the satisfaction scale as the reader writes it: 0.53, 0,53."""
    return format(x, ".2f") if tongue.lang == "en" else tongue.number(x, digits)


def outcome_value(c: Council, m: int, outcome: str | None, draft: list[int]) -> float:
    """What the outcome is worth to member m's capital, on the satisfaction scale."""
    if outcome == "adopted":
        return c.satisfaction(m, draft)
    if outcome == "rollover":
        return c.rollover_value[m]
    if outcome == "lapsed":
        return c.lapse_value[m]
    return c.reversion[m]  # vetoed, not adopted, unfinished: what follows a failed draft


def lapse_explained(c: Council, m: int, tongue: Tongue = ENGLISH) -> str | None:
    """Where member m's value of a lapse comes from, in a sentence, when it is valued per
    issue (issues declare what a lapse amounts to: `Council.lapse_parts`); None when it is
    one number (the member's `lapse_value`, or 1 - lapse_support x mission_support). In the
    reader's language (`tongue`)."""
    parts = c.lapse_parts[m]
    if parts is None:
        return None
    _ = tongue.gettext
    named = _("; ").join(
        _("OP {n} ({title}) at {at} on its scale, worth {value}").format(
            n=c.issues[i].paragraph, title=tongue.text(c.issues[i].title),
            at=f"{at:g}" if tongue.lang == "en" else tongue.number(at, "0.##"), value=_num(tongue, sat))
        for i, at, sat in parts)
    rest = ""
    if len(parts) < len(c.issues):
        support = c.params.lapse_support
        rest = _("; the other paragraphs, {value} (1 - {support} x mission support)").format(
            value=_num(tongue, 1.0 - support * c.mission_support[m]),
            support=f"{support:g}" if tongue.lang == "en" else tongue.number(support, "0.####"))
    return _("A lapse ({value}) is valued paragraph by paragraph, weighted by salience: it leaves "
             "{paragraphs}{rest}.").format(value=_num(tongue, c.lapse_value[m]), paragraphs=named, rest=rest)


def score_row(scenario: Scenario, seat: str, row: dict, council: Council | None = None,
              tongue: Tongue = ENGLISH) -> Score:
    """Score `seat` for one negotiation, from its `game.stats.run_row` record (rows written
    before the relations fields existed score as if nothing in them had happened); the
    explanations (`Score.why`) in the reader's language (`tongue`)."""
    _ = tongue.gettext
    c = council or Council(scenario)
    m = c.index[seat]
    n = len(c.ids)
    outcome = row.get("outcome")
    outcome = None if outcome == "unfinished" else outcome
    draft = draft_indexes(c, row["final_text"])
    word = OUTCOME_WORDS.get(outcome, str(outcome))
    why: dict[str, str] = {}

    # outcome
    value = outcome_value(c, m, outcome, draft)
    worst = min(0.0, c.lapse_value[m])
    frac = min(1.0, max(0.0, (value - worst) / (1.0 - worst))) if worst < 1.0 else 1.0
    outcome_pts = OUTCOME_POINTS * frac
    if tongue.lang == "en":
        what = {"adopted": "the adopted text", "rollover": "a technical rollover", "lapsed": "a lapse",
                None: "an unfinished negotiation (what follows a failed draft)"}.get(
                    outcome, f"a {word} draft (what follows a failed draft)").capitalize()
    else:
        what = {"adopted": _("The adopted text"), "rollover": _("A technical rollover"), "lapsed": _("A lapse"),
                "vetoed": _("A vetoed draft (what follows a failed draft)"),
                "not_adopted": _("A draft not adopted (what follows a failed draft)"),
                None: _("An unfinished negotiation (what follows a failed draft)")}.get(outcome, str(outcome))
    why["outcome"] = _("{what} is worth {value} to your capital, on a scale from {worst} (the worst: a lapse, "
                       "or 0) to 1 (your ideal text).").format(what=what, value=_num(tongue, value),
                                                              worst=_num(tongue, worst))
    per_issue = lapse_explained(c, m, tongue)
    if per_issue:
        why["outcome"] += " " + per_issue

    # red lines
    crossed = [c.issues[i].id for i in c.crossed(m, draft)] if outcome == "adopted" else []
    red_pts = 0.0 if crossed else float(RED_LINE_POINTS)
    if crossed:
        on = (", ".join(crossed) if tongue.lang == "en" else  # (English: the issues' ids, as it always said)
              tongue.join([_("OP {n}").format(n=c.issues[c.issue_index[i]].paragraph) for i in crossed]))
        why["red_lines"] = _("The adopted text crosses your red line on {paragraphs}.").format(paragraphs=on)
    else:
        why["red_lines"] = (_("The adopted text crosses none of your red lines.") if outcome == "adopted"
                            else _("No text was adopted: none of your red lines was crossed."))

    # consensus
    counts = _tally(row.get("tally", ""))
    if outcome in ("adopted", "rollover") and counts is not None:
        yes = counts[0]
        consensus_pts = CONSENSUS_POINTS * (yes / n) ** 2
        why["consensus"] = (_("Adopted {tally}: {points} x ({yes}/{n})\u00b2.") if outcome == "adopted" else
                            _("Rolled over {tally}: {points} x ({yes}/{n})\u00b2.")).format(
            tally=row["tally"], points=CONSENSUS_POINTS, yes=yes, n=n)
    else:
        consensus_pts = 0.0
        why["consensus"] = _("The Council adopted nothing: no consensus points.")

    # relations
    cost, notes = relations_cost(scenario, c, seat, row, tongue)
    relations_pts = RELATIONS_POINTS * (1.0 - min(1.0, cost))
    why["relations"] = (_("{notes} (a strain of {cost}; at 1 or more the {points} points are lost).").format(
        notes=_("; ").join(notes), cost=_num(tongue, cost), points=RELATIONS_POINTS) if notes
                        else _("Nothing you did or caused strained your relations."))

    total = round(outcome_pts + red_pts + consensus_pts + relations_pts)
    return Score(total, outcome_pts, red_pts, consensus_pts, relations_pts, value, cost,
                 crossed, word, why)


def relations_cost(scenario: Scenario, c: Council, seat: str, row: dict,
                   tongue: Tongue = ENGLISH) -> tuple[float, list[str]]:
    """The relations cost of `seat` (1 = every relations point lost), with what made it up
    (in the reader's language: members by their ids in English, as it always said; by their
    names in another language)."""
    _, ngettext = tongue.gettext, tongue.ngettext

    def members(ids) -> str:
        if tongue.lang == "en":
            return ", ".join(ids)
        return tongue.named([tongue.text(scenario.members[k].name) if k in scenario.members else k for k in ids])

    m = c.index[seat]
    votes = row.get("votes") or {}
    notes: list[str] = []
    cost = 0.0
    if seat == scenario.penholder or seat in scenario.co_penholders:
        ballot_why = row.get("why") or {}
        protests = sorted(k for k, b in votes.items()
                          if k != seat and b != "yes" and ballot_why.get(k) in PROTEST_REASONS)
        if protests:
            cost += PROTEST_COST * len(protests)
            notes.append(ngettext("{n} member abstained or voted no over the process or the text ({members})",
                                  "{n} members abstained or voted no over the process or the text ({members})",
                                  len(protests)).format(n=len(protests), members=members(protests)))
        taken = sorted(k for k, times in (row.get("reversals") or {}).items() if times)
        if taken:
            cost += REVERSAL_COST * len(taken)
            notes.append(_("you took back concessions made to {members}").format(members=members(taken)))
    mine = votes.get(seat)
    if mine == "no":
        if c.permanent[m]:
            cost += VETO_FACTOR * c.no_cost[m]
            notes.append(_("you vetoed"))
        else:
            cost += NO_FACTOR * c.no_cost[m]
            notes.append(_("you voted no"))
    if mine == "yes":
        bluffs = [t for who, t in row.get("threats") or () if who == seat]
        if bluffs:
            cost += BLUFF_COST * len(bluffs)
            said = ", ".join(bluffs) if tongue.lang == "en" else tongue.join([_(THREAT_NAMES.get(t, t)) for t in bluffs])
            notes.append(ngettext("{n} threat ({threats}) not carried out", "{n} threats ({threats}) not carried out",
                                  len(bluffs)).format(n=len(bluffs), threats=said))
    futile = 0
    for who, asked in row.get("silence_breaks") or ():
        if who != seat:
            continue
        final = row["final_text"]
        moved = False
        for issue, before in asked.items():
            i = c.issue_index[issue]
            vi = c.variant_index[i]
            if c.loss[m][i][vi[final[issue]]] < c.loss[m][i][vi[before]] - 1e-9:
                moved = True
                break
        futile += not moved
    if futile:
        cost += FUTILE_BREAK_COST * futile
        notes.append(ngettext("{n} silence broken for nothing", "{n} silences broken for nothing", futile).format(
            n=futile))
    return cost, notes


# the threats a delegation can make, as its score names them (English: the kind itself)
THREAT_NAMES = {"veto": N_("veto"), "no": N_("vote against"), "abstain": N_("abstention")}


def score_state(state, seat: str, council: Council | None = None, tongue: Tongue = ENGLISH) -> Score:
    """Score `seat` for the negotiation in `state` (as `score_row` scores its row)."""
    from game.stats import run_row

    return score_row(state.scenario, seat, run_row(state), council or Council(state.scenario), tongue)


# --- the brief -----------------------------------------------------------------------------

def red_line_variants(scenario: Scenario, seat: str, issue_id: str) -> list[str]:
    """Labels of the variants of an issue that cross the seat's red line."""
    mb = scenario.members[seat]
    rl = mb.red_lines.get(issue_id)
    if rl is None:
        return []
    issue = next(i for i in scenario.issues if i.id == issue_id)
    lo = -1.0 if rl.min is None else rl.min
    hi = 101.0 if rl.max is None else rl.max
    return [v.label or v.id for v in issue.variants if v.position < lo or v.position > hi]


def issue_brief(scenario: Scenario, seat: str, council: Council | None = None) -> list[dict]:
    """One entry per issue, most important first: what to aim for, what the zero draft
    says, the red line, and who is with or against you on it."""
    c = council or Council(scenario)
    m = c.index[seat]
    mb = scenario.members[seat]
    out = []
    for i, info in enumerate(c.issues):
        best = aim(c, m, i)
        zero = info.variant_ids.index(scenario.zero_draft[info.id])
        own = c.positions_list[m][i]
        friends, foes = [], []
        for k, other in enumerate(c.ids):
            if k == m:
                continue
            theirs = c.positions_list[k][i]
            sal = c.salience_list[k][i]
            gap = abs(theirs - own)
            if gap <= 12:
                friends.append((gap - 20 * sal, other))
            elif gap >= 30 and sal >= 0.45:
                foes.append((-(gap * sal), other))
        out.append({
            "id": info.id,
            "title": info.title,
            "paragraph": info.paragraph,
            "salience": c.salience_list[m][i],
            "importance": importance(c.salience_list[m][i]),
            "position": own,
            "best": info.labels[best],
            "best_id": info.variant_ids[best],
            # the texts as good as the aim (itself, or the one at the same distance): no objection
            "as_good": [info.variant_ids[v] for v in range(len(info.variant_ids)) if as_good_as_aim(c, m, i, v)],
            "zero": info.labels[zero],
            "zero_closeness": closeness(c, m, i, zero),
            "red_line": red_line_variants(scenario, seat, info.id),
            "red_line_why": (mb.red_lines[info.id].why if info.id in mb.red_lines else None),
            # a private instruction: the room does not count it until the seat shows it
            "red_line_private": info.id in mb.red_lines and not mb.red_lines[info.id].public,
            "allies": [x for _, x in sorted(friends)][:4],
            "opponents": [x for _, x in sorted(foes)][:4],
        })
    out.sort(key=lambda e: (-e["salience"], e["paragraph"]))
    return out


def alignment(scenario: Scenario, seat: str, council: Council | None = None) -> list[tuple[str, float]]:
    """Every other member with its agreement with `seat` (0-1), weighted by what matters
    to `seat`: 1 = the same positions on everything you care about."""
    c = council or Council(scenario)
    m = c.index[seat]
    sal = c.salience_list[m]
    total = sum(sal) or 1.0
    out = []
    for k, other in enumerate(c.ids):
        if k == m:
            continue
        gap = sum(sal[i] * abs(c.positions_list[k][i] - c.positions_list[m][i]) for i in range(len(sal))) / total
        out.append((other, max(0.0, 1.0 - gap / 60.0)))
    out.sort(key=lambda x: -x[1])
    return out


def groups_of(scenario: Scenario, seat: str) -> list[str]:
    return [g for g, grp in scenario.groups.items() if seat in grp.members]


def roles(scenario: Scenario, seat: str) -> list[str]:
    out = []
    if seat == scenario.penholder:
        out.append("lead penholder" if scenario.co_penholders else "penholder")
    if seat in scenario.co_penholders:
        out.append("co-penholder")
    out.append("permanent member" if scenario.members[seat].permanent else "elected member")
    if seat == scenario.president:
        out.append("president")
    return out
