"""The score teaches what a capital would reward (game.scoring): bulldozing a text through
scores below negotiating it, a mandate lapsing on the penholder's watch scores low, and a
member that wants the mission gone scores a lapse above an adoption. Each case is played
through the public commands of an outside seat, as a student plays it."""

from statistics import mean

import pytest

from game.council import Council
from game.scenario import load_scenario
from game.scoring import (
    CONSENSUS_POINTS,
    OUTCOME_POINTS,
    RED_LINE_POINTS,
    RELATIONS_POINTS,
    TOTAL_POINTS,
    score_row,
    score_state,
)
from game.session import Session
from game.stats import run_row

from .conftest import TEST_COUNCIL, play_outside

SEEDS = range(8)


def play(scenario, seed, seat, on_revise, ballot="yes"):
    """The final state of `conftest.play_outside`."""
    return play_outside(scenario, seed, seat, on_revise, ballot).state


def bulldoze(s):
    """Settle every amendment by rejecting it (the text stays as it is) and go to blue."""
    st, c = s.state, s.state.council
    if st.open:
        s.decide_amendments(s.penholder, {aid: c.issues[a.issue].variant_ids[st.working[a.issue]]
                                          for aid, a in st.open.items()})
    s.put_in_blue(s.penholder)


def test_the_parts_add_up_to_a_hundred():
    assert TOTAL_POINTS == OUTCOME_POINTS + RED_LINE_POINTS + CONSENSUS_POINTS + RELATIONS_POINTS == 100


def test_bulldozing_the_zero_draft_scores_below_a_negotiated_text(minusma):
    """France keeps its zero draft and forces it into blue at its first revise turn: a text
    closer to its own, but abstentions in protest (consensus and relations points lost).
    France's own agent negotiates over the same seeds and scores higher on average; every
    bulldozed 11-0-4 scores below every negotiated unanimous adoption."""
    council = Council(minusma)
    forced = [play(minusma, seed, "FRA", bulldoze) for seed in SEEDS]
    negotiated = [Session(minusma, seed).run().state for seed in SEEDS]
    assert all(st.outcome.value == "adopted" for st in forced + negotiated)
    assert all(st.revision == 0 for st in forced)  # the zero draft, unamended
    bulldozer = [score_state(st, "FRA", council) for st in forced]
    agent = [score_state(st, "FRA", council) for st in negotiated]
    assert mean(s.total for s in bulldozer) < mean(s.total for s in agent), (
        [s.total for s in bulldozer], [s.total for s in agent])
    # the bulldozer gets the better text: what it loses is consensus and relations
    assert mean(s.outcome for s in bulldozer) > mean(s.outcome for s in agent)
    worst_forced = [s for st, s in zip(forced, bulldozer, strict=True) if str(st.tally) == "11-0-4"]
    unanimous = [s for st, s in zip(negotiated, agent, strict=True) if str(st.tally) == "15-0-0"]
    assert worst_forced and unanimous
    assert max(s.total for s in worst_forced) < min(s.total for s in unanimous)
    assert all(s.relations <= RELATIONS_POINTS * 0.25 for s in worst_forced)
    assert all(round(s.consensus) == 8 for s in worst_forced)


def open_rounds(s):
    s.open_expert_round(s.penholder)


def re_silence(s):
    """Put the text under silence again whenever it may, else open another round."""
    if s.may("place_under_silence", s.penholder):
        s.place_under_silence(s.penholder)
    else:
        s.open_expert_round(s.penholder)


@pytest.mark.parametrize("stall", [open_rounds, re_silence])
@pytest.mark.parametrize("seed", [0, 1])
def test_a_penholder_that_lets_the_mandate_lapse_scores_low(minusma, stall, seed):
    st = play(minusma, seed, "FRA", stall)
    assert st.outcome.value == "lapsed"
    s = score_state(st, "FRA")
    assert s.total < 35, s
    assert s.outcome == 0 and s.consensus == 0


def test_a_member_that_wants_the_mission_gone_scores_a_lapse_above_an_adoption():
    """Russia (an outside seat here, keeping silence and voting yes) would rather the
    mission went (lapse value 0.9) than have this robust text (its positions 10); the
    penholder, also outside, either puts the zero draft in blue or stalls until the
    mandate lapses."""
    sc = load_scenario(TEST_COUNCIL, ["members.RUS.lapse_value=0.9",
                                       "members.RUS.positions.mandate_scope=10",
                                       "members.RUS.positions.human_rights=10"])
    results = {}
    for name, penholder in (("adopted", bulldoze), ("lapsed", open_rounds)):
        s = Session(sc, 3, outside={"GBR", "RUS"})
        while (turn := s.advance()) is not None:
            if turn.member == "GBR" and turn.kind == "revise":
                penholder(s)
            elif turn.kind == "vote":
                s.cast_vote(turn.member, "yes")
            else:
                s.end_turn(turn.member)
        assert s.state.outcome.value == name
        results[name] = (score_state(s.state, "RUS"), score_state(s.state, "GBR"))
    assert results["lapsed"][0].total > results["adopted"][0].total + 10, results
    # ... and the penholder, which supports the mission, the other way round
    assert results["lapsed"][1].total < results["adopted"][1].total - 30, results


def test_consensus_points_are_the_share_of_yes_squared(minusma):
    st = Session(minusma, 0).run().state
    row = run_row(st)
    council = Council(minusma)
    for tally, points in (("15-0-0", 15), ("11-0-4", 8), ("13-0-2", 11), ("9-0-6", 5)):
        assert round(score_row(minusma, "IND", {**row, "tally": tally}, council).consensus) == points
    assert score_row(minusma, "IND", {**row, "outcome": "vetoed", "tally": "14-1-0"}, council).consensus == 0


def test_relations_charge_a_member_for_its_veto_its_bluffs_and_futile_silence_breaks(minusma):
    council = Council(minusma)
    row = run_row(Session(minusma, 0).run().state)
    quiet = {**row, "threats": [], "silence_breaks": [], "why": {}, "reversals": {}}
    assert score_row(minusma, "CHN", quiet, council).relations == RELATIONS_POINTS
    # a veto costs twice the veto cost (China's: 0.3)
    veto = score_row(minusma, "CHN", {**quiet, "outcome": "vetoed", "votes": {**row["votes"], "CHN": "no"}},
                     council)
    assert veto.relations == pytest.approx(RELATIONS_POINTS * (1 - 2 * council.no_cost[council.index["CHN"]]))
    # a threat to veto, then a yes: a bluff called
    bluff = score_row(minusma, "CHN", {**quiet, "threats": [["CHN", "veto"]]}, council)
    assert bluff.relations == pytest.approx(RELATIONS_POINTS * 0.75)
    assert "not carried out" in bluff.why["relations"]
    # a silence broken on a paragraph that ended where it was under silence
    final = row["final_text"]
    futile = score_row(minusma, "CHN", {**quiet, "silence_breaks": [["CHN", {"climate": final["climate"]}]]},
                       council)
    assert futile.relations == pytest.approx(RELATIONS_POINTS * 0.9)


def test_a_penholder_pays_for_protest_abstentions_and_concessions_taken_back(minusma):
    council = Council(minusma)
    row = run_row(Session(minusma, 0).run().state)
    quiet = {**row, "threats": [], "silence_breaks": [], "why": {}, "reversals": {}}
    assert score_row(minusma, "FRA", quiet, council).relations == RELATIONS_POINTS
    votes = {**row["votes"], "IND": "abstain", "RUS": "abstain"}
    protest = {**quiet, "votes": votes, "tally": "13-0-2", "why": {"IND": "process", "RUS": "text"}}
    assert score_row(minusma, "FRA", protest, council).relations == pytest.approx(RELATIONS_POINTS * 0.5)
    # an abstention on a text a member would rather see fail, but will not block, is not
    # the process's doing
    blocked = {**protest, "why": {"IND": "will_not_block", "RUS": "will_not_block"}}
    assert score_row(minusma, "FRA", blocked, council).relations == RELATIONS_POINTS
    taken = {**quiet, "reversals": {"CHN": 10, "IND": 10}}  # counted once per member
    assert score_row(minusma, "FRA", taken, council).relations == pytest.approx(RELATIONS_POINTS * 0.5)


def test_score_state_and_score_row_agree(minusma):
    council = Council(minusma)
    for seed in range(3):
        st = Session(minusma, seed).run().state
        row = run_row(st)
        for seat in ("FRA", "CHN", "KEN"):
            a, b = score_state(st, seat, council), score_row(minusma, seat, row, council)
            assert a == b
            assert a.total == round(a.outcome + a.red_lines + a.consensus + a.relations)
            assert set(a.why) == {"outcome", "red_lines", "consensus", "relations"}


def test_rows_written_before_the_relations_fields_still_score(minusma):
    row = run_row(Session(minusma, 0).run().state)
    old = {k: v for k, v in row.items() if k not in ("why", "threats", "reversals", "silence_breaks")}
    assert score_row(minusma, "FRA", old).total > 0
