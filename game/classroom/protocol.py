"""The classroom's protocol: JSON messages over WebSockets, each with ``"v": 1`` and a
``"type"`` (docs/classroom.md describes every message, who may send it and what each client
receives). This module holds what the server and the clients share: the version, the
message types, the commands a seat may send with the types of their arguments, the
facilitator's commands, and the checks that turn a malformed message into one clear
sentence (`ProtocolError`) before anything is changed. No network here, no pygame."""

from __future__ import annotations

import json
from typing import Any

VERSION = 1
MAX_MESSAGE = 256 * 1024  # bytes: a client message larger than this is refused unread
MAX_TEXT = 4000  # characters of a letter, an explanation, a note

# client -> server
HELLO = "hello"  # open a connection: the class code, a role, a seat and its token
CLAIM = "claim"  # a student without a seat takes one (a free seat: one no student holds)
COMMAND = "command"  # a seat's move in the negotiation (one of COMMANDS)
NOTE = "note"  # a message to another delegation (a note, or a bilateral's chat)
FACILITATE = "facilitate"  # the facilitator's commands (FACILITATOR_COMMANDS)
STATUS = "status"  # ask for the room's status now
SEEN = "seen"  # a seat's window shows its awaited decision ("step": the status's): the clock starts
CLIENT_TYPES = (HELLO, CLAIM, COMMAND, NOTE, FACILITATE, STATUS, SEEN)

# server -> client
WELCOME = "welcome"  # the connection is accepted: role, seat, token, the log header, status
EVENTS = "events"  # new events of the log, in order, as this client may read them
REPLY = "reply"  # the answer to a client message that carried an "id"
ERROR = "error"  # a refusal (with the "id" of the message refused, if it had one)
# (STATUS, server -> client: the room's status, sent to everyone whenever it changes)

CHANNELS = ("note", "chat")  # a written note; the chat of a bilateral between two delegations

# The seats' commands: the Session's methods of the same name (the seat is the actor), their
# arguments by name: (name, type, required). Types: "str"; "text" (a str, possibly empty);
# "map" ({str: str}); "map?" ({str: str or null}); "ints" ([int]); "decisions" ({amendment
# number, as a str or int: variant}).
COMMANDS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "propose_amendments": (("amendments", "map", False), ("backs", "ints", False)),
    "seek_support": (("target", "str", True), ("issue", "str", True), ("variant", "str", True)),
    "accept_package": (("target", "str", True),),
    "decide_amendments": (("decisions", "decisions", True),),
    "circulate_revision": (),
    "open_expert_round": (),
    "place_under_silence": (),
    "put_in_blue": (),
    "hold_bilaterals": (),
    "seek_rollover": (),
    "break_silence": (("requests", "map", True), ("letter", "text", False), ("threat", "str", False)),
    "bilateral_talk": (("requests", "map", False), ("threat", "str", False), ("said", "text", False)),
    "table_rival_draft": (("draft", "map", True), ("letter", "text", False)),
    "co_pen_revision": (("objections", "map?", False),),
    "co_pen_step": (("prefers", "str", False),),
    "cast_vote": (("ballot", "str", True),),
    "explain_vote": (("text", "text", True),),
    "end_turn": (),
}

# The facilitator's commands and their arguments (same form as COMMANDS; "num": a number).
FACILITATOR_COMMANDS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "start": (),  # the negotiation begins (seats claimed so far are the students')
    "pause": (),  # deadlines stop, the seats' commands wait
    "resume": (),
    "speed": (("speed", "num", True),),  # one of SPEEDS: deadlines run this much faster
    "inject": (("id", "str", True),),  # one of the scenario's events, now
    "extend": (("seconds", "num", True),),  # more time for the decision awaited now
    "deadline": (("seconds", "num", True),),  # the time each decision gets from now on
    "seat": (("member", "str", True), ("to", "str", True)),  # to "student" or "agent"
    "end": (),  # every seat to its agent: the negotiation runs to its end
}
SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0)
DEFAULT_DEADLINE = 600.0  # seconds of real time for each decision (10 minutes)


class ClassError(Exception):
    """A request refused, or a class that cannot be reached: the sentence is the server's
    (what the room refused and why) or the client's (why it cannot reach the class)."""


class ProtocolError(ValueError):
    """A message that does not follow the protocol (the sentence says what is wrong)."""


def encode(obj: dict[str, Any]) -> str:
    """A message as sent: compact JSON with the protocol's version."""
    return json.dumps({"v": VERSION, **obj}, separators=(",", ":"), ensure_ascii=False)


def decode(raw: str | bytes, types=CLIENT_TYPES) -> dict[str, Any]:
    """A received message, checked for its form: a JSON object of this protocol's version
    and one of `types`; `ProtocolError` otherwise."""
    if isinstance(raw, bytes | bytearray):
        if len(raw) > MAX_MESSAGE:
            raise ProtocolError(f"message too long ({len(raw)} bytes; at most {MAX_MESSAGE})")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("message is not UTF-8 text") from None
    if len(raw) > MAX_MESSAGE:
        raise ProtocolError(f"message too long ({len(raw)} characters; at most {MAX_MESSAGE})")
    try:
        msg = json.loads(raw)
    except (ValueError, RecursionError):
        raise ProtocolError("message is not JSON") from None
    if not isinstance(msg, dict):
        raise ProtocolError("message is not a JSON object")
    if msg.get("v") != VERSION:
        raise ProtocolError(f"protocol version {str(msg.get('v'))[:10]!r}: this server speaks version {VERSION}")
    if msg.get("type") not in types:
        raise ProtocolError(f"unknown message type {str(msg.get('type'))[:30]!r}; types: {', '.join(types)}")
    return msg


def _arg(name: str, value, kind: str):
    """`value` checked against `kind`, converted as the Session takes it."""
    def fail(what: str):
        raise ProtocolError(f"argument {name}: {what}")

    if kind in ("str", "text"):
        if not isinstance(value, str):
            fail("is not text")
        if len(value) > MAX_TEXT:
            fail(f"longer than {MAX_TEXT} characters")
        if kind == "str" and not value:
            fail("is empty")
        return value
    if kind == "num":
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            fail("is not a number")
        return float(value)
    if kind == "ints":
        if not isinstance(value, list) or len(value) > 100 or not all(
                isinstance(x, int) and not isinstance(x, bool) for x in value):
            fail("is not a list of numbers")
        return list(value)
    if not isinstance(value, dict) or len(value) > 100:
        fail("is not an object")
    out = {}
    for k, v in value.items():
        if kind == "decisions":
            try:
                key = int(k)
            except ValueError:
                fail(f"{str(k)[:20]!r} is not an amendment number")
        else:
            key = k
        if not (isinstance(v, str) and 0 < len(v) <= 200) and not (kind == "map?" and v is None):
            fail(f"{str(k)[:20]}: {str(v)[:20]!r} is not a text's name")
        out[key] = v
    return out


def arguments(spec: tuple[tuple[str, str, bool], ...], args, what: str) -> dict[str, Any]:
    """The arguments of a command, checked against its spec: {name: value converted}; an
    argument not given is left out (the Session's default applies)."""
    if args is None:
        args = {}
    if not isinstance(args, dict):
        raise ProtocolError(f"{what}: args is not an object")
    names = {name for name, _, _ in spec}
    unknown = sorted(set(args) - names)
    if unknown:
        raise ProtocolError(f"{what}: unknown argument {str(unknown[0])[:30]!r}"
                            + (f"; arguments: {', '.join(sorted(names))}" if names else "; it takes none"))
    out = {}
    for name, kind, required in spec:
        if name not in args or (args[name] is None and not required):
            if required:
                raise ProtocolError(f"{what}: argument {name} is missing")
            continue
        out[name] = _arg(name, args[name], kind)
    return out
