"""What `State.apply` and `Session._record` keep beside the record (fields laid out once
instead of rebuilt at each look-up, work skipped when it cannot change the answer) equals
its definition at every turn of real negotiations."""

import pytest

from game.session import Session

from .conftest import agent_turns


def _turns(scenario, seeds):
    """The session after every turn of AI-only negotiations of these seeds."""
    return agent_turns(scenario, seeds)


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_a_silences_breakers_are_the_members_of_its_breaks(name, request):
    """`Silence.breakers` (a list kept by `apply`) is who broke it, in order: the members of
    `Silence.breaks`."""
    broken = 0
    for s in _turns(request.getfixturevalue(name), (1, 2, 3)):
        for sil in s.state.silences:
            assert sil.breakers == [m for m, _ in sil.breaks]
            broken += bool(sil.breakers)
    if name == "minusma":
        assert broken > 10


@pytest.mark.parametrize("day", range(7))
def test_the_weekend_table_is_the_weekend_rule_on_the_calendar(day):
    """`Session._weekend_day` (seven flags laid out from the zero draft's weekday) says of
    every time what `rules.is_weekend` says of its calendar date, whatever the weekday of the
    zero draft."""
    import datetime as dt

    from game import rules
    from game.scenario import load_scenario

    zero = dt.date(2021, 6, 14) + dt.timedelta(days=day)  # a Monday, then the days after
    sc = load_scenario("tests/scenarios/council.yaml", [f"calendar.zero_draft={zero}",
                                                        "calendar.mandate_expiry=2021-08-31"])
    s = Session(sc, 0)
    for t in range(0, 30 * 24 * 60, 60):
        assert s._weekend_day[t // (24 * 60) % 7] == rules.is_weekend(s._day(t).weekday())


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_the_silence_is_the_last_of_the_silences(name, request):
    """`State.silence` (a field kept by `apply`) is the last silence placed, or None."""
    for s in _turns(request.getfixturevalue(name), (1, 2)):
        st = s.state
        assert st.silence is (st.silences[-1] if st.silences else None)


@pytest.mark.parametrize("deadlock", [False, True])
def test_the_text_under_the_vote_is_the_rivals_or_the_penholders(deadlock, minusma):
    """`State.vote_text` (kept by `apply`) is the rival draft under the vote (`voting`), or
    else the penholder's text (`draft`), the very list, at every turn; and `draft_key` is
    the draft's tuple. With rival drafts tabled and voted too (the test Council deadlocked,
    tests/test_rivals.py)."""
    from game.scenario import load_scenario

    from .conftest import TEST_COUNCIL
    from .test_rivals import DEADLOCK

    sc = load_scenario(TEST_COUNCIL, DEADLOCK) if deadlock else minusma
    rivals = 0
    for seed in range(6):
        s = Session(sc, seed)
        while not s.finished:
            s.step()
            st = s.state
            assert st.vote_text is (st.draft if st.voting is None else st.voting)
            assert st.draft_key == tuple(st.draft)
        rivals += bool(s.state.rivals)
    assert rivals > 0 or not deadlock
