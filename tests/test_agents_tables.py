"""The agents' turns outside the settlement read Council tables and quantities laid out
once per silence; these give exactly (bit for bit) what the definitions say, at every turn
of real negotiations."""

import pytest

from game.model import amendments, common, silence

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
    silence-break), and the silences each member broke as `apply` counts them
    (`State.silences_broken`), give the definitions, before any silence and after several;
    so does a member's own threshold for breaking silence (its capital's firmness written
    out in `silence.break_threshold`)."""
    scenario = request.getfixturevalue(name)
    repeats = checked = 0
    for state in _turns(scenario, (1, 2, 5, 7)):
        c = state.council
        for j in range(len(c.ids)):
            assert amendments.public_threshold(c, j) == c.params.propose_threshold * common.assertive_scale(c, j)
            assert silence.public_break_threshold(state, j) == _public_break_threshold(state, j)
            assert silence.break_threshold(state, j) == max(
                c.params.break_floor, _public_break_threshold(state, j) - common.firmness(state, j))
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
                              - prm.instruction_sd) / prm.firmness
                    move = round(prm.belief_amendment * (bound - state.belief[j][0]), 4)
                    expected = {"unity": move, "reversion": 0.0} if move < 0.0 else None
                    assert amendments.amendment_inference(state, j, chosen) == expected
                    moved += expected is not None
                    checked += 1
    assert checked > 1000 and moved > 0


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_a_step_toward_the_best_text_matches_toward(name, request):
    """`Council.step[m][i][v]` is `common.toward(v, best, full=False)`, and `Council.toward`
    is `common.toward` (the full way across a red line), for every member,
    paragraph and variant (what an amendment, a letter or a lobbied member asks for when it
    does not ask for its best text at once)."""
    from game.council import Council

    c = Council(request.getfixturevalue(name))
    for m in range(len(c.ids)):
        for i, info in enumerate(c.issues):
            assert c.step[m][i] == [common.toward(v, c.best[m][i], False) for v in range(len(info.variant_ids))]
            for v in range(len(info.variant_ids)):  # (and across a red line, the full way)
                for full in (False, True):
                    assert c.toward(m, i, v, full) == common.toward(v, c.best[m][i], full or c.red[m][i][v])


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


def test_the_compiled_constants_declare_every_model_constant():
    """game/model/params.pxd (the compiled `Constants`) declares every `ModelParams` field, in
    its order: a float as a C double (every float field is one), anything else an object."""
    import re
    from pathlib import Path

    from game.model.params import DEFAULT, NAMES

    pxd = (Path(__file__).resolve().parent.parent / "game/model/params.pxd").read_text()
    declared = re.findall(r"^    cdef public (\w+) (\w+)$", pxd, re.M)
    assert declared == [("double" if type(getattr(DEFAULT, n)) is float else "object", n) for n in NAMES]


def _decide_amendments(state, m, rng):
    """`amendments.decide_amendments` by its definition: each objection to the draft plus its
    capital's private dislike of the text there (minus `State.taste`) against the threshold,
    strongest first, at most `max_amendments`; the best text at once with probability =
    assertiveness (or across a red line), else one step toward it; nothing from a member
    that leaves the tabling to its group's spokesperson (probability = discipline)."""
    c, prm = state.council, state.council.params
    threshold = prm.propose_threshold * common.assertive_scale(c, m) - common.firmness(state, m)
    draft = state.draft
    felt = sorted(((o - state.taste[m][i][draft[i]], i) for o, i in common.objections(state, m, draft)),
                  reverse=True)
    felt = [(o, i) for o, i in felt if o >= threshold][:prm.max_amendments]
    if not felt:
        return []
    u = rng.random(len(draft) + 1)
    if c.joint[m] and c.spokesperson[m] not in (None, m) and u[-1] < c.discipline[m]:
        return []
    out = []
    for o, i in felt:
        cur = draft[i]
        v = common.toward(cur, c.best[m][i], u[i] < c.assertiveness[m] or c.red[m][i][cur])
        out.append((i, v, common.objection_reason(c, m, i, cur, o)))
    return out


@pytest.mark.parametrize("name", ["minusma", "council_scenario"])
def test_amendments_follow_their_definition(name, request):
    """`decide_amendments` gives its definition's answer at every turn of real negotiations,
    for every member (the Council's threshold and step tables, the objections as each
    capital sees them)."""
    from game.dice import AMEND, Dice

    scenario = request.getfixturevalue(name)
    checked = tabled = 0
    for n, state in enumerate(_turns(scenario, (1, 2))):
        if not state.draft:
            continue
        for m in range(len(state.council.ids)):
            dice = Dice(1000 + n)
            got = amendments.decide_amendments(state, m, dice.stream(AMEND, m, n))
            assert got == _decide_amendments(state, m, dice.stream(AMEND, m, n))
            tabled += len(got)
            checked += 1
    assert checked > 100
    if name == "minusma":  # (the test Council agrees at once: nobody tables there)
        assert tabled > 20
