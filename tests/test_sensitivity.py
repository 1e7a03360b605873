"""`penholder sensitivity` (game/sensitivity.py) and the audit's screening of what decides
each contested paragraph: mechanisms, not calibrated values. Tiny designs (a few samples of
a few runs, one process) keep each test to a second or two."""

from __future__ import annotations

import csv
import json

import pytest

from game.cli import main
from game.resources import default_scenario
from game.sensitivity import analyse, load_setup, write_files

SCENARIO = str(default_scenario())  # minusma_2021: no co-penholders

# model.co_pen_tolerance is read only when a co-penholder reviews the lead's revision
# (game.model.penholder.review_revision): minusma_2021 has no co-penholder, so the constant
# is never reached and, with the same seeds in every sample, cannot change a single run.
# China's position on the troop ceiling weighs in every ballot and in the penholder's
# choice of that paragraph's text (the audit's screening names it first for OP26).
INERT = "model.co_pen_tolerance"
DECISIVE = "members.CHN.positions.troop_ceiling"


def _setup():
    return load_setup(SCENARIO, [INERT.removeprefix("model.")], [DECISIVE])


def _by_output(doc):
    return {o["output"]: o for o in doc["outputs"]}


def test_a_constant_never_reached_ranks_below_a_permanent_members_position():
    result = analyse(_setup(), trajectories=3, runs=8, seed=0, workers=1)
    outputs = _by_output(result.document)
    # never read: exactly no effect on any output (the same seeds, the same runs)
    for o in outputs.values():
        assert o["indices"][INERT]["mu_star"] == 0.0, o["output"]
    ceiling = outputs["text.troop_ceiling"]
    assert ceiling["indices"][DECISIVE]["mu_star"] > 0.1
    assert ceiling["ranked"][0] == DECISIVE
    assert "troop_ceiling" in result.document["contested"]


def test_sobol_gives_the_inert_constant_no_share_of_the_variance():
    result = analyse(_setup(), method="sobol", trajectories=4, runs=6, seed=0, workers=1)
    doc = result.document
    assert doc["samples"] == 4 * (2 * 2 + 2)  # N x (2k + 2)
    ceiling = _by_output(doc)["text.troop_ceiling"]
    assert ceiling["indices"][INERT]["ST"] == 0.0
    assert ceiling["indices"][DECISIVE]["ST"] > 0.0
    assert ceiling["ranked"][0] == DECISIVE


def test_the_same_arguments_write_byte_identical_files_whatever_the_workers(tmp_path):
    a = analyse(_setup(), trajectories=2, runs=4, seed=3, workers=1)
    b = analyse(_setup(), trajectories=2, runs=4, seed=3, workers=2)
    files_a = write_files(a, tmp_path / "a")
    files_b = write_files(b, tmp_path / "b")
    for fa, fb in zip(files_a, files_b, strict=True):
        assert fa.read_bytes() == fb.read_bytes(), fa.name
    c = analyse(_setup(), trajectories=2, runs=4, seed=4, workers=1)
    assert c.document != a.document  # the seed is the design's and the runs'


def test_every_sample_is_applied_as_a_batch_override():
    """A factor's value goes through --set's override: the sampled scenario carries it."""
    from game.batch import _load

    setup = _setup()
    f = setup.factors[1]
    assert (f.lo, f.hi) == (35 - 15, 35 + 15)  # CHN's position 35, +/- 15 on the 0-100 scale
    sc = _load(SCENARIO, [f.assignment(27.5)], [])
    assert sc.members["CHN"].positions["troop_ceiling"] == 27.5
    model = setup.factors[0]
    assert (model.lo, model.hi) == (0.02, 0.06)  # 0.04 x [0.5, 1.5]


@pytest.mark.parametrize("args, message", [
    (["--params", "model.nope"], "model has no 'nope'"),
    (["--scenario-params", "members.XXX.positions.climate"], "members has no 'XXX'"),
    (["--params", "unity=0.5:2"], "outside the field's allowed range 0:1"),
    (["--params", "unity=0.6:0.3"], "LO must be below HI"),
    (["--params", "unity=a:b"], "expected LO:HI"),
    (["--scenario-params", "members.RUS.name"], "not a number"),
    (["--method", "sobol", "--trajectories", "10"], "a power of 2"),
])
def test_a_bad_factor_or_range_is_one_line_and_exit_2(tmp_path, capsys, args, message):
    out = tmp_path / "s"
    rc = main(["sensitivity", "--out", str(out), "--trajectories", "2", "--runs", "1", "--workers", "1", *args])
    err = capsys.readouterr().err.strip()
    assert rc == 2
    assert message in err and "\n" not in err and "Traceback" not in err
    assert not out.exists()  # nothing written, not even the folder


def test_a_range_the_scenario_refuses_names_the_factor(tmp_path, capsys):
    # within the field's 0-100, but the variants must stay ordered: the loader says so, at
    # the factor (as a batch's --set:N)
    rc = main(["sensitivity", "--out", str(tmp_path / "s"), "--runs", "1", "--trajectories", "2",
               "--params", "unity", "--scenario-params",
               f"{DECISIVE},issues.climate.variants.general.position=0:100"])
    err = capsys.readouterr().err.strip()
    assert rc == 2
    assert err.startswith("--scenario-params:2: issues[climate].variants[general].position: must be above")
    assert "\n" not in err


def test_the_command_writes_the_json_the_csv_and_the_plot(tmp_path, capsys):
    out = tmp_path / "s"
    rc = main(["sensitivity", "--out", str(out), "--trajectories", "2", "--runs", "3", "--workers", "1",
               "--params", "unity,co_pen_tolerance", "--scenario-params", DECISIVE])
    printed = capsys.readouterr().out
    assert rc == 0
    doc = json.loads((out / "sensitivity.json").read_text())
    assert doc["method"] == "morris" and doc["samples"] == 2 * (3 + 1)
    assert [f["path"] for f in doc["factors"]] == ["model.unity", INERT, DECISIVE]
    rows = list(csv.reader((out / "sensitivity.csv").open()))
    assert rows[0][:4] == ["output", "label", "rank", "factor"]
    assert len(rows) == 1 + 3 * len(doc["outputs"])  # every output ranks every factor
    assert (out / "sensitivity.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Adopted" in printed and "what decides the case" in printed


def test_the_audit_names_what_decides_a_contested_paragraph_among_its_own_factors():
    from game.audit import contested_issues, deciders, simulate
    from game.batch import _load
    from game.sensitivity import DEFAULT_MODEL_FACTORS

    sc = _load(SCENARIO, [], [])
    base = simulate(sc, 20, 0)
    assert "troop_ceiling" in contested_issues(sc, base)
    lines = deciders(SCENARIO, sc, base, 0, trajectories=2, runs=3, only=["troop_ceiling"])
    assert len(lines) == 2 and lines[1].startswith("OP26 troop_ceiling: 'sg_recommendations' (record)")
    named = [x.split(" (mu*")[0] for x in lines[1].split("decided by ")[1].split("), ")]
    assert 1 <= len(named) <= 3
    own = {f"model.{n}" for n in DEFAULT_MODEL_FACTORS} | {
        f"members.{m}.{w}.troop_ceiling" for m in sc.members for w in ("positions", "salience")}
    assert set(named) <= own


def test_check_sensitivity_needs_audit(capsys):
    assert main(["check", "--sensitivity", SCENARIO]) == 2
    assert "--sensitivity goes with --audit" in capsys.readouterr().err
