"""Fidelity to 2021, measured on a fixed list of seeds of the default scenario.

The record (../shared/BRIEF.md §3): adopted 15-0-0; the first silence broken by the US,
UK, China, India and Russia, the second by China and India; the A3+1 did not break; G5
support not a priority task; the troop increase not adopted; support to the transition
part of the primary strategic priority. The full 500-seed figures are in the README
(`python benchmarks/fidelity.py`)."""

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


def test_adopted_in_at_least_80_percent_and_mostly_unanimously(summary):
    assert summary["outcome"]["adopted"] >= 0.8
    assert summary["unanimous"] > 0.5


def test_first_silence_broken_in_at_least_70_percent(summary):
    assert summary["silence"]["first_broken"] >= 0.7


def test_the_record_breakers_break_most_often_and_the_a3_plus_1_rarely(summary):
    broken = summary["silence"]["broken_by"]
    top5 = sorted(broken, key=broken.get, reverse=True)[:5]
    assert set(top5) == {"USA", "GBR", "CHN", "IND", "RUS"}, broken
    for m in ("KEN", "NER", "TUN", "VCT"):
        assert broken[m] < 0.1, (m, broken[m])


def test_the_final_text_drops_priority_task_and_the_increase_and_keeps_the_transition(summary):
    final = summary["final_text"]
    assert final["g5_support"].get("priority_task", 0) < 0.5
    assert final["troop_ceiling"].get("increase", 0) < 0.5
    assert final["transition"].get("strategic_priority", 0) > 0.5


def test_history_block_comparison(summary):
    h = summary["history"]
    assert h["historical_tally"] == "15-0-0"
    assert h["modal_tally"] == "15-0-0"
    assert 0 <= h["breakers_f1"] <= 1
    assert h["final_text_match"]["g5_support"] > 0.5
