"""Installable anywhere (issue 9, item 15): a wheel built from the project, installed in a
fresh virtual environment in a folder away from the repository, finds its default
scenario and its assets (package data read through importlib.resources) and runs
``penholder run``, ``penholder check`` and ``penholder screenshots``.

The venv sees the test environment's dependencies through a ``.pth`` file (numpy,
pygame-ce, ... are not downloaded again); only the wheel is installed into it, with
``--no-deps``. ~35 s, most of it the screenshots."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

from tests.conftest import ROOT

SOURCES = ("pyproject.toml", "setup.py", "README.md", "game", "scenarios", "assets")


def test_every_package_of_game_is_listed_for_the_wheel():
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "game").rglob("__init__.py")
             if "_data" not in p.parts}
    assert found <= set(packages), sorted(found - set(packages))


def test_the_resources_are_the_repository_folders_in_a_checkout():
    from game import resources

    assert resources.repo_root() == ROOT
    assert resources.default_scenario() == ROOT / "scenarios" / "minusma_2021.yaml"
    assert (resources.assets_dir() / "theme.json").is_file()
    assert resources.saves_dir() == ROOT / "saves"


def _clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1", CI="true", **extra)
    return env


def test_a_wheel_installed_away_from_the_repository_runs(tmp_path):
    # 1. build the wheel from a copy of the sources (no build/ or egg-info in the checkout)
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        item = ROOT / name
        if item.is_dir():
            # as a clone has it: no bytecode, no compiled engine (*.so and its record)
            shutil.copytree(item, src / name, ignore=shutil.ignore_patterns(
                "__pycache__", "_data", "*.so", "_compiled.json"))
        else:
            shutil.copy(item, src / name)
    dist = tmp_path / "dist"
    # without compiling the engine (minutes; tests/test_compiled.py checks the compiled one)
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps",
                            "-q", "-w", str(dist)],
                           capture_output=True, text=True, timeout=300,
                           env=_clean_env(PENHOLDER_COMPILED="0"))
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("penholder-*.whl")
    # 2. a fresh venv that sees this environment's dependencies, and the wheel in it
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    vpy = env_dir / "bin" / "python"
    site = Path(subprocess.check_output([str(vpy), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        text=True).strip())
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    inst = subprocess.run([sys.executable, "-m", "pip", "--python", str(vpy), "install", "--no-deps",
                           "--no-index", "-q", str(wheel)], capture_output=True, text=True, timeout=300,
                          env=_clean_env())
    assert inst.returncode == 0, inst.stderr
    # 3. run it from a folder with no repository around
    away = tmp_path / "elsewhere"
    away.mkdir()
    penholder = str(env_dir / "bin" / "penholder")

    def run(*args, **env):
        return subprocess.run([penholder, *args], cwd=away, capture_output=True, text=True, timeout=300,
                              env=_clean_env(**env))

    where = subprocess.run([str(vpy), "-c", "import game, game.resources as r; "
                            "print(game.__file__); print(r.repo_root()); print(r.default_scenario())"],
                           cwd=away, capture_output=True, text=True, timeout=60, env=_clean_env())
    game_file, repo, default = where.stdout.split("\n")[:3]
    assert game_file.startswith(str(site)), where  # the installed copy, not the checkout
    assert repo == "None" and default.startswith(str(site)) and Path(default).is_file()

    p = run("run", "--seed", "1", "--quiet")
    assert p.returncode == 0, p.stderr
    assert p.stdout.split()[0] in ("adopted", "not_adopted", "vetoed", "rollover", "lapsed")
    p = run("check", default)
    assert p.returncode == 0 and ": ok: MINUSMA renewal, June 2021" in p.stdout, p.stdout + p.stderr
    p = run("check", default, "--lang", "fr")  # the French catalogue is installed with the game
    assert p.returncode == 0 and ": ok : Renouvellement de la MINUSMA" in p.stdout, p.stdout + p.stderr
    p = run("check")  # no path: the shipped scenarios
    assert p.returncode == 0 and p.stdout.count(": ok: ") == len(list((ROOT / "scenarios").glob("*.yaml"))) + len(
        list((ROOT / "scenarios" / "history").glob("*.yaml")))
    p = run("screenshots", "shots", SDL_VIDEODRIVER="dummy")
    assert p.returncode == 0, p.stderr
    assert len(list((away / "shots").glob("*.png"))) >= 10
    assert not (site / "saves").exists()  # nothing written into the installed package
    assert sorted(x.name for x in away.iterdir()) == ["shots"]
