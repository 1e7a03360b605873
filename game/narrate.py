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
from game.i18n import Tongue
from game.names import the
from game.schema import Scenario
from game.scoring import aim_variant
from game.state import State

_DEFAULT_OPENING = {
    "yes": "{name} voted in favour of the resolution.",
    "abstain": "{name} abstained in the vote.",
    "no": "{name} voted against the draft resolution.",
    None: "{name} wishes to explain its position.",
}
_BALLOT_WORD = {"yes": "voted in favour of", "no": "voted against", "abstain": "abstained on"}


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
        self.names = {m: mb.name for m, mb in scenario.members.items()}
        self.names[scenario.host.id] = scenario.host.name
        self.issues = {i.id: i for i in scenario.issues}
        self.variants = {i.id: {v.id: v for v in i.variants} for i in scenario.issues}
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
        return f"{self.the(m, cap=True)} (for the {g})" if g else self.the(m, cap=True)

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
        if not self.ids:
            return f"OP {self.issues[issue].paragraph}"
        return f"OP {self.issues[issue].paragraph} ({issue})"

    def para_name(self, issue: str) -> str:
        """A paragraph as a delegation names it: "operative paragraph 26"."""
        return f"operative paragraph {self.issues[issue].paragraph}"

    def topic(self, issue: str) -> str:
        """What a paragraph is about, in a sentence: "the authorized ceiling of uniformed
        personnel", "climate change and security", "MINUSMA support to the G5 Sahel Joint
        Force" (the title, its first letter lowered unless an acronym or a name; "the" before
        a title of the form "X of Y")."""
        title = self.issues[issue].title.strip()
        first, _, rest = title.partition(" ")
        if first in ("A", "An", "The"):
            return first.lower() + " " + rest
        if (first.isupper() or any(first in n for n in self.names.values()) or not first[1:].islower()
                or first.lower() not in self._lower_words):
            return title
        lowered = title[0].lower() + title[1:]
        return ("the " + lowered) if " of " in " ".join(title.split(" ")[:3]) + " " else lowered

    def label(self, issue: str, variant: str) -> str:
        v = self.variants[issue][variant]
        return f"\u201c{v.label or v.id}\u201d"

    def plain_label(self, issue: str, variant: str) -> str:
        v = self.variants[issue].get(variant)
        return (v.label or v.id) if v is not None else variant

    # --- letters and speeches ----------------------------------------------------------
    def profile(self, m: str) -> voices.Profile:
        """The voice of m (a member or the host), from the scenario or derived."""
        p = self._profiles.get(m)
        if p is None:
            p = self._profiles[m] = voices.profile(self.sc, m, self.the(m))
        return p

    def _key(self, ev: Event) -> str:
        return f"{self.salt}/{ev.seq}/{ev.t}/{ev.kind}/{ev.actor}"

    def _render(self, name: str, **context) -> str:
        mission = self.mission()
        return voices.render(name, self.lang, mission=mission or "the Mission", peacekeeping=mission is not None,
                             host=self.the(self.sc.host.id), **context)

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

    def argument(self, member: str, issue: str, want: str, own: float | None = None, key: str = "") -> tuple[str, bool]:
        """What m says for moving paragraph `issue` its way (`want`: "more" or "less"): its
        own words from its voice, or the issue's; and whether they are its own. The words
        always belong to the way it pushes and to its side of the issue: a member below the
        middle of the scale asking for more (or above it asking for less) is a moderate
        pulling toward the middle, and does not borrow the doctrine of the side it is not on
        (the issue's `wants_more` speaks for those who want the most): moderate.j2."""
        line = self.profile(member).arguments.get(issue, {}).get(want)
        if line:
            return line, True
        if own is not None and ((want == "more" and own < 50) or (want == "less" and own > 50)):
            return self._render("moderate.j2", key=key, topic=self.topic(issue), want=want), False
        return self.concern({"issue": issue, "want": want}), False

    def _point(self, member: str, req: dict, reason: dict, key: str = "") -> dict:
        """One paragraph of a letter or a bilateral, as data for the templates."""
        issue = req["issue"]
        current = reason.get("text")
        want = reason.get("want")
        asked = self.variants[issue].get(req["variant"])
        if want not in ("more", "less") and current in self.variants[issue] and asked is not None:
            want = "more" if asked.position > self.variants[issue][current].position else "less"
        argument, own = self.argument(member, issue, want or "less", reason.get("own_position"), key)
        aim = None
        if "own_position" in reason:
            aim = aim_variant(self.sc, issue, float(reason["own_position"]))
        strong = bool(reason.get("red_line")) or float(reason.get("objection", 0)) >= 0.25 or (
            float(reason.get("distance", 0)) >= 0.5 and float(reason.get("salience", 0)) >= 0.7)
        return {
            "para": self.para_name(issue), "topic": self.topic(issue),
            "current": self.plain_label(issue, current) if current else "the present text",
            "asked": self.plain_label(issue, req["variant"]), "want": want or "less",
            "argument": argument, "own_argument": own, "red_line": bool(reason.get("red_line")),
            "why": self._why(member, issue) if reason.get("red_line") else None,
            "strength": "strong" if strong else "firm",
            "compromise": aim is not None and req["variant"] != aim,
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
            want=("more" if own is not None and float(own) > asked else "less"),
            close=own is not None and aim_variant(self.sc, issue, float(own)) == d["variant"],
            package={"para": self.para_name(package["issue"]),
                     "label": self.plain_label(package["issue"], package["variant"])} if package else None)

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
        head = f"In a bilateral with {self.the(d.get('with') or self.sc.penholder)}, {self.the(ev.actor)}"
        threat = d.get("threat")
        if d["requests"]:
            paras = _and([self.para(r["issue"]) for r in d["requests"]])
            line = f"{head} says it still cannot accept the text on {paras}"
        elif threat:
            line = f"{head} says it has nothing more to ask on the text"
        else:
            return [f"{head} says it can live with the text as it stands"]
        if threat:
            line += _BILATERAL_THREAT[threat]
        out = [line]
        if d["requests"]:
            out.append(f"    \u201c{d.get('said') or self.letter(ev, bilateral=True)}\u201d")
        return out

    def _red_line_why(self, member: str, issue: str) -> str | None:
        mb = self.sc.members.get(member)
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

    def _closing(self, prof: voices.Profile, key: str, final: dict, ballot: str | None):
        """One of the delegation's own closing lines true of the text and its ballot, or
        none (the template then says a line of its doctrine), chosen by the hash; with the
        paragraph it speaks of (or none)."""
        lines = [x for x in prof.closings if voices.closing_holds(x, final, ballot)]
        got = voices.pick([*lines, None], key, "closing") if lines else None
        if got is None:
            return None, None
        return voices.closing_text(got), (None if isinstance(got, str) else got.issue)

    def _said(self, r: dict) -> dict:
        issue, v = r["issue"], r.get("text")
        return {"issue": issue, "para": self.para_name(issue), "topic": self.topic(issue),
                "label": self.plain_label(issue, v) if v else "", "want": r.get("want")}

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
        if d.get("on") == "rollover":
            voted = "the technical rollover"
        elif rival:
            voted = self.voted_on(d, ev.actor)
            if d.get("group"):
                voted = voted.replace("its own", "our own")
        else:
            voted = "the resolution"
        result = d.get("result")
        if not rival and d.get("on") != "rollover" and state is not None and state.outcome is not None:
            result = state.outcome.value  # (the draft voted: adopted, vetoed or not adopted)
            if result != "adopted":
                voted = "the draft resolution"
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
        closing, closing_issue = (None, None) if d.get("on") == "rollover" else self._closing(prof, key, final, ballot)
        return self._render(
            "explanation.j2", me=prof, key=key, ballot=ballot, voted=voted, rival=rival,
            result=result, group=d.get("group"),
            members=self.names_list([ev.actor, *d.get("on_behalf_of", [])]) if d.get("group") else "",
            opening=opening, welcomes=[self._said(w) for w in d.get("welcomes", [])], regrets=regrets,
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
                        "label": self.plain_label(issue, ids[issue]),
                        "want": "more" if host.positions[issue] > self.variants[issue][ids[issue]].position else "less"}
                if gap <= 0.1 and host.salience.get(issue, 0.0) >= 0.3:
                    welcomes.append(said)
                elif gap >= 0.3 and host.salience.get(issue, 0.0) >= 0.3:
                    regrets.append(said)
        opening = voices.pick(prof.openings, key, "opening") if outcome == "adopted" and prof.openings else None
        final = self._final(ev, state) if state is not None else {}
        closing = self._closing(prof, key, final, None)[0] if outcome != "rollover_failed" else None
        return self._render("host.j2", me=prof, key=key, outcome=outcome, opening=opening,
                            welcomes=welcomes[:1], regrets=regrets[:2], closing=closing)

    def _concerns(self, ev: Event) -> list[str]:
        """(Kept for callers that list an explanation's concerns apart: the issue's words.)"""
        return [_sentence(self.concern(c)) for c in ev.data.get("concerns", [])]

    def voted_on(self, d: dict, speaker: str | None = None) -> str:
        """What a vote of a meeting with rival drafts was on, as a delegation names it:
        "the draft tabled by the Russian Federation", "the penholder's draft", "its own draft"."""
        own = speaker is not None and speaker == d.get("sponsor")
        if d.get("on") == "rollover":
            return "the technical rollover"
        if d.get("on") == "rival":
            return "its own draft" if own else f"the draft tabled by {self.the(d.get('sponsor'))}"
        return "its own draft" if own else "the penholder's draft"

    # --- one event, one or more lines ------------------------------------------------------
    def lines(self, ev: Event, state: State | None = None) -> list[str]:
        """What the transcript and the game's feed say of one event (an event that is the
        first work at a weekend, the calendar being urgent, says so first: issue 8 §4)."""
        out = self._lines(ev, state)
        weekend = ev.data.get("works_weekend")
        if weekend:
            expiry = dt.date.fromisoformat(weekend["expiry"])
            out = [f"With the mandate expiring on {expiry:%a} {expiry.day} {expiry:%b}, the penholder "
                   "keeps the talks going through the weekend", *out]
        return out

    def _lines(self, ev: Event, state: State | None = None) -> list[str]:
        d, who = ev.data, self.the(ev.actor, cap=True)
        k = ev.kind
        if k == "circulate_zero_draft":
            role = "the penholder"
            if self.sc.co_penholders:
                role = f"the lead penholder, with its co-penholders {self.co_pens()},"
            out = [f"{who}, {role} circulates the zero draft"]
            for issue, variant in d["draft"].items():
                out.append(f"    {self.para(issue)} {self.issues[issue].title}: {self.label(issue, variant)}")
            return out
        if k == "hold_read_through":
            return ["Experts meet for a read-through of the zero draft"]
        if k == "open_expert_round":
            return [f"{who} convenes expert round {d['round']}"]
        if k == "propose_amendments":
            bits = [f"{self.para(a['issue'])} \u2192 {self.label(a['issue'], a['variant'])} (A{a['id']})"
                    for a in d.get("amendments", [])]
            if d.get("backs"):
                bits.append("backs " + ", ".join(f"A{n}" for n in d["backs"]))
            out = [f"{self.speaker(ev.actor)} sends comments: " + "; ".join(bits)]
            gist = self.comment(ev)
            if gist:
                out.append(f"    \u201c{gist}\u201d")
            return out
        if k == "seek_support":
            answer = {"yes": "agrees", "no": "declines", "noncommittal": "is noncommittal",
                      "yes_if": "agrees, if it gets something in return"}[d["answer"]]
            package = (d.get("reasons") or [{}])[0].get("package")
            if d["answer"] == "yes_if" and package:
                answer = (f"agrees if {self.the(ev.actor)} backs "
                          f"{self.label(package['issue'], package['variant'])} on {self.para(package['issue'])}")
            return [f"{who} asks {self.the(d['target'])} to back {self.label(d['issue'], d['variant'])} "
                    f"on {self.para(d['issue'])}: {self.the(d['target'])} {answer}",
                    f"    \u201c{self.answer(ev)}\u201d"]
        if k == "package_deal":
            got, gave = d["gets"], d["gives"]
            new = f" (A{d['amendment']})" if d.get("amendment") else ""
            return [f"Package: {self.the(ev.actor)} backs {self.label(gave['issue'], gave['variant'])} on "
                    f"{self.para(gave['issue'])}{new}; {self.the(d['with'])} backs "
                    f"{self.label(got['issue'], got['variant'])} on {self.para(got['issue'])}"]
        if k == "decide_amendments":
            groups: dict[str, list[str]] = {"accepted": [], "partly": [], "rejected": []}
            taken_back: list[str] = []
            for dec in d["decisions"]:
                n = dec["amendment"]
                issue = None
                if state is not None:
                    issue = state.council.issues[state.amendments[n - 1].issue].id
                where = f" on {self.para(issue)}" if issue else ""
                target = f" \u2192 {self.label(issue, dec['variant'])}" if issue and dec["decision"] == "partly" else ""
                groups[dec["decision"]].append(f"A{n}{where}{target}")
                reverses = (dec.get("reasons") or [{}])[0].get("reverses")
                if reverses:  # a concession taken back, and from whom (issue 8, §3)
                    taken_back.append(f"    taking back{where} what it had conceded to {self.names_list(reverses)}")
            parts = []
            if groups["accepted"]:
                parts.append("takes on board " + ", ".join(groups["accepted"]))
            if groups["partly"]:
                parts.append("meets halfway " + ", ".join(groups["partly"]))
            if groups["rejected"]:
                parts.append("sets aside " + ", ".join(groups["rejected"]))
            objectors = list(dict.fromkeys(m for dec in d["decisions"] for r in (dec.get("reasons") or [])[:1]
                                           for m in r.get("co_penholders_object", ())))
            tail = ""
            if objectors:
                tail = (f" (at the objection of its co-penholder{'s' if len(objectors) > 1 else ''} "
                        f"{self.names_list(objectors)})")
            return [f"{who} " + "; ".join(parts) + tail, *taken_back]
        if k == "circulate_revision":
            out = [f"{who} circulates draft rev{d['revision']}"]
            if state is not None and len(state.drafts) > d["revision"]:
                before = state.draft_ids(state.drafts[d["revision"] - 1])
                for issue, variant in d["draft"].items():
                    if before.get(issue) != variant:
                        out.append(f"    {self.para(issue)} now reads {self.label(issue, variant)} "
                                   f"(was {self.label(issue, before[issue])})")
            return out
        if k == "co_pen_revision":
            return self.co_pen_revision(ev)
        if k == "co_pen_step":
            return self.co_pen_step(ev)
        if k == "place_under_silence":
            return [f"{who} places draft rev{d['revision']} under silence until {self.clock(d['deadline'])}"]
        if k == "break_silence":
            paras = _and([self.para(r["issue"]) for r in d["requests"]])
            if d.get("with"):
                return [f"{who} co-signs {self.the(d['with'])}'s letter, breaking silence on {paras}"]
            out = [f"{self.speaker(ev.actor)} breaks silence on {paras}:", f"    \u201c{self.letter(ev)}\u201d"]
            if d.get("threat"):
                out.append(f"    {_THREAT[d['threat']].format(name=who)}")
            return out
        if k == "bilateral_talk":
            return self.bilateral(ev)
        if k == "silence_holds":
            return ["Silence holds: no objection by the deadline; the text is agreed"]
        if k == "hold_bilaterals":
            w = d.get("with_") or []
            return [f"{who} holds bilateral talks" + (f" with {self.names_list(w)}" if w else "")]
        if k == "put_in_blue":
            over = d.get("objections") or []
            tail = f", over the objections of {self.names_list(over)}" if over else ""
            return [f"{who} puts draft rev{d['revision']} in blue{tail}"]
        if k == "call_vote" and d.get("on"):  # a meeting with rival drafts in blue
            pres = self.the(self.sc.president)
            return [f"The President ({pres}) puts to the vote {self.voted(d)}, in the order of "
                    f"submission (provisional rule 32)"]
        if k == "table_rival_draft":
            out = [f"{self.the(ev.actor, cap=True)} tables its own draft (rival draft {d['number']}) "
                   f"and puts it in blue"]
            if state is not None:
                pen = state.draft_ids()
                for issue, variant in d["draft"].items():
                    if pen.get(issue) != variant:
                        out.append(f"    {self.para(issue)} reads {self.label(issue, variant)} "
                                   f"(the penholder's text: {self.label(issue, pen[issue])})")
            if d.get("letter"):
                out.append(f"    \u201c{d['letter']}\u201d")
            return out
        if k == "call_vote":
            pres = self.the(self.sc.president)
            what = "the technical rollover" if state is not None and state.vote_on == "rollover" else \
                "the draft resolution"
            return [f"The President ({pres}) convenes the Council: vote on {what} in blue"]
        if k == "seek_rollover":
            line = f"No agreed text in time: {self.the(ev.actor)} puts a technical rollover of the mandate in blue"
            count = d.get("count")
            if count:  # (its count, as the ballots would be cast)
                veto = f", vetoed {count['veto']:.0%}" if count["veto"] >= 0.05 else ""
                line += (f" (by its count, its own text would carry {count['text']:.0%}{veto}; "
                         f"the rollover {count['rollover']:.0%})")
            return [line]
        if k == "cast_vote":
            return [f"    {self.name(ev.actor):<34} {d['ballot']}"]
        if k == "declare_result":
            return [self.result(d, state)]
        if k == "explain_vote":
            head = f"Explanation of vote by {self.the(ev.actor)}" + (f" (for the {d['group']})" if d.get("group") else "")
            if d.get("host"):
                head = f"Statement by the host country, {self.the(ev.actor)}"
            return [head, f"    \u201c{self.explanation(ev, state)}\u201d"]
        if k == "mandate_expires":
            return [f"The mandate expires at midnight on {self.sc.calendar.mandate_expiry:%d %b} with no "
                    f"resolution: the mandate lapses"]
        if k == "inject":
            spec = next((e for e in self.sc.events if e.id == d["id"]), None)
            return [f"NEWS \u2014 {spec.message.strip() if spec else d['id']}"]
        if k in ("end_turn", "instructions"):  # (a capital's instructions are private)
            return []
        if k == "host_letter":
            paras = _and([self.para(i) for i in d.get("issues", [])])
            if "consent" in d:
                return [f"{who}, the host country, writes to the Council: it "
                        + ("asks for the mission's withdrawal" if d["consent"] <= 0 else
                           "no longer consents to the mission as it stands")
                        + f" and cannot accept draft rev{d['revision']}" + (f", least of all on {paras}" if paras else "")]
            return [f"{who}, the host country, writes to the Council: it cannot accept the text "
                    f"of draft rev{d['revision']}" + (f" on {paras}" if paras else "")]
        if k == "take_seat":  # (the classroom: game/classroom)
            return [f"The facilitator hands {self.the(d['member'])}'s seat to "
                    + ("a student" if d["by"] == "student" else "its agent")]
        if k == "deadline_missed":
            return [f"{who} lets its deadline pass: its agent decides for it this time"]
        if k == "note":  # (a note between delegations; a third delegation's copy has no text)
            if "to" not in d:
                return []
            return [f"{who} to {self.the(d['to'])} ({d.get('channel', 'note')}): {d.get('text', '')}"]
        return [f"{who}: {k} {d}"]

    def voted(self, d: dict) -> str:
        """What a vote of a meeting with rival drafts was on, in words."""
        if d.get("on") == "rival":
            return f"{self.the(d.get('sponsor'))}'s draft (rival draft {d.get('rival')})" if d.get(
                "sponsor") else f"rival draft {d.get('rival')}"
        if d.get("on") == "rollover":
            return "the technical rollover"
        return "the penholder's draft resolution"

    def co_pens(self) -> str:
        """The co-penholders, named: 'Ireland and Norway'."""
        return self.names_list(self.sc.co_penholders)

    def co_pen_revision(self, ev: Event) -> list[str]:
        """A co-penholder's answer to the lead's proposed revision, with its reasons."""
        d, who = ev.data, self.the(ev.actor, cap=True)
        changes = "; ".join(f"{self.para(i)} → {self.label(i, v)}" for i, v in d.get("proposed", {}).items())
        if d.get("agrees", True):
            return [f"{who}, co-penholder, agrees to the proposed revision ({changes})"]
        out = [f"{who}, co-penholder, objects to the proposed revision ({changes}):"]
        for o in d.get("objections", []):
            reason = (o.get("reasons") or [{}])[0]
            why = ""
            if reason.get("grounds") == "red_line":
                why = ": it crosses a red line for it"
            elif reason.get("grounds") == "cost" and reason.get("issue"):
                why = f": {self.concern(reason)}"
            then = (f"it stays {self.label(o['issue'], o['instead'])}" if o.get("outcome") == "reverts"
                    else f"it is met halfway at {self.label(o['issue'], o['instead'])}")
            out.append(f"    {self.para(o['issue'])}, not {self.label(o['issue'], o['variant'])}{why}; {then}")
        return out

    def co_pen_step(self, ev: Event) -> list[str]:
        """A co-penholder's answer to the lead's next step."""
        d, who = ev.data, self.the(ev.actor, cap=True)
        proposed = _STEP_WORDS.get(d.get("proposed"), str(d.get("proposed")))
        if d.get("agrees", True):
            reason = (d.get("reasons") or [{}])[0]
            grudging = ", reluctantly" if reason.get("reluctantly") else ""
            return [f"{who}, co-penholder, agrees to {proposed}{grudging}"]
        reason = (d.get("reasons") or [{}])[0]
        why = ""
        if "p_adopt" in reason:
            why = f" (it counts {round(100 * reason['p_adopt'])}% odds of adoption)"
        return [f"{who}, co-penholder, will not agree to {proposed}{why}: it asks for "
                f"{_STEP_WORDS.get(d.get('prefers'), str(d.get('prefers')))}, and the more cautious step wins"]

    def result(self, d: dict, state: State | None) -> str:
        tally = d.get("tally", "")
        if d.get("on") and d.get("result"):  # one vote of a meeting with rival drafts
            return self.rival_result(d, state)
        if state is not None and state.outcome is None and state.vote_on == "rollover":
            vetoers = [m for m, b in state.ballots.items() if b == "no" and self.sc.members[m].permanent]
            why = f"vetoed by {self.names_list(vetoers)}" if vetoers else "it fails"
            return (f"The technical rollover is not adopted ({tally}, {why}); with days to go "
                    f"before the expiry, the talks go on after the explanations of vote")
        if state is None or state.outcome is None:
            return f"Result: {tally}"
        o = state.outcome.value
        vetoers = [m for m, b in state.ballots.items() if b == "no" and self.sc.members[m].permanent]
        if o == "adopted":
            return f"ADOPTED {tally}: resolution {self.sc.resolution}"
        if o == "vetoed":
            return f"NOT ADOPTED {tally}: VETOED by {self.names_list(vetoers)}"
        if o == "not_adopted":
            return f"NOT ADOPTED {tally}: fewer than nine votes in favour"
        if o == "rollover":
            return f"Technical rollover ADOPTED {tally}: the unaltered mandate is extended"
        if o == "lapsed":
            why = f"vetoed by {self.names_list(vetoers)}" if vetoers else "it fails"
            return f"The technical rollover is not adopted ({tally}, {why}): the mandate lapses"
        return f"Result: {tally}"


    def rival_result(self, d: dict, state: State | None) -> str:
        tally, res = d.get("tally", ""), d["result"]
        what = "Rival draft" if d["on"] == "rival" else (
            "The technical rollover" if d["on"] == "rollover" else "The penholder's draft")
        if d["on"] == "rival" and state is not None and d.get("rival") and d["rival"] <= len(state.rivals):
            what = f"{self.the(state.rivals[d['rival'] - 1].sponsor, cap=True)}'s draft"
        ballots = state.ballots if state is not None else {}
        vetoers = [m for m, b in ballots.items() if b == "no" and self.sc.members[m].permanent]
        if res == "adopted":
            line = f"{what}: ADOPTED {tally}"
            if d["on"] != "rollover":
                line += f": resolution {self.sc.resolution}; the drafts after it are not put to the vote"
            return line
        why = (f"VETOED by {self.names_list(vetoers)}" if res == "vetoed"
               else "fewer than nine votes in favour")
        line = f"{what}: NOT ADOPTED {tally}, {why}"
        if state is not None and state.phase.value == "next_draft":
            return line + "; the next draft in blue is put to the vote"
        if state is not None and state.outcome is not None and d["on"] != "rollover":
            return line + "; no draft is adopted"
        return line


def _and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


_STEP_WORDS = {
    "open_expert_round": "another round of expert talks",
    "hold_bilaterals": "bilateral talks with those who broke silence",
    "place_under_silence": "placing the text under silence",
    "seek_rollover": "a technical rollover",
    "put_in_blue": "putting the text in blue",
}

_THREAT = {
    "veto": "{name} makes clear it will vote against a text that stays as it is: a veto.",
    "no": "{name} makes clear it will vote against a text that stays as it is.",
    "abstain": "{name} makes clear it cannot vote for the text as it stands.",
}

_BILATERAL_THREAT = {
    "veto": " and makes clear it will veto the text as it stands",
    "no": " and makes clear it will vote against the text as it stands",
    "abstain": " and makes clear it cannot vote for the text as it stands",
}

_HOST_AFTER = {
    "adopted": "{name} takes note of the resolution just adopted.{closing}",
    "rollover": "{name} takes note of the technical rollover and trusts the Council will agree on a "
                "mandate that responds to the situation on the ground.{closing}",
    "vetoed": "{name} regrets that the Council could not agree; the Mission's future must not be "
              "decided without the consent of the host country.{closing}",
    "not_adopted": "{name} regrets that the Council could not agree, and stands ready to work with "
                   "all its members.{closing}",
    "lapsed": "{name} takes note that the mandate has not been renewed.{closing}",
    "rollover_failed": "{name} regrets that the Council could not agree even on a technical rollover, "
                       "and urges its members to agree on the Mission's mandate before it expires.{closing}",
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


def transcript(scenario: Scenario, events, state_factory=None, salt: object = 0, ids: bool = False) -> list[str]:
    """The whole negotiation as dated lines (the state is rebuilt alongside, so lines can
    say what changed). `salt`: the log's (`log_salt`); `ids`: debug output with issue ids."""
    from game.state import State, apply

    n = Narrator(scenario, ids=ids, salt=salt)
    state = State(scenario) if state_factory is None else state_factory()
    out: list[str] = []
    last_day = None
    for ev in events:
        apply(state, ev)
        lines = n.lines(ev, state)
        if not lines:
            continue
        day = n.day(ev.t)
        stamp = day if day != last_day else ""
        last_day = day
        if ev.kind == "cast_vote":
            out.append(lines[0])
            continue
        out.append(f"{stamp:<12}{lines[0]}")
        out.extend(" " * 12 + ln for ln in lines[1:])
    return out


def history_comparison(scenario: Scenario, state: State, ids: bool = False) -> list[str]:
    """How this run compares with what really happened (the scenario's `history`); texts by
    their labels (by their ids with `ids`, debug output)."""
    h = scenario.history
    if h is None:
        return ["(This scenario has no historical record to compare with.)"]
    n = Narrator(scenario, ids=ids)
    out = [f"Compared with the record{f' (resolution {h.resolution})' if h.resolution else ''}:"]
    outcome = state.outcome.value if state.outcome else "unfinished"
    mark = "same" if outcome == h.outcome else "different"
    out.append(f"  outcome      this run: {outcome:<12} record: {h.outcome:<12} [{mark}]")
    if h.tally != "unknown" and state.tally is not None:
        rec = "-".join(str(sum(1 for b in h.tally.values() if b == x)) for x in ("yes", "no", "abstain"))
        out.append(f"  tally        this run: {str(state.tally):<12} record: {rec:<12} "
                   f"[{'same' if str(state.tally) == rec else 'different'}]")
        diff = [m for m, b in h.tally.items() if state.ballots.get(m) and state.ballots[m] != b]
        if diff:
            out.append("               voted otherwise than in reality: "
                       + ", ".join(f"{n.name(m)} ({state.ballots[m]} vs {h.tally[m]})" for m in diff))
    if h.silences != "unknown":
        for k, rec in enumerate(h.silences):
            ours = state.silences[k].breakers if k < len(state.silences) else None
            rec_b = rec.broken_by
            rec_txt = "unknown" if rec_b == "unknown" else (", ".join(rec_b) or "held")
            ours_txt = "no such silence" if ours is None else (", ".join(ours) or "held")
            out.append(f"  silence {k + 1}    this run: {ours_txt:<28} record: {rec_txt}")
        if len(state.silences) > len(h.silences):
            extra = len(state.silences) - len(h.silences)
            out.append(f"  (this run had {extra} more silence procedure{'s' if extra > 1 else ''} than the record)")
    final = state.draft_ids()
    for issue, rec in h.final_text.items():
        got = final.get(issue)
        mark = "unknown in the record" if rec == "unknown" else ("same" if got == rec else "different")
        if not ids:
            got = n.plain_label(issue, got) if got else got
            rec = rec if rec == "unknown" else n.plain_label(issue, rec)
        w = 20 if ids else 42
        out.append(f"  {n.para(issue):<28} this run: {got!s:<{w}} record: {rec:<{w}} [{mark}]")
    if h.explanations_of_vote != "unknown":
        ours = [a for a, d in state.explanations if not d.get("host")]
        out.append(f"  explanations this run: {', '.join(ours) or 'none':<28} record: {', '.join(h.explanations_of_vote)}")
    return out
