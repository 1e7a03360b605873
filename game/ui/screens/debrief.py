"""8. Debrief: the outcome against your goals and your score; the timeline; what each
member wanted and got; who broke silence and why; what happened in reality (the
scenario's history); where your outcome sits among simulated negotiations."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pygame

from game.council import Council
from game.i18n import N_
from game.narrate import log_salt, transcript
from game.scoring import CONSENSUS_POINTS, aim, as_good_as_aim, closeness, issue_brief, score_state
from game.ui import gfx
from game.ui.gfx import STANCE_COLOUR
from game.ui.widgets import Doc, FocusItem, Screen, ScrollDoc

TABS = [("outcome", N_("Outcome & score")), ("timeline", N_("Timeline")), ("members", N_("Members")),
        ("silences", N_("Silences")), ("record", N_("The record")), ("sims", N_("Simulations"))]
OUTCOME_WORDS = {"adopted": (N_("ADOPTED"), "yes", "check"), "rollover": (N_("TECHNICAL ROLLOVER"), "abstain", "tilde"),
                 "vetoed": (N_("VETOED"), "no", "cross"), "not_adopted": (N_("NOT ADOPTED"), "no", "cross"),
                 "lapsed": (N_("MANDATE LAPSED"), "no", "warning")}


# the few words beside each bar of the scorecard (the full line is under "Why this score")
# (each takes the score and the screen's `Tongue`: its words and its figures, 0,53 and 40 %)
SHORT_NOTES = {
    "outcome": lambda s, t: t.gettext("{outcome}, worth {value}").format(outcome=t(s.outcome_word),
                                                                         value=t.number(s.value)),
    "red_lines": lambda s, t: t.gettext("none crossed") if not s.crossed else t.gettext("crossed on ") + ", ".join(s.crossed),
    "consensus": lambda s, t: t.gettext("nothing adopted") if not s.consensus else t.gettext("{share} of the points").format(
        share=t.percent(s.consensus / CONSENSUS_POINTS)),
    "relations": lambda s, t: t.gettext("unstrained") if s.cost <= 0 else t.gettext("strained {pct}%").format(
        pct=min(100, round(100 * s.cost))),  # (the catalogue joins the figure to its % sign)
}
BALLOT_WORDS = (N_("yes"), N_("no"), N_("abstain"))  # (a ballot's value, as the record tab says it)
SCORE_WORDS = (N_("adopted"), N_("technical rollover"), N_("mandate lapsed"), N_("vetoed"), N_("not adopted"),
               N_("unfinished"))  # (game.scoring.OUTCOME_WORDS, as the scorecard says them)
PART_WORDS = {"The outcome": N_("The outcome"), "Red lines": N_("Red lines"), "Consensus": N_("Consensus"),
              "Relations": N_("Relations")}  # (game.scoring.Score.PARTS, as the scorecard says them)


REPORT_RUNS = 100  # AI runs the report's 'where this outcome sits' compares (a second or two)

_VIA_NOTE = re.compile(r"\s*\(via [^()]*\.(?:md|py|ya?ml|txt)\b[^()]*\)")


def public_source(source: str) -> str:
    """A source as a student reads it: without the authors' pointer to a working file of
    the project ("(via BRIEF.md §3)")."""
    return _VIA_NOTE.sub("", source).strip()


class DebriefScreen(Screen):
    name = "debrief"

    def __init__(self, app):
        super().__init__(app)
        self.game = app.game
        self.sc = self.game.scenario
        self.seat = self.game.seat
        self.tab = "outcome"
        self.base = Council(self.sc)
        self.state = self.game.session.state
        self.score = score_state(self.state, self.seat, self.base, self.game.tongue) if self.seat else None
        self._sim_seen = None
        if self.game.odds is not None:
            self.game.odds.request_simulation(self.game.header, self.seat)
        self.t = 0.0

    def build(self) -> None:
        W, H = self.app.size
        px = self.px
        x = px(24)
        y = px(104)
        tw = min(px(190), (W - px(48) - px(8) * (len(TABS) - 1)) // len(TABS))
        self.tab_buttons = {}
        for k, (tid, label) in enumerate(TABS):
            b = self.button((x + k * (tw + px(8)), y, tw, px(38)), f"{k + 1}  {self._(label)}", lambda t=tid: self.set_tab(t),
                            cls="@tab", name=f"tab:{tid}")
            if tid == self.tab:
                b.select()
            self.tab_buttons[tid] = b
        self.doc_rect = pygame.Rect(px(24), y + px(50), W - px(48), H - y - px(50) - px(70))
        self.view = ScrollDoc(self, self.doc_rect.inflate(-px(8), -px(16)))
        self.render_tab(keep=False)
        bw = px(260)
        self.button((W - px(24) - bw, H - px(58), bw, px(44)), self._("Back to the title screen"), self.app.go_title,
                    cls="@primary", name="title")
        self.button((W - px(24) - 2 * bw - px(10), H - px(58), bw, px(44)), self._("Export the transcript"), self.export,
                    cls="@quiet", name="export")
        if getattr(self.game, "remote", False):  # (a class: the shared log's report, as 'penholder debrief' writes it)
            self.button((W - px(24) - bw, px(18), bw, px(40)), self._("Write the HTML report"),  # (top right: the
                        self.report, cls="@quiet", name="report")  # bottom row holds the keys' line)
        self.focus.add(FocusItem(lambda: self.doc_rect, up=lambda: self.view.scroll(-px(60)),
                                 down=lambda: self.view.scroll(px(60)), name="doc"))
        self.focus.focus(f"tab:{self.tab}")

    def set_tab(self, tab: str) -> None:
        self.tab = tab
        for tid, b in self.tab_buttons.items():
            b.select() if tid == tab else b.unselect()
        self.render_tab(keep=False)

    def render_tab(self, keep=True) -> None:
        w = self.view.rect.width - self.px(16)
        doc = getattr(self, f"tab_{self.tab}")(w)
        self.view.set(doc.render(), keep=keep)

    def export(self) -> None:
        path = self.game.save_path.with_name(self.game.save_path.stem + "-transcript.txt")
        lines = [self.sc.title, ""] + transcript(self.game.session.scenario, self.game.session.log, salt=log_salt(self.game.session.seed_sequence), lang=self.game.tongue.lang)
        try:
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            self.app.toast(self._("Transcript written: {name}").format(name=path.name))
        except OSError as exc:
            self.app.toast(self._("Cannot write the transcript: {exc}").format(exc=exc), 6)

    def report(self) -> Path | None:
        """Write the HTML debrief of the log this window holds (a class's shared log, as
        received) beside it; returns its path."""
        from game.debrief.report import ReportError, write_debrief
        from game.events import LogError, WriteError
        from game.replay import ReplayError

        save = getattr(self.game, "save_log", None)
        log = save() if save is not None else self.game.save_path
        if log is None:
            self.app.toast(self.game.message or self._("Cannot write the report"), 6)
            return None
        out = Path(log).with_suffix(".html")
        try:
            write_debrief(log, out, runs=REPORT_RUNS)
        except (LogError, ReplayError, ReportError, WriteError, OSError) as exc:
            self.app.toast(self._("Cannot write the report: {exc}").format(exc=str(exc).splitlines()[0]), 6)
            return None
        self.app.toast(self._("Report written: {name}").format(name=out.name), 5)
        return out

    def key(self, ev) -> bool:
        if pygame.K_1 <= ev.key <= pygame.K_6:
            self.set_tab(TABS[ev.key - pygame.K_1][0])
            self.focus.focus(f"tab:{self.tab}")
            return True
        return super().key(ev)

    def escape(self) -> None:
        self.app.go_title()

    def scroll(self, dy, pos) -> bool:
        self.view.scroll(dy)
        return True

    def update(self, dt: float) -> None:
        self.t += dt
        odds = self.game.odds
        sim = odds.simulation if odds is not None else None
        if sim is not self._sim_seen:
            self._sim_seen = sim
            if self.tab in ("sims", "outcome"):
                self.render_tab()

    # --- tabs ----------------------------------------------------------------------------------------
    def tab_outcome(self, w: int) -> Doc:
        st, sc = self.state, self.sc
        th = self.theme
        d = Doc(self, w)
        o = st.outcome.value if st.outcome else "unfinished"
        word, col, ic = OUTCOME_WORDS.get(o, (o.upper(), "muted", "dot"))
        word = self._(word)

        def banner(s, y):
            gfx.icon(s, ic, (th.px(26), y + th.px(26)), th.px(38), th.c[col], th.px(5))
            gfx.text(s, self.cache, word, (th.px(60), y), "big", col)
            tally = st.tally
            if st.rivals and st.votes:  # the vote that decided (game.stats.deciding_vote)
                from game.stats import deciding_vote

                tally = deciding_vote(st).tally
            extra = f"{tally}" if tally else ""
            if o == "adopted":
                extra += "  \u00b7  " + self._("resolution {number}").format(number=sc.resolution)
            gfx.text(s, self.cache, extra, (th.px(62), y + th.px(52)), "h3", "muted")

        d.custom(th.px(86), banner)
        if st.rivals and st.votes:  # several drafts in blue: each vote, in order
            d.h2(self._("The drafts in blue, voted in the order of their submission (rule 32)"))
            d.bullets([f"[b]{k + 1}. {gfx.esc(_cap(self.game.narrator.voted({'on': v.on, 'sponsor': v.sponsor, 'rival': v.rival})))}[/b]"
                       + (f" ({gfx.esc(self.game.narrator.name(v.sponsor))})" if v.on == "text" else "")
                       + f": {v.result.value.replace('_', ' ')} {v.tally}"
                       + (self._("; your vote: {x}").format(x=v.ballots[self.seat].value if hasattr(v.ballots[self.seat], 'value') else v.ballots[self.seat])
                          if self.seat in v.ballots else "")
                       for k, v in enumerate(st.votes)])
            if len(st.votes) < len(st.rivals) + 1 and st.outcome is not None and st.outcome.value == "adopted":
                d.text(self._("[c=muted]Once a draft is adopted, the drafts after it are not put to the vote.[/c]"))
        elif len(st.votes) > 1:  # a rollover failed with days to go: the talks went on
            d.bullets([f"[b]{k + 1}. {gfx.esc(_cap(self.game.narrator.voted({'on': v.on})))}[/b]"
                       f": {v.result.value.replace('_', ' ')} {v.tally}"
                       + (self._("; the talks went on") if k < len(st.votes) - 1 else "")
                       for k, v in enumerate(st.votes)])
        if self.seat:
            s = self.score
            sim = self.game.odds.simulation if self.game.odds is not None else None
            pct = percentile(sim, s.total) if sim and sim.get("scores") else None

            def scorecard(surf, y, s=s, pct=pct):
                gfx.text(surf, self.cache, self._("YOUR SCORE"), (0, y), "tiny", "muted", bold=True)
                big = gfx.text(surf, self.cache, f"{s.total}", (0, y + th.px(14)), "display", "text")
                gfx.text(surf, self.cache, "/ 100", (big.right + th.px(8), y + th.px(52)), "h2", "muted")
                if pct is not None:
                    gfx.text(surf, self.cache, self._("better than {pct}% of agents in your seat").format(pct=pct), (0, y + th.px(96)),
                             "small", "accent", bold=True)
                x0 = th.px(300)
                bw = w - x0 - th.px(360)
                for k, (key, label, got, of, _why) in enumerate(s.parts()):
                    yy = y + th.px(4) + k * th.px(28)
                    colr = "accent" if got >= 0.6 * of else "abstain" if got > 0 else "no"
                    gfx.text(surf, self.cache, self._(label), (x0, yy), "bodyb")
                    gfx.bar(surf, th, (x0 + th.px(120), yy + th.px(4), bw - th.px(120), th.px(12)), got / of, colr)
                    gfx.text(surf, self.cache, f"{self.tongue.number(got, '0.0')} / {of}", (x0 + bw + th.px(12), yy), "bodyb")
                    gfx.text(surf, self.cache, SHORT_NOTES[key](s, self.tongue), (x0 + bw + th.px(100), yy + th.px(1)),
                             "small", "muted")

            d.custom(th.px(124), scorecard)
            d.h2(self._("Why this score"))
            d.bullets([f"[b]{self._(label)} ({self.tongue.number(got, '0.0')} / {of}){self.tongue.colon}[/b] {gfx.esc(why)}"
                       for _k, label, got, of, why in s.parts()])
            d.h2(self._("Your instructions and the final text"))
            self._para_table(d, mine=True)
        else:
            d.h2(self._("The final text against the zero draft"))
            self._para_table(d, mine=False)
        return d

    def _para_table(self, d: Doc, mine: bool) -> None:
        st, sc = self.state, self.sc
        zero = st.drafts[0] if st.drafts else st.draft
        d.columns([(self._("[c=muted]Paragraph[/c]"), 0.26), (self._("[c=muted]Zero draft[/c]") if not mine else self._("[c=muted]You aimed for[/c]"), 0.25),
                   (self._("[c=muted]Final text[/c]"), 0.3), (self._("[c=muted]For you[/c]") if mine else self._("[c=muted]Changed?[/c]"), 0.19)],
                  role="small", after=2)
        d.rule()
        if mine:
            m = self.base.index[self.seat]
            brief = {e["id"]: e for e in issue_brief(sc, self.seat, self.base)}
        for i, info in sorted(enumerate(self.base.issues), key=lambda x: x[1].paragraph):  # (in the reader's words)
            v = st.draft[i]
            final = info.labels[v]
            if mine:
                e = brief[info.id]
                clos = closeness(self.base, m, i, v)
                if self.base.red[m][i][v]:
                    verdict = self._("[c=no][b]RED LINE crossed[/b][/c]")
                elif v == aim(self.base, m, i):
                    verdict = self._("[c=yes][b]your aim[/b][/c]")
                elif clos >= 0.6:
                    verdict = self._("[c=abstain]acceptable ({x}%)[/c]").format(x=round(clos * 100))
                else:
                    verdict = self._("[c=no]far from you ({x}%)[/c]").format(x=round(clos * 100))
                left = f"{self.tongue.quote(gfx.esc(e['best']))} [c=muted](" + self._(e["importance"]) + ")[/c]"
            else:
                left = f"{self.tongue.quote(gfx.esc(info.labels[zero[i]]))}"
                verdict = self._("[c=abstain]changed[/c]") if zero[i] != v else self._("[c=muted]as drafted[/c]")
            d.columns([("[b]" + self._("OP {n}").format(n=info.paragraph) + f"[/b] {gfx.esc(info.title)}", 0.26), (left, 0.25),
                       (f"{self.tongue.quote(gfx.esc(final))}", 0.3), (verdict, 0.19)], role="small", after=6)

    def tab_timeline(self, w: int) -> Doc:
        th, g = self.theme, self.game
        st, n = self.state, g.narrator
        log = g.session.log
        d = Doc(self, w)
        end_t = max(st.t, 1)
        days = end_t // 1440 + 1
        z = self.sc.calendar.zero_draft

        def chart(s, y):
            x0, x1 = th.px(110), w - th.px(20)
            cw = (x1 - x0) / days
            rows = [self._("Drafts"), self._("Silences"), self._("Blue & vote"), self._("News")]
            for k, label in enumerate(rows):
                gfx.text(s, self.cache, label, (0, y + th.px(30) + k * th.px(34)), "small", "muted")
            import datetime as dt

            for dd in range(days):
                day = z + dt.timedelta(days=dd)
                x = int(x0 + dd * cw)
                fill = th.c["panel"] if day.weekday() < 5 else th.c["bg2"]
                pygame.draw.rect(s, fill, (x + 1, y + th.px(22), int(cw) - 2, th.px(34) * 4 + th.px(4)))
                gfx.text(s, self.cache, day.strftime("%d") if cw < th.px(50) else self.tongue.date(day, "dd"),
                         (x + int(cw) // 2, y), "tiny", "muted", anchor="midtop")

            def xt(t):
                return x0 + t / 1440 * cw

            ry = [y + th.px(38) + k * th.px(34) for k in range(4)]
            for ev in log:
                x = int(xt(ev.t))
                if ev.kind in ("circulate_zero_draft", "circulate_revision"):
                    gfx.icon(s, "pen", (x, ry[0]), th.px(14), th.c["accent"])
                    gfx.text(s, self.cache, "zero" if ev.kind == "circulate_zero_draft" else f"rev{ev.data['revision']}",
                             (x + th.px(8), ry[0] + th.px(2)), "tiny", "text")
                elif ev.kind == "inject":
                    gfx.icon(s, "news", (x, ry[3]), th.px(14), th.c["abstain"])
                elif ev.kind == "put_in_blue":
                    gfx.icon(s, "star", (x, ry[2]), th.px(16), th.c["blue"])
                elif ev.kind == "declare_result":
                    gfx.icon(s, "gavel", (x, ry[2]), th.px(16), th.c["text"])
            for sil in st.silences:
                a, b = int(xt(sil.placed)), int(xt(sil.deadline))
                band = pygame.Rect(a, ry[1] - th.px(8), max(3, b - a), th.px(16))
                pygame.draw.rect(s, th.c["letter"] if not sil.held else th.c["yes"], band, border_radius=th.px(3))
                label = self._("held") if sil.held else self._("broken: {breakers}").format(breakers=', '.join(sil.breakers))
                gfx.text(s, self.cache, label, (a, ry[1] + th.px(10)), "tiny", "muted")

        d.custom(th.px(34) * 4 + th.px(44), chart)
        d.h2(self._("Key moments"))
        keys = ("circulate_zero_draft", "open_expert_round", "circulate_revision", "place_under_silence", "silence_holds",
                "hold_bilaterals", "bilateral_talk", "put_in_blue", "call_vote", "seek_rollover", "declare_result", "inject",
                "mandate_expires")
        from game.state import State, apply

        replay = State(self.sc)
        for ev in log:
            apply(replay, ev)
            if ev.kind == "break_silence" and not ev.data.get("with"):
                d.columns([(f"[c=muted]{n.clock(ev.t)}[/c]", 0.18),
                           (self.tongue.ngettext("{x} breaks silence on ", "{x} breaks silence on ", self.tongue.many(n.name(ev.actor))).format(x=gfx.esc(self.tongue.the(n.name(ev.actor), cap=True))) + ", ".join(
                               self._("OP {n}").format(n=next(i.paragraph for i in self.sc.issues if i.id == r['issue']))
                               for r in ev.data["requests"]), 0.82)], role="small", after=3)
            if ev.kind not in keys:
                continue
            lines = n.lines(ev, replay)
            text = gfx.esc(lines[0]) if lines else ev.kind
            if ev.kind == "circulate_revision" and len(lines) > 1:
                text += " [c=muted]\u2014 " + "; ".join(gfx.esc(ln.strip()) for ln in lines[1:]) + "[/c]"
            d.columns([(f"[c=muted]{n.clock(ev.t)}[/c]", 0.18), (text, 0.82)], role="small", after=3)
        self.notes(d)
        return d

    def notes(self, d: Doc) -> None:
        """The notes between delegations (a class's log, game/classroom), as this copy of the
        log holds them: a student's copy has other pairs' notes without their text."""
        n, t = self.game.narrator, self.tongue
        notes = [ev for ev in self.game.session.log if ev.kind == "note"]
        if not notes:
            return
        d.h2(self._("Notes between delegations"))
        hidden = 0
        for ev in notes:
            if "text" not in ev.data or "to" not in ev.data:
                hidden += 1
                continue
            how = self._("chat") if ev.data.get("channel") == "chat" else self._("note")
            who = self._("{writer} to {reader} ({channel})").format(
                writer=gfx.esc(t.the(n.name(ev.actor), cap=True)), reader=gfx.esc(t.the(n.name(ev.data["to"]))), channel=how)
            d.columns([(f"[c=muted]{n.clock(ev.t)}[/c]", 0.18),
                       (f"[b]{who}[/b]{t.colon} {gfx.esc(t.quote(str(ev.data['text'])))}", 0.82)], role="small", after=3)
        if hidden:
            d.p("[c=muted]" + t.ngettext(
                "{n} note between other delegations is in this copy of the log without its text (the facilitator's "
                "copy has it).",
                "{n} notes between other delegations are in this copy of the log without their text (the "
                "facilitator's copy has them).", hidden).format(n=hidden) + "[/c]", role="small")

    def tab_members(self, w: int) -> Doc:
        st, n, c = self.state, self.game.narrator, self.base
        th = self.theme
        d = Doc(self, w)
        d.p(self._("[c=muted]What each delegation wanted (its two most important paragraphs) and what it got; its satisfaction with the text (0-100) from the zero draft to the final text; its vote, its silence-breaks and whether it explained its vote. Sorted from the biggest winner to the biggest loser.[/c]"), role="small")
        cols = [(self._("[c=muted]Member[/c]"), 0.24), (self._("[c=muted]Satisfaction, zero draft to final[/c]"), 0.34),
                (self._("[c=muted]Vote[/c]"), 0.14), (self._("[c=muted]Broke silence[/c]"), 0.16),
                (self._("[c=muted]Explained[/c]"), 0.12)]
        d.columns(cols, role="small", after=2)
        d.rule()
        zero = st.drafts[0] if st.drafts else st.draft
        eovs = {a for a, _ in st.explanations}
        order = sorted(c.ids, key=lambda m: c.satisfaction(c.index[m], zero) - c.satisfaction(c.index[m], st.draft))
        for m in order:
            j = c.index[m]
            s0, s1 = c.satisfaction(j, zero), c.satisfaction(j, st.draft)
            b = st.ballots.get(m)
            bv = b.value if b is not None else None
            broke = sum(1 for s in st.silences if m in s.breakers)
            name = f"[b]{gfx.esc(n.name(m))}[/b]" + (" [c=accent]" + self._("(you)") + "[/c]" if m == self.seat else "")

            def satbar(s, y, s0=s0, s1=s1):
                x0 = int(w * 0.24)
                bw = int(w * 0.34) - th.px(90)
                r = pygame.Rect(x0, y + th.px(5), bw, th.px(10))
                pygame.draw.rect(s, th.c["panel2"], r, border_radius=th.px(3))

                def xx(v):
                    return r.x + int((max(0.4, min(1.0, v)) - 0.4) / 0.6 * r.width)

                col = "yes" if s1 > s0 + 1e-9 else ("no" if s1 < s0 - 1e-9 else "muted")
                pygame.draw.line(s, th.c[col], (xx(s0), r.centery), (xx(s1), r.centery), th.px(4))
                pygame.draw.circle(s, th.c["muted"], (xx(s0), r.centery), th.px(4), 1)
                pygame.draw.circle(s, th.c[col], (xx(s1), r.centery), th.px(5))
                gfx.text(s, self.cache, self._("{a} to {b}").format(a=round(s0 * 100), b=round(s1 * 100)), (r.right + th.px(10), y), "small", col,
                         bold=True)

            vote = (f"[c={STANCE_COLOUR[bv]}][b]{self._(bv.upper())}[/b][/c]" if bv else "[c=muted]\u2014[/c]")
            d.columns([(name, 0.24), ("", 0.34), (vote, 0.14),
                       (self.tongue.plural(broke, self._("{n} time"), self._("{n} times")) if broke
                        else "[c=muted]" + self._("no") + "[/c]", 0.16),
                       (self._("yes") if m in eovs else "[c=muted]" + self._("no") + "[/c]", 0.12)], role="small", after=0)
            h, draw = d.blocks[-1]
            d.blocks[-1] = (max(h, th.px(22)), _both(draw, satbar))
            top = sorted(range(len(c.issues)), key=lambda i: -c.salience_list[j][i])[:2]
            bits = []
            for i in top:
                info = c.issues[i]
                best, got = aim(c, j, i), st.draft[i]
                if as_good_as_aim(c, j, i, got):
                    bits.append(self._("[c=yes]got its aim[/c] on OP {paragraph} ({title})").format(
                        paragraph=info.paragraph, title=gfx.esc(info.title)))
                else:
                    bits.append(self._("OP {n}: wanted \u201c{best}\u201d, got \u201c{got}\u201d").format(
                        n=info.paragraph, best=gfx.esc(info.labels[best]), got=gfx.esc(info.labels[got])))
            d.p("[c=muted]" + "; ".join(bits) + "[/c]", role="tiny", indent=th.px(16), after=8)
        return d

    def tab_silences(self, w: int) -> Doc:
        g = self.game
        n = g.narrator
        st = self.state
        d = Doc(self, w)
        if not st.silences:
            d.p(self._("The text never went under silence."), colour="muted")
            return d
        for k, sil in enumerate(st.silences, start=1):
            verdict = "[c=yes]" + self._("held") + "[/c]" if sil.held else self._("[c=letter]broken by {x}[/c]").format(x=gfx.esc(self.tongue.names([n.name(m) for m in sil.breakers])))
            d.h2(self._("Silence {k}: draft rev{revision}, {placed} to {deadline} \u2014 {verdict}").format(k=k, revision=sil.revision, placed=n.clock(sil.placed), deadline=n.clock(sil.deadline), verdict=verdict),
                 colour="text")
            for ev in g.session.log:
                if ev.kind != "break_silence" or ev.data.get("silence") != k:
                    continue
                if ev.data.get("with"):
                    d.p(self._("{x} co-signed {y}'s letter.").format(
                        x="[b]" + gfx.esc(self.tongue.the(n.name(ev.actor), cap=True)) + "[/b]",
                        y=self.tongue.named(n.name(ev.data["with"])).mapped(gfx.esc)),
                        role="small", indent=self.px(16))
                    continue
                d.p(f"[b]{gfx.esc(n.name(ev.actor))}[/b] [c=muted]{n.clock(ev.t)}[/c]", after=2)
                d.p(f"[i]{self.tongue.quote(gfx.esc(n.letter(ev)))}[/i]", role="small", indent=self.px(16), after=4)
                why = []
                for r in ev.data.get("reasons") or []:
                    if not isinstance(r, dict) or "issue" not in r:
                        continue
                    tag = self._(" \u2014 a red line") if r.get("red_line") else ""
                    why.append(self._("OP {x}: it wanted {x2} (its position {x3}, the text {x4}, importance {x5}){tag}").format(x=next(i.paragraph for i in self.sc.issues if i.id == r['issue']), x2=self._("more") if r.get('want') == 'more' else self._("less"), x3=r.get('own_position'), x4=r.get('text_position'), x5=r.get('salience'), tag=tag))
                if why:
                    d.p(self._("[c=muted]Why, in the model's terms: ") + gfx.esc(self._("; ").join(why)) + "[/c]", role="tiny",
                        indent=self.px(16), after=8)
        return d

    def tab_record(self, w: int) -> Doc:
        st, sc, n = self.state, self.sc, self.game.narrator
        d = Doc(self, w)
        h = sc.history
        if h is None:
            d.p(self._("This scenario has no historical record to compare with."), colour="muted")
            return d
        d.p(self._("What happened in reality{x}, against this negotiation.").format(x=self._(" (resolution {number})").format(number=gfx.esc(h.resolution)) if h.resolution else ""), colour="muted")
        d.columns([("[c=muted][/c]", 0.22), (self._("[c=muted]This negotiation[/c]"), 0.33), (self._("[c=muted]The record[/c]"), 0.33),
                   ("", 0.12)], role="small", after=2)
        d.rule()

        def row(label, ours, rec, same=None):
            mark = "" if same is None else ("[c=yes]" + self._("same") + "[/c]" if same
                                            else "[c=abstain]" + self._("different") + "[/c]")
            d.columns([(f"[b]{label}[/b]", 0.22), (ours, 0.33), (rec, 0.33), (mark, 0.12)], role="small", after=6)

        ours = st.outcome.value if st.outcome else "unfinished"
        row(self._("Outcome"), self._(ours.replace("_", " ")), self._(h.outcome.replace("_", " ")), ours == h.outcome)
        if h.tally != "unknown":
            rec = "-".join(str(sum(1 for b in h.tally.values() if b == x)) for x in ("yes", "no", "abstain"))
            row(self._("Tally"), str(st.tally or "\u2014"), rec, str(st.tally) == rec)
            diff = [m for m, b in h.tally.items() if st.ballots.get(m) and st.ballots[m] != b]
            if diff:
                row(self._("Voted otherwise"), ", ".join(f"{n.name(m)} ({self._(st.ballots[m].value)})" for m in diff),
                    ", ".join(f"{n.name(m)} ({self._(h.tally[m])})" for m in diff))
        if h.silences != "unknown":
            for k, rec in enumerate(h.silences):
                ours_b = st.silences[k].breakers if k < len(st.silences) else None
                rec_b = rec.broken_by
                rtxt = self._("unknown") if rec_b == "unknown" else (gfx.esc(n.names_list(rec_b)) or self._("held"))
                otxt = self._("no such silence") if ours_b is None else (gfx.esc(n.names_list(ours_b)) or self._("held"))
                same = None if rec_b == "unknown" or ours_b is None else set(ours_b) == set(rec_b)
                row(self._("Silence {x} broken by").format(x=k + 1), otxt, rtxt, same)
        ids = st.draft_ids()
        for issue, rec in h.final_text.items():
            info = next(i for i in sc.issues if i.id == issue)
            got = ids.get(issue)
            lab = {v.id: v.label or v.id for v in info.variants}
            row(self._("OP {n}").format(n=info.paragraph) + f" {gfx.esc(info.title)}", f"{self.tongue.quote(gfx.esc(lab.get(got, got)))}",
                self._("unknown") if rec == "unknown" else f"{self.tongue.quote(gfx.esc(lab.get(rec, rec)))}",
                None if rec == "unknown" else got == rec)
        if h.explanations_of_vote != "unknown":
            ours_e = [a for a, _ in st.explanations]
            row(self._("Explained their vote"), gfx.esc(n.names_list(ours_e)) or self._("none"), gfx.esc(n.names_list(h.explanations_of_vote)),
                set(ours_e) == set(h.explanations_of_vote))
        if h.notes:
            d.h2(self._("Notes on the record"))
            d.p(gfx.esc(" ".join(h.notes.split())), role="small")
        if h.sources:
            d.h2(self._("Sources"))
            d.bullets([gfx.esc(public_source(s)) for s in h.sources], role="small")
        return d

    def tab_sims(self, w: int) -> Doc:
        th = self.theme
        d = Doc(self, w)
        odds = self.game.odds
        sim = odds.simulation if odds is not None else None
        if odds is None or not odds.enabled:
            d.p(self._("Simulations are off in this session."), colour="muted")
            return d
        if sim is None:
            d.p(self._("Simulating 300 negotiations of this scenario in the background, with an agent in every seat\u2026 (this tab fills in when they are done)"), colour="muted")
            return d
        if "error" in sim:
            d.p(self._("The simulation failed: {error}").format(error=gfx.esc(sim['error'])), colour="no")
            return d
        runs = sim["runs"]
        d.p(self._("[c=muted]{runs} negotiations of the same scenario, simulated with an agent in every seat (different random seeds). Where does this one sit?[/c]").format(runs=runs))
        if self.seat and sim.get("scores"):
            scores = sim["scores"]
            mine = self.score.total
            pct = percentile(sim, mine)
            d.h2(self._("Your score, {mine}, is better than {pct}% of agents in your seat").format(mine=mine, pct=pct))

            def hist(s, y):
                x0, x1 = th.px(40), w - th.px(60)
                hgt = th.px(150)
                lo = max(0, (min(min(scores), mine) - 5) // 10 * 10)
                hi = 100
                bins = max(1, (hi - lo) // 2)

                def xv(v):
                    return int(x0 + (v - lo) / (hi - lo) * (x1 - x0))

                counts = [0] * bins
                for v in scores:
                    counts[min(bins - 1, int((v - lo) / (hi - lo) * bins))] += 1
                top = max(counts) or 1
                bw = (x1 - x0) / bins
                for k, cnt in enumerate(counts):
                    bh = int(hgt * cnt / top)
                    r = pygame.Rect(int(x0 + k * bw) + 1, y + hgt - bh, max(1, int(bw) - 2), bh)
                    pygame.draw.rect(s, th.c["line"], r)
                pygame.draw.line(s, th.c["muted"], (x0, y + hgt), (x1, y + hgt), 1)
                for k in range(lo, hi + 1, 5 if hi - lo <= 40 else 10):
                    gfx.text(s, self.cache, str(k), (xv(k), y + hgt + th.px(4)), "tiny", "muted", anchor="midtop")
                x = xv(mine)
                pygame.draw.line(s, th.c["accent"], (x, y - th.px(6)), (x, y + hgt), th.px(3))
                gfx.chip(s, self.cache, self._("YOU") + f" {mine}", (min(x, w - th.px(40)), y - th.px(6)), "accent", "bg2",
                                anchor="midbottom")
                med = sorted(scores)[len(scores) // 2]
                xm = xv(med)
                for yy in range(y, y + hgt, th.px(8)):
                    pygame.draw.line(s, th.c["muted"], (xm, yy), (xm, yy + th.px(4)), 1)
                gfx.text(s, self.cache, self._("median {score}").format(score=med), (xm + th.px(4), y), "tiny", "muted")

            d.p(self._("[c=muted]Scores of the agent that held your seat in each simulated negotiation, with yours marked. Median {x}.[/c]").format(x=sorted(scores)[len(scores) // 2]), role="small")
            d.gap(22)
            d.custom(th.px(190), hist)
        d.h2(self._("How the simulated negotiations ended"))
        outs = sim["outcomes"]
        mine_o = self.state.outcome.value if self.state.outcome else None
        for o in ("adopted", "rollover", "vetoed", "not_adopted", "lapsed"):
            share = outs.get(o, 0) / runs
            word, col, _ = OUTCOME_WORDS[o]
            word = self._(word)  # ("TECHNICAL ROLLOVER": "Technical Rollover", "Prorogation technique")
            word = word.title() if self.tongue.lang == "en" else word[:1] + word[1:].lower()

            def barrow(s, y, share=share, word=word, col=col, o=o):
                gfx.text(s, self.cache, word, (0, y), "small", "text", bold=o == mine_o)
                gfx.bar(s, th, (th.px(200), y + th.px(4), w - th.px(340), th.px(12)), share, col)
                gfx.text(s, self.cache, self.tongue.percent(share) + (self._("   (this one)") if o == mine_o else ""),
                         (w - th.px(130), y), "small", "accent" if o == mine_o else "muted", bold=o == mine_o)

            d.custom(th.px(24), barrow)
        tallies = sorted(sim["tallies"].items(), key=lambda x: -x[1])[:5]
        if tallies:
            d.h2(self._("Most frequent tallies"))
            d.p("   ".join(f"[b]{t}[/b] {self.tongue.percent(c / runs)}" + (self._(" [c=accent](this one)[/c]") if str(self.state.tally) == t else "")
                           for t, c in tallies))
        br = sorted(sim["breakers"].items(), key=lambda x: -x[1])[:8]
        if br:
            d.h2(self._("Who tends to break silence"))
            d.p(", ".join(f"{gfx.esc(self.game.narrator.name(m))} {self.tongue.percent(c / runs)}" for m, c in br), role="small")
        return d

    # --- drawing ------------------------------------------------------------------------------------
    def draw(self, surf) -> None:
        th, px = self.theme, self.px
        surf.fill(th.c["bg"])
        gfx.text(surf, self.cache, self._("DEBRIEF"), (px(24), px(22)), "small", "accent", bold=True)
        who = (self.game.narrator.name(self.seat) if self.seat else self._("The class's Council")
               if getattr(self.game, "facilitator", False) else self._("an AI-only negotiation"))
        gfx.text(surf, self.cache, f"{self.sc.title} \u2014 {who}", (px(24), px(42)), "h2")
        gfx.text(surf, self.cache, self._("Seed {seed} \u00b7 {log} events \u00b7 saved to {name}").format(seed=self.game.seed, log=len(self.game.session.log), name=self.game.save_path.name), (px(24), px(72)), "tiny", "muted")
        gfx.panel(surf, th, self.doc_rect, "bg2", "line", 10)
        self.view.draw(surf)
        gfx.text(surf, self.cache, self._("1\u20136 switch tabs \u00b7 PgUp / PgDn scroll \u00b7 Esc title screen"),
                 (px(24), surf.get_height() - px(36)), "small", "muted", anchor="midleft")
        if self.tab == "sims" and self.game.odds is not None and self.game.odds.simulation is None:
            a = self.t * 5
            c = self.doc_rect.center
            for k in range(8):
                ang = a + k * math.pi / 4
                pygame.draw.circle(surf, th.c["accent"] if k == 0 else th.c["line"],
                                   (c[0] + int(px(18) * math.cos(ang)), c[1] + int(px(18) * math.sin(ang))), px(3))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def percentile(sim: dict | None, score: int) -> int:
    if not sim or not sim.get("scores"):
        return 0
    scores = sim["scores"]
    below = sum(1 for s in scores if s < score) + 0.5 * sum(1 for s in scores if s == score)
    return round(100 * below / len(scores))


def _both(a, b):
    def draw(s, y):
        a(s, y)
        b(s, y)

    return draw

