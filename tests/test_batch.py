"""The batch command: reproducible whatever the workers or backend, resumable to the byte,
errors before work, runs that raise recorded, sweeps, continuations, the CLI end to end."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import game.batch as B
from game.cli import main as cli_main
from game.errors import ScenarioError
from tests.conftest import DEFAULT, ROOT

RUNS = 200
SEED = 11
FILES = ("summary.json", "runs.csv")


def _same(a: Path, b: Path) -> None:
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _rows(d: Path) -> list[dict]:
    with open(d / "runs.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """200 runs on one worker (in-process): the reference files."""
    out = tmp_path_factory.mktemp("ref") / "b"
    B.run_batch(DEFAULT, RUNS, SEED, out, workers=1, plots=False, progress=False)
    return out


def test_one_and_two_workers_give_identical_files(reference, tmp_path):
    B.run_batch(DEFAULT, RUNS, SEED, tmp_path / "w2", workers=2, chunk_size=13, plots=False,
                progress=False)
    _same(reference, tmp_path / "w2")
    rows = _rows(reference)
    assert [int(r["run"]) for r in rows] == list(range(RUNS))
    summary = json.loads((reference / "summary.json").read_text())
    for key in ("outcome", "unanimous", "silence", "votes", "final_text", "history"):
        assert key in summary
    assert set(summary["outcome"]) == {"adopted", "not_adopted", "vetoed", "rollover", "lapsed"}
    assert summary["runs"] == RUNS and summary["seed"] == SEED
    h = summary["history"]
    for key in ("modal_tally", "historical_tally", "tally_match", "final_text_match", "breakers_f1"):
        assert key in h
    assert {"run", "seed", "outcome", "tally", "vote_CHN", "silences", "silence1_breakers",
            "rounds", "days", "text_g5_support", "error"} <= set(rows[0])


def test_resume_after_a_cut_with_a_half_written_line_gives_the_same_files(reference, tmp_path):
    out = tmp_path / "b"
    out.mkdir()
    shutil.copy(reference / B.MANIFEST, out / B.MANIFEST)
    lines = (reference / B.RUNS_JSONL).read_bytes().splitlines(keepends=True)
    kept = lines[:37][::-1] + [lines[37][: len(lines[37]) // 2]]  # out of order + a half line
    (out / B.RUNS_JSONL).write_bytes(b"".join(kept))
    said = []
    B.run_batch(DEFAULT, RUNS, SEED, out, workers=2, resume=True, plots=False, progress=False,
                echo=said.append)
    assert said[0].startswith("warning: ") and "line 38 is damaged (cut short" in said[0]
    assert "37 of 200 runs already done" in said[1]
    _same(reference, out)
    # resuming a finished batch changes nothing
    B.run_batch(DEFAULT, RUNS, SEED, out, workers=1, resume=True, plots=False, progress=False)
    _same(reference, out)


def test_resume_refuses_another_command_and_a_batch_is_not_overwritten(reference, tmp_path):
    out = tmp_path / "b"
    shutil.copytree(reference, out)
    with pytest.raises(B.BatchError, match="runs: the batch in .* has 200, this command 300"):
        B.run_batch(DEFAULT, 300, SEED, out, resume=True, plots=False)
    with pytest.raises(B.BatchError, match="overrides"):
        B.run_batch(DEFAULT, RUNS, SEED, out, resume=True, overrides=["calendar.round_days=3"])
    with pytest.raises(B.BatchError, match="already holds a batch"):
        B.run_batch(DEFAULT, RUNS, SEED, out, plots=False)
    with pytest.raises(B.BatchError, match="no batch to resume"):
        B.run_batch(DEFAULT, RUNS, SEED, tmp_path / "empty", resume=True)


def test_a_run_that_raises_is_recorded_and_the_batch_goes_on(tmp_path, monkeypatch):
    real = B._play

    def flaky(ctx, job, i):
        if i in (3, 17):
            raise RuntimeError(f"engine exploded in run {i}")
        return real(ctx, job, i)

    monkeypatch.setattr(B, "_play", flaky)
    summary = B.run_batch(DEFAULT, 30, SEED, tmp_path, workers=1, plots=False, progress=False)
    assert summary["runs"] == 30 and summary["failed_runs"] == 2
    rows = _rows(tmp_path)
    bad = {int(r["run"]): r for r in rows if r["error"]}
    assert set(bad) == {3, 17}
    assert bad[3]["seed"] == str(SEED) and "RuntimeError: engine exploded in run 3" in bad[3]["error"]
    assert "flaky" in bad[3]["error"]  # where it raised
    assert all(r["outcome"] for r in rows if not r["error"])


def test_bad_arguments_fail_before_any_work(tmp_path, capsys):
    out = tmp_path / "never"
    base = ["batch", "--scenario", str(DEFAULT), "--out", str(out)]
    cases = [
        (["--runs", "0"], "argument --runs: must be from 1 to"),
        (["--runs", "5", "--workers", "0"], "argument --workers: must be from 1 to"),
        (["--runs", "5", "--set", "members.XXX.salience.climate=0.9"],
         "--set:1: members.XXX.salience.climate: members has no 'XXX'"),
        (["--runs", "5", "--set", "calendar.round_days=3", "--set", "members.CHN.salience.climate=1.9"],
         "--set:2: members.CHN.salience.climate: must be between 0 and 1, got 1.9"),
        (["--runs", "5", "--inject", "host_letter_what_if@2021-08-01"],
         "--inject:1: events[host_letter_what_if].date: must be between the zero draft"),
        (["--runs", "5", "--inject", "nope@2021-06-20"], "--inject:1: events[nope].date"),
        (["--runs", "5", "--inject", "tomorrow"], "--inject:1: tomorrow: expected EVENT_ID@YYYY-MM-DD"),
        (["--runs", "5", "--sweep", "calendar.round_days=3,99"], "--sweep:2: calendar.round_days"),
        (["--runs", "5", "--sweep", "calendar.round_days"], "expected PATH=v1,v2"),
        (["--runs", "5", "--backend", "dask"], "needs --address"),
        (["--runs", "5", "--from-log", "x.jsonl"], "--from-log takes the scenario from the log"),
    ]
    bare = ["batch", "--out", str(out), "--runs", "5"]
    cases += [
        (["--from-log", str(tmp_path / "missing.jsonl")], "--from-log: "),
        (["--at", "3"], "--at goes with --from-log"),
    ]
    for extra, message in cases:
        try:
            code = cli_main((bare if extra[0] != "--runs" else base) + extra)
        except SystemExit as exc:  # refused by the argument parser (its usage line, then why)
            code = exc.code
        assert code == 2, extra
        err = capsys.readouterr().err
        assert message in err, (extra, err)
    assert not out.exists()
    assert cli_main(["batch", "--scenario", str(tmp_path / "nope.yaml"), "--runs", "5", "--out", str(out)]) == 2
    assert "no such file" in capsys.readouterr().err


def test_set_and_inject_change_the_scenario(tmp_path):
    summary = B.run_batch(DEFAULT, 40, SEED, tmp_path / "s", workers=1, plots=False, progress=False,
                          overrides=["calendar.max_rounds=1"], injects=["host_letter_what_if@2021-06-16"])
    assert summary["overrides"] == ["calendar.max_rounds=1"]
    assert summary["mean_rounds"] <= 1.0
    rows = _rows(tmp_path / "s")
    assert all("host_letter_what_if" in r["injected"] for r in rows)
    session = B.replay_run(tmp_path / "s", 5)  # a run of an overridden batch replays alone
    assert session.state.outcome.value == rows[5]["outcome"]
    assert str(session.state.tally or "") == rows[5]["tally"]


def test_sweep_writes_one_batch_per_value_and_a_comparison(tmp_path, capsys):
    out = tmp_path / "sw"
    code = cli_main(["batch", "--scenario", str(DEFAULT), "--runs", "30", "--seed", "2", "--workers", "1",
                     "--out", str(out), "--sweep", "members.CHN.salience.climate=0.1,1.0"])
    assert code == 0
    text = capsys.readouterr().out
    assert "Sweep: members.CHN.salience.climate" in text
    with open(out / B.SWEEP_CSV, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["value"] for r in rows] == ["0.1", "1.0"]
    assert all(float(r["outcome_adopted"]) >= 0 for r in rows)
    for name in ("0.1", "1.0"):
        assert (out / name / "summary.json").exists() and (out / name / "outcomes.png").exists()
    assert (out / "sweep.png").stat().st_size > 10_000
    assert json.loads((out / "1.0" / "summary.json").read_text())["sweep"] == [
        "members.CHN.salience.climate=1.0"]


def test_from_log_continuations_match_the_continuations_module(tmp_path):
    from game.continuations import continuations
    from game.events import read_log
    from game.scenario import load_scenario
    from game.session import Session

    log = tmp_path / "s.jsonl"
    s = Session(load_scenario(DEFAULT), 5)
    s.run()
    s.save(log)
    header, events = read_log(log)
    at = 30
    summary = B.batch_from_log(log, runs=12, seed=4, at=at, out=tmp_path / "c")
    expected = continuations(header, events, at, 12, 4)
    rows = _rows(tmp_path / "c")
    assert [(r["outcome"], r["tally"]) for r in rows] == [(e["outcome"], e["tally"]) for e in expected]
    assert summary["from_log"] == {"log": "s.jsonl", "at": at}
    assert B.batch_from_log((header, events), runs=12, seed=4, at=at)["outcome"] == summary["outcome"]
    with pytest.raises(B.BatchError, match="--at 9999: the log has events 1 to"):
        B.batch_from_log(log, runs=3, at=9999)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not a log\n")
    with pytest.raises(B.BatchError, match="--from-log: .*bad.jsonl"):
        B.batch_from_log(bad, runs=3)


def test_dask_local_cluster_gives_the_same_files(reference, tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is an optional extra")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        B.run_batch(DEFAULT, RUNS, SEED, tmp_path / "d", backend="dask",
                    address=cluster.scheduler_address, plots=False, progress=False)
    _same(reference, tmp_path / "d")


def _env():
    env = dict(os.environ, CI="true", PYTHONPATH=str(ROOT))
    env.pop("COLUMNS", None)
    return env


def test_the_command_end_to_end_and_run_replays_row_i(tmp_path, capsys):
    out = tmp_path / "e2e"
    p = subprocess.run([sys.executable, "main.py", "batch", "--scenario", str(DEFAULT), "--runs", "50",
                        "--seed", "7", "--workers", "2", "--out", str(out)],
                       cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "How it ends" in p.stdout and "Compared with the record" in p.stdout
    assert "it/s" not in p.stderr and "run/s" not in p.stderr  # no progress bar off a terminal
    for name in ("batch.json", "runs.jsonl", "runs.csv", "summary.json", "outcomes.png",
                 "silence_breakers.png", "votes.png", "final_text.png", "days.png"):
        assert (out / name).stat().st_size > 0, name
    rows = _rows(out)
    assert len(rows) == 50
    for i in (0, 13, 49):
        assert cli_main(["run", "--scenario", str(DEFAULT), "--seed", "7", "--run", str(i), "--quiet"]) == 0
        assert capsys.readouterr().out.split() == [rows[i]["outcome"], rows[i]["tally"]]


def test_ctrl_c_saves_the_finished_runs_and_resume_finishes_the_same(tmp_path):
    runs = 2000
    out = tmp_path / "cc"
    cmd = [sys.executable, "main.py", "batch", "--scenario", str(DEFAULT), "--runs", str(runs), "--seed",
           "3", "--workers", "2", "--out", str(out), "--no-plots"]
    p = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    jsonl = out / B.RUNS_JSONL
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not jsonl.exists() or jsonl.stat().st_size == 0):
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert "--resume" in err and "interrupted after" in err
    done = len(jsonl.read_bytes().splitlines())
    assert 0 < done < runs
    assert not (out / "summary.json").exists()
    p = subprocess.run(cmd + ["--resume"], cwd=ROOT, env=_env(), capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert f"{done:,} of {runs:,} runs already done" in p.stdout
    ref = tmp_path / "ref"
    B.run_batch(DEFAULT, runs, 3, ref, workers=2, plots=False, progress=False)
    _same(ref, out)


def test_summary_streaming_equals_summarise(reference, minusma):
    from game.stats import summarise

    rows = [json.loads(line) for line in (reference / B.RUNS_JSONL).read_text().splitlines()]
    rows.sort(key=lambda r: r["run"])
    ours = json.loads((reference / "summary.json").read_text())
    theirs = json.loads(json.dumps(summarise(rows, minusma, SEED)))
    assert {k: v for k, v in ours.items() if k != "days_used_histogram"} == theirs


def test_progress_is_quiet_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert B.show_progress() is False


def test_scenario_error_type_for_python_callers(tmp_path):
    with pytest.raises(ScenarioError):
        B.run_batch(DEFAULT, 5, 0, tmp_path / "x", overrides=["members.CHN.salience.climate=7"])
    assert not (tmp_path / "x").exists()


def _negotiations_leave_no_cycles() -> None:
    """The check of the test below, run in a fresh interpreter: in the test process, an
    earlier test's Dask cluster leaves its event loop's timeouts to become cyclic garbage
    whenever they fire, which may be inside the measured window."""
    import gc

    from game.council import Council
    from game.procedure import Procedure
    from game.scenario import load_scenario
    from game.session import Session

    def student(sc, seed, procedure, council):  # India's seat played from outside
        s = Session(sc, seed, outside={"IND"}, procedure=procedure, council=council)
        while (turn := s.advance()) is not None:
            s.cast_vote("IND", "yes") if turn.kind == "vote" else s.end_turn("IND")

    cases = [("default", DEFAULT, None), ("tutorial", ROOT / "scenarios" / "tutorial.yaml", None),
             ("a student as India", DEFAULT, student)]
    for name, path, play in cases:
        sc = load_scenario(path)
        procedure, council = Procedure(), Council(sc)
        gc.collect()
        gc.disable()
        for seed in range(3):
            if play is None:
                Session(sc, seed, procedure=procedure, council=council).run()
            else:
                play(sc, seed, procedure, council)
        assert gc.collect() == 0, f"{name}: a negotiation left reference cycles"
        gc.enable()


def test_a_negotiation_makes_no_reference_cycles_so_workers_pause_the_collector():
    """`collector_paused` rests on this: with the Council and the procedure machine a worker
    shares between runs (the machine's own wiring is cyclic, and built once), reference
    counting frees a whole negotiation (its session, state, log, generator) when it ends, in
    every scenario and with a student's seat, so the collector's passes would find nothing.
    A cycle added to the engine fails here."""
    import gc

    p = subprocess.run([sys.executable, "-c", "import tests.test_batch as t; t._negotiations_leave_no_cycles()"],
                       cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    was_enabled = gc.isenabled()
    with B.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() == was_enabled
