"""Problems found in a scenario, reported all at once as ``file:LINE: path: message``.

One `Problem` per finding; a `ScenarioError` carries all of them. The text form of a
problem is always four fields separated by ``": "`` (after ``file:LINE``), so editors and
scripts can parse it::

    scenarios/x.yaml:42: members.CHN.salience.climate: must be between 0 and 1, got 1.7

Problems about the file as a whole (too big, not UTF-8, a YAML syntax error) use the path
``(file)``. ``line`` is 1-based; it is 0 only when no line is known (data that did not come
from a file, e.g. a scenario embedded in a saved log).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

FILE_PATH = "(file)"


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path or FILE_PATH}: {self.message}"


class ScenarioError(ValueError):
    """A scenario (or a ``--set`` override) is invalid; ``problems`` lists every finding."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

