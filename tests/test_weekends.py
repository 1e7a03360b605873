"""Working days (issue 8 §4): no letters, revisions or silence deadlines at weekends unless
the calendar is urgent, and then the record says so, once (game.rules.weekend_is_urgent)."""

import datetime as dt

import pytest

from game import rules
from game.narrate import transcript
from game.scenario import load_scenario
from game.session import Session

SHORT = ["calendar.mandate_expiry=2021-06-28", "calendar.zero_draft=2021-06-18"]
DAY, DESK = 24 * 60, rules.DESK


def _date(sc, t):
    return sc.calendar.zero_draft + dt.timedelta(days=t // DAY)


def _urgent(sc, state, t):
    """The urgency of the weekend that t falls on, computed here from the rule's words: the
    time from 10:00 on the Monday after to the end of the mandate."""
    monday = t - t % DAY + (7 - _date(sc, t).weekday()) * DAY + DESK
    return rules.weekend_is_urgent(state.expiry_t - monday, sc.calendar)


def _runs(path, seeds, overrides=()):
    sc = load_scenario(path, list(overrides))
    return sc, [Session(sc, seed).run() for seed in seeds]


def test_weekend_rule_cases():
    """"A silence may be SET on a Friday to end on Monday ... unless the calendar is urgent
    (the working days left before the mandate's expiry cannot fit what is left)"."""
    sc = load_scenario("scenarios/minusma_2021.yaml")
    need = rules.silence_need_minutes(sc.calendar)
    assert [rules.is_weekend(d) for d in range(7)] == [False] * 5 + [True] * 2
    assert rules.weekend_is_urgent(need - 1, sc.calendar)
    assert not rules.weekend_is_urgent(need, sc.calendar)
    assert rules.weekend_is_urgent(-DAY, sc.calendar)  # the mandate ends before the Monday


@pytest.mark.parametrize("path", ["tests/scenarios/council.yaml", "scenarios/minusma_2021.yaml",
                                  "scenarios/tutorial.yaml"])
def test_a_weekend_silence_deadline_moves_to_monday(path):
    """No silence deadline falls on a Saturday or Sunday when the calendar is not urgent: a
    silence set on a Thursday or Friday runs over the weekend and ends on the Monday (the old
    engine let deadlines fall on Saturdays in these scenarios)."""
    sc, sessions = _runs(path, range(12))
    ends = []
    for seed, s in enumerate(sessions):
        for e in s.log:
            if e.kind == "place_under_silence":
                d = e.data["deadline"]
                assert not (rules.is_weekend(_date(sc, d).weekday()) and not _urgent(sc, s.state, d)), \
                    f"seed {seed}: a silence ends on {_date(sc, d):%a %d %b}"
                ends.append(_date(sc, d).weekday())
                assert _date(sc, d) >= _date(sc, e.t)
    assert 0 in ends  # some silences do run over a weekend to the Monday


@pytest.mark.parametrize("path", ["scenarios/minusma_2020.yaml", "scenarios/tutorial.yaml"])
def test_no_break_letter_or_revision_at_a_weekend_unless_urgent(path):
    """"No delegation writes a silence-break letter on a weekend, and the penholder circulates
    no revision or zero draft on a weekend, UNLESS the calendar is urgent"."""
    sc, sessions = _runs(path, range(20))
    letters = 0
    for s in sessions:
        for e in s.log:
            if e.kind in ("break_silence", "circulate_revision", "circulate_zero_draft",
                          "place_under_silence", "put_in_blue", "propose_amendments"):
                day = _date(sc, e.t)
                assert not (rules.is_weekend(day.weekday()) and not _urgent(sc, s.state, e.t)), \
                    f"{e.kind} by {e.actor} on {day:%a %d %b}"
                letters += e.kind == "break_silence"
        assert not any("works_weekend" in e.data for e in s.log)  # nothing to state
    assert letters > 0


def test_a_zero_draft_day_at_a_weekend_moves_to_monday():
    """The penholder circulates no zero draft on a weekend: a scenario whose zero draft falls
    on a Saturday has it go out on the Monday, and the read-through follows that day."""
    sc, (s,) = _runs("scenarios/minusma_2021.yaml", [0], ["calendar.zero_draft=2021-06-12"])
    zero, read = (next(e for e in s.log if e.kind == k) for k in ("circulate_zero_draft", "hold_read_through"))
    assert _date(sc, zero.t) == dt.date(2021, 6, 14) and zero.t % DAY == 10 * 60
    assert _date(sc, read.t) == dt.date(2021, 6, 14) and read.t > zero.t


def test_urgency_is_stated_once_when_the_calendar_is_short():
    """When the working days left cannot fit what is left, the penholder works through the
    weekend "and the record says so, once, in the event data and in the narration/transcript
    and the game's feed"."""
    sc, sessions = _runs("scenarios/minusma_2021.yaml", range(6), SHORT)
    for s in sessions:
        weekend = [e for e in s.log if rules.is_weekend(_date(sc, e.t).weekday())]
        assert weekend and all(_urgent(sc, s.state, e.t) for e in weekend)
        stated = [e for e in s.log if "works_weekend" in e.data]
        assert stated == weekend[:1]  # once, on the first event at the weekend
        assert stated[0].data["works_weekend"] == {"expiry": "2021-06-28"}
        lines = transcript(sc, s.log)
        said = [ln for ln in lines if "through the weekend" in ln]
        assert len(said) == 1 and "mandate expiring on Mon 28 Jun" in said[0]
        assert said[0].startswith(f"{_date(sc, stated[0].t):%a %d %b}")  # dated the weekend day


def test_the_narrators_lines_say_it_first():
    """The game's feed shows `Narrator.lines` of each event (game.ui.controller): the urgency
    comes first, before what the event itself says."""
    from game.narrate import Narrator

    sc, (s,) = _runs("scenarios/minusma_2021.yaml", [1], SHORT)
    ev = next(e for e in s.log if "works_weekend" in e.data)
    assert Narrator(sc).lines(ev)[0].startswith("With the mandate expiring on Mon 28 Jun")
