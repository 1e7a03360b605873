"""What a member weighs a draft against when it fails (`Council.reversion`): the room's mix
of a technical rollover and a lapse, except for a permanent member that would veto the
rollover itself, and where nothing lapses (game/council.py, `_build_reversion`)."""

from pathlib import Path

import pytest

from game.council import Council
from game.scenario import load_scenario

from .conftest import TEST_COUNCIL

HISTORY = Path(__file__).resolve().parent.parent / "scenarios" / "history"


def _mix(c, j):
    q = c.params.rollover_chance
    return q * c.rollover_value[j] + (1 - q) * c.lapse_value[j]


@pytest.mark.parametrize("foresight", [0.0, 0.5, 1.0])
def test_a_permanent_member_that_would_veto_the_rollover_counts_on_the_lapse(foresight):
    """Russia values a lapse far above the mandate in force (by more than its veto_cost): it
    would veto a technical rollover, so it does not count on one (`rollover_foresight` of
    the way to the lapse). An elected member with the same values has no veto: it counts the
    room's mix; and a permanent member that prefers the rollover counts the mix too."""
    sc = load_scenario(TEST_COUNCIL, ["members.RUS.lapse_value=0.95", "members.RUS.veto_cost=0.1",
                                      "members.KEN.lapse_value=0.95",
                                      f"model.rollover_foresight={foresight}"])
    c = Council(sc)
    rus, ken, gbr = c.index["RUS"], c.index["KEN"], c.index["GBR"]
    assert c.lapse_value[rus] - c.rollover_value[rus] > c.no_cost[rus]
    expected = _mix(c, rus) + foresight * (c.lapse_value[rus] - _mix(c, rus))
    assert c.reversion[rus] == pytest.approx(expected)
    assert c.reversion[ken] == pytest.approx(_mix(c, ken))
    assert c.lapse_value[gbr] < c.rollover_value[gbr] and c.reversion[gbr] == pytest.approx(_mix(c, gbr))


def test_where_nothing_lapses_a_failed_draft_is_the_texts_in_force():
    """Aleppo, October 2016: not a renewal (every issue's lapse at the status quo); a failed
    draft leaves the Council's texts as they are, with no rollover and no rollover cost. A
    renewal that lapses (Syria cross-border aid, July 2020) keeps the mix."""
    c = Council(load_scenario(HISTORY / "syria_aleppo_2016.yaml"))
    assert c.nothing_lapses()
    assert c.reversion == pytest.approx(c.lapse_value)
    renewal = Council(load_scenario(HISTORY / "syria_crossborder_2020.yaml"))
    assert not renewal.nothing_lapses()
    elected = [j for j, m in enumerate(renewal.ids) if not renewal.permanent[j]]
    assert all(renewal.reversion[j] == pytest.approx(_mix(renewal, j)) for j in elected)
