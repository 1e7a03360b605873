"""Compare two folders of logs (as /work/briefs/logs.py or `run --log` write them): for
each log that differs, say whether only floating-point numbers differ (how many, and the
largest difference), or whether a decision, a text, a tally or the sequence of events
differs (the first place it does).

    python benchmarks/compare_logs.py OLD_DIR NEW_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _is_number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def walk(a, b, path: str, floats: list) -> str | None:
    """The first place where a and b differ other than in a float's value (None if
    nowhere); float differences are appended to `floats` as (difference, path)."""
    if isinstance(a, float) or isinstance(b, float):
        if _is_number(a) and _is_number(b):
            if a != b:
                floats.append((abs(a - b), path))
            return None
        return path
    if type(a) is not type(b):
        return path
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return path + ":keys"
        for k in a:
            where = walk(a[k], b[k], f"{path}.{k}", floats)
            if where:
                return where
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return path + ":length"
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            where = walk(x, y, f"{path}[{n}]", floats)
            if where:
                return where
        return None
    return None if a == b else path


def main() -> None:
    old, new = Path(sys.argv[1]), Path(sys.argv[2])
    same = floats_only = decisions = 0
    for fa in sorted(old.iterdir()):
        ta, tb = fa.read_text(), (new / fa.name).read_text()
        if ta == tb:
            same += 1
            continue
        la = [json.loads(x) for x in ta.splitlines()]
        lb = [json.loads(x) for x in tb.splitlines()]
        floats: list = []
        where = None
        for n, (x, y) in enumerate(zip(la, lb, strict=False)):
            where = walk(x, y, f"event {n} ({x.get('kind', 'header')})", floats)
            if where:
                break
        if where is None and len(la) != len(lb):
            where = f"{len(la)} events against {len(lb)}"
        if where:
            decisions += 1
            print(f"{fa.name}: a decision, text or tally differs: first at {where}")
        else:
            floats_only += 1
            big = max(floats)
            print(f"{fa.name}: numbers only: {len(floats)} differ, the largest by {big[0]:.3g} at {big[1]}")
    print(f"identical {same}, numbers only {floats_only}, decisions differ {decisions} "
          f"(of {same + floats_only + decisions})")


if __name__ == "__main__":
    main()
