"""Turning events into the words a facilitator reads: the transcript, silence-break
letters and explanations of vote, written from the reasons the agents recorded.

Everything here reads events and the scenario; nothing changes state. The transcript
and the game's feed use the same sentences.
"""

from __future__ import annotations

import datetime as dt
import re

from game import voices
from game.events import Event
from game.i18n import N_, Named, Tongue, localized
from game.names import the
from game.schema import THEME_WORDS, Scenario, english
from game.scoring import aim_variant
from game.state import State

# (a title's first word with one of these endings is a common noun, lowered in a sentence
# even when the scenario never writes it in lower case: "on the protection of civilians")
_COMMON_NOUN_ENDINGS = ("tion", "sion", "ment", "ity", "ance", "ence", "ship", "ness", "ism", "ized", "ised", "ated", "gth")


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class Narrator:
    """Words for a negotiation's events. `ids`: name a paragraph with its issue id, "OP 20
    (strategic_vision)", for researchers (`run --ids`); without (the default), "OP 20" in the
    transcript and "operative paragraph 20" in what delegations write. `salt`: what makes one
    run read differently from another (the log's seed): the delegations' phrasings are chosen
    by a hash of it, the event's number and the member (game.voices.pick), never by the
    engine's RNG. `lang`: the language of the templates (game/voices/templates/<lang>/)."""

    def __init__(self, scenario: Scenario, ids: bool = False, salt: object = 0, lang: str = "en"):
        self.sc = scenario
        self.ids = ids
        self.salt = salt
        self.lang = lang
        # (English keeps game.names' articles and strftime dates; another language reads
        # names, lists and dates through its Tongue: "la Chine", "mardi 29 juin")
        self.tongue = Tongue(lang)
        self._ = self.tongue.gettext
        # what a reader sees: the scenario's texts in its language (names, titles, labels,
        # wants, red lines' `why`, voices); ids and positions are the same as the engine's
        self.shown = voices.localized(scenario, lang)
        self.names = {m: mb.name for m, mb in self.shown.members.items()}
        self.names[scenario.host.id] = self.shown.host.name
        self.issues = {i.id: i for i in self.shown.issues}
        self.variants = {i.id: {v.id: v for v in i.variants} for i in self.shown.issues}
        self.speaks_for = {g.spokesperson: gid for gid, g in scenario.groups.items()
                           if g.speaks_jointly and g.spokesperson}
        self._profiles: dict[str, voices.Profile] = {}
        # the words the scenario writes in lower case (a title's first word is lowered in a
        # sentence only if it is one of them: "the protection of civilians", but "Jabhat
        # al-Nusra and the separation of the opposition")
        texts = [scenario.situation or ""]
        for i in scenario.issues:
            texts += [i.scale, i.wants_more, i.wants_less, i.title.partition(" ")[2], *(v.text for v in i.variants)]
        self._lower_words = set(re.findall(r"\b[a-z][a-z'-]*\b", " ".join(texts)))
        self._fr_texts: str | None = None  # (the French texts, read when a French topic is named)
        # the scenario's titles and labels with no version in the reader's language: quoted in
        # a delegation's words as the scenario writes them, out of that language's typography
        # ("“A clear line: no counter-terrorism role”", not "A clear line : no ...")
        self._as_written = () if lang == "en" else tuple(dict.fromkeys(
            str(x) for i in scenario.issues for x in (i.title, *(v.label for v in i.variants))
            if x is not None and not voices.has_language(x, lang)))

    # --- words for things -------------------------------------------------------------
    def name(self, m: str | None) -> str:
        return self.names.get(m, m or "The Chair")

    def the(self, m: str | None, cap: bool = False) -> str:
        """The name as it reads in a sentence: 'the Russian Federation' ('The ...' first;
        in French 'la Fédération de Russie')."""
        if self.lang != "en":
            return self.tongue.the(self.name(m), cap=cap)
        return the(self.name(m), cap=cap)

    def speaker(self, m: str | None) -> str:
        """The name at the start of a sentence, with the group it speaks for: 'The Niger
        (for the A3+1)'."""
        g = self.speaks_for.get(m)
        return self._("{name} (for the {group})").format(name=self.the(m, cap=True), group=g) if g \
            else self.the(m, cap=True)

    def who(self, ms, cap: bool = False) -> Named:
        """One member (an id) or several (a list of ids) as a transcript sentence names them,
        with the forms the reader's grammar needs (`game.i18n.Named`: ``{x.of}``, ``{x.to}``)."""
        ms = [ms] if ms is None or isinstance(ms, str) else list(ms)
        return self.tongue.named([self.name(m) for m in ms], cap=cap)

    def n(self, ms) -> int:
        """gettext's count for a verb whose subject is member(s) `ms`: 2 for "les États-Unis"."""
        ms = [ms] if ms is None or isinstance(ms, str) else list(ms)
        return self.tongue.many([self.name(m) for m in ms])

    def names_list(self, ms) -> str:
        if self.lang != "en":
            return self.tongue.names([self.name(m) for m in ms])
        ms = [self.the(m) for m in ms]
        if len(ms) <= 1:
            return "".join(ms)
        return ", ".join(ms[:-1]) + " and " + ms[-1]

    def moment(self, t: int) -> dt.datetime:
        return dt.datetime.combine(self.sc.calendar.zero_draft, dt.time()) + dt.timedelta(minutes=t)

    def day(self, t: int) -> str:
        if self.lang != "en":
            return self.tongue.date(self.moment(t).date(), "day")
        return self.moment(t).strftime("%a %d %b")

    def clock(self, t: int) -> str:
        if self.lang != "en":
            return f"{self.day(t)} {self.moment(t):%H:%M}"
        return self.moment(t).strftime("%a %d %b %H:%M")

    def para(self, issue: str) -> str:
        """A paragraph as the transcript's summary lines name it: "OP 26" (with its id in
        debug output: "OP 26 (troop_ceiling)")."""
        op = self._("OP {n}").format(n=self.issues[issue].paragraph)
        return op if not self.ids else f"{op} ({issue})"

    def paras(self, issues) -> str:
        """Several paragraphs in a sentence: "OP 38 and OP 21"."""
        return self.tongue.join([self.para(i) for i in issues])

    def para_name(self, issue: str) -> str:
        """A paragraph as a delegation names it: "operative paragraph 26", "le paragraphe 26
        du dispositif"."""
        if self.lang == "fr":
            return f"le paragraphe {self.issues[issue].paragraph} du dispositif"
        return f"operative paragraph {self.issues[issue].paragraph}"

    def topic(self, issue: str) -> str:
        """What a paragraph is about, in a sentence: "the authorized ceiling of uniformed
        personnel", "climate change and security", "MINUSMA support to the G5 Sahel Joint
        Force" (the title, its first letter lowered unless an acronym or a name; "the" before
        a title of the form "X of Y"; of a title "X: Y", X alone). In French, with the article its first noun takes:
        "l'appui à la transition politique au Mali", "les changements climatiques et la
        sécurité" (`_topic_fr`)."""
        if self.lang == "fr":
            return self._topic_fr(issue)
        title = self.issues[issue].title.strip()
        # (a title in two parts, "Force: outside threats or the security forces", is named by
        # its head in a sentence: "the paragraph on force", not "on Force: outside ...")
        head, colon, _tail = title.partition(": ")
        title = head if colon and head else title
        first, _, rest = title.partition(" ")
        if colon and head and first[1:].islower() and not any(first in n for n in self.names.values()):
            return title[0].lower() + title[1:]  # (a head is a common phrase: "targeted sanctions")
        if first in ("A", "An", "The"):
            return first.lower() + " " + rest
        if (first.isupper() or any(first in n for n in self.names.values()) or not first[1:].islower()
                or (first.lower() not in self._lower_words and not first.lower().endswith(_COMMON_NOUN_ENDINGS))):
            return title
        lowered = title[0].lower() + title[1:]
        return ("the " + lowered) if " of " in " ".join(title.split(" ")[:3]) + " " else lowered

    def _topic_fr(self, issue: str) -> str:
        title = str(self.issues[issue].title).strip()
        head, colon, _tail = title.partition(": ")  # (of a title "X: Y", X alone, as in English)
        title = head.rstrip("\u00a0 ") if colon and head else title
        if not voices.has_language(self.issues[issue].title, "fr"):  # (an English title, quoted as it is,
            return f"\u201c{title}\u201d"  # in English quotes)
        first = title.split(" ", 1)[0]
        if first.lower() in voices.FR_DETERMINERS or first.lower().startswith("l'"):
            return title[0].lower() + title[1:]
        if first.isupper() or not first[1:].islower():  # (an acronym or a name: as written)
            return title
        head, sep, tail = title.partition(" et ")
        second = tail.split(" ", 1)[0]
        if sep and second.islower() and second not in voices.FR_DETERMINERS and not second.startswith("l'"):
            # ("les changements climatiques et la sécurité")
            return voices.Coordinated([self._fr_article(head[0].lower() + head[1:]), self._fr_article(tail)])
        return self._fr_article(title[0].lower() + title[1:])

    def _fr_article(self, group: str) -> str:
        """A French noun group with its definite article: the one the scenario's own French
        texts give its first word ("le plafond", "la protection"), else one from the word's
        form (a vowel: l'; -s or -x: les; a feminine ending: la; le)."""
        word = group.split(" ", 1)[0]
        if word[:1].lower() in "aeiouyàâéèêîôû":
            return "l'" + group
        if word.endswith(("s", "x")):
            return "les " + group
        if self._fr_texts is None:
            texts = [self.shown.situation or ""]
            for i in self.shown.issues:
                texts += [str(i.title), str(i.scale), str(i.wants_more), str(i.wants_less),
                          *(str(v.text) for v in i.variants), *(str(v.label or "") for v in i.variants)]
            self._fr_texts = " ".join(texts).lower()
        w = re.escape(word.lower())
        fem = len(re.findall(rf"\b(?:la|de la|à la|cette|une) {w}\b", self._fr_texts))
        masc = len(re.findall(rf"\b(?:le|du|au|ce|un) {w}\b", self._fr_texts))
        if fem == masc:
            fem, masc = word.endswith(voices.FR_FEMININE_ENDINGS), False
        return ("la " if fem > masc else "le ") + group

    def label(self, issue: str, variant: str) -> str:
        v = self.variants[issue][variant]
        return self.quote(v.label or v.id)

    def plain_label(self, issue: str, variant: str) -> str:
        v = self.variants[issue].get(variant)
        return (v.label or v.id) if v is not None else variant

    def absent(self, issue: str, variant: str | None) -> bool:
        """Whether a variant is the paragraph's absence: its text an editor's note in
        parentheses, "(No paragraph on follow-up.)", not words of the resolution. A delegation
        does not quote its label as text ("now reads “(no paragraph)”"): the templates say
        that the text has no paragraph on the topic."""
        v = self.variants[issue].get(variant) if variant else None
        if v is None:
            return False
        text = str(english(v.text)).strip()
        return text.startswith("(") and text.endswith(")")

    # --- letters and speeches ----------------------------------------------------------
    def profile(self, m: str) -> voices.Profile:
        """The voice of m (a member or the host), from the scenario or derived."""
        p = self._profiles.get(m)
        if p is None:
            p = self._profiles[m] = voices.profile(self.shown, m, self.the(m), self.lang)
        return p

    def _key(self, ev: Event) -> str:
        return f"{self.salt}/{ev.seq}/{ev.t}/{ev.kind}/{ev.actor}"

    def _render(self, name: str, **context) -> str:
        mission = self.mission()
        called = mission or "the Mission"
        if self.lang == "fr":  # ("la MINUSMA", "la Mission": a mission is feminine)
            called = f"la {mission}" if mission else "la Mission"
        me = context.get("me")
        keep = (*(me.untranslated if me is not None else ()), *self._as_written)
        return voices.render(name, self.lang, keep=keep, mission=called,
                             peacekeeping=mission is not None, host=self.the(self.sc.host.id), **context)

    def mission(self) -> str | None:
        """The mission as delegations call it: the acronym in the scenario's `mission`
        ("MINUSMA"), or None when the file is not a mission's (a sanctions regime, a draft on
        a crisis: the templates then keep to what fits any decision)."""
        found = re.search(r"\(([A-Z][A-Z0-9-]{2,})\)", self.sc.mission or "")
        return found.group(1) if found else None

    def _why(self, member: str, issue: str) -> str | None:
        """A red line's `why` as a clause after a colon: its first letter lowered unless a
        name, no final full stop."""
        why = self._red_line_why(member, issue)
        if not why:
            return None
        why = why.strip().rstrip(".")
        first = why.split(" ", 1)[0]
        return why if (first.isupper() and len(first) > 1) or first in self.names.values() else why[0].lower() + why[1:]

    def concern(self, reason: dict) -> str:
        """The issue's words for the way a member pushes (its `wants_more` / `wants_less`)."""
        issue = self.issues[reason["issue"]]
        return issue.wants_more if reason.get("want") == "more" else issue.wants_less

    def argument(self, member: str, issue: str, want: str, own: float | None = None, key: str = "",
                 again: int = 0) -> tuple[str, bool]:
        """What m says for moving paragraph `issue` its way (`want`: "more" or "less"): its
        own words from its voice, else a sentence of its own derived from its doctrine
        (argument.j2); and whether the words are the scenario's. The words always belong to
        the way it pushes and to its side of the issue: a member below the middle of the
        scale asking for more (or above it asking for less) is a moderate pulling toward the
        middle, and does not borrow the doctrine of the side it is not on.

        A derived sentence argues from the first of the member's themes the paragraph
        touches (schema.THEME_WORDS, in the paragraph's title, scale, words and texts), else
        from the unity of the Council, and is one of fifteen (five framings of three
        clauses) chosen by the member's seat plus an offset drawn from the run's salt and
        the paragraph: the same member says the same thing on the same paragraph all run
        long, and two members of the Council never say the same sentence, even in a
        scenario that writes no argument at all. `again` (1 or 2): the derived sentence as said
        after one or two of the same framing in one letter ("Here too, in our view, ...",
        "Likewise, ..."), a framing no first sentence takes, so that a letter never opens two
        sentences alike and two members still never say the same sentence."""
        line = self.profile(member).arguments.get(issue, {}).get(want)
        if line:
            return (line.in_(self.lang) if hasattr(line, "in_") else line), True
        info = self.issues[issue]
        text = " ".join(english(x) for x in (
            info.title, info.scale, info.wants_more, info.wants_less, *(v.text for v in info.variants))).lower()
        themes = [t for t in self.profile(member).themes if any(w in text for w in THEME_WORDS.get(t, ()))]
        seats = list(self.sc.members)
        moderate = own is not None and ((want == "more" and own < 50) or (want == "less" and own > 50))
        return self._render(
            "argument.j2", me=self.profile(member), topic=self.topic(issue), want=want,
            side="moderate" if moderate else "own", themes=themes,
            seat=seats.index(member) if member in seats else len(seats),
            offset=voices.pick(range(1000), self.salt, issue, want), again=again), True

    def _point(self, member: str, req: dict, reason: dict, key: str = "") -> dict:
        """One paragraph of a letter or a bilateral, as data for the templates."""
        issue = req["issue"]
        current = reason.get("text")
        want = reason.get("want")
        asked = self.variants[issue].get(req["variant"])
        if want not in ("more", "less") and current in self.variants[issue] and asked is not None:
            want = "more" if asked.position > self.variants[issue][current].position else "less"
        argument, own = self.argument(member, issue, want or "less", reason.get("own_position"), key)
        again = [self.argument(member, issue, want or "less", reason.get("own_position"), key, again=k)[0]
                 for k in (1, 2)]
        if self.lang != "en" and not own:  # (the issue's words with no version in the reader's
            said = self.concern({"issue": issue, "want": want or "less"})  # language: said as written,
            own = argument == str(said) and not voices.has_language(said, self.lang)  # not in a clause)
        aim = None
        if "own_position" in reason:
            aim = aim_variant(self.sc, issue, float(reason["own_position"]))
        strong = bool(reason.get("red_line")) or float(reason.get("objection", 0)) >= 0.25 or (
            float(reason.get("distance", 0)) >= 0.5 and float(reason.get("salience", 0)) >= 0.7)
        return {
            "para": self.para_name(issue), "topic": self.topic(issue),
            "current": self.plain_label(issue, current) if current else self._words["present"],
            "asked": self.plain_label(issue, req["variant"]), "want": want or "less",
            "current_none": self.absent(issue, current), "asked_none": self.absent(issue, req["variant"]),
            "argument": argument, "again": again, "own_argument": own, "red_line": bool(reason.get("red_line")),
            "why": self._why(member, issue) if reason.get("red_line") else None,
            "strength": "strong" if strong else "firm",
            "compromise": aim is not None and req["variant"] != aim and aim != current,
            # (the paragraph already reads as its own view would have it, by `aim`'s tie rule:
            # it asks as its group's member, or for the other text as near its view)
            "at_aim": aim is not None and aim == current,
            "asked_earlier": self.sc.zero_draft.get(issue) == req["variant"],
        }

    def letter(self, ev: Event, bilateral: bool = False) -> str:
        """A silence-break letter (or what a delegation says in a bilateral), in the member's
        voice, from its reasons: which paragraph, which way, how far, what it asks."""
        d = ev.data
        if d.get("letter"):
            return d["letter"]
        reasons = d.get("reasons") or [{}] * len(d["requests"])
        points = [self._point(ev.actor, req, reason or {}, f"{self._key(ev)}/{k}")
                  for k, (req, reason) in enumerate(zip(d["requests"], reasons, strict=False))]
        return self._render("letter.j2", me=self.profile(ev.actor), key=self._key(ev), points=points,
                            revision=d.get("revision") or "", bilateral=bilateral,
                            group=self.speaks_for.get(ev.actor) if not bilateral else None)

    def answer(self, ev: Event) -> str:
        """What the member lobbied (`target`) answers, in its voice, from its reasons: whether
        the text asked for is near its own view, what it wants in return."""
        d = ev.data
        reason = (d.get("reasons") or [{}])[0]
        issue, target = d["issue"], d["target"]
        asked = self.variants[issue][d["variant"]].position
        own = reason.get("own_position")
        package = reason.get("package")
        return self._render(
            "answer.j2", me=self.profile(target), key=self._key(ev), answer=d["answer"],
            para=self.para_name(issue), topic=self.topic(issue), asked=self.plain_label(issue, d["variant"]),
            asked_none=self.absent(issue, d["variant"]),
            want=("more" if own is not None and float(own) > asked else "less"),
            close=own is not None and aim_variant(self.sc, issue, float(own)) == d["variant"],
            package={"para": self.para_name(package["issue"]), "topic": self.topic(package["issue"]),
                     "label": self.plain_label(package["issue"], package["variant"]),
                     "none": self.absent(package["issue"], package["variant"])} if package else None)

    def comment(self, ev: Event) -> str:
        """The gist of a member's written comments: its first amendment, with its reason."""
        for a in ev.data.get("amendments", []):
            reason = (a.get("reasons") or [{}])[0]
            if not reason:
                continue
            point = self._point(ev.actor, a, reason, self._key(ev))
            return self._render("comment.j2", me=self.profile(ev.actor), key=self._key(ev), point=point)
        return ""

    def bilateral(self, ev: Event) -> list[str]:
        """A bilateral with the penholder: "In a bilateral with France, China says it cannot
        accept ... and makes clear it will veto the text as it stands"."""
        d = ev.data
        t = self.tongue
        head = {"pen": self.the(d.get("with") or self.sc.penholder), "who": self.the(ev.actor)}
        n = self.n(ev.actor)
        threat = d.get("threat")
        if d["requests"]:
            line = t.ngettext("In a bilateral with {pen}, {who} says it still cannot accept the text on {paras}",
                              "In a bilateral with {pen}, {who} says it still cannot accept the text on {paras}",
                              n).format(paras=self.paras(r["issue"] for r in d["requests"]), **head)
        elif threat:
            line = t.ngettext("In a bilateral with {pen}, {who} says it has nothing more to ask on the text",
                              "In a bilateral with {pen}, {who} says it has nothing more to ask on the text",
                              n).format(**head)
        else:
            return [t.ngettext("In a bilateral with {pen}, {who} says it can live with the text as it stands",
                               "In a bilateral with {pen}, {who} says it can live with the text as it stands",
                               n).format(**head)]
        if threat:
            line += self._threat(threat, n, bilateral=True)
        out = [line]
        if d["requests"]:
            out.append("    " + self.quote(d.get("said") or self.letter(ev, bilateral=True)))
        return out

    def quote(self, text: str) -> str:
        """Words a delegation said or wrote, quoted: “...”, « ... » (a quotation inside French
        words takes the second-level marks, « ... “...” ... », as French typography has it):
        `Tongue.quote`, the screens' marks too."""
        return self.tongue.quote(text)

    def _threat(self, threat: str, n: int, bilateral: bool = False) -> str:
        """What a threat makes clear, after a letter or in a bilateral (its verb agreeing with
        the member, `n`)."""
        t = self.tongue
        if bilateral:
            return {
                "veto": t.ngettext(" and makes clear it will veto the text as it stands",
                                   " and makes clear it will veto the text as it stands", n),
                "no": t.ngettext(" and makes clear it will vote against the text as it stands",
                                 " and makes clear it will vote against the text as it stands", n),
                "abstain": t.ngettext(" and makes clear it cannot vote for the text as it stands",
                                      " and makes clear it cannot vote for the text as it stands", n),
            }[threat]
        return {
            "veto": t.ngettext("{name} makes clear it will vote against a text that stays as it is: a veto.",
                               "{name} makes clear it will vote against a text that stays as it is: a veto.", n),
            "no": t.ngettext("{name} makes clear it will vote against a text that stays as it is.",
                             "{name} makes clear it will vote against a text that stays as it is.", n),
            "abstain": t.ngettext("{name} makes clear it cannot vote for the text as it stands.",
                                  "{name} makes clear it cannot vote for the text as it stands.", n),
        }[threat]

    def _red_line_why(self, member: str, issue: str) -> str | None:
        mb = self.shown.members.get(member)
        rl = mb.red_lines.get(issue) if mb else None
        return rl.why if rl else None

    def _final(self, ev: Event, state: State | None) -> dict[str, float]:
        """Where the text voted sits on each issue's scale: from the state (the draft voted)
        when known, else from the reasons the event carries."""
        out = {}
        for r in (*ev.data.get("welcomes", ()), *ev.data.get("concerns", ())):
            if "text_position" in r:
                out[r["issue"]] = float(r["text_position"])
        if state is not None:
            c = state.council
            text = state.vote_text if getattr(state, "vote_text", None) is not None else state.draft
            for i, v in enumerate(text):
                out[c.issues[i].id] = float(c.issues[i].positions[v])
        return out

    def _closing(self, prof: voices.Profile, key: str, final: dict, ballot: str | None, said=()):
        """One of the delegation's own closing lines true of the text and its ballot, or
        none (the template then says a line of its doctrine), chosen by the hash; with the
        paragraph it speaks of (or none). `said`: lines the statement says before it (its
        arguments): a closing that opens as one of them does is passed over."""
        openers = {voices.opener(x) for x in said if x}
        lines = [x for x in prof.closings if voices.closing_holds(x, final, ballot)]
        # (the hash's choice, else the next one that does not open as an argument did)
        got = next((x for k in range(len(lines) + 1)
                    if (x := voices.pick_at([*lines, None], k, key, "closing")) is None
                    or voices.opener(voices.closing_text(x)) not in openers), None) if lines else None
        if got is None:
            return None, None
        return voices.closing_text(got), (None if isinstance(got, str) else got.issue)

    def _said(self, r: dict) -> dict:
        issue, v = r["issue"], r.get("text")
        return {"issue": issue, "para": self.para_name(issue), "topic": self.topic(issue),
                "label": self.plain_label(issue, v) if v else "", "none": self.absent(issue, v),
                "want": r.get("want")}

    def _past_aim(self, reason: dict) -> bool:
        """Whether a paragraph a member's reasons welcome (it moved its way since the zero
        draft) moved past its aim, to the other side: not a text it is pleased with (a member
        that wanted less of a paragraph does not welcome one that now says too little)."""
        issue, own = reason["issue"], reason.get("own_position")
        start = self.sc.zero_draft.get(issue)
        if own is None or start not in self.variants[issue] or reason.get("text") not in self.variants[issue]:
            return False
        at = self.variants[issue]
        target = at[aim_variant(self.sc, issue, float(own))].position
        return (at[reason["text"]].position - target) * (at[start].position - target) < 0

    def explanation(self, ev: Event, state: State | None = None) -> str:
        """An explanation of vote, from the reasons the event carries, in the member's voice:
        its ballot, what it welcomes, what it regrets and will watch, a closing true of the
        adopted text (`state`, when given, says what the text voted reads). The host
        country's is a statement (`host_statement`)."""
        d = ev.data
        if d.get("text"):
            return d["text"]
        if d.get("host"):
            return self.host_statement(ev, state)
        prof = self.profile(ev.actor)
        key = self._key(ev)
        ballot = d.get("ballot")
        final = self._final(ev, state)
        rival = d.get("on") in ("text", "rival") and bool(d.get("result"))
        words = self._words
        if d.get("on") == "rollover":
            voted = words["rollover"]
        elif rival:
            voted = self.voted_on(d, ev.actor)
            if d.get("group"):
                voted = voted.replace(words["its own"], words["our own"])
        else:
            voted = words["resolution"]
        result = d.get("result")
        if not rival and d.get("on") != "rollover" and state is not None and state.outcome is not None:
            result = state.outcome.value  # (the draft voted: adopted, vetoed or not adopted)
            if result != "adopted":
                voted = words["draft"]
        elif not rival and d.get("on") != "rollover" and result in ("vetoed", "not_adopted"):
            voted = words["draft"]
        opening = None
        if ballot == "yes" and not rival and d.get("on") != "rollover" and prof.openings and result in (None, "adopted"):
            opening = voices.pick(prof.openings, key, "opening")
        regrets = []
        for r in d.get("concerns", []):
            said = self._said(r)
            own = prof.arguments.get(r["issue"], {}).get(r.get("want"))
            said.update(argument=own, red_line=bool(r.get("red_line")),
                        why=self._why(ev.actor, r["issue"]) if r.get("red_line") else None)
            regrets.append(said)
        closing, closing_issue = (None, None) if d.get("on") == "rollover" else self._closing(
            prof, key, final, ballot, said=[r["argument"] for r in regrets])
        # (a paragraph the delegation regrets is not one it is pleased with: its text moved its
        # way, but not far enough, is a regret)
        regretted = {r["issue"] for r in regrets}
        welcomes = [self._said(w) for w in d.get("welcomes", [])
                    if w["issue"] not in regretted and not self._past_aim(w)]
        return self._render(
            "explanation.j2", me=prof, key=key, ballot=ballot, voted=voted, rival=rival,
            result=result, group=d.get("group"),
            members=self.names_list([ev.actor, *d.get("on_behalf_of", [])]) if d.get("group") else "",
            opening=opening, welcomes=welcomes, regrets=regrets,
            closing=closing, closing_issue=closing_issue, why=d.get("why"))

    def host_statement(self, ev: Event, state: State | None = None) -> str:
        """The host country's statement after the vote (a statement, not an explanation of
        vote): the outcome, what in the adopted text meets its views and what does not (its
        `positions`, when the state says what the text reads), a closing of its own."""
        d = ev.data
        prof = self.profile(ev.actor)
        key = self._key(ev)
        outcome = d.get("outcome") or ("rollover_failed" if d.get("on") == "rollover" else "adopted")
        host = self.sc.host
        welcomes, regrets = [], []
        if outcome == "adopted" and state is not None:
            ids = state.draft_ids()
            ranked = sorted(host.positions, key=lambda i: (-host.salience.get(i, 0.0), i))
            for issue in ranked:
                if issue not in ids or issue not in self.variants:
                    continue
                gap = abs(self.variants[issue][ids[issue]].position - host.positions[issue]) / 100.0
                said = {"para": self.para_name(issue), "topic": self.topic(issue),
                        "label": self.plain_label(issue, ids[issue]), "none": self.absent(issue, ids[issue]),
                        "want": "more" if host.positions[issue] > self.variants[issue][ids[issue]].position else "less"}
                if gap <= 0.1 and host.salience.get(issue, 0.0) >= 0.3:
                    welcomes.append(said)
                elif gap >= 0.3 and host.salience.get(issue, 0.0) >= 0.3:
                    regrets.append(said)
        # (a draft that falls is not one the host regrets when it did not have its authorities'
        # agreement: the text voted, weighed by what matters to the host, far from its views)
        opposed = False
        if outcome in ("vetoed", "not_adopted") and state is not None and host.positions:
            ids = state.draft_ids(state.vote_text)
            gaps = [(host.salience.get(i, 0.0), abs(self.variants[i][ids[i]].position - p) / 100.0)
                    for i, p in host.positions.items() if i in ids and i in self.variants]
            weight = sum(w for w, _g in gaps)
            opposed = weight > 0 and sum(w * g for w, g in gaps) / weight >= 0.3
        opening = voices.pick(prof.openings, key, "opening") if outcome == "adopted" and prof.openings else None
        final = self._final(ev, state) if state is not None else {}
        closing = self._closing(prof, key, final, None)[0] if outcome != "rollover_failed" else None
        return self._render("host.j2", me=prof, key=key, outcome=outcome, opening=opening,
                            welcomes=welcomes[:1], regrets=regrets[:2], closing=closing, opposed=opposed)

    def _concerns(self, ev: Event) -> list[str]:
        """(Kept for callers that list an explanation's concerns apart: the issue's words.)"""
        return [_sentence(self.concern(c)) for c in ev.data.get("concerns", [])]

    def voted_on(self, d: dict, speaker: str | None = None) -> str:
        """What a vote of a meeting with rival drafts was on, as a delegation names it:
        "the draft tabled by the Russian Federation", "the penholder's draft", "its own draft"."""
        own = speaker is not None and speaker == d.get("sponsor")
        words = self._words
        if d.get("on") == "rollover":
            return words["rollover"]
        if d.get("on") == "rival":
            return words["its own"] if own else words["tabled by"].format(name=self.the(d.get("sponsor")))
        return words["its own"] if own else words["pen draft"]

    @property
    def _words(self) -> dict[str, str]:
        """The few words of the delegations' speech composed here, not in a template."""
        return voices.WORDS.get(self.lang, voices.WORDS["en"])

    # --- one event, one or more lines ------------------------------------------------------
    def lines(self, ev: Event, state: State | None = None) -> list[str]:
        """What the transcript and the game's feed say of one event (an event that is the
        first work at a weekend, the calendar being urgent, says so first: issue 8 §4), in
        the reader's language: the catalogue's sentences, their verbs agreeing with the
        member that acts (`n`)."""
        out = self._lines(ev, state)
        weekend = ev.data.get("works_weekend")
        if weekend:
            expiry = dt.date.fromisoformat(weekend["expiry"])
            on = (f"{expiry:%a} {expiry.day} {expiry:%b}" if self.lang == "en"
                  else self.tongue.date(expiry, "day"))
            out = [self._("With the mandate expiring on {day}, the penholder keeps the talks going through "
                          "the weekend").format(day=on), *out]
        return out

    def _lines(self, ev: Event, state: State | None = None) -> list[str]:
        d, who = ev.data, self.the(ev.actor, cap=True)
        k = ev.kind
        _, ngettext, n = self._, self.tongue.ngettext, self.n(ev.actor)
        if k == "circulate_zero_draft":
            if self.sc.co_penholders:
                out = [ngettext("{who}, the lead penholder, with its co-penholders {names}, circulates the zero draft",
                          "{who}, the lead penholder, with its co-penholders {names}, circulates the zero draft",
                          n).format(who=who, names=self.co_pens())]
            else:
                out = [ngettext("{who}, the penholder circulates the zero draft",
                          "{who}, the penholder circulates the zero draft", n).format(who=who)]
            for issue, variant in d["draft"].items():
                out.append("    " + _("{para} {title}: {text}").format(
                    para=self.para(issue), title=self.issues[issue].title, text=self.label(issue, variant)))
            return out
        if k == "hold_read_through":
            return [_("Experts meet for a read-through of the zero draft")]
        if k == "open_expert_round":
            return [ngettext("{who} convenes expert round {round}", "{who} convenes expert round {round}", n).format(
                who=who, round=d["round"])]
        if k == "propose_amendments":
            bits = [f"{self.para(a['issue'])} \u2192 {self.label(a['issue'], a['variant'])} (A{a['id']})"
                    for a in d.get("amendments", [])]
            if d.get("backs"):
                bits.append(_("backs {amendments}").format(amendments=", ".join(f"A{x}" for x in d["backs"])))
            out = [ngettext("{who} sends comments: {comments}", "{who} sends comments: {comments}", n).format(
                who=self.speaker(ev.actor), comments=_("; ").join(bits))]
            gist = self.comment(ev)
            if gist:
                out.append("    " + self.quote(gist))
            return out
        if k == "seek_support":
            target, nt = self.who(d["target"]), self.n(d["target"])
            answer = {"yes": ngettext("{target} agrees", "{target} agrees", nt),
                      "no": ngettext("{target} declines", "{target} declines", nt),
                      "noncommittal": ngettext("{target} is noncommittal", "{target} is noncommittal", nt),
                      "yes_if": ngettext("{target} agrees, if it gets something in return",
                                   "{target} agrees, if it gets something in return", nt)}[d["answer"]]
            package = (d.get("reasons") or [{}])[0].get("package")
            if d["answer"] == "yes_if" and package:
                answer = ngettext("{target} agrees if {asker} backs {text} on {para}",
                            "{target} agrees if {asker} backs {text} on {para}", nt).format(target=target, asker=self.who(ev.actor), text=self.label(
                    package["issue"], package["variant"]), para=self.para(package["issue"]))
            else:
                answer = answer.format(target=target)
            ask = ngettext("{who} asks {target} to back {text} on {para}", "{who} asks {target} to back {text} on {para}",
                     n).format(who=who, target=target, text=self.label(d["issue"], d["variant"]),
                               para=self.para(d["issue"]))
            return [_("{request}: {answer}").format(request=ask, answer=answer), "    " + self.quote(self.answer(ev))]
        if k == "package_deal":
            got, gave = d["gets"], d["gives"]
            new = f" (A{d['amendment']})" if d.get("amendment") else ""
            return [_("Package: {who} backs {text} on {para}{amendment}; {other} backs {other_text} on "
                      "{other_para}").format(
                who=self.who(ev.actor), text=self.label(gave["issue"], gave["variant"]), para=self.para(gave["issue"]),
                amendment=new, other=self.who(d["with"]), other_text=self.label(got["issue"], got["variant"]),
                other_para=self.para(got["issue"]))]
        if k == "decide_amendments":
            groups: dict[str, list[str]] = {"accepted": [], "partly": [], "rejected": []}
            taken_back: list[str] = []
            for dec in d["decisions"]:
                x = dec["amendment"]
                issue = None
                if state is not None:
                    issue = state.council.issues[state.amendments[x - 1].issue].id
                item = _("A{n} on {para}").format(n=x, para=self.para(issue)) if issue else f"A{x}"
                if issue and dec["decision"] == "partly":
                    item += f" \u2192 {self.label(issue, dec['variant'])}"
                groups[dec["decision"]].append(item)
                reverses = (dec.get("reasons") or [{}])[0].get("reverses")
                if reverses:  # a concession taken back, and from whom (issue 8, §3)
                    taken_back.append("    " + (
                        _("taking back on {para} what it had conceded to {names}") if issue else
                        _("taking back what it had conceded to {names}")).format(
                        para=self.para(issue) if issue else "", names=self.who(reverses)))
            parts = []
            if groups["accepted"]:
                parts.append(ngettext("takes on board {amendments}", "takes on board {amendments}", n).format(
                    amendments=", ".join(groups["accepted"])))
            if groups["partly"]:
                parts.append(ngettext("meets halfway {amendments}", "meets halfway {amendments}", n).format(
                    amendments=", ".join(groups["partly"])))
            if groups["rejected"]:
                parts.append(ngettext("sets aside {amendments}", "sets aside {amendments}", n).format(
                    amendments=", ".join(groups["rejected"])))
            objectors = list(dict.fromkeys(m for dec in d["decisions"] for r in (dec.get("reasons") or [])[:1]
                                           for m in r.get("co_penholders_object", ())))
            tail = ""
            if objectors:
                tail = ngettext(" (at the objection of its co-penholder {names})",
                          " (at the objection of its co-penholders {names})", len(objectors)).format(
                    names=self.who(objectors))
            return [f"{who} " + _("; ").join(parts) + tail, *taken_back]
        if k == "circulate_revision":
            out = [ngettext("{who} circulates draft rev{revision}", "{who} circulates draft rev{revision}", n).format(
                who=who, revision=d["revision"])]
            if state is not None and len(state.drafts) > d["revision"]:
                before = state.draft_ids(state.drafts[d["revision"] - 1])
                for issue, variant in d["draft"].items():
                    if before.get(issue) != variant:
                        out.append("    " + _("{para} now reads {text} (was {before})").format(
                            para=self.para(issue), text=self.label(issue, variant),
                            before=self.label(issue, before[issue])))
            return out
        if k == "co_pen_revision":
            return self.co_pen_revision(ev)
        if k == "co_pen_step":
            return self.co_pen_step(ev)
        if k == "place_under_silence":
            return [ngettext("{who} places draft rev{revision} under silence until {deadline}",
                       "{who} places draft rev{revision} under silence until {deadline}", n).format(
                who=who, revision=d["revision"], deadline=self.clock(d["deadline"]))]
        if k == "break_silence":
            paras = self.paras(r["issue"] for r in d["requests"])
            if d.get("with"):
                return [ngettext("{who} co-signs {other}'s letter, breaking silence on {paras}",
                           "{who} co-signs {other}'s letter, breaking silence on {paras}", n).format(
                    who=who, other=self.who(d["with"]), paras=paras)]
            out = [ngettext("{who} breaks silence on {paras}:", "{who} breaks silence on {paras}:", n).format(
                who=self.speaker(ev.actor), paras=paras), "    " + self.quote(self.letter(ev))]
            if d.get("threat"):
                out.append("    " + self._threat(d["threat"], n).format(name=who))
            return out
        if k == "bilateral_talk":
            return self.bilateral(ev)
        if k == "silence_holds":
            return [_("Silence holds: no objection by the deadline; the text is agreed")]
        if k == "hold_bilaterals":
            w = d.get("with_") or []
            if w:
                return [ngettext("{who} holds bilateral talks with {names}", "{who} holds bilateral talks with {names}",
                           n).format(who=who, names=self.who(w))]
            return [ngettext("{who} holds bilateral talks", "{who} holds bilateral talks", n).format(who=who)]
        if k == "put_in_blue":
            over = d.get("objections") or []
            tail = _(", over the objections of {names}").format(names=self.who(over)) if over else ""
            return [ngettext("{who} puts draft rev{revision} in blue{objections}",
                       "{who} puts draft rev{revision} in blue{objections}", n).format(
                who=who, revision=d["revision"], objections=tail)]
        if k == "call_vote" and d.get("on"):  # a meeting with rival drafts in blue
            return [_("The President ({president}) puts to the vote {what}, in the order of submission "
                      "(provisional rule 32)").format(president=self.who(self.sc.president), what=self.voted(d))]
        if k == "table_rival_draft":
            out = [ngettext("{who} tables its own draft (rival draft {number}) and puts it in blue",
                      "{who} tables its own draft (rival draft {number}) and puts it in blue", n).format(
                who=who, number=d["number"])]
            if state is not None:
                pen = state.draft_ids()
                for issue, variant in d["draft"].items():
                    if pen.get(issue) != variant:
                        out.append("    " + _("{para} reads {text} (the penholder's text: {pen})").format(
                            para=self.para(issue), text=self.label(issue, variant), pen=self.label(issue, pen[issue])))
            if d.get("letter"):
                out.append("    " + self.quote(d["letter"]))
            return out
        if k == "call_vote":
            pres = self.who(self.sc.president)
            if state is not None and state.vote_on == "rollover":
                return [_("The President ({president}) convenes the Council: vote on the technical rollover "
                          "in blue").format(president=pres)]
            return [_("The President ({president}) convenes the Council: vote on the draft resolution in "
                      "blue").format(president=pres)]
        if k == "seek_rollover":
            line = ngettext("No agreed text in time: {who} puts a technical rollover of the mandate in blue",
                      "No agreed text in time: {who} puts a technical rollover of the mandate in blue", n).format(
                who=self.the(ev.actor))
            count = d.get("count")
            if count:  # (its count, as the ballots would be cast)
                veto = _(", vetoed {share}").format(share=self.tongue.percent(count["veto"])) if count["veto"] >= 0.05 else ""
                line += ngettext(" (by its count, its own text would carry {share}{vetoed}; the rollover {rollover})",
                           " (by its count, its own text would carry {share}{vetoed}; the rollover {rollover})",
                           n).format(share=self.tongue.percent(count["text"]), vetoed=veto, rollover=self.tongue.percent(count["rollover"]))
            return [line]
        if k == "cast_vote":
            pgettext = self.tongue.pgettext
            ballot = {"yes": pgettext("ballot", "yes"), "no": pgettext("ballot", "no"), "abstain": pgettext("ballot", "abstain")}
            return [f"    {self.name(ev.actor):<34} {ballot.get(d['ballot'], d['ballot'])}"]
        if k == "declare_result":
            return [self.result(d, state)]
        if k == "explain_vote":
            if d.get("host"):
                head = _("Statement by the host country, {name}").format(name=self.the(ev.actor))
            elif d.get("group"):
                head = _("Explanation of vote by {name} (for the {group})").format(
                    name=self.who(ev.actor), group=d["group"])
            else:
                head = _("Explanation of vote by {name}").format(name=self.who(ev.actor))
            return [head, "    " + self.quote(self.explanation(ev, state))]
        if k == "mandate_expires":
            expiry = self.sc.calendar.mandate_expiry
            return [_("The mandate expires at midnight on {day} with no resolution: the mandate lapses").format(
                day=f"{expiry:%d %b}" if self.lang == "en" else self.tongue.date(expiry, "day"))]
        if k == "inject":
            spec = next((e for e in self.sc.events if e.id == d["id"]), None)
            return [_("NEWS \u2014 {message}").format(message=spec.message.strip() if spec else d["id"])]
        if k in ("end_turn", "instructions"):  # (a capital's instructions are private)
            return []
        if k == "host_letter":
            issues = d.get("issues", [])
            if "consent" in d:
                tail = _(", least of all on {paras}").format(paras=self.paras(issues)) if issues else ""
                if d["consent"] <= 0:
                    return [ngettext("{who}, the host country, writes to the Council: it asks for the mission's "
                               "withdrawal and cannot accept draft rev{revision}{least}",
                               "{who}, the host country, writes to the Council: it asks for the mission's "
                               "withdrawal and cannot accept draft rev{revision}{least}", n).format(
                        who=who, revision=d["revision"], least=tail)]
                return [ngettext("{who}, the host country, writes to the Council: it no longer consents to the mission "
                           "as it stands and cannot accept draft rev{revision}{least}",
                           "{who}, the host country, writes to the Council: it no longer consents to the mission "
                           "as it stands and cannot accept draft rev{revision}{least}", n).format(
                    who=who, revision=d["revision"], least=tail)]
            tail = _(" on {paras}").format(paras=self.paras(issues)) if issues else ""
            return [ngettext("{who}, the host country, writes to the Council: it cannot accept the text of draft "
                       "rev{revision}{on}",
                       "{who}, the host country, writes to the Council: it cannot accept the text of draft "
                       "rev{revision}{on}", n).format(who=who, revision=d["revision"], on=tail)]
        if k == "take_seat":  # (the classroom: game/classroom)
            seat = self.who(d["member"])
            return [_("The facilitator hands the seat {member.of} to a student").format(member=seat)
                    if d["by"] == "student" else
                    _("The facilitator hands the seat {member.of} to its agent").format(member=seat)]
        if k == "deadline_missed":
            return [ngettext("{who} lets its deadline pass: its agent decides for it this time",
                             "{who} let their deadline pass: their agent decides for them this time", n).format(who=who)]
        if k == "note":  # (a note between delegations; a third delegation's copy has no text)
            if "to" not in d:
                return []
            return [_("{who} to {to} ({channel}): {text}").format(
                who=who, to=self.the(d["to"]), channel=_("note") if d.get("channel", "note") == "note" else _("chat") if d["channel"] == "chat" else d["channel"],
                text=d.get("text", ""))]
        return [f"{who}: {k} {d}"]

    def voted(self, d: dict) -> str:
        """What a vote of a meeting with rival drafts was on, in words."""
        _ = self._
        if d.get("on") == "rival":
            return _("{sponsor}'s draft (rival draft {number})").format(
                sponsor=self.who(d.get("sponsor")), number=d.get("rival")) if d.get("sponsor") else \
                _("rival draft {number}").format(number=d.get("rival"))
        if d.get("on") == "rollover":
            return _("the technical rollover")
        return _("the penholder's draft resolution")

    def co_pens(self) -> str:
        """The co-penholders, named: 'Ireland and Norway'."""
        return self.names_list(self.sc.co_penholders)

    def co_pen_revision(self, ev: Event) -> list[str]:
        """A co-penholder's answer to the lead's proposed revision, with its reasons."""
        d, who = ev.data, self.the(ev.actor, cap=True)
        _, ngettext, n = self._, self.tongue.ngettext, self.n(ev.actor)
        changes = _("; ").join(f"{self.para(i)} → {self.label(i, v)}" for i, v in d.get("proposed", {}).items())
        if d.get("agrees", True):
            return [ngettext("{who}, co-penholder, agrees to the proposed revision ({changes})",
                       "{who}, co-penholder, agrees to the proposed revision ({changes})", n).format(
                who=who, changes=changes)]
        out = [ngettext("{who}, co-penholder, objects to the proposed revision ({changes}):",
                  "{who}, co-penholder, objects to the proposed revision ({changes}):", n).format(
            who=who, changes=changes)]
        for o in d.get("objections", []):
            reason = (o.get("reasons") or [{}])[0]
            why = ""
            if reason.get("grounds") == "red_line":
                why = _(": it crosses a red line for it")
            elif reason.get("grounds") == "cost" and reason.get("issue"):
                why = _(": {concern}").format(concern=self.concern(reason))
            then = (_("it stays {text}") if o.get("outcome") == "reverts" else _("it is met halfway at {text}")
                    ).format(text=self.label(o["issue"], o["instead"]))
            out.append("    " + _("{para}, not {text}{why}; {then}").format(
                para=self.para(o["issue"]), text=self.label(o["issue"], o["variant"]), why=why, then=then))
        return out

    def co_pen_step(self, ev: Event) -> list[str]:
        """A co-penholder's answer to the lead's next step."""
        d, who = ev.data, self.the(ev.actor, cap=True)
        _, ngettext, n = self._, self.tongue.ngettext, self.n(ev.actor)

        def step(x):
            return _(_STEP_WORDS[x]) if x in _STEP_WORDS else str(x)

        proposed = step(d.get("proposed"))
        reason = (d.get("reasons") or [{}])[0]
        if d.get("agrees", True):
            grudging = _(", reluctantly") if reason.get("reluctantly") else ""
            return [ngettext("{who}, co-penholder, agrees to {step}{reluctantly}",
                       "{who}, co-penholder, agrees to {step}{reluctantly}", n).format(
                who=who, step=proposed, reluctantly=grudging)]
        why = ""
        if "p_adopt" in reason:
            why = ngettext(" (it counts {share} odds of adoption)", " (it counts {share} odds of adoption)", n).format(
                share=self.tongue.percent(reason["p_adopt"]))
        return [ngettext("{who}, co-penholder, will not agree to {step}{odds}: it asks for {instead}, and the more "
                   "cautious step wins",
                   "{who}, co-penholder, will not agree to {step}{odds}: it asks for {instead}, and the more "
                   "cautious step wins", n).format(who=who, step=proposed, odds=why, instead=step(d.get("prefers")))]

    def result(self, d: dict, state: State | None) -> str:
        _ = self._
        tally = d.get("tally", "")
        if d.get("on") and d.get("result"):  # one vote of a meeting with rival drafts
            return self.rival_result(d, state)
        if state is not None and state.outcome is None and state.vote_on == "rollover":
            vetoers = [m for m, b in state.ballots.items() if b == "no" and self.sc.members[m].permanent]
            why = _("vetoed by {names}").format(names=self.who(vetoers)) if vetoers else _("it fails")
            return _("The technical rollover is not adopted ({tally}, {why}); with days to go before the expiry, "
                     "the talks go on after the explanations of vote").format(tally=tally, why=why)
        if state is None or state.outcome is None:
            return _("Result: {tally}").format(tally=tally)
        o = state.outcome.value
        vetoers = [m for m, b in state.ballots.items() if b == "no" and self.sc.members[m].permanent]
        if o == "adopted":
            return _("ADOPTED {tally}: resolution {resolution}").format(tally=tally, resolution=self.sc.resolution)
        if o == "vetoed":
            return _("NOT ADOPTED {tally}: VETOED by {names}").format(tally=tally, names=self.who(vetoers))
        if o == "not_adopted":
            return _("NOT ADOPTED {tally}: fewer than nine votes in favour").format(tally=tally)
        if o == "rollover":
            return _("Technical rollover ADOPTED {tally}: the unaltered mandate is extended").format(tally=tally)
        if o == "lapsed":
            why = _("vetoed by {names}").format(names=self.who(vetoers)) if vetoers else _("it fails")
            return _("The technical rollover is not adopted ({tally}, {why}): the mandate lapses").format(
                tally=tally, why=why)
        return _("Result: {tally}").format(tally=tally)

    def rival_result(self, d: dict, state: State | None) -> str:
        _ = self._
        tally, res = d.get("tally", ""), d["result"]
        what = _("Rival draft") if d["on"] == "rival" else (
            _("The technical rollover") if d["on"] == "rollover" else _("The penholder's draft"))
        if d["on"] == "rival" and state is not None and d.get("rival") and d["rival"] <= len(state.rivals):
            what = _("{sponsor}'s draft").format(sponsor=self.who(state.rivals[d["rival"] - 1].sponsor, cap=True))
        ballots = state.ballots if state is not None else {}
        vetoers = [m for m, b in ballots.items() if b == "no" and self.sc.members[m].permanent]
        if res == "adopted":
            line = _("{what}: ADOPTED {tally}").format(what=what, tally=tally)
            if d["on"] != "rollover":
                line += _(": resolution {resolution}; the drafts after it are not put to the vote").format(
                    resolution=self.sc.resolution)
            return line
        why = (_("VETOED by {names}").format(names=self.who(vetoers)) if res == "vetoed"
               else _("fewer than nine votes in favour"))
        line = _("{what}: NOT ADOPTED {tally}, {why}").format(what=what, tally=tally, why=why)
        if state is not None and state.phase.value == "next_draft":
            return line + _("; the next draft in blue is put to the vote")
        if state is not None and state.outcome is not None and d["on"] != "rollover":
            return line + _("; no draft is adopted")
        return line


_STEP_WORDS = {
    "open_expert_round": N_("another round of expert talks"),
    "hold_bilaterals": N_("bilateral talks with those who broke silence"),
    "place_under_silence": N_("placing the text under silence"),
    "seek_rollover": N_("a technical rollover"),
    "put_in_blue": N_("putting the text in blue"),
}

def log_salt(seed) -> str:
    """What makes a log's words its own: its seed as the header records it ({"entropy": N,
    "spawn_key": [...]}, or a SeedSequence, or an int), as a string: "1", "7/42"."""
    if seed is None:
        return "0"
    if isinstance(seed, dict):
        entropy, keys = seed.get("entropy"), seed.get("spawn_key") or []
    elif hasattr(seed, "entropy"):
        entropy, keys = seed.entropy, list(seed.spawn_key)
    else:
        entropy, keys = seed, []
    return "/".join(str(x) for x in (entropy, *keys))


def transcript(scenario: Scenario, events, state_factory=None, salt: object = 0, ids: bool = False,
               lang: str = "en") -> list[str]:
    """The whole negotiation as dated lines (the state is rebuilt alongside, so lines can
    say what changed). `salt`: the log's (`log_salt`); `ids`: debug output with issue ids;
    `lang`: the reader's language (the scenario's texts shown in it: `localized`; the
    state reads the scenario as given, the engine's)."""
    from game.state import State, apply

    n = Narrator(localized(scenario, lang), ids=ids, salt=salt, lang=lang)
    state = State(scenario) if state_factory is None else state_factory()
    out: list[str] = []
    last_day = None
    width = 12 if lang == "en" else 14  # ("Mon 14 Jun", "lun. 14 juin", "lun. 13 sept.")
    for ev in events:
        apply(state, ev)
        lines = n.lines(ev, state)
        if not lines:
            continue
        day = n.day(ev.t) if lang == "en" else n.tongue.date(n.moment(ev.t).date(), "dm")
        stamp = day if day != last_day else ""
        last_day = day
        if ev.kind == "cast_vote":
            out.append(lines[0])
            continue
        out.append(f"{stamp:<{width}}{lines[0]}")
        out.extend(" " * width + ln for ln in lines[1:])
    return out


def history_comparison(scenario: Scenario, state: State, ids: bool = False, lang: str = "en") -> list[str]:
    """How this run compares with what really happened (the scenario's `history`); texts by
    their labels (by their ids with `ids`, debug output); in the reader's language `lang`."""
    n = Narrator(localized(scenario, lang), ids=ids, lang=lang)
    _ = n._
    h = scenario.history
    if h is None:
        return [_("(This scenario has no historical record to compare with.)")]
    out = [_("Compared with the record (resolution {resolution}):").format(resolution=h.resolution) if h.resolution
           else _("Compared with the record:")]

    def same(yes: bool) -> str:
        return _("same") if yes else _("different")

    def outcome_word(x: str) -> str:
        return _(OUTCOME_WORDS[x]) if x in OUTCOME_WORDS and lang != "en" else x  # (English: the value)

    outcome = state.outcome.value if state.outcome else "unfinished"
    ours, rec = outcome_word(outcome), outcome_word(h.outcome)
    out.append(_("  outcome      this run: {ours:<12} record: {record:<12} [{mark}]").format(
        ours=ours, record=rec, mark=same(outcome == h.outcome)))
    if h.tally != "unknown" and state.tally is not None:
        rec = "-".join(str(sum(1 for b in h.tally.values() if b == x)) for x in ("yes", "no", "abstain"))
        out.append(_("  tally        this run: {ours:<12} record: {record:<12} [{mark}]").format(
            ours=str(state.tally), record=rec, mark=same(str(state.tally) == rec)))
        diff = [m for m, b in h.tally.items() if state.ballots.get(m) and state.ballots[m] != b]
        if diff:
            pgettext = n.tongue.pgettext
            ballot = {"yes": pgettext("ballot", "yes"), "no": pgettext("ballot", "no"), "abstain": pgettext("ballot", "abstain")}
            out.append(_("               voted otherwise than in reality: {members}").format(members=", ".join(
                _("{name} ({ours} vs {record})").format(name=n.name(m), ours=ballot.get(state.ballots[m], state.ballots[m]),
                                                      record=ballot.get(h.tally[m], h.tally[m])) for m in diff)))
    if h.silences != "unknown":
        for k, rec in enumerate(h.silences):
            ours = state.silences[k].breakers if k < len(state.silences) else None
            rec_b = rec.broken_by
            rec_txt = _("unknown") if rec_b == "unknown" else (", ".join(rec_b) or _("held"))
            ours_txt = _("no such silence") if ours is None else (", ".join(ours) or _("held"))
            out.append(_("  silence {k}    this run: {ours:<28} record: {record}").format(
                k=k + 1, ours=ours_txt, record=rec_txt))
        if len(state.silences) > len(h.silences):
            extra = len(state.silences) - len(h.silences)
            out.append(n.tongue.ngettext("  (this run had {n} more silence procedure than the record)",
                                         "  (this run had {n} more silence procedures than the record)",
                                         extra).format(n=extra))
    final = state.draft_ids()
    for issue, rec in h.final_text.items():
        got = final.get(issue)
        mark = _("unknown in the record") if rec == "unknown" else same(got == rec)
        if not ids:
            got = n.plain_label(issue, got) if got else got
            rec = _("unknown") if rec == "unknown" else n.plain_label(issue, rec)
        w = 20 if ids else 42
        out.append(_("  {para:<28} this run: {ours:<{w}} record: {record:<{w}} [{mark}]").format(
            para=n.para(issue), ours=str(got), record=rec, mark=mark, w=w))
    if h.explanations_of_vote != "unknown":
        ours = [a for a, d in state.explanations if not d.get("host")]
        out.append(_("  explanations this run: {ours:<28} record: {record}").format(
            ours=", ".join(ours) or _("none"), record=", ".join(h.explanations_of_vote)))
    return out


# the outcomes as the comparison with the record says them (marked in game/i18n.py)
OUTCOME_WORDS = {"adopted": "adopted", "not_adopted": "not adopted", "vetoed": "vetoed", "rollover": "rollover",
                 "lapsed": "lapsed", "unfinished": "unfinished"}
