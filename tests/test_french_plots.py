"""The plots in French (issue 11 §3): under ``--lang fr`` the PNGs of ``batch``, ``batch
--sweep`` and ``sensitivity`` have no English left, words or figures (0,25 not 0.25, 64 %
not 64%, "mar. 29 juin" not "29 Jun"); in English they are what they were.

Each figure is read as matplotlib drew it (every text of it, the tick labels its formatters
wrote included) just before it is saved: `game.plots._save`, through which every plot
goes, is wrapped. A French text that is also, word for word, a text of the same plot in
English is English left behind, unless it is a name both languages write alike (France,
Kenya, a factor such as model.unity, mu*)."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.text
import pytest

import game.plots
from game.cli import main as cli_main
from game.i18n import Tongue, localized
from game.scenario import load_scenario
from tests.conftest import DEFAULT
from tests.test_french_figures import ENGLISH_FIGURE
from tests.test_validate import cases  # noqa: F401  (the fixture: two small cases with a record)

SAME_IN_BOTH = {"mu*", "sigma"}  # (the Morris indices' own names, in every language)
SAVE = game.plots._save  # (the real one: each language's commands wrap it anew)
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+")  # model.unity, calendar.silence_hours


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch):
    monkeypatch.delenv("PENHOLDER_LANG", raising=False)


def _drawn(monkeypatch, root: Path) -> dict[str, list[str]]:
    """{a plot's path under `root`: the texts of its figure, as drawn} for every plot saved
    from now on."""
    seen: dict[str, list[str]] = {}

    def reading(fig, path):
        fig.canvas.draw()  # (the tick labels are written when the figure is drawn)
        seen[Path(path).relative_to(root).as_posix()] = [
            t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]
        return SAVE(fig, path)

    monkeypatch.setattr(game.plots, "_save", reading)
    return seen


def _commands(tmp_path, lang: str) -> list[list[str]]:
    out = tmp_path / lang
    common = ["--runs", "4", "--seed", "3", "--workers", "1", "--lang", lang]
    return [["batch", *common, "--out", str(out / "s"), "--sweep", "model.unity=0.3,0.55"],  # (a batch per value)
            ["sensitivity", "--params", "model.unity,model.veto_cost", "--trajectories", "2", "--runs", "2",
             "--seed", "3", "--workers", "1", "--out", str(out / "m"), "--lang", lang]]


def _plots(tmp_path, monkeypatch, capsys, lang: str) -> tuple[dict[str, list[str]], str]:
    """The texts of every plot the commands draw in `lang`, and what they print."""
    seen = _drawn(monkeypatch, tmp_path / lang)
    for command in _commands(tmp_path, lang):
        assert cli_main(command) == 0, command
    return seen, capsys.readouterr().out


def _english_left(french: dict[str, list[str]], english: dict[str, list[str]]) -> list[str]:
    """The French plots' texts that are English: a figure written the English way, or a
    text with letters that the English plot has word for word and that is no name."""
    sc = load_scenario(DEFAULT)
    fr = localized(sc, "fr")
    alike = {m.name for k, m in sc.members.items() if fr.members[k].name == m.name} | SAME_IN_BOTH
    bad = []
    for plot, texts in french.items():
        for text in texts:
            if ENGLISH_FIGURE.search(text):
                bad.append(f"{plot}: {text!r} (an English figure)")
            elif (text in english.get(plot, ()) and re.search("[A-Za-z]", text)
                  and text.removesuffix(" \u2605") not in alike and not IDENTIFIER.fullmatch(text)):
                bad.append(f"{plot}: {text!r} (as in English)")
    return bad


def test_the_detector_sees_english_left_in_a_plot():
    """(so that the test below can fail)"""
    english = {"b/outcomes.png": ["share of runs", "20%", "France", "model.unity", "Kenya \u2605"]}
    french = {"b/outcomes.png": ["share of runs", "20%", "0.25", "France", "model.unity", "Kenya \u2605",
                                 "part des simulations", "0,25", "20\u00a0%"]}
    assert [b.split(": ", 1)[1] for b in _english_left(french, english)] == [
        "'share of runs' (as in English)", "'20%' (an English figure)", "'0.25' (an English figure)"]


def test_the_plots_of_batch_sweep_and_sensitivity_are_french(tmp_path, monkeypatch, capsys):
    english, said = _plots(tmp_path, monkeypatch, capsys, "en")
    french, said_fr = _plots(tmp_path, monkeypatch, capsys, "fr")
    expected = {f"s/0.55/{name}" for name in game.plots.PLOT_FILES} | {"s/sweep.png", "m/sensitivity.png"}
    assert expected <= set(french) and set(french) == set(english)
    assert _english_left(french, english) == []
    words = "\n".join(t for texts in french.values() for t in texts)
    # (what a French reader expects to see, spot-checked)
    assert "part des simulations" in words and "\u00a0%" in words and "Balayage de model.unity" in words
    assert re.search(r"\b\d+,\d+\b", words) and "juin" in words and "0,55" in words
    # (and the sensitivity table: its signs as a French table writes them)
    assert "(+/- " in said and " x " in said
    assert "(\u00b1 " in said_fr and "+/-" not in said_fr and "\u00d7" in said_fr and " x " not in said_fr


def test_validate_and_calibrate_write_dates_and_signs_as_french_does(cases, tmp_path):  # noqa: F811
    from game import calibrate, validate

    result = validate.validate([str(p) for p in cases], 5, 3, tmp_path / "v", workers=1, progress=False,
                               plots=False, lang="fr")
    table = "\n".join(validate.table_lines(result, "fr"))
    assert "vote avant le vendredi 1er janvier 2021" in table and "2 cas \u00d7 5 simulations" in table
    page = validate.scorecard_html(result, None, Tongue("fr"))
    assert "vote le dimanche 28 juin 2020, apprentissage" in page and "2020-06-28" not in page
    assert "\u00d7 valeurs" in page
    english = "\n".join(validate.table_lines(result, "en"))
    assert "2 cases x 5 runs, seed 3 (training: vote before 2021-01-01)" in english

    fit = {"cases": {"minusma_2016": {"vote_date": "2016-06-29", "nll_defaults": 6.663, "nll_in_sample": 6.2109,
                                      "nll_loo": 7.5}},
           "runs": 2000, "trials": 64, "seed": 0, "fitted_trial": 2,
           "constants": {"unity": 0.6192}, "defaults": {"unity": 0.5354}, "bounds": {"unity": [0.15, 0.8]},
           "scores": {"defaults": 6.663, "in_sample": 6.2109, "loo": 7.2}}
    fr = calibrate.table_lines(fit, "fr")
    assert "\u00d7 2\u00a0000 simulations" in fr[0] and "2016-06-29" not in "\n".join(fr)
    row = next(line for line in fr if line.startswith("minusma_2016"))
    assert row.split()[:4] == ["minusma_2016", "mer.", "29", "juin"]
    en = calibrate.table_lines(fit, "en")
    assert "x 2,000 runs" in en[0]
    assert f"{'minusma_2016':<14}{'2016-06-29':>12}{'6.663':>10}{'6.211':>11}{'7.500':>9}" in en  # (as before)
