"""A student seated as a co-penholder, through the real screens: the lead's proposed
revision and next step are put to it, it objects to a paragraph (which stays as
circulated) and to blue (a more cautious step is taken), and the log is what a bare
session gives for the same commands."""

from __future__ import annotations

import pytest

pygame = pytest.importorskip("pygame")
pytest.importorskip("pygame_gui")

from game import rules  # noqa: E402
from game.ui.driver import Driver, ScriptedPlayer  # noqa: E402
from tests.test_ui import assert_log_equals_bare_session  # noqa: E402

from .conftest import ROOT  # noqa: E402

CO_PEN = ROOT / "tests" / "scenarios" / "co_pen.yaml"


def test_a_co_penholder_objects_to_the_leads_revision_and_to_blue(app):
    d = Driver(app)
    d.open_scenario_file(CO_PEN)
    seen = {}

    def shot(name):  # what the panels showed when the seat answered
        if name in ("co_revision", "co_step") and name not in seen:
            seen[name] = [it.name for it in d.screen.focus.items]

    p = ScriptedPlayer(d, "NOR", co_object=True, shots=shot)
    p.start(seed="3")
    app.game.instant = True
    p.play()
    g = app.game
    assert app.screen.name == "debrief" and g.session.finished
    assert any(n.startswith("co:") for n in seen["co_revision"]) and "co_answer" in seen["co_revision"]
    assert "co_agree" in seen["co_step"]
    mine = [e for e in g.session.log if e.actor == "NOR"]
    objected = [e for e in mine if e.kind == "co_pen_revision" and not e.data["agrees"]]
    assert objected and objected[0].data["objections"][0]["outcome"] == "reverts"
    refused = [e for e in mine if e.kind == "co_pen_step" and not e.data["agrees"]]
    assert refused and refused[0].data["proposed"] == "put_in_blue"
    log = g.session.log
    taken = next(e for e in log[refused[0].seq:] if e.kind in rules.NEXT_STEPS_BY_CAUTION)
    assert taken.kind != "put_in_blue"
    assert not any(e.kind in ("break_silence", "propose_amendments") for e in mine)
    names = [name for _, name, _ in g.commands]
    assert "co_pen_revision" in names and "co_pen_step" in names
    assert_log_equals_bare_session(g)


def test_the_lead_sees_its_co_penholders_answers(app):
    """The student holds the lead pen: the agent co-penholders' answers to its revisions and
    next steps are in the room (the feed), and its commands replay to the same log."""
    d = Driver(app)
    d.open_scenario_file(CO_PEN)
    p = ScriptedPlayer(d, "GBR")
    p.start(seed="3")
    app.game.instant = True
    p.play()
    g = app.game
    assert app.screen.name == "debrief" and g.session.finished
    answers = [e for e in g.feed if e["kind"] in ("co_pen_step", "co_pen_revision")]
    assert {e["actor"] for e in answers} == {"NOR", "JPN"}
    assert all("co-penholder" in e["lines"][0] for e in answers)
    names = [name for _, name, _ in g.commands]
    assert "co_pen_step" not in names and "decide_amendments" in names
    assert_log_equals_bare_session(g)
