"""A class's log read after the session (issue 12): its notes between delegations in the
debrief (the HTML report and the game's debrief screen), whole in the facilitator's copy and
as placeholders without text in a student's; a class log resumed in the game takes a seat
its students held (its header names none: they took their seats with ``take_seat``)."""

from __future__ import annotations

import json

import pytest

from game.classroom.room import Room
from game.debrief.facts import read_session
from game.debrief.report import debrief_html
from game.events import Event, read_log
from game.replay import seats_at_end, verify
from game.scenario import load_scenario
from tests.conftest import DEFAULT

NOTE = "Can we talk about OP 4 before the silence?"
CHAT = "Only if the reporting stays at six months."


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DEFAULT)


def plain_moves(room: Room, now: float, turns: int) -> float:
    """Answer the students' decisions with the plainest move, `turns` times or to the end."""
    s = room.session
    for _ in range(turns):
        if s.finished:
            break
        p = s.pending
        name, args = {"vote": ("cast_vote", {"ballot": "yes"}), "revise": ("put_in_blue", {}),
                      "co_revision": ("co_pen_revision", {}), "co_step": ("co_pen_step", {})}.get(p.kind, ("end_turn", {}))
        room.command(p.member, name, args, now)
        now += 1.0
    return now


def class_log(scenario, path, turns: int = 400) -> Room:
    """A class of two students (RUS, then FRA) who write to each other and to the United
    States, saved to `path` after every event (the server's copy)."""
    room = Room(scenario, 4, deadline=60, save_path=path)
    room.claim("RUS", 0.0)
    room.claim("FRA", 0.0)
    room.facilitate("start", {}, 0.0)
    room.note("RUS", "USA", NOTE)
    room.note("FRA", "RUS", CHAT, channel="chat")
    plain_moves(room, 1.0, turns)
    return room


def student_copy(events: list[Event], member: str) -> list[Event]:
    """The log as `member`'s client receives it (`Room.visible`)."""
    return [Event.from_json(Room.visible(e.to_json(), member)) for e in events]


def test_the_report_shows_the_notes_of_the_facilitators_copy(scenario, tmp_path):
    class_log(scenario, tmp_path / "class.jsonl")
    header, events = read_log(tmp_path / "class.jsonl")
    html = debrief_html(header, events, runs=0)
    assert '<section id="notes"' in html and 'href="#notes"' in html
    assert NOTE in html and CHAT in html and "without its text" not in html
    facts = read_session(header, events)  # (the class's seats: taken with take_seat, not in the header)
    assert facts.outside == ["RUS", "FRA"] and "an AI-only run" not in html
    assert any(e.by_class and e.actor == "RUS" for e in facts.timeline)
    fr = debrief_html(header, events, runs=0, lang="fr")
    assert "Notes entre d\u00e9l\u00e9gations" in fr and "\u00ab\u00a0" + NOTE + "\u00a0\u00bb" in fr


def test_a_students_copy_shows_its_own_notes_and_placeholders_without_text(scenario, tmp_path):
    class_log(scenario, tmp_path / "class.jsonl")
    header, events = read_log(tmp_path / "class.jsonl")
    usa = student_copy(events, "USA")  # (received RUS's note, not FRA's chat to RUS)
    assert sum(1 for e in usa if e.kind == "note" and "text" not in e.data) == 1
    facts = read_session(header, usa)
    assert [(x.member, x.to, x.text) for x in facts.notes] == [("RUS", "USA", NOTE), (None, None, None)]
    html = debrief_html(header, usa, runs=0)
    assert NOTE in html and CHAT not in html
    assert "1 note between other delegations is in this copy of the log without its text" in html
    chn = debrief_html(header, student_copy(events, "CHN"), runs=0, lang="fr")
    assert NOTE not in chn and CHAT not in chn and "2 notes" in chn


def test_a_log_without_notes_has_no_notes_section(scenario, tmp_path):
    from game.session import Session

    s = Session(scenario, 3).run()
    html = debrief_html(s.header(), s.log, runs=0)
    assert 'id="notes"' not in html and 'href="#notes"' not in html


def test_seats_at_end_follows_the_seats_handed_over():
    def seat(member, by):
        return Event(0, 0, "take_seat", None, {"member": member, "by": by, "step": 0})

    header = {"outside": ["CHN"]}
    assert seats_at_end(header, []) == ["CHN"]
    assert seats_at_end({}, [seat("RUS", "student"), seat("FRA", "student")]) == ["RUS", "FRA"]
    assert seats_at_end(header, [seat("RUS", "student"), seat("CHN", "agent")]) == ["RUS"]


pygame = pytest.importorskip("pygame")


def test_a_class_log_resumes_in_the_first_students_seat(scenario, tmp_path):
    from game.ui.controller import Game

    path = tmp_path / "class.jsonl"
    room = class_log(scenario, path, turns=3)
    assert not room.session.finished and read_log(path)[0].get("outside") == []
    g = Game.resume(path, autosave=False)
    assert g.seat == "RUS" and not g.watching
    assert g.session.outside == {"RUS"}  # (FRA back to its agent: nobody here plays it)
    last = g.session.log[-1]
    assert (last.kind, last.data["member"], last.data["by"]) == ("take_seat", "FRA", "agent")
    assert "France" in g.message
    assert verify(g.session.header(), g.session.log).ok
    g.instant = True
    for _ in range(50):  # the game moves on to the student's own turn (or the end)
        g.update(0.1)
        if g.my_turn or g.finished:
            break
    assert g.my_turn or g.finished
    g.close()
    g = Game.resume(path, autosave=False, seat="FRA")
    assert g.seat == "FRA" and g.session.outside == {"FRA"}
    g.close()
    with pytest.raises(ValueError, match="seat 'CHN' is not played from outside"):
        Game.resume(path, autosave=False, seat="CHN")


def test_a_finished_class_log_resumes_to_the_debrief_as_its_first_student(scenario, tmp_path):
    from game.ui.controller import Game

    path = tmp_path / "class.jsonl"
    room = class_log(scenario, path)
    assert room.session.finished
    g = Game.resume(path, autosave=False)
    assert g.seat == "RUS" and g.message is None and g.scene == "debrief"
    assert len(g.session.log) == len(room.session.log)  # (nothing handed over after the end)
    g.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_debrief_screen_lists_the_notes_the_copy_holds(scenario, tmp_path, monkeypatch, lang):
    from game.ui.app import App
    from game.ui.widgets import Doc

    path = tmp_path / "class.jsonl"
    class_log(scenario, path)
    header, events = read_log(path)
    mine = tmp_path / "usa.jsonl"  # (the United States' copy: RUS's note to it, FRA's chat as a placeholder)
    mine.write_text("\n".join(json.dumps(x) for x in [header] + [e.to_json() for e in student_copy(events, "USA")]) + "\n")
    a = App(odds=False, save_dir=tmp_path / "saves", settings_path=tmp_path / "settings.json", lang=lang)
    try:
        for log, seen, unseen in ((path, [NOTE, CHAT], []), (mine, [NOTE], [CHAT])):
            a.resume_game(log)
            a.set_screen(a.scene_screen())
            assert a.screen.name == "debrief"
            texts: list[str] = []
            for name in ("h2", "p", "columns"):
                orig = getattr(Doc, name)
                monkeypatch.setattr(Doc, name, lambda self, x, *args, _o=orig, _t=texts, **kw: (_t.append(str(x)), _o(self, x, *args, **kw))[1])
            a.screen.tab_timeline(800)
            monkeypatch.undo()
            assert a.screen._("Notes between delegations") in texts
            assert all(any(s in t for t in texts) for s in seen) and not any(s in t for t in texts for s in unseen)
            hidden = [t for t in texts if ("without its text" if lang == "en" else "sans son texte") in t]
            assert len(hidden) == (log == mine)
    finally:
        a.end_game()
