"""The game's screens, driven headless by a scripted player with synthetic mouse and
keyboard input (SDL_VIDEODRIVER=dummy): whole sessions from the title screen to the
debrief, whose event logs must equal what the same commands give on a bare Session."""

from __future__ import annotations

import pytest

pygame = pytest.importorskip("pygame")
pytest.importorskip("pygame_gui")

from game.events import read_log  # noqa: E402
from game.replay import verify  # noqa: E402
from game.scenario import load_scenario  # noqa: E402
from game.session import Session  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.controller import rerun  # noqa: E402
from game.ui.driver import Driver, ScriptedPlayer  # noqa: E402
from tests.conftest import DEFAULT  # noqa: E402


def play(app, seat, ballot="yes", inject_at=None, seed="5", keyboard_only=False):
    d = Driver(app, keyboard_only=keyboard_only)
    p = ScriptedPlayer(d, seat, ballot=ballot, inject_at=inject_at)
    p.start(seed=seed)
    app.game.instant = True
    p.play()
    return d, p


def as_json(events):
    return [e.to_json() for e in events]


def assert_log_equals_bare_session(game):
    """The commands the player made through the screens, replayed on a bare Session at
    the turns they were made, give exactly the game's log; the autosave verifies too."""
    bare = rerun(game.header, game.commands)
    assert as_json(bare.log) == as_json(game.session.log)
    game.saver.flush()
    header, events = read_log(game.save_path)
    assert as_json(events) == as_json(game.session.log)
    result = verify(header, events)
    assert result.ok, result.message


def test_penholder_plays_from_title_to_debrief(app):
    d, p = play(app, "FRA", inject_at=25)
    g = app.game
    assert app.screen.name == "debrief"
    assert g.session.finished and g.session.state.outcome is not None
    names = [name for _, name, _ in g.commands]
    for cmd in ("decide_amendments", "circulate_revision", "place_under_silence", "put_in_blue", "cast_vote",
                "explain_vote", "inject"):
        assert cmd in names, (cmd, names)
    assert any(e.kind == "inject" and not e.data.get("timed") for e in g.session.log)
    assert_log_equals_bare_session(g)


def test_member_plays_breaks_silence_and_vetoes(app):
    d, p = play(app, "CHN", ballot="no", seed="1")
    g = app.game
    assert app.screen.name == "debrief"
    names = [name for _, name, _ in g.commands]
    for cmd in ("propose_amendments", "seek_support", "break_silence", "cast_vote", "explain_vote", "end_turn"):
        assert cmd in names, (cmd, names)
    assert g.session.state.outcome.value == "vetoed"  # a permanent member's no
    letter = next(e for e in g.session.log if e.kind == "break_silence" and e.actor == "CHN")
    assert letter.data.get("letter")  # the drafted (editable) letter went with it
    assert_log_equals_bare_session(g)


def test_keyboard_only_session(app):
    """Every control reached with Tab / arrows and pressed with Enter: no mouse at all."""
    d, p = play(app, "FRA", seed="3", keyboard_only=True)
    assert app.screen.name == "debrief"
    assert_log_equals_bare_session(app.game)


def test_watch_mode_equals_an_ai_only_run(app, minusma):
    play(app, None, seed="8")
    g = app.game
    assert app.screen.name == "debrief"
    # (the window plays the shipped scenario, at the fitted constants: `minusma` holds HAND_SET)
    assert as_json(g.session.log) == as_json(Session(load_scenario(DEFAULT), 8).run().log)


def test_quit_and_resume_exactly_where_it_stopped(app, tmp_path):
    d = Driver(app)
    p = ScriptedPlayer(d, "CHN", ballot="yes")
    p.start(seed="4")
    app.game.instant = True
    p.play(until=lambda: app.game.scene == "silence" and not app.game.my_turn)
    g = app.game
    saved_commands = list(g.commands)
    d.key(pygame.K_ESCAPE)  # the menu
    d.click("Back to the title screen")
    assert app.screen.name == "title" and app.game is None
    saves = list((tmp_path / "saves").glob("*.jsonl"))
    assert len(saves) == 1
    header, events = read_log(saves[0])
    # a fresh window (as after a crash) resumes from the title screen
    app2 = App(odds=False, save_dir=tmp_path / "saves", settings_path=tmp_path / "settings.json")
    d2 = Driver(app2)
    d2.press("Resume")
    assert app2.screen.name == "resume"
    d2.click(str(saves[0]))
    g2 = app2.game
    assert g2 is not None and g2.seat == "CHN"
    # exactly where it stopped: the same events (and the game goes on from there)
    assert as_json(g2.session.log[:len(events)]) == as_json(events)
    assert g2.revealed >= len(events)
    g2.instant = True
    ScriptedPlayer(d2, "CHN").play()
    assert app2.screen.name == "debrief"
    # the whole session (before and after the resume) replays from the log
    h, evs = read_log(saves[0])
    g2.saver.flush()
    h, evs = read_log(saves[0])
    assert evs[:len(events)] == events
    assert verify(h, evs).ok
    assert rerun(g2.header, saved_commands + g2.commands).log[-1].to_json() == evs[-1].to_json()
    app2.end_game()


def test_facilitator_pause_save_and_speed(app, tmp_path):
    d = Driver(app)
    p = ScriptedPlayer(d, None)
    p.start(seed="2")
    g = app.game
    d.frames(5)
    d.key(pygame.K_p)
    assert g.paused and app.screen.overlay == "pause"
    shown = g.revealed
    d.frames(120, dt=0.5)
    assert g.revealed == shown  # nothing moves while paused
    d.key(pygame.K_p)
    assert not g.paused
    speed = g.speed
    d.key(pygame.K_EQUALS)
    assert g.speed > speed
    d.key(pygame.K_F5)
    copies = [f for f in (tmp_path / "saves").glob("*-saved*.jsonl")]
    assert copies, "F5 writes a dated copy"
    d.key(pygame.K_F1)
    assert app.screen.overlay == "help"
    d.key(pygame.K_ESCAPE)
    assert app.screen.overlay is None


def test_invalid_scenario_shows_errors_not_a_crash(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: Bad Id\nmembers: 3\n", encoding="utf-8")
    d = Driver(app)
    d.open_scenario_file(bad)
    scr = app.screen
    assert scr.name == "title" and scr.scenario is None
    assert f"{bad}:" in scr.errors[scr.current]  # file:line: field: message
    assert not d.element("Play").is_enabled
    d.frames(2)


def test_resize_and_text_size(app):
    d = Driver(app)
    before = app.theme.scale
    d.key(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
    assert app.text_size == "large" and app.theme.scale > before
    app.window = pygame.display.set_mode((1600, 1000), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1600, 1000), w=1600, h=1000))
    d.frames(2)
    import time

    time.sleep(0.15)
    d.frames(2)
    assert app.size == (1600, 1000)
    assert app.screen.focus.items and all(it.rect.right <= 1600 for it in app.screen.focus.items)


def test_live_odds_come_from_a_worker_process(minusma):
    import time

    from game.ui.worker import OddsClient

    s = Session(minusma, 1, outside={"FRA"})
    s.advance()
    client = OddsClient(True)
    try:
        t0 = time.perf_counter()
        client.request(s.header(), [e.to_json() for e in s.log])
        assert time.perf_counter() - t0 < 0.5  # the caller never waits for the result
        end = time.perf_counter() + 60
        while client.value is None and time.perf_counter() < end:
            client.poll()
            time.sleep(0.05)
        assert client.value is not None, client.error
        assert 0.0 <= client.value["adopted"] <= 1.0 and client.value["at"] == len(s.log)
    finally:
        client.close()


def test_the_feed_shows_paragraphs_not_internal_ids(app):
    """Students read "OP 58", not "OP 58 (climate)": ids are for the command line."""
    play(app, "CHN", seed="5")
    ids = [i.id for i in app.game.session.scenario.issues]
    lines = [line for entry in app.game.feed for line in entry["lines"]]
    assert lines
    leaked = [line for line in lines for i in ids if f"({i})" in line]
    assert not leaked, leaked[:3]


def test_esc_goes_back_one_screen_and_quits_from_the_title(app):
    """Esc is the screen's way back (Screen.escape): seat picker to the title, brief to the
    title, and on the title screen it quits; a text box being typed in takes it first."""
    d = Driver(app)
    d.until(lambda: d.screen.name == "title", what="title")
    d.press("Play")
    d.until(lambda: d.screen.name == "seat", what="seat screen")
    d.key(pygame.K_ESCAPE)
    assert d.screen.name == "title"
    d.press("Play")
    d.until(lambda: d.screen.name == "seat", what="seat screen")
    d.click("KEN")
    d.press("Take this seat")
    d.until(lambda: d.screen.name == "brief", what="brief")
    d.key(pygame.K_ESCAPE)
    assert d.screen.name == "title" and app.running
    d.click("seed")
    assert d.screen.typing()
    d.key(pygame.K_ESCAPE)  # (leaves the text box, not the game)
    assert app.running and not d.screen.typing()
    d.key(pygame.K_ESCAPE)
    assert not app.running
