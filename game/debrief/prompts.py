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
from game.names import counted, times

_VOTED = {"yes": "voted yes", "no": "voted no", "abstain": "abstained"}
_ENDED = {"adopted": "with the text adopted", "vetoed": "in a veto", "not_adopted": "with the text not adopted",
          "rollover": "in a technical rollover", "lapsed": "with the mandate lapsing"}


def _voted(f: Facts, m: str) -> str:
    """'voted yes', 'abstained', 'vetoed the text', 'voted no on the technical rollover'."""
    b = f.ballots.get(m)
    if b == "no" and f.scenario.members[m].permanent:
        return "vetoed the technical rollover" if _on(f) else "vetoed the text"
    return _VOTED.get(b, f"voted {b}") + _on(f)


def _on(f: Facts) -> str:
    """' on the technical rollover' when the vote was on one rather than on the text."""
    return " on the technical rollover" if f.state.vote_on == "rollover" else ""


_THREATENED = {"abstain": "to abstain", "no": "to vote no", "veto": "a veto"}


def _title(f: Facts, issue: str) -> str:
    i = f.narrator.issues[issue]
    return f"OP {i.paragraph} ({i.title})"


def _got(f: Facts, member: str, issue: str, asked: str) -> str:
    """Whether the final text moved the way a silence-breaker asked."""
    final = f.final_draft.get(issue)
    if final is None:
        return ""
    if final == asked:
        return "The final text gives it exactly that."
    drafts = {r.number: r.draft for r in f.revisions}
    before = drafts.get(_silenced_revision(f, member), f.zero_draft).get(issue)
    if before is None:
        return ""
    start = f.position(issue, before)
    if (f.position(issue, asked) - start) * (f.position(issue, final) - start) > 0:
        return f"The final text moved its way, to {_quote(f.label(issue, final))}."
    return f"The final text still reads {_quote(f.label(issue, final))}."


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _quote(text: str) -> str:
    return "\u201c" + text + "\u201d"


def _silenced_revision(f: Facts, member: str) -> int:
    for s in f.silences:
        if member in s.breakers:
            return s.revision
    return 0


def prompts(f: Facts, summary: dict | None = None) -> list[tuple[str, str]]:
    """(question, context) pairs, most telling first."""
    out: list[tuple[str, str]] = []
    sc, n = f.scenario, f.narrator
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
            which = (f"silence {again[0]}" if len(again) == 1 else
                     "silences " + ", ".join(map(str, again[:-1])) + f" and {again[-1]}")
            ctx = (f"{f.the(b.member, cap=True)} broke silence {times(len(again))} ({which}), first on "
                   f"{_title(f, issue)}, asking for \u201c{f.label(issue, asked)}\u201d. "
                   f"{_got(f, b.member, issue, asked)}" + (f" It then {_voted(f, b.member)}." if voted else ""))
            threat = next((t.threat for t in f.threats if t.member == b.member), None)
            if threat:
                ctx += f" It had threatened {_THREATENED[threat]}."
            who = "your delegation" if b.member in f.outside else f.the(b.member)
            q = f"Why did {who} break silence on {_title(f, issue)}"
            q += " \u2014 and why vote yes afterwards?" if voted == "yes" else "?"
            out.append((q, ctx))
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
        items = "; ".join(f"{_title(f, i)}: \u201c{f.label(i, a)}\u201d \u2192 \u201c{f.label(i, b)}\u201d"
                          for _w, i, a, b in given)
        sat0, sat1 = f.zero_satisfaction.get(pen), f.final_satisfaction.get(pen)
        ctx = f"From the zero draft to the final text: {items}."
        if sat0 is not None and sat1 is not None:
            ctx += f" {f.the(pen, cap=True)}'s satisfaction with its own text went from {sat0:.2f} to {sat1:.2f}"
            ctx += f"; the result: {f.outcome.replace('_', ' ')} {f.tally}." if f.tally else "."
        who = "your delegation, as penholder," if pen in f.outside else f.the(pen)
        out.append((f"What did {who} give up, and what did it buy?", ctx))
    elif f.revisions:
        out.append((f"{f.the(pen, cap=True)} conceded nothing that it valued: how did it hold its text?",
                    "Every change from the zero draft, if any, moved toward the penholder's own positions."))

    # 2b. inside the pen: what the co-penholders changed
    if sc.co_penholders:
        objected = [e for e in f.events if e.kind == "co_pen_revision" and not e.data.get("agrees", True)]
        refused = [e for e in f.events if e.kind == "co_pen_step" and not e.data.get("agrees", True)]
        bits = []
        for m in sc.co_penholders:
            r = sum(e.actor == m for e in objected)
            s = sum(e.actor == m for e in refused)
            said = ([f"objected to the lead's revision {times(r)}"] if r else []) + \
                ([f"asked for a more cautious next step {times(s)}"] if s else [])
            if said:
                bits.append(f"{f.the(m, cap=True)} " + " and ".join(said))
        ctx = (f"The co-penholders, {n.names_list(sc.co_penholders)}, had to agree to every revision and every "
               f"next step. " + ("; ".join(bits) + "." if bits else "They agreed to everything the lead proposed."))
        who = "your delegation" if any(m in f.outside for m in (pen, *sc.co_penholders)) else "the pen"
        out.append((f"Did holding the pen together make the text stronger, or only slower, for {who}?", ctx))

    # 3. abstentions and votes against
    for m, b in f.ballots.items():
        if b in ("abstain", "no"):
            eov = next((t for a, _d, t in f.explanations if a == m), None)
            reasons = f.vote_reasons.get(m) or []
            paras = ", ".join(_title(f, r["issue"]) for r in reasons[:2] if "issue" in r)
            ctx = f"{f.the(m, cap=True)} {_voted(f, m)}" + (f"; what weighed most: {paras}" if paras else "") + "."
            ctx += " " + why_sentence(f, m)
            if eov:
                ctx += " Its explanation: " + _quote(_clip(eov, 260))
            word = "abstain" if b == "abstain" else ("veto the " + ("rollover" if _on(f) else "text")
                                                     if m in perm else "vote against")
            veto = " Its no was a veto." if b == "no" and m in perm and why_code(f, m) != "veto" else ""
            out.append((f"Why did {f.the(m)} {word}? What would have brought it to yes?", ctx + veto))
    if f.tally and not any(b != "yes" for b in f.ballots.values()) and f.breakers:
        out.append((f"The vote was {f.tally}, yet {counted(len(f.breakers), 'delegation')} "
                    "broke silence. What does a unanimous vote hide?",
                    "Breakers: " + f.names_list(f.breakers) + ". Breaking silence is not the "
                    "same as intending to vote no: in 2021 China and India broke silence twice and still voted yes."))
    if f.blue_over:
        out.append((f"{f.the(pen, cap=True)} put the text in blue over the objections of {f.names_list(f.blue_over)}. "
                    "Why not another silence \u2014 and what was the risk?",
                    f"{counted(len(f.silences), 'silence procedure').capitalize()} before blue; "
                    f"the vote: {f.tally or 'not held'}."))

    # 4. the class's own delegation
    for m in f.outside:
        mine = [a for a in f.amendments if a.proposer == m]
        if m != pen and mine:
            c = Counter(a.status for a in mine)
            s0, s1 = f.zero_satisfaction.get(m), f.final_satisfaction.get(m)
            ctx = (f"{len(mine)} amendment{'s' if len(mine) > 1 else ''} tabled: "
                   + ", ".join(f"{c[k]} {k}" for k in ("accepted", "partly", "rejected", "pending") if c[k])
                   + (f". Satisfaction with the text: {s0:.2f} at the zero draft, {s1:.2f} at the end." if s0 is not None else "."))
            out.append((f"As {f.the(m)}, which of your requests mattered most, and which trade was decisive?", ctx))

    # 5. the record
    h = sc.history
    if h is not None and f.finished:
        diffs = [(i, v) for i, v in h.final_text.items() if v != "unknown" and final.get(i) != v]
        if f.outcome != h.outcome:
            out.append((f"In reality the renewal was {h.outcome.replace('_', ' ')}; here it was "
                        f"{f.outcome.replace('_', ' ')}. What made the difference?",
                        f"Record: resolution {h.resolution or sc.resolution}."))
        elif diffs:
            i, v = diffs[0]
            out.append((f"On {_title(f, i)} the Council really settled on \u201c{f.label(i, v)}\u201d; "
                        f"this session ended with \u201c{f.label(i, final.get(i))}\u201d. Why?",
                        f"{len(diffs)} paragraph{'s' if len(diffs) > 1 else ''} differ from the record."))
        if h.silences != "unknown" and h.silences and h.silences[0].broken_by != "unknown":
            rec = set(h.silences[0].broken_by)
            ours = set(f.silences[0].breakers) if f.silences else set()
            if rec != ours:
                out.append(("Who broke the first silence, here and in reality, and why the difference?",
                            f"Record: {f.names_list(sorted(rec)) or 'nobody (it held)'}; this session: "
                            f"{f.names_list(sorted(ours)) or ('nobody (it held)' if f.silences else 'no silence')}."))

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
            out.append((f"Only {100 * share:.0f}% of {runs} AI negotiations ended with \u201c{f.label(issue, v)}\u201d on "
                        f"{_title(f, issue)}, as this session did. What did the room do differently?",
                        f"The AI runs mostly settled on \u201c{f.label(issue, modal)}\u201d "
                        f"({100 * summary['final_text'][issue][modal]:.0f}%)."))
        o = summary["outcome"].get(f.outcome, 0.0)
        if f.finished and o < 0.5:
            share = f"none of the {runs} AI negotiations" if o == 0 else \
                f"only {100 * o:.0f}% of the {runs} AI negotiations"
            out.append((f"This session ended {_ENDED.get(f.outcome, f.outcome.replace('_', ' '))}, as {share} "
                        "did. Which decision sent it there?", ""))

    # 7. injects
    for t, _eid, msg, timed in f.injects:
        first = _clip(msg.split(". ")[0].rstrip("."), 140)
        out.append((f"How did the news \u2014 \u201c{first}\u201d \u2014 change the talks? Who moved?",
                    f"{'Dated event' if timed else 'Facilitator inject'}, {n.clock(t)}."))

    # 8. outcomes that need their own question
    if f.outcome == "vetoed":
        out.append(("Could the penholder have avoided the veto? Was putting the text to a vote a choice?", ""))
    elif f.outcome in ("rollover", "lapsed"):
        out.append(("Time ran out. Where were the days lost, and who gained from a rollover?", ""))
    elif f.outcome == "unfinished":
        out.append(("The session stopped before the end: what would you do next, and why?", ""))
    return out
