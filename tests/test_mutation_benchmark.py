"""benchmarks/mutation.py's mutator: every site it numbers is one change that still parses,
the numbering and the seeded sample are the same from run to run, and the worktree's files
are never written (the mutants are run in a copy; the run itself is the benchmark, not a test)."""

import ast
import importlib.util
import random
import sys

from .conftest import ROOT


def _mutation():
    spec = importlib.util.spec_from_file_location("mutation_benchmark", ROOT / "benchmarks" / "mutation.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (its dataclass looks its module up)
    spec.loader.exec_module(module)
    return module


def test_each_site_is_one_change_that_parses():
    m = _mutation()
    path = "game/rules.py"
    source = (ROOT / path).read_text(encoding="utf-8")
    original = ast.dump(ast.parse(source))
    sites = m.sites(path)
    assert len(sites) > 30 and sites == m.sites(path)
    kinds = {s.change.split(" -> ")[0] for s in sites}
    assert {"negate condition", "<", ">=", "+", "and", "in"} <= kinds, kinds
    for s in random.Random(0).sample(sites, 12):
        tree = ast.parse(m.mutated(s))
        assert ast.dump(tree) != original, s
        compile(tree, path, "exec")
    assert (ROOT / path).read_text(encoding="utf-8") == source


def test_the_tests_of_a_compiled_build_and_the_decorators_are_not_mutated():
    """`if cython.compiled:` negated would import the compiled module, and the Cython
    declarations are not behaviour: neither is a site."""
    m = _mutation()
    lines = (ROOT / "game/model/ballots.py").read_text(encoding="utf-8").splitlines()
    for s in m.sites("game/model/ballots.py"):
        line = lines[s.line - 1].strip()
        assert "cython.compiled" not in line and not line.startswith("@"), (s, line)


def test_the_sample_is_seeded(capsys):
    m = _mutation()
    listed = []
    for _ in range(2):
        assert m.main(["--list", "--mutants", "8", "--seed", "3"]) == 0
        listed.append(capsys.readouterr().out)
    assert listed[0] == listed[1] and listed[0].count("\n") == 9
    assert m.main(["--list", "--mutants", "8", "--seed", "4"]) == 0
    assert capsys.readouterr().out != listed[0]
