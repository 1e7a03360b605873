"""What the brief tells a delegation and how a delegation is scored (no pygame).

Score (out of 100), explained in the brief before play:

- **Text (60)**: paragraph by paragraph, how close the final text came to your
  instructions, from the worst text on the table (0) to the best one for you (1),
  weighted by how much each paragraph matters to your capital.
- **Red lines (15)**: all 15 if the final text crosses none of your red lines, else 0.
- **Outcome (25)**: the mandate renewed by a resolution, 25 (for the penholder, 25 if
  unanimous, 20 otherwise); a technical rollover, 10; vetoed, not adopted or lapsed, 0.

Scores use the instructions as the brief gave them (the scenario's parameters before any
event moved them), so every run of a scenario is scored on the same scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.council import Council
from game.schema import Scenario

TEXT_POINTS = 60
RED_LINE_POINTS = 15
OUTCOME_POINTS = 25
PENHOLDER_SPLIT_POINTS = 20
ROLLOVER_POINTS = 10


def importance(salience: float) -> str:
    if salience >= 0.85:
        return "vital"
    if salience >= 0.65:
        return "high"
    if salience >= 0.4:
        return "medium"
    return "low"


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
    total: int
    text: int
    red_lines: int
    outcome: int
    crossed: list[str]
    closeness: float
    outcome_word: str

    def as_dict(self) -> dict:
        return {"total": self.total, "text": self.text, "red_lines": self.red_lines,
                "outcome": self.outcome, "crossed": self.crossed}


def score(scenario: Scenario, seat: str, final: dict[str, str], outcome: str | None,
          tally: str = "", council: Council | None = None) -> Score:
    """Score `seat` for a negotiation that ended with `final` text and `outcome`."""
    c = council or Council(scenario)
    m = c.index[seat]
    draft = draft_indexes(c, final)
    clos = text_closeness(c, m, draft)
    text = round(TEXT_POINTS * clos)
    crossed = [c.issues[i].id for i in c.crossed(m, draft)]
    red = 0 if crossed else RED_LINE_POINTS
    n = len(c.ids)
    if outcome == "adopted":
        pts = OUTCOME_POINTS
        if seat == scenario.penholder and tally and tally != f"{n}-0-0":
            pts = PENHOLDER_SPLIT_POINTS
    elif outcome == "rollover":
        pts = ROLLOVER_POINTS
    else:
        pts = 0
    word = (outcome or "unfinished").replace("_", " ")
    return Score(text + red + pts, text, red, pts, crossed, clos, word)


def score_state(state, seat: str, council: Council | None = None) -> Score:
    return score(state.scenario, seat, state.draft_ids(), state.outcome.value if state.outcome else None,
                 str(state.tally) if state.tally else "", council)


def score_row(scenario: Scenario, seat: str, row: dict, council: Council | None = None) -> Score:
    """Score a `game.stats.run_row` record."""
    return score(scenario, seat, row["final_text"], row["outcome"], row.get("tally", ""), council)


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
        losses = c.loss[m][i]
        best = min(range(len(losses)), key=lambda v: (losses[v], v))
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
            "zero": info.labels[zero],
            "zero_closeness": closeness(c, m, i, zero),
            "red_line": red_line_variants(scenario, seat, info.id),
            "red_line_why": (mb.red_lines[info.id].why if info.id in mb.red_lines else None),
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
        out.append("penholder")
    out.append("permanent member" if scenario.members[seat].permanent else "elected member")
    if seat == scenario.president:
        out.append("president")
    return out
