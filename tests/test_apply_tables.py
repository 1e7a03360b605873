"""What `State.apply` and `Session._emit` keep beside the record (fields laid out once
instead of rebuilt at each look-up, work skipped when it cannot change the answer) equals
its definition at every turn of real negotiations."""

import pytest

from game.session import Session


def _turns(scenario, seeds):
    """The session after every turn of AI-only negotiations of these seeds."""
    for seed in seeds:
        s = Session(scenario, seed)
        while not s.finished:
            s.step()
            yield s


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
