"""The game in English and French (issue 11 §3): the interface's gettext catalogue is
complete and compiled, bilingual scenario texts load, show and hash as they should, the
default scenario and the tutorial are written in French, and `--lang` works."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from game.i18n import LOCALE_DIR, Tongue, localized, missing_french
from game.scenario import load_scenario, scenario_from_data, scenario_hash, scenario_to_data
from game.schema import LocalText
from game.session import Session

ROOT = Path(__file__).resolve().parents[1]
PO = LOCALE_DIR / "fr" / "LC_MESSAGES" / "penholder.po"
MO = PO.with_suffix(".mo")
PLAYED = ["minusma_2021.yaml", "tutorial.yaml"]  # the default scenario and the tutorial


def _catalogue():
    with PO.open("rb") as fh:
        return read_po(fh, locale="fr")


def _extracted() -> set[str]:
    """Every string the game marks for translation, as `pybabel extract -F babel.cfg` finds it."""
    found = extract_from_dir(ROOT / "game", method_map=[("**.py", "python")],
                             keywords={**DEFAULT_KEYWORDS, "N_": None})
    return {m[2] if isinstance(m[2], str) else m[2][0] for m in found}


def test_every_marked_string_is_in_the_french_catalogue_and_translated():
    cat = _catalogue()
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in cat if m.id}
    marked = _extracted()
    assert len(marked) > 150  # (the extraction works: the screens are marked)
    missing = sorted(marked - ids)
    assert not missing, f"not in {PO.relative_to(ROOT)} (run pybabel extract + update): {missing[:10]}"
    stale = sorted(ids - marked)
    assert not stale, f"in the catalogue but no longer in the game: {stale[:10]}"
    untranslated = [m.id for m in cat if m.id and (not m.string or not all(m.string) or m.fuzzy)]
    assert not untranslated, f"no French (or fuzzy) for: {untranslated[:10]}"


def test_each_translation_keeps_the_placeholders_and_the_markup():
    """Every placeholder and markup tag of a message is in its translation (a name may take
    the form its grammar needs: "objections of {names}", "objections {names.of}", see
    game.i18n.Named), in each plural form of a sentence whose verb agrees with its subject."""
    for m in _catalogue():
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        for pattern in (r"\{([a-z_]*)(?:\.(?:of|to|cap))?\}", r"\[/?[a-z]+(?:=[a-z0-9]+)?\]"):
            for string in strings:
                assert sorted(re.findall(pattern, ids[-1])) == sorted(re.findall(pattern, string)), (m.id, string)


def test_the_compiled_catalogue_is_the_po_file():
    """game/locale/fr/LC_MESSAGES/penholder.mo (what the game reads) is compiled from the
    .po: `pybabel compile -D penholder -d game/locale` after every change."""
    with MO.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for m in _catalogue():
        if not m.id:
            continue
        if isinstance(m.id, tuple):  # (a sentence whose verb agrees: "fait", "font")
            got = (mo.ngettext(*m.id, 1), mo.ngettext(*m.id, 2))
            assert got == (m.string[0], m.string[2]), f"{MO.name} is stale: recompile ({m.id!r})"
        elif m.context:
            assert mo.pgettext(m.context, m.id) == m.string, f"{MO.name} is stale: recompile ({m.id!r})"
        else:
            assert mo.gettext(m.id) == m.string, f"{MO.name} is stale: recompile ({m.id!r})"


def test_no_marked_string_hides_in_an_f_string():
    """`_("...")` inside an f-string's braces is invisible to pybabel (Python 3.11 tokenizes
    the f-string whole): it would be shown untranslated."""
    bad = []
    for path in (ROOT / "game").rglob("*.py"):
        for tok in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            if tok.type == tokenize.STRING and re.match(r"[rbuRBU]*[fF]", tok.string) and re.search(
                    r"\b_\(\s*['\"]", tok.string):
                bad.append(f"{path.relative_to(ROOT)}:{tok.start[0]}")
    assert not bad, bad


@pytest.mark.parametrize("name", PLAYED)
def test_every_player_visible_text_of_the_default_scenario_and_tutorial_is_in_french(name):
    sc = load_scenario(ROOT / "scenarios" / name)
    assert missing_french(sc) == []
    fr = localized(sc, "fr")
    assert fr.title != sc.title and fr.situation != sc.situation
    assert all(fr.issues[k].title != sc.issues[k].title for k in range(len(sc.issues)))


def test_the_french_default_scenario_reads_as_the_un_writes_it():
    fr = localized(load_scenario(ROOT / "scenarios" / "minusma_2021.yaml"), "fr")
    t = Tongue("fr")
    assert t.the(fr.members["RUS"].name) == "la F\u00e9d\u00e9ration de Russie"
    assert t.the(fr.members["FRA"].name, cap=True) == "La France"
    assert t.of(fr.members["USA"].name) == "des \u00c9tats-Unis"
    assert t.date(dt.date(2021, 6, 29)) == "mardi 29 juin 2021"
    texts = [v.text for i in fr.issues for v in i.variants]
    assert any(x.startswith("D\u00e9cide") for x in texts) and not any(x.startswith("Decides") for x in texts)
    assert "13\u00a0289" in " ".join(texts)  # French thousands, never broken across lines


def test_a_bilingual_text_shows_in_each_language_and_keeps_data_hash_and_log():
    sc = load_scenario(ROOT / "scenarios" / "minusma_2021.yaml")
    fr = localized(sc, "fr")
    assert isinstance(sc.title, LocalText) and sc.title == sc.title.versions["en"]
    assert fr.title == sc.title.versions["fr"]
    assert scenario_to_data(fr) == scenario_to_data(sc) and scenario_hash(fr) == scenario_hash(sc)
    assert scenario_from_data(scenario_to_data(fr)) == sc  # a log's header reads back whole
    # the Council sits in the English order whatever the language it is shown in
    order = [sorted(x.members, key=lambda m: (x.members[m].name, m)) for x in (fr, sc)]
    english = sorted(sc.members, key=lambda m: sc.members[m].name.versions["en"])
    french = sorted(sc.members, key=lambda m: sc.members[m].name.versions["fr"])
    assert order[0] == order[1] == english != french
    a, b = Session(sc, 3).run(), Session(fr, 3).run()
    assert [e.to_json() for e in a.log] == [e.to_json() for e in b.log]


def test_a_scenario_of_plain_strings_is_unchanged():
    """A file that does not use {en, fr} loads plain strings: same data, same hash as before."""
    sc = load_scenario(ROOT / "scenarios" / "minusma_2016.yaml")
    assert type(sc.title) is str and missing_french(sc)  # (it has no French)
    data = scenario_to_data(sc)
    assert isinstance(data["title"], str) and isinstance(data["issues"][0]["variants"][0]["text"], str)
    assert localized(sc, "en") is sc  # nothing to show otherwise ...
    fr = localized(sc, "fr")  # ... but its members' names, as the UN writes them in French
    assert [str(fr.members[m].name) for m in ("CHN", "EGY", "NZL", "USA")] == [
        "Chine", "\u00c9gypte", "Nouvelle-Z\u00e9lande", "\u00c9tats-Unis"]
    assert list(fr.members) == list(sc.members) and str(sc.members["CHN"].name) == "China"
    assert scenario_to_data(fr) == data and scenario_hash(fr) == scenario_hash(sc)  # (the file's English)


def test_a_scenario_without_french_speaks_french_and_says_what_stays_english():
    main = [sys.executable, str(ROOT / "main.py")]
    p = subprocess.run([*main, "run", "--scenario", "scenarios/minusma_2020.yaml", "--seed", "1", "--lang", "fr"],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    assert "La Chine fait part de ses observations" in p.stdout and "China" not in p.stdout
    assert "Les États-Unis font part de leurs observations" in p.stdout
    assert re.fullmatch(r"Remarque\u00a0: \d+ textes de ce scénario .* donnés en anglais\.\n", p.stderr), p.stderr
    p = subprocess.run([*main, "run", "--seed", "1", "--lang", "fr", "--quiet"], capture_output=True, text=True,
                       cwd=ROOT)
    assert p.returncode == 0 and p.stderr == ""  # (the default scenario is written in French)
    assert Tongue("fr").of("Ha\u00efti") == "d'Ha\u00efti" and Tongue("fr").of("Y\u00e9men") == "du Y\u00e9men"


def test_bad_bilingual_texts_are_one_line_errors(tmp_path):
    base = (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    title = re.search(r"^title:\n(  .*\n)+", base, re.M).group(0)
    for bad, message in [('title: {en: "A", de: "B"}\n', "title: unknown language 'de'"),
                         ('title: {fr: "Titre"}\n', "title: a text in several languages needs its English"),
                         ('title: {en: "", fr: "Titre"}\n', "title: must not be empty"),
                         ('title: {en: "A", fr: 3}\n', "title: must be text")]:
        f = tmp_path / "bad.yaml"
        f.write_text(base.replace(title, bad), encoding="utf-8")
        p = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(f)], capture_output=True,
                           text=True, cwd=ROOT)
        assert p.returncode == 1 and p.stdout.startswith(f"{f}:35: {message}"), p.stdout + p.stderr
        assert "Traceback" not in p.stdout + p.stderr


def test_run_speaks_french_with_lang_and_refuses_an_unknown_language():
    main = [sys.executable, str(ROOT / "main.py")]
    p = subprocess.run([*main, "run", "--seed", "2", "--lang", "fr"], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    head = p.stdout.splitlines()
    assert head[0].startswith("Renouvellement de la MINUSMA, juin 2021")
    assert head[1].startswith("Plume : France. Pr\u00e9sidence : Estonie. Le mandat expire le mer. 30 juin 2021")
    assert any(line.startswith("Issue : ") for line in head) and "Texte final :" in head
    p = subprocess.run([*main, "run", "--seed", "2", "--lang", "de"], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "'de' is not a language" in p.stderr
    p = subprocess.run([*main, "check", "scenarios/tutorial.yaml"], capture_output=True, text=True, cwd=ROOT,
                       env={"PENHOLDER_LANG": "fr", "PATH": "/usr/bin:/bin"})
    assert p.returncode == 0 and "ok : Tutoriel" in p.stdout, p.stdout + p.stderr


def test_the_title_screen_chooses_the_language_and_remembers_it(tmp_path):
    pytest.importorskip("pygame")
    pytest.importorskip("pygame_gui")
    from game.ui.app import App
    from game.ui.driver import Driver

    settings = tmp_path / "settings.json"
    app = App(odds=False, save_dir=tmp_path / "saves", settings_path=settings)
    try:
        assert app.lang == "en" and app.screen.name == "title"
        Driver(app).frames(2, 0.0)
        app.screen.lang_sel.on_change("fr")  # the language selector, as a player turns it
        assert app.lang == "fr" and '"lang": "fr"' in settings.read_text()
        assert app.screen.play.text == "Jouer une d\u00e9l\u00e9gation"
        assert app.screen.scenario.title.startswith("Renouvellement de la MINUSMA")
    finally:
        app.end_game()
    again = App(odds=False, save_dir=tmp_path / "saves", settings_path=settings)
    try:
        assert again.lang == "fr"  # remembered
    finally:
        again.end_game()
    told = App(odds=False, save_dir=tmp_path / "saves", settings_path=settings, lang="en")  # --lang en
    try:
        assert told.lang == "en" and told.screen.play.text == "Play a delegation"
        assert '"lang": "fr"' in settings.read_text()  # (for this window only: the choice stays)
    finally:
        told.end_game()


def test_a_whole_session_played_in_french_logs_what_it_logs_in_english(tmp_path):
    pytest.importorskip("pygame")
    pytest.importorskip("pygame_gui")
    from game.ui.app import App
    from game.ui.controller import rerun
    from game.ui.driver import Driver, ScriptedPlayer

    app = App(odds=False, save_dir=tmp_path / "saves", settings_path=tmp_path / "s.json", lang="fr")
    try:
        p = ScriptedPlayer(Driver(app), "CHN", ballot="abstain")
        p.start(seed="4")
        app.game.instant = True
        p.play()
        g = app.game
        assert app.screen.name == "debrief" and g.scenario.members["CHN"].name == "Chine"
        bare = rerun(g.header, g.commands)
        assert [e.to_json() for e in bare.log] == [e.to_json() for e in g.session.log]
        assert g.header["scenario_hash"] == scenario_hash(load_scenario(ROOT / "scenarios" / "minusma_2021.yaml"))
    finally:
        app.end_game()


# --- the transcript, the feed, the score and the reports in French (h-frtext) -------------

# procedural phrases of the English transcript (game/narrate.py), none of which may be left in
# a French one outside the delegations' quoted words, the scenario's labels and its news
_ENGLISH = re.compile(
    r"sends comments|circulates|penholder|breaks silence|\basks\b|\bagrees\b|declines|noncommittal|in blue|"
    r"under silence|ADOPTED|Explanation of vote|zero draft|Package:|takes on board|sets aside|meets halfway|"
    r"bilateral|co-signs|The President|NEWS|\bbacks\b|\bOP \d|convenes|Experts meet|Statement by|host country|"
    r"co-penholder|rival draft|technical rollover|vetoed|Silence holds|lapses|makes clear|No agreed text|Result:")


def _french_lines(sc, seed: int) -> list[str]:
    """The French transcript of one run, without what is not the secretariat's: the
    delegations' words (« ... »), the texts' labels (“...”), the news, the issues' titles and
    the resolution's name (a scenario with no French keeps its English ones)."""
    from game.narrate import log_salt, transcript

    s = Session(sc, seed).run()
    out = []
    for line in transcript(sc, s.log, salt=log_salt(s.seed_sequence), lang="fr"):
        if "D\u00c9P\u00caCHE \u2014" in line:
            continue
        line = re.sub(r"\u00ab.*?\u00bb|\u201c.*?\u201d", "", line)
        for issue in localized(sc, "fr").issues:
            line = line.replace(str(issue.title), "")
        line = line.replace(str(sc.resolution), "")  # (the resolution's number, as the scenario gives it)
        out.append(line)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_french_transcript_leaves_no_english_procedure(seed):
    """`run --lang fr`: every sentence of the transcript is the catalogue's French, its
    verbs agreeing with the member that acts ("les États-Unis font", "la France fait")."""
    sc = load_scenario(ROOT / "scenarios" / "minusma_2021.yaml")
    lines = _french_lines(sc, seed)
    left = [ln for ln in lines if _ENGLISH.search(ln) or re.search(r"\b(the|and|of|with|its)\b", ln)]
    assert not left, left[:5]
    text = "\n".join(lines)
    assert "La France, porte-plume, fait circuler l'avant-projet" in text
    assert re.search(r"ADOPT\u00c9E? \d+-\d+-\d+|NON ADOPT\u00c9|le mandat prend fin", text)
    assert "fait part de ses observations" in text and "Explication de vote" in text
    plural = [ln.split()[2] for ln in lines if ln.strip().startswith("Les \u00c9tats-Unis ")]
    assert plural and all(w.endswith("nt") for w in plural), plural  # (font, demandent, rompent)
    ballots = [ln.split()[-1] for ln in lines if re.match(r"^    \S", ln)]
    assert ballots and set(ballots) <= {"pour", "contre", "abstention"}


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "scenarios" / "history").glob("*.yaml"))
                         + ["co_pen.yaml", "bilaterals.yaml"])
def test_every_kind_of_transcript_line_has_its_french(name):
    """Rollovers, vetoes, host letters, co-penholders, bilaterals, weekends: over the
    historical cases and the test councils (their names and texts stay English: they have
    no French), no English procedure is left."""
    path = ROOT / "scenarios" / "history" / name
    sc = load_scenario(path if path.exists() else ROOT / "tests" / "scenarios" / name)
    left = [ln for seed in (1, 2) for ln in _french_lines(sc, seed) if _ENGLISH.search(ln)]
    assert not left, left[:5]


def test_the_english_transcript_is_unchanged_by_the_catalogue():
    """English reads the msgids themselves: the golden sentences stay as they were."""
    from game.narrate import log_salt, transcript

    sc = load_scenario(ROOT / "scenarios" / "minusma_2021.yaml")
    s = Session(sc, 2).run()
    text = "\n".join(transcript(sc, s.log, salt=log_salt(s.seed_sequence)))
    assert "France, the penholder circulates the zero draft" in text
    assert "The United States sends comments" in text and "places draft rev1 under silence until Mon 28 Jun" in text
    assert transcript(sc, s.log, salt="x") == transcript(sc, s.log, salt="x", lang="en")


def test_the_score_is_explained_in_french():
    from game.scoring import score_state

    sc = load_scenario(ROOT / "scenarios" / "minusma_2021.yaml")
    st = Session(sc, 2).run().state
    for seat in ("FRA", "USA", "CHN"):
        en, fr = score_state(st, seat), score_state(st, seat, tongue=Tongue("fr"))
        assert en.total == fr.total and en.as_dict()["why"] != fr.as_dict()["why"]
        for part, why in fr.why.items():
            assert not re.search(r"\b(the|your|was|and|of)\b", why), (part, why)
    assert "vaut" in fr.why["outcome"] and re.search(r"\b\d,\d\d\b", fr.why["outcome"])  # (0,53: French decimals)


def test_the_debrief_report_is_in_french():
    """debrief --lang fr: the report's own words in French (html lang="fr"), the
    delegations' letters and the record's sources aside."""
    from game.debrief.report import debrief_html

    sc = load_scenario(ROOT / "scenarios" / "minusma_2021.yaml")
    s = Session(sc, 2).run()
    page = debrief_html(s.header(), list(s.log), runs=0, lang="fr")
    assert '<html lang="fr">' in page and "Questions pour la classe" in page and "Explications de vote" in page
    body = re.sub(r"<style>.*?</style>|<blockquote.*?</blockquote>", "", page, flags=re.S)
    body = re.sub(r"<strong>(Sources|Notes)\u00a0:</strong>[^<]*", "", body)
    text = re.sub(r"<[^>]+>", "\n", body).replace("&#x27;", "'")
    text = re.sub(r"\u00ab.*?\u00bb|\u201c.*?\u201d", "", text, flags=re.S)
    left = [ln for ln in text.splitlines() if re.search(r"\b(the|and|of|with|was|were|its)\b", ln)]
    assert not left, left[:5]
    english = debrief_html(s.header(), list(s.log), runs=0)
    assert '<html lang="en">' in english and "Questions for the class" in english


def test_every_member_of_every_shipped_scenario_has_its_french_name_and_article():
    """A scenario that names its members in English only still reads in French: each name
    has the UN's French name (game.i18n.FR_NAMES) and the article it takes in a sentence."""
    from game.i18n import FR_ARTICLES, FR_NAMES

    no_article = {"Ha\u00efti", "Saint-Vincent-et-les Grenadines"}  # ("d'Haïti", "de Saint-Vincent-...")
    assert {v for v in FR_NAMES.values() if v not in FR_ARTICLES} == no_article
    files = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "scenarios" / "history").glob("*.yaml"))
    assert len(files) > 10
    for f in files:
        shown = localized(load_scenario(f), "fr")
        for m, member in shown.members.items():
            assert isinstance(member.name, LocalText) and member.name.versions.get("fr") == str(member.name), (f, m)
