"""How a scenario's AI runs compare with its `history` block: the figures used to tune it.

    python scripts/scenario_fidelity.py scenarios/minusma_2016.yaml [--runs 200] [--seed 0]

Run i uses the i-th child of SeedSequence(seed), as `python main.py batch` does, so the
figures can be reproduced with the batch command. Prints: outcomes, the modal tally, the
silences (how many; who broke each; how often each held), the final text per paragraph
(with the record's), the explanations of vote, and the days used.
"""

from __future__ import annotations

import argparse
from collections import Counter

import numpy as np

from game.council import Council
from game.procedure import Procedure
from game.scenario import load_scenario
from game.session import Session
from game.stats import run_row, summarise


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    args = ap.parse_args()
    sc = load_scenario(args.scenario, args.set)
    proc, council = Procedure(), Council(sc)
    rows = []
    for i in range(args.runs):
        child = np.random.SeedSequence(args.seed, spawn_key=(i,))
        rows.append(run_row(Session(sc, child, procedure=proc, council=council).run().state))
    s = summarise(rows, sc)
    n = len(rows)
    h = sc.history
    print(f"{sc.title}: {n} runs (seed {args.seed})")
    print("  outcome:  " + ", ".join(f"{o} {p:.0%}" for o, p in s["outcome"].items() if p)
          + (f"   (record: {h.outcome})" if h else ""))
    tallies = Counter(r["tally"] for r in rows)
    print("  tally:    " + ", ".join(f"{t or '-'} {c / n:.0%}" for t, c in tallies.most_common(4))
          + (f"   (record: {s['history'].get('historical_tally')})" if h else ""))
    sil = Counter(r["silences"] for r in rows)
    print("  silences: " + ", ".join(f"{k}: {c / n:.0%}" for k, c in sorted(sil.items())))
    most = max(sil)
    for k in range(most):
        had = [r for r in rows if r["silences"] > k]
        held = sum(1 for r in had if not r["breakers"][k])
        who = Counter(m for r in had for m in r["breakers"][k])
        sets = Counter(tuple(sorted(r["breakers"][k])) for r in had)
        rec = ""
        if h and h.silences != "unknown" and k < len(h.silences):
            b = h.silences[k].broken_by
            rec = f"   (record: {'unknown' if b == 'unknown' else (', '.join(b) or 'held')})"
        print(f"  silence {k + 1} (in {len(had) / n:.0%} of runs): held {held / max(1, len(had)):.0%}; broken by "
              + ", ".join(f"{m} {c / max(1, len(had)):.0%}" for m, c in who.most_common(6)) + rec)
        print("      most common sets: " + "; ".join(f"{'+'.join(t) or 'held'} {c / len(had):.0%}"
                                                      for t, c in sets.most_common(3)))
    for issue, dist in s["final_text"].items():
        rec = h.final_text.get(issue, "-") if h else "-"
        print(f"  {issue:<24} " + ", ".join(f"{v} {p:.0%}" for v, p in dist.items()) + f"   (record: {rec})")
    print("  votes not yes: " + (", ".join(f"{m} {1 - v['yes']:.0%}" for m, v in s["votes"].items()
                                           if v["yes"] < 0.995) or "none"))
    print("  EoV: " + ", ".join(f"{m} {p:.0%}" for m, p in list(s["explanations"].items())[:8])
          + (f"   (record: {h.explanations_of_vote if h.explanations_of_vote == 'unknown' else ', '.join(h.explanations_of_vote)})" if h else ""))
    blue = sorted(r["blue_day"] for r in rows if r["blue_day"] is not None)
    line = f"  days used: mean {s['mean_days']:.1f}"
    if blue:
        import datetime as dt

        day = sc.calendar.zero_draft + dt.timedelta(days=int(blue[len(blue) // 2]))
        line += f"; in blue (median) {day:%a %d %b}"
        if h and h.in_blue != "unknown":
            line += f" (record: {h.in_blue:%a %d %b})"
    print(line)
    if h:
        print(f"  history: {s['history']}")


if __name__ == "__main__":
    main()
