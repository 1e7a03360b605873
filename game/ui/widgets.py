"""Screen base class, keyboard focus, option selectors and scrollable documents.

pygame_gui has no keyboard navigation between widgets, so every screen keeps a
`FocusRing`: Tab / Shift+Tab and the arrow keys move a visible focus (a yellow ring),
Enter or Space activates, and Left / Right change a focused `Selector`. A focused text
box takes the keys until Tab or Escape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UITextEntryBox, UITextEntryLine

from game.ui import gfx
from game.ui.gfx import Style

NAV_KEYS = (pygame.K_TAB, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT)
ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


@dataclass
class FocusItem:
    rect_of: Callable[[], pygame.Rect]
    activate: Callable[[], None] | None = None
    left: Callable[[], None] | None = None
    right: Callable[[], None] | None = None
    up: Callable[[], None] | None = None
    down: Callable[[], None] | None = None
    enabled: Callable[[], bool] = field(default=lambda: True)
    element: object = None
    name: str = ""

    @property
    def rect(self) -> pygame.Rect:
        return self.rect_of()


class FocusRing:
    def __init__(self):
        self.items: list[FocusItem] = []
        self.index = 0

    def clear(self) -> None:
        self.items.clear()
        self.index = 0

    def add(self, item: FocusItem) -> FocusItem:
        self.items.append(item)
        return item

    @property
    def current(self) -> FocusItem | None:
        if not self.items:
            return None
        self.index %= len(self.items)
        it = self.items[self.index]
        if not it.enabled():
            self.step(1)
            it = self.items[self.index]
            if not it.enabled():
                return None
        return it

    def focus(self, item_or_element) -> None:
        for k, it in enumerate(self.items):
            if it is item_or_element or (it.element is not None and it.element is item_or_element) \
                    or (it.name and it.name == item_or_element):
                self.index = k
                return

    def step(self, d: int) -> None:
        n = len(self.items)
        for _ in range(n):
            self.index = (self.index + d) % n
            if self.items[self.index].enabled():
                return

    def move(self, dx: int, dy: int) -> None:
        """Spatial navigation: the nearest enabled item in the direction of the arrow."""
        cur = self.current
        if cur is None:
            return
        c = pygame.Vector2(cur.rect.center)
        best, best_d = None, None
        for k, it in enumerate(self.items):
            if it is cur or not it.enabled():
                continue
            r = it.rect
            v = pygame.Vector2(r.center) - c
            along = v.x * dx + v.y * dy
            if along <= 4:
                continue
            across = abs(v.x * dy) + abs(v.y * dx)
            # prefer items that overlap on the cross axis
            overlap = (r.left < cur.rect.right and r.right > cur.rect.left) if dy else \
                      (r.top < cur.rect.bottom and r.bottom > cur.rect.top)
            d = along + across * (0.6 if overlap else 2.5)
            if best_d is None or d < best_d:
                best, best_d = k, d
        if best is not None:
            self.index = best


class Selector:
    """Choose one of several options: ‹ label ›. Click the label or the arrows, or focus it
    and press Left / Right."""

    def __init__(self, screen: Screen, rect: pygame.Rect, options: list[tuple[object, str]],
                 index: int = 0, on_change: Callable[[object], None] | None = None, prefix: str = "",
                 name: str = "", count: bool = True):
        self.screen = screen
        self.show_count = count
        self.options = options
        self.index = max(0, min(index, len(options) - 1)) if options else 0
        self.on_change = on_change
        self.prefix = prefix
        r = pygame.Rect(rect)
        aw = r.height
        m = screen.app.manager
        self.left = UIButton(pygame.Rect(r.x, r.y, aw, r.height), "\u2039", m,
                             object_id=ObjectID(class_id="@arrow"))
        self.main = UIButton(pygame.Rect(r.x + aw + 2, r.y, r.width - 2 * aw - 4, r.height), "", m,
                             object_id=ObjectID(class_id="@selector"))
        self.right = UIButton(pygame.Rect(r.right - aw, r.y, aw, r.height), "\u203a", m,
                              object_id=ObjectID(class_id="@arrow"))
        screen.on(self.left, lambda: self.cycle(-1))
        screen.on(self.right, lambda: self.cycle(1))
        screen.on(self.main, lambda: self.cycle(1))
        self.item = screen.focus.add(FocusItem(lambda: self.main.rect, activate=lambda: self.cycle(1),
                                               left=lambda: self.cycle(-1), right=lambda: self.cycle(1),
                                               enabled=lambda: self.main.is_enabled and self.main.visible,
                                               element=self.main, name=name))
        self._label()

    @property
    def value(self):
        return self.options[self.index][0] if self.options else None

    def set_value(self, value) -> None:
        for k, (v, _) in enumerate(self.options):
            if v == value:
                self.index = k
        self._label()

    def cycle(self, d: int) -> None:
        if not self.options:
            return
        self.index = (self.index + d) % len(self.options)
        self._label()
        if self.on_change:
            self.on_change(self.value)

    def _label(self) -> None:
        if not self.options:
            self.main.set_text("(none)")
            return
        n = len(self.options)
        label = self.options[self.index][1]
        # a label (head, tail, shorter tail...): the first tail with which the head shows
        # whole, else the last one and the head shortened; a tail always shows in full
        head, *tails = label if isinstance(label, tuple) else (label, "")
        count = f"  {self.index + 1}/{n}" if n > 2 and self.show_count else ""
        th = self.screen.app.theme
        font = th.font_size(th.px(14))
        text = gfx.widget_text(f"{self.prefix}{head}")
        room = self.main.rect.width - th.px(28)
        tail = next((t for t in tails if font.size(text + gfx.widget_text(t) + count)[0] <= room), tails[-1])
        tail = gfx.widget_text(tail)
        cw = font.size(tail + count)[0] if tail or count else 0
        w = room - cw
        if font.size(text)[0] > w:
            while text and font.size(text + "\u2026")[0] > w:
                text = text[:-1]
            text = text.rstrip() + "\u2026"
        self.main.set_text(text + tail + count)

    @property
    def text(self) -> str:
        """What the selector shows now."""
        return self.main.text

    def enable(self, on: bool) -> None:
        for b in (self.left, self.main, self.right):
            b.enable() if on else b.disable()


class Screen:
    """A screen builds its widgets in `build` (again after a resize or a text-size
    change, from its own state), draws what pygame_gui does not, and handles keys."""

    name = "screen"
    help_keys: list[tuple[str, str]] = []

    def __init__(self, app):
        self.app = app
        self.focus = FocusRing()
        self.handlers: dict = {}
        self.built = False

    # building ---------------------------------------------------------------------------
    @property
    def theme(self):
        return self.app.theme

    @property
    def cache(self):
        return self.app.cache

    def px(self, n: float) -> int:
        return self.app.theme.px(n)

    def _(self, message: str) -> str:
        """`message` in the window's language (the title screen's choice)."""
        return self.app.tongue.gettext(message)

    @property
    def tongue(self):
        return self.app.tongue

    def rebuild(self) -> None:
        keep = self.focus.current.name if self.focus.current is not None else None
        self.app.manager.clear_and_reset()
        self.focus.clear()
        self.handlers.clear()
        was_built = self.built
        self.build()
        self.built = True
        if was_built and keep:
            self.focus.focus(keep)  # the same control, if it is still there

    def build(self) -> None:  # pragma: no cover - overridden
        pass

    def on(self, element, callback: Callable[[], None]) -> None:
        self.handlers[element] = callback

    def button(self, rect, text: str, callback: Callable[[], None], cls: str | None = None,
               oid: str | None = None, focus: bool = True, tooltip: str | None = None,
               enabled: bool = True, name: str = "") -> UIButton:
        b = UIButton(pygame.Rect(rect), text, self.app.manager,
                     object_id=ObjectID(class_id=cls, object_id=oid) if (cls or oid) else None,
                     tool_tip_text=tooltip)
        if not enabled:
            b.disable()
        self.on(b, callback)
        if focus:
            self.focus.add(FocusItem(lambda b=b: b.rect, activate=callback,
                                     enabled=lambda b=b: b.is_enabled and b.visible, element=b,
                                     name=name or text))
        return b

    def entry_box(self, rect, text: str = "", name: str = "entry", placeholder: str | None = None) -> UITextEntryBox:
        e = UITextEntryBox(pygame.Rect(rect), text, self.app.manager, placeholder_text=placeholder)
        self.focus.add(FocusItem(lambda e=e: e.rect, activate=lambda e=e: self._type_in(e), element=e, name=name))
        return e

    def entry_line(self, rect, text: str = "", name: str = "line", placeholder: str | None = None) -> UITextEntryLine:
        e = UITextEntryLine(pygame.Rect(rect), self.app.manager, placeholder_text=placeholder)
        if text:
            e.set_text(text)
        self.focus.add(FocusItem(lambda e=e: e.rect, activate=lambda e=e: self._type_in(e), element=e, name=name))
        return e

    def _type_in(self, element) -> None:
        self.app.manager.set_focus_set(element)
        element.focus()

    # events -----------------------------------------------------------------------------
    def typing(self) -> bool:
        fs = self.app.manager.get_focus_set()
        return bool(fs) and any(isinstance(e, UITextEntryLine | UITextEntryBox) and e.is_focused for e in fs)

    def handle(self, ev) -> bool:
        """Screen-level input; return True when consumed."""
        if ev.type == pygame_gui.UI_BUTTON_PRESSED:
            cb = self.handlers.get(ev.ui_element)
            if cb is not None:
                self.focus.focus(ev.ui_element)
                cb()
                return True
            return False
        if ev.type == pygame.MOUSEWHEEL:
            return self.scroll(-ev.y * self.px(48), pygame.mouse.get_pos())
        if ev.type != pygame.KEYDOWN:
            return False
        if self.typing():
            if ev.key in (pygame.K_TAB, pygame.K_ESCAPE):
                self.app.manager.set_focus_set(None)
                if ev.key == pygame.K_TAB:
                    self.focus.step(-1 if ev.mod & pygame.KMOD_SHIFT else 1)
                return True
            return False  # the text box has it
        if self.key(ev):
            return True
        cur = self.focus.current
        k = ev.key
        if k == pygame.K_TAB:
            self.focus.step(-1 if ev.mod & pygame.KMOD_SHIFT else 1)
            return True
        if k in (pygame.K_LEFT, pygame.K_RIGHT) and cur is not None and (cur.left or cur.right):
            (cur.left if k == pygame.K_LEFT else cur.right)()
            return True
        if k in (pygame.K_UP, pygame.K_DOWN) and cur is not None and (cur.up or cur.down):
            (cur.up if k == pygame.K_UP else cur.down)()
            return True
        moves = {pygame.K_LEFT: (-1, 0), pygame.K_RIGHT: (1, 0), pygame.K_UP: (0, -1), pygame.K_DOWN: (0, 1)}
        if k in moves:
            self.focus.move(*moves[k])
            return True
        if k in ACTIVATE_KEYS and cur is not None and cur.activate is not None:
            cur.activate()
            return True
        if k in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            return self.scroll((-1 if k == pygame.K_PAGEUP else 1) * self.px(300), None)
        return False

    def key(self, ev) -> bool:
        """Screen hotkeys, before focus navigation. Esc does the screen's `escape` (go back,
        or quit from the title screen), where it has one; a screen with hotkeys of its own
        handles them and then calls this."""
        if ev.key == pygame.K_ESCAPE and self.escape is not None:
            self.escape()
            return True
        return False

    escape: Callable[[], None] | None = None  # (a screen's method, where Esc does something)

    def scroll(self, dy: int, pos) -> bool:
        return False

    def update(self, dt: float) -> None:
        pass

    def draw(self, surf: pygame.Surface) -> None:
        surf.fill(self.theme.c["bg"])

    def draw_over(self, surf: pygame.Surface) -> None:
        cur = self.focus.current
        if cur is not None and self.app.show_focus and not self.typing():
            r = cur.rect.inflate(self.px(6), self.px(6))
            pygame.draw.rect(surf, self.theme.c["focus"], r, max(2, self.px(2.5)), border_radius=self.px(8))

    def leave(self) -> None:
        pass


class ScrollDoc:
    """A rendered document (a tall surface) shown in a viewport with a scroll bar."""

    def __init__(self, screen: Screen, rect: pygame.Rect):
        self.screen = screen
        self.rect = pygame.Rect(rect)
        self.surface: pygame.Surface | None = None
        self.offset = 0

    def set(self, surface: pygame.Surface, keep: bool = True) -> None:
        self.surface = surface
        if not keep:
            self.offset = 0
        self.clamp()

    @property
    def max_offset(self) -> int:
        if self.surface is None:
            return 0
        return max(0, self.surface.get_height() - self.rect.height)

    def clamp(self) -> None:
        self.offset = max(0, min(self.offset, self.max_offset))

    def scroll(self, dy: int) -> None:
        self.offset += dy
        self.clamp()

    def to_bottom(self) -> None:
        self.offset = self.max_offset

    def draw(self, surf: pygame.Surface) -> None:
        if self.surface is None:
            return
        th = self.screen.theme
        clip = surf.get_clip()
        surf.set_clip(self.rect)
        surf.blit(self.surface, self.rect.topleft, pygame.Rect(0, self.offset, self.rect.width, self.rect.height))
        surf.set_clip(clip)
        if self.max_offset > 0:
            h = self.rect.height
            total = self.surface.get_height()
            bh = max(th.px(24), h * h // total)
            by = self.rect.y + (h - bh) * self.offset // self.max_offset
            x = self.rect.right - th.px(5)
            pygame.draw.rect(surf, th.c["line"], (x, self.rect.y, th.px(4), h), border_radius=th.px(2))
            pygame.draw.rect(surf, th.c["accent"], (x, by, th.px(4), bh), border_radius=th.px(2))


class Doc:
    """Build a document of blocks, then `render()` it to a surface of fixed width."""

    def __init__(self, screen: Screen, width: int, bg="bg", pad: int = 0, ink: str = "text"):
        self.screen = screen
        self.width = width
        self.bg = bg
        self.pad = pad
        self.ink = ink
        self.blocks: list[tuple[int, Callable]] = []
        self.anchors: dict[str, int] = {}

    def anchor(self, name: str) -> None:
        """Remember where the next block starts (to scroll to it)."""
        self.anchors[name] = self.pad + sum(h for h, _ in self.blocks)

    @property
    def inner(self) -> int:
        return self.width - 2 * self.pad

    def _lines(self, markup, role="body", colour=None, gap=0.22, width=None, bold=None, italic=False):
        return gfx.layout(self.screen.cache, markup, width or self.inner,
                          Style(role=role, colour=colour or self.ink, bold=bold, italic=italic), gap)

    def text(self, markup: str, role="body", colour=None, gap=0.22, indent=0, after=6, bold=None,
             italic=False, align="left") -> None:
        lines = self._lines(markup, role, colour, gap, self.inner - indent, bold, italic)
        h = gfx.text_height(lines)
        cache = self.screen.cache
        x = self.pad + indent
        w = self.inner - indent

        def draw(s, y, lines=lines, x=x, w=w):
            gfx.draw_lines(s, cache, lines, x, y, align, w)

        self.blocks.append((h + self.screen.px(after), draw))

    def h1(self, markup: str, colour=None) -> None:
        self.text(markup, "h1", colour, after=8)

    def h2(self, markup: str, colour="accent", rule=True, anchor: str | None = None) -> None:
        self.gap(8)
        if anchor:
            self.anchor(anchor)
        self.text(markup, "h2", colour, after=4)
        if rule:
            self.rule()

    def h3(self, markup: str, colour=None) -> None:
        self.text(markup, "h3", colour, after=3)

    def p(self, markup: str, colour=None, role="body", indent=0, after=8, italic=False) -> None:
        self.text(markup, role, colour, indent=indent, after=after, italic=italic)

    def bullets(self, items: list[str], colour=None, role="body", indent=0) -> None:
        for it in items:
            self.text("\u2022  " + it, role, colour, indent=indent + self.screen.px(6), after=3)
        self.gap(4)

    def gap(self, h: int) -> None:
        self.blocks.append((self.screen.px(h), lambda s, y: None))

    def rule(self, colour="line") -> None:
        th = self.screen.theme
        pad = self.pad

        def draw(s, y):
            pygame.draw.line(s, th.c[colour], (pad, y + th.px(3)), (pad + self.inner, y + th.px(3)), 1)

        self.blocks.append((th.px(10), draw))

    def custom(self, height: int, draw: Callable[[pygame.Surface, int], None]) -> None:
        self.blocks.append((height, draw))

    def columns(self, cells: list[tuple[str, float]], role="body", colour=None, after=4, bold=None) -> None:
        """One table row: (markup, width fraction) cells, wrapped in place."""
        cache = self.screen.cache
        gapx = self.screen.px(10)
        xs, laid = [], []
        x = self.pad
        for markup, frac in cells:
            w = int(self.inner * frac) - gapx
            laid.append(self._lines(markup, role, colour, 0.15, max(20, w), bold))
            xs.append(x)
            x += int(self.inner * frac)
        h = max(gfx.text_height(lines) for lines in laid)

        def draw(s, y, laid=laid, xs=xs):
            for lines, x0 in zip(laid, xs, strict=True):
                gfx.draw_lines(s, cache, lines, x0, y)

        self.blocks.append((h + self.screen.px(after), draw))

    @property
    def height(self) -> int:
        return sum(h for h, _ in self.blocks) + 2 * self.pad

    def render(self) -> pygame.Surface:
        surf = pygame.Surface((self.width, max(1, self.height)))
        th = self.screen.theme
        surf.fill(th.c[self.bg] if isinstance(self.bg, str) else self.bg)
        y = self.pad
        for h, draw in self.blocks:
            draw(surf, y)
            y += h
        return surf
