"""Figures as a French reader writes them (issue 11 §3: the reports in French read as a
French writer writes): 0,97 not 0.97, 64 % not 64%, 2 000 not 2,000, in every report and
research command under ``--lang fr`` (debrief, class report, batch summary and --sweep
table, validate's table and validation.html, calibrate's table, the score's explanations);
and the English ones exactly as they were."""

from __future__ import annotations

import html
import re

import pytest

from game.cli import main as cli_main
from game.i18n import Tongue
from tests.conftest import DEFAULT
from tests.test_validate import cases  # noqa: F401  (the fixture: two small cases with a record)

NBSP = "\u00a0"
# an English decimal (0.97, -6.3: not a version, a date or a path) or a figure glued to its %
ENGLISH_FIGURE = re.compile(r"(?<![\w./-])-?\d+\.\d+(?![\w.])|\d%")


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch):
    monkeypatch.delenv("PENHOLDER_LANG", raising=False)


def _visible(page: str) -> str:
    """What a reader sees of an HTML page: its text and its charts' words (<text> in the
    SVG), without the tags, the attributes, the style sheet and the embedded images."""
    page = re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", page)
    return html.unescape(re.sub(r"(?s)<[^>]*>", "\n", page))


def _english_figures(text: str) -> list[str]:
    return [line.strip()[:120] for line in text.splitlines() if ENGLISH_FIGURE.search(line)]


def test_the_detector_sees_english_figures():
    """(so that the tests below can fail)"""
    assert _english_figures("valeur 0.97\n64% des points\nn/a\n") == ["valeur 0.97", "64% des points"]
    assert _english_figures(f"valeur 0,97 ; 64{NBSP}% ; 2{NBSP}000 ; -6,3 ; 2021-06-29 ; v2.5.8 ; s1.fr.jsonl") == []
    assert _visible('<p>a <b>0.5</b></p><svg><text x="1.5">64%</text></svg><style>p{x:1.5em}</style>') \
        .split() == ["a", "0.5", "64%"]


@pytest.mark.parametrize("lang,expect", [
    ("en", ["0.53", "1234.5", "0.5", "-0.50", "3", "64%", "12.5%", "12,000", "\u22120.17", "+0.25"]),
    ("fr", ["0,53", f"1{NBSP}234,5", "0,5", "-0,50", "3", f"64{NBSP}%", f"12,5{NBSP}%", f"12{NBSP}000",
            "\u22120,17", "+0,25"]),
])
def test_tongue_writes_figures_in_its_language(lang, expect):
    t = Tongue(lang)
    assert [t.number(0.53), t.number(1234.5, "0.0"), t.number(0.5, "0.##"), t.number(-0.5), t.number(3, "0"),
            t.percent(0.64), t.percent(0.125, 1), t.whole(12000), t.signed(-0.17), t.signed(0.25)] == expect


def test_english_figures_are_written_as_before():
    """`Tongue("en")` writes what the f-strings it replaced wrote, value for value."""
    t = Tongue("en")
    for k in range(0, 1001, 7):
        x = k / 1000
        assert t.number(x) == f"{x:.2f}" and t.number(x, "0.0") == f"{x:.1f}" and t.number(x, "0.000") == f"{x:.3f}"
        assert t.percent(x) == f"{100 * x:.0f}%" == f"{x:.0%}" and t.percent(x, 1) == f"{100 * x:.1f}%"
        assert t.number(x, "0.##") == f"{x:g}"
    for n in (0, 7, 999, 1000, 20_000, 1_234_567):
        assert t.whole(n) == f"{n:,}"


def test_the_french_catalogue_joins_a_figure_to_its_percent_sign():
    fr = Tongue("fr")
    # (this entry was typed "{pct} %" with an ordinary space: a line could break before the %)
    assert fr.gettext("strained {pct}%") == f"dégradées à {{pct}}{NBSP}%"
    assert " %" not in fr.gettext("If voted ({fails}%): adopted in {p}%.")


def test_batch_summary_and_sweep_table_in_french(tmp_path, capsys):
    common = ["--scenario", str(DEFAULT), "--runs", "4", "--seed", "3", "--workers", "1", "--no-plots"]
    assert cli_main(["batch", *common, "--out", str(tmp_path / "b"), "--lang", "fr"]) == 0
    fr = capsys.readouterr().out
    assert "0,0" in fr and f"{NBSP}%" in fr and _english_figures(fr) == []
    assert cli_main(["batch", *common, "--out", str(tmp_path / "s"), "--sweep", "calendar.silence_hours=12,72",
                     "--lang", "fr"]) == 0
    sweep = capsys.readouterr().out
    assert f"Balayage{NBSP}: calendar.silence_hours" in sweep and "jours" in sweep and "days" not in sweep
    assert _english_figures(sweep) == []


def test_sweep_table_in_english_as_before(tmp_path):
    """The --sweep table's English, column for column, as the code it replaced wrote it."""
    from game.batch import sweep_lines

    summaries = [{"outcome": {"adopted": a, "not_adopted": 1 - a, "vetoed": 0.0, "rollover": 0.0, "lapsed": 0.0},
                  "unanimous": a / 2, "silence": {"first_broken": 1.0, "mean_silences": 1.0 + a},
                  "mean_days": 14.55 + a} for a in (1.0, 0.25, 0.0)]

    def pct(p):
        return f"{100 * p:5.1f}%"

    path, values = "calendar.silence_hours", ["12", "24", "72"]
    w = max(len(path), *(len(v) for v in values)) + 2
    before = ["Sweep: " + path,
              f"{path:<{w}}{'adopted':>9}{'not ad.':>9}{'vetoed':>8}{'rollover':>9}{'lapsed':>8}"
              f"{'unanim.':>9}{'1st sil. broken':>17}{'silences':>10}{'days':>7}"]
    for v, s in zip(values, summaries, strict=True):
        o = s["outcome"]
        before.append(f"{v:<{w}}{pct(o['adopted']):>9}{pct(o['not_adopted']):>9}{pct(o['vetoed']):>8}"
                      f"{pct(o['rollover']):>9}{pct(o['lapsed']):>8}{pct(s['unanimous']):>9}"
                      f"{pct(s['silence']['first_broken']):>17}{s['silence']['mean_silences']:>10.2f}"
                      f"{s['mean_days']:>7.1f}")
    assert sweep_lines(path, values, summaries) == before


def test_debrief_and_class_report_in_french(tmp_path, capsys):
    logs = []
    for seed in (1, 2):
        log = tmp_path / f"s{seed}.jsonl"
        assert cli_main(["run", "--seed", str(seed), "--quiet", "--log", str(log)]) == 0
        logs.append(str(log))
    assert cli_main(["debrief", logs[0], "--out", str(tmp_path / "d.html"), "--runs", "6", "--lang", "fr"]) == 0
    assert cli_main(["class-report", *logs, "--out", str(tmp_path / "c.html"), "--runs", "6", "--lang", "fr"]) == 0
    capsys.readouterr()
    debrief = _visible((tmp_path / "d.html").read_text(encoding="utf-8"))
    assert re.search(rf"\d{NBSP}%", debrief) and re.search(r"\d,\d\d", debrief)
    assert _english_figures(debrief) == []
    assert "▲ record" not in debrief and "▲ réalité" in debrief  # (the stacked bars' mark too)
    assert _english_figures(_visible((tmp_path / "c.html").read_text(encoding="utf-8"))) == []


def test_validate_table_and_page_in_french(cases, tmp_path, capsys):  # noqa: F811  (the fixture)
    assert cli_main(["validate", *map(str, cases), "--runs", "5", "--workers", "1", "--out", str(tmp_path / "v"),
                     "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert _english_figures(out) == [] and "0,000" in out
    page = (tmp_path / "v" / "validation.html").read_text(encoding="utf-8")
    assert '<html lang=fr>' in page and "Validation au regard de la réalité" in page
    shown = _visible(page)
    assert _english_figures(shown) == []
    assert "Overall" not in shown and "Calibration of the ballots" not in shown


def test_calibrate_table_in_french():
    from game.calibrate import table_lines

    result = {"cases": {"minusma_2016": {"vote_date": "2016-06-29", "nll_defaults": 6.663, "nll_in_sample": 6.2109,
                                         "nll_loo": 1234.5}},
              "runs": 2000, "trials": 64, "seed": 0, "fitted_trial": 2,
              "constants": {"unity": 0.6192}, "defaults": {"unity": 0.5354}, "bounds": {"unity": [0.15, 0.8]},
              "scores": {"defaults": 6.663, "in_sample": 6.2109, "loo": 7.2}}
    fr = "\n".join(table_lines(result, "fr"))
    assert _english_figures(fr) == []
    assert f"2{NBSP}000 simulations" in fr and "0,5354" in fr and "0,15 - 0,8" in fr and f"1{NBSP}234,500" in fr
    en = "\n".join(table_lines(result, "en"))
    assert "x 2,000 runs" in en and "0.5354    0.6192   0.15 - 0.8" in en and "1234.500" in en


def test_the_scores_explanations_in_french():
    from game.scenario import load_scenario
    from game.scoring import score_state
    from game.session import Session

    state = Session(load_scenario(DEFAULT), 4).run().state
    for seat in ("FRA", "CHN", "USA"):
        why = "\n".join(x for *_rest, x in score_state(state, seat, tongue=Tongue("fr")).parts())
        assert _english_figures(why) == [], seat
