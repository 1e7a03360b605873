"""Plain words for what the model records as data: why a ballot went as it did, what a
capital had told its delegation, whether a threat was carried out, and sources as a
student may read them. Shared by the debrief and the class report (pure functions of the
facts; no HTML here).
"""

from __future__ import annotations

import re

from game.debrief.facts import Facts
from game.i18n import N_
from game.names import counted, number
from game.scoring import aim_variant, lapse_explained

# ------------------------------------------------------------------------------ sources

# an author's pointer to a working file of the project: "(via BRIEF.md §3)"; a corpus
# reference: "(seed 000_2d476e0afd025d32)"
_VIA_NOTE = re.compile(r"\s*\(via [^()]*\)")
_SEED_NOTE = re.compile(r"\s*\(seed [0-9A-Za-z_]+\)")
_INTERNAL = re.compile(r"^(BRIEF(\.md)?|ARCHITECTURE(\.md)?|MEASURED(\.md)?)(\s*§\s*\d+)?$|\.(md|py|ya?ml|txt)\b")
_PAREN = re.compile(r"\s*\(([^()]*)\)")


def _drop_internal(m: re.Match) -> str:
    items = [x.strip() for x in m.group(1).split(",")]
    keep = [x for x in items if x and not _INTERNAL.search(x)]
    if len(keep) == len(items):
        return m.group(0)
    return f" ({', '.join(keep)})" if keep else ""


def public_text(text: str) -> str:
    """A source or a note as a student reads it: without the authors' pointers to the
    project's working files ("(via BRIEF.md §3)", "(BRIEF §3, blog)" -> "(blog)") or to
    their corpus ("(seed 000_...)")."""
    out = _VIA_NOTE.sub(lambda m: "" if _INTERNAL.search(m.group(0)[6:-1].strip()) or "BRIEF" in m.group(0)
                        else m.group(0), str(text))
    out = _SEED_NOTE.sub("", out)
    out = _PAREN.sub(_drop_internal, out)
    return " ".join(out.split())


# ------------------------------------------------------------------------------ ballots

BALLOT_VERB = {"yes": N_("voted yes"), "no": N_("voted no"), "abstain": N_("abstained")}

# the short label of each reason a ballot won (the class report's cells)
WHY_SHORT = {
    "support": N_("for the text"),
    "pivotal": N_("its vote could decide"),
    "process": N_("protest at the process"),
    "text": N_("disliked the text"),
    "host_consent": N_("the host's objection"),
    "will_not_block": N_("would not block"),
    "red_line": N_("a red line crossed"),
    "veto": N_("veto"),
    "against": N_("against the text"),
}

# the heading under which the debrief groups the ballots of each reason
WHY_GROUP = {
    "support": N_("The text was one it could vote for"),
    "pivotal": N_("Its vote could decide the outcome"),
    "process": N_("A protest at the process"),
    "text": N_("It disliked the text too much to vote for it"),
    "host_consent": N_("The host country objected"),
    "will_not_block": N_("Worse than a failure, but not worth a no"),
    "red_line": N_("The text crossed a red line"),
    "veto": N_("A veto"),
    "against": N_("Worse than a failure, and worth a no"),
    "": N_("The class's own decision"),
}


def weighing(f: Facts, m: str) -> dict:
    """The first reason of m's ballot (the one with ``why``), or {}."""
    reasons = f.vote_reasons.get(m) or []
    return reasons[0] if reasons and isinstance(reasons[0], dict) and "why" in reasons[0] else {}


def why_code(f: Facts, m: str) -> str:
    return str(weighing(f, m).get("why") or "")


def _preferred(f: Facts, r: dict) -> str | None:
    """The text of the paragraph nearest to what the member wanted (its own position; a tie by
    game.scoring.nearest's rule)."""
    issue = r.get("issue")
    if issue not in f.narrator.variants or "own_position" not in r:
        return None
    best = f.narrator.variants[issue][aim_variant(f.narrator.sc, issue, float(r["own_position"]))]
    return best.label or best.id


def weighed_most(f: Facts, m: str) -> list[str]:
    """The paragraphs that weighed most on m's ballot, in plain words: "OP 58 (Climate
    change and security): it would have preferred “No reference” to “Re-introduced climate
    paragraph” (a red line)"."""
    out = []
    for r in (f.vote_reasons.get(m) or [])[1:]:
        if not isinstance(r, dict) or r.get("issue") not in f.narrator.issues:
            continue
        issue = r["issue"]
        now = f.label(issue, r["text"]) if r.get("text") in f.narrator.variants[issue] else None
        want = _preferred(f, r)
        if want and now and want != now:
            what = f._("it would have preferred \u201c{wanted}\u201d to \u201c{text}\u201d").format(wanted=want, text=now)
        elif now:
            what = (f._("it wanted more than \u201c{text}\u201d") if r.get("want") == "more" else
                    f._("it wanted less than \u201c{text}\u201d")).format(text=now)
        else:
            continue
        out.append(f._("{paragraph}: {what}").format(paragraph=f.para(issue), what=what)
                   + (f._(" (a red line)") if r.get("red_line") else ""))
    return out


def why_sentence(f: Facts, m: str) -> str:
    """Why m voted as it did, in a sentence or two a class can discuss."""
    _ = f._
    ballot = f.ballots.get(m)
    w = weighing(f, m)
    why = str(w.get("why") or "")
    rollover = bool(w.get("rollover")) or f.state.vote_on == "rollover"
    sat = w.get("satisfaction")
    perm = f.scenario.members[m].permanent if m in f.scenario.members else False
    if not why:
        if m in f.outside:
            return _("The class's own decision.")
        return _("No reason was recorded for this ballot.")
    if rollover:
        per_issue = (lapse_explained(f.state.council, f.state.council.index[m], f.tongue)
                     if m in f.state.council.index else None)
        return {
            "support": _("It preferred a technical rollover of the current mandate to letting the mandate lapse."),
            "pivotal": _("Its vote could decide whether the mandate lapsed, and a rollover was better for it than a lapse."),
            "process": _("It abstained in protest at how the negotiation went, though a rollover was better for it "
                       "than a lapse."),
            "text": _("It dislikes the current mandate more than it values joining the Council, though a lapse "
                    "would have been worse."),
            "host_consent": _("The host country objected, and it defers to the host's consent."),
            "will_not_block": _("It would rather the mandate lapsed, but not by enough to vote against."),
            "veto": _("As a permanent member, its no vetoed the rollover: it preferred the mandate to lapse, "
                    "by more than the cost of a veto."),
            "against": _("It preferred the mandate to lapse, by more than the cost of a public no."),
            "red_line": _("The mandate it would extend crossed one of its red lines, so it could not vote yes."),
        }.get(why, _(_UNKNOWN_WHY)) + (" " + per_issue if per_issue else "")
    if why == "support":
        if isinstance(sat, (int, float)) and sat >= 0.85:
            return _("The text was close to what it wanted (satisfaction {value}).").format(
                value=f.tongue.number(sat))
        tail = _(" (satisfaction {value})").format(value=f.tongue.number(sat)) if isinstance(sat, (int, float)) else ""
        return _("It had reservations{satisfaction}, but joining the Council's consensus mattered more.").format(
            satisfaction=tail)
    if why == "pivotal":
        return _("It disliked the text, but its vote could decide whether the draft passed, and the text was "
                "better for it than a failure (a rollover or a lapse): it voted yes.")
    if why == "process":
        return _("It abstained in protest at the process: the penholder set aside what it had asked for. But "
                "for that grievance it would have voted yes.")
    if why == "text":
        return _("It disliked the text more than it valued joining the Council's consensus; the text was still "
                "better for it than a failure, so it did not vote against.")
    if why == "host_consent":
        return _("The host country objected to the text, and it defers to the host's consent: but for that "
                "it would have voted yes.")
    if why == "will_not_block":
        return _("The text was worse for it than what would follow a failure (a rollover or a lapse), but not "
                "by enough to vote against: it abstained rather than block.")
    if why == "red_line":
        crossed = [r for r in (f.vote_reasons.get(m) or [])[1:] if isinstance(r, dict) and r.get("red_line")]
        where = (_(" on {paragraph}").format(paragraph=f.para(crossed[0]["issue"]))
                 if crossed and crossed[0].get("issue") in f.narrator.issues else "")
        end = {"no": _(" It voted no, a veto.") if perm else _(" It voted no."),
               "abstain": _(" It abstained.")}.get(ballot or "", "")
        return _("The text crossed one of its red lines{where}, so it could not vote yes.{then}").format(
            where=where, then=end)
    if why == "veto":
        return _("As a permanent member, its no was a veto: the text was worse for it than the draft failing, "
                "by more than the political cost of a veto.")
    if why == "against":
        return _("The text was worse for it than the draft failing, by more than the cost of a public no.")
    return _(_UNKNOWN_WHY)


# a reason this report does not know (a log from a later version of the model)
_UNKNOWN_WHY = N_("Its ballot recorded a reason this report cannot put in words.")


# ------------------------------------------------------------------------------ instructions


def instruction(f: Facts, m: str) -> tuple[str, int]:
    """What m's capital had told its delegation, in words, and how far from the ordinary
    (0: nothing special, 1: notable, 2: strong). A negative unity shift is firmness (the
    delegation will swallow less to join the consensus); a positive shift of the failure
    outcome means a failure would hurt it less."""
    if m not in f.instructions:
        return "", 0
    _ = f._
    unity, failure = f.instructions[m]
    sd = f.private_sd or 0.12
    zu, zr = unity / sd, failure / sd
    parts = []
    if zu <= -1:
        parts.append(_("to hold firm") if zu > -2 else _("to hold very firm"))
    elif zu >= 1:
        parts.append(_("to join the consensus if it could") if zu < 2 else _("to join the consensus, whatever it took"))
    if zr >= 1:
        parts.append(_("that it could live with the draft failing") if zr < 2 else
                     _("that it could easily live with the draft failing"))
    elif zr <= -1:
        parts.append(_("to avoid a failure of the draft") if zr > -2 else
                     _("to avoid a failure of the draft at almost any cost"))
    level = max(int(min(2, abs(zu))), int(min(2, abs(zr))))
    view = private_view(f, m)
    if view:
        parts.append(view)
        level = max(level, 1)
    if not parts:
        return _("Nothing out of the ordinary."), 0
    return _("Told {what}.").format(what=_(" and ").join(parts)), level


VIEW_SDS = 2.5
"""How far (in standard deviations) a capital's private view of a text on the table must be
from its public position for the debrief to name it (`private_view`)."""


def private_view(f: Facts, m: str) -> str | None:
    """Of the texts that were on the table (in a draft circulated or an amendment), the one
    m's capital thought of most differently from m's public position (its private view,
    `State.taste`), in words, when it is at least `VIEW_SDS` standard deviations of
    `instruction_sd` out (about one delegation in five on the default scenario); else None."""
    st = f.state
    c = st.council
    sd = c.params.instruction_sd
    if sd <= 0.0 or m not in c.index:
        return None
    tabled = {(i, v) for draft in st.drafts for i, v in enumerate(draft)}
    tabled.update((a.issue, a.variant) for a in st.amendments)
    taste = st.taste[c.index[m]]
    x, i, v = max(((abs(taste[i][v]), i, v) for i, v in tabled), default=(0.0, 0, 0))
    if x < VIEW_SDS * sd:
        return None
    info = c.issues[i]
    if f.tongue.lang == "en":
        what = f"\u201c{info.labels[v]}\u201d on {info.title} (OP {info.paragraph})"
    else:
        what = f.tongue.gettext("{text} on {title} ({paragraph})").format(
            text=f"\u00ab\u00a0{f.label(info.id, info.variant_ids[v])}\u00a0\u00bb",
            title=f.narrator.issues[info.id].title, paragraph=f.narrator.para(info.id))
    return (f.tongue.gettext("to resist {text}") if taste[i][v] < 0 else f.tongue.gettext("to press for {text}")).format(
        text=what)


def firm(f: Facts) -> list[str]:
    """The members told to hold firm, firmest first."""
    sd = f.private_sd or 0.12
    out = [(u, m) for m, (u, _r) in f.instructions.items() if u / sd <= -1]
    return [m for _u, m in sorted(out)]


# ------------------------------------------------------------------------------ threats

THREAT_WORDS = {"abstain": N_("to abstain"), "no": N_("to vote no"), "veto": N_("to veto")}
# what the threat said, after "makes clear it will"
THREAT_SAID = {"abstain": N_("abstain on the text as it stands"), "no": N_("vote no on the text as it stands"),
               "veto": N_("veto the text as it stands")}


def threat_outcome(f: Facts, member: str, threat: str) -> tuple[str, bool | None]:
    """Whether the threat was carried out, in words, and True/False (None: no vote on the
    text was held)."""
    _ = f._
    ballot = f.ballots.get(member)
    if f.state.vote_on == "rollover" and ballot:
        return (_("the text never came to a vote (a technical rollover was voted on instead)"), None)
    if not ballot:
        return (_("no vote was held on the text"), None)
    perm = f.scenario.members[member].permanent
    if threat == "abstain":
        if ballot == "abstain":
            return _("carried out: it abstained"), True
        if ballot == "no":
            return (_("went further: it voted no, a veto") if perm else _("went further: it voted no"), True)
        return _("not carried out: it voted yes"), False
    if ballot == "no":
        return (_("carried out: it vetoed the text") if perm else _("carried out: it voted no")), True
    if ballot == "abstain":
        return _("softened: it abstained"), False
    return _("not carried out: it voted yes"), False


def requests_met(f: Facts, silence: int, requests: list[tuple[str, str]]) -> str:
    """How far the final text met a silence-breaker's requests: "the final text gave it
    one of its two requests"."""
    if not requests or not f.final_draft:
        return ""
    sil = next((s for s in f.silences if s.number == silence), None)
    drafts = {r.number: r.draft for r in f.revisions}
    before = drafts.get(sil.revision if sil else 0, f.zero_draft)
    met = moved = 0
    for issue, asked in requests:
        final, start = f.final_draft.get(issue), before.get(issue)
        if final == asked:
            met += 1
        elif final is not None and start is not None and \
                (f.position(issue, asked) - f.position(issue, start)) * (f.position(issue, final) - f.position(issue, start)) > 0:
            moved += 1
    n = len(requests)
    if f.tongue.lang != "en":  # (digits, as the French tables write counts)
        _ = f._
        if met == n:
            return _("the final text gave it what it asked") if n == 1 else _(
                "the final text gave it all {n} of its requests").format(n=n)
        if met and moved:
            return _("the final text gave it {met} of its {n} requests and moved its way on {moved} more").format(
                met=met, n=n, moved=moved)
        if met:
            return _("the final text gave it {met} of its {n} requests").format(met=met, n=n)
        if moved:
            return _("the final text moved its way on {moved} of its {n} requests").format(moved=moved, n=n)
        return _("the final text gave it none of its requests") if n > 1 else _("the final text gave it not what "
                                                                                "it asked")
    if met == n:
        return "the final text gave it " + ("what it asked" if n == 1 else f"all {number(n)} of its requests")
    if met and moved:
        return (f"the final text gave it {number(met)} of its {counted(n, 'request')} and moved its way "
                f"on {number(moved)} more")
    if met:
        return f"the final text gave it {number(met)} of its {counted(n, 'request')}"
    if moved:
        return f"the final text moved its way on {number(moved)} of its {counted(n, 'request')}"
    return "the final text gave it " + ("none of its requests" if n > 1 else "not what it asked")
