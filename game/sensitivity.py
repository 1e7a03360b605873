"""``python main.py sensitivity``: which few parameters decide a case (issue 10 §4).

    python main.py sensitivity --scenario scenarios/minusma_2021.yaml --out sensitivity/
    python main.py sensitivity --params model.unity,model.veto_cost \\
        --scenario-params members.RUS.positions.climate,members.CHN.salience.climate=0.3:0.9

A global sensitivity analysis (SALib) of the outcome probabilities to the model's constants
(game/model/params.py) and to scenario parameters named on the command line.

**Factors.** A factor is a number in the scenario, addressed as ``--set`` addresses it
(``model.veto_cost``, ``members.RUS.positions.climate``), with a range. Each sample of the
design sets every factor by an override string exactly like a batch's ``--set PATH=VALUE``
(`game.scenario.apply_overrides` on the file's data, then the same validation as
`load_scenario`), so a factor is anything a batch can override and nothing new is needed in
the engine. Ranges, unless given as ``PATH=LO:HI``:

- a model constant: its value in the scenario (the default, or the scenario's ``model:``)
  x [0.5, 1.5], clipped to the field's allowed range; a constant at 0 is varied over
  [0, 0.2];
- a scenario number on the 0-100 scale (a position): its value +/- 15, clipped to 0-100;
- a scenario number in 0-1 (a salience, an assertiveness): its value +/- 0.2, clipped;
- any other number: x [0.5, 1.5] within its allowed range.

Without ``--params``, the factors are `DEFAULT_MODEL_FACTORS`: the model constants that
weigh directly on ballots, amendments, silence-breaks and the penholder's choices.

**Outputs.** Each sample plays ``--runs`` negotiations with the same seeds (run i: the i-th
child of ``SeedSequence(seed)``, as a batch: common random numbers, so a difference between
samples is the factors', not the dice's) and `game.stats.Summariser` gives, per sample: the
share of runs adopted, unanimous (every member yes on the resolution), each member's yes /
abstain / no on the deciding vote (shares among the runs that voted on the resolution, as
in a batch's summary.json), and per paragraph the share of runs whose final text is its
*target* variant: the record's final text when the scenario's ``history`` gives it, else
the modal one (the variant most often in the final text of the scenario as it stands,
evaluated with the same seeds beside the samples; `target_variants`); the report says which. A paragraph is *contested* when more than one of its
variants ends in the final text in some run of some sample.

**Methods.** Morris (the default: elementary effects on ``--trajectories`` trajectories of
k + 1 points on a 4-level grid): mu* (the mean absolute change of the output when the factor
takes one step, 2/3 of its range, scaled to the whole range: a share, 0.2 = twenty points;
above 1 when one step moves a share by more than 2/3) and sigma (how much that change
depends on where the other factors are: interactions or non-linearity). Sobol (``--method
sobol``, N = ``--trajectories`` base samples, a power of 2, N x (2k + 2) samples): S1 (the
share of the output's variance due to the factor alone) and ST (with all its
interactions), each with a 95% bootstrap confidence half-width. The design, the bootstrap
and the runs are seeded: the same arguments write byte-identical files.

The samples are evaluated in chunks in worker processes through the batch machinery
(`game.batch`: the same local pool or Dask cluster, the same progress bar and Ctrl-C
handling); nothing is written until every sample is done, and then atomically.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import math
import os
import sys
import threading
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from game import __version__
from game.errors import ScenarioError
from game.i18n import N_, reader

FORMAT = "penholder-sensitivity"
VERSION = 1
JSON_FILE = "sensitivity.json"
CSV_FILE = "sensitivity.csv"
PNG_FILE = "sensitivity.png"
METHODS = ("morris", "sobol")
NUM_LEVELS = 4  # Morris grid: 4 levels, the usual choice (Saltelli et al. 2008)
RESAMPLES = 100  # bootstrap resamples of the confidence intervals
SPAN = (0.5, 1.5)  # a model constant: its value x this
ZERO_SPAN = 0.2  # a constant at 0: [0, this]
POSITION_SPAN = 15.0  # a 0-100 number: +/- this
UNIT_SPAN = 0.2  # a 0-1 number: +/- this
TOP = 3  # factors printed per headline output
PLOT_TOP = 8  # bars per headline output in the plot
DECIMALS = 6
MAX_SAMPLES = 200_000
MAX_CHUNK = 50

# The default factors: constants that weigh directly on the ballots (unity against
# dislike, the cost of a no or a veto, the host's weight), on what delegations ask and
# break silence for, and on what the penholder trades for votes. Constants of wording
# only (explanations of vote, letters) cannot change an outcome and are left out.
DEFAULT_MODEL_FACTORS = (
    "private_sd", "firmness", "rollover_chance", "unity", "protest_weight", "grievance_weight",
    "no_cost", "veto_cost", "expressive_no", "red_line_no", "host_deference", "host_tolerance",
    "propose_threshold", "break_threshold", "p5_weight", "adoption_value", "blue_confidence",
)


class SensitivityError(Exception):
    """A bad factor, range or argument: one line, reported before any work starts."""


class SensitivityInterrupted(Exception):  # noqa: N818 - named for what happened (Ctrl-C)
    def __init__(self, done: int, total: int):
        super().__init__(f"interrupted after {done:,} of {total:,} samples")
        self.done, self.total = done, total


# ------------------------------------------------------------------------------ factors


@dataclass(frozen=True)
class Factor:
    """A number of the scenario varied over [lo, hi], set like ``--set path=value``."""

    path: str
    lo: float
    hi: float
    nominal: float | None  # its value in the scenario (None: unset)
    integer: bool = False  # a whole-number field: the sampled value is rounded

    def value(self, x: float) -> str:
        """The override's value text: fixed decimals, so the same x gives the same text."""
        return str(int(round(x))) if self.integer else f"{x:.{DECIMALS}f}"

    def assignment(self, x: float) -> str:
        return f"{self.path}={self.value(x)}"


def _tokens(path: str) -> list[str]:
    from game.scenario import _OverrideError, _parse_path

    try:
        return _parse_path(path)
    except _OverrideError as exc:
        raise SensitivityError(f"{path}: {exc}") from None


def _lookup(data, tokens: list[str]):
    """The value at `tokens` in scenario data (list items by id or index); KeyError(n) if
    there is none, n the index of the first token not found."""
    cur = data
    for n, t in enumerate(tokens):
        if isinstance(cur, list):
            hits = [x for x in cur if isinstance(x, dict) and x.get("id") == t]
            if hits:
                cur = hits[0]
            elif t.isdigit() and int(t) < len(cur):
                cur = cur[int(t)]
            else:
                raise KeyError(n)
        elif isinstance(cur, dict) and t in cur:
            cur = cur[t]
        else:
            raise KeyError(n)
    return cur


def parse_spec(text: str) -> tuple[str, float | None, float | None]:
    """``PATH`` or ``PATH=LO:HI`` -> (path, lo, hi)."""
    path, sep, rng = text.partition("=")
    path = path.strip()
    if not path:
        raise SensitivityError(f"{text!r}: expected PATH or PATH=LO:HI, e.g. model.unity=0.3:0.6")
    if not sep:
        return path, None, None
    lo_text, colon, hi_text = rng.partition(":")
    try:
        if not colon:
            raise ValueError
        lo, hi = float(lo_text), float(hi_text)
    except ValueError:
        raise SensitivityError(f"{path}: range {rng!r}: expected LO:HI, two numbers, e.g. "
                               f"{path}=0.3:0.6") from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
        raise SensitivityError(f"{path}: range {rng!r}: LO must be below HI")
    return path, lo, hi


def make_factor(path: str, lo: float | None, hi: float | None, checked) -> Factor:
    """The factor at `path` with its range (the default range when lo, hi are None).
    `checked` is the validated scenario's data (`scenario_to_data`: every default filled)."""
    from game.scenario import _bounds, _type_at, _unwrap

    tokens = _tokens(path)
    shape = tuple(0 if t.isdigit() else t for t in tokens)
    found = _type_at(shape)
    try:
        nominal = _lookup(checked, tokens)
    except KeyError as exc:
        n = exc.args[0]
        where = ".".join(tokens[:n]) or "the scenario"
        raise SensitivityError(f"{path}: no such parameter in the scenario ({where} has no "
                               f"{tokens[n]!r}; a factor is addressed like --set, e.g. model.unity "
                               "or members.RUS.positions.climate)") from None
    base = _unwrap(found[0])[0] if found is not None else type(nominal)
    if isinstance(nominal, bool) or (nominal is not None and not isinstance(nominal, int | float)):
        raise SensitivityError(f"{path}: not a number (it is {type(nominal).__name__}): only numbers "
                               "can be factors")
    integer = base is int or (base is not float and isinstance(nominal, int))
    low, high = _bounds(shape) if found is not None else (None, None)
    if lo is None:
        if nominal is None:
            raise SensitivityError(f"{path}: unset in the scenario: give its range, {path}=LO:HI")
        lo, hi = _default_range(tokens, float(nominal), low, high)
    else:
        if (low is not None and lo < low) or (high is not None and hi > high):
            raise SensitivityError(f"{path}: range {lo:g}:{hi:g} goes outside the field's allowed "
                                   f"range {_g(low)}:{_g(high)}")
    if integer and round(hi) - round(lo) < 1:
        raise SensitivityError(f"{path}: a whole number: its range {lo:g}:{hi:g} holds a single value")
    if hi <= lo:
        raise SensitivityError(f"{path}: its default range is empty (value {nominal}): give one, {path}=LO:HI")
    return Factor(path, float(lo), float(hi), None if nominal is None else float(nominal), integer)


def _g(x) -> str:
    return "-inf" if x is None else f"{x:g}"


def _default_range(tokens: list[str], v: float, low, high) -> tuple[float, float]:
    """See the module docstring: model constants x [0.5, 1.5]; 0-100 numbers +/- 15; 0-1
    numbers +/- 0.2; others x [0.5, 1.5]; clipped to the field's allowed range."""
    if tokens[0] != "model" and low == 0 and high == 100:
        lo, hi = v - POSITION_SPAN, v + POSITION_SPAN
    elif tokens[0] != "model" and low == 0 and high == 1:
        lo, hi = v - UNIT_SPAN, v + UNIT_SPAN
    elif v == 0:
        lo, hi = 0.0, ZERO_SPAN
    else:
        lo, hi = sorted((v * SPAN[0], v * SPAN[1]))
    if low is not None:
        lo = max(lo, float(low))
    if high is not None:
        hi = min(hi, float(high))
    return round(lo, DECIMALS), round(hi, DECIMALS)


def model_path(name: str) -> str:
    """``unity`` or ``model.unity`` -> ``model.unity``."""
    return name if name.startswith("model.") else f"model.{name}"


@dataclass
class Setup:
    """A validated analysis: the scenario, its data and the factors."""

    source: str
    data: dict  # the file's data, as parsed (overrides apply to it)
    scenario: object  # game.schema.Scenario, unmodified
    factors: list[Factor]


def load_setup(path, params: Sequence[str] | None = None, scenario_params: Sequence[str] = (),
               data=None, scenario=None) -> Setup:
    """Read the scenario, build the factors and check both ends of every range by loading
    the scenario with them (raises `SensitivityError` or `ScenarioError`)."""
    from game import yamlsafe
    from game.batch import _load
    from game.scenario import apply_overrides, scenario_from_data, scenario_to_data

    source = os.fspath(path)
    if scenario is None:
        if not Path(source).is_file():
            raise SensitivityError(f"--scenario {source}: no such file")
        scenario = _load(source, [], [])
    if data is None:
        data = yamlsafe.parse_yaml(source).data
    checked = scenario_to_data(scenario)
    # every model constant, also those the dump leaves out at their defaults
    checked["model"] = {name: getattr(scenario.model, name) for name in type(scenario.model).model_fields}
    specs = [(model_path(p), None, None) for p in DEFAULT_MODEL_FACTORS] if params is None else []
    labels = [("default factor", n) for n in range(1, len(specs) + 1)]
    for label, given in (("--params", params or ()), ("--scenario-params", scenario_params)):
        for n, text in enumerate(given, 1):
            p, lo, hi = parse_spec(text)
            specs.append((model_path(p) if label == "--params" else p, lo, hi))
            labels.append((label, n))
    factors, seen = [], set()
    for p, lo, hi in specs:
        f = make_factor(p, lo, hi, checked)
        if f.path in seen:
            raise SensitivityError(f"{f.path}: named twice")
        seen.add(f.path)
        factors.append(f)
    if not factors:
        raise SensitivityError("no factors: name some with --params or --scenario-params")
    for ends in ([f.lo for f in factors], [f.hi for f in factors]):  # every low end, every high end
        try:
            scenario_from_data(apply_overrides(data, [f.assignment(x) for f, x in zip(factors, ends, strict=True)]),
                               source)
        except ScenarioError:  # say which factor: each alone, through batch's loader
            for (label, n), f, x in zip(labels, factors, ends, strict=True):
                _load(source, [], [], extra=[(label, n, f.assignment(x))])
            raise
    return Setup(source, data, scenario, factors)


# ------------------------------------------------------------------------------ outputs


def target_variants(scenario, finals: Sequence[dict] = ()) -> dict[str, tuple[str, str]]:
    """Per paragraph (issue id): the variant whose share in the final text is an output,
    and why: the record's final text where the history gives it, else the modal one (the
    most frequent in `finals`, ``final_text`` shares of the scenario as it stands; ties to
    the variant listed first), else the zero draft's."""
    h = scenario.history
    out = {}
    for issue in scenario.issues:
        rec = h.final_text.get(issue.id) if h is not None else None
        if rec and rec != "unknown":
            out[issue.id] = (rec, "record")
            continue
        total = {v.id: 0.0 for v in issue.variants}
        for f in finals:
            for v, share in f.get(issue.id, {}).items():
                total[v] = total.get(v, 0.0) + share
        best = max(total, key=lambda v: total[v]) if finals else None
        if best is not None and total[best] > 0:
            out[issue.id] = (best, "modal")
        else:
            out[issue.id] = (scenario.zero_draft[issue.id], "zero draft")
    return out


def output_keys(scenario) -> list[str]:
    """Every output, in order: adopted, unanimous, vote.M.B, text.ISSUE."""
    from game.stats import BALLOTS

    return (["adopted", "unanimous"]
            + [f"vote.{m}.{b}" for m in sorted(scenario.members) for b in BALLOTS]
            + [f"text.{i.id}" for i in scenario.issues])


def ballot_outputs(summary: dict, scenario) -> list[float]:
    """The outputs before the paragraphs' (whose targets are known once every sample is)."""
    from game.stats import BALLOTS

    return ([summary["outcome"]["adopted"], summary["unanimous"]]
            + [summary["votes"][m][b] for m in sorted(scenario.members) for b in BALLOTS])


def text_outputs(final_text: dict, scenario, targets: dict) -> list[float]:
    return [final_text[i.id].get(targets[i.id][0], 0.0) for i in scenario.issues]


def output_label(key: str, scenario, targets: dict, lang: str = "en") -> str:
    """An output as the reader names it (in `lang`; the files keep the English one)."""
    from game.i18n import Tongue, localized

    tongue = Tongue(lang)
    _ = tongue.gettext
    scenario = localized(scenario, lang)
    if key == "adopted":
        return _("Adopted")
    if key == "unanimous":
        return _("Unanimous ({tally})").format(tally=f"{len(scenario.members)}-0-0")
    kind, _sep, rest = key.partition(".")
    if kind == "vote":
        m, b = rest.split(".")
        return _("{member} votes {ballot}").format(member=scenario.members[m].name,
                                                   ballot=tongue.pgettext("ballot", b) if lang != "en" else b)
    issue = next(i for i in scenario.issues if i.id == rest)
    v, why = targets[rest]
    label = next((x.label or x.id for x in issue.variants if x.id == v), v)
    return _("OP{n} {title}: \"{label}\" ({why})").format(n=issue.paragraph, title=issue.title, label=label,
                                                          why=_(why))


WHY = (N_("record"), N_("modal"), N_("zero draft"))  # (target_variants' reasons, translated where shown)


# ---------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class SampleJob:
    """What a worker needs to evaluate any chunk of samples: picklable, small."""

    source: str
    data: dict
    factors: tuple
    runs: int
    seed: int


_local = threading.local()  # per thread: Dask's threaded workers share a process


def evaluate_chunk(job: SampleJob, start: int, rows: list) -> tuple[int, list, list, int]:
    """Samples start.. (their factor values in `rows`; None: the scenario's own value):
    per sample the ballot outputs and the final text's shares per paragraph, and the
    number of runs that raised."""
    from game.batch import collector_paused
    from game.council import Council
    from game.procedure import Procedure
    from game.scenario import apply_overrides, scenario_from_data
    from game.session import Session
    from game.stats import Summariser, run_row

    procedure = getattr(_local, "procedure", None)
    if procedure is None:
        procedure = _local.procedure = Procedure()
    outs, seen, failed = [], [], 0
    with collector_paused():
        for x in rows:
            assignments = [f.assignment(v) for f, v in zip(job.factors, x, strict=True) if v is not None]
            sc = scenario_from_data(apply_overrides(job.data, assignments), job.source)
            council = Council(sc)
            acc = Summariser(sc)
            for i in range(job.runs):
                child = np.random.SeedSequence(job.seed, spawn_key=(i,))
                try:
                    acc.add(run_row(Session(sc, child, procedure=procedure, council=council).run().state))
                except Exception as exc:  # noqa: BLE001 - counted; the sample goes on
                    acc.add({"error": f"{type(exc).__name__}: {exc}"})
            summary = acc.result(job.seed)
            failed += summary["failed_runs"]
            outs.append(ballot_outputs(summary, sc))
            seen.append(summary["final_text"])
    return start, outs, seen, failed


def _design(factors: list[Factor], method: str, trajectories: int, seed: int) -> tuple[dict, np.ndarray]:
    problem = {"num_vars": len(factors), "names": [f.path for f in factors],
               "bounds": [[f.lo, f.hi] for f in factors]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib's notes on the design go to the report instead
        if method == "morris":
            from SALib.sample import morris

            X = morris.sample(problem, trajectories, num_levels=NUM_LEVELS, seed=seed)
        else:
            from SALib.sample import sobol

            X = sobol.sample(problem, trajectories, calc_second_order=True, seed=seed)
    return problem, X


def sample_count(method: str, k: int, trajectories: int) -> int:
    return trajectories * (k + 1) if method == "morris" else trajectories * (2 * k + 2)


def _evaluate(job: SampleJob, X: np.ndarray, *, workers: int, backend: str, address: str | None,
              progress: bool, handle_interrupt: bool, lang: str = "en") -> tuple[list, list, int]:
    from game.batch import _executor, _Progress, _shutdown, _StopFlag
    from game.i18n import Tongue

    tongue = Tongue(lang)

    rows = X.tolist() + [[None] * X.shape[1]]  # and last, the scenario as it stands
    n = len(rows)
    size = max(1, min(MAX_CHUNK, math.ceil(n / (workers * 8))))
    chunks = [(s, rows[s:s + size]) for s in range(0, n, size)]
    Y: list = [None] * n
    finals: list = [None] * n
    failed = 0
    done = 0
    inline = backend == "local" and workers == 1
    pool, close = (None, None) if inline else _executor(backend, min(workers, len(chunks)), address)
    bar = _Progress(False, 0, 0, "")
    error = None

    def take(result) -> None:
        nonlocal failed, done
        start, outs, seens, bad = result
        Y[start:start + len(outs)] = outs
        finals[start:start + len(outs)] = seens
        failed += bad
        done += len(outs)
        bar.update(len(outs) * job.runs)

    label = tongue.gettext("{samples} x {runs}").format(
        samples=tongue.ngettext("{n} sample", "{n} samples", n - 1).format(n=tongue.whole(n - 1)),
        runs=tongue.ngettext("{n} run", "{n} runs", job.runs).format(n=tongue.whole(job.runs)))
    try:
        with _StopFlag(handle_interrupt) as flag:
            try:
                if pool is None:
                    bar = _Progress(progress, n * job.runs, 0, label, lang)
                    for start, part in chunks:
                        if flag.stop:
                            break
                        take(evaluate_chunk(job, start, part))
                else:
                    pending = {pool.submit(evaluate_chunk, job, s, part) for s, part in chunks}
                    bar = _Progress(progress, n * job.runs, 0, label, lang)  # after the fork
                    while pending and not flag.stop and error is None:
                        finished, pending = cf.wait(pending, timeout=0.25, return_when=cf.FIRST_COMPLETED)
                        for fut in finished:
                            try:
                                take(fut.result())
                            except Exception as exc:  # noqa: BLE001 - a chunk that could not run
                                error = exc
            except KeyboardInterrupt:  # a second Ctrl-C
                flag.stop = True
            finally:
                bar.close()
    finally:
        if pool is not None:
            _shutdown(pool)
            close()
    if error is not None:
        if isinstance(error, ScenarioError):
            raise SensitivityError(f"a sample's scenario is invalid: {error}".replace("\n", "; "))
        raise SensitivityError(f"a chunk of samples could not run: {type(error).__name__}: {error}")
    if flag.stop or done < n:
        raise SensitivityInterrupted(min(done, n - 1), n - 1)
    return Y, finals, failed


def _r(x) -> float | None:
    x = float(x)
    return round(x, DECIMALS) if math.isfinite(x) else None


def _analyse(method: str, problem: dict, X: np.ndarray, Y: np.ndarray, seed: int) -> list[dict]:
    """Per output column: {factor: indices}."""
    out = []
    k = problem["num_vars"]
    for col in range(Y.shape[1]):
        y = Y[:, col]
        if float(np.ptp(y)) == 0.0:  # the same in every sample: no factor moves it
            zero = ({"mu_star": 0.0, "mu_star_conf": 0.0, "mu": 0.0, "sigma": 0.0} if method == "morris"
                    else {"S1": 0.0, "S1_conf": 0.0, "ST": 0.0, "ST_conf": 0.0})
            out.append({name: dict(zero) for name in problem["names"]})
            continue
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            if method == "morris":
                from SALib.analyze import morris

                res = morris.analyze(problem, X, y, num_resamples=RESAMPLES, num_levels=NUM_LEVELS,
                                     seed=seed)
                keys = ("mu_star", "mu_star_conf", "mu", "sigma")
            else:
                from SALib.analyze import sobol

                res = sobol.analyze(problem, y, calc_second_order=True, num_resamples=RESAMPLES,
                                    seed=seed)
                keys = ("S1", "S1_conf", "ST", "ST_conf")
        out.append({problem["names"][j]: {key: _r(res[key][j]) for key in keys} for j in range(k)})
    return out


def rank_key(method: str) -> str:
    return "mu_star" if method == "morris" else "ST"


def ranked(indices: dict, method: str) -> list[tuple[str, dict]]:
    """(factor, its indices), most decisive first (ties in the factors' order)."""
    key = rank_key(method)
    order = {name: n for n, name in enumerate(indices)}
    return sorted(indices.items(), key=lambda kv: (-(kv[1][key] or 0.0), order[kv[0]]))


@dataclass
class Result:
    """What `analyse` found: `document` is what sensitivity.json holds."""

    setup: Setup
    method: str
    document: dict
    headline: list[str]  # output keys printed and plotted
    seconds: float


def analyse(setup: Setup, *, method: str = "morris", trajectories: int | None = None, runs: int = 100,
            seed: int = 0, workers: int = 1, backend: str = "local", address: str | None = None,
            progress: bool = False, handle_interrupt: bool = False,
            targets: dict | None = None, lang: str = "en") -> Result:
    """Design, evaluate every sample and the scenario as it stands, and compute the
    indices (no files). `targets` ({issue: (variant, why)}) replaces `target_variants`;
    the progress bar in `lang`."""
    from game.scenario import scenario_hash

    t0 = time.perf_counter()
    trajectories = trajectories or default_trajectories(method)
    _check(method, trajectories, runs, seed, len(setup.factors))
    problem, X = _design(setup.factors, method, trajectories, seed)
    job = SampleJob(setup.source, setup.data, tuple(setup.factors), runs, seed)
    ballots, finals, failed = _evaluate(job, X, workers=workers, backend=backend, address=address,
                                       progress=progress, handle_interrupt=handle_interrupt, lang=lang)
    sc = setup.scenario
    targets = targets or target_variants(sc, finals[-1:])
    Y = np.array([b + text_outputs(f, sc, targets) for b, f in zip(ballots, finals, strict=True)],
                 dtype=float)
    nominal, Y, finals = Y[-1], Y[:-1], finals[:-1]
    per_output = _analyse(method, problem, X, Y, seed)
    keys = output_keys(sc)
    contested = [i.id for i in sc.issues
                 if len({v for f in finals for v, share in f[i.id].items() if share > 0}) > 1]
    headline = ["adopted", "unanimous"] + [f"text.{i}" for i in contested]
    outputs = []
    for col, key in enumerate(keys):
        y = Y[:, col]
        entry = {"output": key, "label": output_label(key, sc, targets), "as_it_stands": _r(nominal[col]),
                 "mean": _r(y.mean()),
                 "min": _r(y.min()), "max": _r(y.max()), "headline": key in headline,
                 "ranked": [name for name, _ in ranked(per_output[col], method)],
                 "indices": per_output[col]}
        outputs.append(entry)
    document = {
        "format": FORMAT, "version": VERSION, "package": __version__,
        "scenario": setup.source, "scenario_id": sc.id, "scenario_hash": scenario_hash(sc),
        "method": method, "seed": seed, "runs": runs,
        ("trajectories" if method == "morris" else "base_samples"): trajectories,
        "samples": len(X), "failed_runs": failed,
        **({"num_levels": NUM_LEVELS} if method == "morris" else {"second_order": True}),
        "factors": [{"path": f.path, "low": f.lo, "high": f.hi, "value": f.nominal,
                     "whole_number": f.integer} for f in setup.factors],
        "targets": {i: {"variant": v, "from": why} for i, (v, why) in targets.items()},
        "contested": contested,
        "outputs": outputs,
    }
    return Result(setup, method, document, headline, time.perf_counter() - t0)


def default_trajectories(method: str) -> int:
    return 10 if method == "morris" else 32


def _check(method: str, trajectories: int, runs: int, seed: int, k: int) -> None:
    from game.bounds import MAX_SEED

    if method not in METHODS:
        raise SensitivityError(f"--method {method}: morris or sobol")
    if not isinstance(trajectories, int) or trajectories < 2:
        raise SensitivityError(f"--trajectories {trajectories}: at least 2")
    if method == "sobol" and trajectories & (trajectories - 1):
        raise SensitivityError(f"--trajectories {trajectories}: with --method sobol, a power of 2 "
                               "(the Sobol' sequence's balance), e.g. 32 or 64")
    if not isinstance(runs, int) or runs < 1:
        raise SensitivityError(f"--runs {runs}: at least 1")
    if not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise SensitivityError(f"--seed {seed}: a whole number from 0 to 2**64-1")
    n = sample_count(method, k, trajectories)
    if n > MAX_SAMPLES:
        raise SensitivityError(f"{n:,} samples ({method}, {k} factors, --trajectories {trajectories}): "
                               f"at most {MAX_SAMPLES:,}")


# ------------------------------------------------------------------------------- writing


def csv_text(result: Result) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = (["mu_star", "mu_star_conf", "sigma", "mu"] if result.method == "morris"
            else ["ST", "ST_conf", "S1", "S1_conf"])
    w.writerow(["output", "label", "rank", "factor", *cols])
    for o in result.document["outputs"]:
        for rank, name in enumerate(o["ranked"], 1):
            ix = o["indices"][name]
            w.writerow([o["output"], o["label"], rank, name, *("" if ix[c] is None else ix[c] for c in cols)])
    return buf.getvalue()


def write_files(result: Result, out, lang: str = "en") -> list[Path]:
    """OUT/sensitivity.json, .csv and .png, each written whole or not at all; the plot in
    `lang` (the data files stay English)."""
    from game.events import write_atomic

    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise SensitivityError(f"--out {out}: a file is in the way (--out is a folder)") from None
    if not out.is_dir():
        raise SensitivityError(f"--out {out}: a file is in the way (--out is a folder)")
    write_atomic(out / JSON_FILE, json.dumps(result.document, indent=2, ensure_ascii=False) + "\n")
    write_atomic(out / CSV_FILE, csv_text(result))
    from game.i18n import Tongue
    from game.plots import write_sensitivity_plot

    labels = {k: shown_label(result, k, lang) for k in result.headline} if lang != "en" else None
    write_sensitivity_plot(out / PNG_FILE, result.document, result.headline, tongue=Tongue(lang), labels=labels)
    return [out / JSON_FILE, out / CSV_FILE, out / PNG_FILE]


def shown_label(result: Result, key: str, lang: str = "en") -> str:
    """Output `key` as the reader names it (the table's and the plot's), in `lang`."""
    d = result.document
    o = next(o for o in d["outputs"] if o["output"] == key)
    targets = {i: (t["variant"], t["from"]) for i, t in d.get("targets", {}).items()}
    if lang == "en" or (key.startswith("text.") and key[5:] not in targets):
        return o["label"]
    return output_label(key, result.setup.scenario, targets, lang)


def _fmt(x, tongue=None) -> str:
    """An index, five wide: "0.900", "0,900"; "n/a" where there is none."""
    if tongue is None or tongue.lang == "en":
        return "  n/a" if x is None else f"{x:5.3f}"
    return (tongue.gettext("n/a") if x is None else tongue.number(x, "0.000")).rjust(5)


def table_lines(result: Result, top: int = TOP, lang: str = "en") -> list[str]:
    """The ranked table a facilitator reads, in `lang`: per headline output, the few factors
    that decide it."""
    from game.i18n import Tongue, localized

    tongue = Tongue(lang)
    _, ngettext = tongue.gettext, tongue.ngettext
    d = result.document
    sc = result.setup.scenario
    num = tongue.whole
    pm = "+/-" if lang == "en" else "\u00b1"  # (a confidence half-width: « 0,250 (± 0,120) »)

    def pc(x: float) -> str:
        return tongue.percent(x, 1)

    def f(x) -> str:
        return _fmt(x, tongue)

    def label(o: dict) -> str:
        return shown_label(result, o["output"], lang)

    if result.method == "morris":
        how = _("Morris, {r} trajectories x {points} points = {samples} samples").format(
            r=d["trajectories"], points=len(d["factors"]) + 1, samples=num(d["samples"]))
        legend = _("mu* = mean absolute change of the share per step of the factor, scaled to its "
                   "whole range (0.10 = 10 points); sigma = how much that change varies with the others")
    else:
        how = _("Sobol, N = {n} x (2k + 2) = {samples} samples").format(n=d["base_samples"], samples=num(d["samples"]))
        legend = _("ST = share of the output's variance due to the factor with its interactions; "
                   "S1 = alone (+/- the 95% half-width)")
    runs = ngettext("{n} run", "{n} runs", d["runs"]).format(n=num(d["runs"]))
    lines = [_("{title}: what decides the case ({how}, {runs} each, seed {seed}; {k} factors)").format(
        title=localized(sc, lang).title, how=how, runs=runs, seed=d["seed"], k=len(d["factors"])), f"  {legend}"]
    if d["failed_runs"]:
        lines.append(_("  {n} runs raised an error and are left out of their sample's shares").format(
            n=num(d["failed_runs"])))
    by_key = {o["output"]: o for o in d["outputs"]}
    for key in result.headline:
        o = by_key[key]
        lines.append("")
        lines.append(_("{label}: {now} as the scenario stands; {mean} on average, {low} to {high} across "
                       "samples").format(label=label(o), now=pc(o["as_it_stands"]), mean=pc(o["mean"]),
                                         low=pc(o["min"]), high=pc(o["max"])))
        if o["max"] == o["min"]:
            lines.append(_("    the same in every sample: none of these factors moves it"))
            continue
        for rank, name in enumerate(o["ranked"][:top], 1):
            ix = o["indices"][name]
            if not ix[rank_key(result.method)]:
                break  # the rest have no effect either
            if result.method == "morris":
                vals = f"mu* {f(ix['mu_star'])} ({pm} {f(ix['mu_star_conf']).strip()})  sigma {f(ix['sigma'])}"
            else:
                vals = (f"ST {f(ix['ST'])} ({pm} {f(ix['ST_conf']).strip()})  "
                        f"S1 {f(ix['S1'])} ({pm} {f(ix['S1_conf']).strip()})")
            lines.append(f"  {rank}. {name:<42}{vals}")
    quiet = [label(o) for o in d["outputs"] if o["output"].startswith("text.") and not o["headline"]]
    if quiet:
        lines.append("")
        lines.append(_("Not contested in any run of any sample: {outputs}").format(outputs=("; " if lang == "en" else "\u00a0; ").join(quiet)))
    return lines


# ------------------------------------------------------------------------------ the command


def cmd_sensitivity(args) -> int:
    """``python main.py sensitivity ...`` (see game/cli.py for the arguments)."""
    from game.batch import BatchError, command_exit, default_workers, lock_folder, show_progress

    scenario = args.scenario
    if scenario is None:
        from game.resources import default_scenario

        scenario = str(default_scenario())
    params = None if args.params is None else [p for p in args.params.split(",") if p.strip()]
    scenario_params = [p for p in (args.scenario_params or "").split(",") if p.strip()]
    try:
        if args.address and args.backend != "dask":
            raise SensitivityError("--address is for --backend dask")
        if args.backend == "dask" and not args.address:
            raise SensitivityError("--backend dask needs --address tcp://HOST:PORT (the Dask scheduler)")
        setup = load_setup(scenario, params, scenario_params)
        trajectories = args.trajectories or default_trajectories(args.method)
        _check(args.method, trajectories, args.runs, args.seed, len(setup.factors))
        with lock_folder(Path(args.out)):
            result = analyse(setup, method=args.method, trajectories=trajectories, runs=args.runs,
                             seed=args.seed, workers=args.workers or default_workers(),
                             backend=args.backend, address=args.address, progress=show_progress(),
                             handle_interrupt=True, lang=reader(args).lang)
            files = write_files(result, args.out, reader(args).lang)
    except (ScenarioError, SensitivityError, BatchError) as exc:
        return command_exit(exc, "sensitivity")
    except SensitivityInterrupted as exc:
        print("\n" + reader(args).gettext(
            "sensitivity: {problem}: nothing written (the indices need every sample); "
            "run the same command again").format(problem=exc), file=sys.stderr)
        return 130
    tongue = reader(args)
    print()
    for line in table_lines(result, lang=tongue.lang):
        print(line)
    seconds = tongue.number(result.seconds, "0.0")
    print("\n" + tongue.gettext("Wrote {files} ({seconds} s).").format(files=", ".join(map(str, files)),
                                                                       seconds=seconds))
    return 0
