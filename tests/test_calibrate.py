"""The calibrate command: the same arguments give the same fit and files, an evaluation case
is refused, leave-one-case-out never scores a case with a fit that saw it, the design and
the bounds, and the script that prints the edits of params.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import game.calibrate as C
from game.cli import main as cli_main
from game.model.params import DEFAULT, ModelParams
from tests.conftest import ROOT
from tests.test_validate import with_history

RUNS, TRIALS = 10, 4


@pytest.fixture(scope="module")
def training(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("training")
    return [with_history(tmp, "council.yaml", "train_a", date="2019-06-28"),
            with_history(tmp, "sanctions.yaml", "train_b", date="2020-06-28",
                         texts="{sanctions: strengthen, panel: report}")]


@pytest.fixture(scope="module")
def fitted(training, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fit") / "cal"
    C.calibrate([str(p) for p in training], RUNS, TRIALS, 5, None, out, workers=1, progress=False)
    return out


def test_same_arguments_same_fit_and_files(training, fitted, tmp_path):
    C.calibrate([str(p) for p in training], RUNS, TRIALS, 5, None, tmp_path / "again", workers=2,
                progress=False)
    for name in (C.FITTED_JSON, C.TRIALS_CSV):
        assert (fitted / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name
    data = json.loads((fitted / C.FITTED_JSON).read_text())
    assert list(data["constants"]) == list(C.DEFAULT_PARAMS)
    assert data["defaults"] == {n: getattr(DEFAULT, n) for n in C.DEFAULT_PARAMS}
    assert set(data["cases"]) == {"train_a", "train_b"}
    assert data["cases"]["train_a"]["vote_date"] == "2019-06-28"
    assert data["runs"] == RUNS and data["trials"] == TRIALS and data["seed"] == 5
    assert data["git_commit"]
    # the fit is the best trial of the matrix, and no worse in sample than the defaults
    assert data["scores"]["in_sample"] <= data["scores"]["defaults"]


def test_loo_never_scores_a_case_with_a_fit_that_saw_it():
    rng = np.random.default_rng(1)
    nll = rng.uniform(1, 2, size=(9, 4))
    choices = C.loo_choices(nll)
    for k in range(4):
        others = [j for j in range(4) if j != k]
        assert choices[k] == int(np.argmin(nll[:, others].mean(axis=1)))
        changed = nll.copy()
        changed[:, k] = rng.uniform(-100, 100, size=9)  # whatever case k says...
        changed[choices[k] - 1, k] = -1e9  # ...even a trial perfect on it
        assert C.loo_choices(changed)[k] == choices[k]  # ...its fold does not move


def test_loo_of_the_real_fit_follows_the_other_cases(fitted):
    data = json.loads((fitted / C.FITTED_JSON).read_text())
    lines = (fitted / C.TRIALS_CSV).read_text().splitlines()
    head = lines[0].split(",")
    table = np.array([[float(x) for x in line.split(",")] for line in lines[1:]])
    cols = {cid: head.index(f"nll_{cid}") for cid in data["cases"]}
    for cid, c in data["cases"].items():
        (other,) = [cols[o] for o in cols if o != cid]
        assert c["loo_trial"] == int(np.argmin(table[:, other]))
        assert c["nll_loo"] == pytest.approx(table[c["loo_trial"], cols[cid]], abs=1e-6)


def _cli(capsys, *argv) -> tuple[int, str]:
    code = cli_main(["calibrate", *argv])
    return code, capsys.readouterr().err


def test_an_evaluation_case_is_refused(training, tmp_path, capsys):
    late = with_history(tmp_path, "council.yaml", "late", date="2021-03-01")
    undated = with_history(tmp_path, "council.yaml", "undated", history="\nhistory:\n  outcome: adopted\n")
    for case, why in ((late, "voted 2021-03-01"), (undated, "vote date is unknown"),
                      (ROOT / "scenarios" / "minusma_2021.yaml", "voted 2021-06-29")):
        code, err = _cli(capsys, str(training[0]), str(case), "--runs", "2", "--trials", "1",
                         "--out", str(tmp_path / "o"))
        assert code == 2 and err.count("\n") == 1, err
        assert "an evaluation case" in err and why in err
    assert not (tmp_path / "o").exists()  # refused before any run


def test_bad_arguments_are_one_line_errors(training, tmp_path, capsys):
    code, err = _cli(capsys, *map(str, training), "--params", "unity,nonsense", "--out", str(tmp_path / "o"))
    assert code == 2 and "nonsense: not a constant calibrate fits" in err and err.count("\n") == 1
    code, err = _cli(capsys, str(training[0]), "--out", str(tmp_path / "o"))
    assert code == 2 and "at least two training cases" in err


def test_the_design_starts_from_the_defaults_within_the_bounds():
    names = ("unity", "abstention_tolerance")
    points = C.design(names, 16, 3)
    assert points[0] == {"unity": DEFAULT.unity, "abstention_tolerance": DEFAULT.abstention_tolerance}
    assert len(points) == 17 and len({tuple(p.values()) for p in points}) == 17
    for p in points[1:]:
        for n in names:
            assert C.BOUNDS[n][0] <= p[n] <= C.BOUNDS[n][1]
    assert C.design(names, 16, 3) == points and C.design(names, 16, 4) != points


def test_the_bounds_are_inside_each_fields_allowed_range():
    assert set(C.DEFAULT_PARAMS) <= set(C.BOUNDS) and 5 <= len(C.DEFAULT_PARAMS) <= 8
    for name, (lo, hi) in C.BOUNDS.items():
        assert lo < hi
        ModelParams(**{name: lo})  # raises if outside the field's range
        ModelParams(**{name: hi})
        assert lo <= getattr(DEFAULT, name) <= hi, name


def test_a_constant_the_case_sets_is_left_to_it(tmp_path):
    path = with_history(tmp_path, "council.yaml", "own", date="2019-01-01")
    # (the test Council pins the calibrated constants in its `model:` block: unity among them)
    path.write_text(path.read_text().replace("\n  unity: 0.45\n", "\n  unity: 0.3\n"))
    (case,) = C.load_cases([path])
    assert C.overrides_for(case, {"unity": 0.6, "no_cost": 0.1}) == ["model.no_cost=0.1"]


def test_ship_fitted_prints_the_edits(fitted):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "ship_fitted.py"), str(fitted / C.FITTED_JSON)],
                          capture_output=True, text=True, timeout=60)
    data = json.loads((fitted / C.FITTED_JSON).read_text())
    changed = [n for n, v in data["constants"].items() if v != getattr(DEFAULT, n)]
    assert done.returncode == (1 if changed else 0)
    for n in changed:
        assert f"{n}: {getattr(DEFAULT, n)!r} -> {data['constants'][n]!r}" in done.stdout
        assert "game/model/params.py:" in done.stdout


def test_the_shipped_defaults_are_the_fitted_constants():
    """Issue 10 §3: the shipped defaults come from the calibration (scripts/ship_fitted.py
    prints the edits of params.py after a new fit)."""
    path = ROOT / "calibration" / "fitted.json"
    fitted = json.loads(path.read_text())["constants"]
    assert {n: getattr(DEFAULT, n) for n in fitted} == fitted


def test_load_cases_reads_the_default_training_cases():
    cases = C.training_cases([])
    assert all(c.split == "training" for c in cases)
    assert "minusma_2021" not in {c.id for c in cases}
    assert {"minusma_2016", "minusma_2020"} <= {c.id for c in cases}


def test_a_constraint_skips_the_best_candidates_it_refuses_and_each_fold_asks_it_in_its_own_order():
    """`--agency`: only candidates the check allows may be chosen, best first, in-sample
    and in every fold; a refused trial is never chosen, an allowed one is."""
    from game.calibrate import CalibrateError, best_trial, loo_choices

    nll = np.array([[5.0, 5.0, 5.0], [1.0, 1.0, 9.0], [2.0, 2.0, 2.0], [3.0, 3.0, 1.0]])
    asked = []

    def allowed(t):
        asked.append(t)
        return t != 1

    assert best_trial(nll, [0, 1, 2]) == 2
    assert best_trial(nll, [0, 1]) == 1 and best_trial(nll, [0, 1], allowed) == 2
    assert asked == [1, 2]
    assert 1 not in loo_choices(nll, allowed)
    with pytest.raises(CalibrateError, match="agency"):
        best_trial(nll, [0], lambda t: False)
