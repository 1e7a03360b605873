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


def test_every_module_listed_exists_and_every_declaration_file_has_its_module():
    for name in compiled.MODULES:
        assert (ROOT / (name.replace(".", "/") + ".py")).is_file(), name
    for pxd in (ROOT / "game").rglob("*.pxd"):
        name = ".".join(pxd.relative_to(ROOT).with_suffix("").parts)
        assert name in compiled.MODULES, f"{pxd.name} declares {name}, which is not compiled"
