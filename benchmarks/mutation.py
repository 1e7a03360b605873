"""Mutation testing of the negotiation model: do the tests check its mechanisms? (issue 10 §5)

Each mutant is one small change to one module of the model (a comparison flipped or moved
across its boundary, + for -, * for /, and for or, a number replaced, a condition negated),
made in a copy of the project, never in the worktree; the chosen tests then run on the
copy as Python (PENHOLDER_COMPILED=0). A mutant the tests fail on is *killed*; one they pass
*survives*: the tests did not notice the change (or it changes nothing: an equivalent
mutant, which reading the survivor tells). The kill rate is the share killed.

    python benchmarks/mutation.py [--mutants 60] [--seed 0] [--workers 1] [--timeout SECONDS]
        [--modules PATH ...] [--tests PATH ...] [--json OUT] [--list]

The mutants are a seeded sample of every site in the modules (the same seed and modules
give the same mutants, whatever the tests), so two selections of tests can be compared on
the same mutants. Each mutant's tests stop at the first failure (`pytest -x`) and are
stopped after `--timeout` seconds (default: 3 x the unmutated run + 10 s): a timeout is
counted apart, not as a kill. The unmutated copy must pass first. The AST mutator is small
and written here (mutmut is not installed and needs no more than this); a mutated module is
written back with `ast.unparse`, so its comments are gone but its behaviour is the mutant's.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODULES = ("game/model/ballots.py", "game/model/rivals.py", "game/model/penholder.py",
           "game/model/silence.py", "game/rules.py")
"""Where the mechanisms live: the ballot, rival drafts, the penholder's choices (and its
co-penholders'), silence, and the Charter's rules."""

TESTS = ("tests/test_mechanisms.py",)

MAX_WORKERS = 2  # (the machine has 2 cores, shared)

# the operators: what each node becomes
_COMPARE_FLIP = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE, ast.Eq: ast.NotEq,
                 ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
_COMPARE_EDGE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt}
_BINOP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
_BOOLOP = {ast.And: ast.Or, ast.Or: ast.And}
_SYMBOL = {ast.Lt: "<", ast.Gt: ">", ast.LtE: "<=", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
           ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in", ast.Add: "+",
           ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.And: "and", ast.Or: "or"}


@dataclass(frozen=True)
class Site:
    """One mutation: the `index`-th site of `module` in the mutator's walk, where it is
    (`line`) and what it changes (`change`, e.g. "< -> <=")."""

    module: str
    index: int
    line: int
    change: str


class _Mutator(ast.NodeTransformer):
    """Walks a module in a fixed order, numbering every site; with `target`, makes that one
    change and leaves the rest. Skips decorators (Cython's declarations), docstrings, and
    the tests of `cython.compiled` (negated, the module would import the compiled one)."""

    def __init__(self, target: int | None = None):
        self.target = target
        self.sites: list[tuple[int, str]] = []
        self.done = False

    def _site(self, node, change: str) -> bool:
        """Number a site; True if it is the one to change."""
        self.sites.append((node.lineno, change))
        return len(self.sites) - 1 == self.target

    def _visit_decorated(self, node):
        # (the decorators and annotations are not visited; the defaults are code)
        for default in [*node.args.defaults, *[d for d in node.args.kw_defaults if d is not None]]:
            self.visit(default)
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:]
        for stmt in body:
            self.visit(stmt)
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = _visit_decorated

    def visit_ClassDef(self, node):
        for stmt in node.body:
            self.visit(stmt)
        return node

    def _negate(self, node):
        if "cython.compiled" in ast.unparse(node.test):
            return
        if self._site(node, "negate condition"):
            node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
            self.done = True

    def visit_If(self, node):
        self._negate(node)
        self.generic_visit(node)
        return node

    visit_While = visit_IfExp = visit_If

    def visit_Compare(self, node):
        self.generic_visit(node)
        for k, op in enumerate(node.ops):
            for table in (_COMPARE_FLIP, _COMPARE_EDGE):
                new = table.get(type(op))
                if new is not None and self._site(node, f"{_SYMBOL[type(op)]} -> {_SYMBOL[new]}"):
                    node.ops = [*node.ops[:k], new(), *node.ops[k + 1:]]
                    self.done = True
        return node

    def visit_BinOp(self, node):
        self.generic_visit(node)
        new = _BINOP.get(type(node.op))
        if new is not None and self._site(node, f"{_SYMBOL[type(node.op)]} -> {_SYMBOL[new]}"):
            node.op = new()
            self.done = True
        return node

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        new = _BINOP.get(type(node.op))
        if new is not None and self._site(node, f"{_SYMBOL[type(node.op)]}= -> {_SYMBOL[new]}="):
            node.op = new()
            self.done = True
        return node

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        new = _BOOLOP[type(node.op)]
        if self._site(node, f"{_SYMBOL[type(node.op)]} -> {_SYMBOL[new]}"):
            node.op = new()
            self.done = True
        return node

    def visit_Constant(self, node):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return node
        new = type(value)(0 if value != 0 else 1)
        if self._site(node, f"{value!r} -> {new!r}"):
            self.done = True
            return ast.copy_location(ast.Constant(new), node)
        return node


def sites(module: str) -> list[Site]:
    """Every mutation site of `module` (a path from the project's root), in walk order."""
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    m = _Mutator()
    m.visit(tree)
    return [Site(module, k, line, change) for k, (line, change) in enumerate(m.sites)]


def mutated(site: Site) -> str:
    """The source of `site.module` with that one change."""
    tree = ast.parse((ROOT / site.module).read_text(encoding="utf-8"))
    m = _Mutator(site.index)
    tree = m.visit(tree)
    assert m.done and m.sites[site.index] == (site.line, site.change), site
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def _copy_project(dest: Path) -> None:
    """What the tests need, without the build products (the engine runs as Python) or git."""
    ignore = shutil.ignore_patterns("*.so", "*.c", "_compiled.json", "__pycache__", "build", "*.egg-info")
    for name in ("game", "tests", "scenarios", "assets", "docs", "benchmarks", "scripts"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    for name in ("main.py", "pyproject.toml", "README.md", "setup.py"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)


def _env(workdir: Path) -> dict:
    env = dict(os.environ)
    env.update(PYTHONPATH=str(workdir), PENHOLDER_COMPILED="0", PYTHONDONTWRITEBYTECODE="1",
               OPENBLAS_NUM_THREADS="1", SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    return env


def run_tests(workdir: Path, tests, timeout: float | None) -> tuple[str, float]:
    """('passed' | 'failed' | 'timeout', seconds) of the tests on the copy in `workdir`."""
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=workdir, env=_env(workdir), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:  # (subprocess.run kills the child)
        return "timeout", time.perf_counter() - t0
    return ("passed" if proc.returncode == 0 else "failed"), time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mutants", type=int, default=60, help="how many mutants (a seeded sample; 0: all)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=1, help=f"parallel mutants (at most {MAX_WORKERS})")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds per mutant (default: 3 x the unmutated run + 10)")
    ap.add_argument("--modules", nargs="+", default=list(MODULES), help="modules to mutate (paths)")
    ap.add_argument("--tests", nargs="+", default=list(TESTS), help="pytest arguments: the selection")
    ap.add_argument("--json", type=Path, help="write every mutant and its result here")
    ap.add_argument("--list", action="store_true", help="list the sampled mutants and stop")
    args = ap.parse_args(argv)
    if not 1 <= args.workers <= MAX_WORKERS:
        ap.error(f"--workers: 1 to {MAX_WORKERS}")
    if args.mutants < 0:
        ap.error("--mutants: 0 (all) or more")
    for module in args.modules:
        if not (ROOT / module).is_file():
            ap.error(f"--modules: no file {module}")

    every = [s for module in args.modules for s in sites(module)]
    chosen = every if not args.mutants or args.mutants >= len(every) else \
        sorted(random.Random(args.seed).sample(every, args.mutants), key=lambda s: (s.module, s.index))
    print(f"{len(chosen)} mutants of {len(every)} sites in {', '.join(args.modules)} (seed {args.seed})")
    if args.list:
        for s in chosen:
            print(f"  {s.module}:{s.line}: {s.change}")
        return 0

    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="penholder-mutation-") as tmp:
        workdirs = []
        for k in range(args.workers):
            d = Path(tmp) / f"w{k}"
            _copy_project(d)
            workdirs.append(d)
        status, base = run_tests(workdirs[0], args.tests, None)
        print(f"tests: {' '.join(args.tests)}; unmutated: {status} in {base:.1f} s")
        if status != "passed":
            print("the tests fail on the unmutated copy: nothing to measure", file=sys.stderr)
            return 1
        timeout = args.timeout if args.timeout is not None else 3 * base + 10
        free = list(workdirs)
        lock = threading.Lock()

        def one(site: Site) -> dict:
            with lock:
                d = free.pop()
            target = d / site.module
            original = target.read_bytes()
            try:
                target.write_text(mutated(site), encoding="utf-8")
                result, seconds = run_tests(d, args.tests, timeout)
            finally:
                target.write_bytes(original)
                with lock:
                    free.append(d)
            return asdict(site) | {"result": {"failed": "killed", "passed": "survived"}.get(result, result),
                                   "seconds": round(seconds, 2)}

        with ThreadPoolExecutor(args.workers) as pool:
            results = list(pool.map(one, chosen))
    elapsed = time.perf_counter() - t_start

    killed = sum(r["result"] == "killed" for r in results)
    survived = [r for r in results if r["result"] == "survived"]
    timeouts = [r for r in results if r["result"] == "timeout"]
    print(f"mutants {len(results)}, killed {killed}, survived {len(survived)}, timeouts {len(timeouts)}")
    print(f"kill rate {killed / max(1, len(results)):.0%} ({killed}/{len(results)}); "
          f"time {elapsed:.0f} s ({args.workers} worker{'s' if args.workers > 1 else ''}, timeout {timeout:.0f} s)")
    for title, rows in (("survived", survived), ("timed out", timeouts)):
        if rows:
            print(f"{title}:")
            for r in rows:
                print(f"  {r['module']}:{r['line']}: {r['change']}")
    if args.json:
        args.json.write_text(json.dumps({"tests": args.tests, "modules": args.modules, "seed": args.seed,
                                         "sites": len(every), "unmutated_seconds": round(base, 2),
                                         "timeout": timeout, "seconds": round(elapsed, 1),
                                         "mutants": results}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
