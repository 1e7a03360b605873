"""Why runs differ: the capitals' private information (issue 8), tested as a mechanism.

Each capital's private instructions (a shift of its value of unity and of the failure
outcome, drawn once per negotiation with standard deviation `private_sd`) are what make one
run differ from another. Without them every seed of a case ends the same way; the wider
they are, the more ways it ends. How the runs compare with a historical record is not
asserted here: `penholder validate` measures it and the README reports it (issue 10)."""

from collections import Counter

from game.scenario import load_scenario
from game.session import Session

from .conftest import TEST_COUNCIL

# the test Council with Russia just short of blocking: it dislikes the penholder's text,
# values the mission (a lapse is worse than any text) and a veto is cheap
MARGINAL = [
    "members.RUS.positions.mandate_scope=10",
    "members.RUS.positions.human_rights=10",
    "members.RUS.salience.mandate_scope=1.0",
    "members.GBR.red_lines={mandate_scope: {min: 80}}",
    "model.rival_threshold=10",
    "members.RUS.lapse_value=-0.5",
    "members.RUS.veto_cost=0.1",
]
SEEDS = range(30)


def endings(overrides) -> Counter:
    sc = load_scenario(TEST_COUNCIL, [*MARGINAL, *overrides])
    states = [Session(sc, k).run().state for k in SEEDS]
    return Counter((st.outcome.value, str(st.tally), tuple(st.draft_ids().values())) for st in states)


def test_without_private_information_every_seed_ends_the_same_way():
    got = endings(["model.private_sd=0", "model.instruction_sd=0"])
    assert len(got) == 1, got


def test_wider_private_information_gives_more_ways_to_end():
    narrow = endings(["model.private_sd=0.05"])
    wide = endings(["model.private_sd=0.3"])
    assert len(wide) > max(len(narrow), 2), (narrow, wide)
    # the outcome itself, not only the tally, goes either way when capitals are unsure
    assert len({o for o, _t, _x in wide}) >= 2, wide
