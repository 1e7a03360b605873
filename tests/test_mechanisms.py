"""The negotiation model's mechanisms, each as a comparative static (issue 10 §5): two set-ups
of the fictional test Council (tests/scenarios/council.yaml, where everyone wants the zero
draft) that differ in ONE parameter, and the direction in which the decision moves. No test
here pins a calibrated outcome (a tally over seeds, a rate): each says what the model does
and why, so that a change of the model's constants leaves them true and a change of its
mechanisms breaks them (benchmarks/mutation.py measures that, docs/testing.md).

Ballots are weighed with the model's own functions on the zero draft (`ballots.decide_vote`,
with the pivot chance given), without the capitals' private shifts (`private_sd` and
`instruction_sd` 0) so that each threshold can be set on either side of a known margin;
the same directions are then checked with the private shifts over a few seeds. What is
procedural (the count, the co-penholders, silence) runs whole Sessions.

Already tested elsewhere, and not repeated here: rival drafts voted in the order tabled and
the rest not pressed once one is adopted (tests/test_rivals.py: a rival tabled in talks is
voted before the penholder's text, one tabled after its blue after it, an adopted rival is the
final text); Art. 27(3) on ballots alone (tests/test_rules.py); a co-penholder's answer to a
revision paragraph by paragraph (tests/test_co_penholders.py, `review_revision`); the host's
consent (tests/test_host_consent.py); a lapse valued per issue and the rollover's veto
(tests/test_lapse_per_issue.py, tests/test_rollover_choice.py).
"""

from __future__ import annotations

import pytest

from game.model import ballots, beliefs, penholder, rivals, silence
from game.procedure import Phase
from game.rules import Ballot
from game.scenario import load_scenario
from game.session import Session

from .conftest import ROOT, TEST_COUNCIL

CO_PEN = ROOT / "tests" / "scenarios" / "co_pen.yaml"
SEEDS = range(5)

# no private shifts: a ballot is a function of the public parameters alone
EXACT = ["model.private_sd=0", "model.instruction_sd=0"]

# Russia wants a narrow mandate and no human-rights language: the zero draft (robust,
# monitoring) satisfies it at 0.2, a rollover of the status quo (standard, none) at 0.75
RUSSIA_OPPOSED = ["members.RUS.positions.mandate_scope=10", "members.RUS.positions.human_rights=10"]
# Kenya wants neither: the zero draft satisfies it at 0.1, a rollover at 0.75
KENYA_OPPOSED = ["members.KEN.positions.mandate_scope=0", "members.KEN.positions.human_rights=0"]
# Kenya half-way: the zero draft satisfies it at 0.6, more than any reversion is worth to it
KENYA_LUKEWARM = ["members.KEN.positions.mandate_scope=50", "members.KEN.positions.human_rights=50"]


def opened(overrides, seed=0):
    """The state once the zero draft is on the table (the text every ballot below is on)."""
    s = Session(load_scenario(TEST_COUNCIL, overrides), seed)
    while not s.state.draft:
        s.step()
    return s.state


def ballot(overrides, member, pivot=0.0, seed=0):
    """`member`'s ballot on the zero draft with the chance `pivot` that its yes decides the
    nine votes."""
    return weighed(overrides, member, pivot, seed)[0]


def weighed(overrides, member, pivot=0.0, seed=0):
    """(ballot, the reason that won: `why`) of `member` on the zero draft, as `ballot`."""
    st = opened(overrides, seed)
    got, reasons = ballots.decide_vote(st, st.council.index[member], pivot)
    return got, reasons[0]["why"]


def cast(overrides, member, seed):
    """`member`'s ballot on the zero draft as the session casts it: the private shifts of
    the seed and its own count of the room's votes (`beliefs.decide_vote`)."""
    st = opened(overrides, seed)
    return beliefs.decide_vote(st, st.council.index[member])[0]


def stake(overrides, member):
    """`member`'s stake in the zero draft (satisfaction - reversion), without private shifts."""
    st = opened([*EXACT, *overrides])
    j = st.council.index[member]
    return ballots.components(st, j, st.draft)[2]


class Draws:
    """A stream whose every draw is `u`."""

    def __init__(self, u):
        self.u = u

    def random(self):
        return self.u


# --- the draft against the reversion ----------------------------------------------------------

def test_an_elected_member_whose_reversion_beats_the_draft_votes_no_and_not_once_it_values_the_mission():
    """Kenya dislikes the text. Not caring for the mission (mission_support 0: a lapse is
    worth 1 to it), it would rather see the draft fail, by more than a no costs it in the
    expressive share of its weight (`expressive_no`): it votes no. The same member valuing
    the mission (0.9: a lapse is worth -0.8) has more to lose from the draft's failure than
    from the text: it does not vote no."""
    assert stake(["members.KEN.mission_support=0.0", *KENYA_OPPOSED], "KEN") < 0
    assert weighed([*EXACT, *KENYA_OPPOSED, "members.KEN.mission_support=0.0"], "KEN") == (Ballot.NO, "against")
    assert ballot([*EXACT, *KENYA_OPPOSED, "members.KEN.mission_support=0.9"], "KEN") is not Ballot.NO


def test_an_elected_members_no_counts_its_consequence_by_its_pivot_chance():
    """An elected member's no weighs the draft's failure by the larger of its pivot chance
    and `expressive_no` (0.5); a no costs it `no_cost` less what abstaining costs it (0.25 -
    0.05). Kenya, losing a little from the draft (a stake of about -0.37, half of which does
    not pay for a no), abstains when its ballot decides nothing and votes no when it is sure
    to decide the nine votes."""
    kenya = [*EXACT, *KENYA_OPPOSED, "members.KEN.lapse_value=0.0", "members.KEN.unity=0.0"]
    s = stake(kenya[2:], "KEN")
    assert -0.4 < s < -0.2  # (0.5 x -s < 0.2 < -s: the pivot decides)
    assert weighed(kenya, "KEN", pivot=0.0) == (Ballot.ABSTAIN, "will_not_block")
    assert weighed(kenya, "KEN", pivot=1.0) == (Ballot.NO, "against")


def test_a_permanent_member_vetoes_only_a_draft_worse_than_the_reversion_by_more_than_its_veto_cost():
    """Russia's no is a veto, weighed in full whatever its pivot chance: it vetoes when the
    draft is worse for it than the reversion by more than `veto_cost`, and otherwise
    abstains on a text it will not block (it dislikes it too much to vote yes)."""
    russia = [*RUSSIA_OPPOSED, "members.RUS.lapse_value=0.3"]
    loss = -stake(russia, "RUS")
    assert loss > 0.2
    for pivot in (0.0, 1.0):
        below = weighed([*EXACT, *russia, f"members.RUS.veto_cost={loss - 0.02:.3f}"], "RUS", pivot)
        above = weighed([*EXACT, *russia, f"members.RUS.veto_cost={loss + 0.02:.3f}"], "RUS", pivot)
        assert (below, above) == ((Ballot.NO, "veto"), (Ballot.ABSTAIN, "will_not_block")), pivot


def test_the_same_permanent_member_does_not_veto_a_draft_better_than_the_reversion():
    """Russia, less opposed (positions 30: the zero draft satisfies it at 0.4, a rollover
    at 0.75), vetoes when a lapse is worth 0.5 to it; valuing the mission (a lapse worth
    -1), it has more to lose from the draft's failure than from the text, and does not
    veto it even when a veto costs it nothing."""
    russia = ["members.RUS.positions.mandate_scope=30", "members.RUS.positions.human_rights=30",
              "members.RUS.veto_cost=0.0"]
    assert stake([*russia, "members.RUS.lapse_value=-1.0"], "RUS") > 0
    assert ballot([*EXACT, *russia, "members.RUS.lapse_value=0.5"], "RUS") is Ballot.NO
    assert ballot([*EXACT, *russia, "members.RUS.lapse_value=-1.0"], "RUS") is not Ballot.NO


@pytest.mark.parametrize("seed", SEEDS)
def test_with_private_shifts_a_lower_value_of_the_mission_never_turns_a_no_into_a_yes(seed):
    """The same directions with each capital's private shifts and each member's own count
    of the room: in every seed, the member that does not care for the mission votes no,
    the one that values it does not; Russia with a cheap veto vetoes, with a dear one it
    does not."""
    kenya = [*KENYA_OPPOSED, "members.KEN.unity=0.2"]
    assert cast([*kenya, "members.KEN.mission_support=0.0"], "KEN", seed) is Ballot.NO
    assert cast([*kenya, "members.KEN.mission_support=0.9"], "KEN", seed) is not Ballot.NO
    russia = [*RUSSIA_OPPOSED, "members.RUS.lapse_value=0.5"]
    assert cast([*russia, "members.RUS.veto_cost=0.05"], "RUS", seed) is Ballot.NO
    assert cast([*russia, "members.RUS.veto_cost=0.9"], "RUS", seed) is not Ballot.NO


# --- position-taking: unity, grievance, a red line, the pivot -------------------------------------

def test_the_same_member_votes_yes_at_high_unity_and_abstains_at_low_unity():
    """Kenya gains from the text against the reversion but dislikes it (satisfaction 0.6):
    it joins the consensus when it values unity, and abstains on the text when it does not
    (its ballot decides nothing: no pivot)."""
    assert stake(KENYA_LUKEWARM, "KEN") > 0
    assert weighed([*EXACT, *KENYA_LUKEWARM, "members.KEN.unity=0.9"], "KEN") == (Ballot.YES, "support")
    assert weighed([*EXACT, *KENYA_LUKEWARM, "members.KEN.unity=0.0"], "KEN") == (Ballot.ABSTAIN, "text")


@pytest.mark.parametrize("seed", SEEDS)
def test_with_private_shifts_higher_unity_never_turns_a_yes_into_an_abstention(seed):
    low = cast([*KENYA_LUKEWARM, "members.KEN.unity=0.0"], "KEN", seed)
    high = cast([*KENYA_LUKEWARM, "members.KEN.unity=0.9"], "KEN", seed)
    assert high is Ballot.YES
    assert low is not Ballot.YES or high is Ballot.YES


def test_a_member_whose_requests_were_ignored_abstains_in_protest_where_it_voted_yes():
    """The same member on the same text: it votes yes; once it has asked for both
    paragraphs to change and the penholder moved neither (`common.grievance`), its
    grievance at the process outweighs its value of unity, and it abstains "in protest"."""
    kenya = [*EXACT, *KENYA_LUKEWARM, "members.KEN.unity=0.25"]
    st = opened(kenya)
    j = st.council.index["KEN"]
    assert ballots.decide_vote(st, j, 0.0)[0] is Ballot.YES
    st.asked = {"KEN": frozenset({0, 1})}
    got, reasons = ballots.decide_vote(st, j, 0.0)
    assert got is Ballot.ABSTAIN and reasons[0]["why"] == "process"
    assert reasons[0]["grievance"] > 0


def test_a_yes_that_would_decide_the_nine_votes_outweighs_a_dislike_of_the_text():
    """The consequence of a yes counts by the chance that it decides the nine votes: the
    member that abstains on a text it dislikes when its ballot decides nothing votes yes
    when it is sure to decide (it gains from the text against the reversion)."""
    kenya = [*EXACT, *KENYA_LUKEWARM, "members.KEN.unity=0.0"]
    assert weighed(kenya, "KEN", pivot=0.0) == (Ballot.ABSTAIN, "text")
    assert weighed(kenya, "KEN", pivot=1.0) == (Ballot.YES, "pivotal")


def test_a_text_across_a_red_line_is_never_a_yes():
    """Kenya wants the text as it stands (positions 85) and values unity fully; with a red
    line the text crosses it does not vote yes, whatever its pivot chance."""
    kenya = [*EXACT, "members.KEN.unity=1.0"]
    assert ballot(kenya, "KEN", pivot=1.0) is Ballot.YES
    crossed = [*kenya, "members.KEN.red_lines={human_rights: {max: 60}}"]
    for pivot in (0.0, 1.0):
        got, why = weighed(crossed, "KEN", pivot)
        assert got is not Ballot.YES and why == "red_line"


# --- the count (Art. 27(3)), through the session ------------------------------------------

def play(abstaining=(), against=(), seed=0):
    """A session of the test Council in which the members `abstaining` abstain and those
    `against` vote no, played from outside (nothing else: no amendments, silence kept); the
    others are agents, which all want the zero draft."""
    s = Session(load_scenario(TEST_COUNCIL), seed, outside={*abstaining, *against})
    while (turn := s.advance()) is not None:
        if turn.kind == "vote":
            s.cast_vote(turn.member, "no" if turn.member in against else "abstain")
        else:
            s.end_turn(turn.member)
    return s.state


SIX = ("CHN", "BRA", "GHA", "IND", "KEN", "MEX")  # (a permanent member among them)


def result(st):
    """(the negotiation's outcome, the tally, the result the record of the vote keeps)."""
    return st.outcome.value, str(st.tally), st.votes[-1].result.value


def test_nine_yes_and_a_permanent_abstention_adopt_and_eight_yes_do_not():
    """Nine yes with six abstentions, China's among them, is adopted (an abstention is not
    a veto); one more abstention, eight yes and seven abstentions, is not."""
    assert result(play(abstaining=SIX)) == ("adopted", "9-0-6", "adopted")
    assert result(play(abstaining=(*SIX, "NOR"))) == ("not_adopted", "8-0-7", "not_adopted")


def test_a_permanent_members_no_is_a_veto_and_an_elected_members_is_not():
    """Fourteen yes: China's no defeats the draft, Brazil's does not; China's abstention
    in its place does not either."""
    assert result(play(against=("CHN",))) == ("vetoed", "14-1-0", "vetoed")
    assert result(play(abstaining=("CHN",))) == ("adopted", "14-0-1", "adopted")
    assert result(play(against=("BRA",))) == ("adopted", "14-1-0", "adopted")


# --- procedure: silence and the co-penholders -------------------------------------------------

def breaks(overrides, member, seeds=SEEDS):
    """Per seed, the paragraphs `member` names in its silence-break letters (an empty
    list: it kept silence)."""
    out = []
    sc = load_scenario(TEST_COUNCIL, overrides)
    for seed in seeds:
        s = Session(sc, seed).run()
        c = s.state.council
        out.append(sorted({c.issues[r["issue"]].id if isinstance(r["issue"], int) else r["issue"]
                           for e in s.log if e.kind == "break_silence" and e.actor == member
                           for r in e.data["requests"]}))
    return out


def test_a_member_breaks_silence_on_a_paragraph_across_its_red_line_and_not_within_it():
    """The penholder holds monitoring of human rights (its red line); Kenya, which likes the
    text, has a red line on that paragraph: at 60 the text under silence crosses it and
    Kenya breaks silence on it, at 95 it does not cross and Kenya keeps silent."""
    pen = "members.GBR.red_lines={human_rights: {min: 80}}"
    crossed = breaks([pen, "members.KEN.red_lines={human_rights: {max: 60}}"], "KEN")
    within = breaks([pen, "members.KEN.red_lines={human_rights: {max: 95}}"], "KEN")
    assert all("human_rights" in got for got in crossed), crossed
    assert all(got == [] for got in within), within


def test_a_co_penholder_blocks_a_revision_it_cannot_accept():
    """The lead would give human-rights monitoring away for China's and Russia's votes;
    Norway, holding the pen with it and wanting monitoring, objects, and the revision is not
    circulated: the text stays the zero draft. The same Norway tolerating any cost to its
    satisfaction (`co_pen_tolerance` 1) agrees, and the revision is circulated."""
    for tolerance, circulated in (("0.05", False), ("1.0", True)):
        for seed in range(3):
            s = Session(load_scenario(CO_PEN, [f"model.co_pen_tolerance={tolerance}"]), seed).run()
            answers = [e.data["agrees"] for e in s.log if e.kind == "co_pen_revision" and e.actor == "NOR"]
            assert answers and answers[0] is circulated, (tolerance, seed, answers)
            assert (len(s.state.drafts) > 1) is circulated, (tolerance, seed, s.state.drafts)


# --- the penholder's choices ------------------------------------------------------------------

def at_first_revision(overrides, seed=0):
    """The state at the penholder's first revision, with the amendments pending, the
    penholder's seat held from outside so that its agent's choice is not made for it."""
    s = Session(load_scenario(TEST_COUNCIL, [*EXACT, *overrides]), seed, outside={"GBR"})
    while (turn := s.advance()) is not None:
        if turn.kind == "revise":
            return s.state
        s.end_turn(turn.member)
    raise AssertionError("no revision")


def first_settlement(overrides, accommodation=0.0):
    """The variant the penholder settles each paragraph on at its first revision
    (`penholder.decide_settlement` on the amendments then pending)."""
    st = at_first_revision(overrides)
    c = st.council
    return {c.issues[a.issue].id: c.issues[a.issue].variant_ids[v]
            for a in st.open.values()
            for aid, v, _d, _r in penholder.decide_settlement(st, accommodation) if aid == a.id}


# three elected members ask for no human-rights language; the penholder wants monitoring
ASKING = [f"members.{m}.{field}" for m in ("GHA", "IND", "KEN")
          for field in ("positions.human_rights=10", "salience.human_rights=1.0", "assertiveness=0.9")]
PEN_WANTS_MONITORING = ["members.GBR.positions.human_rights=95", "members.GBR.salience.human_rights=1.0"]


def test_a_penholder_that_values_consensus_concedes_what_one_that_does_not_keeps():
    """The penholder weighs the room's stake against its own by its consensus value: at 0
    it keeps monitoring against three members' amendments, at 1 it meets them halfway
    (reporting)."""
    # (core_text 0: the penholder does not also hold the paragraph as its core text, a
    # mechanism of its own: game/model/penholder.core_weight)
    own = first_settlement([*ASKING, *PEN_WANTS_MONITORING, "model.core_text=0", "members.GBR.consensus_value=0.0"])
    room = first_settlement([*ASKING, *PEN_WANTS_MONITORING, "model.core_text=0", "members.GBR.consensus_value=1.0"])
    assert own == {"human_rights": "monitoring"}
    assert room == {"human_rights": "reporting"}


def test_a_penholder_concedes_more_after_a_broken_silence_than_in_an_expert_round():
    """The penholder that keeps monitoring in an expert round at consensus value 0 meets the
    askers halfway when it is more accommodating, as after a broken silence or in
    bilaterals (`penholder.accommodation`: the weight of the room raised toward 1)."""
    pen = [*ASKING, *PEN_WANTS_MONITORING, "model.core_text=0", "members.GBR.consensus_value=0.2"]
    assert first_settlement(pen) == {"human_rights": "monitoring"}
    assert first_settlement(pen, accommodation=0.9) == {"human_rights": "reporting"}


def test_the_penholder_is_more_accommodating_after_a_broken_silence_and_more_in_bilaterals():
    """`penholder.accommodation` by the phase: nothing in talks or under silence,
    `broken_accommodation` once Kenya (played from outside) has broken silence, and
    `bilateral_accommodation` in bilaterals if the penholder holds them."""
    s = Session(load_scenario(TEST_COUNCIL, EXACT), 0, outside={"KEN"})
    seen = {}
    while (turn := s.advance()) is not None:
        seen.setdefault(s.state.phase, penholder.accommodation(s.state))
        if turn.kind == "silence" and not s.state.silence.breaks:
            s.break_silence("KEN", {"human_rights": "reporting"})
            seen.setdefault(s.state.phase, penholder.accommodation(s.state))
        elif turn.kind == "vote":
            s.cast_vote("KEN", "yes")
        else:
            s.end_turn("KEN")
    prm = s.state.council.params
    assert seen[Phase.EXPERT_ROUND] == seen[Phase.UNDER_SILENCE] == 0.0
    assert seen[Phase.SILENCE_BROKEN] == prm.broken_accommodation > 0.0
    assert seen.get(Phase.BILATERALS, prm.bilateral_accommodation) == prm.bilateral_accommodation


def test_the_weight_of_the_room_grows_as_the_expiry_nears():
    """At the same point of the talks, the penholder weighs the room more when the mandate
    expires sooner (`penholder_lambda`: a failed renewal costs more than a concession)."""
    early = at_first_revision(["calendar.zero_draft=2030-06-03"])
    late = at_first_revision(["calendar.zero_draft=2030-06-17"])
    assert early.t == late.t and early.expiry_t > late.expiry_t
    assert penholder.penholder_lambda(late) > penholder.penholder_lambda(early)


def test_a_penholder_concedes_what_it_needs_for_nine_votes():
    """Seven elected members want no human-rights language (salience 1: on monitoring they
    would abstain, leaving eight yes). A penholder that values only its own text
    (consensus value 0) still meets them halfway when it values adoption (`adoption_value`
    x the chance of nine votes); it keeps monitoring when adoption is worth nothing to it."""
    seven = [f"members.{m}.{field}" for m in ("BRA", "GHA", "IND", "KEN", "MEX", "ARE", "GAB")
             for field in ("positions.human_rights=10", "salience.human_rights=1.0")]
    pen = [*seven, *PEN_WANTS_MONITORING, "members.GBR.consensus_value=0.0"]
    assert first_settlement(pen) == {"human_rights": "reporting"}
    assert first_settlement([*pen, "model.adoption_value=0"]) == {"human_rights": "monitoring"}


def test_the_penholder_holds_at_least_min_rounds_before_silence():
    """After the first round, on a text every member accepts, the penholder places it under
    silence; with `min_rounds` 2 it opens a second round first (whatever its draw)."""
    for min_rounds, step in (("1", "place_under_silence"), ("2", "open_expert_round")):
        st = at_first_revision([f"calendar.min_rounds={min_rounds}", "calendar.max_rounds=3"])
        assert st.round == 1
        assert {penholder.decide_next_step(st, Draws(u)) for u in (0.0, 0.999)} == {step}, min_rounds


def test_the_penholder_expects_a_silence_break_from_a_member_whose_red_line_the_text_crosses():
    """`forecast_breakers`: none on a text everyone accepts; one for Kenya across its red
    line; `p5_weight` for Russia in its place (a permanent member counts more)."""
    def expected(overrides):
        st = opened([*EXACT, *overrides])
        return penholder.forecast_breakers(st, st.draft)

    assert expected([]) == 0.0
    assert expected(["members.KEN.red_lines={human_rights: {max: 60}}"]) == 1.0
    russia = expected(["members.RUS.red_lines={human_rights: {max: 60}}"])
    assert russia == opened(EXACT).council.params.p5_weight > 1.0


def test_a_penholder_never_settles_across_its_own_red_line():
    """The same penholder that concedes at consensus value 1 keeps monitoring when its red
    line is at 80."""
    got = first_settlement([*ASKING, *PEN_WANTS_MONITORING, "members.GBR.consensus_value=1.0",
                            "members.GBR.red_lines={human_rights: {min: 80}}"])
    assert got == {"human_rights": "monitoring"}


# Russia would veto the penholder's text (its red line keeps a robust mandate), not a rollover
DEADLOCK = [*RUSSIA_OPPOSED, "members.RUS.salience.mandate_scope=1.0", "members.RUS.veto_cost=0.1",
            "members.GBR.red_lines={mandate_scope: {min: 80}}"]


@pytest.mark.parametrize("seed", range(3))
def test_a_penholder_forces_a_veto_only_when_it_values_making_the_vetoer_pay(seed):
    """With a text it expects to be vetoed, the penholder puts it to the vote when it values
    making the vetoer pay in public (`forces_votes` 0.9) and seeks a technical rollover
    when it does not (0)."""
    russia = [*DEADLOCK, "members.RUS.lapse_value=0.3"]
    assert penholder.blue_or_rollover(opened([*russia, "members.GBR.forces_votes=0.9"], seed)) == "put_in_blue"
    assert penholder.blue_or_rollover(opened([*russia, "members.GBR.forces_votes=0"], seed)) == "seek_rollover"


@pytest.mark.parametrize("seed", range(3))
def test_a_penholder_does_not_seek_a_rollover_from_a_member_that_would_veto_it_too(seed):
    """The penholder that seeks a rollover from Russia when a lapse is worth 0.3 to it puts
    its own text to the vote when Russia wants the mission gone (a lapse worth 0.95): a
    rollover would be vetoed too."""
    pen = [*DEADLOCK, "members.GBR.forces_votes=0"]
    assert penholder.blue_or_rollover(opened([*pen, "members.RUS.lapse_value=0.3"], seed)) == "seek_rollover"
    assert penholder.blue_or_rollover(opened([*pen, "members.RUS.lapse_value=0.95"], seed)) == "put_in_blue"


def test_a_member_that_would_veto_tables_a_rival_when_the_contrast_on_record_is_worth_enough():
    """Russia expects to veto the penholder's text; its own draft is worth the chance the
    room adopts it times its gain over the reversion, plus `rival_value`: with the
    threshold between the two, it tables a rival when the contrast is worth 0.3, not 0."""
    # (rival_hope, rival_solidarity 0: the room weighs the rival against the reversion alone, so
    # that its chance, and so the contrast on record, decides; tests/test_rivals.py has the rest)
    russia = [*EXACT, *DEADLOCK, "members.RUS.lapse_value=0.3", "model.rival_threshold=0.6",
              "model.rival_hope=0", "model.rival_solidarity=0"]
    plain = opened([*russia, "model.rival_value=0.0"])
    keen = opened([*russia, "model.rival_value=0.3"])
    j = plain.council.index["RUS"]
    assert rivals.decide_rival(plain, j) is None
    text, why = rivals.decide_rival(keen, j)
    assert text != list(keen.draft) and why["why"] == "rival" and why["value"] > 0.6


# --- silence --------------------------------------------------------------------------------

def test_an_assertive_member_has_a_lower_threshold_for_breaking_silence():
    """The threshold for breaking silence falls with assertiveness (`common.assertive_scale`)."""
    def tau(assertiveness):
        st = opened([*EXACT, f"members.KEN.assertiveness={assertiveness}"])
        return silence.break_threshold(st, st.council.index["KEN"])

    assert tau(0.9) < tau(0.5) < tau(0.1)


def under_silence(overrides, seed=0):
    """The state once the zero draft (or its revision) is under silence."""
    s = Session(load_scenario(TEST_COUNCIL, [*EXACT, *overrides]), seed)
    while s.state.phase is not Phase.UNDER_SILENCE:
        s.step()
    return s.state


def test_a_member_that_broke_silence_before_has_a_higher_threshold_to_break_again():
    """`repeat_restraint`: each earlier silence a member broke raises its threshold."""
    st = under_silence([])
    j = st.council.index["KEN"]
    first = silence.public_break_threshold(st, j)
    st.silences_broken = {"KEN": 1}
    assert silence.public_break_threshold(st, j) > first


def test_a_pledge_on_a_paragraph_strikes_the_objection_to_it_under_silence():
    """A member lobbied into accepting the text of a paragraph (a pledge) does not break
    silence on it: its objection there no longer counts (`silence_objection`)."""
    kenya = ["members.KEN.positions.human_rights=10", "members.KEN.salience.human_rights=1.0",
             "members.GBR.red_lines={human_rights: {min: 80}}"]
    st = under_silence(kenya)
    j, hr = st.council.index["KEN"], st.council.issue_index["human_rights"]
    strength, _tau, weighed = silence.silence_objection(st, j)
    assert strength > 0 and weighed[0][1] == hr
    st.pledges = {("KEN", hr): st.draft[hr]}
    _strength, _tau, weighed = silence.silence_objection(st, j)
    assert all(i != hr for _o, i in weighed)


def test_a_break_the_public_threshold_cannot_explain_lowers_the_rooms_estimate_of_unity():
    """On reading a silence-break letter, the room infers a capital's firm instructions
    only when the objection is too weak to explain the break by the member's public
    threshold (`break_inference`): nothing for an objection well above it, a fall of the
    estimate of its unity that grows as the objection weakens."""
    st = under_silence([])
    j = st.council.index["KEN"]
    tau = silence.public_break_threshold(st, j)
    strong, weak, none = (silence.break_inference(st, j, x) for x in (2 * tau, tau / 2, 0.0))
    assert strong == 0.0
    assert none < weak < 0.0
    # where capitals' instructions do not move what delegations voice, a break says nothing of them
    st = under_silence(["model.firmness=0"])
    assert silence.break_inference(st, j, 0.0) == 0.0


# Russia would veto the penholder's text and keeps to its veto (no rival draft)
VETOING = [*DEADLOCK, "members.RUS.lapse_value=0.3", "model.rival_threshold=10"]


def test_a_member_threatens_the_ballot_it_would_cast():
    """Under silence Russia threatens a veto when a veto is cheap for it, and only an
    abstention when it is dear (`decide_threat`): the threat follows its ballot."""
    for cost, threat in (("0.05", "veto"), ("0.9", "abstain")):
        st = under_silence([*VETOING, f"members.RUS.veto_cost={cost}"])
        assert silence.decide_threat(st, st.council.index["RUS"]) == threat, cost


def test_a_threat_is_voiced_in_a_bilateral_with_the_chance_bilateral_threat():
    """In a bilateral the member voices its threat when the draw falls below
    `bilateral_threat`: always at 1, never at 0; it restates its paragraphs either way."""
    for chance, threat in (("1.0", "veto"), ("0.0", None)):
        st = under_silence([*VETOING, "members.RUS.veto_cost=0.05", f"model.bilateral_threat={chance}"])
        requests, got = silence.decide_bilateral(st, st.council.index["RUS"], Draws(0.5))
        assert got == threat and requests, chance


def test_group_discipline_pulls_a_members_satisfaction_toward_its_groups():
    """Kenya wants neither paragraph (the text satisfies it at 0.1); Ghana and Gabon,
    in a group with it, like the text: with discipline 0.8 Kenya weighs the text nearer
    their satisfaction, with 0 by its own. The pull is toward the group's mean, never past
    it (`group_pull` 0.5: discipline x 0.5 of the way)."""
    for discipline, pulled in (("0.0", False), ("0.8", True)):
        st = opened([*EXACT, *KENYA_OPPOSED, "model.group_pull=0.5",
                     f"groups={{A3: {{members: [GHA, KEN, GAB], discipline: {discipline}}}}}"])
        c, j = st.council, st.council.index["KEN"]
        draft = tuple(st.draft)
        own = c.satisfaction(j, draft)
        mean = sum(c.satisfaction(k, draft) for k in c.group_members["A3"]) / 3
        got = ballots.group_satisfaction(c, j, draft)
        assert (got > own + 0.1) is pulled and got < mean, discipline
