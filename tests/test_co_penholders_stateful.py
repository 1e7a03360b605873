"""A Hypothesis stateful test of co-penholders: random legal command sequences on the
co-penholder test Council (tests/scenarios/co_pen.yaml), with either the co-penholders
played from outside (the lead an agent) or the lead played from outside (its co-penholders
agents); every other seat from outside too. Invariants: co-penholders never table
amendments or break silence, the log replays (apply only) to the same state, and at the end
the log verifies (a fresh run from the header with the recorded outside decisions)."""

import contextlib

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from game import rules
from game.replay import verify
from game.scenario import load_scenario
from game.session import CommandError, Session
from game.state import State, apply

from .conftest import ROOT

SCENARIO = load_scenario(ROOT / "tests" / "scenarios" / "co_pen.yaml")
MEMBERS = sorted(SCENARIO.members)
PENS = (SCENARIO.penholder, *SCENARIO.co_penholders)
ISSUES = {i.id: [v.id for v in i.variants] for i in SCENARIO.issues}


class CoPenNegotiation(RuleBasedStateMachine):
    @initialize(seed=st.integers(0, 2**32 - 1), lead_outside=st.booleans())
    def start(self, seed, lead_outside):
        skip = set(SCENARIO.co_penholders) if lead_outside else {SCENARIO.penholder}
        self.s = Session(SCENARIO, seed, outside=[m for m in MEMBERS if m not in skip])
        self.s.advance()

    @property
    def turn(self):
        return self.s.pending

    def _kind(kind):  # noqa: N805 - a precondition factory
        return precondition(lambda self: self.turn is not None and self.turn.kind == kind)

    @_kind("amend")
    @rule(data=st.data())
    def table(self, data):
        m = self.turn.member
        issue = data.draw(st.sampled_from(sorted(ISSUES)))
        with contextlib.suppress(CommandError):
            self.s.propose_amendments(m, {issue: data.draw(st.sampled_from(ISSUES[issue]))})
        self.s.end_turn(m)
        self.s.advance()

    @_kind("revise")
    @rule(data=st.data())
    def lead(self, data):
        m = self.turn.member
        st_ = self.s.state
        chosen: dict[int, str] = {}
        decisions = {}
        for a in st_.pending_amendments():
            if a.issue not in chosen:
                chosen[a.issue] = data.draw(st.sampled_from(st_.council.issues[a.issue].variant_ids))
            decisions[a.id] = chosen[a.issue]
        if decisions:
            self.s.decide_amendments(m, decisions)
        if st_.working != st_.draft:
            self.s.circulate_revision(m)
        allowed = [x for x in rules.NEXT_STEPS_BY_CAUTION if self.s.may(x, m)]
        getattr(self.s, data.draw(st.sampled_from(allowed + ["put_in_blue"] * ("put_in_blue" in allowed))))(m)
        self.s.advance()

    @_kind("co_revision")
    @rule(data=st.data())
    def co_revision(self, data):
        m = self.turn.member
        c = self.s.state.council
        objections = {c.issues[i].id: None for i in sorted(self.s.proposal) if data.draw(st.booleans())}
        self.s.co_pen_revision(m, objections)
        self.s.advance()

    @_kind("co_step")
    @rule(data=st.data())
    def co_step(self, data):
        order = rules.NEXT_STEPS_BY_CAUTION
        proposed = self.s.proposed_step
        options = [None] + [t for t in order[:order.index(proposed)]
                            if self.s.state.procedure.may(t, SCENARIO.penholder)]
        self.s.co_pen_step(self.turn.member, data.draw(st.sampled_from(options)))
        self.s.advance()

    @_kind("silence")
    @rule(data=st.data())
    def silence(self, data):
        m = self.turn.member
        if data.draw(st.booleans()):
            issue = data.draw(st.sampled_from(sorted(ISSUES)))
            self.s.break_silence(m, {issue: data.draw(st.sampled_from(ISSUES[issue]))})
        else:
            self.s.end_turn(m)
        self.s.advance()

    @_kind("vote")
    @rule(ballot=st.sampled_from(["yes", "yes", "abstain"]))
    def vote(self, ballot):
        self.s.cast_vote(self.turn.member, ballot)
        self.s.advance()

    @_kind("explain")
    @rule()
    def explain(self):
        self.s.end_turn(self.turn.member)
        self.s.advance()

    @rule()
    def wait(self):
        """(Always possible: the session goes on, or has ended.)"""
        self.s.advance()

    @invariant()
    def the_pen_holders_neither_amend_nor_break_silence(self):
        assert not any(e.kind in ("propose_amendments", "break_silence") and e.actor in SCENARIO.co_penholders
                       for e in self.s.log)

    @invariant()
    def log_replays_to_the_same_state(self):
        st_ = State(SCENARIO)
        for ev in self.s.log:
            apply(st_, ev)
        live = self.s.state
        assert st_.phase is live.phase and st_.draft == live.draft and st_.working == live.working
        assert [(a.id, a.status, a.settled_on) for a in st_.amendments] == \
            [(a.id, a.status, a.settled_on) for a in live.amendments]

    def teardown(self):
        if getattr(self, "s", None) is not None:
            header, log = self.s.header(), list(self.s.log)
            result = verify(header, log)
            assert result.ok, result.message


CoPenNegotiation.TestCase.settings = settings(
    max_examples=15, stateful_step_count=80, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestCoPenNegotiation = CoPenNegotiation.TestCase
