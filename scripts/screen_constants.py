"""Which constants move ballots and outcomes: the screen behind calibrate's default --params.

    python scripts/screen_constants.py [--runs 100] [SCENARIO...]

Without SCENARIO, the shipped training cases (voted before 2021: the evaluation cases are
not looked at, not even for this). For each constant calibrate may fit
(game.calibrate.BOUNDS), plays each scenario at the
constant's lower and upper bound (the others at their defaults; the same seeds) and prints
the total-variation distance between the two, per member's ballot (averaged over members
and scenarios) and for the outcome. A one-at-a-time screen, not a global sensitivity
analysis (that is `penholder sensitivity`): enough to leave out constants that change
nothing on these cases.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.batch import plan_batch, run_chunk  # noqa: E402
from game.calibrate import BOUNDS, training_cases  # noqa: E402


def counts(path: str, assignment: str, runs: int) -> tuple[Counter, Counter, int]:
    job = plan_batch(path, runs, 0, ".", overrides=[assignment]).job
    rows = [json.loads(line) for line in run_chunk(job, 0, runs)[2].splitlines()]
    ballots, outcomes = Counter(), Counter()
    for r in rows:
        outcomes[r.get("outcome", "error")] += 1
        ballots.update(r.get("votes", {}).items())
    return ballots, outcomes, len({m for m, _ in ballots}) or 1


def tv(a: Counter, b: Counter, n: int) -> float:
    return sum(abs(a[k] - b[k]) for k in set(a) | set(b)) / 2 / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenarios", nargs="*")
    ap.add_argument("--runs", type=int, default=100)
    args = ap.parse_args()
    args.scenarios = args.scenarios or [str(c.path) for c in training_cases([])]
    print(f"{'constant':<24}{'bounds':>14}{'ballot TV':>11}{'outcome TV':>12}")
    for name, (lo, hi) in BOUNDS.items():
        tvb = tvo = 0.0
        for s in args.scenarios:
            b1, o1, m = counts(s, f"model.{name}={lo}", args.runs)
            b2, o2, _ = counts(s, f"model.{name}={hi}", args.runs)
            tvb += tv(b1, b2, args.runs * m)
            tvo += tv(o1, o2, args.runs)
        k = len(args.scenarios)
        print(f"{name:<24}{f'{lo:g}-{hi:g}':>14}{tvb / k:>11.3f}{tvo / k:>12.3f}")


if __name__ == "__main__":
    main()
