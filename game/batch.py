"""Batches: thousands of AI-only negotiations, their statistics, and plots.

    python main.py batch --scenario scenarios/minusma_2021.yaml --runs 2000 --seed 7 --out results/b

Run i of a batch plays with ``SeedSequence(S, spawn_key=(i,))`` (the i-th child of
``SeedSequence(S)``), so the results do not depend on the number of workers, on the
backend, or on where an interrupted batch was resumed, and any run replays alone
(``python main.py run --scenario PATH --seed S --run i``, or `replay_run`).

Work is cut into chunks of consecutive run indexes. A worker process builds the scenario,
one `Procedure` machine and one `Council` once, and reuses them for every run of every
chunk it gets (a run pays for its own negotiation only: benchmarks/bench_engine.py times
that), with the garbage collector paused while it plays a chunk (`collector_paused`). Finished
chunks are appended to ``DIR/runs.jsonl`` as they come back (in any order); at the end
one pass over that file, in run order, writes ``DIR/runs.csv`` and feeds the streaming
`game.stats.Summariser` (counters, so memory stays flat as N grows), which gives
``DIR/summary.json`` -- byte-identical whatever the workers, the backend or the
interruptions. ``DIR/batch.json`` records what the batch is (scenario hash, N, S,
overrides) so that ``--resume`` refuses a different command.

Python entry points: `run_batch` (what the command runs), `batch_from_log` (N
continuations of a saved session: the game's live odds and debrief), `run_sweep`.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import gc
import hashlib
import json
import math
import multiprocessing as mp
import os
import re
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from game import __version__, events
from game.bounds import MAX_RUNS, MAX_SEED, WORKERS_PER_CORE, cores, max_workers
from game.errors import Problem, ScenarioError
from game.events import atomic_file, write_atomic
from game.i18n import reader
from game.stats import OUTCOMES, Summariser
from game.workers import die_with_parent

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no folder lock
    fcntl = None

MANIFEST = "batch.json"
RUNS_JSONL = "runs.jsonl"
RUNS_CSV = "runs.csv"
SUMMARY = "summary.json"
SWEEP_MANIFEST = "sweep.json"
SWEEP_CSV = "sweep.csv"
SWEEP_PNG = "sweep.png"
LOCK = ".penholder-batch.lock"  # held (flock) by the batch writing the folder
BATCH_FORMAT = "penholder-batch"
BATCH_VERSION = 1
MAX_CHUNK = 200
MIN_CHUNK = 10
# 'fork' starts a worker in milliseconds with the scenario already parsed; 'spawn' pays
# ~0.5 s of imports per worker (see docs/batch.md for the figures).
START_METHOD = "fork" if "fork" in mp.get_all_start_methods() else "spawn"


class BatchError(Exception):
    """A bad argument, scenario or output folder: reported before any work starts."""


class BatchFailed(Exception):
    """The batch stopped part-way (a worker died, the cluster went away): what is done
    is on disk, and ``--resume`` goes on from there."""


class BatchInterrupted(Exception):  # noqa: N818 - named for what happened (Ctrl-C)
    """Ctrl-C: the finished runs are on disk; ``--resume`` goes on from there."""

    def __init__(self, done: int, total: int):
        super().__init__(f"interrupted after {done:,} of {total:,} runs")
        self.done, self.total = done, total


# ----------------------------------------------------------------------------- the work


@dataclass(frozen=True)
class Job:
    """What a worker needs to run any chunk of a batch: small and picklable (it travels
    with every chunk, to local processes and to Dask workers alike)."""

    key: str  # identifies the job in a worker's cache
    seed: int
    scenario: dict | None = None  # scenario_to_data() of the (overridden) scenario
    header: dict | None = None  # or a saved session: its header...
    events: tuple = ()  # ...its events as JSON dicts...
    at: int | None = None  # ...and the event to continue from (None: the end)


_local = threading.local()  # per thread: Dask's threaded workers share a process


def _context(job: Job) -> tuple:
    cached = getattr(_local, "cache", None)
    if cached is None or cached[0] != job.key:
        cached = (job.key, _build(job))
        _local.cache = cached
        # what every run reads (the scenario, the Council's tables, the modules) lives as
        # long as the worker: kept out of the collector's passes, which otherwise walk it
        # again and again (benchmarks/bench_engine.py: ~8% of a negotiation, compiled)
        gc.freeze()
    return cached[1]


def _build(job: Job) -> tuple:
    if job.header is not None:
        from game.events import Event

        return ("log", job.header, [Event.from_json(e) for e in job.events])
    from game.council import Council
    from game.procedure import Procedure
    from game.scenario import scenario_from_data

    sc = scenario_from_data(job.scenario, source="<batch>")
    return ("scenario", sc, Procedure(), Council(sc))


def _play(ctx: tuple, job: Job, i: int) -> dict:
    """Run i of the batch, as a `game.stats.run_row`."""
    if ctx[0] == "log":
        from game.continuations import iter_continuations

        _, header, events = ctx
        return next(iter_continuations(header, events, job.at, 1, job.seed, start=i))
    from game.session import Session
    from game.stats import run_row

    _, sc, procedure, council = ctx
    child = np.random.SeedSequence(job.seed, spawn_key=(i,))
    return run_row(Session(sc, child, procedure=procedure, council=council).run().state)


def _error_text(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    text = f"{type(exc).__name__}: {exc}".replace("\n", " ")
    return f"{text} (at {where})" if where else text


def _dumps(row: dict) -> str:
    # one line whatever the text (U+2028 and its kind escaped: game.events.dumps)
    return events.dumps(row, sort_keys=False)


@contextlib.contextmanager
def collector_paused():
    """The garbage collector's automatic passes paused while runs are played, and one
    explicit pass at the end. A negotiation makes no reference cycles: reference counting
    frees all of it as soon as it ends (`tests/test_batch.py` holds the engine to that), so
    the passes the allocations would trigger find nothing and only cost time (about 3% of a
    negotiation, compiled: docs/speed.md). The end's pass keeps memory bounded should a
    cycle ever appear; the collector's state is restored (a Dask worker's threads share it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0)
        if was_enabled:
            gc.enable()


def run_chunk(job: Job, start: int, stop: int) -> tuple[int, int, str, int]:
    """Runs start..stop-1 as JSON lines. A run that raises becomes a row with its error
    (and its seed: every row has ``run`` and ``seed``), and the chunk goes on."""
    ctx = _context(job)
    lines = []
    errors = 0
    with collector_paused():
        for i in range(start, stop):
            try:
                row = _play(ctx, job, i)
            except Exception as exc:  # noqa: BLE001 - recorded in the row; the batch goes on
                errors += 1
                row = {"error": _error_text(exc)}
            lines.append(_dumps({"run": i, "seed": job.seed, **row}))
    return start, stop, "\n".join(lines) + "\n", errors


def _probe() -> str:
    """Run on a Dask worker before the batch: can it import the game, which version?"""
    return __version__


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _worker_init() -> None:
    _ignore_sigint()
    die_with_parent()


# ------------------------------------------------------------------------------ planning


@dataclass
class Plan:
    """A validated batch: everything checked before any work starts."""

    out: Path
    runs: int
    seed: int
    job: Job
    scenario: Any  # game.schema.Scenario
    manifest: dict
    label: str  # for progress and messages


def _normal_path(text: str) -> list[str]:
    return [t for t in re.split(r'[.\[\]"]+', text) if t.strip()]


def _relocate(exc: ScenarioError, scenario_file: str, sources: list[tuple[str, int, str]]) -> ScenarioError:
    """Problems caused by command-line assignments are reported at the assignment
    (``--set:2: members.CHN.salience.climate: ...``), not at the file's line.
    `sources` lists (label, number, assignment) in the order given to load_scenario."""
    by_path = {}
    for label, n, assignment in sources:
        by_path.setdefault(tuple(_normal_path(assignment.partition("=")[0])), (label, n))
    out = []
    for p in exc.problems:
        if p.file == "--set" and 1 <= p.line <= len(sources):
            label, n, _ = sources[p.line - 1]
            out.append(Problem(label, n, p.path, p.message))
            continue
        hit = by_path.get(tuple(_normal_path(p.path))) if p.file == scenario_file else None
        out.append(Problem(hit[0], hit[1], p.path, p.message) if hit else p)
    return ScenarioError(out)


_INJECT_RE = re.compile(r"^\s*([A-Za-z0-9_]+)\s*@\s*(\d{4}-\d{2}-\d{2})\s*$")


def inject_overrides(injects: Sequence[str]) -> list[str]:
    """``ID@YYYY-MM-DD`` -> ``events[ID].date=YYYY-MM-DD`` (validated with the scenario:
    the event must exist and the day fall between the zero draft and the expiry)."""
    problems, out = [], []
    for n, text in enumerate(injects, 1):
        m = _INJECT_RE.match(text)
        if not m:
            problems.append(Problem("--inject", n, text.strip() or "(empty)",
                                    "expected EVENT_ID@YYYY-MM-DD, e.g. host_letter_what_if@2021-06-21"))
            continue
        out.append(f"events[{m.group(1)}].date={m.group(2)}")
    if problems:
        raise ScenarioError(problems)
    return out


def _load(path: str, overrides: Sequence[str], injects: Sequence[str],
          extra: Sequence[tuple[str, int, str]] = ()):
    from game.scenario import load_scenario

    assignments = list(overrides) + inject_overrides(injects) + [a for _l, _n, a in extra]
    sources = ([("--set", n, a) for n, a in enumerate(overrides, 1)]
               + [("--inject", n, a) for n, a in enumerate(inject_overrides(injects), 1)]
               + list(extra))
    try:
        return load_scenario(path, assignments)
    except ScenarioError as exc:
        raise _relocate(exc, os.fspath(path), sources) from None


def _check_numbers(runs: int, seed: int, workers: int | None, chunk_size: int | None) -> None:
    problems = []
    if not isinstance(runs, int) or runs <= 0:
        problems.append(f"--runs must be a whole number above 0, got {runs}")
    elif runs > MAX_RUNS:
        problems.append(f"--runs {runs}: at most {MAX_RUNS:,} runs in one batch "
                        "(split it into batches with different --seed)")
    if not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        problems.append(f"--seed must be a whole number from 0 to 2**64-1, got {seed}")
    if workers is not None and (not isinstance(workers, int) or workers <= 0):
        problems.append(f"--workers must be a whole number above 0, got {workers}")
    elif workers is not None and workers > max_workers():
        problems.append(f"--workers {workers}: at most {max_workers()} on this machine "
                        f"({WORKERS_PER_CORE} per core; more processes only cost memory)")
    if chunk_size is not None and (not isinstance(chunk_size, int) or chunk_size <= 0):
        problems.append(f"chunk size must be above 0, got {chunk_size}")
    if problems:
        raise BatchError("\n".join(problems))


def _read_log(log) -> tuple[dict, list]:
    from game.events import Event, LogError
    from game.replay import load_log  # the one log reader of every command

    if isinstance(log, tuple):
        header, events = log
        return header, [e if isinstance(e, Event) else Event.from_json(e) for e in events]
    try:
        loaded = load_log(log)
        return loaded.header, loaded.events
    except LogError as exc:
        raise BatchError(f"--from-log: {exc}") from None


def plan_batch(scenario: str | os.PathLike | None, runs: int, seed: int, out, *,
               overrides: Sequence[str] = (), injects: Sequence[str] = (),
               from_log=None, at: int | None = None,
               extra: Sequence[tuple[str, int, str]] = ()) -> Plan:
    """Validate everything (raises `BatchError` or `ScenarioError`) and build the job."""
    from game.scenario import scenario_hash, scenario_to_data

    _check_numbers(runs, seed, None, None)
    if from_log is not None:
        if overrides or injects or extra:
            raise BatchError("--from-log continues a saved session with its own scenario: "
                             "--set, --sweep and --inject do not apply")
        from game.replay import ReplayError, restore, scenario_of

        header, events = _read_log(from_log)
        if at is not None and not 0 <= at <= len(events):
            raise BatchError(f"--at {at}: the log has events 1 to {len(events)} "
                             f"(--at 0 starts from the beginning, no --at from the end)")
        try:
            sc, _data = scenario_of(header)
            restore(header, events, at)  # the log replays up to there
        except (ReplayError, ScenarioError) as exc:
            raise BatchError(f"--from-log: {exc}") from None
        lines = [_dumps(header)] + [_dumps(e.to_json()) for e in events]
        log_hash = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        job = Job(key=f"log:{log_hash}:{at}", seed=seed, header=header,
                  events=tuple(e.to_json() for e in events), at=at)
        source = {"log": os.fspath(from_log) if not isinstance(from_log, tuple) else "<events>",
                  "log_hash": log_hash, "at": at}
        label = _count(runs, "continuation")
    else:
        if scenario is None:
            raise BatchError("--scenario is needed (or --from-log)")
        if not Path(scenario).is_file():
            raise BatchError(f"--scenario {scenario}: no such file")
        sc = _load(os.fspath(scenario), overrides, injects, extra)
        data = scenario_to_data(sc)
        digest = scenario_hash(data)
        job = Job(key=f"scenario:{digest}", seed=seed, scenario=data)
        source = {"scenario": os.fspath(scenario), "overrides": list(overrides),
                  "injects": list(injects)}
        label = _count(runs, "run")
    manifest = {
        "format": BATCH_FORMAT,
        "version": BATCH_VERSION,
        "package": __version__,
        "scenario_id": sc.id,
        "scenario_hash": scenario_hash(sc),
        "runs": runs,
        "seed": seed,
        **source,
        **({"sweep": [a for _l, _n, a in extra]} if extra else {}),
    }
    return Plan(Path(out), runs, seed, job, sc, manifest, label)


_COMPARED = ("format", "version", "package", "scenario_hash", "runs", "seed", "overrides",
             "injects", "sweep", "log_hash", "at")


def _check_manifest(plan: Plan, resume: bool) -> None:
    path = plan.out / MANIFEST
    if not resume:
        if path.exists() or (plan.out / RUNS_JSONL).exists():
            raise BatchError(f"{plan.out} already holds a batch: add --resume to continue it, "
                             f"or choose another --out")
        return
    if not path.exists():
        raise BatchError(f"--resume: {plan.out} holds no batch to resume (no {MANIFEST})")
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BatchError(f"--resume: cannot read {path}: {exc}") from None
    diffs = [f"  {k}: the batch in {plan.out} has {old.get(k)!r}, this command {plan.manifest.get(k)!r}"
             for k in _COMPARED if old.get(k) != plan.manifest.get(k)]
    if diffs:
        raise BatchError("--resume: this command is not the batch in "
                         f"{plan.out} (a resumed batch must repeat the same arguments):\n"
                         + "\n".join(diffs))


# ------------------------------------------------------------------------------- locking


class _Held:
    pid = ""


@contextlib.contextmanager
def lock_folder(out: Path):
    """Hold an OS lock (flock) on ``out/.penholder-batch.lock`` while a batch writes the
    folder: a second batch on the same --out is refused at once (instead of both passing
    the "already holds a batch" check and mixing their rows). The lock goes with the
    process, so a killed batch leaves nothing to clean up by hand. Creates `out`."""
    out = Path(out)
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise BatchError(f"--out {out}: a file is in the way (--out is a folder)") from None
    except OSError as exc:
        raise BatchError(f"--out {out}: cannot create the folder: {exc.strerror or exc}") from None
    if not out.is_dir():
        raise BatchError(f"--out {out}: a file is in the way (--out is a folder)")
    path = out / LOCK
    fd = -1
    try:
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise BatchError(f"--out {out}: cannot write there: {exc.strerror or exc}") from None
            if fcntl is None:  # pragma: no cover - not POSIX
                break
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                try:
                    pid = os.read(fd, 32).decode("ascii", "replace").strip()
                except OSError:
                    pid = ""
                os.close(fd)
                fd = -1
                who = f" (process {pid})" if pid.isdigit() else ""
                raise BatchError(f"{out} is in use by another batch{who}: wait for it to end, "
                                 "or choose another --out") from None
            try:  # the file we locked is still the one at `path` (not one just removed)
                if os.fstat(fd).st_ino == os.stat(path).st_ino:
                    break
            except FileNotFoundError:
                pass
            os.close(fd)
            fd = -1
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield out
    finally:
        if fd >= 0:
            with contextlib.suppress(OSError):
                path.unlink()
            os.close(fd)
        if created:
            with contextlib.suppress(OSError):
                out.rmdir()  # only if the batch left it empty (refused before any work)


_OUR_TMP = re.compile(r"^\.(?:batch\.json|runs\.jsonl|runs\.csv|summary\.json|sweep\.json|sweep\.csv"
                      r"|[A-Za-z0-9_]+\.png)\..+\.tmp$")


def _clean_tmp(out: Path) -> list[str]:
    """Remove the temporary files a killed batch left in `out` (its atomic writes:
    ``.runs.csv.XXXX.tmp``...). Called with the folder's lock held, so none is in use."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(out):
            if entry.is_file(follow_symlinks=False) and _OUR_TMP.match(entry.name):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return removed


# ------------------------------------------------------------------------------- running


_ROW_KEYS = ("outcome", "vote_on", "tally", "votes", "silences", "breakers", "rounds", "revisions",
             "days", "blue_day", "final_text", "explanations", "injected")


def _row_run(line: bytes, runs: int, seed: int) -> int:
    """The run number of a whole, well-formed line of runs.jsonl; ValueError if the line
    is damaged anywhere (cut short, bytes changed, a key missing, another batch's seed)."""
    if not line.endswith(b"\n"):
        raise ValueError("cut short (no end of line)")
    row = json.loads(line)
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    i = row.get("run")
    if type(i) is not int or not 0 <= i < runs:
        raise ValueError(f"run {i!r} is not a run of this batch (0 to {runs - 1})")
    if row.get("seed") != seed:
        raise ValueError(f"seed {row.get('seed')!r}, the batch's is {seed}")
    if "error" in row:
        if not isinstance(row["error"], str):
            raise ValueError("error is not a text")
    elif not all(k in row for k in _ROW_KEYS):
        raise ValueError("fields missing: " + ", ".join(k for k in _ROW_KEYS if k not in row))
    return i


@dataclass
class Scan:
    """What `_scan` found in runs.jsonl."""

    offsets: np.ndarray  # byte offset of each run's line (-1: not done)
    damaged: list[int]  # line numbers (from 1) of damaged lines, in file order
    damaged_bytes: int
    first_problem: str = ""

    def describe(self, path: Path) -> str:
        n = len(self.damaged)
        if n == 1:
            return f"{path}: line {self.damaged[0]} is damaged ({self.first_problem})"
        where = ", ".join(map(str, self.damaged[:5])) + (", ..." if n > 5 else "")
        return (f"{path}: {n} lines are damaged (lines {where}; line {self.damaged[0]}: "
                f"{self.first_problem})")


def _scan(path: Path, runs: int, seed: int, repair: bool) -> Scan:
    """Which runs runs.jsonl holds, reading every line whole: a line that is cut short or
    damaged anywhere does not count as done. With `repair`, damaged lines are removed
    from the file (those runs are done again): a damaged tail is cut off; damage earlier
    rewrites the file without those lines (atomically)."""
    offsets = np.full(runs, -1, dtype=np.int64)
    scan = Scan(offsets, [], 0)
    if not path.exists():
        return scan
    pos = 0
    first_bad = -1  # offset of the first damaged line
    with open(path, "rb") as fh:
        for n, line in enumerate(fh, 1):
            try:
                i = _row_run(line, runs, seed)
            except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
                if not scan.damaged:
                    first_bad = pos
                    scan.first_problem = str(exc)[:160]
                scan.damaged.append(n)
                scan.damaged_bytes += len(line)
            else:
                if offsets[i] < 0:
                    offsets[i] = pos
            pos += len(line)
    if scan.damaged and repair:
        if first_bad + scan.damaged_bytes == pos:  # only a damaged tail: cut it off
            with open(path, "r+b") as fh:
                fh.truncate(first_bad)
        else:
            _rewrite_without(path, set(scan.damaged))
        scan.offsets = _scan(path, runs, seed, repair=False).offsets
    return scan


def _rewrite_without(path: Path, drop: set[int]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
            for n, line in enumerate(src, 1):
                if n not in drop:
                    out.write(line)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _chunks(todo: np.ndarray, size: int) -> list[tuple[int, int]]:
    """Consecutive ranges of the run indexes still to do, at most `size` long."""
    out = []
    if todo.size == 0:
        return out
    breaks = np.flatnonzero(np.diff(todo) != 1) + 1
    for seg in np.split(todo, breaks):
        a, b = int(seg[0]), int(seg[-1]) + 1
        out.extend((s, min(s + size, b)) for s in range(a, b, size))
    return out


def default_workers() -> int:
    return cores()


def chunk_size_for(todo: int, workers: int) -> int:
    """About eight chunks per worker (even load, a lively progress bar), 10 to 200 runs."""
    return max(MIN_CHUNK, min(MAX_CHUNK, math.ceil(todo / (workers * 8))))


def show_progress() -> bool:
    ci = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
    return sys.stderr.isatty() and not ci


class _Progress:
    """The progress bar on a terminal (tqdm), in the reader's language: "200 runs: 45%|...|
    90/200 [00:02<00:03, 37.5run/s]", "200 simulations : 45 %|...| 90/200 [00:02<00:03,
    37,5 simulations/s]"."""

    def __init__(self, enabled: bool, total: int, initial: int, desc: str, lang: str = "en",
                 unit: str | None = None):
        """`unit`: what is counted, in `lang` (default: runs, "run", " simulations")."""
        self.bar = None
        if enabled:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: the plots fork a pool afterwards
            if lang == "en":
                self.bar = tqdm(total=total, initial=initial, desc=desc, unit=unit or "run", smoothing=0.05,
                                dynamic_ncols=True, file=sys.stderr)
            else:
                from game.i18n import NBSP, Tongue

                tongue = Tongue(lang)
                unit = unit or " " + tongue.ngettext("{n} run", "{n} runs", 2).format(n="").strip()
                self.bar = _localised_bar(tqdm)(
                    total=total, initial=initial, desc=desc + NBSP,  # (tqdm puts ": " after it: "200 simulations :")
                    unit=unit, smoothing=0.05, dynamic_ncols=True, file=sys.stderr)

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _localised_bar(tqdm):
    """A tqdm bar whose figures read as French writes them (45 %, 37,5 simulations/s):
    tqdm writes its line in English figures, this rewrites them as it is drawn."""
    decimal = re.compile(r"(?<=\d)\.(?=\d)")
    percent = re.compile(r"(?<=\d)%")

    class Bar(tqdm):
        @staticmethod
        def format_meter(*args, **kwargs):
            line = tqdm.format_meter(*args, **kwargs)
            return percent.sub("\u00a0%", decimal.sub(",", line))

    return Bar


class _StopFlag:
    """The first Ctrl-C asks the batch to stop after writing what is done; a second one
    stops at once."""

    def __init__(self, install: bool):
        self.stop = False
        self.previous = None
        self.install = install and threading.current_thread() is threading.main_thread()

    def __enter__(self):
        if self.install:
            self.previous = signal.signal(signal.SIGINT, self._handler)
        return self

    def _handler(self, signum, frame):
        if self.stop:
            raise KeyboardInterrupt
        self.stop = True

    def __exit__(self, *exc):
        if self.install:
            signal.signal(signal.SIGINT, self.previous)
        return False


def _executor(backend: str, workers: int, address: str | None):
    """(executor, closer) for the backend. Local: a process pool; dask: the cluster's
    concurrent.futures-style executor."""
    if backend == "dask":
        try:
            from dask.distributed import Client
        except ImportError:
            raise BatchError("--backend dask needs dask.distributed, an optional extra: "
                             "pip install 'penholder[dask]' (or pip install 'dask[distributed]')") from None
        try:
            client = Client(address, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"--address {address}: cannot reach a Dask scheduler there ({exc})") from None
        try:
            versions = set(client.run(_probe).values())
            if not versions:
                raise BatchError(f"the Dask cluster at {address} has no workers yet")
        except BatchError:
            client.close()
            raise
        except Exception as exc:  # noqa: BLE001 - a worker that cannot import the game
            client.close()
            raise BatchError(f"the Dask workers at {address} cannot run the game ({exc}); "
                             "install it on every worker: pip install -e /path/to/penholder") from None
        if versions != {__version__}:
            client.close()
            raise BatchError(f"the Dask workers run penholder {', '.join(sorted(versions))}, "
                             f"this is {__version__}: install the same version everywhere")
        return client.get_executor(pure=False), client.close
    ctx = mp.get_context(START_METHOD)
    pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init)
    return pool, lambda: None


def _shutdown(pool) -> None:
    """Wait for running chunks, drop queued ones (Dask's executor has no cancel_futures)."""
    if isinstance(pool, cf.ProcessPoolExecutor):
        pool.shutdown(wait=True, cancel_futures=True)
    else:
        pool.shutdown(wait=True)


def _execute(plan: Plan, *, workers: int, backend: str, address: str | None, resume: bool,
             progress: bool, chunk_size: int | None, handle_interrupt: bool,
             echo: Callable[[str], None], lang: str = "en") -> None:
    from game.i18n import Tongue

    tongue = Tongue(lang)
    _ = tongue.gettext
    jsonl = plan.out / RUNS_JSONL
    scan = _scan(jsonl, plan.runs, plan.seed, repair=False)
    offsets = scan.offsets
    done = int((offsets >= 0).sum())
    todo = np.flatnonzero(offsets < 0)
    del offsets
    size = chunk_size or chunk_size_for(max(1, int(todo.size)), workers)
    chunks = _chunks(todo, size)
    inline = not chunks or (backend == "local" and workers == 1)
    # connect first: a cluster that cannot be reached leaves nothing behind
    pool, close = (None, None) if inline else _executor(backend, min(workers, len(chunks)), address)
    try:
        plan.out.mkdir(parents=True, exist_ok=True)
        if scan.damaged:  # a kill mid-write, or a damaged disk: those runs are done again
            _scan(jsonl, plan.runs, plan.seed, repair=True)
            echo("warning: " + _("{damage}: removed; those runs are done again").format(damage=scan.describe(jsonl)))
        if resume:
            echo(_("resuming {out}: {done} of {runs} already done").format(
                out=plan.out, done=tongue.whole(done),
                runs=tongue.ngettext("{n} run", "{n} runs", plan.runs).format(n=tongue.whole(plan.runs))))
        else:
            _write_text(plan.out / MANIFEST, json.dumps(plan.manifest, indent=2) + "\n")
        if chunks:
            _run_chunks(plan, chunks, pool, done, progress, handle_interrupt, lang)
    finally:
        if pool is not None:
            _shutdown(pool)
            close()


def _run_chunks(plan: Plan, chunks: list[tuple[int, int]], pool, done: int, progress: bool,
                handle_interrupt: bool, lang: str = "en") -> None:
    jsonl = plan.out / RUNS_JSONL
    n_done = done
    failure = None
    bar = _Progress(False, 0, 0, "")
    with open(jsonl, "a", encoding="utf-8") as fh, _StopFlag(handle_interrupt) as flag:

        def write(result) -> None:
            nonlocal n_done
            start, stop, text, _errors = result
            fh.write(text)
            fh.flush()
            n_done += stop - start
            bar.update(stop - start)

        try:
            if pool is None:
                bar = _Progress(progress, plan.runs, done, plan.label, lang)
                for start, stop in chunks:
                    if flag.stop:
                        break
                    write(run_chunk(plan.job, start, stop))
            else:
                pending = {pool.submit(run_chunk, plan.job, a, b) for a, b in chunks}
                bar = _Progress(progress, plan.runs, done, plan.label, lang)  # after the fork
                while pending and not flag.stop and failure is None:
                    finished, pending = cf.wait(pending, timeout=0.25, return_when=cf.FIRST_COMPLETED)
                    for fut in finished:
                        try:
                            write(fut.result())
                        except Exception as exc:  # noqa: BLE001 - a chunk that could not run
                            failure = exc
                if pending:  # stopping: keep what finishes, drop the rest
                    for fut in pending:
                        fut.cancel()
                    _shutdown(pool)
                    for fut in pending:
                        if fut.done() and not fut.cancelled() and fut.exception() is None:
                            write(fut.result())
        except KeyboardInterrupt:  # a second Ctrl-C, or no handler installed
            flag.stop = True
        finally:
            fh.flush()
            os.fsync(fh.fileno())
            bar.close()
    if failure is not None:
        raise BatchFailed(f"a chunk of runs could not run: {type(failure).__name__}: {failure}; "
                          f"{n_done:,} of {plan.runs:,} runs are saved in {jsonl}")
    if flag.stop:
        raise BatchInterrupted(n_done, plan.runs)


# ----------------------------------------------------------------------------- finishing


def _write_text(path: Path, text: str) -> None:
    write_atomic(path, text)


def csv_columns(scenario) -> list[str]:
    from game.council import Council

    members = Council(scenario).ids
    k = scenario.calendar.max_silences
    return (["run", "seed", "outcome", "vote_on", "tally"]
            + [f"vote_{m}" for m in members]
            + ["silences"] + [f"silence{n}_breakers" for n in range(1, k + 1)]
            + ["rounds", "revisions", "days", "blue_day"]
            + [f"text_{i.id}" for i in scenario.issues]
            + ["explanations", "injected", "rival_drafts", "adopted_draft", "from_event", "error"])


def _csv_row(row: dict, columns: list[str]) -> list:
    out = {
        "run": row["run"], "seed": row.get("seed", ""), "error": row.get("error", ""),
        "from_event": row.get("from_event", ""),
    }
    if "error" not in row:
        out.update({k: row[k] for k in ("outcome", "vote_on", "tally", "silences", "rounds",
                                          "revisions", "days")})
        out["blue_day"] = "" if row["blue_day"] is None else row["blue_day"]
        for m, b in row["votes"].items():
            out[f"vote_{m}"] = b
        for n, breakers in enumerate(row["breakers"], 1):
            out[f"silence{n}_breakers"] = ";".join(breakers)
        for i, v in row["final_text"].items():
            out[f"text_{i}"] = v
        out["explanations"] = ";".join(row["explanations"])
        out["injected"] = ";".join(row["injected"])
        out["rival_drafts"] = ";".join(row.get("rivals", []))
        out["adopted_draft"] = row.get("adopted_draft", "")
    return [out.get(c, "") for c in columns]


def _finish(plan: Plan) -> tuple[dict, dict]:
    """One pass over runs.jsonl in run order: runs.csv, summary.json."""
    jsonl = plan.out / RUNS_JSONL
    scan = _scan(jsonl, plan.runs, plan.seed, repair=False)
    if scan.damaged:
        raise BatchFailed(f"{scan.describe(jsonl)}; run the same command with --resume")
    offsets = scan.offsets
    missing = np.flatnonzero(offsets < 0)
    if missing.size:
        raise BatchFailed(f"{missing.size:,} runs are missing from {jsonl} (first: run {missing[0]}); "
                          "run the same command with --resume")
    acc = Summariser(plan.scenario)
    columns = csv_columns(plan.scenario)
    csv_path = plan.out / RUNS_CSV
    with atomic_file(csv_path, newline="") as out, open(jsonl, "rb") as src:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        expected = 0
        for i in range(plan.runs):
            off = int(offsets[i])
            if off != expected:
                src.seek(off)
            line = src.readline()
            expected = off + len(line)
            row = json.loads(line)
            acc.add(row)
            writer.writerow(_csv_row(row, columns))
    summary = acc.result(plan.seed)
    m = plan.manifest
    if m.get("overrides"):
        summary["overrides"] = m["overrides"]
    if m.get("injects"):
        summary["injects"] = m["injects"]
    if m.get("sweep"):
        summary["sweep"] = m["sweep"]
    if "log_hash" in m:
        summary["from_log"] = {"log": Path(m["log"]).name, "at": m["at"]}
    summary["days_used_histogram"] = {o: {str(d): c for d, c in h.items()}
                                      for o, h in acc.days_histogram().items()}
    _write_text(plan.out / SUMMARY, json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    return summary, acc.days_histogram()


def run_batch(scenario=None, runs: int = 1000, seed: int = 0, out=None, *,
              workers: int | None = None, overrides: Sequence[str] = (),
              injects: Sequence[str] = (), from_log=None, at: int | None = None,
              resume: bool = False, backend: str = "local", address: str | None = None,
              plots: bool = True, progress: bool | None = None, chunk_size: int | None = None,
              handle_interrupt: bool = False, echo: Callable[[str], None] | None = None,
              lang: str = "en", _extra: Sequence[tuple[str, int, str]] = ()) -> dict:
    """Run a batch into `out` and return its summary (the dict in summary.json); what it
    says while it works (`echo`, the progress bar) and its plots in `lang` (the data files
    stay English).

    Raises `BatchError` / `ScenarioError` (nothing run) on bad arguments,
    `BatchInterrupted` after Ctrl-C, `BatchFailed` if a chunk could not run (what is done
    is saved in both cases; call again with ``resume=True``). `out=None` runs in a
    temporary folder and keeps only the summary.
    """
    echo = echo or (lambda _s: None)
    _check_numbers(runs, seed, workers, chunk_size)
    workers = workers or default_workers()
    if backend not in ("local", "dask"):
        raise BatchError(f"--backend must be local or dask, not {backend!r}")
    if backend == "dask" and not address:
        raise BatchError("--backend dask needs --address tcp://HOST:PORT (the Dask scheduler)")
    if address and backend != "dask":
        raise BatchError("--address is for --backend dask")
    if out is None:
        with tempfile.TemporaryDirectory(prefix="penholder-batch-") as tmp:
            return run_batch(scenario, runs, seed, Path(tmp) / "b", workers=workers,
                             overrides=overrides, injects=injects, from_log=from_log, at=at,
                             backend=backend, address=address, plots=False, progress=progress,
                             chunk_size=chunk_size, handle_interrupt=handle_interrupt, echo=echo,
                             lang=lang, _extra=_extra)
    plan = plan_batch(scenario, runs, seed, out, overrides=overrides, injects=injects,
                      from_log=from_log, at=at, extra=_extra)
    if lang != "en":  # the progress bar's "200 runs", in the reader's language
        from game.i18n import Tongue

        tongue = Tongue(lang)
        plan.label = (tongue.ngettext("{n} continuation", "{n} continuations", runs) if from_log is not None
                      else tongue.ngettext("{n} run", "{n} runs", runs)).format(n=tongue.whole(runs))
    with lock_folder(plan.out):  # checked and written by one batch at a time
        _check_manifest(plan, resume)
        _clean_tmp(plan.out)
        progress = show_progress() if progress is None else progress
        _execute(plan, workers=workers, backend=backend, address=address, resume=resume,
                 progress=progress, chunk_size=chunk_size, handle_interrupt=handle_interrupt,
                 echo=echo, lang=lang)
        summary, days = _finish(plan)
        if plots:
            from game.plots import write_plots

            write_plots(summary, plan.out, plan.scenario, days,
                        processes=1 if backend == "dask" else min(2, workers), lang=lang)
    return summary


def batch_from_log(log, runs: int = 100, seed: int = 0, at: int | None = None, **kwargs) -> dict:
    """Summary of `runs` simulated continuations of a saved session from event `at` (None:
    its end). `log` is a log file or ``(header, events)``. Continuation i uses
    ``SeedSequence(seed, spawn_key=(i,))``, as `game.continuations` does. Other keyword
    arguments as for `run_batch` (``out=None``: no files, only the summary)."""
    kwargs.setdefault("workers", 1)
    kwargs.setdefault("plots", False)
    kwargs.setdefault("progress", False)
    return run_batch(None, runs, seed, kwargs.pop("out", None), from_log=log, at=at, **kwargs)


def replay_run(out, run: int):
    """Re-run run `run` of the batch in folder `out` alone (a `Session`, with its log):
    the same scenario, overrides and seed as the batch."""
    m = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    if not 0 <= run < m["runs"]:
        raise BatchError(f"run {run}: the batch has runs 0 to {m['runs'] - 1}")
    child = np.random.SeedSequence(m["seed"], spawn_key=(run,))
    if "log_hash" in m:
        from game.replay import restore

        header, events = _read_log(m["log"])
        return restore(header, events, m["at"]).hand_over_to_agents(child).run()
    from game.session import Session

    extra = [("--sweep", 1, a) for a in m.get("sweep", [])]
    sc = _load(m["scenario"], m.get("overrides", []), m.get("injects", []), extra)
    return Session(sc, child).run()


# -------------------------------------------------------------------------------- sweeps


def parse_sweep(text: str) -> tuple[str, list[str]]:
    """``PATH=v1,v2,...`` -> (PATH, [v1, v2, ...]); commas inside [...] or {...} stay."""
    path, sep, values = text.partition("=")
    if not sep or not path.strip():
        raise BatchError(f"--sweep {text!r}: expected PATH=v1,v2,..., "
                         "e.g. members.CHN.salience.climate=0.3,0.6,0.9")
    out, depth, cur = [], 0, ""
    for ch in values:
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    if any(v == "" for v in out):
        raise BatchError(f"--sweep {text!r}: an empty value (values are separated by commas)")
    if len(set(out)) != len(out):
        raise BatchError(f"--sweep {text!r}: a value is repeated")
    return path.strip(), out


# Names a sweep's own files take in its folder: no value's folder may take one of them.
_SWEEP_RESERVED = {SWEEP_MANIFEST, SWEEP_CSV, SWEEP_PNG, MANIFEST, RUNS_JSONL, RUNS_CSV, SUMMARY, LOCK}


def _folder_names(values: list[str]) -> list[str]:
    """A folder name per swept value: the value with anything but letters, digits and
    ``.+-`` turned into ``_``; distinct (case-insensitively, for case-insensitive file
    systems) and never one of the sweep's own files (``sweep.csv`` -> ``value_sweep.csv``)."""
    names: list[str] = []
    taken = {n.lower() for n in _SWEEP_RESERVED}
    for v in values:
        name = re.sub(r"[^A-Za-z0-9.+-]+", "_", v).strip("._")[:80].strip("._") or "value"
        if name.lower() in taken or name.lower().endswith((".png", ".tmp", ".lock")):
            name = f"value_{name}"
        while name.lower() in taken:
            name += "_"
        taken.add(name.lower())
        names.append(name)
    return names


def run_sweep(scenario, runs: int, seed: int, out, sweep: str, *,
              echo: Callable[[str], None] | None = None, plots: bool = True, **kwargs) -> list[dict]:
    """One batch per value of ``PATH=v1,v2,...`` into ``out/<value>/``, then
    ``out/sweep.csv`` and ``out/sweep.png``. Every value is validated first."""
    echo = echo or (lambda _s: None)
    path, values = parse_sweep(sweep)
    if kwargs.get("from_log") is not None:
        raise BatchError("--sweep and --from-log do not go together")
    _check_numbers(runs, seed, kwargs.get("workers"), kwargs.get("chunk_size"))
    out = Path(out)
    assignments = [f"{path}={v}" for v in values]
    plans = []
    for n, a in enumerate(assignments, 1):  # validate them all before any work
        plans.append(plan_batch(scenario, runs, seed, out, overrides=kwargs.get("overrides", ()),
                                injects=kwargs.get("injects", ()), extra=[("--sweep", n, a)]))
    names = _folder_names(values)
    sweep_manifest = {"format": BATCH_FORMAT, "version": BATCH_VERSION, "path": path,
                      "values": values, "folders": names, "runs": runs, "seed": seed,
                      "base": {k: plans[0].manifest.get(k) for k in ("scenario", "overrides", "injects")}}
    with lock_folder(out):
        return _sweep(scenario, out, path, values, names, assignments, plans, sweep_manifest,
                      runs, seed, echo, plots, kwargs)


def _sweep(scenario, out: Path, path: str, values: list[str], names: list[str], assignments: list[str],
           plans: list[Plan], sweep_manifest: dict, runs: int, seed: int, echo, plots: bool,
           kwargs: dict) -> list[dict]:
    mpath = out / SWEEP_MANIFEST
    if kwargs.get("resume"):
        if not mpath.exists():
            raise BatchError(f"--resume: {out} holds no sweep to resume (no {SWEEP_MANIFEST})")
        try:
            old = json.loads(mpath.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BatchError(f"--resume: cannot read {mpath}: {exc}") from None
        if not isinstance(old, dict):
            raise BatchError(f"--resume: {mpath} is not a sweep manifest")
        if {k: old.get(k) for k in ("path", "values", "runs", "seed", "base")} != \
                {k: sweep_manifest[k] for k in ("path", "values", "runs", "seed", "base")}:
            raise BatchError(f"--resume: this command is not the sweep in {out} "
                             f"(it swept {old.get('path')}={','.join(old.get('values', []))}, "
                             f"{old.get('runs')} runs, seed {old.get('seed')})")
    else:
        if mpath.exists() or (out / MANIFEST).exists():
            raise BatchError(f"{out} already holds a batch: add --resume to continue it, "
                             "or choose another --out")
        _write_text(mpath, json.dumps(sweep_manifest, indent=2) + "\n")
    _clean_tmp(out)
    summaries = []
    for n, (value, name) in enumerate(zip(values, names, strict=True), 1):
        sub = out / name
        resume = bool(kwargs.get("resume")) and (sub / MANIFEST).exists()
        echo(f"{path} = {value}  ({n}/{len(values)}) -> {sub}")
        args = {k: v for k, v in kwargs.items() if k != "resume"}
        summaries.append(run_batch(scenario, runs, seed, sub, resume=resume, plots=plots, echo=echo,
                                   _extra=[("--sweep", n, assignments[n - 1])], **args))
    write_sweep_csv(out / SWEEP_CSV, path, values, summaries)
    if plots:
        from game.i18n import Tongue
        from game.plots import write_sweep_plot

        write_sweep_plot(out, path, values, summaries, plans[0].scenario, Tongue(kwargs.get("lang") or "en"))
    return summaries


def sweep_columns(members: Iterable[str]) -> list[str]:
    return (["path", "value", "runs", "failed_runs"] + [f"outcome_{o}" for o in OUTCOMES]
            + ["unanimous", "first_silence_broken", "mean_silences", "mean_rounds", "mean_days"]
            + [f"broke_silence_{m}" for m in members])


def write_sweep_csv(path: Path, sweep_path: str, values: list[str], summaries: list[dict]) -> None:
    members = list(summaries[0]["silence"]["broken_by"]) if summaries else []
    buf = _Lines()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(sweep_columns(members))
    for v, s in zip(values, summaries, strict=True):
        w.writerow([sweep_path, v, s["runs"], s["failed_runs"]]
                   + [s["outcome"][o] for o in OUTCOMES]
                   + [s["unanimous"], s["silence"]["first_broken"], s["silence"]["mean_silences"],
                      s["mean_rounds"], s["mean_days"]]
                   + [s["silence"]["broken_by"][m] for m in members])
    _write_text(path, "".join(buf.lines))


class _Lines:
    def __init__(self):
        self.lines: list[str] = []

    def write(self, s: str) -> None:
        self.lines.append(s)


# ------------------------------------------------------------------------------ printing


def _pct(p: float, lang: str = "en") -> str:
    """A share in a column, five figures wide: " 12.5%", " 12,5 %" (`Tongue.percent`)."""
    from game.i18n import Tongue

    return " " * max(0, 5 - len(format(100 * p, ".1f"))) + Tongue(lang).percent(p, 1)


def _count(n: int, word: str, plural: str | None = None) -> str:
    """``1 run``, ``2 runs``: no "run(s)"."""
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _num(n: int, lang: str = "en") -> str:
    """A whole number: 2,000 in English, 2\u00a0000 in French (`Tongue.whole`)."""
    from game.i18n import Tongue

    return Tongue(lang).whole(n)


def summary_lines(summary: dict, scenario, lang: str = "en") -> list[str]:
    """The summary as a facilitator reads it, in `lang` (the files a batch writes stay in
    English: they are data)."""
    from game.council import Council
    from game.i18n import Tongue, localized

    tongue = Tongue(lang)
    _, ngettext = tongue.gettext, tongue.ngettext
    order = Council(scenario).ids  # (the Council sits in the English order of its names)
    scenario = localized(scenario, lang)  # the titles, names and labels in the reader's language

    def pct(p: float) -> str:
        return _pct(p, lang)

    names = {m: scenario.members[m].name for m in scenario.members}
    issues = {i.id: i for i in scenario.issues}
    n_ok = summary["runs"] - summary["failed_runs"]
    lines = [_("{title}: {runs}, seed {seed}").format(
        title=scenario.title, seed=summary["seed"],
        runs=ngettext("{n} negotiation", "{n} negotiations", summary["runs"]).format(
            n=_num(summary["runs"], lang)))]
    if summary.get("from_log"):
        at = summary["from_log"]["at"]
        lines[0] += _(", continued from event {at} of {log}").format(
            at=at if at is not None else _("the end"), log=summary["from_log"]["log"])
    if summary.get("overrides") or summary.get("injects") or summary.get("sweep"):
        lines.append(_("  with {changes}").format(changes="; ".join(
            [*summary.get("overrides", []), *summary.get("sweep", []),
             *(_("inject {event}").format(event=x) for x in summary.get("injects", []))])))
    if summary["failed_runs"]:
        lines.append(ngettext("  {n} run raised an error (see the error column of runs.csv); ",
                              "  {n} runs raised an error (see the error column of runs.csv); ",
                              summary["failed_runs"]).format(n=_num(summary["failed_runs"], lang))
                     + ngettext("the shares below are of the {n} other", "the shares below are of the {n} others",
                                n_ok).format(n=_num(n_ok, lang)))
    lines.append("")
    lines.append(_("How it ends"))
    said = {o: _(o.replace("_", " ")) for o in OUTCOMES}
    w = 14 if lang == "en" else max(map(len, said.values())) + 2  # (« prorogation technique »)
    for o in OUTCOMES:
        p = summary["outcome"][o]
        lines.append(f"  {said[o]:<{w}}{pct(p)}  {'#' * round(40 * p)}")
    full = f"{len(scenario.members)}-0-0"
    lines.append(_("  unanimous ({tally}) {share} of all runs").format(tally=full, share=pct(summary["unanimous"]).strip()))
    sil = summary["silence"]
    lines.append("")
    lines.append(_("Silence: the first silence is broken in {share} of runs; "
                   "{mean} silences per negotiation on average").format(  # a mean: plural
                       share=pct(sil["first_broken"]).strip(), mean=tongue.number(sil["mean_silences"])))
    breakers = sorted(((p, m) for m, p in sil["broken_by"].items() if p > 0), key=lambda x: (-x[0], x[1]))
    if breakers:
        lines.append(_("  who breaks silence (share of runs in which it broke at least once):"))
        for p, m in breakers:
            lines.append(f"    {names[m]:<32}{pct(p)}")
    lines.append("")
    split = [m for m in order if summary["votes"][m]["yes"] < 1.0 and
             sum(summary["votes"][m].values()) > 0]
    if split:
        lines.append(_("Votes on the draft (members who did not always vote yes):"))
        w = (7, 9) if lang == "en" else (9, 13)  # (« 100,0 % » and « abstention » are wider)
        yes, abstain, no = (tongue.pgettext("ballot", b) for b in ("yes", "abstain", "no"))
        lines.append(f"    {'':<32}{yes:>{w[0]}}{abstain:>{w[1]}}{no:>{w[0]}}")
        for m in split:
            v = summary["votes"][m]
            lines.append(f"    {names[m]:<32}{pct(v['yes']):>{w[0]}}{pct(v['abstain']):>{w[1]}}{pct(v['no']):>{w[0]}}")
    elif any(sum(v.values()) for v in summary["votes"].values()):
        lines.append(_("Votes on the draft: every member voted yes in every vote held."))
    lines.append("")
    lines.append(_("Final text (share of runs)"))
    for iid, shares in summary["final_text"].items():
        info = issues[iid]
        labels = {v.id: v.label or v.id for v in info.variants}
        lines.append(_("  OP{n} {title}").format(n=info.paragraph, title=info.title))
        for v, p in shares.items():
            lines.append(f"    {pct(p)}  {labels.get(v, v)}")
    rv = summary.get("rival_drafts")
    if rv and rv["tabled"]:
        by = ", ".join(f"{names.get(m, m)} {pct(p).strip()}" for m, p in rv["by"].items())
        lines.append("")
        lines.append(_("Rival drafts: tabled in {tabled} of runs ({by}); a rival adopted in {adopted}").format(
            tabled=pct(rv["tabled"]).strip(), by=by, adopted=pct(rv["adopted"]).strip()))
    lines.append("")
    lines.append(_("Time: {days} days used and {rounds} expert rounds on average").format(
        days=tongue.number(summary["mean_days"], "0.0"),
        rounds=tongue.number(summary["mean_rounds"])))
    h = summary.get("history")
    if h:
        lines.append("")
        lines.append(_("Compared with the record ({resolution}):").format(
            resolution=scenario.history.resolution or _("history")))
        lines.append(_("  outcome {outcome} in {share} of runs").format(
            outcome=_(h["outcome"].replace("_", " ")), share=pct(h["outcome_match"]).strip()))
        if "historical_tally" in h:
            lines.append(_("  tally {tally} in {share} of runs (most common tally: {modal})").format(
                tally=h["historical_tally"], share=pct(h["tally_match"]).strip(), modal=h["modal_tally"]))
        for iid, p in h.get("final_text_match", {}).items():
            v = scenario.history.final_text[iid]
            label = next((x.label or x.id for x in issues[iid].variants if x.id == v), v)
            lines.append(_("  {title}: \"{label}\" as adopted, in {share} of runs").format(
                title=issues[iid].title, label=label, share=pct(p).strip()))
        if "breakers_f1" in h:
            lines.append(_("  silence-breakers match the record (F1, 1 = same members) {f1}; record: {names}").format(
                f1=tongue.number(h["breakers_f1"]), names=", ".join(names.get(m, m) for m in h["historical_breakers"])))
    return lines


def sweep_lines(path: str, values: list[str], summaries: list[dict], lang: str = "en") -> list[str]:
    """The sweep's comparison as a terminal reads it, in `lang`: a row per value."""
    from game.i18n import Tongue

    tongue = Tongue(lang)
    w = max(len(path), *(len(v) for v in values)) + 2
    # (a column's short heading, in the context "sweep")
    heads = [tongue.pgettext("sweep", "adopted"), tongue.pgettext("sweep", "not ad."),
             tongue.pgettext("sweep", "vetoed"), tongue.pgettext("sweep", "rollover"),
             tongue.pgettext("sweep", "lapsed"), tongue.pgettext("sweep", "unanim."),
             tongue.pgettext("sweep", "1st sil. broken"), tongue.pgettext("sweep", "silences"),
             tongue.pgettext("sweep", "days")]
    widths = [max(cw, len(h) + 1) for h, cw in zip(heads, (9, 9, 8, 9, 8, 9, 17, 10, 7), strict=True)]
    head = f"{path:<{w}}" + "".join(f"{h:>{cw}}" for h, cw in zip(heads, widths, strict=True))
    lines = [tongue.gettext("Sweep: {path}").format(path=path), head]
    for v, s in zip(values, summaries, strict=True):
        o = s["outcome"]
        cells = [tongue.percent(x, 1) for x in (o["adopted"], o["not_adopted"], o["vetoed"], o["rollover"],
                                                o["lapsed"], s["unanimous"], s["silence"]["first_broken"])]
        cells += [tongue.number(s["silence"]["mean_silences"], "0.00"), tongue.number(s["mean_days"], "0.0")]
        lines.append(f"{v:<{w}}" + "".join(f"{c:>{cw}}" for c, cw in zip(cells, widths, strict=True)))
    return lines


# ------------------------------------------------------------------------------ the command


def command_exit(exc: Exception, command: str, args=None, resume: Callable | None = None) -> int:
    """Say on stderr why `command` (batch, validate, calibrate, sensitivity) stopped, and
    return its exit status: a scenario's problems as they are (`file:line: ...`) and a refused
    argument as ``command: why``, 2 (nothing run); after Ctrl-C, where the finished runs are
    and how to go on, 130; a chunk that could not run, 1 (`resume(args)`: the command that
    goes on, for the last two)."""
    if isinstance(exc, ScenarioError):
        print(str(exc), file=sys.stderr)
        return 2
    if isinstance(exc, BatchInterrupted):
        print(f"\n{exc}; the finished runs are saved in {args.out}.\nTo go on: {resume(args)}",
              file=sys.stderr)
        return 130
    if isinstance(exc, BatchFailed):
        print(f"{command}: {exc}\nTo go on: {resume(args)}", file=sys.stderr)
        return 1
    print(f"{command}: {exc}", file=sys.stderr)
    return 2


def resume_command(args) -> str:
    """The command that resumes the batch `args` describes."""
    import shlex

    parts = ["python", "main.py", "batch"]
    if args.from_log is not None:
        parts += ["--from-log", args.from_log] + ([] if args.at is None else ["--at", str(args.at)])
    elif args.scenario is not None:
        parts += ["--scenario", args.scenario]
    parts += ["--runs", str(args.runs), "--seed", str(args.seed), "--out", str(args.out)]
    if args.workers is not None:
        parts += ["--workers", str(args.workers)]
    for a in args.set or []:
        parts += ["--set", a]
    for a in args.inject or []:
        parts += ["--inject", a]
    if args.sweep:
        parts += ["--sweep", args.sweep]
    if args.backend != "local":
        parts += ["--backend", args.backend, "--address", str(args.address)]
    if args.no_plots:
        parts.append("--no-plots")
    return " ".join(shlex.quote(p) for p in parts + ["--resume"])


def cmd_batch(args) -> int:
    """``python main.py batch ...`` (see game/cli.py for the arguments)."""
    def echo(s: str) -> None:
        if s.startswith("warning: "):
            print(f"batch: {s}", file=sys.stderr, flush=True)
        else:
            print(s, flush=True)

    common = dict(workers=args.workers, overrides=args.set or [], injects=args.inject or [],
                  resume=args.resume, backend=args.backend, address=args.address,
                  plots=not args.no_plots, handle_interrupt=True, echo=echo,
                  chunk_size=getattr(args, "chunk_size", None), lang=reader(args).lang)
    scenario = args.scenario
    try:
        if args.from_log is not None and scenario is not None:
            raise BatchError("--from-log takes the scenario from the log: leave out --scenario")
        if args.at is not None and args.from_log is None:
            raise BatchError("--at goes with --from-log")
        if args.from_log is None and scenario is None:
            from game.resources import default_scenario

            scenario = str(default_scenario())
        if args.sweep and args.from_log is not None:
            raise BatchError("--sweep and --from-log do not go together")
        if args.sweep:
            summaries = run_sweep(scenario, args.runs, args.seed, args.out, args.sweep, **common)
            path, values = parse_sweep(args.sweep)
            print()
            for line in sweep_lines(path, values, summaries, reader(args).lang):
                print(line)
            _ = reader(args).gettext
            print("\n" + (_("Wrote {csv}; each value's batch in {out}/<value>/") if args.no_plots else
                          _("Wrote {csv} and {png}; each value's batch in {out}/<value>/")).format(
                              csv=Path(args.out) / SWEEP_CSV, png=Path(args.out) / "sweep.png", out=args.out))
            return 0
        summary = run_batch(scenario, args.runs, args.seed, args.out, from_log=args.from_log,
                            at=args.at, **common)
    except (ScenarioError, BatchError, BatchInterrupted, BatchFailed) as exc:
        return command_exit(exc, "batch", args, resume_command)
    if args.from_log is not None:
        from game.replay import scenario_of

        sc, _header = scenario_of(_read_log(args.from_log)[0])
    else:
        sc = _load(scenario, args.set or [], args.inject or [])
    tongue = reader(args)
    lang, _ = tongue.lang, tongue.gettext
    print()
    for line in summary_lines(summary, sc, lang):
        print(line)
    out = Path(args.out)
    files = [RUNS_CSV, SUMMARY] + ([] if args.no_plots else ["*.png"])
    print("\n" + _("Wrote {files}.").format(files=", ".join(str(out / f) for f in files)))
    if args.from_log is None and not args.set and not args.inject:
        replay = f"python main.py run --scenario {scenario} --seed {args.seed} --run i"
    else:
        replay = f"python -c \"from game.batch import replay_run; replay_run('{out}', i)\""
    print(_("Replay run i alone: {command}").format(command=replay))
    return 0

