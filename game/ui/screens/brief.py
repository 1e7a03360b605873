"""3. Brief — instructions from capital: the situation; your position and red lines on
each paragraph and how much each matters; likely allies and opponents (from the agents'
parameters); the calendar; how you will be scored."""

from __future__ import annotations

import math

import pygame

from game.names import plural, the
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


def role_sentence(sc, seat: str) -> str:
    """'You are the penholder and a permanent member, and you coordinate within the P3.'"""
    names = {m: the(sc.members[m].name) for m in (sc.penholder, *sc.co_penholders)}
    co = " and ".join(names[m] for m in sc.co_penholders if m != seat)
    others = f"; {co} also hold{'s' if ' and ' not in co else ''} the pen" if co else ""
    words = {"penholder": "the penholder", "permanent member": "a permanent member",
             "lead penholder": f"the lead penholder (with {co} as co-penholders)",
             "co-penholder": f"a co-penholder ({names[sc.penholder]} leads{others})",
             "elected member": "an elected member", "president": "the president of the Council this month"}
    rl = [words[r] for r in roles(sc, seat)]
    text = "You are " + (", ".join(rl[:-1]) + " and " + rl[-1] if len(rl) > 1 else rl[0])
    grp = groups_of(sc, seat)
    if grp:
        text += f"; you coordinate within the {' and the '.join(grp)}"
    return text + "."


def score_bullets(sc, seat: str, pen: bool) -> list[str]:
    """The brief's "How you will be scored" (game.scoring), in the seat's own numbers."""
    from game.council import Council

    c = Council(sc)
    m = c.index[seat]
    lapse = c.lapse_value[m]
    worst = min(0.0, lapse)
    mission = ("a lapse scores well for you: your capital would rather the mission went" if lapse > 0.5
               else "a lapse of the mandate is the worst outcome for you" if lapse <= 0
               else "a lapse scores little for you")
    veto = "a veto" if c.permanent[m] else "a no"
    n = len(c.ids)
    relations = (
        f"[b]Relations ({RELATIONS_POINTS} points):[/b] the penholder answers for the process: each member that "
        f"abstains or votes no because its comments were ignored, it dislikes the text or the host objects costs "
        f"{round(PROTEST_COST * RELATIONS_POINTS)} points, each delegation to which you take back a concession "
        f"{round(REVERSAL_COST * RELATIONS_POINTS)}."
        if pen else
        f"[b]Relations ({RELATIONS_POINTS} points):[/b] {veto} costs you "
        f"{round((VETO_FACTOR if c.permanent[m] else NO_FACTOR) * c.no_cost[m] * RELATIONS_POINTS)} points; a threat you do not "
        f"carry out (you threaten, then vote yes) {round(BLUFF_COST * RELATIONS_POINTS)}; a silence you break "
        f"for nothing (no paragraph you named moves your way) {round(FUTILE_BREAK_COST * RELATIONS_POINTS)}.")
    return [
        f"[b]The outcome ({OUTCOME_POINTS} points):[/b] what your capital gets. An adopted resolution is worth "
        "your satisfaction with its text (paragraph by paragraph, weighted by how much each matters to you); "
        f"a technical rollover, the mandate in force for a few months ({c.rollover_value[m]:.2f} for you); a "
        f"vetoed or failed draft, what probably follows ({c.reversion[m]:.2f}); a lapse of the mandate, {lapse:.2f}. Points "
        f"run from {worst:.2f} (0 points) to your ideal text (1, all {OUTCOME_POINTS}): {mission}."
        + (f" {per_issue}" if (per_issue := lapse_explained(c, m)) else ""),
        f"[b]Red lines ({RED_LINE_POINTS} points):[/b] kept unless an adopted resolution crosses one of yours.",
        f"[b]Consensus ({CONSENSUS_POINTS} points):[/b] a Council that acts together: {CONSENSUS_POINTS} x "
        f"(votes in favour / members)\u00b2 when a resolution or a rollover is adopted \u2014 {n}-0-0 earns "
        f"{CONSENSUS_POINTS}, {n - 4}-0-4 earns {round(CONSENSUS_POINTS * ((n - 4) / n) ** 2)}; nothing adopted, 0.",
        relations,
        ("A text forced through without negotiation is closer to what you asked for, but the abstentions it "
         "provokes cost consensus and relations points that the better text rarely makes up for. " if pen else "")
        + "The debrief shows your score part by part, against hundreds of simulated negotiations of the same "
        "scenario in which an agent held your seat.",
    ]


class BriefScreen(Screen):
    name = "brief"

    def __init__(self, app):
        super().__init__(app)
        self.game = app.game
        self.sc = self.game.scenario
        self.seat = self.game.seat

    def build(self) -> None:
        W, H = self.app.size
        px = self.px
        side = min(px(380), int(W * 0.3))
        self.doc_rect = pygame.Rect(px(40), px(140), W - side - px(100), H - px(174))
        self.view = ScrollDoc(self, self.doc_rect.inflate(-px(8), 0))
        doc = self.document(self.view.rect.width - px(14))
        self.view.set(doc.render(), keep=False)
        x = self.doc_rect.x
        for name, y in doc.anchors.items():
            w = self.cache.font(gfx.Style(role="small", bold=True)).size(name)[0] + px(28)
            self.button((x, px(92), w, px(32)), name, lambda y=y: self.jump(y), cls="@tab", name=f"jump:{name}")
            x += w + px(8)
        self.side = pygame.Rect(self.doc_rect.right + px(28), px(92), side, H - px(126))
        label = "Take your seat" if self.seat else "Watch the negotiation"
        self.button((self.side.x, self.side.bottom - px(110), side, px(54)), label, self.start, cls="@primary",
                    name="start")
        self.button((self.side.x, self.side.bottom - px(44), side, px(42)), "Back to the title screen",
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

    def key(self, ev) -> bool:
        if ev.key == pygame.K_ESCAPE:
            self.back()
            return True
        return False

    def scroll(self, dy, pos) -> bool:
        self.view.scroll(dy)
        return True

    # --- the document ----------------------------------------------------------------------------
    def document(self, width: int) -> Doc:
        sc, seat, n = self.sc, self.seat, self.game.narrator
        d = Doc(self, width)
        cal = sc.calendar
        if seat:
            mb = sc.members[seat]
            d.p(f"[c=muted]FROM:[/c] Ministry of Foreign Affairs, capital    [c=muted]TO:[/c] Permanent Mission of "
                f"{gfx.esc(gfx.formal(mb.name))} to the United Nations, New York", role="small", after=2)
            d.p(f"[c=muted]SUBJECT:[/c] {gfx.esc(sc.mission)} \u2014 renewal of the mandate   "
                f"[c=muted]CLASSIFICATION:[/c] restricted", role="small", after=10)
            d.h1(f"Instructions for the delegation of {gfx.esc(gfx.formal(mb.name))}")
            d.p(role_sentence(sc, seat), colour="muted")
        else:
            d.h1("Observer's brief")
            d.p("Every seat is played by its agent. Watch how the text moves, who breaks silence and why, and how "
                "the Council votes. The facilitator keys (F1) work as in play.", colour="muted")
        d.h2("The situation", anchor="Situation")
        for para in sc.situation.strip().split("\n\n"):
            d.p(gfx.esc(" ".join(para.split())))
        if seat:
            self._position(d)
            self._allies(d)
        else:
            self._council(d)
        d.h2("The calendar", anchor="Calendar")
        d.bullets([
            f"[b]{cal.zero_draft:%a %d %b}[/b] \u2014 {gfx.esc(the(n.name(sc.penholder), cap=True))}, the penholder, circulates the zero "
            f"draft; experts meet for a read-through and the first expert round opens.",
            *([f"{gfx.esc(the(n.name(sc.penholder), cap=True))} holds the pen with "
               f"{gfx.esc(n.names_list(sc.co_penholders))}: each co-penholder must agree to every revision and every "
               "next step (when they disagree on the step, the more cautious one is taken)."]
              if sc.co_penholders else []),
            f"An expert round takes [b]{plural(cal.round_days, 'working day')}[/b]: delegations send written comments "
            "(amendments), then the penholder settles them and circulates a revised draft.",
            f"The penholder goes to silence after at least {plural(cal.min_rounds, 'round')}, at the latest after "
            f"{cal.max_rounds}. A silence lasts [b]{plural(cal.silence_hours, 'hour')}[/b]: if nobody objects in writing by "
            "the deadline, the text is agreed.",
            f"A text put [b]in blue[/b] is final; the vote follows about {plural(cal.blue_to_vote_hours, 'hour')} later.",
            f"[b]{cal.mandate_expiry:%a %d %b}[/b] \u2014 the mandate expires at midnight. With no resolution and no "
            "technical rollover, it lapses.",
        ])
        d.h2("The vote")
        d.p("A resolution needs [b]nine votes in favour and no veto[/b]: a permanent member's no defeats it even "
            "at 14-1-0, but its abstention does not (UN Charter Art. 27(3)).")
        if seat:
            d.h2("How you will be scored", anchor="Scoring")
            pen = seat == sc.penholder
            d.bullets(score_bullets(sc, seat, pen or seat in sc.co_penholders))
            d.h2("How to play this seat", anchor="How to play")
            if seat in sc.co_penholders:
                d.bullets([
                    f"You hold the pen with {gfx.esc(n.the(sc.penholder))}, the lead: it settles the amendments "
                    "and proposes each revision; you agree, or object to a paragraph (it stays as it was or is met "
                    "halfway).",
                    "It proposes each next step; you agree, or ask for a more cautious one (another round, "
                    "bilateral talks, silence, a rollover instead of blue): the more cautious step is taken.",
                    "The text is yours too: you do not table amendments against it or break silence on it. You "
                    "vote, and may explain your vote.",
                ])
            elif pen:
                d.bullets([
                    "After each round, settle the amendments paragraph by paragraph: keep your text, meet the "
                    "request halfway, or take it on board. Then circulate the revision.",
                    "Then choose the next step: another expert round, silence, bilateral talks (after a broken "
                    "silence), blue, or a technical rollover if time runs out.",
                    "Lobby delegations on your turn to secure their support for a paragraph before silence: a "
                    "delegation that pledged its support will not break silence over it.",
                    "Watch the stances around the horseshoe and the odds gauge: they show how the room would vote "
                    "on the text as it stands.",
                ])
            else:
                d.bullets([
                    "In each expert round, table amendments (a paragraph and the text you want) and back others' "
                    "amendments that help you; lobby delegations for support. The penholder decides.",
                    "When the text goes under silence, keep silence or break it with a letter stating your "
                    "objections. Breaking silence is not voting no, but it costs goodwill if done lightly.",
                    "Vote yes, no or abstain on the text in blue, then explain your vote if you wish.",
                ])
        return d

    def _position(self, d: Doc) -> None:
        sc, seat = self.sc, self.seat
        th = self.theme
        d.h2("Your position, paragraph by paragraph", anchor="Your position")
        d.p("[c=muted]Most important first. 'Aim for' is the text closest to your instructions.[/c]", role="small")
        for e in issue_brief(sc, seat):
            imp = e["importance"]

            def head(s, y, e=e, imp=imp):
                gfx.text(s, self.cache, f"OP {e['paragraph']}  \u00b7  {e['title']}", (d.pad, y), "h3")
                x = d.pad + d.inner - th.px(150)
                pips(s, th, x, y + th.px(5), e["salience"], colour=IMPORTANCE_COLOUR[imp])
                gfx.text(s, self.cache, imp.upper(), (x + th.px(66), y + th.px(1)), "small", IMPORTANCE_COLOUR[imp],
                         bold=True)

            d.custom(th.px(26), head)
            ok = e["zero_closeness"] >= 0.8
            if e["best"] == e["zero"]:
                zero = "[c=yes][b]The zero draft already says so[/b][/c]: defend it."
            else:
                zero = (f"The zero draft reads \u201c{gfx.esc(e['zero'])}\u201d: "
                        + ("[c=yes][b]close enough[/b][/c]." if ok else "[c=abstain][b]push for change[/b][/c]."))
            lines = [f"Aim for [b]\u201c{gfx.esc(e['best'])}\u201d[/b]. {zero}"]
            if e["red_line"]:
                why = f" {gfx.esc(e['red_line_why'])}" if e["red_line_why"] else ""
                lines.append("[c=no][b]RED LINE:[/b][/c] you cannot vote yes if the text reads "
                             + " or ".join(f"\u201c{gfx.esc(v)}\u201d" for v in e["red_line"]) + f".{why}")
                if e.get("red_line_private"):
                    lines.append("[c=muted]Your capital has not stated this line: the other delegations, "
                                 "the penholder first, do not count it until you show it (a comment or an "
                                 "amendment on the paragraph, a silence-break letter, a bilateral, your vote).[/c]")
            names = self.game.narrator.names_list
            if e["allies"]:
                lines.append(f"[c=muted]Close to you:[/c] {gfx.esc(names(e['allies']))}")
            if e["opponents"]:
                lines.append(f"[c=muted]Far from you, and it matters to them:[/c] {gfx.esc(names(e['opponents']))}")
            for ln in lines:
                d.p(ln, role="small", indent=th.px(14), after=3)
            d.gap(8)

    def _allies(self, d: Doc) -> None:
        sc, seat, n = self.sc, self.seat, self.game.narrator
        al = alignment(sc, seat)
        d.h2("Likely allies and opponents", anchor="Allies")
        d.p("[c=muted]How close each delegation's positions are to yours, on what matters to you (from the "
            "delegations' known positions). Groups coordinate: a group that speaks jointly tables and votes as one.[/c]",
            role="small")
        friends = [f"{gfx.esc(n.name(m))} [c=muted]{round(a * 100)}%[/c]" for m, a in al[:4]]
        foes = [f"{gfx.esc(n.name(m))} [c=muted]{round(a * 100)}%[/c]" for m, a in al[-4:][::-1]]
        d.columns([("[c=yes][b]Likely allies[/b][/c]\n" + "\n".join(friends), 0.5),
                   ("[c=no][b]Likely opponents[/b][/c]\n" + "\n".join(foes), 0.5)], after=10)
        for g, grp in sc.groups.items():
            how = "speaks jointly" + (f" through {the(n.name(grp.spokesperson))}" if grp.spokesperson else "") \
                if grp.speaks_jointly else "coordinates loosely"
            d.p(f"[b]{gfx.esc(g)}[/b] ({gfx.esc(n.names_list(grp.members))}) {how}.", role="small", after=3)

    def _council(self, d: Doc) -> None:
        sc, n = self.sc, self.game.narrator
        d.h2("The Council", anchor="The Council")
        for m in sorted(sc.members, key=lambda m: (not sc.members[m].permanent, sc.members[m].name)):
            rl = ", ".join(roles(sc, m))
            grp = groups_of(sc, m)
            d.p(f"[b]{gfx.esc(n.name(m))}[/b] [c=muted]{m} \u2014 {rl}{'; ' + ', '.join(grp) if grp else ''}[/c]",
                role="small", after=2)

    # --- drawing ------------------------------------------------------------------------------------
    def draw(self, surf) -> None:
        th, px = self.theme, self.px
        W, H = surf.get_size()
        surf.fill(th.c["bg"])
        title = "Instructions from capital" if self.seat else "Before the negotiation"
        gfx.text(surf, self.cache, title.upper(), (px(40), px(24)), "small", "accent", bold=True)
        gfx.text(surf, self.cache, self.sc.title, (px(40), px(44)), "h2")
        self.view.draw(surf)
        s = self.side
        gfx.panel(surf, th, (s.x, s.y, s.width, s.height - px(124)), "panel", "line", 10)
        x, y, w = s.x + px(18), s.y + px(16), s.width - px(36)
        sc, n = self.sc, self.game.narrator
        if self.seat:
            mb = sc.members[self.seat]
            gfx.text(surf, self.cache, "YOUR SEAT", (x, y), "tiny", "muted", bold=True)
            gfx.text(surf, self.cache, gfx.fit(self.cache, mb.name, w, "h1"), (x, y + px(16)), "h1")
            y += px(62)
            y = gfx.rich(surf, self.cache, ", ".join(roles(sc, self.seat)).capitalize(), (x, y, w, px(40)),
                         gfx.Style(role="small", colour="muted")) + px(10)
            gfx.text(surf, self.cache, "RED LINES", (x, y), "tiny", "muted", bold=True)
            y += px(18)
            reds = [e for e in issue_brief(sc, self.seat) if e["red_line"]]
            if not reds:
                y = gfx.rich(surf, self.cache, "None: every text on the table is one you could vote for.",
                             (x, y, w, px(60)), gfx.Style(role="small")) + px(8)
            for e in reds:
                gfx.icon(surf, "warning", (x + px(8), y + px(9)), px(16), th.c["no"])
                y = gfx.rich(surf, self.cache, f"OP {e['paragraph']}: not " + " / ".join(
                    f"\u201c{gfx.esc(v)}\u201d" for v in e["red_line"]), (x + px(24), y, w - px(24), px(80)),
                    gfx.Style(role="small")) + px(6)
            y += px(6)
            gfx.text(surf, self.cache, "TOP PRIORITIES", (x, y), "tiny", "muted", bold=True)
            y += px(18)
            for e in issue_brief(sc, self.seat)[:3]:
                y = gfx.rich(surf, self.cache, f"[b]OP {e['paragraph']}[/b] {gfx.esc(e['title'])} \u2014 aim for "
                             f"\u201c{gfx.esc(e['best'])}\u201d", (x, y, w, px(80)), gfx.Style(role="small")) + px(6)
        else:
            gfx.text(surf, self.cache, "WATCHING", (x, y), "tiny", "muted", bold=True)
            gfx.text(surf, self.cache, "All 15 seats AI", (x, y + px(16)), "h2")
            y += px(60)
        y += px(6)
        cal = sc.calendar
        gfx.text(surf, self.cache, "KEY DATES", (x, y), "tiny", "muted", bold=True)
        y += px(18)
        for a, b in ((f"{cal.zero_draft:%a %d %b}", "zero draft"), (f"{cal.mandate_expiry:%a %d %b}", "mandate expires")):
            gfx.text(surf, self.cache, a, (x, y), "small", bold=True)
            gfx.text(surf, self.cache, b, (x + px(100), y), "small", "muted")
            y += px(20)
        gfx.text(surf, self.cache, f"Seed {self.game.seed} \u00b7 penholder {n.name(sc.penholder)}",
                 (x, s.bottom - px(150)), "tiny", "faint")
        gfx.text(surf, self.cache, "PgUp / PgDn or the wheel scroll the brief.", (px(40), H - px(24)), "tiny", "muted")
