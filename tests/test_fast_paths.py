"""The silence loop's and the agents' fast paths give exactly (bit for bit, in the same
order) what their definitions say: on random lists, and at every turn of real negotiations."""

import random

import pytest

from game.model import common, silence

from .conftest import agent_turns


def test_strongest_first_is_a_reversed_sort_of_the_pairs():
    rnd = random.Random(7)
    values = [0.0, -0.0, 0.5, -0.5, 1e-12, 0.25, 3.0]
    for n in range(0, 25):
        for _ in range(40):
            pairs = [(rnd.choice(values) if rnd.random() < 0.5 else rnd.uniform(-2, 2), rnd.randrange(6))
                     for _ in range(n)]
            fast = list(pairs)
            common.strongest_first(fast)
            want = sorted(pairs, reverse=True)
            assert fast == want
            # the same objects in the same places (equal pairs keep their order, -0.0 its sign)
            assert all(a is b for a, b in zip(fast, want, strict=True))


def _instructed(state, m, weighed, draft):
    """`common.instructed` by its definition."""
    return sorted(((o - state.taste[m][i][draft[i]], i) for o, i in weighed), reverse=True)


def _silence_objection(state, j):
    """`silence.silence_objection` by its definition: the weighed objections less those on
    paragraphs where j pledged the text on the table."""
    tau = silence.break_threshold(state, j)
    mid = state.council.ids[j]
    weighed = [(o, i) for o, i in silence.weighed_objections(state, j, state.draft)
               if state.pledges.get((mid, i)) != state.draft[i]]
    return (weighed[0][0] if weighed else 0.0), tau, weighed


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_instructed_and_silence_objection_match_their_definitions(name, request):
    scenario = request.getfixturevalue(name)
    pledged = 0
    for s in agent_turns(scenario, (1, 2, 3)):
        state = s.state
        pledged += bool(state.pledges)
        for j in range(len(state.council.ids)):
            got = silence.silence_objection(state, j)
            assert got == _silence_objection(state, j)
            weighed = common.objections(state, j, state.draft)
            assert common.instructed(state, j, weighed, state.draft) == _instructed(state, j, weighed, state.draft)
    assert pledged or name != "minusma"  # (the pledges were exercised)
