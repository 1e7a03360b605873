"""Batches that hold up: one batch per output folder (an OS lock), damaged runs.jsonl lines
redone on --resume, workers that die with a killed batch, no stray temporary files, sweep
values and names that cannot clash with outputs or garble the plots, bounded numbers,
rounded summary figures (issue 9, items 3, 7, 8, 10, 11, 12, 17)."""

from __future__ import annotations

import contextlib
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
from tests.conftest import DEFAULT, ROOT

RUNS = 60
SEED = 5


def _env():
    env = dict(os.environ, CI="true", PYTHONPATH=str(ROOT))
    env.pop("COLUMNS", None)
    return env


@pytest.fixture(scope="module")
def ref(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ref") / "b"
    B.run_batch(DEFAULT, RUNS, SEED, out, workers=1, plots=False, progress=False)
    return out


def _same(a: Path, b: Path) -> None:
    for name in ("runs.csv", "summary.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


# ----------------------------------------------------------------- item 3: one batch per --out


def test_two_batches_started_at_once_on_one_out_exactly_one_runs(tmp_path):
    out = tmp_path / "same"
    cmds = [[sys.executable, "main.py", "batch", "--runs", "1500", "--seed", str(seed), "--workers", "1",
             "--out", str(out), "--no-plots"] for seed in (1, 2)]
    procs = [subprocess.Popen(c, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for c in cmds]
    results = [(p.wait(timeout=120), *p.communicate(timeout=10)) for p in procs]
    codes = sorted(r[0] for r in results)
    assert codes == [0, 2], results
    loser = next(r for r in results if r[0] == 2)
    assert loser[2].startswith(f"batch: {out} ") and "Traceback" not in loser[2], loser[2]
    assert "another batch" in loser[2] or "already holds a batch" in loser[2], loser[2]
    assert len(loser[2].strip().splitlines()) == 1
    winner_seed = 1 if results[0][0] == 0 else 2
    summary = json.loads((out / "summary.json").read_text())
    manifest = json.loads((out / "batch.json").read_text())
    assert summary["seed"] == manifest["seed"] == winner_seed
    rows = (out / "runs.jsonl").read_text().splitlines()
    assert len(rows) == 1500 and {json.loads(r)["seed"] for r in rows} == {winner_seed}
    assert not (out / B.LOCK).exists()  # the lock goes with the batch


def test_two_batches_that_both_reach_the_check_at_once_one_is_refused(tmp_path, monkeypatch):
    """The race of the report, made certain: both batches pass "does --out hold a batch?"
    before either writes; with the lock only one of them gets that far."""
    import threading

    real = B._check_manifest
    barrier = threading.Barrier(2)

    def slow_check(plan, resume):
        real(plan, resume)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)  # both checked before either writes

    monkeypatch.setattr(B, "_check_manifest", slow_check)
    out = tmp_path / "race"
    results: dict[int, object] = {}

    def go(seed):
        try:
            results[seed] = B.run_batch(DEFAULT, 40, seed, out, workers=1, plots=False, progress=False)
        except B.BatchError as exc:
            results[seed] = exc

    threads = [threading.Thread(target=go, args=(s,)) for s in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    refused = [s for s, r in results.items() if isinstance(r, B.BatchError)]
    assert len(results) == 2 and len(refused) == 1, results
    assert "in use by another batch" in str(results[refused[0]])
    winner = 3 - refused[0]
    assert json.loads((out / "summary.json").read_text())["seed"] == winner
    assert {json.loads(r)["seed"] for r in (out / "runs.jsonl").read_text().splitlines()} == {winner}


def test_a_batch_is_refused_at_once_while_another_holds_the_folder(tmp_path):
    out = tmp_path / "held"
    with B.lock_folder(out):
        t0 = time.monotonic()
        with pytest.raises(B.BatchError, match=r"in use by another batch \(process \d+\)"):
            B.run_batch(DEFAULT, 10, SEED, out, workers=1, plots=False, progress=False)
        with pytest.raises(B.BatchError, match="in use by another batch"):
            B.run_sweep(DEFAULT, 10, SEED, out, "calendar.round_days=1,2", workers=1, plots=False,
                        progress=False)
        assert time.monotonic() - t0 < 30  # refused, not waited for
        assert not (out / "batch.json").exists()
    B.run_batch(DEFAULT, 10, SEED, out, workers=1, plots=False, progress=False)  # free again
    assert not (out / B.LOCK).exists()


def test_an_out_that_is_a_file_is_refused_cleanly(tmp_path):
    f = tmp_path / "afile"
    f.write_text("x")
    with pytest.raises(B.BatchError, match="a file is in the way"):
        B.run_batch(DEFAULT, 10, SEED, f, workers=1, plots=False, progress=False)


# ------------------------------------------------- item 7: a damaged line is not a finished run


def test_a_line_damaged_after_an_intact_beginning_is_redone_on_resume(ref, tmp_path):
    out = tmp_path / "b"
    shutil.copytree(ref, out)
    for name in ("runs.csv", "summary.json"):
        (out / name).unlink()
    lines = (out / B.RUNS_JSONL).read_bytes().splitlines(keepends=True)
    assert lines[10].startswith(b'{"run":10,')
    lines[10] = lines[10][:40] + b"\x00garbage}\n"  # the beginning intact, the rest damaged
    lines[20] = lines[20][:-30] + b"\n"  # cut short but ending in a newline
    lines[30] = b'{"run":30,"seed":5}\n'  # valid JSON, a row's fields missing
    (out / B.RUNS_JSONL).write_bytes(b"".join(lines[:-5]))  # and the last five not done
    said = []
    B.run_batch(DEFAULT, RUNS, SEED, out, workers=1, resume=True, plots=False, progress=False,
                echo=said.append)
    warning = next(s for s in said if s.startswith("warning: "))
    assert "3 lines are damaged (lines 11, 21, 31;" in warning and "done again" in warning
    assert f"{RUNS - 8} of {RUNS} runs already done" in " ".join(said)
    _same(ref, out)
    # a second resume finds nothing wrong
    said.clear()
    B.run_batch(DEFAULT, RUNS, SEED, out, workers=1, resume=True, plots=False, progress=False,
                echo=said.append)
    assert not any(s.startswith("warning") for s in said)
    _same(ref, out)


def test_resume_of_a_damaged_line_on_the_command_line_warns_and_never_dies(ref, tmp_path):
    out = tmp_path / "b"
    shutil.copytree(ref, out)
    lines = (out / B.RUNS_JSONL).read_bytes().splitlines(keepends=True)
    lines[3] = lines[3][:20] + b"]]]\n"
    (out / B.RUNS_JSONL).write_bytes(b"".join(lines))
    p = subprocess.run([sys.executable, "main.py", "batch", "--runs", str(RUNS), "--seed", str(SEED),
                        "--workers", "1", "--out", str(out), "--no-plots", "--resume"],
                       cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    assert "batch: warning:" in p.stderr and "line 4 is damaged" in p.stderr
    _same(ref, out)


# ------------------------------------------------------- item 8: workers die with their parent


def _children(pid: int) -> list[int]:
    kids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(d.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")  # a zombie is dead


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_kill_9_of_a_batch_leaves_no_worker_running(tmp_path):
    out = tmp_path / "k"
    p = subprocess.Popen([sys.executable, "main.py", "batch", "--runs", "200000", "--seed", "1",
                          "--workers", "2", "--out", str(out), "--no-plots"], cwd=ROOT, env=_env(),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kids: list[int] = []
    try:
        deadline = time.monotonic() + 60
        jsonl = out / B.RUNS_JSONL
        while time.monotonic() < deadline and (not jsonl.exists() or jsonl.stat().st_size == 0):
            time.sleep(0.05)
        kids = _children(p.pid)
        assert len(kids) >= 2 and all(_alive(k) for k in kids)  # the workers are working
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(k) for k in kids):
            time.sleep(0.05)
        assert [k for k in kids if _alive(k)] == []
    finally:
        for pid in [p.pid, *kids]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        p.wait(timeout=10)


# ----------------------------------------------------------- item 12: no stray temporary files


def test_resume_removes_the_temporary_files_a_kill_left(ref, tmp_path):
    out = tmp_path / "b"
    shutil.copytree(ref, out)
    strays = [".runs.csv.k2j3.tmp", ".summary.json.a8x_.tmp", ".batch.json.zz.tmp",
              ".outcomes.png.q1.tmp", ".runs.jsonl.r9.tmp"]
    for name in strays:
        (out / name).write_text("half")
    (out / "notes.tmp").write_text("the user's own file")
    B.run_batch(DEFAULT, RUNS, SEED, out, workers=1, resume=True, plots=False, progress=False)
    left = sorted(p.name for p in out.iterdir())
    assert [n for n in left if n.endswith(".tmp")] == ["notes.tmp"]
    assert B.LOCK not in left


def test_a_finished_batch_with_plots_leaves_no_temporary_or_lock_file(tmp_path):
    out = tmp_path / "p"
    B.run_batch(DEFAULT, 12, SEED, out, workers=2, plots=True, progress=False)
    names = {p.name for p in out.iterdir()}
    assert {"outcomes.png", "days.png", "runs.csv", "summary.json"} <= names
    assert not [n for n in names if n.endswith(".tmp") or n == B.LOCK], names


# --------------------------------------------------- item 10: sweep values, "$" in names and labels


def test_sweep_values_named_like_output_files_do_not_clash(tmp_path):
    out = tmp_path / "sw"
    values = ["sweep.csv", "sweep.json", "SWEEP.PNG", "runs.csv", "..", "a/b"]
    summaries = B.run_sweep(DEFAULT, 4, SEED, out, "title=" + ",".join(values), workers=1,
                            plots=False, progress=False)
    assert len(summaries) == len(values)
    assert (out / "sweep.csv").is_file() and (out / "sweep.json").is_file()
    folders = json.loads((out / "sweep.json").read_text())["folders"]
    assert len(set(map(str.lower, folders))) == len(folders)
    for name in folders:
        assert (out / name / "summary.json").is_file(), name
        assert name.lower() not in {"sweep.csv", "sweep.json", "sweep.png", "..", "."}
        assert "/" not in name
    assert (out / "sweep.csv").read_text().count("\n") == len(values) + 1


def test_dollar_signs_in_names_and_labels_do_not_break_the_plots(tmp_path, capsys):
    from game.cli import main

    out = tmp_path / "d"
    code = main(["batch", "--runs", "8", "--seed", "1", "--workers", "1", "--out", str(out),
                 "--set", "members.CHN.name=$x^$", "--set", "title=Costs $10 and $20",
                 "--set", "issues[g5_support].variants[sg_options].label=$\\frac{$"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    for name in ("outcomes.png", "silence_breakers.png", "votes.png", "final_text.png", "days.png"):
        assert (out / name).stat().st_size > 1000, name
    # the text is drawn as written: no mathtext
    import matplotlib.pyplot as plt

    from game import plots

    with plt.rc_context(plots.PLAIN_TEXT):
        fig, ax = plt.subplots()
        label = ax.set_title("$x^$")
        assert label.get_parse_math() is False
        plt.close(fig)
    summaries = [json.loads((out / "summary.json").read_text())] * 2
    path = plots.write_sweep_plot(tmp_path, "members.CHN.name", ["$x^$", "$y$"], summaries)
    assert path.stat().st_size > 1000


# ----------------------------------------------------------------------- item 11: bounds


def test_numbers_out_of_bounds_are_refused_cleanly(tmp_path):
    with pytest.raises(B.BatchError, match="at most 10,000,000 runs"):
        B.run_batch(DEFAULT, 2**80, 0, tmp_path / "a", plots=False)
    with pytest.raises(B.BatchError, match="--workers 100000: at most"):
        B.run_batch(DEFAULT, 10, 0, tmp_path / "a", workers=100_000, plots=False)
    with pytest.raises(B.BatchError, match="--seed must be a whole number from 0"):
        B.run_batch(DEFAULT, 10, -1, tmp_path / "a", plots=False)
    assert not (tmp_path / "a").exists()


# ------------------------------------------------------------- item 17: rounded, worded figures


def test_summary_figures_are_rounded(ref):
    text = (ref / "summary.json").read_text()
    s = json.loads(text)

    def floats(x):
        if isinstance(x, float):
            yield x
        elif isinstance(x, dict):
            for v in x.values():
                yield from floats(v)
        elif isinstance(x, list):
            for v in x:
                yield from floats(v)

    for key in ("mean_days", "mean_rounds"):
        assert s[key] == round(s[key], 3), (key, s[key])
    assert s["silence"]["mean_silences"] == round(s["silence"]["mean_silences"], 3)
    assert all(len(repr(f).partition(".")[2]) <= 6 for f in floats(s)), text


def test_one_run_is_one_negotiation_not_one_negotiations(tmp_path, minusma):
    summary = B.run_batch(DEFAULT, 1, SEED, tmp_path / "one", workers=1, plots=False, progress=False)
    lines = B.summary_lines(summary, minusma)
    assert ": 1 negotiation, seed" in lines[0]
    assert not any("(s)" in line for line in lines)
