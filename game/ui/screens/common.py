"""What every in-game screen shares: the top bar (clock, phase, live odds, facilitator
controls), the calendar strip, the Council horseshoe, the feed, and the facilitator's
overlays (help, inject, pause, quit)."""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

import pygame

from game.i18n import N_
from game.procedure import Phase
from game.ui import gfx
from game.ui.gfx import STANCE_COLOUR, STANCE_ICON, Style
from game.ui.widgets import Screen
from game.ui.words import THREAT_TAG

FACILITATOR_KEYS = [
    (N_("P"), N_("pause / resume the room")),
    (N_("\u2212 / +"), N_("slower / faster")),
    (N_("S"), N_("skip ahead to the next decision")),
    (N_("N"), N_("next event now")),
    (N_("I"), N_("inject one of the scenario's events")),
    (N_("F5 or Ctrl+S"), N_("save now (a dated copy beside the autosave)")),
    (N_("F1"), N_("this help")),
    (N_("Esc"), N_("menu: back to the title screen (the session stays saved)")),
]
PLAYER_KEYS = [
    (N_("Tab / Shift+Tab, arrows"), N_("move between controls")),
    (N_("Enter / Space"), N_("press the focused control")),
    (N_("Left / Right"), N_("change a focused choice \u2039 \u203a")),
    (N_("PgUp / PgDn, wheel"), N_("scroll the draft or the feed")),
    (N_("Y / A / N"), N_("vote yes / abstain / no, on your vote")),
    (N_("Arrows on the roll call"), N_("why each delegation voted as it did")),
    (N_("Ctrl + / Ctrl \u2212"), N_("text size")),
]

KIND_ICON = {
    "circulate_zero_draft": ("pen", "accent"),
    "circulate_revision": ("pen", "accent"),
    "decide_amendments": ("pen", "accent"),
    "propose_amendments": ("dot", "muted"),
    "seek_support": ("ring", "muted"),
    "place_under_silence": ("clock", "letter"),
    "break_silence": ("letter", "letter"),
    "silence_holds": ("check", "yes"),
    "put_in_blue": ("star", "blue"),
    "call_vote": ("gavel", "text"),
    "seek_rollover": ("gavel", "abstain"),
    "declare_result": ("gavel", "text"),
    "inject": ("news", "abstain"),
    "mandate_expires": ("warning", "no"),
    "explain_vote": ("dot", "accent"),
    "hold_bilaterals": ("ring", "accent"),
    "bilateral_talk": ("ring", "letter"),  # a member that broke silence, face to face with the penholder
    "open_expert_round": ("dot", "accent"),
    "hold_read_through": ("dot", "muted"),
    "host_letter": ("letter", "abstain"),
    "package_deal": ("link", "accent"),
    "co_pen_revision": ("pen", "accent"),  # a co-penholder's answer to the lead
    "co_pen_step": ("pen", "muted"),
}


def seat_order(game) -> list[str]:
    """The horseshoe: alphabetical order, the President at the head of the table."""
    ids = list(game.shown.council.ids)
    n = len(ids)
    p = ids.index(game.scenario.president) if game.scenario.president in ids else 0
    mid = n // 2
    return [ids[(p - mid + i) % n] for i in range(n)]


def u_positions(rect: pygame.Rect, n: int, margin: float, margin_y: float | None = None) -> list[tuple[float, float]]:
    """n points evenly spaced (by arc length) along a horseshoe inside `rect`: two legs
    and a half ellipse over the top, open at the bottom."""
    return list(_u_positions(tuple(rect), n, margin, margin_y))


@lru_cache(maxsize=64)
def _u_positions(rect_t, n, margin, margin_y):
    rect = pygame.Rect(rect_t)
    my = margin if margin_y is None else margin_y
    rx = max(10.0, rect.width / 2 - margin)
    inner_h = max(10.0, rect.height - 2 * my)
    ry = inner_h * 0.62
    leg = inner_h - ry
    cx = rect.centerx
    cy = rect.y + my + ry
    # the half ellipse, sampled
    samples = 96
    arc = [(cx + rx * math.cos(math.pi - math.pi * k / samples), cy - ry * math.sin(math.pi * k / samples))
           for k in range(samples + 1)]
    path = [(cx - rx, cy + leg)] + arc + [(cx + rx, cy + leg)]
    seg = [math.dist(path[k], path[k + 1]) for k in range(len(path) - 1)]
    total = sum(seg)
    out = []
    for k in range(n):
        s = total * k / max(1, n - 1)
        j = 0
        while j < len(seg) - 1 and s > seg[j]:
            s -= seg[j]
            j += 1
        f = 0.0 if seg[j] == 0 else min(1.0, s / seg[j])
        (x0, y0), (x1, y1) = path[j], path[j + 1]
        out.append((x0 + (x1 - x0) * f, y0 + (y1 - y0) * f))
    return tuple(out)


def _u_path(rect_t, margin_x: float, margin_y: float, samples: int = 720) -> list[tuple[float, float]]:
    """The horseshoe's centre line inside `rect`, densely sampled: up the left leg, over
    the top in a half superellipse (squarer than an ellipse, so seats sit in rows rather
    than crowd on the diagonals), down the right leg."""
    rect = pygame.Rect(rect_t)
    rx = max(10.0, rect.width / 2 - margin_x)
    inner_h = max(10.0, rect.height - 2 * margin_y)
    ry = inner_h * 0.62
    leg = inner_h - ry
    cx, cy = rect.centerx, rect.y + margin_y + ry
    legs = max(2, int(samples * leg / (2 * leg + math.pi * (rx + ry) / 2)))
    arc_n = max(8, samples - 2 * legs)
    left = [(cx - rx, cy + leg * (1 - k / legs)) for k in range(legs)]

    def sq(v: float) -> float:  # |v|^(2/3) with its sign: a superellipse of exponent 3
        return math.copysign(abs(v) ** (2 / 3), v)

    arc = [(cx + rx * sq(math.cos(math.pi - math.pi * k / arc_n)), cy - ry * sq(math.sin(math.pi * k / arc_n)))
           for k in range(arc_n + 1)]
    right = [(cx + rx, cy + leg * k / legs) for k in range(1, legs + 1)]
    return left + arc + right


def _place(path, n: int, w: float, h: float, gap: float) -> list[tuple[float, float]] | None:
    """Walk the path, putting each seat at the first point where a w x h tile clears
    every tile already placed by `gap`; None when the n seats do not fit."""
    out = [path[0]]
    k = 0
    while len(out) < n:
        k += 1
        while k < len(path):
            x, y = path[k]
            if all(abs(x - px_) >= w + gap or abs(y - py_) >= h + gap for px_, py_ in out):
                break
            k += 1
        if k >= len(path):
            return None
        out.append(path[k])
    return out


@lru_cache(maxsize=64)
def seat_layout(rect_t, n: int, w: int, h: int, min_gap: int, top: int = 0) -> tuple[tuple, int, int]:
    """Where the n seats of the horseshoe go inside `rect`, as tile centres, and the tile
    size: no two tiles overlap (at least `min_gap` apart), the spare room is shared out
    evenly, and tiles shrink (down to 60%) only when the full size cannot fit. `top` is
    the room kept above the tiles for the President's label."""
    best = None
    f = 1.0
    while f >= 0.6 - 1e-9:
        tw, th_ = max(8, int(round(w * f))), max(8, int(round(h * f)))
        path = _u_path(rect_t, tw / 2 + 1, th_ / 2 + top)
        if _place(path, n, tw, th_, min_gap) is not None:
            lo, hi = float(min_gap), float(max(rect_t[2], rect_t[3]))
            for _ in range(24):  # the widest gap at which all n still fit
                mid = (lo + hi) / 2
                if _place(path, n, tw, th_, mid) is not None:
                    lo = mid
                else:
                    hi = mid
            best = (tuple(_place(path, n, tw, th_, lo)), tw, th_)
            break
        f -= 0.05
    if best is None:  # a window far too small: overlap rather than vanish
        tw, th_ = max(8, int(w * 0.6)), max(8, int(h * 0.6))
        best = (tuple(u_positions(pygame.Rect(rect_t), n, tw / 2 + 1, th_ / 2 + top)), tw, th_)
    return best


class GameScreen(Screen):
    """Base of the negotiation, silence, vote and explanation screens."""

    scene = "negotiation"

    def __init__(self, app):
        super().__init__(app)
        self.game = app.game
        self.overlay: str | None = None
        self.t = 0.0
        self._scene_at_build = self.game.scene

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        W, H = self.app.size
        px = self.px
        self.top = pygame.Rect(0, 0, W, px(60))
        self.cal = pygame.Rect(px(14), self.top.bottom + px(4), W - px(28), px(30))
        self.body = pygame.Rect(px(14), self.cal.bottom + px(10), W - px(28), H - self.cal.bottom - px(22))
        self._facilitator_buttons()
        if self.overlay:
            self.build_overlay()
        else:
            self.build_body()

    def _facilitator_buttons(self) -> None:
        px = self.px
        W = self.app.size[0]
        g = self.game
        h = px(34)
        y = (self.top.height - h) // 2
        x = W - px(12)

        def put(text, cb, w, name):
            nonlocal x
            w = px(w)
            x -= w
            b = None
            if not self.overlay:
                b = self.button((x, y, w, h), text, cb, cls="@quiet", focus=False, name=name)
            x -= px(6)
            return b

        put(self._("Help  F1"), self.open_help, 86, "fac:help")
        put(self._("Save  F5"), self.save, 86, "fac:save")
        student = getattr(g, "remote", False) and not g.facilitator  # (a class: the room is the facilitator's)
        if student:
            unread = len(g.notes()) - g.notes_seen
            put(self._("Notes ({n})").format(n=unread) if unread > 0 else self._("Notes"), self.open_notes, 86,
                "class:notes")
        else:
            put(self._("Inject  I"), self.open_inject, 86, "fac:inject")
        put("+", g.faster, 30, "fac:faster")
        self.speed_x = x - px(22)
        x -= px(44)
        put("\u2212", g.slower, 30, "fac:slower")
        if not student:
            paused = g.room_paused if getattr(g, "facilitator", False) else g.paused
            put(self._("Resume  P") if paused else self._("Pause  P"), self.pause, 96, "fac:pause")
        self.fac_left = x

    def build_body(self) -> None:  # pragma: no cover - overridden
        pass

    # --- facilitator ---------------------------------------------------------------------------
    def pause(self) -> None:
        g = self.game
        if getattr(g, "remote", False) and not g.facilitator:  # (a class: the room pauses for everyone)
            self.app.toast(self._("Only the facilitator pauses the room"))
            return
        g.toggle_pause()
        if getattr(g, "facilitator", False):  # (the room's pause: the console stays usable)
            self.rebuild()
            return
        self.overlay = "pause" if self.game.paused else None
        self.rebuild()

    def open_notes(self) -> None:
        from game.ui.classbar import open_notes

        open_notes(self)

    def save(self) -> None:
        path = self.game.save_now()
        self.app.toast(self._("Saved: {name}").format(name=path.name))

    def open_help(self) -> None:
        self.overlay = "help"
        self.rebuild()

    def open_inject(self) -> None:
        if self.game.finished or self.game.shown.finished:
            self.app.toast(self._("The negotiation is over: nothing left to inject"))
            return
        self.overlay = "inject"
        self.rebuild()

    def close_overlay(self) -> None:
        if self.overlay == "pause":
            self.game.paused = False
        self.overlay = None
        self.rebuild()

    def do_inject(self, event_id: str) -> None:
        if self.game.inject(event_id):
            self.app.toast(self._("Injected: the news reaches every delegation"))
        else:
            self.app.toast(self.game.message or self._("Cannot inject now"))
        self.close_overlay()

    def quit_to_title(self) -> None:
        self.app.toast(self._("The session is saved: Resume it from the title screen"))
        self.app.go_title()

    def overlay_rect(self) -> pygame.Rect:
        W, H = self.app.size
        tall = self.px(340) if self.overlay in ("pause", "menu") else self.px(560)
        r = pygame.Rect(0, 0, min(W - self.px(80), self.px(760)), min(H - self.px(120), tall))
        r.center = (W // 2, H // 2 + self.px(20))
        return r

    def build_overlay(self) -> None:
        px = self.px
        r = self.overlay_rect()
        bw = px(220)
        if self.overlay == "help":
            self.button((r.centerx - bw // 2, r.bottom - px(58), bw, px(42)), self._("Close  (Esc)"), self.close_overlay,
                        cls="@primary")
        elif self.overlay == "pause":
            self.button((r.centerx - bw // 2, r.bottom - px(58), bw, px(42)), self._("Resume  (P)"), self.close_overlay,
                        cls="@primary")
        elif self.overlay == "menu":
            self.button((r.centerx - bw - px(8), r.bottom - px(58), bw, px(42)), self._("Keep playing"), self.close_overlay,
                        cls="@primary")
            self.button((r.centerx + px(8), r.bottom - px(58), bw, px(42)), self._("Back to the title screen"),
                        self.quit_to_title, cls="@quiet")
        elif self.overlay == "inject":
            y = r.y + px(96)
            evs = self.game.injectable()
            ch = min(px(128), (r.bottom - px(80) - y) // max(1, len(evs[:5])) - px(8))
            self.inject_cards = []
            for e in evs[:5]:
                b = self.button((r.x + px(24), y, r.width - px(48), ch), "", lambda e=e: self.do_inject(e.id),
                                cls="@toggle", name=f"inject:{e.id}")
                self.inject_cards.append((b, e))
                y += ch + px(8)
            self.button((r.centerx - bw // 2, r.bottom - px(58), bw, px(42)), self._("Cancel  (Esc)"), self.close_overlay,
                        cls="@quiet")

    def draw_overlay(self, surf) -> None:
        th, px = self.theme, self.px
        shade = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
        shade.fill((6, 10, 14, 200))
        surf.blit(shade, (0, 0))
        r = self.overlay_rect()
        gfx.panel(surf, th, r, "panel", "accent", 12, 2)
        x, y, w = r.x + px(28), r.y + px(22), r.width - px(56)
        if self.overlay == "help":
            gfx.text(surf, self.cache, self._("Keys"), (x, y), "h2")
            y += px(40)
            colw = w // 2
            yy = y
            gfx.text(surf, self.cache, self._("FACILITATOR"), (x, yy), "tiny", "accent", bold=True)
            yy += px(20)
            for k, v in FACILITATOR_KEYS:
                gfx.text(surf, self.cache, self._(k), (x, yy), "small", bold=True)
                yy = gfx.rich(surf, self.cache, gfx.esc(self._(v)), (x + px(100), yy, colw - px(110), px(60)),
                              Style(role="small", colour="muted")) + px(4)
            yy = y
            gfx.text(surf, self.cache, self._("PLAYER"), (x + colw, yy), "tiny", "accent", bold=True)
            yy += px(20)
            for k, v in PLAYER_KEYS:
                yy = gfx.rich(surf, self.cache, f"[b]{gfx.esc(self._(k))}[/b]", (x + colw, yy, colw, px(30)),
                              Style(role="small")) - px(2)
                yy = gfx.rich(surf, self.cache, gfx.esc(self._(v)), (x + colw + px(12), yy, colw - px(12), px(40)),
                              Style(role="small", colour="muted")) + px(4)
            gfx.rich(surf, self.cache, self._("Autosave: every event, to {save_path}").format(save_path=gfx.esc(str(self.game.save_path))),
                     (x, r.bottom - px(100), w, px(40)), Style(role="tiny", colour="muted"))
        elif self.overlay == "pause":
            gfx.icon(surf, "pause", (r.centerx, r.y + px(64)), px(56), th.c["focus"])
            gfx.text(surf, self.cache, self._("The room is paused"), (r.centerx, r.y + px(104)), "h1", anchor="midtop")
            gfx.rich(surf, self.cache, self._("The facilitator has paused the negotiation. Nothing moves, and everything so far is saved. Press P (or the button) to resume."), (x + px(40), r.y + px(156), w - px(80), px(80)),
                     Style(role="body", colour="muted"), align="center")
        elif self.overlay == "menu":
            gfx.text(surf, self.cache, self._("Leave the negotiation?"), (x, y), "h2")
            gfx.rich(surf, self.cache, self._("The session is saved after every event. Resume it later from the title screen, exactly where it stopped."), (x, y + px(44), w, px(80)), Style(role="body", colour="muted"))
        elif self.overlay == "inject":
            gfx.text(surf, self.cache, self._("Inject an event"), (x, y), "h2")
            gfx.rich(surf, self.cache, self._("The news reaches every delegation at once and may shift their positions. It lands between turns, and the session records it so a replay puts it in the same place."),
                     (x, y + px(34), w, px(40)), Style(role="small", colour="muted"))
            if not self.game.injectable():
                gfx.text(surf, self.cache, self._("Every event of this scenario has already happened."), (x, y + px(90)),
                         "body", "muted")

    # --- input ------------------------------------------------------------------------------------
    def key(self, ev) -> bool:
        k = ev.key
        g = self.game
        if self.overlay:
            if k == pygame.K_ESCAPE or (self.overlay == "pause" and k == pygame.K_p) or \
                    (self.overlay == "help" and k == pygame.K_F1):
                self.close_overlay()
                return True
            return False
        ctrl = ev.mod & (pygame.KMOD_CTRL | pygame.KMOD_META)
        if k == pygame.K_p:
            self.pause()
        elif k in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS) and not ctrl:
            g.faster()
        elif k in (pygame.K_MINUS, pygame.K_KP_MINUS) and not ctrl:
            g.slower()
        elif k == pygame.K_i:
            self.open_inject()
        elif k == pygame.K_F5 or (ctrl and k == pygame.K_s):
            self.save()
        elif k == pygame.K_F1 or (k == pygame.K_h and not ctrl):
            self.open_help()
        elif k == pygame.K_s:
            g.skip()
        elif k == pygame.K_n:
            g.next_now()
        elif k == pygame.K_ESCAPE:
            self.overlay = "menu"
            self.rebuild()
        else:
            return self.scene_key(ev)
        return True

    def scene_key(self, ev) -> bool:
        return False

    def update(self, dt: float) -> None:
        self.t += dt
        g = self.game
        if g.scene != self.scene and not self.overlay:
            self.app.set_screen(self.app.scene_screen())
            return
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the widgets when what the player can do has changed."""
        key = self.state_key()
        if key != getattr(self, "_key", None) and self.built:
            self.rebuild()

    def rebuild(self) -> None:
        super().rebuild()
        self._key = self.state_key()

    def state_key(self):
        g = self.game
        unread = len(g.notes()) - g.notes_seen if getattr(g, "remote", False) else 0  # (the Notes button's count)
        return (g.my_turn, g.turn_kind, g.beat, self.overlay, g.paused, unread)

    def ready(self) -> bool:
        """The widgets match the game (what a scripted player waits for before acting)."""
        return self.built and self.game.scene == self.scene and getattr(self, "_key", None) == self.state_key()

    # --- drawing -----------------------------------------------------------------------------------
    def draw(self, surf) -> None:
        surf.fill(self.theme.c["bg"])
        self.draw_top(surf)
        self.draw_calendar(surf)
        self.draw_body(surf)

    def draw_body(self, surf) -> None:  # pragma: no cover - overridden
        pass

    def draw_over(self, surf) -> None:
        self.draw_speed(surf)
        if self.overlay:
            self.draw_overlay(surf)
            self.app.manager.draw_ui(surf)  # the overlay's buttons above the shade
            if self.overlay == "inject":
                self.draw_inject_cards(surf)
        super().draw_over(surf)

    def draw_inject_cards(self, surf) -> None:
        px = self.px
        for b, e in getattr(self, "inject_cards", []):
            r = b.rect
            fictional, title, rest = inject_headline(e.id, e.message)
            due = (self._("dated {date} (fires on its own that day)").format(date=self.tongue.date(e.date, "dm"))
                   if e.date else self._("facilitator only"))
            x, w = r.x + px(14), r.width - px(28)
            head = gfx.layout(self.cache, gfx.esc(title), w, Style(role="h3"), 0.05)
            if len(head) > 2:  # a first sentence too long for a title: cut it, and give the whole message below
                head = gfx.clipped(self.cache, gfx.esc(title), w, Style(role="h3"), gfx.text_height(head[:2]), 0.05)
                rest = " ".join(filter(None, [title + ".", rest]))
            y = gfx.draw_lines(surf, self.cache, head, x, r.y + px(6))
            dr = gfx.text(surf, self.cache, due, (x, y + px(1)), "tiny", "muted")
            if fictional:
                gfx.chip(surf, self.cache, self._("FICTIONAL WHAT-IF"), (dr.right + px(10), dr.y - px(1)), "abstain", "bg2")
            top = dr.bottom + px(3)
            lines = gfx.clipped(self.cache, gfx.esc(rest), w, Style(role="small", colour="muted"), r.bottom - px(6) - top,
                                0.1)
            gfx.draw_lines(surf, self.cache, lines, x, top)

    def draw_speed(self, surf) -> None:
        g = self.game
        label = "fast" if g.fast else f"{g.speed:g}\u00d7"
        gfx.text(surf, self.cache, label, (self.speed_x, self.top.centery - self.px(7)), "bodyb", "text", anchor="center")
        gfx.text(surf, self.cache, self._("speed"), (self.speed_x, self.top.centery + self.px(10)), "tiny", "muted", anchor="center")

    def draw_top(self, surf) -> None:
        th, px, g = self.theme, self.px, self.game
        pygame.draw.rect(surf, th.c["bg2"], self.top)
        pygame.draw.line(surf, th.c["line"], self.top.bottomleft, self.top.bottomright)
        x = px(16)
        label, who, chip = seat_heading(g)
        gfx.text(surf, self.cache, label, (x, px(9)), "small", "accent", bold=True)
        r = gfx.text(surf, self.cache, gfx.fit(self.cache, who, px(190) - (px(90) if chip else 0), "h3"),
                     (x, px(27)), "h3")
        if chip:
            gfx.chip(surf, self.cache, chip, (r.right + px(8), r.centery), "accent", "bg2", anchor="midleft")
        # clock and phase
        cx = px(220)
        t = g.display_t
        n = g.narrator
        now = n.moment(int(t))
        gfx.text(surf, self.cache, self.tongue.date(now.date(), "dm") + f"  {now:%H:%M}", (cx, px(6)), "h2")
        gfx.text(surf, self.cache, gfx.first_fit(self.cache, g.phase_texts(), px(300), "small"), (cx, px(34)), "small", "muted")
        # odds (in a class: the connection and the deadline of the decision awaited)
        ox = cx + px(312)
        if getattr(g, "remote", False):
            from game.ui.classbar import draw_class_status

            draw_class_status(self, surf, pygame.Rect(ox, px(8), self.fac_left - ox - px(10), px(44)))
        else:
            self.draw_odds(surf, pygame.Rect(ox, px(8), self.fac_left - ox - px(10), px(44)))

    def draw_odds(self, surf, r: pygame.Rect) -> None:
        th, px, g = self.theme, self.px, self.game
        if r.width < px(100):
            return
        odds = g.odds
        val = odds.value if odds is not None else None
        silence = g.shown.phase in (Phase.UNDER_SILENCE, Phase.SILENCE_BROKEN) and g.scene == "silence"
        rows = [(self._("ADOPTION"), "adopted", "yes")]
        if silence and val and "silence_holds" in val:
            rows.append((self._("SILENCE HOLDS"), "silence_holds", "letter"))
        rh = r.height // len(rows)
        lw = px(108)
        for k, (label, key, col) in enumerate(rows):
            y = r.y + k * rh
            gfx.text(surf, self.cache, label, (r.x, y + rh // 2), "tiny", "muted", bold=True, anchor="midleft")
            bx = r.x + lw
            bw = r.width - lw - px(46)
            bar = pygame.Rect(bx, y + rh // 2 - px(5), bw, px(10))
            if odds is None or not odds.enabled:
                gfx.text(surf, self.cache, self._("off"), (bx, y + rh // 2), "tiny", "faint", anchor="midleft")
                continue
            if val is None or key not in val:
                gfx.bar(surf, th, bar, 0.0, col)
                dots = "." * (1 + int(self.t * 3) % 3)
                gfx.text(surf, self.cache, dots, (bar.right + px(6), bar.centery), "small", "muted", anchor="midleft")
                continue
            p = float(val[key])
            gfx.bar(surf, th, bar, p, col)
            gfx.text(surf, self.cache, self.tongue.percent(p), (bar.right + px(6), bar.centery), "bodyb", "text",
                     anchor="midleft")
        if odds is not None and odds.computing and not (val or {}).get("final"):
            a = self.t * 5
            c = (r.x + lw - px(12), r.y + r.height // (2 * len(rows)))
            box = pygame.Rect(0, 0, px(12), px(12))
            box.center = c
            pygame.draw.arc(surf, th.c["accent"], box, a, a + 4.2, max(1, px(2)))

    def draw_calendar(self, surf) -> None:
        th, px, g = self.theme, self.px, self.game
        sc = g.scenario
        z = sc.calendar.zero_draft
        expiry_t = g.shown.expiry_t
        days = max(1, (expiry_t // 1440) + 2)
        r = self.cal
        cw = r.width / days
        now = g.display_t
        today = int(now // 1440)
        for d in range(days):
            day = z + dt.timedelta(days=d)
            cell = pygame.Rect(int(r.x + d * cw) + 1, r.y, int(cw) - 2, r.height)
            weekend = day.weekday() >= 5
            fill = th.c["panel"] if not weekend else th.c["bg2"]
            if d < today:
                fill = th.c["panel2"] if not weekend else th.c["bg2"]
            pygame.draw.rect(surf, fill, cell, border_radius=px(4))
            if d == today:
                pygame.draw.rect(surf, th.c["accent"], cell, px(2), border_radius=px(4))
            if d == expiry_t // 1440:
                pygame.draw.rect(surf, th.c["no"], cell, px(2), border_radius=px(4))
            col = "text" if d == today else ("muted" if d > today else "faint")
            label = self.tongue.date(day, "dd") if cw > px(52) else day.strftime("%d")
            gfx.text(surf, self.cache, label, cell.center, "tiny", col, bold=d == today, anchor="center")
        # silences, blue, vote: marks along the bottom of the strip
        def xt(t):
            return r.x + t / 1440 * cw

        for s in g.shown.silences:
            a, b = xt(s.placed), xt(min(s.deadline, now) if s.held is None else s.deadline)
            band = pygame.Rect(int(a), r.bottom - px(6), max(2, int(b - a)), px(5))
            pygame.draw.rect(surf, th.c["letter"], band)
            for m_k, _ in enumerate(s.breaks):
                del m_k
        if g.shown.blue_t is not None:
            gfx.icon(surf, "star", (int(xt(g.shown.blue_t)), r.bottom - px(3)), px(10), th.c["blue"])
        x_now = int(xt(now))
        pygame.draw.line(surf, th.c["focus"], (x_now, r.y - px(2)), (x_now, r.bottom + px(2)), max(1, px(2)))

    # --- shared pieces ------------------------------------------------------------------------------
    def draw_horseshoe(self, surf, rect: pygame.Rect, mode: str = "stance", centre: bool = True,
                       seat_scale: float = 1.0) -> dict:
        """The fifteen seats around the horseshoe (drawn again only when something on it
        changed); returns their rects by member."""
        g = self.game
        key = (tuple(rect), mode, centre, seat_scale, g.revealed, self.theme.scale, g.seat, class_marks(g))
        cached = getattr(self, "_horse", None)
        if cached is None or cached[0] != key:
            layer = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
            rects = self._draw_horseshoe(layer, rect, mode, centre, seat_scale)
            bbox = layer.get_bounding_rect()
            cached = self._horse = (key, layer.subsurface(bbox).copy(), bbox.topleft, rects)
        surf.blit(cached[1], cached[2])
        return cached[3]

    def _draw_horseshoe(self, surf, rect: pygame.Rect, mode: str, centre: bool, seat_scale: float) -> dict:
        th, px, g = self.theme, self.px, self.game
        order = seat_order(g)
        # wide enough for the longest code and its "P5" side by side
        need = max(self.cache.word(m, Style(role="small", bold=True)).get_width() for m in order) + \
            self.cache.word("P5", Style(role="tiny", bold=True)).get_width() + px(16)
        pts, sw, sh = seat_layout(tuple(rect), len(order), max(px(58 * seat_scale), need), px(42 * seat_scale),
                                  px(6), px(14))
        seat_scale = seat_scale * sh / max(1, px(42 * seat_scale))
        breakers = set(g.current_breakers())
        ever = g.ever_broke()
        ballots = g.shown.ballots
        acting = g.spotlight["actor"] if g.spotlight else None
        target = (g.spotlight["data"].get("target") or g.spotlight["data"].get("with")) if g.spotlight else None
        target = target if isinstance(target, str) else None
        sc = g.scenario
        marks = class_marks(g)
        rects = {}
        table = _u_path(tuple(rect), sw / 2 + 1, sh / 2 + px(14), 96)
        pygame.draw.lines(surf, th.c["panel2"], False, table, max(2, px(10)))
        for m, (x, y) in zip(order, pts, strict=True):
            r = pygame.Rect(0, 0, sw, sh)
            r.center = (int(x), int(y))
            rects[m] = r
            me = m == g.seat
            pygame.draw.rect(surf, th.c["you"] if me else th.c["panel2"], r, border_radius=px(7))
            pygame.draw.rect(surf, th.c["accent"] if me else th.c["line"], r, px(2) if me else 1, border_radius=px(7))
            if m in (acting, target):
                pygame.draw.rect(surf, th.c["focus"], r.inflate(px(8), px(8)), px(2), border_radius=px(9))
            gfx.text(surf, self.cache, m, (r.x + px(6), r.y + px(3)), "small", "text", bold=True)
            if sc.members[m].permanent:
                gfx.text(surf, self.cache, "P5", (r.right - px(5), r.y + px(5)), "tiny", "muted", bold=True,
                         anchor="topright")
            iy = r.bottom - px(11 * seat_scale)
            if (m == sc.penholder or m in sc.co_penholders) and mode != "vote":
                gfx.icon(surf, "pen", (r.right - px(13), iy), px(13), th.c["accent"])
            if mode == "vote":
                b = ballots.get(m)
                if b is not None:
                    b = b.value if hasattr(b, "value") else b
                    veto = b == "no" and sc.members[m].permanent and g.shown.vote_on == "resolution"
                    col = th.c[STANCE_COLOUR[b]]
                    gfx.icon(surf, gfx.BALLOT_ICON[b], (r.x + px(13), iy), px(14), col)
                    word = self._("VETO") if veto else {"yes": self._("YES"), "no": self._("NO"), "abstain": self._("ABST")}[b]
                    gfx.text(surf, self.cache, word, (r.x + px(22), iy), "tiny", STANCE_COLOUR[b], bold=True,
                             anchor="midleft")
                    if veto:
                        pygame.draw.rect(surf, th.c["no"], r.inflate(px(4), px(4)), px(3), border_radius=px(8))
                else:
                    gfx.text(surf, self.cache, "\u2026", (r.x + px(8), iy), "small", "faint", anchor="midleft")
            else:
                st = g.stance(m)
                gfx.icon(surf, STANCE_ICON[st], (r.x + px(13), iy), px(14), th.c[STANCE_COLOUR[st]])
                if m in breakers:
                    gfx.icon(surf, "letter", (r.right - px(13), iy), px(15), th.c["letter"])
                elif m in ever:
                    gfx.icon(surf, "letter", (r.right - px(13), iy), px(12), th.c["faint"], 1)
            if m == sc.president:
                gfx.text(surf, self.cache, self._("PRESIDENT"), (r.centerx, r.y - px(2)), "tiny", "muted", bold=True,
                         anchor="midbottom")
            if marks is not None:
                draw_seat_mark(self, surf, r, m, marks)
        if centre and g.spotlight and mode != "vote":
            self.draw_spotlight(surf, rect, rects)
        return rects

    def draw_spotlight(self, surf, rect, rects) -> None:
        th, px, g = self.theme, self.px, self.game
        sp = g.spotlight
        x0, x1, top = horseshoe_inside(rects, px, px(12), px(10), rect.y)
        card = pygame.Rect(x0, top, x1 - x0, rect.bottom - top)
        if card.width < px(140) or card.height < px(60):
            return
        gfx.panel(surf, th, card, "bg2", "line", 10)
        ic, col = KIND_ICON.get(sp["kind"], ("dot", "muted"))
        gfx.icon(surf, ic, (card.x + px(18), card.y + px(18)), px(16), th.c[col])
        who = g.narrator.name(sp["actor"]) if sp["actor"] else self._("The Council")
        gfx.text(surf, self.cache, gfx.fit(self.cache, who, card.width - px(150), "h3"), (card.x + px(34), card.y + px(8)), "h3")
        gfx.text(surf, self.cache, g.narrator.clock(sp["t"]), (card.right - px(12), card.y + px(11)), "tiny", "muted",
                 anchor="topright")
        body = feed_markup(g, sp, short=True)
        lines = gfx.layout(self.cache, body, card.width - px(28), Style(role="small"))
        room = card.height - px(44)
        keep, h = [], 0
        for ln in lines:
            if h + ln.height > room:
                if keep:
                    keep[-1] = gfx.layout(self.cache, "\u2026", card.width, Style(role="small", colour="muted"))[0]
                break
            keep.append(ln)
            h += ln.height
        gfx.draw_lines(surf, self.cache, keep, card.x + px(14), card.y + px(36))


_WHAT_IF = re.compile(r"^\s*(?:WHAT-IF|ET SI)\b[^:]*:\s*", re.IGNORECASE)  # (English, French)
_DATELINE = re.compile(r"^\s*\d{1,2}(?:er)? [A-Za-z\u00e9\u00fb]+ \d{4}\s*[:\u2014-]\s*")  # ("25 June 2021:", "25 juin 2021 :")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\u00c0-\u00dd\u201c\u00ab\"])")  # (a French sentence may open on É or «)


def inject_headline(event_id: str, message: str) -> tuple[bool, str, str]:
    """An inject's card: (fictional?, title, the rest of the message). Scenario events
    have no title field: the title is the message's first sentence, without its dateline
    ("25 June 2021:") or the "WHAT-IF (...):" flag; the rest follows it."""
    msg = " ".join(str(message).split())
    fictional = "what_if" in event_id or bool(_WHAT_IF.match(msg))
    msg = _DATELINE.sub("", _WHAT_IF.sub("", msg))
    if not msg:
        return fictional, event_id.replace("_", " ").capitalize(), ""
    first, *rest = _SENTENCE_END.split(msg, maxsplit=1)
    title = first.rstrip(".")
    title = title[0].upper() + title[1:]
    return fictional, title, " ".join(rest).strip()


def class_marks(game) -> tuple | None:
    """In a class (game.ui.remote): the seats students play and which of them are
    connected, as the server last said (None in a game on one machine)."""
    if not getattr(game, "remote", False):
        return None
    seats = game.seats()
    return (tuple(sorted(game.humans())), tuple(sorted(m for m, s in seats.items() if s.get("connected"))),
            (game.status.get("pending") or {}).get("member"))


def draw_seat_mark(screen, surf, r: pygame.Rect, member: str, marks: tuple) -> None:
    """A seat's mark in a class: a student's seat has a small figure on its top right
    corner (filled while its student is connected, hollow while away); the seat whose
    decision the server awaits is outlined."""
    th, px = screen.theme, screen.px
    humans, connected, awaited = marks
    if member in humans:
        col = th.c["yes"]
        # (above the seat's right corner, clear of "P5"; the president's label is wider than its seat)
        cx, top = r.right - px(12) + (px(14) if member == screen.game.scenario.president else 0), r.y - px(17)
        head = (cx, top + px(4))
        body = pygame.Rect(0, 0, px(14), px(12))
        body.midtop = (cx, top + px(8))
        width = 0 if member in connected else max(1, px(1.5))
        pygame.draw.ellipse(surf, th.c["bg2"], body.inflate(px(3), px(3)))
        pygame.draw.circle(surf, th.c["bg2"], head, px(5.5))
        pygame.draw.ellipse(surf, col, body, width)
        pygame.draw.circle(surf, th.c["bg2"], head, px(4.5))
        pygame.draw.circle(surf, col, head, px(3.5), width)
    if member == awaited:
        pygame.draw.rect(surf, th.c["letter"], r.inflate(px(4), px(4)), max(1, px(2)), border_radius=px(8))


def seat_heading(game) -> tuple[str, str, str | None]:
    """The top bar's corner: (label, name, chip). The label says whose seat it is (not
    the game's name, which read as a role: "Penholder: China"); the chip gives the
    player's role when it holds the pen."""
    _ = game.tongue.gettext
    if not game.seat:
        if getattr(game, "facilitator", False):
            return _("FACILITATOR"), _("The class's Council"), None
        return _("WATCHING"), _("All fifteen seats"), None
    pen = game.seat == game.scenario.penholder
    co = game.seat in game.scenario.co_penholders
    return (_("YOUR DELEGATION"), game.narrator.name(game.seat),
            _("PENHOLDER") if pen else _("CO-PENHOLDER") if co else _("YOU"))


def feed_markup(game, entry, short: bool = False) -> str:
    """An event's narration as markup for the feed and the spotlight."""
    lines = [ln for ln in entry["lines"]]
    k = entry["kind"]
    n = game.narrator
    if k == "cast_vote":
        b = entry["data"]["ballot"]
        _ = game.tongue.gettext
        word = {"yes": "[c=yes][b]" + _("YES") + "[/b][/c]", "no": "[c=no][b]" + _("NO") + "[/b][/c]",
                "abstain": "[c=abstain][b]" + _("ABSTAIN") + "[/b][/c]"}[b]
        return _("{member} votes {ballot}").format(member=gfx.esc(n.the(entry["actor"], cap=True)), ballot=word)
    if k == "seek_support":
        ans = entry["data"]["answer"]
        col = {"yes": "yes", "no": "no"}.get(ans, "abstain")
        head = gfx.esc(lines[0])
        cut = head.rfind(":")
        return f"{head[:cut + 1]} [c={col}][b]{head[cut + 1:].strip()}[/b][/c]"
    if k == "declare_result":
        return f"[b]{gfx.esc(lines[0])}[/b]"
    if k == "inject":
        news = lines[0].replace("NEWS \u2014 ", "")
        return "[c=abstain][b]" + game.tongue.gettext("NEWS") + f"[/b][/c] {gfx.esc(news)}"
    head = gfx.esc(lines[0]) if lines else ""
    rest = [gfx.esc(ln.strip()) for ln in lines[1:]]
    if k == "propose_amendments" and short and entry["data"].get("backs"):
        st = game.shown
        for aid in entry["data"]["backs"][:4]:
            if 1 <= aid <= len(st.amendments):
                a = st.amendments[aid - 1]
                info = st.council.issues[a.issue]
                op = game.tongue.gettext("OP {n}").format(n=info.paragraph)
                rest.append(f"A{aid} ({n.name(a.proposer)}){game.tongue.colon} {op} {game.tongue.quote(gfx.esc(info.labels[a.variant]))}")
    if k == "break_silence" and rest:
        body = rest[0]
        threat = entry["data"].get("threat")
        tail = ""
        if threat and len(rest) > 1:  # the narrator's line on the threat, flagged
            tail = f"\n[c=no][b]{game.tongue.gettext(THREAT_TAG[threat])}[/b][/c] {rest[1]}"
        return f"[b]{head}[/b]\n[i]{body}[/i]{tail}"
    if k == "bilateral_talk":  # a bilateral: a threat flagged, as in a letter
        threat = entry["data"].get("threat")
        tag = f"[c=no][b]{game.tongue.gettext(THREAT_TAG[threat])}[/b][/c] " if threat in THREAT_TAG else ""
        body = f"\n[i]{rest[0]}[/i]" if rest else ""
        return "[c=accent][b]" + game.tongue.gettext("BILATERAL") + f"[/b][/c] {tag}{head}{body}"
    if k == "host_letter":
        return "[c=abstain][b]" + game.tongue.gettext("HOST COUNTRY") + f"[/b][/c] {head}"
    if k == "package_deal":
        return "[c=accent][b]" + game.tongue.gettext("PACKAGE DEAL") + f"[/b][/c] {head.removeprefix('Package: ')}"
    if k == "explain_vote" and rest:
        return f"[b]{head}[/b]\n[i]{rest[0]}[/i]"
    if short and len(rest) > 4:
        rest = rest[:4] + [game.tongue.gettext("\u2026 and {n} more").format(n=len(lines) - 5)]
    if rest:
        return head + "\n" + "\n".join(f"[c=muted]{r}[/c]" for r in rest)
    return head


class Feed:
    """The room's feed: one entry per event, newest at the bottom, scrollable."""

    def __init__(self, screen: GameScreen, rect: pygame.Rect):
        self.screen = screen
        self.rect = pygame.Rect(rect)
        self._surfs: dict[int, pygame.Surface] = {}
        self.back = 0  # pixels scrolled up from the newest entry

    def surface(self, entry) -> pygame.Surface:
        s = self._surfs.get(entry["seq"])
        if s is not None:
            return s
        scr = self.screen
        th, px, cache, g = scr.theme, scr.px, scr.cache, scr.game
        w = self.rect.width - px(10)
        tx = px(86)
        body = feed_markup(g, entry)
        role = "small"
        lines = gfx.layout(cache, body, w - tx, Style(role=role), 0.18)
        h = max(px(34), gfx.text_height(lines) + px(10))
        s = pygame.Surface((w, h), pygame.SRCALPHA)
        when = g.narrator.moment(entry["t"])
        gfx.text(s, cache, self.screen.tongue.date(when.date(), "dd"), (0, px(2)), "tiny", "muted", bold=True)
        gfx.text(s, cache, when.strftime("%H:%M"), (0, px(16)), "tiny", "faint")
        ic, col = KIND_ICON.get(entry["kind"], ("dot", "faint"))
        if entry["kind"] == "cast_vote":
            b = entry["data"]["ballot"]
            ic, col = gfx.BALLOT_ICON[b], STANCE_COLOUR[b]
        if entry["actor"] and entry["actor"] == g.seat:
            pygame.draw.rect(s, th.c["accent"], (tx - px(14), 0, px(3), h - px(6)))
        gfx.icon(s, ic, (tx - px(24), px(11)), px(13), th.c[col])
        gfx.draw_lines(s, cache, lines, tx, 0)
        self._surfs[entry["seq"]] = s
        return s

    def scroll(self, dy: int) -> None:
        self.back = max(0, self.back - dy)

    def draw(self, surf, entries: list[dict]) -> None:
        r = self.rect
        clip = surf.get_clip()
        surf.set_clip(r)
        y = r.bottom + self.back
        total = 0
        for e in reversed(entries):
            s = self.surface(e)
            y -= s.get_height()
            total += s.get_height()
            if y > r.bottom:
                continue
            surf.blit(s, (r.x, y))
            if y < r.y:
                break
        surf.set_clip(clip)
        if self.back > 0:
            px = self.screen.px
            gfx.chip(surf, self.screen.cache, self.screen._("newer below \u00b7 End"), (r.right - px(6), r.bottom - px(4)), "accent",
                     "bg2", anchor="bottomright")

    def at_newest(self) -> None:
        self.back = 0


def panel_title(screen, surf, rect, title: str, sub: str = "") -> None:
    px = screen.px
    gfx.text(surf, screen.cache, title, (rect.x + px(14), rect.y + px(10)), "tiny", "accent", bold=True)
    if sub:
        gfx.text(surf, screen.cache, sub, (rect.right - px(14), rect.y + px(10)), "tiny", "muted", anchor="topright")


def horseshoe_inside(rects, px, margin: int, gap: int, default_top: int) -> tuple[int, int, int]:
    """The free area inside the horseshoe of seat `rects`: (left x, right x, top y), `margin`
    inside its two legs and `gap` below the lowest seat of its top arc."""
    left = min(r.x for r in rects.values())
    right = max(r.right for r in rects.values())
    legs_l = max(r.right for r in rects.values() if r.x <= left + px(4))
    legs_r = min(r.x for r in rects.values() if r.right >= right - px(4))
    x0, x1 = legs_l + margin, legs_r - margin
    top = max((r.bottom for r in rects.values() if r.right > x0 and r.x < x1), default=default_top) + gap
    return x0, x1, top
