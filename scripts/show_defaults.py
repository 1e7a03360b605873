"""Refresh the model's defaults shown as commented lines in the shipped scenarios.

Each member of a shipped scenario shows, as a commented line, the member fields it leaves to
the model's constants (docs/scenario-format.md, "What a ballot weighs"), e.g.::

    # unity: 0.45           (unset: the model's `unity`)

When the shipped constants change (`penholder calibrate`, then `scripts/ship_fitted.py`),
those numbers must follow, or `tests/test_shipped_format.py` fails. This rewrites the value
of every such line from `game.model.params.DEFAULT`, keeping the comment's alignment.

    python scripts/show_defaults.py            # rewrite the files in place
    python scripts/show_defaults.py --check    # list what is stale; exit 1 if anything is
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.model.params import DEFAULT  # noqa: E402

SHOWN = re.compile(r"(?m)^(?P<lead>\s*# (?P<field>[a-z_]+): )(?P<value>-?[0-9.]+)(?P<gap>\s+)"
                   r"(?P<tail>\(unset: the model's `(?P<name>[a-z_]+)`\))")


def _fmt(x: float) -> str:
    return repr(round(float(x), 6))


def refresh(text: str) -> tuple[str, int]:
    """`text` with every shown model default set to the shipped value; the count changed."""
    changed = 0

    def one(m: re.Match) -> str:
        nonlocal changed
        new = _fmt(getattr(DEFAULT, m["name"]))
        if new == m["value"]:
            return m[0]
        changed += 1
        gap = " " * max(2, len(m["value"]) + len(m["gap"]) - len(new))
        return f"{m['lead']}{new}{gap}{m['tail']}"

    return SHOWN.sub(one, text), changed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only report stale files (exit 1 if any)")
    args = ap.parse_args()
    stale = 0
    for path in sorted((ROOT / "scenarios").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        new, n = refresh(text)
        if n:
            stale += 1
            print(f"{path.relative_to(ROOT)}: {n} shown default(s) {'stale' if args.check else 'refreshed'}")
            if not args.check:
                path.write_text(new, encoding="utf-8")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    raise SystemExit(main())
