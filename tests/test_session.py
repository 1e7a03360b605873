"""The session: determinism, the log, replay and verify, and seats played from outside."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.events import read_log
from game.procedure import Phase
from game.replay import replay_state, verify
from game.scenario import load_scenario
from game.session import CommandError, Session

from .conftest import DEFAULT, ROOT

GOLDEN = ROOT / "tests" / "golden" / "minusma_2021_seed1.jsonl"


def test_same_seed_gives_byte_identical_log(minusma, tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    Session(minusma, 7).run().save(a)
    Session(minusma, 7).run().save(b)
    assert a.read_bytes() == b.read_bytes()


def test_different_seeds_give_different_negotiations(minusma):
    logs = {json.dumps([e.to_json() for e in Session(minusma, s).run().log]) for s in range(5)}
    assert len(logs) > 1


def test_sequence_numbers_increase_and_time_never_goes_back(minusma):
    log = Session(minusma, 3).run().log
    assert [e.seq for e in log] == list(range(1, len(log) + 1))
    assert all(a.t <= b.t for a, b in zip(log, log[1:], strict=False))


def test_replay_rebuilds_the_same_state(minusma, tmp_path):
    s = Session(minusma, 11).run()
    s.save(tmp_path / "log.jsonl")
    header, events = read_log(tmp_path / "log.jsonl")
    st = replay_state(header, events)
    assert st.phase is s.state.phase
    assert st.draft == s.state.draft
    assert st.ballots == s.state.ballots
    assert [x.breakers for x in st.silences] == [x.breakers for x in s.state.silences]


def test_golden_log_verifies_and_is_reproduced_byte_for_byte(tmp_path):
    """tests/golden/ holds a saved negotiation of the shipped game (the default scenario at the
    shipped constants); regenerate it with `python tests/golden/regenerate.py` when the engine's
    behaviour changes on purpose."""
    header, events = read_log(GOLDEN)
    result = verify(header, events)
    assert result.ok, result.message
    Session(load_scenario(DEFAULT), 1).run().save(tmp_path / "fresh.jsonl")
    assert (tmp_path / "fresh.jsonl").read_bytes() == GOLDEN.read_bytes()


def test_verify_names_the_first_tampered_event(minusma, tmp_path):
    path = tmp_path / "log.jsonl"
    Session(minusma, 5).run().save(path)
    lines = path.read_text().splitlines()
    k = next(i for i, ln in enumerate(lines) if '"cast_vote"' in ln)
    ev = json.loads(lines[k])
    ev["data"]["ballot"] = "no" if ev["data"]["ballot"] != "no" else "yes"
    lines[k] = json.dumps(ev)
    path.write_text("\n".join(lines) + "\n")
    header, events = read_log(path)
    result = verify(header, events)
    assert not result.ok
    assert f"event {ev['seq']} differs" in result.message


def test_replay_verify_command_exit_codes(minusma, tmp_path):
    path = tmp_path / "log.jsonl"
    Session(minusma, 2).run().save(path)
    ok = subprocess.run([sys.executable, "main.py", "replay", str(path), "--verify"], cwd=ROOT,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "VERIFIED" in ok.stdout
    text = path.read_text().replace('"ballot":"yes"', '"ballot":"abstain"', 1)
    path.write_text(text)
    bad = subprocess.run([sys.executable, "main.py", "replay", str(path), "--verify"], cwd=ROOT,
                         capture_output=True, text=True)
    assert bad.returncode != 0
    assert "differs" in bad.stdout


def test_a_tampered_header_scenario_is_refused(minusma, tmp_path):
    path = tmp_path / "log.jsonl"
    Session(minusma, 2).run().save(path)
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    header["scenario"]["members"]["USA"]["assertiveness"] = 0.0
    lines[0] = json.dumps(header)
    path.write_text("\n".join(lines) + "\n")
    header, events = read_log(path)
    assert not verify(header, events).ok


# --- seats played from outside ----------------------------------------------------------------

def _play_penholder(s: Session) -> None:
    """A simple outside penholder: takes every amendment on board in round 1, then goes to
    silence, and to blue when silence breaks."""
    while (turn := s.advance()) is not None:
        m = turn.member
        if turn.kind == "revise":
            pending = s.state.pending_amendments()
            if pending and s.state.round == 1:
                first = {}
                for a in pending:
                    first.setdefault(a.issue, a)
                s.decide_amendments(m, {a.id: s.state.council.issues[a.issue].variant_ids[a.variant]
                                        for a in first.values()})
                s.circulate_revision(m)
            if s.state.phase is Phase.EXPERT_ROUND:
                s.place_under_silence(m)
            else:
                s.put_in_blue(m)
        elif turn.kind == "vote":
            s.cast_vote(m, "yes")
        else:
            s.end_turn(m)


def test_an_outside_penholder_plays_to_the_end_and_its_log_verifies(minusma, tmp_path):
    s = Session(minusma, 4, outside={"FRA"})
    _play_penholder(s)
    assert s.state.finished
    assert s.state.outcome is not None
    s.save(tmp_path / "fra.jsonl")
    header, events = read_log(tmp_path / "fra.jsonl")
    assert header["outside"] == ["FRA"]
    assert verify(header, events).ok


def test_an_outside_elected_member_amends_lobbies_breaks_silence_and_votes(minusma, tmp_path):
    s = Session(minusma, 9, outside={"IND"})
    broke = lobbied = amended = False
    while (turn := s.advance()) is not None:
        if turn.kind == "amend" and not amended:
            s.seek_support("IND", "CHN", "climate", "none")
            lobbied = True
            s.propose_amendments("IND", {"climate": "none"})
            amended = True
            s.end_turn("IND")
        elif turn.kind == "silence" and not broke:
            s.break_silence("IND", {"climate": "general"}, letter="India cannot accept climate-security language.")
            broke = True
        elif turn.kind == "vote":
            s.cast_vote("IND", "abstain")
        else:
            s.end_turn("IND")
    assert broke and lobbied and amended
    assert s.state.ballots["IND"] == "abstain"
    assert any("IND" in x.breakers for x in s.state.silences)
    s.save(tmp_path / "ind.jsonl")
    header, events = read_log(tmp_path / "ind.jsonl")
    assert verify(header, events).ok


def test_commands_out_of_turn_or_against_the_procedure_change_nothing(minusma):
    s = Session(minusma, 1, outside={"USA", "FRA"})
    turn = s.advance()
    assert turn.member == "USA" and turn.kind == "amend"
    n = len(s.log)
    with pytest.raises(CommandError, match="not FRA's turn"):
        s.propose_amendments("FRA", {"climate": "none"})
    with pytest.raises(CommandError, match="not possible while"):
        s.cast_vote("USA", "yes")
    with pytest.raises(CommandError, match="no variant"):
        s.propose_amendments("USA", {"climate": "nonexistent"})
    with pytest.raises(CommandError, match="no issue"):
        s.propose_amendments("USA", {"fisheries": "none"})
    with pytest.raises(CommandError, match="already reads"):
        s.propose_amendments("USA", {"g5_support": "priority_task"})
    assert len(s.log) == n
    s.propose_amendments("USA", {"g5_support": "sg_options"})
    assert len(s.log) == n + 1


def test_the_penholder_must_choose_a_next_step(minusma):
    s = Session(minusma, 1, outside={"FRA"})
    turn = s.advance()
    assert turn.kind == "revise"
    with pytest.raises(CommandError, match="next step"):
        s.end_turn("FRA")
    with pytest.raises(CommandError, match="nothing has changed"):
        s.circulate_revision("FRA")
    s.place_under_silence("FRA")
    assert s.state.phase is Phase.UNDER_SILENCE


def test_facilitator_inject_is_an_event_and_replays(minusma, tmp_path):
    s = Session(minusma, 6, outside={"NOR"})
    s.advance()
    undated = [e.id for e in minusma.events if e.date is None]
    s.inject(undated[0])
    with pytest.raises(CommandError, match="already happened"):
        s.inject(undated[0])
    while (turn := s.advance()) is not None:
        if turn.kind == "vote":
            s.cast_vote("NOR", "yes")
        else:
            s.end_turn("NOR")
    s.save(tmp_path / "inj.jsonl")
    header, events = read_log(tmp_path / "inj.jsonl")
    assert any(e.kind == "inject" and not e.data["timed"] for e in events)
    assert verify(header, events).ok


def test_a_log_saved_mid_session_resumes_exactly(minusma, tmp_path):
    """Save while a student's seat is waiting; rebuilding from the log reaches the same
    point, and playing on gives the same log as never having stopped."""
    from game.replay import drive, scenario_of

    def play(s, stop_after=None):
        while (turn := s.advance()) is not None:
            if stop_after is not None and len(s.log) >= stop_after:
                return
            if turn.kind == "vote":
                s.cast_vote("GBR", "yes")
            else:
                s.end_turn("GBR")

    full = Session(minusma, 12, outside={"GBR"})
    play(full)
    part = Session(minusma, 12, outside={"GBR"})
    play(part, stop_after=30)
    part.save(tmp_path / "part.jsonl")
    header, events = read_log(tmp_path / "part.jsonl")
    scenario, data = scenario_of(header)
    resumed = Session(scenario, 12, outside={"GBR"}, scenario_data=data)
    drive(resumed, events)
    assert [e.to_json() for e in resumed.log] == [e.to_json() for e in events]
    play(resumed)
    assert [e.to_json() for e in resumed.log] == [e.to_json() for e in full.log]


def test_core_never_imports_pygame():
    """The core (game/ minus game/ui/) runs headless: importing it must not import pygame."""
    code = (
        "import sys, importlib, pkgutil, game\n"
        "for m in pkgutil.walk_packages(game.__path__, 'game.'):\n"
        "    if not m.name.startswith('game.ui'):\n"
        "        importlib.import_module(m.name)\n"
        "import game.cli\n"
        "game.cli.main(['run', '--quiet', '--seed', '1'])\n"
        "assert 'pygame' not in sys.modules, 'pygame was imported by the core'\n"
        "print('clean')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "clean" in out.stdout
    for path in (ROOT / "game").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "game").parts:
            continue
        text = path.read_text()
        assert "import pygame" not in text and "from pygame" not in text, path


def test_log_file_is_self_contained(minusma, tmp_path):
    path = tmp_path / "log.jsonl"
    Session(minusma, 1).run().save(path)
    header = json.loads(Path(path).read_text().splitlines()[0])
    for key in ("format", "version", "package", "seed", "scenario", "scenario_hash"):
        assert key in header
    assert header["scenario"]["id"] == "minusma_2021"


def test_a_dated_event_fired_by_a_students_command_replays(tmp_path):
    """A dated event whose time passes while a student's seat holds the floor is logged just
    before the student's command; replay must re-issue the command, not stumble on the event."""
    from game.scenario import load_scenario

    from .conftest import DEFAULT

    def play(seat, date):
        sc = load_scenario(DEFAULT, [f"events[host_letter_what_if].date={date}"])
        s = Session(sc, 1, outside={seat})
        while (turn := s.advance()) is not None:
            if turn.kind == "vote":
                s.cast_vote(seat, "yes")
            else:
                s.end_turn(seat)
        return s

    found = 0
    for seat in ("CHN", "EST", "IND", "IRL", "KEN", "MEX", "NOR"):
        for date in ("2021-06-15", "2021-06-16", "2021-06-17"):
            s = play(seat, date)
            k = next(i for i, e in enumerate(s.log) if e.kind == "inject")
            if s.log[k + 1].actor != seat:
                continue  # not the case under test
            found += 1
            s.save(tmp_path / "log.jsonl")
            header, events = read_log(tmp_path / "log.jsonl")
            assert verify(header, events).ok, (seat, date)
    assert found, "no seat/date gave an inject fired by a student's command"


def test_every_outside_command_replays():
    """Each command an outside seat can give (`TURN_OF`) is re-issued by replay: a command
    replay does not know makes every save that uses it unverifiable."""
    import inspect

    from game import replay
    from game.session import TURN_OF

    source = inspect.getsource(replay.replay_command)
    missing = [cmd for cmd in [*TURN_OF, "accept_package"] if cmd not in source]
    assert not missing, missing


def test_lobbying_has_a_limit_per_turn(minusma):
    """A student cannot fish for packages by calling every delegation in one turn."""
    from game.session import LOBBY_CALLS

    s = Session(minusma, 1, outside={"IND"})
    while (turn := s.advance()) is not None and turn.kind != "amend":
        s.end_turn("IND")
    others = [m for m in s.state.council.ids if m != "IND"]
    with pytest.raises(CommandError, match="already asked"):
        s.seek_support("IND", others[0], "climate", "none")
        s.seek_support("IND", others[0], "climate", "none")
    asks = [(m, v) for v in ("none", "general") for m in others]
    for target, variant in asks[1:LOBBY_CALLS]:
        s.seek_support("IND", target, "climate", variant)
    with pytest.raises(CommandError, match="lobbying calls"):
        target, variant = asks[LOBBY_CALLS]
        s.seek_support("IND", target, "climate", variant)
    s.end_turn("IND")


def test_a_groups_explanation_says_its_ballot_in_plain_english(minusma):
    """A group's explanation after an abstention or a no states the ballot grammatically
    ('We abstained on the resolution', not 'We voted abstained the resolution')."""
    from game.events import Event
    from game.narrate import Narrator

    n = Narrator(minusma)
    said = {b: n.explanation(Event(1, 0, "explain_vote", "NER", {"ballot": b, "group": "A3+1",
                                                                 "on_behalf_of": ["KEN", "TUN", "VCT"]}))
            for b in ("yes", "no", "abstain")}
    assert re.search(r"We (abstained in the vote on|could not support) the resolution", said["abstain"])
    assert re.search(r"We (voted against|could not vote for) the resolution\.", said["no"])
    assert re.search(r"We (have )?(voted in favour of|supported) the resolution\.", said["yes"])
    assert not any("voted abstained" in s for s in said.values())
