"""Compiles the engine's hot modules with Cython when Penholder is installed (pyproject.toml
holds everything else). Optional by design: without a C compiler, with
`PENHOLDER_COMPILED=0`, or if anything fails, the install goes on and the same modules run as
Python, with the same results (game/compiled.py says which modules and why).

    pip install -e .                      # compiles (1-3 minutes), then the game runs compiled
    PENHOLDER_COMPILED=0 pip install -e . # no compiling
"""

import importlib.util
import json
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
# game/compiled.py read as a file: the module list and the digests, without importing `game`
_spec = importlib.util.spec_from_file_location("penholder_compiled", ROOT / "game" / "compiled.py")
compiled = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compiled)
MODULES, RECORD, SWITCH, digests = compiled.MODULES, compiled.RECORD, compiled.SWITCH, compiled.digests

# Cython directives: Python's semantics everywhere (floor division and modulo, no wrap-around
# indexing tricks), functions that keep their names and signatures for inspect and tests.
DIRECTIVES = {
    "language_level": 3,
    "binding": True,
    "embedsignature": True,
    "annotation_typing": False,  # types come from @cython.locals and .pxd files only
    "cdivision": False,
}
# No fused multiply-add: C must round a * b + c twice as Python does, or the logs would differ
# from the Python engine's where the target has FMA (aarch64, -march=native). -O3, as CPython
# itself is built: 7.13 -> 7.04 M instructions a negotiation (instructions.sh 60), the same logs.
C_FLAGS = ["-O3", "-ffp-contract=off"]


def say(message: str) -> None:
    print(f"penholder: {message}", file=sys.stderr)


class OptionalBuildExt(build_ext):
    """build_ext that never fails the install: on any error it removes what it built, says
    why, and leaves the engine to run as Python. On success it writes the record."""

    def initialize_options(self):
        super().initialize_options()
        self.parallel = os.cpu_count() or 1

    def build_extensions(self):
        if self.compiler.compiler_type == "unix":
            for ext in self.extensions:
                ext.extra_compile_args = [*ext.extra_compile_args, *C_FLAGS]
        super().build_extensions()

    def run(self):
        if not self.extensions:
            return
        try:
            super().run()
        except Exception as exc:  # a missing compiler, a Cython error: the install goes on
            say(f"the engine could not be compiled and will run as Python ({exc})")
            self._remove_built()
            return
        record = json.dumps({"sources": digests(ROOT / "game")}, indent=1, sort_keys=True)
        for folder in self._output_folders():
            (folder / "game").mkdir(parents=True, exist_ok=True)
            (folder / "game" / RECORD).write_text(record + "\n", encoding="utf-8")
        say(f"the engine is compiled ({len(self.extensions)} modules)")

    def _output_folders(self) -> list[Path]:
        """Where the extensions go: the build folder (for a wheel), and the source tree for an
        in-place or editable build."""
        folders = [Path(self.build_lib)]
        if self.inplace or getattr(self, "editable_mode", False):
            folders.append(ROOT)
        return folders

    def _remove_built(self):
        for ext in self.extensions:
            for folder in self._output_folders():
                target = folder / self.get_ext_filename(self.get_ext_fullname(ext.name))
                target.unlink(missing_ok=True)


def extensions() -> list:
    if os.environ.get(SWITCH, "").strip() == "0":
        say(f"{SWITCH}=0: the engine is not compiled")
        return []
    try:
        from Cython.Build import cythonize

        return cythonize(
            [name.replace(".", "/") + ".py" for name in MODULES],
            compiler_directives=DIRECTIVES,
            build_dir="build/cython",  # the generated C stays out of the source tree
            quiet=True,
            nthreads=os.cpu_count() or 1,
        )
    except Exception as exc:  # Cython missing or refusing a file: the install goes on
        say(f"the engine will run as Python: Cython could not translate it ({exc})")
        return []


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
