"""Regenerate the golden log (run from the repository root) when the engine's behaviour
changes on purpose:  python tests/golden/regenerate.py"""

from pathlib import Path

from game.scenario import load_scenario
from game.session import Session

ROOT = Path(__file__).resolve().parents[2]

if __name__ == "__main__":
    scenario = load_scenario(ROOT / "scenarios" / "minusma_2021.yaml")
    out = ROOT / "tests" / "golden" / "minusma_2021_seed1.jsonl"
    Session(scenario, 1).run().save(out)
    print(f"wrote {out}")
