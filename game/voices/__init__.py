"""The words delegations write: silence-break letters, comments, answers to lobbying,
explanations of vote and the host country's statement, composed by Jinja2 templates from the
reasons the agents recorded and from each delegation's voice.

Every sentence lives in a template under ``templates/<lang>/`` (``templates/en/`` is the
fallback for a template a language does not have yet); Python only gathers the reasons and
the voice into plain data. Variety never touches the engine's RNG: a template chooses among
its phrasings with `pick`, a hash of the log's salt (its seed), the event's number and the
member, so the same log reads the same every time, and two members or two runs read
differently.

French (``templates/fr/``) is written as a French diplomat writes, not translated word for
word; what French grammar needs from Python comes as data: names and topics with their
articles ("la France", "le paragraphe 26 du dispositif"), the agreement of a member's name
(`Profile.fem`, `Profile.plural`: "la France s'est abstenue", "les États-Unis se sont
abstenus"), the filters `de` and `a` that contract an article ("du Royaume-Uni", "au
porte-plume"), and `typography_fr`, run on every French text: a no-break space before
: ; ? ! and inside « guillemets », elision of "que" and "de" before a vowel.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2

from game.i18n import FR_VOWELS, fr_of, fr_to

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGES = ("en", "fr")


def pick(options, *key):
    """One of `options`, chosen by a hash of `key` (a pure function: same key, same choice)."""
    options = list(options)
    if not options:
        return ""
    digest = hashlib.blake2b("\x1f".join(map(str, key)).encode(), digest_size=8).digest()
    return options[int.from_bytes(digest, "big") % len(options)]


def pick_at(options, offset: int, *key):
    """The option `offset` places after the one `key` hashes to: the points of one letter
    (offset 0, 1, 2...) keyed alike never take the same phrasing while there are enough."""
    options = list(options)
    if not options:
        return ""
    digest = hashlib.blake2b("\x1f".join(map(str, key)).encode(), digest_size=8).digest()
    return options[(int.from_bytes(digest, "big") + offset) % len(options)]


def cap(text: str) -> str:
    """First letter upper-case ("the Niger" -> "The Niger")."""
    return text[:1].upper() + text[1:] if text else text


def sentence(text: str) -> str:
    """A sentence: capitalised, ending with a full stop."""
    text = text.strip()
    if not text:
        return text
    text = cap(text)
    return text if text.endswith((".", "!", "?", ".\u201d", "?\u201d")) else text + "."


@cache
def environment(lang: str = "en") -> jinja2.Environment:
    """The template environment of a language: its own folder first, English for the rest
    (a read-only cache per language, not a mutable default)."""
    folders = [TEMPLATES / lang] if lang != "en" and (TEMPLATES / lang).is_dir() else []
    folders.append(TEMPLATES / "en")
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f)) for f in folders]),
        autoescape=False,
        trim_blocks=False,  # (a line break after a tag is a space between sentences)
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["pick"] = pick
    env.globals["pick_at"] = pick_at
    env.filters["cap"] = cap
    env.filters["sentence"] = sentence
    if lang == "fr":
        env.filters["de"] = de
        env.filters["a"] = a
        env.filters["q"] = guillemets
        env.globals["vb"] = vb
        env.globals["acc"] = acc
        env.globals["g"] = gendered
    return env


_SPACE = re.compile(r"\s+")
_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?\u201d])")
_SPACE_FR = re.compile(r"[ \t\r\n\f\v]+")
_BEFORE_PUNCT_FR = re.compile(r"[ \t\r\n\f\v]+([.,;:!?\u201d])")


def render(name: str, lang: str = "en", keep=(), **context) -> str:
    """A template rendered to one paragraph of text (white space collapsed). `keep`: lines
    said in English in another language's text (a delegation's own line the scenario gives
    only in English), left as written by that language's typography."""
    return _tidy(_speak(name, lang, context), lang, keep)


def render_lines(name: str, lang: str = "en", keep=(), **context) -> list[str]:
    """A template rendered to lines: one per line of output, blank lines dropped."""
    return [_tidy(ln, lang, keep) for ln in _speak(name, lang, context).splitlines() if ln.strip()]


def _speak(name: str, lang: str, context: dict) -> str:
    """A template rendered as one text is written, sentence after sentence: its `pick`,
    `pick_at` and `fresh` are those of a `Speech` that reads what the text has said so far
    (the template's output is generated lazily, one piece at a time)."""
    speech = Speech()
    template = environment(lang).get_template(name)
    for piece in template.generate(pick=speech.pick, pick_at=speech.pick_at, fresh=speech.fresh, **context):
        speech.write(piece)
    return speech.text


# --- one text, as a diplomat writes it ------------------------------------------------------

_WORD = re.compile(r"[\w'\u2019-]+")


def sentences(text: str) -> list[str]:
    """The sentences of a text, the last one perhaps unfinished (a full stop inside a
    quotation, “COVID-19 report incl. the north-east”, ends none; one before the closing
    mark, “... as agreed.”, ends its sentence)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN_QUOTE:
            depth += 1
            continue
        if ch in _CLOSE_QUOTE:
            depth = max(0, depth - 1)
            ends = depth == 0 and text[i - 1:i] in (".", "!", "?")
        else:
            ends = ch in ".!?" and depth == 0
        if ends and (i + 1 == len(text) or text[i + 1].isspace()):
            out.append(text[start:i + 1].strip())
            start = i + 1
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


_OPEN_QUOTE, _CLOSE_QUOTE = "\u201c\u00ab", "\u201d\u00bb"


def opener(sentence: str) -> tuple[str, ...]:
    """A sentence's first three words, in lower case ("Operative paragraph 2" and "Operative
    paragraph 5" are two openers)."""
    return tuple(w.lower() for w in _WORD.findall(sentence.replace(NBSP, " "))[:3])


class Speech:
    """What one text has said so far, while its template renders. Its `pick` and `pick_at`
    choose by the hash as `pick` and `pick_at` do, but pass over a phrasing that would open a
    sentence with the same three words as one the text has already said ("We regret that it
    was vetoed. We regret that ..."), or say a sentence again, and take the next one the hash
    gives; the hash's own choice when every phrasing would. `after`: words the phrasing
    follows in its sentence that are not written yet (a lead: "We also "). One per text, so
    the words stay a pure function of the log, and a text that repeats nothing reads as it
    did without it."""

    def __init__(self):
        self.text = ""

    def write(self, piece: str) -> None:
        self.text += piece

    def repeats(self, option, after: str = "", avoid=()) -> bool:
        """Whether `option`, written next, would open a sentence as the text has already
        opened one (or as one of `avoid`, sentences still to come, will)."""
        done = sentences(self.text)
        tail = ""
        if done and not _ends(self.text):
            tail = done.pop()
        said = {opener(x) for x in (*done, *(y for x in avoid if x for y in sentences(str(x))))}
        for x in sentences(" ".join(f"{tail} {after}{option}".split())):
            o = opener(x)
            if len(o) == 3 and o in said:
                return True
            said.add(o)
        return False

    def pick(self, options, *key, after: str = "", avoid=()):
        return self.pick_at(options, 0, *key, after=after, avoid=avoid)

    def pick_at(self, options, offset: int, *key, after: str = "", avoid=()):
        options = list(options)
        if not options:
            return ""
        first = pick_at(options, offset, *key)
        start = options.index(first)
        for k in range(len(options)):
            option = options[(start + k) % len(options)]
            if not self.repeats(option, after, avoid):
                return option
        return first

    def fresh(self, options, after: str = "", avoid=()):
        """The first of `options` (in their order, no hash) that repeats nothing; the first
        when every one does."""
        options = list(options)
        return next((x for x in options if not self.repeats(x, after, avoid)), options[0] if options else "")


def _ends(text: str) -> bool:
    """Whether a text ends on a finished sentence."""
    text = text.rstrip()
    return (text[-1:] in (".", "!", "?") or (text[-1:] in _CLOSE_QUOTE and text[-2:-1] in (".", "!", "?"))) \
        and bool(text) and _closed(text)


def _closed(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in _OPEN_QUOTE:
            depth += 1
        elif ch in _CLOSE_QUOTE:
            depth = max(0, depth - 1)
    return depth == 0


def _tidy(text: str, lang: str, keep=()) -> str:
    if lang != "fr":
        return _BEFORE_PUNCT.sub(r"\1", _SPACE.sub(" ", text)).strip()
    # (French keeps the no-break spaces of its texts: "+2 069 personnels", "Appui existant ;")
    text = typography_fr(_BEFORE_PUNCT_FR.sub(r"\1", _SPACE_FR.sub(" ", text)).strip(" "))
    for line in keep:
        line = _SPACE.sub(" ", line).strip()
        text = text.replace(typography_fr(line), line)
    return text


# --- French: articles, agreement, typography ---------------------------------------------

def localized(scenario, lang: str):
    """The scenario as a reader of `lang` sees it (game.i18n.localized: its texts in `lang`,
    its ids and positions the engine's); English as it is."""
    if lang == "en":
        return scenario
    from game.i18n import localized as shown

    return shown(scenario, lang)


# The few words of the delegations' speech composed in game/narrate.py, not in a template.
WORDS = {
    "en": {"present": "the present text", "rollover": "the technical rollover", "resolution": "the resolution",
           "draft": "the draft resolution", "its own": "its own draft", "our own": "our own draft",
           "tabled by": "the draft tabled by {name}", "pen draft": "the penholder's draft"},
    "fr": {"present": "le texte actuel", "rollover": "la prorogation technique", "resolution": "la résolution",
           "draft": "le projet de résolution", "its own": "son propre projet", "our own": "notre propre projet",
           "tabled by": "le projet présenté par {name}", "pen draft": "le projet du porte-plume"},
}
# (a French title opening on one of these keeps it: "Une vision stratégique pour la Mission")
FR_DETERMINERS = ("le", "la", "les", "l'", "un", "une", "des", "du", "sa", "son", "ses")
FR_FEMININE_ENDINGS = ("tion", "sion", "té", "ure", "ance", "ence", "ie", "ée", "ise", "ude", "ade",
                        "ette", "elle", "esse", "ière")


NBSP = "\u00a0"
_VOWEL = FR_VOWELS
_FR_HIGH = re.compile(r"\s*([;:!?\u00bb])")  # (the signs a no-break space precedes)
_FR_OPEN = re.compile("\u00ab\\s*")
_FR_ELIDE = re.compile(rf"\b([Qq]u|[Dd]|[Nn]|[Ss]|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)e ([{_VOWEL}])")
_FR_TIME = re.compile(r"(\d)\u00a0:(\d)")


def typography_fr(text: str) -> str:
    """French typography: a no-break space before ; : ! ? and », after «; "que", "de", "ne",
    "se" elided before a vowel ("qu'il", "d'une", "n'est"). Times (10:00) are left alone."""
    text = _FR_ELIDE.sub(r"\1'\2", text)
    text = _FR_HIGH.sub(NBSP + r"\1", text)
    text = _FR_OPEN.sub("\u00ab" + NBSP, text)
    return _FR_TIME.sub(r"\1:\2", text)


def guillemets(text: str) -> str:
    """A quotation in French: « text »."""
    return f"\u00ab{NBSP}{text}{NBSP}\u00bb"


class Coordinated(str):
    """Noun groups joined by "et", each with its article ("les changements climatiques et la
    sécurité"): `de` and `a` contract each one ("aux changements climatiques et à la sécurité")."""

    def __new__(cls, parts):
        obj = super().__new__(cls, " et ".join(parts))
        obj.parts = tuple(parts)
        return obj


def de(text: str) -> str:
    """`text` (a noun group with its article) after "de" (`game.i18n.fr_of`), each of a
    `Coordinated`'s groups contracted: "du Royaume-Uni", "des changements climatiques et de
    la sécurité"."""
    if isinstance(text, Coordinated):
        return " et ".join(de(p) for p in text.parts)
    return fr_of(text)


def a(text: str) -> str:
    """`text` after "à" (`game.i18n.fr_to`), each of a `Coordinated`'s groups contracted:
    "au porte-plume", "aux changements climatiques et à la sécurité"."""
    if isinstance(text, Coordinated):
        return " et ".join(a(p) for p in text.parts)
    return fr_to(text)


def vb(me, singular: str, plural: str) -> str:
    """A verb agreeing with a member's name: vb(me, "peut", "peuvent")."""
    return plural if getattr(me, "plural", False) else singular


def acc(me) -> str:
    """The ending of a past participle agreeing with a member's name: "", "e", "s", "es"."""
    return ("e" if getattr(me, "fem", False) else "") + ("s" if getattr(me, "plural", False) else "")


def gendered(me, masc: str, fem: str, masc_plural: str, fem_plural: str) -> str:
    """A word agreeing with a member's name: gendered(me, "prêt", "prête", "prêts", "prêtes")."""
    fm, pl = getattr(me, "fem", False), getattr(me, "plural", False)
    return (fem_plural if fm else masc_plural) if pl else (fem if fm else masc)


# The French names written with "l'" (or with no article) that are feminine (game.i18n's
# FR_ARTICLES gives the article; the others with "l'" are masculine: l'Équateur, l'Uruguay).
_FR_FEMININE_ELIDED = {
    "Estonie", "Inde", "Irlande", "Arvélie", "Algérie", "Albanie", "Allemagne", "Afrique du Sud",
    "Indonésie", "Égypte", "Ukraine", "Éthiopie",
}


def fr_agreement(name: str) -> tuple[bool, bool]:
    """Whether a member's French name is feminine and whether it is plural ("la France":
    (True, False); "les États-Unis": (False, True)); a name without an article is taken as
    masculine singular, as the UN's French records agree it ("Saint-Vincent-et-les-Grenadines
    a voté pour")."""
    from game.i18n import FR_ARTICLES

    art = FR_ARTICLES.get(str(name))
    if art == "les":
        return (str(name) in ("Philippines", "Comores", "Seychelles", "Maldives")), True
    if art == "l'":
        return str(name) in _FR_FEMININE_ELIDED, False
    return art == "la", False


# --- a delegation's voice, as data for the templates -----------------------------------------

@dataclass(frozen=True)
class Profile:
    """What the templates know of a delegation: who it is, its register, its doctrine, its
    own lines (from the scenario's `voice:`, or derived from what the member is)."""

    id: str
    name: str
    the: str
    tone: str
    themes: tuple[str, ...]
    permanent: bool
    host: bool = False
    group: str | None = None
    speaks_as: str | None = None
    openings: tuple[str, ...] = ()
    closings: tuple = ()
    arguments: dict = field(default_factory=dict)
    derived: bool = False
    fem: bool = False  # (French: the agreement of its name, "la France s'est abstenue")
    plural: bool = False
    untranslated: tuple[str, ...] = ()  # (its lines said in English, having no version in the language)


_AFRICAN_GROUPS = ("A3", "A3+1", "A3+")


def profile(scenario, member: str, the_name: str, lang: str = "en") -> Profile:
    """The voice of `member` (a member of the Council or the host). Unset fields are
    derived from what the member is: its register from its seat and assertiveness (an
    assertive permanent member is blunt, the others formal), its themes from its group and
    its positions (a member below the middle of the scale on what matters most to it speaks
    of sovereignty and the host's consent, one above of civilians and accountability; a
    member of the A3 of regional ownership). `lang`: the language of its lines (a line of
    its voice with no version in `lang` is said in English: it is never translated on the
    fly) and of the agreement of its name."""
    host = scenario.host.id == member
    mb = None if host else scenario.members.get(member)
    voice = scenario.host.voice if host else (mb.voice if mb is not None else None)
    name = scenario.host.name if host else (mb.name if mb is not None else member)
    group = None
    for gid, g in scenario.groups.items():
        if member in g.members:
            group = gid
            break
    tone = voice.tone if voice is not None and voice.tone else None
    derived = not (voice is not None and (voice.tone or voice.themes))
    if tone is None:
        tone = "blunt" if mb is not None and mb.permanent and mb.assertiveness >= 0.7 else "formal"
    themes = tuple(voice.themes) if voice is not None and voice.themes else _derived_themes(scenario, mb, group, host)
    openings = tuple(x for x in ([voice.opening] if voice is not None and voice.opening else [])
                     + (list(voice.openings) if voice is not None else []))
    closings = tuple(([voice.closing] if voice is not None and voice.closing else [])
                     + (list(voice.closings) if voice is not None else []))
    arguments = {}
    if voice is not None:
        arguments = {i: {"more": a.more, "less": a.less} for i, a in voice.arguments.items()}
    speaks_as = voice.speaks_as if voice is not None else None
    fem = plural = False
    untranslated: tuple[str, ...] = ()
    if lang != "en":
        lines = [*openings, *(c if isinstance(c, str) else c.text for c in closings),
                 *(x for a in arguments.values() for x in a.values() if x is not None)]
        untranslated = tuple(dict.fromkeys(str(x) for x in lines if not has_language(x, lang)))
        openings = tuple(in_language(x, lang) for x in openings)
        closings = tuple(in_language(c, lang) if isinstance(c, str)
                         else c.model_copy(update={"text": in_language(c.text, lang)}) for c in closings)
        arguments = {i: {w: in_language(x, lang) for w, x in a.items()} for i, a in arguments.items()}
        # (a phrase inside a sentence of the template: said only in the reader's language)
        speaks_as = speaks_as if has_language(speaks_as, lang) else None
        fem, plural = fr_agreement(name) if lang == "fr" else (False, False)
    return Profile(id=member, name=name, the=the_name, tone=tone, themes=themes,
                   permanent=bool(mb.permanent) if mb is not None else False, host=host, group=group,
                   speaks_as=speaks_as, openings=openings,
                   closings=closings, arguments=arguments, derived=derived, fem=fem, plural=plural,
                   untranslated=untranslated)


def has_language(text, lang: str) -> bool:
    """Whether a scenario text (a plain string is English, or a `LocalText`) has a `lang`
    version."""
    if text is None:
        return False
    versions = getattr(text, "versions", None)
    return bool(versions.get(lang)) if versions is not None else lang == "en"


def in_language(text, lang: str):
    """A scenario text in `lang`, or its English where it has none (a plain string is
    English): a delegation's own line is never machine-translated."""
    if text is None or not hasattr(text, "in_"):
        return text
    return str(text.in_(lang))


def _derived_themes(scenario, mb, group, host: bool) -> tuple[str, ...]:
    if host:
        return ("sovereignty", "host_consent")
    if mb is None:
        return ()
    themes = []
    if group in _AFRICAN_GROUPS:
        themes.append("regional_ownership")
    weighted = [(mb.salience.get(i, 0.0), p) for i, p in mb.positions.items()]
    total = sum(s for s, _p in weighted)
    lean = sum(s * p for s, p in weighted) / total if total else 50.0
    if lean < 45:
        themes += ["sovereignty", "host_consent"]
    elif lean > 55:
        themes += ["civilians", "accountability"]
    else:
        themes += ["resources", "council_unity"]
    if mb.permanent and "council_unity" not in themes:
        themes.append("council_unity")
    return tuple(themes)


def closing_holds(closing, final: dict[str, float] | None, ballot: str | None) -> bool:
    """Whether a scenario closing line is true of the adopted text and the ballot: a plain
    line always; a conditional one only when its paragraph's adopted text is known and
    within its bounds, and the ballot is one it names."""
    if isinstance(closing, str):
        return True
    if closing.ballots is not None and ballot not in closing.ballots:
        return False
    if closing.issue is None:
        return True
    if final is None or closing.issue not in final:
        return False
    pos = final[closing.issue]
    return not ((closing.min is not None and pos < closing.min) or (closing.max is not None and pos > closing.max))


def closing_text(closing) -> str:
    return closing if isinstance(closing, str) else closing.text
