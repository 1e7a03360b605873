"""``python main.py class-report LOG... --out class.html``: several groups' sessions of one
scenario side by side — outcomes, tallies, final texts, who broke silence, how each
member voted — next to the record and to AI runs of the same scenario, with questions
that compare the groups. Logs of different scenarios are refused: a class report
compares like with like.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from game.debrief.facts import Facts, read_session, simulated_rows
from game.debrief.html import SCALE, badge, chip, esc, page, table, word_diff
from game.debrief.prompts import STATUS_WORDS
from game.debrief.words import THREAT_WORDS, WHY_SHORT, firm, threat_outcome, why_code
from game.i18n import reader
from game.state import MINUTES_PER_DAY


class ClassReportError(Exception):
    pass


def _group_name(path) -> str:
    return Path(path).stem


def load_sessions(paths, lang: str = "en") -> list[tuple[str, Facts]]:
    """Read the logs; refuse (ClassReportError) unless they share one scenario. `lang`: the
    language of their words (`read_session`)."""
    from game.events import LogError
    from game.replay import ReplayError, load_log

    if not paths:
        raise ClassReportError("give at least one log")
    read = []
    for p in paths:
        try:
            loaded = load_log(p)
        except LogError as exc:
            raise ClassReportError(str(exc)) from None
        read.append((p, loaded.header, loaded.events))
    hashes = {h.get("scenario_hash") for _p, h, _e in read}
    if len(hashes) > 1:
        lines = []
        for p, h, _e in read:
            sc = h.get("scenario") or {}
            lines.append(f"  {p}: scenario {sc.get('id', '?')} \u201c{sc.get('title', '?')}\u201d "
                         f"(hash {str(h.get('scenario_hash'))[:12]})")
        ids = {(h.get("scenario") or {}).get("id") for _p, h, _e in read}
        why = (" The scenario has the same id but different contents: the file was edited between sessions."
               if len(ids) == 1 else "")
        raise ClassReportError("these logs are sessions of different scenarios, and a class report compares "
                               "sessions of one scenario:\n" + "\n".join(lines) + "\n" + why.strip()
                               + ("\n" if why else "") + "Make one class report per scenario.")
    out = []
    names: Counter = Counter()
    for p, header, events in read:
        try:
            facts = read_session(header, events, lang)
        except ReplayError as exc:
            raise ClassReportError(f"{p}: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - a record load_log let through
            from game.debrief.report import unreportable

            raise ClassReportError(unreportable(p, exc)) from None
        name = _group_name(p)
        names[name] += 1
        if names[name] > 1:
            name = f"{name} ({names[name]})"
        out.append((name, facts))
    return out


def _nowrap(text) -> str:
    return f'<span style="white-space:nowrap">{esc(text)}</span>' if text else ""


def _shade(f: Facts, issue: str, variant: str) -> str:
    info = f.narrator.issues[issue]
    ids = [v.id for v in info.variants]
    k = ids.index(variant)
    idx = min(len(SCALE) - 1, round(k * (len(SCALE) - 1) / max(1, len(ids) - 1)))
    fg = "#fff" if idx >= 3 else "#0b2540"
    return f'<span class="cell" style="background:{SCALE[idx]};color:{fg}">{esc(f.label(issue, variant))}</span>'


def _threats(f: Facts) -> str:
    """"RUS to veto ✓; IND to abstain ✗" (✓ carried out, ✗ not, – no vote on the text)."""
    _ = f._
    if not f.threats:
        return '<span class="muted">' + _("none") + "</span>"
    out = []
    for t in f.threats:
        _said, done = threat_outcome(f, t.member, t.threat)
        mark = ('<span class="done">\u2713</span>' if done else '<span class="undone">\u2717</span>' if done is False
                else '<span class="muted">\u2013</span>')
        where = _(" (bilateral)") if t.where == "bilateral" else ""
        out.append(f"{_nowrap(t.member + ' ' + _(THREAT_WORDS[t.threat]) + where)} {mark}")
    return _("; ").join(out)


def _packages(f: Facts) -> str:
    """How many package deals, and how many ended in the final text on both sides."""
    if not f.packages:
        return '<span class="muted">' + f._("none") + "</span>"
    both = sum(1 for p in f.packages if f.final_draft.get(p.gets[0]) == p.gets[1]
               and f.final_draft.get(p.gives[0]) == p.gives[1])
    return esc(f._("{n} ({both} in the final text on both sides)").format(n=len(f.packages), both=both))


def _speakers(f: Facts) -> str:
    """Who took the floor after the vote; after several votes (rival drafts, or a rollover
    that failed with days to go: the talks went on), vote by vote, each named."""
    runs: list[tuple[dict, list[str]]] = []
    key = None
    for a, d, _t in f.explanations:
        if d.get("host"):  # (the host country's statement is not an explanation of vote)
            continue
        k = (d.get("on"), d.get("rival"), d.get("result"))
        if not runs or k != key:
            runs.append((d, []))
            key = k
        runs[-1][1].append(a)
    if len(runs) < 2:
        return ", ".join(a for _d, names in runs for a in names)
    return f._("; ").join(f._("{vote}: {names}").format(
        vote=f.narrator.voted_on(d) if d.get("on") else f._("the draft resolution"), names=", ".join(names))
                          for d, names in runs)


def _prompts(groups: list[tuple[str, Facts]], summary: dict | None) -> list[tuple[str, str]]:
    out = []
    f0 = groups[0][1]
    sc, _ = f0.shown, f0._
    sep = _("; ")

    def said(label, names) -> str:
        return _("{vote}: {names}").format(vote=label, names=names)

    names = [g for g, _f in groups]
    outcomes = Counter(f.outcome for _g, f in groups)
    if len(outcomes) > 1:
        by = sep.join(said(f0.outcome_words(o), ", ".join(g for g, f in groups if f.outcome == o)) for o in outcomes)
        out.append((_("The groups did not end the same way. Which decisions split them?"), by + "."))
    tallies = Counter(f.tally for _g, f in groups if f.tally)
    if len(tallies) > 1:
        out.append((_("Same text, different votes? Compare the tallies and who abstained."),
                    sep.join(said(g, f.tally) for g, f in groups if f.tally) + "."))
    for issue in sc.issues:
        got = {g: f.final_draft.get(issue.id) for g, f in groups}
        if len(set(got.values())) > 1:
            split = sep.join(said(_quote(f0, f0.label(issue.id, v)), ", ".join(g for g in names if got[g] == v))
                             for v in dict.fromkeys(got.values()) if v)
            out.append((_("{paragraph} ended differently across groups. What did the groups that moved it do?").format(
                paragraph=f0.para(issue.id)), split + "."))
    first = {g: tuple(f.silences[0].breakers) if f.silences else None for g, f in groups}
    if len(set(first.values())) > 1:
        out.append((_("Who broke the first silence differs from group to group. Why?"),
                    sep.join(said(g, ", ".join(b) if b else (_("held") if b is not None else _("no silence")))
                             for g, b in first.items()) + "."))
    seats = {m for _g, f in groups for m in f.outside}
    for m in sorted(seats):
        sats = [(f.final_satisfaction.get(m, 0), g) for g, f in groups if m in f.outside]
        if len(sats) > 1:
            best, worst = max(sats), min(sats)
            if best[0] - worst[0] > 0.02:
                out.append((_("Playing {name}, {best} ended with the text closest to its positions and {worst} the "
                              "furthest. What did they do differently?").format(
                    name=f0.tongue.named(f0.name(m)), best=best[1], worst=worst[1]),
                            sep.join(said(g, _num(f0, v)) for v, g in sorted(sats, reverse=True))
                            + _(" (satisfaction with the final text, 1 = its ideal text).")))
    h = sc.history
    if h is not None:
        close = [g for g, f in groups if f.outcome == h.outcome and all(
            f.final_draft.get(i) == v for i, v in h.final_text.items() if v != "unknown")]
        out.append((_("Which group came closest to what really happened, and is that a success?"),
                    _("Same outcome and every documented paragraph as in the record: {groups}.").format(
                        groups=", ".join(close) or _("none"))))
    if summary:
        out.append((_("Compare the groups with the AI runs: where did people negotiate differently from the agents?"),
                    _("The AI runs: {adopted} adopted, {unanimous} unanimous, first silence broken in {broken}.").format(
                        adopted=_pct(f0, summary["outcome"].get("adopted", 0)), unanimous=_pct(f0, summary["unanimous"]),
                        broken=_pct(f0, summary["silence"]["first_broken"]))))
    return out


def _num(f: Facts, x: float) -> str:
    return f.tongue.number(x)


def _pct(f: Facts, x: float) -> str:
    return f.tongue.percent(x)


def _quote(f: Facts, text: str) -> str:
    return f.tongue.quote(text)


def class_report_html(groups: list[tuple[str, Facts]], runs: int = 200, seed: int = 0) -> str:
    from game.stats import summarise

    f0 = groups[0][1]
    sc, n, _ = f0.shown, f0.narrator, f0._  # (the scenario as the reader reads it; f0.scenario runs)
    fr = f0.tongue.lang != "en"
    h = sc.history
    rows = simulated_rows(f0.scenario, runs, seed) if runs > 0 else []
    summary = summarise(rows, f0.scenario) if rows else None
    cols = [g for g, _f in groups]

    def outcome(o) -> str:
        return badge(o, f0.outcome_words(o))

    def day(x) -> str:
        return f"{x:%a %d %b}" if not fr else f0.tongue.date(x, "dm")

    extra = []
    if summary:
        extra.append(_("AI runs ({runs})").format(runs=runs))
    if h is not None:
        extra.append(_("Record"))
    head = [""] + [esc(c) for c in cols] + [esc(e) for e in extra]

    def line(label, cells, ai=None, record=None):
        row = [label] + cells
        if summary:
            row.append(ai if ai is not None else "")
        if h is not None:
            row.append(record if record is not None else "")
        return row

    body_rows = []
    body_rows.append(line("<strong>" + _("Seat played") + "</strong>",
                          [esc(", ".join(n.name(m) for m in f.outside) or _("AI only")) for _g, f in groups]))
    ai_out = rec_tally = None
    if summary:
        o = max(summary["outcome"], key=summary["outcome"].get)
        tc = Counter(r["tally"] for r in rows if r["tally"]).most_common(1)
        ai_out = (f"{outcome(o)} {_nowrap(tc[0][0] if tc else '')}<br><span class=\"muted small\">"
                  + _("{share} of runs").format(share=_pct(f0, summary["outcome"][o])) + "</span>")
    if h is not None:
        rec_tally = "-".join(str(sum(1 for b in h.tally.values() if b == x)) for x in ("yes", "no", "abstain")) \
            if h.tally != "unknown" else ""
    body_rows.append(line("<strong>" + _("Outcome") + "</strong>",
                          [f"{outcome(f.outcome)} {_nowrap(f.tally)}" for _g, f in groups],
                          ai_out, f"{outcome(h.outcome)} {_nowrap(rec_tally)}" if h is not None else None))
    body_rows.append(line(_("Vote"), [esc(n.clock(f.vote_t) if f.vote_t is not None else "—") for _g, f in groups],
                          None, esc("" if h is None or h.vote_date == "unknown" else day(h.vote_date))))
    body_rows.append(line(_("Days used"), [esc(f.span(f.state.t)) for _g, f in groups],
                          esc(_("{days} (mean)").format(days=f0.span(summary["mean_days"] * MINUTES_PER_DAY)))
                          if summary else None))
    body_rows.append(line(_("Revisions"), [esc(str(max(0, len(f.revisions) - 1))) for _g, f in groups]))
    most = max([len(f.silences) for _g, f in groups] + [len(h.silences) if h is not None and h.silences != "unknown" else 0])
    for k in range(most):
        cells = []
        for _g, f in groups:
            if k < len(f.silences):
                s = f.silences[k]
                cells.append(esc(", ".join(s.breakers)) if s.breakers else '<span class="match">' + _("held") + "</span>")
            else:
                cells.append('<span class="muted">\u2014</span>')
        ai = None
        if summary and k == 0:
            top = sorted(summary["silence"]["first_broken_by"].items(), key=lambda kv: -kv[1])[:4]
            ai = esc(", ".join(f"{m} {_pct(f0, p)}" for m, p in top if p > 0)) or _("held")
        rec = None
        if h is not None and h.silences != "unknown" and k < len(h.silences):
            b = h.silences[k].broken_by
            rec = esc(_("unknown") if b == "unknown" else (", ".join(b) or _("held")))
        body_rows.append(line(_("Silence {n}").format(n=k + 1), cells, ai, rec))
    body_rows.append(line(_("In blue over"), [esc(", ".join(f.blue_over)) for _g, f in groups]))
    body_rows.append(line(_("Threats (carried out?)"), [_threats(f) for _g, f in groups]))
    body_rows.append(line(_("Package deals"), [_packages(f) for _g, f in groups]))
    body_rows.append(line(esc(_("The host's letters")), [esc(", ".join(_("on rev{revision}").format(revision=hl.revision)
                                                                        for hl in f.host_letters) or _("none"))
                                                         for _g, f in groups]))
    body_rows.append(line(_("Told to hold firm"), [esc(", ".join(m for m in firm(f) if m not in f.outside) or _("nobody"))
                                                   for _g, f in groups]))
    body_rows.append(line(_("Explanations of vote"), [esc(_speakers(f)) for _g, f in groups],
                          None, esc(", ".join(h.explanations_of_vote)) if h is not None and h.explanations_of_vote != "unknown" else None))
    for issue in sc.issues:
        cells = []
        rec_v = h.final_text.get(issue.id) if h is not None else None
        for _g, f in groups:
            v = f.final_draft.get(issue.id)
            mark = ' <span class="match">\u2713</span>' if rec_v and rec_v != "unknown" and v == rec_v else ""
            cells.append((_shade(f, issue.id, v) if v else "\u2014") + mark)
        ai = None
        if summary:
            dist = summary["final_text"].get(issue.id, {})
            if dist:
                v = max(dist, key=dist.get)
                ai = _shade(f0, issue.id, v) + f'<span class="muted small">{_pct(f0, dist[v])}</span>'
        rec = None
        if h is not None:
            rec = (_shade(f0, issue.id, rec_v) if rec_v and rec_v != "unknown" else
                   '<span class="unk">' + _("unknown") + "</span>")
        body_rows.append(line(f"<strong>{esc(n.para(issue.id))}</strong> {esc(issue.title)}", cells, ai, rec))
    for m in sorted({m for _g, f in groups for m in f.outside}):
        cells = []
        for _g, f in groups:
            if m not in f.outside:
                cells.append("")
                continue
            s0, s1 = f.zero_satisfaction.get(m), f.final_satisfaction.get(m)
            sat = _("satisfaction {before} \u2192 {after}").format(before=_num(f0, s0), after=_num(f0, s1)) \
                if s0 is not None else ""
            if m == sc.penholder:
                moved = sum(1 for i, v in f.zero_draft.items() if f.final_draft.get(i) != v)
                amend = f0.tongue.ngettext("{n} paragraph changed from its zero draft",
                                           "{n} paragraphs changed from its zero draft", moved).format(n=moved)
            else:
                mine = Counter(a.status for a in f.amendments if a.proposer == m)
                amend = (_("{counts} amendments").format(counts=", ".join(str(c) + " " + _(STATUS_WORDS.get(k, k))
                                                                            for k, c in mine.items()))
                         if mine else _("no amendments"))
            cells.append(esc(f"{amend}; {sat}" if not fr else f"{amend}\u00a0; {sat}"))
        body_rows.append(line(_("{name} (the class's seat)").format(name=esc(n.name(m))), cells))

    expiry = f"{sc.calendar.mandate_expiry:%d %B %Y}" if not fr else f0.tongue.date(sc.calendar.mandate_expiry)
    pen = (_("The penholder is {name}, with its co-penholders {names}").format(
        name=n.the(sc.penholder), names=n.names_list(sc.co_penholders)) if sc.co_penholders
           else _("The penholder is {name}").format(name=n.the(sc.penholder)))
    parts = ["<h1>" + esc(_("Class report: {title}").format(title=sc.title)) + "</h1>",
             '<p class="sub">' + esc(f0.tongue.ngettext("{n} group played the same scenario ({id}).",
                                                        "{n} groups played the same scenario ({id}).",
                                                        len(groups)).format(n=len(groups), id=sc.id))
             + " " + esc(pen) + esc(_("; the mandate expires on {date}.").format(date=expiry)) + " "
             + _("Paragraph cells are shaded from the weakest text (light) to the strongest (dark)")
             + (_("; \u2713 = as in the record.") if h is not None else ".") + "</p>",
             '<section><h2>' + _("Side by side") + '</h2><div class="side">', table(head, body_rows), "</div></section>"]

    qs = _prompts(groups, summary)
    parts.append("<section><h2>" + _("Questions for the class") + '</h2><ol class="prompts">')
    parts += [f'<li><div class="q">{esc(q)}</div><div class="ctx">{esc(ctx)}</div></li>' for q, ctx in qs]
    parts.append("</ol></section>")

    # the vote, member by member
    c = f0.state.council
    vhead = [_("Member")] + [esc(g) for g in cols] + ([_("Record")] if h is not None and h.tally != "unknown" else [])
    vrows = []
    for m in c.ids:
        row = [esc(n.name(m)) + (" <span class=\"muted small\">P5</span>" if sc.members[m].permanent else "")]
        for _g, f in groups:
            broke = [str(s.number) for s in f.silences if m in s.breakers]
            you = '<span class="you">' + _("class") + "</span>" if m in f.outside else ""
            why = why_code(f, m)
            why = (f' <span class="muted small">{esc(_(WHY_SHORT[why]) if why in WHY_SHORT else why)}</span>'
                   if why and why != "support" else "")
            row.append(chip(f.ballots.get(m), f.ballot(f.ballots.get(m))) + you + why
                       + (' <span class="small" style="color:#c62828">' + _("broke {silences}").format(
                           silences=",".join(broke)) + "</span>" if broke else ""))
        if h is not None and h.tally != "unknown":
            row.append(chip(h.tally.get(m), f0.ballot(h.tally.get(m))))
        vrows.append(row)
    parts += ['<section class="page"><h2>' + _("How each member voted, and who broke silence") + "</h2>",
              '<p class="muted small">' + _("Next to a ballot that was not simply a yes for the text: the reason that "
                                            "decided it (the debrief of each group says it in full).") + "</p>",
              table(vhead, vrows), "</section>"]

    # the texts the groups ended with
    parts.append('<section class="page"><h2>' + _("The final texts") + '</h2><p class="muted small">'
                 + _("Each text a group ended with, against the zero draft (struck through: removed; underlined: "
                     "added).") + "</p>")
    for issue in sc.issues:
        zero = f0.zero_draft.get(issue.id)
        variants = dict.fromkeys(f.final_draft.get(issue.id) for _g, f in groups)
        parts.append(f"<h3>{esc(n.para(issue.id))} {esc(issue.title)}</h3>")
        for v in variants:
            if v is None:
                continue
            who = ", ".join(g for g, f in groups if f.final_draft.get(issue.id) == v)
            old = n.variants[issue.id][zero].text if zero else ""
            new = n.variants[issue.id][v].text
            parts.append(f'<div class="op{" moved" if v != zero else ""}"><h4>{esc(_quote(f0, f0.label(issue.id, v)))} '
                         f'\u2014 {esc(who)}</h4><div class="diff">{word_diff(old, new)}</div></div>')
    parts.append("</section>")

    parts.append("<footer>" + esc(_("Penholder class report \u2014 scenario {id}; logs: {logs}.").format(
        id=sc.id, logs=", ".join(cols)))
                 + (esc(_(" AI runs: {runs}, seed {seed}.").format(runs=runs, seed=seed)) if summary else "")
                 + "</footer>")
    return page(_("Class report \u2014 {title}").format(title=sc.title), "".join(parts), f0.tongue.lang)


def write_class_report(paths, out, runs: int = 200, seed: int = 0, lang: str = "en") -> list[tuple[str, Facts]]:
    """Read the logs (`game.replay.load_log`) and write the class report to `out`
    (atomically; never over one of the logs)."""
    from game.debrief.report import ReportError, check_runs_seed
    from game.events import refuse_overwrite, writable_target, write_atomic

    try:
        check_runs_seed(runs, seed)
    except ReportError as exc:
        raise ClassReportError(str(exc)) from None
    writable_target(out)
    refuse_overwrite(out, paths)
    groups = load_sessions(paths, lang)
    try:
        text = class_report_html(groups, runs=runs, seed=seed)
    except Exception as exc:  # noqa: BLE001 - a record load_log let through: one line, not a traceback
        what = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ClassReportError(f"{', '.join(os.fspath(p) for p in paths)}: a record of these logs cannot be "
                               f"reported on ({type(exc).__name__}: {what}); check each with: "
                               "python main.py replay LOG --verify") from None
    write_atomic(out, text)
    return groups


def cmd_class_report(args) -> int:
    from game.events import WriteError

    try:
        groups = write_class_report(args.logs, args.out, runs=args.runs, seed=args.seed,
                                    lang=reader(args).lang)
    except (ClassReportError, WriteError) as exc:
        print(f"class-report: {exc}")
        return 1

    _ = reader(args).gettext
    size = os.path.getsize(args.out) if os.path.isfile(args.out) else 0
    print(_("{out}: {n} sessions side by side ({groups}), {kb} KB, self-contained.").format(
        out=args.out, n=len(groups), groups=", ".join(g for g, _f in groups), kb=size // 1024))
    return 0
