"""Batch throughput: negotiations/s on one and two workers, the speed-up, and the wall time
of a 10,000-run batch with summary and plots (the command as a user runs it).

    python benchmarks/bench_batch.py [--runs 4000] [--repeats 3] [--big 10000]

One-worker runs play in the main process; two-worker runs use the process pool of the
batch command (fork), chunks and all, and include starting it. Each figure is the median
of --repeats batches, alternating one and two workers so that a neighbour's load hits both
alike. It also prints how much a trivial CPU-bound loop speeds up on two processes on this
machine right now: if that is well under 2x, the machine is busy and so is the batch's.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.batch import run_batch  # noqa: E402

SCENARIO = ROOT / "scenarios" / "minusma_2021.yaml"


def _spin(n: int) -> float:
    t = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - t


def machine_speedup(n: int = 6_000_000) -> float:
    """Serial vs two processes on a pure-Python loop: the best this machine offers now."""
    t = time.perf_counter()
    _spin(n)
    _spin(n)
    serial = time.perf_counter() - t
    with mp.get_context("fork").Pool(2) as pool:
        pool.map(_spin, [1000, 1000])
        t = time.perf_counter()
        pool.map(_spin, [n, n])
        parallel = time.perf_counter() - t
    return serial / parallel


def throughput(runs: int, workers: int, tmp: Path) -> float:
    out = tmp / f"w{workers}"
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    run_batch(SCENARIO, runs, 1, out, workers=workers, plots=False, progress=False)
    return runs / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=4000, help="runs per throughput batch")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--big", type=int, default=10_000, help="runs of the end-to-end batch")
    args = ap.parse_args()
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}; "
          f"a trivial loop speeds up {machine_speedup():.2f}x on two processes right now")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        one, two = [], []
        for rep in range(args.repeats):
            one.append(throughput(args.runs, 1, tmp))
            two.append(throughput(args.runs, 2, tmp))
            print(f"  repetition {rep + 1}: 1 worker {one[-1]:,.0f}/s, 2 workers {two[-1]:,.0f}/s")
        r1, r2 = statistics.median(one), statistics.median(two)
        print(f"single worker: {r1:,.0f} negotiations/s (median of {args.repeats} x {args.runs:,} runs)")
        print(f"two workers:   {r2:,.0f} negotiations/s")
        print(f"speed-up:      {r2 / r1:.2f}x")

        out = tmp / "big"
        cmd = [sys.executable, str(ROOT / "main.py"), "batch", "--scenario", str(SCENARIO),
               "--runs", str(args.big), "--seed", "7", "--workers", "2", "--out", str(out)]
        t = time.perf_counter()
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                           env=dict(os.environ, CI="true"))
        wall = time.perf_counter() - t
        if p.returncode:
            print(p.stderr)
            raise SystemExit(p.returncode)
        pngs = len(list(out.glob("*.png")))
        print(f"{args.big:,}-run batch, 2 workers, with runs.csv, summary.json and {pngs} plots: "
              f"{wall:.1f} s wall (python main.py batch ... as a user runs it)")


if __name__ == "__main__":
    main()
