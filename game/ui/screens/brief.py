"""3. Brief — instructions from capital: the situation; your position and red lines on
each paragraph and how much each matters; likely allies and opponents (from the agents'
parameters); the calendar; how you will be scored."""

from __future__ import annotations

import math

import pygame

from game.i18n import ENGLISH, N_
from game.narrate import Narrator
from game.scoring import (
    BLUFF_COST,
    CONSENSUS_POINTS,
    FUTILE_BREAK_COST,
    NO_FACTOR,
    OUTCOME_POINTS,
    PROTEST_COST,
    RED_LINE_POINTS,
    RELATIONS_POINTS,
    REVERSAL_COST,
    VETO_FACTOR,
    alignment,
    groups_of,
    issue_brief,
    lapse_explained,
    roles,
)
from game.ui import gfx
from game.ui.widgets import Doc, FocusItem, Screen, ScrollDoc

IMPORTANCE_COLOUR = {"vital": "no", "high": "abstain", "medium": "accent", "low": "muted"}


def pips(surf, th, x, y, frac: float, n=5, colour="accent"):
    filled = max(1, math.ceil(frac * n - 1e-9))
    s = th.px(9)
    for k in range(n):
        r = pygame.Rect(x + k * (s + th.px(3)), y, s, s)
        if k < filled:
            pygame.draw.rect(surf, th.c[colour], r, border_radius=th.px(2))
        else:
            pygame.draw.rect(surf, th.c["line"], r, 1, border_radius=th.px(2))


# the words of game.scoring's roles and importances, for the catalogue
ROLE_WORDS = {"penholder": N_("penholder"), "lead penholder": N_("lead penholder"),
              "co-penholder": N_("co-penholder"), "permanent member": N_("permanent member"),
              "elected member": N_("elected member"), "president": N_("president")}
IMPORTANCE_WORDS = {"vital": N_("VITAL"), "high": N_("HIGH"), "medium": N_("MEDIUM"), "low": N_("LOW")}


def role_sentence(sc, seat: str, tongue=ENGLISH) -> str:
    """'You are the penholder and a permanent member, and you coordinate within the P3.'"""
    _ = tongue.gettext
    names = {m: tongue.the(sc.members[m].name) for m in (sc.penholder, *sc.co_penholders)}
    others_list = [names[m] for m in sc.co_penholders if m != seat]
    co = tongue.join(others_list)
    others = ((_("; {names} also holds the pen") if len(others_list) == 1
               else _("; {names} also hold the pen")).format(names=co) if co else "")
    words = {"penholder": _("the penholder"), "permanent member": _("a permanent member"),
             "lead penholder": _("the lead penholder (with {names} as co-penholders)").format(names=co),
             "co-penholder": _("a co-penholder ({lead} leads{others})").format(lead=names[sc.penholder],
                                                                              others=others),
             "elected member": _("an elected member"), "president": _("the president of the Council this month")}
    rl = [words[r] for r in roles(sc, seat)]
    text = _("You are {roles}").format(roles=tongue.join(rl))
    grp = groups_of(sc, seat)
    if grp:
        text += _("; you coordinate within the {groups}").format(groups=_(" and the ").join(grp))
    return text + "."


def score_bullets(sc, seat: str, pen: bool, tongue=ENGLISH) -> list[str]:
    """The brief's "How you will be scored" (game.scoring), in the seat's own numbers."""
    from game.council import Council

    _ = tongue.gettext
    c = Council(sc)
    m = c.index[seat]
    lapse = c.lapse_value[m]
    worst = min(0.0, lapse)
    mission = (_("a lapse scores well for you: your capital would rather the mission went") if lapse > 0.5
               else _("a lapse of the mandate is the worst outcome for you") if lapse <= 0
               else _("a lapse scores little for you"))
    veto = _("a veto") if c.permanent[m] else _("a no")
    n = len(c.ids)
    relations = (
        _("[b]Relations ({points} points):[/b] the penholder answers for the process: each member that "
          "abstains or votes no because its comments were ignored, it dislikes the text or the host objects "
          "costs {protest} points, each delegation to which you take back a concession {reversal}.").format(
            points=RELATIONS_POINTS, protest=round(PROTEST_COST * RELATIONS_POINTS),
            reversal=round(REVERSAL_COST * RELATIONS_POINTS))
        if pen else
        _("[b]Relations ({points} points):[/b] {veto} costs you {cost} points; a threat you do not carry out "
          "(you threaten, then vote yes) {bluff}; a silence you break for nothing (no paragraph you named "
          "moves your way) {futile}.").format(
            points=RELATIONS_POINTS, veto=veto,
            cost=round((VETO_FACTOR if c.permanent[m] else NO_FACTOR) * c.no_cost[m] * RELATIONS_POINTS),
            bluff=round(BLUFF_COST * RELATIONS_POINTS), futile=round(FUTILE_BREAK_COST * RELATIONS_POINTS)))
    per_issue = lapse_explained(c, m, tongue)
    return [
        _("[b]The outcome ({points} points):[/b] what your capital gets. An adopted resolution is worth "
          "your satisfaction with its text (paragraph by paragraph, weighted by how much each matters to you); "
          "a technical rollover, the mandate in force for a few months ({rollover} for you); a vetoed or "
          "failed draft, what probably follows ({reversion}); a lapse of the mandate, {lapse}. Points run from "
          "{worst} (0 points) to your ideal text (1, all {points}): {mission}.").format(
            points=OUTCOME_POINTS, rollover=tongue.number(c.rollover_value[m]),
            reversion=tongue.number(c.reversion[m]), lapse=tongue.number(lapse), worst=tongue.number(worst),
            mission=mission)
        + (f" {per_issue}" if per_issue else ""),
        _("[b]Red lines ({points} points):[/b] kept unless an adopted resolution crosses one of yours.").format(
            points=RED_LINE_POINTS),
        _("[b]Consensus ({points} points):[/b] a Council that acts together: {points} x (votes in favour / "
          "members)\u00b2 when a resolution or a rollover is adopted \u2014 {n}-0-0 earns {points}, {m}-0-4 "
          "earns {some}; nothing adopted, 0.").format(
            points=CONSENSUS_POINTS, n=n, m=n - 4, some=round(CONSENSUS_POINTS * ((n - 4) / n) ** 2)),
        relations,
        (_("A text forced through without negotiation is closer to what you asked for, but the abstentions it "
           "provokes cost consensus and relations points that the better text rarely makes up for.") + " "
         if pen else "")
        + _("The debrief shows your score part by part, against hundreds of simulated negotiations of the same "
            "scenario in which an agent held your seat."),
    ]


class BriefScreen(Screen):
    name = "brief"

    def __init__(self, app):
        super().__init__(app)
        self.game = app.game
        self.sc = self.game.scenario
        self.seat = self.game.seat
        self.names = Narrator(self.sc, ids=False)  # the members' names in the window's language

    def build(self) -> None:
        W, H = self.app.size
        px = self.px
        side = min(px(380), int(W * 0.3))
        self.doc_rect = pygame.Rect(px(40), px(140), W - side - px(100), H - px(174))
        self.view = ScrollDoc(self, self.doc_rect.inflate(-px(8), 0))
        doc = self.document(self.view.rect.width - px(14))
        self.view.set(doc.render(), keep=False)
        x = self.doc_rect.x
        for name, y in doc.anchors.items():  # (the controls are named in English, the tabs shown translated)
            label = self._(name)
            w = self.cache.font(gfx.Style(role="small", bold=True)).size(label)[0] + px(28)
            self.button((x, px(92), w, px(32)), label, lambda y=y: self.jump(y), cls="@tab", name=f"jump:{name}")
            x += w + px(8)
        self.side = pygame.Rect(self.doc_rect.right + px(28), px(92), side, H - px(126))
        label = self._("Take your seat") if self.seat else self._("Watch the negotiation")
        self.button((self.side.x, self.side.bottom - px(110), side, px(54)), label, self.start, cls="@primary",
                    name="start")
        self.button((self.side.x, self.side.bottom - px(44), side, px(42)), self._("Back to the title screen"),
                    self.back, cls="@quiet", name="back")
        self.focus.add(FocusItem(lambda: self.doc_rect, up=lambda: self.view.scroll(-px(60)),
                                 down=lambda: self.view.scroll(px(60)), name="doc"))
        self.focus.focus("start")

    def jump(self, y: int) -> None:
        self.view.offset = y
        self.view.clamp()

    def start(self) -> None:
        self.app.set_screen(self.app.scene_screen())

    def back(self) -> None:
        self.app.go_title()

    def escape(self) -> None:
        self.back()

    def scroll(self, dy, pos) -> bool:
        self.view.scroll(dy)
        return True

    # --- the document ----------------------------------------------------------------------------
    def document(self, width: int) -> Doc:
        sc, seat, n, t = self.sc, self.seat, self.names, self.tongue
        _ = self._
        d = Doc(self, width)
        cal = sc.calendar
        pen = gfx.esc(t.the(n.name(sc.penholder), cap=True))
        if seat:
            mb = sc.members[seat]
            d.p(_("[c=muted]FROM:[/c] Ministry of Foreign Affairs, capital    [c=muted]TO:[/c] Permanent Mission "
                  "{of_member} to the United Nations, New York").format(of_member=gfx.esc(t.of(mb.name))),
                role="small", after=2)
            d.p(_("[c=muted]SUBJECT:[/c] {mission} \u2014 renewal of the mandate   "
                  "[c=muted]CLASSIFICATION:[/c] restricted").format(mission=gfx.esc(sc.mission)),
                role="small", after=10)
            d.h1(_("Instructions for the delegation {of_member}").format(of_member=gfx.esc(t.of(mb.name))))
            d.p(role_sentence(sc, seat, t), colour="muted")
        else:
            d.h1(_("Observer's brief"))
            d.p(_("Every seat is played by its agent. Watch how the text moves, who breaks silence and why, and how "
                  "the Council votes. The facilitator keys (F1) work as in play."), colour="muted")
        d.h2(_("The situation"), anchor=N_("Situation"))
        for para in sc.situation.strip().split("\n\n"):
            d.p(gfx.esc(" ".join(para.split())))
        if seat:
            self._position(d)
            self._allies(d)
        else:
            self._council(d)
        d.h2(_("The calendar"), anchor=N_("Calendar"))
        d.bullets([
            _("[b]{date}[/b] \u2014 {penholder}, the penholder, circulates the zero draft; experts meet for a "
              "read-through and the first expert round opens.").format(date=t.date(cal.zero_draft, "day"),
                                                                       penholder=pen),
            *([_("{penholder} holds the pen with {co}: each co-penholder must agree to every revision and every "
                 "next step (when they disagree on the step, the more cautious one is taken).").format(
                   penholder=pen, co=gfx.esc(t.names([n.name(m) for m in sc.co_penholders])))]
              if sc.co_penholders else []),
            _("An expert round takes [b]{days}[/b]: delegations send written comments (amendments), then the "
              "penholder settles them and circulates a revised draft.").format(
                days=t.plural(cal.round_days, _("{n} working day"), _("{n} working days"))),
            _("The penholder goes to silence after at least {rounds}, at the latest after {max}. A silence lasts "
              "[b]{hours}[/b]: if nobody objects in writing by the deadline, the text is agreed.").format(
                rounds=t.plural(cal.min_rounds, _("{n} round"), _("{n} rounds")), max=cal.max_rounds,
                hours=t.plural(cal.silence_hours, _("{n} hour"), _("{n} hours"))),
            _("A text put [b]in blue[/b] is final; the vote follows about {hours} later.").format(
                hours=t.plural(cal.blue_to_vote_hours, _("{n} hour"), _("{n} hours"))),
            _("[b]{date}[/b] \u2014 the mandate expires at midnight. With no resolution and no technical "
              "rollover, it lapses.").format(date=t.date(cal.mandate_expiry, "day")),
        ])
        d.h2(_("The vote"))
        d.p(_("A resolution needs [b]nine votes in favour and no veto[/b]: a permanent member's no defeats it even "
              "at 14-1-0, but its abstention does not (UN Charter Art. 27(3))."))
        if seat:
            d.h2(_("How you will be scored"), anchor=N_("Scoring"))
            pen_seat = seat == sc.penholder
            d.bullets(score_bullets(sc, seat, pen_seat or seat in sc.co_penholders, t))
            d.h2(_("How to play this seat"), anchor=N_("How to play"))
            if seat in sc.co_penholders:
                d.bullets([
                    _("You hold the pen with {lead}, the lead: it settles the amendments and proposes each "
                      "revision; you agree, or object to a paragraph (it stays as it was or is met halfway).").format(
                        lead=gfx.esc(t.the(n.name(sc.penholder)))),
                    _("It proposes each next step; you agree, or ask for a more cautious one (another round, "
                      "bilateral talks, silence, a rollover instead of blue): the more cautious step is taken."),
                    _("The text is yours too: you do not table amendments against it or break silence on it. You "
                      "vote, and may explain your vote."),
                ])
            elif pen_seat:
                d.bullets([
                    _("After each round, settle the amendments paragraph by paragraph: keep your text, meet the "
                      "request halfway, or take it on board. Then circulate the revision."),
                    _("Then choose the next step: another expert round, silence, bilateral talks (after a broken "
                      "silence), blue, or a technical rollover if time runs out."),
                    _("Lobby delegations on your turn to secure their support for a paragraph before silence: a "
                      "delegation that pledged its support will not break silence over it."),
                    _("Watch the stances around the horseshoe and the odds gauge: they show how the room would vote "
                      "on the text as it stands."),
                ])
            else:
                d.bullets([
                    _("In each expert round, table amendments (a paragraph and the text you want) and back others' "
                      "amendments that help you; lobby delegations for support. The penholder decides."),
                    _("When the text goes under silence, keep silence or break it with a letter stating your "
                      "objections. Breaking silence is not voting no, but it costs goodwill if done lightly."),
                    _("Vote yes, no or abstain on the text in blue, then explain your vote if you wish."),
                ])
        return d

    def _position(self, d: Doc) -> None:
        sc, seat, t = self.sc, self.seat, self.tongue
        _ = self._
        th = self.theme
        d.h2(_("Your position, paragraph by paragraph"), anchor=N_("Your position"))
        d.p("[c=muted]" + _("Most important first. 'Aim for' is the text closest to your instructions.") + "[/c]",
            role="small")
        for e in issue_brief(sc, seat):
            imp = e["importance"]

            def head(s, y, e=e, imp=imp):
                gfx.text(s, self.cache, _("OP {n}").format(n=e["paragraph"]) + f"  \u00b7  {e['title']}",
                         (d.pad, y), "h3")
                x = d.pad + d.inner - th.px(150)
                pips(s, th, x, y + th.px(5), e["salience"], colour=IMPORTANCE_COLOUR[imp])
                gfx.text(s, self.cache, _(IMPORTANCE_WORDS[imp]), (x + th.px(66), y + th.px(1)), "small",
                         IMPORTANCE_COLOUR[imp], bold=True)

            d.custom(th.px(26), head)
            ok = e["zero_closeness"] >= 0.8
            if e["best"] == e["zero"]:
                zero = _("[c=yes][b]The zero draft already says so[/b][/c]: defend it.")
            else:
                zero = (_("The zero draft reads \u201c{text}\u201d:").format(text=gfx.esc(e["zero"])) + " "
                        + (_("[c=yes][b]close enough[/b][/c].") if ok else _("[c=abstain][b]push for change[/b][/c].")))
            lines = [_("Aim for [b]\u201c{text}\u201d[/b].").format(text=gfx.esc(e["best"])) + f" {zero}"]
            if e["red_line"]:
                why = f" {gfx.esc(t.text(e['red_line_why']))}" if e["red_line_why"] else ""
                lines.append(_("[c=no][b]RED LINE:[/b][/c] you cannot vote yes if the text reads {texts}.").format(
                    texts=_(" or ").join(f"{t.quote(gfx.esc(v))}" for v in e["red_line"])) + why)
                if e.get("red_line_private"):
                    lines.append("[c=muted]" + _(
                        "Your capital has not stated this line: the other delegations, the penholder first, do not "
                        "count it until you show it (a comment or an amendment on the paragraph, a silence-break "
                        "letter, a bilateral, your vote).") + "[/c]")
            names = self.names
            if e["allies"]:
                lines.append("[c=muted]" + _("Close to you:") + "[/c] "
                             + gfx.esc(t.join([names.name(m) for m in e["allies"]])))
            if e["opponents"]:
                lines.append("[c=muted]" + _("Far from you, and it matters to them:") + "[/c] "
                             + gfx.esc(t.join([names.name(m) for m in e["opponents"]])))
            for ln in lines:
                d.p(ln, role="small", indent=th.px(14), after=3)
            d.gap(8)

    def _allies(self, d: Doc) -> None:
        sc, seat, n, t = self.sc, self.seat, self.names, self.tongue
        _ = self._
        al = alignment(sc, seat)
        d.h2(_("Likely allies and opponents"), anchor=N_("Allies"))
        d.p("[c=muted]" + _("How close each delegation's positions are to yours, on what matters to you (from the "
                            "delegations' known positions). Groups coordinate: a group that speaks jointly tables "
                            "and votes as one.") + "[/c]", role="small")
        friends = [f"{gfx.esc(n.name(m))} [c=muted]{t.percent(a)}[/c]" for m, a in al[:4]]
        foes = [f"{gfx.esc(n.name(m))} [c=muted]{t.percent(a)}[/c]" for m, a in al[-4:][::-1]]
        d.columns([("[c=yes][b]" + _("Likely allies") + "[/b][/c]\n" + "\n".join(friends), 0.5),
                   ("[c=no][b]" + _("Likely opponents") + "[/b][/c]\n" + "\n".join(foes), 0.5)], after=10)
        for g, grp in sc.groups.items():
            if grp.speaks_jointly:
                how = (_("speaks jointly through {member}").format(member=t.the(n.name(grp.spokesperson)))
                       if grp.spokesperson else _("speaks jointly"))
            else:
                how = _("coordinates loosely")
            d.p(f"[b]{gfx.esc(g)}[/b] ({gfx.esc(t.names([n.name(m) for m in grp.members]))}) {how}.",
                role="small", after=3)

    def _council(self, d: Doc) -> None:
        sc, n = self.sc, self.names
        d.h2(self._("The Council"), anchor=N_("The Council"))
        for m in sorted(sc.members, key=lambda m: (not sc.members[m].permanent, sc.members[m].name)):
            rl = ", ".join(self._(ROLE_WORDS[r]) for r in roles(sc, m))
            grp = groups_of(sc, m)
            d.p(f"[b]{gfx.esc(n.name(m))}[/b] [c=muted]{m} \u2014 {rl}{'; ' + ', '.join(grp) if grp else ''}[/c]",
                role="small", after=2)

    # --- drawing ------------------------------------------------------------------------------------
    def draw(self, surf) -> None:
        th, px = self.theme, self.px
        _ = self._
        W, H = surf.get_size()
        surf.fill(th.c["bg"])
        title = _("INSTRUCTIONS FROM CAPITAL") if self.seat else _("BEFORE THE NEGOTIATION")
        gfx.text(surf, self.cache, title, (px(40), px(24)), "small", "accent", bold=True)
        gfx.text(surf, self.cache, self.sc.title, (px(40), px(44)), "h2")
        self.view.draw(surf)
        s = self.side
        gfx.panel(surf, th, (s.x, s.y, s.width, s.height - px(124)), "panel", "line", 10)
        x, y, w = s.x + px(18), s.y + px(16), s.width - px(36)
        sc, n = self.sc, self.names
        if self.seat:
            mb = sc.members[self.seat]
            gfx.text(surf, self.cache, _("YOUR SEAT"), (x, y), "tiny", "muted", bold=True)
            gfx.text(surf, self.cache, gfx.fit(self.cache, mb.name, w, "h1"), (x, y + px(16)), "h1")
            y += px(62)
            rl = ", ".join(_(ROLE_WORDS[r]) for r in roles(sc, self.seat))
            y = gfx.rich(surf, self.cache, rl[:1].upper() + rl[1:], (x, y, w, px(40)),
                         gfx.Style(role="small", colour="muted")) + px(10)
            gfx.text(surf, self.cache, _("RED LINES"), (x, y), "tiny", "muted", bold=True)
            y += px(18)
            reds = [e for e in issue_brief(sc, self.seat) if e["red_line"]]
            if not reds:
                y = gfx.rich(surf, self.cache, _("None: every text on the table is one you could vote for."),
                             (x, y, w, px(60)), gfx.Style(role="small")) + px(8)
            for e in reds:
                gfx.icon(surf, "warning", (x + px(8), y + px(9)), px(16), th.c["no"])
                y = gfx.rich(surf, self.cache, _("OP {n}: not {texts}").format(n=e["paragraph"], texts=" / ".join(
                    f"{self.tongue.quote(gfx.esc(v))}" for v in e["red_line"])), (x + px(24), y, w - px(24), px(80)),
                    gfx.Style(role="small")) + px(6)
            y += px(6)
            gfx.text(surf, self.cache, _("TOP PRIORITIES"), (x, y), "tiny", "muted", bold=True)
            y += px(18)
            for e in issue_brief(sc, self.seat)[:3]:
                y = gfx.rich(surf, self.cache, "[b]" + _("OP {n}").format(n=e["paragraph"]) + "[/b] "
                             + _("{title} \u2014 aim for \u201c{text}\u201d").format(
                                 title=gfx.esc(e["title"]), text=gfx.esc(e["best"])),
                             (x, y, w, px(80)), gfx.Style(role="small")) + px(6)
        else:
            gfx.text(surf, self.cache, _("WATCHING"), (x, y), "tiny", "muted", bold=True)
            gfx.text(surf, self.cache, _("All 15 seats AI"), (x, y + px(16)), "h2")
            y += px(60)
        y += px(6)
        cal = sc.calendar
        t = self.tongue
        gfx.text(surf, self.cache, _("KEY DATES"), (x, y), "tiny", "muted", bold=True)
        y += px(18)
        for a, b in ((t.date(cal.zero_draft, "short"), _("zero draft")),
                     (t.date(cal.mandate_expiry, "short"), _("mandate expires"))):
            gfx.text(surf, self.cache, a, (x, y), "small", bold=True)
            gfx.text(surf, self.cache, b, (x + px(130), y), "small", "muted")
            y += px(20)
        gfx.text(surf, self.cache, _("Seed {seed} \u00b7 penholder {member}").format(
                     seed=self.game.seed, member=n.name(sc.penholder)),
                 (x, s.bottom - px(150)), "tiny", "faint")
        gfx.text(surf, self.cache, _("PgUp / PgDn or the wheel scroll the brief."), (px(40), H - px(24)), "tiny",
                 "muted")
