"""Issue 11 §1 (session 14): each argument belongs to the member's own stance and to what the
paragraph says. An audit of direction over every shipped scenario, many seeds and both
languages: a sentence of a letter, a written comment or an explanation of vote that says a
paragraph goes too far is said only by a member whose aim on that issue lies below the
paragraph's text; one that says it does not go far enough only by a member whose aim lies
above; and a member is pleased with a paragraph only at its aim or on the side of its aim the
text came from (the zero draft's): a paragraph that moved past its aim is not one it is pleased
with.
The aim is `game.scoring.aim` (the one tie rule), the text the one the state holds when the
member writes (the draft; the text voted, for an explanation of vote)."""

import re
from pathlib import Path

import pytest

from game.events import Event
from game.narrate import Narrator, log_salt
from game.scenario import load_scenario
from game.scoring import aim
from game.session import Session
from game.state import State, apply
from tests.conftest import ROOT

SHIPPED = sorted([*(ROOT / "scenarios").glob("*.yaml"), *(ROOT / "scenarios" / "history").glob("*.yaml")])
SEEDS = range(0, 8)

# (the phrasings of the templates, letter.j2, comment.j2, explanation.j2, in both languages)
TOO_FAR = {
    "en": re.compile(r"goes too far|went too far|much too far|goes well beyond|(goes|went) further than we"
                     r"|(goes|went) as far as|a step too far|more than the situation calls for|more restraint"
                     r"|tone down|more measured"),
    "fr": re.compile(r"trop loin|va bien au-delà|(va|allait) plus loin que ce que|aille jusqu'à|pas de trop"
                     r"|excède|plus mesuré|atténuer"),
}
NOT_FAR_ENOUGH = {
    "en": re.compile(r"not go far enough|falls? short|fell short|(goes|went) no further|stops at|hoped for more"
                     r"|go further|far below|is not enough|leaves a gap|strengthen|more ambitious"),
    "fr": re.compile(r"pas assez loin|insuffisant|s'en t(ie|e)n|s'arrête à|aille plus loin|irions plus loin"
                     r"|attendions davantage|très loin de ce qui|très en deçà|ne suffit pas|lacune|renforcer|libellé plus ambitieux"),
}
PLEASED = {
    "en": re.compile(r"\b(pleased|welcome|appreciate)"),
    "fr": re.compile(r"félicit|\bsalu|réjouiss|avec satisfaction"),
}


def _sentences(text: str) -> list[str]:
    from game.voices import sentences

    return sentences(text.replace("\u00a0", " "))


def _named(n: Narrator, sc, sentence: str) -> list[str]:
    """The issues a sentence names, by their paragraph ("operative paragraph 7", "le
    paragraphe 7 du dispositif") or their topic."""
    out = []
    for info in sc.issues:
        para = n.para_name(info.id).replace("\u00a0", " ")
        topic = str(n.topic(info.id)).replace("\u00a0", " ")
        if re.search(re.escape(para) + r"(?!\d)", sentence) or topic in sentence:
            out.append(info.id)
    return out


def _turned(ev: Event) -> Event:
    """The event with every reason's way reversed ("more" for "less"): a member arguing
    against its own stance, for the audit to find."""
    def turn(r):
        return dict(r, want={"more": "less", "less": "more"}.get(r.get("want"), r.get("want")))
    data = dict(ev.data)
    if "reasons" in data:
        data["reasons"] = [turn(r) for r in data["reasons"] or []]
    if "amendments" in data:
        data["amendments"] = [dict(a, reasons=[turn(r) for r in a.get("reasons") or []]) for a in data["amendments"]]
    return Event(ev.seq, ev.t, ev.kind, ev.actor, data)


def audit(path: Path, seeds, lang: str, turned: bool = False) -> tuple[int, list[str]]:
    """(sentences checked, what is wrong) in the letters, comments and explanations of vote of
    the negotiations of `path` over `seeds`, told in `lang` (`turned`: the letters and comments
    written from reasons turned the other way, `_turned`)."""
    sc = load_scenario(path)
    checked, bad = 0, []
    for seed in seeds:
        s = Session(sc, seed).run()
        n = Narrator(sc, salt=log_salt(s.seed_sequence), lang=lang)
        st = State(sc)
        for ev in s.log:
            if turned and ev.kind in ("break_silence", "propose_amendments", "bilateral_talk"):
                ev = _turned(ev)
            text = None
            if ev.kind == "break_silence" and not ev.data.get("with"):  # (not a co-signature)
                text, draft = n.letter(ev), list(st.draft)
            elif ev.kind == "bilateral_talk" and ev.data.get("requests"):
                text, draft = n.letter(ev, bilateral=True), list(st.draft)
            elif ev.kind == "propose_amendments":
                text, draft = n.comment(ev), list(st.draft)
            apply(st, ev)
            if ev.kind == "explain_vote" and not ev.data.get("host") and ev.data.get("on") != "rollover":
                text, draft = n.explanation(ev, st), list(st.vote_text)
            if not text:
                continue
            c = st.council
            m = c.index[ev.actor]
            for sentence in _sentences(text):
                named = _named(n, sc, sentence)
                if len(named) != 1:
                    continue
                i = next(k for k, info in enumerate(c.issues) if info.id == named[0])
                here = c.issues[i].positions[draft[i]]
                target = c.issues[i].positions[aim(c, m, i)]
                start = c.issues[i].positions[st.drafts[0][i]]
                where = f"{sc.id} seed {seed} {ev.kind} {ev.actor} on {named[0]} (aim {target}, text {here})"
                if TOO_FAR[lang].search(sentence):
                    checked += 1
                    if not target < here:
                        bad.append(f"{where}: {sentence}")
                elif NOT_FAR_ENOUGH[lang].search(sentence):
                    checked += 1
                    if not target > here:
                        bad.append(f"{where}: {sentence}")
                elif ev.kind == "explain_vote" and PLEASED[lang].search(sentence):
                    checked += 1
                    if (here - target) * (start - target) < 0:
                        bad.append(f"{where}, zero draft {start}: {sentence}")
    return checked, bad


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_too_far_and_not_far_enough_are_said_only_from_the_member_s_side(lang):
    checked, bad = 0, []
    for path in SHIPPED:
        k, b = audit(path, SEEDS, lang)
        checked += k
        bad += b
    assert checked > 500  # (the audit has sentences to check in every kind of text)
    assert not bad, f"{len(bad)} sentences:\n" + "\n".join(bad[:15])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_audit_finds_a_member_arguing_the_other_way(lang):
    """The audit reads direction: letters and comments written from reasons turned the other
    way are found wrong, most of the sentences it checks."""
    checked, bad = audit(ROOT / "scenarios" / "minusma_2016.yaml", range(0, 3), lang, turned=True)
    assert checked > 15 and len(bad) > checked // 2, (checked, len(bad))


# --- a variant that deletes the paragraph is not text to quote -------------------------------

NO_PARAGRAPH = [(ROOT / "scenarios" / "history" / "venezuela_2019.yaml", range(0, 4)),
                (ROOT / "scenarios" / "history" / "syria_crossborder_2020.yaml", range(0, 4)),
                (ROOT / "scenarios" / "history" / "syria_jim_2017.yaml", range(0, 4)),
                (ROOT / "tests" / "scenarios" / "council.yaml", range(0, 4))]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_variant_that_deletes_the_paragraph_is_never_quoted_as_text(lang):
    """Issue 11 §1: "We are pleased that operative paragraph 8 now reads “(no paragraph)”". A
    variant whose text is an editor's note in parentheses ("(No paragraph on the use of
    force.)") is said as a diplomat says it: the text says nothing on the topic, the paragraph
    is deleted."""
    from tests.test_voices import written

    quoted, said = [], 0
    for path, seeds in NO_PARAGRAPH:
        sc = load_scenario(path)
        n = Narrator(sc, lang=lang)
        labels = {n.plain_label(i.id, v.id) for i in sc.issues for v in i.variants
                  if str(getattr(v.text, "versions", {}).get("en", v.text)).strip().startswith("(")}
        marks = re.compile("[\u201c\u00ab]\u00a0?(" + "|".join(re.escape(str(x)) for x in labels) + ")\u00a0?[\u201d\u00bb]")
        for seed in seeds:
            for kind, m, text in written(sc, Session(sc, seed).run(), lang):
                if marks.search(text):
                    quoted.append(f"{sc.id} {seed} {kind} {m}: {text}")
                said += bool(re.search(r"silent on|says? nothing on|paragraph on .* (be )?deleted|deletion of|"
                                       r"muet sur|rien dire sur|ne comporte (pas|plus|aucun)|suppression", text))
    assert not quoted, f"{len(quoted)} texts:\n" + "\n".join(quoted[:6])
    assert said > 20  # (the texts speak of paragraphs the text does not have)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_host_speaks_of_a_paragraph_the_text_does_not_have_as_such(lang):
    """The host country's statement, on a paragraph the adopted text does not have: "the text
    says nothing on ...", never "the text agreed on" nor "was adopted"."""
    from game import voices

    n = Narrator(load_scenario(ROOT / "scenarios" / "history" / "venezuela_2019.yaml"), lang=lang)
    me = n.profile(n.sc.host.id)
    said = {"para": n.para_name("force"), "topic": n.topic("force"), "label": n.plain_label("force", "no_paragraph"),
            "none": True, "want": "less"}
    for k in range(8):  # (every phrasing the hash may choose)
        text = voices.render("host.j2", lang, me=me, key=f"k{k}", outcome="adopted", opening=None,
                             welcomes=[said], regrets=[dict(said, topic=n.topic("elections"))], closing=None,
                             mission="la Mission", peacekeeping=False, host="le Venezuela")
        assert str(said["label"]) not in text and not re.search(r"agreed on|was adopted|libellé agréé|a été adopté", text), text
        assert re.search(r"nothing on|wished the Council to speak|rien sur|se prononce", text), text
