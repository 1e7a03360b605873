"""The command line: ``python main.py COMMAND ...`` (or the ``penholder`` script).

    play        the game (pygame); the default when no command is given
    run         one AI-only negotiation, printed as a transcript
    check       validate scenario files (file:line: field: problem)
    replay      rebuild a saved session from its log; --verify re-runs and compares
    batch       many AI-only negotiations: outcome statistics, runs.csv, plots (docs/batch.md)
    schema      write the JSON Schema of scenario files (docs/scenario.schema.json)
    new-scenario  scaffold a valid, commented scenario file (docs/scenario-authoring.md)
    debrief     a saved session as a self-contained HTML report to project or print
    class-report  several groups' sessions of one scenario side by side (HTML)
    fork        a new session from an event of a saved one
    screenshots   drive the game headless: a PNG of every screen into OUTDIR
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIOS / "minusma_2021.yaml"


def _load(path):
    from game.errors import ScenarioError
    from game.scenario import load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
        raise SystemExit(1) from None


MAX_AUDIT_RUNS = 100_000


def _bad_seed(seed, option: str = "--seed") -> bool:
    """Say so (one line) and return True if `seed` is not a seed (a whole number >= 0)."""
    if seed is not None and seed < 0:
        print(f"{option} {seed}: a seed is a whole number >= 0", file=sys.stderr)
        return True
    return False


def cmd_check(args) -> int:
    if getattr(args, "audit", False):
        if _bad_seed(args.seed):
            return 2
        if not 1 <= args.runs <= MAX_AUDIT_RUNS:
            print(f"--runs {args.runs}: between 1 and {MAX_AUDIT_RUNS:,}", file=sys.stderr)
            return 2
        from game.audit import cmd_audit  # lazily: runs simulations

        return cmd_audit(args)
    status = 0
    for path in args.paths:
        if check_one(path) is None:
            status = 1
    return status


def check_one(path):
    """Validate one scenario file: print its problems (file:line: path: message) or one
    'ok' line; return the scenario, or None if it is invalid."""
    from game.errors import ScenarioError
    from game.scenario import load_scenario

    try:
        sc = load_scenario(path)
    except ScenarioError as exc:
        print(str(exc))
        return None
    print(f"{path}: ok: {sc.title} ({len(sc.members)} members, {len(sc.issues)} issues)")
    return sc


def cmd_run(args) -> int:
    from game.narrate import Narrator, history_comparison, transcript
    from game.session import Session

    if args.set or args.inject:  # the same overrides as a batch, so any batch run replays
        from game.batch import _load as load_with_overrides
        from game.errors import ScenarioError

        try:
            sc = load_with_overrides(args.scenario, args.set or [], args.inject or [])
        except ScenarioError as exc:
            print(str(exc), file=sys.stderr)
            return 1
    else:
        sc = _load(args.scenario)
    if _bad_seed(args.seed):
        return 2
    if args.log:  # before the negotiation: a log that cannot be written is said at once
        from game.events import refuse_overwrite, writable_target

        writable_target(args.log)
        refuse_overwrite(args.log, [args.scenario], "--log")
    seed = args.seed
    if args.run is not None:
        import numpy as np

        if args.run < 0:
            print(f"--run {args.run}: run numbers start at 0", file=sys.stderr)
            return 2
        seed = np.random.SeedSequence(args.seed, spawn_key=(args.run,))  # child i of SeedSequence(S)
    session = Session(sc, seed).run()
    if args.log:
        session.save(args.log)
    if args.quiet:
        st = session.state
        print(f"{st.outcome.value} {st.tally or ''}".strip())
        return 0
    n = Narrator(sc)
    label = f"seed {args.seed}" + (f", run {args.run}" if args.run is not None else "")
    print(f"{sc.title} \u2014 {label}")
    print(f"Penholder: {n.name(sc.penholder)}. President: {n.name(sc.president)}. "
          f"Mandate expires {sc.calendar.mandate_expiry:%a %d %b %Y}.")
    print()
    for line in transcript(sc, session.log):
        print(line)
    st = session.state
    print()
    print(f"Outcome: {st.outcome.value.replace('_', ' ')}" + (f", {st.tally}" if st.tally else ""))
    print("Final text:")
    for issue, variant in st.draft_ids().items():
        print(f"    {n.para(issue):<30} {n.label(issue, variant)}")
    print()
    for line in history_comparison(sc, st):
        print(line)
    if args.log:
        print(f"\nLog written to {args.log}")
    return 0


def cmd_replay(args) -> int:
    from game.events import LogError
    from game.narrate import transcript
    from game.replay import WHAT_VERIFY_PROVES, load_log, verify
    from game.seal import KEY_ENV, SealError, check_seal, read_key, seal_note

    key = None
    if args.key_file is not None or os.environ.get(KEY_ENV) is not None:
        try:
            key = read_key(args.key_file)
        except SealError as exc:
            print(f"replay: {exc}", file=sys.stderr)
            return 1
    try:
        loaded = load_log(args.log)
    except LogError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    header, events, state = loaded.header, loaded.events, loaded.state
    sc = state.scenario
    if args.transcript:
        for line in transcript(sc, events):
            print(line)
    outcome = state.outcome.value if state.outcome else f"unfinished ({state.phase.value})"
    print(f"{args.log}: {len(events)} events; {sc.title}; phase {state.phase.value}; outcome {outcome}"
          + (f" {state.tally}" if state.tally else ""))
    status = 0
    if args.scenario is not None:
        from game.errors import ScenarioError
        from game.replay import compare_scenario

        try:
            ok, message = compare_scenario(loaded, args.scenario)
        except ScenarioError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        print(("SCENARIO: " if ok else "SCENARIO DIFFERS: ") + message)
        status = 0 if ok else 2
    if key is not None:
        ok, message = check_seal(loaded.log, key)
        print(("SEALED: " if ok else "SEAL BROKEN: ") + message)
        status = status or (0 if ok else 2)
    elif seal_note(loaded.log):
        print(seal_note(loaded.log))
    if args.verify:
        result = verify(header, events)
        print(("VERIFIED: " if result.ok else "MISMATCH: ") + result.message)
        if result.ok:
            print(f"  (what this proves: {WHAT_VERIFY_PROVES})")
        status = status or (0 if result.ok else 2)
    return status


def cmd_seal(args) -> int:
    from game.events import LogError
    from game.seal import SealError, key_id, new_key, read_key, seal_log

    if args.new_key:
        if args.logs:
            print("seal: --new-key makes a key and seals nothing; seal the logs with a second command",
                  file=sys.stderr)
            return 1
        try:
            kid = new_key(args.new_key)
        except SealError as exc:
            print(f"seal: {exc}", file=sys.stderr)
            return 1
        print(f"{args.new_key}: a new key (id {kid}), readable by you only. Keep it away from the "
              "students' machines; keep a copy: without it no seal can be checked.")
        return 0
    if not args.logs:
        print("seal: give the logs to seal (or --new-key FILE to make a key)", file=sys.stderr)
        return 1
    try:
        key = read_key(args.key_file)
    except SealError as exc:
        print(f"seal: {exc}", file=sys.stderr)
        return 1
    if args.key_file is not None:
        from game.events import refuse_overwrite

        for log in args.logs:
            refuse_overwrite(log, [args.key_file], "LOG")
    status = 0
    for log in args.logs:
        try:
            loaded = seal_log(log, key)
        except LogError as exc:
            print(f"{exc} (not sealed)", file=sys.stderr)
            status = 1
            continue
        print(f"{log}: sealed ({len(loaded.events)} events, key id {key_id(key)})")
    return status


def cmd_batch(args) -> int:
    from game.batch import cmd_batch as run  # lazily: numpy, matplotlib only for batches

    return run(args)


def cmd_facilitator(args) -> int:
    from game import facilitator  # lazily: schema, new-scenario, fork

    return getattr(facilitator, args.facilitator_cmd)(args)


def cmd_report(args) -> int:
    from game import debrief  # lazily: debrief, class-report

    return getattr(debrief, args.report_cmd)(args)


def cmd_play(args) -> int:
    if _bad_seed(args.seed):
        return 2
    try:
        from game.ui.app import run_game
    except ImportError as exc:  # the game's screens are not installed / not built yet
        print(f"The pygame front end is not available ({exc}); running a headless negotiation instead.")
        args.seed = args.seed or 1
        args.log = None
        args.quiet = False
        args.run = None
        args.set = args.inject = None
        return cmd_run(args)
    return run_game(scenario=args.scenario, delegation=args.delegation, seed=args.seed)


def cmd_screenshots(args) -> int:
    from game.ui.shots import take_screenshots

    paths = take_screenshots(args.outdir)
    print(f"{len(paths)} screenshots in {args.outdir}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="penholder", description="Penholder: negotiate a UN Security Council mandate renewal.")
    sub = p.add_subparsers(dest="command")

    play = sub.add_parser("play", help="play the game (default)")
    play.add_argument("--scenario", default=str(DEFAULT_SCENARIO))
    play.add_argument("--delegation", default=None, help="seat to play, e.g. FRA")
    play.add_argument("--seed", type=int, default=None)
    play.set_defaults(func=cmd_play)

    shots = sub.add_parser("screenshots", help="drive the game headless and save a PNG of every screen")
    shots.add_argument("outdir")
    shots.set_defaults(func=cmd_screenshots)

    run = sub.add_parser("run", help="one AI-only negotiation, as a transcript")
    run.add_argument("--scenario", default=str(DEFAULT_SCENARIO))
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--run", type=int, default=None,
                     help="replay run i of a batch with this --seed (the i-th child seed)")
    run.add_argument("--set", action="append", metavar="PATH=VALUE",
                     help="override a scenario value, as in batch (repeatable)")
    run.add_argument("--inject", action="append", metavar="ID@YYYY-MM-DD",
                     help="make a scenario event fire on that day, as in batch (repeatable)")
    run.add_argument("--log", default=None, help="save the event log (JSON Lines) here")
    run.add_argument("--quiet", action="store_true", help="print only the outcome")
    run.set_defaults(func=cmd_run)

    check = sub.add_parser("check", help="validate scenario files")
    check.add_argument("paths", nargs="+")
    check.add_argument("--audit", action="store_true",
                       help="also run simulations and report unreachable texts, inert members, "
                       "events that never fire, issues nobody cares about")
    check.add_argument("--runs", type=int, default=300, help="with --audit: negotiations per test (default 300)")
    check.add_argument("--seed", type=int, default=0, help="with --audit: seed S (run i uses SeedSequence(S, spawn_key=(i,)))")
    check.add_argument("--verbose", action="store_true", help="with --audit: also what does matter")
    check.add_argument("--quiet", action="store_true", help="with --audit: no progress on stderr")
    check.set_defaults(func=cmd_check)

    replay = sub.add_parser("replay", help="rebuild a session from its log")
    replay.add_argument("log")
    replay.add_argument("--verify", action="store_true", help="re-run from the header and compare every event")
    replay.add_argument("--transcript", action="store_true", help="print the transcript")
    replay.add_argument("--key-file", "--key", dest="key_file", default=None, metavar="FILE",
                        help="check the log's seal with the facilitator's key in FILE (default: "
                        "$PENHOLDER_SEAL_KEY if set); exit 2 if the log was changed (docs/sealing.md)")
    replay.add_argument("--scenario", default=None, metavar="FILE",
                        help="check that the header's scenario is FILE's (exit 2 if it was edited)")
    replay.set_defaults(func=cmd_replay)

    seal = sub.add_parser("seal", help="sign logs with a facilitator's key, so any edit is detected",
                          description="Append an HMAC-SHA256 seal to each LOG (docs/sealing.md). "
                          "Example: python main.py seal saves/*.jsonl --key-file class.key; "
                          "check with python main.py replay LOG --verify --key-file class.key")
    seal.add_argument("logs", nargs="*", metavar="LOG", help="the logs to seal, in place")
    seal.add_argument("--key-file", "--key", dest="key_file", default=None, metavar="FILE",
                      help="the key (default: $PENHOLDER_SEAL_KEY); never printed")
    seal.add_argument("--new-key", default=None, metavar="FILE",
                      help="write a new random key to FILE (mode 0600) and stop")
    seal.set_defaults(func=cmd_seal)

    batch = sub.add_parser("batch", help="many AI-only negotiations: statistics and plots",
                           description="Run N AI-only negotiations; run i uses the i-th child of "
                           "SeedSequence(S), so results do not depend on --workers. See docs/batch.md.")
    batch.add_argument("--scenario", default=None, help=f"scenario file (default {DEFAULT_SCENARIO.name})")
    batch.add_argument("--runs", type=int, required=True, help="number of negotiations")
    batch.add_argument("--seed", type=int, default=0, help="S: run i uses SeedSequence(S, spawn_key=(i,))")
    batch.add_argument("--workers", type=int, default=None, help="processes (default: one per core)")
    batch.add_argument("--out", required=True, help="output folder (runs.csv, summary.json, *.png)")
    batch.add_argument("--resume", action="store_true", help="continue an interrupted batch in --out")
    batch.add_argument("--set", action="append", metavar="PATH=VALUE",
                       help="override a scenario value, e.g. members.CHN.salience.climate=0.9 (repeatable)")
    batch.add_argument("--sweep", metavar="PATH=V1,V2,...", help="one batch per value, into OUT/<value>/")
    batch.add_argument("--from-log", metavar="SESSION.jsonl", help="continue a saved session N times")
    batch.add_argument("--at", type=int, default=None, metavar="EVENT_SEQ",
                       help="with --from-log: continue from this event (default: the end)")
    batch.add_argument("--inject", action="append", metavar="ID@YYYY-MM-DD",
                       help="make a scenario event fire on that day (repeatable)")
    batch.add_argument("--backend", choices=("local", "dask"), default="local")
    batch.add_argument("--address", default=None, help="with --backend dask: tcp://HOST:PORT of the scheduler")
    batch.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    batch.set_defaults(func=cmd_batch)

    schema = sub.add_parser("schema", help="write the JSON Schema of scenario files")
    schema.add_argument("--out", default=None, help="file to write (default: print it)")
    schema.set_defaults(func=cmd_facilitator, facilitator_cmd="cmd_schema")

    new = sub.add_parser("new-scenario", help="scaffold a valid, commented scenario file")
    new.add_argument("path", help="the new file, e.g. scenarios/my_case.yaml")
    new.add_argument("--from", dest="source", default=None, metavar="EXISTING", help="start from this scenario")
    new.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    new.set_defaults(func=cmd_facilitator, facilitator_cmd="cmd_new_scenario")

    fork = sub.add_parser("fork", help="a new session from an event of a saved one")
    fork.add_argument("log")
    fork.add_argument("--at", type=int, required=True, metavar="EVENT_SEQ", help="keep events 1 to EVENT_SEQ")
    fork.add_argument("--out", required=True, metavar="NEW.jsonl")
    fork.set_defaults(func=cmd_facilitator, facilitator_cmd="cmd_fork")

    debrief = sub.add_parser("debrief", help="a saved session as a self-contained HTML report")
    debrief.add_argument("log")
    debrief.add_argument("--out", required=True, metavar="report.html")
    debrief.add_argument("--runs", type=int, default=200, help="AI runs of the scenario to compare with (0: none)")
    debrief.add_argument("--seed", type=int, default=0, help="seed S of those runs (run i: SeedSequence(S, spawn_key=(i,)))")
    debrief.add_argument("--from-event", type=int, default=None, metavar="EVENT_SEQ",
                         help="compare with continuations from this event instead of runs from the start")
    debrief.set_defaults(func=cmd_report, report_cmd="cmd_debrief")

    klass = sub.add_parser("class-report", help="several groups' sessions of one scenario side by side (HTML)")
    klass.add_argument("logs", nargs="+", metavar="LOG")
    klass.add_argument("--out", required=True, metavar="class.html")
    klass.add_argument("--runs", type=int, default=200, help="AI runs of the scenario to compare with (0: none)")
    klass.add_argument("--seed", type=int, default=0)
    klass.set_defaults(func=cmd_report, report_cmd="cmd_class_report")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play", *(argv or [])])
    from game.events import WriteError

    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except WriteError as exc:  # a file a command writes: one line naming it, no traceback
        print(f"{args.command}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the last resort for a file or folder the system refuses
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{args.command}: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
