"""The event log's reader and writer, the commands that read and write files, and sealing
(issue 9: items 2, 4, 5, 9, 10, 11 (the log part), 12 and 13)."""

from __future__ import annotations

import fcntl
import json
import os
import time

import pytest

from game.cli import main
from game.events import (
    LogError,
    WriteError,
    atomic_file,
    dumps,
    read_log,
    read_log_file,
    sweep_stray_temps,
    write_atomic,
)
from game.facilitator import ClassSeat
from game.replay import load_log, verify
from game.scenario import load_scenario, scenario_hash
from game.session import Session

from .conftest import DEFAULT, ROOT

TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"


def cli(capsys, *argv) -> tuple[int, str]:
    """Run a command in-process: its exit status and everything it printed. An exception
    other than SystemExit fails the test (that is a traceback for the user)."""
    capsys.readouterr()
    try:
        rc = main([str(a) for a in argv])
    except SystemExit as exc:
        rc = exc.code
    out = capsys.readouterr()
    return rc, out.out + out.err


def full_disk(monkeypatch) -> None:
    """Every fsync fails as on a full disk. (Not /dev/full: a writer that renamed its temp
    file over it, as the old one did, destroys the device when the tests run as root.)"""
    import errno

    def no_space(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)


def one_clean_line(text: str, name) -> None:
    """A refusal: names the file, says why, and is no traceback."""
    assert "Traceback" not in text
    assert str(name) in text


@pytest.fixture(scope="module")
def ai_log(tmp_path_factory):
    path = tmp_path_factory.mktemp("logs") / "s1.jsonl"
    Session(load_scenario(DEFAULT), 1).run().save(path)
    return path


@pytest.fixture(scope="module")
def class_log(tmp_path_factory):
    sc = load_scenario(TUTORIAL)
    s = Session(sc, 3, outside={"RUS"})
    ClassSeat(seed=3).play(s)
    path = tmp_path_factory.mktemp("logs") / "group.jsonl"
    s.save(path)
    return path


# ------------------------------------------------------------------- item 2: line separators


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\u0085"])
def test_unicode_line_separators_stay_inside_their_record(tmp_path, capsys, sep):
    """`run --set 'title="a\u2028b"' --log u.jsonl && replay u.jsonl` (item 2)."""
    log = tmp_path / "u.jsonl"
    rc, out = cli(capsys, "run", "--seed", "1", "--set", f'title="a{sep}b"', "--log", log, "--quiet")
    assert rc == 0, out
    raw = log.read_bytes()
    assert sep.encode() not in raw and len(raw.decode().splitlines()) == raw.count(b"\n")
    rc, out = cli(capsys, "replay", log, "--verify")
    assert rc == 0 and "VERIFIED" in out, out
    header, _ = read_log(log)
    assert header["scenario"]["title"] in (f"a{sep}b", "a b")  # YAML itself reads U+0085 as a break


def test_a_typed_explanation_with_a_separator_keeps_the_save(tmp_path):
    """Typed into an explanation of vote, U+2028 made the save unreadable (item 2)."""
    sc = load_scenario(TUTORIAL)
    s = Session(sc, 2, outside={"RUS"})
    seat = ClassSeat(seed=2)
    while not s.finished:
        if s.pending is not None and s.pending.kind == "explain":
            s.explain_vote("RUS", "We abstained.\u2028Line two\u2029and \u0085three.")
        elif s.pending is not None:
            seat.decide(s)
        else:
            s.step()
    s.save(tmp_path / "eov.jsonl")
    header, events = read_log(tmp_path / "eov.jsonl")
    texts = [e.data.get("text") for e in events if e.kind == "explain_vote" and e.actor == "RUS"]
    assert texts == ["We abstained.\u2028Line two\u2029and \u0085three."]
    assert verify(header, events).ok


def test_the_reader_splits_on_newline_only(tmp_path, ai_log):
    """A log written by the old writer (raw U+2028 in a record) reads too."""
    lines = ai_log.read_text(encoding="utf-8").split("\n")
    header = json.loads(lines[0])
    header["scenario"]["title"] = "a\u2028b"
    header["scenario_hash"] = scenario_hash(header["scenario"])
    raw = json.dumps(header, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    assert "\u2028" in raw
    (tmp_path / "old.jsonl").write_text("\n".join([raw, *lines[1:]]), encoding="utf-8")
    assert load_log(tmp_path / "old.jsonl").scenario.title == "a\u2028b"


def test_ordinary_text_is_written_as_before():
    obj = {"b": "caf\u00e9 \u2014 \u201cquoted\u201d \u4e2d\u6587", "a": [1, 2.5, None, True]}
    assert dumps(obj) == json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def test_golden_log_bytes_unchanged(tmp_path):
    Session(load_scenario(DEFAULT), 1).run().save(tmp_path / "a.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (ROOT / "tests" / "golden" / "minusma_2021_seed1.jsonl").read_bytes()


def test_a_lone_surrogate_is_written_escaped(tmp_path):
    write_atomic(tmp_path / "x.jsonl", dumps({"t": "a\ud800b"}) + "\n")
    assert json.loads((tmp_path / "x.jsonl").read_text(encoding="utf-8")) == {"t": "a\ud800b"}


# ------------------------------------------- items 5, 10, 11: one bounded reader, clean errors


def _damaged(tmp_path, ai_log, class_log) -> dict[str, object]:
    """Damaged logs, each a way a real file goes wrong, keyed by what was done."""
    lines = ai_log.read_text(encoding="utf-8").splitlines(keepends=True)
    clines = class_log.read_text(encoding="utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    out = {}

    def put(name, text):
        p = tmp_path / f"{name}.jsonl"
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        out[name] = p

    put("line3_deleted", "".join(lines[:2] + lines[3:]))  # sed 3d s1.jsonl
    put("line_repeated", "".join(lines[:5] + lines[4:]))
    put("cut_mid_line", "".join(lines)[: len("".join(lines)) // 2])
    put("header_cut", lines[0][:500])
    put("empty", "")
    put("binary", bytes(range(256)) * 8)
    put("deep_header", "[" * 100_000 + "\n")
    put("deep_event", lines[0] + '{"seq":1,"t":0,"kind":"x","data":' + "[" * 5000 + "]" * 5000 + "}\n")
    put("nan", lines[0] + lines[1].replace('"t":', '"t":NaN,"x":', 1))
    h = dict(header, seed=-1)
    put("bad_seed", dumps(h) + "\n" + "".join(lines[1:]))
    h = dict(header, seed={"entropy": "x"})
    put("bad_seed_obj", dumps(h) + "\n" + "".join(lines[1:]))
    sc = json.loads(json.dumps(header["scenario"]))
    sc["members"] = {"ABC": 3}
    h = dict(header, scenario=sc, scenario_hash=scenario_hash(sc))
    put("invalid_scenario_hash_matches", dumps(h) + "\n" + "".join(lines[1:]))
    sc = json.loads(json.dumps(header["scenario"]))
    sc["issues"] = "none"
    h = dict(header, scenario=sc, scenario_hash=scenario_hash(sc))
    put("scenario_wrong_type", dumps(h) + "\n" + "".join(lines[1:]))
    # the zero draft's event (after the capitals' private instructions)
    z = next(i for i, x in enumerate(lines) if '"circulate_zero_draft"' in x)
    ev = json.loads(lines[z])
    ev["data"]["draft"] = {"nope": "x"}
    put("event_unknown_issue", "".join(lines[:z]) + dumps(ev) + "\n" + "".join(lines[z + 1:]))
    ev = json.loads(lines[z])
    ev["t"] = 10**30
    put("event_far_future", "".join(lines[:z]) + dumps(ev) + "\n" + "".join(lines[z + 1:]))
    ev = json.loads(lines[z])
    ev["kind"] = "cast_vote"
    put("event_wrong_kind", "".join(lines[:z]) + dumps(ev) + "\n" + "".join(lines[z + 1:]))
    evs = [json.loads(x) for x in lines[1:]]
    k = next(i for i, e in enumerate(evs) if e["kind"] == "break_silence")
    evs[k]["data"]["requests"] = [{"issue": 5}]
    put("bad_request", lines[0] + "".join(dumps(e) + "\n" for e in evs))
    evs = [json.loads(x) for x in lines[1:]]
    k = next(i for i, e in enumerate(evs) if e["kind"] == "cast_vote")
    evs[k]["data"]["reasons"] = 5  # read by the debrief only (found by tests/test_fuzz.py)
    put("vote_reasons_not_a_list", lines[0] + "".join(dumps(e) + "\n" for e in evs))
    evs = [json.loads(x) for x in lines[1:]]
    k = next(i for i, e in enumerate(evs) if e["kind"] == "explain_vote")
    evs[k]["data"]["concerns"] = [{"issue": "nope"}]
    put("bad_explanation", lines[0] + "".join(dumps(e) + "\n" for e in evs))
    h = json.loads(clines[0])
    h["outside"] = ["ZZZ"]
    put("class_unknown_seat", dumps(h) + "\n" + "".join(clines[1:]))
    return out


COMMANDS = [
    ("replay", "{log}"),
    ("replay", "{log}", "--verify"),
    ("replay", "{log}", "--transcript"),
    ("debrief", "{log}", "--out", "{tmp}/x.html", "--runs", "0"),
    ("class-report", "{log}", "--out", "{tmp}/c.html", "--runs", "0"),
    ("fork", "{log}", "--at", "2", "--out", "{tmp}/f.jsonl"),
    ("batch", "--from-log", "{log}", "--runs", "2", "--out", "{tmp}/b", "--workers", "1", "--no-plots"),
]


def test_every_command_gives_a_clean_error_on_every_damaged_log(tmp_path, capsys, ai_log, class_log):
    """`sed 3d s1.jsonl > b.jsonl; debrief b.jsonl` gave a traceback (item 5); deeply nested
    JSON a RecursionError; a header scenario whose hash matches, a bad seed... (item 10)."""
    logs = _damaged(tmp_path, ai_log, class_log)
    failures = []
    for name, log in logs.items():
        with pytest.raises(LogError) as caught:
            load_log(log)
        msg = str(caught.value)
        assert "\n" not in msg and msg.startswith(str(log)), (name, msg)
        for cmd in COMMANDS:
            argv = [a.format(log=log, tmp=tmp_path) for a in cmd]
            try:
                rc, out = cli(capsys, *argv)
            except Exception as exc:  # noqa: BLE001 - collected, the test fails below
                failures.append(f"{name}: {' '.join(cmd[:2])}: {type(exc).__name__}: {exc}")
                continue
            if rc == 0 or "Traceback" in out or log.name not in out:
                failures.append(f"{name}: {' '.join(cmd[:3])}: rc={rc}: {out[-300:]}")
    assert not failures, "\n".join(failures)


def test_damaged_logs_name_the_line(tmp_path, ai_log, class_log):
    logs = _damaged(tmp_path, ai_log, class_log)
    expect = {"line3_deleted": ":3:", "line_repeated": ":6:", "deep_event": ":2:", "nan": ":2:",
              "bad_seed": ":1:", "invalid_scenario_hash_matches": ":1:", "event_unknown_issue": ":3:"}
    for name, where in expect.items():
        with pytest.raises(LogError, match=where):
            read_log_file(logs[name]) if name not in ("invalid_scenario_hash_matches", "event_unknown_issue") \
                else load_log(logs[name])


def test_replay_dev_zero_is_refused_by_a_bound(capsys):
    """`replay /dev/zero` ran until killed (item 11)."""
    t0 = time.process_time()
    rc, out = cli(capsys, "replay", "/dev/zero")
    assert rc == 1 and "line longer than" in out
    assert time.process_time() - t0 < 30  # a bound, not a benchmark: it read 8 MiB, not forever


def test_a_folder_or_a_missing_file_is_a_clean_error(tmp_path, capsys):
    for path in (tmp_path, tmp_path / "missing.jsonl"):
        rc, out = cli(capsys, "replay", path)
        assert rc == 1
        one_clean_line(out, path)


# ------------------------------------------------------- item 4: never over one's own input


def test_reports_and_runs_refuse_to_write_over_their_inputs(tmp_path, capsys, ai_log):
    log = tmp_path / "s.jsonl"
    log.write_bytes(ai_log.read_bytes())
    before = log.read_bytes()
    link = tmp_path / "link.jsonl"
    os.link(log, link)
    for argv in (["debrief", log, "--out", log, "--runs", "0"],
                 ["debrief", log, "--out", link, "--runs", "0"],
                 ["class-report", ai_log, log, "--out", log, "--runs", "0"],
                 ["fork", log, "--at", "1", "--out", link]):
        rc, out = cli(capsys, *argv)
        assert rc == 1 and "overwrite" in out, (argv, out)
        assert log.read_bytes() == before
    scen = tmp_path / "s.yaml"
    scen.write_bytes(TUTORIAL.read_bytes())
    rc, out = cli(capsys, "run", "--scenario", scen, "--seed", "1", "--log", scen, "--quiet")
    assert rc == 1 and "overwrite" in out and scen.read_bytes() == TUTORIAL.read_bytes()
    rc, out = cli(capsys, "new-scenario", scen, "--from", scen, "--force")
    assert rc == 1 and "overwrite" in out and scen.read_bytes() == TUTORIAL.read_bytes()


# --------------------------------------------------------------------- item 9: write failures


def test_write_failures_are_one_line_and_non_zero(tmp_path, capsys, ai_log, monkeypatch):
    afile = tmp_path / "afile"
    afile.write_text("x")
    cases = [
        (["run", "--seed", "1", "--log", tmp_path, "--quiet"], "is a folder"),
        (["run", "--seed", "1", "--log", afile / "x.jsonl", "--quiet"], "not a folder"),
        (["debrief", ai_log, "--out", afile / "r.html", "--runs", "0"], "not a folder"),
        (["debrief", ai_log, "--out", tmp_path, "--runs", "0"], "is a folder"),
        (["schema", "--out", afile / "s.json"], "not a folder"),
        (["new-scenario", afile / "n.yaml"], "not a folder"),
    ]
    for argv, why in cases:
        rc, out = cli(capsys, *argv)
        assert rc != 0 and why in out and "Traceback" not in out, (argv, out)
        assert len(out.strip().splitlines()) == 1, out
    full_disk(monkeypatch)
    for argv in (["run", "--seed", "1", "--log", tmp_path / "r.jsonl", "--quiet"],
                 ["class-report", ai_log, "--out", tmp_path / "c.html", "--runs", "0"],
                 ["seal", "--new-key", tmp_path / "k"]):
        rc, out = cli(capsys, *argv)
        assert rc == 1 and "cannot write: No space left on device" in out, (argv, out)
        assert out.strip().splitlines()[-1].startswith(argv[0]) and "Traceback" not in out
    assert sorted(os.listdir(tmp_path)) == ["afile"]  # no temp left behind


def test_a_read_only_folder_is_a_clean_error(tmp_path, capsys, ai_log, monkeypatch):
    """(Tests run as root, which writes anywhere: the refusal is simulated.)"""
    import tempfile

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    rc, out = cli(capsys, "debrief", ai_log, "--out", tmp_path / "r.html", "--runs", "0")
    assert rc == 1 and "r.html: cannot write: Permission denied" in out and "Traceback" not in out


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "keep.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_file(target) as fh:
        fh.write("new")
        raise RuntimeError("killed")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["keep.txt"]


def test_a_failed_write_is_a_write_error_naming_the_file(tmp_path, monkeypatch):
    full_disk(monkeypatch)
    with pytest.raises(WriteError, match="x.txt: cannot write: No space left"), atomic_file(tmp_path / "x.txt") as fh:
        fh.write("x" * 100_000)


# ------------------------------------------------------------------ item 12: autosave, temps


def test_every_honest_autosave_verifies(tmp_path):
    """A crash can cut an autosave anywhere, inside the agents' turns too; every prefix of
    a real log must verify (item 12)."""
    sc = load_scenario(TUTORIAL)
    s = Session(sc, 4, outside={"FRA"})
    ClassSeat(seed=4, style="hardline").play(s)
    header = s.header()
    bad = [k for k in range(len(s.log) + 1) if not verify(header, s.log[:k]).ok]
    assert not bad, f"prefixes that fail verify: {bad[:10]}"
    # a prefix still proves nothing it does not have: an edited event is caught
    cut = [e for e in s.log[:30]]
    edited = type(cut[-1])(cut[-1].seq, cut[-1].t + 1, cut[-1].kind, cut[-1].actor, cut[-1].data)
    assert not verify(header, cut[:-1] + [edited]).ok


def test_stray_temps_of_killed_writers_are_swept(tmp_path):
    saves = tmp_path / "saves"
    saves.mkdir()
    stale = saves / ".a.jsonl.abcd1234.penholder-tmp"
    stale.write_text("half a log")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    young = saves / ".b.jsonl.efgh5678.penholder-tmp"
    young.write_text("being written")
    held = saves / ".c.jsonl.ijkl9012.penholder-tmp"
    held.write_text("being written slowly")
    os.utime(held, (old, old))
    other = saves / ".notes.tmp"
    other.write_text("not ours")
    os.utime(other, (old, old))
    legacy = saves / ".d.jsonl.mnop3456.tmp"  # the name the writer used before
    legacy.write_text("half a log")
    os.utime(legacy, (old - 7200, old - 7200))
    with open(held, "rb") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # a live writer holds its temp
        write_atomic(saves / "new.jsonl", "x\n")
    assert sorted(p.name for p in saves.iterdir()) == sorted(
        [young.name, held.name, other.name, "new.jsonl"])
    os.utime(young, (old, old))
    assert sorted(p.name for p in sweep_stray_temps(saves)) == sorted([young.name, held.name])


def test_a_link_is_written_through_and_devices_are_never_renamed_over(tmp_path, capsys, ai_log):
    target = tmp_path / "real.html"
    target.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
    # a pipe (as /dev/stdout can be) is written to, not replaced by a file; a pipe in tmp_path
    # stands for /dev/null and /dev/stdout, which a regression would destroy when run as root
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    stdout = tmp_path / "stdout"  # as /dev/stdout -> /proc/self/fd/1 -> a pipe
    stdout.symlink_to(fifo)
    for out_path in (fifo, stdout):
        got = []
        reader = threading.Thread(target=lambda got=got: got.append(fifo.read_bytes()))
        reader.start()
        rc, out = cli(capsys, "debrief", ai_log, "--out", out_path, "--runs", "0")
        reader.join(10)
        assert rc == 0 and got[0].startswith(b"<!DOCTYPE html>"), out
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and stdout.is_symlink()


def test_concurrent_writers_never_share_a_temp(tmp_path):
    target = tmp_path / "x.txt"
    with atomic_file(target) as a, atomic_file(target) as b:
        a.write("A")
        b.write("B")
    assert target.read_text() in ("A", "B") and os.listdir(tmp_path) == ["x.txt"]


# ----------------------------------------------------------------- item 13 and sealing


def _edit_title(src, dst):
    lines = src.read_text(encoding="utf-8").split("\n")
    header = json.loads(lines[0])
    header["scenario"]["title"] = "An edited title"
    header["scenario"]["issues"][0]["variants"][0]["text"] = "An edited text."
    header["scenario_hash"] = scenario_hash(header["scenario"])
    dst.write_text("\n".join([dumps(header), *lines[1:]]), encoding="utf-8")


def test_verify_says_it_does_not_cover_the_header(tmp_path, capsys, ai_log):
    """Item 13: an edited title with a recomputed hash re-runs identically, so verify alone
    cannot catch it, and says so; the seal does."""
    edited = tmp_path / "edited.jsonl"
    _edit_title(ai_log, edited)
    rc, out = cli(capsys, "replay", edited, "--verify")
    assert rc == 0 and "VERIFIED" in out and "header itself is not authenticated" in out
    # against the scenario file the class played, the edit shows, field by field
    rc, out = cli(capsys, "replay", edited, "--verify", "--scenario", DEFAULT)
    assert rc == 2 and "SCENARIO DIFFERS" in out and "issues" in out and "title" in out
    rc, out = cli(capsys, "replay", ai_log, "--verify", "--scenario", DEFAULT)
    assert rc == 0 and "SCENARIO: the header's scenario is" in out


def test_seal_catches_any_edit_header_included(tmp_path, capsys, ai_log, monkeypatch):
    monkeypatch.delenv("PENHOLDER_SEAL_KEY", raising=False)
    key = tmp_path / "class.key"
    rc, out = cli(capsys, "seal", "--new-key", key)
    assert rc == 0 and oct(key.stat().st_mode & 0o777) == "0o600"
    secret = key.read_text().strip()
    log = tmp_path / "g1.jsonl"
    log.write_bytes(ai_log.read_bytes())
    rc, out = cli(capsys, "seal", log, "--key-file", key)
    assert rc == 0 and "sealed" in out
    rc, out = cli(capsys, "replay", log, "--verify", "--key-file", key)
    assert rc == 0 and "SEALED" in out and "VERIFIED" in out and secret not in out
    assert load_log(log).events == load_log(ai_log).events  # the seal is not an event
    rc, out = cli(capsys, "debrief", log, "--out", tmp_path / "r.html", "--runs", "0")
    assert rc == 0, out
    # any edit: the header (title + recomputed hash), one byte of an event, a line dropped
    sealed = log.read_bytes()
    seal_line = sealed[sealed.rstrip(b"\n").rfind(b"\n") + 1:]
    edits = {}
    _edit_title(log, tmp_path / "t.jsonl")
    edits["title"] = tmp_path / "t.jsonl"
    (tmp_path / "b.jsonl").write_bytes(sealed.replace(b'"ballot":"yes"', b'"ballot":"no"', 1))
    edits["ballot"] = tmp_path / "b.jsonl"
    body = sealed[: -len(seal_line)].split(b"\n")
    (tmp_path / "d.jsonl").write_bytes(b"\n".join(body[:-2] + [b""]) + seal_line)
    edits["last event dropped"] = tmp_path / "d.jsonl"
    (tmp_path / "u.jsonl").write_bytes(sealed[: -len(seal_line)])
    edits["seal removed"] = tmp_path / "u.jsonl"
    for what, path in edits.items():
        rc, out = cli(capsys, "replay", path, "--verify", "--key-file", key)
        assert rc == 2 and ("SEAL BROKEN" in out or "MISMATCH" in out), (what, out)
        assert secret not in out
    other = tmp_path / "other.key"
    other.write_text("another key of the right length\n")
    rc, out = cli(capsys, "replay", log, "--key-file", other)
    assert rc == 2 and "another key" in out
    # the key from the environment; a short key is refused without being shown
    monkeypatch.setenv("PENHOLDER_SEAL_KEY", secret)
    rc, out = cli(capsys, "replay", log)
    assert rc == 0 and "SEALED" in out
    monkeypatch.setenv("PENHOLDER_SEAL_KEY", "shortkey")
    rc, out = cli(capsys, "seal", log)
    assert rc == 1 and "shortkey" not in out
    rc, out = cli(capsys, "seal", "--new-key", key)
    assert rc == 1 and "exists" in out and key.read_text().strip() == secret


def test_seal_refuses_a_damaged_log(tmp_path, capsys, ai_log, monkeypatch):
    monkeypatch.setenv("PENHOLDER_SEAL_KEY", "k" * 32)
    bad = tmp_path / "bad.jsonl"
    lines = ai_log.read_bytes().split(b"\n")
    bad.write_bytes(b"\n".join(lines[:2] + lines[3:]))
    before = bad.read_bytes()
    rc, out = cli(capsys, "seal", bad)
    assert rc == 1 and "not sealed" in out and bad.read_bytes() == before


def test_negative_seeds_are_refused_in_one_line(capsys, ai_log, tmp_path):
    """Seed -1 crashed run, play, debrief and check --audit (item 11; found again by the fuzz)."""
    for argv in (["run", "--seed", "-1", "--quiet"],  # (play: the same check, not run here: it would open the game)
                 ["check", TUTORIAL, "--audit", "--seed", "-1", "--runs", "2"],
                 ["debrief", ai_log, "--out", tmp_path / "r.html", "--seed", "-1", "--runs", "1"],
                 ["class-report", ai_log, "--out", tmp_path / "c.html", "--seed", "-1", "--runs", "1"]):
        rc, out = cli(capsys, *argv)
        # refused by the argument parser's seed type (game/bounds.py): its usage line, then
        # one line naming --seed and the value
        last = out.strip().splitlines()[-1]
        assert rc != 0 and "--seed" in last and "-1" in last, (argv, out)


def test_resume_list_lists_saves_with_separators_and_ignores_temps(tmp_path, ai_log):
    """Typed into an explanation, U+2028 made the save vanish from the Resume list (item 2);
    stray temps of killed autosaves are not saves (item 12)."""
    from types import SimpleNamespace

    from game.ui.screens.title import ResumeScreen

    saves = tmp_path / "saves"
    saves.mkdir()
    lines = ai_log.read_text(encoding="utf-8").split("\n")
    header = json.loads(lines[0])
    header["scenario"]["title"] = "Typed\u2028text"
    header["scenario_hash"] = scenario_hash(header["scenario"])
    raw = json.dumps(header, ensure_ascii=False, separators=(",", ":"), sort_keys=True)  # the old writer
    (saves / "old.jsonl").write_text("\n".join([raw, *lines[1:]]), encoding="utf-8")
    (saves / ".old.jsonl.abcd1234.penholder-tmp").write_bytes(ai_log.read_bytes())
    (saves / ".old.jsonl.efgh5678.tmp").write_bytes(ai_log.read_bytes())
    found = ResumeScreen._scan(SimpleNamespace(app=SimpleNamespace(save_dir=saves)))
    assert [s["path"].name for s in found] == ["old.jsonl"] and found[0]["title"] == "Typed\u2028text"
