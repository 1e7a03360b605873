"""The edits that ship fitted constants as the model's defaults (issue 10 §3).

    python scripts/ship_fitted.py [calibration/fitted.json]

Prints, for each constant `calibrate` fitted, ``name: old -> new`` and the line of
game/model/params.py that holds its default (``file:line``), and changes nothing: the owner
edits params.py (every log and golden file changes then, on purpose). Exit 0 when every
fitted constant already is the default, 1 when there are edits to make, 2 when the file
cannot be read.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.model.params import DEFAULT  # noqa: E402

PARAMS_PY = ROOT / "game" / "model" / "params.py"


def default_line(name: str, lines: list[str]) -> int:
    """The line (from 1) of params.py holding `name`'s default: the line after its
    declaration that starts the ``_p(`` or ``Field(default=`` call's first argument."""
    start = next(i for i, line in enumerate(lines) if re.match(rf"\s+{name}\s*:\s*(_[A-Za-z]+|Annotated)", line))
    for i in range(start, min(start + 4, len(lines))):
        if re.search(r"_p\(\s*[-0-9.]|default=|^\s+[-0-9.]+,", lines[i]):
            return i + 1
    return start + 1


def edits(fitted: dict) -> list[str]:
    lines = PARAMS_PY.read_text(encoding="utf-8").splitlines()
    out = []
    for name, new in fitted["constants"].items():
        old = getattr(DEFAULT, name)
        if old != new:
            out.append(f"{name}: {old!r} -> {new!r}   ({PARAMS_PY.relative_to(ROOT)}:{default_line(name, lines)})")
    return out


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else ROOT / "calibration" / "fitted.json"
    try:
        fitted = json.loads(path.read_text(encoding="utf-8"))
        fitted["constants"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"ship_fitted: {path}: cannot read the fitted constants ({exc})", file=sys.stderr)
        return 2
    todo = edits(fitted)
    s = fitted.get("scores", {})
    print(f"{path}: fitted on {len(fitted.get('cases', {}))} training cases at commit "
          f"{fitted.get('git_commit', 'unknown')}; mean NLL defaults {s.get('defaults')}, "
          f"in-sample {s.get('in_sample')}, leave-one-case-out {s.get('loo')}")
    if not todo:
        print("every fitted constant already is the default: nothing to edit")
        return 0
    print("edit game/model/params.py (the default of each):")
    for line in todo:
        print(f"  {line}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
