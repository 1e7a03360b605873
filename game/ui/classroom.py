"""The class's screens (issue 12 §2): joining a class (address and class code, then a free
seat) and the facilitator's console. The negotiation itself is played in the game's own
screens over a `RemoteGame` (game/ui/remote.py), with the class's line in the top bar and
the notes between delegations (game/ui/classbar.py); these only add what a class has and
a game on one machine does not."""

from __future__ import annotations

import pygame
import pygame_gui

from game.classroom.protocol import ClassError
from game.ui import gfx
from game.ui.classbar import clock
from game.ui.gfx import Style
from game.ui.screens.common import Feed, GameScreen, panel_title
from game.ui.widgets import Screen

EXTEND = 300  # seconds the console's Extend gives the decision awaited (five minutes)


def url_of(address: str) -> str:
    """What a student types ("192.168.1.20:8765", "ws://...") as a ws:// address (the
    port defaults to `penholder host`'s, 8765)."""
    a = address.strip()
    if not a:
        return ""
    if "://" not in a:
        a = "ws://" + a
    rest = a.split("://", 1)[1]
    host = rest.split("/", 1)[0]
    if ":" not in host.rsplit("]", 1)[-1]:
        a = a.replace(host, host + ":8765", 1)
    return a


# --- joining ---------------------------------------------------------------------------------------------
class JoinScreen(Screen):
    """Join a class: the address the facilitator wrote on the board and the class code;
    then the free seats (`ClassSeatScreen`)."""

    name = "join"

    def __init__(self, app, back: Screen | None = None, address: str = "", code: str = "",
                 message: str | None = None):
        super().__init__(app)
        self.back_to = back
        self.address, self.code = address, code
        self.message = message

    def build(self) -> None:
        W, H = self.app.size
        px = self.px
        x = px(64)
        w = min(px(520), W - 2 * x)
        y = int(H * 0.30)
        bh = px(42)
        self.addr = self.entry_line((x, y + px(24), w, bh), self.address, name="address",
                                    placeholder="192.168.1.20:8765")
        y += px(24) + bh + px(18)
        self.code_line = self.entry_line((x, y + px(24), w // 2, bh), self.code, name="code", placeholder="K7QX3M")
        y += px(24) + bh + px(26)
        self.button((x, y, w, px(50)), self._("Join the class"), self.join, cls="@primary", name="join")
        self.button((x, y + px(62), px(200), bh), self._("Back  (Esc)"), self.back, cls="@quiet", name="back")
        self.label_y = (int(H * 0.30), int(H * 0.30) + px(24) + bh + px(18))
        self.focus.focus("address" if not self.address else ("code" if not self.code else "join"))

    def join(self) -> None:
        from game.classroom.client import ClassClient

        self.address, self.code = self.addr.get_text().strip(), self.code_line.get_text().strip().upper()
        url = url_of(self.address)
        if not url or not self.code:
            self.message = self._("Type the address and the class code the facilitator gave.")
            self.rebuild()
            return
        try:
            client = ClassClient(url, self.code, timeout=5.0).connect()
        except ClassError as exc:
            self.message = str(exc)
            self.rebuild()
            return
        self.app.set_screen(ClassSeatScreen(self.app, client, self))

    def handle(self, ev) -> bool:
        if ev.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and ev.ui_element in (self.addr, self.code_line):
            self.join()
            return True
        return super().handle(ev)

    def back(self) -> None:
        if self.back_to is not None:
            self.app.set_screen(self.back_to)
        else:
            self.app.go_title()

    def escape(self) -> None:
        self.back()

    def draw(self, surf) -> None:
        th, px = self.theme, self.px
        W, H = surf.get_size()
        surf.fill(th.c["bg"])
        x = px(64)
        gfx.text(surf, self.cache, self._("Join a class"), (x, int(H * 0.075)), "display", "text")
        gfx.text(surf, self.cache, self._("Your facilitator runs the Council on one machine; each student plays a delegation."),
                 (x + px(4), int(H * 0.075) + px(80)), "h3", "muted", bold=False)
        gfx.text(surf, self.cache, self._("ADDRESS"), (x, self.label_y[0]), "small", "accent", bold=True)
        gfx.text(surf, self.cache, self._("CLASS CODE"), (x, self.label_y[1]), "small", "accent", bold=True)
        cx = x + min(px(520), W - 2 * x) + px(48)
        if cx < W - px(240):
            gfx.rich(surf, self.cache, self._("The facilitator's screen shows both: an address such as "
                                              "[b]192.168.1.20:8765[/b] and a code of six letters. The seats "
                                              "nobody takes are played by their delegations' agents."),
                     (cx, self.label_y[0], W - cx - px(48), px(200)), Style(role="body", colour="muted"))
        if self.message:
            gfx.rich(surf, self.cache, gfx.esc(self.message), (x, H - px(90), W - 2 * x, px(60)),
                     Style(role="small", colour="no"))


class ClassSeatScreen(Screen):
    """The class's seats: a free one can be taken; a seat another student holds cannot."""

    name = "class-seat"

    def __init__(self, app, client, back: Screen):
        super().__init__(app)
        self.client = client
        self.back_to = back
        self.chosen: str | None = None
        self.message: str | None = None
        self._seats_key = None

    def seats(self) -> dict:
        return self.client.status.get("seats") or {}

    def build(self) -> None:
        W, H = self.app.size
        px = self.px
        seats = self.seats()
        self._seats_key = tuple((m, s.get("claimed")) for m, s in seats.items())
        order = list(seats)
        cols = 5
        x0, y0, gap = px(48), px(118), px(12)
        cw = (W - 2 * x0 - (cols - 1) * gap) // cols
        ch = px(74)
        self.cards = {}
        for k, m in enumerate(order):
            r, c = divmod(k, cols)
            free = not seats[m].get("claimed")
            b = self.button((x0 + c * (cw + gap), y0 + r * (ch + gap), cw, ch), "", lambda m=m: self.pick(m),
                            cls="@seat", name=m, enabled=free)
            self.cards[m] = b
        if self.chosen not in seats or seats[self.chosen].get("claimed"):
            self.chosen = next((m for m in order if not seats[m].get("claimed")), None)
        for m, b in self.cards.items():
            b.select() if m == self.chosen else b.unselect()
        y = y0 + ((len(order) + cols - 1) // cols) * (ch + gap) + px(12)
        self.button((x0, y, px(300), px(50)), self._("Take this seat"), self.take, cls="@primary", name="take",
                    enabled=self.chosen is not None)
        self.button((x0 + px(312), y + px(4), px(200), px(42)), self._("Back  (Esc)"), self.back, cls="@quiet",
                    name="back")
        self.focus.focus(self.chosen or "back")

    def pick(self, m: str) -> None:
        self.chosen = m
        for k, b in self.cards.items():
            b.select() if k == m else b.unselect()
        self.focus.focus("take")

    def take(self) -> None:
        if self.chosen is None:
            return
        try:
            self.client.claim(self.chosen)
        except ClassError as exc:
            self.message = str(exc)
            self.rebuild()
            return
        start_class(self.app, self.client)

    def back(self) -> None:
        self.client.close()
        self.app.set_screen(self.back_to)

    def escape(self) -> None:
        self.back()

    def update(self, dt: float) -> None:
        key = tuple((m, s.get("claimed")) for m, s in self.seats().items())
        if key != self._seats_key:
            self.rebuild()

    def draw(self, surf) -> None:
        th, px = self.theme, self.px
        surf.fill(th.c["bg"])
        st = self.client.status
        gfx.text(surf, self.cache, self._("Choose your delegation"), (px(48), px(34)), "h1")
        free = sum(1 for s in self.seats().values() if not s.get("claimed"))
        gfx.text(surf, self.cache, self._("{title} \u00b7 class {code} \u00b7 {n} free seats").format(
            title=_in(st.get("title", ""), self.app.lang), code=st.get("code", self.client.code), n=free), (px(50), px(74)), "small", "muted")
        if self.message:
            gfx.text(surf, self.cache, self.message, (px(48), surf.get_height() - px(40)), "small", "no")

    def draw_over(self, surf) -> None:
        px = self.px
        seats = self.seats()
        for m, b in getattr(self, "cards", {}).items():
            r = b.rect
            s = seats.get(m, {})
            gfx.text(surf, self.cache, m, (r.x + px(12), r.y + px(8)), "h3")
            name = _in(s.get("name", m), self.app.lang)
            gfx.text(surf, self.cache, gfx.fit(self.cache, str(name), r.width - px(24), "small"), (r.x + px(12), r.y + px(34)),
                     "small", "muted")
            if s.get("claimed"):
                gfx.chip(surf, self.cache, self._("TAKEN"), (r.right - px(8), r.y + px(8)), "panel2", "muted",
                         anchor="topright")
        super().draw_over(surf)


def start_class(app, client) -> None:
    """Open the class's negotiation in `app` for a seated `client` (a student: its brief
    first; the facilitator: the console)."""
    from game.ui.remote import RemoteGame
    from game.ui.screens.brief import BriefScreen

    app.end_game()
    app.game = RemoteGame(client, lang=app.lang, save_dir=app.save_dir)
    if client.role == "student":  # (on the terminal that opened the window: the way back to this seat)
        print(f"{client.seat}: token {client.token} (to come back to this seat: penholder join "
              f"{client.url.removeprefix('ws://')} --code {client.code} --seat {client.seat} --token {client.token})",
              flush=True)
    if client.role == "facilitator":
        app.set_screen(app.scene_screen())
    else:
        app.set_screen(BriefScreen(app))


# --- the facilitator's console ---------------------------------------------------------------------------
class ConsoleScreen(GameScreen):
    """The facilitator's console: the horseshoe with the students' seats (marked, and
    whether connected), each seat's holder with the button that hands it over, the
    decision awaited and its deadline, the feed and the draft; the top bar's Pause, speed
    and Inject are the room's; Start, Extend and End below."""

    name = "console"

    @property
    def scene(self) -> str:
        return "console" if self.game.scene == "debrief" else self.game.scene

    def __init__(self, app):
        super().__init__(app)
        self.game.instant = True  # (the console shows the room as it stands: no reading pace)

    def state_key(self):
        g = self.game
        st = g.status
        seats = tuple((m, s.get("played_by"), s.get("claimed")) for m, s in g.seats().items())
        return (super().state_key(), seats, st.get("started"), st.get("paused"), st.get("ended"), st.get("speed"),
                (st.get("pending") or {}).get("member"))

    def build_body(self) -> None:
        from game.ui.screens.play import DraftView

        px = self.px
        b = self.body
        lw = int(b.width * 0.5)
        self.horse_rect = pygame.Rect(b.x, b.y, lw, int(b.height * 0.5))
        self.seats_rect = pygame.Rect(b.x, self.horse_rect.bottom + px(10), lw, b.bottom - self.horse_rect.bottom - px(10))
        rx = b.x + lw + px(12)
        rw = b.right - rx
        ctl = px(56)
        self.draft_rect = pygame.Rect(rx, b.y, rw, int((b.height - ctl) * 0.45))
        self.feed_rect = pygame.Rect(rx, self.draft_rect.bottom + px(10), rw, b.bottom - ctl - self.draft_rect.bottom - px(10))
        self.feed = Feed(self, self.feed_rect.inflate(-px(20), -px(44)).move(0, px(12)))
        self.draft = DraftView(self, self.draft_rect.inflate(-px(4), -px(30)).move(0, px(13)))
        self.draft.refresh()
        # the seats: one button each, that hands the seat over
        g = self.game
        seats = g.seats()
        order = list(seats) or list(g.shown.council.ids)
        cols = 3
        inner = self.seats_rect.inflate(-px(20), -px(40)).move(0, px(12))
        rows = (len(order) + cols - 1) // cols
        gap = px(6)
        cw = (inner.width - (cols - 1) * gap) // cols
        ch = max(px(26), min(px(44), (inner.height - (rows - 1) * gap) // max(1, rows)))
        self.seat_buttons = {}
        for k, m in enumerate(order):
            r, c = divmod(k, cols)
            s = seats.get(m, {})
            to = "agent" if s.get("played_by") == "student" else "student"
            bt = self.button((inner.x + c * (cw + gap), inner.y + r * (ch + gap), cw, ch), "",
                             lambda m=m, to=to: self.move_seat(m, to), cls="@seat", name=f"seat:{m}",
                             enabled=to == "agent" or bool(s.get("claimed")),
                             tooltip=self._("Hand the seat to its agent") if to == "agent" else
                             self._("Hand the seat back to its student"))
            self.seat_buttons[m] = bt
        # the room's controls
        st = g.status
        y = b.bottom - ctl + px(8)
        bw = (rw - 2 * px(10)) // 3
        h = ctl - px(8)
        if not st.get("started"):
            self.button((rx, y, bw, h), self._("Start the session"), lambda: self.act("start"), cls="@primary",
                        name="console:start")
        else:
            self.button((rx, y, bw, h), self._("Extend +5 min"), lambda: self.act("extend", seconds=EXTEND),
                        name="console:extend", enabled=bool(st.get("pending")) and not st.get("ended"))
        self.button((rx + bw + px(10), y, bw, h), self._("Save the log  F5"), self.save, cls="@quiet", name="console:save")
        self.button((rx + 2 * (bw + px(10)), y, bw, h), self._("End the session"), lambda: self.act("end"),
                    cls="@quiet", name="console:end", enabled=bool(st.get("started")) and not st.get("ended"))

    def act(self, command: str, **args) -> None:
        if not self.game.facilitate(command, **args):
            self.app.toast(self.game.message or self._("Refused"), 5)
        self.rebuild()

    def move_seat(self, member: str, to: str) -> None:
        if self.game.facilitate("seat", member=member, to=to):
            self.app.toast(self._("{who}: played by its agent").format(who=member) if to == "agent" else
                           self._("{who}: played by its student").format(who=member))
        else:
            self.app.toast(self.game.message or self._("Refused"), 5)
        self.rebuild()

    def update(self, dt: float) -> None:
        g = self.game
        if g.beat is not None:  # (the console does not wait on the room's beats)
            g.continue_()
        super().update(dt)
        if self.app.screen is self and self.built and not self.overlay:
            self.draft.refresh()

    def draw_body(self, surf) -> None:
        th, px, g = self.theme, self.px, self.game
        gfx.panel(surf, th, self.horse_rect, "panel", "line", 10)
        humans = g.humans()
        connected = sum(1 for m in humans if g.seats().get(m, {}).get("connected"))
        panel_title(self, surf, self.horse_rect, self._("THE COUNCIL"),
                    self.tongue.ngettext("{n} students, {c} connected", "{n} students, {c} connected",
                                         connected).format(n=len(humans), c=connected))
        hr = self.horse_rect.inflate(-px(24), -px(64)).move(0, px(6))
        mode = "vote" if g.scene == "vote" else "stance"
        self.draw_horseshoe(surf, hr, mode=mode)
        gfx.panel(surf, th, self.seats_rect, "panel", "line", 10)
        p = g.status.get("pending")
        sub = (self._("awaited: {who}, {left} left").format(who=p["member"], left=clock(g.seconds_left()))
               if p else self._("deadline {s} s per decision").format(s=int(g.status.get("deadline") or 0)))
        panel_title(self, surf, self.seats_rect, self._("SEATS \u00b7 click to hand over"), sub)
        gfx.panel(surf, th, self.draft_rect, "paper", "paper_line", 10)
        gfx.text(surf, self.cache, self._("DRAFT RESOLUTION"), (self.draft_rect.x + px(14), self.draft_rect.y + px(8)),
                 "tiny", "ink_deleted", bold=True)
        self.draft.view.draw(surf)
        gfx.panel(surf, th, self.feed_rect, "panel", "line", 10)
        panel_title(self, surf, self.feed_rect, self._("THE ROOM"), self.tongue.counted(len(g.feed), "event"))
        self.feed.draw(surf, g.feed)

    def draw_over(self, surf) -> None:
        th, px, g = self.theme, self.px, self.game
        seats = g.seats()
        p = g.status.get("pending") or {}
        for m, b in getattr(self, "seat_buttons", {}).items():
            r = b.rect
            s = seats.get(m, {})
            student = s.get("played_by") == "student"
            dot = th.c["yes"] if student and s.get("connected") else th.c["abstain"] if student else th.c["faint"]
            pygame.draw.circle(surf, dot, (r.x + px(12), r.centery), px(5))
            gfx.text(surf, self.cache, m, (r.x + px(24), r.centery), "small", "text", bold=True, anchor="midleft")
            if student:
                word = self._("student") if s.get("connected") else self._("student, away")
            else:
                word = self._("agent") + (" \u00b7 " + self._("claimed") if s.get("claimed") else "")
            if p.get("member") == m:
                word = f"{word} \u00b7 {clock(g.seconds_left())}"
            gfx.text(surf, self.cache, gfx.fit(self.cache, word, r.width - px(80), "tiny"), (r.right - px(8), r.centery),
                     "tiny", "letter" if p.get("member") == m else "muted", anchor="midright")
        super().draw_over(surf)

    def draw_overlay(self, surf) -> None:
        super().draw_overlay(surf)


def _in(text, lang: str) -> str:
    """A text of the server's status in the reader's language (a bilingual scenario's texts
    come as ``{"en": ..., "fr": ...}``)."""
    return (text.get(lang) or text.get("en", "")) if isinstance(text, dict) else str(text)
