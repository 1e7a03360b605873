"""2. Delegation: the fifteen seats, with name, group and role; pick one."""

from __future__ import annotations

import pygame

from game.council import Council
from game.scoring import alignment, groups_of, issue_brief
from game.ui import gfx
from game.ui.screens.brief import IMPORTANCE_COLOUR, pips, role_sentence
from game.ui.widgets import Screen


class SeatScreen(Screen):
    name = "seat"

    def __init__(self, app, scenario, seed, back):
        super().__init__(app)
        self.sc = scenario
        self.seed = seed
        self.back = back
        self.council = Council(scenario)
        perm = [m for m in self.council.ids if scenario.members[m].permanent]
        elected = [m for m in self.council.ids if not scenario.members[m].permanent]
        self.order = perm + elected
        self.chosen = scenario.penholder
        self.cards: dict[str, object] = {}

    def build(self) -> None:
        W, H = self.app.size
        px = self.px
        cols = 5
        x0, y0 = px(48), px(118)
        gap = px(12)
        cw = (W - 2 * x0 - (cols - 1) * gap) // cols
        ch = px(96)
        self.cards.clear()
        perm = [m for m in self.order if self.sc.members[m].permanent]
        rows = [perm[i:i + cols] for i in range(0, len(perm), cols)]
        el = [m for m in self.order if not self.sc.members[m].permanent]
        rows += [el[i:i + cols] for i in range(0, len(el), cols)]
        y = y0
        self.row_tops = []
        for r, row in enumerate(rows):
            if r == 1 and perm:
                y += px(26)
            self.row_tops.append(y)
            for k, m in enumerate(row):
                rect = (x0 + k * (cw + gap), y, cw, ch)
                b = self.button(rect, "", lambda m=m: self.pick(m), cls="@seat", name=m)
                self.cards[m] = b
            y += ch + gap
        self.detail_rect = pygame.Rect(x0, y + px(8), W - 2 * x0 - px(300), H - y - px(40))
        bx = self.detail_rect.right + px(20)
        bw = W - x0 - bx
        self.go = self.button((bx, self.detail_rect.y, bw, px(54)), self._("Take this seat"), self.start, cls="@primary",
                              name="Take this seat")
        self.button((bx, self.detail_rect.y + px(66), bw, px(42)), self._("Back"), lambda: self.app.set_screen(self.back),
                    cls="@quiet", name="Back")
        self._mark()
        self.focus.focus(self.chosen)

    def _mark(self) -> None:
        for m, b in self.cards.items():
            b.select() if m == self.chosen else b.unselect()

    def pick(self, m: str) -> None:
        self.chosen = m
        self._mark()
        self.focus.focus("Take this seat")

    @property
    def shown_seat(self) -> str:
        cur = self.focus.current
        if cur is not None and cur.name in self.sc.members:
            return cur.name
        return self.chosen

    def start(self) -> None:
        from game.ui.screens.brief import BriefScreen

        self.app.new_game(self.sc, self.chosen, self.seed)
        self.app.set_screen(BriefScreen(self.app))

    def escape(self) -> None:
        self.app.set_screen(self.back)

    def chips(self, m: str) -> list[tuple[str, str, str]]:
        out = []
        if m == self.sc.penholder:
            out.append((self._("PENHOLDER"), "accent", "bg2"))
        if m in self.sc.co_penholders:
            out.append((self._("CO-PENHOLDER"), "accent", "bg2"))
        if self.sc.members[m].permanent:
            out.append(("P5", "blue", "text"))
        if m == self.sc.president:
            out.append((self._("PRESIDENT"), "letter", "bg2"))
        for g in groups_of(self.sc, m):
            out.append((g, "panel2", "muted"))
        return out

    def card_name(self, m: str, width: int) -> tuple[str, str]:
        """The member's name on its card: in the heading size if it fits, else a size
        smaller, shortened only if even that does not fit."""
        name = self.sc.members[m].name
        for role in ("h3", "bodyb"):
            if self.cache.font(gfx.Style(role=role)).size(gfx.plain(name))[0] <= width:
                return role, name
        return "bodyb", gfx.fit(self.cache, name, width, "bodyb")

    def cares_most(self, m: str) -> str:
        m_i = self.council.index[m]
        sal = self.council.salience_list[m_i]
        top = max(range(len(sal)), key=lambda i: sal[i])
        return self._("Cares most: {issue}").format(issue=self.tongue.text(self.council.issues[top].title))

    def cares_lines(self, m: str, width: int) -> list:
        """"Cares most: ..." wrapped on at most two lines of the card (never cut)."""
        st = gfx.Style(role="tiny", colour="muted")
        text = self.cares_most(m)
        lines = gfx.layout(self.cache, gfx.esc(text), width, st, 0.05)
        alone = text.partition(": ")[2] or text  # the title alone
        if len(lines) > 2:  # a very long title in a very narrow card: the title alone
            lines = gfx.layout(self.cache, gfx.esc(alone), width, st, 0.05)
        if len(lines) > 2:  # ... and shortened, with an ellipsis, as a last resort
            short = gfx.fit(self.cache, alone, width, "tiny")
            lines = gfx.layout(self.cache, gfx.esc(short), width, st, 0.05)
        return lines

    def draw(self, surf) -> None:
        th, px = self.theme, self.px
        W, H = surf.get_size()
        surf.fill(th.c["bg"])
        gfx.text(surf, self.cache, self._("Choose your delegation"), (px(48), px(34)), "h1")
        gfx.text(surf, self.cache, self._("{title}. Each seat has its own instructions from capital.").format(
                     title=self.sc.title),
                 (px(50), px(76)), "small", "muted")
        if self.row_tops:
            gfx.text(surf, self.cache, self._("PERMANENT MEMBERS"), (px(48), self.row_tops[0] - px(20)), "tiny", "muted", bold=True)
        if len(self.row_tops) > 1:
            gfx.text(surf, self.cache, self._("ELECTED MEMBERS"), (px(48), self.row_tops[1] - px(20)), "tiny", "muted", bold=True)

    def draw_over(self, surf) -> None:
        th, px = self.theme, self.px
        for m, b in self.cards.items():
            r = b.rect
            mb = self.sc.members[m]
            role, name = self.card_name(m, r.width - px(70))
            gfx.text(surf, self.cache, name, (r.x + px(12), r.y + px(10) + (px(2) if role != "h3" else 0)), role)
            gfx.text(surf, self.cache, m, (r.right - px(12), r.y + px(12)), "small", "muted", bold=True, anchor="topright")
            x = r.x + px(12)
            for label, fill, fg in self.chips(m):
                cr = gfx.chip(surf, self.cache, label, (x, r.y + px(36)), fill, fg)
                x = cr.right + px(6)
            lines = self.cares_lines(m, r.width - px(24))
            gfx.draw_lines(surf, self.cache, lines, r.x + px(12), r.bottom - px(7) - gfx.text_height(lines))
        # the detail panel
        d = self.detail_rect
        gfx.panel(surf, th, d, "panel", "line", 10)
        m = self.shown_seat
        mb = self.sc.members[m]
        x, y = d.x + px(20), d.y + px(14)
        gfx.text(surf, self.cache, mb.name, (x, y), "h2")
        gfx.text(surf, self.cache, role_sentence(self.sc, m, self.tongue), (x, y + px(30)), "small", "muted")
        colw = (d.width - px(60)) // 2
        yy = y + px(60)
        gfx.text(surf, self.cache, self._("WHAT YOUR CAPITAL CARES ABOUT"), (x, yy), "tiny", "muted", bold=True)
        yy += px(18)
        for e in issue_brief(self.sc, m, self.council):
            if yy > d.bottom - px(24):
                break
            pips(surf, th, x, yy + px(4), e["salience"], colour=IMPORTANCE_COLOUR[e["importance"]])
            label = self._("OP {n}").format(n=e["paragraph"]) + f" {self.tongue.text(e['title'])}"
            gfx.text(surf, self.cache, gfx.fit(self.cache, label, colw - px(76), "small"), (x + px(70), yy), "small")
            if e["red_line"]:
                gfx.icon(surf, "warning", (x + colw - px(4), yy + px(8)), px(14), th.c["no"])
            yy += px(21)
        x2 = x + colw + px(20)
        yy = y + px(60)
        al = alignment(self.sc, m, self.council)
        name = {k: v.name for k, v in self.sc.members.items()}
        gfx.text(surf, self.cache, self._("LIKELY ALLIES"), (x2, yy), "tiny", "yes", bold=True)
        gfx.text(surf, self.cache, self._("LIKELY OPPONENTS"), (x2 + colw // 2, yy), "tiny", "no", bold=True)
        for k in range(4):
            a, b = al[k], al[-1 - k]
            gfx.text(surf, self.cache, gfx.fit(self.cache, name[a[0]], colw // 2 - px(12), "small"),
                     (x2, yy + px(18) + k * px(20)), "small")
            gfx.text(surf, self.cache, gfx.fit(self.cache, name[b[0]], colw // 2 - px(12), "small"),
                     (x2 + colw // 2, yy + px(18) + k * px(20)), "small")
        yy += px(110)
        if m == self.sc.penholder:
            tip = self._("[c=accent]You hold the pen:[/c] you settle every amendment, circulate revisions and "
                         "decide when the text goes under silence, in blue or to a rollover.")
            if self.sc.co_penholders:
                tip += " " + self._("Your co-penholders must agree to each revision and each next step.")
        elif m in self.sc.co_penholders:
            tip = self._("[c=accent]You hold the pen with the lead:[/c] you agree to each revision and each next "
                         "step, or object; you do not table amendments or break silence on your own text, and "
                         "you vote.")
        else:
            tip = self._("You table amendments, lobby, break silence if you must, vote and may explain your vote.")
        if mb.red_lines:
            tip += " " + self._("[c=no]Red lines[/c] (the warning sign) bar you from voting yes if crossed.")
        gfx.rich(surf, self.cache, tip, (x2, yy, colw, d.bottom - yy - px(10)), gfx.Style(role="small"))
        super().draw_over(surf)
