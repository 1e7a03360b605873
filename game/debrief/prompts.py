"""Discussion prompts for the class, drawn from what happened in a session.

Each prompt is a question and the facts it rests on (so the facilitator can open the
discussion with the evidence at hand). They are ordered by how much the session turned
on them: the breakers of the first silence, what the penholder gave up, abstentions and
votes against, the class's own delegation, the record, the simulations, the injects.
"""

from __future__ import annotations

from collections import Counter

from game.debrief.facts import Facts
from game.debrief.words import why_code, why_sentence
from game.i18n import N_
from game.names import counted, times

_VOTED = {"yes": N_("voted yes"), "no": N_("voted no"), "abstain": N_("abstained")}
_ENDED = {"adopted": N_("with the text adopted"), "vetoed": N_("in a veto"),
          "not_adopted": N_("with the text not adopted"), "rollover": N_("in a technical rollover"),
          "lapsed": N_("with the mandate lapsing")}


def _voted(f: Facts, m: str) -> str:
    """'voted yes', 'abstained', 'vetoed the text', 'voted no on the technical rollover'."""
    _ = f._
    b = f.ballots.get(m)
    if b == "no" and f.scenario.members[m].permanent:
        return _("vetoed the technical rollover") if _on(f) else _("vetoed the text")
    return (_(_VOTED[b]) if b in _VOTED else f"voted {b}") + _on(f)


def _on(f: Facts) -> str:
    """' on the technical rollover' when the vote was on one rather than on the text."""
    return f._(" on the technical rollover") if f.state.vote_on == "rollover" else ""


def _threatened(f: Facts, threat: str) -> str:
    """What a delegation had threatened, after "It had threatened": "to abstain", "a veto"."""
    pgettext = f.tongue.pgettext
    return {"abstain": pgettext("threatened", "to abstain"), "no": pgettext("threatened", "to vote no"),
            "veto": pgettext("threatened", "a veto")}[threat]


def _times(f: Facts, n: int) -> str:
    """'once', 'twice', 'three times'; 'une fois', '3 fois'."""
    return times(n) if f.tongue.lang == "en" else f.tongue.plural(n, f._("{n} time"), f._("{n} times"))


def _title(f: Facts, issue: str) -> str:
    return f.para(issue)


def _got(f: Facts, member: str, issue: str, asked: str) -> str:
    """Whether the final text moved the way a silence-breaker asked."""
    final = f.final_draft.get(issue)
    if final is None:
        return ""
    _ = f._
    if final == asked:
        return _("The final text gives it exactly that.")
    drafts = {r.number: r.draft for r in f.revisions}
    before = drafts.get(_silenced_revision(f, member), f.zero_draft).get(issue)
    if before is None:
        return ""
    start = f.position(issue, before)
    if (f.position(issue, asked) - start) * (f.position(issue, final) - start) > 0:
        return _("The final text moved its way, to {text}.").format(text=_quote(f, f.label(issue, final)))
    return _("The final text still reads {text}.").format(text=_quote(f, f.label(issue, final)))


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _quote(f: Facts, text: str) -> str:
    return f.tongue.quote(text)


def _silenced_revision(f: Facts, member: str) -> int:
    for s in f.silences:
        if member in s.breakers:
            return s.revision
    return 0


def prompts(f: Facts, summary: dict | None = None) -> list[tuple[str, str]]:
    """(question, context) pairs, most telling first."""
    out: list[tuple[str, str]] = []
    sc, n, _ = f.scenario, f.narrator, f._
    fr = f.tongue.lang != "en"
    pen = sc.penholder
    perm = {m for m, mb in sc.members.items() if mb.permanent}

    # 1. silence breaks: who, on what, did they get it; the first breaker of each silence
    seen: set[str] = set()
    for s in f.silences:
        firsts = [b for b in s.breaks if not b.joins]
        firsts.sort(key=lambda b: (b.member not in f.outside, b.member not in perm, b.t))
        for b in firsts[:2]:
            if b.member in seen:
                continue
            seen.add(b.member)
            issue, asked = b.requests[0]
            voted = f.ballots.get(b.member)
            again = [x.number for x in f.silences if b.member in x.breakers]
            which = (_("silence {n}").format(n=again[0]) if len(again) == 1 else
                     _("silences {list} and {last}").format(list=", ".join(map(str, again[:-1])), last=again[-1]))
            ctx = (f.tongue.ngettext("{name} broke silence {times} ({which}), first on {paragraph}, asking for {text}.",
                                     "{name} broke silence {times} ({which}), first on {paragraph}, asking for {text}.",
                                     f.tongue.many(f.name(b.member))).format(
                name=f.the(b.member, cap=True), times=_times(f, len(again)), which=which,
                paragraph=_title(f, issue), text=_quote(f, f.label(issue, asked))) + " "
                   + f"{_got(f, b.member, issue, asked)}"
                   + (_(" It then {voted}.").format(voted=_voted(f, b.member)) if voted else ""))
            threat = next((t.threat for t in f.threats if t.member == b.member), None)
            if threat:
                ctx += _(" It had threatened {threat}.").format(threat=_threatened(f, threat))
            if b.member in f.outside:
                q = (_("Why did your delegation break silence on {paragraph} \u2014 and why vote yes afterwards?")
                     if voted == "yes" else _("Why did your delegation break silence on {paragraph}?"))
            else:
                q = (_("Why did {name} break silence on {paragraph} \u2014 and why vote yes afterwards?")
                     if voted == "yes" else _("Why did {name} break silence on {paragraph}?"))
            out.append((q.format(name=f.tongue.named(f.name(b.member)), paragraph=_title(f, issue)), ctx))
        if len(out) >= 4:
            break

    # 2. what the penholder gave up
    zero, final = f.zero_draft, f.final_draft
    pen_pos = sc.members[pen].positions
    given = []
    for issue, v0 in zero.items():
        v1 = final.get(issue)
        if v1 and v1 != v0:
            d0 = abs(f.position(issue, v0) - pen_pos[issue])
            d1 = abs(f.position(issue, v1) - pen_pos[issue])
            if d1 > d0:
                given.append((sc.members[pen].salience[issue] * (d1 - d0), issue, v0, v1))
    given.sort(reverse=True)
    if given:
        items = _("; ").join(_("{paragraph}: {before} \u2192 {after}").format(
            paragraph=_title(f, i), before=_quote(f, f.label(i, a)), after=_quote(f, f.label(i, b)))
            for _w, i, a, b in given)
        sat0, sat1 = f.zero_satisfaction.get(pen), f.final_satisfaction.get(pen)
        ctx = _("From the zero draft to the final text: {changes}.").format(changes=items)
        if sat0 is not None and sat1 is not None:
            ctx += " " + _("{name}'s satisfaction with its own text went from {before} to {after}").format(
                name=f.tongue.named(f.name(pen), cap=True), before=f.tongue.number(sat0), after=f.tongue.number(sat1))
            ctx += _("; the result: {outcome} {tally}.").format(outcome=f.outcome_words(), tally=f.tally) \
                if f.tally else "."
        q = (_("What did your delegation, as penholder, give up, and what did it buy?") if pen in f.outside
             else _("What did {name} give up, and what did it buy?").format(name=f.tongue.named(f.name(pen))))
        out.append((q, ctx))
    elif f.revisions:
        out.append((_("{name} conceded nothing that it valued: how did it hold its text?").format(
            name=f.the(pen, cap=True)),
                    _("Every change from the zero draft, if any, moved toward the penholder's own positions.")))

    # 2b. inside the pen: what the co-penholders changed
    if sc.co_penholders:
        objected = [e for e in f.events if e.kind == "co_pen_revision" and not e.data.get("agrees", True)]
        refused = [e for e in f.events if e.kind == "co_pen_step" and not e.data.get("agrees", True)]
        bits = []
        for m in sc.co_penholders:
            r = sum(e.actor == m for e in objected)
            s = sum(e.actor == m for e in refused)
            said = ([_("objected to the lead's revision {times}").format(times=_times(f, r))] if r else []) + \
                ([_("asked for a more cautious next step {times}").format(times=_times(f, s))] if s else [])
            if said:
                bits.append(f"{f.the(m, cap=True)} " + _(" and ").join(said))
        ctx = (_("The co-penholders, {names}, had to agree to every revision and every next step.").format(
            names=n.names_list(sc.co_penholders)) + " "
               + (_("; ").join(bits) + "." if bits else _("They agreed to everything the lead proposed.")))
        out.append((_("Did holding the pen together make the text stronger, or only slower, for your delegation?")
                     if any(m in f.outside for m in (pen, *sc.co_penholders)) else
                     _("Did holding the pen together make the text stronger, or only slower, for the pen?"), ctx))

    # 3. abstentions and votes against
    for m, b in f.ballots.items():
        if b in ("abstain", "no"):
            eov = next((t for a, _d, t in f.explanations if a == m), None)
            reasons = f.vote_reasons.get(m) or []
            paras = ", ".join(_title(f, r["issue"]) for r in reasons[:2] if "issue" in r)
            ctx = _("{name} {voted}").format(name=f.tongue.named(f.name(m), cap=True), voted=_voted(f, m)) + (
                _("; what weighed most: {paragraphs}").format(
                paragraphs=paras) if paras else "") + "."
            ctx += " " + why_sentence(f, m)
            if eov:
                ctx += _(" Its explanation: ") + _quote(f, _clip(eov, 260))
            if b == "abstain":
                q = _("Why did {name} abstain? What would have brought it to yes?")
            elif m in perm:
                q = (_("Why did {name} veto the rollover? What would have brought it to yes?") if _on(f) else
                     _("Why did {name} veto the text? What would have brought it to yes?"))
            else:
                q = _("Why did {name} vote against? What would have brought it to yes?")
            veto = _(" Its no was a veto.") if b == "no" and m in perm and why_code(f, m) != "veto" else ""
            out.append((q.format(name=f.tongue.named(f.name(m))), ctx + veto))
    if f.tally and not any(b != "yes" for b in f.ballots.values()) and f.breakers:
        out.append((_("The vote was {tally}, yet {delegations} broke silence. What does a unanimous vote "
                      "hide?").format(tally=f.tally, delegations=f.counted(len(f.breakers), "delegation")),
                    _("Breakers: {names}. Breaking silence is not the same as intending to vote no: in 2021 China "
                      "and India broke silence twice and still voted yes.").format(names=f.names_list(f.breakers))))
    if f.blue_over:
        silences = (f.tongue.plural(len(f.silences), _("{n} silence procedure"), _("{n} silence procedures")) if fr
                    else counted(len(f.silences), "silence procedure").capitalize())
        out.append((_("{name} put the text in blue over the objections of {names}. Why not another silence "
                      "\u2014 and what was the risk?").format(name=f.the(pen, cap=True),
                                                             names=f.tongue.named([f.name(x) for x in f.blue_over])),
                    _("{silences} before blue; the vote: {tally}.").format(
                        silences=silences, tally=f.tally or _("not held"))))

    # 4. the class's own delegation
    for m in f.outside:
        mine = [a for a in f.amendments if a.proposer == m]
        if m != pen and mine:
            c = Counter(a.status for a in mine)
            s0, s1 = f.zero_satisfaction.get(m), f.final_satisfaction.get(m)
            ctx = (f.tongue.ngettext("{n} amendment tabled: ", "{n} amendments tabled: ", len(mine)).format(n=len(mine))
                   + ", ".join(f"{c[k]} {_(STATUS_WORDS[k])}" for k in ("accepted", "partly", "rejected", "pending") if c[k])
                   + (_(". Satisfaction with the text: {before} at the zero draft, {after} at the end.").format(
                       before=f.tongue.number(s0), after=f.tongue.number(s1)) if s0 is not None else "."))
            out.append((_("As {name}, which of your requests mattered most, and which trade was decisive?").format(
                name=f.the(m)), ctx))

    # 5. the record
    h = sc.history
    if h is not None and f.finished:
        diffs = [(i, v) for i, v in h.final_text.items() if v != "unknown" and final.get(i) != v]
        if f.outcome != h.outcome:
            out.append((_("In reality the renewal was {record}; here it was {outcome}. What made the "
                          "difference?").format(record=f.outcome_words(h.outcome), outcome=f.outcome_words()),
                        _("Record: resolution {resolution}.").format(resolution=h.resolution or sc.resolution)))
        elif diffs:
            i, v = diffs[0]
            out.append((_("On {paragraph} the Council really settled on {record}; this session ended with {text}. "
                          "Why?").format(paragraph=_title(f, i), record=_quote(f, f.label(i, v)),
                                         text=_quote(f, f.label(i, final.get(i)))),
                        f.tongue.ngettext("{n} paragraph differ from the record.",
                                          "{n} paragraphs differ from the record.", len(diffs)).format(n=len(diffs))))
        if h.silences != "unknown" and h.silences and h.silences[0].broken_by != "unknown":
            rec = set(h.silences[0].broken_by)
            ours = set(f.silences[0].breakers) if f.silences else set()
            if rec != ours:
                out.append((_("Who broke the first silence, here and in reality, and why the difference?"),
                            _("Record: {record}; this session: {ours}.").format(
                                record=f.names_list(sorted(rec)) or _("nobody (it held)"),
                                ours=f.names_list(sorted(ours)) or (_("nobody (it held)") if f.silences
                                                                    else _("no silence")))))

    # 6. the simulations
    if summary and summary.get("runs"):
        runs = summary["runs"]
        rare = []
        for issue, dist in summary["final_text"].items():
            v = final.get(issue)
            if v is not None:
                rare.append((dist.get(v, 0.0), issue, v, max(dist, key=dist.get)))
        rare.sort()
        if rare and rare[0][0] < 0.25:
            share, issue, v, modal = rare[0]
            out.append((_("Only {share} of {runs} AI negotiations ended with {text} on {paragraph}, as this session "
                          "did. What did the room do differently?").format(
                share=_pct(f, share), runs=runs, text=_quote(f, f.label(issue, v)), paragraph=_title(f, issue)),
                        _("The AI runs mostly settled on {text} ({share}).").format(
                            text=_quote(f, f.label(issue, modal)), share=_pct(f, summary["final_text"][issue][modal]))))
        o = summary["outcome"].get(f.outcome, 0.0)
        if f.finished and o < 0.5:
            share = _("none of the {runs} AI negotiations").format(runs=runs) if o == 0 else \
                _("only {share} of the {runs} AI negotiations").format(share=_pct(f, o), runs=runs)
            ended = _(_ENDED[f.outcome]) if f.outcome in _ENDED else f.outcome.replace("_", " ")
            out.append((_("This session ended {ended}, as {share} did. Which decision sent it there?").format(
                ended=ended, share=share), ""))

    # 7. injects
    for t, _eid, msg, timed in f.injects:
        first = _clip(msg.split(". ")[0].rstrip("."), 140)
        out.append((_("How did the news \u2014 {news} \u2014 change the talks? Who moved?").format(
            news=_quote(f, first)),
                    (_("Dated event, {when}.") if timed else _("Facilitator inject, {when}.")).format(when=n.clock(t))))

    # 8. outcomes that need their own question
    if f.outcome == "vetoed":
        out.append((_("Could the penholder have avoided the veto? Was putting the text to a vote a choice?"), ""))
    elif f.outcome in ("rollover", "lapsed"):
        out.append((_("Time ran out. Where were the days lost, and who gained from a rollover?"), ""))
    elif f.outcome == "unfinished":
        out.append((_("The session stopped before the end: what would you do next, and why?"), ""))
    return out


# an amendment's fate, as the class's own count says it
STATUS_WORDS = {"accepted": N_("accepted"), "partly": N_("partly"), "rejected": N_("rejected"), "pending": N_("pending")}


def _pct(f: Facts, x: float) -> str:
    """"12%", "12 %"."""
    return f.tongue.percent(x)
