"""The training corpus's ballots, case by case: how often the record's outcome, the modal tally
against the record's, the chance of the record's tally, and the mean F1 of the members not
voting yes (abstain or no) against the record's. In sample only: the cases decided before 2021.

    PYTHONPATH=. python benchmarks/corpus_ballots.py [--seeds 100] [--set model.NAME=VALUE ...]

(`penholder validate` reports these and more; this is the quick table session 12 measured
`core_text` with.)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from game.council import Council
from game.procedure import Procedure
from game.scenario import load_scenario
from game.session import Session
from game.stats import Summariser, _f1, run_row

ROOT = Path(__file__).resolve().parent.parent
TRAINING = [ROOT / "scenarios" / "minusma_2016.yaml", ROOT / "scenarios" / "minusma_2020.yaml",
            *sorted((ROOT / "scenarios" / "history").glob("*.yaml"))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    args = ap.parse_args()
    print("| case | record | P(outcome) | modal tally | P(record tally) | F1 not yes |")
    print("|---|---|---|---|---|---|")
    totals = [0.0, 0.0, 0.0, 0]
    for path in TRAINING:
        sc = load_scenario(path, args.set)
        h = sc.history
        if h is None or str(h.vote_date) >= "2021":
            continue  # (the evaluation period is never measured here)
        proc, council, acc = Procedure(), Council(sc), Summariser(sc)
        record_non = None if h.tally == "unknown" else {m for m, b in h.tally.items() if b != "yes"}
        f1 = 0.0
        for seed in range(args.seeds):
            row = run_row(Session(sc, seed, procedure=proc, council=council).run().state)
            acc.add(row)
            if record_non is not None:
                f1 += _f1({m for m, b in row["votes"].items() if b != "yes"}, record_non)
        s = acc.result()["history"]
        f1 /= args.seeds
        p_tally = s.get("tally_match", 0.0)
        print(f"| {sc.id} | {h.outcome} {s.get('historical_tally', '?')} | {s['outcome_match']:.2f} | "
              f"{s['modal_tally']} | {p_tally:.2f} | {f1:.3f} |")
        totals[0] += s["outcome_match"]
        totals[1] += p_tally
        totals[2] += f1
        totals[3] += s["modal_tally"] == s.get("historical_tally")
    n = sum(1 for p in TRAINING if (h := load_scenario(p).history) is not None and str(h.vote_date) < "2021")
    print(f"| mean of {n} | | {totals[0] / n:.3f} | {totals[3]}/{n} = record | {totals[1] / n:.3f} | {totals[2] / n:.3f} |")


if __name__ == "__main__":
    main()
