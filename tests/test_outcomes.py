"""The same engine gives vetoes, abstentions, failed votes, rollovers and lapses when a
scenario's members call for them. Each case is the fictional test Council
(tests/scenarios/council.yaml) with a few parameters overridden, as `--set` would."""

from collections import Counter

import pytest

from game.procedure import Phase
from game.scenario import load_scenario
from game.session import Session

from .conftest import TEST_COUNCIL

SEEDS = range(12)

# a member that wants a narrow mandate and holds it as a red line, against a penholder
# whose own red line is a robust one: a deadlock only a vote, a rollover or a lapse ends
DEADLOCK = [
    "members.RUS.positions.mandate_scope=10",
    "members.RUS.salience.mandate_scope=1.0",
    "members.RUS.red_lines={mandate_scope: {max: 60, why: 'no use of force'}}",
    "members.GBR.red_lines={mandate_scope: {min: 80}}",
]


def outcomes(overrides, seeds=SEEDS):
    sc = load_scenario(TEST_COUNCIL, overrides)
    return Counter((s.state.outcome.value, str(s.state.tally)) for s in (Session(sc, k).run() for k in seeds))


def test_baseline_everyone_agrees():
    assert outcomes([]) == Counter({("adopted", "15-0-0"): len(SEEDS)})


def test_a_permanent_member_past_its_red_line_and_indifferent_to_the_mission_vetoes():
    """With mission support at 0.5 the penholder expects an abstention (and goes to blue);
    half the time Russia votes no instead: a veto at 14-1-0."""
    got = outcomes([*DEADLOCK, "members.RUS.mission_support=0.5", "members.GBR.consensus_value=0.1"])
    assert got[("vetoed", "14-1-0")] >= 2
    assert got[("adopted", "14-0-1")] >= 2  # the same abstention is not a veto
    assert set(got) <= {("vetoed", "14-1-0"), ("adopted", "14-0-1")}


def test_an_elected_member_past_its_red_line_abstains_and_the_text_is_adopted():
    got = outcomes([
        "members.KEN.positions.human_rights=10",
        "members.KEN.salience.human_rights=1.0",
        "members.KEN.red_lines={human_rights: {max: 60}}",
        "members.GBR.red_lines={human_rights: {min: 80}}",
    ])
    assert got == Counter({("adopted", "14-0-1"): len(SEEDS)})


def test_an_expected_veto_and_no_time_left_gives_a_technical_rollover():
    got = outcomes([*DEADLOCK, "members.RUS.mission_support=0.4"])
    assert got == Counter({("rollover", "15-0-0"): len(SEEDS)})


def test_a_rollover_vetoed_by_a_member_that_wants_the_mission_gone_means_a_lapse():
    got = outcomes([*DEADLOCK, "members.RUS.mission_support=0.05"])
    assert got == Counter({("lapsed", "14-1-0"): len(SEEDS)})


def test_a_vote_day_shock_leaves_fewer_than_nine_yes_not_adopted():
    """A facilitator's inject on the morning of the vote turns seven elected members: the
    penholder counted on their votes when it put the text in blue."""
    sc = load_scenario(TEST_COUNCIL, ["members.GBR.red_lines={mandate_scope: {min: 80}}"])
    results = Counter()
    for seed in SEEDS:
        s = Session(sc, seed)
        while s.state.phase is not Phase.IN_BLUE:
            s.step()
        s.inject("vote_day_shock")
        s.run()
        results[s.state.outcome.value] += 1
        assert s.state.tally.yes < 9 or s.state.outcome.value == "adopted"
    assert results["not_adopted"] >= len(SEEDS) // 2


@pytest.mark.parametrize("seed", [0, 1])
def test_the_mandate_lapses_if_an_outside_penholder_lets_the_clock_run_out(council_scenario, seed):
    s = Session(council_scenario, seed, outside={"GBR"})
    while (turn := s.advance()) is not None:
        if turn.kind == "revise":
            s.open_expert_round("GBR")  # never concludes
        elif turn.kind == "vote":
            s.cast_vote("GBR", "yes")
        else:
            s.end_turn("GBR")
    assert s.state.outcome.value == "lapsed"
    assert s.log[-1].kind == "mandate_expires"
