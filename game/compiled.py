"""The compiled engine: which modules Cython compiles, and when they run as Python instead.

The engine's hot modules are plain Python files with type declarations Cython reads (pure
Python mode: `@cython.locals` decorators and `.pxd` files beside them). `pip install` compiles
them into extension modules (`setup.py`) when a C compiler is there, and records a digest of
every file it compiled in `game/_compiled.json`. The same files run uncompiled with the same
results, byte for byte (tests/test_compiled.py): compiling only makes them faster.

`use_compiled` decides once per process, when `game` is imported, whether the compiled
modules may be used. They are not, and the engine runs as Python, when:

- `PENHOLDER_COMPILED=0` is set (to time or test the Python engine on a built tree);
- a source file changed since it was compiled (an edited model, a `git pull`): a stale
  extension would silently run the old code, so all of them are set aside, with a warning
  saying how to compile again;
- the build is incomplete (a module failed to compile, the record is missing): compiled
  modules share typed classes (`State`, `Council`) and cannot be mixed with Python ones.

Nothing else in the project needs to know: an import of `game.session` gets whichever
module this decided.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

#: The modules compiled. Extension types first: State, Council, Constants, Session, Procedure,
#: the events, rules' Tally and dice's Stream, declared in game/state.pxd, council.pxd,
#: model/params.pxd, session.pxd, procedure.pxd, events.pxd, rules.pxd, dice.pxd;
#: then the modules typed with them (`@cython.locals`: they cimport State and Council, so are
#: built with them); then modules compiled as they are.
MODULES = (
    "game.state",
    "game.council",
    "game.model.params",
    "game.session",
    "game.dice",
    "game.model.beliefs",
    "game.model.common",
    "game.model.ballots",
    "game.model.silence",
    "game.model.penholder",
    "game.model.amendments",
    "game.model.rivals",
    "game.model.deals",
    "game.model.advice",
    "game.model.explanations",
    "game.agents",
    "game.events",
    "game.rules",
    "game.procedure",
    "game.model.host",
)

#: The build's record, beside this file: the digest of each compiled source.
RECORD = "_compiled.json"
#: Set to 0 to run the engine as Python even where it is compiled.
SWITCH = "PENHOLDER_COMPILED"

PACKAGE = Path(__file__).resolve().parent  # .../game


def sources(package: Path = PACKAGE) -> list[Path]:
    """Every file a compiled module is made from: its .py and the .pxd files of the package
    (a .pxd declares the types of a .py, and of the classes other modules import)."""
    files = [package.parent / (name.replace(".", "/") + ".py") for name in MODULES]
    files += sorted(package.rglob("*.pxd"))
    return files


def digests(package: Path = PACKAGE) -> dict[str, str]:
    """{path relative to the package's parent: sha256 of its bytes} for `sources`."""
    root = package.parent
    return {
        f.relative_to(root).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sources(package)
        if f.exists()
    }


def extension(name: str, package: Path = PACKAGE) -> Path | None:
    """The compiled file of module `name`, if there is one (e.g. game/dice.cpython-311-x86_64-linux-gnu.so)."""
    base = package.parent / name.replace(".", "/")
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        if (found := base.with_name(base.name + suffix)).exists():
            return found
    return None


def use_compiled(package: Path = PACKAGE, environ=os.environ) -> tuple[bool, str]:
    """(whether the compiled modules may be imported, why, in a sentence)."""
    built = [name for name in MODULES if extension(name, package)]
    if not built:
        return False, "not compiled (no C compiler when it was installed, or PENHOLDER_COMPILED=0 then)"
    if environ.get(SWITCH, "").strip() == "0":
        return False, f"compiled, but {SWITCH}=0 runs it as Python"
    missing = [name for name in MODULES if name not in built]
    if missing:
        return False, f"partly compiled ({missing[0]} is not): runs as Python"
    try:
        recorded = json.loads((package / RECORD).read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        return False, f"compiled without a readable record ({RECORD}): runs as Python"
    now = digests(package)
    changed = sorted(p for p in now.keys() | recorded.keys() if now.get(p) != recorded.get(p))
    if changed:
        more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
        return False, (f"{changed[0]}{more} changed since the engine was compiled: it runs as "
                       "Python (same results, slower) until `pip install -e .` compiles it again")
    return True, f"{len(MODULES)} modules compiled with Cython"


class _AsPython(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' .py files ahead of their extensions."""

    def __init__(self, package: Path):
        self.root = package.parent

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in MODULES:
            return None
        return importlib.util.spec_from_file_location(
            fullname, self.root / (fullname.replace(".", "/") + ".py"))


def install(package: Path = PACKAGE) -> tuple[bool, str]:
    """Decide whether the compiled modules may be used and, if a build exists that may not,
    make imports of its modules load their .py files instead; warn when that was not asked
    for. Called once, by `game/__init__.py`, before any engine module is imported."""
    compiled, why = use_compiled(package)
    if not compiled and any(extension(name, package) for name in MODULES):
        if not any(isinstance(f, _AsPython) for f in sys.meta_path):
            sys.meta_path.insert(0, _AsPython(package))
        if os.environ.get(SWITCH, "").strip() != "0":
            warnings.warn(f"Penholder's engine: {why}", RuntimeWarning, stacklevel=2)
    return compiled, why


def running() -> str:
    """How this process runs the engine, for benchmarks and reports: 'compiled' or 'Python',
    from the module actually loaded (an import in progress is not guessed at)."""
    import game.session

    loader = getattr(game.session, "__loader__", None)
    return "compiled" if isinstance(loader, importlib.machinery.ExtensionFileLoader) else "Python"
