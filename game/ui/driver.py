"""Synthetic input for the real screens: what the screenshot command, the benchmark and
the tests use to play the game headless (``SDL_VIDEODRIVER=dummy``).

`Driver` posts mouse and keyboard events exactly as SDL would (pygame_gui reads the
pointer from `pygame.mouse.get_pos`, so the pointer is moved first) and runs frames.
`ScriptedPlayer` plays a whole session through the screens with a simple policy.
"""

from __future__ import annotations

import itertools
import time

import pygame

from game.ui.widgets import Selector


class DriverError(AssertionError):
    pass


class Driver:
    def __init__(self, app, dt: float = 1 / 60, keyboard_only: bool = False):
        self.app = app
        self.dt = dt
        self.keyboard_only = keyboard_only  # every click becomes Tab-to-focus + Enter
        self.log: list[str] = []  # what the driver did, for failure messages

    # --- frames -----------------------------------------------------------------------------
    def frames(self, n: int = 1, dt: float | None = None) -> None:
        for _ in range(n):
            self.app.tick(self.dt if dt is None else dt)

    def until(self, cond, limit: int = 3000, dt: float | None = None, what: str = "",
              seconds: float | None = None) -> None:
        """Tick frames until `cond()` holds: at most `limit` frames; or, with `seconds`, for
        at most that much real time, yielding a moment each frame (what is awaited comes
        from other threads or processes, a class's server and students, at their own pace,
        however fast the frames go)."""
        end = None if seconds is None else time.monotonic() + seconds
        for _ in range(limit) if end is None else itertools.count():
            if cond():
                return
            if end is not None:
                if time.monotonic() > end:
                    break
                time.sleep(0.002)
            self.frames(1, dt)
        raise DriverError(f"timed out waiting for {what or cond}; screen {self.screen.name}; did: {self.log[-8:]}")

    @property
    def screen(self):
        return self.app.screen

    # --- finding widgets ----------------------------------------------------------------------
    def item(self, name: str):
        for it in self.screen.focus.items:
            if it.name == name:
                return it
        names = [it.name for it in self.screen.focus.items]
        raise DriverError(f"no control {name!r} on {self.screen.name}; there are {names}")

    def has(self, name: str) -> bool:
        return any(it.name == name and it.enabled() for it in self.screen.focus.items)

    def element(self, name: str):
        it = self.item(name)
        if it.element is None:
            raise DriverError(f"{name!r} is not a widget")
        return it.element

    # --- input ----------------------------------------------------------------------------------
    def click_at(self, pos) -> None:
        pos = (int(pos[0]), int(pos[1]))
        pygame.mouse.set_pos(pos)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        self.frames(1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        self.frames(1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        self.frames(2)

    def click(self, name: str) -> None:
        """Click a control by its name (the mouse path)."""
        if self.keyboard_only:
            self.press(name)
            return
        el = self.element(name)
        if not el.is_enabled:
            raise DriverError(f"{name!r} is disabled on {self.screen.name}")
        self.log.append(f"click {name}")
        self.click_at(el.rect.center)

    def click_even_if_disabled(self, name: str) -> None:
        """Click where a control is, whether or not it is enabled (a player pressing a
        button again that should no longer do anything)."""
        el = self.element(name)
        self.log.append(f"click {name} (enabled: {el.is_enabled})")
        self.click_at(el.rect.center)

    def key(self, key: int, mod: int = 0, unicode: str = "") -> None:
        self.log.append(f"key {pygame.key.name(key)}")
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0))
        self.frames(2)

    def type(self, text: str) -> None:
        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        self.frames(2)

    def open_scenario_file(self, path) -> None:
        """On the title screen (waiting for it), type a scenario file's path in the path
        field and press Enter, as a facilitator loads a scenario of its own."""
        self.until(lambda: self.screen.name == "title", what="the title screen")
        self.click("path")
        self.type(str(path))
        self.key(pygame.K_RETURN)

    def press(self, name: str) -> None:
        """Focus a control with Tab and press Enter (the keyboard path)."""
        self.item(name)
        self._tab_to(name)
        self.log.append(f"enter {name}")
        self.key(pygame.K_RETURN)

    def _tab_to(self, name: str) -> None:
        """Press Tab until the control `name` has the focus."""
        ring = self.screen.focus
        for _ in range(len(ring.items) + 1):
            cur = ring.current
            if cur is not None and cur.name == name:
                return
            self.key(pygame.K_TAB)
        raise DriverError(f"Tab never reached {name!r} on {self.screen.name}")

    def selector(self, name: str) -> Selector | None:
        it = self.item(name)
        for v in vars(self.screen).values():
            if isinstance(v, Selector) and v.item is it:
                return v
            if isinstance(v, dict):
                for s in v.values():
                    if isinstance(s, Selector) and s.item is it:
                        return s
        return None

    def cycle(self, name: str, steps: int = 1, keyboard: bool = True) -> None:
        """Change a selector: focus it and press Right (or click its › arrow)."""
        if keyboard or self.keyboard_only:
            self._tab_to(name)
            for _ in range(steps):
                self.key(pygame.K_RIGHT)
        else:
            sel = self.selector(name)
            for _ in range(steps):
                self.click_at(sel.right.rect.center)


class ScriptedPlayer:
    """Plays one session from the title screen to the debrief through the screens.

    Policy (deterministic): as a member, table the amendment the screen proposes (with
    `double_press`, press Table amendment a second time, as an impatient player does), back
    one amendment, lobby once, and end the turn; break the first silence on the first
    objection, keep later ones; vote as `ballot`; deliver the drafted explanation. As
    penholder, change the first paragraph's settlement by one step, settle, and go
    under silence the first time, to blue afterwards.

    Options: `co_object` (a co-penholder): object to the first revision the lead proposes
    (its first paragraph stays as circulated) and to the first proposal to put the text in
    blue (asking for the most cautious step open). `threat` ('abstain', 'no' or, for a permanent member, 'veto'): the silence-break
    letter threatens it (chosen on the threat selector); `take_package`: in the first
    expert round, lobby one delegation after another (from the first in the list) until
    one offers a package ("yes, if you back ours"), and accept it.
    """

    def __init__(self, driver: Driver, seat: str | None, ballot: str = "yes", inject_at: int | None = None,
                 shots=None, on_frame=None, double_press: bool = False, threat: str | None = None,
                 take_package: bool = False, rival: bool | str = False, co_object: bool = False):
        self.d = driver
        self.seat = seat
        self.ballot = ballot
        self.inject_at = inject_at
        self.injected = False
        self.silences = 0
        self.revisions = 0
        self.shots = shots or (lambda name: None)
        self.on_frame = on_frame or (lambda: None)
        self.turns = 0
        self.double_press = double_press  # press Table amendment (and Enter on it) twice
        self.threat = threat
        self.take_package = take_package
        self.packages = 0  # packages accepted
        # table a rival draft (the brief's aims) at the first turn of this kind: True or
        # "amend" (an expert round), "silence" (under silence), "before_vote" (the text in blue)
        self.rival = "amend" if rival is True else rival
        self.co_object = co_object  # as a co-penholder: object to the lead's first revision and blue
        self.co_objections = 0  # objections sent (revisions and next steps)

    @property
    def game(self):
        return self.d.app.game

    def start(self, scenario_index: int = 0, seed: str = "5") -> None:
        d = self.d
        d.until(lambda: d.screen.name == "title", what="title")
        if seed:
            d.click("seed")
            d.type(seed)
            d.key(pygame.K_ESCAPE) if d.screen.typing() else None
        if self.seat is None:
            d.click("Watch")
        else:
            d.press("Play")
            d.until(lambda: d.screen.name == "seat", what="seat screen")
            d.click(self.seat)
            d.press("Take this seat")
        d.until(lambda: d.screen.name == "brief", what="brief")
        d.press("start")

    def play(self, limit: int = 20000, until=None) -> None:
        """Play to the debrief (or until `until()` is true)."""
        d = self.d
        for _ in range(limit):
            scr = d.screen
            g = self.game
            if scr.name == "debrief" or (until is not None and until()):
                return
            self.on_frame()
            if not getattr(scr, "ready", lambda: True)():
                d.frames(1)
                continue
            if self.inject_at is not None and not self.injected and g is not None and \
                    len(g.session.log) >= self.inject_at and not g.session.finished:
                self.facilitator_inject()
                continue
            if g.beat is not None and d.has("continue"):
                d.key(pygame.K_RETURN) if d.screen.focus.current and d.screen.focus.current.name == "continue" \
                    else d.click("continue")
                continue
            if g.my_turn and g.turn_kind is not None and scr.name != "seat":
                self.turn(g.turn_kind)
                continue
            d.frames(1)
        raise DriverError(f"the session did not end; screen {d.screen.name}")

    def facilitator_inject(self) -> None:
        d = self.d
        g = self.game
        options = g.injectable()
        if not options:
            self.injected = True
            return
        d.key(pygame.K_p)  # pause
        assert g.paused, "P pauses"
        d.key(pygame.K_p)
        assert not g.paused, "P resumes"
        d.key(pygame.K_i)
        d.click(f"inject:{options[-1].id}")
        self.injected = True

    def lobby_for_a_package(self) -> None:
        """Ask delegations in turn (the lobby panel's target selector) for their support on
        the panel's proposed text until one offers a package; accept it."""
        d = self.d

        def back():  # the player's own move shown, the panel rebuilt: the turn is back
            d.until(lambda: self.game.my_turn and d.screen.ready(), what="the lobby panel back")

        d.click("lobby")
        back()
        for _ in range(len(d.selector("target").options)):
            if not d.has("ask"):
                break
            d.press("ask")
            back()
            self.shots("lobby")
            if getattr(d.screen, "offer", None) is not None:
                self.shots("package_offer")
                d.press("accept_package")
                back()
                self.packages += 1
                break
            d.cycle("target", 1)
        self.shots("package_taken")
        d.click("done")

    def table_rival(self, moment: str, tag: str, back: str | None = None) -> bool:
        """At `moment` ('amend', 'silence' or 'before_vote'), if this player was told to
        table its rival draft then and has not yet: open the composer (the brief's aims),
        table it, and wait for the panel with `back` to return. Shots 'rival_compose' and
        'rival_tabled', suffixed with `tag`. True if it tabled one."""
        d = self.d
        if self.rival != moment or getattr(self, "_rival", False) or not d.has("rival"):
            return False
        self._rival = True
        d.click("rival")
        d.until(lambda: d.has("rival_table"), what="the rival draft panel")
        self.shots("rival_compose" + tag)
        d.press("rival_table")
        if back is not None:
            d.until(lambda: self.game.my_turn and d.screen.ready() and d.has(back), what="the panel back")
            self.shots("rival_tabled" + tag)
        return True

    def turn(self, kind: str) -> None:
        d = self.d
        self.turns += 1
        scr = d.screen
        if kind == "amend":
            self.table_rival("amend", "", back="end")
            if self.take_package and not getattr(self, "_lobbied", False) and d.has("lobby"):
                self._lobbied = True
                self.lobby_for_a_package()
            if not getattr(self, "_lobbied", False) and d.has("lobby"):
                self._lobbied = True
                d.click("lobby")
                d.cycle("target", 2)
                d.press("ask")
                self.shots("lobby")
                d.click("done")
            if d.has("table"):
                d.press("table")
                self.shots("tabled")
                if self.double_press:
                    d.click_even_if_disabled("table")
                    if d.screen.focus.current is not None and d.screen.focus.current.name == "table":
                        d.key(pygame.K_RETURN)
            if d.has("back"):
                d.cycle("backsel", 1, keyboard=False)
                d.click("back")
            d.press("end")
        elif kind == "revise":
            if d.has("settle"):
                names = [it.name for it in scr.focus.items if it.name.startswith("settle:")]
                if names:
                    d.cycle(names[0], 1)
                self.shots("settle")
                d.press("settle")
                return
            self.revisions += 1
            self.shots("next_step")
            for trig in (("place_under_silence",) if self.revisions == 1 else ()) + ("put_in_blue", "place_under_silence",
                                                                                     "open_expert_round", "seek_rollover"):
                if d.has(trig):
                    d.click(trig)
                    return
            raise DriverError("the penholder had no next step enabled")
        elif kind == "before_vote":
            self.shots("before_vote")
            if not self.table_rival("before_vote", "_blue"):  # (tabled, the vote comes)
                d.press("proceed")
        elif kind == "silence":
            self.table_rival("silence", "_silence", back="keep")
            self.silences += 1
            objs = [it.name for it in scr.focus.items if it.name.startswith("obj:")]
            if self.silences == 1 and objs:
                d.click(objs[0])
                if self.threat is not None:
                    sel = d.selector("threat")
                    values = [v for v, _ in sel.options]
                    if self.threat not in values:
                        raise DriverError(f"no threat {self.threat!r} for {self.seat}: {values}")
                    d.cycle("threat", values.index(self.threat) - values.index(sel.value))
                    assert d.selector("threat").value == self.threat, "the threat selector took the threat"
                    self.shots("silence_threat")
                self.shots("silence_turn")
                d.press("send")
            else:
                d.press("keep")
        elif kind == "vote":
            self.shots("vote_turn")
            ballot = self.ballot
            if ballot == "agent":  # as the seat's agent would vote
                from game import agents

                st = self.game.session.state
                ballot = agents.decide_vote(st, st.council.index[self.seat])[0].value
            key = {"yes": pygame.K_y, "no": pygame.K_n, "abstain": pygame.K_a}[ballot]
            d.key(key)
            if ballot == "no":
                d.key(key)  # a no is confirmed with a second press
        elif kind == "explain":
            self.shots("explain_turn")
            d.click("deliver")
        elif kind == "bilateral":
            # a bilateral after breaking silence: with a threat, say it again (the strongest
            # objections ticked by default); without, nothing to add
            self.shots("bilateral_turn")
            if self.threat is not None and d.has("bil_threat"):
                sel = d.selector("bil_threat")
                values = [v for v, _ in sel.options]
                d.cycle("bil_threat", values.index(self.threat) - values.index(sel.value))
                assert d.selector("bil_threat").value == self.threat, "the threat selector took the threat"
                self.shots("bilateral_threat")
                d.press("bil_send")
            else:
                d.press("bil_pass")
        elif kind == "co_revision":
            names = [it.name for it in scr.focus.items if it.name.startswith("co:")]
            if self.co_object and not self.co_objections and names:
                # the last option: the paragraph stays as circulated
                d.cycle(names[0], len(d.selector(names[0]).options) - 1)
                self.co_objections += 1
            self.shots("co_revision")
            d.press("co_answer")
        elif kind == "co_step":
            self.shots("co_step")
            alts = [it.name for it in scr.focus.items if it.name.startswith("co_prefer:")]
            if self.co_object and alts and self.game.session.proposed_step == "put_in_blue" \
                    and not getattr(self, "_refused_blue", False):
                self._refused_blue = True
                self.co_objections += 1
                d.click(alts[0])
            else:
                d.press("co_agree")
        else:
            raise DriverError(f"unknown turn {kind}")
