"""A student whose delegation broke silence gets its bilateral with the penholder on the
negotiation screen: its strongest objections ticked, a threat selector, "Nothing to add" or
"Say it to the penholder"; the log is what a bare session gives for the same commands."""

from __future__ import annotations

import pytest

pygame = pytest.importorskip("pygame")
pytest.importorskip("pygame_gui")

from game.ui.driver import Driver, ScriptedPlayer  # noqa: E402
from tests.test_ui import assert_log_equals_bare_session  # noqa: E402

from .conftest import ROOT  # noqa: E402

BILATERALS = ROOT / "tests" / "scenarios" / "bilaterals.yaml"


def _play(app, threat):
    d = Driver(app)
    d.open_scenario_file(BILATERALS)
    seen = {}

    def shot(name):  # what the panel showed when the seat had its bilateral
        if name == "bilateral_turn" and name not in seen:
            seen[name] = ([it.name for it in d.screen.focus.items], d.screen.panel())

    p = ScriptedPlayer(d, "RUS", threat=threat, shots=shot)
    p.start(seed="3")
    app.game.instant = True
    p.play()
    return app.game, seen


def test_the_student_threatens_a_veto_in_its_bilateral(app):
    g, seen = _play(app, "veto")
    assert g.session.finished
    names, panel = seen["bilateral_turn"]
    assert panel == "bilateral"
    assert "bil_threat" in names and "bil_pass" in names and "bil_send" in names
    assert any(n.startswith("bil:") for n in names)
    talks = [e for e in g.session.log if e.kind == "bilateral_talk" and e.actor == "RUS"]
    assert len(talks) == 1 and talks[0].data["threat"] == "veto"
    assert talks[0].data["requests"], "the strongest objections are ticked by default"
    assert any(name == "bilateral_talk" for _, name, _ in g.commands)
    assert_log_equals_bare_session(g)


def test_the_student_has_nothing_to_add(app):
    g, seen = _play(app, None)
    assert seen["bilateral_turn"][1] == "bilateral"
    mine = [e for e in g.session.log if e.actor == "RUS"]
    assert not any(e.kind == "bilateral_talk" for e in mine)
    assert any(e.kind == "end_turn" and e.data["turn"] == "bilateral" for e in mine)
    assert_log_equals_bare_session(g)
