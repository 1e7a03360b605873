"""Issue 8 §4 (review gap 1) on the screens: the student, as penholder, seeks a technical
rollover that fails with days to go; the vote screen says so, the explanations of vote
follow (with the host's statement), as after any vote, and then the talks go on."""

from __future__ import annotations

import pytest

pygame = pytest.importorskip("pygame")
pytest.importorskip("pygame_gui")

from game.procedure import Phase  # noqa: E402
from game.scenario import load_scenario  # noqa: E402
from game.ui.driver import Driver, ScriptedPlayer  # noqa: E402

from .conftest import TEST_COUNCIL  # noqa: E402
from .test_rollover_explained import FAILED_ROLLOVER  # noqa: E402
from .test_ui import assert_log_equals_bare_session  # noqa: E402


def test_the_student_sees_the_explanations_after_a_failed_rollover_then_the_talks(app, monkeypatch):
    from game.ui.screens.brief import BriefScreen
    from game.ui.screens.play import vote_result

    app.new_game(load_scenario(TEST_COUNCIL, FAILED_ROLLOVER), "GBR", 1)
    app.set_screen(BriefScreen(app))
    d = Driver(app)
    d.until(lambda: d.screen.name == "brief", what="brief")
    d.press("start")
    g = app.game
    g.instant = True
    seen = {"vote": set(), "explanations": set()}
    shown = []  # (event kind, actor, phase after it, the scene it was shown in)
    reveal = g._reveal

    def _reveal(ev, quiet=False):
        reveal(ev, quiet)
        shown.append((ev.kind, ev.actor, g.shown.phase, g.scene))

    g._reveal = _reveal

    def on_frame():
        scr, st = app.screen, g.shown
        if st.phase is Phase.ROLLOVER_FAILED and scr.name == "vote" and g.beat == "vote_over":
            seen["vote"].add(vote_result(st))
        if st.phase is Phase.ROLLOVER_FAILED and scr.name == "explanations":
            seen["explanations"].add(scr.name)

    p = ScriptedPlayer(d, "GBR", ballot="yes", on_frame=on_frame)
    # the first turn to revise: settle as the script does, then seek a rollover
    p.play(until=lambda: g.my_turn and g.turn_kind == "revise" and app.screen.name == "negotiation"
           and app.screen.ready() and not d.has("settle") and d.has("seek_rollover"))
    d.click("seek_rollover")
    p.play()
    st = g.session.state
    assert st.votes[0].on == "rollover" and st.votes[0].result.value == "vetoed"
    assert seen["vote"] == {"vetoed"}  # the vote screen stamped the failed rollover
    assert seen["explanations"] == {"explanations"}  # ... and the player went on to the speeches
    k = next(i for i, x in enumerate(shown) if x[0] == "declare_result")
    talks = next(i for i, x in enumerate(shown) if x[0] == "open_expert_round" and i > k)
    speeches = [(actor, scene) for kind, actor, _ph, scene in shown[k + 1:talks] if kind == "explain_vote"]
    # the explanations screen showed the members who explained (Russia, which vetoed it;
    # the student, who delivered its speech) and the host, last
    assert {"RUS", "GBR"} <= {a for a, _s in speeches}
    assert speeches[-1][0] == g.scenario.host.id
    assert {s for _a, s in speeches} == {"explanations"}
    # then the talks went on: back to the negotiation, a new expert round
    assert shown[talks][2:] == (Phase.EXPERT_ROUND, "negotiation")
    assert app.screen.name == "debrief"
    # the in-game debrief lists both votes
    from game.ui.widgets import Doc

    bullets = []
    bl = Doc.bullets
    monkeypatch.setattr(Doc, "bullets", lambda self, items, *a, **k: (bullets.extend(items), bl(self, items, *a, **k)))
    app.screen.tab_outcome(800)
    assert any("The technical rollover[/b]: vetoed 14-1-0; the talks went on" in b for b in bullets), bullets
    assert len(st.votes) >= 2
    assert_log_equals_bare_session(g)


def test_a_save_made_during_a_failed_rollovers_explanations_resumes_there(tmp_path):
    """Saved at the student's turn to explain its vote on a failed rollover: the game
    resumes on the explanations screen, the student speaks, and the talks go on."""
    from game.session import Session
    from game.ui.app import App

    s = Session(load_scenario(TEST_COUNCIL, FAILED_ROLLOVER), 1, outside={"GBR"})
    while (turn := s.advance()) is not None:
        if turn.member == "GBR" and turn.kind == "explain" and s.state.phase is Phase.ROLLOVER_FAILED:
            break
        if turn.member != "GBR":
            continue
        if turn.kind == "revise":
            s.seek_rollover("GBR")
        elif turn.kind == "vote":
            s.cast_vote("GBR", "yes")
        else:
            s.end_turn("GBR")
    assert s.pending is not None and s.pending.kind == "explain"
    saves = tmp_path / "saves"
    saves.mkdir()
    path = saves / "rollover.jsonl"
    s.save(path)
    app = App(odds=False, save_dir=saves, settings_path=tmp_path / "settings.json")
    try:
        d = Driver(app)
        d.press("Resume")
        d.click(str(path))
        g = app.game
        g.instant = True
        d.until(lambda: app.screen.name == "explanations" and app.screen.ready() and g.my_turn,
                what="the student's turn to explain")
        d.click("deliver")
        d.until(lambda: app.screen.name == "negotiation", what="the talks going on")
        log = g.session.log
        mine = next(e for e in log if e.kind == "explain_vote" and e.actor == "GBR")
        assert mine.data["on"] == "rollover" and mine.data["result"] == "vetoed"
        assert any(e.kind == "open_expert_round" and e.seq > mine.seq for e in log)
    finally:
        app.end_game()
