"""Fidelity of the default scenario to the 2021 record, over many seeds.

    python benchmarks/fidelity.py [--seeds 500] [--scenario PATH]

Prints the shares the engine issue asks about: adoption and unanimity, the first silence
broken, who breaks silence (any silence), the A3+1, and the final text of the contested
paragraphs, next to the record (BRIEF.md §3).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from game.council import Council
from game.procedure import Procedure
from game.scenario import load_scenario
from game.session import Session
from game.stats import run_row, summarise

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=500)
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "minusma_2021.yaml"))
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                    help="override a scenario value or a model constant, as in batch (repeatable)")
    args = ap.parse_args()
    sc = load_scenario(args.scenario, args.set)
    proc, council = Procedure(), Council(sc)
    rows = [run_row(Session(sc, s, procedure=proc, council=council).run().state) for s in range(args.seeds)]
    s = summarise(rows, sc)
    h = sc.history
    rec_outcome = f"   (record: {h.outcome})" if h is not None else ""
    rec_tally = f"   (record: {s['history']['historical_tally']})" if "historical_tally" in s.get("history", {}) else ""
    rec_silences = (f" (record: {len(h.silences)})" if h is not None and h.silences != "unknown"
                    else " (record: unknown)" if h is not None else "")
    print(f"{sc.title}: {args.seeds} seeds (0..{args.seeds - 1})")
    for o in ("adopted", "not_adopted", "vetoed", "rollover", "lapsed"):
        print(f"  {o:<18} {s['outcome'][o]:.1%}" + (rec_outcome if h is not None and o == h.outcome else ""))
    print(f"  unanimous          {s['unanimous']:.1%}" + rec_tally)
    print(f"  first silence broken {s['silence']['first_broken']:.1%}; mean silences "
          f"{s['silence']['mean_silences']:.2f}" + rec_silences)
    broken = s["silence"]["broken_by"]
    order = sorted(broken, key=broken.get, reverse=True)
    print("  broke a silence:   " + ", ".join(f"{m} {broken[m]:.0%}" for m in order if broken[m] > 0))
    final = s["final_text"]
    if sc.id == "minusma_2021":
        print("    (record: USA, GBR, CHN, IND, RUS the first; CHN, IND the second; the A3+1 never)")
        print("  A3+1 broke:        " + ", ".join(f"{m} {broken.get(m, 0):.1%}" for m in ("KEN", "NER", "TUN", "VCT")))
        for issue, variant, record in (("g5_support", "priority_task", "absent"),
                                       ("troop_ceiling", "increase", "absent"),
                                       ("transition", "strategic_priority", "present")):
            print(f"  {issue}: {variant} in the final text in {final[issue].get(variant, 0):.1%} of runs "
                  f"(record: {record})")
    elif h is not None and h.silences != "unknown":
        record = "; ".join(", ".join(x.broken_by) if x.broken_by != "unknown" else "unknown"
                           for x in h.silences)
        print(f"    (record, silence by silence: {record or 'no silence'})")
    for issue, dist in final.items():
        print(f"    {issue:<24} " + ", ".join(f"{v} {p:.0%}" for v, p in dist.items()))
    hs = s.get("history", {})
    if hs:
        f1 = f"{hs['breakers_f1']:.2f}" if "breakers_f1" in hs else "n/a (not recorded)"
        print(f"  modal tally {hs['modal_tally']} (record {hs.get('historical_tally', 'unknown')}); "
              f"breakers F1 vs record {f1}")
    print(f"  mean days from zero draft to the end: {s['mean_days']:.1f}; explanations of vote: "
          + ", ".join(f"{m} {p:.0%}" for m, p in list(s["explanations"].items())[:6]))


if __name__ == "__main__":
    main()
