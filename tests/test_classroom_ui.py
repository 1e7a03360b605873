"""The class in the game's window (issue 12 §2): a real `penholder host` on 127.0.0.1 (a
free port), two students seated in the game's screens (`RemoteGame`: one through the join
screen and the seat picker, one straight to its seat as ``penholder join --seat`` does)
and the facilitator's console, each an `App` ticking headless (SDL_VIDEODRIVER=dummy),
played to the vote. The students' moves are the controller's commands (what the screens'
buttons call); the console's are its buttons' callbacks. Every wait is bounded; loopback
only."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time

import pytest

pytest.importorskip("websockets")
pygame = pytest.importorskip("pygame")

from game.classroom.client import ClassClient  # noqa: E402
from game.classroom.protocol import ClassError  # noqa: E402
from game.classroom.student import moves  # noqa: E402
from game.events import read_log  # noqa: E402
from game.ui.remote import command_args  # noqa: E402
from tests.test_classroom_net import ENV, Host, free_port  # noqa: E402

SIZE = (1024, 640)
DT = 1 / 30


@pytest.fixture
def host(tmp_path):
    """A class served by a real `penholder host` process on 127.0.0.1 (test_classroom_net's
    `Host`): (url, code, facilitator token, save folder, the process)."""
    procs: list = []
    env = {**ENV, "PENHOLDER_COMPILED": os.environ.get("PENHOLDER_COMPILED", "0")}
    h = Host(["--port", str(free_port()), "--seed", "3", "--deadline", "120", "--save-dir", str(tmp_path / "server")],
             procs, env=env)
    yield h.url, h.code, h.token, tmp_path / "server", h.proc
    h.proc.terminate()  # (if the test has not stopped it already)
    try:
        h.proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        h.proc.kill()
    h.proc.stdout.close()


def digest(events) -> str:
    return hashlib.sha256("\n".join(json.dumps(e.to_json(), sort_keys=True) for e in events).encode()).hexdigest()


def test_command_args_name_the_screens_positional_arguments():
    assert command_args("propose_amendments", ({"posture": "robust"}, ())) == {"amendments": {"posture": "robust"},
                                                                                 "backs": []}
    assert command_args("bilateral_talk", ({"a": "b"}, None)) == {"requests": {"a": "b"}}
    assert command_args("decide_amendments", ({3: "x"},)) == {"decisions": {"3": "x"}}
    assert command_args("cast_vote", ("yes",)) == {"ballot": "yes"}
    with pytest.raises(ClassError):
        command_args("inject", ("x",))


def test_two_students_and_the_console_play_a_class_to_the_same_debrief(host, tmp_path):
    from game.ui.app import App
    from game.ui.classroom import ClassSeatScreen, ConsoleScreen, JoinScreen, start_class
    from game.ui.screens.brief import BriefScreen
    from game.ui.screens.debrief import DebriefScreen

    url, code, token, server_dir, _ = host
    apps = {}
    try:
        # the facilitator's console
        fac = App(SIZE, odds=False, save_dir=tmp_path / "fac", settings_path=tmp_path / "s.json")
        start_class(fac, ClassClient(url, code, token=token, role="facilitator", timeout=5).connect())
        apps["console"] = fac
        assert isinstance(fac.screen, ConsoleScreen)
        # Kenya through the join screen and the seat picker, as the title screen's Join does
        ken = App(SIZE, odds=False, save_dir=tmp_path / "ken", settings_path=tmp_path / "s.json")
        ken.set_screen(JoinScreen(ken, address=url.removeprefix("ws://"), code="WRONG1"))
        ken.screen.join()  # (a wrong code: the server's sentence on the join screen, nothing else)
        assert isinstance(ken.screen, JoinScreen) and "code" in ken.screen.message
        ken.set_screen(JoinScreen(ken, address=url.removeprefix("ws://"), code=code.lower()))
        ken.screen.join()
        assert isinstance(ken.screen, ClassSeatScreen), getattr(ken.screen, "message", None)
        ken.screen.pick("KEN")
        ken.screen.take()
        assert isinstance(ken.screen, BriefScreen)
        ken.screen.start()
        apps["KEN"] = ken
        # Russia straight to its seat (penholder join HOST --code C --seat RUS)
        rus = App(SIZE, odds=False, save_dir=tmp_path / "rus", settings_path=tmp_path / "s.json")
        start_class(rus, ClassClient(url, code, seat="RUS", timeout=5).connect())
        rus.screen.start()
        apps["RUS"] = rus
        # a taken seat is refused on the seat picker
        other = ClassClient(url, code, timeout=5).connect()
        assert other.status["seats"]["KEN"]["claimed"]
        with pytest.raises(ClassError, match="taken"):
            other.claim("KEN")
        other.close()

        console = fac.screen
        console.act("start")
        for _ in range(3):
            fac.tick(DT)
        for seat in ("KEN", "RUS"):
            apps[seat].game.instant = True  # (no reading time: the test reads nothing)
        shown = []  # (the turns Kenya's window said it shows: their clocks start then)
        seen = ken.game.client.seen
        ken.game.client.seen = lambda step: (shown.append(step), seen(step))

        refused = []
        shown_at: dict = {}  # (a student acts a frame after the decision appears in its window)

        def tick_all():
            for who, app in apps.items():
                app.tick(DT)
                g = app.game
                if who == "console" or g is None:
                    continue
                if g.beat is not None:
                    g.continue_()
                if not g.my_turn:
                    continue
                turn = (len(g.session.log), g.session.steps)
                if shown_at.get(who) != turn:
                    shown_at[who] = turn  # (the decision appears: the student acts on the next frame)
                    continue
                for name, args in moves(g.client, g.turn_kind, amend=who == "KEN"):
                    g.do(name, *args.values())
                    if g.message:
                        refused.append((who, name, g.message))
                        break

        def until(cond, seconds, what):
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                tick_all()
                if cond():
                    return
            pytest.fail(f"timed out: {what}; console events {len(fac.game.session.log)}, "
                        f"status {fac.game.status.get('pending')}")

        from game.ui.classbar import class_lines

        # both students see the human seats marked (the server's status) once the talks begin
        until(lambda: ken.game.humans() == {"KEN", "RUS"} and len(ken.game.session.log) > 5, 15, "the talks begin")
        assert rus.game.humans() == {"KEN", "RUS"}
        # the console pauses the room: the students' clients see it, and no seat may move
        fac.screen.pause()
        until(lambda: ken.game.room_paused and rus.game.room_paused and fac.game.status.get("paused"), 5,
              "the pause reaches the students and the console")
        assert not ken.game.my_turn and not rus.game.my_turn
        assert [c for _, c in class_lines(ken.game)] == ["yes", "abstain"]  # (connected; the room is paused)
        held = len(fac.game.session.log)
        # a note from Kenya to Russia while paused: both read it, and the console
        assert ken.game.note("RUS", "Can we talk about the posture paragraph?")
        until(lambda: rus.game.notes() and fac.game.notes(), 5, "the note arrives")
        assert rus.game.notes()[-1].data["text"].startswith("Can we talk")
        # the console hands Russia's seat to its agent (if Russia's decision was awaited, its
        # agent takes that one decision now, as Session.take_seat says; nothing else moves)
        awaited = fac.game.status.get("pending") or {}
        fac.screen.move_seat("RUS", "agent")
        until(lambda: rus.game.humans() == {"KEN"}, 5, "Russia's seat goes to its agent")
        takes = [e for e in fac.game.session.log if e.kind == "take_seat"]
        assert takes[-1].data["member"] == "RUS" and takes[-1].data["by"] == "agent"
        # ... and back to its student (whose window is still connected)
        fac.screen.move_seat("RUS", "student")
        until(lambda: rus.game.humans() == {"KEN", "RUS"}, 5, "Russia's seat back to its student")
        assert fac.game.session.log[-1].data == {"member": "RUS", "by": "student", "step": takes[-1].data["step"]}
        made = fac.game.session.log[held:]
        assert [e.kind for e in made[:2]] + [made[-1].kind] == ["note", "take_seat", "take_seat"]
        if awaited.get("member") == "RUS":
            assert {e.actor for e in made[2:-1]} <= {"RUS"}  # (Russia's own decision, by its agent)
        else:
            assert len(made) == 3  # (nothing else)
        held = len(fac.game.session.log)
        # the console's speed and inject are the room's
        fac.game.faster()
        until(lambda: ken.game.status.get("speed") == 2.0, 5, "the room's speed reaches the students")
        news = fac.game.injectable()[0].id
        assert fac.game.inject(news), fac.game.message
        until(lambda: any(e.kind == "inject" and e.data.get("id") == news for e in rus.game.session.log), 5,
              "the news reaches Russia's window")
        assert not ken.game.inject(news) and not ken.game.injectable()  # (a student's window has none)
        assert [e.kind for e in fac.game.session.log[held:]] == ["inject"]
        fac.screen.pause()  # (resume)
        until(lambda: not ken.game.room_paused, 5, "the room resumes")
        # to the vote, and the debrief in all three windows
        until(lambda: all(isinstance(a.screen, DebriefScreen) for a in apps.values()), 25, "the three debriefs")
        server_log = sorted(server_dir.glob("room-1-*.jsonl"))[0]
        _, events = read_log(server_log)
        for who, app in apps.items():
            g = app.game
            assert g.session.finished and g.shown.outcome is not None, who
            assert digest(g.client.events) == digest(events), who
            saved = g.save_path
            assert saved.is_file(), who
            assert digest(read_log(saved)[1]) == digest(events), who
        # the students' own moves are in the shared log, made through their windows
        made = [name for _, name, _ in ken.game.commands]
        assert "propose_amendments" in made and "cast_vote" in made
        assert any(e.kind == "propose_amendments" and e.actor == "KEN" for e in events)
        assert "cast_vote" in [name for _, name, _ in rus.game.commands]  # (Russia, its seat given back, votes)
        assert any(e.kind == "cast_vote" and e.actor == "KEN" for e in events)
        assert ken.game.commands and not ken.game.lost and not rus.game.lost
        # every move the windows sent was the one awaited (none refused), none late: both
        # students' turns before the vote, which write nothing, followed in their windows
        assert not refused
        assert len(shown) >= 3 and len(set(shown)) == len(shown)  # (each once)
        assert not [e for e in events if e.kind == "deadline_missed"]
        # the shared log's HTML report, from a student's debrief
        out = apps["KEN"].screen.report()
        assert out is not None and out.is_file() and "<html" in out.read_text(encoding="utf-8")[:400].lower()
        # the server goes: the windows say they are reconnecting, the debrief stays
        host_proc = host[4]
        host_proc.terminate()
        host_proc.wait(timeout=5)
        until(lambda: not ken.game.connected, 5, "the client sees the server gone")
        assert class_lines(ken.game)[0][0].startswith("Reconnecting")
        assert isinstance(ken.screen, DebriefScreen)
    finally:
        for app in apps.values():
            app.end_game()


def test_what_a_student_types_is_a_ws_address_and_deadlines_read_as_minutes():
    from game.ui.classbar import clock
    from game.ui.classroom import url_of

    assert url_of("192.168.1.20") == "ws://192.168.1.20:8765"
    assert url_of(" 192.168.1.20:9000 ") == "ws://192.168.1.20:9000"
    assert url_of("ws://host.local:8765") == "ws://host.local:8765"
    assert url_of("[::1]") == "ws://[::1]:8765" and url_of("[::1]:9") == "ws://[::1]:9"
    assert url_of("") == ""
    assert (clock(600), clock(59.2), clock(0), clock(3725), clock(None)) == ("10:00", "1:00", "0:00", "1:02:05", "")
