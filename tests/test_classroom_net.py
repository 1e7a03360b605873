"""The classroom for real (issue 12 §3): a server (`penholder host`) and students
(`python -m game.classroom.student`) as separate processes on 127.0.0.1, the facilitator a
`ClassClient` in the test. Only loopback addresses; no multicast (the zeroconf record is
built, never sent: tests/test_classroom.py); every wait bounded in time, every process
killed at the end. The final logs replay and verify (`penholder replay LOG --verify`)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed

from game.classroom.client import ClassClient
from game.classroom.protocol import ClassError
from game.events import read_log
from tests.conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1", "PYTHONWARNINGS": "ignore"}
WAIT = 30.0  # seconds: the longest any step of these tests waits


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Host:
    """`penholder host` in its own process; `info`: url, code, facilitator token, log."""

    def __init__(self, args: list[str], procs: list, env: dict | None = None):
        self.proc = subprocess.Popen([sys.executable, "main.py", "host", "--bind", "127.0.0.1", *args],
                                     cwd=ROOT, env=ENV if env is None else env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        procs.append(self.proc)
        lines, end = [], time.monotonic() + WAIT
        while time.monotonic() < end:
            line = self.proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("serving"):
                break
        out = "".join(lines)
        assert "serving" in out, out
        self.url = re.search(r"join:\s+(\S+)", out).group(1)
        self.code = re.search(r"class code (\S+)", out).group(1)
        self.token = re.search(r"facilitator token: (\S+)", out).group(1)
        self.log = Path(re.search(r"log:\s+(\S+)", out).group(1))
        assert self.url.startswith("ws://127.0.0.1:")

    def facilitator(self) -> ClassClient:
        return ClassClient(self.url, self.code, token=self.token, role="facilitator", timeout=WAIT).connect()


def student(host: Host, seat: str, procs: list, *extra: str) -> subprocess.Popen:
    p = subprocess.Popen([sys.executable, "-m", "game.classroom.student", host.url, host.code, seat,
                          "--timeout", str(WAIT), *extra],
                         cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    procs.append(p)
    return p


def token_of(p: subprocess.Popen, seat: str) -> str:
    line = p.stdout.readline()
    assert line.startswith(f"{seat}: token "), line
    return line.split()[-1]


def finish(p: subprocess.Popen) -> str:
    out, _ = p.communicate(timeout=WAIT)
    return out


def verify_cli(log: Path) -> str:
    r = subprocess.run([sys.executable, "main.py", "replay", str(log), "--verify"], cwd=ROOT, env=ENV,
                       capture_output=True, text=True, timeout=WAIT)
    assert r.returncode == 0 and "VERIFIED" in r.stdout, r.stdout + r.stderr
    return r.stdout


@pytest.fixture
def procs():
    started: list[subprocess.Popen] = []
    yield started
    for p in started:
        if p.poll() is None:
            p.kill()
        p.wait(timeout=10)
        if p.stdout:
            p.stdout.close()


def test_two_students_play_a_class_to_the_debrief(tmp_path, procs):
    """Two students (one walks out under silence and comes back with its token), thirteen
    agents, a stranger with a wrong code; the debrief of the shared log."""
    host = Host(["--port", str(free_port()), "--seed", "1", "--deadline", "30", "--save-dir", str(tmp_path)], procs)
    with pytest.raises(ClassError, match="wrong class code"):
        ClassClient(host.url, "WRONG1", seat="RUS", timeout=WAIT).connect()
    # a stranger who skips the hello, or guesses the code, is told so and cut off
    from websockets.sync.client import connect

    for first in ({"v": 1, "type": "command", "code": "WRONG1", "command": "end_turn"},
                  {"v": 1, "type": "hello", "code": "WRONG1", "role": "facilitator"}):
        with connect(host.url, open_timeout=WAIT) as ws:
            ws.send(json.dumps(first))
            answer = json.loads(ws.recv(timeout=WAIT))
            assert answer["type"] == "error" and answer["message"] in ("say hello first (with the class code)",
                                                                       "wrong class code")
            with pytest.raises(ConnectionClosed):
                ws.recv(timeout=WAIT)
    fac = host.facilitator()
    with pytest.raises(ClassError, match="wrong facilitator token"):
        ClassClient(host.url, host.code, token="guess", role="facilitator", timeout=WAIT).connect()
    rus = student(host, "RUS", procs, "--amend")
    chn = student(host, "CHN", procs, "--leave-at", "silence")
    token_of(rus, "RUS")
    chn_token = token_of(chn, "CHN")
    assert fac.wait(lambda c: all(c.status["seats"][m]["connected"] for m in ("RUS", "CHN")), WAIT)
    fac.facilitate("start")
    # China walks out at its first silence turn, while that silence runs ...
    assert "left at silence" in finish(chn)
    assert fac.wait(lambda c: not c.status["seats"]["CHN"]["connected"], WAIT)
    assert fac.status["pending"]["member"] == "CHN" and fac.status["pending"]["kind"] == "silence"
    # (no window of China's has shown that decision: its clock stands until one does)
    p = fac.status["pending"]
    assert p["reading"] and p["seconds_left"] == 30.0
    with ClassClient(host.url, host.code, seat="CHN", token=chn_token, timeout=WAIT) as c:
        c.seen(p["step"])
        assert fac.wait(lambda f: f.status["pending"]["reading"] is False, WAIT)
    # ... a stranger with a wrong token cannot take its place ...
    with pytest.raises(ClassError, match="wrong token"):
        ClassClient(host.url, host.code, seat="CHN", token="x" * 22, timeout=WAIT).connect()
    # ... and comes back to its seat with its token
    back = student(host, "CHN", procs, "--token", chn_token)
    assert token_of(back, "CHN") == chn_token
    assert "outcome" in finish(back) and "outcome" in finish(rus)
    assert fac.wait(lambda c: c.finished, WAIT)
    fac.save(tmp_path / "facilitator.jsonl")
    fac.close()
    _, events = read_log(host.log)
    _, copy = read_log(tmp_path / "facilitator.jsonl")
    assert [e.to_json() for e in copy] == [e.to_json() for e in events]  # the facilitator's copy is whole
    kinds = [e.kind for e in events]
    assert kinds.count("take_seat") == 2 and "deadline_missed" not in kinds and kinds[-1] == "explain_vote"
    assert {e.actor for e in events if e.kind == "end_turn"} <= {"RUS", "CHN"}
    assert any(e.kind == "propose_amendments" and e.actor == "RUS" for e in events)
    verify_cli(host.log)
    r = subprocess.run([sys.executable, "main.py", "debrief", str(host.log), "--out", str(tmp_path / "d.html"),
                        "--runs", "0"], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=WAIT)
    assert r.returncode == 0 and (tmp_path / "d.html").stat().st_size > 10_000, r.stdout + r.stderr


def test_a_student_who_misses_deadlines_is_played_by_its_agent(tmp_path, procs):
    host = Host(["--port", str(free_port()), "--seed", "2", "--deadline", "0.3", "--save-dir", str(tmp_path)], procs)
    fac = host.facilitator()
    idle = student(host, "IND", procs, "--idle")
    token_of(idle, "IND")
    # a student without a seat waits in the lobby (the status, no log), then claims one
    lobby = ClassClient(host.url, host.code, timeout=WAIT).connect()
    assert lobby.header is None and lobby.events == [] and lobby.status["seats"]["NOR"]["claimed"] is False
    with pytest.raises(ClassError, match="claim a seat first"):
        lobby.send("end_turn")
    with pytest.raises(ClassError, match="IND's seat is taken"):
        lobby.claim("IND")
    assert lobby.claim("NOR") == lobby.token and lobby.seat == "NOR" and lobby.header is not None
    fac.facilitate("start")
    assert fac.wait(lambda c: {e.actor for e in c.events if e.kind == "deadline_missed"} == {"IND", "NOR"}
                    or c.finished, WAIT)
    missed = [e for e in fac.events if e.kind == "deadline_missed"]
    assert {e.actor for e in missed} == {"IND", "NOR"}
    assert lobby.wait(lambda c: len(c.events) >= missed[-1].seq, WAIT)
    assert lobby.session.log[missed[-1].seq - 1].kind == "deadline_missed"  # its local Session follows
    lobby.close()
    fac.facilitate("end")  # the agents play the rest
    assert fac.wait(lambda c: c.finished, WAIT)
    fac.close()
    assert "outcome" in finish(idle)
    _, events = read_log(host.log)
    assert events[-1].kind == "explain_vote"
    verify_cli(host.log)


def test_a_server_killed_and_resumed_loses_no_event_and_clients_come_back(tmp_path, procs):
    port = free_port()
    args = ["--port", str(port), "--deadline", "30"]
    host = Host([*args, "--seed", "3", "--save-dir", str(tmp_path)], procs)
    fac = host.facilitator()
    players = [student(host, seat, procs, "--think", "0.05") for seat in ("RUS", "USA")]
    for p, seat in zip(players, ("RUS", "USA"), strict=True):
        token_of(p, seat)
    fac.facilitate("start")
    assert fac.wait(lambda c: len(c.events) >= 40, WAIT)
    host.proc.send_signal(signal.SIGKILL)
    host.proc.wait(timeout=WAIT)
    seen = [e.to_json() for e in fac.events]  # everything a client had when the server died
    assert fac.wait(lambda c: not c.connected, WAIT)
    again = Host([*args, "--resume", str(tmp_path)], procs)
    assert (again.code, again.token, again.log) == (host.code, host.token, host.log)
    assert fac.wait(lambda c: c.connected and c.finished, WAIT), fac.lost
    for p in players:
        assert "outcome" in finish(p)
    _, events = read_log(again.log)
    assert [e.to_json() for e in events[:len(seen)]] == seen  # no event lost
    assert [e.to_json() for e in fac.events] == [e.to_json() for e in events]  # nor sent twice
    fac.close()
    verify_cli(again.log)
