"""Issue 8 in the game: what a student can now do through the session (threaten in a
silence-break letter, take a package offered in answer to lobbying) played through the
real screens, and what moves members made visible (host letters, threats, package deals,
the reason each ballot won, the room's count of the text)."""

from __future__ import annotations

import pytest

pygame = pytest.importorskip("pygame")
pytest.importorskip("pygame_gui")

from game.events import read_log  # noqa: E402
from game.replay import restore, verify  # noqa: E402
from game.session import Session  # noqa: E402
from game.ui import words  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.driver import Driver, ScriptedPlayer  # noqa: E402
from tests.test_ui import as_json, assert_log_equals_bare_session  # noqa: E402
from tests.test_ui_polish import TextSpy, until_turn  # noqa: E402


def start(app, seat, seed, keyboard_only=False, **kw):
    d = Driver(app, keyboard_only=keyboard_only)
    p = ScriptedPlayer(d, seat, **kw)
    p.start(seed=seed)
    app.game.instant = True
    return d, p


def own(g, kind):
    return [e for e in g.session.log if e.kind == kind and e.actor == g.seat]


def test_a_permanent_member_takes_a_package_and_threatens_a_veto(app):
    """China lobbies until the United States offers a package, accepts it on the lobby
    panel, then breaks silence threatening a veto (chosen on the threat selector): both
    are in the log, the letter says it, and the log is what a bare session gives for the
    same commands (and the autosave verifies)."""
    d, p = start(app, "CHN", "11", ballot="no", threat="veto", take_package=True)
    p.play()
    g = app.game
    assert app.screen.name == "debrief" and p.packages == 1
    deal = own(g, "package_deal")
    assert len(deal) == 1
    offer = g.session.log[deal[0].data["offer"] - 1]
    assert offer.kind == "seek_support" and offer.actor == "CHN" and offer.data["answer"] == "yes_if"
    assert deal[0].data["with"] == offer.data["target"]
    assert deal[0].data["gives"] == offer.data["reasons"][0]["package"]
    letter = own(g, "break_silence")[0]
    assert letter.data["threat"] == "veto" and letter.data["inferred"]["reversion"] > 0
    assert words.THREAT_LETTER["veto"] in letter.data["letter"]
    names = [name for _, name, _ in g.commands]
    assert "accept_package" in names
    assert_log_equals_bare_session(g)


def test_keyboard_only_an_elected_member_threatens_to_vote_no_and_takes_a_package(app, tmp_path):
    """The same with Tab, arrows and Enter only, as India (an elected member: its threat
    is a no, not a veto); the save resumes (replay.restore re-issues both commands)."""
    d, p = start(app, "IND", "3", keyboard_only=True, threat="no", take_package=True)
    p.play()
    g = app.game
    assert own(g, "package_deal") and own(g, "break_silence")[0].data["threat"] == "no"
    assert_log_equals_bare_session(g)
    header, events = read_log(g.save_path)
    resumed = restore(header, events, upto=len(events))
    assert as_json(resumed.log) == as_json(events)


def test_the_threat_selector_offers_what_the_seat_may_threaten(tmp_path):
    """A permanent member may threaten a veto, an elected member a no; choosing a threat
    rewrites the drafted letter (and its explanation says it may be called)."""
    for seat, seed, last in (("CHN", "11", "veto"), ("IND", "3", "no")):
        app = App(odds=False, save_dir=tmp_path / f"s{seat}", settings_path=tmp_path / f"{seat}.json")
        try:
            d, p = start(app, seat, seed)
            until_turn(app, d, p, "silence", "silence")
            scr = app.screen
            assert [v for v, _ in d.selector("threat").options] == [None, "abstain", last]
            objs = [it.name for it in scr.focus.items if it.name.startswith("obj:")]
            d.click(objs[0])
            before = scr.letter_box.get_text()
            assert words.THREAT_LETTER[last] not in before
            d.cycle("threat", 2)
            assert scr.threat == last and words.THREAT_LETTER[last] in scr.letter_box.get_text()
            assert all("call" in t for t in words.THREAT_EXPLAIN[last])
            d.cycle("threat", 1)  # back to no threat: the letter without it
            assert scr.threat is None and scr.letter_box.get_text() == before
        finally:
            app.end_game()


def test_declining_a_package_records_nothing(app):
    d, p = start(app, "CHN", "11")
    until_turn(app, d, p, "amend", "negotiation")
    g = app.game
    d.click("lobby")
    for _ in range(14):
        d.press("ask")
        d.until(lambda: g.my_turn and d.screen.ready())
        if d.screen.offer is not None:
            break
        d.cycle("target", 1)
    assert d.screen.offer is not None, "some delegation offers China a package"
    assert d.has("accept_package") and d.has("decline_package") and not d.has("ask")
    n = len(g.session.log)
    d.press("decline_package")
    assert len(g.session.log) == n and d.screen.offer is None
    assert d.has("ask") and not any(e.kind == "package_deal" and e.actor == "CHN" for e in g.session.log)


def test_the_room_shows_threats_host_letters_and_packages(tmp_path, monkeypatch):
    """Watching seed 5 as France: agents' threats, the host's letter and agents' package
    deals are in the feed with their flags, and the silence screen shows the threat on
    its letter and the host's letter as a card."""
    app = App(odds=False, save_dir=tmp_path / "saves", settings_path=tmp_path / "settings.json")
    try:
        spy = TextSpy(monkeypatch)
        d, p = start(app, "FRA", "5")
        g = app.game
        seen: set[str] = set()

        def look():
            if app.screen.name == "silence" and app.screen.ready():
                texts = " ".join(spy.texts(d))
                if "THREATENS TO" in texts:
                    seen.add("threat on a letter")
                if "the host country" in texts and "Members that defer to the host" in texts:
                    seen.add("host letter card")
            return len(seen) == 2

        p.play(until=look)
        from game.ui.screens.common import feed_markup

        marks = {e["kind"]: feed_markup(g, e) for e in g.feed if e["kind"] in ("host_letter", "package_deal")}
        threat = next(e for e in g.feed if e["kind"] == "break_silence" and e["data"].get("threat"))
        assert marks["host_letter"].startswith("[c=abstain][b]HOST COUNTRY")
        assert marks["package_deal"].startswith("[c=accent][b]PACKAGE DEAL")
        assert words.THREAT_TAG[threat["data"]["threat"]] in feed_markup(g, threat)
    finally:
        app.end_game()


def test_each_ballot_says_why(app, minusma, monkeypatch):
    """On the vote screen, picking a delegation in the roll call (keyboard) shows its vote
    and the reason that won, in plain words; every reason the model gives has words."""
    spy = TextSpy(monkeypatch)
    d, p = start(app, "FRA", "5")
    g = app.game
    p.play(until=lambda: g.beat == "vote_over" and app.screen.name == "vote" and app.screen.ready())
    st = g.shown
    abstainer = next(m for m, b in st.ballots.items() if getattr(b, "value", b) == "abstain")
    scr = app.screen
    d._tab_to("rollcall")
    scr.picked = list(st.council.ids).index(abstainer)
    texts = " ".join(spy.texts(d))
    ev = scr.ballot_event(abstainer)
    tag, sentence = words.ballot_reason(g.narrator, ev)
    assert g.narrator.name(abstainer).upper() in texts and tag.upper() in texts
    assert sentence.split(";")[0][:30] in texts
    # the arrows move the pick
    before = scr.picked
    d.key(pygame.K_DOWN)
    assert scr.picked == (before + 1) % len(st.council.ids)
    # the mouse: hovering a name in the roll call (or a seat) shows that delegation
    other = next(m for m in st.council.ids if m != abstainer)
    pos = scr.roll_rects[other].center
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    d.frames(1)
    assert scr.inspected() == other
    assert g.narrator.name(other).upper() in " ".join(spy.texts(d))
    # every `why` the model writes has its words
    from game.model.ballots import _why  # noqa: F401 - the source of the reasons

    for why in ("support", "pivotal", "process", "text", "host_consent", "will_not_block", "red_line", "veto",
                "against"):
        assert why in words.WHY


def test_the_count_of_the_room(app, minusma, monkeypatch):
    """The Council panel's title gives the room's count of the text: the penholder's own
    count for the penholder, what the room expects for the others (game.agents.forecast)."""
    spy = TextSpy(monkeypatch)
    d, p = start(app, "FRA", "5")
    until_turn(app, d, p, "revise", "negotiation")
    texts = spy.texts(d)
    assert any(t.startswith("your count: adopted in") for t in texts), texts
    # and the hint on putting the text in blue says what the count expects of a vote now
    d.press("settle")
    d.until(lambda: app.game.my_turn and app.screen.ready() and app.screen.panel() == "next_step")
    d._tab_to("put_in_blue")
    assert any("Your count: adopted in" in t for t in spy.texts(d))
    s = Session(minusma, 5, outside={"CHN"})
    s.advance()

    class G:  # what words.room_count reads of a game
        shown, seat, scenario = s.state, "CHN", minusma
        view = s.state.council.index["CHN"]

        def stance(self, m):
            from game import agents

            return agents.forecast_ballot(s.state, s.state.council.index[m], s.state.draft).value

    line = words.room_count(G())
    assert line[0].startswith("the room expects: adopted in")


def test_a_saved_log_with_a_threat_and_a_package_verifies_and_resumes(minusma, tmp_path):
    """replay re-issues a player's threat and package (it dropped the threat and refused
    package_deal: the save of a student who took a package did not verify or resume)."""
    s = Session(minusma, 11, outside={"CHN"})
    p = s.advance()
    assert p.kind == "amend"
    ev = s.seek_support("CHN", "USA", "climate", "none")
    assert ev.data["answer"] == "yes_if"
    s.accept_package("CHN", "USA")
    s.end_turn("CHN")
    while True:
        p = s.advance()
        if p is None:
            break
        if p.kind == "silence" and not any(e.kind == "break_silence" and e.actor == "CHN" for e in s.log):
            s.break_silence("CHN", {"climate": "none"}, None, "veto")
        elif p.kind == "vote":
            s.cast_vote("CHN", "no")
        else:
            s.end_turn("CHN")
    path = tmp_path / "s.jsonl"
    s.save(path)
    header, events = read_log(path)
    assert any(e.kind == "break_silence" and e.data.get("threat") == "veto" for e in events)
    result = verify(header, events)
    assert result.ok, result.message
    assert as_json(restore(header, events, upto=len(events)).log) == as_json(events)


def _select(d, name, value, limit=12):
    for _ in range(limit):
        if getattr(d.screen, {"lissue": "s_lissue", "lvariant": "s_lvar"}[name]).value == value:
            return
        d.cycle(name, 1)
    raise AssertionError(f"{name} never reads {value!r}")


def test_the_lobbying_panel_says_whom_a_text_is_worth_asking(app):
    """China asking for no climate reference is told to ask the members who could say yes
    and weigh with the penholder (the Russian Federation first: a permanent member that wants
    the same), never Ireland or Norway, who want more climate language; asking to keep a text
    as it stands names those who want it moved, or says nobody does yet."""
    from game.model import advice

    d, p = start(app, "CHN", "2")
    until_turn(app, d, p, "amend", "negotiation")
    g = app.game
    d.click("lobby")
    _select(d, "lissue", "climate")
    _select(d, "lvariant", "none")
    said = " ".join(d.screen.lobby_advice())
    assert "the Russian Federation" in said and "Ireland" not in said and "Norway" not in said
    d.click("done")
    d.press("end")  # (China's first turn ends; by its second, Ireland and Norway want more climate text)
    until_turn(app, d, p, "amend", "negotiation")
    d.click("lobby")
    st, c = g.shown, g.shown.council
    j = c.index["CHN"]
    assert set(advice.movers(st, j).get(c.issue_index["climate"], {})) >= {"IRL", "NOR"}
    for issue in c.issues:
        i = c.issue_index[issue.id]
        _select(d, "lissue", issue.id)
        _select(d, "lvariant", issue.variant_ids[st.draft[i]])
        said = " ".join(d.screen.lobby_advice())
        askers = advice.movers(st, j).get(i, {})
        if askers:
            assert "ask those who want it changed" in said
            assert all(g.narrator.name(x) in said for x in sorted(askers, key=lambda x: (-askers[x], x))[:3])
        else:
            assert said.startswith("Nobody has asked to move")


def test_a_member_lobbies_under_silence_and_keeps_its_letter(app):
    """Under silence a delegation may still call others (`seek_support`): China opens the
    lobbying panel from the silence screen, asks a delegation to back a text, sees its
    answer and the advice line; back on the silence panel, its ticked objection and letter
    are as it left them, and the letter goes out as before."""
    d, p = start(app, "CHN", "11")
    until_turn(app, d, p, "silence", "silence")
    g = app.game
    objs = [it.name for it in d.screen.focus.items if it.name.startswith("obj:")]
    d.click(objs[0])
    letter = d.screen.letter_text or d.screen.generated
    d.click("lobby")
    assert d.screen.mode == "lobby" and d.has("ask") and d.screen.lobby_advice()
    n = len(g.session.log)
    d.press("ask")
    d.until(lambda: g.my_turn and d.screen.ready())
    asked = [e for e in g.session.log[n:] if e.kind == "seek_support" and e.actor == "CHN"]
    assert len(asked) == 1 and d.screen.last_answer
    if d.screen.offer is not None:
        d.press("decline_package")
    d.click("done")
    assert d.screen.mode == "main" and d.screen.toggles.get(objs[0].split(":", 1)[1])
    assert (d.screen.letter_text or d.screen.generated) == letter
    d.press("send")
    d.until(lambda: any(e.kind == "break_silence" and e.actor == "CHN" for e in g.session.log))
