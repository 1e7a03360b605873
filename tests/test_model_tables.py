"""The Council's precomputed tables and the model's fast paths give exactly (bit for bit)
what their definitions say, at every turn of real negotiations."""

import itertools

import pytest

from game.model import common
from game.session import Session

from .conftest import agent_turns


def _turns(scenario, seeds):
    """The state after every turn of AI-only negotiations of these seeds."""
    return (s.state for s in agent_turns(scenario, seeds))


def _objections(c, m, draft, effective=True):
    """(objection, issue) by the definition: how much better m's best variant would be,
    plus red_line_weight across a red line; strongest first."""
    table = c.eff_loss[m] if effective else c.loss[m]
    out = []
    for i, v in enumerate(draft):
        o = table[i][v] - min(table[i])
        if c.red[m][i][v]:
            o += c.params.red_line_weight
        if o > 1e-9:
            out.append((o, i))
    return sorted(out, reverse=True)


def _grievance(state, j, draft):
    """Grievance by the definition: the ignored objections (strongest first), weighed,
    plus the concessions taken back."""
    c = state.council
    mid = c.ids[j]
    asked = state.asked.get(mid, frozenset())
    zero = state.drafts[0] if state.drafts else None
    ignored = 0
    if zero is not None:
        ignored = sum(o for o, i in _objections(c, j, draft)
                      if i in asked and c.eff_loss[j][i][draft[i]] >= c.eff_loss[j][i][zero[i]] - 1e-9)
    return c.params.grievance_weight * ignored + c.params.reversal_grievance * state.reversals.get(mid, 0)


def _drafts_near(state):
    """The draft and, for a few paragraphs, its neighbouring variants."""
    c = state.council
    draft = list(state.draft)
    yield tuple(draft)
    for i in range(min(3, len(draft))):
        for v in range(len(c.issues[i].variant_ids)):
            yield tuple(draft[:i] + [v] + draft[i + 1:])


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_objections_and_grievances_match_their_definitions(name, request):
    scenario = request.getfixturevalue(name)
    checked = 0
    for state in itertools.islice(_turns(scenario, (1, 2)), 0, None, 3):
        if not state.draft:
            continue
        c = state.council
        for draft in _drafts_near(state):
            fast = common.grievances(state, draft)
            for j in range(len(c.ids)):
                assert common.objections(state, j, draft) == _objections(c, j, draft)
                assert common.objections(state, j, draft, False) == _objections(c, j, draft, False)
                expected = _grievance(state, j, draft)
                assert common.grievance(state, j, draft) == expected
                assert fast[j] == expected
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_the_rooms_kept_counts_equal_a_fresh_count(name, request):
    """`beliefs.room` reuses a count and recounts only the members whose inputs changed:
    at every turn it must equal a count made from scratch."""
    from game.model import beliefs

    scenario = request.getfixturevalue(name)
    updated = 0
    for state in _turns(scenario, (1, 3)):
        if not state.draft:
            continue
        n = len(state.council.ids)
        for draft in (tuple(state.draft), tuple(state.working)):
            for rollover in (False, True):
                for view in (None, *state.views):  # (the room's count, and each member's own)
                    key = (draft, rollover, view)
                    known = state.rooms.get(key)
                    if known is not None and state.room_changed_at <= known[0] < state.belief_version:
                        updated += 1
                    assert (beliefs.room(state, draft, rollover, view)
                            == beliefs._count(state, draft, rollover, range(n), view))
    if name == "minusma":  # (the test Council agrees at once: little to update there)
        assert updated > 10


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_the_members_changed_since_a_count_are_those_changed_after_it(name, request):
    """`State.changed_since` (read from the log of changes, `State.changes`) names, for
    every earlier version, exactly the members whose last change is after it, in seating
    order: what a kept count of the room and the members' terms are updated for."""
    scenario = request.getfixturevalue(name)
    checked = 0
    for state in _turns(scenario, (1, 3)):
        assert len(state.changes) == state.belief_version
        last = [0] * len(state.council.ids)  # each member's last change, by version
        for version, k in enumerate(state.changes, start=1):
            if k >= 0:
                last[k] = version
        for since in range(max(0, state.belief_version - 12), state.belief_version + 1):
            expected = [k for k, t in enumerate(last) if t > since]
            assert state.changed_since(since) == expected
            checked += bool(expected)
    if name == "minusma":  # (the test Council agrees at once: no member's count changes there)
        assert checked > 20


def test_draws_read_lazily_are_the_draws_taken_one_by_one():
    from game.dice import Dice

    dice = Dice(12345)
    one_by_one = dice.stream(1, 2, 3)
    expected = [one_by_one.random() for _ in range(13)] + [one_by_one.standard_normal()]
    lazy = dice.stream(1, 2, 3)
    u = lazy.random(13)
    assert [u[k] for k in (12, 0, 5)] == [expected[12], expected[0], expected[5]]
    assert u[-1] == expected[12] and list(u) == expected[:13] and u[2:4] == expected[2:4]
    assert lazy.standard_normal() == expected[13]  # the stream moved past all 13
    with pytest.raises(IndexError):
        u[13]


def test_the_dice_read_from_the_generator_are_the_dice_of_the_seed_sequence():
    """`Dice.from_generator` (what a Session does) reads the key from PCG64's increment: it
    must be the key `from_seed_sequence` takes from the seed's state, for any seed."""
    import numpy as np

    from game.dice import Dice
    from game.session import make_seed_sequence, seed_from_json

    seeds = [make_seed_sequence(s) for s in (*range(300), 2**31 - 1, 2**63 + 5, 10**30)]
    seeds += [seed_from_json({"entropy": 12345 + k, "spawn_key": [k, 3]}) for k in range(50)]
    seeds += make_seed_sequence(7).spawn(20)
    for ss in seeds:
        assert Dice.from_generator(np.random.PCG64(ss)).key == Dice.from_seed_sequence(ss).key


def test_the_streams_written_out_equal_splitmix64_by_its_definition():
    """`Dice.stream`, `Stream.random`, `standard_normal` and `Draws` write SplitMix64's
    finaliser out (the hot path): they must give `dice._mix` applied by the definition."""
    import math
    import random

    from game import dice as d

    rnd = random.Random(7)
    for _ in range(200):
        key = rnd.getrandbits(64)
        name = [rnd.randrange(8), rnd.randrange(16)] + [rnd.randrange(1 << rnd.choice((3, 20, 63)))
                                                         for _ in range(rnd.randrange(5))]
        if rnd.random() < 0.3:  # (a part of any sign or size: its low 64 bits name the stream)
            name[rnd.randrange(len(name))] = rnd.randrange(-1 << 70, 1 << 70)
        h = key
        for part in name:
            h = d._mix(h ^ (part & d._MASK))
        s = d.Dice(key).stream(*name)
        # (no draw taken yet; the counter modulo 2**64, all a draw reads: compiled, a C uint64)
        assert s._c & d._MASK == (h + d._GAMMA) & d._MASK
        n = rnd.randrange(5)
        u = [s.random() for _ in range(n)]
        assert u == [(d._mix(h + k) >> 11) / d._TWO53 for k in range(1, n + 1)]
        z = s.standard_normal()
        u1 = (d._mix(h + n + 1) >> 11) / d._TWO53 or 1.0 / d._TWO53
        u2 = (d._mix(h + n + 2) >> 11) / d._TWO53
        assert z == math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
        lazy = s.random(4)
        assert list(lazy) == [(d._mix(h + n + 2 + k) >> 11) / d._TWO53 for k in range(1, 5)]


def test_a_transition_lands_where_the_machine_takes_it():
    """`Procedure.fire` sets the destination of a transition directly (an unguarded row's,
    or the first guarded row's whose guards pass): for every (trigger, phase) and outcome of
    the guards it must be the phase the transitions machine's trigger reaches, and the
    machine must have no callbacks that the direct path would skip."""
    from game.procedure import PROCEDURE, UNGUARDED, Phase, Procedure
    from game.rules import Ballot

    assert UNGUARDED  # (most phase changes have one row and no guard)
    guarded = {(r.trigger, s) for r in PROCEDURE if r.dest is not None and (r.if_ or r.unless) for s in r.source}
    assert not guarded & set(UNGUARDED)
    for (trigger, phase), dest in UNGUARDED.items():
        by_machine = Procedure()
        by_machine.machine.set_state(phase)
        assert by_machine.trigger(trigger, ballots={}, time_left=0)
        assert by_machine.state is dest
        direct = Procedure()
        direct.machine.set_state(phase)
        assert direct.fire(trigger, ballots={}, time_left=0) is dest and direct.state is dest
        assert direct.finished == by_machine.finished
    # a guarded row: for every outcome of the guards, the direct path takes the machine's
    p5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
    members = p5 + [f"E{k}" for k in range(10)]
    all_yes = {m: Ballot.YES for m in members}
    vetoed = {**all_yes, "RUS": Ballot.NO}
    short = {m: Ballot.YES if k < 7 else Ballot.ABSTAIN for k, m in enumerate(members)}
    occasions = [
        {"ballots": b, "time_left": t, "drafts_left": d, "vetoed_before": v, "next_vote": n}
        for b in (all_yes, vetoed, short) for t in (0, 10 ** 6) for d in (0, 1)
        for v in (False, True) for n in (None, "rollover", "rival", "text")
    ]
    guarded_rows = {(r.trigger, s) for r in PROCEDURE if r.dest is not None and (r.if_ or r.unless)
                    for s in r.source}
    assert guarded_rows >= {("declare_result", Phase.VOTING), ("call_vote", Phase.NEXT_DRAFT)}
    lands = set()
    for trigger, phase in guarded_rows:
        for kwargs in occasions:
            by_machine, direct = Procedure(), Procedure()
            for proc in (by_machine, direct):
                proc.reset("FRA", members, p5, "MLI")
                proc.machine.set_state(phase)
            assert by_machine.trigger(trigger, **kwargs)
            assert direct.fire(trigger, **kwargs) is by_machine.state is direct.state
            lands.add((trigger, phase, direct.state))
    assert len(lands) > len(guarded_rows)  # (the occasions reach more than one row each)
    m = Procedure().machine
    assert not (m.before_state_change or m.after_state_change or m.prepare_event or m.finalize_event
                or m.on_final)
    for state in m.states.values():
        assert not (state.on_enter or state.on_exit)
    for event in m.events.values():
        for transitions in event.transitions.values():
            for t in transitions:
                assert not (t.prepare or t.before or t.after)


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_the_futile_table_is_the_rooms_preference_by_its_definition(name, request):
    """`Council.futile[m][i][v]`: not across m's red line, and the rest of the room loses
    more if m gets the step it asks for (`common.toward`) than if v stays."""
    from game.council import Council

    c = Council(request.getfixturevalue(name))
    futile = 0
    for m in range(len(c.ids)):
        for i, info in enumerate(c.issues):
            for v in range(len(info.variant_ids)):
                want = common.toward(v, c.best[m][i], False)
                others, mine = c.room_loss[i], c.stake[m][i]
                expected = not c.red[m][i][v] and others[want] - mine[want] > others[v] - mine[v]
                assert c.futile[m][i][v] == expected
                futile += expected
    if name == "minusma":  # (the test Council has no such paragraph)
        assert futile > 0


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_the_rooms_count_matches_its_reference_definition(name, request):
    """`beliefs._count` (terms prepared per text and per member, kept across the
    negotiation) gives `beliefs.count_reference` (the definition, term by term) within
    1e-12, for every member, on the draft, the working text, their neighbours and the
    rollover, at every turn of real negotiations."""
    from game.model import beliefs

    scenario = request.getfixturevalue(name)
    checked = 0
    for state in _turns(scenario, (1, 2, 4)):
        if not state.draft:
            continue
        n = len(state.council.ids)
        texts = [*_drafts_near(state), tuple(state.working)]
        for draft in texts:
            for rollover in (False, True):
                for view in (None, *state.views):
                    fast = beliefs._count(state, draft, rollover, range(n), view)
                    ref = beliefs.count_reference(state, draft, rollover, range(n), view)
                    for got, want in zip(fast[0] + fast[1], ref[0] + ref[1], strict=True):
                        assert abs(got - want) <= 1e-12
                    checked += 1
    assert checked > 100


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_forecast_and_pivot_chance_match_their_definitions(name, request):
    """The normal approximation of the count, by its definition (the variance summed as
    p (1 - p) member by member): `forecast`'s chance of adoption and `pivot_chance` agree
    with it within 1e-12 at every turn of real negotiations."""
    import math

    from game.model import beliefs
    from game.rules import AFFIRMATIVE_VOTES_REQUIRED as need

    scenario = request.getfixturevalue(name)
    checked = 0
    for state in _turns(scenario, (1, 2)):
        if not state.draft or state.vote_on == "rollover":
            continue
        c = state.council
        p_yes, p_no = beliefs.room(state, state.draft)
        var = sum(p * (1 - p) for p in p_yes) + 0.05
        p_nine = 1.0 - beliefs.phi((need - 0.5 - sum(p_yes)) / math.sqrt(var))
        no_veto = math.prod(1.0 - p_no[k] for k in c.permanent_index)
        assert abs(beliefs.forecast(state, state.draft).p_adopt - p_nine * no_veto) <= 1e-12
        for j in range(len(c.ids)):
            mean = sum(p_yes) - p_yes[j]
            sd = math.sqrt(var - p_yes[j] * (1 - p_yes[j]))
            want = beliefs.phi((need - 0.5 - mean) / sd) - beliefs.phi((need - 1.5 - mean) / sd)
            assert abs(beliefs.pivot_chance(state, j, state.draft) - want) <= 1e-12
        checked += 1
    assert checked > 20


def test_the_hosts_first_letter_recounts_the_room_and_later_ones_change_nothing(minusma):
    """The room's count reads whether the host has written (its objection weighs half
    before, in full after: `ballots.host_weight`), not what: the first letter makes a
    kept count stale, a later one leaves the kept counts as they are, and both equal a
    fresh count."""
    from game.events import Event
    from game.model import beliefs
    from game.state import apply

    s = Session(minusma, 1)
    while not s.state.draft:
        s.step()
    st = s.state
    c = st.council
    assert c.host_has_views and not st.host_letters
    # the text the host likes least: its objection counts in the room's count
    worst = tuple(max(range(len(row)), key=row.__getitem__) for row in c.host_loss)
    n = len(c.ids)
    before = beliefs.room(st, worst)
    counts = []
    for revision in (0, 1):
        apply(st, Event(st.seq + 1, st.t, "host_letter", minusma.host.id, {"revision": revision}))
        counts.append(beliefs.room(st, worst))
        assert counts[-1] == beliefs._count(st, worst, False, range(n), None)
    assert counts[0] != before  # the first letter weighs the host in full
    assert counts[1] is counts[0]  # a later one: the count kept is still the count


def _settlement_counting_every_candidate(state, accommodation):
    """`penholder.decide_settlement` by its definition: every candidate text of a paragraph
    counted (`beliefs.forecast`) and weighed, with the penholder's capital's private view of
    it, the first best kept."""
    from game.model import beliefs, penholder

    c, prm = state.council, state.council.params
    pen = c.penholder
    lam = penholder.penholder_lambda(state, accommodation)
    by_issue = {}
    for a in state.open.values():
        by_issue.setdefault(a.issue, []).append(a)
    text = list(state.working)
    out = []
    for i in sorted(by_issue):
        group = by_issue[i]
        cur = text[i]
        lo, hi = min([cur, *(a.variant for a in group)]), max([cur, *(a.variant for a in group)])
        pen_id = c.ids[pen]
        sponsors = {c.index[s] for a in group for s in (a.proposer, *a.cosponsors) if s != pen_id}
        sponsors.update(c.index[m] for m, asked in state.asked.items() if i in asked and m != pen_id)
        support = penholder._support(c, i, group) if prm.breadth_weight else None
        refused = state.co_pen_refused.get(i)
        # (its consensus weight on this paragraph: less on its core text, `core_text`)
        own_sal = c.salience_list[pen]
        lam_i = lam * (1.0 - prm.core_text * (own_sal[i] / max(own_sal)) ** prm.core_sharpness)

        def broken(v, i=i):  # (the members a concession was made to whom v moves away from)
            conceded, members = state.conceded.get(i, (None, ()))
            return [m for m in members if c.eff_loss[c.index[m]][i][v] > c.eff_loss[c.index[m]][i][conceded] + 1e-9]

        best = None
        for v in range(lo, hi + 1):
            if v != cur and (c.red[pen][i][v] or (refused and penholder.co_pen_refuses(refused, v))):
                continue
            text[i] = v
            count = beliefs.forecast(state, tuple(text))
            room = c.room_loss[i][v]
            for j in sponsors:
                room += (prm.sponsor_weight - 1.0) * c.stake[j][i][v]
            val = ((1 - lam_i) * -c.loss[pen][i][v] + lam_i * (-room / prm.room_scale)
                   + (prm.breadth_weight * penholder._breadth(support, cur, v) if support else 0.0)
                   + prm.adoption_value * count.p_adopt + lam_i * prm.vote_weight * count.weighted_yes
                   - prm.promise_cost * len(broken(v)) + state.taste[pen][i][v])
            if best is None or val > best[0]:
                best = (val, v, count.p_adopt)
        text[i] = best[1]
        out.append((i, best[1], best[2], broken(best[1])))
    return out


def test_the_settlement_counts_only_candidates_that_can_win(minusma, monkeypatch):
    """`decide_settlement` does not count a candidate text that could not beat the best so far
    even if it won every vote: at every turn with amendments pending it must choose what
    counting every candidate chooses (the same variant of each paragraph, the same p_adopt and
    promises broken recorded), with fewer counts."""
    from game.model import beliefs, penholder

    forecast = beliefs.forecast
    counts = {"all": 0, "pruned": 0}
    kind = ["all"]

    def counting(state, draft, rollover=None, view=None):
        counts[kind[0]] += 1
        return forecast(state, draft, rollover, view)

    monkeypatch.setattr(beliefs, "forecast", counting)
    checked = 0
    for state in _turns(minusma, (1, 2, 3)):
        if not state.open:
            continue
        for accommodation in (0.0, 0.5):
            kind[0] = "all"
            expected = _settlement_counting_every_candidate(state, accommodation)
            kind[0] = "pruned"
            got = penholder.decide_settlement(state, accommodation)
            chosen = {}
            for a_id, v, _, reason in got:  # (the first answer on a paragraph names the reversals)
                chosen.setdefault(state.open[a_id].issue, (v, reason["p_adopt"], reason.get("reverses", [])))
            assert chosen == {i: (v, round(p, 2), reverses) for i, v, p, reverses in expected}
            checked += 1
    assert checked > 10
    assert counts["pruned"] < counts["all"]

def test_the_settlement_reads_broken_promises_only_where_the_penholder_made_some(minusma, monkeypatch):
    """A candidate text can take back a concession only on a paragraph where the penholder
    made one (`State.conceded`): elsewhere `decide_settlement` does not look for the
    promises each candidate breaks (none), and it chooses what weighing every candidate in
    full chooses."""
    from game.model import penholder

    broken_by = penholder.broken_by
    read = []

    def spy(promised, v):
        read.append(promised)
        return broken_by(promised, v)

    monkeypatch.setattr(penholder, "broken_by", spy)
    checked = without = 0
    for state in _turns(minusma, (1, 2, 3)):
        if not state.open:
            continue
        read.clear()
        got = penholder.decide_settlement(state, 0.0)
        assert all(read)  # (only the promises made on the paragraph, never an empty list)
        without += sum(1 for i in {a.issue for a in state.open.values()} if i not in state.conceded)
        expected = _settlement_counting_every_candidate(state, 0.0)
        chosen = {}
        for a_id, v, _, reason in got:
            chosen.setdefault(state.open[a_id].issue, (v, reason["p_adopt"], reason.get("reverses", [])))
        assert chosen == {i: (v, round(p, 2), reverses) for i, v, p, reverses in expected}
        checked += 1
    assert checked > 10 and without > 10


def _silence_objection(state, j):
    """(strongest, threshold, objections) under silence by the definition: j's objections to
    the draft, but those on a paragraph it pledged to accept, each the room opposes
    (`Council.futile`) weighed `futile_discount` as much, strongest first."""
    from game.model.silence import break_threshold

    c = state.council
    weighed = []
    for o, i in _objections(c, j, state.draft):
        if state.pledges.get((c.ids[j], i)) == state.draft[i]:
            continue
        weighed.append((o * c.params.futile_discount if c.futile[j][i][state.draft[i]] else o, i))
    weighed.sort(reverse=True)
    return (weighed[0][0] if weighed else 0.0), break_threshold(state, j), weighed


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_silence_objections_match_their_definition(name, request):
    """`silence.silence_objection` (the objections weighed once per member and text, a
    Council memo, the pledges struck from them) gives the definition, at every turn of real
    negotiations; without pledges to strike, the weighed list is the one laid out for the
    text, not a new one."""
    from game.model import silence

    scenario = request.getfixturevalue(name)
    checked = pledged = shared = 0
    for state in _turns(scenario, (1, 2, 5)):
        if not state.draft:
            continue
        for j in range(len(state.council.ids)):
            got = silence.silence_objection(state, j)
            assert got == _silence_objection(state, j)
            if got[2] and not state.pledges:
                assert got[2] is silence.weighed_objections(state, j, state.draft)
                shared += 1
            pledged += len(got[2]) < len(silence.weighed_objections(state, j, state.draft))
            checked += 1
    assert checked > 100
    if name == "minusma":  # (the test Council agrees at once: nobody objects or pledges there)
        assert pledged > 0 and shared > 20


def _lobbying(state, m, proposals):
    """Whom m lobbies, by the definition: for its first proposal (i, v), up to
    `lobby_targets` members, not m, the penholder or a sponsor of that text, nor one for
    whom v crosses a red line, that gain or lose at most `package_cost` by the change (a
    group peer `peer_bonus` more), the closest to indifference first."""
    c, prm = state.council, state.council.params
    if not proposals or c.assertiveness[m] < prm.lobby_assertiveness:
        return []
    i, v, _r = proposals[0]
    sponsors = {s for a in state.open.values() if a.issue == i and a.variant == v for s in a.sponsors}
    ranked = []
    for k in range(len(c.ids)):
        if k in (m, c.penholder) or c.ids[k] in sponsors or c.red[k][i][v]:
            continue
        gain = c.loss[k][i][state.draft[i]] - c.loss[k][i][v]
        if c.group_of[k] is not None and c.group_of[k] == c.group_of[m]:
            gain += prm.peer_bonus
        if abs(gain) <= prm.package_cost:
            ranked.append((abs(gain), k))
    return [(k, i, v) for _g, k in sorted(ranked)[: prm.lobby_targets]]


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_lobbying_targets_match_their_definition(name, request):
    """`deals.decide_lobbying` (the persuadable members of a change laid out once per
    Council, `deals.persuadable`, the sponsors struck) names the targets of the
    definition, for every member asking for each step toward its best text, at every turn
    of real negotiations."""
    from game.model import deals

    scenario = request.getfixturevalue(name)
    checked = lobbied = 0
    for state in itertools.islice(_turns(scenario, (1, 2)), 0, None, 2):
        if not state.draft:
            continue
        c = state.council
        for m in range(len(c.ids)):
            for _o, i in common.objections(state, m, state.draft)[:3]:
                for full in (False, True):
                    proposals = [(i, common.toward(state.draft[i], c.best[m][i], full), None)]
                    got = deals.decide_lobbying(state, m, proposals)
                    assert got == _lobbying(state, m, proposals)
                    lobbied += bool(got)
                    checked += 1
    if name == "minusma":  # (the test Council agrees at once: nobody objects there)
        assert checked > 100 and lobbied > 20



def _threat(state, j, pivot_chance):
    """j's threat on the text under silence, by the definition (`silence.decide_threat`
    with its chance of being pivotal always counted)."""
    from game.model import ballots

    c, prm = state.council, state.council.params
    comp = ballots.components(state, j, state.draft)
    unity_shift, reversion_shift = state.private[j] if state.private else (0.0, 0.0)
    pivot = pivot_chance(state, j, state.draft)
    u_yes, u_no = ballots.utilities(c, j, comp, unity_shift, reversion_shift, pivot)
    if u_no + (1.0 - prm.bluff) * c.no_cost[j] > max(0.0, u_yes):
        return "veto" if c.permanent[j] else "no"
    if u_yes < (1.0 - prm.bluff) * c.unity[j]:
        return "abstain"
    return None


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_threats_match_their_definition_and_count_the_room_only_when_it_matters(name, request, monkeypatch):
    """`silence.decide_threat` reads the pivot chance (a count of the room) only when the
    answer differs at the two ends of its range: it gives the definition's answer at every
    turn of real negotiations, for every member, and for most of them without the count."""
    from game.model import beliefs, silence

    scenario = request.getfixturevalue(name)
    pivot_chance = beliefs.pivot_chance
    counts = []
    monkeypatch.setattr(beliefs, "pivot_chance", lambda *a: counts.append(a) or pivot_chance(*a))
    checked = counted = threats = 0
    for state in itertools.islice(_turns(scenario, (1, 2, 5)), 0, None, 2):
        if not state.draft or state.vote_on == "rollover":
            continue
        for j in range(len(state.council.ids)):
            counts.clear()
            got = silence.decide_threat(state, j)
            counted += len(counts)
            assert got == _threat(state, j, pivot_chance)
            threats += got is not None
            checked += 1
    assert checked > 100 and counted < checked / 2
    if name == "minusma":
        assert threats > 10


def test_a_dice_keeps_the_hashes_of_names_it_has_seen_and_gives_the_same_streams():
    """`Dice.stream` keeps the hash of a name's first part (what is decided) and of its first
    two (and by whom) when it runs as Python (compiled, it mixes them again: two steps in C):
    streams named in any order by one Dice equal those of the definition, `dice._mix` over
    every part of the name from the key."""
    import random

    from game import dice as d

    rnd = random.Random(11)
    for key in (rnd.getrandbits(64) for _ in range(5)):
        kept = d.Dice(key)
        for _ in range(300):
            name = [rnd.randrange(3), rnd.randrange(4)] + [rnd.randrange(1 << 20) for _ in range(rnd.randrange(4))]
            name = name[:rnd.choice((2, len(name), len(name)))]
            h = key
            for part in name:
                h = d._mix(h ^ (part & d._MASK))
            assert kept.stream(*name)._c & d._MASK == (h + d._GAMMA) & d._MASK  # (compiled: a C uint64)
        assert len(kept._heads) <= 3 * 4 and len(kept._firsts) <= 3


def test_the_settlement_reads_sponsors_and_room_values_as_defined(minusma):
    """`penholder.settlement_sponsors` gives, for every paragraph with pending amendments,
    `paragraph_sponsors`' set in its own order (the order the sponsors' stakes are added
    in), and `room_values` (a Council memo) `_room_value` of each variant, at every turn."""
    from game.model import penholder

    checked = 0
    for state in _turns(minusma, (1, 2, 3)):
        if not state.open:
            continue
        c = state.council
        by_issue = {}
        for a in state.open.values():
            by_issue.setdefault(a.issue, []).append(a)
        got = penholder.settlement_sponsors(state, by_issue)
        assert set(got) == set(by_issue)
        for i, group in by_issue.items():
            sponsors = penholder.paragraph_sponsors(state, i, group)
            assert got[i] == tuple(sponsors)
            rows = [c.sponsor_extra[j][i] for j in sponsors]
            assert penholder.room_values(c, i, got[i]) == [
                penholder._room_value(c, i, v, rows) for v in range(len(c.issues[i].variant_ids))]
            checked += 1
    assert checked > 10


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_ballot_weighing_matches_its_helpers(name, request):
    """`ballots.components` and `ballots.utilities` give what
    `draft_table`, `host_weight`, `unity_value` and `dislike_weight` say, for every member
    at every turn of real negotiations, on the text under the vote and on a rollover."""
    from game.model import ballots

    scenario = request.getfixturevalue(name)
    checked = 0
    for state in itertools.islice(_turns(scenario, (1, 2)), 0, None, 3):
        if not state.draft:
            continue
        c, prm = state.council, state.council.params
        rollover = state.vote_on == "rollover"
        text = c.status_quo if rollover else tuple(state.draft)
        for j in range(len(c.ids)):
            crossed, sat, stake, host = ballots.draft_table(c, text, rollover)[j]
            griev = (prm.rollover_grievance * state.rollovers if rollover
                     else common.grievance(state, j, text))
            comp = (crossed, sat, stake, griev, host * ballots.host_weight(state))
            assert ballots.components(state, j, state.draft) == comp
            for unity_shift, reversion_shift, pivot, on_rollover in (
                    (0.0, 0.0, 0.0, False), (-0.1, 0.05, 0.3, False), (0.1, 0.3, 1.0, True)):
                if crossed:
                    u_yes = float("-inf")
                else:
                    s = stake - reversion_shift
                    u_yes = (ballots.unity_value(c, j, unity_shift, on_rollover, s)
                             - ballots.dislike_weight(prm, on_rollover) * (1.0 - sat) - griev - comp[4]
                             + prm.consequence_weight * pivot * s)
                got = ballots.utilities(c, j, comp, unity_shift, reversion_shift, pivot, on_rollover)
                assert got[0] == u_yes + c.abstain_cost[j]
                checked += 1
    assert checked > 100
