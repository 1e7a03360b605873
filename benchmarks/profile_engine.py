"""Where one negotiation's time goes, without a profiler's distortion: the default
scenario's AI-only negotiations timed whole, and the time spent inside each of the
engine's main pieces (each wrapped in a timer: the shares nest, so they do not add up).

    python benchmarks/profile_engine.py [--runs 500] [--scenario PATH]

(cProfile charges every Python call a fixed cost and so overstates the share of code made
of many small calls; a timer around a few large pieces costs ~0.3 us a call.)
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

import game.agents as agents
import game.dice as dice
import game.session as session
from game.council import Council
from game.model import beliefs, penholder
from game.procedure import Procedure
from game.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SPENT: collections.Counter = collections.Counter()
CALLS: collections.Counter = collections.Counter()


def _timed(owner, name: str, label: str) -> None:
    f = getattr(owner, name)

    def timed(*args, **kwargs):
        t = time.perf_counter()
        try:
            return f(*args, **kwargs)
        finally:
            SPENT[label] += time.perf_counter() - t
            CALLS[label] += 1

    setattr(owner, name, timed)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "minusma_2021.yaml"))
    ap.add_argument("--runs", type=int, default=500)
    args = ap.parse_args()
    for name in ("decide_settlement", "decide_amendments", "decide_vote", "decide_threat",
                 "decide_explanation", "silence_objection", "decide_lobbying"):
        _timed(agents, name, f"agents.{name}")
    for name in ("_agents_under_silence", "_record", "_break", "_propose", "_lobby"):
        _timed(session.Session, name, f"Session.{name}")
    _timed(dice.Dice, "stream", "Dice.stream")
    # the room's counts: those of the penholder's candidate texts, and every count
    _timed(penholder.beliefs, "forecast", "beliefs.forecast (the penholder's counts of its texts)")
    _timed(beliefs, "_count", "beliefs._count (a count of the room)")
    _timed(beliefs, "member_terms", "beliefs.member_terms")

    scenario = load_scenario(args.scenario)
    council, procedure = Council(scenario), Procedure()
    t = time.perf_counter()
    for seed in range(args.runs):
        session.Session(scenario, seed, procedure=procedure, council=council).run()
    total = time.perf_counter() - t
    print(f"{args.runs} negotiations: {total / args.runs * 1e3:.2f} ms each (with the timers)")
    for label, spent in SPENT.most_common():
        print(f"  {label}: {spent / args.runs * 1e3:.3f} ms ({spent / total:.0%}), "
              f"{CALLS[label] / args.runs:.1f} calls, {spent / CALLS[label] * 1e6:.1f} us each")


if __name__ == "__main__":
    main()
