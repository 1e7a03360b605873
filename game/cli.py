"""The command line: ``python main.py COMMAND ...`` (or the ``penholder`` script).

    play        the game (pygame); the default when no command is given
    run         one AI-only negotiation, printed as a transcript
    check       validate scenario files (file:line: field: problem)
    replay      rebuild a saved session from its log; --verify re-runs and compares
    batch       many AI-only negotiations: outcome statistics, runs.csv, plots (docs/batch.md)
    validate    the historical scorecard: runs of each case against the record (docs/validation.md)
    calibrate   fit the model's constants on the training cases (docs/validation.md)
    sensitivity   which few parameters decide a case (SALib Morris or Sobol; docs/sensitivity.md)
    schema      write the JSON Schema of scenario files (docs/scenario.schema.json)
    new-scenario  scaffold a valid, commented scenario file (docs/scenario-authoring.md)
    debrief     a saved session as a self-contained HTML report to project or print
    class-report  several groups' sessions of one scenario side by side (HTML)
    fork        a new session from an event of a saved one
    host        start a class: Councils served to students on the local network (docs/classroom.md)
    join        take a seat in a class, in the game's window
    console     the facilitator's console of a class, in a window
    screenshots   drive the game headless: a PNG of every screen into OUTDIR
"""

from __future__ import annotations

import argparse
import os
import sys

from game.resources import HISTORY, default_scenario, scenarios_dir, shipped_scenarios

SCENARIOS = scenarios_dir()  # the repository's scenarios/, or the installed package's copy
DEFAULT_SCENARIO = default_scenario()


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
    if getattr(args, "sensitivity", False) and not getattr(args, "audit", False):
        print("--sensitivity goes with --audit (check --audit --sensitivity PATH)", file=sys.stderr)
        return 2
    if getattr(args, "audit", False):
        if _bad_seed(args.seed):
            return 2
        if not 1 <= args.runs <= MAX_AUDIT_RUNS:
            print(f"--runs {args.runs}: between 1 and {MAX_AUDIT_RUNS:,}", file=sys.stderr)
            return 2
        from game.audit import cmd_audit  # lazily: runs simulations

        return cmd_audit(args)
    from game.scenario import check_one

    status = 0
    for path in args.paths:
        if check_one(path, args.lang) is None:
            status = 1
    return status




def cmd_run(args) -> int:
    from game.narrate import Narrator, history_comparison, log_salt, transcript
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
    from game.i18n import Tongue, localized, untranslated

    tongue = Tongue(args.lang)
    _ = tongue.gettext
    shown = localized(sc, args.lang)  # the scenario's texts in the reader's language
    note = untranslated(shown, args.lang)
    if note:
        print(note, file=sys.stderr)
    salt = log_salt(session.seed_sequence)
    names = Narrator(shown, ids=args.ids, salt=salt, lang=args.lang)  # (the reader's words and texts)
    label = _("seed {seed}").format(seed=args.seed) + (
        _(", run {run}").format(run=args.run) if args.run is not None else "")
    print(f"{shown.title} \u2014 {label}")
    co = (_(" (with co-penholders {names})").format(names=names.names_list(sc.co_penholders))
          if sc.co_penholders else "")
    print(_("Penholder: {penholder}{co}. President: {president}. Mandate expires {date}.").format(
        penholder=names.name(sc.penholder), co=co, president=names.name(sc.president),
        date=tongue.date(sc.calendar.mandate_expiry, "short") if args.lang != "en"
        else f"{sc.calendar.mandate_expiry:%a %d %b %Y}"))
    print()
    for line in transcript(sc, session.log, salt=salt, ids=args.ids, lang=args.lang):
        print(line)
    st = session.state
    outcomes = _OUTCOMES
    print()
    print(_("Outcome: {outcome}").format(outcome=_(outcomes[st.outcome.value]))
          + (f", {st.tally}" if st.tally else ""))
    if st.rivals:  # several drafts in blue: each vote, in the order of submission (rule 32)
        for v in st.votes:
            print(f"    {names.voted({'on': v.on, 'sponsor': v.sponsor, 'rival': v.rival}):<50} "
                  f"{_(outcomes[v.result.value])} {v.tally}")
    # (after a rollover, the mandate in force, extended unaltered: not the draft never voted)
    print(_("Final text (the mandate rolled over, unaltered):") if st.outcome.value == "rollover"
          else _("Final text:"))
    for issue, variant in st.draft_ids().items():
        print(f"    {names.para(issue):<30} {names.label(issue, variant)}")
    print()
    for line in history_comparison(sc, st, ids=args.ids, lang=args.lang):
        print(line)
    if args.log:
        print("\n" + _("Log written to {path}").format(path=args.log))
    return 0


_OUTCOMES = {"adopted": "adopted", "not_adopted": "not adopted", "vetoed": "vetoed", "rollover": "rollover",
             "lapsed": "lapsed"}  # (the outcome's value as the reports say it; marked in game/i18n.py)


def cmd_replay(args) -> int:
    from game.events import LogError
    from game.narrate import log_salt, transcript
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
    from game.i18n import reader

    tongue = reader(args)
    lang = tongue.lang
    if args.transcript:
        for line in transcript(sc, events, salt=log_salt(header.get("seed")), lang=lang):
            print(line)
    _ = tongue.gettext
    outcome = (_(_OUTCOMES[state.outcome.value]) if state.outcome
               else _("unfinished ({phase})").format(phase=state.phase.value))
    print(_("{log}: {n} events; {title}; phase {phase}; outcome {outcome}").format(
        log=args.log, n=len(events), title=tongue.text(sc.title), phase=state.phase.value, outcome=outcome)
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
    from game.i18n import reader
    from game.seal import SealError, key_id, new_key, read_key, seal_log

    _ = reader(args).gettext
    if args.new_key:
        if args.logs:
            print(_("seal: --new-key makes a key and seals nothing; seal the logs with a second command"),
                  file=sys.stderr)
            return 1
        try:
            kid = new_key(args.new_key)
        except SealError as exc:
            print(f"seal: {exc}", file=sys.stderr)
            return 1
        print(_("{path}: a new key (id {kid}), readable by you only. Keep it away from the "
                "students' machines; keep a copy: without it no seal can be checked.").format(
                    path=args.new_key, kid=kid))
        return 0
    if not args.logs:
        print(_("seal: give the logs to seal (or --new-key FILE to make a key)"), file=sys.stderr)
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
            print(_("{problem} (not sealed)").format(problem=exc), file=sys.stderr)
            status = 1
            continue
        print(_("{log}: sealed ({n} events, key id {kid})").format(log=log, n=len(loaded.events), kid=key_id(key)))
    return status


def cmd_batch(args) -> int:
    from game.batch import cmd_batch as run  # lazily: numpy, matplotlib only for batches

    return run(args)


def cmd_validate(args) -> int:
    from game.validate import cmd_validate as run  # lazily, as batch

    return run(args)


def cmd_calibrate(args) -> int:
    from game.calibrate import cmd_calibrate as run  # lazily: scipy only for calibrate

    return run(args)


def cmd_sensitivity(args) -> int:
    from game.sensitivity import cmd_sensitivity as run  # lazily: SALib, numpy, matplotlib

    return run(args)


def cmd_facilitator(args) -> int:
    from game import facilitator  # lazily: schema, new-scenario, fork

    return getattr(facilitator, args.facilitator_cmd)(args)


def cmd_report(args) -> int:
    from game import debrief  # lazily: debrief, class-report

    return getattr(debrief, args.report_cmd)(args)


def no_display(env=None, platform: str | None = None) -> str | None:
    """Why the game cannot open a window here, or None. On Linux and the BSDs a window
    needs an X11 or Wayland display (DISPLAY or WAYLAND_DISPLAY); without one SDL falls
    back to an off-screen driver and the game would run unseen. SDL_VIDEODRIVER set
    explicitly (dummy for screenshots and tests, kmsdrm on a console...) is respected."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly")):
        return None  # macOS and Windows always have a window system
    if env.get("SDL_VIDEODRIVER") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return ("penholder: no display (DISPLAY and WAYLAND_DISPLAY are not set), so the game "
            "cannot open a window; headless, use 'penholder run --seed 1' or 'penholder batch', "
            "or 'SDL_VIDEODRIVER=dummy penholder screenshots OUTDIR' for pictures of every screen")


def cmd_play(args) -> int:
    why = no_display()
    if why:
        print(why, file=sys.stderr)
        return 1
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
    return run_game(scenario=args.scenario, delegation=args.delegation, seed=args.seed,
                    lang=args.lang if getattr(args, "lang_given", True) else None)


def cmd_join(args) -> int:
    """``join`` and ``console``: the game's window seated in a class (game/ui/remote.py)."""
    why = no_display()
    if why:
        print(why, file=sys.stderr)
        return 1
    facilitator = args.command == "console"
    if facilitator and not (args.code and args.token):
        print("console: give the class code (--code) and the facilitator's token (--token) that 'host' printed",
              file=sys.stderr)
        return 2
    seat = getattr(args, "seat", None)
    from game.ui.app import run_class

    return run_class(args.host or "", args.code or "", seat=seat.upper() if seat else None, token=args.token,
                     role="facilitator" if facilitator else "student",
                     lang=args.lang if getattr(args, "lang_given", True) else None)


def window_size(text: str) -> tuple[int, int]:
    """argparse type of ``screenshots --size``: WIDTHxHEIGHT, e.g. 1024x640."""
    from game.ui.shots import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_screenshots(args) -> int:
    from pathlib import Path

    out = Path(args.outdir)
    if out.exists() and not out.is_dir():
        print(f"screenshots: {args.outdir}: is a file, not a folder; give a folder for the PNG files",
              file=sys.stderr)
        return 1
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"screenshots: {args.outdir}: cannot create the folder ({exc.strerror or exc})", file=sys.stderr)
        return 1
    if not os.access(out, os.W_OK):
        print(f"screenshots: {args.outdir}: the folder is not writable", file=sys.stderr)
        return 1
    from game.ui.shots import take_screenshots

    try:
        paths = take_screenshots(args.outdir, args.size, lang=args.lang)
    except OSError as exc:
        print(f"screenshots: {args.outdir}: cannot write a screenshot ({exc.strerror or exc})", file=sys.stderr)
        return 1
    from game.i18n import Tongue

    _ = Tongue(args.lang).gettext
    size = _(" at {width}x{height}").format(width=args.size[0], height=args.size[1]) if args.size else ""
    print(_("{n} screenshots{size} in {folder}").format(n=len(paths), size=size, folder=args.outdir))
    return 0


MAX_AI_RUNS = 20_000  # debrief / class-report: AI runs compared in-process (~1,000/s)
MAX_AUDIT_RUNS = 100_000  # check --audit: runs per test, a dozen tests per file


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines) + "\n"


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps descriptions as usual; keeps the examples of an epilog line by line."""

    def _fill_text(self, text, width, indent):
        if text.startswith("examples:"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def build_parser() -> argparse.ArgumentParser:
    from game import bounds
    from game.bounds import MAX_RUNS, max_workers

    fmt = _HelpFormatter
    p = argparse.ArgumentParser(
        prog="penholder", formatter_class=fmt,
        description="Penholder: negotiate a UN Security Council mandate renewal. With no "
        "command, plays the game (the same as 'penholder play').",
        epilog=_examples("penholder                               # play the default scenario",
                         "penholder run --seed 1                  # one AI-only negotiation",
                         "penholder batch --runs 2000 --seed 7 --out results/b",
                         "penholder COMMAND --help                # every argument of COMMAND"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    seed_help = "a whole number from 0 to 2**64-1"

    def command(name: str, help: str, description: str, *examples: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=description, epilog=_examples(*examples),
                              formatter_class=fmt)

    play = command(
        "play", "play the game (the default command)",
        "Play one delegation against fourteen agent delegations, in a window. Needs a "
        "display; on a machine without one, use 'run' or 'batch' (or "
        "SDL_VIDEODRIVER=dummy penholder screenshots OUT for pictures of every screen).",
        "penholder play",
        "penholder play --delegation FRA --seed 5",
        "penholder play --scenario scenarios/tutorial.yaml")
    play.add_argument("--scenario", default=str(DEFAULT_SCENARIO), metavar="PATH",
                      help=f"scenario file to play (default: the shipped {DEFAULT_SCENARIO.name})")
    play.add_argument("--delegation", default=None, metavar="ID",
                      help="seat to play, by member id, e.g. FRA (default: choose on the title screen)")
    play.add_argument("--seed", type=bounds.seed, default=None, metavar="N",
                      help=f"the agents' seed, {seed_help}: the same seed and the same moves give "
                      "the same game (default: chosen on the title screen)")
    _lang(play)
    play.set_defaults(func=cmd_play)

    shots = command(
        "screenshots", "drive the game headless and save a PNG of every screen",
        "Drive the game through every screen with synthetic input and save one PNG per "
        "screen into OUTDIR, in a window of --size. Works without a display when "
        "SDL_VIDEODRIVER=dummy is set.",
        "SDL_VIDEODRIVER=dummy penholder screenshots shots/",
        "SDL_VIDEODRIVER=dummy penholder screenshots shots-small/ --size 1024x640   # the smallest window")
    shots.add_argument("outdir", metavar="OUTDIR", help="folder for the PNG files (created if missing)")
    shots.add_argument("--size", type=window_size, default=None, metavar="WIDTHxHEIGHT",
                       help="window size in pixels, from 320x240 to 8192x8192, e.g. 1024x640 "
                       "(default: $PENHOLDER_WINDOW_SIZE if set, else 1280x800)")
    _lang(shots)
    shots.set_defaults(func=cmd_screenshots)

    run = command(
        "run", "one AI-only negotiation, as a transcript",
        "Play one negotiation with every seat in AI hands and print it as a dated transcript "
        "with the tally, the explanations of vote and a comparison with the historical record. "
        "--seed is required: the same scenario and seed always give the same negotiation, and "
        "there is no hidden default seed.",
        "penholder run --seed 1",
        "penholder run --seed 1 --log s1.jsonl      # then: penholder replay s1.jsonl --verify",
        "penholder run --seed 7 --run 42            # run 42 of 'batch --seed 7'",
        "penholder run --seed 3 --set members.CHN.salience.climate=0.9 --quiet")
    run.add_argument("--scenario", default=str(DEFAULT_SCENARIO), metavar="PATH",
                     help=f"scenario file (default: the shipped {DEFAULT_SCENARIO.name})")
    run.add_argument("--seed", type=bounds.seed, required=True, metavar="N",
                     help=f"the seed of the negotiation, {seed_help} (required)")
    run.add_argument("--run", type=bounds.count(0, MAX_RUNS - 1), default=None, metavar="I",
                     help="replay run I of a batch made with this --seed (its I-th child seed)")
    run.add_argument("--set", action="append", metavar="PATH=VALUE",
                     help="override a scenario value, as in batch, e.g. "
                     "members.CHN.salience.climate=0.9, or one of the model's constants "
                     "(game/model/params.py), e.g. model.unity=0.3 (repeatable)")
    run.add_argument("--inject", action="append", metavar="ID@YYYY-MM-DD",
                     help="make a scenario event fire on that day, as in batch, e.g. "
                     "host_letter_what_if@2021-06-21 (repeatable)")
    run.add_argument("--log", default=None, metavar="FILE",
                     help="also save the event log (JSON Lines) to FILE, for replay, debrief or fork")
    run.add_argument("--quiet", action="store_true", help="print only the outcome and the tally")
    run.add_argument("--ids", action="store_true",
                     help="debug output for researchers: name paragraphs and texts by their ids "
                     "(\"OP 26 (troop_ceiling)\") in the transcript and the comparison with the record")
    _lang(run)
    run.set_defaults(func=cmd_run)

    check = command(
        "check", "validate scenario files",
        "Validate scenario files and report every problem at once, as "
        "file:line: path.to.field: message; exit status 1 if any file has a problem.",
        "penholder check scenarios/*.yaml",
        "penholder check                            # the shipped scenarios",
        "penholder check --audit scenarios/my_case.yaml --runs 300 --seed 0",
        "penholder check --audit --sensitivity scenarios/my_case.yaml   # and what decides each paragraph")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       default=[str(p) for p in shipped_scenarios()],
                       help="scenario files (YAML) to check (default: the shipped scenarios, "
                       f"in {SCENARIOS}, and the historical corpus in its {HISTORY}/ folder)")
    check.add_argument("--audit", action="store_true",
                       help="also run simulations and report unreachable texts, inert members, "
                       "events that never fire, issues nobody cares about")
    check.add_argument("--runs", type=bounds.count(2, MAX_AUDIT_RUNS), default=300, metavar="N",
                       help=f"with --audit: negotiations per test, 2 to {MAX_AUDIT_RUNS:,} (default 300)")
    check.add_argument("--seed", type=bounds.seed, default=0, metavar="S",
                       help=f"with --audit: seed S, {seed_help} (run i uses SeedSequence(S, spawn_key=(i,)); "
                       "default 0)")
    check.add_argument("--sensitivity", action="store_true",
                       help="with --audit: also say what decides each contested paragraph (a small "
                       "Morris screening of the model's constants and the members' positions and "
                       "saliences on those paragraphs' issues, top 3 factors each); behind this "
                       "option because it more than doubles the audit's time (12.2 s -> 33.4 s on the "
                       "default scenario, one core)")
    check.add_argument("--verbose", action="store_true", help="with --audit: also report what does matter")
    check.add_argument("--quiet", action="store_true", help="with --audit: no progress on stderr")
    _lang(check)
    check.set_defaults(func=cmd_check)

    replay = command(
        "replay", "rebuild a session from its log",
        "Rebuild a saved session by applying its events (nothing is re-rolled) and print "
        "where it stands. Exit status 1 if the log cannot be read, 2 if --verify finds a "
        "difference.",
        "penholder replay s1.jsonl",
        "penholder replay s1.jsonl --verify --transcript")
    replay.add_argument("log", metavar="LOG", help="a session log (.jsonl) from the game, run --log or fork")
    replay.add_argument("--verify", action="store_true",
                        help="also re-run the session from the header's scenario and seed and the "
                        "recorded outside decisions, and name the first event that differs")
    replay.add_argument("--transcript", action="store_true", help="print the dated transcript of the session")
    replay.add_argument("--key-file", "--key", dest="key_file", default=None, metavar="FILE",
                        help="check the log's seal with the facilitator's key in FILE (default: "
                        "$PENHOLDER_SEAL_KEY if set); exit 2 if the log was changed (docs/sealing.md)")
    replay.add_argument("--scenario", default=None, metavar="FILE",
                        help="check that the header's scenario is FILE's (exit 2 if it was edited)")
    _lang(replay)
    replay.set_defaults(func=cmd_replay)

    seal = command(
        "seal", "sign logs with a facilitator's key, so any edit is detected",
        "Append an HMAC-SHA256 seal to each LOG (docs/sealing.md); check a sealed log with "
        "replay LOG --verify --key-file KEY.",
        "penholder seal --new-key class.key",
        "penholder seal saves/*.jsonl --key-file class.key",
        "penholder replay saves/g1.jsonl --verify --key-file class.key")
    seal.add_argument("logs", nargs="*", metavar="LOG", help="the logs to seal, in place")
    seal.add_argument("--key-file", "--key", dest="key_file", default=None, metavar="FILE",
                      help="the key (default: $PENHOLDER_SEAL_KEY); never printed")
    seal.add_argument("--new-key", default=None, metavar="FILE",
                      help="write a new random key to FILE (mode 0600) and stop")
    _lang(seal)
    seal.set_defaults(func=cmd_seal)

    batch = command(
        "batch", "many AI-only negotiations: statistics and plots",
        "Run N AI-only negotiations; run i uses the i-th child of SeedSequence(S), so results "
        "do not depend on --workers. Writes runs.csv, summary.json and PNG plots into --out "
        "and prints a summary. See docs/batch.md.",
        "penholder batch --runs 2000 --seed 7 --out results/b",
        "penholder batch --runs 2000 --seed 7 --out results/b --resume     # after Ctrl-C or a kill",
        "penholder batch --runs 500 --seed 1 --out results/sw --sweep calendar.silence_hours=12,24,72",
        "penholder batch --runs 200 --seed 0 --out results/c --from-log s1.jsonl --at 30")
    batch.add_argument("--scenario", default=None, metavar="PATH",
                       help=f"scenario file (default: the shipped {DEFAULT_SCENARIO.name})")
    batch.add_argument("--runs", type=bounds.count(1, MAX_RUNS), required=True, metavar="N",
                       help=f"number of negotiations, 1 to {MAX_RUNS:,}")
    batch.add_argument("--seed", type=bounds.seed, default=0, metavar="S",
                       help=f"{seed_help}: run i uses SeedSequence(S, spawn_key=(i,)) (default 0)")
    batch.add_argument("--workers", type=bounds.count(1, max_workers(), " on this machine (4 per core)"), default=None,
                       metavar="W", help=f"worker processes, 1 to {max_workers()} on this machine "
                       "(default: one per core)")
    batch.add_argument("--out", required=True, metavar="DIR",
                       help="output folder (runs.csv, summary.json, *.png); one batch at a time per folder")
    batch.add_argument("--resume", action="store_true",
                       help="continue an interrupted batch in --out (repeat the same arguments)")
    batch.add_argument("--set", action="append", metavar="PATH=VALUE",
                       help="override a scenario value, e.g. members.CHN.salience.climate=0.9, or one of "
                       "the model's constants (game/model/params.py), e.g. model.unity=0.3 (repeatable)")
    batch.add_argument("--sweep", metavar="PATH=V1,V2,...",
                       help="one batch per value, into DIR/<value>/, and a comparison (sweep.csv, sweep.png)")
    batch.add_argument("--from-log", metavar="SESSION.jsonl",
                       help="continue a saved session N times instead of playing the scenario from the start")
    batch.add_argument("--at", type=int, default=None, metavar="EVENT_SEQ",
                       help="with --from-log: continue from this event (default: the end)")
    batch.add_argument("--inject", action="append", metavar="ID@YYYY-MM-DD",
                       help="make a scenario event fire on that day (repeatable)")
    batch.add_argument("--backend", choices=("local", "dask"), default="local",
                       help="local: worker processes on this machine (default); dask: a Dask cluster "
                       "(needs --address)")
    batch.add_argument("--address", default=None, metavar="tcp://HOST:PORT",
                       help="with --backend dask: the address of the Dask scheduler")
    batch.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    _lang(batch)
    batch.set_defaults(func=cmd_batch)

    validate = command(
        "validate", "the historical scorecard: runs of each case against the record",
        "Play each case (a scenario with a history block) as a batch into OUT/<id>/ and score "
        "the runs against the record: the outcome and its probability, the modal tally, Brier "
        "scores of the outcome and of each ballot, F1 of the members not voting yes and of the "
        "first silence's breakers, the final texts, the log-likelihood of the record; the same "
        "for a naive baseline; cases voted before 2021 are training, the others evaluation. "
        "Writes validation.json, validation.html and calibration.png. See docs/validation.md.",
        "penholder validate --runs 200 --seed 0 --out validation/",
        "penholder validate scenarios/history/ scenarios/minusma_2021.yaml --out v2",
        "penholder validate --out validation/ --resume     # after Ctrl-C or a kill",
        "penholder validate --fitted calibration/fitted.json --out validation_fitted/")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="scenario files or folders (their *.yaml with a history block); "
                          "default: every shipped scenario with a history block (scenarios/ and "
                          "scenarios/history/)")
    validate.add_argument("--runs", type=bounds.count(1, MAX_RUNS), default=200, metavar="N",
                          help="runs per case (default 200)")
    validate.add_argument("--seed", type=bounds.seed, default=0, metavar="S",
                          help=f"{seed_help}: each case's run i uses SeedSequence(S, spawn_key=(i,)) (default 0)")
    validate.add_argument("--out", default="validation", metavar="DIR",
                          help="output folder (default validation/): validation.json, .html, "
                          "calibration.png, a batch per case in DIR/<id>/")
    validate.add_argument("--workers", type=bounds.count(1, max_workers(), " on this machine (4 per core)"),
                          default=None, metavar="W",
                          help=f"worker processes, 1 to {max_workers()} on this machine (default: one per core)")
    validate.add_argument("--backend", choices=("local", "dask"), default="local",
                          help="local: worker processes on this machine (default); dask: a Dask cluster "
                          "(needs --address)")
    validate.add_argument("--address", default=None, metavar="tcp://HOST:PORT",
                          help="with --backend dask: the address of the Dask scheduler")
    validate.add_argument("--resume", action="store_true",
                          help="continue an interrupted validation in --out (repeat the same arguments)")
    validate.add_argument("--set", action="append", metavar="PATH=VALUE",
                          help="override a value in every case, as in batch, e.g. one of the model's "
                          "constants (game/model/params.py): model.unity=0.46 (repeatable)")
    validate.add_argument("--fitted", default=None, metavar="fitted.json",
                          help="score the constants a calibrate fitted (its fitted.json) instead of the "
                          "shipped defaults: --set model.NAME=VALUE for each")
    _lang(validate)
    validate.set_defaults(func=cmd_validate)

    calibrate = command(
        "calibrate", "fit the model's constants on the training cases, cross-validated",
        "Fit chosen global constants of game/model/params.py on the training cases only (voted "
        "before 2021-01-01; an evaluation case is refused) by minimising the mean negative "
        "log-likelihood of the record (ballots, outcome, final texts): the shipped defaults and "
        "a seeded Sobol sample of candidates, each played on every case with the same seeds; "
        "leave-one-case-out scores beside the in-sample ones. Writes fitted.json and trials.csv; "
        "changes nothing in params.py (scripts/ship_fitted.py prints the edits). See docs/validation.md.",
        "penholder calibrate --runs 100 --trials 64 --seed 0 --agency 100 --out calibration/",
        "penholder calibrate scenarios/minusma_2016.yaml scenarios/minusma_2020.yaml --trials 16",
        "penholder calibrate --params unity,no_cost,veto_cost --out cal_small")
    calibrate.add_argument("paths", nargs="*", metavar="PATH",
                           help="training cases: scenario files or folders; default: every shipped "
                           "scenario with a history block voted before 2021")
    calibrate.add_argument("--runs", type=bounds.count(1, MAX_RUNS), default=100, metavar="N",
                           help="runs per case and candidate (default 100)")
    calibrate.add_argument("--trials", type=bounds.count(0, 100_000), default=64, metavar="T",
                           help="candidates of the Sobol sample, besides the defaults (default 64)")
    calibrate.add_argument("--seed", type=bounds.seed, default=0, metavar="S",
                           help=f"{seed_help}: seeds the Sobol sample and the runs (default 0)")
    calibrate.add_argument("--params", default=None, metavar="A,B,C",
                           help="the constants to fit (default: unity, private_sd, host_deference, "
                           "elected_abstain_cost, veto_cost, red_line_no, abstention_tolerance)")
    calibrate.add_argument("--agency", type=bounds.count(0, 10_000), default=0, metavar="N",
                           help="choose only constants that keep issue 8's agency goals on the default "
                           "scenario (benchmarks/agency.py with N paired seeds, about 15 s a candidate "
                           "checked; the shipped fit used 100); 0, the default, skips the check")
    calibrate.add_argument("--out", default="calibration", metavar="DIR",
                           help="output folder (default calibration/): fitted.json, trials.csv")
    calibrate.add_argument("--workers", type=bounds.count(1, max_workers(), " on this machine (4 per core)"),
                           default=None, metavar="W",
                           help=f"worker processes, 1 to {max_workers()} on this machine (default: one per core)")
    _lang(calibrate)
    calibrate.set_defaults(func=cmd_calibrate)

    sens = command(
        "sensitivity", "which few parameters decide a case (global sensitivity, SALib)",
        "Vary model constants and scenario parameters together over their ranges (SALib: Morris "
        "screening by default, Sobol on request), play --runs negotiations per sample with the "
        "same seeds, and rank the factors by how much they move each outcome probability: "
        "adoption, unanimity, each member's ballot, each paragraph's final text. Writes "
        "sensitivity.json, sensitivity.csv and sensitivity.png into --out (replacing them) and "
        "prints the few factors that decide each headline output. Morris needs "
        "--trajectories x (k+1) samples, Sobol N x (2k+2) (k factors). See docs/sensitivity.md.",
        "penholder sensitivity --out sens/                      # 17 model constants, Morris",
        "penholder sensitivity --out sens/ --params unity,veto_cost "
        "--scenario-params members.RUS.positions.climate,members.CHN.salience.climate=0.3:0.9",
        "penholder sensitivity --out sens/ --method sobol --trajectories 32 --runs 50")
    sens.add_argument("--scenario", default=None, metavar="PATH",
                      help=f"scenario file (default: the shipped {DEFAULT_SCENARIO.name})")
    sens.add_argument("--method", choices=("morris", "sobol"), default="morris",
                      help="morris: elementary effects, mu* and sigma per factor, --trajectories x "
                      "(k+1) samples (default); sobol: variance shares S1 and ST with confidence, "
                      "N x (2k+2) samples with N = --trajectories, a power of 2")
    sens.add_argument("--params", default=None, metavar="NAME[=LO:HI],...",
                      help="model constants to vary (game/model/params.py), comma-separated, e.g. "
                      "model.unity,veto_cost=0.1:0.5; default range: the value x [0.5, 1.5] within the "
                      "field's bounds (default: 17 constants that weigh on ballots, amendments, "
                      "silence and the penholder; see docs/sensitivity.md)")
    sens.add_argument("--scenario-params", default=None, metavar="PATH[=LO:HI],...",
                      help="scenario numbers to vary too, addressed as --set does, e.g. "
                      "members.RUS.assertiveness,members.CHN.salience.climate; default range: +/- 15 "
                      "for a 0-100 position, +/- 0.2 for a 0-1 number, within bounds")
    sens.add_argument("--trajectories", type=bounds.count(2, 10_000), default=None, metavar="R",
                      help="Morris trajectories (default 10), or Sobol's base samples N (a power of "
                      "2, default 32)")
    sens.add_argument("--runs", type=bounds.count(1, 100_000), default=100, metavar="N",
                      help="negotiations per sample, the same seeds for every sample (default 100)")
    sens.add_argument("--seed", type=bounds.seed, default=0, metavar="S",
                      help=f"{seed_help}: the design, the bootstrap and run i's SeedSequence(S, "
                      "spawn_key=(i,)) (default 0)")
    sens.add_argument("--out", default="sensitivity", metavar="DIR",
                      help="output folder (default: sensitivity/)")
    sens.add_argument("--workers", type=bounds.count(1, max_workers(), " on this machine (4 per core)"),
                      default=None, metavar="W", help=f"worker processes, 1 to {max_workers()} "
                      "(default: one per core)")
    sens.add_argument("--backend", choices=("local", "dask"), default="local",
                      help="local: worker processes on this machine (default); dask: a Dask cluster "
                      "(needs --address)")
    sens.add_argument("--address", default=None, metavar="tcp://HOST:PORT",
                      help="with --backend dask: the address of the Dask scheduler")
    _lang(sens)
    sens.set_defaults(func=cmd_sensitivity)

    schema = command(
        "schema", "write the JSON Schema of scenario files",
        "Print (or write) the JSON Schema of scenario files, for editors that complete and "
        "check YAML (yaml-language-server).",
        "penholder schema --out scenario.schema.json")
    schema.add_argument("--out", default=None, metavar="FILE", help="file to write (default: print it)")
    _lang(schema)
    schema.set_defaults(func=cmd_facilitator, facilitator_cmd="cmd_schema")

    new = command(
        "new-scenario", "scaffold a valid, commented scenario file",
        "Write a new scenario file that is valid as it stands, with a comment on every "
        "field; or a commented copy of an existing one. See docs/scenario-authoring.md.",
        "penholder new-scenario my_case.yaml",
        "penholder new-scenario my_2022.yaml --from scenarios/minusma_2021.yaml")
    new.add_argument("path", metavar="PATH", help="the new file, e.g. scenarios/my_case.yaml")
    new.add_argument("--from", dest="source", default=None, metavar="EXISTING",
                     help="start from this scenario file instead of the template")
    new.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    _lang(new)
    new.set_defaults(func=cmd_facilitator, facilitator_cmd="cmd_new_scenario")

    fork = command(
        "fork", "a new session from an event of a saved one",
        "Write a new session that keeps events 1 to EVENT_SEQ of a saved one (and the agents' "
        "turns after them, up to the next decision of a seat played from outside); the "
        "game's Resume continues it. Find event numbers with 'replay LOG --transcript'.",
        "penholder fork class1.jsonl --at 40 --out what_if.jsonl")
    fork.add_argument("log", metavar="LOG", help="the saved session (.jsonl)")
    fork.add_argument("--at", type=int, required=True, metavar="EVENT_SEQ", help="keep events 1 to EVENT_SEQ")
    fork.add_argument("--out", required=True, metavar="NEW.jsonl",
                      help="the new session's log (a new file, not LOG)")
    fork.add_argument("--seat", metavar="MEMBER", help="a student takes this seat from its agent at EVENT_SEQ "
                      "(a take_seat event, as in the classroom): how an AI-only run is forked")
    _lang(fork)
    fork.set_defaults(func=cmd_facilitator, facilitator_cmd="cmd_fork")

    ai_runs = bounds.count(0, MAX_AI_RUNS)
    debrief = command(
        "debrief", "a saved session as a self-contained HTML report",
        "Write a self-contained HTML debrief of a saved session, to project or print: "
        "timeline, tracked changes, letters, vote, explanations of vote, the record, and "
        "where the class's outcome sits among AI runs of the same scenario.",
        "penholder debrief class1.jsonl --out class1.html",
        "penholder debrief class1.jsonl --out class1.html --runs 500 --from-event 40")
    debrief.add_argument("log", metavar="LOG", help="the saved session (.jsonl)")
    debrief.add_argument("--out", required=True, metavar="report.html", help="the HTML file to write")
    debrief.add_argument("--runs", type=ai_runs, default=200, metavar="N",
                         help=f"AI runs of the scenario to compare with, 0 (none) to {MAX_AI_RUNS:,} (default 200)")
    debrief.add_argument("--seed", type=bounds.seed, default=0, metavar="S",
                         help=f"seed S of those runs, {seed_help} (run i: SeedSequence(S, spawn_key=(i,)); default 0)")
    debrief.add_argument("--from-event", type=int, default=None, metavar="EVENT_SEQ",
                         help="compare with continuations from this event instead of runs from the start")
    _lang(debrief)
    debrief.set_defaults(func=cmd_report, report_cmd="cmd_debrief")

    klass = command(
        "class-report", "several groups' sessions of one scenario side by side (HTML)",
        "Write one HTML page that sets several groups' sessions of the same scenario side by "
        "side, with AI runs of the scenario for comparison.",
        "penholder class-report group1.jsonl group2.jsonl group3.jsonl --out class.html")
    klass.add_argument("logs", nargs="+", metavar="LOG", help="the groups' saved sessions (.jsonl), one scenario")
    klass.add_argument("--out", required=True, metavar="class.html", help="the HTML file to write")
    klass.add_argument("--runs", type=ai_runs, default=200, metavar="N",
                       help=f"AI runs of the scenario to compare with, 0 (none) to {MAX_AI_RUNS:,} (default 200)")
    klass.add_argument("--seed", type=bounds.seed, default=0, metavar="S",
                       help=f"seed S of those runs, {seed_help} (default 0)")
    _lang(klass)
    klass.set_defaults(func=cmd_report, report_cmd="cmd_class_report")

    from game.classroom.host import add_parser as add_host  # (the classroom: docs/classroom.md)

    add_host(command, bounds.seed)
    _lang(sub.choices["host"])
    join = command(
        "join", "take a seat in a class, in the game's window",
        "Join a class a facilitator started with 'penholder host': the game's window, seated "
        "in the class's Council (the same screens, driven by the server). Without --code or "
        "--seat, the join screen asks for what is missing and lists the free seats; with "
        "--token (printed by the window when it takes a seat) a student comes back to it.",
        "penholder join 192.168.1.20:8765 --code K7QX3M",
        "penholder join 127.0.0.1:8765 --code K7QX3M --seat FRA")
    join.add_argument("host", nargs="?", default=None, metavar="HOST",
                      help="the class's address, HOST:PORT or ws://HOST:PORT (port default 8765)")
    join.add_argument("--code", default=None, metavar="CODE", help="the class code")
    join.add_argument("--seat", default=None, metavar="MEMBER", help="the seat to take, e.g. FRA")
    join.add_argument("--token", default=None, metavar="TOKEN", help="the seat's token, to come back to it")
    _lang(join)
    join.set_defaults(func=cmd_join)
    console = command(
        "console", "the facilitator's console of a class, in a window",
        "The facilitator's window of a class started with 'penholder host': the horseshoe with "
        "the students' seats and who is connected, the decision awaited and its deadline, the "
        "feed and the draft; start, pause, speed, inject, extend a deadline, hand a seat to its "
        "agent or back to its student, end the session; the debrief after the vote.",
        "penholder console 127.0.0.1:8765 --code K7QX3M --token yr1eXkrPYG4vwAPuXlZNTA")
    console.add_argument("host", metavar="HOST", help="the class's address, HOST:PORT or ws://HOST:PORT")
    console.add_argument("--code", default=None, metavar="CODE", help="the class code")
    console.add_argument("--token", default=None, metavar="TOKEN", help="the facilitator's token")
    _lang(console)
    console.set_defaults(func=cmd_join)
    return p


def _lang(p: argparse.ArgumentParser) -> None:
    """``--lang``: the language the command speaks to its reader."""
    p.add_argument("--lang", default=None, metavar="LANG",
                   help="en or fr: the language of what the command shows "
                   "(default: $PENHOLDER_LANG, else en)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play", *(argv or [])])
    if hasattr(args, "lang"):  # --lang, else PENHOLDER_LANG, else English
        from game.i18n import ENV, choose

        # (said on the command line or in the environment: the game's window then speaks it;
        # otherwise the window keeps the title screen's remembered choice)
        args.lang_given = bool(args.lang or os.environ.get(ENV))
        try:
            args.lang = choose(args.lang)
        except ValueError as exc:
            print(f"{args.command}: {exc}", file=sys.stderr)
            return 2
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
