"""The words delegations write: silence-break letters, comments, answers to lobbying,
explanations of vote and the host country's statement, composed by Jinja2 templates from the
reasons the agents recorded and from each delegation's voice.

Every sentence lives in a template under ``templates/<lang>/`` (``templates/en/`` is the
fallback for a template a language does not have yet); Python only gathers the reasons and
the voice into plain data. Variety never touches the engine's RNG: a template chooses among
its phrasings with `pick`, a hash of the log's salt (its seed), the event's number and the
member, so the same log reads the same every time, and two members or two runs read
differently.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGES = ("en",)


def pick(options, *key):
    """One of `options`, chosen by a hash of `key` (a pure function: same key, same choice)."""
    options = list(options)
    if not options:
        return ""
    digest = hashlib.blake2b("\x1f".join(map(str, key)).encode(), digest_size=8).digest()
    return options[int.from_bytes(digest, "big") % len(options)]


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
    env.filters["cap"] = cap
    env.filters["sentence"] = sentence
    return env


_SPACE = re.compile(r"\s+")
_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?\u201d])")


def render(name: str, lang: str = "en", **context) -> str:
    """A template rendered to one paragraph of text (white space collapsed)."""
    text = environment(lang).get_template(name).render(**context)
    return _BEFORE_PUNCT.sub(r"\1", _SPACE.sub(" ", text)).strip()


def render_lines(name: str, lang: str = "en", **context) -> list[str]:
    """A template rendered to lines: one per line of output, blank lines dropped."""
    text = environment(lang).get_template(name).render(**context)
    return [_BEFORE_PUNCT.sub(r"\1", _SPACE.sub(" ", ln)).strip() for ln in text.splitlines() if ln.strip()]


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


_AFRICAN_GROUPS = ("A3", "A3+1", "A3+")


def profile(scenario, member: str, the_name: str) -> Profile:
    """The voice of `member` (a member of the Council or the host). Unset fields are
    derived from what the member is: its register from its seat and assertiveness (an
    assertive permanent member is blunt, the others formal), its themes from its group and
    its positions (a member below the middle of the scale on what matters most to it speaks
    of sovereignty and the host's consent, one above of civilians and accountability; a
    member of the A3 of regional ownership)."""
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
    return Profile(id=member, name=name, the=the_name, tone=tone, themes=themes,
                   permanent=bool(mb.permanent) if mb is not None else False, host=host, group=group,
                   speaks_as=voice.speaks_as if voice is not None else None, openings=openings,
                   closings=closings, arguments=arguments, derived=derived)


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
