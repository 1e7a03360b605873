"""Co-penholders (issue 8, section 2): two or more members holding the pen together, each
agreeing to every revision and to every next step. The fictional test Council of
tests/scenarios/co_pen.yaml: the United Kingdom leads, Norway and Japan hold the pen with
it; China and Russia want no human-rights language, Norway wants public monitoring."""

from __future__ import annotations

import csv
import json

import pytest

from game import rules
from game.errors import ScenarioError
from game.events import read_log
from game.narrate import transcript
from game.procedure import Phase, Procedure
from game.replay import restore, verify
from game.scenario import load_scenario
from game.scoring import relations_cost, roles
from game.session import CommandError, Session

from .conftest import ROOT

CO_PEN = ROOT / "tests" / "scenarios" / "co_pen.yaml"
SEEDS = range(10)


@pytest.fixture(scope="module")
def co_pen():
    return load_scenario(CO_PEN)


@pytest.fixture(scope="module")
def runs(co_pen):
    return [Session(co_pen, k).run() for k in SEEDS]


def follows(log, ev, kinds):
    """The first event after `ev` of one of `kinds`."""
    return next(e for e in log[ev.seq:] if e.kind in kinds)


# --- the scenario format ---------------------------------------------------------------------

def problems(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    return [f"{p.line}: {p.path}: {p.message}" for p in exc.value.problems]


def test_co_penholders_must_be_other_members_listed_once(tmp_path):
    text = CO_PEN.read_text(encoding="utf-8")
    line = text[:text.index("co_penholders:")].count("\n") + 1
    got = problems(tmp_path, text.replace("co_penholders: [NOR, JPN]", "co_penholders: [NOR, GBR, XYZ, NOR]"))
    assert got == [
        f"{line}: co_penholders[1]: 'GBR' is the penholder (the lead); list only the members who hold "
        "the pen with it",
        f"{line}: co_penholders[2]: 'XYZ' is not a member of the Council (members: ALB, ARE, BRA, CHN, FRA, "
        "GAB, GBR, GHA, IND, JPN, KEN, MEX, NOR, RUS, USA)",
        f"{line}: co_penholders[3]: 'NOR' is listed twice",
    ]


def test_co_penholders_need_format_3_and_single_pen_files_are_unchanged(tmp_path, council_scenario):
    text = CO_PEN.read_text(encoding="utf-8").replace("format: 3", "format: 2")
    got = problems(tmp_path, text)
    assert len(got) == 1 and "format: co_penholders needs format 3 (this file says format 2)" in got[0]
    # a single-pen scenario's data has no co_penholders (nor the co-penholder constants at
    # their defaults): its hash, and so every log header, is what it was before format 3
    from game.scenario import scenario_to_data

    data = scenario_to_data(council_scenario)
    assert "co_penholders" not in data and "co_pen_tolerance" not in data["model"]
    shifted = load_scenario(CO_PEN, ["model.co_pen_tolerance=0.1"])
    assert scenario_to_data(shifted)["model"]["co_pen_tolerance"] == 0.1


# --- the procedure ---------------------------------------------------------------------------

def procedure(co_pen, phase):
    p = Procedure().reset(co_pen.penholder, co_pen.members, ["CHN", "FRA", "GBR", "RUS", "USA"],
                          co_pen.host.id, co_pen.co_penholders)
    p.machine.set_state(phase)
    return p


def test_a_co_penholder_cannot_break_silence_on_its_own_text_but_votes(co_pen):
    """Rule of practice (BRIEF §6): the co-penholders hold the text with the lead; each must
    agree to it, none objects to it under silence."""
    p = procedure(co_pen, Phase.UNDER_SILENCE)
    assert not p.may("break_silence", "NOR") and not p.may("break_silence", "GBR")
    assert p.why_not("break_silence", "NOR") == "only a member other than the penholder may break silence"
    assert p.may("break_silence", "CHN")
    p = procedure(co_pen, Phase.VOTING)
    assert p.may("cast_vote", "NOR") and p.may("cast_vote", "JPN")


def test_only_the_lead_drafts_and_only_co_penholders_answer_it(co_pen):
    p = procedure(co_pen, Phase.EXPERT_ROUND)
    assert p.may("circulate_revision", "GBR") and not p.may("circulate_revision", "NOR")
    assert p.may("put_in_blue", "GBR") and not p.may("put_in_blue", "JPN")
    for trigger in ("co_pen_revision", "co_pen_step"):
        assert p.may(trigger, "NOR") and p.may(trigger, "JPN")
        assert not p.may(trigger, "GBR") and not p.may(trigger, "CHN")


def test_the_more_cautious_step_wins():
    """The co-penholders' rule for a disagreement on the next step (judgement, documented in
    docs/scenario-format.md#co-penholders): talks before silence, silence before a
    rollover, a rollover before blue."""
    assert rules.most_cautious_step(["put_in_blue", "open_expert_round"]) == "open_expert_round"
    assert rules.most_cautious_step(["put_in_blue", "seek_rollover", "place_under_silence"]) == \
        "place_under_silence"
    assert rules.most_cautious_step(["hold_bilaterals", "open_expert_round"]) == "open_expert_round"
    assert rules.most_cautious_step(["put_in_blue"]) == "put_in_blue"


# --- agent co-penholders -----------------------------------------------------------------------

def test_co_penholders_neither_amend_nor_break_silence_and_they_vote(runs):
    for s in runs:
        acts = {(e.kind, e.actor) for e in s.log}
        for m in ("NOR", "JPN"):
            assert ("propose_amendments", m) not in acts and ("break_silence", m) not in acts
            assert ("cast_vote", m) in acts and ("co_pen_step", m) in acts
        assert not any(e.kind.startswith("co_pen") and e.actor not in ("NOR", "JPN") for e in s.log)


def test_a_co_penholder_objects_to_a_revision_and_the_text_changes_because_of_it(runs):
    """Norway objects when the lead gives human-rights monitoring away: the lead's decisions
    then settle the paragraph on the text Norway left (reverted or met halfway), not on
    the one it proposed, and name Norway."""
    seen = 0
    for s in runs:
        for ev in s.log:
            if ev.kind != "co_pen_revision" or ev.data["agrees"]:
                continue
            seen += 1
            decided = follows(s.log, ev, ("decide_amendments",))
            for o in ev.data["objections"]:
                assert o["instead"] != o["variant"] and o["reasons"][0]["grounds"] in ("cost", "red_line")
                on_it = [d for d in decided.data["decisions"]
                         if s.state.amendments[d["amendment"] - 1].issue
                         == s.state.council.issue_index[o["issue"]]]
                assert on_it and all(d["variant"] != o["variant"] for d in on_it)
                assert all(ev.actor in d["reasons"][0]["co_penholders_object"] for d in on_it)
    assert seen >= len(SEEDS) // 2


def test_a_co_penholder_changes_the_next_step(runs):
    """A co-penholder that counts poor odds refuses blue and asks for a more cautious step,
    which is the one taken."""
    seen = 0
    for s in runs:
        log = s.log
        for ev in log:
            if ev.kind != "co_pen_step" or ev.data["agrees"]:
                continue
            seen += 1
            assert ev.data["proposed"] == "put_in_blue" and ev.data["reasons"][0]["p_adopt"] < 0.8
            order = rules.NEXT_STEPS_BY_CAUTION
            assert order.index(ev.data["prefers"]) < order.index("put_in_blue")
            taken = follows(log, ev, set(order))
            assert taken.actor == "GBR" and taken.kind != "put_in_blue"
            assert order.index(taken.kind) <= order.index(ev.data["prefers"])
    assert seen >= 1


def test_the_transcript_names_the_co_penholders(co_pen, runs):
    lines = "\n".join(transcript(co_pen, runs[0].log))
    assert "the lead penholder, with its co-penholders Norway and Japan, circulates the zero draft" in lines
    assert "Norway, co-penholder, objects to the proposed revision" in lines
    assert "(at the objection of its co-penholder Norway)" in lines


def test_a_co_penholder_log_verifies(co_pen, runs, tmp_path):
    from game.cli import main

    path = tmp_path / "co.jsonl"
    runs[1].save(path)
    assert verify(*read_log(path)).ok
    assert main(["replay", str(path), "--verify"]) == 0


def test_a_batch_of_co_penholder_runs_gives_its_summary_row(tmp_path):
    from game.cli import main

    out = tmp_path / "b"
    assert main(["batch", "--scenario", str(CO_PEN), "--runs", "6", "--seed", "3", "--workers", "1",
                 "--out", str(out)]) == 0
    with open(out / "runs.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 6 and all(r["outcome"] for r in rows)
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["runs"] == 6


# --- seats played from outside -------------------------------------------------------------------

def answer(s, turn):
    """An outside seat's plain answer to its turn: yes to a vote, agreement as a
    co-penholder, nothing to say otherwise."""
    if turn.kind == "vote":
        s.cast_vote(turn.member, "yes")
    elif turn.kind == "co_step":
        s.co_pen_step(turn.member)
    elif turn.kind == "co_revision":
        s.co_pen_revision(turn.member)
    else:
        s.end_turn(turn.member)


def until(s, member, kind):
    while True:
        turn = s.advance()
        assert turn is not None, f"no {kind} turn for {member}"
        if turn.member == member and turn.kind == kind:
            return turn
        answer(s, turn)


def test_a_student_co_penholder_objects_to_the_revision_and_to_blue(co_pen, tmp_path):
    s = Session(co_pen, 2, outside={"NOR"})
    until(s, "NOR", "co_revision")
    assert s.proposal, "the lead's proposal is what the seat answers"
    # saved here (an autosave) and resumed: the proposal is put to the seat again
    s.save(tmp_path / "mid.jsonl")
    resumed = restore(*read_log(tmp_path / "mid.jsonl"))
    assert resumed.pending == s.pending and resumed.proposal == s.proposal
    (i, v), = list(s.proposal.items())[:1]
    info = s.state.council.issues[i]
    old = s.state.working[i]
    with pytest.raises(CommandError, match="does not change"):
        s.co_pen_revision("NOR", {s.state.council.issues[1 - i].id: None})
    with pytest.raises(CommandError, match="co-penholder agrees"):
        s.end_turn("NOR")
    ev = s.co_pen_revision("NOR", {info.id: None})
    assert not ev.data["agrees"] and ev.data["objections"][0]["outcome"] == "reverts"
    s.advance()  # the lead settles as its co-penholders left the text
    decided = follows(s.log, ev, ("decide_amendments",))
    assert all(d["variant"] == info.variant_ids[old] for d in decided.data["decisions"]
               if s.state.amendments[d["amendment"] - 1].issue == i)
    # the next step: the lead's proposal, answered
    while True:
        until(s, "NOR", "co_step")
        if s.proposed_step == "put_in_blue":
            break
        s.co_pen_step("NOR")
    with pytest.raises(CommandError, match="a next step is one of"):
        s.co_pen_step("NOR", "put_in_blue_now")
    prefers = next(t for t in rules.NEXT_STEPS_BY_CAUTION if s.state.procedure.may(t, "GBR"))
    ev = s.co_pen_step("NOR", prefers)
    assert ev.data["prefers"] == prefers
    s.advance()  # the other co-penholder answers, then the lead takes the step
    taken = follows(s.log, ev, set(rules.NEXT_STEPS_BY_CAUTION))
    assert taken.kind != "put_in_blue"
    until_end(s)
    path = tmp_path / "student.jsonl"
    s.save(path)
    header, events = read_log(path)
    result = verify(header, events)
    assert result.ok, result.message
    assert restore(header, events).log[-1].to_json() == events[-1].to_json()


def until_end(s):
    while (turn := s.advance()) is not None:
        if turn.kind == "revise":  # the lead keeps its text and asks for blue
            st = s.state
            keep = {a.id: st.council.issues[a.issue].variant_ids[st.working[a.issue]] for a in st.open.values()}
            if keep:
                s.decide_amendments(turn.member, keep)
            s.put_in_blue(turn.member)
        else:
            answer(s, turn)


def test_a_student_lead_hears_its_agent_co_penholders(tmp_path):
    """The lead played from outside: its settlement goes to the agent co-penholders before
    it stands (Norway takes back the concession on human rights), and its move to blue
    goes to them too (a co-penholder that wants certainty asks for another round)."""
    sc = load_scenario(CO_PEN, ["model.co_pen_blue_confidence=1.0"])
    s = Session(sc, 4, outside={"GBR"})
    turn = s.advance()
    while turn.kind != "revise":
        s.end_turn(turn.member) if turn.kind != "vote" else s.cast_vote(turn.member, "yes")
        turn = s.advance()
    c = s.state.council
    hr = c.issue_index["human_rights"]
    asks = {a.id: c.issues[hr].variant_ids[a.variant] for a in s.state.open.values() if a.issue == hr}
    assert asks, "China or Russia asked for less on human rights"
    aid, variant = next(iter(asks.items()))
    s.decide_amendments("GBR", {aid: variant})
    objected = [e for e in s.log if e.kind == "co_pen_revision" and e.actor == "NOR"]
    assert objected and not objected[-1].data["agrees"]
    assert s.state.working[hr] == s.state.draft[hr]  # Norway's objection: the text stands
    assert s.log[-1].kind == "decide_amendments"
    assert s.log[-1].data["decisions"][0]["decision"] != "accepted"
    with pytest.raises(CommandError, match="nothing has changed"):
        s.circulate_revision("GBR")
    round_before = s.state.round
    s.put_in_blue("GBR")
    steps = [e for e in s.log if e.kind == "co_pen_step"]
    assert steps and not steps[-1].data["agrees"]
    assert s.state.phase is not Phase.IN_BLUE
    assert s.state.round == round_before + 1 or s.state.phase is not Phase.EXPERT_ROUND
    until_end(s)
    path = tmp_path / "lead.jsonl"
    s.save(path)
    assert verify(*read_log(path)).ok


def test_the_lead_and_a_co_penholder_cannot_both_be_played_from_outside(co_pen):
    with pytest.raises(ValueError, match="cannot both be played from outside"):
        Session(co_pen, 1, outside={"GBR", "NOR"})


# --- scoring ------------------------------------------------------------------------------

def test_a_co_penholder_answers_for_the_process_like_the_penholder(co_pen):
    from game.council import Council

    c = Council(co_pen)
    row = {"votes": {"GBR": "yes", "NOR": "yes", "CHN": "abstain", "MEX": "yes"},
           "why": {"CHN": "process"}}
    assert relations_cost(co_pen, c, "NOR", row)[0] == relations_cost(co_pen, c, "GBR", row)[0] > 0
    assert relations_cost(co_pen, c, "MEX", row)[0] == 0
    assert roles(co_pen, "NOR")[0] == "co-penholder" and roles(co_pen, "GBR")[0] == "lead penholder"


def test_the_debrief_names_the_co_penholders_and_asks_what_they_changed(co_pen, runs):
    import html

    from game.debrief.report import debrief_html

    s = next(s for s in runs if any(e.kind == "co_pen_revision" and not e.data["agrees"] for e in s.log))
    text = html.unescape(debrief_html(s.header(), s.log, runs=0))
    assert "holds the pen with its co-penholders, Norway and Japan;" in text
    assert "The co-penholders, Norway and Japan, had to agree to every revision and every next step." in text
    assert "Norway objected to the lead's revision" in text
    assert "Norway, co-penholder, objects to the proposed revision" in text  # the timeline


def test_a_co_penholder_meets_a_revision_halfway_when_it_can_and_never_crosses_its_red_line():
    """`review_revision`: Norway (human rights at 95, salience 1) is offered "none" for the
    circulated "monitoring". At the default tolerance both "none" and "reporting" cost it
    too much: the paragraph reverts. Tolerating 0.3 of its satisfaction, it meets the lead
    halfway ("reporting"). With a red line at 80 it objects even to "reporting", whatever
    its tolerance."""
    from game.model.penholder import review_revision
    from game.state import State

    def objections(overrides, proposal):
        sc = load_scenario(CO_PEN, overrides)
        s = Session(sc, 0)
        s.step()  # the zero draft is on the table
        st = s.state
        assert isinstance(st, State) and st.working == st.draft
        hr = st.council.issue_index["human_rights"]
        ids = st.council.issues[hr].variant_ids
        got = review_revision(st, st.council.index["NOR"], {hr: ids.index(proposal)})
        return [(ids[v], ids[x], r["grounds"]) for _i, v, x, r in got]

    assert objections([], "none") == [("none", "monitoring", "cost")]
    assert objections(["model.co_pen_tolerance=0.3"], "none") == [("none", "reporting", "cost")]
    assert objections(["model.co_pen_tolerance=0.3"], "reporting") == []
    red = ["model.co_pen_tolerance=1.0", "members.NOR.red_lines={human_rights: {min: 80}}"]
    assert objections(red, "reporting") == [("reporting", "monitoring", "red_line")]


def test_the_lead_does_not_propose_again_what_a_co_penholder_refused(co_pen, runs):
    """The penholder remembers: once Norway has refused "reporting" on human rights, the lead
    proposes neither it nor anything further that way again (so Norway objects once, not
    at every round)."""
    from game.model.penholder import co_pen_refuses
    from game.state import State, apply

    for s in runs:
        st = State(co_pen)
        for ev in s.log:
            if ev.kind == "co_pen_revision" and ev.actor == co_pen.co_penholders[0]:
                for issue, variant in ev.data["proposed"].items():
                    i = st.council.issue_index[issue]
                    refused = st.co_pen_refused.get(i)
                    assert not (refused and co_pen_refuses(refused, st.council.variant_index[i][variant]))
            apply(st, ev)
        objections = [e for e in s.log if e.kind == "co_pen_revision" and not e.data["agrees"]]
        assert len(objections) <= 2
