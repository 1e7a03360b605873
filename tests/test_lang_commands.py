"""`--lang fr` on every command (issue 11 §3): each subcommand of ``penholder`` takes it,
and the commands that talk to their reader (fork, seal, new-scenario, schema, batch) say
their lines in French under it, while their English stays as it was."""

from __future__ import annotations

import argparse
import json

import pytest

from game.cli import build_parser
from game.cli import main as cli_main
from tests.conftest import DEFAULT
from tests.test_validate import cases  # noqa: F401  (the fixture: two small cases with a record)

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch):
    monkeypatch.delenv("PENHOLDER_LANG", raising=False)


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_takes_lang():
    commands = _subcommands()
    assert {"play", "run", "batch", "validate", "calibrate", "sensitivity", "fork", "seal", "schema",
            "new-scenario", "host", "debrief", "join", "console"} <= set(commands)
    for name, parser in commands.items():
        assert "--lang" in parser.format_help(), f"{name} has no --lang"
        lang = next(a for a in parser._actions if "--lang" in a.option_strings)
        assert lang.default is None, name  # (then $PENHOLDER_LANG, else English: cli.main chooses)


def test_an_unknown_language_is_one_line_and_exit_2(capsys):
    assert cli_main(["schema", "--lang", "xx"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("schema: ") and len(err.strip().splitlines()) == 1


def test_schema_says_where_it_wrote_in_french(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert cli_main(["schema", "--out", str(out), "--lang", "fr"]) == 0
    assert capsys.readouterr().out == f"Schéma JSON des fichiers de scénario écrit dans {out}\n"
    json.loads(out.read_text(encoding="utf-8"))  # (the file itself is the same in any language)
    assert cli_main(["schema", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"JSON Schema for scenario files written to {out}\n"


def test_new_scenario_and_seal_in_french(tmp_path, capsys):
    path = tmp_path / "case.yaml"
    assert cli_main(["new-scenario", str(path), "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert f"{path}{NBSP}: écrit{NBSP}:" in out and "valide.\n" in out
    assert f"Ensuite{NBSP}: modifiez-le" in out and "Next:" not in out
    assert cli_main(["seal", "--lang", "fr"]) == 1
    assert capsys.readouterr().err.startswith(f"seal{NBSP}: indiquez les journaux à sceller")
    assert cli_main(["seal"]) == 1
    assert capsys.readouterr().err.startswith("seal: give the logs to seal")


def test_fork_in_french_and_its_english_unchanged(tmp_path, capsys):
    log = tmp_path / "s1.jsonl"
    assert cli_main(["run", "--seed", "1", "--quiet", "--log", str(log)]) == 0
    capsys.readouterr()
    fr, en = tmp_path / "fr.jsonl", tmp_path / "en.jsonl"
    assert cli_main(["fork", str(log), "--at", "40", "--out", str(fr), "--seat", "FRA", "--lang", "fr"]) == 0
    said = capsys.readouterr().out
    assert f"{fr}{NBSP}: une nouvelle séance à partir de l'événement 40 de {log}{NBSP}:" in said
    assert "Elle attend la France" in said and "Resume" not in said
    assert cli_main(["fork", str(log), "--at", "40", "--out", str(en), "--seat", "FRA"]) == 0
    said = capsys.readouterr().out
    assert f"{en}: a new session from event 40 of {log}: " in said and "It waits for France" in said
    assert fr.read_bytes() == en.read_bytes()  # (the log is data: the same in every language)
    # an error that quotes a file's problem stays as it is, in any language
    assert cli_main(["fork", str(tmp_path / "nope.jsonl"), "--at", "1", "--out", str(tmp_path / "x.jsonl"),
                     "--lang", "fr"]) == 1
    assert capsys.readouterr().out.startswith(f"fork: {tmp_path / 'nope.jsonl'}: ")


def test_batch_summary_in_french_and_its_files_unchanged(tmp_path, capsys):
    common = ["batch", "--scenario", str(DEFAULT), "--runs", "2", "--seed", "5", "--workers", "1", "--no-plots"]
    assert cli_main([*common, "--out", str(tmp_path / "fr"), "--lang", "fr"]) == 0
    fr = capsys.readouterr().out
    assert cli_main([*common, "--out", str(tmp_path / "en")]) == 0
    en = capsys.readouterr().out
    assert "2 négociations, graine 5" in fr and "Comment cela se termine" in fr
    assert f"Temps{NBSP}:" in fr and f"Écrit{NBSP}:" in fr and f"100,0{NBSP}%" in fr
    assert "How it ends" not in fr and "Wrote" not in fr
    assert "2 negotiations, seed 5" in en and "How it ends" in en and "Comment" not in en
    for name in ("summary.json", "runs.csv"):
        a = (tmp_path / "fr" / name).read_text(encoding="utf-8")
        b = (tmp_path / "en" / name).read_text(encoding="utf-8")
        assert a.replace(str(tmp_path / "fr"), "OUT") == b.replace(str(tmp_path / "en"), "OUT"), name


def test_validate_table_in_french(cases, tmp_path, capsys):  # noqa: F811  (the fixture)
    args = ["validate", *map(str, cases), "--runs", "20", "--workers", "1"]
    assert cli_main([*args, "--out", str(tmp_path / "fr"), "--lang", "fr"]) == 0
    fr = capsys.readouterr().out
    assert f"Validation{NBSP}: 2 cas × 20 simulations, graine" in fr
    assert "apprentissage (1)" in fr and "évaluation (1)" in fr and "référence" in fr and "baseline" not in fr
    assert f"Écrit{NBSP}:" in fr
    assert cli_main([*args, "--out", str(tmp_path / "en")]) == 0
    en = capsys.readouterr().out
    assert "Validation: 2 cases x 20 runs" in en and "training (1)" in en and "baseline" in en
    # the data are the same whatever the language; the page is the reader's
    a, b = ((tmp_path / d / "validation.json").read_text(encoding="utf-8").replace(str(tmp_path / d), "OUT")
            for d in ("fr", "en"))
    assert a == b
    fr_page, en_page = ((tmp_path / d / "validation.html").read_text(encoding="utf-8") for d in ("fr", "en"))
    assert "<h1>Validation au regard de la réalité</h1>" in fr_page and "<h2>Ensemble</h2>" in fr_page
    assert "<h1>Validation against the record</h1>" in en_page and "Ensemble" not in en_page


def test_sensitivity_table_in_french_and_its_files_unchanged(tmp_path, capsys):
    args = ["sensitivity", "--trajectories", "2", "--runs", "2", "--workers", "1", "--params", "unity"]
    assert cli_main([*args, "--out", str(tmp_path / "fr"), "--lang", "fr"]) == 0
    fr = capsys.readouterr().out
    assert "ce qui décide le cas (Morris, 2 trajectoires × 2 points = 4 échantillons, 2 simulations chacun" in fr
    assert f"Adoptée{NBSP}:" in fr and "en l'état du scénario" in fr and f"Écrit{NBSP}:" in fr
    assert "what decides" not in fr and "Adopted" not in fr
    assert cli_main([*args, "--out", str(tmp_path / "en")]) == 0
    en = capsys.readouterr().out
    assert "what decides the case (Morris, 2 trajectories x 2 points = 4 samples, 2 runs each" in en
    # the data keep their English labels: sensitivity.csv and .json are the same in both
    for name in ("sensitivity.csv", "sensitivity.json"):
        a = (tmp_path / "fr" / name).read_text(encoding="utf-8")
        b = (tmp_path / "en" / name).read_text(encoding="utf-8")
        if name.endswith(".json"):
            a, b = (json.loads(x) for x in (a, b))
            for d in (a, b):
                d.pop("seconds", None), d.pop("created", None)
        assert a == b, name
