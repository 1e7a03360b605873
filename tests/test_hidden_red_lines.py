"""Red lines as private instructions (issue 8 §2: members' parameters are private; the room
holds beliefs from what is public, updated from comments and ballots). A red line with
`public: false` is not in the room's count until the member shows it: by asking in writing
for a change of the paragraph (a comment, an amendment, a silence-break letter, a bilateral)
or by voting against a text across it (`beliefs.room_crossed`, `State.red_unseen`)."""

import pytest

from game.errors import ScenarioError
from game.model import beliefs
from game.replay import replay_state
from game.scenario import load_scenario
from game.session import Session
from game.state import apply

from .conftest import DEFAULT, HAND_SET

HIDDEN = ["members.CHN.red_lines={climate: {max: 30, public: false}}"]


def _at_zero_draft(overrides):
    s = Session(load_scenario(DEFAULT, [*HAND_SET, *overrides]), 0)
    while not s.state.drafts:
        s.step()
    return s


def test_the_room_counts_a_private_red_line_only_once_the_member_shows_it():
    s = _at_zero_draft(HIDDEN)
    st, c = s.state, s.state.council
    k, climate = c.index["CHN"], [i.id for i in c.issues].index("climate")
    assert c.crossed(k, st.draft) == [climate]  # the zero draft crosses it ...
    p_yes, _ = beliefs.room(st, st.draft)
    assert p_yes[k] > 0.5  # ... but the room expects China's yes
    while climate not in st.asked.get("CHN", ()):
        s.step()  # until China asks in writing for a change of the climate paragraph
    assert k not in st.red_unseen
    p_yes, _ = beliefs.room(st, st.draft)
    assert p_yes[k] == 0.0  # a text across a known red line is never a yes


def test_a_public_red_line_is_counted_from_the_start():
    s = _at_zero_draft(["members.CHN.red_lines={climate: {max: 30}}"])
    st, c = s.state, s.state.council
    assert not st.red_unseen
    p_yes, _ = beliefs.room(st, st.draft)
    assert p_yes[c.index["CHN"]] == 0.0


def test_a_students_abstention_on_a_text_across_it_shows_it():
    """A student's ballot carries no reasons: its no or abstention on a text across its
    unstated line shows the line all the same."""
    sc = load_scenario(DEFAULT, [*HAND_SET, *HIDDEN, "members.FRA.red_lines={climate: {min: 60}}"])
    s = Session(sc, 0).run()
    k = next(n for n, ev in enumerate(s.log) if ev.kind == "cast_vote" and ev.actor == "CHN")
    c = s.state.council
    china, climate = c.index["CHN"], [i.id for i in c.issues].index("climate")
    before = replay_state(s.header(), s.log[:k])
    assert climate in c.crossed(china, before.vote_text)
    before.red_unseen[china] = frozenset({climate})
    ev = s.log[k]
    apply(before, type(ev)(ev.seq, ev.t, ev.kind, ev.actor, {"ballot": "abstain", "reasons": []}))
    assert china not in before.red_unseen


def test_a_ballot_against_a_text_across_it_shows_it():
    """France holds the opposite red line, so the text voted crosses China's: China's ballot
    is for its red line. Replayed to just before it, with the line made unknown again, the
    ballot alone shows it to the room."""
    sc = load_scenario(DEFAULT, [*HAND_SET, *HIDDEN, "members.FRA.red_lines={climate: {min: 60}}"])
    for seed in range(10):
        s = Session(sc, seed).run()
        k = next((n for n, ev in enumerate(s.log) if ev.kind == "cast_vote" and ev.actor == "CHN"
                  and ev.data["reasons"][0].get("why") == "red_line"), None)
        if k is not None:
            break
    else:
        raise AssertionError("China never voted for its red line in ten runs")
    c = s.state.council
    china, climate = c.index["CHN"], [i.id for i in c.issues].index("climate")
    before = replay_state(s.header(), s.log[:k])
    before.red_unseen[china] = frozenset({climate})
    apply(before, s.log[k])
    assert china not in before.red_unseen


def test_public_is_a_boolean_and_a_default_public_line_leaves_the_data_unchanged(tmp_path):
    plain = load_scenario(DEFAULT, [*HAND_SET, "members.CHN.red_lines={climate: {max: 30}}"])
    stated = load_scenario(DEFAULT, [*HAND_SET, "members.CHN.red_lines={climate: {max: 30, public: true}}"])
    assert plain.model_dump() == stated.model_dump()
    assert "public" not in plain.model_dump()["members"]["CHN"]["red_lines"]["climate"]
    with pytest.raises(ScenarioError, match="public"):
        load_scenario(DEFAULT, [*HAND_SET, "members.CHN.red_lines={climate: {max: 30, public: maybe}}"])


def test_the_seat_brief_says_a_private_line_is_not_known_to_the_room():
    from game.scoring import issue_brief

    hidden = {e["id"]: e for e in issue_brief(load_scenario(DEFAULT, [*HAND_SET, *HIDDEN]), "CHN")}
    stated = {e["id"]: e for e in issue_brief(load_scenario(DEFAULT, HAND_SET), "IND")}
    assert hidden["climate"]["red_line"] and hidden["climate"]["red_line_private"]
    assert stated["climate"]["red_line"] and not stated["climate"]["red_line_private"]


def _china(seed: int, speaks: bool, public: bool) -> tuple[str, str]:
    """China played from outside with a red line on climate (at most 30): it tables one
    amendment on climate in its first round or stays silent, and votes as its agent would.
    (final climate text, China's ballot)"""
    from game import agents

    line = "{climate: {max: 30" + ("" if public else ", public: false") + "}}"
    s = Session(load_scenario(DEFAULT, [*HAND_SET, f"members.CHN.red_lines={line}"]), seed, outside={"CHN"})
    spoke = False
    while (turn := s.advance()) is not None:
        st = s.state
        if turn.kind == "amend" and speaks and not spoke:
            s.propose_amendments("CHN", {"climate": "none"})
            spoke = True
            s.end_turn("CHN")
        elif turn.kind == "vote":
            s.cast_vote("CHN", agents.decide_vote(st, st.council.index["CHN"])[0].value)
        else:
            s.end_turn("CHN")
    c = s.state.council
    climate = [i.id for i in c.issues].index("climate")
    return c.issues[climate].variant_ids[s.state.draft[climate]], s.state.ballots["CHN"].value


def test_a_student_with_a_private_red_line_who_keeps_silent_loses_it_and_one_who_speaks_keeps_it():
    """A choice that matters: silent, China sees France keep the climate paragraph across its
    unstated line and abstains; one comment on the paragraph, and the text respects it. With
    the line stated from the start, the penholder respects it either way."""
    seeds = range(8)
    silent = [_china(k, False, public=False) for k in seeds]
    speaks = [_china(k, True, public=False) for k in seeds]
    stated = [_china(k, False, public=True) for k in seeds]
    assert sum(text == "reintroduced" for text, _b in silent) >= 6, silent
    assert all(text != "reintroduced" and ballot == "yes" for text, ballot in speaks), speaks
    assert all(text != "reintroduced" for text, _b in stated), stated
