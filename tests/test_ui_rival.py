"""A student who is not the penholder tables a rival draft from the negotiation screen
(a selector per paragraph, its brief's aims by default), sees it in blue, and the vote
screen and the debrief take each draft's vote in the order of submission (rule 32)."""

from __future__ import annotations

import pytest

pygame = pytest.importorskip("pygame")
pytest.importorskip("pygame_gui")

from game.scoring import issue_brief  # noqa: E402
from game.ui.driver import Driver, ScriptedPlayer  # noqa: E402

from .test_ui import assert_log_equals_bare_session  # noqa: E402


def test_a_member_tables_a_rival_draft_and_each_draft_is_voted_in_order(app, monkeypatch):
    d = Driver(app)
    seen = {"titles": set(), "compose": None, "tabled": None}

    def shots(name):
        scr = app.screen
        if name == "rival_compose":  # the panel: one selector per paragraph, the brief's aims
            seen["compose"] = {i.id: d.selector(f"rival_{i.id}").value for i in app.game.shown.council.issues}
        elif name == "rival_tabled":
            seen["tabled"] = scr.my_rival()

    def on_frame():
        g = app.game
        if g is not None and app.screen.name == "vote" and g.shown.rivals:
            seen["titles"].add((len(g.shown.votes), g.shown.phase.value))

    p = ScriptedPlayer(d, "RUS", ballot="agent", rival=True, shots=shots, on_frame=on_frame)
    p.start(seed="3")
    app.game.instant = True
    p.play()
    g = app.game
    st = g.session.state
    aims = {e["id"]: e["best_id"] for e in issue_brief(g.scenario, "RUS")}
    assert seen["compose"] == aims
    assert seen["tabled"] is not None and seen["tabled"].sponsor == "RUS"
    assert st.draft_ids(st.rivals[0].draft) == aims  # the default: the brief's aims
    # the drafts in blue, in the order of submission: the rival (tabled in round 1) first
    assert st.votes[0].on == "rival" and st.votes[0].sponsor == "RUS"
    assert st.votes[0].ballots["RUS"] == "yes"  # (its own draft)
    if st.votes[0].result.value != "adopted":
        assert [v.on for v in st.votes] == ["rival", "text"]
        assert (0, "voting") in seen["titles"] and (1, "voting") in seen["titles"]
    assert app.screen.name == "debrief"
    names = [name for _, name, _ in g.commands]
    assert "table_rival_draft" in names
    # the in-game debrief lists each vote
    from game.ui.widgets import Doc

    heads, bullets = [], []
    h2, bl = Doc.h2, Doc.bullets
    monkeypatch.setattr(Doc, "h2", lambda self, markup, *a, **k: (heads.append(markup), h2(self, markup, *a, **k)))
    monkeypatch.setattr(Doc, "bullets", lambda self, items, *a, **k: (bullets.extend(items), bl(self, items, *a, **k)))
    app.screen.tab_outcome(800)
    assert any("order of their submission" in h for h in heads)
    assert sum("rival draft 1" in b for b in bullets) == 1
    assert_log_equals_bare_session(g)


def test_the_penholder_has_no_rival_button(app):
    d = Driver(app)
    p = ScriptedPlayer(d, "FRA")
    p.start(seed="5")
    app.game.instant = True
    d.until(lambda: app.game.my_turn, what="the penholder's turn")
    assert not d.has("rival")


def _play_rival(app, seat, seed, rival):
    d = Driver(app)
    seen = {"names": [], "cut": []}

    def shots(name):
        seen["names"].append(name)
        if name.startswith("rival_compose"):  # the room's count of the draft, as the ballots weigh it
            seen[name] = app.screen.rival_count()[0]
        if name == "before_vote":  # the next command is the player's answer to that moment
            seen["cut"].append(len(app.game.commands))

    p = ScriptedPlayer(d, seat, ballot="agent", rival=rival, shots=shots)
    p.start(seed=seed)
    app.game.instant = True
    p.play()
    return app.game, seen


def test_a_member_tables_a_rival_while_the_penholders_text_is_in_blue(app):
    """The moment between the penholder's text going in blue and the vote: Russia tables its
    own draft (the brief's aims); it was submitted after the penholder's text, so it is
    voted after it (rule 32), and only if that fails."""
    g, seen = _play_rival(app, "RUS", "3", "before_vote")
    st = g.session.state
    assert "before_vote" in seen["names"] and "rival_compose_blue" in seen["names"]
    assert seen["rival_compose_blue"].startswith("Voted after the penholder's text, only if that fails")
    assert [r.sponsor for r in st.rivals] == ["RUS"]
    kinds = [e.kind for e in g.session.log]
    assert kinds.index("put_in_blue") < kinds.index("table_rival_draft") < kinds.index("call_vote")
    assert st.votes[0].on == "text"
    assert [v.on for v in st.votes] == (["text"] if st.votes[0].result.value == "adopted" else ["text", "rival"])
    assert_log_equals_bare_session(g)


def test_a_member_tables_a_rival_from_the_silence_screen(app):
    """Under silence, next to breaking it: the rival is tabled and in blue at once, and the
    letter can still be sent; the rival, submitted first, is voted first."""
    g, seen = _play_rival(app, "RUS", "3", "silence")
    st = g.session.state
    assert "rival_compose_silence" in seen["names"] and "rival_tabled_silence" in seen["names"]
    assert seen["rival_compose_silence"].startswith("Voted before the penholder's text")
    assert "the room would adopt it in" in seen["rival_compose_silence"]
    kinds = [e.kind for e in g.session.log]
    assert kinds.index("place_under_silence") < kinds.index("table_rival_draft") < kinds.index("put_in_blue")
    assert st.votes[0].on == "rival" and st.votes[0].sponsor == "RUS"
    assert_log_equals_bare_session(g)


def test_proceeding_to_the_vote_leaves_the_log_as_without_the_moment(app, monkeypatch):
    """A student who lets the vote come ('Proceed to the vote') gives the log a session with
    no such moment gives, for the same seed and moves."""
    g, seen = _play_rival(app, "CHN", "4", False)
    assert seen["cut"], "the player was offered the moment before the vote"
    assert not any(e.kind == "end_turn" and e.data["turn"] == "before_vote" for e in g.session.log)
    commands = [c for k, c in enumerate(g.commands) if k not in seen["cut"]]
    from game.session import Session
    from game.ui import controller

    class NoRival(Session):  # (a subclass: compiled, Session is an extension type, not patched)
        def _may_rival(self, m):
            return False

    monkeypatch.setattr(controller, "Session", NoRival)
    old = controller.rerun(g.header, commands)
    assert [e.to_json() for e in old.log] == [e.to_json() for e in g.session.log]
