"""A headless client of the classroom's server, for a pygame loop, a test or a script.

Synchronous on the outside: a background thread runs the WebSockets connection (asyncio),
and the caller's thread reads what it received and sends commands that wait for their
answer. Nothing here draws; the game's screens (game/ui) read `session`, a local
`Session` kept at the point of the events received, exactly as they read a local game's.

    c = ClassClient("ws://192.168.1.20:8765", "K7QX3M", seat="FRA").connect()
    c.token                      # keep it: with it, this seat is yours again after a restart
    c.header                     # the log's header (scenario, seed)
    c.wait(lambda c: c.my_turn, timeout=600)
    c.send("propose_amendments", amendments={"posture": "robust"})   # or ClassError
    c.send("end_turn")
    for ev in c.poll(): ...      # the events received since the last poll, in order
    c.session.state              # the negotiation as it stands (game.state.State)
    c.status["pending"]          # whose decision is awaited, and its seconds left
    c.note("RUS", "Can we talk about OP 4?")
    c.close()

The facilitator: ``ClassClient(url, code, token=FACILITATOR_TOKEN, role="facilitator")``
and `facilitate` ("start", "pause", "resume", "speed", "inject", "extend", "deadline",
"seat", "end": docs/classroom.md). A student without a seat: ``ClassClient(url, code)``,
`connect`, read ``status["seats"]``, then `claim`.

If the connection drops (the server restarted, the network hiccupped), the thread
reconnects on its own to the same seat with its token, for `reconnect_for` seconds, and
asks for the events it has not had (``since``): `events` never has a gap or a double.
While it is away, `connected` is False and `send` raises `ClassError`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable

from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from game.classroom import protocol
from game.classroom.protocol import ClassError, ProtocolError, decode, encode
from game.events import Event, save_log

SERVER_TYPES = (protocol.WELCOME, protocol.EVENTS, protocol.REPLY, protocol.ERROR, protocol.STATUS)


class ClassClient:
    """One connection to a class: a student's seat, the facilitator, or a student choosing
    a seat (see the module's docstring).

    Attributes read by the caller (updated by the background thread; `wait` blocks until
    a condition on them holds): `header` (the log's header, None until seated), `events`
    (every event received, in order, as `game.events.Event`; a note between two other
    delegations arrives without its text), `status` (the room: ``seats`` {member:
    {name, played_by, claimed, connected}}, ``pending`` {member, kind, seconds_left} or
    None, ``started``, ``paused``, ``speed``, ``deadline``, ``finished``, ``outcome``),
    `seat`, `token`, `connected`, `notices` (errors the server sent that answer no
    request)."""

    def __init__(self, url: str, code: str, seat: str | None = None, token: str | None = None,
                 role: str = "student", *, timeout: float = 10.0, reconnect_for: float = 60.0):
        if role not in ("student", "facilitator"):
            raise ValueError(f"role {role!r}: 'student' or 'facilitator'")
        self.url, self.code, self.seat, self.token, self.role = url, code, seat, token, role
        self.timeout, self.reconnect_for = timeout, reconnect_for
        self.header: dict | None = None
        self.events: list[Event] = []
        self.status: dict = {}
        self.connected = False
        self.notices: list[str] = []
        self._polled = 0
        self._cond = threading.Condition()
        self._replies: dict[int, dict] = {}
        self._next_id = 0
        self._welcomed = False
        self._fatal: str | None = None
        self._closing = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ws = None
        self._thread: threading.Thread | None = None
        self._mirror = None
        self._mirror_lock = threading.Lock()

    # --- connecting ---------------------------------------------------------------------
    def connect(self) -> ClassClient:
        """Open the connection and wait for the server's welcome (`timeout`); returns self.
        Raises `ClassError` with the server's reason (a wrong code, a taken seat, a wrong
        token) or when the server cannot be reached."""
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), name=f"class-{self.seat or self.role}",
                                        daemon=True)
        self._thread.start()
        with self._cond:
            self._cond.wait_for(lambda: self._welcomed or self._fatal is not None, self.timeout)
        if self._fatal is not None:
            self.close()
            raise ClassError(self._fatal)
        if not self._welcomed:
            self.close()
            raise ClassError(f"no answer from {self.url} within {self.timeout:g} s")
        return self

    def _hello(self) -> dict:
        return {"type": protocol.HELLO, "code": self.code, "role": self.role, "seat": self.seat,
                "token": self.token, "since": len(self.events)}

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        lost_at: float | None = None
        while not self._closing:
            try:
                async with ws_connect(self.url, max_size=None, compression=None, open_timeout=self.timeout,
                                      ping_interval=10, ping_timeout=20, close_timeout=2) as ws:
                    self._ws = ws
                    await ws.send(encode(self._hello()))
                    async for raw in ws:
                        self._receive(raw)
                        if self._fatal is not None:
                            return
                        if self.connected:
                            lost_at = None
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError):
                pass
            except InvalidURI as exc:
                self._fail(f"{self.url}: not a ws:// address ({exc})")
                return
            self._ws = None
            with self._cond:
                self.connected = False
                self._cond.notify_all()
            if self._closing:
                return
            if not self._welcomed:  # never got in: say so rather than knock forever
                self._fail(f"cannot reach the class at {self.url}")
                return
            lost_at = lost_at or time.monotonic()
            if time.monotonic() - lost_at > self.reconnect_for:
                self._fail(f"lost the class at {self.url} for more than {self.reconnect_for:g} s")
                return
            await asyncio.sleep(0.2)

    def _fail(self, why: str) -> None:
        with self._cond:
            self._fatal = why
            self.connected = False
            self._cond.notify_all()

    def _receive(self, raw) -> None:
        try:
            msg = decode(raw, SERVER_TYPES)
        except ProtocolError as exc:
            with self._cond:
                self.notices.append(f"unreadable message from the server: {exc}")
            return
        kind = msg["type"]
        with self._cond:
            if kind == protocol.WELCOME:
                self.seat = msg.get("seat") or self.seat
                self.token = msg.get("token") or self.token
                if msg.get("header") is not None:
                    self.header = msg["header"]
                self.status = msg.get("status") or self.status
                self._welcomed = self.connected = True
                if msg.get("id") is not None:
                    self._replies[msg["id"]] = msg
            elif kind == protocol.EVENTS:
                for obj in msg.get("events", []):
                    ev = Event.from_json(obj)
                    if ev.seq == len(self.events) + 1:  # (in order; one seen before is skipped)
                        self.events.append(ev)
            elif kind == protocol.STATUS:
                self.status = msg.get("status") or self.status
            elif msg.get("id") is not None:  # a reply, or an error answering a request
                self._replies[msg["id"]] = msg
            elif kind == protocol.ERROR:
                if not self._welcomed:
                    self._fatal = msg.get("message", "refused")
                else:
                    self.notices.append(msg.get("message", ""))
            self._cond.notify_all()

    def close(self) -> None:
        """Leave the class (the seat stays the student's: reconnect with `token`)."""
        self._closing = True
        loop, ws = self._loop, self._ws
        if loop is not None and ws is not None and not loop.is_closed():
            # (a busy machine may take longer than the closing handshake's few seconds: the
            # seat is left all the same, and the thread below ends with the connection)
            with contextlib.suppress(RuntimeError, TimeoutError):
                asyncio.run_coroutine_threadsafe(ws.close(), loop).result(timeout=5)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def __enter__(self) -> ClassClient:
        return self.connect()

    def __exit__(self, *exc) -> None:
        self.close()

    # --- asking -------------------------------------------------------------------------
    def _request(self, msg: dict, timeout: float | None = None) -> dict:
        with self._cond:
            if not self.connected or self._ws is None:
                raise ClassError(self._fatal or "not connected to the class (reconnecting)")
            self._next_id += 1
            mid = self._next_id
            ws, loop = self._ws, self._loop
        msg = {**msg, "code": self.code, "token": self.token, "id": mid}
        fut = asyncio.run_coroutine_threadsafe(ws.send(encode(msg)), loop)
        try:
            fut.result(timeout=timeout or self.timeout)
        except Exception as exc:  # noqa: BLE001 - the connection went while sending
            raise ClassError(f"the message was not sent ({type(exc).__name__})") from None
        with self._cond:
            self._cond.wait_for(lambda: mid in self._replies or not self.connected, timeout or self.timeout)
            reply = self._replies.pop(mid, None)
        if reply is None:
            raise ClassError("no answer from the server (connection lost or too slow): check `events` "
                             "before sending again")
        if reply["type"] == protocol.ERROR:
            raise ClassError(reply.get("message", "refused"))
        return reply

    def send(self, command: str, **args) -> dict:
        """Make this seat's move: the Session's command `command` (protocol.COMMANDS) with
        its arguments by name. Returns the server's answer (``events``: the numbers of the
        events it made, already in `events`); raises `ClassError` with the server's
        sentence if refused (nothing changed)."""
        return self._request({"type": protocol.COMMAND, "command": command, "args": args})

    def note(self, to: str, text: str, channel: str = "note") -> dict:
        """Write to another delegation (``channel``: "note", or "chat" for a bilateral's
        chat): only it and the facilitator read it."""
        return self._request({"type": protocol.NOTE, "to": to, "text": text, "channel": channel})

    def facilitate(self, command: str, **args) -> dict:
        """The facilitator's commands (protocol.FACILITATOR_COMMANDS), e.g.
        ``facilitate("seat", member="CHN", to="agent")``."""
        return self._request({"type": protocol.FACILITATE, "command": command, "args": args})

    def seen(self, step: int) -> None:
        """Say that this seat's window shows the decision awaited from it (``step``: the
        status's ``pending.step``), so that its clock starts (docs/classroom.md,
        Deadlines). Sent and not waited for: nothing answers it but the next status."""
        with self._cond:
            if not self.connected or self._ws is None:
                return
            ws, loop = self._ws, self._loop
        text = encode({"type": protocol.SEEN, "code": self.code, "token": self.token, "step": step})

        async def send() -> None:
            with contextlib.suppress(ConnectionClosed):
                await ws.send(text)

        with contextlib.suppress(RuntimeError):  # (the connection's loop has just ended)
            asyncio.run_coroutine_threadsafe(send(), loop)

    def claim(self, seat: str) -> str:
        """Take a free seat (a student connected without one); returns its token."""
        reply = self._request({"type": protocol.CLAIM, "seat": seat})
        return reply.get("token") or self.token

    def ask_status(self) -> dict:
        """The room's status now, asked of the server (`status` is the last one pushed).
        The facilitator's also has ``server``: messages answered, and the median and 95th
        percentile of the time the last moves took on the server (``p50_ms``, ``p95_ms``)."""
        reply = self._request({"type": protocol.STATUS})
        return {**reply["status"], **({"server": reply["server"]} if "server" in reply else {})}

    # --- reading ------------------------------------------------------------------------
    def poll(self) -> list[Event]:
        """The events received since the last poll, in order."""
        with self._cond:
            new = self.events[self._polled:]
            self._polled = len(self.events)
        return new

    def wait(self, predicate: Callable[[ClassClient], bool], timeout: float | None = None) -> bool:
        """Block until `predicate(self)` holds (checked whenever a message arrives) or
        `timeout` seconds pass; returns whether it holds. Ends early if the class is lost."""
        with self._cond:
            return self._cond.wait_for(lambda: self._fatal is not None or predicate(self), timeout) and (
                self._fatal is None or predicate(self))

    @property
    def lost(self) -> str | None:
        """Why the class was lost for good (None while connected or reconnecting)."""
        return self._fatal

    @property
    def pending(self) -> dict | None:
        """The decision awaited: {member, kind, seconds_left}, or None."""
        return self.status.get("pending")

    @property
    def my_turn(self) -> bool:
        """Whether the server awaits this seat's decision now."""
        p = self.status.get("pending")
        return p is not None and self.seat is not None and p.get("member") == self.seat and not self.status.get(
            "paused")

    @property
    def finished(self) -> bool:
        return bool(self.status.get("finished"))

    @property
    def session(self):
        """A local `game.session.Session` at the point of the events received: the same
        negotiation re-run from the header's scenario and seed with the recorded decisions
        (`game.replay.drive`), so the screens read its `state` and ask it `may(...)` as in
        a local game. Commands go to the server (`send`), never to this copy."""
        from game.replay import ReplayError, drive, scenario_of
        from game.session import CommandError, Session, seed_from_json

        with self._cond:
            header, events = self.header, list(self.events)
        if header is None:
            raise ClassError("no seat yet: the negotiation is read once seated")
        with self._mirror_lock:
            s = self._mirror
            if s is None:
                scenario, data = scenario_of(header)
                s = self._mirror = Session(scenario, seed_from_json(header["seed"]),
                                           outside=header.get("outside") or [], scenario_data=data)
            n = len(s.log)
            try:
                drive(s, events, stop_at=len(events))
            except (ReplayError, CommandError, ValueError, KeyError) as exc:
                raise ClassError(f"the local copy of the negotiation cannot follow the server's log: {exc}") from None
            for ours, theirs in zip(s.log[n:], events[n:], strict=False):
                if ours.to_json() != theirs.to_json():
                    raise ClassError(f"the local copy differs from the server's log at event {theirs.seq}")
            return s

    def may(self, trigger: str) -> bool:
        """Whether this seat may `trigger` now (its turn, and the procedure allows it)."""
        return self.my_turn and self.session.may(trigger, self.seat)

    def save(self, path) -> None:
        """Write the log received (header and events) to `path`, atomically: the debrief,
        the report and replay read it like any saved game (a facilitator's copy is whole;
        a student's lacks the text of other delegations' notes)."""
        if self.header is None:
            raise ClassError("no log to save yet")
        with self._cond:
            events = list(self.events)
        save_log(path, self.header, events)


def main(argv: list[str] | None = None) -> int:
    """``python -m game.classroom.client URL CODE --token T COMMAND [NAME=VALUE ...]``: one of
    the facilitator's commands from a terminal (the console does the same with buttons);
    ``status`` prints the room, ``save LOG`` writes the facilitator's copy of the log."""
    import argparse
    import json

    p = argparse.ArgumentParser(prog="python -m game.classroom.client", description=main.__doc__.split("\n")[0])
    p.add_argument("url")
    p.add_argument("code")
    p.add_argument("--token", required=True, help="the facilitator's token (printed by 'penholder host')")
    p.add_argument("command", help=f"status, save, or one of {', '.join(protocol.FACILITATOR_COMMANDS)}")
    p.add_argument("args", nargs="*", metavar="NAME=VALUE", help="e.g. seconds=120, member=CHN to=agent")
    a = p.parse_args(argv)
    try:
        with ClassClient(a.url, a.code, token=a.token, role="facilitator") as c:
            if a.command == "save":
                if len(a.args) != 1:
                    print("save LOG: one file name", flush=True)
                    return 2
                c.wait(lambda c: len(c.events) >= c.status.get("events", 0), c.timeout)
                c.save(a.args[0])
                print(f"{a.args[0]}: {len(c.events)} events", flush=True)
            elif a.command != "status":
                args = {}
                for item in a.args:
                    name, _, value = item.partition("=")
                    try:
                        args[name] = float(value)
                    except ValueError:
                        args[name] = value
                c.facilitate(a.command, **args)
            print(json.dumps(c.ask_status(), indent=1), flush=True)
    except ClassError as exc:
        print(f"{a.command}: {exc}", flush=True)
        return 1
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
