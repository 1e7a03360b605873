"""What a coalition does is read by the room (issue 8, section 5: a student's choices matter).

- a member lobbied into co-sponsoring an amendment has asked for the change, as one that
  tabled or backed it: ignored, it is a grievance in its ballot and in the penholder's count;
- a pledge to back a change is not read as contentment with the text (the room's unity
  estimate does not rise); a pledge to accept the text as it stands is;
- asked to accept a paragraph as it stands, a member weighs the change it would ask for
  there: one that objects does not promise it for nothing;
- the penholder remembers who asked for a change of a paragraph when it settles it again.
"""

from game.model.penholder import paragraph_sponsors
from game.session import Session


def at_first_amend_turn(minusma, seat: str, seed: int) -> Session:
    s = Session(minusma, seed, outside={seat})
    while (turn := s.advance()) is not None and turn.kind != "amend":
        s.end_turn(seat)
    return s


def first_yes(minusma, seat, target, issue, variant, propose=None, seeds=range(20)):
    """The first seed in which `target` answers yes to `seat`'s call (after `seat` tables
    `propose`, if given): (session, event)."""
    for seed in seeds:
        s = at_first_amend_turn(minusma, seat, seed)
        if propose:
            s.propose_amendments(seat, propose)
        ev = s.seek_support(seat, target, issue, variant)
        if ev.data["answer"] == "yes":
            return s, ev
    raise AssertionError(f"{target} never said yes to {seat} on {issue}")


def test_a_member_lobbied_into_co_sponsoring_has_asked_for_the_change(minusma):
    """Estonia tables climate-security language and lobbies Ireland, which agrees: Ireland
    co-sponsors the amendment and, like its proposer, has asked for the paragraph to change."""
    c_issue = "climate"
    s = at_first_amend_turn(minusma, "EST", 0)
    i = s.state.council.issue_index[c_issue]
    assert i not in s.state.asked.get("IRL", frozenset())  # (Ireland sits after Estonia)
    s, _ev = first_yes(minusma, "EST", "IRL", c_issue, "climate_security", propose={c_issue: "climate_security"})
    st = s.state
    amendment = next(a for a in st.open.values() if a.proposer == "EST" and a.issue == i)
    assert "IRL" in amendment.cosponsors
    assert i in st.asked["IRL"]
    assert st.council.index["IRL"] in paragraph_sponsors(st, i, [])


def test_a_pledge_to_back_a_change_does_not_read_as_contentment(minusma):
    s, _ev = first_yes(minusma, "EST", "IRL", "climate", "climate_security",
                       propose={"climate": "climate_security"})
    assert s.state.belief[s.state.council.index["IRL"]] == (0.0, 0.0)


def test_a_pledge_to_accept_the_text_as_it_stands_reads_as_contentment(minusma):
    """Norway, whose own text on the transition is the draft's, agrees to keep it: the
    United Kingdom, which asked, reads it as contentment; the room, which did not hear it,
    does not (game.model.beliefs: a count is someone's)."""
    from game.model import beliefs

    s, ev = first_yes(minusma, "GBR", "NOR", "transition", "strategic_priority")
    st = s.state
    c = st.council
    assert st.draft[c.issue_index["transition"]] == c.variant_index[
        c.issue_index["transition"]]["strategic_priority"]
    nor, gbr = c.index["NOR"], c.index["GBR"]
    assert beliefs.estimate(st, nor, view=gbr)[0] == c.params.belief_pledge
    assert st.belief[nor] == (0.0, 0.0)
    assert beliefs.estimate(st, nor, view=c.penholder) == (0.0, 0.0)
    # and the United Kingdom's count of Norway's yes is higher than the room's
    assert beliefs.room(st, st.draft, view=gbr)[0][nor] > beliefs.room(st, st.draft)[0][nor]


def test_asked_to_keep_a_paragraph_it_objects_to_a_member_does_not_promise_it_for_nothing(minusma):
    """China objects to the climate paragraph of the zero draft (its strongest objection):
    asked to accept it as it stands it says no or names its price (a package), never a plain
    yes; asked for a text it is indifferent to, it sometimes says yes."""
    keep, indifferent = [], []
    for seed in range(12):
        s = at_first_amend_turn(minusma, "GBR", seed)
        keep.append(s.seek_support("GBR", "CHN", "climate", "reintroduced").data["answer"])
        s = at_first_amend_turn(minusma, "GBR", seed)
        indifferent.append(s.seek_support("GBR", "NOR", "transition", "strategic_priority").data["answer"])
    assert "yes" not in keep, keep
    assert "yes" in indifferent, indifferent


def test_the_penholder_remembers_who_asked_on_a_paragraph(minusma):
    """A member that asked for a change of a paragraph in an earlier round (its amendment
    settled, none pending now) still counts among the paragraph's sponsors."""
    s = at_first_amend_turn(minusma, "IND", 0)
    st, c = s.state, s.state.council
    i = c.issue_index["climate"]
    assert c.index["IND"] not in paragraph_sponsors(st, i, [])
    s.propose_amendments("IND", {"climate": "none"})
    pending = [a for a in st.open.values() if a.issue == i]
    assert c.index["IND"] in paragraph_sponsors(st, i, pending)
    assert c.index["IND"] in paragraph_sponsors(st, i, [])  # remembered once settled
    assert c.penholder not in paragraph_sponsors(st, i, pending)
