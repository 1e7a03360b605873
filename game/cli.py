"""The command line: ``python main.py COMMAND ...`` (or the ``penholder`` script).

    play        the game (pygame); the default when no command is given
    run         one AI-only negotiation, printed as a transcript
    check       validate scenario files (file:line: field: problem)
    replay      rebuild a saved session from its log; --verify re-runs and compares
"""

from __future__ import annotations

import argparse
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


def cmd_check(args) -> int:
    from game.errors import ScenarioError
    from game.scenario import load_scenario

    status = 0
    for path in args.paths:
        try:
            sc = load_scenario(path)
        except ScenarioError as exc:
            print(str(exc))
            status = 1
            continue
        print(f"{path}: ok: {sc.title} ({len(sc.members)} members, {len(sc.issues)} issues)")
    return status


def cmd_run(args) -> int:
    from game.narrate import Narrator, history_comparison, transcript
    from game.session import Session

    sc = _load(args.scenario)
    seed = args.seed
    if args.run is not None:
        import numpy as np

        seed = np.random.SeedSequence(args.seed).spawn(args.run + 1)[args.run]
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
    from game.events import LogError, read_log
    from game.narrate import transcript
    from game.replay import ReplayError, replay_state, scenario_of, verify

    try:
        header, events = read_log(args.log)
        state = replay_state(header, events)
    except (LogError, ReplayError) as exc:
        print(f"{args.log}: {exc}", file=sys.stderr)
        return 1
    sc = state.scenario
    if args.transcript:
        for line in transcript(sc, events):
            print(line)
    outcome = state.outcome.value if state.outcome else f"unfinished ({state.phase.value})"
    print(f"{args.log}: {len(events)} events; {sc.title}; phase {state.phase.value}; outcome {outcome}"
          + (f" {state.tally}" if state.tally else ""))
    if args.verify:
        result = verify(header, events)
        print(("VERIFIED: " if result.ok else "MISMATCH: ") + result.message)
        return 0 if result.ok else 2
    del scenario_of
    return 0


def cmd_play(args) -> int:
    try:
        from game.ui.app import run_game
    except ImportError as exc:  # the game's screens are not installed / not built yet
        print(f"The pygame front end is not available ({exc}); running a headless negotiation instead.")
        args.seed = args.seed or 1
        args.log = None
        args.quiet = False
        args.run = None
        return cmd_run(args)
    return run_game(scenario=args.scenario, delegation=args.delegation, seed=args.seed)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="penholder", description="Penholder: negotiate a UN Security Council mandate renewal.")
    sub = p.add_subparsers(dest="command")

    play = sub.add_parser("play", help="play the game (default)")
    play.add_argument("--scenario", default=str(DEFAULT_SCENARIO))
    play.add_argument("--delegation", default=None, help="seat to play, e.g. FRA")
    play.add_argument("--seed", type=int, default=None)
    play.set_defaults(func=cmd_play)

    run = sub.add_parser("run", help="one AI-only negotiation, as a transcript")
    run.add_argument("--scenario", default=str(DEFAULT_SCENARIO))
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--run", type=int, default=None,
                     help="replay run i of a batch with this --seed (the i-th child seed)")
    run.add_argument("--log", default=None, help="save the event log (JSON Lines) here")
    run.add_argument("--quiet", action="store_true", help="print only the outcome")
    run.set_defaults(func=cmd_run)

    check = sub.add_parser("check", help="validate scenario files")
    check.add_argument("paths", nargs="+")
    check.set_defaults(func=cmd_check)

    replay = sub.add_parser("replay", help="rebuild a session from its log")
    replay.add_argument("log")
    replay.add_argument("--verify", action="store_true", help="re-run from the header and compare every event")
    replay.add_argument("--transcript", action="store_true", help="print the transcript")
    replay.set_defaults(func=cmd_replay)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play", *(argv or [])])
    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
