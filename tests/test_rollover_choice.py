"""The penholder's last choice, between the vote and a technical rollover (issue 8 §5: a
rollover and a lapse reachable on the default scenario from plausible changes).

Three parts of the model, each tested here on the 2021 renewal with `--set` overrides:
- a ballot on a technical rollover does not weigh the dislike of the mandate in force
  (`rollover_dislike`, default 0): a Council that cannot agree on a new text still extends
  the old one rather than let the mission lapse;
- before that choice the penholder counts the ballots as they will be cast, each member's
  yes weighing its chance of deciding the nine votes (`beliefs.forecast_cast`): the count it
  makes at every turn (`beliefs.forecast`) leaves that out and reads a close room too
  pessimistically;
- a text that fails with no time left for a rollover after it is a lapse to the penholder,
  and making a member veto a mere extension of the mandate is worth `rollover_exposure`
  times more to it than a veto of its text.
"""

from collections import Counter

import numpy as np

from game.council import Council
from game.model import beliefs
from game.procedure import Procedure
from game.scenario import load_scenario
from game.session import Session

from .conftest import HAND_SET, ROOT

SCENARIO = ROOT / "scenarios" / "minusma_2021.yaml"
# China and France both hold a red line on climate language (the clash of docs/batch.md)
CLASH = ["members.CHN.red_lines={climate: {max: 30}}", "members.FRA.red_lines={climate: {min: 60}}"]


def states(overrides, runs):
    sc = load_scenario(SCENARIO, [*HAND_SET, *overrides])
    council, proc = Council(sc), Procedure()
    return [Session(sc, np.random.SeedSequence(0, spawn_key=(i,)), council=council, procedure=proc).run().state
            for i in range(runs)]


def test_a_council_that_values_consensus_little_still_expects_a_rollover_to_carry():
    """At the first settlement, with a Council that values joining the consensus at 0.1, the
    room still counts a technical rollover as adopted: a yes on it keeps the mission and
    endorses no new language."""
    sc = load_scenario(SCENARIO, [*HAND_SET, "model.unity=0.1"])
    s = Session(sc, 0)
    while not s.state.drafts:
        s.step()
    count = beliefs.forecast(s.state, s.state.working, rollover=True)
    assert count.p_adopt > 0.9, count


def test_a_council_that_cannot_find_nine_votes_rolls_the_mandate_over():
    """`model.unity=0.05`: the elected members abstain on any new text (docs/batch.md); the
    penholder sees the text falling short and seeks a technical rollover, which carries."""
    got = Counter(st.outcome.value for st in states(["model.unity=0.05"], 12))
    assert got == Counter({"rollover": 12}), got


def test_the_count_of_ballots_as_cast_predicts_the_vote_better_than_the_running_count():
    """On a close room (`model.unity=0.2`), the penholder's running count of the text it put in
    blue (recomputed at the end, with what the room learned) against the result: the count
    with each member's pivotal yes scores better (Brier score) than the one without it."""
    brier_room = brier_cast = 0.0
    n = 0
    for st in states(["model.unity=0.2"], 30):
        vote = st.votes[0]
        if vote.on != "text":
            continue
        adopted = 1.0 if vote.result.value == "adopted" else 0.0
        brier_room += (beliefs.forecast(st, tuple(st.draft), rollover=False).p_adopt - adopted) ** 2
        brier_cast += (beliefs.forecast_cast(st, tuple(st.draft), rollover=False).p_adopt - adopted) ** 2
        n += 1
    assert n >= 20
    assert brier_cast < 0.5 * brier_room, (brier_cast / n, brier_room / n)


def test_a_permanent_member_that_blocks_the_text_but_not_a_rollover_gets_a_rollover():
    """China holds a red line on climate and, in this what-if, values the mission less (a lapse
    at 0.5, below the mandate in force) and a veto costs it little (0.1): it would veto
    France's text, not the mandate in force. France, counting it, puts a technical rollover
    in blue, and China does not block it (it votes yes, or abstains when its capital's
    private instructions weigh the mandate in force a little below the room's estimate)."""
    runs = states([*CLASH, "members.CHN.lapse_value=0.5", "members.CHN.veto_cost=0.1"], 30)
    rolled = [st for st in runs if st.outcome.value == "rollover"]
    assert len(rolled) >= 20, Counter(st.outcome.value for st in runs)
    assert all(st.votes[-1].on == "rollover" and st.votes[-1].ballots["CHN"].value != "no" for st in rolled)
    assert sum(st.votes[-1].ballots["CHN"].value == "yes" for st in rolled) >= 20


def test_a_penholder_makes_a_member_that_wants_the_mission_gone_veto_the_rollover():
    """The same what-if with China preferring a lapse (1.0) to the mandate in force and a veto
    costing it little (0.1): it would veto the text and a rollover alike. In some runs France,
    on the last day, puts the rollover to the vote rather than its text (a veto of a mere
    extension costs the vetoer more in public: `rollover_exposure`), China vetoes it and the
    mandate lapses (UNOMIG, June 2009); without that value France puts its own text to the
    vote instead, and nothing lapses."""
    runs = states([*CLASH, "members.CHN.lapse_value=1.0", "members.CHN.veto_cost=0.1"], 30)
    lapsed = [st for st in runs if st.outcome.value == "lapsed"]
    assert len(lapsed) >= 5, Counter(st.outcome.value for st in runs)
    for st in lapsed:
        assert st.votes[-1].on == "rollover" and st.votes[-1].ballots["CHN"].value == "no"
    calm = states([*CLASH, "members.CHN.lapse_value=1.0", "members.CHN.veto_cost=0.1", "model.rollover_exposure=0"], 30)
    assert not any(st.outcome.value == "lapsed" for st in calm)


def test_the_record_says_why_the_penholder_sought_a_rollover():
    """The seek_rollover event carries the penholder's count (its text, a veto of it, the
    rollover), and the transcript reads it out, for the facilitator's debrief."""
    from game.narrate import Narrator

    sc = load_scenario(SCENARIO, [*HAND_SET, "model.unity=0.05"])
    s = Session(sc, 0).run()
    ev = next(e for e in s.log if e.kind == "seek_rollover")
    count = ev.data["count"]
    assert count["rollover"] > 0.9 > count["text"]
    assert "by its count, its own text would carry" in Narrator(sc).lines(ev)[0]
