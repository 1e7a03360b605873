"""Rewrite the table of the model's constants in docs/scenario-format.md from
game/model/params.py (their one source):  python scripts/model_params_table.py"""

from __future__ import annotations

import re
from pathlib import Path

from game.model.params import ModelParams

DOC = Path(__file__).resolve().parent.parent / "docs" / "scenario-format.md"
START = "<!-- model-params:start (python scripts/model_params_table.py) -->"
END = "<!-- model-params:end -->"


def table() -> str:
    rows = ["| constant | default | meaning |", "|---|---|---|"]
    for name, field in ModelParams.model_fields.items():
        rows.append(f"| `{name}` | `{field.default}` | {field.description} |")
    return "\n".join(rows)


def rewrite(text: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _m: f"{START}\n{table()}\n{END}", text)


if __name__ == "__main__":
    DOC.write_text(rewrite(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"rewrote the model's constants in {DOC}")
