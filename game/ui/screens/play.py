"""4-7. The negotiation, the silence, the vote and the explanations of vote.

4. Negotiation: the horseshoe (stances, silence-breakers, later votes), the draft with
   tracked changes, the calendar and phase, the room's feed, and the player's actions
   (buttons the procedure does not allow now are disabled).
5. Silence: the deadline counting down; each silence-break arrives as a letter.
6. Vote: each delegation's vote in turn, the tally, a veto made unmistakable, the outcome.
7. Explanations of vote: the speeches one after another, skippable.
"""

from __future__ import annotations

import numpy as np
import pygame

from game import agents, rules
from game.council import Council
from game.events import Event
from game.i18n import N_
from game.model import advice
from game.procedure import PROCEDURE
from game.scoring import aim, as_good_as_aim, closeness, issue_brief
from game.session import explained_vote
from game.ui import gfx
from game.ui.gfx import STANCE_COLOUR, Style
from game.ui.screens.common import Feed, GameScreen, feed_markup, horseshoe_inside, panel_title
from game.ui.widgets import Doc, FocusItem, ScrollDoc, Selector
from game.ui.words import (
    THREAT_CHOICE,
    THREAT_EXPLAIN,
    THREAT_LETTER,
    THREAT_TAG,
    ballot_reason,
    package_offer,
    room_count,
    threats_for,
)

STEP_HINTS = {
    "open_expert_round": N_("Another round of written comments; a revised draft at its end. Costs days."),
    "place_under_silence": N_("Circulate the text with a deadline: no written objection by then and it is agreed."),
    "hold_bilaterals": N_("Talk one by one with those who broke silence, then settle again."),
    "put_in_blue": N_("The final text, formally circulated; the vote follows. Objections stand."),
    "seek_rollover": N_("No agreed text in time: a short technical extension of the unaltered mandate."),
}
STEP_LABELS = {
    "open_expert_round": N_("Another expert round"),
    "place_under_silence": N_("Place under silence"),
    "hold_bilaterals": N_("Hold bilateral talks"),
    "put_in_blue": N_("Put the text in blue"),
    "seek_rollover": N_("Seek a technical rollover"),
}


def says(trigger: str) -> str:
    return next((r.says for r in PROCEDURE if r.trigger == trigger), "")


class DraftView:
    """The draft resolution as a paper document with tracked changes."""

    def __init__(self, screen: GameScreen, rect: pygame.Rect):
        self.screen = screen
        self.view = ScrollDoc(screen, rect)
        self._key = None
        self.base = Council(screen.game.scenario)

    def refresh(self) -> None:
        g = self.screen.game
        st = g.shown
        key = (st.revision, len(st.amendments), tuple(a.status for a in st.amendments),
               tuple(a.cosponsors.__len__() for a in st.amendments), self.view.rect.size)
        if key == self._key:
            return
        first = self._key is None
        self._key = key
        self.view.set(self.document(self.view.rect.width).render(), keep=not first)

    def document(self, width: int) -> Doc:
        scr = self.screen
        g = scr.game
        st = g.shown
        th = scr.theme
        d = Doc(scr, width, bg="paper", pad=scr.px(16), ink="ink")
        n = g.narrator
        if not st.draft:
            d.p(self.screen._("[c=ink_muted]The penholder has not yet circulated a draft.[/c]"))
            return d
        rev = st.revision
        title = self.screen._("Zero draft") if rev == 0 else self.screen._("Draft rev{rev}").format(rev=rev)
        if st.blue_revision is not None:
            title += self.screen._("  \u2014  IN BLUE")
        d.text(f"[b]{title}[/b]   [c=ink_muted]{gfx.esc(g.scenario.mission)}[/c]", role="small", after=2)
        if rev > 0:
            d.text(self.screen._("[c=ink_muted]Tracked changes against {x}:[/c] [c=ink_deleted][s]deleted[/s][/c]  [c=ink_inserted][u]inserted[/u][/c]").format(x=self.screen._("the zero draft") if rev == 1 else f'rev{rev - 1}'), role="tiny", after=6)
        else:
            d.gap(4)
        prev = st.drafts[-2] if len(st.drafts) > 1 else None
        seat_i = self.base.index.get(g.seat) if g.seat else None
        issues = sorted(range(len(st.council.issues)), key=lambda i: st.council.issues[i].paragraph)
        for i in issues:
            info = st.council.issues[i]
            v = st.draft[i]
            spec = next(x for x in g.scenario.issues if x.id == info.id)
            var = spec.variants[v]
            changed = prev is not None and prev[i] != v

            def head(s, y, info=info, v=v, i=i):
                gfx.text(s, scr.cache, scr._("OP {n}").format(n=info.paragraph), (d.pad, y), "small", "ink", bold=True)
                gfx.text(s, scr.cache, gfx.fit(scr.cache, info.title, d.inner - th.px(190), "small"),
                         (d.pad + th.px(52), y), "small", "ink_muted", bold=True)
                if seat_i is not None:
                    self._verdict(s, (d.pad + d.inner, y), seat_i, i, v)

            d.custom(th.px(20), head)
            if changed:
                old = spec.variants[prev[i]]
                d.text(f"[c=ink_deleted][s]{scr.tongue.quote(gfx.esc(old.label or old.id))}[/s][/c]  "
                       f"[c=ink_inserted][u][b]{scr.tongue.quote(gfx.esc(var.label or var.id))}[/b][/u][/c]",
                       role="small", after=2, indent=th.px(52))
                d.text(f"[c=ink_deleted][s]{gfx.esc(old.text)}[/s][/c] [c=ink_inserted][u]{gfx.esc(var.text)}[/u][/c]",
                       role="tiny", after=4, indent=th.px(52))
            else:
                d.text(f"[b]{scr.tongue.quote(gfx.esc(var.label or var.id))}[/b]", role="small", after=2, indent=th.px(52))
                d.text(gfx.esc(var.text), role="tiny", colour="ink", after=4, indent=th.px(52))
            pend = [a for a in st.amendments if a.status == "pending" and a.issue == i]
            if pend:
                bits = []
                for a in pend:
                    lab = info.labels[a.variant]
                    sup = f" +{len(a.cosponsors)}" if a.cosponsors else ""
                    mine = scr._(" (yours)") if g.seat in a.sponsors else ""
                    bits.append(f"[b]A{a.id}[/b] {gfx.esc(n.name(a.proposer))}{sup}{mine}{scr.tongue.colon} {scr.tongue.quote(gfx.esc(lab))}")
                d.text(self.screen._("[c=ink_inserted]On the table:[/c] [c=ink_muted]") + scr._("; ").join(bits) + "[/c]", role="tiny",
                       after=4, indent=th.px(52))
            d.gap(6)
        return d

    def _verdict(self, s, topright, m, i, v) -> None:
        scr = self.screen
        th = scr.theme
        c = self.base
        clos = closeness(c, m, i, v)
        if c.red[m][i][v]:
            ic, col, word = "warning", "ink_deleted", self.screen._("RED LINE")
        elif v == aim(c, m, i):
            ic, col, word = "check", "ink_inserted", self.screen._("your aim")
        elif clos >= 0.6:
            ic, col, word = "tilde", "ink_muted", "acceptable"
        else:
            ic, col, word = "cross", "ink_deleted", self.screen._("far from you")
        r = gfx.text(s, scr.cache, word, topright, "tiny", col, bold=True, anchor="topright")
        gfx.icon(s, ic, (r.x - th.px(10), r.centery), th.px(12), th.c[col])


def drafted_letter(game, requests: dict[str, str], threat: str | None = None) -> str:
    """The letter a delegation would send for these requests (its reasons, its words),
    ending on the threat it makes, if any."""
    st = game.shown
    c = st.council
    j = c.index[game.seat]
    reqs, reasons = [], []
    for issue, variant in requests.items():
        i = c.issue_index[issue]
        reqs.append({"issue": issue, "variant": variant})
        reasons.append(c.reason(j, i, st.draft[i]))
    # (dated when the silence was placed, not now: the words are chosen by the event's time,
    # and the draft must not change under the player's eyes while it lobbies under silence)
    when = st.silences[-1].placed if st.silences else st.t
    ev = Event(0, when, "break_silence", game.seat, {"requests": reqs, "reasons": reasons})
    text = game.narrator.letter(ev)
    if threat in THREAT_LETTER:
        text += " " + THREAT_LETTER[threat]
    return text


def drafted_explanation(game) -> str:
    """A speech for the player's explanation of vote, from its instructions: what it
    welcomes since the zero draft and what it regrets (it may be edited freely)."""
    st = game.shown
    c = st.council
    j = c.index[game.seat]
    data = agents.decide_explanation(st, j, np.random.default_rng(0))
    if data is None:
        zero = st.drafts[0]
        ballot = st.ballots.get(game.seat)
        welcomes = [c.reason(j, i, v) for i, v in enumerate(st.vote_text)
                    if c.eff_loss[j][i][zero[i]] - c.eff_loss[j][i][v] > 0.02][:1]
        concerns = [c.reason(j, i, v) for i, v in enumerate(st.vote_text) if not as_good_as_aim(c, j, i, v)][:1]
        data = {"ballot": ballot.value if ballot is not None else None, "welcomes": welcomes, "concerns": concerns}
    data = {k: v for k, v in data.items() if k not in ("group", "on_behalf_of")}
    data.update(explained_vote(st))  # (with rival drafts: which draft, and its result)
    ev = Event(0, st.t, "explain_vote", game.seat, data)
    text = game.narrator.explanation(ev, st)
    # the scenario's opening line may assume a yes; say what the delegation did
    ballot = data.get("ballot")
    mb = game.scenario.members.get(game.seat)
    opening = mb.voice.opening if mb is not None else None
    if opening and ballot in ("no", "abstain") and text.startswith(opening):
        name = game.narrator.the(game.seat, cap=True)
        said = (f"{name} voted against the draft resolution." if ballot == "no"
                else f"{name} abstained in the vote.")
        text = said + text[len(opening):]
    return text


class RivalComposer:
    """A rival draft of the player's own, composed paragraph by paragraph: on the negotiation
    screen (an expert round; the moment between the penholder's text going in blue and the
    vote) and on the silence screen. The screen provides `game`, `sel`, `mode`, `label`,
    `button`, `rebuild` and `after_command`."""

    def my_rival(self):
        """The rival draft the player has tabled, if any."""
        return next((r for r in self.game.shown.rivals if r.sponsor == self.game.seat), None)

    def rival_count(self) -> list[str]:
        """The room's chance of adopting the draft being composed, counted as the ballots
        will weigh it (`game.model.rivals.chance`: voted before the penholder's text, it is
        weighed against it), phrasings longest first; worked out once per text and event."""
        from game.model import rivals

        g = self.game
        st = g.shown
        c = st.council
        chosen = self.sel.get("rival", {})
        text = tuple(c.variant_index[i][chosen.get(info.id, info.variant_ids[st.draft[i]])]
                     for i, info in enumerate(c.issues))
        key = (st.seq, text)
        memo = getattr(self, "_rival_count", None)
        if memo is None or memo[0] != key:
            p = round(100 * rivals.chance(st, c.index[g.seat], text))
            if rivals.voted_first(st):
                out = [self._("Voted before the penholder's text (rule 32), and weighed against it: the room would adopt it in {p}%.").format(p=p), self._("Voted first, weighed against the penholder's text: adopted in {p}%.").format(p=p),
                       self._("Voted first: adopted in {p}%.").format(p=p)]
            else:  # (voted only if the penholder's text fails: the room's chance of that too)
                fails = round(100 * (1.0 - agents.forecast(st, st.draft, view=g.view).p_adopt))
                out = [self._("Voted after the penholder's text, only if that fails ({fails}% by the room's count; rule 32); then adopted in {p}%.").format(fails=fails, p=p), self._("Voted if the penholder's text fails ({fails}%); then adopted in {p}%.").format(fails=fails, p=p),
                       self._("If voted ({fails}%): adopted in {p}%.").format(fails=fails, p=p)]
            memo = self._rival_count = (key, out)
        return memo[1]

    def may_rival(self) -> bool:
        g = self.game
        return g.may("table_rival_draft") and rules.may_table_rival(
            g.seat, g.scenario.penholder, [r.sponsor for r in g.shown.rivals],
            g.scenario.co_penholders) is None

    def open_rival(self) -> None:
        """Compose a rival draft: one text per paragraph, the player's brief's aims first."""
        g = self.game
        best = {e["id"]: e["best_id"] for e in issue_brief(g.scenario, g.seat)}
        self.sel["rival"] = {i.id: best.get(i.id, i.variant_ids[g.shown.draft[k]])
                             for k, i in enumerate(g.shown.council.issues)}
        self.mode = "rival"
        self.rebuild()

    def close_rival(self) -> None:
        self.mode = "main"
        self.rebuild()

    def build_rival(self, r) -> None:
        """One selector per paragraph (default: the brief's aims), then table it and put it
        in blue: the drafts in blue are voted in the order of their submission (rule 32)."""
        g, px = self.game, self.px
        st = g.shown
        issues = sorted(st.council.issues, key=lambda i: i.paragraph)
        text = self.sel.setdefault("rival", {})
        n = len(issues) + 1
        bh = min(px(36), max(px(24), (r.height - px(30)) // n - px(4)))
        gap = max(px(3), min(px(8), (r.height - px(30) - n * bh) // n))
        y = r.y + px(22)
        lw = max(px(150), min(px(230), int(r.width * 0.3)))
        self.rival_sel: dict[str, Selector] = {}
        for info in issues:
            k = st.council.issue_index[info.id]
            cur = st.draft[k]
            v = text.get(info.id, info.variant_ids[cur])
            opts = [(vid, f"{self.tongue.quote(lab)}" + (self._("  (the penholder's)") if j == cur else ""))
                    for j, (vid, lab) in enumerate(zip(info.variant_ids, info.labels, strict=True))]
            self.label(gfx.fit(self.cache, self._("OP {n}").format(n=info.paragraph) + f"  {info.title}", lw - px(6), "small"),
                       (r.x, y + bh // 2))
            self.rival_sel[info.id] = Selector(
                self, (r.x + lw, y, r.width - lw, bh), opts, [o[0] for o in opts].index(v),
                lambda val, iid=info.id: text.__setitem__(iid, val), name=f"rival_{info.id}")
            y += bh + gap
        half = (r.width - px(10)) // 2
        self.button((r.x, y, half, bh), self._("Cancel"), self.close_rival, cls="@quiet", name="rival_cancel")
        self.button((r.x + half + px(10), y, half, bh), self._("Table it and put it in blue"), self.table_rival,
                    cls="@primary", name="rival_table", enabled=self.may_rival())
        self.focus.focus("rival_table")

    def table_rival(self) -> None:
        g = self.game
        before_vote = g.turn_kind == "before_vote"
        ev = g.do("table_rival_draft", dict(self.sel.get("rival", {})))
        if ev is not None:
            self.mode = "main"
            if before_vote:  # (nothing else to do at that moment: the vote comes)
                g.do("end_turn")
        self.after_command(ev, self._("Rival draft {number} tabled and in blue: the drafts in blue are voted in the order of their submission").format(number=ev.data['number']) if ev is not None else None)


class Lobbying:
    """The lobbying panel, a mode of the negotiation and silence screens: ask a delegation to
    back a text on a paragraph (`seek_support`), see its answer, take or decline the package
    it offers; the panel's last line says whom the text is worth asking (`lobby_advice`).
    The screen provides `game`, `sel`, `mode`, `act_rect`, `label`, `button`, `focus`,
    `after_command` and `rebuild`."""

    last_answer: str | None = None
    last_answer_kind: str | None = None
    offer: dict | None = None  # a package offered in answer to the player's lobbying

    def rows(self, r: pygame.Rect, n: int) -> tuple[int, int]:
        bh = self.px(36)
        gap = max(self.px(6), min(self.px(14), (r.height - n * bh) // max(1, n)))
        return bh, gap

    def _default_issue(self) -> str:
        g = self.game
        for e in issue_brief(g.scenario, g.seat):
            i = g.shown.council.issue_index[e["id"]]
            if g.shown.council.issues[i].variant_ids[g.shown.draft[i]] not in e["as_good"]:
                return e["id"]
        return g.shown.council.issues[0].id

    # --- lobbying ---------------------------------------------------------------------------------
    def open_lobby(self) -> None:
        self.mode = "lobby"
        self.rebuild()

    def close_lobby(self) -> None:
        self.mode = "main"
        self.rebuild()

    def build_lobby(self, r) -> None:
        g, px = self.game, self.px
        st = g.shown
        bh, gap = self.rows(r, 5)
        lw = px(96)
        y = r.y + px(26)
        others = [m for m in st.council.ids if m != g.seat]
        tgt = self.sel.get("target", others[0])
        self.label(self._("Ask"), (r.x, y + bh // 2))
        self.s_target = Selector(self, (r.x + lw, y, r.width - lw, bh), [(m, g.narrator.name(m)) for m in others],
                                 others.index(tgt) if tgt in others else 0,
                                 lambda v: self.sel.__setitem__("target", v), name="target")
        y += bh + gap
        issues = sorted(st.council.issues, key=lambda i: i.paragraph)
        iss = self.sel.get("lissue", self.sel.get("issue") or self._default_issue())
        self.label(self._("to back"), (r.x, y + bh // 2))
        self.s_lissue = Selector(self, (r.x + lw, y, r.width - lw, bh),
                                 [(i.id, self._("OP {n}").format(n=i.paragraph) + f"  {i.title}") for i in issues],
                                 [i.id for i in issues].index(iss), self._lissue_changed, name="lissue")
        y += bh + gap
        info = st.council.issues[st.council.issue_index[iss]]
        opts = [(vid, f"{self.tongue.quote(lab)}") for vid, lab in zip(info.variant_ids, info.labels, strict=True)]
        want = self.sel.get("lvariant")
        if want not in [o[0] for o in opts]:
            want = next(e["best_id"] for e in issue_brief(g.scenario, g.seat) if e["id"] == iss)
        self.label(self._("the text"), (r.x, y + bh // 2))
        self.s_lvar = Selector(self, (r.x + lw, y, r.width - lw, bh), opts, [o[0] for o in opts].index(want),
                               lambda v: self.sel.__setitem__("lvariant", v), name="lvariant")
        y += bh + gap
        half = (r.width - px(10)) // 2
        if self.offer is not None:
            # a package on the table: take it (both back each other's text) or leave it
            self.button((r.x, y, half, bh), self._("Decline the package"), self.decline_package, cls="@quiet",
                        name="decline_package")
            self.button((r.x + half + px(10), y, half, bh), self._("Accept the package"), self.accept_package,
                        cls="@primary", name="accept_package", enabled=g.may("seek_support"))
            self.focus.focus("accept_package")
        else:
            self.button((r.x, y, half, bh), self._("Done"), self.close_lobby, cls="@quiet", name="done")
            self.button((r.x + half + px(10), y, half, bh), self._("Ask for their support"), self.ask, cls="@primary",
                        name="ask", enabled=g.may("seek_support"))
            self.focus.focus("ask")
        # the answer, and the advice line under it (kept near the form on a tall panel)
        top = y + bh + px(6)
        self.answer_rect = pygame.Rect(r.x, top, r.width, min(self.act_rect.bottom - px(8) - top, px(96)))

    def _lissue_changed(self, v) -> None:
        self.sel["lissue"] = v
        self.sel.pop("lvariant", None)
        self.rebuild()
        self.focus.focus("lissue")

    def ask(self) -> None:
        g = self.game
        ev = g.do("seek_support", self.s_target.value, self.s_lissue.value, self.s_lvar.value)
        if ev is not None:
            ans = ev.data["answer"]
            name = self.tongue.the(g.narrator.name(ev.data["target"]), cap=True)
            self.offer = package_offer(g.narrator, ev)
            self.last_answer = self.offer["headline"] if self.offer else {
                "yes": self._("{name} agrees to back it").format(name=name), "no": f"{name} declines", "yes_if": self._("{name} wants something in return").format(name=name),
                "noncommittal": f"{name} is noncommittal"}[ans]
            self.last_answer_kind = ans
        self.after_command(ev, None)

    def accept_package(self) -> None:
        """Take the package offered: the other backs the player's text, the player backs
        theirs (`Session.accept_package`)."""
        offer, self.offer = self.offer, None
        if offer is None:
            return
        ev = self.game.do("accept_package", offer["target"])
        if ev is not None:
            self.last_answer = self._("Package agreed with {x}").format(x=self.tongue.the(self.game.narrator.name(offer['target'])))
            self.last_answer_kind = "yes"
        self.after_command(ev, self._("Package agreed: each of you backs the other's text"))

    def decline_package(self) -> None:
        offer, self.offer = self.offer, None
        if offer is not None:
            self.last_answer = self._("You decline {x}'s package").format(x=self.tongue.the(self.game.narrator.name(offer['target'])))
            self.last_answer_kind = "noncommittal"
        self.app.toast(self._("Package declined: nothing changes"))
        self.rebuild()

    def lobby_advice(self) -> list[str]:
        """Whom the lobbying panel's text is worth asking for, as a desk officer reads the
        public positions (`game.model.advice`), longest phrasing first: for a change, the
        members who could say yes and whose backing weighs with the penholder; for the text
        as it stands, the members who want the paragraph moved away from yours."""
        g = self.game
        st = g.shown
        c = st.council
        if not hasattr(self, "s_lissue") or self.s_lvar.value is None or g.seat not in c.index:
            return []
        i = c.issue_index[self.s_lissue.value]
        v = c.issues[i].variant_ids.index(self.s_lvar.value)
        j = c.index[g.seat]
        name = g.narrator.name
        if v == st.draft[i]:
            askers = advice.movers(st, j).get(i, {})
            who = [name(x) for x in sorted(askers, key=lambda x: (-askers[x], x))[:advice.LOBBY_TARGETS]]
            if not who:
                return [self._("Nobody has asked to move this paragraph away from your text: it needs no defending yet."),
                        self._("Nobody has asked to move it away from your text.")]
            return [self._("To hold this text, ask those who want it changed: {who}. If they accept it as it stands, the penholder has less reason to move it.").format(who=gfx.esc(self.tongue.names(who))),
                    self._("To hold it, ask those who want it changed: {who}.").format(who=gfx.esc(self.tongue.names(who)))]
        tabled = next((a for a in st.open.values() if a.issue == i and a.variant == v), None)
        who = [name(c.ids[k]) for k in advice.persuadable(st, j, i, v, tabled.sponsors if tabled else ())]
        if not who:
            return [self._("Nobody beyond its sponsors is likely to back this text, by the positions on record."),
                    self._("Nobody beyond its sponsors is likely to back it.")]
        return [self._("Worth asking: {who}. By the positions on record they could say yes, and their backing weighs with the penholder.").format(who=gfx.esc(self.tongue.names(who))),
                self._("Worth asking, by the positions on record: {who}.").format(who=gfx.esc(self.tongue.names(who))),
                self._("Worth asking: {who}.").format(who=gfx.esc(self.tongue.names(who)))]

    def draw_lobby(self, surf, x: int) -> None:
        """The lobbying panel's answer (or the package offered) and, under it, whom the
        text is worth asking (`lobby_advice`); x: the panel's left edge."""
        th, px, g = self.theme, self.px, self.game
        if self.last_answer and getattr(self, "answer_rect", None) is not None:
            col = {"yes": "yes", "no": "no"}.get(self.last_answer_kind, "abstain")
            ic = {"yes": "yes", "no": "no", "yes_if": "link"}.get(self.last_answer_kind, "tilde")
            ar = self.answer_rect
            if self.offer is not None:  # the package: who offers what, and what accepting means
                lines = gfx.fitting(self.cache, [f"[b][c={col}]{gfx.esc(self.offer['headline'])}.[/c][/b] "
                                                 f"[c=muted]{gfx.esc(self.offer['terms'])}[/c]",
                                                 f"[b][c={col}]{gfx.esc(self.offer['headline'])}.[/c][/b]"],
                                    ar.inflate(-px(22), 0).move(px(11), 0), Style(role="small"), 0.1)
                gfx.icon(surf, ic, (ar.x + px(8), ar.y + px(9)), px(15), th.c[col])
                gfx.draw_lines(surf, self.cache, lines, ar.x + px(22), ar.y)
            else:
                yy = ar.y + px(12)
                gfx.icon(surf, ic, (x + px(8), yy), px(15), th.c[col])
                gfx.text(surf, self.cache, gfx.fit(self.cache, self.last_answer, ar.width - px(24), "bodyb"),
                         (x + px(22), yy), "bodyb", col, anchor="midleft")
        if g.my_turn and self.offer is None and getattr(self, "answer_rect", None) is not None:
            # who is worth asking, read from the public positions (under the last answer)
            ar = self.answer_rect
            room = pygame.Rect(ar.x, ar.y + px(26), ar.width, ar.bottom - ar.y - px(26))
            lines = gfx.fitting(self.cache, self.lobby_advice(), room, Style(role="small", colour="muted"))
            if lines:
                gfx.draw_lines(surf, self.cache, lines, room.x, room.bottom - gfx.text_height(lines))


class NegotiationScreen(Lobbying, RivalComposer, GameScreen):
    name = "negotiation"
    scene = "negotiation"

    def __init__(self, app):
        super().__init__(app)
        self.mode = "main"
        self.turn_id = None
        self.settled = False
        self.sel = {}
        self.decisions: dict[str, str] = {}
        self.last_answer: str | None = None
        self.offer: dict | None = None  # a package offered in answer to the player's lobbying
        self.hint = ""

    # --- layout ------------------------------------------------------------------------------
    def build_body(self) -> None:
        px = self.px
        b = self.body
        lw = int(b.width * 0.46)
        self.horse_rect = pygame.Rect(b.x, b.y, lw, int(b.height * 0.56))
        self.feed_rect = pygame.Rect(b.x, self.horse_rect.bottom + px(10), lw, b.bottom - self.horse_rect.bottom - px(10))
        rx = b.x + lw + px(12)
        rw = b.right - rx
        self.draft_rect = pygame.Rect(rx, b.y, rw, int(b.height * 0.52))
        self.act_rect = pygame.Rect(rx, self.draft_rect.bottom + px(10), rw, b.bottom - self.draft_rect.bottom - px(10))
        self.feed = Feed(self, self.feed_rect.inflate(-px(20), -px(44)).move(0, px(12)))
        self.draft = DraftView(self, self.draft_rect.inflate(-px(4), -px(30)).move(0, px(13)))
        self.draft.refresh()
        self.labels: list[tuple[str, tuple[int, int]]] = []
        self._turn_changed()
        self.build_actions()
        self.focus.add(FocusItem(lambda: self.draft_rect, up=lambda: self.draft.view.scroll(-px(60)),
                                 down=lambda: self.draft.view.scroll(px(60)), name="draft"))
        self.focus.add(FocusItem(lambda: self.feed_rect, up=lambda: self.feed.scroll(px(60)),
                                 down=lambda: self.feed.scroll(-px(60)), name="feed"))

    def _turn_changed(self) -> None:
        g = self.game
        p = g.session.pending
        tid = (p.kind, g.session.steps) if p is not None and p.member == g.seat else None
        if tid != self.turn_id:
            self.turn_id = tid
            self.mode = "main"
            self.settled = False
            self.decisions = {}
            self.last_answer = None
            self.offer = None

    def state_key(self):
        return (*super().state_key(), self.panel())

    def panel(self) -> str:
        """Which set of controls the actions panel shows now."""
        g = self.game
        if g.watching or not g.my_turn:
            return "waiting"
        if self.mode == "lobby":
            return "lobby"
        if self.mode == "rival" and g.turn_kind in ("amend", "before_vote"):
            return "rival"
        if g.turn_kind == "revise":
            return "settle" if not self.settled and (g.shown.pending_amendments() or self.uncirculated()) \
                else "next_step"
        return g.turn_kind or "waiting"

    def label(self, text: str, pos) -> None:
        self.labels.append((text, pos))

    def build_actions(self) -> None:
        r = self.act_rect.inflate(-self.px(28), -self.px(24))
        r.y += self.px(20)
        r.height -= self.px(14)
        self.inner = r
        {"waiting": self.build_waiting, "lobby": self.build_lobby, "amend": self.build_amend,
         "rival": self.build_rival, "before_vote": self.build_before_vote,
         "settle": self.build_settle, "next_step": self.build_next_step, "co_revision": self.build_co_revision,
         "co_step": self.build_co_step, "bilateral": self.build_bilateral}.get(self.panel(), self.build_waiting)(r)

    def build_waiting(self, r) -> None:
        px = self.px
        bw = (r.width - px(20)) // 3
        y = r.bottom - px(40)
        self.button((r.x, y, bw, px(38)), self._("Skip ahead  (S)"), self.game.skip, cls="@quiet", name="skip")
        self.button((r.x + bw + px(10), y, bw, px(38)), self._("Next event  (N)"), self.game.next_now, cls="@quiet", name="next")
        self.button((r.x + 2 * (bw + px(10)), y, bw, px(38)), self._("Inject news  (I)"), self.open_inject, cls="@quiet",
                    name="inject")

    def build_amend(self, r) -> None:
        g, px = self.game, self.px
        st = g.shown
        bh, gap = self.rows(r, 5)
        lw = px(96)
        y = r.y + px(26)
        issues = sorted(st.council.issues, key=lambda i: i.paragraph)
        iss = self.sel.get("issue") or self._default_issue()
        self.label(self._("Paragraph"), (r.x, y + bh // 2))
        self.s_issue = Selector(self, (r.x + lw, y, r.width - lw, bh),
                                [(i.id, self._("OP {n}").format(n=i.paragraph) + f"  {i.title}") for i in issues],
                                [i.id for i in issues].index(iss), self._issue_changed, name="issue")
        y += bh + gap
        info = st.council.issues[st.council.issue_index[iss]]
        cur = st.draft[st.council.issue_index[iss]]
        opts = [(vid, lab) for k, (vid, lab) in enumerate(zip(info.variant_ids, info.labels, strict=True)) if k != cur]
        want = self.sel.get("variant")
        idx = [o[0] for o in opts].index(want) if want in [o[0] for o in opts] else self._default_variant(info, cur, opts)
        self.label(self._("Ask for"), (r.x, y + bh // 2))
        bw = px(190)
        self.s_var = Selector(self, (r.x + lw, y, r.width - lw - bw - px(10), bh), [(v, f"{self.tongue.quote(lab)}") for v, lab in opts],
                              idx, self._variant_changed, name="variant")
        self.table_button = self.button((r.right - bw, y, bw, bh), self._("Table amendment"), self.table, cls="@primary",
                                        name="table", enabled=self.may_table())
        self._table_label()
        y += bh + gap
        others = [a for a in st.pending_amendments() if g.seat not in a.sponsors]
        self.label(self._("Back"), (r.x, y + bh // 2))
        bopts = [(a.id, f"A{a.id} {g.narrator.name(a.proposer)}{self.tongue.colon} "
                        + self._("OP {n}").format(n=st.council.issues[a.issue].paragraph) + " "
                        f"{self.tongue.quote(st.council.issues[a.issue].labels[a.variant])}") for a in others]
        self.s_back = Selector(self, (r.x + lw, y, r.width - lw - bw - px(10), bh), bopts, 0, None, name="backsel")
        self.button((r.right - bw, y, bw, bh), self._("Back this amendment"), self.back_it, name="back",
                    enabled=bool(others) and g.may("propose_amendments"))
        y += bh + gap
        third = (r.width - px(20)) // 3
        self.button((r.x, y, third, bh), self._("Lobby\u2026"), self.open_lobby, name="lobby",
                    enabled=g.may("seek_support"))
        mine = self.my_rival()
        self.button((r.x + third + px(10), y, third, bh),
                    self._("Rival draft {number} in blue").format(number=mine.number) if mine else self._("Table a rival draft\u2026"),
                    self.open_rival, name="rival", enabled=mine is None and self.may_rival())
        self.button((r.x + 2 * (third + px(10)), y, r.right - r.x - 2 * (third + px(10)), bh),
                    self._("End turn"), self.end_turn, cls="@primary", name="end")
        # what asking for the chosen text would do: in the room left below the buttons
        self.note_rect = pygame.Rect(r.x, y + bh + px(6), r.width, self.act_rect.bottom - px(6) - (y + bh + px(6)))
        self.focus.focus("table" if self.may_table() else "end")

    def build_before_vote(self, r) -> None:
        """The penholder's text is in blue and the vote follows: a member may still table a
        rival draft (voted after the penholder's text, in the order of submission), or let
        the vote come."""
        px = self.px
        bh = px(40)
        half = (r.width - px(10)) // 2
        y = r.bottom - bh - px(4)
        mine = self.my_rival()
        self.button((r.x, y, half, bh), self._("Rival draft {number} in blue").format(number=mine.number) if mine else self._("Table a rival draft\u2026"),
                    self.open_rival, name="rival", enabled=mine is None and self.may_rival())
        self.button((r.x + half + px(10), y, r.width - half - px(10), bh), self._("Proceed to the vote  (Enter)"),
                    self.proceed, cls="@primary", name="proceed")
        self.note_rect = pygame.Rect(r.x, r.y + px(26), r.width, y - px(8) - (r.y + px(26)))
        self.focus.focus("proceed")

    def proceed(self) -> None:
        """Let the vote come (nothing is recorded)."""
        g = self.game
        g.do("end_turn")
        if g.message:
            self.app.toast(g.message, 5)
        self.rebuild()

    def _default_variant(self, info, cur, opts) -> int:
        g = self.game
        best = next(e["best_id"] for e in issue_brief(g.scenario, g.seat) if e["id"] == info.id)
        ids = [o[0] for o in opts]
        return ids.index(best) if best in ids else 0

    def asked_already(self, issue: str | None, variant: str | None):
        """The pending amendment asking for this text that the player already sponsors."""
        st = self.game.shown
        if issue is None or variant is None:
            return None
        i = st.council.issue_index[issue]
        v = st.council.issues[i].variant_ids.index(variant)
        return next((a for a in st.pending_amendments()
                     if a.issue == i and a.variant == v and a.sponsored_by(self.game.seat)), None)

    def may_table(self) -> bool:
        """Table amendment: the player's turn, a text chosen, and not one it already asks for
        (pressing twice would send empty comments)."""
        s_issue, s_var = getattr(self, "s_issue", None), getattr(self, "s_var", None)
        if s_issue is None or s_var is None or s_issue.value is None or s_var.value is None:
            return False
        return self.game.may("propose_amendments") and self.asked_already(s_issue.value, s_var.value) is None

    def _table_label(self) -> None:
        """Table amendment, or which of the player's amendments already asks for the text."""
        b = self.table_button
        mine = self.asked_already(self.s_issue.value, self.s_var.value)
        b.set_text(self._("Tabled: A{id}").format(id=mine.id) if mine is not None else self._("Table amendment"))
        b.enable() if self.may_table() else b.disable()

    def _variant_changed(self, v) -> None:
        self.sel["variant"] = v
        if getattr(self, "table_button", None) is not None:
            self._table_label()

    def _issue_changed(self, v) -> None:
        self.sel["issue"] = v
        self.sel.pop("variant", None)
        self.rebuild()
        self.focus.focus("issue")

    def table(self) -> None:
        if not self.may_table():
            return
        ev = self.game.do("propose_amendments", {self.s_issue.value: self.s_var.value}, [])
        self.after_command(ev, self._("Amendment tabled") if ev is not None and ev.data.get("amendments") else
                           self._("Your request joins an amendment already on the table"))

    def back_it(self) -> None:
        if self.s_back.value is None:
            return
        ev = self.game.do("propose_amendments", {}, [self.s_back.value])
        self.after_command(ev, self._("You back A{value}").format(value=self.s_back.value))

    def end_turn(self) -> None:
        self.after_command(self.game.do("end_turn"), None)

    def after_command(self, ev, ok_text: str | None) -> None:
        g = self.game
        if ev is None:
            self.app.toast(g.message or self._("Not possible now"), 5)
        elif ok_text:
            self.app.toast(ok_text)
        self.feed.at_newest()
        self.rebuild()

    # --- the penholder -------------------------------------------------------------------------------
    def build_settle(self, r) -> None:
        g, px = self.game, self.px
        st = g.shown
        by_issue: dict[int, list] = {}
        for a in st.pending_amendments():
            by_issue.setdefault(a.issue, []).append(a)
        issues = sorted(by_issue, key=lambda i: st.council.issues[i].paragraph)
        n = len(issues) + 1
        bh = min(px(36), max(px(26), (r.height - px(30)) // n - px(6)))
        gap = max(px(4), min(px(10), (r.height - px(30) - n * bh) // n))
        y = r.y + px(24)
        lw = px(70)
        self.settle_sel = {}
        for i in issues:
            info = st.council.issues[i]
            group = by_issue[i]
            cur = st.working[i]
            lo = min(cur, *(a.variant for a in group))
            hi = max(cur, *(a.variant for a in group))
            opts = []
            for v in range(lo, hi + 1):
                opts.append((info.variant_ids[v], self.settle_label(i, v, cur, group)))
            keep = self.decisions.get(info.id, info.variant_ids[cur])
            idx = [o[0] for o in opts].index(keep) if keep in [o[0] for o in opts] else 0
            self.label(self._("OP {n}").format(n=info.paragraph), (r.x, y + bh // 2))
            self.settle_sel[info.id] = Selector(self, (r.x + lw, y, r.width - lw, bh), opts, idx,
                                                lambda v, k=info.id: self.decisions.__setitem__(k, v),
                                                name=f"settle:{info.id}")
            y += bh + gap
        half = (r.width - px(10)) // 2
        y = max(y, r.bottom - bh)
        self.button((r.x, y, half, bh), self._("Lobby a delegation\u2026"), self.open_lobby, name="lobby",
                    enabled=g.may("seek_support"))
        self.button((r.x + half + px(10), y, half, bh), self._("Settle and circulate the revision"), self.settle,
                    cls="@primary", name="settle")
        self.focus.focus("settle")

    def settle_label(self, i: int, v: int, cur: int, group: list) -> tuple[str, str]:
        """A settlement choice as (the text chosen, what it does): the second part always
        shows in full on the selector, the first is shortened if the row is narrow."""
        info = self.game.shown.council.issues[i]
        ids = ", ".join(f"A{a.id}" for a in group)
        if v == cur:
            return (self._("Keep \u201c{text}\u201d").format(text=info.labels[v]),
                    self._(" \u2014 sets aside {ids}").format(ids=ids), self._(" \u2014 not {ids}").format(ids=ids))
        acc = [a.id for a in group if a.variant == v]
        part = [a.id for a in group if a.variant != v and (a.variant - cur) * (v - cur) > 0]
        bits = []
        if acc:
            bits.append(self._("accepts ") + ", ".join(f"A{x}" for x in acc))
        if part:
            bits.append(self._("halfway on ") + ", ".join(f"A{x}" for x in part))
        up, down = self.effect(i, v, cur)
        what = "; ".join(bits or [self._("a compromise")])
        return (f"{self.tongue.quote(info.labels[v])}", self._(" \u2014 {what} ({up} happier, {down} less)").format(what=what, up=up, down=down),
                f" \u2014 {what} (+{up} \u2212{down})")

    def uncirculated(self) -> bool:
        """Amendments settled but the revision not circulated (a session resumed after a
        crash between the two): the text must go out before the next step."""
        st = self.game.session.state
        return st.working != st.draft and self.game.session.may("circulate_revision", self.game.seat)

    def effect(self, i: int, v: int, cur: int) -> tuple[int, int]:
        """How many other delegations would like text v of issue i better / worse than `cur`."""
        c = self.game.shown.council
        up = down = 0
        for k, m in enumerate(c.ids):
            if m == self.game.seat:
                continue
            d = c.loss[k][i][v] - c.loss[k][i][cur]
            up += d < -1e-9
            down += d > 1e-9
        return up, down

    def settle(self) -> None:
        g = self.game
        st = g.shown
        decisions = {}
        for a in st.pending_amendments():
            info = st.council.issues[a.issue]
            sel = self.settle_sel.get(info.id)
            decisions[a.id] = sel.value if sel is not None else info.variant_ids[st.working[a.issue]]
        ev = g.do("decide_amendments", decisions) if decisions else None
        if ev is None and decisions:
            self.after_command(None, None)
            return
        objected = ev is not None and any(r.get("co_penholders_object") for d in ev.data["decisions"]
                                          for r in (d.get("reasons") or [])[:1])
        if g.session.state.working != g.session.state.draft:
            ev = g.do("circulate_revision") or ev
            text = self._("rev{revision} circulated").format(revision=g.session.state.revision)
        else:
            text = self._("Amendments settled; the text is unchanged")
        if objected:
            text += self._(" \u2014 your co-penholders objected to part of it (see the room)")
        self.settled = True
        self.after_command(ev, text)

    def build_next_step(self, r) -> None:
        g, px = self.game, self.px
        bh = px(40)
        gap = px(10)
        half = (r.width - gap) // 2
        y = r.y + px(26)
        steps = ["open_expert_round", "place_under_silence", "hold_bilaterals", "put_in_blue", "seek_rollover"]
        first = None
        for k, trig in enumerate(steps):
            x = r.x + (k % 2) * (half + gap)
            yy = y + (k // 2) * (bh + gap)
            label = self._(STEP_LABELS[trig])
            if trig == "place_under_silence":
                label += f" ({g.scenario.calendar.silence_hours} h)"
            ok = g.may(trig)
            self.button((x, yy, half, bh), label, lambda t=trig: self.next_step(t),
                        cls="@primary" if trig in ("place_under_silence", "put_in_blue") and ok else None,
                        enabled=ok, name=trig)
            if ok and first is None and trig in ("place_under_silence", "put_in_blue"):
                first = trig
        yy = y + 2 * (bh + gap)
        self.button((r.x + half + gap, yy, half, bh), self._("Lobby a delegation\u2026"), self.open_lobby, name="lobby",
                    enabled=g.may("seek_support"))
        self.focus.focus(first or "open_expert_round")

    def next_step(self, trigger: str) -> None:
        g = self.game
        ev = g.do(trigger)
        text = None
        if ev is not None and ev.kind != trigger:  # a co-penholder asked for a more cautious step
            asked = []
            for e in g.session.log[ev.seq - 2::-1]:  # the answers just before the step
                if e.kind != "co_pen_step":
                    break
                if not e.data.get("agrees", True):
                    asked.insert(0, e.actor)
            who = g.narrator.names_list(dict.fromkeys(asked)) or self._("Your co-penholders")
            text = self._("{x}{x2} asked for {x3}: the more cautious step is taken").format(x=who[0].upper(), x2=who[1:], x3=self._(STEP_LABELS[ev.kind]).lower())
        self.after_command(ev, text)

    # --- a co-penholder: the lead proposes, the seat agrees or objects ---------------------------------
    def build_co_revision(self, r) -> None:
        """The lead's proposed revision, paragraph by paragraph: agree, or object (the
        paragraph stays as circulated, or is met halfway)."""
        g, px = self.game, self.px
        st = g.session.state
        c = st.council
        prop = g.session.proposal or {}
        issues = sorted(prop, key=lambda i: c.issues[i].paragraph)
        n = len(issues) + 1
        bh = min(px(36), max(px(26), (r.height - px(30)) // n - px(6)))
        gap = max(px(4), min(px(10), (r.height - px(30) - n * bh) // n))
        y = r.y + px(24)
        lw = px(70)
        self.co_sel = {}
        me = c.index[g.seat]
        for i in issues:
            info, v, cur = c.issues[i], prop[i], st.working[i]
            opts = [(None, (self._("Agree: \u201c{x}\u201d").format(x=info.labels[v]), self._(" \u2014 was {x}").format(x=self.tongue.quote(info.labels[cur])),
                            ""))]
            step = 1 if cur < v else -1
            for x in range(v - step, cur - step, -step):  # halfway texts, then the circulated one
                what = self._("keep") if x == cur else self._("halfway")
                loss = c.loss[me][i][x] - c.loss[me][i][v]
                better = self._("better for you") if loss < -1e-9 else self._("no better for you") if loss < 1e-9 else self._("worse for you")
                opts.append((info.variant_ids[x], (self._("Object: {what} \u201c{x}\u201d").format(what=what, x=info.labels[x]), f" — {better}",
                                                   "")))
            self.label(self._("OP {n}").format(n=info.paragraph), (r.x, y + bh // 2))
            self.co_sel[info.id] = Selector(self, (r.x + lw, y, r.width - lw, bh), opts, 0,
                                            name=f"co:{info.id}")
            y += bh + gap
        y = max(y, r.bottom - bh)
        self.button((r.x, y, r.width, bh), self._("Send your answer to the lead"), self.answer_revision, cls="@primary",
                    name="co_answer")
        self.focus.focus(f"co:{c.issues[issues[0]].id}" if issues else "co_answer")

    def answer_revision(self) -> None:
        objections = {k: sel.value for k, sel in self.co_sel.items() if sel.value is not None}
        ev = self.game.do("co_pen_revision", objections)
        n = len(objections)
        self.after_command(ev, self._("You agree to the revision") if not n else
                           self._("You object to {n}: the lead must take it back").format(n=self.tongue.counted(n, 'paragraph')))

    def co_alternatives(self) -> list[str]:
        """The more cautious steps a co-penholder may ask for instead of the lead's."""
        from game.rules import NEXT_STEPS_BY_CAUTION as order

        s = self.game.session
        proposed = s.proposed_step
        if proposed not in order:
            return []
        return [t for t in order[:order.index(proposed)] if s.state.procedure.may(t, s.penholder)]

    def build_co_step(self, r) -> None:
        g, px = self.game, self.px
        bh, gap = px(40), px(10)
        proposed = g.session.proposed_step or ""
        y = r.y + px(46)
        self.button((r.x, y, r.width, bh), self._("Agree: {x}").format(x=self._(STEP_LABELS.get(proposed, proposed)).lower()),
                    lambda: self.answer_step(None), cls="@primary", name="co_agree")
        alts = self.co_alternatives()
        half = (r.width - gap) // 2
        for k, trig in enumerate(alts):
            x = r.x + (k % 2) * (half + gap)
            yy = y + bh + gap + (k // 2) * (bh + gap)
            self.button((x, yy, half, bh), self._("Object: {x}").format(x=self._(STEP_LABELS[trig]).lower()), lambda t=trig: self.answer_step(t),
                        name=f"co_prefer:{trig}")
        self.focus.focus("co_agree")

    def answer_step(self, prefers: str | None) -> None:
        ev = self.game.do("co_pen_step", prefers)
        self.after_command(ev, None if prefers is None else
                           self._("You ask for {x}: the more cautious step wins").format(x=self._(STEP_LABELS[prefers]).lower()))

    # --- a bilateral with the penholder (after breaking silence) --------------------------------
    def bilateral_choice(self) -> dict:
        """What the player will say in its bilateral: paragraphs ticked, texts asked for, a
        threat. Default: its strongest objections on the current text, as an agent of its
        seat would restate them (game.model.silence), and no threat."""
        g = self.game
        key = ("bilateral", self.turn_id)
        got = self.sel.get("bilateral")
        if got is None or got.get("key") != key:
            st = g.session.state
            j = st.council.index[g.seat]
            strength, tau, weighed = agents.silence_objection(st, j)
            asks = agents.silence_requests(st, j, tau, weighed) if weighed else []
            c = st.council
            got = self.sel["bilateral"] = {
                "key": key, "threat": None,
                "on": {c.issues[i].id: True for i, _v, _r in asks},
                "var": {c.issues[i].id: c.issues[i].variant_ids[v] for i, v, _r in asks}}
        return got

    def bilateral_rows(self) -> list[tuple[int, list[str]]]:
        """The paragraphs the player may raise (where the text is not its aim), strongest
        objections first: (paragraph index, the variants it may ask for)."""
        g = self.game
        st = g.session.state
        c = st.council
        choice = self.bilateral_choice()
        rows = []
        for e in issue_brief(g.scenario, g.seat):
            i = c.issue_index[e["id"]]
            if c.issues[i].variant_ids[st.working[i]] not in e["as_good"]:
                rows.append(i)
        rows.sort(key=lambda i: (not choice["on"].get(c.issues[i].id), c.issues[i].paragraph))
        return [(i, [v for k, v in enumerate(c.issues[i].variant_ids) if k != st.working[i]]) for i in rows]

    def build_bilateral(self, r) -> None:
        """Up to four paragraphs (ticked: still needed), the text asked for on each, a threat,
        then "Nothing to add" or "Say it to the penholder"."""
        g, px = self.game, self.px
        c = g.session.state.council
        choice = self.bilateral_choice()
        rows = self.bilateral_rows()[:4]
        n = len(rows) + 2
        bh = min(px(34), max(px(24), (r.height - px(30)) // n - px(6)))
        gap = max(px(4), min(px(8), (r.height - px(30) - n * bh) // n))
        y = r.y + px(24)
        tw = int(r.width * 0.46)
        self.bil_sel: dict[str, Selector] = {}
        self.bil_buttons = {}
        for i, variants in rows:
            info = c.issues[i]
            on = choice["on"].get(info.id, False)
            b = self.button((r.x, y, tw, bh), "      " + gfx.fit(self.cache, self._("OP {n}").format(n=info.paragraph) + f" {info.title}",
                                                              tw - px(72), "small"),
                            lambda k=info.id: self.bilateral_toggle(k), cls="@toggle", name=f"bil:{info.id}")
            self.bil_buttons[info.id] = b
            if on:
                b.select()
            opts = [(v, f"{self.tongue.quote(info.labels[info.variant_ids.index(v)])}") for v in variants]
            default = choice["var"].get(info.id)
            if default not in variants:
                brief = next(e for e in issue_brief(g.scenario, g.seat) if e["id"] == info.id)
                cur = g.session.state.working[i]
                step = cur + (1 if info.variant_ids.index(brief["best_id"]) > cur else -1)
                default = choice["var"][info.id] = info.variant_ids[step]
            self.bil_sel[info.id] = Selector(self, (r.x + tw + px(8), y, r.width - tw - px(8), bh), opts,
                                             variants.index(default),
                                             lambda v, k=info.id: self.bilateral_variant(k, v), name=f"bilvar:{info.id}")
            y += bh + gap
        topts = [(None, self._(THREAT_CHOICE[None]))] + [(t, self._(THREAT_CHOICE[t])) for t in threats_for(g)]
        values = [o[0] for o in topts]
        self.bil_threat_sel = Selector(self, (r.x, y, tw, bh), topts,
                                       values.index(choice["threat"]) if choice["threat"] in values else 0,
                                       self.bilateral_threat, name="bil_threat", count=False)
        y = max(y + bh + gap, r.bottom - bh)
        half = (r.width - px(10)) // 2
        says = bool(self.bilateral_requests()) or choice["threat"] is not None
        self.button((r.x, y, half, bh), self._("Nothing to add"), self.bilateral_pass, cls="@quiet" if says else "@primary",
                    name="bil_pass")
        self.button((r.x + half + px(10), y, half, bh), self._("Say it to the penholder"), self.bilateral_send,
                    cls="@primary" if says else None, enabled=says, name="bil_send")
        self.focus.focus("bil_send" if says else "bil_pass")

    def draw_over(self, surf) -> None:
        th, px = self.theme, self.px
        if self.game.my_turn and self.panel() == "bilateral" and not self.overlay:
            choice = self.bilateral_choice()  # (a tick box on each paragraph, as under silence)
            for k, b in getattr(self, "bil_buttons", {}).items():
                if not b.alive():
                    continue
                box = pygame.Rect(b.rect.x + px(10), b.rect.centery - px(8), px(16), px(16))
                pygame.draw.rect(surf, th.c["text"], box, max(1, px(2)), border_radius=px(3))
                if choice["on"].get(k):
                    gfx.icon(surf, "check", box.center, px(14), th.c["focus"])
        super().draw_over(surf)

    def bilateral_requests(self) -> dict[str, str]:
        choice = self.bilateral_choice()
        ids = {self.game.session.state.council.issues[i].id for i, _ in self.bilateral_rows()[:4]}
        return {k: choice["var"][k] for k, on in choice["on"].items() if on and k in ids and k in choice["var"]}

    def bilateral_toggle(self, k: str) -> None:
        choice = self.bilateral_choice()
        choice["on"][k] = not choice["on"].get(k, False)
        self.rebuild()
        self.focus.focus(f"bil:{k}")

    def bilateral_variant(self, k: str, v: str) -> None:
        self.bilateral_choice()["var"][k] = v
        self.rebuild()
        self.focus.focus(f"bilvar:{k}")

    def bilateral_threat(self, v: str | None) -> None:
        self.bilateral_choice()["threat"] = v
        self.rebuild()
        self.focus.focus("bil_threat")

    def bilateral_pass(self) -> None:
        ev = self.game.do("end_turn")
        self.after_command(ev, self._("You have nothing to add"))

    def bilateral_send(self) -> None:
        choice = self.bilateral_choice()
        reqs = self.bilateral_requests()
        ev = self.game.do("bilateral_talk", reqs, choice["threat"])
        self.after_command(ev, self._("You tell the penholder what you still need") +
                           (f" ({self._(THREAT_CHOICE[choice['threat']]).lower()})" if choice["threat"] else ""))

    # --- keys and drawing ----------------------------------------------------------------------------
    def scene_key(self, ev) -> bool:
        if ev.key == pygame.K_END:
            self.feed.at_newest()
            return True
        return False

    def scroll(self, dy, pos) -> bool:
        if pos is not None and self.feed_rect.collidepoint(pos):
            self.feed.scroll(-dy)
        elif pos is not None and self.draft_rect.collidepoint(pos):
            self.draft.view.scroll(dy)
        else:
            self.draft.view.scroll(dy)
        return True

    def update(self, dt: float) -> None:
        if self.built:
            self._turn_changed()
        super().update(dt)
        if self.app.screen is self and self.built:
            self.draft.refresh()

    def draw_body(self, surf) -> None:
        th, px, g = self.theme, self.px, self.game
        gfx.panel(surf, th, self.horse_rect, "panel", "line", 10)
        count = self.count()
        sub = gfx.first_fit(self.cache, count, self.horse_rect.width - px(150), "tiny") if count else \
            self._("stance = the vote each would cast on this text")
        panel_title(self, surf, self.horse_rect, self._("THE COUNCIL"), sub)
        hr = self.horse_rect.inflate(-px(24), -px(64)).move(0, px(6))
        self.draw_horseshoe(surf, hr)
        self.draw_legend(surf, self.horse_rect)
        gfx.panel(surf, th, self.feed_rect, "panel", "line", 10)
        panel_title(self, surf, self.feed_rect, self._("THE ROOM"), self.tongue.counted(len(g.feed), "event"))
        self.feed.draw(surf, g.feed)
        gfx.panel(surf, th, self.draft_rect, "paper", "paper_line", 10)
        gfx.text(surf, self.cache, self._("DRAFT RESOLUTION"), (self.draft_rect.x + px(14), self.draft_rect.y + px(8)),
                 "tiny", "ink_deleted", bold=True)
        self.draft.view.draw(surf)
        gfx.panel(surf, th, self.act_rect, "panel", "accent" if g.my_turn else "line", 10, 2 if g.my_turn else 1)
        self.draw_actions(surf)

    def count(self) -> list[str] | None:
        """The room's count of the text (the penholder's own, for the penholder's seat),
        phrasings longest first; worked out once per event shown."""
        g = self.game
        key = (g.shown.seq, g.seat)
        memo = getattr(self, "_count", None)
        if memo is None or memo[0] != key:
            memo = self._count = (key, room_count(g))
        return memo[1]

    def draw_legend(self, surf, rect) -> None:
        th, px = self.theme, self.px
        x = rect.x + px(16)
        y = rect.bottom - px(18)
        if self.count():  # the title row gives the count: say here what a seat's symbol is
            r = gfx.text(surf, self.cache, self._("likely vote:"), (x, y), "tiny", "muted", bold=True, anchor="midleft")
            x = r.right + px(10)
        for ic, col, word in (("yes", "yes", self._("supports")), ("tilde", "abstain", self._("reservations")),
                              ("no", "no", self._("opposes")), ("letter", "letter", self._("broke silence")),
                              ("pen", "accent", self._("penholder"))):
            gfx.icon(surf, ic, (x + px(7), y), px(13), th.c[col])
            r = gfx.text(surf, self.cache, word, (x + px(18), y), "tiny", "muted", anchor="midleft")
            x = r.right + px(16)

    def draw_actions(self, surf) -> None:
        px, g = self.px, self.game
        r = self.act_rect
        x, y = r.x + px(14), r.y + px(10)
        if g.my_turn:
            kind = g.turn_kind
            titles = {"amend": self._("YOUR MOVE \u00b7 expert round {round}: written comments").format(round=g.shown.round),
                      "revise": self._("YOUR MOVE \u00b7 the penholder's pen"),
                      "co_revision": self._("YOUR MOVE \u00b7 co-penholder: {penholder}'s revision").format(penholder=g.narrator.name(g.session.penholder)),
                      "co_step": self._("YOUR MOVE \u00b7 co-penholder: {penholder}'s next step").format(penholder=g.narrator.name(g.session.penholder)),
                      "bilateral": self._("YOUR MOVE \u00b7 a bilateral with {penholder}").format(penholder=g.narrator.name(g.session.penholder)),
                      "before_vote": self._("YOUR MOVE \u00b7 the text is in blue: the vote follows")}
            title = titles.get(kind, self._("YOUR MOVE"))
            if self.mode == "lobby":
                title = self._("YOUR MOVE \u00b7 lobby a delegation")
            if self.panel() == "rival":
                title = self._("YOUR MOVE \u00b7 a rival draft of your own")
            gfx.text(surf, self.cache, title, (x, y), "tiny", "accent", bold=True)
            sub = ""
            if kind == "revise" and self.mode != "lobby":
                if self.panel() == "settle" and not g.shown.pending_amendments():
                    sub = self._("Your amendments are settled: circulate the revised text before the next step.")
                elif self.panel() == "settle":
                    sub = [self._("Settle each paragraph: keep your text, meet a request halfway, or take it on board."),
                           self._("Settle each paragraph: keep your text, meet a request halfway, or accept it."),
                           self._("Settle each paragraph: keep, meet halfway, or accept.")]
                else:
                    sub = [self._("Choose the next step. The mandate expires in {x}.").format(x=self.tongue.span(g.shown.expiry_t - g.shown.t)),
                           self._("Choose the next step. The mandate expires in {x}").format(x=self.tongue.span(g.shown.expiry_t - g.shown.t)),
                           self._("Next step \u00b7 the mandate expires in {x}").format(x=self.tongue.span(g.shown.expiry_t - g.shown.t))]
            elif self.panel() == "rival":  # when it would be voted, and the room's count of it
                sub = self.rival_count()
            elif kind == "amend" and self.mode != "lobby":
                sub = self._("Table amendments and back others', lobby, then end your turn.")
            elif kind == "before_vote":
                sub = [self._("Table a draft of your own before the vote, or let the vote come."),
                       self._("A draft of your own, or the vote.")]
            elif kind == "co_revision":
                sub = [self._("The lead proposes these changes. Agree, or object to a paragraph: it stays as it was or is met halfway."), self._("Agree to each change, or object: it stays or is met halfway."),
                       self._("Agree or object, paragraph by paragraph.")]
            elif kind == "bilateral":
                sub = [self._("Tell the penholder, and no one else, what you still need and whether your vote is at stake."),
                       self._("You broke silence: tell the penholder what you still need, and whether your vote is at stake."),
                       self._("Say what you still need, and whether your vote is at stake."),
                       self._("What you still need; a threat, or not.")]
            elif kind == "co_step":
                lead = g.narrator.the(g.session.penholder, cap=True)
                step = self._(STEP_LABELS.get(g.session.proposed_step or "", "")).lower()
                sub = [self._("{lead} proposes: {step}. Agree, or ask for a more cautious step (the more cautious wins).").format(lead=lead, step=step),
                       self._("{lead} proposes: {step}. Agree, or ask for a more cautious step.").format(lead=lead, step=step),
                       self._("Proposed: {step}. Agree or object.").format(step=step)]
            elif self.mode == "lobby" and self.offer is not None:
                sub = [self._("A package is offered: accept it, or decline it and lobby on."), self._("Accept the package, or decline it.")]
            elif self.mode == "lobby":
                sub = self._("A delegation that agrees will back the text, and will not break silence over it.")
            sub = sub if isinstance(sub, list) else [sub]
            gfx.text(surf, self.cache, gfx.first_fit(self.cache, sub, r.width - px(28), "small"), (x, y + px(18)), "small",
                     "muted")
        elif g.watching:
            gfx.text(surf, self.cache, self._("WATCHING \u00b7 THE ROOM"), (x, y), "tiny", "accent", bold=True)
            self._waiting_text(surf, r)
        else:
            gfx.text(surf, self.cache, self._("THE ROOM IS NEGOTIATING \u00b7 your turn comes when the procedure reaches you"),
                     (x, y), "tiny", "muted", bold=True)
            self._waiting_text(surf, r)
        for text, (lx, ly) in self.labels:
            gfx.text(surf, self.cache, text, (lx, ly), "small", "muted", anchor="midleft")
        if self.mode == "lobby":
            self.draw_lobby(surf, x)
        if g.my_turn and self.panel() == "before_vote" and getattr(self, "note_rect", None) is not None:
            lines = gfx.fitting(self.cache, self.before_vote_note(), self.note_rect, Style(role="small", colour="muted"))
            gfx.draw_lines(surf, self.cache, lines, self.note_rect.x, self.note_rect.y)
        if g.my_turn and self.panel() == "amend" and hasattr(self, "s_var") and self.s_var.value is not None:
            st = g.shown
            i = st.council.issue_index[self.s_issue.value]
            v = st.council.issues[i].variant_ids.index(self.s_var.value)
            up, down = self.effect(i, v, st.draft[i])
            lines = gfx.fitting(self.cache, self.effect_note(up, down), self.note_rect, Style(role="small", colour="muted"))
            gfx.draw_lines(surf, self.cache, lines, self.note_rect.x, self.note_rect.bottom - gfx.text_height(lines))
        cur = self.focus.current
        if g.my_turn and cur is not None and cur.name in STEP_HINTS:
            hint = [self._(STEP_HINTS[cur.name])]
            count = self.count()
            if cur.name == "put_in_blue" and count:  # what the penholder's count says of a vote now
                hint = [f"{hint[0]} {count[0][0].upper()}{count[0][1:]}.", f"{hint[0]} {count[1][0].upper()}{count[1][1:]}.",
                        hint[0]]
            # (two lines at most, on the panel's foot: the buttons end well above it)
            lines = gfx.fitting(self.cache, [gfx.esc(h) for h in hint], (x, 0, r.width - px(28), px(44)),
                                Style(role="small", colour="muted"))
            gfx.draw_lines(surf, self.cache, lines, x, r.bottom - px(10) - gfx.text_height(lines))

    def before_vote_note(self) -> list[str]:
        """What the moment before the vote is for, longest phrasing first."""
        g = self.game
        st = g.shown
        pen = gfx.esc(g.narrator.the(g.scenario.penholder, cap=True))
        count = self.count()
        said = f" [c=text]{gfx.esc(count[1][0].upper() + count[1][1:])}.[/c]" if count else ""
        others = [r for r in st.rivals if r.sponsor != g.seat]
        before = (self._(" Already in blue: {x}.").format(x=gfx.esc(self.tongue.names([g.narrator.name(r.sponsor) + chr(39) + 's draft' for r in others])))
                  if others else "")
        if self.my_rival() is not None:
            return [self._("Your draft is in blue. The drafts are voted in the order of their submission.{said}").format(said=said)]
        return [self._("{pen} has put draft rev{blue_revision} in blue.{said}{before} A draft of your own, tabled now, is voted after the penholder's text, and only if that fails (provisional rule 32). Or proceed to the vote.").format(pen=pen, blue_revision=st.blue_revision, said=said, before=before),
                self._("{pen} has put draft rev{blue_revision} in blue.{said} A draft of your own is voted after it, only if it fails (rule 32).").format(pen=pen, blue_revision=st.blue_revision, said=said),
                self._("Draft rev{blue_revision} is in blue.{said} A draft of yours is voted after it (rule 32).").format(blue_revision=st.blue_revision, said=said)]

    def effect_note(self, up: int, down: int) -> list[str]:
        """What asking for a text would do, longest phrasing first."""
        return [self._("Asking for this text: [c=yes]{up} would like it better[/c], [c=no]{down} less[/c] than the current draft. The penholder decides.").format(up=self.tongue.counted(up, 'delegation'), down=down),
                self._("[c=yes]{up} would like this text better[/c], [c=no]{down} less[/c]. The penholder decides.").format(up=self.tongue.counted(up, 'delegation'), down=down),
                self._("[c=yes]{up} better[/c], [c=no]{down} less[/c]. The penholder decides.").format(up=up, down=down)]

    def _waiting_text(self, surf, r) -> None:
        px, g, th = self.px, self.game, self.theme
        st = g.shown
        x, w = r.x + px(14), r.width - px(28)
        y = r.y + px(30)
        sp = g.spotlight
        text = self._("The penholder is preparing the zero draft.") if sp is None else feed_markup(g, sp, short=True).split("\n")[0]
        y = gfx.rich(surf, self.cache, text, (x, y, w, px(44)), Style(role="small")) + px(8)
        # stances
        counts = {"yes": 0, "abstain": 0, "no": 0}
        for m in st.council.ids:
            counts[g.stance(m)] += 1
        xx = x
        for key, word in (("yes", self._("support")), ("abstain", self._("reservations")), ("no", self._("oppose"))):
            gfx.icon(surf, gfx.STANCE_ICON[key], (xx + px(7), y + px(8)), px(13), th.c[STANCE_COLOUR[key]])
            rr = gfx.text(surf, self.cache, f"{counts[key]} {word}", (xx + px(18), y), "small", "text")
            xx = rr.right + px(18)
        gfx.text(surf, self.cache, self._("mandate expires in {x}").format(x=self.tongue.span(st.expiry_t - st.t)), (r.right - px(14), y), "small",
                 "muted", anchor="topright")
        y += px(26)
        pend = st.pending_amendments()
        if not pend:
            return
        by: dict[int, list] = {}
        for a in pend:
            by.setdefault(a.issue, []).append(a)
        gfx.text(surf, self.cache, self._("ON THE TABLE: {x} from {x2}").format(x=self.tongue.counted(len(pend), 'amendment'), x2=self.tongue.counted(len({a.proposer for a in pend}), 'delegation')), (x, y), "tiny", "muted", bold=True)
        y += px(18)
        bottom = r.bottom - px(50)
        for i in sorted(by, key=lambda i: st.council.issues[i].paragraph):
            if y + px(18) > bottom:
                break
            info = st.council.issues[i]
            group = sorted(by[i], key=lambda a: -len(a.cosponsors))
            bits = ", ".join(f"A{a.id} {g.narrator.name(a.proposer)} +{len(a.cosponsors)} {self.tongue.quote(info.labels[a.variant])}"
                             for a in group[:2]) + (self._(" and {x} more").format(x=len(group) - 2) if len(group) > 2 else "")
            gfx.text(surf, self.cache, self._("OP {n}").format(n=info.paragraph), (x, y), "small", bold=True)
            gfx.text(surf, self.cache, gfx.fit(self.cache, bits, w - px(60), "small"), (x + px(56), y), "small", "muted")
            y += px(20)


class SilenceScreen(Lobbying, RivalComposer, GameScreen):
    """5. The text is under silence: the deadline counts down, each break is a letter."""

    name = "silence"
    scene = "silence"

    def __init__(self, app):
        super().__init__(app)
        self.toggles: dict[str, bool] = {}
        self.variants: dict[str, str] = {}
        self.letter_text: str | None = None
        self.generated = ""
        self.letter_scroll = 0
        self.threat: str | None = None  # what the player's letter threatens, if anything
        self.silence_no = self._silence_number()
        self.mode = "main"  # or "rival": composing a rival draft (RivalComposer)
        self.sel: dict = {}
        self.labels: list[tuple[str, tuple[int, int]]] = []

    def _silence_number(self) -> int | None:
        sil = self.game.shown.silence
        return sil.number if sil is not None else None

    def _new_silence(self) -> None:
        """A later silence (this screen stays up when one follows another at once) opens
        clean: nothing ticked, no letter carried over from the last one."""
        no = self._silence_number()
        if no != self.silence_no:
            self.silence_no = no
            self.toggles.clear()
            self.variants.clear()
            self.letter_text = None
            self.generated = ""
            self.letter_scroll = 0
            self.threat = None
            self.mode = "main"
            self.last_answer = None
            self.offer = None

    def label(self, text: str, pos) -> None:
        self.labels.append((text, pos))

    def open_rival(self) -> None:
        self._sync_letter()  # (the letter being written is kept for after)
        super().open_rival()

    def open_lobby(self) -> None:
        self._sync_letter()  # (as for a rival draft: the letter is kept for after)
        super().open_lobby()

    def after_command(self, ev, ok_text: str | None) -> None:
        if ev is None:
            self.app.toast(self.game.message or self._("Not possible now"), 5)
        elif ok_text:
            self.app.toast(ok_text)
        self.rebuild()

    def update(self, dt: float) -> None:
        if self.built:
            self._new_silence()
        super().update(dt)

    def build_body(self) -> None:
        self._new_silence()
        px = self.px
        b = self.body
        lw = int(b.width * 0.42)
        self.clock_rect = pygame.Rect(b.x, b.y, lw, px(170))
        self.horse_rect = pygame.Rect(b.x, self.clock_rect.bottom + px(10), lw, b.bottom - self.clock_rect.bottom - px(10))
        rx = b.x + lw + px(12)
        self.right = pygame.Rect(rx, b.y, b.right - rx, b.height)
        g = self.game
        self.act_rect = None
        self.labels = []
        p = g.session.pending
        if not (p is not None and p.member == g.seat and p.kind == "silence"):
            self.mode = "main"  # (kept while its own command is shown: a lobbying answer, a rival tabled)
        if g.beat == "silence_over":
            self.act_rect = pygame.Rect(rx, b.bottom - px(150), self.right.width, px(150))
            r = self.act_rect.inflate(-px(28), -px(24))
            self.button((r.right - px(240), r.bottom - px(44), px(240), px(44)), self._("Continue  (Enter)"), self.game.continue_,
                        cls="@primary", name="continue")
        elif g.my_turn and g.turn_kind == "silence":
            # the objections (up to five rows), the threat, the letter, the buttons
            rows = len(self.objections()[:5]) + 1
            need = px(50) + rows * px(40) + px(22) + px(112) + px(48) + px(24)
            # (the letters above: at the player's turn, only the host's, if any, has come)
            h = min(max(px(330), int(b.height * 0.66), need), b.height - px(90))
            self.act_rect = pygame.Rect(rx, b.bottom - h, self.right.width, h)
            inner = self.act_rect.inflate(-px(28), -px(24))
            if self.mode == "rival":
                self.build_rival(pygame.Rect(inner.x, inner.y + px(20), inner.width, inner.height - px(20)))
            elif self.mode == "lobby":  # (the panel's rows from its top, the advice at its foot)
                self.build_lobby(pygame.Rect(inner.x, inner.y + px(20), inner.width, min(inner.height - px(20), px(330))))
            else:
                self.build_break(inner)
        else:
            self.act_rect = pygame.Rect(rx, b.bottom - px(64), self.right.width, px(64))
            r = self.act_rect.inflate(-px(20), -px(16))
            bw = (r.width - px(10)) // 2
            self.button((r.x, r.y, bw, r.height), self._("Skip ahead  (S)"), g.skip, cls="@quiet", name="skip")
            self.button((r.x + bw + px(10), r.y, bw, r.height), self._("Next letter  (N)"), g.next_now, cls="@quiet", name="next")
        self.letters_rect = pygame.Rect(rx, b.y, self.right.width, self.act_rect.y - b.y - px(10))

    def objections(self) -> list[dict]:
        g = self.game
        out = []
        st = g.shown
        for e in issue_brief(g.scenario, g.seat):
            i = st.council.issue_index[e["id"]]
            if st.council.issues[i].variant_ids[st.draft[i]] not in e["as_good"]:
                out.append(e)
        return out

    def build_break(self, r) -> None:
        g, px = self.game, self.px
        st = g.shown
        objs = self.objections()[:5]
        bh = px(34)
        y = r.y + px(50)
        tw = int(r.width * 0.46)
        # a rival draft of its own: tabled and in blue at once, as well as (or instead of) a letter
        mine = self.my_rival()
        rw = min(px(210), r.width // 3)
        self.rival_button = self.button((r.right - rw, r.y - px(4), rw, px(32)),
                                        self._("Rival draft {number} in blue").format(number=mine.number) if mine else self._("Table a rival draft\u2026"),
                                        self.open_rival, cls="@quiet", name="rival",
                                        enabled=mine is None and self.may_rival())
        # lobbying under silence: asking a delegation to keep silence on a text, or to back one
        lw = min(px(110), r.width // 6)
        self.lobby_button = self.button((r.right - rw - px(8) - lw, r.y - px(4), lw, px(32)), self._("Lobby\u2026"),
                                        self.open_lobby, cls="@quiet", name="lobby", enabled=g.may("seek_support"))
        self.sel_vars = {}
        self.toggle_buttons = {}
        if not objs:
            self.label_none = True
        for e in objs:
            i = st.council.issue_index[e["id"]]
            info = st.council.issues[i]
            cur = st.draft[i]
            on = self.toggles.get(e["id"], False)
            b = self.button((r.x, y, tw, bh), "      " + gfx.fit(self.cache, self._("OP {n}").format(n=info.paragraph) + f" {info.title}",
                                                              tw - px(72), "small"),
                            lambda k=e["id"]: self.toggle(k), cls="@toggle", name=f"obj:{e['id']}")
            if on:
                b.select()
            self.toggle_buttons[e["id"]] = b
            opts = [(vid, f"{self.tongue.quote(lab)}") for k, (vid, lab) in enumerate(zip(info.variant_ids, info.labels, strict=True))
                    if k != cur]
            best = e["best_id"]
            step = cur + (1 if info.variant_ids.index(best) > cur else -1)
            default = self.variants.get(e["id"], info.variant_ids[step])
            idx = [o[0] for o in opts].index(default) if default in [o[0] for o in opts] else 0
            self.sel_vars[e["id"]] = Selector(self, (r.x + tw + px(8), y, r.width - tw - px(8), bh), opts, idx,
                                              lambda v, k=e["id"]: self.set_variant(k, v), name=f"var:{e['id']}")
            y += bh + px(6)
        # a threat: what the letter says of the delegation's vote (it may be called)
        topts = [(None, self._(THREAT_CHOICE[None]))] + [(t, self._(THREAT_CHOICE[t])) for t in threats_for(g)]
        values = [o[0] for o in topts]
        self.s_threat = Selector(self, (r.x, y, tw, bh), topts, values.index(self.threat) if self.threat in values else 0,
                                 self.set_threat, name="threat", count=False)
        self.threat_note = pygame.Rect(r.x + tw + px(10), y - px(5), r.width - tw - px(10), bh + px(10))
        y += bh + px(6)
        y += px(22)
        bottom = r.bottom - px(48)
        self.letter_box = self.entry_box((r.x, y, r.width, max(px(60), bottom - y - px(6))), self.current_letter(),
                                         name="letter")
        half = (r.width - px(10)) // 2
        any_on = any(self.toggles.get(e["id"]) for e in objs)
        self.button((r.x, r.bottom - px(40), half, px(40)), self._("Keep silence"), self.keep, cls="@quiet" if any_on else "@primary",
                    name="keep")
        self.button((r.x + half + px(10), r.bottom - px(40), half, px(40)), self._("Break silence \u2014 send the letter"),
                    self.send, cls="@primary" if any_on else None, enabled=any_on, name="send")
        self.focus.focus("send" if any_on else "keep")

    def requests(self) -> dict[str, str]:
        return {k: self.sel_vars[k].value for k, on in self.toggles.items() if on and k in self.sel_vars}

    def current_letter(self) -> str:
        reqs = self.requests() if hasattr(self, "sel_vars") else {}
        gen = drafted_letter(self.game, reqs, self.threat) if reqs else ""
        if self.letter_text is None or self.letter_text == self.generated:
            self.letter_text = gen
        self.generated = gen
        return self.letter_text

    def _sync_letter(self) -> None:
        if hasattr(self, "letter_box") and self.letter_box.alive():
            self.letter_text = self.letter_box.get_text()

    def toggle(self, k: str) -> None:
        self._sync_letter()
        self.toggles[k] = not self.toggles.get(k, False)
        self.rebuild()
        self.focus.focus(f"obj:{k}")

    def set_variant(self, k: str, v: str) -> None:
        self._sync_letter()
        self.variants[k] = v
        if self.toggles.get(k):
            self.rebuild()
            self.focus.focus(f"var:{k}")

    def set_threat(self, v: str | None) -> None:
        """A threat chosen: the drafted letter says it (unless the player has edited it)."""
        self._sync_letter()
        self.threat = v
        self.rebuild()
        self.focus.focus("threat")

    def keep(self) -> None:
        self.game.do("end_turn")
        self.app.toast(self._("You keep silence"))
        self.rebuild()

    def send(self) -> None:
        self._sync_letter()
        reqs = self.requests()
        if not reqs:
            return
        text = (self.letter_text or "").strip()
        args = (reqs, text or None) + ((self.threat,) if self.threat else ())
        ev = self.game.do("break_silence", *args)
        if ev is None:
            self.app.toast(self.game.message or self._("Not possible now"), 5)
        else:
            self.app.toast(self._("Your letter is sent: silence is broken") +
                           (f" ({self._(THREAT_CHOICE[self.threat]).lower()})" if self.threat else ""))
        self.rebuild()

    def scene_key(self, ev) -> bool:
        if ev.key == pygame.K_RETURN and self.game.beat == "silence_over":
            self.game.continue_()
            return True
        return False

    def scroll(self, dy, pos) -> bool:
        self.letter_scroll = max(0, self.letter_scroll + dy)
        return True

    def letters(self) -> list[dict]:
        g = self.game
        sil = g.shown.silence
        if sil is None:
            return []
        start = next((k for k in range(len(g.feed) - 1, -1, -1) if g.feed[k]["kind"] == "place_under_silence"), 0)
        return [e for e in g.feed[start:] if e["kind"] in ("break_silence", "silence_holds", "inject", "host_letter",
                                                            "table_rival_draft")]

    def draw_body(self, surf) -> None:
        th, px, g = self.theme, self.px, self.game
        sil = g.shown.silence
        # the clock
        cr = self.clock_rect
        gfx.panel(surf, th, cr, "panel", "letter", 10, 2)
        panel_title(self, surf, cr, self._("UNDER SILENCE \u00b7 DRAFT REV{x}").format(x=sil.revision if sil else ''))
        if sil is not None:
            t = g.display_t
            left = max(0.0, sil.deadline - t)
            h, m = divmod(int(left), 60)
            over = g.beat == "silence_over" or left <= 0
            big = self._("DEADLINE PASSED") if over else f"{h:02d} h {m:02d} min"
            gfx.text(surf, self.cache, big, (cr.x + px(18), cr.y + px(34)), "big", "text" if not over else "focus")
            gfx.text(surf, self.cache, self._("to the deadline, {deadline}").format(deadline=g.narrator.clock(sil.deadline)) if not over else
                     self._("The deadline was {deadline}").format(deadline=g.narrator.clock(sil.deadline)), (cr.x + px(20), cr.y + px(88)), "small", "muted")
            frac = (t - sil.placed) / max(1, sil.deadline - sil.placed)
            bar = pygame.Rect(cr.x + px(20), cr.y + px(116), cr.width - px(40), px(12))
            gfx.bar(surf, th, bar, frac, "letter")
            n = len(sil.breaks)
            word = self._("no objection so far") if n == 0 else self._("broken by {n}").format(n=self.tongue.counted(n, 'delegation'))
            ic = "check" if n == 0 else "letter"
            gfx.icon(surf, ic, (cr.x + px(28), cr.y + px(146)), px(15), th.c["yes" if n == 0 else "letter"])
            gfx.text(surf, self.cache, word, (cr.x + px(42), cr.y + px(146)), "bodyb", "text", anchor="midleft")
        gfx.panel(surf, th, self.horse_rect, "panel", "line", 10)
        panel_title(self, surf, self.horse_rect, self._("THE COUNCIL"), self._("envelope = broke this silence"))
        self.draw_horseshoe(surf, self.horse_rect.inflate(-px(24), -px(50)).move(0, px(8)), centre=False)
        # the letters
        lr = self.letters_rect
        gfx.panel(surf, th, lr, "bg2", "line", 10)
        panel_title(self, surf, lr, self._("LETTERS TO THE PENHOLDER"), self._("newest first"))
        self.draw_letters(surf, lr.inflate(-px(24), -px(44)).move(0, px(12)))
        if self.act_rect is not None:
            mine = g.my_turn and g.turn_kind == "silence"
            gfx.panel(surf, th, self.act_rect, "panel", "accent" if mine or g.beat else "line", 10, 2 if mine or g.beat else 1)
            x, y = self.act_rect.x + px(14), self.act_rect.y + px(10)
            if g.beat == "silence_over":
                held = sil is not None and sil.held
                title = self._("SILENCE HOLDS") if held else self._("SILENCE BROKEN")
                col = "yes" if held else "letter"
                gfx.icon(surf, "check" if held else "letter", (x + px(12), y + px(26)), px(24), th.c[col])
                gfx.text(surf, self.cache, title, (x + px(34), y + px(12)), "h2", col)
                if held:
                    sub = self._("No objection by the deadline: the text is agreed. The penholder can put it in blue.")
                else:
                    who = sil.breakers if sil else []
                    lead = [m for m in who if not any(e["event"].data.get("with") for e in self.letters()
                                                      if e["kind"] == "break_silence" and e["actor"] == m)]
                    names = self.tongue.names([g.narrator.name(m) for m in who], cap=True) if len(who) <= 4 else (
                        self._("{who} delegations, led by {x}").format(who=len(who), x=self.tongue.names([g.narrator.name(m) for m in lead[:3]]))
                        + (self._(" and others") if len(lead) > 3 else ""))
                    sub = (self._("{names} objected in writing. The penholder must respond: revise, talk bilaterally, or put the text in blue anyway.").format(names=names))
                gfx.rich(surf, self.cache, gfx.esc(sub), (x, y + px(48), self.act_rect.width - px(300), px(80)),
                         Style(role="small", colour="muted"))
            elif mine and self.mode == "lobby":
                gfx.text(surf, self.cache, self._("YOUR MOVE \u00b7 lobby a delegation"), (x, y), "tiny", "accent", bold=True)
                gfx.text(surf, self.cache, gfx.first_fit(self.cache, [
                    self._("A delegation that agrees backs the text, and will not break silence over it."),
                    self._("One that agrees will not break silence over it.")], self.act_rect.width - px(28), "small"),
                    (x, y + px(18)), "small", "muted")
                for text, (lx, ly) in self.labels:
                    gfx.text(surf, self.cache, text, (lx, ly), "small", "muted", anchor="midleft")
                self.draw_lobby(surf, x)
            elif mine and self.mode == "rival":
                gfx.text(surf, self.cache, self._("YOUR MOVE \u00b7 a rival draft of your own"), (x, y), "tiny", "accent",
                         bold=True)
                sub = self.rival_count()
                gfx.text(surf, self.cache, gfx.first_fit(self.cache, sub, self.act_rect.width - px(28), "small"),
                         (x, y + px(18)), "small", "muted")
                for text, (lx, ly) in self.labels:
                    gfx.text(surf, self.cache, text, (lx, ly), "small", "muted", anchor="midleft")
            elif mine:
                rb = getattr(self, "lobby_button", None) or getattr(self, "rival_button", None)
                room = (rb.rect.x - px(10) if rb is not None and rb.alive() else self.act_rect.right - px(14)) - x
                gfx.text(surf, self.cache, gfx.fit(self.cache, self._("YOUR MOVE \u00b7 keep silence, or break it in writing"),
                                                   room, "tiny", bold=True), (x, y), "tiny", "accent", bold=True)
                sub = ([self._("Tick the paragraphs you object to and the text you ask for; your letter is drafted from your instructions."), self._("Tick what you object to and the text you ask for; the letter is drafted."),
                        self._("Tick what you object to; the letter is drafted.")] if self.objections() else
                       [self._("The text reads as your instructions want on every paragraph.")])
                gfx.text(surf, self.cache, gfx.first_fit(self.cache, sub, room, "small"),
                         (x, y + px(18)), "small", "muted")
                note = getattr(self, "threat_note", None)
                if note is not None and not self.overlay:
                    col = "muted" if self.threat is None else "text"
                    lines = gfx.fitting(self.cache, [gfx.esc(self._(t)) for t in THREAT_EXPLAIN[self.threat]], note,
                                        Style(role="small", colour=col), 0.1)
                    gfx.draw_lines(surf, self.cache, lines, note.x, note.centery - gfx.text_height(lines) // 2)

    def draw_letters(self, surf, r: pygame.Rect) -> None:
        th, px, g = self.theme, self.px, self.game
        items = list(reversed(self.letters()))
        clip = surf.get_clip()
        surf.set_clip(r)
        y = r.y - self.letter_scroll
        pen = g.narrator.name(g.scenario.penholder)
        if not items:
            mine = g.my_turn and g.turn_kind == "silence"
            text = (self._("No letter yet. You decide before the others' letters arrive. ") if mine else self._("No letter yet. ")) + \
                self._("If nobody objects in writing before the deadline, the text is agreed.")
            gfx.rich(surf, self.cache, text, (r.x, r.y + px(10), r.width, px(60)), Style(role="body", colour="muted"))
        for e in items:
            if e["kind"] == "silence_holds":
                gfx.icon(surf, "check", (r.x + px(12), y + px(14)), px(18), th.c["yes"])
                gfx.text(surf, self.cache, self._("Silence holds: no objection by the deadline."), (r.x + px(30), y + px(4)), "bodyb", "yes")
                y += px(36)
                continue
            if e["kind"] == "table_rival_draft":  # a rival draft, in blue at once (not a letter)
                h = gfx.rich(surf, self.cache, feed_markup(g, e), (r.x + px(30), y + px(2), r.width - px(30), px(200)),
                             Style(role="small")) - y
                gfx.icon(surf, "pen", (r.x + px(12), y + px(12)), px(16), th.c["accent"])
                y += h + px(10)
                continue
            if e["kind"] == "inject":
                h = gfx.rich(surf, self.cache, feed_markup(g, e), (r.x + px(30), y + px(2), r.width - px(30), px(200)),
                             Style(role="small")) - y
                gfx.icon(surf, "news", (r.x + px(12), y + px(12)), px(16), th.c["abstain"])
                y += h + px(10)
                continue
            if e["kind"] == "host_letter":  # the host writes to the Council, not to the penholder alone
                ev = e["event"]
                paras = ", ".join(self._("OP {n}").format(n=g.narrator.issues[i].paragraph) + f" ({g.narrator.issues[i].title})"
                                  for i in ev.data.get("issues", []) if i in g.narrator.issues)
                head = (self._("[c=ink_muted]From:[/c] [b]{actor}, the host country[/b]   [c=ink_muted]To: the members of the Council \u00b7 {t}[/c]").format(actor=gfx.esc(g.narrator.name(ev.actor)), t=g.narrator.clock(ev.t)))
                body = (self._("The Government cannot accept draft rev{x} as it stands").format(x=ev.data.get('revision', ''))
                        + (self._(", above all on {paras}").format(paras=paras) if paras else "") + ".")
                foot = self._("[b]Members that defer to the host country weigh its objection in full from now on.[/b]")
                h = self._card(surf, r, y, head, gfx.esc(body), foot, "abstain", 1)
                y += h + px(10)
                continue
            ev = e["event"]
            if ev.data.get("with"):
                gfx.icon(surf, "letter", (r.x + px(12), y + px(12)), px(15), th.c["letter"])
                gfx.text(surf, self.cache, self.tongue.ngettext(
                    "{who} co-signs {other}'s letter", "{who} co-sign {other}'s letter", g.narrator.n(ev.actor)).format(
                    who=g.narrator.who(ev.actor, cap=True), other=g.narrator.who(ev.data["with"])),
                         (r.x + px(30), y + px(3)), "small", "muted")
                y += px(30)
                continue
            body = gfx.esc(g.narrator.letter(ev))
            # (no-break spaces: "OP 26 \u2192" never splits across two lines)
            reqs = self._("; ").join(self._("OP {n}").format(n=next(i.paragraph for i in g.scenario.issues if i.id == q['issue'])).replace(" ", "\u00a0")
                                     + f"\u00a0\u2192 {g.narrator.label(q['issue'], q['variant'])}" for q in ev.data["requests"])
            head = (self._("[c=ink_muted]From:[/c] [b]Permanent Mission of {x}[/b]   [c=ink_muted]To: {pen}, penholder \u00b7 {t}[/c]").format(x=gfx.esc(self._of(g.narrator.name(ev.actor))), pen=gfx.esc(pen), t=g.narrator.clock(ev.t)))
            foot = "[b]" + self._("Requests:") + f"[/b] {gfx.esc(reqs)}"
            threat = ev.data.get("threat")
            if threat in THREAT_TAG:  # a threat: flagged, in the colour of a no, with a word on what it is
                foot += (self._("\n[c=ink_deleted][b]{x}[/b] if the text stays as it is \u2014 the room reads it, but it may be a bluff: the ballot is cast later[/c]").format(x=self._(THREAT_TAG[threat])))
            h = self._card(surf, r, y, head, body, foot, "letter", 2 if ev.actor == g.seat else 1)
            y += h + px(10)
        surf.set_clip(clip)

    def _of(self, name: str) -> str:
        """A mission's member after "Permanent Mission of": "the Niger" (the English words say
        "of"), "du Niger" (the French ones leave it to the name: "Mission permanente du Niger")."""
        return self.tongue.the(name) if self.tongue.lang == "en" else self.tongue.of(name)

    def _card(self, surf, r, y, head: str, body: str, foot: str, border: str, width: int) -> int:
        """A letter on paper: heading, a rule, the body, the foot; returns its height."""
        th, px = self.theme, self.px
        w = r.width - px(28)
        l1 = gfx.layout(self.cache, head, w, Style(role="tiny", colour="ink"))
        l2 = gfx.layout(self.cache, body, w, Style(role="small", colour="ink"), 0.2)
        l3 = gfx.layout(self.cache, foot, w, Style(role="tiny", colour="ink_inserted"))
        h = gfx.text_height(l1) + gfx.text_height(l2) + gfx.text_height(l3) + px(30)
        card = pygame.Rect(r.x, y, r.width - px(8), h)
        if card.bottom > r.y and card.y < r.bottom:
            gfx.panel(surf, th, card, "paper", border, 6, width)
            yy = gfx.draw_lines(surf, self.cache, l1, card.x + px(14), card.y + px(8)) + px(4)
            pygame.draw.line(surf, th.c["paper_line"], (card.x + px(14), yy), (card.right - px(14), yy))
            yy = gfx.draw_lines(surf, self.cache, l2, card.x + px(14), yy + px(6)) + px(4)
            gfx.draw_lines(surf, self.cache, l3, card.x + px(14), yy)
        return h

    def draw_over(self, surf) -> None:
        th, px = self.theme, self.px
        if self.game.my_turn and self.game.turn_kind == "silence" and not self.overlay:
            for k, b in getattr(self, "toggle_buttons", {}).items():
                if not b.alive():
                    continue
                box = pygame.Rect(b.rect.x + px(10), b.rect.centery - px(8), px(16), px(16))
                on = self.toggles.get(k, False)
                pygame.draw.rect(surf, th.c["text"], box, max(1, px(2)), border_radius=px(3))
                if on:
                    gfx.icon(surf, "check", box.center, px(14), th.c["focus"])
            if hasattr(self, "letter_box") and self.letter_box.alive():
                r = self.letter_box.rect
                gfx.text(surf, self.cache, self._("YOUR LETTER (edit freely)"), (r.x, r.y - px(16)), "tiny", "muted", bold=True)
        super().draw_over(surf)


def vote_result(st) -> str | None:
    """The result the vote screen stamps: the meeting's outcome; with rival drafts, the
    result of the vote just held (the meeting may go on to the next draft in blue)."""
    if st.votes and st.phase.value == "rollover_failed":  # (failed with days to go: the talks go on)
        return st.votes[-1].result.value
    if st.rivals and st.votes and (st.outcome is not None or st.phase.value == "next_draft"):
        v = st.votes[-1]
        if v.on == "rollover":
            return "rollover" if v.result.value == "adopted" else st.outcome.value if st.outcome else "not_adopted"
        return v.result.value
    return st.outcome.value if st.outcome is not None else None


class VoteScreen(GameScreen):
    """6. The vote: each ballot revealed in turn, the tally, a veto, the outcome."""

    name = "vote"
    scene = "vote"

    def build_body(self) -> None:
        px = self.px
        b = self.body
        lw = int(b.width * 0.56)
        self.horse_rect = pygame.Rect(b.x, b.y, lw, b.height - px(150))
        rx = b.x + lw + px(12)
        self.board = pygame.Rect(rx, b.y, b.right - rx, b.height - px(150))
        self.bottom = pygame.Rect(b.x, b.bottom - px(140), b.width, px(140))
        g = self.game
        r = self.bottom.inflate(-px(28), -px(28))
        if g.beat == "vote_over":
            self.button((r.right - px(320), r.bottom - px(48), px(320), px(48)), self._("Continue to the explanations  (Enter)"),
                        g.continue_, cls="@primary", name="continue")
        elif g.my_turn and g.turn_kind == "vote":
            bw = (r.width - px(20)) // 3 if r.width < px(1100) else px(300)
            x0 = r.right - 3 * bw - px(20)
            y = r.bottom - px(60)
            self.button((x0, y, bw, px(60)), self._("Y  \u2014  Vote yes"), lambda: self.vote("yes"), oid="#vote_yes", name="yes")
            self.button((x0 + bw + px(10), y, bw, px(60)), self._("A  \u2014  Abstain"), lambda: self.vote("abstain"),
                        oid="#vote_abstain", name="abstain")
            label = self._("N again to confirm: NO") if getattr(self, "armed", False) else self._("N  \u2014  Vote no")
            self.button((x0 + 2 * (bw + px(10)), y, bw, px(60)), label, lambda: self.vote("no"),
                        oid="#vote_no", name="no")
            self.focus.focus("no" if getattr(self, "armed", False) else "yes")
        else:
            self.button((r.right - px(220), r.bottom - px(40), px(220), px(40)), self._("Skip ahead  (S)"), g.skip, cls="@quiet",
                        name="skip")
        # the roll call, as one control: arrows pick a delegation, whose vote and reason show
        # in the middle of the horseshoe (the mouse does the same by hovering a seat or a name)
        n = len(g.shown.council.ids)
        self.rowh = px(22)
        self.roll_area = pygame.Rect(self.board.x + px(14), self.board.y + px(166), self.board.width - px(28),
                                     (n + 1) // 2 * self.rowh + px(10))
        if not hasattr(self, "picked"):
            self.picked = 0
        self.focus.add(FocusItem(lambda: self.roll_area, up=lambda: self.pick(-1), down=lambda: self.pick(1),
                                 left=lambda: self.pick(-((n + 1) // 2)), right=lambda: self.pick((n + 1) // 2),
                                 activate=lambda: self.pick(1), name="rollcall"))

    def pick(self, d: int) -> None:
        """Move the roll call's selection (keyboard)."""
        n = len(self.game.shown.council.ids)
        self.picked = (self.picked + d) % n

    def inspected(self) -> str | None:
        """The delegation whose vote is shown in detail: under the mouse (a seat or a name
        in the roll call), else the roll call's selection while it has the focus."""
        pos = getattr(self, "hover", None)
        if pos is not None and not self.overlay:
            for m, r in list(getattr(self, "seat_rects", {}).items()) + list(getattr(self, "roll_rects", {}).items()):
                if r.collidepoint(pos):
                    return m
        cur = self.focus.current
        if cur is not None and cur.name == "rollcall":
            return self.game.shown.council.ids[self.picked]
        return None

    def handle(self, ev) -> bool:
        if ev.type == pygame.MOUSEMOTION:  # (only a pointer moved on this screen inspects a seat)
            self.hover = ev.pos
        return super().handle(ev)

    def ballot_event(self, m: str):
        """The event of m's ballot in the vote now on (the last vote, after it)."""
        feed = self.game.feed
        for e in reversed(feed):
            if e["kind"] == "cast_vote" and e["actor"] == m:
                return e["event"]
            if e["kind"] == "call_vote":
                return None
        return None

    def vote(self, ballot: str) -> None:
        if ballot == "no" and not getattr(self, "armed", False):
            # a no (a veto, for a permanent member) takes a second press
            self.armed = True
            self.rebuild()
            return
        self.armed = False
        if self.game.do("cast_vote", ballot) is None:
            self.app.toast(self.game.message or self._("Not possible now"), 5)
        self.rebuild()

    def scene_key(self, ev) -> bool:
        g = self.game
        if g.my_turn and g.turn_kind == "vote" and ev.key in (pygame.K_y, pygame.K_a, pygame.K_n):
            self.vote({pygame.K_y: "yes", pygame.K_a: "abstain", pygame.K_n: "no"}[ev.key])
            return True
        if ev.key == pygame.K_RETURN and g.beat == "vote_over":
            g.continue_()
            return True
        return False

    def key(self, ev) -> bool:
        g = self.game
        if not self.overlay and g.my_turn and g.turn_kind == "vote" and ev.key in (pygame.K_n, pygame.K_a):
            return self.scene_key(ev)  # N and A vote here (not "next" / nothing)
        return super().key(ev)

    def draw_body(self, surf) -> None:
        th, px, g = self.theme, self.px, self.game
        st = g.shown
        sc = g.scenario
        gfx.panel(surf, th, self.horse_rect, "panel", "line", 10)
        rollover = st.vote_on == "rollover"
        title = self._("VOTE ON A TECHNICAL ROLLOVER") if rollover else self._("VOTE ON DRAFT REV{x} (IN BLUE)").format(x=st.blue_revision if st.blue_revision is not None else st.revision)
        sub = self._("presided by {x}").format(x=self.tongue.the(g.narrator.name(sc.president)))
        if st.rivals:  # several drafts in blue: which one, and those voted before it
            k = len(st.votes) + (1 if st.phase.value in ("voting", "rollover_vote") else 0)
            n = k + sum(1 for _ in st.queue)
            rival = st.voting_rival if st.voting is not None else None
            what = (self._("{x}'S DRAFT (RIVAL {number})").format(x=g.narrator.name(rival.sponsor).upper(), number=rival.number) if rival
                    else (self._("THE TECHNICAL ROLLOVER") if rollover else self._("THE PENHOLDER'S DRAFT")))
            title = self._("VOTE {k} OF {n}: {what}").format(k=k, n=n, what=what)
            sub = self._("in the order of submission (rule 32)")
        panel_title(self, surf, self.horse_rect, title, sub)
        rects = self.draw_horseshoe(surf, self.horse_rect.inflate(-px(24), -px(50)).move(0, px(8)), mode="vote",
                                    centre=False)
        self.seat_rects = rects
        active = self.inspected()
        # the tally board
        bd = self.board
        gfx.panel(surf, th, bd, "panel", "line", 10)
        panel_title(self, surf, bd, self._("THE TALLY"), self._("9 in favour and no veto to adopt"))
        ballots = {m: (b.value if hasattr(b, "value") else b) for m, b in st.ballots.items()}
        counts = {k: sum(1 for b in ballots.values() if b == k) for k in ("yes", "no", "abstain")}
        n = len(st.council.ids)
        colw = (bd.width - px(40)) // 3
        for k, key in enumerate(("yes", "no", "abstain")):
            x = bd.x + px(20) + k * colw
            col = STANCE_COLOUR[key]
            gfx.icon(surf, gfx.BALLOT_ICON[key], (x + px(14), bd.y + px(50)), px(20), th.c[col])
            gfx.text(surf, self.cache, {"yes": self._("IN FAVOUR"), "no": self._("AGAINST"), "abstain": self._("ABSTAINING")}[key],
                     (x + px(30), bd.y + px(42)), "tiny", col, bold=True)
            gfx.text(surf, self.cache, str(counts[key]), (x + px(4), bd.y + px(62)), "big", "text")
        # the bar toward nine
        bar = pygame.Rect(bd.x + px(20), bd.y + px(128), bd.width - px(40), px(16))
        gfx.bar(surf, th, bar, counts["yes"] / n, "yes")
        x9 = bar.x + int(bar.width * 9 / n)
        pygame.draw.line(surf, th.c["text"], (x9, bar.y - px(5)), (x9, bar.bottom + px(5)), px(2))
        gfx.text(surf, self.cache, "9", (x9, bar.bottom + px(6)), "tiny", "text", bold=True, anchor="midtop")
        # the roll call
        y = bd.y + px(172)
        order = list(st.council.ids)
        vetoers = [m for m in order if ballots.get(m) == "no" and sc.members[m].permanent and not rollover]
        rowh = px(22)
        half = (n + 1) // 2
        colw = (bd.width - px(40)) // 2
        self.roll_rects = {}
        for k, m in enumerate(order):
            x = bd.x + px(20) + (k // half) * colw
            yy = y + (k % half) * rowh
            row = self.roll_rects[m] = pygame.Rect(x - px(4), yy - px(2), colw - px(4), rowh)
            if m == active:
                pygame.draw.rect(surf, th.c["panel2"], row, border_radius=px(4))
                pygame.draw.rect(surf, th.c["focus"], row, 1, border_radius=px(4))
            b = ballots.get(m)
            if b:
                gfx.icon(surf, gfx.BALLOT_ICON[b], (x + px(7), yy + px(9)), px(13), th.c[STANCE_COLOUR[b]])
                gfx.text(surf, self.cache, self._("VETO") if m in vetoers else {"yes": self._("YES"), "no": self._("NO"), "abstain": self._("ABST")}[b],
                         (x + px(20), yy), "small", STANCE_COLOUR[b], bold=True)
            else:
                gfx.text(surf, self.cache, "\u2026", (x + px(20), yy), "small", "faint")
            name = gfx.fit(self.cache, g.narrator.name(m), colw - px(86), "small")
            gfx.text(surf, self.cache, name, (x + px(70), yy), "small", "text" if b else "faint", bold=m == g.seat)
        # the veto
        yb = y + half * rowh + px(14)
        if vetoers:
            vr = pygame.Rect(bd.x + px(16), yb, bd.width - px(32), px(56))
            pygame.draw.rect(surf, th.c["no"], vr, border_radius=px(8))
            gfx.hatch(surf, vr, (255, 255, 255), px(12), 1)
            pygame.draw.rect(surf, th.c["no"], vr.inflate(-px(10), -px(10)), border_radius=px(6))
            gfx.icon(surf, "cross", (vr.x + px(30), vr.centery), px(30), th.c["bg2"], px(4))
            gfx.text(surf, self.cache, self._("VETO"), (vr.x + px(56), vr.centery), "h1", "bg2", anchor="midleft")
            gfx.text(surf, self.cache, gfx.fit(self.cache, self._("{x} voted no as a permanent member").format(x=self.tongue.names([g.narrator.name(m) for m in vetoers], cap=True)),
                                               vr.width - px(170), "small"),
                     (vr.x + px(150), vr.centery), "small", "bg2", bold=True, anchor="midleft")
        self.draw_centre(surf, rects, ballots, vetoers, active)
        gfx.rich(surf, self.cache, self._("[b]The rule[/b] (UN Charter, Art. 27(3)): nine votes in favour and no permanent member against. A permanent member's abstention is not a veto."),
                 (bd.x + px(20), bd.bottom - px(60), bd.width - px(40), px(50)), Style(role="small", colour="muted"))
        self.draw_outcome(surf)

    def draw_centre(self, surf, rects, ballots, vetoers, active=None) -> None:
        """Inside the horseshoe: the last vote cast and why, then the result as a stamp; a
        delegation hovered (or picked in the roll call): its vote and why."""
        th, px, g = self.theme, self.px, self.game
        st = g.shown
        x0, x1, top = horseshoe_inside(rects, px, px(20), px(30), self.horse_rect.y)
        box = pygame.Rect(x0, top, x1 - x0, self.horse_rect.bottom - top - px(30))
        cx, cy = box.center
        if active is not None:
            self.draw_ballot(surf, box, active, ballots.get(active), active in vetoers)
            return
        o = vote_result(st)
        if o is not None:
            word, col = {"adopted": (self._("ADOPTED"), "yes"), "rollover": (self._("ROLLED OVER"), "yes"), "vetoed": (self._("VETOED"), "no"),
                         "not_adopted": (self._("NOT ADOPTED"), "no"), "lapsed": (self._("LAPSED"), "no")}[o]
            img = self.cache.word(word, Style(role="display", colour=col))
            frame = img.get_rect(center=(cx, cy - px(10))).inflate(px(40), px(16))
            pygame.draw.rect(surf, th.c[col], frame, px(5), border_radius=px(10))
            if o in ("vetoed", "not_adopted", "lapsed"):
                gfx.hatch(surf, frame.inflate(-px(12), -px(12)), th.c["panel2"], px(10), 1)
            surf.blit(img, img.get_rect(center=frame.center))
            r = gfx.text(surf, self.cache, str(st.tally or ""), (cx, frame.bottom + px(10)), "h2", "text", anchor="midtop")
            if st.rivals and len(st.votes) > 1:  # the earlier votes of the meeting, in order
                earlier = "; ".join(f"{k + 1}. {g.narrator.voted({'on': v.on, 'sponsor': v.sponsor, 'rival': v.rival})}: "
                                    f"{v.result.value.replace('_', ' ')} {v.tally}" for k, v in enumerate(st.votes[:-1]))
                below = gfx.rich(surf, self.cache, gfx.esc(earlier), (box.x, r.bottom + px(8), box.width, px(40)),
                                 Style(role="small", colour="text"), align="center")
                r = pygame.Rect(box.x, below, box.width, 0)
            gfx.rich(surf, self.cache, self._("Why each voted as it did: hover a seat or a name, or Tab to the roll call and use the arrows."), (box.x, r.bottom + px(14), box.width, px(60)),
                     Style(role="small", colour="muted"), align="center")
            return
        last = next((e for e in reversed(g.feed) if e["kind"] == "cast_vote"), None)
        if last is None:
            gfx.icon(surf, "gavel", (cx, cy - px(30)), px(44), th.c["muted"])
            gfx.text(surf, self.cache, self._("The President opens the vote"), (cx, cy + px(10)), "h2", "muted", anchor="midtop")
            return
        b = last["data"]["ballot"]
        col = STANCE_COLOUR[b]
        veto = last["actor"] in vetoers
        gfx.text(surf, self.cache, g.narrator.name(last["actor"]).upper(), (cx, cy - px(40)), "h1", "text",
                 anchor="midbottom")
        gfx.icon(surf, gfx.BALLOT_ICON[b], (cx - px(70), cy), px(34), th.c[col], px(5))
        gfx.text(surf, self.cache, self._("VETO") if veto else {"yes": self._("YES"), "no": self._("NO"), "abstain": self._("ABSTAINS")}[b],
                 (cx - px(40), cy), "big", col, anchor="midleft")
        self.draw_reason(surf, box, last["event"], col, cy + px(42))

    def draw_reason(self, surf, box, ev, col: str, y: int) -> None:
        """Why a ballot was cast, in plain words, centred under it."""
        g = self.game
        why = ballot_reason(g.narrator, ev, rollover=g.shown.vote_on == "rollover")
        if why is None:
            text = self._("[c=muted]Your vote.[/c]") if ev.actor == g.seat else ""
        else:
            tag, sentence = why
            text = f"[c={col}][b]{gfx.esc(tag.upper())}[/b][/c]\n[c=muted]{gfx.esc(sentence)}[/c]"
        if text:
            lines = gfx.fitting(self.cache, [text], (box.x, y, box.width, box.bottom - y), Style(role="body"), 0.15)
            gfx.draw_lines(surf, self.cache, lines, box.x, y, "center", box.width)

    def draw_ballot(self, surf, box, m: str, b: str | None, veto: bool) -> None:
        """One delegation's vote in detail (hovered or picked in the roll call)."""
        th, px, g = self.theme, self.px, self.game
        cx, cy = box.center
        gfx.text(surf, self.cache, gfx.fit(self.cache, g.narrator.name(m).upper(), box.width, "h1"),
                 (cx, cy - px(40)), "h1", "text", anchor="midbottom")
        if b is None:
            gfx.text(surf, self.cache, self._("has not voted yet"), (cx, cy), "h2", "muted", anchor="center")
            return
        col = STANCE_COLOUR[b]
        gfx.icon(surf, gfx.BALLOT_ICON[b], (cx - px(70), cy), px(34), th.c[col], px(5))
        gfx.text(surf, self.cache, self._("VETO") if veto else {"yes": self._("YES"), "no": self._("NO"), "abstain": self._("ABSTAINS")}[b],
                 (cx - px(40), cy), "big", col, anchor="midleft")
        ev = self.ballot_event(m)
        if ev is not None:
            self.draw_reason(surf, box, ev, col, cy + px(42))

    def draw_outcome(self, surf) -> None:
        th, px, g = self.theme, self.px, self.game
        st = g.shown
        r = self.bottom
        gfx.panel(surf, th, r, "panel", "accent" if g.my_turn or g.beat else "line", 10, 2 if g.my_turn or g.beat else 1)
        x, y = r.x + px(20), r.y + px(14)
        o = vote_result(st)
        if o is not None:
            word, col, ic = {
                "adopted": (self._("ADOPTED"), "yes", "check"), "rollover": (self._("ROLLOVER ADOPTED"), "yes", "check"),
                "vetoed": (self._("VETOED"), "no", "cross"), "not_adopted": (self._("NOT ADOPTED"), "no", "cross"),
                "lapsed": (self._("THE MANDATE LAPSES"), "no", "warning"),
            }[o]
            why = {
                "adopted": self._("Nine or more votes in favour and no permanent member against: the resolution is adopted (UN Charter, Art. 27(3))."),
                "rollover": self._("The technical rollover carries: the mandate continues unaltered for a short period."),
                "vetoed": self._("Enough votes in favour, but a permanent member voted no: under Art. 27(3) that is a veto, and the draft fails. (An abstention would not have been.)"),
                "not_adopted": self._("Fewer than nine votes in favour: the draft fails."),
                "lapsed": self._("No resolution and no rollover before the expiry: the mission's mandate lapses."),
            }[o]
            if st.phase.value == "next_draft":
                why = self._("Another draft is in blue: after the explanations of this vote, the Council votes on it.")
            elif st.phase.value == "rollover_failed":
                word = self._("ROLLOVER {word}").format(word=word)
                why = (self._("The technical rollover fails. With days to go before the expiry, after the explanations of vote and the host's statement, the talks go on."))
            gfx.icon(surf, ic, (x + px(16), y + px(18)), px(26), th.c[col], px(4))
            gfx.text(surf, self.cache, word, (x + px(40), y), "h1", col)
            line = next((e for e in reversed(g.feed) if e["kind"] in ("declare_result", "mandate_expires")), None)
            text = (gfx.esc(line["lines"][0]) + "\n" if line else "") + f"[c=muted]{gfx.esc(why)}[/c]"
            gfx.rich(surf, self.cache, text, (x, y + px(44), r.width - px(400), px(70)), Style(role="small"))
        elif g.my_turn and g.turn_kind == "vote":
            gfx.text(surf, self.cache, self._("YOUR VOTE"), (x, y), "tiny", "accent", bold=True)
            perm = g.scenario.members[g.seat].permanent and st.vote_on == "resolution"
            tip = (self._("As a permanent member, your NO is a veto: it defeats the text whatever the count. An abstention is not a veto.")) if perm else self._("Nine votes in favour and no veto adopt the text.")
            if getattr(self, "armed", False):
                tip = self._("Press N (or the button) again to confirm your NO") + (" \u2014 a veto." if perm else ".")
            crossed = [st.council.issues[i].title for i in st.council.crossed(st.council.index[g.seat], st.draft)]
            if crossed and st.vote_on == "resolution":
                tip += self._(" This text crosses your red line on {crossed}.").format(crossed=', '.join(crossed))
            gfx.rich(surf, self.cache, gfx.esc(tip), (x, y + px(22), r.width - px(980) if r.width > px(1300) else
                                                       max(px(240), r.width - 3 * px(300) - px(80)), px(90)),
                     Style(role="small", colour="muted"))
        else:
            nxt = next((m for m in st.council.ids if m not in st.ballots), None)
            txt = self._("The President calls on {x}\u2026").format(x=self.tongue.to(g.narrator.name(nxt))) if nxt else self._("The President announces the result\u2026")
            gfx.text(surf, self.cache, self._("THE VOTE"), (x, y), "tiny", "muted", bold=True)
            gfx.text(surf, self.cache, txt, (x, y + px(24)), "h2", "text")


class ExplanationsScreen(GameScreen):
    """7. Explanations of vote: the speeches, one after another, skippable."""

    name = "explanations"
    scene = "explanations"

    def __init__(self, app):
        super().__init__(app)
        self.index: int | None = None  # which speech is shown (None: the newest)
        self.speech_text: str | None = None

    def speeches(self) -> list[dict]:
        """This meeting's speeches (those after a failed rollover belong to an earlier one:
        the talks went on after them)."""
        feed = self.game.feed
        start = next((k for k in range(len(feed) - 1, -1, -1) if feed[k]["kind"] == "open_expert_round"), -1)
        return [e for e in feed[start + 1:] if e["kind"] == "explain_vote"]

    def build_body(self) -> None:
        px = self.px
        b = self.body
        lw = px(300)
        self.list_rect = pygame.Rect(b.x, b.y, lw, b.height)
        self.main = pygame.Rect(b.x + lw + px(12), b.y, b.width - lw - px(12), b.height - px(130))
        self.bottom = pygame.Rect(self.main.x, self.main.bottom + px(10), self.main.width, b.bottom - self.main.bottom - px(10))
        g = self.game
        r = self.bottom.inflate(-px(28), -px(24))
        if g.beat == "done":
            self.button((r.right - px(300), r.bottom - px(48), px(300), px(48)), self._("Continue to the debrief  (Enter)"),
                        g.continue_, cls="@primary", name="continue")
        elif g.my_turn and g.turn_kind == "explain":
            self.main.height -= px(150)
            self.bottom = pygame.Rect(self.main.x, self.main.bottom + px(10), self.main.width,
                                      b.bottom - self.main.bottom - px(10))
            r = self.bottom.inflate(-px(28), -px(24))
            if self.speech_text is None:
                self.speech_text = drafted_explanation(g)
            self.box = self.entry_box((r.x, r.y + px(22), r.width, r.height - px(76)), self.speech_text, name="speech")
            half = (r.width - px(10)) // 2
            self.button((r.x, r.bottom - px(44), half, px(44)), self._("Yield the floor"), self.yield_floor, cls="@quiet",
                        name="yield")
            self.button((r.x + half + px(10), r.bottom - px(44), half, px(44)), self._("Deliver the explanation"),
                        self.deliver, cls="@primary", name="deliver")
            self.focus.focus("deliver")
        else:
            bw = px(220)
            self.button((r.right - 2 * bw - px(10), r.bottom - px(44), bw, px(44)), self._("Next speaker  (Enter)"),
                        g.next_now, cls="@primary", name="next")
            self.button((r.right - bw, r.bottom - px(44), bw, px(44)), self._("Skip them all  (S)"), g.skip, cls="@quiet",
                        name="skip")
            self.focus.focus("next")

    def deliver(self) -> None:
        text = self.box.get_text().strip()
        if not text:
            self.app.toast(self._("Write something, or yield the floor"))
            return
        if self.game.do("explain_vote", text) is None:
            self.app.toast(self.game.message or self._("Not possible now"), 5)
        self.rebuild()

    def yield_floor(self) -> None:
        self.game.do("end_turn")
        self.rebuild()

    def scene_key(self, ev) -> bool:
        g = self.game
        if ev.key == pygame.K_RETURN and g.beat == "done":
            g.continue_()
            return True
        return False

    def draw_body(self, surf) -> None:
        th, px, g = self.theme, self.px, self.game
        sp = self.speeches()
        lr = self.list_rect
        gfx.panel(surf, th, lr, "panel", "line", 10)
        panel_title(self, surf, lr, self._("SPEAKERS"), self._("{n} so far").format(n=len(sp)))
        y = lr.y + px(36)
        for k, e in enumerate(sp):
            cur = k == len(sp) - 1
            d = e["data"]
            b = d.get("ballot") or "yes"
            gfx.icon(surf, gfx.BALLOT_ICON.get(b, "dot"), (lr.x + px(22), y + px(10)), px(13), th.c[STANCE_COLOUR.get(b, "muted")])
            name = g.narrator.name(e["actor"]) + (self._(" (for the {group})").format(group=d['group']) if d.get("group") else "")
            gfx.text(surf, self.cache, gfx.fit(self.cache, name, lr.width - px(60), "small"), (lr.x + px(38), y),
                     "small", "text" if cur else "muted", bold=cur)
            y += px(26)
        if not sp and g.beat == "done":
            gfx.rich(surf, self.cache, self._("No delegation asked for the floor."), (lr.x + px(16), y, lr.width - px(32), px(60)),
                     Style(role="small", colour="muted"))
        # the speech
        m = self.main
        gfx.panel(surf, th, m, "bg2", "line", 10)
        st = g.shown
        outcome = self._(st.outcome.value.replace("_", " ")) if st.outcome else ""
        after = self._("after the vote: {outcome} {x}").format(outcome=outcome, x=st.tally or '')
        if st.phase.value == "rollover_failed" and st.votes:  # (the talks go on after these)
            after = self._("after the vote on the technical rollover: {x} {tally}").format(x=self._(st.votes[-1].result.value.replace('_', ' ')), tally=st.tally)
        if st.rivals and st.votes:  # several drafts voted: the vote these speeches follow
            d = sp[-1]["data"] if sp and sp[-1]["data"].get("on") else None
            v = st.votes[-1] if d is None else next((x for x in reversed(st.votes) if x.on == d["on"]
                                                      and x.rival == d.get("rival")), st.votes[-1])
            what = g.narrator.voted_on({"on": v.on, "sponsor": v.sponsor})
            after = [self._("after the vote on {what}: {x} {tally}").format(what=what, x=self._(v.result.value.replace('_', ' ')), tally=v.tally),
                     self._("on {what}: {x} {tally}").format(what=what, x=self._(v.result.value.replace('_', ' ')),
                                                             tally=v.tally)]
            after = gfx.first_fit(self.cache, after, m.width - px(260), "tiny")
        panel_title(self, surf, m, self._("EXPLANATIONS OF VOTE"), after)
        if sp:
            e = sp[-1]
            d = e["data"]
            b = d.get("ballot")
            x, y = m.x + px(28), m.y + px(44)
            gfx.text(surf, self.cache, g.narrator.name(e["actor"]), (x, y), "h1")
            if d.get("group"):
                gfx.text(surf, self.cache, self._("on behalf of the {group}: {x}").format(group=d['group'], x=g.narrator.names_list([e['actor'], *d.get('on_behalf_of', [])])),
                         (x, y + px(40)), "small", "muted")
            if b:
                gfx.chip(surf, self.cache, {"yes": self._("VOTED YES"), "no": self._("VOTED NO"), "abstain": self._("ABSTAINED")}[b],
                         (m.right - px(28), y + px(8)), STANCE_COLOUR[b], "bg2", "small", anchor="topright")
            text = g.narrator.explanation(e["event"], g.shown)
            gfx.text(surf, self.cache, self.tongue.quote("")[0], (x - px(6), y + px(58)), "display", "line")  # (“ or «)
            gfx.rich(surf, self.cache, gfx.esc(text), (x + px(36), y + px(76), m.width - px(100), m.height - px(150)),
                     Style(role="h2", bold=False), line_gap=0.4)
            if g.timer > 0 and g.pace_total > 0 and g.feed and g.feed[-1] is e:
                bar = pygame.Rect(m.x + px(28), m.bottom - px(24), m.width - px(56), px(4))
                gfx.bar(surf, th, bar, 1.0 - g.timer / g.pace_total, "accent", "panel2", 2)
        else:
            gfx.rich(surf, self.cache, self._("After the vote, delegations may take the floor to explain their vote: mostly those who abstained, the penholder, groups speaking jointly and the host country."),
                     (m.x + px(28), m.y + px(50), m.width - px(56), px(120)), Style(role="body", colour="muted"))
        r = self.bottom
        mine = g.my_turn and g.turn_kind == "explain"
        gfx.panel(surf, th, r, "panel", "accent" if mine or g.beat else "line", 10, 2 if mine or g.beat else 1)
        x, y = r.x + px(14), r.y + px(10)
        if mine:
            gfx.text(surf, self.cache, self._("YOUR TURN \u00b7 explain your vote (edit the draft speech freely), or yield the floor"),
                     (x, y), "tiny", "accent", bold=True)
        elif g.beat is None:
            gfx.text(surf, self.cache, self._("THE FLOOR"), (x, y), "tiny", "muted", bold=True)
            gfx.rich(surf, self.cache, self._("Mostly abstainers, the penholder, groups speaking jointly and the host take the floor after a vote. Each speech moves on by itself at the room's pace."),
                     (x, y + px(22), r.width - px(520), px(60)), Style(role="small", colour="muted"))
        elif g.beat == "done":
            gfx.text(surf, self.cache, self._("THE MEETING IS ADJOURNED"), (x, y), "tiny", "accent", bold=True)
            gfx.rich(surf, self.cache, self._("The debrief compares the outcome with your instructions, with the record and with hundreds of simulated negotiations."), (x, y + px(22), r.width - px(360), px(60)),
                     Style(role="small", colour="muted"))
