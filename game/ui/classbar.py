"""What a class adds to the game's own screens (issue 12 §2): the top bar's class line
(the connection, the decision awaited and its deadline) and the notes between delegations.
The screens of a class of their own (joining, the facilitator's console) are in
game/ui/classroom.py."""

from __future__ import annotations

import pygame
import pygame_gui

from game.i18n import N_
from game.ui import gfx
from game.ui.widgets import Doc, Screen, ScrollDoc, Selector

PENDING_WORDS = {"amend": N_("comments"), "silence": N_("silence"), "vote": N_("vote"), "revise": N_("revision"),
                 "bilateral": N_("bilateral"), "before_vote": N_("before the vote"), "explain": N_("explanation"),
                 "co_revision": N_("co-penholder's answer"), "co_step": N_("co-penholder's step")}


def clock(seconds: float | None) -> str:
    """Seconds as m:ss (or h:mm:ss)."""
    if seconds is None:
        return ""
    s = max(0, int(seconds + 0.999))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# --- the top bar's class line -------------------------------------------------------------------
def class_lines(game) -> list[tuple[str, str]]:
    """What the top bar says of the class: [(text, colour)], the connection first."""
    _ = game.tongue.gettext
    st = game.status
    if game.lost:
        out = [(_("Class lost: {why}").format(why=game.lost), "no")]
    elif not game.connected:
        out = [(_("Reconnecting\u2026"), "abstain")]
    else:
        out = [(_("Class {code} \u00b7 connected").format(code=st.get("code") or game.client.code), "yes")]
    p = st.get("pending")
    if st.get("ended") or st.get("finished"):
        out.append((_("The session has ended"), "muted"))
    elif not st.get("started"):
        out.append((_("Waiting for the facilitator to start"), "muted"))
    elif st.get("paused"):
        out.append((_("The facilitator has paused the room"), "abstain"))
    elif game.seat and game.seats() and game.seat not in game.humans():
        out.append((_("Your seat is played by its agent (the facilitator's choice)"), "abstain"))
    elif p:
        left = clock(game.seconds_left())
        kind = _(PENDING_WORDS.get(p.get("kind"), p.get("kind", "")))
        mine = game.seat and p.get("member") == game.seat
        if p.get("reading"):  # (the clock starts once the seat's window shows the decision)
            line = (_("Your decision ({kind}): {left} once shown") if mine
                    else _("Awaited: {who} ({kind}), reading; then {left}"))
        else:
            line = _("Your decision ({kind}): {left} left") if mine else _("Awaited: {who} ({kind}), {left} left")
        out.append((line.format(who=p.get("member"), kind=kind, left=left), "focus" if mine else "muted"))
    return out


def draw_class_status(screen, surf, r: pygame.Rect) -> None:
    """The class's two lines where a game on one machine shows the odds of adoption."""
    if r.width < screen.px(100):
        return
    lines = class_lines(screen.game)
    for k, (text, colour) in enumerate(lines[:2]):
        y = r.y + (r.height // 4 if k == 0 else 3 * r.height // 4)
        gfx.text(surf, screen.cache, gfx.fit(screen.cache, text, r.width, "small", bold=k == 0), (r.x, y), "small",
                 colour, bold=k == 0, anchor="midleft")


# --- notes between delegations -----------------------------------------------------------------------
def open_notes(screen) -> None:
    screen.app.set_screen(NotesScreen(screen.app, screen))


class NotesScreen(Screen):
    """A delegation's notes: those it wrote and received, newest at the bottom, and a line
    to write one to another delegation (only the two and the facilitator read it)."""

    name = "notes"

    def __init__(self, app, back: Screen):
        super().__init__(app)
        self.game = app.game
        self.back_to = back
        self.to = None
        self._seen = -1

    def build(self) -> None:
        W, H = self.app.size
        px = self.px
        g = self.game
        x, w = px(48), W - px(96)
        self.doc_rect = pygame.Rect(x, px(96), w, H - px(96) - px(150))
        self.view = ScrollDoc(self, self.doc_rect.inflate(-px(24), -px(20)))
        self._render()
        y = self.doc_rect.bottom + px(16)
        others = [m for m in g.shown.council.ids if m != g.seat]
        self.to = self.to if self.to in others else (others[0] if others else None)
        sw = min(px(300), w // 3)
        self.to_sel = Selector(self, (x, y, sw, px(40)), [(m, g.narrator.name(m)) for m in others],
                               others.index(self.to) if self.to in others else 0, on_change=self._pick, name="to",
                               count=False)
        self.line = self.entry_line((x + sw + px(10), y, w - sw - px(150), px(40)), "", name="text",
                                    placeholder=self._("Your note"))
        self.button((x + w - px(130), y, px(130), px(40)), self._("Send"), self.send, cls="@primary", name="send")
        self.button((x, H - px(64), px(200), px(42)), self._("Back  (Esc)"), self.back, cls="@quiet", name="back")
        self.focus.focus("text")

    def _pick(self, m) -> None:
        self.to = m

    def _render(self) -> None:
        g = self.game
        d = Doc(self, self.view.rect.width - self.px(12), bg="panel")
        notes = g.notes()
        if not notes:
            d.p(self._("No notes yet. A note reaches only the delegation you write to (and the facilitator)."),
                role="small", colour="muted")
        for e in notes:
            who = g.narrator.name(e.actor)
            to = g.narrator.name(e.data.get("to"))
            head = self._("{who} to {to}").format(who=who, to=to)
            d.p(f"[b]{gfx.esc(head)}[/b]  [c=muted]{gfx.esc(g.narrator.clock(e.t))}[/c]", role="small", after=2)
            d.p(gfx.esc(str(e.data.get("text", ""))), role="body")
        self.view.set(d.render(), keep=False)
        self.view.offset = 10 ** 6
        self.view.clamp()
        self._seen = len(notes)
        g.notes_seen = len(notes)

    def send(self) -> None:
        text = self.line.get_text().strip()
        if not text or self.to is None:
            self.app.toast(self._("Write the note first"))
            return
        if self.game.note(self.to, text):
            self.line.set_text("")
            self.app.toast(self._("Note sent to {who}").format(who=self.game.narrator.name(self.to)))
        else:
            self.app.toast(self.game.message or self._("The note was not sent"), 5)
        self._render()

    def handle(self, ev) -> bool:
        if ev.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and ev.ui_element is self.line:
            self.send()
            return True
        return super().handle(ev)

    def back(self) -> None:
        self.app.set_screen(self.back_to)

    def escape(self) -> None:
        self.back()

    def scroll(self, dy, pos) -> bool:
        self.view.scroll(dy)
        return True

    def update(self, dt: float) -> None:
        if len(self.game.notes()) != self._seen:
            self._render()
        if self.game.scene == "debrief":
            self.app.set_screen(self.app.scene_screen())

    def draw(self, surf) -> None:
        th, px = self.theme, self.px
        surf.fill(th.c["bg"])
        gfx.text(surf, self.cache, self._("Notes between delegations"), (px(48), px(30)), "h1")
        gfx.text(surf, self.cache, self._("{me}: only the two delegations and the facilitator read a note").format(
            me=self.game.narrator.name(self.game.seat)), (px(50), px(68)), "small", "muted")
        gfx.panel(surf, th, self.doc_rect, "panel", "line", 10)
        self.view.draw(surf)
