"""The files the program reads: the shipped scenarios and the assets (the theme).

In a checkout (and an editable install) they are the repository's top-level
``scenarios/`` and ``assets/`` folders. A wheel (``pip install .``, pipx) carries the same
files as package data, ``game/_data/scenarios`` and ``game/_data/assets``, mapped from
those folders by ``pyproject.toml``; they are found through `importlib.resources`, so an
installed ``penholder`` finds its default scenario wherever it runs from.

User files (saved games, settings) never go inside the package: `saves_dir` is the
repository's ``saves/`` in a checkout, else ``$XDG_DATA_HOME/penholder/saves``
(``~/.local/share/penholder/saves``).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

DEFAULT_SCENARIO_NAME = "minusma_2021.yaml"
HISTORY = "history"  # the scenarios folder's subfolder of historical cases
_PACKAGE_ROOT = Path(__file__).resolve().parent


def repo_root() -> Path | None:
    """The repository this package runs from (a checkout or an editable install), or
    None when it is installed from a wheel."""
    root = _PACKAGE_ROOT.parent
    if (root / "pyproject.toml").is_file() and (root / "scenarios").is_dir():
        return root
    return None


def _data_dir(name: str) -> Path:
    """``game/_data/<name>`` of an installed wheel, else the repository's ``<name>/``."""
    packaged = resources.files("game").joinpath("_data", name)
    if packaged.is_dir():
        if isinstance(packaged, Path):
            return packaged
        # a zipped install: give a real folder (extracted once, for this process)
        return _extracted(name)
    root = repo_root()
    if root is not None:
        return root / name
    # a broken install: the path it should be at, so that the error names it
    return _PACKAGE_ROOT / "_data" / name


def _extracted(name: str) -> Path:  # pragma: no cover - pip never installs zipped
    import atexit
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="penholder-"))
    atexit.register(shutil.rmtree, tmp, True)
    src = resources.files("game").joinpath("_data", name)
    for item in src.iterdir():
        if item.is_file():
            (tmp / item.name).write_bytes(item.read_bytes())
        elif item.name == HISTORY:
            (tmp / HISTORY).mkdir()
            for sub in item.iterdir():
                if sub.is_file():
                    (tmp / HISTORY / sub.name).write_bytes(sub.read_bytes())
    return tmp


def scenarios_dir() -> Path:
    """The folder of the shipped scenarios."""
    return _data_dir("scenarios")


def history_dir() -> Path:
    """The historical corpus (issue 10): real Council decisions written as scenarios, for
    `penholder validate` and `penholder calibrate`; the title screen lists only the playable
    scenarios of `scenarios_dir()` itself."""
    return scenarios_dir() / HISTORY


def shipped_scenarios() -> list[Path]:
    """Every shipped scenario file: the playable ones, then the historical corpus."""
    return sorted(scenarios_dir().glob("*.yaml")) + sorted(history_dir().glob("*.yaml"))


def assets_dir() -> Path:
    """The folder of the assets (theme.json...)."""
    return _data_dir("assets")


def default_scenario() -> Path:
    """The scenario the commands use when given none: the June 2021 MINUSMA renewal."""
    return scenarios_dir() / DEFAULT_SCENARIO_NAME


def saves_dir() -> Path:
    """Where the game keeps saved sessions and settings (see the module's docstring)."""
    root = repo_root()
    if root is not None:
        return root / "saves"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "penholder" / "saves"
