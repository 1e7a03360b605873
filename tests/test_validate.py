"""The validate command: its metrics on hand-made rows whose answer is known, the split by
time, the files it writes, byte-identical reruns, resuming after an interruption, and the
one-line errors of a bad PATH or a scenario without a record."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import game.validate as V
from game.batch import BatchInterrupted
from game.cli import main as cli_main
from game.scenario import load_scenario
from tests.conftest import ROOT

SCENARIOS = ROOT / "tests" / "scenarios"

HISTORY = """
history:
  outcome: adopted
  vote_date: {date}
  tally: {tally}
  silences:
    - placed: 2030-06-20
      broken_by: [CHN]
  final_text: {texts}
"""


def with_history(tmp_path: Path, source: str, name: str, *, date="2020-06-28",
                 tally="unknown", texts="{mandate_scope: robust, human_rights: unknown}",
                 history: str | None = None) -> Path:
    """A copy of tests/scenarios/SOURCE with a history block (and its own id)."""
    text = (SCENARIOS / source).read_text(encoding="utf-8")
    sc = load_scenario(SCENARIOS / source)
    text = text.replace(f"id: {sc.id}\n", f"id: {name}\n", 1)
    block = history if history is not None else HISTORY.format(date=date, tally=tally, texts=texts)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text + block, encoding="utf-8")
    return path


def _all_yes(sc) -> str:
    return "{" + ", ".join(f'{m}: "yes"' for m in sorted(sc.members)) + "}"


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    """tests/scenarios/council.yaml with a record: adopted 15-0-0 but for FRA (abstain) and
    RUS (no), the first silence broken by China, OP3 robust as adopted, OP7 unknown."""
    tmp = tmp_path_factory.mktemp("council")
    base = load_scenario(SCENARIOS / "council.yaml")
    tally = _all_yes(base).replace('FRA: "yes"', 'FRA: "abstain"').replace('RUS: "yes"', 'RUS: "no"')
    return load_scenario(with_history(tmp, "council.yaml", "council_case", tally=tally))


def row(sc, run: int, *, outcome="adopted", votes=None, breakers=([],), text=None) -> dict:
    votes = {m: "yes" for m in sc.members} | (votes or {})
    tally = "-".join(str(sum(1 for b in votes.values() if b == x)) for x in ("yes", "no", "abstain"))
    return {"run": run, "outcome": outcome, "vote_on": "resolution", "tally": tally, "votes": votes,
            "breakers": [list(b) for b in breakers],
            "final_text": {"mandate_scope": "robust", "human_rights": "monitoring"} | (text or {})}


def test_brier_of_a_perfect_and_of_a_wrong_forecast(council):
    record = {"FRA": "abstain", "RUS": "no"}
    perfect = V.case_metrics([row(council, i, votes=record) for i in range(4)], council)
    assert perfect["outcome"]["brier"] == 0.0 and perfect["outcome"]["p_record"] == 1.0
    assert perfect["ballots"]["mean_brier"] == 0.0
    assert perfect["tally"] == {"record": "13-1-1", "modal": "13-1-1", "modal_matches": True, "p_record": 1.0}
    wrong = V.case_metrics([row(council, i, outcome="vetoed", votes={"FRA": "no", "RUS": "yes"})
                            for i in range(4)], council)
    assert wrong["outcome"]["brier"] == 2.0 and wrong["outcome"]["p_record"] == 0.0
    assert wrong["outcome"]["modal"] == "vetoed" and wrong["outcome"]["modal_matches"] is False
    assert wrong["ballots"]["members"]["FRA"]["brier"] == 2.0
    assert wrong["ballots"]["members"]["RUS"]["brier"] == 2.0
    assert wrong["ballots"]["members"]["CHN"]["brier"] == 0.0
    assert wrong["ballots"]["mean_brier"] == round(4.0 / len(council.members), 6)
    # half right: P(adopted) = P(vetoed) = 0.5 -> 0.5^2 + 0.5^2
    half = V.case_metrics([row(council, 0), row(council, 1, outcome="vetoed")], council)
    assert half["outcome"]["brier"] == 0.5


def test_f1_of_the_members_not_voting_yes(council):
    # FRA abstains in 3 runs of 4, CHN in 3 of 4, RUS never: predicted {FRA, CHN}, record {FRA, RUS}
    rows = [row(council, 0, votes={"FRA": "abstain", "CHN": "abstain"}),
            row(council, 1, votes={"FRA": "abstain", "CHN": "abstain"}),
            row(council, 2, votes={"FRA": "abstain", "CHN": "no"}),
            row(council, 3)]
    m = V.case_metrics(rows, council)["not_yes"]
    assert m["record"] == ["FRA", "RUS"] and m["predicted"] == ["CHN", "FRA"]
    assert m["f1"] == 0.5  # precision 1/2, recall 1/2
    assert m["mean_run_f1"] == round((0.5 + 0.5 + 0.5 + 0.0) / 4, 6)  # run 3: nobody predicted


def test_f1_of_the_first_silence_breakers(council):
    rows = [row(council, 0, breakers=[["CHN"]]), row(council, 1, breakers=[["CHN", "RUS"], ["FRA"]]),
            row(council, 2, breakers=[]), row(council, 3, breakers=[[]])]
    m = V.case_metrics(rows, council)["first_silence"]
    assert m["record"] == ["CHN"] and m["predicted"] == []  # China broke it in 2 runs of 4
    assert m["p_broke"]["CHN"] == 0.5 and m["p_broke"]["FRA"] == 0.0  # FRA broke the second only
    assert m["f1"] == 0.0
    assert m["mean_run_f1"] == round((1 + 2 / 3 + 0 + 0) / 4, 6)


def test_final_texts_and_the_log_likelihood(council):
    rows = [row(council, 0), row(council, 1, text={"mandate_scope": "standard"}),
            row(council, 2, text={"mandate_scope": "standard"})]
    m = V.case_metrics(rows, council)
    p = m["final_text"]["paragraphs"]
    assert list(p) == ["mandate_scope"]  # human_rights is unknown in the record: not scored
    assert p["mandate_scope"] == {"record": "robust", "p_record": round(1 / 3, 6), "modal": "standard",
                                  "modal_matches": False}
    assert m["final_text"]["share_matching"] == 0.0
    ll = m["log_likelihood"]
    n, members = 3, len(council.members)
    outcome = math.log((3 + 0.5) / (n + 0.5 * 5))
    ballots = (members - 2) * math.log(3.5 / 4.5) + 2 * math.log(0.5 / 4.5)  # FRA, RUS never as recorded
    texts = math.log(1.5 / (n + 0.5 * 3))
    # the recorded tally as a whole, among the (members + 1)(members + 2) / 2 possible tallies
    record_tally_runs = sum(1 for r in rows if r["tally"] == m["tally"]["record"])
    tally = math.log((record_tally_runs + 0.5) / (n + 0.5 * (members + 1) * (members + 2) / 2))
    assert ll["outcome"] == round(outcome, 6)
    assert ll["tally"] == round(tally, 6)
    assert ll["ballots"] == round(ballots, 6)
    assert ll["final_text"] == round(texts, 6)
    assert ll["total"] == round(outcome + tally + ballots + texts, 6)
    assert ll["items"] == 1 + 1 + members + 1


def test_unknown_in_the_record_gives_n_a_never_zero(tmp_path):
    path = with_history(tmp_path, "council.yaml", "unknowns", history="""
history:
  outcome: adopted
  final_text: {mandate_scope: unknown}
""")
    sc = load_scenario(path)
    m = V.case_metrics([row(sc, i) for i in range(3)], sc)
    assert m["tally"]["record"] == "n/a" and m["tally"]["p_record"] == "n/a"
    assert m["tally"]["modal_matches"] == "n/a"
    assert m["ballots"]["mean_brier"] == "n/a"
    assert all(b["brier"] == "n/a" for b in m["ballots"]["members"].values())
    assert m["not_yes"]["f1"] == "n/a" and m["not_yes"]["mean_run_f1"] == "n/a"
    assert m["first_silence"]["f1"] == "n/a" and m["first_silence"]["record"] == "n/a"
    assert m["final_text"]["share_matching"] == "n/a"
    assert m["log_likelihood"]["ballots"] == "n/a" and m["log_likelihood"]["items"] == 1
    agg = V.aggregate([m])
    assert agg["ballots"]["mean_brier"] == "n/a" and agg["not_yes"]["mean_f1"] == "n/a"
    assert agg["tally"]["recorded"] == 0
    assert V.split_of(sc.history) == ("evaluation", "vote date unknown: counted as evaluation")


def test_split_by_the_vote_date(tmp_path):
    before = load_scenario(with_history(tmp_path, "council.yaml", "a", date="2020-12-31"))
    after = load_scenario(with_history(tmp_path, "council.yaml", "b", date="2021-01-01"))
    assert V.split_of(before.history)[0] == "training"
    assert V.split_of(after.history)[0] == "evaluation"


def test_the_baseline_is_scored_as_runs_of_the_rule_of_thumb(council):
    m = V.case_metrics(V.baseline_rows(council, 10), council)
    assert m["outcome"]["p_record"] == 1.0
    assert m["not_yes"]["predicted"] == [] and m["not_yes"]["f1"] == 0.0  # the record has two
    assert m["first_silence"]["predicted"] == [] and m["first_silence"]["f1"] == 0.0
    assert m["final_text"]["paragraphs"]["mandate_scope"]["modal"] == council.zero_draft["mandate_scope"]


def test_reliability_bins():
    bins = V.reliability([(0.0, 0), (0.05, 1), (0.95, 1), (1.0, 1), (0.5, 0)])
    assert [b["count"] for b in bins] == [2, 0, 0, 0, 0, 1, 0, 0, 0, 2]
    assert bins[0]["mean_predicted"] == 0.025 and bins[0]["observed"] == 0.5
    assert bins[1]["observed"] == "n/a"


# ------------------------------------------------------------------------ end to end (fast)


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> list[Path]:
    """Two small cases: one training (2020), one evaluation (2030)."""
    tmp = tmp_path_factory.mktemp("cases")
    a = with_history(tmp, "council.yaml", "case_a", date="2020-06-28",
                     tally=_all_yes(load_scenario(SCENARIOS / "council.yaml")))
    b = with_history(tmp, "sanctions.yaml", "case_b", date="2030-06-28",
                     texts="{sanctions: strengthen, panel: report}")
    return [a, b]


def _run(paths, out, **kw):
    return V.validate([str(p) for p in paths], 20, 3, out, workers=1, progress=False, **kw)


def test_files_written_and_byte_identical_whatever_the_workers(cases, tmp_path):
    result = _run(cases, tmp_path / "v1")
    V.validate([str(p) for p in cases], 20, 3, tmp_path / "v2", workers=2, progress=False)
    for name in (V.VALIDATION_JSON, V.VALIDATION_HTML, V.CALIBRATION_PNG):
        assert (tmp_path / "v1" / name).read_bytes() == (tmp_path / "v2" / name).read_bytes(), name
    data = json.loads((tmp_path / "v1" / V.VALIDATION_JSON).read_text())
    assert data == json.loads(json.dumps(result))
    assert list(data["cases"]) == ["case_a", "case_b"]
    assert data["cases"]["case_a"]["split"] == "training"
    assert data["cases"]["case_b"]["split"] == "evaluation"
    assert data["overall"]["training"]["cases"] == ["case_a"]
    assert data["overall"]["all"]["model"]["cases"] == 2
    assert set(data["cases"]["case_a"]) >= {"model", "baseline"}
    assert (tmp_path / "v1" / "case_a" / "runs.jsonl").exists()
    html = (tmp_path / "v1" / V.VALIDATION_HTML).read_text()
    assert "data:image/png;base64," in html and "case_b" in html
    assert sum(b["count"] for b in data["reliability"]["training"]) == 3 * 15  # 15 ballots, 3 classes
    assert sum(b["count"] for b in data["reliability"]["evaluation"]) == 0  # case_b: tally unknown


def test_resume_after_an_interruption(cases, tmp_path, monkeypatch):
    _run(cases, tmp_path / "ref")
    real = V.run_batch
    calls = []

    def interrupted(*args, **kwargs):  # the first case finishes, Ctrl-C during the second
        calls.append(args[0])
        if len(calls) == 2:
            raise BatchInterrupted(0, 20)
        return real(*args, **kwargs)

    monkeypatch.setattr(V, "run_batch", interrupted)
    with pytest.raises(BatchInterrupted):
        _run(cases, tmp_path / "v")
    monkeypatch.setattr(V, "run_batch", real)
    assert not (tmp_path / "v" / V.VALIDATION_JSON).exists()
    with pytest.raises(V.ValidateError, match="already holds a validation"):
        _run(cases, tmp_path / "v")
    with pytest.raises(V.ValidateError, match="not the validation"):
        V.validate([str(p) for p in cases], 21, 3, tmp_path / "v", workers=1, progress=False, resume=True)
    _run(cases, tmp_path / "v", resume=True)
    for name in (V.VALIDATION_JSON, V.VALIDATION_HTML):
        assert (tmp_path / "ref" / name).read_bytes() == (tmp_path / "v" / name).read_bytes(), name


def test_resume_after_a_run_file_cut_short(cases, tmp_path):
    _run(cases, tmp_path / "ref")
    _run(cases, tmp_path / "v")
    jsonl = tmp_path / "v" / "case_b" / "runs.jsonl"
    jsonl.write_bytes(jsonl.read_bytes()[:-100])  # a kill mid-write
    (tmp_path / "v" / V.VALIDATION_JSON).unlink()
    _run(cases, tmp_path / "v", resume=True)
    assert (tmp_path / "ref" / V.VALIDATION_JSON).read_bytes() == (tmp_path / "v" / V.VALIDATION_JSON).read_bytes()


def _cli(capsys, *argv) -> tuple[int, str]:
    code = cli_main(["validate", *argv])
    return code, capsys.readouterr().err


def test_bad_path_and_no_history_are_one_line_errors(tmp_path, capsys):
    code, err = _cli(capsys, str(tmp_path / "nowhere.yaml"), "--out", str(tmp_path / "o"))
    assert code == 2 and err.count("\n") == 1 and "nowhere.yaml: no such file or folder" in err
    code, err = _cli(capsys, str(SCENARIOS / "council.yaml"), "--out", str(tmp_path / "o"))
    assert code == 2 and err.count("\n") == 1 and "no history block" in err
    (tmp_path / "empty").mkdir()
    code, err = _cli(capsys, str(tmp_path / "empty"), "--out", str(tmp_path / "o"))
    assert code == 2 and err.count("\n") == 1 and "no scenario with a history block" in err
    assert not (tmp_path / "o").exists()


def test_the_command_prints_the_table(cases, tmp_path, capsys):
    code = cli_main(["validate", *map(str, cases), "--runs", "20", "--workers", "1",
                     "--out", str(tmp_path / "o")])
    out = capsys.readouterr().out
    assert code == 0
    assert "case_a" in out and "baseline" in out and "training (1)" in out and "evaluation (1)" in out


def test_default_paths_are_the_shipped_cases():
    files = V.expand_paths([])
    names = {f.name for f in files}
    assert {"minusma_2016.yaml", "minusma_2020.yaml", "minusma_2021.yaml"} <= names
    assert "tutorial.yaml" not in names  # no history block


def test_fitted_constants_are_scored_through_set(cases, tmp_path, capsys):
    fitted = tmp_path / "fitted.json"
    fitted.write_text(json.dumps({"constants": {"unity": 0.05, "private_sd": 0.3}}))
    assert V.fitted_overrides(fitted) == ["model.unity=0.05", "model.private_sd=0.3"]
    code = cli_main(["validate", *map(str, cases), "--runs", "20", "--workers", "1", "--fitted", str(fitted),
                     "--out", str(tmp_path / "f")])
    assert code == 0 and "with model.unity=0.05; model.private_sd=0.3" in capsys.readouterr().out
    data = json.loads((tmp_path / "f" / V.VALIDATION_JSON).read_text())
    assert data["overrides"] == ["model.unity=0.05", "model.private_sd=0.3"]
    plain = _run(cases, tmp_path / "p")
    assert "overrides" not in plain
    assert data["cases"]["case_a"]["model"] != plain["cases"]["case_a"]["model"]  # the constants reached the runs
    code, err = _cli(capsys, *map(str, cases), "--set", "model.nonsense=1", "--out", str(tmp_path / "bad"))
    assert code == 2 and "model.nonsense" in err and not (tmp_path / "bad").exists()
    code, err = _cli(capsys, *map(str, cases), "--fitted", str(tmp_path / "none.json"), "--out", str(tmp_path / "bad"))
    assert code == 2 and err.count("\n") == 1 and "--fitted" in err
