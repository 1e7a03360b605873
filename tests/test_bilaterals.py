"""Bilateral talks (issue 8 §1): after a broken silence the penholder meets those who broke
it, one by one, in the order they broke it; each says what it still needs and may threaten
its vote, in a `bilateral_talk` event. The room reads a threat once per member and level
(an escalation moves it further); a threat in a bilateral not carried out is a bluff, as in
a letter."""

from __future__ import annotations

import itertools
import json

import pytest

from game import agents, rules
from game.events import Event
from game.model import beliefs
from game.procedure import Phase
from game.replay import verify
from game.scenario import load_scenario
from game.scoring import score_state
from game.session import CommandError, Session

from .conftest import ROOT

BILATERALS = ROOT / "tests" / "scenarios" / "bilaterals.yaml"


@pytest.fixture(scope="module")
def bilaterals():
    return load_scenario(BILATERALS)


def _play(sc, seed, seat, letter=None, talk=None, ballot="yes", pass_talk=False):
    """Play `seat` from outside: break the first silence on human rights (with `letter` as
    its threat), then in the bilateral threaten `talk` (or pass), and vote `ballot`.
    Returns the session and (the penholder's estimate of `seat` before, after, the event)
    of its bilateral."""
    s = Session(sc, seed, outside={seat})
    talked = None
    while (t := s.advance()) is not None:
        st = s.state
        if t.kind == "silence" and len(st.silences) == 1:
            s.break_silence(seat, {"human_rights": "reporting"}, threat=letter)
        elif t.kind == "bilateral" and talked is None and not pass_talk:
            k, pen = st.council.index[seat], st.council.penholder
            before = beliefs.estimate(st, k, view=pen)
            ev = s.bilateral_talk(seat, {}, talk)
            talked = (before, beliefs.estimate(st, k, view=pen), ev)
        elif t.kind == "vote":
            s.cast_vote(seat, ballot)
        else:
            s.end_turn(seat)
    return s, talked


def test_a_threat_in_a_bilateral_moves_the_penholders_estimate_not_the_rooms(bilaterals):
    """Said to the penholder alone: the penholder reads it; the room, and a third member,
    did not hear it (game.model.beliefs: a count is someone's)."""
    s, (before, after, ev) = _play(bilaterals, 0, "BRA", letter=None, talk="no")
    assert ev.kind == "bilateral_talk" and ev.data["threat"] == "no" and ev.data["with"] == "GBR"
    inferred = ev.data["inferred"]
    assert inferred["reversion"] > 0
    assert after == pytest.approx((before[0] + inferred["unity"], before[1] + inferred["reversion"]))
    assert ("BRA", "no") in s.state.threats
    st, c = s.state, s.state.council
    bra = c.index["BRA"]
    third = next(k for k in range(len(c.ids)) if k not in (bra, c.penholder))
    assert st.belief[bra] == beliefs.estimate(st, bra, view=third) != after


def test_a_letter_repeating_a_threat_made_in_private_is_news_to_the_room_not_to_the_pen(bilaterals):
    """The room reads a member's threat once per level, counting only what it heard: the
    penholder has heard a bilateral threat that the room has not."""
    s, (_before, _after, ev) = _play(bilaterals, 0, "BRA", letter=None, talk="no")
    st, c = s.state, s.state.council
    assert not agents.threat_is_news(st, "BRA", "no", view=c.penholder)
    assert agents.threat_is_news(st, "BRA", "no")
    assert not agents.threat_is_news(st, "BRA", "abstain", view=c.penholder)


def test_the_same_threat_again_does_not_move_the_room(bilaterals):
    _s, (before, after, ev) = _play(bilaterals, 0, "BRA", letter="no", talk="no")
    assert ev.data["threat"] == "no" and "inferred" not in ev.data
    assert after == before


def test_an_escalation_moves_the_penholder_further(bilaterals):
    _s, (before, after, ev) = _play(bilaterals, 0, "BRA", letter="abstain", talk="no")
    assert ev.data["inferred"]["reversion"] > 0
    assert after[1] > before[1]


def test_the_penholder_meets_the_breakers_in_the_order_they_broke_silence(bilaterals):
    s = Session(bilaterals, 0).run()
    held = next(e for e in s.log if e.kind == "hold_bilaterals")
    # (these bilaterals' talks: a later silence may be broken and bilaterals held again)
    talks = [e.actor for e in itertools.takewhile(lambda e: e.kind == "bilateral_talk", s.log[s.log.index(held) + 1:])]
    assert talks and talks == [m for m in held.data["with_"] if m != "GBR"]
    # what they still need becomes amendments the penholder settles with its bilateral
    # accommodation before its next step
    asked = [r["id"] for e in s.log if e.kind == "bilateral_talk" for r in e.data["requests"]]
    assert asked and all(s.state.amendments[a - 1].origin == "bilateral" for a in asked)
    assert all(s.state.amendments[a - 1].status != "pending" for a in asked)


def test_an_agent_permanent_member_threatens_a_veto_in_a_bilateral(bilaterals, tmp_path):
    """An agent P5 that would vote the text down says so to the penholder's face; the log
    replays and verifies, and the transcript says it."""
    found = None
    for seed in range(6):
        s = Session(bilaterals, seed).run()
        veto = [e for e in s.log if e.kind == "bilateral_talk" and e.data.get("threat") == "veto"]
        if veto:
            found = (s, veto[0])
            break
    assert found, "no agent threatened a veto in a bilateral in seeds 0-5"
    s, ev = found
    assert s.state.council.permanent[s.state.council.index[ev.actor]]
    from game.narrate import transcript

    text = "\n".join(transcript(bilaterals, s.log))
    assert "In a bilateral with the United Kingdom" in text and "will veto the text as it stands" in text
    header = json.loads(json.dumps(s.header()))
    events = [Event.from_json(json.loads(json.dumps(e.to_json()))) for e in s.log]
    v = verify(header, events)
    assert v.ok, v.message
    k = next(i for i, e in enumerate(events) if e.kind == "bilateral_talk" and e.data.get("threat"))
    events[k].data["threat"] = "abstain"
    assert not verify(header, events).ok


def test_a_students_bilateral_replays_and_verifies(bilaterals, tmp_path):
    s, (_b, _a, ev) = _play(bilaterals, 1, "BRA", letter=None, talk="no")
    path = tmp_path / "bil.jsonl"
    s.save(path)
    header, *lines = path.read_text().splitlines()
    events = [Event.from_json(json.loads(x)) for x in lines]
    v = verify(json.loads(header), events)
    assert v.ok, v.message


def test_a_bluff_in_a_bilateral_costs_relations(bilaterals):
    bluffed, _ = _play(bilaterals, 0, "BRA", letter=None, talk="no", ballot="yes")
    quiet, _ = _play(bilaterals, 0, "BRA", letter=None, pass_talk=True, ballot="yes")
    hit, clean = score_state(bluffed.state, "BRA"), score_state(quiet.state, "BRA")
    assert "not carried out" in hit.why["relations"] and "not carried out" not in clean.why["relations"]
    assert hit.relations < clean.relations


def test_a_student_who_says_nothing_leaves_an_end_turn_only(bilaterals):
    s, _ = _play(bilaterals, 0, "BRA", pass_talk=True)
    mine = [e for e in s.log if e.actor == "BRA"]
    assert not any(e.kind == "bilateral_talk" for e in mine)
    assert any(e.kind == "end_turn" and e.data["turn"] == "bilateral" for e in mine)


def test_only_the_breakers_talk_each_once_in_their_turn(bilaterals):
    s = Session(bilaterals, 0, outside={"BRA"})
    while (t := s.advance()) is not None and t.kind != "bilateral":
        if t.kind == "silence":
            s.break_silence("BRA", {"human_rights": "reporting"})
        else:
            s.end_turn("BRA")
    assert s.state.phase is Phase.BILATERALS
    with pytest.raises(CommandError, match="one of abstain, no"):
        s.bilateral_talk("BRA", {}, "veto")
    with pytest.raises(CommandError, match="names a paragraph or a threat"):
        s.bilateral_talk("BRA", {})
    assert rules.may_talk_bilaterally("VNM", ["BRA", "RUS"], []) is not None
    assert "first" in rules.may_talk_bilaterally("RUS", ["BRA", "RUS"], [])
    assert "already" in rules.may_talk_bilaterally("BRA", ["BRA", "RUS"], ["BRA"])
    assert rules.may_talk_bilaterally("RUS", ["BRA", "RUS"], ["BRA"]) is None


def test_a_student_penholder_meets_the_breakers_then_settles_what_they_asked(bilaterals):
    """The student holds the pen: after a broken silence it calls bilaterals; the agents
    talk in turn, and their requests come back to it as amendments to settle."""
    s = Session(bilaterals, 0, outside={"GBR"})
    while (t := s.advance()) is not None:
        st = s.state
        if t.kind == "revise" and st.phase is Phase.SILENCE_BROKEN:
            if st.open:
                s.decide_amendments("GBR", {aid: st.council.issues[a.issue].variant_ids[st.working[a.issue]]
                                            for aid, a in st.open.items()})
            s.hold_bilaterals("GBR")
            break
        if t.kind == "revise":
            if st.open:
                s.decide_amendments("GBR", {aid: st.council.issues[a.issue].variant_ids[st.working[a.issue]]
                                            for aid, a in st.open.items()})
            if st.working != st.draft:
                s.circulate_revision("GBR")
            s.place_under_silence("GBR") if s.may("place_under_silence", "GBR") else s.put_in_blue("GBR")
        else:
            s.end_turn("GBR")
    t = s.advance()
    assert t is not None and t.kind == "revise" and s.state.phase is Phase.BILATERALS
    held = next(e for e in s.log if e.kind == "hold_bilaterals")
    talks = [e for e in s.log[held.seq:] if e.kind == "bilateral_talk"]
    assert [e.actor for e in talks] == held.data["with_"]
    bilateral = [a for a in s.state.open.values() if a.origin == "bilateral"]
    assert bilateral and {a.proposer for a in bilateral} <= set(held.data["with_"])
