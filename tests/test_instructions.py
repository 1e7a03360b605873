"""Randomness that models what delegations do not know about capitals, not judgement jitter
(issue 8 §5): each capital's private view of each text of each paragraph (`State.taste`,
drawn once with `instruction_sd` and recorded in the `instructions` event) moves what its
delegation tables and writes, the penholder's choice of text, an answer to lobbying and a
rival draft; no decision draws noise of its own."""

import json

import numpy as np
import pytest

from game import agents
from game.events import LogError, read_log
from game.model import amendments, deals, penholder
from game.model.common import firmness, objections
from game.scenario import load_scenario
from game.session import Session

from .conftest import DEFAULT


def _at(scenario, seed, ready):
    """An AI-only session stopped at the first turn where `ready(state)` holds."""
    s = Session(scenario, seed)
    while not ready(s.state):
        assert not s.finished, "the negotiation ended first"
        s.step()
    return s


def _with_taste(state, m, i, v, value):
    """`state.taste` with member m's view of variant v of paragraph i set to `value`."""
    rows = [list(map(list, member)) for member in state.taste]
    rows[m][i][v] = value
    state.taste = tuple(tuple(tuple(r) for r in member) for member in rows)


def test_every_capitals_view_of_every_text_is_drawn_once_and_recorded(minusma):
    """The `instructions` event holds, for every member, paragraph and variant, one draw of
    standard deviation `instruction_sd`; the state reads it; with `instruction_sd` 0 nothing
    is drawn and every view is 0."""
    draws = []
    for seed in range(20):
        s = _at(minusma, seed, lambda st: st.private)
        ev = next(e for e in s.log if e.kind == "instructions")
        taste = ev.data["taste"]
        assert len(taste) == len(minusma.members)
        for member in taste:
            assert [len(row) for row in member] == [len(info.variants) for info in minusma.issues]
        assert s.state.taste == tuple(tuple(tuple(row) for row in member) for member in taste)
        draws += [x for member in taste for row in member for x in row]
    sd = minusma.model.instruction_sd
    assert abs(float(np.std(draws)) - sd) < 0.1 * sd and abs(float(np.mean(draws))) < 0.1 * sd

    flat = load_scenario(DEFAULT, ["model.instruction_sd=0"])
    s = _at(flat, 0, lambda st: st.private)
    assert "taste" not in next(e for e in s.log if e.kind == "instructions").data
    assert {x for member in s.state.taste for row in member for x in row} == {0.0}


def test_a_capital_that_dislikes_the_text_has_its_delegation_comment_where_positions_would_not(minusma):
    """A member objecting to a paragraph below its threshold tables nothing there; told by
    its capital that the text on the table is worse than its public position says, it asks
    for a change; told it is better, it asks for none even where it would have."""
    s = _at(minusma, 1, lambda st: st.drafts)
    st, c = s.state, s.state.council
    st.taste = c.no_taste  # (every capital's view as its public positions)
    rng = np.random.default_rng(0)
    quiet = loud = None
    for m in range(len(c.ids)):
        threshold = amendments.public_threshold(c, m) - firmness(st, m)
        mine = objections(st, m, st.draft)
        room = sum(o >= threshold for o, _i in mine) < c.params.max_amendments
        for o, i in mine:
            if o < threshold and quiet is None and room:
                quiet = (m, i, threshold - o)
            if o > threshold and loud is None:
                loud = (m, i, o - threshold)
    assert quiet and loud
    m, i, short = quiet
    before = {k for k, _v, _r in amendments.decide_amendments(st, m, np.random.default_rng(0))}
    assert i not in before
    cur = st.draft[i]
    _with_taste(st, m, i, cur, -(short + 0.01))
    after = {k for k, _v, _r in amendments.decide_amendments(st, m, np.random.default_rng(0))}
    assert i in after
    m, i, over = loud
    _with_taste(st, m, i, st.draft[i], 0.0)
    assert i in {k for k, _v, _r in amendments.decide_amendments(st, m, rng)}
    _with_taste(st, m, i, st.draft[i], over + 0.01)
    assert i not in {k for k, _v, _r in amendments.decide_amendments(st, m, np.random.default_rng(0))}


def test_the_same_text_gets_the_same_silence_answer_from_the_same_capital(minusma):
    """A member's silence decision draws nothing: weighed twice on the same state it is the
    same, and a capital that likes the text on its strongest objection less breaks where
    its public positions would not."""
    s = _at(minusma, 2, lambda st: st.silence is not None)
    st, c = s.state, s.state.council
    found = False
    for j in range(len(c.ids)):
        _strength, tau, weighed = agents.silence_objection(st, j)
        if not weighed:
            continue
        felt = agents.instructed(st, j, weighed, st.draft)
        first = agents.decide_break(st, felt[0][0], tau)
        assert first == agents.decide_break(st, agents.instructed(st, j, weighed, st.draft)[0][0], tau)
        o, i = weighed[0]
        if o < tau:  # (by its public positions, it keeps silence: a capital's dislike breaks it)
            _with_taste(st, j, i, st.draft[i], -(tau - o) - 0.01)
            assert agents.decide_break(st, agents.instructed(st, j, weighed, st.draft)[0][0], tau)
            found = True
    assert found


def test_the_penholders_capital_can_prefer_a_text_the_room_weighs_less(minusma):
    """The penholder weighs its capital's private view of each candidate text: a strong
    enough liking for a text it did not choose (not across its red lines) makes it the one
    it chooses."""
    s = _at(minusma, 1, lambda st: bool(st.open))
    st, c = s.state, s.state.council
    pen = c.penholder
    chosen = {st.open[a].issue: v for a, v, _d, _r in penholder.decide_settlement(st, 0.0)}
    switched = 0
    for i, v in chosen.items():
        asked = {a.variant for a in st.open.values() if a.issue == i} | {st.working[i]}
        lo, hi = min(asked), max(asked)
        others = [w for w in range(lo, hi + 1) if w != v and not c.red[pen][i][w]]
        if not others:
            continue
        _with_taste(st, pen, i, others[0], 5.0)
        again = {st.open[a].issue: w for a, w, _d, _r in penholder.decide_settlement(st, 0.0)}
        assert again[i] == others[0]
        switched += 1
    assert switched


def test_a_lobbied_member_answers_with_its_capitals_view_of_the_two_texts(minusma):
    """Asked to back a change it dislikes a little, a member says no or stays noncommittal;
    if its capital privately likes the new text enough, it says yes."""
    s = _at(minusma, 1, lambda st: st.drafts)
    st, c = s.state, s.state.council
    for t in range(len(c.ids)):
        for i, cur in enumerate(st.draft):
            for v in range(len(c.issues[i].variant_ids)):
                if v == cur or c.red[t][i][v]:
                    continue
                asker = next(a for a in range(len(c.ids))  # (no group peer: no peer bonus)
                             if a != t and (c.group_of[a] is None or c.group_of[a] != c.group_of[t]))
                answer, reason = deals.answer_lobbying(st, t, asker, i, v)
                if answer in ("no", "noncommittal"):
                    _with_taste(st, t, i, v, -reason["gain"] + 0.05)
                    assert deals.answer_lobbying(st, t, asker, i, v)[0] == "yes"
                    return
    pytest.fail("no lobbied member said no")


def test_a_log_of_the_jittered_model_is_refused_naming_both_versions(tmp_path, minusma):
    """A version-2 log (judgement noise drawn at each decision) cannot be verified by this
    engine: it is refused, with both versions named."""
    s = Session(minusma, 0).run()
    path = tmp_path / "s.jsonl"
    s.save(path)
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    header["version"] = 2
    path.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    with pytest.raises(LogError, match="version '2'.*reads version 3"):
        read_log(path)


def test_the_debrief_names_a_capitals_private_view_of_a_text_on_the_table(minusma):
    """The facilitator's debrief says what a capital thought of a text on the table when it
    was far from its public position ("to resist" or "to press for" it), and nothing about
    a text nobody put on the table."""
    from game.debrief.facts import read_session
    from game.debrief.words import instruction, private_view

    s = Session(minusma, 1).run()
    f = read_session(s.header(), s.log)
    st, c = f.state, f.state.council
    j = c.index["IRL"]
    st.taste = c.no_taste
    assert private_view(f, "IRL") is None
    i, v = 0, st.drafts[0][0]
    _with_taste(st, j, i, v, -0.1)
    info = c.issues[i]
    assert f"to resist \u201c{info.labels[v]}\u201d on {info.title} (OP {info.paragraph})" in instruction(f, "IRL")[0]
    untabled = [w for w in range(len(info.variant_ids))
                if all(d[i] != w for d in st.drafts) and all(a.variant != w for a in st.amendments if a.issue == i)]
    if untabled:  # (a text never on the table is not named, however the capital saw it)
        st.taste = c.no_taste
        _with_taste(st, j, i, untabled[0], 0.5)
        assert private_view(f, "IRL") is None
