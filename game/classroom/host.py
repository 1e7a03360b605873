"""``penholder host``: start a class (one or several rooms) and serve it until Ctrl-C.

    penholder host --scenario scenarios/minusma_2021.yaml --seed 4 --port 8765
    penholder host --rooms 2 --port 8765                 # a class of 30 in two Councils
    penholder host --resume saves/class-20261203-1500    # after a crash: same rooms, same seats

It prints, for each room, the address to join, the class code and the facilitator's
token, and writes every room's log (and its record of codes and tokens) into the save
folder after every event.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import sys
from pathlib import Path

from game.classroom.protocol import DEFAULT_DEADLINE, ClassError

MAX_ROOMS = 20


def lan_address() -> str:
    """This machine's address on the local network as other machines see it (the source
    address a UDP socket would use; nothing is sent), else 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # (TEST-NET-1: connect on UDP only picks a route)
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def _fail(message: str) -> int:
    print(f"host: {message}", file=sys.stderr)
    return 2


def build_rooms(args) -> list | str:
    """The rooms to serve: new ones from --scenario and --seed, or the saved ones of
    --resume; or a one-line reason why not."""
    import time

    from game.classroom.room import Room, record_path
    from game.errors import ScenarioError
    from game.resources import default_scenario
    from game.scenario import load_scenario

    now = time.monotonic()
    if args.resume:
        folder = Path(args.resume)
        logs = sorted(p for p in folder.glob("*.jsonl") if record_path(p).is_file()) if folder.is_dir() else []
        if not logs:
            return f"--resume {folder}: no saved class there (a folder that 'host' wrote, with room-*.jsonl)"
        try:
            return [Room.resume(p, now) for p in logs]
        except ClassError as exc:
            return str(exc)
    if not 1 <= args.rooms <= MAX_ROOMS:
        return f"--rooms {args.rooms}: from 1 to {MAX_ROOMS}"
    if not 0.1 <= args.deadline <= 24 * 3600:
        return f"--deadline {args.deadline:g}: seconds, from 0.1 to 86400"
    path = args.scenario or str(default_scenario())
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        return str(exc).strip().splitlines()[0]
    folder = Path(args.save_dir) if args.save_dir else _default_folder()
    folder.mkdir(parents=True, exist_ok=True)
    rooms = []
    for k in range(args.rooms):
        room = Room(scenario, args.seed + k, deadline=args.deadline)
        room.save_path = folder / f"room-{k + 1}-{room.code}.jsonl"
        room.save()
        rooms.append(room)
    return rooms


def _default_folder() -> Path:
    from game.resources import saves_dir

    return saves_dir() / f"class-{dt.datetime.now():%Y%m%d-%H%M%S}"


def cmd_host(args) -> int:
    if args.seed is not None and args.seed < 0:
        return _fail(f"--seed {args.seed}: a seed is a whole number >= 0")
    args.seed = args.seed or 0
    if not 0 <= args.port <= 65535:
        return _fail(f"--port {args.port}: from 0 to 65535")
    rooms = build_rooms(args)
    if isinstance(rooms, str):
        return _fail(rooms)
    from game.classroom.server import ClassServer, advertise, service_info

    server = ClassServer(rooms, host=args.bind, port=args.port)

    from game.i18n import reader

    tongue = reader(args)
    _ = tongue.gettext

    def ready(srv) -> None:
        shown = lan_address() if args.bind in ("0.0.0.0", "") else args.bind
        for k, room in enumerate(rooms, 1):
            print(_("room {k}: {title}").format(k=k, title=tongue.text(room.scenario.title)))
            print(_("  join:     ws://{address}:{port}   class code {code}").format(
                address=shown, port=srv.port, code=room.code))
            print(_("  facilitator token: {token}").format(token=room.facilitator_token))
            print(_("  log:      {path}").format(path=room.save_path))
        print(_("serving {n} room(s) on {bind}:{port}; Ctrl-C to stop "
                "(then 'penholder host --resume {folder}' goes on)").format(
                    n=len(rooms), bind=args.bind, port=srv.port, folder=rooms[0].save_path.parent), flush=True)
        if args.advertise:  # pragma: no cover - multicast on the local network: never in tests
            srv.zeroconf = [advertise(service_info(r.code, srv.port, [shown], title=r.scenario.title))
                            for r in rooms]

    try:
        asyncio.run(server.serve_forever(ready))
    except OSError as exc:
        return _fail(f"cannot serve on {args.bind}:{args.port}: {exc.strerror or exc}")
    return 0


def add_parser(command, seed_type) -> None:
    """The ``host`` command's arguments (game/cli.py calls this with its `command`)."""
    host = command(
        "host", "start a class: one Council (or several) served to students on the local network",
        "Start a class: a server holding one negotiation per room, which students join from "
        "their machines ('penholder join') and a facilitator runs ('penholder console'). "
        "Prints the address, the class code and the facilitator's token; every event is saved "
        "at once, and --resume starts a killed server again where it stopped (docs/classroom.md).",
        "penholder host --seed 4 --port 8765",
        "penholder host --rooms 2 --port 8765 --bind 0.0.0.0      # a class of 30, on the network",
        "penholder host --resume saves/class-20261203-150000 --port 8765")
    host.add_argument("--scenario", default=None, metavar="PATH", help="the scenario (default: the shipped one)")
    host.add_argument("--seed", type=seed_type, default=0, metavar="N",
                      help="the seed of room 1 (room k: N+k-1; default 0)")
    host.add_argument("--port", type=int, default=8765, metavar="P", help="TCP port (0: any free one; default 8765)")
    host.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS",
                      help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for the "
                      "local network)")
    host.add_argument("--rooms", type=int, default=1, metavar="N",
                      help=f"parallel Councils, each with its own class code (1 to {MAX_ROOMS}; default 1)")
    host.add_argument("--deadline", type=float, default=DEFAULT_DEADLINE, metavar="SECONDS",
                      help=f"real time each student's decision gets before its agent takes it "
                      f"(default {DEFAULT_DEADLINE:g}; the facilitator changes it)")
    host.add_argument("--save-dir", default=None, metavar="DIR",
                      help="folder for the rooms' logs (default: saves/class-DATE-TIME)")
    host.add_argument("--resume", default=None, metavar="DIR",
                      help="serve the rooms saved in DIR again, where they stopped")
    host.add_argument("--advertise", action="store_true",
                      help="announce the class on the local network (zeroconf), so students find it")
    host.set_defaults(func=cmd_host)
