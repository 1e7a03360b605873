"""Compile the engine's modules with Cython in pure-Python mode, in place, next to their .py
files (which stay the fallback: delete the .so files, or never build them, and the same code
runs interpreted, with identical results). The measuring tool of the typed code (branch
h-cy2); the build that ships is setup.py's.

    .venv/bin/pip install 'cython>=3.0'
    PYTHONPATH=. .venv/bin/python tools/build_cython.py build_ext --inplace [-j 2]
    PYTHONPATH=. .venv/bin/python tools/build_cython.py clean_so    # back to pure Python

The modules compiled are CYTHON_MODULES (comma separated, e.g. game/dice.py) or MODULES.
Types are declared in the .py files through Cython's pure-Python syntax (`import cython`,
`@cython.locals`, `cython.cclass`: Cython's shadow module when uncompiled) and, for the
extension types State and Council, in game/state.pxd and game/council.pxd (the modules that
`cimport` them must be compiled with them)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODULES = [
    # extension types: State and Council (game/state.pxd, game/council.pxd), Constants
    # (game/model/params.pxd), Session (game/session.pxd), dice's Stream (game/dice.pxd)
    "game/state.py",
    "game/council.py",
    "game/model/params.py",  # (Constants; the pydantic model compiled as it is)
    "game/session.py",
    "game/dice.py",
    # typed (`cython.locals`; they cimport State and Council, so are built with them)
    "game/model/beliefs.py",
    "game/model/common.py",
    "game/model/ballots.py",
    "game/model/silence.py",
    "game/model/penholder.py",
    "game/model/amendments.py",
    "game/model/rivals.py",
    "game/model/deals.py",
    "game/model/advice.py",
    "game/model/explanations.py",
    # untyped, compiled as they are
    "game/agents.py",
    "game/events.py",
    "game/rules.py",
    "game/procedure.py",
    "game/model/host.py",
]

DIRECTIVES = {
    "language_level": 3,
    "binding": True,  # functions keep __name__, __doc__, signatures: inspect and tests work
    "annotation_typing": False,  # `x: float` stays a Python object (types come from the .pxd)
    "embedsignature": True,
    "cdivision": False,  # Python's % and // (floor) semantics everywhere
}


def main() -> None:
    os.chdir(ROOT)
    if sys.argv[1:2] == ["clean_so"]:
        for so in list(Path("game").rglob("*.so")) + list(Path("game").rglob("*.c")):
            so.unlink()
            print("removed", so)
        return
    from Cython.Build import cythonize
    from setuptools import setup

    # no fused multiply-add: C must round a * b + c twice, as Python does (gcc contracts by
    # default where the target has FMA, e.g. aarch64 or -march=native, and the logs would change)
    os.environ["CFLAGS"] = os.environ.get("CFLAGS", "-O2") + " -ffp-contract=off"
    names = os.environ.get("CYTHON_MODULES")
    modules = names.split(",") if names else MODULES
    setup(
        name="penholder-compiled",
        ext_modules=cythonize(
            modules,
            compiler_directives=DIRECTIVES,
            annotate=bool(os.environ.get("CYTHON_ANNOTATE")),
            quiet=True,
        ),
        script_args=sys.argv[1:],
    )


if __name__ == "__main__":
    main()
