"""1. Title: choose a scenario (built in, or a YAML file of your own), then Play, Watch,
Resume a saved session or Quit. A scenario that does not validate shows its problems as
``file:line: field: message``, never a crash."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.windows import UIFileDialog

from game.i18n import LANGUAGE_NAMES, N_, localized
from game.ui import gfx
from game.ui.theme import TEXT_SIZE_ORDER
from game.ui.widgets import Doc, FocusItem, Screen, ScrollDoc, Selector

TITLE_KEYS = [
    (N_("Tab / arrows"), N_("move between controls")),
    (N_("Enter / Space"), N_("press the focused control")),
    (N_("\u2039 \u203a  Left / Right"), N_("change a choice")),
    (N_("Ctrl + / Ctrl \u2212"), N_("text size")),
    (N_("Esc"), N_("back / quit")),
]


TEXT_SIZE_WORDS = {"small": N_("small"), "medium": N_("medium"), "large": N_("large"),
                   "x-large": N_("x-large")}  # (game.ui.theme.TEXT_SIZES, as the selector says them)


def builtin_scenarios() -> list[Path]:
    from game.resources import default_scenario, scenarios_dir

    DEFAULT_SCENARIO, SCENARIOS = default_scenario(), scenarios_dir()  # noqa: N806

    paths = sorted(SCENARIOS.glob("*.yaml"))
    if DEFAULT_SCENARIO in paths:
        paths.remove(DEFAULT_SCENARIO)
        paths.insert(0, DEFAULT_SCENARIO)
    return paths


class TitleScreen(Screen):
    name = "title"

    def __init__(self, app, scenario_path: Path | None = None, error: str | None = None,
                 message: str | None = None, seed: int | None = None):
        super().__init__(app)
        self.paths = builtin_scenarios()
        self.loaded: dict[Path, object] = {}
        self.errors: dict[Path, str] = {}
        self.custom: Path | None = None
        self.seed_text = "" if seed is None else str(seed)
        self.message = message
        self.t = 0.0
        if scenario_path is not None:
            p = Path(scenario_path).resolve()
            if p in [x.resolve() for x in self.paths]:
                self.current = next(x for x in self.paths if x.resolve() == p)
            else:
                self.custom = p
                self.current = p
        else:
            self.current = self.paths[0] if self.paths else None
        if error and self.current is not None:
            self.errors[self.current] = error
        self.dialog = None
        self._load(self.current)

    # --- scenarios -------------------------------------------------------------------------
    def _load(self, path: Path | None):
        if path is None or path in self.loaded:
            return self.loaded.get(path)
        if path in self.errors:
            return None
        from game.errors import ScenarioError
        from game.scenario import load_scenario

        try:
            self.loaded[path] = load_scenario(path)
        except ScenarioError as exc:
            self.errors[path] = str(exc)
        except Exception as exc:  # noqa: BLE001 - whatever the file, never a crash
            self.errors[path] = f"{path}:0: (file): cannot be read: {exc}"
        return self.loaded.get(path)

    @property
    def scenario(self):
        """The chosen scenario, its texts in the window's language (None: it has problems)."""
        sc = self.loaded.get(self.current)
        return None if sc is None else localized(sc, self.app.lang)

    def options(self) -> list[tuple[Path, str]]:
        out = []
        for p in self.paths + ([self.custom] if self.custom and self.custom not in self.paths else []):
            sc = self._load(p)
            label = (self.tongue.text(sc.title) if sc is not None
                     else self._("{file} (has problems)").format(file=p.name))
            out.append((p, label))
        return out

    def choose(self, path: Path) -> None:
        self.current = path
        self._load(path)
        self.rebuild()

    def open_custom(self, text: str) -> None:
        text = text.strip().strip('"').strip("'")
        if not text:
            self.message = self._("Type the path of a scenario file (.yaml), or Browse.")
            self.rebuild()
            return
        p = Path(text).expanduser()
        if not p.is_absolute():
            p = (Path.cwd() / p).resolve()
        self.custom = p
        self.loaded.pop(p, None)
        self.errors.pop(p, None)
        self.message = None
        self.choose(p)
        self.focus.focus("Play")

    # --- building ---------------------------------------------------------------------------
    def build(self) -> None:
        W, H = self.app.size
        px = self.px
        left = px(64)
        colw = min(px(520), int(W * 0.42))
        y = int(H * 0.30)
        bh = px(40)
        # scenario choice
        self.sel = Selector(self, (left, y + px(26), colw, bh), self.options(),
                            index=[p for p, _ in self.options()].index(self.current) if self.current in
                            [p for p, _ in self.options()] else 0, on_change=self.choose, name="scenario")
        y += px(26) + bh + px(14)
        fw = colw - px(200)
        self.path_entry = self.entry_line((left, y, fw, bh), str(self.custom) if self.custom else "", name="path",
                                          placeholder=self._("Open a scenario file: type its path"))
        self.button((left + fw + px(8), y, px(90), bh), self._("Open"), lambda: self.open_custom(self.path_entry.get_text()),
                    cls="@quiet")
        self.button((left + fw + px(104), y, px(96), bh), self._("Browse\u2026"), self.browse, cls="@quiet")
        y += bh + px(26)
        ok = self.scenario is not None
        big = px(50)
        self.play = self.button((left, y, colw, big), self._("Play a delegation"), self.play_clicked, cls="@primary",
                                enabled=ok, name="Play")
        y += big + px(10)
        half = (colw - px(10)) // 2
        self.button((left, y, half, bh), self._("Watch (all seats AI)"), self.watch_clicked, enabled=ok, name="Watch")
        self.button((left + half + px(10), y, half, bh), self._("Resume a saved session"), self.resume_clicked, name="Resume")
        y += bh + px(10)
        self.button((left, y, colw, bh), self._("Join a class"), self.join_clicked, name="Join")
        y += bh + px(10)
        self.seed_entry = self.entry_line((left, y, half, bh), self.seed_text, name="seed",
                                          placeholder=self._("Seed (blank: random)"))
        self.size_sel = Selector(self, (left + half + px(10), y, half, bh),
                                 [(s, self._("Text: {size}").format(size=self._(TEXT_SIZE_WORDS.get(s, s))))
                                  for s in TEXT_SIZE_ORDER],
                                 TEXT_SIZE_ORDER.index(self.app.text_size), on_change=self.app.set_text_size,
                                 name="textsize", count=False)
        y += bh + px(10)
        self.lang_sel = Selector(self, (left, y, half, bh), list(LANGUAGE_NAMES.items()),
                                 list(LANGUAGE_NAMES).index(self.app.lang), on_change=self.app.set_lang,
                                 name="language", count=False)
        self.button((left + half + px(10), y, half, bh), self._("Quit"), self.quit, cls="@quiet", name="Quit")
        # the scenario card / the problems
        cx = left + colw + px(48)
        cw = W - cx - px(48)
        top = int(H * 0.30)
        self.card_rect = pygame.Rect(cx, top, cw, H - top - px(70))
        self.card = ScrollDoc(self, self.card_rect.inflate(-px(36), -px(36)))
        self.card.set(self._card_doc(self.card.rect.width).render(), keep=False)
        self.focus.add(FocusItem(lambda: self.card_rect, up=lambda: self.card.scroll(-self.px(60)),
                                 down=lambda: self.card.scroll(self.px(60)), name="card"))
        self.focus.focus("Play" if ok else "scenario")

    def _card_doc(self, width: int) -> Doc:
        d = Doc(self, width, bg="panel")
        sc = self.scenario
        if sc is None:
            err = self.errors.get(self.current, "")
            d.h2("[c=no]" + self._("This scenario file has problems") + "[/c]", colour="no")
            d.p(f"[c=muted]{gfx.esc(str(self.current))}[/c]", role="small")
            d.p(self._("Fix these lines in the file, then open it again. Each line reads "
                       "[b]file:line: field: problem[/b]."), role="small")
            for line in err.splitlines()[:40]:
                m = re.match(r"^(.*?):(\d+): (.*?): (.*)$", line)
                if m:
                    where = f"{Path(m.group(1)).name}:{m.group(2)}"
                    d.p(f"[c=no][b]{gfx.esc(where)}[/b][/c]  [b]{gfx.esc(m.group(3))}[/b]: {gfx.esc(m.group(4))}",
                        role="small", after=5)
                else:
                    d.p(gfx.esc(line), role="small", after=5)
            if len(err.splitlines()) > 40:
                d.p(self._("\u2026 and {n} more.").format(n=len(err.splitlines()) - 40), role="small",
                    colour="muted")
            return d
        d.h1(gfx.esc(sc.title))
        d.p(f"[c=muted]{gfx.esc(sc.mission)}[/c]", role="small")
        cal = sc.calendar
        perm = [m for m, mb in sc.members.items() if mb.permanent]
        pen = sc.members[sc.penholder].name
        pres = sc.members[sc.president].name
        _ = self._
        day = self.tongue.date
        def cell(label: str, value: str) -> str:
            return f"[c=muted]{label}[/c]\n[b]{value}[/b]"

        d.columns([(cell(_("Penholder"), gfx.esc(pen)), 0.34), (cell(_("President"), gfx.esc(pres)), 0.33),
                   (cell(_("Host country"), gfx.esc(sc.host.name)), 0.33)], role="small", after=8)
        d.columns([(cell(_("Zero draft"), day(cal.zero_draft, "short")), 0.34),
                   (cell(_("Mandate expires"), day(cal.mandate_expiry, "short")), 0.33),
                   (cell(_("Council"), _("{n} members, {p} permanent").format(n=len(sc.members), p=len(perm))),
                    0.33)], role="small", after=10)
        d.rule()
        first = sc.situation.strip().split("\n\n")
        for para in first[:3]:
            d.p(gfx.esc(" ".join(para.split())), role="small")
        if len(first) > 3:
            d.p("[c=muted]" + _("\u2026 the brief tells the rest.") + "[/c]", role="small")
        d.h3("[c=accent]" + _("{n} contested paragraphs").format(n=len(sc.issues)) + "[/c]")
        d.bullets([_("OP {n}").format(n=i.paragraph) + f" \u2014 {gfx.esc(i.title)}"
                   for i in sorted(sc.issues, key=lambda i: i.paragraph)], role="small")
        return d

    # --- actions ---------------------------------------------------------------------------
    def _seed(self) -> int | None:
        text = self.seed_entry.get_text().strip()
        self.seed_text = text
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            return abs(hash(text)) % 1_000_000

    def play_clicked(self) -> None:
        if self.scenario is None:
            return
        from game.ui.screens.seat import SeatScreen

        self.app.set_screen(SeatScreen(self.app, self.scenario, self._seed(), self))

    def watch_clicked(self) -> None:
        if self.scenario is None:
            return
        from game.ui.screens.brief import BriefScreen

        self.app.new_game(self.scenario, None, self._seed())
        self.app.set_screen(BriefScreen(self.app))

    def join_clicked(self) -> None:
        from game.ui.classroom import JoinScreen

        self.app.set_screen(JoinScreen(self.app, self))

    def resume_clicked(self) -> None:
        self.app.set_screen(ResumeScreen(self.app, self))

    def browse(self) -> None:
        W, H = self.app.size
        r = pygame.Rect(0, 0, min(W - 80, self.px(720)), min(H - 80, self.px(520)))
        r.center = (W // 2, H // 2)
        start = str(self.current.parent if self.current else Path.cwd())
        self.dialog = UIFileDialog(r, self.app.manager, window_title=self._("Open a scenario file"),
                                   initial_file_path=start, allow_existing_files_only=True,
                                   allowed_suffixes={".yaml", ".yml"})

    def quit(self) -> None:
        self.app.running = False

    def handle(self, ev) -> bool:
        if ev.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            self.dialog = None
            self.open_custom(ev.text)
            return True
        if ev.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and ev.ui_element is self.path_entry:
            self.open_custom(self.path_entry.get_text())
            return True
        if ev.type == pygame_gui.UI_WINDOW_CLOSE:
            self.dialog = None
        if self.dialog is not None and self.dialog.alive():
            if ev.type == pygame.KEYDOWN and ev.key == pygame.K_ESCAPE:
                self.dialog.kill()
                self.dialog = None
                return True
            return False
        return super().handle(ev)

    def escape(self) -> None:
        self.quit()

    def scroll(self, dy, pos) -> bool:
        self.card.scroll(dy)
        return True

    def update(self, dt: float) -> None:
        self.t += dt

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, surf) -> None:
        th, px = self.theme, self.px
        W, H = surf.get_size()
        surf.fill(th.c["bg"])
        draw_emblem(surf, th, pygame.Rect(int(W * 0.56), px(24), int(W * 0.36), int(H * 0.24)), th.c["panel"],
                    th.c["panel2"])
        left = px(64)
        gfx.text(surf, self.cache, "PENHOLDER", (left, int(H * 0.075)), "display", "text")
        gfx.text(surf, self.cache, self._("Negotiate a UN Security Council mandate renewal, seat by seat."),
                 (left + px(4), int(H * 0.075) + px(80)), "h3", "muted", bold=False)
        y = int(H * 0.30)
        gfx.text(surf, self.cache, self._("SCENARIO"), (left, y), "small", "accent", bold=True)
        gfx.panel(surf, th, self.card_rect, "panel", "line", 10)
        self.card.draw(surf)
        foot = "   \u00b7   ".join(self._("{key}: {what}").format(key=self._(k), what=self._(v))
                                     for k, v in TITLE_KEYS)
        gfx.text(surf, self.cache, foot, (W // 2, H - px(26)), "small", "muted", anchor="center")
        if self.message:
            gfx.text(surf, self.cache, self.message, (left, H - px(56)), "small", "abstain")


def draw_emblem(surf, th, rect: pygame.Rect, colour, seat_colour) -> None:
    """The Council's horseshoe table with its fifteen seats, as a faint emblem."""
    from game.ui.screens.common import u_positions

    w = max(4, rect.width // 28)
    pts = u_positions(rect, 15, w * 3)
    table = u_positions(rect, 60, w * 3)
    pygame.draw.lines(surf, colour, False, table, w)
    cx = rect.centerx
    for x, y in pts:
        d = pygame.Vector2(x - cx, y - (rect.y + rect.height * 0.55))
        if d.length() > 0:
            d.scale_to_length(w * 1.8)
        pygame.draw.circle(surf, seat_colour, (int(x + d.x), int(y + d.y)), int(w * 1.05))


class ResumeScreen(Screen):
    """The saved sessions, newest first; Enter resumes exactly where the session stopped."""

    name = "resume"

    def __init__(self, app, back: Screen):
        super().__init__(app)
        self.back = back
        self.saves = self._scan()
        self.page = 0

    def _scan(self) -> list[dict]:
        from game.events import LogError, read_log
        from game.replay import seats_at_end

        out = []
        folder = self.app.save_dir
        if not folder.exists():
            return out
        files = sorted(folder.glob("*.jsonl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for p in files[:60]:
            try:
                header, events = read_log(p)
                sc = header.get("scenario", {})
                outside = seats_at_end(header, events)  # (a class's log: the seats its students held)
                last = events[-1] if events else None
                kinds = [e.kind for e in events]
                done = any(k in ("declare_result", "mandate_expires") for k in kinds)
                out.append({"path": p, "title": sc.get("title", "?"), "seat": outside[0] if outside else None,
                            "names": {m: v.get("name", m) for m, v in sc.get("members", {}).items()},
                            "events": len(events), "t": last.t if last else 0, "done": done,
                            "zero": sc.get("calendar", {}).get("zero_draft"),
                            "mtime": dt.datetime.fromtimestamp(p.stat().st_mtime)})
            except (LogError, OSError, ValueError, KeyError, TypeError):
                continue
        return out

    def build(self) -> None:
        W, H = self.app.size
        px = self.px
        x, w = px(64), W - px(128)
        y = px(120)
        rowh = px(64)
        per = max(1, (H - y - px(120)) // (rowh + px(8)))
        self.per = per
        self.cards = []
        for s in self.saves[self.page * per:(self.page + 1) * per]:
            b = self.button((x, y, w, rowh), "", lambda s=s: self.resume(s["path"]), cls="@seat", name=str(s["path"]))
            self.cards.append((b, s))
            y += rowh + px(8)
        y = H - px(90)
        self.button((x, y, px(160), px(42)), self._("Back"), lambda: self.app.set_screen(self.back), cls="@quiet")
        if len(self.saves) > per:
            self.button((x + px(176), y, px(160), px(42)), self._("Newer"), lambda: self._page(-1), cls="@quiet",
                        enabled=self.page > 0)
            self.button((x + px(352), y, px(160), px(42)), self._("Older"), lambda: self._page(1), cls="@quiet",
                        enabled=(self.page + 1) * per < len(self.saves))

    def status(self, s: dict) -> str:
        """Where a save stopped, in words (the phase, from its events)."""
        if "phase" not in s:
            try:
                from game.events import read_log
                from game.narrate import Narrator
                from game.replay import replay_state
                from game.ui.controller import phase_text

                header, events = read_log(s["path"])
                st = replay_state(header, events)
                s["phase"] = phase_text(st, Narrator(st.scenario))
                s["clock"] = Narrator(st.scenario).clock(st.t)
            except Exception:  # noqa: BLE001 - an unreadable save still lists
                s["phase"], s["clock"] = "", ""
        return s["phase"]

    def draw_over(self, surf) -> None:
        px = self.px
        for b, s in getattr(self, "cards", []):
            r = b.rect
            seat = s["names"].get(s["seat"], s["seat"]) if s["seat"] else self._("Watching (all seats AI)")
            if isinstance(seat, dict):  # a bilingual name, as the log's header holds it
                seat = seat.get(self.app.lang) or seat["en"]
            t = gfx.text(surf, self.cache, seat, (r.x + px(16), r.y + px(9)), "h3")
            done = s["done"]
            gfx.chip(surf, self.cache, self._("FINISHED") if done else self._("IN PROGRESS"), (t.right + px(12), t.centery),
                     "panel2" if done else "accent", "muted" if done else "bg2", anchor="midleft")
            gfx.text(surf, self.cache, self._("saved {when}").format(
                when=self.tongue.date(s["mtime"].date(), "short") + f" {s['mtime']:%H:%M}"), (r.right - px(16), r.y + px(11)), "small",
                     "muted", anchor="topright")
            phase = self.status(s)
            where = f"{phase} \u00b7 {s['clock']}" if phase else ""
            title = s["title"].get(self.app.lang) or s["title"]["en"] if isinstance(s["title"], dict) else s["title"]
            line = (f"{title}  \u00b7  " + self._("{n} events").format(n=s["events"])
                    + (f"  \u00b7  {where}" if where else ""))
            gfx.text(surf, self.cache, gfx.fit(self.cache, line, r.width - px(32), "small"), (r.x + px(16), r.y + px(36)),
                     "small", "muted")
        super().draw_over(surf)

    def _page(self, d: int) -> None:
        self.page = max(0, self.page + d)
        self.rebuild()

    def resume(self, path: Path) -> None:
        try:
            game = self.app.resume_game(path)
        except Exception as exc:  # noqa: BLE001 - a damaged save is reported, not fatal
            self.app.end_game()
            self.app.toast(self._("Cannot resume {file}: {why}").format(file=path.name, why=str(exc).splitlines()[0]), 6)
            return
        self.app.toast(self._("Resumed: {n} events replayed and verified").format(n=len(game.session.log))
                       + (f". {game.message}" if game.message else ""), 6.0 if game.message else 3.0)
        self.app.set_screen(self.app.scene_screen())

    def escape(self) -> None:
        self.app.set_screen(self.back)

    def draw(self, surf) -> None:
        th, px = self.theme, self.px
        surf.fill(th.c["bg"])
        gfx.text(surf, self.cache, self._("Resume a saved session"), (px(64), px(48)), "h1")
        sub = (self._("{n} saved in {folder}").format(n=len(self.saves), folder=self.app.save_dir) if self.saves
               else self._("No saved sessions yet in {folder}. Every session saves itself after each event.").format(
                   folder=self.app.save_dir))
        gfx.text(surf, self.cache, sub, (px(66), px(88)), "small", "muted")

