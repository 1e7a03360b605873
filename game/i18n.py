"""The languages the game speaks: English (the default) and French.

The interface's strings go through gettext catalogues (game/locale/LANG/LC_MESSAGES/
penholder.po, compiled to .mo; ``pybabel extract -F babel.cfg`` finds them: `_` for a
string translated where it is shown, `N_` for one only marked where it is defined, in a
table, and translated where it is shown). A scenario's texts may be bilingual
(`game.schema.LocalText`); `localized` shows a scenario in one language.

No global state: the language is chosen per process or per window (``--lang``,
``PENHOLDER_LANG``, the title screen's setting) and passed down as a `Tongue`, the object
that translates; `ENGLISH` is the read-only default.

    tongue = Tongue("fr")
    _ = tongue.gettext
    _("Vote")                          # "Vote"... "Mise aux voix"
    tongue.date(date(2021, 6, 29))     # "mardi 29 juin 2021"
    tongue.quote("Strengthened")       # "“Strengthened”"... "« Renforcé »"
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import os
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from game.schema import LANGUAGES, LocalText, Member

DOMAIN = "penholder"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENV = "PENHOLDER_LANG"
LANGUAGE_NAMES = {"en": "English", "fr": "Fran\u00e7ais"}  # each in its own language
_BABEL_LOCALE = {"en": "en_GB", "fr": "fr_FR"}  # the UN's English is British
# French puts a no-break space before % and : and between thousands (64 %, 2 000): U+00A0
# in every French figure, the screens' and the reports' (one space, never U+202F beside it)
NBSP = "\u00a0"


def N_(message: str) -> str:
    """Mark a string for the catalogue where it is defined (a table, a constant); it is
    translated where it is shown, with the reader's `Tongue`."""
    return message


@functools.cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang` (read once per process, never changed)."""
    if lang == "en":
        return gettext.NullTranslations()  # the strings are written in English
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], class_=_Typeset)


class _Typeset(gettext.GNUTranslations):
    """A translated catalogue whose entries are typeset once, as they are read: a figure and
    its % sign are joined by a no-break space (`NBSP`), "{p} %" -> "{p}\u00a0%", so that an
    entry typed with an ordinary space (seventeen were) never breaks a line between them and
    reads like the figures `Tongue.percent` writes."""

    def _parse(self, fp):
        super()._parse(fp)
        self._catalog = {k: _PERCENT_SPACE.sub(NBSP + "%", v) if isinstance(v, str) else v
                         for k, v in self._catalog.items()}


_PERCENT_SPACE = re.compile(r" %(?![(a-z])")  # (not a %(name)s or %s placeholder)


class Tongue:
    """One language: translates interface strings, shows scenario texts and dates in it."""

    def __init__(self, lang: str = "en"):
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r} (one of {', '.join(LANGUAGES)})")
        self.lang = lang
        self._t = _catalogue(lang)

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """`message` translated as it reads in `context` ("ballot": "yes" is "pour")."""
        return self._t.pgettext(context, message)

    def text(self, value: Any) -> str:
        """A scenario text (a plain string or a `LocalText`) in this language."""
        return value.in_(self.lang) if isinstance(value, LocalText) else value

    def date(self, day: dt.date, form: str = "full") -> str:
        """A date as this language writes it: "mardi 29 juin 2021", "Tuesday 29 June 2021",
        "jeudi 1er juillet 2021"
        (form "full"); "mar. 29 juin 2021", "Tue 29 Jun 2021" (form "short"); "mardi 29 juin",
        "Tue 29 Jun" (form "day": in a sentence of the brief's calendar); "mar. 29 juin",
        "Tue 29 Jun" (form "dm": the clock); "mar. 29", "Tue 29" (form "dd": the timeline)."""
        from babel.dates import format_date

        pattern = {"full": "EEEE d MMMM y", "short": "EEE d MMM y", "dm": "EEE d MMM", "dd": "EEE d",
                   "day": "EEE d MMM" if self.lang == "en" else "EEEE d MMMM"}[form]
        if self.lang == "fr" and day.day == 1:  # (French writes the first of a month "1er": Babel does not)
            pattern = pattern.replace("d", "d'er'", 1)
        return format_date(day, pattern, locale=_BABEL_LOCALE[self.lang])

    def number(self, x: float, pattern: str = "0.00") -> str:
        """A decimal as this language writes it: 0.53, 0,53; 1234.5, 1 234,5. `pattern`
        says how many decimals, as Babel's patterns do: "0.00" always two, "0.0" one, "0"
        none, "0.##" up to two (English writes those as Python's ``g`` does). English keeps
        Python's forms (no thousands separator: a table's column stays as it was); French
        takes a comma and a no-break space between thousands, 1 234,5 (`NBSP`, the same
        space as before % and :)."""
        if self.lang == "en":
            if "#" in pattern:
                return format(x, "g")
            decimals = len(pattern.partition(".")[2])
            return format(x, f".{decimals}f")
        from babel.numbers import format_decimal

        grouped = pattern if "," in pattern else "#,##" + pattern
        out = format_decimal(x, grouped, locale=_BABEL_LOCALE[self.lang])
        return out.replace("\u202f", NBSP)

    def percent(self, share: float, decimals: int = 0) -> str:
        """A share (0.64) as a percentage as this language writes it: "64%" in English,
        "64 %" in French (a no-break space before the sign, `NBSP`); "12.5%", "12,5 %" with
        `decimals` 1."""
        out = format(100 * share, f".{decimals}f")
        if self.lang == "en":
            return out + "%"
        return out.replace(".", ",") + NBSP + "%"

    def whole(self, n: int) -> str:
        """A whole number with its thousands marked: "2,000" in English, "2 000" in French
        (a no-break space, so a figure never breaks across two lines)."""
        out = format(int(n), ",")
        return out if self.lang == "en" else out.replace(",", NBSP)

    def signed(self, x: float, pattern: str = "0.00") -> str:
        """A shift with its sign, zero's too: "+0.25", "−0.17" (the minus sign, U+2212),
        "+0.00"; "+0,25" in French."""
        return ("\u2212" if x < 0 else "+") + self.number(abs(x), pattern)

    def quote(self, text: str) -> str:
        """Words quoted as this language marks them: “text” in English, « text » in French,
        with no-break spaces inside the guillemets (a line never breaks between a mark and
        its word); a quotation inside French words takes the second-level marks,
        « ... “...” ... ». A draft's label on the screens, a letter's words."""
        if self.lang == "en":
            return f"\u201c{text}\u201d"
        inner = re.sub("\u00ab\u00a0?", "\u201c", text)
        inner = re.sub("\u00a0?\u00bb", "\u201d", inner)
        return f"\u00ab\u00a0{inner}\u00a0\u00bb"

    @property
    def colon(self) -> str:
        """The colon after a head ("A2 Niger +3: ..."): French puts a no-break space before
        it ("A2 Niger +3 : ...")."""
        return ":" if self.lang == "en" else "\u00a0:"

    def the(self, name: str, cap: bool = False) -> str:
        """A member's name inside a sentence: "the United Kingdom", "le Royaume-Uni"."""
        if self.lang == "en":
            from game.names import the

            return the(name, cap=cap)
        art = FR_ARTICLES.get(str(name))
        out = str(name) if art is None else (art + str(name) if art.endswith("'") else f"{art} {name}")
        return out[:1].upper() + out[1:] if cap else out

    def of(self, name: str) -> str:
        """"of the United Kingdom", "du Royaume-Uni", "de la France", "de l'Inde"."""
        if self.lang == "en":
            return "of " + self.the(name)
        return fr_of(self.the(name))

    def to(self, name: str) -> str:
        """"the United Kingdom" after "calls on", "au Royaume-Uni" after "donne la parole"."""
        if self.lang == "en":
            return self.the(name)
        return fr_to(self.the(name))

    def join(self, items, cap: bool = False) -> str:
        """"A, B and C", "A, B et C"."""
        items = [str(x) for x in items]
        if cap and items:
            items[0] = items[0][:1].upper() + items[0][1:]
        if len(items) <= 1:
            return "".join(items)
        _ = self.gettext
        return ", ".join(items[:-1]) + _(" and ") + items[-1]

    def names(self, names, cap: bool = False) -> str:
        """Members' names in a sentence, with their articles: "la France et le Niger"."""
        return self.join([self.the(n) for n in names], cap=cap)

    def counted(self, n: int, word: str) -> str:
        """"3 delegations", "3 délégations": `word` one of the nouns the screens count."""
        if self.lang == "en":
            from game.names import plural

            return plural(n, word)
        one, many = FR_NOUNS.get(word, (word, word))
        return self.plural(n, "{n} " + one, "{n} " + many)

    def span(self, minutes: float) -> str:
        """A length of time as a diplomat says it (game.names.span): "14 jours et 14 heures"."""
        if self.lang == "en":
            from game.names import span

            return span(minutes)
        m = max(0, int(round(float(minutes))))
        if m < 60:
            return self.counted(m, "minute")
        hours = m // 60 + (1 if m % 60 >= 30 else 0)
        if hours < 48:
            return self.counted(hours, "hour")
        days, hours = divmod(hours, 24)
        if hours == 0:
            return self.counted(days, "day")
        return self.counted(days, "day") + self.gettext(" and ") + self.counted(hours, "hour")

    def many(self, names) -> int:
        """How many a subject counts for its verb, as gettext's ``n``: 1 for one member whose
        name is singular, 2 for several or for one with a plural name ("les États-Unis
        font", "the United States sends": English verbs never change). With ``ngettext(msg,
        msg, tongue.many(...))`` a sentence's verb agrees with its subject."""
        names = [names] if isinstance(names, str) else list(names)
        if self.lang == "en":
            return 1
        return 2 if len(names) > 1 or any(FR_ARTICLES.get(str(n)) == "les" for n in names) else 1

    def named(self, names, cap: bool = False) -> Named:
        """One member's name, or several, as a sentence needs them (`Named`)."""
        return Named(self, [names] if isinstance(names, str) else list(names), cap)

    def plural(self, n: int, singular: str, plural: str) -> str:
        """`singular` or `plural` (both already in this language, holding ``{n}``) by this
        language's rule: "1 hour", "0 hours"; "1 heure", "0 heure", "2 heures"."""
        one = n == 1 if self.lang == "en" else abs(n) < 2
        return (singular if one else plural).format(n=n)

    def __repr__(self) -> str:
        return f"Tongue({self.lang!r})"


ENGLISH = Tongue("en")


class Named(str):
    """Members named in a sentence, in the forms the language's grammar asks for: as a
    string, with their articles ("the United Kingdom and France", "le Royaume-Uni et la
    France"; `cap` for the start of a sentence); ``{x.of}`` after a noun ("of the United
    Kingdom", "du Royaume-Uni et de la France"), ``{x.to}`` after a verb that takes "à"
    ("au Royaume-Uni et à la France"; in English the plain names), ``{x.cap}`` at the start
    of a sentence ("Le Royaume-Uni et la France"). A catalogue's sentence
    keeps its placeholder's name and picks the form: "objections of {names}" reads
    "objections {names.of}" in French. `n`: gettext's count for the verb (`Tongue.many`)."""

    def __new__(cls, tongue: Tongue, names: list, cap: bool = False):
        obj = super().__new__(cls, tongue.names(names, cap=cap))
        if tongue.lang == "en":
            obj.of, obj.to = "of " + str(obj), str(obj)
        else:
            obj.of = tongue.join([tongue.of(n) for n in names])
            obj.to = tongue.join([tongue.to(n) for n in names])
        obj.cap = tongue.names(names, cap=True)
        obj.n = tongue.many(names)
        return obj

    def mapped(self, fn) -> Named:
        """The same names with `fn` applied to each form (`html.escape` for a report)."""
        new = str.__new__(Named, fn(str(self)))
        new.of, new.to, new.cap, new.n = fn(self.of), fn(self.to), fn(self.cap), self.n
        return new

# the outcomes as the commands' reports say them (game.cli._OUTCOMES)
OUTCOME_WORDS = (N_("adopted"), N_("not adopted"), N_("vetoed"), N_("rollover"), N_("lapsed"))

# the nouns the screens count (Tongue.counted), in French
FR_NOUNS = {
    "delegation": ("d\u00e9l\u00e9gation", "d\u00e9l\u00e9gations"), "amendment": ("amendement", "amendements"),
    "paragraph": ("paragraphe", "paragraphes"), "hour": ("heure", "heures"), "day": ("jour", "jours"),
    "working day": ("jour ouvrable", "jours ouvrables"), "round": ("cycle", "cycles"),
    "event": ("\u00e9v\u00e9nement", "\u00e9v\u00e9nements"), "member": ("membre", "membres"),
    "vote": ("voix", "voix"), "run": ("simulation", "simulations"), "letter": ("lettre", "lettres"),
    "silence": ("silence", "silences"), "point": ("point", "points"), "minute": ("minute", "minutes"),
    "revision": ("r\u00e9vision", "r\u00e9visions"), "abstention": ("abstention", "abstentions"),
}

# The article each member's French name takes inside a sentence, as the UN's French texts
# write it ("la France", "le Royaume-Uni", "les États-Unis", "l'Inde"); a name not listed
# (Saint-Vincent-et-les-Grenadines) takes none.
FR_ARTICLES = {
    "Chine": "la", "France": "la", "F\u00e9d\u00e9ration de Russie": "la", "Royaume-Uni": "le",
    "\u00c9tats-Unis": "les", "Estonie": "l'", "Inde": "l'", "Irlande": "l'", "Kenya": "le",
    "Mexique": "le", "Niger": "le", "Norv\u00e8ge": "la", "Tunisie": "la", "Viet Nam": "le", "Mali": "le",
    "Arv\u00e9lie": "l'", "Alg\u00e9rie": "l'", "Danemark": "le", "Gr\u00e8ce": "la", "Guyana": "le",
    "Pakistan": "le", "Panama": "le", "R\u00e9publique de Cor\u00e9e": "la", "Sierra Leone": "la",
    "Slov\u00e9nie": "la", "Somalie": "la", "Br\u00e9sil": "le", "Japon": "le", "Ghana": "le",
    "Gabon": "le", "\u00c9mirats arabes unis": "les", "Albanie": "l'",
    "Mozambique": "le", "Suisse": "la", "\u00c9quateur": "l'", "Allemagne": "l'",
    "Belgique": "la", "R\u00e9publique dominicaine": "la", "Afrique du Sud": "l'",
    "Indon\u00e9sie": "l'", "S\u00e9n\u00e9gal": "le", "\u00c9gypte": "l'",
    "Ukraine": "l'", "Uruguay": "l'", "Kazakhstan": "le", "Bolivie": "la", "Su\u00e8de": "la",
    "\u00c9thiopie": "l'", "C\u00f4te d'Ivoire": "la", "Koweït": "le", "P\u00e9rou": "le", "Pologne": "la",
    "Guin\u00e9e \u00e9quatoriale": "la", "Venezuela": "le", "Espagne": "l'", "R\u00e9publique arabe syrienne": "la",
    "Nouvelle-Z\u00e9lande": "la", "Malaisie": "la", "Angola": "l'", "Italie": "l'", "Soudan": "le",
    "Soudan du Sud": "le", "Pays-Bas": "les", "Y\u00e9men": "le", "Nig\u00e9ria": "le", "Maroc": "le",
    "Lituanie": "la", "Lib\u00e9ria": "le", "Jordanie": "la", "Chili": "le", "Tchad": "le",
    "R\u00e9publique populaire d\u00e9mocratique de Cor\u00e9e": "la",
}

# The UN's French short names of the states the shipped scenarios and history cases seat,
# for a scenario that names its members in English only (`localized` shows them in French;
# the file, the log and the hash keep the English).
FR_NAMES = {
    "Albania": "Albanie", "Algeria": "Alg\u00e9rie", "Angola": "Angola", "Belgium": "Belgique",
    "Bolivia": "Bolivie", "Brazil": "Br\u00e9sil", "Chad": "Tchad", "Chile": "Chili", "China": "Chine",
    "C\u00f4te d'Ivoire": "C\u00f4te d'Ivoire",
    "Democratic People's Republic of Korea": "R\u00e9publique populaire d\u00e9mocratique de Cor\u00e9e",
    "Denmark": "Danemark", "Dominican Republic": "R\u00e9publique dominicaine", "Ecuador": "\u00c9quateur",
    "Egypt": "\u00c9gypte", "Equatorial Guinea": "Guin\u00e9e \u00e9quatoriale", "Estonia": "Estonie",
    "Ethiopia": "\u00c9thiopie", "France": "France", "Gabon": "Gabon", "Germany": "Allemagne", "Ghana": "Ghana",
    "Greece": "Gr\u00e8ce", "Guyana": "Guyana", "Haiti": "Ha\u00efti", "India": "Inde", "Indonesia": "Indon\u00e9sie",
    "Ireland": "Irlande", "Italy": "Italie", "Japan": "Japon", "Jordan": "Jordanie", "Kazakhstan": "Kazakhstan",
    "Kenya": "Kenya", "Kuwait": "Kowe\u00eft", "Liberia": "Lib\u00e9ria", "Lithuania": "Lituanie",
    "Malaysia": "Malaisie", "Mali": "Mali", "Mexico": "Mexique", "Morocco": "Maroc", "Mozambique": "Mozambique",
    "Netherlands": "Pays-Bas", "New Zealand": "Nouvelle-Z\u00e9lande", "Niger": "Niger", "Nigeria": "Nig\u00e9ria",
    "Norway": "Norv\u00e8ge", "Pakistan": "Pakistan", "Panama": "Panama", "Peru": "P\u00e9rou", "Poland": "Pologne",
    "Republic of Korea": "R\u00e9publique de Cor\u00e9e", "Russian Federation": "F\u00e9d\u00e9ration de Russie",
    "Saint Vincent and the Grenadines": "Saint-Vincent-et-les Grenadines", "Senegal": "S\u00e9n\u00e9gal",
    "Sierra Leone": "Sierra Leone", "Slovenia": "Slov\u00e9nie", "Somalia": "Somalie", "South Africa": "Afrique du Sud",
    "South Sudan": "Soudan du Sud", "Spain": "Espagne", "Sudan": "Soudan", "Sweden": "Su\u00e8de",
    "Switzerland": "Suisse", "Syrian Arab Republic": "R\u00e9publique arabe syrienne", "Tunisia": "Tunisie",
    "Ukraine": "Ukraine", "United Arab Emirates": "\u00c9mirats arabes unis", "United Kingdom": "Royaume-Uni",
    "United States": "\u00c9tats-Unis", "Uruguay": "Uruguay", "Venezuela": "Venezuela", "Viet Nam": "Viet Nam",
    "Yemen": "Y\u00e9men",
}



def choose(arg: str | None, env: dict | None = None) -> str:
    """The language a command speaks: ``--lang``, else ``PENHOLDER_LANG``, else English.
    Raises ValueError naming what is wrong."""
    if arg:
        lang, where = arg, "--lang"
    else:
        env = os.environ if env is None else env
        lang, where = env.get(ENV, "") or "en", ENV
    lang = lang.strip().lower().split("_")[0].split(".")[0]  # fr_FR.UTF-8 -> fr
    if lang not in LANGUAGES:
        raise ValueError(f"{where}: {lang!r} is not a language of the game (one of {', '.join(LANGUAGES)})")
    return lang


def localized(obj: Any, lang: str) -> Any:
    """`obj` (a scenario or any part of it) with every bilingual text shown in `lang`.

    Only the shown strings change: the copy dumps to the same data and hash, so a
    session logs the same header in every language. Give the *English* scenario to the
    engine (the Council sits in the English order of its members' names) and this copy to
    what a player reads."""
    if isinstance(obj, LocalText):
        return obj.in_(lang)
    if isinstance(obj, BaseModel):
        update = {}
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            new = localized(value, lang)
            if new is not value:
                update[name] = new
        if lang == "fr" and isinstance(obj, Member) and type(obj.name) is str and obj.name in FR_NAMES:
            # (a scenario that names its members in English only: the UN's French names)
            update["name"] = LocalText({"en": obj.name, "fr": FR_NAMES[obj.name]}, "fr", plain=True)
        return obj.model_copy(update=update) if update else obj
    if isinstance(obj, list):
        new = [localized(v, lang) for v in obj]
        return new if any(a is not b for a, b in zip(new, obj, strict=True)) else obj
    if isinstance(obj, dict):
        new = {k: localized(v, lang) for k, v in obj.items()}
        return new if any(new[k] is not obj[k] for k in obj) else obj
    return obj


def untranslated(scenario, lang: str) -> str | None:
    """A sentence for the reader when the scenario has texts a player reads with no version
    in `lang` (they are shown in English), else None."""
    if lang != "fr":
        return None
    n = len(missing_french(scenario))
    if not n:
        return None
    return Tongue(lang).gettext(
        "Note: {n} texts of this scenario (titles, labels, the delegations' own lines) have no French "
        "version and are shown in English.").format(n=n)


def missing_french(obj: Any, path: str = "") -> list[str]:
    """The paths of the player-visible texts of `obj` (a scenario) with no French version."""
    out: list[str] = []
    if isinstance(obj, BaseModel):
        for name, field in type(obj).model_fields.items():
            value = getattr(obj, name)
            here = f"{path}.{name}" if path else name
            if _is_local(field) and isinstance(value, list):  # a voice's openings, closings
                for k, v in enumerate(value):
                    if isinstance(v, BaseModel):
                        out += missing_french(v, f"{here}[{k}]")
                    elif not (isinstance(v, LocalText) and v.versions.get("fr")):
                        out.append(f"{here}[{k}]")
            elif _is_local(field) and value is not None:
                if not (isinstance(value, LocalText) and value.versions.get("fr")):
                    out.append(here)
            else:
                out += missing_french(value, here)
    elif isinstance(obj, list):
        for k, v in enumerate(obj):
            out += missing_french(v, f"{path}[{k}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out += missing_french(v, f"{path}.{k}")
    return out


def _is_local(field) -> bool:
    """Whether a model field holds a player-visible text (`ShortLocal`, `LongLocal`)."""
    metadata = list(field.metadata)
    args = list(getattr(field.annotation, "__args__", ()))  # ShortLocal | None, list[Closing | ShortLocal]
    while args:
        arg = args.pop()
        metadata += list(getattr(arg, "__metadata__", ()))
        args += list(getattr(arg, "__args__", ()))
    return any(getattr(getattr(m, "func", None), "local_text", False) for m in metadata)


def reader(args) -> Tongue:
    """The `Tongue` of a command's reader: its ``--lang`` (game.cli's `_lang` sets it from
    --lang, else PENHOLDER_LANG, else English); English for a caller that gives no language
    (a test's Namespace)."""
    return Tongue(getattr(args, "lang", None) or "en")


FR_VOWELS = "aeiouy\u00e0\u00e2\u00e9\u00e8\u00ea\u00eb\u00ee\u00ef\u00f4\u00fbAEIOUY\u00c0\u00c2\u00c9\u00c8\u00ca\u00ce\u00d4\u00db"


def fr_of(text: str) -> str:
    """A French noun group (with its article) after "de": "du Royaume-Uni", "de la France",
    "de l'Inde", "des \u00c9tats-Unis", "d'une vision", "de Saint-Vincent"."""
    for art, out in (("le ", "du "), ("les ", "des "), ("Le ", "du "), ("Les ", "des ")):
        if text.startswith(art):
            return out + text[len(art):]
    if text[:3] in ("la ", "La ") or text[:2] in ("l'", "L'"):
        return "de " + text[:1].lower() + text[1:]
    # (a name on Y- keeps "de": "de Yemen"; a lower-case y elides: "d'y"; Haïti's h is mute)
    return ("d'" if (text[:1] in FR_VOWELS and text[:1] != "Y") or text.startswith("Ha\u00efti") else "de ") + text


def fr_to(text: str) -> str:
    """A French noun group (with its article) after "\u00e0": "au porte-plume", "aux
    \u00c9tats-Unis", "\u00e0 la France", "\u00e0 l'Inde"."""
    for art, out in (("le ", "au "), ("les ", "aux "), ("Le ", "au "), ("Les ", "aux ")):
        if text.startswith(art):
            return out + text[len(art):]
    if text[:3] in ("la ", "La ") or text[:2] in ("l'", "L'"):
        return "\u00e0 " + text[:1].lower() + text[1:]
    return "\u00e0 " + text
