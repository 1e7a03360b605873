"""Hand-drawn graphics: rich text with word wrap (bold, italic, colour, tracked-change
strike-through and underline), vector icons (the bundled font has no symbols) and a few
shapes.

Rich text uses a small markup::

    "[b]bold[/b] [i]italic[/i] [c=no]coloured[/c] [s]deleted[/s] [u]inserted[/u]"

Colours name palette entries (`Theme.c`). Text from the scenario is escaped with `esc`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import pygame

from game.ui.theme import Theme

_TAG = re.compile(r"\[(/?)(b|i|s|u|c|f)(?:=([a-z0-9_#]+))?\]")
_SUBST = {"\u2713": "", "\u2717": ""}
# The bundled font has no arrows. "OP 21 \u2192 \u201cSupport\u201d" keeps its arrow: `TextCache.word`
# draws it as a vector (a stroke and a head, as wide as an M; `text_width` measures a line so). Substituting a glyph the font has would misread:
# "\u00bb" or "\u203a" are French quotation marks ("PO 21 \u00bb \u00ab Appui \u00bb"), "\u2023"
# is too small to see. A pygame_gui widget cannot draw it: `widget_text` writes "->" there.
ARROWS = ("\u2192", "\u2190")


def esc(text: str) -> str:
    """Make scenario text safe inside markup (and printable in the bundled font)."""
    text = str(text).replace("[", "\u2039").replace("]", "\u203a")
    for a, b in _SUBST.items():
        text = text.replace(a, b)
    return text


def formal(name: str) -> str:
    """A country's name as it reads after 'of': 'the United States', 'France'."""
    from game.names import the

    return the(name)


def plain(text: str) -> str:
    for a, b in _SUBST.items():
        text = text.replace(a, b)
    return text


def widget_text(text: str) -> str:
    """`plain` text for a pygame_gui widget, which draws with the font alone: its arrows
    written "->" and "<-"."""
    return plain(text).replace("\u2192", "->").replace("\u2190", "<-")


@dataclass(frozen=True)
class Style:
    role: str = "body"
    bold: bool | None = None
    italic: bool = False
    colour: str = "text"
    strike: bool = False
    under: bool = False


def parse(markup: str, base: Style) -> list[tuple[str, Style]]:
    """Split markup into (text, style) runs."""
    runs: list[tuple[str, Style]] = []
    stack = [base]
    pos = 0
    for m in _TAG.finditer(markup):
        if m.start() > pos:
            runs.append((markup[pos:m.start()], stack[-1]))
        pos = m.end()
        closing, tag, arg = m.group(1), m.group(2), m.group(3)
        if closing:
            if len(stack) > 1:
                stack.pop()
            continue
        cur = stack[-1]
        if tag == "b":
            stack.append(replace(cur, bold=True))
        elif tag == "i":
            stack.append(replace(cur, italic=True))
        elif tag == "s":
            stack.append(replace(cur, strike=True))
        elif tag == "u":
            stack.append(replace(cur, under=True))
        elif tag == "c":
            stack.append(replace(cur, colour=arg or cur.colour))
        elif tag == "f":
            stack.append(replace(cur, role=arg or cur.role))
    if pos < len(markup):
        runs.append((markup[pos:], stack[-1]))
    return runs


@dataclass
class Line:
    height: int
    ascent: int
    width: int
    items: list  # (x, surface, style, width)


class TextCache:
    """Rendered words, shared by everything on screen (cleared when the scale changes)."""

    def __init__(self, theme: Theme):
        self.theme = theme
        self._cache: dict = {}
        self.layouts: dict = {}
        self.fits: dict = {}

    def font(self, st: Style) -> pygame.font.Font:
        return self.theme.font(st.role, st.bold, st.italic)

    def word(self, text: str, st: Style, colour=None) -> pygame.Surface:
        col = colour if colour is not None else st.colour
        key = (text, st.role, st.bold, st.italic, col if isinstance(col, str) else tuple(col))
        s = self._cache.get(key)
        if s is None:
            c = self.theme.c[col] if isinstance(col, str) else col
            f = self.font(st)
            s = _with_arrows(f, text, c) if any(a in text for a in ARROWS) else f.render(text, True, c)
            if len(self._cache) > 6000:
                self._cache.clear()
            self._cache[key] = s
        return s


def _arrow_width(font: pygame.font.Font) -> int:
    return font.size("M")[0]


def text_width(font: pygame.font.Font, text: str) -> int:
    """How wide `text` draws in `font` (`TextCache.word`): as `font.size` says, with each
    drawn arrow as wide as `_with_arrows` makes it."""
    w = font.size(text)[0]
    n = sum(text.count(a) for a in ARROWS)
    return w + n * (_arrow_width(font) - font.size("\u2192")[0]) if n else w


def _with_arrows(font: pygame.font.Font, text: str, colour) -> pygame.Surface:
    """`text` rendered with its arrows (\u2192, \u2190) drawn: each as wide as an M, a stroke
    as thick as the font's dash on the dash's height, and a head; drawn four times larger
    and scaled down, smooth like the letters around it."""
    parts = re.split("([\u2192\u2190])", text)
    aw = _arrow_width(font)
    h = font.get_height()
    _x0, _x1, y0, y1, _adv = font.metrics("\u2013")[0] or (0, 0, 3, 5, 0)
    mid = font.get_ascent() - (y0 + y1) / 2  # the dash's middle, from the top of the line
    thick = max(1.0, y1 - y0)
    out = pygame.Surface((max(1, text_width(font, text)), h), pygame.SRCALPHA)
    x = 0
    k = 4
    for p in parts:
        if p in ARROWS:
            big = pygame.Surface((aw * k, h * k), pygame.SRCALPHA)
            left, right, cy = 1.0 * k, (aw - 1.0) * k, mid * k
            head = min(aw * 0.4, h * 0.2) * k
            tip, tail = (right, left) if p == "\u2192" else (left, right)
            back = tip - head if p == "\u2192" else tip + head
            pygame.draw.line(big, colour, (tail, cy), (back, cy), max(1, round(thick * k)))
            pygame.draw.polygon(big, colour, [(tip, cy), (back, cy - head * 0.62), (back, cy + head * 0.62)])
            out.blit(pygame.transform.smoothscale(big, (aw, h)), (x, 0))
            x += aw
        elif p:
            img = font.render(p, True, colour)
            out.blit(img, (x, 0))
            x += img.get_width()
    return out


def layout(cache: TextCache, markup: str, width: int, base: Style = Style(), line_gap: float = 0.22) -> list[Line]:
    """Word-wrap rich text to `width` pixels; explicit newlines break lines (memoised)."""
    key = (markup, width, base, line_gap)
    hit = cache.layouts.get(key)
    if hit is not None:
        return hit
    if len(cache.layouts) > 3000:
        cache.layouts.clear()
    lines = cache.layouts[key] = _layout(cache, markup, width, base, line_gap)
    return lines


def _layout(cache: TextCache, markup: str, width: int, base: Style, line_gap: float) -> list[Line]:
    lines: list[Line] = []
    for para in markup.split("\n"):
        runs = parse(para, base)
        cur: list = []
        x = 0
        asc = h = 0
        fb = cache.font(base)
        if not runs or not "".join(t for t, _ in runs).strip():
            hh = fb.get_linesize()
            lines.append(Line(int(hh * (1 + line_gap)), fb.get_ascent(), 0, []))
            continue
        for text, st in runs:
            f = cache.font(st)
            # (a no-break space joins, as French typography wants: « texte », dispositif :)
            for tok in re.findall(r"(?:\S|\u00a0|\u202f)+[ \t]*|\s+", text):
                word = tok.rstrip(" ")
                space = len(tok) - len(word)
                ws = cache.word(word, st) if word else None
                ww = ws.get_width() if ws else 0
                sw = f.size(" ")[0] * space
                if cur and x + ww > width and word:
                    lines.append(Line(int(h * (1 + line_gap)), asc, x, cur))
                    cur, x, asc, h = [], 0, 0, 0
                if ws is not None:
                    cur.append((x, ws, st, ww + sw))
                elif cur:
                    cur[-1] = (cur[-1][0], cur[-1][1], cur[-1][2], cur[-1][3] + sw)
                x += ww + sw
                asc = max(asc, f.get_ascent())
                h = max(h, f.get_linesize())
        if cur:
            lines.append(Line(int(h * (1 + line_gap)), asc, x, cur))
    return lines


def draw_lines(surf: pygame.Surface, cache: TextCache, lines: list[Line], x: int, y: int,
               align: str = "left", width: int = 0) -> int:
    """Blit laid-out lines; returns the y below the last line."""
    th = cache.theme
    for ln in lines:
        ox = x
        if align == "center" and width:
            ox = x + (width - ln.width) // 2
        elif align == "right" and width:
            ox = x + width - ln.width
        for k, (wx, ws, st, adv) in enumerate(ln.items):
            f = cache.font(st)
            top = y + ln.ascent - f.get_ascent()
            surf.blit(ws, (ox + wx, top))
            if st.strike or st.under:
                col = th.c[st.colour] if isinstance(st.colour, str) else st.colour
                last = k == len(ln.items) - 1
                span = ws.get_width() if last else adv
                lw = max(1, th.px(1.4))
                if st.strike:
                    yy = top + int(f.get_ascent() * 0.62)
                    pygame.draw.line(surf, col, (ox + wx, yy), (ox + wx + span, yy), lw)
                if st.under:
                    yy = top + f.get_ascent() + max(1, th.px(2))
                    pygame.draw.line(surf, col, (ox + wx, yy), (ox + wx + span, yy), lw)
        y += ln.height
    return y


def text_height(lines: list[Line]) -> int:
    return sum(ln.height for ln in lines)


def clipped(cache: TextCache, markup: str, width: int, base: Style, max_h: int,
            line_gap: float = 0.22) -> list[Line]:
    """The lines of `markup` wrapped to `width` that fit in `max_h` pixels; when not all
    do, the text is cut after a whole word and ends in an ellipsis (never mid-sentence
    without one)."""
    lines = layout(cache, markup, width, base, line_gap)
    if text_height(lines) <= max_h:
        return lines
    words = markup.split(" ")

    def cut(k: int) -> str:
        return " ".join(words[:k]).rstrip(" ,;:.\u2014-") + "\u2026"

    lo, hi = 0, len(words)
    while lo < hi:  # the most words that fit with the ellipsis
        mid = (lo + hi + 1) // 2
        if text_height(layout(cache, cut(mid), width, base, line_gap)) <= max_h:
            lo = mid
        else:
            hi = mid - 1
    return layout(cache, cut(lo), width, base, line_gap) if lo else []


def first_fit(cache: TextCache, variants: list[str], width: int, role="body", bold=None) -> str:
    """The first of several phrasings (longest first) that fits on one line of `width`;
    the last one shortened with an ellipsis if none does."""
    f = cache.font(Style(role=role, bold=bold))
    for v in variants:
        if text_width(f, plain(v)) <= width:
            return plain(v)
    return fit(cache, variants[-1], width, role, bold)


def fitting(cache: TextCache, variants: list[str], rect, base: Style, line_gap: float = 0.22) -> list[Line]:
    """The first of several phrasings (markup, longest first) whose wrapped lines fit in
    `rect`; the last one cut with an ellipsis if none does."""
    r = pygame.Rect(rect)
    for v in variants:
        lines = layout(cache, v, r.width, base, line_gap)
        if text_height(lines) <= r.height:
            return lines
    return clipped(cache, variants[-1], r.width, base, r.height, line_gap)


def rich(surf, cache: TextCache, markup: str, rect: pygame.Rect | tuple, base: Style = Style(),
         align: str = "left", line_gap: float = 0.22) -> int:
    r = pygame.Rect(rect)
    lines = layout(cache, markup, r.width, base, line_gap)
    return draw_lines(surf, cache, lines, r.x, r.y, align, r.width)


def text(surf, cache: TextCache, s: str, pos, role="body", colour="text", bold=None, italic=False,
         anchor="topleft") -> pygame.Rect:
    """One line of plain text; returns its rect."""
    st = Style(role=role, bold=bold, italic=italic, colour=colour)
    img = cache.word(plain(s), st)
    r = img.get_rect(**{anchor: pos})
    surf.blit(img, r)
    return r


def fit(cache: TextCache, s: str, width: int, role="body", bold=None) -> str:
    """Shorten text with an ellipsis to fit `width` (memoised)."""
    key = (s, width, role, bold)
    hit = cache.fits.get(key)
    if hit is not None:
        return hit
    f = cache.font(Style(role=role, bold=bold))
    out = plain(s)
    if text_width(f, out) > width:
        lo, hi = 0, len(out)
        while lo < hi:  # the longest prefix that fits with the ellipsis
            mid = (lo + hi + 1) // 2
            if text_width(f, out[:mid] + "\u2026") <= width:
                lo = mid
            else:
                hi = mid - 1
        out = out[:lo].rstrip() + "\u2026"
    if len(cache.fits) > 4000:
        cache.fits.clear()
    cache.fits[key] = out
    return out


# --- shapes -----------------------------------------------------------------------------

def panel(surf, theme: Theme, rect, fill="panel", border="line", radius=8, width=1):
    r = pygame.Rect(rect)
    pygame.draw.rect(surf, theme.c[fill] if isinstance(fill, str) else fill, r, border_radius=theme.px(radius))
    if border:
        pygame.draw.rect(surf, theme.c[border] if isinstance(border, str) else border, r, width,
                         border_radius=theme.px(radius))


def chip(surf, cache: TextCache, label: str, pos, fill, fg="bg", role="tiny", anchor="topleft", pad=6) -> pygame.Rect:
    th = cache.theme
    img = cache.word(plain(label), Style(role=role, bold=True, colour=fg))
    r = pygame.Rect(0, 0, img.get_width() + th.px(pad) * 2, img.get_height() + th.px(2))
    setattr(r, anchor, pos)
    pygame.draw.rect(surf, th.c[fill] if isinstance(fill, str) else fill, r, border_radius=r.height // 2)
    surf.blit(img, img.get_rect(center=r.center))
    return r


def bar(surf, theme: Theme, rect, frac: float, fill="yes", back="panel2", radius=4):
    r = pygame.Rect(rect)
    pygame.draw.rect(surf, theme.c[back], r, border_radius=theme.px(radius))
    frac = max(0.0, min(1.0, frac))
    if frac > 0:
        fr = pygame.Rect(r.x, r.y, max(r.height, int(r.width * frac)), r.height)
        pygame.draw.rect(surf, theme.c[fill] if isinstance(fill, str) else fill, fr, border_radius=theme.px(radius))


def hatch(surf, rect, colour, step=8, width=1):
    r = pygame.Rect(rect)
    clip = surf.get_clip()
    surf.set_clip(r.clip(clip) if clip else r)
    for k in range(-r.height, r.width, step):
        pygame.draw.line(surf, colour, (r.x + k, r.bottom), (r.x + k + r.height, r.y), width)
    surf.set_clip(clip)


# --- icons (vector: the bundled font has no symbol glyphs) ---------------------------------

def icon(surf, kind: str, center, size: int, colour, width: int | None = None) -> None:
    """Draw a small icon centred at `center`, `size` pixels across."""
    cx, cy = center
    s = size / 2
    w = width or max(2, int(size / 7))
    col = colour
    if kind in ("yes", "check"):
        pts = [(cx - s * 0.75, cy + s * 0.05), (cx - s * 0.2, cy + s * 0.6), (cx + s * 0.8, cy - s * 0.6)]
        pygame.draw.lines(surf, col, False, pts, w + 1)
    elif kind in ("no", "cross"):
        d = s * 0.65
        pygame.draw.line(surf, col, (cx - d, cy - d), (cx + d, cy + d), w + 1)
        pygame.draw.line(surf, col, (cx - d, cy + d), (cx + d, cy - d), w + 1)
    elif kind in ("abstain", "dash"):
        pygame.draw.circle(surf, col, (cx, cy), int(s * 0.8), w)
        pygame.draw.line(surf, col, (cx - s * 0.45, cy), (cx + s * 0.45, cy), w)
    elif kind == "tilde":  # reservations
        pts = [(cx - s * 0.8 + k * s * 1.6 / 12, cy - math.sin(k / 12 * 2 * math.pi) * s * 0.35) for k in range(13)]
        pygame.draw.lines(surf, col, False, pts, w + 1)
    elif kind == "letter":  # an envelope
        r = pygame.Rect(0, 0, int(size * 1.0), int(size * 0.7))
        r.center = (int(cx), int(cy))
        pygame.draw.rect(surf, col, r, w)
        pygame.draw.lines(surf, col, False, [r.topleft, (r.centerx, r.centery + 1), r.topright], w)
    elif kind == "pen":
        ang = math.radians(-45)
        dx, dy = math.cos(ang) * s, math.sin(ang) * s
        pygame.draw.line(surf, col, (cx - dx, cy - dy), (cx + dx * 0.6, cy + dy * 0.6), w + 1)
        tip = (cx + dx, cy + dy)
        pygame.draw.polygon(surf, col, [tip, (cx + dx * 0.55 - dy * 0.25, cy + dy * 0.55 + dx * 0.25),
                                        (cx + dx * 0.55 + dy * 0.25, cy + dy * 0.55 - dx * 0.25)])
    elif kind == "warning":
        pts = [(cx, cy - s * 0.9), (cx + s * 0.95, cy + s * 0.75), (cx - s * 0.95, cy + s * 0.75)]
        pygame.draw.polygon(surf, col, pts, w)
        pygame.draw.line(surf, col, (cx, cy - s * 0.35), (cx, cy + s * 0.2), w)
        pygame.draw.circle(surf, col, (cx, cy + s * 0.48), max(1, w // 2 + 1))
    elif kind == "pause":
        bw = max(2, int(s * 0.45))
        pygame.draw.rect(surf, col, (cx - s * 0.7, cy - s * 0.75, bw, s * 1.5))
        pygame.draw.rect(surf, col, (cx + s * 0.7 - bw, cy - s * 0.75, bw, s * 1.5))
    elif kind == "play":
        pygame.draw.polygon(surf, col, [(cx - s * 0.6, cy - s * 0.8), (cx + s * 0.8, cy), (cx - s * 0.6, cy + s * 0.8)])
    elif kind == "star":
        pts = []
        for k in range(10):
            rr = s * (0.95 if k % 2 == 0 else 0.42)
            a = -math.pi / 2 + k * math.pi / 5
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        pygame.draw.polygon(surf, col, pts)
    elif kind == "gavel":
        pygame.draw.line(surf, col, (cx - s * 0.7, cy + s * 0.7), (cx + s * 0.1, cy - s * 0.1), w + 1)
        head = [(cx - s * 0.1, cy - s * 0.7), (cx + s * 0.7, cy + s * 0.1), (cx + s * 0.95, cy - s * 0.15),
                (cx + s * 0.15, cy - s * 0.95)]
        pygame.draw.polygon(surf, col, head)
    elif kind == "news":
        r = pygame.Rect(0, 0, int(size * 0.95), int(size * 0.8))
        r.center = (int(cx), int(cy))
        pygame.draw.rect(surf, col, r, w)
        for k in range(3):
            yy = r.y + r.height * (k + 1) // 4
            pygame.draw.line(surf, col, (r.x + w * 2, yy), (r.right - w * 2, yy), max(1, w - 1))
    elif kind == "clock":
        pygame.draw.circle(surf, col, (cx, cy), int(s * 0.9), w)
        pygame.draw.line(surf, col, (cx, cy), (cx, cy - s * 0.55), w)
        pygame.draw.line(surf, col, (cx, cy), (cx + s * 0.4, cy + s * 0.1), w)
    elif kind == "dot":
        pygame.draw.circle(surf, col, (cx, cy), int(s * 0.5))
    elif kind == "ring":
        pygame.draw.circle(surf, col, (cx, cy), int(s * 0.8), w)
    elif kind == "link":  # two rings linked: a package deal
        r = max(2, int(s * 0.5))
        pygame.draw.circle(surf, col, (cx - s * 0.35, cy), r, w)
        pygame.draw.circle(surf, col, (cx + s * 0.35, cy), r, w)


STANCE_ICON = {"yes": "yes", "abstain": "tilde", "no": "no"}
STANCE_WORD = {"yes": "supports", "abstain": "reservations", "no": "opposes"}
STANCE_COLOUR = {"yes": "yes", "abstain": "abstain", "no": "no"}
BALLOT_WORD = {"yes": "YES", "abstain": "ABSTAIN", "no": "NO"}
BALLOT_ICON = {"yes": "yes", "abstain": "abstain", "no": "no"}
