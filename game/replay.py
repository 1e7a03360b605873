"""Replaying saved logs: rebuild the state from the events (no dice rolled), and verify a
log by re-running the negotiation from its header (scenario + seed) and the recorded
outside decisions, naming the first event that differs."""

from __future__ import annotations

import os
from dataclasses import dataclass

from game import rules
from game.events import Event, LogError, LogFile, read_log_file
from game.session import Session, seed_from_json
from game.state import State, apply


class ReplayError(Exception):
    pass


def scenario_of(header: dict):
    """The scenario embedded in a log header, checked against its hash and validated
    (`ReplayError` with the first problem otherwise)."""
    from game.errors import ScenarioError
    from game.scenario import scenario_from_data, scenario_hash

    data = header.get("scenario")
    if not isinstance(data, dict):
        raise ReplayError("the log header holds no scenario")
    try:
        digest = scenario_hash(data)
    except (TypeError, ValueError, RecursionError) as exc:
        raise ReplayError(f"the scenario in the log header cannot be hashed: {exc}") from None
    if digest != header.get("scenario_hash"):
        raise ReplayError("the scenario in the log header does not match its hash (altered?)")
    try:
        return scenario_from_data(data, source="<log header>"), data
    except ScenarioError as exc:
        problems = [p.replace("<log header>:0: ", "", 1) for p in str(exc).strip().splitlines()]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise ReplayError(f"the scenario in the log header is not valid: {problems[0] if problems else exc}"
                          f"{more}") from None
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        raise ReplayError(f"the scenario in the log header is not valid: {exc}") from None


def _seed(header: dict):
    try:
        return seed_from_json(header["seed"])
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise ReplayError(f"the header's seed {str(header.get('seed'))[:40]!r} is not a seed ({exc})") from None


@dataclass
class LoadedLog:
    """A log read and checked by `load_log`: every event applies to the state and reads
    as text, so any command can use it without meeting a damaged record."""

    path: str
    log: LogFile
    scenario: object
    data: dict
    state: State

    @property
    def header(self) -> dict:
        return self.log.header

    @property
    def events(self) -> list[Event]:
        return self.log.events


def load_log(path) -> LoadedLog:
    """The one way every command opens a saved session: `game.events.read_log_file`
    (bounded; lines split on b"\n" only), the header's scenario (hash and validity), then
    each event applied (`game.state.apply`) and narrated (`game.narrate`), so a damaged or
    edited log is refused here, as one `LogError` naming the file and the line, and never
    later as a traceback in a report."""
    from game.narrate import Narrator, log_salt

    log = read_log_file(path)
    name = log.path
    try:
        scenario, data = scenario_of(log.header)
        _seed(log.header)
        _check_outside(log.header, scenario)
    except ReplayError as exc:
        raise LogError(f"{name}:1: {exc}") from None
    state = State(scenario)
    narrator = Narrator(scenario, salt=log_salt(log.header.get("seed")))
    for ev, line in zip(log.events, log.lines, strict=True):
        try:
            check_event_data(ev)
            apply(state, ev)
            narrator.day(ev.t)
            narrator.lines(ev, state)
            if ev.kind in ("break_silence", "bilateral_talk"):
                narrator.letter(ev)
            elif ev.kind == "explain_vote":
                narrator.explanation(ev)
        except Exception as exc:  # noqa: BLE001 - any record the state or the narration cannot take
            raise LogError(f"{name}:{line}: event {ev.seq} ({ev.kind[:40]}) cannot be applied: "
                           f"{_short(exc)}") from None
    return LoadedLog(name, log, scenario, data, state)


# The types of the data fields the state, the narration and the reports read, by event
# kind. A field may be absent (the code that needs it says so); present, it must have its
# type. Fields not listed are not checked (a newer engine may add some): list a field here
# when code starts reading it.
_REASON = ("obj", {"issue": "str", "text": "str", "want": "str", "red_line": "bool", "distance": "num", "grounds": "str",
                   "objection": "num", "own_position": "num", "salience": "num", "text_position": "num",
                   "consensus_weight": "num"})
_REASONS = ("list", _REASON)
_REQUEST = ("obj", {"issue": "str", "variant": "str", "id": "int"})
_DATA: dict[str, dict] = {
    "propose_amendments": {"amendments": ("list", ("obj", {"id": "int", "issue": "str", "variant": "str",
                                                            "reasons": _REASONS})),
                           "backs": ("list", "int"),
                           "inferred": ("obj", {"unity": "num", "reversion": "num"})},
    "seek_support": {"target": "str", "issue": "str", "variant": "str", "answer": "str"},
    "decide_amendments": {"decisions": ("list", ("obj", {"amendment": "int", "decision": "str",
                                                          "variant": "str", "reasons": _REASONS}))},
    "circulate_zero_draft": {"draft": ("map", "str"), "revision": "int"},
    "circulate_revision": {"draft": ("map", "str"), "revision": "int"},
    "open_expert_round": {"round": "int"},
    "place_under_silence": {"deadline": "int", "revision": "int"},
    "break_silence": {"requests": ("list", _REQUEST), "reasons": _REASONS, "silence": "int", "with": "str",
                      "letter": "str", "threat": "str"},
    "package_deal": {"with": "str", "offer": "int", "amendment": "int",
                     "gets": ("obj", {"issue": "str", "variant": "str"}),
                     "gives": ("obj", {"issue": "str", "variant": "str"})},
    "hold_bilaterals": {"with_": ("list", "str")},
    "bilateral_talk": {"with": "str", "requests": ("list", _REQUEST), "reasons": _REASONS, "silence": "int",
                       "said": "str", "threat": "str",
                       "inferred": ("obj", {"unity": "num", "reversion": "num"})},
    "co_pen_revision": {"revision": "int", "proposed": ("map", "str"), "agrees": "bool",
                        "objections": ("list", ("obj", {"issue": "str", "variant": "str", "instead": "str",
                                                         "outcome": "str", "reasons": _REASONS}))},
    "co_pen_step": {"proposed": "str", "agrees": "bool", "prefers": "str"},
    "put_in_blue": {"objections": ("list", "str"), "revision": "int"},
    "cast_vote": {"ballot": "str", "reasons": _REASONS},
    "declare_result": {"tally": "str", "on": "str", "rival": "int", "result": "str"},
    "call_vote": {"on": "str", "sponsor": "str", "rival": "int"},
    "table_rival_draft": {"number": "int", "draft": ("map", "str"), "reasons": ("list", ("obj", {})),
                          "letter": "str", "inferred": ("obj", {"unity": "num", "reversion": "num"})},
    "explain_vote": {"ballot": "str", "concerns": _REASONS, "welcomes": _REASONS, "group": "str",
                     "host": "bool", "on_behalf_of": ("list", "str"), "text": "str",
                     "on": "str", "sponsor": "str", "rival": "int", "result": "str"},
    "seek_rollover": {"count": ("obj", {"text": "num", "veto": "num", "rollover": "num"})},
    "inject": {"id": "str", "timed": "bool", "step": "int"},
    "take_seat": {"member": "str", "by": "str", "step": "int"},
    "note": {"to": "str", "text": "str", "channel": "str", "step": "int"},
    "deadline_missed": {"turn": "str", "step": "int"},
    "end_turn": {"turn": "str"},
}
_TYPES = {"str": (str,), "int": (int,), "num": (int, float), "bool": (bool,)}


def _type_problem(value, spec, where: str) -> str | None:
    if isinstance(spec, str):
        ok = isinstance(value, _TYPES[spec]) and (spec == "bool" or not isinstance(value, bool))
        return None if ok else f"{where} is {_kind(value)}, not {'a number' if spec == 'num' else 'a ' + spec}"
    form, inner = spec
    if form == "list":
        if not isinstance(value, list):
            return f"{where} is {_kind(value)}, not a list"
        for i, x in enumerate(value):
            problem = _type_problem(x, inner, f"{where}[{i}]")
            if problem:
                return problem
        return None
    if not isinstance(value, dict):
        return f"{where} is {_kind(value)}, not an object"
    if form == "map":
        for k, x in value.items():
            problem = _type_problem(x, inner, f"{where}.{k[:20]}")
            if problem:
                return problem
        return None
    for k, sub in inner.items():
        if k in value:
            problem = _type_problem(value[k], sub, f"{where}.{k}")
            if problem:
                return problem
    return None


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def check_event_data(ev: Event) -> None:
    """Raise ValueError if a field of `ev.data` the code reads has the wrong type."""
    problem = _type_problem(ev.data, ("obj", _DATA.get(ev.kind, {})), "data")
    if problem:
        raise ValueError(problem)


def _check_outside(header: dict, scenario) -> None:
    unknown = [m for m in header.get("outside") or [] if m not in scenario.members]
    if unknown:
        raise ReplayError(f"the header's outside seats {', '.join(x[:12] for x in unknown[:3])} "
                          "are not members of its scenario")


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, KeyError):
        text = f"no {text}"
    return text if len(text) <= 200 else text[:197] + "..."


def seats_at_end(header: dict, events: list[Event]) -> list[str]:
    """The seats played from outside when the log ends: the header's, changed by the log's
    ``take_seat`` events (a class's students claim seats during the session, the facilitator
    hands them back to agents). In order: the header's first, then as they were taken. A
    resumed game takes the first; a class log's header alone would say "watch"."""
    seats = list(header.get("outside") or [])
    for ev in events:
        if ev.kind == "take_seat":
            m = ev.data.get("member")
            if ev.data.get("by") == "student" and m not in seats:
                seats.append(m)
            elif ev.data.get("by") == "agent" and m in seats:
                seats.remove(m)
    return seats


def replay_state(header: dict, events: list[Event]) -> State:
    """Rebuild the state by applying the recorded events, in order."""
    scenario, _ = scenario_of(header)
    state = State(scenario)
    for ev in events:
        try:
            apply(state, ev)
        except Exception as exc:  # an inconsistent log: say where
            raise ReplayError(f"event {ev.seq} ({ev.kind}) cannot be applied: {exc}") from exc
    return state


def replay_command(session: Session, ev: Event) -> None:
    """Issue the command that produced a recorded outside-seat event."""
    a, d, k = ev.actor, ev.data, ev.kind
    if k == "propose_amendments":
        session.propose_amendments(a, {x["issue"]: x["variant"] for x in d.get("amendments", [])},
                                   d.get("backs", []))
    elif k == "seek_support":
        session.seek_support(a, d["target"], d["issue"], d["variant"])
    elif k == "decide_amendments":  # (the lead's own choice, before its co-penholders answered)
        session.decide_amendments(a, {x["amendment"]: x.get("proposed", x["variant"]) for x in d["decisions"]})
    elif k == "circulate_revision":
        session.circulate_revision(a)
    elif k in ("open_expert_round", "place_under_silence", "put_in_blue", "seek_rollover",
               "hold_bilaterals"):
        getattr(session, k)(a)
    elif k == "break_silence":
        session.break_silence(a, {r["issue"]: r["variant"] for r in d["requests"]}, d.get("letter"),
                              d.get("threat"))
    elif k == "bilateral_talk":
        session.bilateral_talk(a, {r["issue"]: r["variant"] for r in d["requests"]}, d.get("threat"),
                               d.get("said"))
    elif k == "package_deal":
        session.accept_package(a, d["with"])
    elif k == "table_rival_draft":
        session.table_rival_draft(a, d["draft"], d.get("letter"))
    elif k == "co_pen_revision":
        session.co_pen_revision(a, {o["issue"]: o["instead"] for o in d.get("objections", [])})
    elif k == "co_pen_step":
        session.co_pen_step(a, d.get("prefers"))
    elif k == "cast_vote":
        session.cast_vote(a, d["ballot"])
    elif k == "explain_vote":
        session.explain_vote(a, d.get("text", ""))
    elif k == "end_turn":
        session.end_turn(a)
    elif k == "deadline_missed":
        session.play_for(a)
    else:
        raise ReplayError(f"event {ev.seq}: {k} is not a decision an outside seat makes")


_CO_PEN = ("co_pen_revision", "co_pen_step")
# events made between turns, at the turn count they record (`step`): a facilitator's inject,
# a seat handed to a student or an agent, a note between delegations (game/classroom)
_PLACED = ("inject", "take_seat", "note")


def place(session: Session, ev: Event) -> None:
    """Make again an event recorded between turns (one of `_PLACED`)."""
    if ev.kind == "inject":
        session.inject(ev.data["id"])
    elif ev.kind == "take_seat":
        session.take_seat(ev.data["member"], ev.data["by"])
    else:
        session.note(ev.actor, {k: v for k, v in ev.data.items() if k != "step"})


def drive(session: Session, events: list[Event], stop_at: int | None = None) -> None:
    """Run `session`, taking every outside decision and facilitator inject from `events`
    (a recorded log), until the negotiation ends, the recorded decisions run out, or the
    log holds `stop_at` events."""
    while True:
        n = len(session.log)
        if stop_at is not None and n >= stop_at:
            return
        nxt = events[n] if n < len(events) else None
        if (nxt is not None and nxt.kind in _PLACED and not nxt.data.get("timed")
                and nxt.data.get("step") == session.steps):
            place(session, nxt)  # a facilitator's inject, a seat handed over, a note: where made
            continue
        if session.pending is not None:
            k = n
            answers = []  # agent co-penholders' answers to a lead played from outside
            while k < len(events) and (events[k].kind == "inject" and events[k].data.get("timed")
                                       or events[k].kind in _CO_PEN and events[k].actor != session.pending.member):
                if events[k].kind in _CO_PEN:
                    answers.append(events[k])
                k += 1  # a dated event the command's own time fires first (Session._record)
            cmd = events[k] if k < len(events) else None
            if cmd is None:
                return  # the recorded session stopped here (saved mid-game)
            if session.pending.kind == "before_vote" and not (
                    cmd.kind in ("table_rival_draft", "deadline_missed") and cmd.actor == session.pending.member):
                session.end_turn(session.pending.member)  # it let the vote come (nothing recorded)
                continue
            if cmd.actor != session.pending.member:
                raise ReplayError(
                    f"event {cmd.seq}: the log has {cmd.kind} by {cmd.actor} where "
                    f"{session.pending.member} was to act ({session.pending.kind})"
                )
            asked = [e.data["proposed"] for e in answers if e.kind == "co_pen_step"]
            if asked and cmd.kind in rules.NEXT_STEPS_BY_CAUTION:
                getattr(session, asked[0])(cmd.actor)  # the step the lead chose; they changed it
            else:
                replay_command(session, cmd)
            continue
        if session.finished:
            return
        session.step()


def restore(header: dict, events: list[Event], upto: int | None = None, *, scenario=None,
            council=None, procedure=None) -> Session:
    """A live session at the point of a saved log: re-run from the header with the recorded
    outside decisions, up to event `upto` (default: the end). One turn may write several
    events (a silence's breaks), so the session stops at the first turn boundary at or
    after `upto` (`len(session.log)` says where). The game's Resume, forks and "what if"
    continuations start here. Callers restoring the same log many times pass the
    `scenario` (from `scenario_of`), a `council` and a `procedure` to reuse."""
    data = header.get("scenario")
    if scenario is None:
        scenario, data = scenario_of(header)
    if upto is not None and not 0 <= upto <= len(events):
        raise ReplayError(f"event {upto} is not in the log (it has events 1 to {len(events)})")
    try:
        session = Session(scenario, _seed(header), outside=header.get("outside", []),
                          scenario_data=data, council=council, procedure=procedure)
        drive(session, events, stop_at=upto)
    except ReplayError:
        raise
    except Exception as exc:  # noqa: BLE001 - a recorded decision the session refuses
        if "session" in locals():
            first = _first_difference(session.log, events[:len(session.log)])
            if first is not None:
                raise ReplayError(f"the log does not replay: {first.message}") from None
        raise ReplayError(f"the log does not replay: {_short(exc)}") from None
    n = min(len(session.log), len(events))
    first = _first_difference(session.log[:n], events[:n])
    if first is not None:
        raise ReplayError(f"the log does not replay: {first.message}")
    return session


@dataclass
class Verification:
    ok: bool
    message: str
    events: int


def _describe(ev: Event | None) -> str:
    if ev is None:
        return "nothing"
    return f"{ev.kind} by {ev.actor} at t={ev.t} {ev.data}"


WHAT_VERIFY_PROVES = (
    "every recorded event is what this version of the engine produces from the header's scenario "
    "and seed and the recorded decisions of the seats played from outside; the header itself is "
    "not authenticated (a changed title or text with a recomputed hash re-runs the same way): "
    "--scenario FILE checks it against the scenario file, and a seal (--key-file) covers every byte")


def compare_scenario(loaded: LoadedLog, path) -> tuple[bool, str]:
    """Is the scenario in the log's header the one in the scenario file `path` (as
    validated: defaults and number forms do not count)? The message names the top-level
    fields that differ. Raises `game.errors.ScenarioError` for an invalid file."""
    from game.scenario import load_scenario, scenario_hash, scenario_to_data

    theirs = scenario_to_data(loaded.scenario)
    ours = scenario_to_data(load_scenario(path))
    if scenario_hash(theirs) == scenario_hash(ours):
        return True, f"the header's scenario is {os.fspath(path)}'s (hash {scenario_hash(ours)[:12]})"
    fields = sorted(k for k in set(theirs) | set(ours) if theirs.get(k) != ours.get(k))
    detail = []
    for k in fields:
        a, b = theirs.get(k), ours.get(k)
        if isinstance(a, dict) and isinstance(b, dict):
            sub = sorted(str(x) for x in set(a) | set(b) if a.get(x) != b.get(x))
            detail.append(f"{k} ({', '.join(sub[:6])}{', ...' if len(sub) > 6 else ''})")
        else:
            detail.append(k)
    return False, f"the header's scenario differs from {os.fspath(path)} in: {'; '.join(detail)}"


def verify(header: dict, events: list[Event]) -> Verification:
    """Re-run the negotiation from the header and compare every event with the recorded one.

    A log that ends mid-session (an autosave, a crash) is compared as far as it goes: the
    re-run is stopped at the first turn boundary at or after its last event (one turn can
    write several events, so an autosave may end inside one) and its events beyond the
    log's end are not held against it. See `WHAT_VERIFY_PROVES`."""
    n = len(events)
    try:
        scenario, data = scenario_of(header)
        session = Session(scenario, _seed(header), outside=header.get("outside", []),
                          scenario_data=data)
        drive(session, events, stop_at=n)
    except Exception as exc:  # noqa: BLE001 - any failure to re-run is a verification failure
        if "session" in locals():
            first = _first_difference(session.log[:n], events)
            if first is not None:
                return first
        return Verification(False, f"cannot re-run the negotiation: {_short(exc)}", 0)
    first = _first_difference(session.log[:n], events)
    if first is not None:
        return first
    where = "" if session.finished and len(session.log) == n else (
        f" (the log stops mid-session, at event {n}: the events it has are checked)")
    return Verification(True, f"all {n} events match a fresh run from the header{where}", n)


def _first_difference(ours: list[Event], theirs: list[Event]) -> Verification | None:
    for k in range(max(len(ours), len(theirs))):
        a = ours[k].to_json() if k < len(ours) else None
        b = theirs[k].to_json() if k < len(theirs) else None
        if a != b:
            seq = k + 1
            return Verification(
                False,
                f"event {seq} differs:\n  log has:    {_describe(theirs[k] if k < len(theirs) else None)}\n"
                f"  re-run has: {_describe(ours[k] if k < len(ours) else None)}",
                k,
            )
    return None
