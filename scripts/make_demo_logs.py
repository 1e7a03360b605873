"""Demo class sessions for the reports: several "groups" play one scenario, each with a seat
played from outside by a scripted student (`game.facilitator.ClassSeat`), and save their logs.

    python scripts/make_demo_logs.py [--scenario scenarios/tutorial.yaml] [--out results/demo] [--groups 4]

Group k plays the k-th of (seat, style) below; group 1's facilitator fires the scenario's
first undated event early in the session, so the debrief shows an inject.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from game.facilitator import ClassSeat
from game.scenario import load_scenario
from game.session import Session

STYLES = ("agent", "hardline", "soft", "agent", "hardline", "soft")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="scenarios/tutorial.yaml")
    ap.add_argument("--out", default="results/demo")
    ap.add_argument("--groups", type=int, default=4)
    ap.add_argument("--seats", default=None, help="comma-separated seats, one per group (default: the penholder and "
                    "the most assertive other permanent member, alternately)")
    args = ap.parse_args()
    sc = load_scenario(args.scenario)
    others = [m for m, mb in sc.members.items() if mb.permanent and m != sc.penholder]
    other = max(others, key=lambda m: sc.members[m].assertiveness)  # the likeliest silence-breaker
    seats = args.seats.split(",") if args.seats else [sc.penholder if k % 2 == 0 else other for k in range(args.groups)]
    undated = [e.id for e in sc.events if e.date is None]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for k in range(args.groups):
        seat = seats[k % len(seats)]
        session = Session(sc, 100 + k, outside={seat})
        injects = {12: undated[0]} if k == 0 and undated else None
        ClassSeat(seed=k, style=STYLES[k % len(STYLES)]).play(session, injects=injects)
        path = out / f"group{k + 1}.jsonl"
        session.save(path)
        st = session.state
        print(f"{path}: {seat} ({STYLES[k % len(STYLES)]}): {st.outcome.value} {st.tally or ''}".rstrip())


if __name__ == "__main__":
    main()
