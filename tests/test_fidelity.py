"""What the default scenario must show, measured on a fixed list of seeds.

The default (the 2021 renewal) is the showcase and is *not* fitting data: its parameters
were set from what was public before the vote, and nothing here tunes to its record. What
the model must give on it (the model issue): adoption is the modal outcome, but unanimity
is not certain and the final text is a distribution, not a point. How the runs compare
with the 2021 record is measured and printed by `python benchmarks/fidelity.py` (figures in
the README), not asserted."""

import pytest

from game.procedure import Procedure
from game.session import Session
from game.stats import run_row, summarise

SEEDS = range(300)


@pytest.fixture(scope="module")
def summary(minusma):
    proc = Procedure()
    rows = [run_row(Session(minusma, s, procedure=proc).run().state) for s in SEEDS]
    return summarise(rows, minusma)


def test_adoption_is_the_modal_outcome_but_unanimity_is_not_certain(summary):
    outcome = summary["outcome"]
    assert max(outcome, key=outcome.get) == "adopted"
    assert 0.05 < 1 - summary["unanimous"] < 0.95


def test_the_final_text_is_a_distribution_not_a_point(summary):
    final = summary["final_text"]
    varied = [issue for issue, shares in final.items() if max(shares.values()) < 0.97]
    assert len(varied) >= 2, final


def test_history_block_comparison_is_computed(summary):
    h = summary["history"]
    assert h["historical_tally"] == "15-0-0"
    assert 0 <= h["breakers_f1"] <= 1
    assert set(h["final_text_match"]) >= {"g5_support", "troop_ceiling", "transition"}
