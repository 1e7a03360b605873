"""The Charter and the practice, one test per case (see game/rules.py, game/procedure.py).

Each docstring quotes the case from ../shared/BRIEF.md §1-2 (UN Charter Art. 27(3);
Security Council practice)."""

import pytest

from game import rules
from game.procedure import Phase, Procedure, ProcedureError
from game.rules import Ballot, Outcome, count_ballots, is_adopted, is_vetoed, vote_outcome

P5 = ["CHN", "FRA", "RUS", "GBR", "USA"]
E10 = ["EST", "IND", "IRL", "KEN", "MEX", "NER", "NOR", "VCT", "TUN", "VNM"]
Y, N, A = Ballot.YES, Ballot.NO, Ballot.ABSTAIN


def ballots(yes=(), no=(), abstain=()):
    out = {m: Y for m in yes}
    out.update({m: N for m in no})
    out.update({m: A for m in abstain})
    return out


def test_nine_yes_and_no_permanent_no_adopts():
    """"Substantive decisions need 9 affirmative votes and no negative vote of a permanent
    member (UN Charter Art. 27(3))." - 9 yes, 6 abstentions including two P5: adopted."""
    b = ballots(yes=["FRA", "GBR", "USA", *E10[:6]], abstain=["CHN", "RUS", *E10[6:]])
    assert count_ballots(b).yes == 9
    assert vote_outcome(b, P5) is Outcome.ADOPTED


def test_fifteen_nil_nil_adopts():
    """"Tue 29 June adopted 15-0-0" (resolution 2584): unanimity adopts."""
    b = ballots(yes=P5 + E10)
    assert str(count_ballots(b)) == "15-0-0"
    assert is_adopted(b, P5)


def test_fourteen_one_zero_with_a_permanent_no_fails():
    """"A P5 'no' is a veto even at 14-1-0.\""""
    b = ballots(yes=[m for m in P5 + E10 if m != "RUS"], no=["RUS"])
    assert str(count_ballots(b)) == "14-1-0"
    assert not is_adopted(b, P5)
    assert vote_outcome(b, P5) is Outcome.VETOED


def test_twelve_two_one_with_a_permanent_no_is_vetoed():
    """"e.g. S/2021/990, 12-2-1, not adopted" (a permanent member voted no)."""
    yes = ["CHN", "FRA", "GBR", "USA", *(m for m in E10 if m not in ("IND", "VNM"))]
    b = ballots(yes=yes, no=["RUS", "IND"], abstain=["VNM"])
    assert str(count_ballots(b)) == "12-2-1"
    assert vote_outcome(b, P5) is Outcome.VETOED


def test_permanent_abstention_is_not_a_veto():
    """"A P5 abstention is not a veto (consistent practice, upheld in the ICJ Namibia
    opinion, 1971).\""""
    b = ballots(yes=[m for m in P5 + E10 if m not in ("CHN", "RUS")], abstain=["CHN", "RUS"])
    assert not is_vetoed(b, P5)
    assert vote_outcome(b, P5) is Outcome.ADOPTED


def test_eight_yes_fails():
    """Nine affirmative votes are required: 8 yes and 7 abstentions is not adopted."""
    b = ballots(yes=P5 + E10[:3], abstain=E10[3:])
    assert count_ballots(b).yes == 8
    assert vote_outcome(b, P5) is Outcome.NOT_ADOPTED


def test_elected_members_no_votes_are_not_vetoes():
    """Only a permanent member's negative vote is a veto: 9-6-0 with elected members'
    no votes adopts."""
    b = ballots(yes=P5 + E10[:4], no=E10[4:])
    assert vote_outcome(b, P5) is Outcome.ADOPTED


def test_absent_member_is_neither_yes_nor_veto():
    """A ballot is yes / no / abstain "(or not participating)": a permanent member that
    does not participate does not veto."""
    b = ballots(yes=[m for m in P5 + E10 if m != "CHN"])
    assert str(count_ballots(b)) == "14-0-0"
    assert vote_outcome(b, P5) is Outcome.ADOPTED


def test_too_few_yes_with_a_permanent_no_is_not_adopted_rather_than_vetoed():
    """A draft that fails to get nine votes is recorded as not adopted even if a permanent
    member also voted no (the veto list counts drafts that would otherwise have passed)."""
    b = ballots(yes=["FRA", "GBR", "USA", *E10[:4]], no=["RUS"], abstain=["CHN", *E10[4:]])
    assert vote_outcome(b, P5) is Outcome.NOT_ADOPTED


# --- practice, as the procedure's table enforces it -------------------------------------------

@pytest.fixture
def proc():
    return Procedure().reset("FRA", P5 + E10, P5, "MLI")


def _to(proc, *steps):
    for trigger, actor in steps:
        proc.check(trigger, actor)
        proc.fire(trigger, ballots={})
    return proc


def test_a_tally_is_what_the_frozen_dataclass_was():
    """`Tally`, written out as an extension type: built by keyword or position, equal and
    hashed by its three fields, its repr and str, picklable, its fields not to be set."""
    import pickle

    t = rules.Tally(yes=9, no=2, abstain=4)
    assert t == rules.Tally(9, 2, 4) and (t != rules.Tally(9, 2, 4)) is False and t != rules.Tally(9, 2, 3)
    assert hash(t) == hash(rules.Tally(9, 2, 4)) and t != (9, 2, 4)
    assert repr(t) == "Tally(yes=9, no=2, abstain=4)" and str(t) == "9-2-4"
    assert pickle.loads(pickle.dumps(t)) == t
    assert count_ballots({"A": Ballot.YES, "B": Ballot.NO, "C": "abstain", "D": "yes"}) == rules.Tally(2, 1, 1)
    with pytest.raises(AttributeError):
        t.yes = 3
    with pytest.raises(AttributeError):
        del t.no


def test_only_the_penholder_places_a_text_under_silence(proc):
    """"Penholder - drafts, chairs expert talks, decides when to put the text under
    silence and in blue.\""""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"))
    with pytest.raises(ProcedureError, match="only the penholder"):
        proc.check("place_under_silence", "USA")
    assert proc.may("place_under_silence", "FRA")


def test_only_the_penholder_puts_a_text_in_blue(proc):
    """Only the penholder puts the text in blue, even after silence has held."""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"),
        ("place_under_silence", "FRA"), ("silence_holds", None))
    assert proc.phase is Phase.AGREED
    assert not proc.may("put_in_blue", "CHN")
    assert proc.may("put_in_blue", "FRA")


def test_no_vote_before_a_text_is_in_blue(proc):
    """"In blue - the final text, formally circulated, usually the day before the vote":
    the vote cannot be called on a text under silence."""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"), ("place_under_silence", "FRA"))
    with pytest.raises(ProcedureError):
        proc.check("call_vote", None)
    with pytest.raises(ProcedureError):
        proc.check("cast_vote", "USA")


def test_breaking_silence_needs_a_text_under_silence(proc):
    """"Breaking silence = a member sends written objections or edits before the deadline"
    of a silence procedure; there is no silence to break during an expert round."""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"))
    with pytest.raises(ProcedureError):
        proc.check("break_silence", "USA")


def test_the_penholder_does_not_break_its_own_silence(proc):
    """The penholder places the text under silence; objections come from the others."""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"), ("place_under_silence", "FRA"))
    with pytest.raises(ProcedureError):
        proc.check("break_silence", "FRA")
    proc.check("break_silence", "CHN")


def test_after_a_broken_silence_the_penholder_may_go_to_blue_anyway(proc):
    """"Then the penholder (a) revises and puts a new silence, (b) talks bilaterally, or (c)
    puts the text in blue anyway.\""""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"),
        ("place_under_silence", "FRA"), ("break_silence", "USA"))
    assert proc.phase is Phase.SILENCE_BROKEN
    for step in ("place_under_silence", "hold_bilaterals", "put_in_blue"):
        assert proc.may(step, "FRA"), step


def test_others_may_break_a_silence_already_broken(proc):
    """"Thu 24 June under silence - broken by the US, then the UK, China, India and Russia.\""""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"),
        ("place_under_silence", "FRA"), ("break_silence", "USA"))
    for m in ("GBR", "CHN", "IND", "RUS"):
        proc.check("break_silence", m)
        assert proc.fire("break_silence") is Phase.SILENCE_BROKEN


def test_declared_result_follows_article_27(proc):
    """The machine's result rows are Art. 27(3): a P5 no at 14-1-0 leads to VETOED."""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"),
        ("place_under_silence", "FRA"), ("silence_holds", None), ("put_in_blue", "FRA"), ("call_vote", None))
    b = ballots(yes=[m for m in P5 + E10 if m != "RUS"], no=["RUS"])
    assert proc.fire("declare_result", ballots=b) is Phase.VETOED


def test_rollover_only_before_a_text_is_in_blue(proc):
    """"Technical rollover - when talks reach an impasse before the mandate expires": it
    replaces a negotiated text, so it is sought before one is in blue."""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"))
    assert proc.may("seek_rollover", "FRA")
    _to(proc, ("place_under_silence", "FRA"), ("silence_holds", None), ("put_in_blue", "FRA"))
    assert not proc.may("seek_rollover", "FRA")


def test_a_rollover_is_put_in_blue_and_voted_like_any_text(proc):
    """"A short resolution extends the unaltered mandate": the penholder tables it, it is
    put in blue and the Council votes on it (nine yes and no veto)."""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"), ("seek_rollover", "FRA"))
    assert proc.phase is Phase.ROLLOVER_IN_BLUE
    assert not proc.may("cast_vote", "IND")  # no vote on a text before the meeting
    _to(proc, ("call_vote", None))
    assert proc.phase is Phase.ROLLOVER_VOTE
    assert proc.fire("declare_result", ballots=ballots(yes=P5 + E10[:4], abstain=E10[4:]),
                     time_left=0) is Phase.ROLLED_OVER


def test_a_failed_rollover_on_the_last_day_means_the_mandate_lapses(proc):
    """"Failing even that, the mandate lapses.\""""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"), ("seek_rollover", "FRA"),
        ("call_vote", None))
    b = ballots(yes=P5[:4] + E10[:4], no=["USA"], abstain=E10[4:])
    assert proc.fire("declare_result", ballots=b, time_left=rules.RETRY_AFTER_FAILED_ROLLOVER - 1) \
        is Phase.LAPSED


def test_a_failed_rollover_with_days_to_go_is_not_the_end(proc):
    """A failed rollover does not end the talks while days remain before the expiry: the
    mandate lapses only when it expires. It is explained like any vote first (issue 8 §4):
    the talks go on once the penholder convenes another round."""
    _to(proc, ("hold_read_through", None), ("open_expert_round", "FRA"), ("seek_rollover", "FRA"),
        ("call_vote", None))
    b = ballots(yes=P5[:4] + E10[:4], no=["USA"], abstain=E10[4:])
    assert proc.fire("declare_result", ballots=b, time_left=3 * 24 * 60) is Phase.ROLLOVER_FAILED
    assert proc.may("explain_vote", "USA") and not proc.may("propose_amendments", "IND")
    _to(proc, ("open_expert_round", "FRA"))
    assert proc.phase is Phase.EXPERT_ROUND


def test_amendments_only_in_expert_talks(proc):
    """Delegations table written amendments in the read-through and expert rounds, not
    once the text is in blue ("Changes after blue are rare")."""
    _to(proc, ("hold_read_through", None))
    proc.check("propose_amendments", "IND")
    _to(proc, ("open_expert_round", "FRA"), ("place_under_silence", "FRA"), ("silence_holds", None),
        ("put_in_blue", "FRA"))
    with pytest.raises(ProcedureError):
        proc.check("propose_amendments", "IND")


def test_the_time_a_silence_and_a_round_need_are_named_calendar_rules(minusma):
    """Issue 8, section 7: the schedule's magic numbers (`+180`) become named calendar rules.
    The penholder's "is there time for a silence?" is the least time for which
    `silence_hours` still finds room for the shortest silence; a round needs a round, a
    full silence and the same margin before blue and the vote."""
    cal = minusma.calendar
    need = rules.silence_need_minutes(cal)
    room = (need - rules.vote_need_minutes(cal)) // 60 - rules.AFTER_SILENCE_HOURS
    assert room == rules.SHORTEST_SILENCE_HOURS
    assert (need - 60 - rules.vote_need_minutes(cal)) // 60 - rules.AFTER_SILENCE_HOURS < room
    assert rules.round_need_minutes(cal) - need == (
        (cal.round_days * 24 + cal.silence_hours - rules.SHORTEST_SILENCE_HOURS) * 60)
