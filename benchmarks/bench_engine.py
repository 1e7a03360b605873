"""Full AI-only negotiations of the default scenario per second, on one core.

    python benchmarks/bench_engine.py [--runs 1000] [--repeats 5]

Prints each repetition and the median. Each negotiation is a complete Session (zero draft
to explanations of vote) with its own seed, sharing the scenario, the compiled Council
tables and one reset procedure machine, as a batch worker does. Also prints the cost of
the pieces a batch pays once per process, and whether the engine runs compiled
(`PENHOLDER_COMPILED=0` times the Python engine of a compiled tree: game/compiled.py).
After the set-up the garbage collector is frozen, and its automatic passes are paused while
a repetition plays (one pass at its end), as a batch worker does (`gc.freeze()`,
`batch.collector_paused`); `--gc freeze` only freezes, `--gc default` does neither.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import statistics
import time
from pathlib import Path

from game import compiled
from game.batch import collector_paused
from game.council import Council
from game.procedure import Procedure
from game.scenario import load_scenario
from game.session import Session

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "minusma_2021.yaml"))
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--gc", choices=("paused", "freeze", "default"), default="paused",
                    help="paused (default): frozen after the set-up and paused while a repetition "
                         "plays, as a batch worker does; freeze: frozen only; default: neither")
    args = ap.parse_args()

    t = time.perf_counter()
    scenario = load_scenario(args.scenario)
    load_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    council = Council(scenario)
    council_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    procedure = Procedure()
    machine_ms = (time.perf_counter() - t) * 1000
    if args.gc != "default":
        gc.freeze()
    paused = collector_paused if args.gc == "paused" else contextlib.nullcontext
    print(f"engine: {compiled.running()} ({compiled.use_compiled()[1]}); garbage collector: {args.gc}")
    print(f"once per process: load+validate {load_ms:.1f} ms, council tables {council_ms:.2f} ms, "
          f"procedure machine {machine_ms:.2f} ms")

    rates, cpu_rates = [], []
    events = 0
    seed = 0
    for rep in range(args.repeats):
        t, c = time.perf_counter(), time.process_time()
        with paused():
            for _ in range(args.runs):
                s = Session(scenario, seed, procedure=procedure, council=council).run()
                events += len(s.log)
                seed += 1
            del s
        dt, dc = time.perf_counter() - t, time.process_time() - c
        rates.append(args.runs / dt)
        cpu_rates.append(args.runs / dc)
        print(f"  repetition {rep + 1}: {args.runs} negotiations in {dt:.2f} s wall = {rates[-1]:,.0f}/s "
              f"({cpu_rates[-1]:,.0f}/s of CPU time)")
    print(f"mean events per negotiation: {events / seed:.1f}")
    print(f"MEDIAN: {statistics.median(rates):,.0f} negotiations/s on one core (wall clock); "
          f"{statistics.median(cpu_rates):,.0f}/s per CPU-second (less sensitive to a busy machine)")


if __name__ == "__main__":
    main()
