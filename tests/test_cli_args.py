"""The command line's arguments (issue 9, items 11, 14 and 16): every --help describes
every argument with examples; seeds and counts are bounded by one shared type and refused
in one clear line; `run` never picks a seed silently; with no display, `play` says so and
exits; `new-scenario` never writes an absolute path of the author's machine."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from game.cli import build_parser, main, no_display
from tests.conftest import ROOT


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_every_command_has_help_for_every_argument_and_examples(capsys):
    commands = _subcommands()
    assert {"play", "run", "replay", "fork", "debrief", "screenshots", "batch", "check",
            "schema", "new-scenario", "class-report"} <= set(commands)
    for name, parser in commands.items():
        assert parser.description and len(parser.description) > 40, name
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help and len(action.help) > 10, f"{name} {action.dest}: no help"
        with pytest.raises(SystemExit) as done:
            main([name, "--help"])
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert "examples:\n" in out and f"  penholder {name}" in out.replace("SDL_VIDEODRIVER=dummy ", ""), name
        for action in parser._actions:  # every option is in the help text
            for opt in action.option_strings:
                assert opt in out, (name, opt)


def test_the_set_option_says_it_reaches_the_models_constants():
    """Issue 8, section 6: every constant of the model can be set with `--set model.NAME=V`;
    the help of the commands that take --set says so, and where the names are listed."""
    commands = _subcommands()
    for name in ("run", "batch"):
        (action,) = [a for a in commands[name]._actions if "--set" in a.option_strings]
        assert "model." in action.help and "game/model/params.py" in action.help, name


def test_run_needs_a_seed_and_does_not_default_silently(capsys):
    with pytest.raises(SystemExit) as done:
        main(["run", "--quiet"])
    assert done.value.code == 2
    assert "the following arguments are required: --seed" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["run", "--seed", "-1"],
    ["play", "--seed", "-1"],
    ["debrief", "x.jsonl", "--out", "x.html", "--seed", "-1"],
    ["class-report", "x.jsonl", "--out", "x.html", "--seed", "-1"],
    ["check", "--audit", "scenarios/tutorial.yaml", "--seed", "-1"],
    ["batch", "--runs", "5", "--out", "x", "--seed", "-1"],
    ["run", "--seed", str(2**64)],
    ["run", "--seed", "one"],
], ids=lambda a: " ".join(a[:1] + a[-2:]))
def test_a_bad_seed_is_refused_cleanly_by_every_command(argv, capsys):
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "argument --seed: must be a whole number" in err and "Traceback" not in err


@pytest.mark.parametrize("argv, message", [
    (["batch", "--runs", str(2**80), "--out", "x"], "argument --runs: must be from 1 to 10,000,000"),
    (["batch", "--runs", "0", "--out", "x"], "argument --runs: must be from 1 to"),
    (["batch", "--runs", "5", "--out", "x", "--workers", "100000"], "argument --workers: must be from 1 to"),
    (["debrief", "x.jsonl", "--out", "x.html", "--runs", "10000000"], "argument --runs: must be from 0 to 20,000"),
    (["class-report", "x.jsonl", "--out", "x.html", "--runs", "-3"], "argument --runs: must be from 0 to"),
    (["check", "--audit", "x.yaml", "--runs", "10**9"], "argument --runs: must be a whole number"),
    (["run", "--seed", "1", "--run", "-2"], "argument --run: must be from 0 to"),
])
def test_counts_out_of_bounds_are_refused_cleanly(argv, message, capsys):
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_bad_seed_on_the_real_command_line_is_one_line_not_a_traceback():
    p = subprocess.run([sys.executable, "main.py", "run", "--seed", "-1"], cwd=ROOT, capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.splitlines()[-1].startswith("penholder run: error: argument --seed:")


def test_big_seeds_within_bounds_work(capsys):
    assert main(["run", "--seed", str(2**64 - 1), "--quiet"]) == 0
    assert capsys.readouterr().out.split()[0] in ("adopted", "not_adopted", "vetoed", "rollover", "lapsed")


# --------------------------------------------------------------------- item 14: no display


def test_no_display_is_detected_only_when_there_is_none():
    assert no_display({}, "linux")
    assert no_display({"DISPLAY": ":0"}, "linux") is None
    assert no_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert no_display({"SDL_VIDEODRIVER": "dummy"}, "linux") is None  # explicit: tests, screenshots
    assert no_display({}, "darwin") is None and no_display({}, "win32") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux rule")
def test_play_without_a_display_says_so_in_one_line_and_exits():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    p = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=30, stdin=subprocess.DEVNULL)
    assert p.returncode != 0
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, p.stderr
    assert "no display" in lines[0] and "SDL_VIDEODRIVER=dummy" in lines[0] and "penholder run" in lines[0]


# -------------------------------------------------------------- item 16: new-scenario's $schema


def test_new_scenario_outside_the_project_points_at_a_relative_schema(tmp_path, capsys):
    from game.facilitator import SCHEMA_COMMENT

    path = tmp_path / "course" / "my_case.yaml"
    assert main(["new-scenario", str(path)]) == 0
    out = capsys.readouterr().out
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_COMMENT + "scenario.schema.json"
    assert "file://" not in path.read_text(encoding="utf-8") and str(ROOT) not in first
    assert f"penholder schema --out {path.parent / 'scenario.schema.json'}" in out
    assert main(["check", str(path)]) == 0


# -------------------------------------------------------------- screenshots --size


def test_screenshots_takes_a_window_size(tmp_path, monkeypatch, capsys):
    """`penholder screenshots OUTDIR --size 1024x640` drives the game in that window (the
    tour itself takes ~35 s and is run by tests/test_packaging.py; here it is recorded)."""
    import game.ui.shots as shots

    calls = []
    monkeypatch.setattr(shots, "take_screenshots", lambda outdir, size=None, log=print, lang="en": calls.append((outdir, size)) or [])
    out = tmp_path / "small"
    assert main(["screenshots", str(out), "--size", "1024x640"]) == 0
    assert calls == [(str(out), (1024, 640))]
    assert "at 1024x640" in capsys.readouterr().out
    assert main(["screenshots", str(out)]) == 0 and calls[-1] == (str(out), None)  # the default size
    with pytest.raises(SystemExit) as bad:
        main(["screenshots", str(out), "--size", "big"])
    assert bad.value.code == 2
    err = capsys.readouterr().err
    assert "--size" in err and "WIDTHxHEIGHT" in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["screenshots", str(out), "--size", "100x100"])
    assert "320x240" in capsys.readouterr().err
    # an OUTDIR that is a file: one line, nothing driven
    f = tmp_path / "a_file"
    f.write_text("x")
    assert main(["screenshots", str(f), "--size", "1024x640"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "a_file" in err and "not a folder" in err
    assert len(calls) == 2
    # the help gives the option and an example
    with pytest.raises(SystemExit):
        main(["screenshots", "--help"])
    text = capsys.readouterr().out
    assert "--size WIDTHxHEIGHT" in text and "penholder screenshots shots-small/ --size 1024x640" in text
