"""The outcome distribution of every shipped scenario (or the given ones), as a Markdown
table: how often each of the five outcomes, unanimity, the modal tally, how many distinct
final texts, and the share of the most common one; and how often a member tabled a rival
draft (in parentheses: how often a rival was adopted).

    python benchmarks/outcomes.py [--runs 500] [--seed 0] [PATH ...] [--set PATH=VALUE ...]

Run i of a scenario uses child i of SeedSequence(seed), as a batch does.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import numpy as np

from game.council import Council
from game.procedure import Procedure
from game.scenario import load_scenario
from game.session import Session
from game.stats import OUTCOMES

ROOT = Path(__file__).resolve().parent.parent


def distribution(path, runs: int, seed: int, overrides=()) -> dict:
    sc = load_scenario(path, overrides)
    council, proc = Council(sc), Procedure()
    outcomes, tallies, texts = Counter(), Counter(), Counter()
    rivals = rivals_adopted = 0
    for i in range(runs):
        st = Session(sc, np.random.SeedSequence(seed, spawn_key=(i,)), council=council,
                     procedure=proc).run().state
        outcomes[st.outcome.value] += 1
        tallies[f"{st.outcome.value} {st.tally}"] += 1
        texts[tuple(st.draft)] += 1
        if st.rivals:
            rivals += 1
            rivals_adopted += any(v.on == "rival" and v.result.value == "adopted" for v in st.votes)
    unanimous = sum(n for t, n in tallies.items() if t.startswith("adopted") and t.endswith("-0-0")
                    and t.split()[-1].startswith(str(len(sc.members))))
    return {"title": sc.id, "runs": runs, "outcomes": outcomes, "tallies": tallies,
            "unanimous": unanimous, "texts": texts, "rivals": rivals, "rivals_adopted": rivals_adopted}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="scenario files (default: the shipped ones)")
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    args = ap.parse_args()
    paths = args.paths or sorted((ROOT / "scenarios").glob("*.yaml"))
    start = time.perf_counter()
    print("| scenario | " + " | ".join(OUTCOMES) + " | unanimous | modal tally | distinct final texts "
          "(most common) | rival drafts (adopted) |")
    print("|---|" + "---|" * (len(OUTCOMES) + 4))
    for path in paths:
        d = distribution(path, args.runs, args.seed, args.set)
        n = d["runs"]
        shares = " | ".join(f"{100 * d['outcomes'][o] / n:.1f}%" for o in OUTCOMES)
        modal, count = d["tallies"].most_common(1)[0]
        print(f"| {d['title']} | {shares} | {100 * d['unanimous'] / n:.1f}% | {modal} "
              f"({100 * count / n:.0f}%) | {len(d['texts'])} ({100 * d['texts'].most_common(1)[0][1] / n:.0f}%) | "
              f"{100 * d['rivals'] / n:.1f}% ({100 * d['rivals_adopted'] / n:.1f}%) |")
    print(f"\n{args.runs} runs per scenario, seed {args.seed}, {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
