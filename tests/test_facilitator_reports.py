"""The debrief and the class report: content of the HTML, self-containment, refusals."""

from __future__ import annotations

import re

import pytest

from game.cli import main
from game.debrief import class_report_html, debrief_html
from game.debrief.classreport import ClassReportError, load_sessions
from game.debrief.facts import read_session
from game.debrief.html import word_diff
from game.events import read_log
from game.facilitator import ClassSeat
from game.narrate import Narrator
from game.scenario import load_scenario
from game.session import Session

from .conftest import ROOT

TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"


def _class_session(path, scenario, seat, seed, style="agent", injects=None, until=None):
    s = Session(scenario, seed, outside={seat})
    ClassSeat(seed=seed, style=style).play(s, until=until, injects=injects)
    s.save(path)
    return s


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    d = tmp_path_factory.mktemp("class")
    tut = load_scenario(TUTORIAL)
    out = {
        "g1": _class_session(d / "g1.jsonl", tut, "RUS", 1, "hardline", injects={12: "host_asks_drawdown"}),
        "g2": _class_session(d / "g2.jsonl", tut, "GBR", 2, "soft"),
        "g3": _class_session(d / "g3.jsonl", tut, "RUS", 3, "agent"),
        "m21": _class_session(d / "m21.jsonl", load_scenario(ROOT / "scenarios" / "minusma_2021.yaml"), "IND", 4, "hardline"),
        "mid": _class_session(d / "mid.jsonl", tut, "RUS", 5, until=20),
    }
    return d, out


def _self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html and "@media print" in html and "@page" in html
    # nothing fetched: no external scripts, styles, images or fonts (the SVG namespace is a name)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html and "<link" not in html and "@import" not in html and "url(" not in html


def test_debrief_has_every_section(logs):
    d, sessions = logs
    header, events = read_log(d / "g1.jsonl")
    html = debrief_html(header, events, runs=20, log_name="g1.jsonl")
    _self_contained(html)
    for anchor in ("glance", "prompts", "timeline", "drafts", "silences", "vote", "eov", "satisfaction",
                   "history", "simulations"):
        assert f'id="{anchor}"' in html
    st = sessions["g1"].state
    n = Narrator(st.scenario)
    # the timeline: the transcript's lines, the class's moves marked
    assert "circulates the zero draft" in html and "by-class" in html
    # the draft's evolution, tracked changes
    assert "<del>" in html and "<ins>" in html and "rev1" in html
    # each silence break with its letter
    for sil in st.silences:
        for m in sil.breakers:
            assert n.name(m) in html
    letters = [ev for ev in sessions["g1"].log if ev.kind == "break_silence" and not ev.data.get("with")]
    assert letters
    for ev in letters:
        text = n.letter(ev)
        assert text.replace("\u201c", "&ldquo;")[:40].split("&")[0] in html.replace("&#x27;", "'")
    # the vote table: every member, its ballot
    for m in st.council.ids:
        assert n.name(m) in html
    assert html.count('class="chip yes"') >= sum(1 for b in st.ballots.values() if b.value == "yes")
    # explanations of vote
    for actor, _data in st.explanations:
        assert n.name(actor) in html
    # satisfaction: one chart per member
    assert html.count('aria-label="satisfaction of ') == len(st.council.ids)
    # the inject, the comparison with AI runs, the prompts
    assert "will no longer" in html and "Facilitator inject" in html
    assert "20 AI-only negotiations of the same scenario" in html
    assert "Questions for the class" in html and "What did" in html
    assert "no historical record" in html  # the tutorial is fictional


def test_debrief_compares_with_the_record(logs):
    d, sessions = logs
    header, events = read_log(d / "m21.jsonl")
    html = debrief_html(header, events, runs=10)
    assert "Compared with the record" in html and "2584 (2021)" in html
    assert "The record" in html and ("\u2713 same" in html or "\u2717 different" in html)
    assert "unknown in the record" in html  # strategic vision and climate are unknown
    assert "India" in html and "class</span>" in html


def test_debrief_continuations_and_unfinished_sessions(logs):
    d, sessions = logs
    header, events = read_log(d / "mid.jsonl")
    f = read_session(header, events)
    assert f.outcome == "unfinished"
    html = debrief_html(header, events, runs=5, from_event=len(events))
    _self_contained(html)
    assert "continuations of this session from event" in html
    assert "stopped before the end" in html
    html0 = debrief_html(header, events, runs=0)
    assert "No simulations were run" in html0


def test_debrief_command(logs, tmp_path, capsys):
    d, _ = logs
    out = tmp_path / "report.html"
    assert main(["debrief", str(d / "g2.jsonl"), "--out", str(out), "--runs", "5"]) == 0
    assert "self-contained" in capsys.readouterr().out
    _self_contained(out.read_text(encoding="utf-8"))
    assert main(["debrief", str(tmp_path / "missing.jsonl"), "--out", str(out)]) == 1


def test_class_report_side_by_side(logs, tmp_path, capsys):
    d, _ = logs
    groups = load_sessions([d / "g1.jsonl", d / "g2.jsonl", d / "g3.jsonl"])
    html = class_report_html(groups, runs=10)
    _self_contained(html)
    for name in ("g1", "g2", "g3"):
        assert f">{name}<" in html
    assert "AI runs (10)" in html and "Russian Federation (the class's seat)" in html
    assert "Silence 1" in html and "How each member voted" in html and "The final texts" in html
    assert "Questions for the class" in html
    out = tmp_path / "class.html"
    assert main(["class-report", str(d / "g1.jsonl"), str(d / "g2.jsonl"), "--out", str(out), "--runs", "0"]) == 0
    assert "2 sessions side by side" in capsys.readouterr().out


def test_class_report_refuses_different_scenarios(logs, tmp_path, capsys):
    d, _ = logs
    out = tmp_path / "class.html"
    assert main(["class-report", str(d / "g1.jsonl"), str(d / "m21.jsonl"), "--out", str(out)]) == 1
    msg = capsys.readouterr().out
    assert "different scenarios" in msg and "tutorial" in msg and "minusma_2021" in msg
    assert "one class report per scenario" in msg
    assert not out.exists()
    # same id, edited contents
    sc = load_scenario(TUTORIAL, ["calendar.silence_hours=30"])
    _class_session(tmp_path / "edited.jsonl", sc, "RUS", 1)
    with pytest.raises(ClassReportError, match="edited between sessions"):
        load_sessions([d / "g1.jsonl", tmp_path / "edited.jsonl"])


def test_word_diff_marks_deletions_and_insertions():
    assert word_diff("Requests the SG to report by 15 July.", "Requests the SG to report by 15 October.") == \
        "Requests the SG to report by 15 <del>July</del> <ins>October</ins>."
    assert word_diff("A b c.", "A b c d.") == "A b c <ins>d</ins>."
    assert word_diff("same", "same") == "same"
    assert word_diff("<b>", "x y z w") == "<del>&lt;b&gt;</del> <ins>x y z w</ins>"


DEADLOCK = ["members.RUS.positions.mandate_scope=10", "members.RUS.positions.human_rights=10",
            "members.RUS.salience.mandate_scope=1.0", "members.RUS.veto_cost=0.1",
            "members.GBR.red_lines={mandate_scope: {min: 80}}"]


@pytest.mark.parametrize("overrides,outcome,prompt", [
    ([*DEADLOCK, "members.RUS.lapse_value=0.3", "members.GBR.forces_votes=0.9"], "vetoed",
     "Could the penholder have avoided the veto"),
    ([*DEADLOCK, "members.RUS.lapse_value=0.3", "members.GBR.forces_votes=0"], "rollover",
     "Time ran out"),
])
def test_debrief_of_every_kind_of_ending(overrides, outcome, prompt):
    from .conftest import TEST_COUNCIL

    sc = load_scenario(TEST_COUNCIL, overrides)
    s = Session(sc, 0).run()
    assert s.state.outcome.value == outcome
    html = debrief_html(s.header(), s.log, runs=3)
    _self_contained(html)
    assert prompt in html and outcome.replace("_", " ") in html


def test_debrief_of_a_lapse():
    """A penholder (played from outside) that opens round after round until the mandate
    expires."""
    from .conftest import TEST_COUNCIL

    s = Session(load_scenario(TEST_COUNCIL), 0, outside={"GBR"})
    while (turn := s.advance()) is not None:
        if turn.kind == "revise":
            s.open_expert_round("GBR")
        elif turn.kind == "vote":
            s.cast_vote("GBR", "yes")
        else:
            s.end_turn("GBR")
    assert s.state.outcome.value == "lapsed"
    html = debrief_html(s.header(), s.log, runs=3)
    _self_contained(html)
    assert "Time ran out" in html and "lapsed" in html
