"""The look: the palette and fonts, read from ``assets/theme.json`` and scaled.

The theme file is a pygame_gui theme. Its ``defaults.colours`` also hold the palette for
everything drawn by hand (keys starting ``pal_``): an Okabe-Ito palette, safe for the
common forms of colour blindness, and never the only carrier of meaning (stances and
ballots also have a symbol and a word).

Text scales with the window (relative to 1280x800) and with the player's text-size
setting; pygame_gui gets a copy of the theme with its font sizes scaled the same way.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

import pygame
import pygame_gui

from game.resources import assets_dir

ASSETS = assets_dir()  # the repository's assets/, or the installed package's copy
THEME_PATH = ASSETS / "theme.json"
FONT_DIR = Path(pygame_gui.__file__).resolve().parent / "data"

BASE_W, BASE_H = 1280, 800
TEXT_SIZES = {"small": 0.88, "medium": 1.0, "large": 1.14, "x-large": 1.3}
TEXT_SIZE_ORDER = list(TEXT_SIZES)

# font roles for hand-drawn text: (size at scale 1, bold)
ROLES = {
    "tiny": (12, False),
    "small": (13, False),
    "body": (15, False),
    "bodyb": (15, True),
    "h3": (16, True),
    "h2": (20, True),
    "h1": (28, True),
    "big": (40, True),
    "display": (64, True),
}


@lru_cache(maxsize=1)
def _theme_data() -> dict:
    return json.loads(THEME_PATH.read_text(encoding="utf-8"))


def ui_scale(size: tuple[int, int], text_size: str = "medium") -> float:
    """How big text and controls are: the window's size relative to 1280x800 (bounded),
    times the player's text-size setting."""
    w, h = size
    win = max(0.78, min(1.6, min(w / BASE_W, h / BASE_H)))
    return win * TEXT_SIZES.get(text_size, 1.0)


class Theme:
    def __init__(self, scale: float = 1.0):
        self.scale = scale
        data = _theme_data()
        cols = data["defaults"]["colours"]
        self.c = {k[4:]: pygame.Color(v) for k, v in cols.items() if k.startswith("pal_")}
        self._fonts: dict[tuple[int, bool, bool], pygame.font.Font] = {}

    # sizes -------------------------------------------------------------------------
    def px(self, n: float) -> int:
        return max(1, int(round(n * self.scale)))

    def font_px(self, role: str) -> int:
        size, _ = ROLES[role]
        return self.px(size)

    # pygame_gui --------------------------------------------------------------------
    def gui_theme(self) -> dict:
        """The pygame_gui theme with every font size scaled."""
        data = copy.deepcopy(_theme_data())
        for block in data.values():
            if isinstance(block, dict) and "font" in block:
                block["font"]["size"] = str(self.px(int(block["font"]["size"])))
        return data

    def gui_fonts(self) -> list[dict]:
        """The fonts the theme uses, for `UIManager.preload_fonts`."""
        out = {}
        for block in _theme_data().values():
            if isinstance(block, dict) and "font" in block:
                f = block["font"]
                style = "bold" if f.get("bold") == "1" else "regular"
                size = self.px(int(f["size"]))
                out[(size, style)] = {"name": "noto_sans", "point_size": size, "style": style}
        for size in {self.px(14), self.px(13), self.px(15)}:
            for style in ("regular", "bold", "italic"):
                out[(size, style)] = {"name": "noto_sans", "point_size": size, "style": style}
        return list(out.values())

    # hand-drawn text ---------------------------------------------------------------------
    def font(self, role: str = "body", bold: bool | None = None, italic: bool = False) -> pygame.font.Font:
        size, role_bold = ROLES[role]
        return self.font_size(self.px(size), role_bold if bold is None else bold, italic)

    def font_size(self, px: int, bold: bool = False, italic: bool = False) -> pygame.font.Font:
        key = (px, bold, italic)
        f = self._fonts.get(key)
        if f is None:
            name = {(False, False): "NotoSans-Regular.ttf", (True, False): "NotoSans-Bold.ttf",
                    (False, True): "NotoSans-Italic.ttf", (True, True): "NotoSans-BoldItalic.ttf"}[(bold, italic)]
            f = self._fonts[key] = pygame.font.Font(str(FONT_DIR / name), px)
        return f
