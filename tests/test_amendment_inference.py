"""The room learns from written comments (issue 8 §2): an amendment that a member's public
positions would not have it table says its capital told it to hold firm, and the room's
estimate of its unity moves to the highest value the comment allows
(`amendments.amendment_inference`, `model.belief_amendment`)."""

import numpy as np
import pytest

import game.agents as agents
from game.council import Council
from game.model.amendments import amendment_inference, public_threshold
from game.model.common import objections
from game.procedure import Procedure
from game.replay import replay_state, verify
from game.scenario import load_scenario
from game.session import Session

from .conftest import ROOT

SCENARIO = ROOT / "scenarios" / "minusma_2020.yaml"


def inferences(monkeypatch, runs, overrides=()):
    """(drawn unity shift, estimate before, inferred move) at each comment the room reads."""
    seen = []
    real = agents.amendment_inference

    def spy(state, j, issues):
        got = real(state, j, issues)
        if got is not None:
            seen.append((state.private[j][0], state.belief[j][0], got["unity"]))
        return got

    monkeypatch.setattr(agents, "amendment_inference", spy)
    sc = load_scenario(SCENARIO, list(overrides))
    council, proc = Council(sc), Procedure()
    for i in range(runs):
        Session(sc, np.random.SeedSequence(0, spawn_key=(i,)), council=council, procedure=proc).run()
    return seen


def test_a_comment_the_public_positions_explain_tells_the_room_nothing():
    sc = load_scenario(SCENARIO)
    s = Session(sc, 0)
    while not s.state.drafts:
        s.step()
    st, c = s.state, s.state.council
    for j in range(len(c.ids)):
        strong = [i for o, i in objections(st, j, st.draft) if o >= public_threshold(c, j)]
        if strong:
            assert amendment_inference(st, j, strong) is None


def test_a_comment_read_as_firmness_comes_from_a_firm_capital_nearly_always(monkeypatch):
    """A comment the room reads as firmness comes, nearly always, from a capital whose drawn
    unity shift is negative (a capital that merely dislikes the paragraph far more than its
    public position says is misread as firm: the room cannot tell the two apart), and
    reading it brings the room's estimate nearer the drawn shift."""
    seen = inferences(monkeypatch, 60)
    assert len(seen) >= 20
    drawn = np.array([d for d, _b, _m in seen])
    before = np.array([b for _d, b, _m in seen])
    after = before + np.array([m for _d, _b, m in seen])
    assert (drawn < 0).mean() >= 0.9
    assert (after < before).all()
    assert abs(drawn - after).mean() < abs(drawn - before).mean()


def test_the_room_applies_what_it_reads_and_a_replay_does_the_same():
    """Replaying the log up to a comment read as firmness and just past it moves the actor's
    estimate by what the event records; the whole log verifies."""
    sc = load_scenario(SCENARIO)
    for seed in range(10):
        s = Session(sc, seed).run()
        read = [k for k, ev in enumerate(s.log) if ev.kind == "propose_amendments" and "inferred" in ev.data]
        if read:
            break
    else:
        raise AssertionError("no comment read as firmness in ten negotiations")
    k = read[0]
    ev = s.log[k]
    header = s.header()
    j = s.state.council.index[ev.actor]
    before = replay_state(header, s.log[:k]).belief[j][0]
    after = replay_state(header, s.log[:k + 1]).belief[j][0]
    assert after - before == pytest.approx(ev.data["inferred"]["unity"])
    assert verify(header, s.log).ok


def test_with_belief_amendment_zero_comments_move_no_estimate(monkeypatch):
    assert inferences(monkeypatch, 20, ["model.belief_amendment=0"]) == []


def test_a_silence_break_the_public_threshold_would_not_explain_reads_as_firmness(monkeypatch):
    """The same reading of a silence-break letter (`silence.break_inference`): a break whose
    strongest objection is below the member's public threshold by more than twice the
    judgement noise comes from a capital whose drawn unity shift is negative, and reading it
    brings the room's estimate nearer the drawn shift."""
    seen = []
    real = agents.break_inference

    def spy(state, j, strength=None):
        got = real(state, j, strength)
        if got:
            seen.append((state.private[j][0], state.belief[j][0] - state.council.params.belief_break, got))
        return got

    monkeypatch.setattr(agents, "break_inference", spy)
    sc = load_scenario(SCENARIO)
    council, proc = Council(sc), Procedure()
    for i in range(200):
        Session(sc, np.random.SeedSequence(0, spawn_key=(i,)), council=council, procedure=proc).run()
    assert len(seen) >= 8
    drawn = np.array([d for d, _b, _m in seen])
    before = np.array([b for _d, b, _m in seen])
    after = before + np.array([m for _d, _b, m in seen])
    assert (drawn < 0).all() and (after < before).all()
    assert abs(drawn - after).mean() < abs(drawn - before).mean()
