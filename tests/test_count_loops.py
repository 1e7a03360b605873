"""The typed loops of the room's count and of the Council's per-member reads give exactly
(bit for bit) what the builtins they replace give, at every turn of real negotiations:
`beliefs._tally` and `pivot_chance` (sum, math.prod, sum(map(mul))), `Council.satisfaction`,
`host_dissatisfaction` and `crossed` (a sum or a list over the paragraphs), and
`ballots.group_satisfaction` (the mean of a group's satisfactions).

The reference adds in order, one float at a time, as Python 3.11's `sum` does (the engine's
figures before the loops); from 3.12 `sum` compensates its rounding, and these loops still add
as 3.11 did."""

import math
from functools import reduce
from operator import add, mul

import pytest

from game.model import ballots, beliefs
from game.rules import AFFIRMATIVE_VOTES_REQUIRED

from .conftest import agent_turns


def _sum(values) -> float:
    """Python 3.11's sum of floats: added in order from 0, each addition rounded."""
    return reduce(add, values, 0)


def _tally_by_definition(c, p_yes, p_no) -> tuple:
    mean = _sum(p_yes)
    var = mean - _sum(map(mul, p_yes, p_yes)) + c.params.count_variance
    need = AFFIRMATIVE_VOTES_REQUIRED
    p_nine = 1.0 - beliefs.phi((need - 0.5 - mean) / math.sqrt(var)) if len(p_yes) >= need else 0.0
    no_veto = 1.0
    for k in c.permanent_index:
        no_veto *= 1.0 - p_no[k]
    return (p_nine * no_veto, 1.0 - no_veto, mean, math.prod(p_yes), _sum(map(mul, p_yes, c.yes_weight)),
            p_yes, p_no)


def _pivot_by_definition(state, j, draft) -> float:
    p_yes, _ = beliefs.room(state, draft, view=j)
    total = _sum(p_yes)
    var = (total - _sum(map(mul, p_yes, p_yes)) - p_yes[j] * (1 - p_yes[j])
           + state.council.params.count_variance)
    return beliefs.deciding_chance(total - p_yes[j], math.sqrt(var))


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_the_counts_loops_equal_the_builtins_they_replace(name, request):
    scenario = request.getfixturevalue(name)
    checked = grouped = 0
    for session in agent_turns(scenario, (1, 2)):
        state = session.state
        if not state.draft:
            continue
        c = state.council
        for draft in (tuple(state.draft), tuple(state.working), c.status_quo):
            p_yes, p_no = beliefs.room(state, draft, False)
            assert tuple(beliefs._tally(c, p_yes, p_no)) == _tally_by_definition(c, p_yes, p_no)
            for j in range(len(c.ids)):
                assert beliefs.pivot_chance(state, j, draft) == _pivot_by_definition(state, j, draft)
                lm, rm = c.loss[j], c.red[j]
                assert c.satisfaction(j, draft) == 1.0 - _sum(lm[i][v] for i, v in enumerate(draft)) / \
                    c.total_salience[j]
                assert c.crossed(j, draft) == [i for i, v in enumerate(draft) if rm[i][v]]
                sat = c.satisfaction(j, draft)  # (ballots.group_satisfaction: the group's mean by `sum`)
                if c.group_of[j] is not None and c.discipline[j] > 0:
                    members = c.group_members[c.group_of[j]]
                    d = c.discipline[j] * c.params.group_pull
                    sat = (1 - d) * sat + d * (_sum(c.satisfaction(k, draft) for k in members) / len(members))
                    grouped += 1
                assert ballots.group_satisfaction(c, j, draft) == sat
            hl = c.host_loss
            assert c.host_dissatisfaction(draft) == _sum(hl[i][v] for i, v in enumerate(draft)) + c.host_refusal
        checked += 1
    assert checked > 20 and (grouped > 0 or name != "minusma")  # (minusma's members speak in groups)
