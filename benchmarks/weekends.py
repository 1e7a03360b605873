"""What happens at weekends: events counted by kind and by day (working day, weekend with
the calendar not urgent, weekend with it urgent), and silence deadlines by weekday, over
many AI-only runs of every shipped scenario (issue 8 §4: no letters, revisions or
silences at weekends unless the calendar is urgent).

    python benchmarks/weekends.py [--seeds 100] [PATH ...]

Urgent (the measure's own definition, the same as `game.rules.weekend_is_urgent`): on a
Saturday or Sunday, the time from 10:00 on the Monday after to the end of the mandate is
shorter than `rules.silence_need_minutes` (the shortest silence, the reading, blue and
the vote with a day's margin).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from game import rules
from game.scenario import load_scenario
from game.session import Session

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ["scenarios/minusma_2016.yaml", "scenarios/minusma_2020.yaml", "scenarios/minusma_2021.yaml",
           "scenarios/tutorial.yaml", "tests/scenarios/council.yaml"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
DAY, DESK = 24 * 60, 10 * 60


def classify(cal, expiry_t: int, t: int) -> str:
    wd = (cal.zero_draft.weekday() + t // DAY) % 7
    if wd < 5:
        return "weekday"
    monday = t - t % DAY + (7 - wd) * DAY + DESK
    return "weekend urgent" if expiry_t - monday < rules.silence_need_minutes(cal) else "weekend NOT urgent"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    a = ap.parse_args()
    for path in a.paths or [str(ROOT / p) for p in SHIPPED]:
        sc = load_scenario(path, a.set)
        cal = sc.calendar
        counts, deadlines, stated = Counter(), Counter(), 0
        for seed in range(a.seeds):
            s = Session(sc, seed).run()
            expiry_t = s.state.expiry_t
            stated += any("works_weekend" in e.data for e in s.log)
            for e in s.log:
                counts[(e.kind, classify(cal, expiry_t, e.t))] += 1
                if e.kind == "place_under_silence":
                    wd = (cal.zero_draft.weekday() + e.data["deadline"] // DAY) % 7
                    deadlines[(DAYS[wd], classify(cal, expiry_t, e.data["deadline"]))] += 1
        print(f"\n## {Path(path).name}, seeds 0-{a.seeds - 1} (runs stating weekend work: {stated})")
        print("| kind | weekday | weekend NOT urgent | weekend urgent |\n|---|---|---|---|")
        for kind in sorted({k for k, _ in counts}):
            row = [counts[(kind, c)] for c in ("weekday", "weekend NOT urgent", "weekend urgent")]
            if row[1] or row[2] or kind in ("break_silence", "circulate_revision", "place_under_silence"):
                print(f"| {kind} | {row[0]} | {row[1]} | {row[2]} |")
        print("silence deadlines by weekday:", ", ".join(f"{d} {c}: {n}" for (d, c), n in sorted(deadlines.items())))


if __name__ == "__main__":
    main()
