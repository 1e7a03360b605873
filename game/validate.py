"""The historical scorecard: how the simulated runs of each case compare with the record.

    python main.py validate --runs 200 --seed 0 --out validation/

Each case (a scenario with a ``history`` block) is played as a batch (`game.batch.run_batch`
into ``OUT/<scenario id>/``: deterministic whatever the workers or the backend, resumable,
Ctrl-C safe), and its rows are scored against the record:

- the record's outcome and its simulated probability, and the Brier score of the outcome
  (multi-class, over `OUTCOMES`: 0 a perfect forecast, 2 a certain and wrong one);
- the modal tally against the record's tally, and the probability of the record's tally;
- per member, P(yes / abstain / no) on the deciding vote (among the runs that held a vote)
  and its Brier score against the recorded ballot, and their mean;
- F1 over the members not voting yes (the predicted set: the members with P(not yes) > 0.5;
  also the mean of the per-run F1);
- F1 of the first silence's breakers, where the record names them;
- per contested paragraph with a recorded final text, P(record's variant) and whether the
  modal variant is the record's, and the share of paragraphs that match;
- the log-likelihood of the record (its ballots, outcome and final texts: the sum of the log
  of each one's smoothed share of runs, `smoothed`), the quantity ``calibrate`` maximises.

A field the record leaves unknown gives ``"n/a"`` for every figure that needs it, never 0.
Beside the model, every figure is given for a naive baseline (`baseline_rows`: adopted,
every member votes yes, the first silence held, the zero draft survives), scored by the
same code as if every run had played the rule of thumb.

Cases are split by time (`split_of`): vote before 1 January 2021, "training" (what the
model's constants may be fitted on); on or after, "evaluation"; an unknown vote date
counts as evaluation (and is said so). Scores are given per case, per split and overall.

Writes ``OUT/validation.json`` (every figure, stable key order: the same command and seed
give a byte-identical file), ``OUT/calibration.png`` (the reliability diagram of the
predicted ballots against the recorded ones) and ``OUT/validation.html`` (the scorecard,
with the plot embedded). docs/validation.md says what each figure means.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import math
import os
import shlex
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.batch import (
    MANIFEST,
    RUNS_JSONL,
    BatchError,
    BatchFailed,
    BatchInterrupted,
    command_exit,
    lock_folder,
    plan_batch,
    run_batch,
)
from game.errors import ScenarioError
from game.events import write_atomic
from game.i18n import ENGLISH, N_, Tongue, reader
from game.stats import BALLOTS, OUTCOMES, _f1

SPLIT_DATE = dt.date(2021, 1, 1)
"""Cases voted before this day are the training period; on or after it, evaluation."""
SMOOTHING = 0.5
"""Added to every count before a share of runs enters the log-likelihood (add-0.5, the
Jeffreys prior): a record no run played scores log(0.5 / (n + 0.5 K)), not minus infinity."""
NA = "n/a"
# validation.json's words on the method (English, data), translated where a page shows them
SMOOTHING_TEXT = N_("add-{s} over runs: (count + {s}) / (runs + {s} x values)")
BASELINE_TEXT = N_("adopted; every member votes yes; the first silence held; the zero draft survives")
DECIMALS = 6
BINS = 10  # of the reliability diagram, over [0, 1]

VALIDATION_JSON = "validation.json"
VALIDATION_HTML = "validation.html"
CALIBRATION_PNG = "calibration.png"
VALIDATE_MANIFEST = "validate.json"
FORMAT = "penholder-validation"
VERSION = 1
SPLITS = ("training", "evaluation")


class ValidateError(Exception):
    """A bad PATH, a scenario without a history block, an output folder in use: one line,
    reported before any run."""


# ------------------------------------------------------------------------------ the cases


@dataclass(frozen=True)
class Case:
    """A scenario with a record to compare with."""

    path: Path
    scenario: object  # game.schema.Scenario
    split: str  # "training" or "evaluation"
    note: str  # why the split, when the vote date is unknown

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def vote_date(self) -> str:
        d = self.scenario.history.vote_date
        return d if d == "unknown" else d.isoformat()


def split_of(history) -> tuple[str, str]:
    """("training" | "evaluation", a note): by the vote date against `SPLIT_DATE`; an
    unknown date is evaluation (what is not known to precede 2021 may not be fitted on)."""
    if history.vote_date == "unknown":
        return "evaluation", N_("vote date unknown: counted as evaluation")  # (translated where shown)
    return ("training" if history.vote_date < SPLIT_DATE else "evaluation"), ""


def shipped_case_files() -> list[Path]:
    """The shipped scenarios with a history block: scenarios/ and scenarios/history/."""
    from game.resources import shipped_scenarios

    return [f for f in shipped_scenarios() if _has_history(f)]


def _has_history(path: Path) -> bool:
    """Whether the file has a top-level ``history:`` key (read as text: cheap, no parse)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True  # let load_scenario report what is wrong with it
    return any(line.startswith("history:") for line in text.splitlines())


def expand_paths(paths: Sequence[str | os.PathLike]) -> list[Path]:
    """The scenario files PATHS name: a file as it is, a folder its *.yaml with a history
    block (sorted by name); none given, the shipped cases. Raises `ValidateError`."""
    if not paths:
        files = shipped_case_files()
        if not files:
            raise ValidateError("no shipped scenario has a history block")
        return files
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = [f for f in sorted(p.glob("*.yaml")) if _has_history(f)]
            if not found:
                raise ValidateError(f"{p}: no scenario with a history block in this folder")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise ValidateError(f"{p}: no such file or folder")
    seen, unique = set(), []
    for f in out:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def load_cases(paths: Sequence[str | os.PathLike]) -> list[Case]:
    """Every case PATHS name, checked: raises `ScenarioError` (file:line: field: problem)
    or `ValidateError` (no history, two cases with the same id)."""
    from game.scenario import load_scenario

    cases, ids = [], {}
    for f in expand_paths(paths):
        sc = load_scenario(f)
        if sc.history is None:
            raise ValidateError(f"{f}: no history block: there is no record to compare the runs with")
        if sc.id in ids:
            raise ValidateError(f"{f}: scenario id {sc.id} is also the id of {ids[sc.id]} "
                                "(each case's runs go to OUT/<id>/)")
        ids[sc.id] = f
        split, note = split_of(sc.history)
        cases.append(Case(f, sc, split, note))
    return cases


# ---------------------------------------------------------------------------- the metrics


def _r(x: float) -> float:
    return round(x, DECIMALS)


def smoothed(count: int, n: int, k: int) -> float:
    """A share of runs for the log-likelihood: (count + 0.5) / (n + 0.5 k), k the number
    of possible values (`SMOOTHING`)."""
    return (count + SMOOTHING) / (n + SMOOTHING * k)


def _modal(counter: Counter, order: Sequence[str]) -> str | None:
    """The most common value; ties go to the first in `order` (then by name): the same
    answer whatever the order of the rows."""
    if not counter:
        return None
    rank = {v: i for i, v in enumerate(order)}
    return min(counter, key=lambda v: (-counter[v], rank.get(v, len(rank)), v))


def _brier(probs: dict[str, float], actual: str, classes: Sequence[str]) -> float:
    """Multi-class Brier score: sum over the classes of (p - [class is actual])^2."""
    return sum((probs.get(c, 0.0) - (1.0 if c == actual else 0.0)) ** 2 for c in classes)


def record_tally(history) -> str | None:
    """The record's tally as the rows write it (yes-no-abstain), or None if unknown."""
    if history.tally == "unknown":
        return None
    return "-".join(str(sum(1 for b in history.tally.values() if b == x)) for x in ("yes", "no", "abstain"))


def record_first_breakers(history) -> set[str] | None:
    """Who broke the record's first silence (an empty set: it held), or None if unknown."""
    if history.silences == "unknown" or not history.silences:
        return None
    first = history.silences[0]
    return None if first.broken_by == "unknown" else set(first.broken_by)


def case_metrics(rows: Iterable[dict], scenario) -> dict:
    """Every figure of one case from its runs' rows (`game.stats.run_row`, with ``run``)
    and its history block. Rows with an ``error`` are counted as failed and left out."""
    h = scenario.history
    members = sorted(scenario.members)
    issues = {i.id: i for i in scenario.issues}
    rows = [r for r in rows]
    ok = [r for r in rows if "error" not in r]
    n = len(ok)
    voted = [r for r in ok if r["votes"]]
    nv = len(voted)

    # outcome
    outcomes = Counter(r["outcome"] for r in ok)
    probs = {o: (outcomes[o] / n if n else 0.0) for o in OUTCOMES}
    modal_outcome = _modal(outcomes, OUTCOMES)
    outcome = {
        "record": h.outcome,
        "p_record": _r(probs[h.outcome]),
        "modal": modal_outcome,
        "modal_matches": modal_outcome == h.outcome,
        "probabilities": {o: _r(probs[o]) for o in OUTCOMES},
        "brier": _r(_brier(probs, h.outcome, OUTCOMES)) if n else NA,
    }

    # tally
    tallies = Counter(r["tally"] or "no vote" for r in ok)
    rec_tally = record_tally(h)
    modal_tally = _modal(tallies, ())
    tally = {
        "record": rec_tally if rec_tally is not None else NA,
        "modal": modal_tally if modal_tally is not None else NA,
        "modal_matches": (modal_tally == rec_tally) if rec_tally is not None and n else NA,
        "p_record": _r(tallies[rec_tally] / n) if rec_tally is not None and n else NA,
    }

    # ballots on the deciding vote
    known = {} if h.tally == "unknown" else {m: b for m, b in h.tally.items() if m in scenario.members}
    counts = {m: Counter(r["votes"].get(m) for r in voted) for m in members}
    p_ballot = {m: {b: (counts[m][b] / nv if nv else 0.0) for b in BALLOTS} for m in members}
    per_member = {}
    briers = []
    for m in members:
        rec = known.get(m)
        brier = _brier(p_ballot[m], rec, BALLOTS) if rec is not None and nv else None
        if brier is not None:
            briers.append(brier)
        per_member[m] = {"record": rec if rec is not None else NA,
                         "p": {b: _r(p_ballot[m][b]) for b in BALLOTS},
                         "brier": _r(brier) if brier is not None else NA}
    ballots = {"runs_with_vote": nv, "members": per_member,
               "mean_brier": _r(sum(briers) / len(briers)) if briers else NA}

    # members not voting yes
    if known and nv:
        actual = {m for m, b in known.items() if b != "yes"}
        predicted = {m for m in known if p_ballot[m]["abstain"] + p_ballot[m]["no"] > 0.5}
        run_f1 = sum(_f1({m for m in known if r["votes"].get(m, "yes") != "yes"}, actual)
                     for r in voted) / nv
        not_yes = {"record": sorted(actual), "predicted": sorted(predicted),
                   "f1": _r(_f1(predicted, actual)), "mean_run_f1": _r(run_f1)}
    else:
        not_yes = {"record": sorted(m for m, b in known.items() if b != "yes") if known else NA,
                   "predicted": NA, "f1": NA, "mean_run_f1": NA}

    # the first silence's breakers
    rec_breakers = record_first_breakers(h)
    firsts = [set(r["breakers"][0]) if r["breakers"] else set() for r in ok]
    broke = Counter(m for s in firsts for m in s)
    p_broke = {m: _r(broke[m] / n if n else 0.0) for m in members}
    predicted_b = {m for m in members if n and broke[m] / n > 0.5}
    if rec_breakers is not None and n:
        first_silence = {"record": sorted(rec_breakers), "predicted": sorted(predicted_b),
                         "p_broke": p_broke, "f1": _r(_f1(predicted_b, rec_breakers)),
                         "mean_run_f1": _r(sum(_f1(s, rec_breakers) for s in firsts) / n)}
    else:
        first_silence = {"record": NA, "predicted": sorted(predicted_b), "p_broke": p_broke,
                         "f1": NA, "mean_run_f1": NA}

    # final texts
    paragraphs = {}
    for iid, v in h.final_text.items():
        if v == "unknown" or iid not in issues:
            continue
        texts = Counter(r["final_text"].get(iid) for r in ok)
        order = [x.id for x in issues[iid].variants]
        modal = _modal(texts, order)
        paragraphs[iid] = {"record": v, "p_record": _r(texts[v] / n) if n else 0.0,
                           "modal": modal if modal is not None else NA,
                           "modal_matches": modal == v}
    matching = sum(1 for p in paragraphs.values() if p["modal_matches"])
    final_text = {"paragraphs": paragraphs, "matching": matching, "recorded": len(paragraphs),
                  "share_matching": _r(matching / len(paragraphs)) if paragraphs else NA}

    # the log-likelihood of the record
    ll_outcome = math.log(smoothed(outcomes[h.outcome], n, len(OUTCOMES)))
    # the recorded tally as a whole (yes-no-abstain counts): the members' ballots below are
    # scored one by one, which cannot tell a model whose abstentions come together on a few
    # members (the record's way) from one that scatters them at random over every case
    n_members = len(members)
    possible_tallies = (n_members + 1) * (n_members + 2) // 2
    ll_tally = (math.log(smoothed(tallies[rec_tally], n, possible_tallies))
                if rec_tally is not None else 0.0)
    ll_ballots = sum(math.log(smoothed(counts[m][b], nv, len(BALLOTS))) for m, b in known.items())
    ll_texts = 0.0
    for iid, p in paragraphs.items():
        c = sum(1 for r in ok if r["final_text"].get(iid) == p["record"])
        ll_texts += math.log(smoothed(c, n, len(issues[iid].variants)))
    items = 1 + (rec_tally is not None) + len(known) + len(paragraphs)
    total = ll_outcome + ll_tally + ll_ballots + ll_texts
    log_likelihood = {"outcome": _r(ll_outcome), "tally": _r(ll_tally) if rec_tally is not None else NA,
                      "ballots": _r(ll_ballots) if known else NA,
                      "final_text": _r(ll_texts) if paragraphs else NA, "total": _r(total),
                      "items": items, "per_item": _r(total / items)}

    return {"runs": len(rows), "failed_runs": len(rows) - n, "outcome": outcome, "tally": tally,
            "ballots": ballots, "not_yes": not_yes, "first_silence": first_silence,
            "final_text": final_text, "log_likelihood": log_likelihood}


def baseline_rows(scenario, n: int) -> list[dict]:
    """`n` runs of the rule of thumb: adopted, every member votes yes, the first silence
    held (nobody broke it), the zero draft survives. Scored by `case_metrics` like the
    model's runs (the same smoothing over the same number of runs)."""
    members = sorted(scenario.members)
    row = {"outcome": "adopted", "vote_on": "resolution", "tally": f"{len(members)}-0-0",
           "votes": {m: "yes" for m in members}, "breakers": [[]],
           "final_text": {i.id: scenario.zero_draft.get(i.id) for i in scenario.issues}}
    return [dict(row, run=i) for i in range(n)]


def ballot_points(metrics: dict) -> list[tuple[float, int]]:
    """(predicted probability, 1 if it happened else 0) for each class of each recorded
    ballot: the points of the reliability diagram."""
    out = []
    if metrics["ballots"]["runs_with_vote"] == 0:
        return out
    for m in metrics["ballots"]["members"].values():
        if m["record"] == NA:
            continue
        for b in BALLOTS:
            out.append((m["p"][b], 1 if b == m["record"] else 0))
    return out


def reliability(points: Sequence[tuple[float, int]], bins: int = BINS) -> list[dict]:
    """The reliability diagram's bins: [lo, hi) (the last closed), how many points, their
    mean predicted probability and observed frequency (n/a for an empty bin)."""
    out = []
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        inside = [(p, o) for p, o in points if lo <= p < hi or (k == bins - 1 and p == 1.0)]
        c = len(inside)
        out.append({"bin": [_r(lo), _r(hi)], "count": c,
                    "mean_predicted": _r(sum(p for p, _ in inside) / c) if c else NA,
                    "observed": _r(sum(o for _, o in inside) / c) if c else NA})
    return out


def _mean(xs: list) -> float | str:
    xs = [x for x in xs if x != NA]
    return _r(sum(xs) / len(xs)) if xs else NA


def aggregate(metrics: Sequence[dict]) -> dict:
    """The scores of several cases together (means over the cases where a figure is known;
    counts "k of n")."""
    def known(get):
        return [get(m) for m in metrics if get(m) != NA]

    tallies = known(lambda m: m["tally"]["modal_matches"])
    paragraphs = [p for m in metrics for p in m["final_text"]["paragraphs"].values()]
    lls = [m["log_likelihood"]["total"] for m in metrics]
    return {
        "cases": len(metrics),
        "outcome": {"modal_matches": sum(1 for m in metrics if m["outcome"]["modal_matches"]),
                    "mean_p_record": _mean([m["outcome"]["p_record"] for m in metrics]),
                    "mean_brier": _mean([m["outcome"]["brier"] for m in metrics])},
        "tally": {"modal_matches": sum(1 for t in tallies if t), "recorded": len(tallies),
                  "mean_p_record": _mean(known(lambda m: m["tally"]["p_record"]))},
        "ballots": {"mean_brier": _mean(known(lambda m: m["ballots"]["mean_brier"]))},
        "not_yes": {"mean_f1": _mean(known(lambda m: m["not_yes"]["f1"])),
                    "mean_run_f1": _mean(known(lambda m: m["not_yes"]["mean_run_f1"])),
                    "recorded": len(known(lambda m: m["not_yes"]["f1"]))},
        "first_silence": {"mean_f1": _mean(known(lambda m: m["first_silence"]["f1"])),
                          "mean_run_f1": _mean(known(lambda m: m["first_silence"]["mean_run_f1"])),
                          "recorded": len(known(lambda m: m["first_silence"]["f1"]))},
        "final_text": {"matching": sum(1 for p in paragraphs if p["modal_matches"]),
                       "recorded": len(paragraphs),
                       "share_matching": _r(sum(1 for p in paragraphs if p["modal_matches"])
                                            / len(paragraphs)) if paragraphs else NA,
                       "mean_p_record": _mean([p["p_record"] for p in paragraphs])},
        "log_likelihood": {"total": _r(sum(lls)), "mean_per_case": _mean(lls)},
    }


def score_cases(cases: Sequence[Case], rows_of: Callable[[Case], list[dict]]) -> dict:
    """validation.json's content (without the command's arguments): per case the model's
    and the baseline's figures, per split and overall, and the reliability bins."""
    per_case = {}
    points = {s: [] for s in SPLITS}
    for c in cases:
        rows = rows_of(c)
        model = case_metrics(rows, c.scenario)
        base = case_metrics(baseline_rows(c.scenario, len(rows)), c.scenario)
        points[c.split].extend(ballot_points(model))
        per_case[c.id] = {"path": shown_path(c.path), "title": c.scenario.title,
                          "vote_date": c.vote_date, "split": c.split,
                          **({"split_note": c.note} if c.note else {}),
                          "model": model, "baseline": base}
    groups = {"training": [k for k, v in per_case.items() if v["split"] == "training"],
              "evaluation": [k for k, v in per_case.items() if v["split"] == "evaluation"],
              "all": list(per_case)}
    overall = {g: {"cases": ids,
                   "model": aggregate([per_case[k]["model"] for k in ids]),
                   "baseline": aggregate([per_case[k]["baseline"] for k in ids])}
               for g, ids in groups.items()}
    return {"cases": per_case, "overall": overall,
            "reliability": {s: reliability(points[s]) for s in SPLITS}}


# ------------------------------------------------------------------------------- running


def read_rows(folder: Path) -> list[dict]:
    """A finished batch's rows, in run order (one per run: the first line of each)."""
    by_run = {}
    with open(folder / RUNS_JSONL, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            by_run.setdefault(row["run"], row)
    return [by_run[i] for i in sorted(by_run)]


def shown_path(path: Path) -> str:
    """A case's path as the files record it: relative to the shipped scenarios' parent
    when it is one of them (the same file wherever the command runs), else as given."""
    from game.resources import scenarios_dir

    root = scenarios_dir().resolve().parent
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _manifest(cases: Sequence[Case], runs: int, seed: int, overrides: Sequence[str]) -> dict:
    from game.scenario import scenario_hash

    return {"format": FORMAT, "version": VERSION, "runs": runs, "seed": seed,
            "overrides": list(overrides), "cases": [{"id": c.id, "path": shown_path(c.path), "scenario_hash": scenario_hash(c.scenario)}
                      for c in cases]}


def _check_manifest(out: Path, manifest: dict, resume: bool) -> None:
    path = out / VALIDATE_MANIFEST
    if not resume:
        if path.exists() or (out / VALIDATION_JSON).exists() or any(
                (out / c["id"] / MANIFEST).exists() for c in manifest["cases"]):
            raise ValidateError(f"{out} already holds a validation: add --resume to continue it, "
                                "or choose another --out")
        return
    if not path.exists():
        raise ValidateError(f"--resume: {out} holds no validation to resume (no {VALIDATE_MANIFEST})")
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidateError(f"--resume: cannot read {path}: {exc}") from None
    if old != manifest:
        raise ValidateError(f"--resume: this command is not the validation in {out} (it ran "
                            f"{len(old.get('cases', []))} cases, {old.get('runs')} runs, seed "
                            f"{old.get('seed')}; repeat the same PATHS, --runs, --seed, --set and --fitted)")


def validate(paths: Sequence[str | os.PathLike] = (), runs: int = 200, seed: int = 0,
             out: str | os.PathLike = "validation", *, workers: int | None = None,
             backend: str = "local", address: str | None = None, resume: bool = False,
             progress: bool | None = None, handle_interrupt: bool = False,
             plots: bool = True, overrides: Sequence[str] = (),
             echo: Callable[[str], None] | None = None, lang: str = "en") -> dict:
    """Play every case as a batch into ``out/<id>/`` and write the scorecard; returns
    validation.json's content. `overrides` (``PATH=VALUE``, as ``batch --set``) apply to
    every case, e.g. ``model.unity=0.46`` to score candidate constants. Raises `ValidateError`, `ScenarioError`, `BatchError`
    (nothing run), `BatchInterrupted` / `BatchFailed` (what is done is saved: call again
    with ``resume=True``). What it says as it goes (`echo`) and validation.html are in
    `lang`, and the reliability diagram it shows; validation.json stays English (data)."""
    echo = echo or (lambda _s: None)
    tongue = Tongue(lang)
    cases = load_cases(paths)
    out = Path(out)
    for c in cases:  # every case takes the overrides: checked before any run
        plan_batch(c.path, runs, seed, out / c.id, overrides=overrides)
    manifest = _manifest(cases, runs, seed, overrides)
    with lock_folder(out):
        _check_manifest(out, manifest, resume)
        write_atomic(out / VALIDATE_MANIFEST, json.dumps(manifest, indent=2) + "\n")
        for n, c in enumerate(cases, 1):
            sub = out / c.id
            said = (tongue.gettext("{case} ({split}, vote date unknown): {n}/{cases} -> {out}")
                    if c.vote_date == "unknown" else tongue.gettext("{case} ({split}, vote {date}): {n}/{cases} -> {out}"))
            echo(said.format(case=c.id, split=tongue.gettext(c.split), date=shown_date(c.vote_date, tongue),
                             n=n, cases=len(cases), out=sub))
            run_batch(c.path, runs, seed, sub, workers=workers, backend=backend, address=address,
                      resume=resume and (sub / MANIFEST).exists(), plots=False, progress=progress,
                      overrides=overrides,
                      handle_interrupt=handle_interrupt, echo=echo, lang=lang)
        result = {"format": FORMAT, "version": VERSION, "runs": runs, "seed": seed,
                  **({"overrides": list(overrides)} if overrides else {}),
                  "split_date": SPLIT_DATE.isoformat(),
                  "smoothing": SMOOTHING_TEXT.format(s=SMOOTHING),
                  "baseline": BASELINE_TEXT,
                  **score_cases(cases, lambda c: read_rows(out / c.id))}
        write_atomic(out / VALIDATION_JSON, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        if plots:
            write_calibration_plot(out / CALIBRATION_PNG, result, tongue)
        write_atomic(out / VALIDATION_HTML, scorecard_html(result, out / CALIBRATION_PNG if plots else None,
                                                                 tongue))
    return result


# ------------------------------------------------------------------------------ printing


def shown_date(iso: str, tongue: Tongue = ENGLISH, form: str = "full") -> str:
    """A date of the scorecard (ISO, as validation.json keeps it) as the reader writes it:
    "2021-06-29" in English (as the tables always wrote it); "mardi 29 juin 2021" (form
    "full", in a sentence) or "mar. 29 juin 2021" (form "short", in a table's column) in
    French, the first of a month "1er" ("vendredi 1er janvier 2021"). Anything else
    ("unknown") as it is."""
    if tongue.lang == "en":
        return iso
    try:
        day = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    return tongue.date(day, form)


def _f(x, pattern: str = "0.00", tongue: Tongue = ENGLISH) -> str:
    """A figure of the scorecard as the reader writes it (`pattern` as `Tongue.number`'s:
    "0.000" three decimals); "n/a" where there is none."""
    if x == NA or x is None:
        return tongue.gettext(NA)
    if isinstance(x, bool):
        return tongue.gettext("yes") if x else tongue.gettext("no")
    return tongue.number(x, pattern)


def _pc(x, tongue: Tongue = ENGLISH) -> str:
    """A probability as a percentage: "64%", "64 %"."""
    if x == NA or x is None:
        return tongue.gettext(NA)
    return tongue.percent(x)


CASE_COLUMNS = (N_("case"), N_("split"), N_("P(outcome)"), N_("tally: modal/record"), N_("P(tally)"),
                N_("Brier out."), N_("Brier ballots"), N_("F1 not-yes"), N_("F1 1st sil."), N_("texts"),
                N_("log-lik."))
SPLIT_NAMES = (N_("training"), N_("evaluation"), N_("all"))  # (translated in the terminal's table)


def case_cells(key: str, c: dict, who: str, _: Tongue = ENGLISH) -> list[str]:
    """A case's row, its words and figures in the reader's language (`_`, a `Tongue`)."""
    m = c[who]
    t = m["tally"]
    ft = m["final_text"]
    return [key if who == "model" else "  " + _("baseline"), _(c["split"]) if who == "model" else "",
            _pc(m["outcome"]["p_record"], _),
            f"{t['modal']}/{t['record']}" + (" =" if t["modal_matches"] is True else ""),
            _pc(t["p_record"], _), _f(m["outcome"]["brier"], "0.000", _), _f(m["ballots"]["mean_brier"], "0.000", _),
            _f(m["not_yes"]["f1"], tongue=_), _f(m["first_silence"]["f1"], tongue=_),
            f"{ft['matching']}/{ft['recorded']}" if ft["recorded"] else _(NA),
            _f(m["log_likelihood"]["total"], "0.0", _)]


OVERALL_COLUMNS = (N_("cases"), "", "P(outcome)", N_("tally exact"), "P(tally)", "Brier out.",
                   "Brier ballots", "F1 not-yes", "F1 1st sil.", "texts", "log-lik.")


def overall_cells(group: str, g: dict, who: str, _: Tongue = ENGLISH) -> list[str]:
    """A split's row (training, evaluation, all), in the reader's language (`_`)."""
    a = g[who]
    return [f"{_(group)} ({a['cases']})" if who == "model" else "  " + _("baseline"), "",
            _pc(a["outcome"]["mean_p_record"], _),
            _("{a} of {b}").format(a=a["tally"]["modal_matches"], b=a["tally"]["recorded"]),
            _pc(a["tally"]["mean_p_record"], _), _f(a["outcome"]["mean_brier"], "0.000", _),
            _f(a["ballots"]["mean_brier"], "0.000", _), _f(a["not_yes"]["mean_f1"], tongue=_),
            _f(a["first_silence"]["mean_f1"], tongue=_),
            f"{a['final_text']['matching']}/{a['final_text']['recorded']}",
            _f(a["log_likelihood"]["total"], "0.0", _)]


def _table(head: Sequence[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)] if rows else [len(h) for h in head]
    fmt = lambda cells: "  ".join(  # noqa: E731
        (c.ljust(w) if i == 0 else c.rjust(w)) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return [fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]


def table_lines(result: dict, lang: str = "en") -> list[str]:
    """The scorecard as a terminal reads it, in `lang`: a line per case (and its baseline),
    then the splits."""
    tongue = _ = Tongue(lang)
    rows = []
    for key, c in result["cases"].items():
        rows.append(case_cells(key, c, "model", _))
        rows.append(case_cells(key, c, "baseline", _))
    lines = [_("Validation: {cases} cases x {runs} runs, seed {seed} (training: vote before {date})").format(
        cases=len(result["cases"]), runs=tongue.whole(result["runs"]), seed=result["seed"],
        date=shown_date(result["split_date"], tongue))]
    if result.get("overrides"):
        lines.append(_("  with {changes}").format(changes="; ".join(result["overrides"])))
    lines.append("")
    lines += _table([_(h) if h else h for h in CASE_COLUMNS], rows)
    notes = [f"  {k}{tongue.colon} {_(c['split_note'])}" for k, c in result["cases"].items() if c.get("split_note")]
    if notes:
        lines += ["", *notes]
    grows = []
    for g in ("training", "evaluation", "all"):
        if result["overall"][g]["cases"]:
            grows.append(overall_cells(g, result["overall"][g], "model", _))
            grows.append(overall_cells(g, result["overall"][g], "baseline", _))
    lines += ["", _("Overall (means over the cases where the record is known)")]
    lines += _table([_(h) if h else h for h in OVERALL_COLUMNS], grows)
    lines += ["", _("Brier: 0 is a perfect forecast (outcome over 5 outcomes, ballots over yes/abstain/no; "
                    "at most 2). F1 1 = the same members. log-lik.: of the record, add-0.5 smoothing "
                    "(higher is better).")]
    return lines


# --------------------------------------------------------------------------- the plot, html


def write_calibration_plot(path: Path, result: dict, tongue: Tongue = ENGLISH) -> Path:
    """The reliability diagram: mean predicted probability of a ballot against how often it
    was the recorded one, per bin, training and evaluation marked apart, the diagonal, and
    each bin's count; its words and figures in the reader's language (validation.html shows
    it)."""
    from game.plots import _plain_text, _save, plt

    _ = tongue

    @_plain_text
    def draw():
        fig, (ax, axh) = plt.subplots(2, 1, figsize=(6.4, 7.2), height_ratios=(3, 1), sharex=True)
        ax.plot([0, 1], [0, 1], ls="--", color="#888888", lw=1, label=_("perfectly calibrated"))
        styles = {"training": ("o", "#1565c0"), "evaluation": ("s", "#ef6c00")}
        width = 1 / BINS / 2.4
        for k, split in enumerate(SPLITS):
            bins = [b for b in result["reliability"][split] if b["count"]]
            marker, colour = styles[split]
            n = sum(b["count"] for b in result["reliability"][split])
            if bins:
                xs = [b["mean_predicted"] for b in bins]
                ys = [b["observed"] for b in bins]
                ax.plot(xs, ys, marker=marker, color=colour, lw=1.2, ms=7,
                        label=_("{split} ({n} ballot-probabilities)").format(split=_(split), n=tongue.whole(n)))
                for x, y, b in zip(xs, ys, bins, strict=True):
                    ax.annotate(str(b["count"]), (x, y), textcoords="offset points",
                                xytext=(6, -10 if split == "training" else 6), fontsize=7, color=colour)
            centres = [(b["bin"][0] + b["bin"][1]) / 2 + (k - 0.5) * width for b in result["reliability"][split]]
            axh.bar(centres, [b["count"] for b in result["reliability"][split]], width=width,
                    color=colour, label=_(split))
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.02, 1.02)
        ax.set_ylabel(_("observed frequency (recorded ballot)"))
        ax.set_title(_("Predicted ballots against the record\n{cases} cases x {runs} runs, {bins} bins").format(
            cases=len(result["cases"]), runs=tongue.whole(result["runs"]), bins=BINS))
        ax.legend(loc="upper left", fontsize=8)
        ax.grid(alpha=0.3)
        axh.set_xlabel(_("predicted probability (share of runs), per member and ballot"))
        axh.set_ylabel(_("count"))
        axh.legend(fontsize=7)
        if tongue.lang != "en":  # the axes' figures too: 0,2 not 0.2
            from matplotlib.ticker import FuncFormatter

            comma = FuncFormatter(lambda v, _pos: tongue.number(v, "0.##"))
            for a in (ax, axh):
                a.xaxis.set_major_formatter(comma)
            ax.yaxis.set_major_formatter(comma)
        return fig

    return _save(draw(), path)


_CSS = ("body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;"
        "margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
        "td:first-child,th:first-child{text-align:left}tr.base td{color:#666;font-style:italic}"
        ".na{color:#999}")


def _html_table(head: Sequence[str], rows: list[tuple[str, list[str]]], tongue: Tongue = ENGLISH) -> str:
    na = tongue.gettext(NA)
    out = ["<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>"]
    for cls, cells in rows:
        tds = "".join(f"<td{' class=na' if c == na else ''}>{html.escape(c)}</td>" for c in cells)
        out.append(f"<tr class={cls}>{tds}</tr>")
    return "\n".join(out) + "\n</table>"


def scorecard_html(result: dict, png: Path | None, tongue: Tongue = ENGLISH) -> str:
    """A self-contained page: the overall table, a table per case (members and paragraphs),
    the reliability diagram; its words and figures in the reader's language (`tongue`: the
    ids and the record's values stay as validation.json has them; its dates and the plot
    in the reader's language)."""
    e = html.escape
    _ = tongue
    lang = "" if tongue.lang == "en" else f" lang={tongue.lang}"  # (the English page as it was)

    def said(value) -> str:  # an outcome or a ballot of the record, as the reader says it
        value = str(value)
        if tongue.lang == "en":
            return value
        if value in BALLOTS:
            return tongue.pgettext("ballot", value)
        return _(value.replace("_", " "))

    smoothing = result["smoothing"]
    if smoothing == SMOOTHING_TEXT.format(s=SMOOTHING):
        smoothing = _(SMOOTHING_TEXT).format(s=tongue.number(SMOOTHING, "0.##"))

    title, heading = e(_("Penholder validation")), e(_("Validation against the record"))
    overall, calibration, diagram, cases = (e(_("Overall")), e(_("Calibration of the ballots")),
                                            e(_("reliability diagram")), e(_("Cases")))
    parts = [f"<!doctype html><html{lang}><head><meta charset=utf-8><title>{title}</title>"
             f"<style>{_CSS}</style></head><body>",
             f"<h1>{heading}</h1><p>"
             + e(_("{cases} cases, {runs} runs each, seed {seed}. Training: vote before {date}; evaluation: on or "
                   "after (or unknown). Baseline: {baseline}. Log-likelihood smoothing: {smoothing}.").format(
                       cases=len(result["cases"]), runs=tongue.whole(result["runs"]), seed=result["seed"],
                       date=shown_date(result["split_date"], tongue), baseline=_(result["baseline"]),
                       smoothing=smoothing))
             + (" " + e(_("With {changes}.").format(changes="; ".join(result["overrides"])))
                if result.get("overrides") else "") + "</p>",
             f"<h2>{overall}</h2>"]
    grows = []
    for g in ("training", "evaluation", "all"):
        if result["overall"][g]["cases"]:
            grows.append(("model", overall_cells(g, result["overall"][g], "model", tongue)))
            grows.append(("base", overall_cells(g, result["overall"][g], "baseline", tongue)))
    parts.append(_html_table([_(h) if h else h for h in OVERALL_COLUMNS], grows, tongue))
    if png is not None and png.exists():
        data = base64.b64encode(png.read_bytes()).decode("ascii")
        parts.append(f"<h2>{calibration}</h2><img alt='{diagram}' "
                     f"src='data:image/png;base64,{data}'>")
    parts.append(f"<h2>{cases}</h2>")
    parts.append(_html_table([_(h) if h else h for h in CASE_COLUMNS],
                             [(w if w == "model" else "base", case_cells(k, c, w, tongue))
                              for k, c in result["cases"].items() for w in ("model", "baseline")], tongue))
    for key, c in result["cases"].items():
        m = c["model"]
        record = m["first_silence"]["record"]
        parts.append(f"<h3>{e(key)}{e(tongue.colon)} {e(c['title'])}</h3><p>"
                     + e((_("vote date unknown, {split}") if c["vote_date"] == "unknown" else _("vote {date}, {split}"))
                         .format(date=shown_date(c["vote_date"], tongue), split=_(c["split"])))
                     + (f" ({e(_(c['split_note']))})" if c.get("split_note") else "")
                     + e(_("; record: {outcome}, tally {tally}; modal outcome {modal}; first silence broken by "
                           "{breakers} (runs: {predicted} over half)").format(
                               outcome=said(m["outcome"]["record"]), tally=m["tally"]["record"],
                               modal=said(m["outcome"]["modal"]),
                               breakers=", ".join(record) if record != NA else _(NA),
                               predicted=", ".join(m["first_silence"]["predicted"]) or _("nobody")))
                     + "</p>")
        mrows = [("model", [mid, said(b["record"]), _pc(b["p"]["yes"], tongue), _pc(b["p"]["abstain"], tongue),
                            _pc(b["p"]["no"], tongue), _f(b["brier"], "0.000", tongue)])
                 for mid, b in m["ballots"]["members"].items()]
        parts.append(_html_table([_("member"), _("record"), _("P(yes)"), _("P(abstain)"), _("P(no)"), "Brier"],
                                 mrows, tongue))
        prows = [("model", [iid, p["record"], _pc(p["p_record"], tongue), str(p["modal"]),
                            _f(p["modal_matches"], tongue=tongue)])
                 for iid, p in m["final_text"]["paragraphs"].items()]
        if prows:
            parts.append(_html_table([_("paragraph"), _("record"), _("P(record)"), _("modal"), _("match")],
                                     prows, tongue))
    parts.append("</body></html>\n")
    return "\n".join(parts)


# ----------------------------------------------------------------------------- the command


def resume_command(args) -> str:
    parts = ["python", "main.py", "validate", *args.paths, "--runs", str(args.runs),
             "--seed", str(args.seed), "--out", str(args.out)]
    if args.workers is not None:
        parts += ["--workers", str(args.workers)]
    if args.fitted:
        parts += ["--fitted", str(args.fitted)]
    for a in args.set or []:
        parts += ["--set", a]
    if args.backend != "local":
        parts += ["--backend", args.backend, "--address", str(args.address)]
    return " ".join(shlex.quote(p) for p in parts + ["--resume"])


def fitted_overrides(path: str | os.PathLike) -> list[str]:
    """``model.NAME=VALUE`` for each constant of a calibrate's fitted.json."""
    try:
        constants = json.loads(Path(path).read_text(encoding="utf-8"))["constants"]
        return [f"model.{name}={float(value)!r}" for name, value in constants.items()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValidateError(f"--fitted {path}: not a fitted.json of calibrate ({exc})") from None


def cmd_validate(args) -> int:
    """``python main.py validate ...`` (see game/cli.py for the arguments)."""
    def echo(s: str) -> None:
        if s.startswith("warning: "):
            print(f"validate: {s}", file=sys.stderr, flush=True)
        else:
            print(s, flush=True)

    try:
        overrides = (fitted_overrides(args.fitted) if args.fitted else []) + list(args.set or [])
        result = validate(args.paths, args.runs, args.seed, args.out, workers=args.workers,
                          backend=args.backend, address=args.address, resume=args.resume,
                          handle_interrupt=True, overrides=overrides, echo=echo, lang=reader(args).lang)
    except (ScenarioError, ValidateError, BatchError, BatchInterrupted, BatchFailed) as exc:
        return command_exit(exc, "validate", args, resume_command)
    tongue = reader(args)
    lang, _ = tongue.lang, tongue.gettext
    print()
    for line in table_lines(result, lang):
        print(line)
    out = Path(args.out)
    print("\n" + _("Wrote {json}, {html} and {png}; each case's runs in {out}/<id>/.").format(
        json=out / VALIDATION_JSON, html=out / VALIDATION_HTML, png=out / CALIBRATION_PNG, out=out))
    return 0
