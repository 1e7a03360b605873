"""Issue 8 §4 (review gap 1): explanations of vote after every vote, a technical rollover
included. When a rollover fails with days to go, the members explain their votes, the
host speaks, and only then do the talks go on (a new expert round); the procedure table,
the session, replay --verify, the transcript, the debriefs and the class report all see it.
Also: no empty written comments (a member asking again for what its pending amendment
already asks), and after a rollover the final text is the mandate rolled over."""

from __future__ import annotations

import re

import pytest

from game.procedure import Phase
from game.replay import verify
from game.scenario import load_scenario
from game.session import Session

from .conftest import TEST_COUNCIL, play_outside
from .test_outcomes import DEADLOCK

# the test Council deadlocked (tests/test_outcomes.py), and Russia would rather see the
# mission lapse than rolled over (lapse_value 1.0), a veto costing it nothing
FAILED_ROLLOVER = [*DEADLOCK, "members.RUS.lapse_value=1.0", "members.RUS.veto_cost=0.0"]


def _play_uk(seed: int, rollovers: int = 1, settle: bool = False) -> Session:
    return uk_seeking_rollover(load_scenario(TEST_COUNCIL, FAILED_ROLLOVER), seed, rollovers, settle)


def uk_seeking_rollover(sc, seed: int, rollovers: int = 1, settle: bool = False) -> Session:
    """The United Kingdom, played from outside, leaves the amendments unsettled (unless
    `settle`), seeks a rollover at its first `rollovers` turns to revise, then puts its text
    in blue; it votes yes and yields the floor."""
    sought = 0

    def revise(s):
        nonlocal sought
        if settle and s.state.open:
            s.decide_amendments("GBR", {a.id: "rejected" for a in s.state.open.values()})
        if sought < rollovers and s.may("seek_rollover", "GBR"):
            s.seek_rollover("GBR")
            sought += 1
        elif s.may("put_in_blue", "GBR"):
            s.put_in_blue("GBR")
        else:
            s.open_expert_round("GBR")

    return play_outside(sc, seed, "GBR", revise)


def _failed_rollover(s: Session) -> int:
    """The index in the log of the result of the first rollover that failed with days to go."""
    for k, e in enumerate(s.log):
        if e.kind == "declare_result" and s.log[k - 1].kind in ("cast_vote", "end_turn"):
            votes = [v for v in s.state.votes if v.on == "rollover"]
            if votes and votes[0].result.value != "adopted":
                return k
    raise AssertionError("no failed rollover")


@pytest.fixture(scope="module")
def failed():
    return _play_uk(1)


def test_the_procedure_has_explanations_between_a_failed_rollover_and_the_talks():
    from game.procedure import PROCEDURE, Procedure

    rows = [(r.trigger, r.dest) for r in PROCEDURE if Phase.ROLLOVER_VOTE in r.source and r.dest is not None]
    assert ("declare_result", Phase.EXPERT_ROUND) not in rows  # (no straight back to the talks)
    assert ("declare_result", Phase.ROLLOVER_FAILED) in rows
    p = Procedure().reset("GBR", ["GBR", "RUS", "CHN"], ["GBR", "RUS"], "RUR")
    p.machine.set_state(Phase.ROLLOVER_FAILED)
    assert p.may("explain_vote", "RUS") and p.may("explain_vote", "RUR")  # members and the host
    assert not p.may("propose_amendments", "RUS")  # the talks resume only after the explanations
    assert not p.may("open_expert_round", "RUS")
    assert p.fire("open_expert_round") is Phase.EXPERT_ROUND


def test_after_a_failed_rollover_members_explain_the_host_speaks_then_the_talks_go_on(failed):
    s = failed
    k = _failed_rollover(s)
    rollover = s.state.votes[0]
    assert rollover.on == "rollover" and rollover.result.value == "vetoed"
    after = []
    for e in s.log[k + 1:]:
        after.append(e)
        if e.kind == "open_expert_round":
            break
    kinds = [e.kind for e in after]
    assert kinds[-1] == "open_expert_round"
    assert set(kinds[:-1]) <= {"explain_vote", "end_turn"}
    speeches = [e for e in after if e.kind == "explain_vote"]
    host = s.scenario.host.id
    assert speeches[-1].actor == host and speeches[-1].data["host"]  # the host after the members
    members = [e.actor for e in speeches[:-1]]
    # those who voted no or abstained explain, as after any vote
    assert {m for m, b in rollover.ballots.items() if b.value != "yes"} <= set(members)
    assert all(e.data.get("on") == "rollover" and e.data.get("result") == "vetoed" for e in speeches)
    # the negotiation went on to a vote on the text (the mandate did not lapse straight away)
    assert s.state.votes[-1].on == "text"
    # the explanations the state keeps (compared with the record's) are the final vote's
    final = [e.actor for e in s.log[s.log.index(next(e for e in reversed(s.log) if e.kind == "declare_result")):]
             if e.kind == "explain_vote"]
    assert [a for a, _d in s.state.explanations] == final
    # the log replays and verifies
    result = verify(s.header(), s.log)
    assert result.ok, result.message


def test_the_transcript_narrates_the_explanations_and_the_host_after_a_failed_rollover(failed):
    from game.narrate import transcript

    lines = transcript(failed.scenario, failed.log)
    k = next(i for i, ln in enumerate(lines) if "technical rollover is not adopted" in ln)
    nxt = next(i for i, ln in enumerate(lines) if "convenes expert round" in ln and i > k)
    between = "\n".join(lines[k:nxt])
    assert "Explanation of vote by the Russian Federation" in between
    assert re.search(r"(voted against|could not vote for) the technical rollover", between)
    assert "Statement by the host country, Ruritania" in between
    assert "could not agree even on a technical rollover" in between


def test_no_member_sends_empty_comments(failed):
    """A member whose amendment is still pending (the penholder left it unsettled) and
    asks for the same text again sent comments with nothing in them ("sends comments: ")."""
    from game.narrate import transcript

    assert not [e.seq for e in failed.log if e.kind == "propose_amendments"
                and not e.data.get("amendments") and not e.data.get("backs")]
    assert not [ln for ln in transcript(failed.scenario, failed.log) if ln.rstrip().endswith("sends comments:")]


@pytest.mark.parametrize("seed", [0, 2])
def test_an_outside_penholder_that_never_settles_leaves_no_empty_comments(seed):
    """The same without a rollover: the penholder opens round after round with the
    amendments pending (this gave ~20 empty comments a run)."""
    s = play_outside(load_scenario(TEST_COUNCIL, DEADLOCK[:3]), seed, "GBR", lambda s: s.open_expert_round("GBR"))
    comments = [e for e in s.log if e.kind == "propose_amendments"]
    assert comments  # (Russia asks)
    assert all(e.data.get("amendments") or e.data.get("backs") for e in comments)
    assert verify(s.header(), s.log).ok


def test_a_failed_rollover_then_a_lapse_is_not_explained_twice():
    """Rollover after rollover: each vote is explained once (a mandate that expires after
    the explanations has no vote left to explain)."""
    s = _play_uk(1, rollovers=99)
    speeches = [e for e in s.log if e.kind == "explain_vote"]
    host = [e for e in speeches if e.actor == s.scenario.host.id]
    rollovers = [e for e in s.log if e.kind == "seek_rollover"]
    assert len(rollovers) >= 2
    assert len(host) == len(s.state.votes)  # the host once after each vote
    assert verify(s.header(), s.log).ok


def test_after_a_rollover_the_final_text_is_the_mandate_rolled_over(capsys):
    """Agents only: the penholder that will not force a veto seeks a rollover, which
    carries; the final text is the status quo extended, not the draft never voted."""
    from game import cli
    from game.narrate import Narrator

    sets = [*DEADLOCK, "members.RUS.lapse_value=0.3", "members.RUS.veto_cost=0.1", "members.GBR.forces_votes=0"]
    sc = load_scenario(TEST_COUNCIL, sets)
    seed = next(k for k in range(12) if Session(sc, k).run().state.outcome.value == "rollover")
    st = Session(sc, seed).run().state
    assert st.draft_ids() == dict(sc.status_quo)
    assert st.draft_ids() != st.draft_ids(st.drafts[-1])  # (the last draft circulated differs)
    args = ["run", "--seed", str(seed), "--scenario", str(TEST_COUNCIL)]
    for x in sets:
        args += ["--set", x]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    final = out.split("Final text")[1].split("\n\n")[0]
    assert "rolled over" in final.splitlines()[0]
    n = Narrator(sc)
    for issue, variant in sc.status_quo.items():
        assert f"{n.para(issue):<30} {n.label(issue, variant)}" in final, final


def test_the_debriefs_show_the_explanations_after_the_failed_rollover(failed, tmp_path):
    from game.debrief import class_report_html, debrief_html
    from game.debrief.facts import read_session

    html = debrief_html(failed.header(), failed.log, runs=0)
    eov = html.split('id="eov"')[1].split("</section>")[0]
    assert "After the vote on the technical rollover (vetoed)" in eov
    assert "could not agree even on a technical rollover" in eov
    assert "After the vote on the draft resolution (vetoed)" in eov
    assert eov.index("technical rollover (vetoed)") < eov.index("draft resolution (vetoed)")
    vote = html.split('id="vote"')[1].split("</section>")[0]
    assert "First, a vote on the technical rollover" in vote and "14-1-0" in vote
    f = read_session(failed.header(), failed.log)
    cls = class_report_html([("g1", f), ("g2", f)], runs=0)
    row = cls.split("Explanations of vote")[1].split("</tr>")[0]
    # each vote's speakers, named (the record's explanations are the final vote's)
    assert row.count("the technical rollover: RUS") == 2 and row.count("; the draft resolution: ") == 2


def test_agents_alone_explain_a_failed_rollover_before_the_talks_go_on():
    """No seat played from outside: Russia (lapse value 0.7, a veto costs it nothing)
    vetoes the rollover the penholder seeks in some runs; each such run explains that
    vote, the host speaks, then the penholder convenes another round."""
    sc = load_scenario(TEST_COUNCIL, [*DEADLOCK, "members.RUS.lapse_value=0.7", "members.RUS.veto_cost=0.0",
                                      "members.GBR.forces_votes=0"])
    found = 0
    for seed in range(12):
        s = Session(sc, seed).run()
        votes = s.state.votes
        if not (len(votes) > 1 and votes[0].on == "rollover" and votes[0].result.value != "adopted"):
            continue
        found += 1
        k = next(i for i, e in enumerate(s.log) if e.kind == "declare_result")
        talks = next(i for i in range(k, len(s.log)) if s.log[i].kind == "open_expert_round")
        between = s.log[k + 1:talks]
        assert between and all(e.kind == "explain_vote" for e in between)
        assert between[-1].actor == sc.host.id and between[-1].data["host"]
        assert {m for m, b in votes[0].ballots.items() if b.value != "yes"} <= {e.actor for e in between}
        assert verify(s.header(), s.log).ok
    assert found, "no run of the twelve had a failed rollover with days to go"
