"""Issue 9, item 1: a player who presses *Table amendment* twice (or resumes after a crash
in the middle of a turn and presses it again) must not write an empty
`propose_amendments`: the save must resume and `replay --verify` must pass."""

from __future__ import annotations

import shutil

import pytest

pygame = pytest.importorskip("pygame")
pytest.importorskip("pygame_gui")

from game.events import read_log  # noqa: E402
from game.replay import restore, verify  # noqa: E402
from game.session import CommandError, Session  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.controller import rerun  # noqa: E402
from game.ui.driver import Driver, ScriptedPlayer  # noqa: E402


def as_json(events):
    return [e.to_json() for e in events]


def empty_comments(events):
    return [e.seq for e in events if e.kind == "propose_amendments"
            and not e.data.get("amendments") and not e.data.get("backs")]


def _first_amend_turn(minusma, seat="CHN", seed=4):
    s = Session(minusma, seed, outside={seat})
    while True:
        p = s.advance()
        assert p is not None
        if p.kind == "amend":
            return s
        s.end_turn(seat) if p.kind != "revise" else None


def _a_text_to_ask(s, seat):
    st = s.state
    info = st.council.issues[0]
    v = next(k for k in range(len(info.variant_ids)) if k != st.draft[0])
    return info.id, info.variant_ids[v]


def test_session_refuses_asking_twice_for_the_same_text(minusma):
    s = _first_amend_turn(minusma)
    issue, variant = _a_text_to_ask(s, "CHN")
    s.propose_amendments("CHN", {issue: variant})
    n = len(s.log)
    with pytest.raises(CommandError, match="already asks for"):
        s.propose_amendments("CHN", {issue: variant})
    assert len(s.log) == n  # nothing written
    s.end_turn("CHN")
    assert not empty_comments(s.log)


def test_session_refuses_backing_one_amendment_twice_in_one_command(minusma):
    s = _first_amend_turn(minusma)
    others = [a.id for a in s.state.pending_amendments() if not a.sponsored_by("CHN")]
    assert others
    n = len(s.log)
    with pytest.raises(CommandError, match="backed once"):
        s.propose_amendments("CHN", {}, [others[0], others[0]])
    assert len(s.log) == n


def test_a_save_cut_in_the_middle_of_a_players_turn_resumes_and_verifies(minusma, tmp_path):
    s = _first_amend_turn(minusma)
    issue, variant = _a_text_to_ask(s, "CHN")
    s.propose_amendments("CHN", {issue: variant})
    path = tmp_path / "cut.jsonl"
    s.save(path)  # the autosave at the moment of a crash
    header, events = read_log(path)
    assert verify(header, events).ok
    again = restore(header, events)
    assert as_json(again.log) == as_json(events)
    with pytest.raises(CommandError):
        again.propose_amendments("CHN", {issue: variant})  # the same text, after the resume
    again.end_turn("CHN")
    while again.advance() is not None:
        p = again.pending
        if p.kind == "vote":
            again.cast_vote("CHN", "yes")
        else:
            again.end_turn("CHN")
    assert not empty_comments(again.log)
    again.save(path)
    assert verify(*read_log(path)).ok


def test_double_pressing_table_amendment_writes_nothing_more(app):
    """The scripted player presses Table amendment a second time (the mouse on the button,
    then Enter) in every expert round: the button is disabled after the first press, no
    empty comments are written, the save resumes and verifies."""
    d = Driver(app)
    p = ScriptedPlayer(d, "CHN", ballot="yes", double_press=True)
    p.start(seed="4")
    app.game.instant = True
    p.play()
    g = app.game
    assert app.screen.name == "debrief"
    assert any("(enabled: False)" in line for line in d.log), "the second press met a disabled button"
    assert not empty_comments(g.session.log)
    bare = rerun(g.header, g.commands)
    assert as_json(bare.log) == as_json(g.session.log)
    g.saver.flush()
    header, events = read_log(g.save_path)
    assert verify(header, events).ok
    restore(header, events)  # what Resume does


def test_resume_after_a_crash_in_the_middle_of_a_turn(app, tmp_path):
    """The player tables an amendment, the game dies before the turn ends; a new window
    resumes that save: the same text cannot be tabled again (the button says where it
    is), the session plays to its end and the whole log verifies."""
    d = Driver(app)
    p = ScriptedPlayer(d, "CHN", ballot="yes")
    p.start(seed="4")
    g = app.game
    g.instant = True
    p.play(until=lambda: g.my_turn and g.turn_kind == "amend" and app.screen.name == "negotiation"
           and app.screen.ready())
    d.press("table")
    assert g.session.pending is not None and g.session.pending.kind == "amend"
    g.saver.flush()
    crashed = tmp_path / "after-crash"
    crashed.mkdir()
    save = crashed / g.save_path.name
    shutil.copyfile(g.save_path, save)  # what is on disk when the process is killed
    header, events = read_log(save)
    assert verify(header, events).ok

    app2 = App(odds=False, save_dir=crashed, settings_path=tmp_path / "settings2.json")
    try:
        d2 = Driver(app2)
        d2.press("Resume")
        d2.click(str(save))
        g2 = app2.game
        g2.instant = True
        d2.until(lambda: app2.screen.name == "negotiation" and app2.screen.ready() and g2.my_turn, what="the turn")
        assert not d2.element("table").is_enabled
        assert d2.element("table").text.startswith("Tabled: A")
        n = len(g2.session.log)
        d2.click_even_if_disabled("table")
        assert len(g2.session.log) == n
        ScriptedPlayer(d2, "CHN", double_press=True).play()
        assert app2.screen.name == "debrief"
        g2.saver.flush()
        header, events = read_log(save)
        assert not empty_comments(events)
        result = verify(header, events)
        assert result.ok, result.message
        restore(header, events)
    finally:
        app2.end_game()


def test_resume_between_settling_and_circulating(minusma, tmp_path):
    """The penholder's settlements are written, the game dies before the revision goes
    out: on Resume the panel still offers to circulate it (not the next step with the
    old text), and the session plays on and verifies."""
    s = Session(minusma, 5, outside={"FRA"})
    while True:
        p = s.advance()
        assert p is not None
        if p.kind == "revise" and s.state.pending_amendments():
            break
        s.open_expert_round("FRA")
    a = s.state.pending_amendments()[0]
    info = s.state.council.issues[a.issue]
    s.decide_amendments("FRA", {x.id: (info.variant_ids[a.variant] if x.issue == a.issue
                                       else s.state.council.issues[x.issue].variant_ids[s.state.working[x.issue]])
                                for x in s.state.pending_amendments()})
    assert s.state.working != s.state.draft
    saves = tmp_path / "saves"
    saves.mkdir()
    path = saves / "minusma_2021-FRA-seed5-cut.jsonl"
    s.save(path)
    n = len(s.log)
    app = App(odds=False, save_dir=saves, settings_path=tmp_path / "settings.json")
    try:
        d = Driver(app)
        d.press("Resume")
        d.click(str(path))
        g = app.game
        g.instant = True
        d.until(lambda: app.screen.name == "negotiation" and app.screen.ready() and g.my_turn, what="the turn")
        assert app.screen.panel() == "settle"
        d.press("settle")
        assert [e.kind for e in g.session.log[n:]] == ["circulate_revision"]
        ScriptedPlayer(d, "FRA").play()
        assert app.screen.name == "debrief"
        g.saver.flush()
        header, events = read_log(path)
        result = verify(header, events)
        assert result.ok, result.message
    finally:
        app.end_game()
