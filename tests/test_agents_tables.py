"""The agents' turns outside the settlement read Council tables and quantities laid out
once per silence; these give exactly (bit for bit) what the definitions say, at every turn
of real negotiations."""

import pytest

from game.model import amendments, common, silence
from game.session import Session

from .conftest import agent_turns


def _turns(scenario, seeds):
    """The state after every turn of AI-only negotiations of these seeds."""
    return (s.state for s in agent_turns(scenario, seeds))


def _public_break_threshold(state, j):
    """By the definition: `break_threshold` x the assertiveness scale, `repeat_restraint`
    more for each earlier silence j broke."""
    c, prm = state.council, state.council.params
    earlier = sum(1 for s in state.silences[:-1] if c.ids[j] in s.breakers)
    return prm.break_threshold * common.assertive_scale(c, j) * (1 + prm.repeat_restraint * earlier)


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_public_thresholds_match_their_definitions(name, request):
    """The Council's tables of the thresholds by public parameters (an amendment, a
    silence-break) give the definitions, before any silence and after several."""
    scenario = request.getfixturevalue(name)
    repeats = checked = 0
    for state in _turns(scenario, (1, 2, 5, 7)):
        c = state.council
        for j in range(len(c.ids)):
            assert amendments.public_threshold(c, j) == c.params.propose_threshold * common.assertive_scale(c, j)
            assert silence.public_break_threshold(state, j) == _public_break_threshold(state, j)
            repeats += len(state.silences) > 1 and _public_break_threshold(state, j) != c.break_threshold[j]
            checked += 1
    assert checked > 100
    if name == "minusma":  # (the test Council agrees at once: it never breaks a silence)
        assert repeats > 0


def test_silence_objection_strikes_pledges_only_where_there_are_some(minusma):
    """With pledges on the record but none on j's objections to the text, j's objections
    under silence are the list laid out for the text (`weighed_objections`), not a copy; with
    one to strike, the definition (tests/test_model_tables.py holds both to it)."""
    shared = struck = 0
    for state in _turns(minusma, (1, 2, 5)):
        if not state.pledges or not state.draft:
            continue
        c = state.council
        for j in range(len(c.ids)):
            laid_out = silence.weighed_objections(state, j, state.draft)
            got = silence.silence_objection(state, j)[2]
            pledged = [i for _o, i in laid_out if state.pledges.get((c.ids[j], i)) == state.draft[i]]
            if laid_out and not pledged:
                assert got is laid_out
                shared += 1
            elif pledged:
                assert got == [(o, i) for o, i in laid_out if i not in pledged]
                struck += 1
    assert shared > 20 and struck > 0


def test_amendment_inference_reads_the_objections_it_defines(minusma):
    """`amendments.amendment_inference` reads j's objections to the draft from the Council's
    table (0 where `common.objections` lists none): the same move as by the definition, for
    every member and every pair of paragraphs, at every turn of real negotiations (this
    passed before the table was read, and holds the reading to it)."""
    prm = minusma.model
    checked = moved = 0
    for state in _turns(minusma, (1, 2)):
        if not state.drafts:
            continue
        c = state.council
        n = len(state.draft)
        for j in range(len(c.ids)):
            objection = {i: o for o, i in common.objections(state, j, state.draft)}
            for issues in ([i] for i in range(n)), ([i, (i + 1) % n] for i in range(n)):
                for chosen in issues:
                    lowest = min(objection.get(i, 0.0) for i in chosen)
                    bound = -(c.params.propose_threshold * common.assertive_scale(c, j) - lowest
                              - prm.decision_sd) / prm.firmness
                    move = round(prm.belief_amendment * (bound - state.belief[j][0]), 4)
                    expected = {"unity": move, "reversion": 0.0} if move < 0.0 else None
                    assert amendments.amendment_inference(state, j, chosen) == expected
                    moved += expected is not None
                    checked += 1
    assert checked > 1000 and moved > 0


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_a_step_toward_the_best_text_matches_toward(name, request):
    """`Council.step[m][i][v]` is `common.toward(v, best, full=False)` for every member,
    paragraph and variant (what an amendment, a letter or a lobbied member asks for when it
    does not ask for its best text at once)."""
    from game.council import Council

    c = Council(request.getfixturevalue(name))
    for m in range(len(c.ids)):
        for i, info in enumerate(c.issues):
            assert c.step[m][i] == [common.toward(v, c.best[m][i], False) for v in range(len(info.variant_ids))]


def test_the_council_reads_the_model_constants_as_plain_attributes(minusma):
    """`Council.params` holds the scenario's `ModelParams` values, every one, as plain
    attributes (no pydantic ``__getattr__`` hook on each read), read-only, and survives a
    pickle (a batch worker's Council)."""
    import pickle

    from game.council import Council
    from game.model.params import ModelParams

    sc = minusma.model_copy(update={"model": ModelParams(veto_cost=0.41, break_threshold=0.12)})
    c = Council(sc)
    assert not hasattr(type(c.params), "__getattr__")
    for name in ModelParams.model_fields:
        assert getattr(c.params, name) == getattr(sc.model, name), name
    assert (c.params.veto_cost, c.params.break_threshold) == (0.41, 0.12)
    with pytest.raises(AttributeError):
        c.params.veto_cost = 0.5
    again = pickle.loads(pickle.dumps(c.params))
    assert all(getattr(again, name) == getattr(c.params, name) for name in ModelParams.model_fields)


class _CountingDraws:
    """A stream's lazy uniforms that count the ones read."""

    def __init__(self, draws, counter):
        self._draws, self._counter = draws, counter

    def __len__(self):
        return len(self._draws)

    def __getitem__(self, k):
        self._counter[0] += 1
        return self._draws[k]


class _CountingStream:
    def __init__(self, stream, counter):
        self._stream, self._counter = stream, counter

    def random(self, size=None):
        got = self._stream.random(size)
        return got if size is None else _CountingDraws(got, self._counter)


def _decide_amendments(state, m, rng):
    """`amendments.decide_amendments` by its definition, every draw read: an objection
    plus uniform noise of half-width decision_sd against the threshold, the best text at
    once with probability = assertiveness (or across a red line), else one step toward it.
    And how many of the draws could decide: the group's, where it applies; an objection's
    noise, where the objection is within decision_sd of the threshold; the choice of the
    best text, where a step toward it is not the best text already."""
    c, prm = state.council, state.council.params
    sd = prm.decision_sd
    threshold = c.params.propose_threshold * common.assertive_scale(c, m) - common.firmness(state, m)
    draft = state.draft
    mine = common.objections(state, m, draft)
    if not mine or mine[0][0] + sd < threshold:
        return [], 0
    u = rng.random(2 * len(draft) + 1)
    needed = 0
    if c.joint[m] and c.spokesperson[m] not in (None, m):
        needed += 1
        if u[-1] < c.discipline[m]:
            return [], needed
    out = []
    for o, i in mine:
        noisy, full = o + sd * (u[2 * i] - 0.5) * 2, u[2 * i + 1] < c.assertiveness[m]
        needed += o - sd < threshold <= o + sd
        if noisy < threshold:
            if o + sd < threshold:
                break  # (and every weaker one: none could decide)
            continue
        cur = draft[i]
        v = common.toward(cur, c.best[m][i], full or c.red[m][i][cur])
        needed += common.toward(cur, c.best[m][i], False) != c.best[m][i] and not c.red[m][i][cur]
        out.append((i, v, common.objection_reason(c, m, i, cur, o)))
        if len(out) == prm.max_amendments:
            break
    return out, needed


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_amendments_read_only_the_draws_that_can_decide(name, request):
    """`decide_amendments` gives its definition's answer at every turn of real negotiations,
    for every member, reading fewer of its draws: none for an objection the noise cannot
    lift to the threshold or sink below it, nor for the choice between the best text and a
    step toward it when the step is the best text."""
    from game.dice import AMEND, Dice

    scenario = request.getfixturevalue(name)
    checked = tabled = 0
    for n, state in enumerate(_turns(scenario, (1, 2))):
        if not state.draft:
            continue
        for m in range(len(state.council.ids)):
            dice, reads = Dice(1000 + n), [0]
            got = amendments.decide_amendments(state, m, _CountingStream(dice.stream(AMEND, m, n), reads))
            expected, needed = _decide_amendments(state, m, dice.stream(AMEND, m, n))
            assert got == expected
            assert reads[0] == needed
            tabled += len(got)
            checked += 1
    assert checked > 100
    if name == "minusma":  # (the test Council agrees at once: nobody tables there)
        assert tabled > 20


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_a_silence_draws_a_members_noise_only_when_it_decides(name, request, monkeypatch):
    """Under silence each member's judgement noise (a normal of its own stream) is drawn
    when it weighs breaking, not for a member with nothing to object to or one that signs
    its spokesperson's letter: as many normals as decisions to break or not."""
    import game.agents as agents
    from game import dice

    decisions, normals = [0], [0]
    real_break, real_normal = agents.decide_break, dice.Stream.standard_normal

    def decide_break(*args):
        decisions[0] += 1
        return real_break(*args)

    def standard_normal(self, size=None):
        normals[0] += 1
        return real_normal(self, size)

    monkeypatch.setattr(agents, "decide_break", decide_break)
    monkeypatch.setattr(dice.Stream, "standard_normal", standard_normal)
    seats = 0
    for seed in range(6):
        s = Session(request.getfixturevalue(name), seed).run()
        seats += len(s.state.silences) * (len(s.turn_order) - len(s.pens))
    assert normals[0] == decisions[0]
    if name == "council_scenario":  # (nobody there objects to the text under silence)
        assert seats > 0 and decisions[0] == 0
