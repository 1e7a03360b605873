"""``python main.py screenshots OUTDIR``: drive the game headless through every screen and
write a PNG of each (and of the silence, vote and debrief moments). The window size:
``PENHOLDER_WINDOW_SIZE=1024x640 python main.py screenshots OUTDIR`` or
``python -m game.ui.shots OUTDIR --size 1024x640``.

Three sessions are played by `ScriptedPlayer` through the real screens: France (the
penholder), China (a permanent member, who takes a package offered in answer to its
lobbying, breaks silence threatening a veto, and vetoes) and Denmark as a co-penholder of
the tutorial (it objects to the lead's first revision and to its first move to blue). Saves go to a
temporary folder, so the player's own saves are untouched.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game.ui.app import App  # noqa: E402
from game.ui.driver import Driver, ScriptedPlayer  # noqa: E402

BROKEN_YAML = """format: 1
id: broken_example
title: "A scenario with mistakes"
mission: "Example"
resolution: "1 (2024)"
situation: "Illustrates the error display."
host: {id: MLI, name: Mali}
penholder: FRA
president: FRA
members:
  FRA:
    name: France
    permanent: yes
    positions: {transition: 150}
    salience: {transition: 0.5}
issues: []
zero_draft: {}
calendar: {zero_draft: 2021-06-14, mandate_expiry: 2021-06-01}
"""


CO_PEN_SEAT = "DNK"  # the co-penholder seat of the tour's third session
BILATERAL_SEED = "0"  # a run of the tour's bilateral session in which France holds bilaterals


class Tour:
    def __init__(self, outdir: Path, size=(1280, 800), log=print, lang: str = "en"):
        self.out = Path(outdir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix="penholder-shots-"))
        self.app = App(size, odds=True, save_dir=self.tmp / "saves", settings_path=self.tmp / "settings.json",
                       lang=lang)
        self.d = Driver(self.app)
        self.written: list[Path] = []
        self.taken: set[str] = set()
        self.log = log

    def shot(self, name: str, frames: int = 2) -> None:
        if name in self.taken:
            return
        self.taken.add(name)
        self.app.toasts.clear()
        self.d.frames(frames, 0.0)
        path = self.out / f"{name}.png"
        pygame.image.save(self.app.window, str(path))
        self.written.append(path)
        self.log(f"wrote {path}")

    def wait_odds(self, timeout: float = 30.0) -> None:
        g = self.app.game
        if g is None or g.odds is None:
            return
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            self.d.frames(1, 0.0)
            v = g.odds.value
            if v is not None and v.get("at") == len(g.session.log) and not g.odds.computing:
                return
            time.sleep(0.05)

    # --- the tour --------------------------------------------------------------------------------
    def run(self) -> list[Path]:
        d, app = self.d, self.app
        d.frames(2)
        self.shot("01_title")
        # a scenario with problems: the errors, readably
        bad = self.tmp / "broken_scenario.yaml"
        bad.write_text(BROKEN_YAML, encoding="utf-8")
        d.open_scenario_file(bad)
        self.shot("01b_title_scenario_errors")
        d.cycle("scenario", 1)  # back to the built-in scenario
        d.frames(2)
        if app.screen.scenario is None:
            d.cycle("scenario", 1)
        self.france()
        app.go_title()
        self.in_progress_save()
        d.frames(2)
        d.press("Resume")
        self.shot("01c_resume")
        d.key(pygame.K_ESCAPE)
        self.china()
        app.go_title()
        self.rival()
        app.go_title()
        self.rival_moments()
        app.go_title()
        self.co_penholder()
        app.go_title()
        self.bilateral()
        app.go_title()
        self.classroom()
        app.end_game()
        return self.written

    def in_progress_save(self) -> None:
        """A session stopped half-way (as after a crash), for the Resume list."""
        from game.scenario import load_scenario
        from game.session import Session
        from game.ui.app import DEFAULT_SCENARIO
        from game.ui.controller import save_name

        sc = load_scenario(DEFAULT_SCENARIO)
        s = Session(sc, 21, outside={"USA"})
        while True:
            p = s.advance()
            if p is None or p.kind == "vote":
                break
            s.end_turn("USA")
            if s.state.silences:
                break
        s.save(self.app.save_dir / save_name(sc.id, "USA", 21))

    def france(self) -> None:
        d, app = self.d, self.app
        d.click("seed")
        d.type("5")
        d.press("Play")
        d.until(lambda: app.screen.name == "seat")
        app.screen.focus.focus("FRA")
        self.shot("02_delegation")
        d.click("FRA")
        d.press("Take this seat")
        d.until(lambda: app.screen.name == "brief")
        self.shot("03_brief")
        d.click("jump:Your position")
        self.shot("03a_brief_position")
        d.press("start")
        g = app.game
        g.speed_index = 4  # 8x
        player = ScriptedPlayer(d, "FRA", shots=self.france_turn, on_frame=self.france_frame)
        player.play()
        self.debrief("FRA")

    def france_turn(self, name: str) -> None:
        if name == "settle" and "04_negotiation_penholder_settle" not in self.taken:
            self.wait_odds()
            self.shot("04_negotiation_penholder_settle")
        elif name == "next_step" and "04b_negotiation_penholder_next_step" not in self.taken:
            self.wait_odds()
            self.shot("04b_negotiation_penholder_next_step")
            if self.d.has("put_in_blue"):  # the hint on blue gives the penholder's count
                self.d._tab_to("put_in_blue")
                self.shot("04d_negotiation_penholder_count")
        elif name == "explain_turn":
            pass

    def france_frame(self) -> None:
        app, g = self.app, self.app.game
        scr = app.screen
        if g is None:
            return
        if scr.name == "negotiation" and not g.my_turn and g.shown.round >= 1 and g.feed and \
                g.feed[-1]["kind"] == "propose_amendments" and len(g.feed) > 8:
            self.shot("04c_negotiation_room")
        if scr.name == "silence":
            letters = [e for e in scr.letters() if e["kind"] == "break_silence" and not e["data"].get("with")]
            if len(letters) >= 2 and g.beat is None:
                self.wait_odds(10)
                self.shot("05_silence_letters")
            if g.beat == "silence_over":
                self.shot("05b_silence_verdict")
        if scr.name == "vote":
            if 5 <= len(g.shown.ballots) < 15 and g.beat is None and not g.my_turn:
                self.shot("06_vote_roll_call")
            if g.beat == "vote_over":
                self.shot("06b_vote_result")
                self.vote_reasons("06c_vote_reasons")
        if scr.name == "explanations" and g.feed and g.feed[-1]["kind"] == "explain_vote" and g.beat is None:
            self.shot("07_explanations")
            if "09_facilitator_help" not in self.taken:
                self.d.key(pygame.K_F1)
                self.shot("09_facilitator_help")
                self.d.key(pygame.K_ESCAPE)
        if scr.name == "negotiation" and not g.my_turn and g.shown.round >= 1 and "09b_facilitator_inject" not in self.taken \
                and "04c_negotiation_room" in self.taken:
            self.d.key(pygame.K_i)
            self.shot("09b_facilitator_inject")
            self.d.key(pygame.K_ESCAPE)
            self.d.key(pygame.K_p)
            self.shot("09c_facilitator_pause")
            self.d.key(pygame.K_p)

    def debrief(self, seat: str) -> None:
        d, app = self.d, self.app
        d.until(lambda: app.screen.name == "debrief")
        odds = app.game.odds
        end = time.perf_counter() + 90
        while odds is not None and odds.simulation is None and time.perf_counter() < end:
            d.frames(1, 0.0)
            time.sleep(0.05)
        d.frames(3)
        tag = seat.lower()
        names = ["08_debrief_outcome", "08b_debrief_timeline", "08c_debrief_members", "08d_debrief_silences",
                 "08e_debrief_record", "08f_debrief_simulations"]
        for k, name in enumerate(names):
            d.key(pygame.K_1 + k)
            self.shot(name if seat == "FRA" else f"{name}_{tag}")
            if seat != "FRA":
                break

    def china(self) -> None:
        d, app = self.d, self.app
        d.until(lambda: app.screen.name == "title")
        d.click("seed")
        d.type("11")
        d.press("Play")
        d.until(lambda: app.screen.name == "seat")
        d.click("CHN")
        d.press("Take this seat")
        d.until(lambda: app.screen.name == "brief")
        self.shot("03b_brief_china")
        d.press("start")
        app.game.speed_index = 4
        player = ScriptedPlayer(d, "CHN", ballot="no", shots=self.china_turn, on_frame=self.china_frame,
                                threat="veto", take_package=True)
        player.play()
        self.debrief("CHN")

    def china_turn(self, name: str) -> None:
        if name == "lobby":
            self.wait_odds()
            self.shot("10_negotiation_member_lobby")
        elif name == "tabled":
            self.shot("10c_negotiation_member_tabled")
        elif name == "package_offer":
            self.shot("10d_negotiation_package_offer")
        elif name == "package_taken":
            self.shot("10e_negotiation_package_taken")
        elif name == "silence_threat":
            self.shot("11b_silence_threat")
        elif name == "silence_turn":
            self.shot("11_silence_break_letter")
            # lobbying under silence (opened and closed: the letter is kept, nothing recorded)
            self.d.click("lobby")
            self.shot("11c_silence_lobby")
            self.d.click("done")
        elif name == "vote_turn":
            self.shot("12_vote_your_ballot")
        elif name == "explain_turn":
            self.shot("13_explanation_your_speech")

    def china_frame(self) -> None:
        app, g = self.app, self.app.game
        if g is None:
            return
        if app.screen.name == "negotiation" and g.my_turn and g.turn_kind == "amend":
            self.wait_odds()
            self.shot("10b_negotiation_member_amend")
        if app.screen.name == "vote" and g.beat == "vote_over":
            self.shot("12b_vote_veto")
            self.vote_reasons("12c_vote_reasons")

    def rival(self) -> None:
        """Russia tables a rival draft of its own (its brief's aims) in the first expert
        round, then votes as its agent would: the drafts in blue voted in order."""
        d, app = self.d, self.app
        player = ScriptedPlayer(d, "RUS", ballot="agent", rival=True, on_frame=self.rival_frame,
                                shots=lambda name: self.shot({"rival_compose": "14_negotiation_rival_draft",
                                                               "rival_tabled": "14b_negotiation_rival_in_blue"}[name])
                                if name in ("rival_compose", "rival_tabled") else None)
        player.start(seed="3")
        app.game.speed_index = 4
        player.play()
        d.until(lambda: app.screen.name == "debrief")
        d.frames(3)
        self.shot("14f_debrief_rival")

    def rival_frame(self) -> None:
        app, g = self.app, self.app.game
        if g is not None and app.screen.name == "explanations" and len(g.shown.votes) == 1 \
                and any(e["kind"] == "explain_vote" for e in g.feed) and g.beat is None:
            self.shot("14g_explanations_after_rival")  # (the speeches name the draft voted)
        if g is None or app.screen.name != "vote":
            return
        st = g.shown
        if st.phase.value == "voting" and len(st.ballots) >= 8 and g.beat is None and not g.my_turn:
            self.shot("14c_vote_rival_first" if not st.votes else "14e_vote_next_draft")
        if g.beat == "vote_over" and len(st.votes) == 1:
            self.shot("14d_vote_rival_result")

    def rival_moments(self) -> None:
        """Russia's other moments for a rival draft: on the silence screen, next to breaking
        silence (the composer opened, then cancelled), and between the penholder's text
        going in blue and the vote (where it tables one)."""
        d, app = self.d, self.app

        def shots(name):
            if name == "silence_turn" and not getattr(self, "_silence_rival", False):
                self._silence_rival = True
                self.shot("16_silence_rival_button")
                d.click("rival")
                d.until(lambda: d.has("rival_table"), what="the rival draft panel")
                self.shot("16b_silence_rival_draft")
                d.click("rival_cancel")
                d.until(lambda: d.has("send"), what="the silence panel back")
            elif name == "before_vote":
                self.shot("16c_before_vote")
            elif name == "rival_compose_blue":
                self.shot("16d_before_vote_rival_draft")

        player = ScriptedPlayer(d, "RUS", ballot="agent", rival="before_vote", shots=shots)
        player.start(seed="3")
        app.game.instant = True  # (only the seat's own turns are pictured)
        player.play()

    def load_what_if(self, source: Path, overrides: list[str], name: str) -> None:
        """Write a what-if of scenario `source` (its `overrides`, as `--set` takes them) to
        a temporary file `name` and load it through the title screen's path field, as a
        facilitator would."""
        from game.facilitator import render_scenario
        from game.scenario import load_scenario, scenario_to_data

        path = self.tmp / name
        path.write_text(render_scenario(scenario_to_data(load_scenario(source, overrides)), guide=False),
                        encoding="utf-8")
        self.d.open_scenario_file(path)

    def co_penholder(self) -> None:
        """A co-penholder's seat: the tutorial with Denmark holding the pen with the United
        Kingdom (fictional, like the tutorial), loaded from a file through the title screen."""
        from game.ui.app import DEFAULT_SCENARIO

        d, app = self.d, self.app
        self.load_what_if(Path(DEFAULT_SCENARIO).with_name("tutorial.yaml"),
                          ["format=3", f"co_penholders=[{CO_PEN_SEAT}]"], "tutorial_co_pen.yaml")
        d.click("seed")
        d.type("4")
        d.key(pygame.K_ESCAPE) if d.screen.typing() else None
        d.press("Play")
        d.until(lambda: app.screen.name == "seat")
        d.click(CO_PEN_SEAT)
        d.press("Take this seat")
        d.until(lambda: app.screen.name == "brief")
        self.shot("15_brief_co_penholder")
        d.press("start")
        app.game.instant = True  # (only the seat's own turns are pictured)
        player = ScriptedPlayer(d, CO_PEN_SEAT, co_object=True, shots=self.co_pen_turn)
        player.play()

    def co_pen_turn(self, name: str) -> None:
        if name == "co_revision":
            self.shot("15b_co_penholder_revision")
        elif name == "co_step" and self.app.game.session.proposed_step == "put_in_blue":
            self.shot("15c_co_penholder_next_step")  # (blue: the seat may ask for a more cautious step)

    def bilateral(self) -> None:
        """China breaks the first silence with a veto threat, and the penholder (France,
        here counting every abstention against it: `abstention_tolerance` 0, a what-if of the
        2021 file written to a temporary file) holds bilaterals: China's turn to say what it
        still needs, and to threaten again or not."""
        from game.ui.app import DEFAULT_SCENARIO

        d, app = self.d, self.app
        self.load_what_if(Path(DEFAULT_SCENARIO), ["model.abstention_tolerance=0"], "minusma_2021_strict_count.yaml")
        player = ScriptedPlayer(d, "CHN", threat="veto", shots=self.bilateral_turn)
        player.start(seed=BILATERAL_SEED)
        app.game.instant = True  # (only the seat's own turns are pictured)
        self._bilateral_shot = False
        player.play()
        if not self._bilateral_shot:
            self.log("(no bilateral for China in this run: 17_negotiation_bilateral not taken)")

    def bilateral_turn(self, name: str) -> None:
        if name == "bilateral_threat" and not self._bilateral_shot:
            self._bilateral_shot = True
            self.shot("17_negotiation_bilateral")

    def classroom(self) -> None:
        """A class (game/ui/classroom.py): a server in this process on 127.0.0.1 (a free
        port), Russia and the United States seated by simulated students, the join screen,
        the seat picker, France's negotiation with the students' seats marked, its notes,
        and the facilitator's console."""
        import threading

        from game.classroom.client import ClassClient
        from game.classroom.student import play
        from game.ui.classroom import ClassSeatScreen, JoinScreen, start_class

        d, app = self.d, self.app
        with LocalClass(self.tmp / "class") as (url, code, token):
            fac = ClassClient(url, code, token=token, role="facilitator").connect()
            others = [ClassClient(url, code, seat=m).connect() for m in ("RUS", "USA")]
            app.set_screen(JoinScreen(app, app.screen, address=url.removeprefix("ws://"), code=code))
            d.frames(2)
            self.shot("18_class_join")
            app.screen.join()
            d.frames(2)
            if not isinstance(app.screen, ClassSeatScreen):
                self.log(f"(cannot join the local class: {getattr(app.screen, 'message', '')})")
                return
            self.shot("18b_class_seat")
            d.press("FRA")
            d.press("take")
            d.frames(2)
            others[0].note("FRA", "Russia can live with OP 4 if the language on the host's consent stays.")
            fac.facilitate("start")
            players = [threading.Thread(target=play, args=(c,), kwargs={"timeout": 20}, daemon=True) for c in others]
            for t in players:
                t.start()
            d.press("start")  # the brief's Take your seat
            app.game.instant = True  # (only France's own turn is pictured)
            d.until(lambda: app.game.my_turn and app.screen.ready(), dt=0.0, seconds=60, what="France's turn in class")
            app.game.instant = False
            d.frames(3)
            self.shot("18c_class_negotiation")
            app.screen.open_notes()
            d.frames(2)
            self.shot("18d_class_notes")
            others[1].close()  # (the United States' student leaves: its seat shows away)
            app.end_game()
            start_class(app, fac)
            d.until(lambda: not app.game.seats().get("USA", {}).get("connected", True) and app.screen.ready(),
                    dt=1 / 30, seconds=60, what="the console sees the United States away")
            d.frames(2)
            self.shot("18e_class_console")
            app.screen.act("end")  # (every seat to its agent: the negotiation runs to the vote)
            d.until(lambda: app.screen.name == "debrief", dt=1 / 30, seconds=120, what="the class's debrief")
            d.frames(2)
            self.shot("18f_class_debrief")
            app.end_game()
            for c in others:
                c.close()

    def vote_reasons(self, name: str) -> None:
        """The roll call picked from the keyboard: one delegation's vote and why."""
        app = self.app
        scr, st = app.screen, app.game.shown
        if name in self.taken or not scr.ready():
            return
        ids = list(st.council.ids)
        seat = app.game.seat
        # the most telling ballot: an abstention, else a no, else a yes (not the player's own)
        order = sorted((m for m in ids if m != seat and m in st.ballots),
                       key=lambda m: {"abstain": 0, "no": 1, "yes": 2}[getattr(st.ballots[m], "value", st.ballots[m])])
        if not order:
            return
        d = self.d
        d._tab_to("rollcall")
        scr.picked = ids.index(order[0])
        self.shot(name)
        d._tab_to("continue")


class LocalClass:
    """A class served in this process, on 127.0.0.1 and a port the system picks, for the
    screenshots: ``with LocalClass(folder) as (url, code, facilitator_token): ...``."""

    def __init__(self, folder: Path, seed: int = 3, deadline: float = 600.0):
        self.folder, self.seed, self.deadline = Path(folder), seed, deadline

    def __enter__(self):
        import asyncio
        import contextlib
        import threading

        from game.classroom.room import Room
        from game.classroom.server import ClassServer
        from game.scenario import load_scenario
        from game.ui.app import DEFAULT_SCENARIO

        self.folder.mkdir(parents=True, exist_ok=True)
        room = Room(load_scenario(DEFAULT_SCENARIO), self.seed, deadline=self.deadline,
                    save_path=self.folder / "room.jsonl")
        self.server = ClassServer([room], "127.0.0.1", 0)
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self.loop)
            with contextlib.suppress(asyncio.CancelledError, RuntimeError):  # (closed: the tour is over)
                self.loop.run_until_complete(self.server.serve_forever(lambda srv: ready.set()))

        self.thread = threading.Thread(target=serve, name="class-server", daemon=True)
        self.thread.start()
        if not ready.wait(10):
            raise RuntimeError("the local class server did not start")
        return f"ws://127.0.0.1:{self.server.port}", room.code, room.facilitator_token

    def __exit__(self, *exc) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.thread.join(timeout=5)


DEFAULT_SIZE = (1280, 800)


def parse_size(text: str) -> tuple[int, int]:
    """'1024x640' -> (1024, 640); a clear ValueError otherwise."""
    try:
        w, h = (int(v) for v in str(text).lower().replace("\u00d7", "x").split("x"))
    except ValueError:
        raise ValueError(f"a window size is WIDTHxHEIGHT, e.g. 1024x640, not {text!r}") from None
    if not (320 <= w <= 8192 and 240 <= h <= 8192):
        raise ValueError(f"a window size from 320x240 to 8192x8192, not {text!r}")
    return w, h


def take_screenshots(outdir, size=None, log=print, lang: str = "en") -> list[Path]:
    """Every screen as a PNG in `outdir`, in a window of `size` (default: the
    PENHOLDER_WINDOW_SIZE environment variable, e.g. 1024x640, else 1280x800), in `lang`."""
    if size is None:
        env = os.environ.get("PENHOLDER_WINDOW_SIZE")
        size = parse_size(env) if env else DEFAULT_SIZE
    tour = Tour(Path(outdir), size, log, lang)
    try:
        return tour.run()
    finally:
        tour.app.end_game()
        pygame.quit()


def main(argv=None) -> int:
    """``python -m game.ui.shots OUTDIR [--size 1024x640]``"""
    import argparse

    p = argparse.ArgumentParser(prog="python -m game.ui.shots",
                                description="Drive the game headless and write a PNG of every screen.",
                                epilog="example: python -m game.ui.shots /tmp/shots --size 1024x640")
    p.add_argument("outdir", help="folder for the PNGs (created if missing)")
    p.add_argument("--size", default=None, help="window size WIDTHxHEIGHT (default 1280x800)")
    args = p.parse_args(argv)
    try:
        size = parse_size(args.size) if args.size else None
    except ValueError as exc:
        p.error(str(exc))
    paths = take_screenshots(args.outdir, size)
    print(f"{len(paths)} screenshots in {args.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
