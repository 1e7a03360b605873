"""A Hypothesis stateful test: random legal command sequences, every seat played from
outside, and the invariants that must always hold.

- an adopted text always had at least nine yes and no permanent member's no;
- the log replays (apply only, no dice) to the same state;
- event sequence numbers strictly increase and time never runs backwards;
- an illegal command changes nothing.
"""

import contextlib

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from game.procedure import Phase
from game.rules import Ballot, count_ballots, vetoing_members
from game.scenario import load_scenario
from game.session import CommandError, Session
from game.state import State, apply

from .conftest import TEST_COUNCIL

SCENARIO = load_scenario(TEST_COUNCIL)
MEMBERS = sorted(SCENARIO.members)
PERMANENT = [m for m in MEMBERS if SCENARIO.members[m].permanent]
ISSUES = {i.id: [v.id for v in i.variants] for i in SCENARIO.issues}
NEXT_STEPS = ("open_expert_round", "place_under_silence", "put_in_blue", "hold_bilaterals", "seek_rollover")


class Negotiation(RuleBasedStateMachine):
    @initialize(seed=st.integers(0, 2**32 - 1))
    def start(self, seed):
        self.s = Session(SCENARIO, seed, outside=MEMBERS)
        self.s.advance()

    @property
    def turn(self):
        return self.s.pending

    def _after(self):
        self.s.advance()

    @precondition(lambda self: self.turn is not None and self.turn.kind == "amend")
    @rule(data=st.data())
    def table_amendments(self, data):
        m = self.turn.member
        issue = data.draw(st.sampled_from(sorted(ISSUES)))
        variant = data.draw(st.sampled_from(ISSUES[issue]))
        with contextlib.suppress(CommandError):  # e.g. the draft already reads that
            self.s.propose_amendments(m, {issue: variant})
        if data.draw(st.booleans()):
            target = data.draw(st.sampled_from([x for x in MEMBERS if x != m]))
            self.s.seek_support(m, target, issue, variant)
        if data.draw(st.integers(0, 7)) == 0:  # now and then, a rival draft of its own
            text = {i: data.draw(st.sampled_from(vs)) for i, vs in sorted(ISSUES.items())}
            with contextlib.suppress(CommandError):  # (one per member; not the penholder's text)
                self.s.table_rival_draft(m, text)
        self.s.end_turn(m)
        self._after()

    @precondition(lambda self: self.turn is not None and self.turn.kind == "revise")
    @rule(data=st.data())
    def penholder_decides(self, data):
        m = self.turn.member
        st_ = self.s.state
        decisions = {}
        chosen_issue: dict[int, str] = {}
        for a in st_.pending_amendments():
            if a.issue in chosen_issue:
                decisions[a.id] = chosen_issue[a.issue]
                continue
            if data.draw(st.booleans()):
                v = data.draw(st.sampled_from(st_.council.issues[a.issue].variant_ids))
                chosen_issue[a.issue] = v
                decisions[a.id] = v
        if decisions:
            self.s.decide_amendments(m, decisions)
        if st_.working != st_.draft and data.draw(st.booleans()):
            self.s.circulate_revision(m)
        allowed = [x for x in NEXT_STEPS if self.s.may(x, m)]
        allowed += [x for x in ("put_in_blue", "place_under_silence") if x in allowed] * 2  # reach votes
        step = data.draw(st.sampled_from(allowed))
        getattr(self.s, step)(m)
        self._after()

    @precondition(lambda self: self.turn is not None and self.turn.kind == "silence")
    @rule(data=st.data())
    def silence(self, data):
        m = self.turn.member
        if data.draw(st.booleans()):
            issue = data.draw(st.sampled_from(sorted(ISSUES)))
            variant = data.draw(st.sampled_from(ISSUES[issue]))
            self.s.break_silence(m, {issue: variant})
        else:
            self.s.end_turn(m)
        self._after()

    @precondition(lambda self: self.turn is not None and self.turn.kind == "vote")
    @rule(ballot=st.sampled_from(["yes", "yes", "yes", "no", "abstain"]))
    def vote(self, ballot):
        self.s.cast_vote(self.turn.member, ballot)
        self._after()

    @precondition(lambda self: self.turn is not None and self.turn.kind == "explain")
    @rule(speak=st.booleans())
    def explain(self, speak):
        m = self.turn.member
        if speak:
            self.s.explain_vote(m, "We explain our vote.")
        else:
            self.s.end_turn(m)
        self._after()

    @rule(data=st.data())
    def illegal_command_changes_nothing(self, data):
        """A command from a seat whose turn it is not, or a step the procedure forbids."""
        before = len(self.s.log)
        m = data.draw(st.sampled_from(MEMBERS))
        cmd = data.draw(st.sampled_from(["cast_vote", "place_under_silence", "put_in_blue", "break_silence"]))
        try:
            if cmd == "cast_vote":
                self.s.cast_vote(m, "maybe")
            elif cmd == "break_silence":
                self.s.break_silence(m, {})
            else:
                getattr(self.s, cmd)(m if m != SCENARIO.penholder else "USA")
        except CommandError:
            pass
        assert len(self.s.log) == before

    @invariant()
    def adopted_means_nine_yes_and_no_veto(self):
        st_ = self.s.state
        event(f"phase {st_.phase.value}")  # --hypothesis-show-statistics: which phases are reached
        if st_.phase is Phase.ADOPTED:
            assert count_ballots(st_.ballots).yes >= 9
            assert not vetoing_members(st_.ballots, PERMANENT)
        if st_.phase is Phase.VETOED:  # (this vote, or an earlier one of a meeting with rival drafts)
            assert any(st_.ballots.get(p) == Ballot.NO for p in PERMANENT) or any(
                v.result.value == "vetoed" for v in st_.votes)
            if st_.rivals:
                event("a vetoed meeting with rival drafts")
        if len(st_.votes) > 1:
            event("several votes in one meeting")

    @invariant()
    def seq_increases_and_time_runs_forward(self):
        log = self.s.log
        assert all(b.seq == a.seq + 1 for a, b in zip(log, log[1:], strict=False))
        assert all(a.t <= b.t for a, b in zip(log, log[1:], strict=False))

    @invariant()
    def log_replays_to_the_same_state(self):
        st_ = State(SCENARIO)
        for ev in self.s.log:
            apply(st_, ev)
        live = self.s.state
        assert st_.phase is live.phase
        assert st_.draft == live.draft and st_.working == live.working
        assert st_.ballots == live.ballots
        assert [x.breakers for x in st_.silences] == [x.breakers for x in live.silences]
        assert [(a.id, a.status) for a in st_.amendments] == [(a.id, a.status) for a in live.amendments]


Negotiation.TestCase.settings = settings(
    max_examples=40, stateful_step_count=120, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestNegotiation = Negotiation.TestCase
