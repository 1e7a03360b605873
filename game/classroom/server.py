"""The classroom's server: rooms (game/classroom/room.py) behind one WebSockets port.

One asyncio loop holds every room; each connection is a student's seat, a facilitator or a
student still choosing a seat (the lobby). Every message is checked (protocol, class code,
token: `_party`) before anything is read from it; a refusal is an ``error`` to that client
alone. After every change the room's new events go to each of its connections, filtered by
`Room.visible` (a note reaches its two delegations and the facilitator only), then the
status to all of them, then the answer to the client that asked. A stranger without the
class code gets one ``error`` and the connection is closed.

A task ticks the rooms' deadlines a few times a second. The server binds 127.0.0.1 unless
told otherwise (`penholder host --bind`); `advertise` only builds the zeroconf record.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from game.classroom import protocol
from game.classroom.protocol import ClassError, ProtocolError, decode, encode
from game.classroom.room import Room

TICK = 0.1  # seconds between two looks at the deadlines
SERVICE_TYPE = "_penholder._tcp.local."


@dataclass(eq=False)
class Connection:
    ws: ServerConnection
    room: Room
    role: str  # "student" or "facilitator"
    seat: str | None = None  # a student's seat (None: in the lobby, choosing one)
    token: str | None = None
    sent: int = 0  # events of the room's log sent so far
    open: bool = True
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class ClassServer:
    """Serves `rooms` (by class code) on host:port; `start` binds, `serve_forever` runs."""

    def __init__(self, rooms: list[Room], host: str = "127.0.0.1", port: int = 0):
        self.rooms = {room.code: room for room in rooms}
        for room in rooms:
            room.autosave = False  # (saved by `_commit`, off the loop)
        self._saving = {code: asyncio.Lock() for code in self.rooms}
        self.host, self.port = host, port
        self.connections: dict[str, set[Connection]] = {code: set() for code in self.rooms}
        self._server = None
        self.handled = 0  # messages answered
        # how long the last moves took here, from their arrival to their answer (seconds):
        # the facilitator's `status` reply carries its median and 95th percentile
        self.timings: collections.deque[float] = collections.deque(maxlen=2000)
        # several rooms: the class report, written once every room has voted (its path)
        self.class_report: Path | str | None = None

    @staticmethod
    def now() -> float:
        return time.monotonic()

    async def start(self) -> int:
        """Bind and listen; returns the port (the one the system chose for port 0)."""
        self._server = await serve(self._handle, self.host, self.port, max_size=protocol.MAX_MESSAGE,
                                   compression=None, ping_interval=10, ping_timeout=20)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def serve_forever(self, ready=None) -> None:
        await self.start()
        if ready is not None:
            ready(self)
        ticker = asyncio.create_task(self._ticker())
        try:
            await self._server.serve_forever()
        finally:
            ticker.cancel()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()

    def load(self) -> dict:
        """The server's own figures: messages answered, and the time the last moves took
        here (arrival to answer, the room's broadcast and the log's write included), ms."""
        out: dict = {"messages": self.handled, "rooms": len(self.rooms), "moves_timed": len(self.timings)}
        if len(self.timings) >= 2:
            q = statistics.quantiles(self.timings, n=100, method="inclusive")
            out.update(p50_ms=round(q[49] * 1000, 1), p95_ms=round(q[94] * 1000, 1))
        return out

    # --- deadlines ----------------------------------------------------------------------
    async def _ticker(self) -> None:
        while True:
            await asyncio.sleep(TICK)
            now = self.now()
            for room in self.rooms.values():
                try:
                    if room.tick(now) or room.touched:
                        room.touched = False
                        await self._commit(room)
                except Exception as exc:  # noqa: BLE001 - one room's failure must not stop the others' clocks
                    _report(room, "a deadline", exc)

    # --- one connection ---------------------------------------------------------------------
    async def _handle(self, ws: ServerConnection) -> None:
        conn: Connection | None = None
        try:
            async for raw in ws:
                try:
                    msg = decode(raw)
                except ProtocolError as exc:
                    await self._send(ws, {"type": protocol.ERROR, "message": str(exc)})
                    if conn is None:
                        return
                    continue
                mid = msg.get("id")
                if conn is None:
                    try:
                        conn = await self._hello(ws, msg)
                    except ClassError as exc:
                        await self._send(ws, {"type": protocol.ERROR, "id": mid, "message": str(exc)})
                        return  # (a stranger, a wrong token: nothing more on this connection)
                    continue
                t0 = time.perf_counter()
                try:
                    await self._dispatch(conn, msg)
                    if msg["type"] == protocol.COMMAND:
                        self.timings.append(time.perf_counter() - t0)
                except ClassError as exc:
                    await self._send(ws, {"type": protocol.ERROR, "id": mid, "message": str(exc)})
                except Exception as exc:  # noqa: BLE001 - a bug: said to the client and on the console
                    _report(conn.room, f"a {msg.get('type')} message", exc)
                    await self._send(ws, {"type": protocol.ERROR, "id": mid,
                                          "message": f"the server failed on this message ({type(exc).__name__})"})
                self.handled += 1
        except ConnectionClosed:
            pass
        finally:
            if conn is not None:
                conn.open = False
                self.connections[conn.room.code].discard(conn)
                if conn.seat is not None and conn.role == "student":
                    conn.room.seats[conn.seat].connected -= 1
                    await self._publish(conn.room)

    async def _hello(self, ws: ServerConnection, msg: dict) -> Connection:
        if msg["type"] != protocol.HELLO:
            raise ClassError("say hello first (with the class code)")
        room = self.rooms.get(msg.get("code")) if isinstance(msg.get("code"), str) else None
        if room is None:
            raise ClassError("wrong class code")
        room.check_code(msg.get("code"))
        role = msg.get("role", "student")
        now = self.now()
        if role == "facilitator":
            room.check_facilitator(msg.get("token"))
            conn = Connection(ws, room, role, token=msg.get("token"))
        elif role == "student":
            seat, token = msg.get("seat"), msg.get("token")
            conn = Connection(ws, room, role)
            if seat is not None and token is None:  # a new student takes a seat
                token, _events = room.claim(seat, now)
            if seat is not None:
                room.check_student(seat, token)
                conn.seat, conn.token = seat, token
                room.seats[seat].connected += 1
        else:
            raise ClassError(f"role {str(role)[:20]!r}: 'student' or 'facilitator'")
        since = msg.get("since", 0)
        conn.sent = since if isinstance(since, int) and 0 <= since <= len(room.session.log) else 0
        await self._save(room)  # (a claim's token and take_seat on disk before the welcome)
        self.connections[room.code].add(conn)
        await self._welcome(conn, msg.get("id"))
        await self._publish(room)
        return conn

    async def _welcome(self, conn: Connection, mid=None) -> None:
        room = conn.room
        await self._send(conn.ws, {"type": protocol.WELCOME, "id": mid, "role": conn.role, "seat": conn.seat,
                                   "token": conn.token if conn.role == "student" else None,
                                   "header": room.header if (conn.seat or conn.role == "facilitator") else None,
                                   "status": room.status(self.now())})

    async def _dispatch(self, conn: Connection, msg: dict) -> None:
        room, now, mid = conn.room, self.now(), msg.get("id")
        room.check_code(msg.get("code"))
        kind = msg["type"]
        if conn.role == "facilitator":
            room.check_facilitator(msg.get("token"))
        elif conn.seat is not None:
            room.check_student(conn.seat, msg.get("token"))
        if kind == protocol.STATUS:
            reply = {"type": protocol.REPLY, "id": mid, "status": room.status(now)}
            if conn.role == "facilitator":
                reply["server"] = self.load()
            await self._send(conn.ws, reply)
            return
        if kind == protocol.HELLO:
            raise ClassError("already connected")
        if kind == protocol.SEEN:  # (no reply: the status says the clock runs)
            if conn.seat is not None and room.seen(conn.seat, msg.get("step"), now):
                room.touched = False
                await self._publish(room)
            return
        if kind == protocol.CLAIM:
            if conn.role != "student" or conn.seat is not None:
                raise ClassError("only a student without a seat claims one")
            token, _events = room.claim(msg.get("seat"), now)
            conn.seat, conn.token = msg["seat"], token
            room.seats[conn.seat].connected += 1
            await self._save(room)
            await self._welcome(conn, mid)
            await self._publish(room)
            return
        if kind == protocol.FACILITATE:
            if conn.role != "facilitator":
                raise ClassError("only the facilitator may do that")
            events = room.facilitate(msg.get("command"), msg.get("args"), now)
        elif conn.seat is None:
            raise ClassError("claim a seat first")
        elif kind == protocol.COMMAND:
            events = room.command(conn.seat, msg.get("command"), msg.get("args"), now)
        else:  # NOTE
            events = [room.note(conn.seat, msg.get("to"), msg.get("text"), msg.get("channel", "note"))]
        await self._commit(room)
        await self._send(conn.ws, {"type": protocol.REPLY, "id": mid, "ok": True,
                                   "events": [ev.seq for ev in events]})

    # --- sending ----------------------------------------------------------------------------
    async def _send(self, ws: ServerConnection, obj: dict) -> None:
        with contextlib.suppress(ConnectionClosed):
            await ws.send(encode(obj))

    async def _save(self, room: Room) -> int:
        """Write the room (`Room.write`) on a worker thread, one write at a time per room,
        from a snapshot taken here; returns the number of events on disk."""
        async with self._saving[room.code]:
            if room.save_path is None:
                return len(room.session.log)
            lines, record = room.snapshot()
            if len(lines) - 1 > room.saved or record != room._record_written:
                await asyncio.to_thread(room.write, lines, record)
            return room.saved

    async def _commit(self, room: Room) -> None:
        """After a change: save, then publish what is saved (a client never reads an event
        a crash could lose); when that change ends the last room of several, the class
        report (`_class_report`)."""
        await self._publish(room, await self._save(room))
        if (self.class_report is None and len(self.rooms) > 1 and room.session.finished
                and all(r.session.finished and r.save_path is not None and r.saved == len(r.session.log)
                        for r in self.rooms.values())):
            self.class_report = await asyncio.to_thread(self._class_report)

    def _class_report(self) -> Path | str:
        """The rooms side by side (`penholder class-report` on their logs), written beside
        them once every room has voted: what the facilitator projects for the whole class's
        debrief. Without AI runs (quick, on the server's machine while students read their
        debriefs): the command it prints adds them. Returns the report's path, or why not."""
        from game.debrief.classreport import ClassReportError, write_class_report

        logs = [r.save_path for r in self.rooms.values()]
        out = logs[0].parent / "class-report.html"
        try:
            write_class_report(logs, out, runs=0)
        except (ClassReportError, OSError) as exc:
            print(f"class report: not written ({exc})", flush=True)
            return str(exc)
        print(f"every room has voted: the class report is {out} (with AI runs: penholder class-report "
              f"{' '.join(str(p) for p in logs)} --out {out})", flush=True)
        return out

    async def _publish(self, room: Room, upto: int | None = None) -> None:
        """Each connection of the room gets the events it has not had, up to `upto` (those
        on disk; default: the events saved so far), as it may read them, and the status."""
        log = room.session.log
        if upto is None:
            upto = room.saved if room.save_path is not None else len(log)
        status = encode({"type": protocol.STATUS, "status": room.status(self.now())})
        same: dict[tuple, str] = {}  # (from, to) -> the message, for the connections that read it whole
        for conn in list(self.connections[room.code]):
            if not conn.open:
                continue
            async with conn.lock:
                if conn.seat is not None or conn.role == "facilitator":
                    n = min(len(log), upto)
                    if conn.sent < n:
                        key = (conn.sent, n)
                        text = same.get(key)
                        if text is None:
                            facilitator = conn.role == "facilitator"
                            batch = [Room.visible(ev.to_json(), conn.seat, facilitator) for ev in log[conn.sent:n]]
                            text = encode({"type": protocol.EVENTS, "events": batch})
                            if not any(ev.kind == "note" for ev in log[conn.sent:n]):
                                same[key] = text  # (no note: every reader reads the same)
                        conn.sent = n
                        with contextlib.suppress(ConnectionClosed):
                            await conn.ws.send(text)
                with contextlib.suppress(ConnectionClosed):
                    await conn.ws.send(status)


def _report(room: Room, what: str, exc: Exception) -> None:
    """A failure of the server's own (not a refusal): one line on its console, with where."""
    import sys
    import traceback

    where = traceback.extract_tb(exc.__traceback__)[-1]
    print(f"host: room {room.code}: {what} failed: {type(exc).__name__}: {exc} "
          f"({where.filename}:{where.lineno})", file=sys.stderr, flush=True)


def service_info(code: str, port: int, addresses: list[str], name: str = "Penholder class", title: str = ""):
    """The zeroconf record that announces a class on the local network (`host --advertise`):
    a ``_penholder._tcp`` service at `addresses`:`port`, its class code and the protocol's
    version in its properties. Building it sends nothing; `advertise` registers it."""
    import ipaddress
    import socket

    from zeroconf import ServiceInfo

    packed = [socket.inet_pton(socket.AF_INET6 if ipaddress.ip_address(a).version == 6 else socket.AF_INET, a)
              for a in addresses]
    label = f"{name} {code}"
    return ServiceInfo(SERVICE_TYPE, f"{label}.{SERVICE_TYPE}", port=port, addresses=packed,
                       properties={"code": code, "v": str(protocol.VERSION), "title": title[:100]},
                       server=f"penholder-{code.lower()}.local.")


def advertise(info):  # pragma: no cover - sends multicast: never run in tests or benchmarks
    """Register `info` on the local network; returns the Zeroconf object (close it to stop)."""
    from zeroconf import Zeroconf

    zc = Zeroconf()
    zc.register_service(info)
    return zc
