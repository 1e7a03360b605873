"""The host's consent to the mission (issue 8 §3: the host is an actor without a vote, with
preferences on the issues and on consent, weighed by each member's host_deference)."""

from collections import Counter

import pytest

from game.council import Council
from game.errors import ScenarioError
from game.narrate import Narrator
from game.scenario import load_scenario
from game.session import Session

from .conftest import DEFAULT, HAND_SET


def test_a_consenting_host_is_the_default_and_leaves_the_data_unchanged():
    plain, stated = load_scenario(DEFAULT, HAND_SET), load_scenario(DEFAULT, [*HAND_SET, "host.consent=1.0"])
    assert plain.model_dump() == stated.model_dump()
    assert "consent" not in plain.model_dump()["host"]
    with pytest.raises(ScenarioError, match="consent"):
        load_scenario(DEFAULT, [*HAND_SET, "host.consent=1.5"])


def test_members_that_defer_to_a_host_withdrawing_consent_value_a_lapse_more():
    before, after = Council(load_scenario(DEFAULT, HAND_SET)), Council(load_scenario(DEFAULT, [*HAND_SET, "host.consent=0"]))
    for j, d in enumerate(before.host_deference):
        lapse = before.lapse_value[j]
        assert after.lapse_value[j] == pytest.approx(lapse + d * (1.0 - lapse))
    # the Niger (deference 0.7) now values a lapse far more than France (0.15)
    ner, fra = before.index["NER"], before.index["FRA"]
    assert after.lapse_value[ner] - before.lapse_value[ner] > 3 * (after.lapse_value[fra] - before.lapse_value[fra])


def test_the_host_writes_that_it_wants_the_mission_withdrawn_and_the_room_hesitates():
    sc = load_scenario(DEFAULT, [*HAND_SET, "host.consent=0"])
    s = Session(sc, 0).run()
    letters = [ev for ev in s.log if ev.kind == "host_letter"]
    assert letters and all(ev.data["consent"] == 0.0 for ev in letters)
    assert "asks for the mission's withdrawal" in " ".join(Narrator(sc).lines(letters[0]))
    withdrawn = Counter(str(Session(sc, k).run().state.tally) for k in range(10))
    consenting = Counter(str(Session(load_scenario(DEFAULT, HAND_SET), k).run().state.tally) for k in range(10))
    # the members that defer to the host (the A3+1, China, Russia) no longer all vote yes
    assert withdrawn["15-0-0"] == 0 and consenting["15-0-0"] >= 5, (withdrawn, consenting)


WITHDRAWAL = ["events=[{id: consent_withdrawn, date: 2021-06-21, host_consent: 0.0, message: "
              "'The transitional authorities ask for the withdrawal of MINUSMA without delay.'}]"]


def test_a_facilitator_can_inject_the_host_withdrawing_its_consent():
    """An inject with host_consent: from its day the Council weighs the withdrawal (the
    host's letters say so, the members that defer to it hesitate); the log replays."""
    from game.replay import verify

    sc = load_scenario(DEFAULT, [*HAND_SET, *WITHDRAWAL])
    runs = [Session(sc, k).run() for k in range(8)]
    for s in runs:
        k = next(n for n, ev in enumerate(s.log) if ev.kind == "inject")
        assert all(ev.data.get("consent") == 0.0 for ev in s.log[k:] if ev.kind == "host_letter")
        assert s.state.council.host_consent == 0.0
        assert verify(s.header(), s.log).ok
    before = Counter(str(Session(load_scenario(DEFAULT, HAND_SET), k).run().state.tally) for k in range(8))
    after = Counter(str(s.state.tally) for s in runs)
    assert after["15-0-0"] < before["15-0-0"], (before, after)
