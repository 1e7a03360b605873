"""HTML building blocks for the reports: the page shell with its inline CSS (screen,
projector and print), escaping, tracked-changes differences, and inline SVG charts.

Everything is inline: a report is one file that opens anywhere, offline.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence

BALLOT_COLOUR = {"yes": "#2e7d32", "abstain": "#e09b00", "no": "#c62828"}
OUTCOME_COLOUR = {"adopted": "#2e7d32", "rollover": "#6d8fb3", "not_adopted": "#e09b00",
                  "vetoed": "#c62828", "lapsed": "#6d4c41", "unfinished": "#777"}
CLASS_COLOUR = "#1565c0"
BREAK_COLOUR = "#c62828"
# variants of an issue, from the lowest position to the highest
SCALE = ["#deebf7", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b", "#041c40"]

CSS = """
:root { --ink:#1b1f24; --muted:#5b6570; --line:#d5dbe1; --soft:#f4f6f8; --class:#1565c0;
        --yes:#2e7d32; --abs:#e09b00; --no:#c62828; --ins:#e6f4ea; --del:#fdecea; }
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45;
       font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 36px 60px; }
h1 { font-size: 1.9rem; margin: 0 0 4px; line-height: 1.2; }
h2 { font-size: 1.35rem; margin: 38px 0 10px; padding-bottom: 4px; border-bottom: 3px solid var(--ink); }
h3 { font-size: 1.08rem; margin: 22px 0 6px; }
p { margin: 6px 0 10px; }
.sub { color: var(--muted); margin: 0 0 14px; }
.muted { color: var(--muted); }
.small { font-size: 0.85rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--soft); }
.card .k { font-size: 0.78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.card .v { font-size: 1.3rem; font-weight: 700; }
.card .d { font-size: 0.82rem; color: var(--muted); margin-top: 2px; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; color: #fff; font-weight: 700;
         font-size: 0.85rem; white-space: nowrap; }
.chip { display: inline-block; min-width: 64px; text-align: center; padding: 1px 8px; border-radius: 4px;
        color: #fff; font-weight: 700; font-size: 0.85rem; }
.yes { background: var(--yes); } .abstain { background: var(--abs); } .no { background: var(--no); }
.none { background: #9aa3ab; }
.you { display: inline-block; background: var(--class); color: #fff; border-radius: 4px; padding: 0 6px;
       font-size: 0.75rem; font-weight: 700; margin-left: 4px; vertical-align: 1px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.92rem; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 700; }
tr.class-row td { background: #e8f0fb; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.changed { background: #fff4c2; font-weight: 600; }
td.same { color: var(--muted); }
.match { color: var(--yes); font-weight: 700; } .differ { color: var(--no); font-weight: 700; }
.unk { color: var(--muted); }
nav.toc { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; margin: 18px 0; font-size: 0.92rem; }
nav.toc a { margin-right: 14px; color: var(--class); text-decoration: none; white-space: nowrap;
            display: inline-block; }
.card .v.long { font-size: 1.02rem; line-height: 1.3; }
.timeline { font-size: 0.86rem; border-left: 3px solid var(--line); margin-left: 6px; }
.tl { display: grid; grid-template-columns: 142px 1fr; gap: 10px; padding: 3px 8px; }
.tl .when { color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.tl .what div + div { padding-left: 1.2em; color: #37414b; }
.tl.day { border-top: 1px solid var(--line); margin-top: 4px; padding-top: 6px; }
.tl.k-break_silence .what > div:first-child { color: var(--no); font-weight: 700; }
.tl.k-silence_holds .what, .tl.k-put_in_blue .what, .tl.k-declare_result .what,
.tl.k-circulate_revision .what > div:first-child, .tl.k-place_under_silence .what,
.tl.k-circulate_zero_draft .what > div:first-child { font-weight: 700; }
.tl.k-inject { background: #f3e8fd; }
.tl.k-host_letter { background: #fdf1e3; }
.tl.k-host_letter .what { font-weight: 700; }
.tl.k-package_deal { background: #fff8dc; }
.tl.k-instructions .what { color: var(--muted); font-style: italic; }
.tl .what div.threat { color: var(--no); font-weight: 700; }
.tl.k-declare_result { background: #e9f5ec; }
.tl.by-class { background: #e8f0fb; }
.diff { font-size: 0.95rem; line-height: 1.55; }
ins { background: var(--ins); color: #14532d; text-decoration: underline; text-decoration-color: #2e7d32; }
del { background: var(--del); color: #8a1c1c; text-decoration: line-through; }
.op { border-left: 4px solid var(--line); padding: 4px 12px; margin: 8px 0 12px; }
.op.moved { border-left-color: #f2b807; }
.op h4 { margin: 0 0 2px; font-size: 0.98rem; }
blockquote { margin: 8px 0 14px; padding: 8px 14px; border-left: 4px solid var(--line); background: var(--soft);
             border-radius: 0 6px 6px 0; }
blockquote.break { border-left-color: var(--no); }
blockquote.class-voice { border-left-color: var(--class); }
.done { color: var(--no); font-weight: 700; } .undone { color: var(--yes); font-weight: 700; }
.firm { font-weight: 700; }
td .aside { display: block; color: var(--muted); font-size: 0.82rem; }
.prompts li { margin: 0 0 12px; }
.prompts .q { font-weight: 700; font-size: 1.05rem; }
.prompts .ctx { color: var(--muted); font-size: 0.9rem; }
figure { margin: 10px 0 18px; }
figure svg.bars { max-width: 920px; display: block; }
figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 4px; }
svg text { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; }
.grid-sm { display: grid; grid-template-columns: repeat(5, 1fr); gap: 10px; }
.legend span { display: inline-block; margin-right: 14px; font-size: 0.85rem; }
.legend i { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin-right: 4px; border-radius: 2px; }
.side { overflow-x: auto; }
.side table td, .side table th { min-width: 120px; }
.cell { display: block; padding: 2px 6px; border-radius: 4px; }
footer { margin-top: 40px; color: var(--muted); font-size: 0.8rem; border-top: 1px solid var(--line); padding-top: 8px; }
@media (max-width: 900px) { .grid-sm { grid-template-columns: repeat(3, 1fr); } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; margin-top: 18px; }
  h3, h4 { break-after: avoid; }
  table, figure, blockquote, .op, .card, .prompts li, .tl { break-inside: avoid; }
  section.page { break-before: page; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .grid-sm { grid-template-columns: repeat(5, 1fr); }
  a { color: inherit; text-decoration: none; }
}
"""


def esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def page(title: str, body: str, lang: str = "en") -> str:
    """A self-contained page; `lang`: the language it is written in (html lang="fr": screen
    readers, hyphenation and the browser's spelling read it so)."""
    return (f"<!DOCTYPE html>\n<html lang=\"{esc(lang)}\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n</main>\n</body>\n</html>\n")


def pct(x: float, tongue=None) -> str:
    """A share as a percentage in the reader's language (`game.i18n.Tongue.percent`):
    "12%", "12 %" (English without a `tongue`)."""
    return f"{100 * x:.0f}%" if tongue is None else tongue.percent(x)


def chip(ballot: str | None, label: str | None = None) -> str:
    """A ballot as a coloured chip; `label`: the word shown (the ballot itself by default:
    "yes"; "pour" in French)."""
    if not ballot:
        return '<span class="chip none">—</span>'
    return f'<span class="chip {esc(ballot)}">{esc(label or ballot)}</span>'


def badge(outcome: str, text: str | None = None) -> str:
    colour = OUTCOME_COLOUR.get(outcome, "#777")
    return f'<span class="badge" style="background:{colour}">{esc(text or outcome.replace("_", " "))}</span>'


def table(head: Sequence[str], rows: Iterable[Sequence[str]], classes: Sequence[str] | None = None,
          row_classes: Sequence[str] | None = None) -> str:
    """A table from already-escaped cell HTML."""
    classes = classes or [""] * len(head)
    out = ["<table><thead><tr>"]
    out += [f'<th class="{c}">{h}</th>' if c else f"<th>{h}</th>" for h, c in zip(head, classes, strict=True)]
    out.append("</tr></thead><tbody>")
    for k, row in enumerate(rows):
        rc = row_classes[k] if row_classes else ""
        out.append(f'<tr class="{rc}">' if rc else "<tr>")
        out += [f'<td class="{c}">{cell}</td>' if c else f"<td>{cell}</td>"
                for cell, c in zip(row, classes, strict=True)]
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


# ------------------------------------------------------------------------ tracked changes

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> str:
    """`new` against `old`, tracked-changes style: deleted words struck through, inserted
    words underlined. Short runs of common words between two changes (\"the\", \"and\")
    are folded into the change, so that a rewritten clause reads as one deletion and one
    insertion; texts with little in common are shown as a whole replacement."""
    if old == new:
        return esc(new)
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.ratio() < 0.45:
        return f"<del>{esc(old)}</del> <ins>{esc(new)}</ins>"
    ops = sm.get_opcodes()
    # fold short equal runs (fewer than 3 words) that sit between two changes
    merged: list[list] = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        short = op == "equal" and 0 < k < len(ops) - 1 and sum(1 for t in a[i1:i2] if t.strip()) < 3
        if (op != "equal" or short) and merged and merged[-1][0] == "change":
            merged[-1][2], merged[-1][4] = i2, j2
        elif op != "equal":
            merged.append(["change", i1, i2, j1, j2])
        else:
            merged.append(["equal", i1, i2, j1, j2])
    out = []
    for op, i1, i2, j1, j2 in merged:
        if op == "equal":
            out.append(esc("".join(a[i1:i2])))
            continue
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        first = gone if gone else came
        last = came if came.strip() else gone
        lead = first[: len(first) - len(first.lstrip())]
        tail = last[len(last.rstrip()):]
        parts = []
        if gone.strip():
            parts.append(f"<del>{esc(gone.strip())}</del>")
        if came.strip():
            parts.append(f"<ins>{esc(came.strip())}</ins>")
        out.append(lead + " ".join(parts) + tail)
    return "".join(out)


# ---------------------------------------------------------------------------- SVG charts


def _svg(w: int, h: int, body: str, label: str, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg"{klass} viewBox="0 0 {w} {h}" width="100%" '
            f'role="img" aria-label="{esc(label)}" preserveAspectRatio="xMinYMin meet">{body}</svg>')


def _t(x: float, y: float, text: str, size: float = 12, anchor: str = "start", weight: str = "normal",
       fill: str = "#1b1f24", fit: float | None = None) -> str:
    """SVG text; `fit`: at most this wide (a longer text is squeezed to fit, not cut)."""
    squeeze = ""
    if fit is not None and len(text) * size * (0.62 if weight == "bold" else 0.56) > fit:
        squeeze = f' textLength="{fit:.0f}" lengthAdjust="spacingAndGlyphs"'
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}"{squeeze}>{esc(text)}</text>')


def sparkline_panel(title: str, series: list[tuple[float, float]], x_max: float, marks: list[float],
                    subtitle: str = "", y_min: float = 0.4, highlight: bool = False,
                    ballot: str | None = None, day_ticks: list[tuple[float, str]] | None = None,
                    ballot_label: str | None = None, caption: str = "satisfaction of {title}",
                    tongue=None) -> str:
    """One member's satisfaction over time: a step line on [y_min, 1], red ticks where it
    broke silence, its ballot as a chip; the axis's figures in `tongue`'s language (0,5)."""
    comma = tongue is not None and tongue.lang != "en"
    w, h = 230, 146
    left, right, top, bottom = 30, 10, 44, 20
    pw, ph = w - left - right, h - top - bottom

    def X(t):
        return left + pw * (t / x_max if x_max else 0)

    def Y(v):
        return top + ph * (1 - (max(y_min, min(1.0, v)) - y_min) / (1 - y_min))

    body = [f'<rect x="0.5" y="0.5" width="{w - 1}" height="{h - 1}" rx="6" fill="{"#eef4fc" if highlight else "#fff"}" '
            f'stroke="{CLASS_COLOUR if highlight else "#d5dbe1"}" stroke-width="{2 if highlight else 1}"/>']
    body.append(_t(8, 16, title, 12.5 if len(title) <= 26 else 11, weight="bold", fit=(w - 76) if ballot else (w - 16)))
    if subtitle:
        body.append(_t(8, 29, subtitle, 10.5, fill="#5b6570", fit=w - 16))
    if ballot:
        colour = BALLOT_COLOUR.get(ballot, "#9aa3ab")
        body.append(f'<rect x="{w - 62}" y="6" width="54" height="17" rx="3" fill="{colour}"/>')
        body.append(_t(w - 35, 19, ballot_label or ballot, 11, "middle", "bold", "#fff"))
    for v in (y_min, (1 + y_min) / 2, 1.0):
        body.append(f'<line x1="{left}" x2="{w - right}" y1="{Y(v):.1f}" y2="{Y(v):.1f}" stroke="#e3e7eb"/>')
        tick = f"{v:.1f}".rstrip("0").rstrip(".") if v < 1 else "1"
        body.append(_t(left - 4, Y(v) + 4, tick.replace(".", ",") if comma else tick, 9.5, "end", fill="#5b6570"))
    for x, lab in day_ticks or []:
        body.append(_t(X(x), h - 6, lab, 9, "middle", fill="#5b6570"))
    for t in marks:
        body.append(f'<line x1="{X(t):.1f}" x2="{X(t):.1f}" y1="{top}" y2="{top + ph}" stroke="{BREAK_COLOUR}" '
                    'stroke-width="1.6" stroke-dasharray="3 2"/>')
    if series:
        pts = []
        for k, (t, v) in enumerate(series):
            if k:
                pts.append(f"{X(t):.1f},{Y(series[k - 1][1]):.1f}")
            pts.append(f"{X(t):.1f},{Y(v):.1f}")
        pts.append(f"{X(x_max):.1f},{Y(series[-1][1]):.1f}")
        colour = CLASS_COLOUR if highlight else "#37474f"
        body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.2" points="{" ".join(pts)}"/>')
        body.append(f'<circle cx="{X(series[0][0]):.1f}" cy="{Y(series[0][1]):.1f}" r="2.6" fill="{colour}"/>')
        body.append(f'<circle cx="{X(x_max):.1f}" cy="{Y(series[-1][1]):.1f}" r="3" fill="{colour}"/>')
    return _svg(w, h, "".join(body), caption.format(title=title))


def hbars(rows: list[tuple[str, float, bool, str]], title: str = "", width: int = 760,
          value_label=pct, colour: str = "#78909c") -> str:
    """Horizontal bars: (label, share 0-1, highlighted?, note). Highlighted bars are drawn
    in the class colour with the note beside them."""
    bar_h, gap, left, top = 22, 7, 230, 26 if title else 6
    h = top + len(rows) * (bar_h + gap) + 6
    pw = width - left - 250
    body = []
    if title:
        body.append(_t(0, 16, title, 13, weight="bold"))
    for k, (label, share, hl, note) in enumerate(rows):
        y = top + k * (bar_h + gap)
        body.append(_t(left - 8, y + bar_h * 0.7, label, 12.5, "end", "bold" if hl else "normal", fit=left - 12))
        body.append(f'<rect x="{left}" y="{y}" width="{pw}" height="{bar_h}" fill="#f0f2f4"/>')
        body.append(f'<rect x="{left}" y="{y}" width="{max(0.0, pw * share):.1f}" height="{bar_h}" '
                    f'fill="{CLASS_COLOUR if hl else colour}"/>')
        body.append(_t(left + pw * share + 6, y + bar_h * 0.7, value_label(share), 12, weight="bold" if hl else "normal"))
        if note:
            body.append(_t(left + pw + 52, y + bar_h * 0.7, note, 11.5, fill=CLASS_COLOUR if hl else "#5b6570", fit=width - left - pw - 56,
                           weight="bold" if hl else "normal"))
    return _svg(width, h, "".join(body), title or "bar chart", "bars")


def stacked_bar(label: str, parts: list[tuple[str, float, bool, bool]], width: int = 1000,
                tongue=None) -> str:
    """One issue's final texts across runs: (variant label, share, this session's text?,
    the record's text?), lowest position first, shaded light to dark; shares and the
    record's mark in `tongue`'s language."""
    h, left, top, bar_h = 58, 0, 20, 26
    pw = width - 2
    body = [_t(0, 14, label, 13, weight="bold")]
    x = left
    n = len(parts)
    for k, (vlabel, share, ours, record) in enumerate(parts):
        colour = SCALE[min(len(SCALE) - 1, round(k * (len(SCALE) - 1) / max(1, n - 1)))]
        w = pw * share
        if w > 0:
            body.append(f'<rect x="{x:.1f}" y="{top}" width="{w:.1f}" height="{bar_h}" fill="{colour}" '
                        'stroke="#fff" stroke-width="1"/>')
            dark = k * (len(SCALE) - 1) / max(1, n - 1) >= 3
            text = f"{vlabel} {pct(share, tongue)}"
            if len(text) * 7 > w - 8:  # a label that does not fit: the share alone, never a cut word
                text = pct(share, tongue) if w > 34 else ""
            body.append(_t(x + 6, top + 17, text, 11.5,
                           fill="#fff" if dark else "#0b2540", weight="bold" if ours else "normal"))
        if ours:
            body.append(f'<rect x="{x + 1:.1f}" y="{top - 3}" width="{max(w - 2, 4):.1f}" height="{bar_h + 6}" '
                        f'fill="none" stroke="{CLASS_COLOUR}" stroke-width="3"/>')
        if record:
            body.append(_t(x + max(w, 6) / 2, top + bar_h + 13, "▲ " + ("record" if tongue is None else tongue.gettext("record")), 10.5, "middle", fill="#5b6570"))
        x += w
    return _svg(width, h + 6, "".join(body), label)
