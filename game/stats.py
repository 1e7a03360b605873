"""Outcome statistics: one row per negotiation, and the summary of many.

Rows are plain JSON-able dicts, so a batch can stream them to disk as runs finish and
summarise them later (or resume); `summarise` gives the numbers a facilitator or a
researcher reads (how often adopted, who breaks silence, what text survives) and, when
the scenario has a `history` block, how the runs compare with the record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from game.schema import Scenario
from game.state import MINUTES_PER_DAY, State

OUTCOMES = ("adopted", "not_adopted", "vetoed", "rollover", "lapsed")
BALLOTS = ("yes", "abstain", "no")


def run_row(state: State) -> dict:
    """What one negotiation came to, as a flat record."""
    tally = state.tally
    vote_t = next((t for t in (state.blue_t,) if t is not None), None)
    return {
        "outcome": state.outcome.value if state.outcome else "unfinished",
        "vote_on": state.vote_on,
        "tally": str(tally) if tally else "",
        "votes": {m: b.value for m, b in state.ballots.items()},
        "silences": len(state.silences),
        "breakers": [s.breakers for s in state.silences],
        "rounds": state.round,
        "revisions": state.revision,
        "days": round(state.t / MINUTES_PER_DAY, 2),
        "blue_day": round(vote_t / MINUTES_PER_DAY, 2) if vote_t is not None else None,
        "final_text": state.draft_ids(),
        "explanations": [a for a, _ in state.explanations],
        "injected": list(state.injected),
    }


def _share(counter: Counter, n: int, keys: Iterable[str]) -> dict[str, float]:
    return {k: (counter[k] / n if n else 0.0) for k in keys}


def _f1(predicted: set[str], actual: set[str]) -> float:
    if not predicted and not actual:
        return 1.0
    tp = len(predicted & actual)
    if tp == 0:
        return 0.0
    precision, recall = tp / len(predicted), tp / len(actual)
    return 2 * precision * recall / (precision + recall)


def summarise(rows: list[dict], scenario: Scenario, seed=None) -> dict:
    """The summary of many runs (see the batch command's summary.json)."""
    ok = [r for r in rows if "error" not in r]
    n = len(ok)
    members = sorted(scenario.members)
    outcome = Counter(r["outcome"] for r in ok)
    unanimous = sum(1 for r in ok if r["vote_on"] == "resolution" and r["tally"] == f"{len(members)}-0-0")
    first_broken = sum(1 for r in ok if r["breakers"] and r["breakers"][0])
    broke_any = Counter(m for r in ok for m in {x for b in r["breakers"] for x in b})
    broke_first = Counter(m for r in ok if r["breakers"] for m in r["breakers"][0])
    votes = {m: Counter(r["votes"].get(m) for r in ok if r["vote_on"] == "resolution" and r["votes"])
             for m in members}
    voted = sum(1 for r in ok if r["vote_on"] == "resolution" and r["votes"])
    final = {i.id: Counter(r["final_text"][i.id] for r in ok) for i in scenario.issues}
    summary = {
        "scenario": scenario.id,
        "runs": len(rows),
        "failed_runs": len(rows) - n,
        "seed": seed,
        "outcome": _share(outcome, n, OUTCOMES),
        "unanimous": unanimous / n if n else 0.0,
        "silence": {
            "first_broken": first_broken / n if n else 0.0,
            "mean_silences": sum(r["silences"] for r in ok) / n if n else 0.0,
            "broken_by": {m: broke_any[m] / n for m in members},
            "first_broken_by": {m: broke_first[m] / n for m in members},
        },
        "votes": {m: _share(votes[m], voted, BALLOTS) for m in members},
        "final_text": {i: {v: c / n for v, c in cnt.most_common()} for i, cnt in final.items()},
        "mean_days": sum(r["days"] for r in ok) / n if n else 0.0,
        "mean_rounds": sum(r["rounds"] for r in ok) / n if n else 0.0,
        "explanations": {m: c / n for m, c in Counter(a for r in ok for a in r["explanations"]).most_common()},
    }
    h = scenario.history
    if h is not None and n:
        tallies = Counter(r["tally"] for r in ok if r["tally"])
        hist = {"outcome": h.outcome, "outcome_match": outcome[h.outcome] / n,
                "modal_tally": tallies.most_common(1)[0][0] if tallies else None}
        if h.tally != "unknown":
            rec = "-".join(str(sum(1 for b in h.tally.values() if b == x)) for x in ("yes", "no", "abstain"))
            hist["historical_tally"] = rec
            hist["tally_match"] = sum(1 for r in ok if r["tally"] == rec) / n
        hist["final_text_match"] = {
            i: final[i][v] / n for i, v in h.final_text.items() if v != "unknown" and i in final
        }
        if h.silences != "unknown":
            record = {m for s in h.silences if s.broken_by != "unknown" for m in s.broken_by}
            hist["historical_breakers"] = sorted(record)
            hist["breakers_f1"] = sum(
                _f1({m for b in r["breakers"] for m in b}, record) for r in ok
            ) / n
        summary["history"] = hist
    return summary
