"""Classroom benchmark (issue 12 §3): one server, ten parallel classes of fifteen simulated
students each, on 127.0.0.1 only.

    python benchmarks/bench_class.py                         # 10 rooms x 15 students
    python benchmarks/bench_class.py --rooms 2 --students 2  # two rooms, 13 agents each

The server is `penholder host --rooms N` in its own process. Each room has a process of its
own for its clients: a facilitator and `--students` students (`game.classroom.client.
ClassClient`, one connection and thread each; the seats they do not take are agents'),
playing with `game.classroom.student.play` as fast as the procedure allows: each student
answers its turn the moment the server's status says it is its turn, with the plainest valid
move (and one amendment per expert round). A room plays one negotiation to its end, every
student sending at most `--max-moves` moves; a decision nobody sends within `--deadline`
seconds is played by its agent, so no room can stall (the count of those is printed).

Measured: the round trip of every move (from `send` to the server's answer, which comes
after the events and status it caused have been broadcast to the whole room), p50/p95/max
over all moves of all rooms; the server process's CPU (user+system seconds over the wall
time of the run: 1.0 = one core busy) and its memory (peak resident set size, sampled every
0.2 s), with psutil. Target (issue 12): p95 <= 100 ms on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1", "PYTHONWARNINGS": "ignore"}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker(url: str, code: str, token: str, students: int, max_moves: int, timeout: float) -> dict:
    """One room's clients: claim `students` seats, start, play to the end; the moves' round
    trips (seconds)."""
    from game.classroom.client import ClassClient
    from game.classroom.student import play

    fac = ClassClient(url, code, token=token, role="facilitator", timeout=30).connect()
    seats = list(fac.status["seats"])[:students]
    clients = [ClassClient(url, code, seat=m, timeout=30).connect() for m in seats]
    fac.wait(lambda c: all(c.status["seats"][m]["connected"] for m in seats), 30)
    latencies: list[float] = []
    per: list[list[float]] = [[] for _ in clients]
    threads = [threading.Thread(target=play, args=(c,), kwargs={"amend": True, "max_moves": max_moves,
                                                                "timeout": timeout, "latencies": per[k]})
               for k, c in enumerate(clients)]
    t0 = time.perf_counter()
    fac.facilitate("start")
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout + 10)
    wall = time.perf_counter() - t0
    fac.wait(lambda c: c.finished, 10)
    for lat in per:
        latencies.extend(lat)
    missed = sum(e.kind == "deadline_missed" for e in fac.events)
    result = {"latencies": latencies, "wall": wall, "events": len(fac.events), "finished": fac.finished,
              "outcome": fac.status.get("outcome"), "missed": missed, "cpu": time.process_time()}
    for c in [*clients, fac]:
        c.close()
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rooms", type=int, default=10)
    p.add_argument("--students", type=int, default=15, help="students per room (the other seats: agents)")
    p.add_argument("--max-moves", type=int, default=100, help="at most this many moves per student")
    p.add_argument("--deadline", type=float, default=5.0, help="seconds before an agent takes a decision")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds a room may play at most")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--save-dir", default=None, help="where the server saves (default: a new temporary folder)")
    p.add_argument("--worker", nargs=3, metavar=("URL", "CODE", "TOKEN"), help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.worker:
        print(json.dumps(worker(*a.worker, a.students, a.max_moves, a.timeout)), flush=True)
        return 0

    import psutil

    save = tempfile.mkdtemp(prefix="bench-class-", dir=a.save_dir)
    port = free_port()
    server = subprocess.Popen([sys.executable, "main.py", "host", "--bind", "127.0.0.1", "--port", str(port),
                               "--rooms", str(a.rooms), "--seed", str(a.seed), "--deadline", str(a.deadline),
                               "--save-dir", save], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
    out = ""
    while "serving" not in out:
        line = server.stdout.readline()
        if not line:
            raise SystemExit(f"the server did not start:\n{out}")
        out += line
    url = re.search(r"join:\s+(\S+)", out).group(1)
    rooms = list(zip(re.findall(r"class code (\S+)", out), re.findall(r"facilitator token: (\S+)", out),
                     strict=True))
    proc = psutil.Process(server.pid)
    peak = [proc.memory_info().rss]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            try:
                peak.append(proc.memory_info().rss)
            except psutil.Error:
                return

    threading.Thread(target=sample, daemon=True).start()
    cpu0 = proc.cpu_times()
    t0 = time.perf_counter()
    workers = [subprocess.Popen([sys.executable, __file__, "--worker", url, code, token, "--students",
                                 str(a.students), "--max-moves", str(a.max_moves), "--timeout", str(a.timeout)],
                                cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
               for code, token in rooms]
    results = []
    for w in workers:
        stdout, _ = w.communicate(timeout=a.timeout + 120)
        results.append(json.loads(stdout.strip().splitlines()[-1]))
    wall = time.perf_counter() - t0
    cpu1 = proc.cpu_times()
    done.set()
    server.kill()
    server.wait()
    cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    lat = sorted(x for r in results for x in r["latencies"])
    q = statistics.quantiles(lat, n=100, method="inclusive")
    print(f"{a.rooms} rooms x {a.students} students on one server (127.0.0.1), engine "
          f"{'compiled' if _compiled() else 'pure Python'}; {os.cpu_count()} CPUs on this machine")
    print(f"  moves: {len(lat)} in {wall:.1f} s ({len(lat) / wall:.0f}/s); rooms finished "
          f"{sum(r['finished'] for r in results)}/{len(results)}; events {sum(r['events'] for r in results)}; "
          f"decisions taken by agents past the deadline {sum(r['missed'] for r in results)}")
    print(f"  round trip per move: p50 {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms, "
          f"p99 {q[98] * 1000:.1f} ms, max {lat[-1] * 1000:.1f} ms   (target p95 <= 100 ms)")
    print(f"  server: CPU {cpu:.1f} s over {wall:.1f} s ({cpu / wall:.2f} of a core); "
          f"memory peak {max(peak) / 2**20:.0f} MiB RSS")
    print(f"  the clients' processes (not the server): CPU {sum(r['cpu'] for r in results):.1f} s")
    return 0


def _compiled() -> bool:
    r = subprocess.run([sys.executable, "-c", "import game.session as s; print(s.__file__)"], cwd=ROOT, env=ENV,
                       capture_output=True, text=True)
    return r.stdout.strip().endswith(".so")


if __name__ == "__main__":
    raise SystemExit(main())
