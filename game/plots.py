"""PNG plots of a batch (matplotlib, Agg backend: no display needed).

    write_plots(summary, out_dir, scenario, days_histogram)   # outcomes.png, silence.png, ...
    write_sweep_plot(out_dir, path, values, summaries, scenario)   # sweep.png

Every plot names members and texts as a facilitator knows them (China, "SG options"),
not by their ids, and says how many runs it shows. Each takes the reader's `Tongue`: its
words come from the catalogue (game/locale), the scenario's texts in its language, and its
figures as it writes them, the axes' too (64 %, 0,25, « mar. 29 juin »); in English the
PNGs are what they were before the plots spoke French, byte for byte.
"""

from __future__ import annotations

import functools
import math
import multiprocessing as mp
import os
import re
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, PercentFormatter, ScalarFormatter  # noqa: E402

from game.i18n import ENGLISH, Tongue, localized  # noqa: E402
from game.stats import OUTCOMES  # noqa: E402

# Names, titles and labels come from scenario files and --set: a "$" in them is text, not
# mathtext ("$x^$" would garble the plot or stop it with a ParseException).
PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}


def _plain_text(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with plt.rc_context(PLAIN_TEXT):
            return fn(*args, **kwargs)

    return wrapper

OUTCOME_COLOURS = {"adopted": "#2e7d32", "not_adopted": "#ef6c00", "vetoed": "#c62828",
                   "rollover": "#1565c0", "lapsed": "#616161"}
BALLOT_COLOURS = {"yes": "#2e7d32", "abstain": "#f9a825", "no": "#c62828"}
DPI = 110

PLOT_FILES = ("outcomes.png", "silence_breakers.png", "votes.png", "final_text.png", "days.png")


def _label(o: str, tongue: Tongue = ENGLISH) -> str:
    """An outcome as the reader says it: "not adopted", "non adoptée"."""
    return tongue.gettext(o.replace("_", " "))


def _shown(scenario, tongue: Tongue):
    """The scenario as the reader reads it (its titles, names and labels in `tongue`'s
    language); the English one as it is."""
    return scenario if scenario is None or tongue.lang == "en" else localized(scenario, tongue.lang)


def _names(scenario, ids):
    if scenario is None:
        return list(ids)
    return [scenario.members[m].name if m in scenario.members else m for m in ids]


def _runs(n: int, tongue: Tongue = ENGLISH) -> str:
    """"1 run", "2,000 runs"; "2 000 simulations"."""
    return tongue.ngettext("{n} run", "{n} runs", n).format(n=tongue.whole(n))


def _title(summary: dict, scenario, what: str, tongue: Tongue = ENGLISH) -> str:
    name = scenario.title if scenario is not None else summary.get("scenario", "")
    return f"{what}\n{name} \u2014 {_runs(summary['runs'] - summary.get('failed_runs', 0), tongue)}"


def _shares(axis, tongue: Tongue) -> None:
    """An axis of shares (0 to 1) in percent: "20%", "20 %"."""
    if tongue.lang == "en":
        axis.set_major_formatter(PercentFormatter(1.0))
    else:
        axis.set_major_formatter(FuncFormatter(lambda v, _pos: tongue.percent(v)))


class _Figures(ScalarFormatter):
    """An axis's figures as matplotlib chooses them (as many decimals as its ticks need:
    0.00, 0.25, 0.50) written as the reader writes them: 0,00 0,25 0,50; 1 000."""

    def __init__(self, tongue: Tongue):
        super().__init__()
        self.tongue = tongue

    def __call__(self, x, pos=None):
        shown = super().__call__(x, pos)
        try:
            value = float(shown.replace("\u2212", "-"))
        except ValueError:  # (not a plain figure: left as matplotlib writes it)
            return shown
        decimals = len(shown.partition(".")[2])
        return self.tongue.number(value, "0." + "0" * decimals if decimals else "0")


def _figures(axis, tongue: Tongue) -> None:
    """An axis of plain figures in the reader's language (English: matplotlib's own)."""
    if tongue.lang != "en":
        axis.set_major_formatter(_Figures(tongue))


def _day(day, tongue: Tongue, form: str = "dm") -> str:
    """A day on a plot: "29 Jun"; "mar. 29 juin" (form "dm", a tick) or "mardi 29 juin"
    (form "day", in a legend)."""
    return f"{day:%d %b}" if tongue.lang == "en" else tongue.date(day, form)


_DECIMAL = re.compile(r"-?\d+\.\d+")


def _value(text: str, tongue: Tongue) -> str:
    """A swept value as the reader writes it: "0.55", "0,55" (a word stays as it is)."""
    if tongue.lang == "en" or not _DECIMAL.fullmatch(text):
        return text
    return text.replace(".", ",")


def _save(fig, path: Path) -> Path:
    """Write the PNG whole or not at all (a temporary file renamed over `path`)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fig.savefig(fh, format="png", dpi=DPI, bbox_inches="tight")
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        plt.close(fig)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@_plain_text
def plot_outcomes(summary: dict, scenario, path: Path, tongue: Tongue = ENGLISH) -> Path:
    _ = tongue.gettext
    scenario = _shown(scenario, tongue)
    shares = [summary["outcome"][o] for o in OUTCOMES]
    fig, ax = plt.subplots(figsize=(7, 3.4))
    y = range(len(OUTCOMES))[::-1]
    ax.barh(list(y), shares, color=[OUTCOME_COLOURS[o] for o in OUTCOMES])
    ax.set_yticks(list(y), [_label(o, tongue) for o in OUTCOMES])
    for yy, p in zip(y, shares, strict=True):
        ax.text(p + 0.01, yy, tongue.percent(p, 1), va="center")
    ax.set_xlim(0, 1.12)
    _shares(ax.xaxis, tongue)
    un = summary.get("unanimous")
    ax.set_xlabel(_("share of runs") + ("" if un is None else "   \u2014   " + _("unanimous vote: {share} of runs").format(
        share=tongue.percent(un, 1))))
    h = summary.get("history")
    if h:
        ax.set_title(_title(summary, scenario, _("How the negotiation ends (record: {outcome})").format(
            outcome=_label(h["outcome"], tongue)), tongue))
    else:
        ax.set_title(_title(summary, scenario, _("How the negotiation ends"), tongue))
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


@_plain_text
def plot_silence(summary: dict, scenario, path: Path, tongue: Tongue = ENGLISH) -> Path:
    _ = tongue.gettext
    scenario = _shown(scenario, tongue)
    sil = summary["silence"]
    members = sorted(sil["broken_by"], key=lambda m: (-sil["broken_by"][m], m))
    names = _names(scenario, members)
    record = set((summary.get("history") or {}).get("historical_breakers", []))
    fig, ax = plt.subplots(figsize=(8, 0.36 * len(members) + 1.8))
    y = list(range(len(members)))[::-1]
    anyb = [sil["broken_by"][m] for m in members]
    first = [sil.get("first_broken_by", {}).get(m, 0.0) for m in members]
    ax.barh(y, anyb, color="#8e24aa", alpha=0.35, label=_("broke a silence (any)"))
    ax.barh(y, first, color="#8e24aa", height=0.45, label=_("broke the first silence"))
    labels = [f"{n} \u2605" if m in record else n for m, n in zip(members, names, strict=True)]
    ax.set_yticks(y, labels)
    for yy, p in zip(y, anyb, strict=True):
        ax.text(p + 0.01, yy, tongue.percent(p), va="center", fontsize=8)
    ax.set_xlim(0, 1.1)
    _shares(ax.xaxis, tongue)
    ax.set_xlabel(_("share of runs"))
    note = _("first silence broken in {share} of runs; {mean} silences on average").format(
        share=tongue.percent(sil["first_broken"]), mean=tongue.number(sil["mean_silences"], "0.00"))
    if record:
        note += "\n" + _("\u2605 broke silence in the real negotiation")
    ax.legend(loc="lower right", fontsize=8, title=note, title_fontsize=8)
    ax.set_title(_title(summary, scenario, _("Who breaks silence"), tongue))
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


@_plain_text
def plot_votes(summary: dict, scenario, path: Path, tongue: Tongue = ENGLISH) -> Path:
    _ = tongue.gettext
    scenario = _shown(scenario, tongue)
    votes = summary["votes"]
    names_of = dict(zip(votes, _names(scenario, votes), strict=True))
    members = sorted(votes, key=lambda m: (-votes[m]["yes"], votes[m]["no"], names_of[m]))
    names = [names_of[m] for m in members]
    fig, ax = plt.subplots(figsize=(8, 0.36 * len(members) + 1.8))
    y = list(range(len(members)))[::-1]
    left = [0.0] * len(members)
    for b in ("yes", "abstain", "no"):
        vals = [votes[m][b] for m in members]
        ax.barh(y, vals, left=left, color=BALLOT_COLOURS[b], label=tongue.pgettext("ballot", b))
        for yy, lft, v in zip(y, left, vals, strict=True):
            if v >= 0.06:
                ax.text(lft + v / 2, yy, tongue.percent(v), ha="center", va="center", fontsize=7,
                        color="white" if b != "abstain" else "black")
        left = [a + v for a, v in zip(left, vals, strict=True)]
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1)
    _shares(ax.xaxis, tongue)
    ax.set_xlabel(_("share of the runs that reached a vote on the draft"))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=8, frameon=False)
    ax.set_title(_title(summary, scenario, _("How each member votes on the draft"), tongue), pad=24)
    return _save(fig, path)


@_plain_text
def plot_final_text(summary: dict, scenario, path: Path, tongue: Tongue = ENGLISH) -> Path:
    _ = tongue.gettext
    scenario = _shown(scenario, tongue)
    final = summary["final_text"]
    issues = list(final)
    cols = 2 if len(issues) > 1 else 1
    rows = (len(issues) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(6.2 * cols, 2.3 * rows + 0.6), squeeze=False)
    hist = ((summary.get("history") or {}).get("final_text_match") or {})
    record = scenario.history.final_text if scenario is not None and scenario.history else {}
    for k, iid in enumerate(issues):
        ax = axes[k // cols][k % cols]
        info = next((i for i in scenario.issues if i.id == iid), None) if scenario else None
        variants = [v.id for v in info.variants] if info else list(final[iid])
        labels = {v.id: v.label or v.id for v in info.variants} if info else {}
        y = list(range(len(variants)))[::-1]
        vals = [final[iid].get(v, 0.0) for v in variants]
        colours = ["#00897b" if record.get(iid) == v else "#90a4ae" for v in variants]
        ax.barh(y, vals, color=colours)
        ax.set_yticks(y, [_wrap(labels.get(v, v)) for v in variants], fontsize=8)
        for yy, v in zip(y, vals, strict=True):
            ax.text(v + 0.01, yy, tongue.percent(v), va="center", fontsize=8)
        ax.set_xlim(0, 1.15)
        _shares(ax.xaxis, tongue)
        ax.tick_params(axis="x", labelsize=7)
        title = _("OP{n} {title}").format(n=info.paragraph, title=info.title) if info else iid
        ax.set_title(_("{title} (teal: as adopted)").format(title=title) if iid in hist else title, fontsize=9)
        ax.spines[["top", "right"]].set_visible(False)
    for k in range(len(issues), rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.suptitle(_title(summary, scenario, _("Final text, paragraph by paragraph"), tongue), fontsize=11)
    fig.tight_layout()
    return _save(fig, path)


def _wrap(text: str, width: int = 28) -> str:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    return "\n".join(lines[:2]) + ("\u2026" if len(lines) > 2 else "")


@_plain_text
def plot_days(summary: dict, scenario, path: Path, days_histogram: dict | None = None,
              tongue: Tongue = ENGLISH) -> Path:
    _ = tongue.gettext
    scenario = _shown(scenario, tongue)
    hist = days_histogram
    if hist is None:
        hist = {o: {int(d): c for d, c in h.items()}
                for o, h in summary.get("days_used_histogram", {}).items()}
    days = sorted({d for h in hist.values() for d in h})
    fig, ax = plt.subplots(figsize=(8, 3.8))
    if days:
        x = list(range(days[0], days[-1] + 1))
        bottom = [0] * len(x)
        for o in OUTCOMES:
            if o not in hist:
                continue
            vals = [hist[o].get(d, 0) for d in x]
            ax.bar(x, vals, bottom=bottom, color=OUTCOME_COLOURS[o], label=_label(o, tongue), width=0.85)
            bottom = [a + b for a, b in zip(bottom, vals, strict=True)]
        ax.set_xticks(x)
    if scenario is not None:
        import datetime as dt

        cal = scenario.calendar
        expiry = (cal.mandate_expiry - cal.zero_draft).days + 1
        ax.axvline(expiry - 0.5, color="#c62828", linestyle="--", linewidth=1.2,
                   label=_("mandate expires (end of {date})").format(date=_day(cal.mandate_expiry, tongue, "day")))
        h = scenario.history
        if h is not None and h.vote_date != "unknown":
            vote = (h.vote_date - cal.zero_draft).days
            ax.axvline(vote, color="#222", linestyle=":", linewidth=1.2,
                       label=_("the real vote ({date})").format(date=_day(h.vote_date, tongue, "day")))
        lo = min([*days, expiry - 1]) if days else expiry - 1
        hi = max([*days, expiry - 1]) if days else expiry - 1
        ticks = list(range(lo, hi + 1))
        step = max(1, len(ticks) // 14)
        ticks = ticks[::step]
        ax.set_xticks(ticks, [_day(cal.zero_draft + dt.timedelta(days=d), tongue) for d in ticks],
                      rotation=45, ha="right", fontsize=8)
        ax.set_xlim(lo - 0.7, hi + 0.7)
        ax.set_xlabel(_("day the negotiation ended (the vote, a rollover or the expiry)"))
    else:
        ax.set_xlabel(_("days from the zero draft to the end"))
    ax.set_ylabel(_("runs"))
    _figures(ax.yaxis, tongue)
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title(_title(summary, scenario, _("When it ends (mean: {days} days after the zero draft)").format(
        days=tongue.number(summary.get("mean_days", 0), "0.0")), tongue))
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


def _draw(task) -> Path:
    kind, summary, scenario, path, days, lang = task
    tongue = Tongue(lang)  # (made in the drawing process: a catalogue does not pickle)
    if kind == "days":
        return plot_days(summary, scenario, path, days, tongue)
    return _PLOTTERS[kind](summary, scenario, path, tongue)


_PLOTTERS = {"outcomes": plot_outcomes, "silence": plot_silence, "votes": plot_votes,
             "final_text": plot_final_text}


def write_plots(summary: dict, out_dir, scenario=None, days_histogram: dict | None = None,
                processes: int = 2, lang: str = "en") -> list[Path]:
    """The five plots of a batch, into `out_dir`, in `lang`; returns their paths. With
    processes > 1 (and 'fork' available) they are drawn in parallel: ~1 s instead of ~2 s."""
    out = Path(out_dir)
    os.makedirs(out, exist_ok=True)
    if summary["runs"] - summary.get("failed_runs", 0) == 0:
        return []
    kinds = ("final_text", "votes", "silence", "days", "outcomes")  # slowest first
    names = dict(zip(("outcomes", "silence", "votes", "final_text", "days"), PLOT_FILES, strict=True))
    tasks = [(k, summary, scenario, out / names[k], days_histogram, lang) for k in kinds]
    if processes > 1 and "fork" in mp.get_all_start_methods():
        from game.workers import die_with_parent  # no plotting process outlives a killed batch

        with mp.get_context("fork").Pool(min(processes, len(tasks)), initializer=die_with_parent) as pool:
            done = pool.map(_draw, tasks, chunksize=1)
    else:
        done = [_draw(t) for t in tasks]
    return sorted(done, key=lambda p: PLOT_FILES.index(p.name))


@_plain_text
def write_sweep_plot(out_dir, path: str, values: list[str], summaries: list[dict], scenario=None,
                     tongue: Tongue = ENGLISH) -> Path:
    """Outcome shares (stacked) and silence-break rates against the swept value, in the
    reader's language (`tongue`; `path` and the values as the command gave them, a value's
    decimal point as the reader writes it)."""
    _ = tongue.gettext
    scenario = _shown(scenario, tongue)
    shown = [_value(v, tongue) for v in values]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 5.0))
    x = list(range(len(values)))
    bottom = [0.0] * len(values)
    for o in OUTCOMES:
        vals = [s["outcome"][o] for s in summaries]
        if not any(vals):
            continue
        ax1.bar(x, vals, bottom=bottom, color=OUTCOME_COLOURS[o], label=_label(o, tongue), width=0.7)
        bottom = [a + b for a, b in zip(bottom, vals, strict=True)]
    ax1.plot(x, [s["unanimous"] for s in summaries], "k.--", label=_("unanimous"))
    ax1.set_xticks(x, shown)
    ax1.set_ylim(0, 1.05)
    _shares(ax1.yaxis, tongue)
    ax1.set_xlabel(path)
    ax1.set_ylabel(_("share of runs"))
    ax1.set_title(_("How it ends"))
    ax1.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False)
    ax2.plot(x, [s["silence"]["first_broken"] for s in summaries], "o-", color="#8e24aa",
             linewidth=2, label=_("first silence broken"))
    rates = {}
    for s in summaries:
        for m, p in s["silence"]["broken_by"].items():
            rates.setdefault(m, []).append(p)
    top = sorted(rates, key=lambda m: -max(rates[m]))[:5]
    for m, name in zip(top, _names(scenario, top), strict=True):
        who = name if tongue.lang == "en" else tongue.named(name)  # ("La Chine rompt", "Les États-Unis rompent")
        ax2.plot(x, rates[m], ".-", alpha=0.7,
                 label=tongue.ngettext("{name} breaks", "{name} break", tongue.many(name)).format(name=who))
    ax2.set_xticks(x, shown)
    ax2.set_ylim(0, 1.05)
    _shares(ax2.yaxis, tongue)
    ax2.set_xlabel(path)
    ax2.set_title(_("Silence broken (share of runs)"))
    ax2.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False)
    name = scenario.title if scenario is not None else summaries[0]["scenario"]
    fig.suptitle(_("Sweep of {path}\n{title} \u2014 {runs} per value").format(
        path=path, title=name, runs=_runs(summaries[0]["runs"], tongue)), fontsize=11)
    fig.tight_layout()
    return _save(fig, Path(out_dir) / "sweep.png")


@_plain_text
def write_sensitivity_plot(path, document: dict, headline: list[str], top: int = 8,
                           tongue: Tongue = ENGLISH, labels: dict | None = None) -> Path:
    """Per headline output of a sensitivity analysis (game/sensitivity.py), a horizontal
    bar chart of its most decisive factors: mu* with sigma beside it (Morris), or ST with
    S1 inside it (Sobol), each with its confidence half-width. Its words in the reader's
    language (`tongue`; `labels`: the outputs as the reader names them, else the
    document's English ones); the factors keep their names (model.unity: what --params takes)."""
    _ = tongue.gettext
    labels = labels or {}
    outputs = {o["output"]: o for o in document["outputs"]}
    shown = [outputs[k] for k in headline]
    cols = 2 if len(shown) > 1 else 1
    rows = math.ceil(len(shown) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6.4 * cols, 0.35 * top * rows + 1.2 * rows + 0.6),
                             squeeze=False)
    morris = document["method"] == "morris"
    main_key, conf_key, second = ("mu_star", "mu_star_conf", "sigma") if morris else ("ST", "ST_conf", "S1")
    for ax, o in zip(axes.flat, shown, strict=False):
        names = o["ranked"][:top][::-1]
        vals = [o["indices"][n][main_key] or 0.0 for n in names]
        conf = [o["indices"][n][conf_key] or 0.0 for n in names]
        other = [o["indices"][n][second] or 0.0 for n in names]
        y = list(range(len(names)))
        ax.barh(y, vals, xerr=conf, color="#1565c0", alpha=0.85, height=0.6,
                label="mu*" if morris else _("ST (with interactions)"), error_kw={"elinewidth": 0.8})
        if morris:
            ax.plot(other, y, "o", color="#ef6c00", markersize=4, label="sigma")
        else:
            ax.barh(y, other, color="#90caf9", height=0.35, label=_("S1 (alone)"))
        ax.set_yticks(y, names, fontsize=8)
        ax.set_xlim(left=0)
        _figures(ax.xaxis, tongue)
        ax.set_title(_wrap(labels.get(o["output"], o["label"]), 60) + "\n" + _(
            "mean {mean}, {low}-{high} across samples").format(
                mean=tongue.percent(o["mean"]), low=format(100 * o["min"], ".0f"), high=tongue.percent(o["max"])),
            fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
        ax.legend(fontsize=7, loc="lower right")
    for ax in list(axes.flat)[len(shown):]:
        ax.axis("off")
    samples = tongue.ngettext("{n} sample", "{n} samples", document["samples"]).format(
        n=tongue.whole(document["samples"]))
    fig.suptitle(_("What decides the case: {case} \u2014 {method}, {samples} x {runs}, seed {seed}").format(
        case=document["scenario_id"], method="Morris" if morris else "Sobol", samples=samples,
        runs=_runs(document["runs"], tongue), seed=document["seed"]), fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.4 / fig.get_figheight()))  # room for the suptitle
    return _save(fig, Path(path))
