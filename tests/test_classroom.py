"""The classroom without the network (issue 12): a `Room`'s seats, tokens, deadlines,
validation and facilitator's commands, what each client may read, saving and resuming;
the events it adds to the log (`take_seat`, `note`, `deadline_missed`) replay and verify,
and make `fork` work on an AI-only run. The server and clients over WebSockets:
tests/test_classroom_net.py."""

from __future__ import annotations

import json

import pytest

from game.classroom import protocol
from game.classroom.protocol import ClassError
from game.classroom.room import Room, record_path
from game.events import read_log
from game.replay import drive, verify
from game.scenario import load_scenario
from game.session import Session
from tests.conftest import DEFAULT


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DEFAULT)


def play_plain(room: Room, now: float, limit: int = 400) -> float:
    """Answer every student's decision with the plainest move until the end."""
    s = room.session
    for _ in range(limit):
        if s.finished:
            return now
        p = s.pending
        kind = p.kind
        name, args = {"vote": ("cast_vote", {"ballot": "yes"}), "revise": ("put_in_blue", {}),
                      "co_revision": ("co_pen_revision", {}), "co_step": ("co_pen_step", {})}.get(kind, ("end_turn", {}))
        room.command(p.member, name, args, now)
        now += 1.0
    raise AssertionError("the negotiation did not end")


def verified(room: Room) -> bool:
    return verify(room.session.header(), room.session.log).ok


def test_claiming_a_seat_hands_it_from_its_agent_and_gives_a_token(scenario):
    room = Room(scenario, 1, deadline=60)
    token, events = room.claim("RUS", 0.0)
    assert [(e.kind, e.data["member"], e.data["by"]) for e in events] == [("take_seat", "RUS", "student")]
    assert room.session.outside == {"RUS"} and len(token) >= 16
    room.check_student("RUS", token)
    with pytest.raises(ClassError, match="wrong token"):
        room.check_student("RUS", token + "x")
    with pytest.raises(ClassError, match="taken"):
        room.claim("RUS", 0.0)
    with pytest.raises(ClassError, match="no seat 'XXX'"):
        room.claim("XXX", 0.0)
    with pytest.raises(ClassError, match="wrong class code"):
        room.check_code("AAAAAA" if room.code != "AAAAAA" else "BBBBBB")
    with pytest.raises(ClassError, match="wrong facilitator token"):
        room.check_facilitator(token)
    assert room.status(0.0)["seats"]["RUS"] == {"name": {"en": "Russian Federation", "fr": "F\u00e9d\u00e9ration de Russie"},
                                                "played_by": "student",
                                                "claimed": True, "connected": False}


def test_two_students_and_thirteen_agents_play_to_the_end_and_the_log_verifies(scenario):
    room = Room(scenario, 1, deadline=60)
    room.claim("RUS", 0.0)
    room.claim("CHN", 0.0)
    with pytest.raises(ClassError, match="not started"):
        room.command("RUS", "end_turn", {}, 0.0)
    room.facilitate("start", {}, 0.0)
    assert room.session.pending.member in ("RUS", "CHN")
    play_plain(room, 1.0)
    assert room.session.finished and room.status(99.0)["outcome"] is not None
    assert verified(room)


def test_a_refused_command_is_one_sentence_and_changes_nothing(scenario):
    room = Room(scenario, 1, deadline=60)
    room.claim("RUS", 0.0)
    room.claim("CHN", 0.0)
    room.facilitate("start", {}, 0.0)
    s = room.session
    waiting = s.pending.member
    other = "CHN" if waiting == "RUS" else "RUS"
    before = [e.to_json() for e in s.log]
    cases = [
        (other, "end_turn", {}, f"not {other}'s turn"),
        (waiting, "fly", {}, "no command 'fly'"),
        (waiting, "propose_amendments", {"amendments": ["OP"]}, "argument amendments: is not an object"),
        (waiting, "propose_amendments", {"amendments": {"no_such_issue": "x"}}, "no issue 'no_such_issue'"),
        (waiting, "propose_amendments", {"colour": 1}, "unknown argument 'colour'"),
        (waiting, "cast_vote", {"ballot": "yes"}, "cast vote is not possible while the text is expert round"),
        (waiting, "explain_vote", {}, "argument text is missing"),
        ("FRA", "end_turn", {}, "played by its agent"),
    ]
    for member, name, args, message in cases:
        with pytest.raises(ClassError, match=message):
            room.command(member, name, args, 1.0)
        assert [e.to_json() for e in s.log] == before and s.pending.member == waiting


def test_a_missed_deadline_is_played_by_the_agent_and_the_log_says_so(scenario):
    room = Room(scenario, 1, deadline=10)
    room.claim("RUS", 0.0)
    room.facilitate("start", {}, 0.0)
    s = room.session
    assert room.status(0.0)["pending"] == {"member": "RUS", "kind": "amend", "step": s.steps,
                                           "seconds_left": 10.0, "reading": True}
    assert room.seen("RUS", s.steps, 0.0)  # (Russia's window shows the decision: the clock runs)
    assert room.status(0.0)["pending"]["reading"] is False
    assert room.tick(9.9) == []
    events = room.tick(10.0)
    assert events[0].kind == "deadline_missed" and events[0].actor == "RUS" and events[0].data["turn"] == "amend"
    assert s.outside == {"RUS"} and room.missed == [("RUS", "amend")]
    # pause stops the clock; speed 2 halves what is left; extend adds to it
    assert room.seen("RUS", s.steps, 10.0)  # (its window shows the next decision at once ...)
    now = 15.0  # (... so its clock started at 10.0: 5 s left)
    room.facilitate("pause", {}, now)
    assert room.tick(now + 1000) == [] and room.status(now + 1000)["pending"]["seconds_left"] == 5.0
    room.facilitate("speed", {"speed": 2}, now)  # 2.5 s left at twice the speed ...
    room.facilitate("extend", {"seconds": 5}, now)  # ... and 5 more
    room.facilitate("resume", {}, now + 500)
    assert room.status(now + 500)["pending"]["seconds_left"] == 7.5
    now += 500
    with pytest.raises(ClassError, match="paused|speed"):
        room.facilitate("speed", {"speed": 3}, now)
    while not s.finished:  # every later decision missed too: the agent plays them all
        now += 100.0
        assert room.tick(now)
    missed = [e for e in s.log if e.kind == "deadline_missed"]
    assert len(missed) == len(room.missed) >= 3
    assert verified(room)
    from game.narrate import Narrator

    assert Narrator(scenario).lines(missed[0]) == [
        "The Russian Federation lets its deadline pass: its agent decides for it this time"]


def test_the_facilitator_moves_seats_injects_and_ends(scenario):
    room = Room(scenario, 2, deadline=60)
    token, _ = room.claim("RUS", 0.0)
    room.facilitate("start", {}, 0.0)
    s = room.session
    assert s.pending.member == "RUS"
    room.facilitate("seat", {"member": "RUS", "to": "agent"}, 1.0)  # the agent plays its turn at once
    assert s.outside == frozenset() and s.finished  # (no student left: the agents play to the end)
    assert verified(room)

    room = Room(scenario, 2, deadline=60)
    room.facilitate("start", {}, 0.0)
    assert room.session.finished  # (nobody claimed a seat: the agents play it all)

    room = Room(scenario, 3, deadline=60)
    room.claim("CHN", 0.0)
    room.facilitate("start", {}, 0.0)
    room.facilitate("seat", {"member": "IND", "to": "student"}, 1.0)  # nobody's yet: claimable
    assert "IND" in room.session.outside and room.status(1.0)["seats"]["IND"]["claimed"] is False
    room.claim("IND", 2.0)
    event_id = scenario.events[0].id if scenario.events else None
    if event_id is not None and event_id not in room.session.state.injected:
        (ev,) = [e for e in room.facilitate("inject", {"id": event_id}, 3.0) if e.kind == "inject"]
        assert ev.data["id"] == event_id
    for bad, message in [(("seat", {"member": "CHN", "to": "robot"}), "'student' or an 'agent'"),
                         (("speed", {"speed": 3}), "speed 3: one of"),
                         (("launch", {}), "no facilitator command 'launch'"),
                         (("start", {}), "already started")]:
        with pytest.raises(ClassError, match=message):
            room.facilitate(*bad, 4.0)
    room.facilitate("end", {}, 5.0)
    assert room.session.finished and room.ended and not room.session.outside
    assert verified(room)


def test_a_note_reaches_its_two_delegations_and_the_facilitator_only(scenario):
    room = Room(scenario, 1, deadline=60)
    room.claim("RUS", 0.0)
    room.claim("CHN", 0.0)
    ev = room.note("RUS", "CHN", "Shall we hold firm on OP 26?", "chat")
    full = ev.to_json()
    assert full["data"] == {"to": "CHN", "text": "Shall we hold firm on OP 26?", "channel": "chat", "step": 0}
    assert Room.visible(full, "RUS") == full and Room.visible(full, "CHN") == full
    assert Room.visible(full, None, facilitator=True) == full
    hidden = Room.visible(full, "FRA")
    assert hidden == {"seq": ev.seq, "t": ev.t, "kind": "note", "actor": None, "data": {"step": 0}}
    assert "OP 26" not in json.dumps(hidden) and "RUS" not in json.dumps(hidden)
    for to, text, message in [("RUS", "hi", "another delegation"), ("XXX", "hi", "no delegation"),
                              ("CHN", " ", "some text")]:
        with pytest.raises(ClassError, match=message):
            room.note("RUS", to, text)
    room.facilitate("start", {}, 0.0)
    room.note("CHN", "RUS", "Yes.")
    play_plain(room, 1.0)
    assert verified(room)
    # a third delegation's copy of the log (notes without their text) replays as a local Session
    third = [Room.visible(e.to_json(), "FRA") for e in room.session.log]
    from game.events import Event

    events = [Event.from_json(e) for e in third]
    mirror = Session(scenario, 1, scenario_data=room.session._scenario_data)
    drive(mirror, events)
    assert [e.to_json() for e in mirror.log] == third and mirror.finished


def test_a_room_saved_after_every_event_resumes_where_it_stopped(scenario, tmp_path):
    path = tmp_path / "room.jsonl"
    room = Room(scenario, 4, deadline=60, save_path=path)
    token, _ = room.claim("RUS", 0.0)
    room.facilitate("start", {}, 0.0)
    room.note("RUS", "USA", "A word?")
    room.command("RUS", room.session.pending.kind == "amend" and "end_turn" or "end_turn", {}, 1.0)
    header, events = read_log(path)
    assert [e.to_json() for e in events] == [e.to_json() for e in room.session.log]
    room.session.save(tmp_path / "same.jsonl")  # (the room's own encoding: the bytes Session.save writes)
    assert path.read_bytes() == (tmp_path / "same.jsonl").read_bytes()
    rec = json.loads(record_path(path).read_text())
    assert rec["code"] == room.code and rec["tokens"] == {"RUS": token} and rec["started"] is True
    again = Room.resume(path, 100.0)
    assert again.code == room.code and again.facilitator_token == room.facilitator_token
    again.check_student("RUS", token)
    assert [e.to_json() for e in again.session.log] == [e.to_json() for e in room.session.log]
    assert again.session.pending == room.session.pending and again.session.outside == {"RUS"}
    assert again.status(100.0)["pending"]["seconds_left"] == 60.0  # a fresh deadline
    play_plain(again, 101.0)
    assert verified(again)


def test_fork_seats_a_student_in_an_ai_only_run(scenario, tmp_path):
    from game.facilitator import FacilitatorError, fork_log

    ai = tmp_path / "ai.jsonl"
    Session(scenario, 5).run().save(ai)
    with pytest.raises(FacilitatorError, match="--seat MEMBER"):
        fork_log(ai, 20, tmp_path / "no.jsonl")
    with pytest.raises(FacilitatorError, match="not a member"):
        fork_log(ai, 20, tmp_path / "no.jsonl", seat="XXX")
    s = fork_log(ai, 20, tmp_path / "fork.jsonl", seat="RUS")
    assert s.pending.member == "RUS" and s.header()["outside"] == []
    header, events = read_log(tmp_path / "fork.jsonl")
    assert [e.kind for e in events].count("take_seat") == 1
    assert verify(header, events).ok
    _, ai_events = read_log(ai)
    assert [e.to_json() for e in events[:20]] == [e.to_json() for e in ai_events[:20]]


def test_protocol_messages_are_checked_before_anything_is_read():
    from game.classroom.protocol import ProtocolError, decode, encode

    assert decode(encode({"type": "status", "code": "X"}))["type"] == "status"
    for raw, message in [("{", "not JSON"), ("[1]", "not a JSON object"), ('{"v": 2, "type": "hello"}', "version"),
                         ('{"v": 1, "type": "shout"}', "unknown message type"),
                         ("x" * (protocol.MAX_MESSAGE + 1), "too long"), (b"\xff", "not UTF-8")]:
        with pytest.raises(ProtocolError, match=message):
            decode(raw)


def test_the_zeroconf_record_is_built_without_being_sent():
    from zeroconf import ServiceInfo

    from game.classroom.server import SERVICE_TYPE, service_info

    info = service_info("MMPX4Y", 8765, ["127.0.0.1"], title="MINUSMA renewal")
    assert isinstance(info, ServiceInfo) and info.type == SERVICE_TYPE == "_penholder._tcp.local."
    assert info.port == 8765 and info.parsed_addresses() == ["127.0.0.1"]
    assert info.properties[b"code"] == b"MMPX4Y" and info.properties[b"v"] == b"1"


def test_a_class_of_two_rooms_gets_its_class_report_when_the_last_room_has_voted(scenario, tmp_path):
    """`host --rooms 2`: the server writes the rooms side by side beside their logs once every
    room has voted (not before)."""
    import asyncio

    from game.classroom.server import ClassServer

    rooms = []
    for k, seed in enumerate((5, 6), 1):
        room = Room(scenario, seed, deadline=60, save_path=tmp_path / f"room-{k}.jsonl")
        room.claim("RUS" if k == 1 else "IND", 0.0)
        room.facilitate("start", {}, 0.0)
        rooms.append(room)
    server = ClassServer(rooms)
    play_plain(rooms[0], 1.0)
    asyncio.run(server._commit(rooms[0]))
    assert server.class_report is None and not (tmp_path / "class-report.html").exists()  # (room 2 goes on)
    play_plain(rooms[1], 1.0)
    asyncio.run(server._commit(rooms[1]))
    assert server.class_report == tmp_path / "class-report.html"
    html = server.class_report.read_text(encoding="utf-8")
    assert "room-1" in html and "room-2" in html


def test_a_token_never_reads_as_a_command_line_option():
    """`--token T` on a command line: a token starting with "-" would be taken for an option
    (seen in CI: the simulated student printed its usage); 2,000 tokens, none does."""
    from game.classroom.room import new_token

    tokens = [new_token() for _ in range(2000)]
    assert not any(t.startswith("-") for t in tokens) and len(set(tokens)) == 2000
    assert all(len(t) >= 22 for t in tokens)


def test_nothing_moves_while_the_facilitator_holds_the_room(scenario):
    """A seat handed to its agent during a pause plays its own awaited decision, and the
    other agents wait for `resume` (seen in the UI test, one run in eight: the talks went on
    twelve turns while the room was paused)."""
    room = Room(scenario, 1, deadline=60)
    room.claim("RUS", 0.0)
    room.facilitate("start", {}, 0.0)
    s = room.session
    assert s.pending is not None and s.pending.member == "RUS"
    room.facilitate("pause", {}, 1.0)
    steps = s.steps
    room.facilitate("seat", {"member": "RUS", "to": "agent"}, 2.0)
    assert s.steps == steps and s.pending is None and not s.finished  # (its own turn, then nothing)
    assert room.tick(10_000.0) == []  # (no deadline runs while paused)
    room.facilitate("resume", {}, 3.0)
    assert s.steps > steps
    assert verified(room)


def test_a_deadline_runs_from_when_the_students_window_shows_the_decision(scenario):
    """A window reveals the agents' turns at reading pace: the decision's clock stands until
    the seat's client says `seen` (for this turn, from this seat), or until the reading
    allowance (the deadline, at most READING seconds) runs out; a pause stops the clock."""
    room = Room(scenario, 1, deadline=60)
    room.claim("RUS", 0.0)
    room.claim("KEN", 0.0)
    room.facilitate("start", {}, 0.0)
    s = room.session
    step, who = s.steps, s.pending.member
    other = ({"RUS", "KEN"} - {who}).pop()
    assert room.tick(59.0) == [] and room.status(59.0)["pending"]["seconds_left"] == 60.0  # (reading)
    # a stale turn, another seat, a malformed step: the clock still stands
    assert not room.seen(who, step - 1, 10.0) and not room.seen(who, True, 10.0)
    assert not room.seen(other, step, 10.0)
    assert room.seen(who, step, 20.0) and not room.seen(who, step, 21.0)  # (once)
    assert room.status(50.0)["pending"] == {"member": who, "kind": "amend", "step": step,
                                            "seconds_left": 30.0, "reading": False}
    assert room.tick(79.9) == [] and room.tick(80.0)[0].kind == "deadline_missed"  # (60 s from 20)
    # the next decision: never seen, its clock starts when the allowance runs out
    p, t0 = s.pending, 80.0
    assert room.status(t0)["pending"]["reading"]
    assert room.tick(t0 + 119.9) == []  # (60 s of reading, then 60 s of clock)
    assert room.status(t0 + 119.9)["pending"]["reading"] is False and s.pending == p
    assert room.tick(t0 + 120.0)[0].kind == "deadline_missed"
    # a pause during the reading: the allowance runs out, the clock starts only at resume
    t1 = t0 + 120.0
    room.facilitate("pause", {}, t1 + 1)
    assert room.tick(t1 + 500) == [] and room.status(t1 + 500)["pending"]["seconds_left"] == 60.0
    room.facilitate("resume", {}, t1 + 500)
    assert room.status(t1 + 530)["pending"]["seconds_left"] == 30.0
    assert room.tick(t1 + 560)[0].kind == "deadline_missed"
    assert verified(room)


def test_the_allowance_is_at_most_reading_seconds(scenario):
    from game.classroom.room import READING

    room = Room(scenario, 1, deadline=3600)
    room.claim("RUS", 0.0)
    room.facilitate("start", {}, 0.0)
    assert room.tick(READING - 0.1) == [] and room.status(READING - 0.1)["pending"]["reading"]
    room.tick(READING)
    assert room.status(READING + 100)["pending"] == {"member": "RUS", "kind": "amend", "step": room.session.steps,
                                                     "seconds_left": 3500.0, "reading": False}
