"""The compiled engine (setup.py, game/compiled.py): the same logs as the Python engine, and
a build that is set aside, with a warning, as soon as a source it was made from changes."""

import importlib.machinery
import json
import os
import subprocess
import sys
import textwrap

import pytest

from game import compiled
from tests.conftest import DEFAULT, ROOT, TEST_COUNCIL

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


@pytest.fixture
def package(tmp_path):
    """A fake `game` package built the way setup.py builds one: every compiled module's .py,
    a .pxd, an extension file for each module, and the record of their digests."""
    pkg = tmp_path / "game"
    for name in compiled.MODULES:
        py = tmp_path / (name.replace(".", "/") + ".py")
        py.parent.mkdir(parents=True, exist_ok=True)
        py.write_text(f"# {name}\n")
        py.with_name(py.stem + SUFFIX).write_bytes(b"\x7fELF")
    (pkg / "state.pxd").write_text("cdef class State: pass\n")
    (pkg / compiled.RECORD).write_text(json.dumps({"sources": compiled.digests(pkg)}))
    return pkg


def test_a_complete_build_with_its_record_is_used(package):
    assert compiled.use_compiled(package, environ={}) == (True, "20 modules compiled with Cython")


def test_an_edited_source_sets_the_whole_build_aside(package):
    (package / "model" / "ballots.py").write_text("# edited\n")
    used, why = compiled.use_compiled(package, environ={})
    assert not used
    assert why.startswith("game/model/ballots.py changed since the engine was compiled")
    assert "pip install -e ." in why


def test_an_edited_declaration_file_counts_too(package):
    (package / "state.pxd").write_text("cdef class State: cdef int t\n")
    used, why = compiled.use_compiled(package, environ={})
    assert not used and why.startswith("game/state.pxd changed")


def test_a_new_declaration_file_counts_too(package):
    (package / "council.pxd").write_text("cdef class Council: pass\n")
    used, why = compiled.use_compiled(package, environ={})
    assert not used and why.startswith("game/council.pxd changed")


def test_a_partial_build_is_not_mixed_with_python_modules(package):
    (package / ("session" + SUFFIX)).unlink()
    used, why = compiled.use_compiled(package, environ={})
    assert not used and "game.session is not" in why


def test_a_build_without_its_record_is_not_trusted(package):
    (package / compiled.RECORD).write_text("{not json")
    used, why = compiled.use_compiled(package, environ={})
    assert not used and compiled.RECORD in why


def test_the_switch_runs_a_build_as_python(package):
    used, why = compiled.use_compiled(package, environ={compiled.SWITCH: "0"})
    assert not used and f"{compiled.SWITCH}=0" in why


def test_no_build_is_python_without_a_word_of_warning(package):
    for name in compiled.MODULES:
        compiled.extension(name, package).unlink()
    used, why = compiled.use_compiled(package, environ={})
    assert not used and why.startswith("not compiled")


def test_the_finder_loads_the_python_file_of_an_engine_module_only(package):
    finder = compiled._AsPython(package)
    spec = finder.find_spec("game.model.ballots")
    assert spec.origin == str(package / "model" / "ballots.py")
    assert isinstance(spec.loader, importlib.machinery.SourceFileLoader)
    assert finder.find_spec("game.cli") is None


def test_a_stale_build_warns_and_runs_as_python(package, monkeypatch):
    (package / "dice.py").write_text("# edited\n")
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    with pytest.warns(RuntimeWarning, match="game/dice.py changed since the engine was compiled"):
        assert compiled.install(package)[0] is False
    assert isinstance(sys.meta_path[0], compiled._AsPython)


# seeds of the default scenario, and of the test Council deadlocked (rival drafts, vetoes)
LOGS = textwrap.dedent("""
    import sys
    from game import compiled
    from game.events import log_lines
    from game.scenario import load_scenario
    from game.session import Session
    from tests.test_rivals import DEADLOCK
    print(compiled.running())
    for path, overrides in ((sys.argv[1], []), (sys.argv[2], DEADLOCK)):
        sc = load_scenario(path, overrides)
        for seed in range(5):
            s = Session(sc, seed).run()
            print("\\n".join(log_lines(s.header(), s.log)))
""")


def _logs(environ) -> list[str]:
    out = subprocess.run([sys.executable, "-c", LOGS, str(DEFAULT), str(TEST_COUNCIL)],
                         cwd=ROOT, env=environ, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


@pytest.mark.skipif(compiled.running() != "compiled",
                    reason=f"the engine is not compiled here: {compiled.use_compiled()[1]}")
def test_compiled_and_python_engines_write_the_same_logs():
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    as_compiled = _logs(env)
    as_python = _logs({**env, compiled.SWITCH: "0"})
    assert (as_compiled[0], as_python[0]) == ("compiled", "Python")
    assert len(as_compiled) > 8
    assert as_compiled[1:] == as_python[1:]


@pytest.mark.parametrize("name", compiled.MODULES)
def test_every_engine_module_imports_first_in_a_fresh_process(name):
    """Compiled modules cimport each other's types, which imports their modules at once: an
    import cycle that Python tolerates can then fail (game.model.common imported first once
    did, through game.council). Each module is imported first, in its own process."""
    out = subprocess.run([sys.executable, "-c", f"import {name}"], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    assert out.returncode == 0, out.stderr.strip().splitlines()[-1:]


def test_every_module_listed_exists_and_every_declaration_file_has_its_module():
    for name in compiled.MODULES:
        assert (ROOT / (name.replace(".", "/") + ".py")).is_file(), name
    for pxd in (ROOT / "game").rglob("*.pxd"):
        name = ".".join(pxd.relative_to(ROOT).with_suffix("").parts)
        assert name in compiled.MODULES, f"{pxd.name} declares {name}, which is not compiled"


def test_rounded_is_pythons_round_to_the_bit():
    """`common.rounded` (the log's figures rounded without CPython's decimal string when
    compiled) against `round` on 280,000 floats: random at every scale, near and exact
    halves, signed zeros, huge and non-finite values, ints. Uncompiled it is `round`."""
    import math
    import random

    from game.model.common import rounded

    rng = random.Random(2026)
    values = [0.0, -0.0, 0.5, -0.5, 1.5, 2.5, 0.125, 0.375, -0.125, 1e-300, -1e-300, 1e300,
              math.inf, -math.inf, math.nan, 2.0**52, 2.0**53 + 1, 7, -3, True]
    for _ in range(40_000):
        values.append(rng.uniform(-1.0, 1.0))
        values.append(rng.uniform(-1000.0, 1000.0) * 10.0 ** rng.randint(-8, 8))
        k, n = rng.randint(-10**6, 10**6), rng.randint(0, 4)
        values.append((k + 0.5) / 10.0**n)  # halves as the arithmetic gives them
        values.append(math.nextafter((k + 0.5) / 10.0**n, math.inf))
        values.append(k / 8.0)  # exact binary halves and quarters
        values.append(k / 2.0 ** (n + 1))  # exact halves at n decimals (k odd)
        values.append(math.nextafter(k / 2.0 ** (n + 1), -math.inf))
    for x in values:
        for n in range(5):
            got, want = rounded(x, n), round(x, n)
            assert repr(got) == repr(want) and type(got) is type(want), (x, n, got, want)
