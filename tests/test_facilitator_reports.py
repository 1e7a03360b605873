"""The debrief and the class report: content of the HTML, self-containment, refusals."""

from __future__ import annotations

import re

import pytest

from game.cli import main
from game.debrief import class_report_html, debrief_html
from game.debrief.classreport import ClassReportError, load_sessions
from game.debrief.facts import read_session
from game.debrief.html import word_diff
from game.events import read_log
from game.facilitator import ClassSeat
from game.narrate import Narrator, log_salt
from game.scenario import load_scenario
from game.session import Session

from .conftest import HAND_SET, ROOT

TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"


def _class_session(path, scenario, seat, seed, style="agent", injects=None, until=None):
    s = Session(scenario, seed, outside={seat})
    ClassSeat(seed=seed, style=style).play(s, until=until, injects=injects)
    s.save(path)
    return s


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    d = tmp_path_factory.mktemp("class")
    tut = load_scenario(TUTORIAL, HAND_SET)
    out = {
        "g1": _class_session(d / "g1.jsonl", tut, "RUS", 1, "hardline", injects={12: "host_asks_drawdown"}),
        "g2": _class_session(d / "g2.jsonl", tut, "GBR", 2, "soft"),
        "g3": _class_session(d / "g3.jsonl", tut, "RUS", 3, "agent"),
        "m21": _class_session(d / "m21.jsonl", load_scenario(ROOT / "scenarios" / "minusma_2021.yaml", HAND_SET), "IND", 4, "hardline"),
        "mid": _class_session(d / "mid.jsonl", tut, "RUS", 5, until=20),
    }
    return d, out


def _self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html and "@media print" in html and "@page" in html
    # nothing fetched: no external scripts, styles, images or fonts (the SVG namespace is a name)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html and "<link" not in html and "@import" not in html and "url(" not in html


def test_debrief_has_every_section(logs):
    d, sessions = logs
    header, events = read_log(d / "g1.jsonl")
    html = debrief_html(header, events, runs=20, log_name="g1.jsonl")
    _self_contained(html)
    for anchor in ("glance", "prompts", "timeline", "drafts", "silences", "vote", "eov", "satisfaction",
                   "history", "simulations"):
        assert f'id="{anchor}"' in html
    st = sessions["g1"].state
    # the reports name paragraphs "OP 15", not by id, and vary their words by the log's seed
    n = Narrator(st.scenario, ids=False, salt=log_salt(header.get("seed")))
    # the timeline: the transcript's lines, the class's moves marked
    assert "circulates the zero draft" in html and "by-class" in html
    # the draft's evolution, tracked changes
    assert "<del>" in html and "<ins>" in html and "rev1" in html
    # each silence break with its letter
    for sil in st.silences:
        for m in sil.breakers:
            assert n.name(m) in html
    letters = [ev for ev in sessions["g1"].log if ev.kind == "break_silence" and not ev.data.get("with")]
    assert letters
    for ev in letters:
        text = n.letter(ev)
        assert text.replace("\u201c", "&ldquo;")[:40].split("&")[0] in html.replace("&#x27;", "'")
    # the vote table: every member, its ballot
    for m in st.council.ids:
        assert n.name(m) in html
    assert html.count('class="chip yes"') >= sum(1 for b in st.ballots.values() if b.value == "yes")
    # explanations of vote
    for actor, _data in st.explanations:
        assert n.name(actor) in html
    # satisfaction: one chart per member
    assert html.count('aria-label="satisfaction of ') == len(st.council.ids)
    # the inject, the comparison with AI runs, the prompts
    assert "will no longer" in html and "Facilitator inject" in html
    assert "20 AI-only negotiations of the same scenario" in html
    assert "Questions for the class" in html and "What did" in html
    assert "no historical record" in html  # the tutorial is fictional


def test_debrief_compares_with_the_record(logs):
    d, sessions = logs
    header, events = read_log(d / "m21.jsonl")
    html = debrief_html(header, events, runs=10)
    assert "Compared with the record" in html and "2584 (2021)" in html
    assert "The record" in html and ("\u2713 same" in html or "\u2717 different" in html)
    assert "unknown in the record" in html  # strategic vision and climate are unknown
    assert "India" in html and "class</span>" in html


def test_debrief_continuations_and_unfinished_sessions(logs):
    d, sessions = logs
    header, events = read_log(d / "mid.jsonl")
    f = read_session(header, events)
    assert f.outcome == "unfinished"
    html = debrief_html(header, events, runs=5, from_event=len(events))
    _self_contained(html)
    assert "continuations of this session from event" in html
    assert "stopped before the end" in html
    html0 = debrief_html(header, events, runs=0)
    assert "No simulations were run" in html0


def test_debrief_command(logs, tmp_path, capsys):
    d, _ = logs
    out = tmp_path / "report.html"
    assert main(["debrief", str(d / "g2.jsonl"), "--out", str(out), "--runs", "5"]) == 0
    assert "self-contained" in capsys.readouterr().out
    _self_contained(out.read_text(encoding="utf-8"))
    assert main(["debrief", str(tmp_path / "missing.jsonl"), "--out", str(out)]) == 1


def test_class_report_side_by_side(logs, tmp_path, capsys):
    d, _ = logs
    groups = load_sessions([d / "g1.jsonl", d / "g2.jsonl", d / "g3.jsonl"])
    html = class_report_html(groups, runs=10)
    _self_contained(html)
    for name in ("g1", "g2", "g3"):
        assert f">{name}<" in html
    assert "AI runs (10)" in html and "Russian Federation (the class's seat)" in html
    assert "Silence 1" in html and "How each member voted" in html and "The final texts" in html
    assert "Questions for the class" in html
    out = tmp_path / "class.html"
    assert main(["class-report", str(d / "g1.jsonl"), str(d / "g2.jsonl"), "--out", str(out), "--runs", "0"]) == 0
    assert "2 sessions side by side" in capsys.readouterr().out


def test_class_report_refuses_different_scenarios(logs, tmp_path, capsys):
    d, _ = logs
    out = tmp_path / "class.html"
    assert main(["class-report", str(d / "g1.jsonl"), str(d / "m21.jsonl"), "--out", str(out)]) == 1
    msg = capsys.readouterr().out
    assert "different scenarios" in msg and "tutorial" in msg and "minusma_2021" in msg
    assert "one class report per scenario" in msg
    assert not out.exists()
    # same id, edited contents
    sc = load_scenario(TUTORIAL, ["calendar.silence_hours=30"])
    _class_session(tmp_path / "edited.jsonl", sc, "RUS", 1)
    with pytest.raises(ClassReportError, match="edited between sessions"):
        load_sessions([d / "g1.jsonl", tmp_path / "edited.jsonl"])


def test_word_diff_marks_deletions_and_insertions():
    assert word_diff("Requests the SG to report by 15 July.", "Requests the SG to report by 15 October.") == \
        "Requests the SG to report by 15 <del>July</del> <ins>October</ins>."
    assert word_diff("A b c.", "A b c d.") == "A b c <ins>d</ins>."
    assert word_diff("same", "same") == "same"
    assert word_diff("<b>", "x y z w") == "<del>&lt;b&gt;</del> <ins>x y z w</ins>"


DEADLOCK = ["members.RUS.positions.mandate_scope=10", "members.RUS.positions.human_rights=10",
            "members.RUS.salience.mandate_scope=1.0", "members.RUS.veto_cost=0.1",
            "members.GBR.red_lines={mandate_scope: {min: 80}}",
            "model.rival_threshold=10"]  # (no rival draft: tests/test_rivals.py)


@pytest.mark.parametrize("overrides,outcome,prompt", [
    ([*DEADLOCK, "members.RUS.lapse_value=0.3", "members.GBR.forces_votes=0.9"], "vetoed",
     "Could the penholder have avoided the veto"),
    ([*DEADLOCK, "members.RUS.lapse_value=0.3", "members.GBR.forces_votes=0"], "rollover",
     "Time ran out"),
])
def test_debrief_of_every_kind_of_ending(overrides, outcome, prompt):
    from .conftest import TEST_COUNCIL

    sc = load_scenario(TEST_COUNCIL, overrides)
    s = Session(sc, 0).run()
    assert s.state.outcome.value == outcome
    html = debrief_html(s.header(), s.log, runs=3)
    _self_contained(html)
    assert prompt in html and outcome.replace("_", " ") in html


def test_debrief_of_a_lapse():
    """A penholder (played from outside) that opens round after round until the mandate
    expires."""
    s = _lapse_session()
    assert s.state.outcome.value == "lapsed"
    html = debrief_html(s.header(), s.log, runs=3)
    _self_contained(html)
    assert "Time ran out" in html and "lapsed" in html


# ------------------------------------------------------- issue 9: the debrief's prose, the new model's events


def _lapse_session():
    from .conftest import TEST_COUNCIL, play_outside

    return play_outside(load_scenario(TEST_COUNCIL), 0, "GBR", lambda s: s.open_expert_round("GBR"))


@pytest.fixture(scope="module")
def endings():
    """A debrief of each ending: adopted (the 2021 scenario, seed 1, with a penholder that
    trades its core text too, `core_text` 0: a run with every kind of event the debrief
    shows, a host letter among them), vetoed, rollover, lapsed."""
    from .conftest import DEFAULT, TEST_COUNCIL

    made = {
        "adopted": Session(load_scenario(DEFAULT, [*HAND_SET, "model.core_text=0"]), 1).run(),
        "vetoed": Session(load_scenario(TEST_COUNCIL, [*DEADLOCK, "members.RUS.lapse_value=0.3",
                                                       "members.GBR.forces_votes=0.9"]), 0).run(),
        "rollover": Session(load_scenario(TEST_COUNCIL, [*DEADLOCK, "members.RUS.lapse_value=0.3",
                                                         "members.GBR.forces_votes=0"]), 0).run(),
        "lapsed": _lapse_session(),
    }
    out = {}
    for k, s in made.items():
        assert s.state.outcome.value == k
        html = debrief_html(s.header(), s.log, runs=3)
        out[k] = (s, html, read_session(s.header(), s.log))
    return out


def _blocks(html: str) -> list[str]:
    """The report's text, one block (paragraph, cell, heading, list item, SVG label) a line."""
    from html.parser import HTMLParser

    blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "td", "th", "blockquote", "figcaption", "footer",
              "tr", "section", "text", "title", "span"}

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.buf, self.out, self.skip = [], [], 0

        def flush(self):
            t = " ".join("".join(self.buf).split())
            if t:
                self.out.append(t)
            self.buf = []

        def handle_starttag(self, tag, attrs):
            self.skip += tag == "style"
            if tag in blocks:
                self.flush()

        def handle_endtag(self, tag):
            self.skip -= tag == "style"
            if tag in blocks:
                self.flush()

        def handle_data(self, data):
            if not self.skip:
                self.buf.append(data)

    p = Text()
    p.feed(html)
    p.flush()
    return p.out


@pytest.mark.parametrize("ending", ["adopted", "vetoed", "rollover", "lapsed"])
def test_debrief_prose_names_members_with_their_article_and_no_ids(endings, ending):
    """Every sentence of the debrief: "Why did the United Kingdom ...", never "Why did United
    Kingdom"; no issue id ("strategic_vision") and no member id ("GBR") in the text."""
    from game.names import takes_article

    s, html, _f = endings[ending]
    sc = s.scenario
    names = [mb.name for mb in sc.members.values() if takes_article(mb.name)] + (
        [sc.host.name] if takes_article(sc.host.name) else [])
    assert names  # the United Kingdom, the Russian Federation, ...
    text = _blocks(html)
    bare = re.compile(r"(?<!\bthe )(?<!\bThe )\b(" + "|".join(map(re.escape, names)) + r")\b")
    for block in text:
        for m in bare.finditer(block):
            # a name may start a table cell, a label or a chart's title, never follow a word of a sentence
            assert m.start() == 0 or block[: m.start()].rstrip().endswith(("(", ":")), (ending, block)
        assert not re.search(r"\b(Why did|by|of|with|asks|co-signs) (" + "|".join(map(re.escape, names)) + ")", block)
    ids = [i.id for i in sc.issues]
    member_ids = [*sc.members, sc.host.id]
    body = "\n".join(b for b in text if not b.startswith("Penholder debrief"))  # (the footer names the scenario)
    for i in ids:
        assert not re.search(rf"\(({re.escape(i)})\)", body), (ending, i)
        if "_" in i:
            assert i not in body, (ending, i)
    for m in member_ids:
        assert not re.search(rf"\b{m}\b", body), (ending, m)


def test_debrief_glance_says_silences_and_days_in_words(endings):
    _s, html, f = endings["adopted"]
    assert not re.search(r"broken by \d", html)
    n1, n2 = len(f.silences[0].breakers), len(f.silences[1].breakers)
    from game.names import number, span

    assert f"the first broken by {number(n1)} delegations, the second by {number(n2)} delegations" in html
    assert "Days used" in html and span(f.state.t) in html and not re.search(r"\b\d+\.\d+ (days|of)\b", html)
    assert re.search(r"\d+ days and \d+ hours", html)
    _s, html, f = endings["vetoed"]
    if len(f.silences) > 1 and f.silences[1].breakers == ["RUS"]:
        assert "the second by the Russian Federation" in html
    for k, sil in enumerate(f.silences, start=1):
        assert f"Silence {k} on rev{sil.revision}" in html


def test_debrief_cites_no_internal_file():
    """The record's sources as a student reads them: "(via BRIEF.md §3)" and "(seed 000_...)"
    are the authors' pointers, filtered in the report (the scenario file keeps them)."""
    from game.debrief.words import public_text

    from .conftest import DEFAULT

    s = Session(load_scenario(DEFAULT, HAND_SET), 1).run()
    html = debrief_html(s.header(), s.log, runs=0)
    history = html[html.index('id="history"'):html.index('id="simulations"')]
    assert "Sources:" in history and "What&#x27;s in Blue" in history and "CIVIC blog" in history
    for bad in ("BRIEF", ".md", "(via", "(seed", "000_2d476e0afd025d32"):
        assert bad not in history, bad
    assert s.scenario.history.sources[0].endswith("(via BRIEF.md §3)")  # the file itself is untouched
    assert public_text("A (via BRIEF.md §3)") == "A"
    assert public_text("Verified (BRIEF §3, blog): x") == "Verified (blog): x"
    assert public_text("A book (via a library loan)") == "A book (via a library loan)"
    assert public_text("x (seed 000_ab12)") == "x"


def test_debrief_shows_the_new_model_events(endings):
    """instructions, host letters, threats (carried out or not), lobbying with a price, package
    deals and the reason each ballot won are where a facilitator looks for them."""
    from game.debrief.words import instruction

    s, html, f = endings["adopted"]
    for anchor in ("deals", "why", "capitals"):
        assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html
    kinds = {ev.kind for ev in s.log}
    assert {"instructions", "host_letter", "package_deal", "seek_support"} <= kinds
    # the timeline: the capitals' instructions (private), the host's letter, packages, threats in red
    assert "Each capital sends its delegation private instructions" in html
    assert 'class="tl k-host_letter' in html and "the host country, writes to the Council" in html
    assert 'class="tl k-package_deal' in html and 'class="threat"' in html
    # threats: every one listed with whether it was carried out
    threats = [ev for ev in s.log if ev.kind == "break_silence" and ev.data.get("threat")]
    assert threats and len(f.threats) == len(threats)
    deals = html[html.index('id="deals"'):html.index('id="vote"')]
    for ev in threats:
        ballot = f.ballots[ev.actor]
        want = {"abstain": "carried out: it abstained", "yes": "not carried out: it voted yes",
                "no": "it voted no"}[ballot] if ev.data["threat"] == "abstain" else None
        if want:
            assert want in deals.lower(), (ev.actor, ballot)
    # lobbying at a price, and the packages
    priced = [ev for ev in s.log if ev.kind == "seek_support" and ev.data["answer"] == "yes_if"]
    assert priced and "in return" in deals and "agreed if" in deals
    assert deals.count("<strong>Package deal</strong>") == sum(1 for ev in s.log if ev.kind == "package_deal")
    assert "Mali, the host country, wrote to the Council" in deals
    # why each ballot: the reason that won, in words (no raw code such as will_not_block)
    why = html[html.index('id="why"'):html.index('id="eov"')]
    for m in f.ballots:
        assert f.name(m) in why
    assert "It abstained in protest at the process" in why or "It disliked the text" in why
    assert not re.search(r"will_not_block|host_consent|red_line|\(support\.\)|\(text\.\)", re.sub("<[^>]+>", " ", why))
    # the capitals: each member's instructions, the firm ones named
    caps = html[html.index('id="capitals"'):html.index('id="satisfaction"')]
    for m in s.state.council.ids:
        told, _level = instruction(f, m)
        assert told.replace("'", "&#x27;") in caps
    firm = [m for m, (u, _r) in f.instructions.items() if u <= -f.private_sd]
    assert firm and "Told to hold firm:" in caps
    for m in firm:
        assert f.the(m) in caps


def test_debrief_of_a_veto_explains_it(endings):
    _s, html, f = endings["vetoed"]
    why = html[html.index('id="why"'):html.index('id="eov"')]
    assert "As a permanent member, its no was a veto" in why and "A veto: the Russian Federation." in why
    deals = html[html.index('id="deals"'):html.index('id="vote"')]
    assert "carried out: it vetoed the text" in deals.lower()
    assert "makes clear it will veto the text as it stands" in html
    _s, html, f = endings["rollover"]
    deals = html[html.index('id="deals"'):html.index('id="vote"')]
    assert "a technical rollover was voted on instead" in deals
    why = html[html.index('id="why"'):html.index('id="eov"')]
    assert "rollover" in why
    _s, html, f = endings["lapsed"]
    assert "No vote was held, so no delegation explained a vote." in html
    assert "Played by the class" in html[html.index('id="capitals"'):]


def test_class_report_shows_threats_packages_and_instructions(logs):
    d, _ = logs
    from game.debrief.words import WHY_SHORT, firm, why_code

    groups = load_sessions([d / "g1.jsonl", d / "g2.jsonl", d / "g3.jsonl"])
    html = class_report_html(groups, runs=0)
    for row in ("Threats (carried out?)", "Package deals", "The host&#x27;s letters", "Told to hold firm"):
        assert row in html, row
    for _g, f in groups:
        for t in f.threats:
            assert f"{t.member} to {'veto' if t.threat == 'veto' else t.threat.replace('no', 'vote no')}" in html
        for m in firm(f):
            assert m in html
        for m in f.ballots:
            if why_code(f, m) not in ("", "support"):
                assert WHY_SHORT[why_code(f, m)] in html
    assert any(f.threats for _g, f in groups)
    from game.names import span

    for _g, f in groups:  # days in words, not "8.4"
        assert span(f.state.t) in html
    assert "The penholder is the United Kingdom" in html


def test_counts_in_words():
    from game.names import counted, number, ordinal, times

    assert counted(6, "delegation") == "six delegations" and counted(1, "amendment") == "one amendment"
    assert counted(0, "objection") == "no objections" and counted(20, "run") == "20 runs"
    assert number(15) == "fifteen" and number(16) == "16"
    assert [ordinal(k) for k in (1, 2, 10, 11, 12, 13, 21, 22, 103)] == \
        ["first", "second", "tenth", "11th", "12th", "13th", "21st", "22nd", "103rd"]
    assert [times(k) for k in (1, 2, 3)] == ["once", "twice", "three times"]


def test_every_ballot_reason_has_plain_words(endings):
    """Each reason the model can give a ballot (game.model.ballots._why) reads as a sentence,
    on a text and on a rollover; none falls through to its code."""
    import copy

    from game.debrief.words import WHY_GROUP, WHY_SHORT, why_sentence

    codes = ["support", "pivotal", "process", "text", "host_consent", "will_not_block", "red_line", "veto", "against"]
    assert set(codes) <= set(WHY_SHORT) and set(codes) <= set(WHY_GROUP)
    _s, _html, f = endings["vetoed"]
    for rollover in (False, True):
        for code in codes:
            g = copy.copy(f)
            g.vote_reasons = {"RUS": [{"why": code, "satisfaction": 0.5, "rollover": rollover},
                                      {"issue": "mandate_scope", "text": "robust", "own_position": 10.0,
                                       "want": "less", "red_line": True}]}
            text = why_sentence(g, "RUS")
            assert text.endswith(".") and len(text) > 30 and not text.startswith("(") and "_" not in text, (code, text)
            if code == "red_line" and not rollover:
                assert "OP 3 (Scope of the mandate)" in text
