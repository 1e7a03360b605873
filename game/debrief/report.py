"""``python main.py debrief LOG --out report.html``: one session as a report to project or
print — one self-contained HTML file (inline CSS and SVG, no network).

Sections: the result at a glance; discussion prompts; the timeline; the draft's evolution
(a revision matrix, then each revision's changes in tracked-changes style, then the final
text against the zero draft); the silences with each letter; threats and deals; the notes
between delegations (a class's log); the vote; the explanations of
vote; each member's satisfaction over time; the comparison with the scenario's history; and
where this session sits among AI negotiations of the same scenario.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from pathlib import Path

from game.debrief.facts import Facts, read_session, simulated_rows
from game.debrief.html import (
    SCALE,
    badge,
    chip,
    esc,
    hbars,
    page,
    sparkline_panel,
    stacked_bar,
    table,
    word_diff,
)
from game.debrief.prompts import prompts
from game.debrief.words import (
    BALLOT_VERB,
    THREAT_SAID,
    THREAT_WORDS,
    WHY_GROUP,
    firm,
    instruction,
    public_text,
    requests_met,
    threat_outcome,
    weighed_most,
    why_code,
    why_sentence,
)
from game.i18n import N_, reader
from game.names import number, ordinal, times
from game.state import MINUTES_PER_DAY

SECTIONS = [
    ("glance", N_("At a glance")), ("prompts", N_("Discussion")), ("timeline", N_("Timeline")),
    ("drafts", N_("The draft")), ("silences", N_("Silences")), ("deals", N_("Threats and deals")),
    ("notes", N_("Notes")), ("vote", N_("The vote")), ("why", N_("Why they voted so")), ("eov", N_("Explanations of vote")),
    ("capitals", N_("Capitals' instructions")), ("satisfaction", N_("Satisfaction")), ("history", N_("The record")),
    ("simulations", N_("AI runs")),
]


class ReportError(Exception):
    pass


# ------------------------------------------------------------------------------ sections


def _you(f: Facts, m: str | None) -> str:
    return '<span class="you">class</span>' if m in f.outside else ""


def _member(f: Facts, m: str) -> str:
    return esc(f.name(m)) + _you(f, m)


def _when(f: Facts, t: int | None) -> str:
    return f.narrator.clock(t) if t is not None else "—"


def _silences_in_words(f: Facts) -> str:
    """"the first broken by six delegations, the second by the United States"."""
    _ = f._

    def who(s) -> str:
        n = len(s.breakers)
        return f.names_list(s.breakers) if n <= 2 else f.counted(n, "delegation")

    if len(f.silences) == 1:
        s = f.silences[0]
        return _("held") if s.held else _("broken by {names}").format(names=who(s)) if s.breakers else \
            _("still running when the log ends")
    if f.tongue.lang != "en":  # "le 1er rompu par 6 délégations, le 2e par les États-Unis"
        return ", ".join(_("silence {n}: {what}").format(n=s.number, what=_("held") if s.held else _(
            "broken by {names}").format(names=who(s)) if s.breakers else _("still running when the log ends"))
            for s in f.silences)
    parts, broken_before = [], False
    for s in f.silences:
        if s.held:
            desc, broken_before = "held", False
        elif s.breakers:
            desc = ("by " if broken_before else "broken by ") + who(s)
            broken_before = True
        else:
            desc, broken_before = "still running when the log ends", False
        parts.append(f"the {ordinal(s.number)} {desc}")
    return ", ".join(parts)


def _glance(f: Facts, log_name: str) -> str:
    sc, n, _ = f.shown, f.narrator, f._
    seats = ", ".join(n.name(m) for m in f.outside)
    outcome = badge(f.outcome, f.outcome_words() + (f" {f.tally}" if f.tally else ""))
    total = (sc.calendar.mandate_expiry - sc.calendar.zero_draft).days + 1
    revs = max(0, len(f.revisions) - 1)
    cards = [
        (_("Outcome"), outcome, ""),
        (_("Played by the class"), esc(seats or _("none")), "" if seats else esc(_("an AI-only run"))),
        (_("Silences"), esc(str(len(f.silences)) if f.silences else _("none")),
         esc(_silences_in_words(f)) if f.silences else esc(_("the text never went under silence"))),
        (_("Revisions"), esc(f.plural(revs, "revision")),
         esc(_("after the zero draft")) if f.revisions else esc(_("no draft circulated"))),
        (_("Vote"), esc(_when(f, f.vote_t)), "" if f.vote_t is not None else esc(_("no vote was held"))),
        (_("Days used"), esc(f.span(f.state.t)), esc(_("of the {days} from the zero draft to the expiry").format(
            days=f.plural(total, "day")))),
    ]
    expiry = (f"{sc.calendar.mandate_expiry:%d %B %Y}" if f.tongue.lang == "en"
              else f.tongue.date(sc.calendar.mandate_expiry))
    pen = (_("{penholder} holds the pen with its co-penholders, {names}").format(
        penholder=f.the(sc.penholder, cap=True), names=f.narrator.names_list(sc.co_penholders))
           if sc.co_penholders else _("{penholder} holds the pen").format(penholder=f.the(sc.penholder, cap=True)))
    out = ["<h1>" + esc(_("Debrief: {title}").format(title=sc.title)) + "</h1>",
           f'<p class="sub">{esc(sc.mission)}. ' + esc(pen + _("; {president} presides over the Council; the mandate "
                                                                  "expires on {date}.").format(
               president=f.the(sc.president), date=expiry)) + " "
           + _("Session log {log}, {events}.").format(log=f"<code>{esc(log_name)}</code>",
                                                        events=esc(f.plural(len(f.events), "event"))) + "</p>",
           '<nav class="toc">' + "\n".join(f'<a href="#{k}">{esc(_(t))}</a>' for k, t in SECTIONS
                                              if k != "notes" or f.notes) + "</nav>",
           '<section id="glance"><div class="cards">']
    out += [f'<div class="card"><div class="k">{esc(k)}</div>'
            f'<div class="v{" long" if len(re.sub("<[^>]*>", "", v)) > 14 else ""}">{v}</div>'
            + (f'<div class="d">{d}</div>' if d else "") + "</div>" for k, v, d in cards]
    out.append("</div>")
    if f.state.outcome is not None and f.state.tally is not None:
        res = next((ln for e in f.timeline if e.kind == "declare_result" for ln in e.lines), "")
        out.append(f"<p><strong>{esc(res)}</strong></p>")
    out.append("</section>")
    return "".join(out)


def _prompts(f: Facts, summary: dict | None) -> str:
    _ = f._
    items = prompts(f, summary)
    out = ['<section id="prompts"><h2>' + _("Questions for the class") + "</h2>",
           '<p class="muted small">' + _("Drawn from what happened in this session; the facts under each "
                                         "question are the evidence to start from.") + '</p><ol class="prompts">']
    for q, ctx in items:
        out.append(f'<li><div class="q">{esc(q)}</div>' + (f'<div class="ctx">{esc(ctx)}</div>' if ctx else "") + "</li>")
    out.append("</ol></section>")
    return "".join(out)


def _timeline(f: Facts) -> str:
    _ = f._
    out = ['<section id="timeline" class="page"><h2>' + _("Timeline") + "</h2>",
           '<p class="muted small">' + _("The negotiation as the transcript tells it. Rows shaded blue are the "
                                         "class's own moves; purple rows are news (injects); orange rows, the host "
                                         "country's letters; threats are in red. The ballots are in the vote "
                                         "table.") + "</p>",
           '<div class="timeline">']
    last_day = None
    for e in f.timeline:
        day = f.narrator.day(e.t)
        when = f.narrator.moment(e.t)
        stamp = f"{day} {when:%H:%M}" if day != last_day else f"{when:%H:%M}"
        cls = f"tl k-{e.kind}" + (" day" if day != last_day else "") + (" by-class" if e.by_class else "")
        last_day = day
        last = len(e.lines) - 1
        red = 0 if e.kind == "bilateral_talk" else last  # (a bilateral says its threat first)
        lines = "".join(f'<div class="threat">{esc(ln.strip())}</div>' if e.threat and k == red and (k or e.kind == "bilateral_talk")
                        else f"<div>{esc(ln.strip())}</div>" for k, ln in enumerate(e.lines))
        out.append(f'<div class="{cls}"><div class="when">{esc(stamp)}</div><div class="what">{lines}</div></div>')
    out.append("</div></section>")
    return "".join(out)


def _drafts(f: Facts) -> str:
    _ = f._
    sc = f.scenario
    issues = [i.id for i in sc.issues]
    out = ['<section id="drafts" class="page"><h2>' + _("The draft, revision by revision") + "</h2>"]
    if not f.revisions:
        return out[0] + "<p>" + _("No draft was circulated.") + "</p></section>"
    head = [_("Paragraph")] + [(_("Zero draft") if r.number == 0 else f"rev{r.number}") +
                            f'<br><span class="muted small">{esc(f.narrator.day(r.t))}</span>' for r in f.revisions]
    if f.blue and f.blue[0] == f.revisions[-1].number:
        head[-1] += ' <span class="badge" style="background:#1565c0">' + _("in blue") + "</span>"
    rows, classes = [], ["" for _ in head]
    for i in issues:
        row = [f"<strong>{esc(f.narrator.para(i))}</strong> {esc(f.narrator.issues[i].title)}"]
        prev = None
        for r in f.revisions:
            v = r.draft[i]
            cell = esc(f.label(i, v))
            row.append(f'<span class="cell" style="background:#fff4c2;font-weight:600">{cell}</span>'
                       if prev is not None and v != prev else cell)
            prev = v
        rows.append(row)
    out.append(table(head, rows, classes))
    out.append('<p class="muted small">' + _("Highlighted: the paragraph changed in that revision.") + "</p>")

    # each revision's changes, with the amendments behind them
    for r in f.revisions[1:]:
        out.append(f"<h3>rev{r.number} \u2014 {esc(f.narrator.clock(r.t))}</h3>")
        for issue, before, after in r.changes:
            info = f.narrator.issues[issue]
            old = f.narrator.variants[issue][before].text
            new = f.narrator.variants[issue][after].text
            behind = [a for a in r.settled if a.issue == issue and a.status in ("accepted", "partly")]
            who = _behind(f, behind)
            out.append(f'<div class="op moved"><h4>{esc(f.narrator.para(issue))} {esc(info.title)}: '
                       f"\u201c{esc(f.label(issue, before))}\u201d \u2192 \u201c{esc(f.label(issue, after))}\u201d</h4>"
                       + (f'<div class="muted small">{esc(who)}</div>' if who else "")
                       + f'<div class="diff">{word_diff(old, new)}</div></div>')
        refused = [a for a in r.settled if a.status == "rejected"]
        if refused:
            asks: dict[tuple[str, str], list] = {}
            for a in refused:
                asks.setdefault((a.issue, a.variant), []).append(a)
            names = _("; ").join(_("{paragraph} \u2192 {text}, asked by {names} ({amendments})").format(
                paragraph=f.narrator.para(i), text=_q(f, f.label(i, v)),
                names=f.names_list(list(dict.fromkeys(a.proposer for a in group))),
                amendments=", ".join(f"A{a.id}" for a in group)) for (i, v), group in asks.items())
            out.append('<p class="small"><strong>' + _("Set aside:") + f"</strong> {esc(names)}.</p>")

    # the final text against the zero draft
    title = _("The text in blue, against the zero draft") if f.blue else _("The last text, against the zero draft")
    out.append(f"<h3>{title}</h3>")
    zero, final = f.zero_draft, f.final_draft
    for i in issues:
        info = f.narrator.issues[i]
        old, new = f.narrator.variants[i][zero[i]].text, f.narrator.variants[i][final[i]].text
        moved = zero[i] != final[i]
        note = "" if moved else ' <span class="muted small">' + _("(unchanged)") + "</span>"
        out.append(f'<div class="op{" moved" if moved else ""}"><h4>{esc(f.narrator.para(i))} {esc(info.title)}'
                   f'{note}</h4><div class="diff">{word_diff(old, new)}</div></div>')
    out.append("</section>")
    return "".join(out)


def _behind(f: Facts, behind: list) -> str:
    """Who asked for a change: "A33 from the United States, A36 from Norway and A40 from the
    United Kingdom, under silence"."""
    if not behind:
        return ""
    _ = f._
    parts = []
    for a in behind:
        notes = ([_("met halfway")] if a.status == "partly" else []) + (
            [_("backed by {names}").format(names=f.names_list(a.sponsors[1:]))] if len(a.sponsors) > 1 else [])
        parts.append(_("A{n} from {name}").format(n=a.id, name=f.tongue.named(f.name(a.proposer)))
                     + (" (" + _("; ").join(notes) + ")" if notes else ""))
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + _(" and ") + parts[-1]
    origins = {a.origin for a in behind}
    if origins == {"silence"}:
        text += _(", under silence")
    elif "silence" in origins:
        text += " (" + _("{amendments} under silence").format(
            amendments=", ".join(f"A{a.id}" for a in behind if a.origin == "silence")) + ")"
    return text


def _pct(f: Facts, x: float) -> str:
    """A share: "12%", "12 %"."""
    return f.tongue.percent(x)


def _q(f: Facts, text: str) -> str:
    """A text quoted: “...”, « ... »."""
    return f.tongue.quote(text)


_THEN = {"open_expert_round": N_("another expert round"), "hold_bilaterals": N_("bilateral talks"),
         "put_in_blue": N_("the text in blue anyway"), "seek_rollover": N_("a technical rollover")}


def _silences(f: Facts) -> str:
    _ = f._
    out = ['<section id="silences" class="page"><h2>' + _("Silences and their letters") + "</h2>"]
    if not f.silences:
        out.append("<p>" + _("The penholder never put the text under silence.") + "</p>")
    threats = {(t.member, t.t): t for t in f.threats}
    for s in f.silences:
        state = _("held: no objection by the deadline") if s.held else (
            _("broken by {names}").format(names=f.names_list(s.breakers)) if s.breakers else
            _("still running when the log ends"))
        then = _(" Then: {what}.").format(what=_(_THEN[s.then]) if s.then in _THEN else s.then) if s.then else ""
        out.append("<h3>" + esc(_("Silence {n} on rev{revision}: placed {placed}, deadline {deadline} \u2014 "
                                  "{state}.").format(n=s.number, revision=s.revision, placed=_when(f, s.placed),
                                                     deadline=_when(f, s.deadline), state=state))
                   + f"{esc(then)}</h3>")
        cosigned: set[int] = set()
        for k, b in enumerate(s.breaks):
            if b.joins:
                if k in cosigned:
                    continue
                # everyone who co-signs this letter at this moment, in one sentence
                same = [j for j, x in enumerate(s.breaks) if x.joins == b.joins and x.t == b.t]
                cosigned.update(same)
                who = [s.breaks[j].member for j in same]
                verb = f.tongue.ngettext("co-signs {name}'s letter ({when})", "co-sign {name}'s letter ({when})",
                                         len(who) if f.tongue.lang == "en" else f.tongue.many([f.name(x) for x in who]))
                out.append(f"<p>{esc(f.names_list(who, cap=True))}{''.join(_you(f, m) for m in who)} "
                           + verb.format(name=f.tongue.named(f.name(b.joins)).mapped(esc), when=esc(_when(f, b.t)))
                           + ".</p>")
                continue
            asks = f.tongue.join([_("{text} on {paragraph}").format(text=_q(f, f.label(i, v)),
                                                                      paragraph=f.narrator.para(i))
                                  for i, v in b.requests])
            cls = "break class-voice" if b.member in f.outside else "break"
            out.append(f"<p><strong>{esc(f.the(b.member, cap=True))}</strong>{_you(f, b.member)} "
                       + esc(f.tongue.ngettext("breaks silence, {when}; it asks for {asks}",
                                               "breaks silence, {when}; it asks for {asks}",
                                               f.tongue.many(f.name(b.member))).format(when=_when(f, b.t), asks=asks))
                       + f".</p><blockquote class=\"{cls}\">{esc(b.letter)}</blockquote>")
            t = threats.get((b.member, b.t))
            if t is not None:
                result, done = threat_outcome(f, t.member, t.threat)
                mark = "done" if done else "undone" if done is False else "muted"
                out.append('<p class="small"><strong class="done">' + _("A threat:") + "</strong> "
                           + esc(_("{name} makes clear it will {what}").format(
                               name=f.the(b.member, cap=True), what=_(THREAT_SAID[t.threat])))
                           + f' \u2014 <span class="{mark}">{esc(result)}</span>.</p>')
    if f.bilaterals:
        talks = _("; ").join(_("{when} with {names}").format(when=f.narrator.clock(t),
                                                              names=f.names_list(w) or _("the objectors"))
                             for t, w in f.bilaterals)
        out.append("<p><strong>" + _("Bilateral talks:") + f"</strong> {esc(talks)}.</p>")
    if f.blue:
        over = (_(", over the objections of {names}").format(names=f.tongue.named([f.name(x) for x in f.blue_over]))
                if f.blue_over else "")
        out.append("<p><strong>" + _("In blue:") + f"</strong> rev{f.blue[0]}, {esc(_when(f, f.blue[1]))}{esc(over)}.</p>")
    out.append("</section>")
    return "".join(out)


def _deals(f: Facts) -> str:
    """Threats and whether they were carried out; lobbying and package deals; the host's letters."""
    _ = f._
    out = ['<section id="deals" class="page"><h2>' + _("Threats, lobbying and deals") + "</h2>"]
    # threats
    out.append("<h3>" + _("Threats made with a silence-break or in a bilateral") + "</h3>")
    if not f.threats:
        out.append("<p>" + _("No delegation threatened its vote.") + "</p>")
    else:
        rows = []
        for t in f.threats:
            result, done = threat_outcome(f, t.member, t.threat)
            mark = "done" if done else "undone" if done is False else "muted"
            met = requests_met(f, t.silence, t.requests)
            asks = _("; ").join(f"{f.narrator.para(i)} \u2192 {_q(f, f.label(i, v))}" for i, v in t.requests)
            where = (_("bilateral after silence {n}, {when}") if t.where == "bilateral" else
                     _("silence {n}, {when}")).format(n=t.silence, when=_when(f, t.t))
            rows.append([_member(f, t.member), esc(where),
                         esc(_(THREAT_WORDS[t.threat])) + f'<span class="aside">{esc(asks)}</span>',
                         f'<span class="{mark}">{esc(result[0].upper() + result[1:])}</span>'
                         + (f'<span class="aside">{esc(met[0].upper() + met[1:])}.</span>' if met else "")])
        out.append(table([_("Member"), _("When"), _("It threatened"), _("Carried out?")], rows))
        kept = sum(1 for t in f.threats if threat_outcome(f, t.member, t.threat)[1])
        judged = sum(1 for t in f.threats if threat_outcome(f, t.member, t.threat)[1] is not None)
        if judged:
            if judged == 1:
                said = _("The threat was carried out.") if kept else _("The threat was not carried out.")
            elif kept == judged:
                said = (f"All {number(judged)} threats were carried out." if f.tongue.lang == "en" else
                        _("All {n} threats were carried out.").format(n=judged))
            elif f.tongue.lang == "en":
                said = (f"{number(kept).capitalize()} of the {number(judged)} threats "
                        f"{'was' if kept == 1 else 'were'} carried out.")
            else:
                said = f.tongue.ngettext("{kept} of the {n} threats was carried out.",
                                         "{kept} of the {n} threats were carried out.", kept).format(kept=kept, n=judged)
            out.append(f'<p class="small">{esc(said)} ' + _("A threat tells the room what a delegation will do if the "
                                                             "text stays as it is: did the penholder believe it, and "
                                                             "did it need to?") + "</p>")
    # lobbying and packages
    out.append("<h3>" + _("Lobbying and package deals") + "</h3>")
    if not f.lobbying and not f.packages:
        out.append("<p>" + _("No delegation asked another for its support.") + "</p>")
    answers = {"yes": _("agreed"), "no": _("declined"), "noncommittal": _("was noncommittal"),
               "yes_if": _("agreed, at a price")}
    if f.lobbying:
        rows = []
        for lb in f.lobbying:
            ans = answers.get(lb.answer, lb.answer)
            if lb.answer == "yes_if" and lb.package:
                i, v = lb.package
                ans = _("agreed if {name} backed {text} on {paragraph} in return").format(
                    name=f.tongue.named(f.name(lb.member)), text=_q(f, f.label(i, v)), paragraph=f.narrator.para(i))
            rows.append([esc(_when(f, lb.t)), _member(f, lb.member), _member(f, lb.target),
                         esc(_("{text} on {paragraph}").format(text=_q(f, f.label(lb.issue, lb.variant)),
                                                                paragraph=f.narrator.para(lb.issue))),
                         esc(ans)])
        out.append(table([_("When"), _("Who asked"), _("Whom"), _("To back"), _("Answer")], rows))
    for pk in f.packages:
        (gi, gv), (ki, kv) = pk.gives, pk.gets
        got = f.final_draft.get(ki) == kv
        gave = f.final_draft.get(gi) == gv
        named = f.tongue.named(f.name(pk.member))
        end = (_("Both texts are in the final draft.") if got and gave else
               _("The final text has what {name} got, not what it gave.").format(name=named) if got else
               _("The final text has what {name} gave, not what it got.").format(name=named) if gave else
               _("Neither text is in the final draft."))
        out.append("<p><strong>" + _("Package deal") + f"</strong> ({esc(_when(f, pk.t))}): " + esc(
            _("{name} backs {text} on {paragraph}{amendment}; in return {partner} backs {other} on {other_paragraph}."
              ).format(name=f.tongue.named(f.name(pk.member), cap=True), text=_q(f, f.label(gi, gv)),
                       paragraph=f.para(gi), amendment=f" (A{pk.amendment})" if pk.amendment else "",
                       partner=f.tongue.named(f.name(pk.partner)), other=_q(f, f.label(ki, kv)),
                       other_paragraph=f.para(ki))) + f" {esc(end)}</p>")
    # the host country
    host = f.scenario.host
    out.append("<h3>" + _("The host country") + "</h3>")
    if not f.host_letters:
        out.append("<p>" + esc(_("{name}, the host country, did not write to the Council.").format(
            name=f.tongue.named(f.name(host.id), cap=True))) + "</p>")
    for hl in f.host_letters:
        paras = [f.para(i) for i in hl.issues if i in f.narrator.issues]
        later = [i for i in hl.issues if i in f.narrator.issues
                 and f.final_draft.get(i) != next((r.draft.get(i) for r in f.revisions if r.number == hl.revision), None)]
        moved = (_(" Of those paragraphs, the final text changed {paragraphs}.").format(
            paragraphs=", ".join(f.narrator.para(i) for i in later))
                 if later else _(" None of those paragraphs changed afterwards.") if paras else "")
        defer = [m for m in f.ballots if why_code(f, m) == "host_consent"]
        tail = f.tongue.ngettext(" {names} then abstained out of deference to the host.",
                                 " {names} then abstained out of deference to the host.",
                                 f.tongue.many([f.name(x) for x in defer])).format(
            names=f.names_list(defer, cap=True)) if defer else ""
        out.append("<p>" + esc((_("{name}, the host country, wrote to the Council on {when}: it could not accept "
                                  "draft rev{revision} on {paragraphs}.") if paras else
                                _("{name}, the host country, wrote to the Council on {when}: it could not accept "
                                  "draft rev{revision}.")).format(
            name=f.tongue.named(f.name(hl.host), cap=True), when=_when(f, hl.t), revision=hl.revision,
            paragraphs=f.tongue.join(paras))) + f"{esc(moved)}{esc(tail)}</p>")
    out.append("</section>")
    return "".join(out)


CHANNELS = {"note": N_("note"), "chat": N_("chat")}  # (a written note; a bilateral's chat)


def _notes(f: Facts) -> str:
    """The notes the delegations wrote to each other (a class's log: game/classroom), as this
    copy of the log holds them: the facilitator's (the server's) has every note, a student's
    only its own delegation's, the others as placeholders without text. Only a log with
    notes has the section."""
    if not f.notes:
        return ""
    _ = f._
    out = ['<section id="notes" class="page"><h2>' + _("Notes between delegations") + "</h2>",
           '<p class="muted small">' + _("What the delegations wrote to each other during the session: notes, and "
                                         "the chat of their bilaterals. Third delegations did not see them; the "
                                         "facilitator's copy of the log holds every note, a student's copy only "
                                         "its own delegation's.") + "</p>"]
    whole = [x for x in f.notes if x.text is not None]
    hidden = len(f.notes) - len(whole)
    if whole:
        rows = [[esc(_when(f, x.t)), _member(f, x.member), _member(f, x.to),
                 esc(_(CHANNELS.get(x.channel, x.channel))), esc(_q(f, x.text))] for x in whole]
        out.append(table([_("When"), _("From"), _("To"), _("Channel"), _("Text")], rows))
    if hidden:
        out.append("<p>" + esc(f.tongue.ngettext(
            "{n} note between other delegations is in this copy of the log without its text (the facilitator's "
            "copy has it).",
            "{n} notes between other delegations are in this copy of the log without their text (the "
            "facilitator's copy has them).", hidden).format(n=hidden)) + "</p>")
    out.append("</section>")
    return "".join(out)


def _vote(f: Facts) -> str:
    _ = f._
    sc, c = f.scenario, f.state.council
    h = sc.history
    record = h.tally if h is not None and h.tally != "unknown" else None
    out = ['<section id="vote"><h2>' + _("The vote") + "</h2>"]
    if not f.ballots:
        out.append("<p>" + _("No vote was held.") + "</p></section>")
        return "".join(out)
    votes = f.state.votes if f.state.rivals else []
    if votes:  # rival drafts: each vote, in the order of submission
        out.append("<p>" + f.tongue.ngettext(
            "{n} rival draft tabled: the drafts in blue were voted in the order of their submission (provisional rule "
            "32), each with its own tally; once one is adopted the others are not put to the vote.",
            "{n} rival drafts tabled: the drafts in blue were voted in the order of their submission (provisional "
            "rule 32), each with its own tally; once one is adopted the others are not put to the vote.",
            len(f.state.rivals)).format(n=len(f.state.rivals)) + "</p><ol>")
        for v in votes:
            label = f.narrator.voted({"on": v.on, "sponsor": v.sponsor, "rival": v.rival})
            out.append(f"<li>{esc(label[0].upper() + label[1:])}: "
                       f"{badge(v.result.value, f.outcome_words(v.result.value) + ' ' + str(v.tally))}</li>")
        out.append("</ol><p>" + _("The meeting's outcome: {outcome}").format(
            outcome=badge(f.outcome, f.outcome_words())) + "</p>")
    else:
        for v in f.state.votes[:-1]:  # a rollover that failed with days to go: the talks went on
            out.append("<p>" + _("First, a vote on the technical rollover: {result}; with days to go before the "
                                 "expiry, its explanations of vote followed, then the talks went on.").format(
                result=badge(v.result.value, f.outcome_words(v.result.value) + " " + str(v.tally))) + "</p>")
        what = _("a technical rollover") if f.state.vote_on == "rollover" else _("the draft resolution in blue")
        out.append("<p>" + _("Vote on {what}, {when}: {result}").format(
            what=esc(what), when=esc(_when(f, f.vote_t)),
            result=badge(f.outcome, f.outcome_words() + " " + f.tally)) + "</p>")
    groups = {m: g for g, grp in sc.groups.items() for m in grp.members}
    head = [_("Member"), _("Seat"), _("Group"), _("Ballot"), _("Broke silence"), _("Explained"),
            _("Satisfaction (final)")]
    if votes:
        head[3:4] = [_("Vote {n} ({what})").format(n=k + 1, what=_("rival {n}").format(n=v.rival) if v.rival else
                                                     _(_ON[v.on]) if v.on in _ON else v.on)
                     for k, v in enumerate(votes)]
    if record:
        head.append(_("Record"))
    rows, rclass = [], []
    eov = {a for a, _d, _t in f.explanations}
    for m in c.ids:
        broke = [str(s.number) for s in f.silences if m in s.breakers]
        sat = f.final_satisfaction.get(m)
        bar = (f'<svg viewBox="0 0 100 10" width="90" height="10"><rect width="100" height="10" fill="#eceff1"/>'
               f'<rect width="{100 * sat:.0f}" height="10" fill="#607d8b"/></svg> '
               + f.tongue.number(sat)) if sat is not None else ""
        cast = ([chip(v.ballots.get(m), f.ballot(v.ballots.get(m))) for v in votes] if votes
                else [chip(f.ballots.get(m), f.ballot(f.ballots.get(m)))])
        row = [_member(f, m), "P5" if sc.members[m].permanent else _("elected"), esc(groups.get(m, "")),
               *cast, esc(", ".join(broke)), _("yes") if m in eov else "", bar]
        if record:
            row.append(chip(record.get(m), f.ballot(record.get(m))))
        rows.append(row)
        rclass.append("class-row" if m in f.outside else "")
    out.append(table(head, rows, row_classes=rclass))
    out.append("</section>")
    return "".join(out)


# what a vote of a meeting with rival drafts was on, in the vote table's heading
_ON = {"text": N_("text"), "rollover": N_("rollover"), "rival": N_("rival")}


def _why(f: Facts) -> str:
    """Why each delegation voted as it did: the reason that won its ballot, in plain words,
    grouped by reason, the paragraphs that weighed most, and its capital's instructions."""
    _ = f._
    out = ['<section id="why"><h2>' + _("Why each delegation voted as it did") + "</h2>"]
    if not f.ballots:
        out.append("<p>" + _("No vote was held.") + "</p></section>")
        return "".join(out)
    rollover = f.state.vote_on == "rollover"
    out.append('<p class="muted small">' + (
        _("From the reasons each delegation's ballot recorded: what it weighed (the technical rollover against a "
          "lapse of the mandate). For an abstention, the reason is the one but for which it would have voted yes.")
        if rollover else
        _("From the reasons each delegation's ballot recorded: what it weighed (the text against joining the "
          "Council's consensus, against what would follow a failure \u2014 a rollover or a lapse \u2014 and against "
          "the cost of a public no or a veto). For an abstention, the reason is the one but for which it would have "
          "voted yes.")) + "</p>")
    order = ["veto", "against", "red_line", "will_not_block", "host_consent", "process", "text", "pivotal",
             "support", ""]
    groups: dict[str, list[str]] = {}
    for m in f.state.council.ids:
        if m in f.ballots:
            groups.setdefault(why_code(f, m), []).append(m)
    summary = []
    for w in sorted(groups, key=lambda w: order.index(w) if w in order else len(order)):
        ms = groups[w]
        summary.append(_("{reason}: {names}").format(reason=_(WHY_GROUP[w]) if w in WHY_GROUP else w,
                                                      names=f.names_list(ms)))
    out.append("<ul class=\"small\">" + "".join(f"<li>{esc(x)}.</li>" for x in summary) + "</ul>")
    rows, rclass = [], []
    for w in sorted(groups, key=lambda w: order.index(w) if w in order else len(order)):
        for m in groups[w]:
            most = weighed_most(f, m)[:1 if w == "support" else 2]
            told, level = instruction(f, m)
            extra = []
            if most:
                extra.append(_("What weighed most: {paragraphs}.").format(paragraphs=_("; ").join(most)))
            if level and m not in f.outside:
                extra.append(_("Its capital: {told}").format(told=told[0].lower() + told[1:]))
            rows.append([_member(f, m), chip(f.ballots.get(m), f.ballot(f.ballots.get(m))),
                         esc(why_sentence(f, m)) + "".join(f'<span class="aside">{esc(x)}</span>' for x in extra)])
            rclass.append("class-row" if m in f.outside else "")
    out.append(table([_("Member"), _("Ballot"), _("Why")], rows, row_classes=rclass))
    out.append("</section>")
    return "".join(out)


def _signed(f: Facts, x: float) -> str:
    """+0.12, \u22120.33 (a true minus sign), muted; +0,12 in French."""
    return f'<span class="muted small">{f.tongue.signed(x)}</span>'


def _capitals(f: Facts) -> str:
    """What each capital had told its delegation (hidden during play), next to what the
    delegation did."""
    _ = f._
    out = ['<section id="capitals" class="page"><h2>' + _("What the capitals had told their delegations") + "</h2>"]
    if not f.instructions:
        out.append("<p>" + _("This log records no private instructions (a session from before they were drawn).")
                   + "</p></section>")
        return "".join(out)
    out.append('<p class="muted small">' + _(
        "Hidden during play: each capital's private instructions, drawn for this session. The first number shifts "
        "the value the delegation puts on joining the Council's consensus (negative: told to hold firm; it objects, "
        "amends and breaks silence more, and swallows less to vote yes); the second shifts its value of the draft "
        "failing (positive: a failure would hurt it less). Each capital also had its own view of each text, beyond "
        "its public position: where that view of a text on the table was far from the position, the table names it "
        "(\u201cto resist\u201d or \u201cto press for\u201d a text). Delegations knew each other's public "
        "positions, not these: the room read them from what each did. (Unity and Failure below: the two shifts.)")
               + "</p>")
    firm_ms = [m for m in firm(f) if m not in f.outside]
    if firm_ms:
        out.append("<p><strong>" + _("Told to hold firm:") + f"</strong> {esc(f.names_list(firm_ms))}.</p>")
    rows, rclass = [], []
    for m in f.state.council.ids:
        if m not in f.instructions:
            continue
        u, r = f.instructions[m]
        told, level = instruction(f, m)
        if m in f.outside:
            told = _("Played by the class (its instructions were the brief).")
        did = []
        broke = [s.number for s in f.silences if m in s.breakers]
        if broke:
            did.append(_("broke silence {times}").format(times=times(len(broke)) if f.tongue.lang == "en" else
                                                          f.tongue.plural(len(broke), _("{n} time"), _("{n} times"))))
        for t in f.threats:
            if t.member == m:
                did.append(_("threatened {what}").format(what=_(THREAT_WORDS[t.threat])))
        tabled = sum(1 for a in f.amendments if a.proposer == m)
        if tabled:
            did.append(_("tabled {amendments}").format(amendments=f.plural(tabled, "amendment")))
        if m in f.ballots:
            did.append(_(BALLOT_VERB[f.ballots[m]]) if f.ballots[m] in BALLOT_VERB else f.ballots[m])
        cell = esc(told)
        if level >= 2:
            cell = f'<span class="firm">{cell}</span>'
        elif level == 0 and m not in f.outside:
            cell = f'<span class="muted">{cell}</span>'
        rows.append([_member(f, m), cell, _signed(f, u), _signed(f, r), esc(", ".join(did) or "\u2014")])
        rclass.append("class-row" if m in f.outside else "")
    out.append(table([_("Member"), _("Its instructions"), _("Unity"), _("Failure"), _("What it did")], rows,
                     classes=["", "", "num", "num", ""], row_classes=rclass))
    out.append("</section>")
    return "".join(out)


def _eov(f: Facts) -> str:
    _ = f._
    out = ['<section id="eov"><h2>' + _("Explanations of vote") + "</h2>"]
    if not f.explanations:
        out.append("<p>" + (_("Nobody took the floor after the vote.") if f.ballots else
                            _("No vote was held, so no delegation explained a vote.")) + "</p>")
    vote = None  # (with rival drafts, or after a failed rollover: the vote each run of speeches follows)
    for m, d, text in f.explanations:
        key = (d.get("on") or "text", d.get("rival"), d.get("result"))
        if not d.get("host") and key != vote and (d.get("on") or vote is not None):
            vote = key
            what = f.narrator.voted_on(d) if d.get("on") else _("the draft resolution")
            last = f.state.votes[-1].result.value if f.state.votes else ""  # (the vote just held)
            result = d.get("result") or (last if not d.get("on") or d["on"] == "rollover" else "")
            out.append("<h3>" + _("After the vote on {what}").format(what=esc(what))
                       + (f" ({esc(f.outcome_words(result))})" if result else "") + "</h3>")
        elif d.get("host") and (vote is None or vote[0] != "host") and not d.get("on"):  # the host speaks once, after the meeting's last vote
            vote, after = ("host", None), vote is not None
            out.append("<h3>" + (_("Statement by the host country after the votes (not an explanation of vote)")
                                 if after else _("Statement by the host country (not an explanation of vote)"))
                       + "</h3>")
        group = _(" (for the {group})").format(group=esc(d["group"])) if d.get("group") else ""
        ballot = d.get("ballot") or f.ballots.get(m)
        cls = ' class="class-voice"' if m in f.outside else ""
        tag = chip(ballot, f.ballot(ballot)) if m in f.scenario.members else ('<span class="muted small">' + _("host country (no vote)")
                                                            + "</span>")
        out.append(f"<p><strong>{esc(f.the(m, cap=True))}</strong>{_you(f, m)}{group} {tag}</p>"
                   f"<blockquote{cls}>{esc(text)}</blockquote>")
    out.append("</section>")
    return "".join(out)


def _day_ticks(f: Facts, x_max: float) -> list[tuple[float, str]]:
    days = int(x_max // MINUTES_PER_DAY)
    step = 2 if days <= 12 else 4 if days <= 24 else 7
    out = []
    for d in range(0, days + 1, step):
        date = f.scenario.calendar.zero_draft + dt.timedelta(days=d)
        out.append((d * MINUTES_PER_DAY, date.strftime("%d")))
    return out


def _satisfaction(f: Facts) -> str:
    _ = f._
    c = f.state.council
    out = ['<section id="satisfaction" class="page"><h2>' + _("Each member's satisfaction with the draft") + "</h2>",
           '<p class="muted small">' + _("Satisfaction = 1 \u2212 the salience-weighted distance between the draft "
                                         "and the member's positions (1 = its ideal text). It steps at each revision "
                                         "(and when news moves a member). Dashed red lines: the member broke silence. "
                                         "The chip: its vote. Days of the month along the bottom.") + "</p>"]
    if not f.revisions:
        return "".join(out) + "</section>"
    x_max = max(f.state.t, 1)
    lows = [v for s in f.satisfaction.values() for _t, v in s]
    y_min = max(0.0, min(0.5, (min(lows) if lows else 0.5) - 0.05))
    y_min = round(y_min * 10) / 10 if y_min > 0 else 0.0
    ticks = _day_ticks(f, x_max)
    panels = []
    groups = {m: g for g, grp in f.scenario.groups.items() for m in grp.members}
    for m in c.ids:
        marks = [b.t for s in f.silences for b in s.breaks if b.member == m]
        sub = " \u00b7 ".join(x for x in ("P5" if f.scenario.members[m].permanent else "", groups.get(m, ""),
                                           _("penholder") if m == f.scenario.penholder else "",
                                           _("class") if m in f.outside else "") if x)
        panels.append(sparkline_panel(f.name(m), f.satisfaction[m], x_max, marks, sub, y_min,
                                      m in f.outside, f.ballots.get(m), ticks, ballot_label=f.ballot(f.ballots.get(m)),
                                      caption=_("satisfaction of {title}"), tongue=f.tongue))
    out.append('<figure><div class="grid-sm">' + "".join(f"<div>{p}</div>" for p in panels) + "</div>")
    out.append("<figcaption>" + _("From the zero draft ({start}) to the end ({end}).").format(
        start=f.narrator.day(0), end=f.narrator.day(f.state.t)) + "</figcaption></figure>")
    # the largest movers
    moves = sorted(((f.final_satisfaction[m] - f.zero_satisfaction[m], m) for m in c.ids), reverse=True)
    num = f.tongue.number
    up = [f"{f.the(m)} (+{num(d)})" for d, m in moves[:3] if d > 0.005]
    down = [f"{f.the(m)} ({num(d)})" for d, m in moves[::-1][:3] if d < -0.005]
    if up or down:
        out.append("<p>" + ("<strong>" + _("Gained most:") + f"</strong> {esc(f.tongue.join(up))}. " if up else "")
                   + ("<strong>" + _("Lost most:") + f"</strong> {esc(f.tongue.join(down))}." if down else "") + "</p>")
    out.append("</section>")
    return "".join(out)


def _mark(ok: bool | None, f: Facts | None = None) -> str:
    _ = f._ if f is not None else (lambda x: x)
    if ok is None:
        return '<span class="unk">? ' + _("unknown in the record") + "</span>"
    return ('<span class="match">\u2713 ' + _("same") + "</span>" if ok else
            '<span class="differ">\u2717 ' + _("different") + "</span>")


def _history(f: Facts) -> str:
    _ = f._
    sc = f.shown  # (the record's sources and notes as the reader reads them)
    h = sc.history
    out = ['<section id="history" class="page"><h2>' + _("Compared with the record") + "</h2>"]
    if h is None:
        out.append("<p>" + _("This scenario has no historical record (a fictional or what-if case): compare the "
                             "groups with each other and with the AI runs instead.") + "</p></section>")
        return "".join(out)
    out.append("<p>" + (_("What really happened (resolution {resolution}), next to this session. Fields the record "
                          "does not document are marked unknown.").format(resolution=esc(h.resolution))
                        if h.resolution else
                        _("What really happened, next to this session. Fields the record does not document are "
                          "marked unknown.")) + "</p>")
    fr = f.tongue.lang != "en"

    def day(x) -> str:
        return f"{x:%a %d %b}" if not fr else f.tongue.date(x, "dm")

    def mark(ok):
        return _mark(ok, f)

    rows = [[_("Outcome"), esc(f.outcome_words()), esc(f.outcome_words(h.outcome)), mark(f.outcome == h.outcome)]]
    if h.tally != "unknown":
        rec = "-".join(str(sum(1 for b in h.tally.values() if b == x)) for x in ("yes", "no", "abstain"))
        rows.append([_("Tally"), esc(f.tally or _("no vote")), esc(rec), mark(f.tally == rec)])
        other = [m for m, b in h.tally.items() if f.ballots.get(m) and f.ballots[m] != b]
        if other:
            rows.append([_("Voted otherwise"), esc(f.tongue.join([f"{f.the(m, cap=not k)} ({f.ballot(f.ballots[m])})"
                                                                   for k, m in enumerate(other)])),
                         esc(", ".join(f"{f.ballot(h.tally[m])}" for m in other)), mark(False)])
    for key, label, ours in (("vote_date", _("Vote"), f.vote_t),
                             ("in_blue", _("In blue"), f.blue[1] if f.blue else None)):
        rec = getattr(h, key)
        got = f.narrator.moment(ours).date() if ours is not None else None
        rows.append([label, esc(day(got) if got else "—"),
                     esc(_("unknown") if rec == "unknown" else day(rec)),
                     mark(None if rec == "unknown" else got == rec)])
    if h.silences != "unknown":
        for k, s in enumerate(h.silences):
            ours = f.silences[k] if k < len(f.silences) else None
            o_txt = _("no such silence") if ours is None else (f.names_list(ours.breakers, cap=True) or _("held"))
            r_txt = _("unknown") if s.broken_by == "unknown" else (f.names_list(s.broken_by, cap=True) or _("held"))
            same = None if s.broken_by == "unknown" else (ours is not None and set(ours.breakers) == set(s.broken_by))
            placed = "" if s.placed == "unknown" else _(" (placed {day})").format(
                day=f"{s.placed:%d %b}" if not fr else f.tongue.date(s.placed, "dm"))
            rows.append([_("Silence {n}").format(n=k + 1) + esc(placed), esc(o_txt), esc(r_txt), mark(same)])
        if len(f.silences) > len(h.silences):
            rows.append([_("More silences"), esc(str(len(f.silences) - len(h.silences))), "0", mark(False)])
    for i, rec in h.final_text.items():
        info = f.narrator.issues[i]
        got = f.final_draft.get(i)
        rows.append([f"{esc(f.narrator.para(i))} {esc(info.title)}", esc(f.label(i, got)),
                     esc(_("unknown") if rec == "unknown" else f.label(i, rec)),
                     mark(None if rec == "unknown" else got == rec)])
    if h.explanations_of_vote != "unknown":
        ours = [a for a, d, _t in f.explanations if not d.get("host")]  # (the host's is a statement)
        rows.append([_("Explanations of vote"), esc(f.names_list(ours, cap=True) or _("none")),
                     esc(f.names_list(h.explanations_of_vote, cap=True)),
                     mark(set(ours) == set(h.explanations_of_vote))])
    out.append(table(["", _("This session"), _("The record"), ""], rows))
    if h.sources:
        out.append("<p class=\"small\"><strong>" + _("Sources:") + "</strong> "
                   + esc("; ".join(public_text(x) for x in h.sources)) + "</p>")
    if h.notes:
        out.append('<p class="small muted"><strong>' + _("Notes:") + f"</strong> {esc(public_text(h.notes))}</p>")
    out.append("</section>")
    return "".join(out)


def _simulations(f: Facts, rows: list[dict], summary: dict | None, what: str) -> str:
    _ = f._
    sc = f.scenario
    out = ['<section id="simulations" class="page"><h2>' + _("Where this session sits among AI negotiations") + "</h2>"]
    if not rows or summary is None:
        out.append("<p>" + _("No simulations were run ({option}).").format(option="<code>--runs 0</code>")
                   + "</p></section>")
        return "".join(out)
    n = len(rows)
    out.append(f"<p>{esc(what)} " + _("Blue marks this session; \u25b2 marks the record.") + "</p>")
    h = sc.history
    here, record = _("this session"), " \u25b2 " + _("record")
    pc = f.tongue.percent
    # outcome
    oc = Counter(r["outcome"] for r in rows)
    orows = [(f.outcome_words(o), oc[o] / n, o == f.outcome,
              (here if o == f.outcome else "") + (record if h and h.outcome == o else ""))
             for o in ("adopted", "not_adopted", "vetoed", "rollover", "lapsed")]
    out.append("<figure>" + hbars(orows, _("Outcome"), value_label=pc) + "</figure>")
    # tallies
    tc = Counter(r["tally"] for r in rows if r["tally"])
    if tc:
        top = tc.most_common(6)
        if f.tally and f.tally not in dict(top):
            top.append((f.tally, tc.get(f.tally, 0)))
        rec = None
        if h is not None and h.tally != "unknown":
            rec = "-".join(str(sum(1 for b in h.tally.values() if b == x)) for x in ("yes", "no", "abstain"))
        trows = [(t, c / n, t == f.tally, (here if t == f.tally else "") + (record if t == rec else ""))
                 for t, c in top]
        out.append("<figure>" + hbars(trows, _("Tally (yes-no-abstain)"), value_label=pc) + "</figure>")
    # silences and breakers
    sil = Counter(r["silences"] for r in rows)
    ours = len(f.silences)
    srows = [(f"{k} silence{'s' if k != 1 else ''}" if f.tongue.lang == "en" else f.tongue.counted(k, "silence"),
              sil[k] / n, k == ours, here if k == ours else "")
             for k in sorted(set(sil) | {ours})]
    out.append("<figure>" + hbars(srows, _("Silence procedures"), value_label=pc) + "</figure>")
    broke = summary["silence"]["broken_by"]
    record_b = set()
    if h is not None and h.silences != "unknown":
        record_b = {m for s in h.silences if s.broken_by != "unknown" for m in s.broken_by}
    ours_b = set(f.breakers)
    keys = sorted(sc.members, key=lambda m: (-broke.get(m, 0), m))
    brows = [(f.name(m), broke.get(m, 0.0), m in ours_b,
              (_("broke here") if m in ours_b else "") + (record if m in record_b else ""))
             for m in keys if broke.get(m, 0) > 0 or m in ours_b or m in record_b]
    if brows:
        out.append("<figure>" + hbars(brows, _("Broke a silence (share of AI runs)"), value_label=pc) + "</figure>")
    # final text
    out.append("<h3>" + _("Final text, paragraph by paragraph") + "</h3>")
    for issue in f.shown.issues:
        dist = summary["final_text"].get(issue.id, {})
        got = f.final_draft.get(issue.id)
        rec = h.final_text.get(issue.id) if h is not None else None
        parts = [(v.label or v.id, dist.get(v.id, 0.0), v.id == got, v.id == rec) for v in issue.variants]
        share = dist.get(got, 0.0)
        label = _("{paragraph} {title} \u2014 this session: {text} ({share} of runs)").format(
            paragraph=f.narrator.para(issue.id), title=issue.title, text=f.label(issue.id, got),
            share=_pct(f, share))
        legend = []
        for k, (vlabel, vshare, ours, in_record) in enumerate(parts):
            colour = SCALE[min(len(SCALE) - 1, round(k * (len(SCALE) - 1) / max(1, len(parts) - 1)))]
            mark = (" \u25c0 " + here if ours else "") + (record if in_record else "")
            text = f"{esc(vlabel)} {pc(vshare)}{esc(mark)}"
            legend.append(f'<span><i style="background:{colour}"></i>' + (f"<strong>{text}</strong>" if ours else text) + "</span>")
        out.append(f'<figure>{stacked_bar(label, parts, tongue=f.tongue)}<figcaption class="legend">{"".join(legend)}</figcaption></figure>')
    days = sorted(r["days"] for r in rows)
    below = sum(1 for d in days if d < f.days)
    out.append("<p>" + _("This session took {span}; {share} of the AI runs ended sooner (the median run: "
                         "{median}).").format(span=esc(f.span(f.state.t)), share=_pct(f, below / n),
                                              median=esc(f.span(days[n // 2] * MINUTES_PER_DAY))) + "</p>")
    out.append("</section>")
    return "".join(out)


# ------------------------------------------------------------------------------ the page


def debrief_html(header: dict, events: list, *, runs: int = 200, seed: int = 0,
                 from_event: int | None = None, log_name: str = "session.jsonl", lang: str = "en") -> str:
    """The debrief report of a saved session (its header and events), as HTML text.

    `runs` AI negotiations of the same scenario are run for the comparison (run i: the
    i-th child of SeedSequence(seed)); with `from_event`, `runs` continuations of this
    session from that event instead (`game.continuations`). `lang`: the reader's language."""
    from game.stats import summarise

    f = read_session(header, events, lang)
    _ = f._
    rows: list[dict] = []
    what = ""
    if runs > 0:
        if from_event is not None:
            from game.continuations import continuations

            rows = continuations(header, events, from_event, runs, seed)
            what = _("{runs} continuations of this session from event {event}, every seat played by its "
                     "agent (seed {seed}).").format(runs=runs, event=from_event, seed=seed)
        else:
            rows = simulated_rows(f.scenario, runs, seed)
            what = _("{runs} AI-only negotiations of the same scenario from the zero draft, every seat played by "
                     "its agent (seed {seed}; the same runs as python main.py batch --runs {runs} --seed "
                     "{seed}).").format(runs=runs, seed=seed)
    summary = summarise(rows, f.scenario) if rows else None
    body = "".join([
        _glance(f, log_name), _prompts(f, summary), _timeline(f), _drafts(f), _silences(f), _deals(f),
        _notes(f), _vote(f), _why(f), _eov(f), _capitals(f), _satisfaction(f), _history(f),
        _simulations(f, rows, summary, what),
        "<footer>" + _("Penholder debrief \u2014 scenario {id} (hash {hash}), log {log}. Letters and "
                       "explanations of vote are generated from the delegations' reasons; they are not "
                       "quotations.").format(id=esc(f.scenario.id), hash=esc(str(header.get("scenario_hash", ""))[:12]),
                                             log=esc(log_name)) + "</footer>",
    ])
    return page(_("Debrief \u2014 {title}").format(title=f.shown.title), body, f.tongue.lang)


MAX_RUNS = 100_000


def check_runs_seed(runs: int, seed: int) -> None:
    """The AI runs a report compares with: 0 to `MAX_RUNS`, from a seed >= 0."""
    if not 0 <= runs <= MAX_RUNS:
        raise ReportError(f"--runs {runs}: between 0 and {MAX_RUNS:,}")
    if seed < 0:
        raise ReportError(f"--seed {seed}: a seed is a whole number >= 0")


def write_debrief(log, out, runs: int = 200, seed: int = 0, from_event: int | None = None,
                  lang: str = "en") -> Facts:
    """Read `log` (`game.replay.load_log`), write its debrief to `out` (atomically; never
    over the log itself) and return its facts."""
    from game.events import refuse_overwrite, writable_target, write_atomic
    from game.replay import ReplayError, load_log

    check_runs_seed(runs, seed)
    writable_target(out)
    refuse_overwrite(out, [log])
    loaded = load_log(log)
    header, events = loaded.header, loaded.events
    if from_event is not None and not 0 <= from_event <= len(events):
        raise ReportError(f"--from-event {from_event}: the log has events 1 to {len(events)} "
                          "(0: from the start)")
    try:
        text = debrief_html(header, events, runs=runs, seed=seed, from_event=from_event,
                            log_name=os.path.basename(os.fspath(log)), lang=lang)
        facts = read_session(header, events, lang)
    except (ReplayError, ReportError):
        raise
    except Exception as exc:  # noqa: BLE001 - a record load_log let through: one line, not a traceback
        raise ReportError(unreportable(log, exc)) from None
    write_atomic(out, text)
    return facts


def unreportable(log, exc: BaseException) -> str:
    """The message for a log that loads but that a report cannot be made of."""
    where = " ".join(str(exc).split())[:200] or type(exc).__name__
    return (f"{os.fspath(log)}: a record of this log cannot be reported on ({type(exc).__name__}: {where}); "
            f"check it with: python main.py replay {os.fspath(log)} --verify")


def cmd_debrief(args) -> int:
    from game.events import LogError, WriteError
    from game.replay import ReplayError

    try:
        f = write_debrief(args.log, args.out, runs=args.runs, seed=args.seed, from_event=args.from_event,
                          lang=reader(args).lang)
    except (LogError, ReplayError, ReportError, WriteError) as exc:
        print(f"debrief: {exc}")
        return 1

    _ = reader(args).gettext
    size = Path(args.out).stat().st_size if Path(args.out).is_file() else 0
    outcome = f"{_(f.outcome.replace('_', ' '))} {f.tally}".rstrip()
    print(_("{out}: debrief of {log} ({outcome}; {n} events), {kb} KB, self-contained: open it in any browser, "
            "project or print it.").format(out=args.out, log=args.log, outcome=outcome, n=len(f.events),
                                           kb=size // 1024))
    return 0
