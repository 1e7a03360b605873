"""The game's window and main loop; `run_game` is what ``python main.py`` calls.

    run_game()                                   # the title screen
    run_game("scenarios/x.yaml", "FRA", 7)       # straight to France's brief, seed 7

`App` can also be driven frame by frame (`tick`) with synthetic input: the screenshot
command, the benchmark and the tests do exactly that, headless.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pygame_gui  # noqa: E402

from game.i18n import Tongue  # noqa: E402
from game.resources import default_scenario, scenarios_dir  # noqa: E402
from game.schema import LANGUAGES  # noqa: E402
from game.ui import gfx  # noqa: E402
from game.ui.controller import SAVES, Game  # noqa: E402
from game.ui.theme import TEXT_SIZE_ORDER, Theme, ui_scale  # noqa: E402
from game.ui.worker import OddsClient  # noqa: E402

SCENARIOS = scenarios_dir()  # the repository's scenarios/, or the installed package's copy
DEFAULT_SCENARIO = default_scenario()
MIN_SIZE = (960, 600)


class App:
    def __init__(self, size=(1280, 800), *, odds: bool = True, save_dir: Path | None = None,
                 settings_path: Path | None = None, fps: int = 60, lang: str | None = None):
        t0 = time.perf_counter()
        # display and fonts only: the game has no sound (and no audio device is needed)
        pygame.display.init()
        pygame.font.init()
        pygame.key.set_repeat(350, 40)
        self.save_dir = Path(save_dir) if save_dir else SAVES
        self.settings_path = settings_path or (self.save_dir / "settings.json")
        self.settings = self._load_settings()
        self._lang = lang  # --lang (or PENHOLDER_LANG): wins over the saved setting, for this window only
        self.tongue = Tongue(self.lang)
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.display.set_caption(self._("Penholder \u2014 a Security Council negotiation"))
        self.size = self.window.get_size()
        self.fps = fps
        self.odds_enabled = odds
        self.clock = pygame.time.Clock()
        self.theme = Theme(ui_scale(self.size, self.text_size))
        self.cache = gfx.TextCache(self.theme)
        self.manager = self._make_manager()
        self.screen = None
        self.game: Game | None = None
        self.running = True
        self.status = 0
        self.show_focus = True
        self.toasts: list[list] = []
        self._resize_at: float | None = None
        self.frame_ms: list[float] = []
        self.startup_s = time.perf_counter() - t0
        from game.ui.screens.title import TitleScreen

        self.set_screen(TitleScreen(self))

    # --- settings ---------------------------------------------------------------------------
    def _load_settings(self) -> dict:
        try:
            data = json.loads(self.settings_path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _save_settings(self) -> None:
        try:
            self.settings_path.parent.mkdir(parents=True, exist_ok=True)
            self.settings_path.write_text(json.dumps(self.settings, indent=1), encoding="utf-8")
        except OSError:
            pass

    @property
    def lang(self) -> str:
        """The language of the window (the title screen's choice, remembered in the settings)."""
        v = self._lang or self.settings.get("lang", "en")
        return v if v in LANGUAGES else "en"

    def _(self, message: str) -> str:
        """`message` in the window's language (game/locale catalogues)."""
        return self.tongue.gettext(message)

    def set_lang(self, lang: str) -> None:
        """Speak `lang` from now on (the title screen's choice): remembered, and the screen rebuilt."""
        self.settings["lang"] = lang
        self._lang = None
        self._save_settings()
        self.tongue = Tongue(self.lang)
        pygame.display.set_caption(self._("Penholder \u2014 a Security Council negotiation"))
        if self.screen is not None:
            self.screen.rebuild()

    @property
    def text_size(self) -> str:
        v = self.settings.get("text_size", "medium")
        return v if v in TEXT_SIZE_ORDER else "medium"

    def set_text_size(self, value: str) -> None:
        self.settings["text_size"] = value
        self._save_settings()
        self.restyle()
        from game.ui.screens.title import TEXT_SIZE_WORDS

        self.toast(self._("Text size: {size}").format(size=self._(TEXT_SIZE_WORDS.get(value, value))))

    def bump_text_size(self, d: int) -> None:
        k = TEXT_SIZE_ORDER.index(self.text_size)
        k = max(0, min(len(TEXT_SIZE_ORDER) - 1, k + d))
        self.set_text_size(TEXT_SIZE_ORDER[k])

    # --- look ------------------------------------------------------------------------------
    def _make_manager(self) -> pygame_gui.UIManager:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            m = pygame_gui.UIManager(self.size, self.theme.gui_theme(), enable_live_theme_updates=False)
            m.preload_fonts(self.theme.gui_fonts())
        return m

    def restyle(self) -> None:
        """New window size or text size: scale the theme and rebuild the screen."""
        self.size = self.window.get_size()
        scale = ui_scale(self.size, self.text_size)
        if abs(scale - self.theme.scale) > 1e-3:
            self.theme = Theme(scale)
            self.cache = gfx.TextCache(self.theme)
            self.manager = self._make_manager()
        else:
            self.manager.set_window_resolution(self.size)
        if self.screen is not None:
            self.screen.rebuild()

    def toast(self, text: str, seconds: float = 3.0) -> None:
        self.toasts.append([text, time.perf_counter() + seconds])
        del self.toasts[:-3]

    # --- screens ------------------------------------------------------------------------------
    def set_screen(self, screen) -> None:
        if self.screen is not None:
            self.screen.leave()
        self.screen = screen
        screen.rebuild()

    def new_game(self, scenario, seat: str | None, seed: int | None, scenario_data=None) -> Game:
        self.end_game()
        self.game = Game(scenario, seat, seed, odds=OddsClient(self.odds_enabled),
                         scenario_data=scenario_data, save_dir=self.save_dir, lang=self.lang)
        return self.game

    def resume_game(self, path: Path) -> Game:
        self.end_game()
        self.game = Game.resume(path, odds=OddsClient(self.odds_enabled), lang=self.lang)
        return self.game

    def end_game(self) -> None:
        if self.game is not None:
            self.game.close()
            self.game = None

    def go_title(self, message: str | None = None) -> None:
        from game.ui.screens.title import TitleScreen

        self.end_game()
        self.set_screen(TitleScreen(self, message=message))

    def scene_screen(self):
        from game.ui.screens import play
        from game.ui.screens.debrief import DebriefScreen

        scene = self.game.scene
        if getattr(self.game, "facilitator", False) and scene != "debrief":
            from game.ui.classroom import ConsoleScreen  # (a class's facilitator)

            return ConsoleScreen(self)
        return {"negotiation": play.NegotiationScreen, "silence": play.SilenceScreen,
                "vote": play.VoteScreen, "explanations": play.ExplanationsScreen,
                "debrief": DebriefScreen}[scene](self)

    # --- the loop ------------------------------------------------------------------------------
    def handle(self, ev) -> None:
        if ev.type == pygame.QUIT:
            self.running = False
            return
        if ev.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self._resize_at = time.perf_counter()
            return
        if ev.type == pygame.MOUSEBUTTONDOWN:
            self.show_focus = False
        if ev.type == pygame.KEYDOWN:
            if ev.key in (pygame.K_TAB, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT):
                self.show_focus = True
            mods = ev.mod & (pygame.KMOD_CTRL | pygame.KMOD_META)
            if mods and ev.key in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS):
                self.bump_text_size(1)
                return
            if mods and ev.key in (pygame.K_MINUS, pygame.K_KP_MINUS):
                self.bump_text_size(-1)
                return
        consumed = self.manager.process_events(ev)
        if self.screen is not None and (not consumed or ev.type == pygame_gui.UI_BUTTON_PRESSED
                                        or ev.type == pygame.KEYDOWN):
            self.screen.handle(ev)

    def tick(self, dt: float | None = None) -> None:
        """One frame: input, update, draw, flip."""
        t0 = time.perf_counter()
        if dt is None:
            dt = self.clock.tick(self.fps) / 1000.0
        for ev in pygame.event.get():
            self.handle(ev)
            if not self.running:
                return
        if self._resize_at is not None and time.perf_counter() - self._resize_at > 0.12:
            self._resize_at = None
            w, h = self.window.get_size()
            if w < MIN_SIZE[0] or h < MIN_SIZE[1]:
                self.window = pygame.display.set_mode((max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1])), pygame.RESIZABLE)
            if self.window.get_size() != tuple(self.size):
                # (a resize event for the size we already have, as SDL sends after set_mode,
                # must not rebuild the screen under a click in progress)
                self.restyle()
        if self.game is not None:
            self.game.update(dt)
        if self.screen is not None:
            self.screen.update(dt)
        self.manager.update(dt)
        self.draw()
        pygame.display.flip()
        self.frame_ms.append((time.perf_counter() - t0) * 1000.0)
        if len(self.frame_ms) > 4000:
            del self.frame_ms[:2000]

    def draw(self) -> None:
        surf = self.window
        if self.screen is not None:
            self.screen.draw(surf)
        self.manager.draw_ui(surf)
        if self.screen is not None:
            self.screen.draw_over(surf)
        self._draw_toasts(surf)

    def _draw_toasts(self, surf) -> None:
        if not self.toasts:
            return
        now = time.perf_counter()
        th = self.theme
        y = surf.get_height() - th.px(70)
        for t in list(self.toasts):
            if t[1] <= now:
                self.toasts.remove(t)
                continue
            img = self.cache.word(gfx.plain(t[0]), gfx.Style(role="body", colour="bg2", bold=True))
            r = img.get_rect(midbottom=(surf.get_width() // 2, y)).inflate(th.px(28), th.px(14))
            pygame.draw.rect(surf, th.c["focus"], r, border_radius=th.px(8))
            surf.blit(img, img.get_rect(center=r.center))
            y = r.top - th.px(8)

    def run(self) -> int:
        while self.running:
            self.tick()
        self.end_game()
        pygame.quit()
        return self.status


def _seat_code(scenario, delegation: str) -> str | None:
    d = delegation.strip().upper()
    if d in scenario.members:
        return d
    for m, mb in scenario.members.items():
        if mb.name.upper() == d:
            return m
    return None


def run_game(scenario=None, delegation=None, seed=None, lang: str | None = None) -> int:
    """Open the game. With a delegation, go straight to its brief (scenario: a path,
    default the built-in MINUSMA 2021); otherwise the title screen, with `scenario`
    preselected."""
    from game.errors import ScenarioError
    from game.scenario import load_scenario

    app = App(lang=lang)
    path = Path(scenario) if scenario else DEFAULT_SCENARIO
    from game.ui.screens.title import TitleScreen

    if delegation:
        try:
            sc = load_scenario(path)
        except ScenarioError as exc:
            app.set_screen(TitleScreen(app, scenario_path=path, error=str(exc)))
            return app.run()
        code = _seat_code(sc, delegation)
        if code is None:
            print(f"{delegation!r} is not a member of this Council; members: {', '.join(sorted(sc.members))}",
                  file=sys.stderr)
            pygame.quit()
            return 2
        app.new_game(sc, code, seed)
        from game.ui.screens.brief import BriefScreen

        app.set_screen(BriefScreen(app))
    elif scenario:
        app.set_screen(TitleScreen(app, scenario_path=path, seed=seed))
    return app.run()


def run_class(address: str = "", code: str = "", seat: str | None = None, token: str | None = None,
              role: str = "student", lang: str | None = None, app: App | None = None) -> int:
    """Open the game seated in a class (``penholder join``, ``penholder console``): with an
    address, a code and a seat (or the facilitator's token), straight to the seat's brief
    (or the console); otherwise the join screen, filled with what was given. A refusal
    (a wrong code, a taken seat) shows on the join screen."""
    from game.classroom.client import ClassClient
    from game.classroom.protocol import ClassError
    from game.ui.classroom import JoinScreen, start_class, url_of

    app = app or App(lang=lang, odds=False)
    message = None
    if address and code and (seat or role == "facilitator"):
        try:
            client = ClassClient(url_of(address), code.strip().upper(), seat=seat, token=token, role=role,
                                 timeout=5.0).connect()
        except ClassError as exc:
            if role == "facilitator":
                print(f"console: {exc}", file=sys.stderr)
                pygame.quit()
                return 2
            message = str(exc)
        else:
            start_class(app, client)
            return app.run()
    app.set_screen(JoinScreen(app, address=address, code=code, message=message))
    return app.run()
