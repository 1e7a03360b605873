"""A simulated student: plays one seat of a class through a `ClassClient`, as fast as the
procedure allows, for the tests, the benchmark and demonstrations (``python -m
game.classroom.student URL CODE SEAT``). It decides nothing clever: at each of its turns it
sends the plainest valid move (keep silence, let the vote come, vote yes, agree as a
co-penholder, send the text to blue as penholder), and, with ``amend=True``, asks once per
expert round for another text of the first paragraph its seat would change."""

from __future__ import annotations

import time

from game.classroom.client import ClassClient
from game.classroom.protocol import ClassError

# the plainest move of each kind of turn: (command, arguments)
PLAIN = {
    "amend": ("end_turn", {}),
    "silence": ("end_turn", {}),
    "bilateral": ("end_turn", {}),
    "before_vote": ("end_turn", {}),
    "explain": ("end_turn", {}),
    "vote": ("cast_vote", {"ballot": "yes"}),
    "co_revision": ("co_pen_revision", {}),
    "co_step": ("co_pen_step", {}),
}
PENHOLDER_STEPS = ("put_in_blue", "place_under_silence", "open_expert_round", "seek_rollover")


def moves(client: ClassClient, kind: str, amend: bool) -> list[tuple[str, dict]]:
    """The moves to send for a turn of `kind` (the last one ends the turn)."""
    if kind == "revise":
        s = client.session
        return [(next((step for step in PENHOLDER_STEPS if s.may(step, client.seat)), "put_in_blue"), {})]
    if kind == "amend" and amend:
        st = client.session.state
        for k, issue in enumerate(st.council.issues):
            others = [v for i, v in enumerate(issue.variant_ids) if i != st.draft[k]]
            if others:
                return [("propose_amendments", {"amendments": {issue.id: others[0]}}), ("end_turn", {})]
    return [PLAIN.get(kind, ("end_turn", {}))]


def play(client: ClassClient, *, amend: bool = False, max_moves: int = 500, timeout: float = 120.0,
         latencies: list[float] | None = None, think: float = 0.0, leave_at: str | None = None) -> int:
    """Play the client's seat until the negotiation ends, `max_moves` moves are sent, or
    `timeout` seconds pass; returns the number of moves sent. Each move's round trip
    (send to answer) is appended to `latencies` if given; `think` seconds pass before each
    turn's first move. `leave_at`: stop, without acting, at the first turn of that kind (a
    student who walks out, e.g. under silence). A move the server refuses (the turn moved
    on: a deadline, the facilitator) is not retried."""
    sent, end = 0, time.monotonic() + timeout
    last_turn = None
    while sent < max_moves and time.monotonic() < end:
        def ready(c: ClassClient, seen=last_turn) -> bool:
            return c.finished or (c.connected and c.my_turn and c.status.get("events") != seen)

        if not client.wait(ready, timeout=max(0.0, end - time.monotonic())):
            break
        if client.lost or client.finished:
            break
        last_turn = client.status.get("events")
        p = client.pending
        if p is None:
            continue
        if p["kind"] == leave_at:
            break
        if think:
            time.sleep(think)
        for name, args in moves(client, p["kind"], amend):
            t0 = time.perf_counter()
            try:
                client.send(name, **args)
            except ClassError:
                if not client.connected:  # (the server went: once back, look at the turn again)
                    last_turn = None
                break
            finally:
                if latencies is not None:
                    latencies.append(time.perf_counter() - t0)
                sent += 1
    return sent


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m game.classroom.student", description=__doc__.split("\n\n")[0])
    p.add_argument("url")
    p.add_argument("code")
    p.add_argument("seat")
    p.add_argument("--token", default=None)
    p.add_argument("--amend", action="store_true")
    p.add_argument("--timeout", type=float, default=120.0, help="stop after this many seconds")
    p.add_argument("--think", type=float, default=0.0, help="seconds before each turn's first move")
    p.add_argument("--leave-at", default=None, metavar="KIND", help="leave at the first turn of this kind")
    p.add_argument("--idle", action="store_true", help="take the seat and never act (until --timeout)")
    a = p.parse_args(argv)
    try:
        client = ClassClient(a.url, a.code, seat=a.seat, token=a.token).connect()
    except ClassError as exc:
        print(f"student: {exc}", flush=True)
        return 1
    print(f"{a.seat}: token {client.token}", flush=True)
    if a.idle:
        client.wait(lambda c: c.finished, timeout=a.timeout)
        n = 0
    else:
        n = play(client, amend=a.amend, timeout=a.timeout, think=a.think, leave_at=a.leave_at)
    p = client.pending
    print(f"{a.seat}: {n} moves; {len(client.events)} events; "
          + (f"left at {p['kind']}" if p and p["member"] == a.seat and not client.finished else
             f"outcome {client.status.get('outcome')}"), flush=True)
    client.close()
    return 0 if client.lost is None else 1


if __name__ == "__main__":
    raise SystemExit(main())
