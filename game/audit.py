"""``python main.py check --audit PATH``: beyond validation, what a scenario does in play.

A valid scenario can still be a poor one: a text variant nobody can ever reach, a member
whose parameters make no difference, an inject dated after every negotiation has ended,
an issue nobody cares about. The audit runs a few hundred AI negotiations and reports
each finding as a line in the `check` format, so an editor jumps to it::

    scenarios/x.yaml:120: issues[climate].variants[climate_security]: warning: never in the final text ...

Levels: **warning** (worth acting on), **note** (worth knowing), **info** (what does
matter; shown with ``--verbose``).

Methods (also in docs/scenario-authoring.md, "Auditing a scenario"). Every test runs the
same seeds (run i: the i-th child of ``SeedSequence(seed)``, as a batch does) and compares
the runs *in pairs*: a change counts when a share (of an outcome, of a variant in the final
text, ...) moves by at least 5 points **and** by more than three standard errors of the
paired differences (a McNemar-style test; common seeds make it sensitive).

- **Variants**: counted in the final text of `runs` negotiations; a variant at 0 is
  reported, saying whether it ever appeared in a draft or was asked for.
- **Members** — two counterfactuals for each member but the penholder:
  *bystander*: its agent's decisions are computed (the random draws stay in step) and
  dropped — no amendments or co-sponsorship, no silence break (its group does not co-sign
  for it), a yes vote, no explanation;
  *no stake*: its salience set to 0 everywhere and its red lines removed, so the penholder
  no longer weighs it either (the penholder reads every member's positions, as a seasoned
  penholder who knows the room would).
  The *result* compared is the outcome and the final text of every paragraph. A member
  changed by neither is reported as inert (a warning); one whose decisions change nothing
  but whose stake does is noted: the penholder accommodates it before it has to act.
- **Events**: a dated event that fires in no run is reported (the negotiations end before
  its date), one that fires in some runs only is noted; its effect is measured by running
  the scenario without it. An undated event fires only when the facilitator injects it: the
  audit injects it after the read-through. Here the result also includes the tally and who
  broke silence. An event that changes no result is reported.
- **Issues**: an issue on which no member's salience exceeds 0.05 is reported (nobody will
  ever move it); one that no member asks to change in any run is noted as uncontested.
- **Red lines**: a member whose own position lies outside its red line, or whose red line
  excludes every variant (it can never vote yes), is reported.
- **What decides each contested paragraph** (``check --audit --sensitivity``: it more than
  doubles the audit's time). A paragraph is contested when someone asks to change it or its
  final text differs between runs. For each, a small Morris screening (`game.sensitivity`,
  the ``sensitivity`` command's engine, in this process) of the share of runs ending with
  its target text (the record's, else the audit's modal one) to the model's default
  factors and every member's position and salience on that paragraph's issue names the top
  three factors by mu*, with the bootstrap's 95% half-width: with a few trajectories the
  ranks below the first are rough (docs/sensitivity.md measures how rough).
  `SCREEN_TRAJECTORIES` trajectories, `SCREEN_RUNS` runs per sample, the audit's seed.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from game import agents
from game.council import Council
from game.procedure import Procedure
from game.session import Session

SALIENCE_FLOOR = 0.05
MIN_SHIFT = 0.05  # a share must move by at least this much to count as an effect
Z = 3.0  # ... and by more than this many standard errors of the paired differences
SCREEN_TRAJECTORIES = 4  # the contested paragraphs' Morris screening: trajectories ...
SCREEN_RUNS = 6  # ... and negotiations per sample (the same seeds for every sample)
SCREEN_TOP = 3  # factors named per paragraph
RESULT = ("outcome", "final")  # what "how the negotiation ends" means for the member tests
PROCESS = ("outcome", "final", "tally", "broke")  # ... and for the event tests


@dataclass
class Finding:
    path: tuple  # raw path in the YAML data (keys and list indices)
    message: str
    level: str = "warning"  # warning | note | info


@dataclass
class RunSet:
    """What a set of negotiations came to: per run, its features (("outcome", o),
    ("final", issue, variant), ("tally", t), ("broke", member)), and counters."""

    runs: int = 0
    features: list[frozenset] = field(default_factory=list)
    outcome: Counter = field(default_factory=Counter)
    tally: Counter = field(default_factory=Counter)
    final: dict[str, Counter] = field(default_factory=dict)
    in_draft: dict[str, Counter] = field(default_factory=dict)
    asked: dict[str, Counter] = field(default_factory=dict)
    contested: Counter = field(default_factory=Counter)
    fired: Counter = field(default_factory=Counter)
    broke: Counter = field(default_factory=Counter)
    tabled: Counter = field(default_factory=Counter)
    votes: dict[str, Counter] = field(default_factory=dict)
    first_broken: int = 0
    silences: Counter = field(default_factory=Counter)
    held: Counter = field(default_factory=Counter)  # silence number -> runs in which it held
    last_day: list[float] = field(default_factory=list)

    def add(self, state) -> None:
        c = state.council
        self.runs += 1
        ids = state.draft_ids()
        outcome = state.outcome.value if state.outcome else "unfinished"
        feats = {("outcome", outcome), ("tally", str(state.tally) if state.tally else "")}
        feats |= {("final", i, v) for i, v in ids.items()}
        breakers = {m for s in state.silences for m in s.breakers}
        feats |= {("broke", m) for m in breakers}
        self.features.append(frozenset(feats))
        self.outcome[outcome] += 1
        if state.tally is not None:
            self.tally[str(state.tally)] += 1
        for issue, variant in ids.items():
            self.final.setdefault(issue, Counter())[variant] += 1
        seen = {(i, v) for d in state.drafts for i, v in state.draft_ids(d).items()}
        for issue, variant in seen:
            self.in_draft.setdefault(issue, Counter())[variant] += 1
        asked = set()
        for a in state.amendments:
            info = c.issues[a.issue]
            asked.add((info.id, info.variant_ids[a.variant]))
        for issue, variant in asked:
            self.asked.setdefault(issue, Counter())[variant] += 1
        self.contested.update({i for i, _v in asked})
        self.tabled.update({s for a in state.amendments for s in a.sponsors})
        self.fired.update(set(state.injected))
        self.broke.update(breakers)
        for m, b in state.ballots.items():
            self.votes.setdefault(m, Counter())[b.value] += 1
        if state.silences and state.silences[0].breakers:
            self.first_broken += 1
        self.silences[len(state.silences)] += 1
        for s in state.silences:
            if s.held:
                self.held[s.number] += 1
        self.last_day.append(state.t / (24 * 60))


class _Bystander(Session):
    """A session in which member `bystander` decides nothing: its agent's decisions are
    computed (the random draws stay in step with an ordinary run) and then dropped."""

    def __init__(self, *args, bystander: str, **kwargs):
        self._bystander = bystander
        super().__init__(*args, **kwargs)

    def _agent_turn(self, turn) -> None:
        if turn.member != self._bystander or turn.kind not in ("amend", "vote", "explain"):
            return super()._agent_turn(turn)
        st, rng = self.state, self.rng
        j = st.council.index[turn.member]
        if turn.kind == "amend":
            agents.decide_cosponsorship(st, j)
            agents.decide_amendments(st, j, rng)
        elif turn.kind == "vote":
            agents.decide_vote(st, j, rng)
            self.cast_vote(turn.member, "yes")
        else:
            agents.decide_explanation(st, j, rng)

    def _break(self, actor, reqs, reasons_text, joins=None, threat=None, strength=None):
        if actor == self._bystander or joins == self._bystander:
            return None
        return super()._break(actor, reqs, reasons_text, joins=joins, threat=threat, strength=strength)


def simulate(scenario, runs: int, seed: int = 0, bystander: str | None = None,
             inject: str | None = None, procedure=None, council=None) -> RunSet:
    """`runs` AI negotiations (run i with the i-th child of SeedSequence(seed)); with a
    `bystander`, that member decides nothing; with `inject`, that event is fired after the
    read-through (the first turn)."""
    procedure = procedure or Procedure()
    council = council or Council(scenario)
    out = RunSet()
    for i in range(runs):
        child = np.random.SeedSequence(seed, spawn_key=(i,))
        if bystander is None:
            s = Session(scenario, child, procedure=procedure, council=council)
        else:
            s = _Bystander(scenario, child, procedure=procedure, council=council, bystander=bystander)
        if inject is not None:
            s.step()
            s.inject(inject)
        s.run()
        out.add(s.state)
    return out


@dataclass
class Comparison:
    differ: int  # paired runs whose result differs
    key: tuple | None  # the feature whose share moved most significantly (None: none did)
    shift: float  # its (signed) change in share
    largest: float  # the largest absolute change, significant or not
    before: float = 0.0
    after: float = 0.0


def compare(base: RunSet, other: RunSet, kinds=RESULT) -> Comparison:
    """Paired comparison of two run sets made with the same seeds."""
    a_runs = [frozenset(f for f in x if f[0] in kinds) for x in base.features]
    b_runs = [frozenset(f for f in x if f[0] in kinds) for x in other.features]
    n = len(a_runs)
    differ = sum(1 for a, b in zip(a_runs, b_runs, strict=True) if a != b)
    best = Comparison(differ, None, 0.0, 0.0)
    if not differ or n < 2:
        return best
    keys = set().union(*a_runs, *b_runs)
    for key in keys:
        d = [(key in b) - (key in a) for a, b in zip(a_runs, b_runs, strict=True)]
        mean = sum(d) / n
        var = sum((x - mean) ** 2 for x in d) / (n - 1)
        se = math.sqrt(var / n)
        best.largest = max(best.largest, abs(mean))
        if abs(mean) >= MIN_SHIFT and abs(mean) > Z * se and abs(mean) > abs(best.shift):
            best.key, best.shift = key, mean
            best.before = sum(key in a for a in a_runs) / n
            best.after = best.before + mean
    return best


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _dist(cnt: Counter, n: int, k: int = 3) -> str:
    return ", ".join(f"{v} {_pct(c / n)}" for v, c in cnt.most_common(k)) or "none"


def _what(cmp: Comparison) -> str:
    key = cmp.key
    change = f"{_pct(cmp.before)} -> {_pct(cmp.after)}"
    if key[0] == "outcome":
        return f"{key[1]} {change}"
    if key[0] == "final":
        return f"final text of {key[1]} '{key[2]}' {change}"
    if key[0] == "tally":
        return f"tally {key[1] or '(no vote)'} {change}"
    return f"{key[1]} breaks silence {change}"


def _count(k: int, n: int) -> str:
    return f"{k} of {n} runs"


@dataclass
class Audit:
    scenario: object
    runs: int
    seed: int
    base: RunSet
    findings: list[Finding]
    summary: list[str]
    deciders: list[str] = field(default_factory=list)  # "What decides each contested paragraph"


def _without_stake(sc, mid: str):
    mb = sc.members[mid]
    quiet = mb.model_copy(update={"salience": dict.fromkeys(mb.salience, 0.0), "red_lines": {}})
    return sc.model_copy(update={"members": {**sc.members, mid: quiet}})


def audit(scenario, runs: int = 300, seed: int = 0, progress: Callable[[str], None] | None = None,
          source=None) -> Audit:
    """Run the audit (see the module docstring). With `source` (the scenario's file), also
    screen what decides each contested paragraph (`deciders`)."""
    sc = scenario
    say = progress or (lambda _s: None)
    proc, council = Procedure(), Council(sc)
    findings: list[Finding] = []
    say(f"auditing {sc.id}: {runs} negotiations per test")
    base = simulate(sc, runs, seed, procedure=proc, council=council)
    n = base.runs
    _static(sc, findings)
    _variants(sc, base, findings)

    for mid in sorted(sc.members):
        if mid == sc.penholder:
            continue
        say(f"  member {mid}")
        by = compare(base, simulate(sc, runs, seed, bystander=mid, procedure=proc, council=council))
        quiet_sc = _without_stake(sc, mid)
        stake = compare(base, simulate(quiet_sc, runs, seed, procedure=proc, council=Council(quiet_sc)))
        votes = base.votes.get(mid, Counter())
        acts = (f"it tables or backs amendments in {_pct(base.tabled[mid] / n)} of runs, breaks silence in "
                f"{_pct(base.broke[mid] / n)}, votes {_dist(votes, max(sum(votes.values()), 1))}")
        if by.key is None and stake.key is None:
            how = ("every paired run ends the same" if by.differ == 0 and stake.differ == 0 else
                   f"no outcome or final-text share moves beyond noise (largest shift "
                   f"{_pct(max(by.largest, stake.largest))})")
            findings.append(Finding(
                ("members", mid),
                f"inert: neither its decisions (replaced by a bystander's) nor its stake (salience 0) "
                f"change how the negotiation ends: {how} ({acts}). If it should matter, raise its "
                "salience where it disagrees with the zero draft, its assertiveness, or give it a red line"))
        elif by.key is None:
            findings.append(Finding(
                ("members", mid),
                f"its decisions never change how the negotiation ends (as a bystander: "
                f"{'no run' if by.differ == 0 else 'no share beyond noise'}), but its stake does "
                f"(with salience 0: {_what(stake)}): the penholder accommodates it before it has to act "
                f"({acts})", "note"))
        else:
            findings.append(Finding(
                ("members", mid),
                f"matters: as a bystander, {_what(by)}" +
                (f"; with salience 0, {_what(stake)}" if stake.key else ""), "info"))

    for k, ev in enumerate(sc.events):
        _event(sc, k, ev, base, runs, seed, proc, council, findings, say)

    decide = deciders(source, sc, base, seed, say) if source is not None else []
    return Audit(sc, runs, seed, base, findings, _summary(sc, base), decide)


def contested_issues(sc, base: RunSet) -> list[str]:
    """Paragraphs someone asked to change, or whose final text differs between runs."""
    return [i.id for i in sc.issues if base.contested[i.id] or len(base.final.get(i.id, ())) > 1]


def deciders(source, sc, base: RunSet, seed: int, say=None, trajectories: int = SCREEN_TRAJECTORIES,
             runs: int = SCREEN_RUNS, only: list[str] | None = None) -> list[str]:
    """What decides each contested paragraph (of those in `only`, if given): the module
    docstring's screening, as lines (a header, then one per paragraph)."""
    from game.sensitivity import DEFAULT_MODEL_FACTORS, analyse, load_setup, target_variants

    say = say or (lambda _s: None)
    contested = [i for i in contested_issues(sc, base) if only is None or i in only]
    if not contested:
        return ["no contested paragraph: nobody asks to change any, and every run ends with the same text"]
    targets = target_variants(sc, [base.final])  # (the audit's own runs' final texts, counted)
    k = len(DEFAULT_MODEL_FACTORS) + 2 * len(sc.members)
    lines = [f"Morris screening per paragraph: {trajectories} trajectories x {k + 1} points x {runs} "
             f"runs, seed {seed}; {k} factors: the model's {len(DEFAULT_MODEL_FACTORS)} default "
             "constants and every member's position and salience on the paragraph's issue; mu* = the "
             "share's mean change over a factor's range, +/- its 95% half-width (a rough screen: "
             "'penholder sensitivity' does it at length)"]
    issues = {i.id: i for i in sc.issues}
    for iid in contested:
        say(f"  what decides {iid}")
        extra = [f"members.{m}.{what}.{iid}" for m in sorted(sc.members) for what in ("positions", "salience")]
        setup = load_setup(source, None, extra, scenario=sc)
        result = analyse(setup, trajectories=trajectories, runs=runs, seed=seed, workers=1, targets=targets)
        o = next(x for x in result.document["outputs"] if x["output"] == f"text.{iid}")
        v, why = targets[iid]
        head = (f"OP{issues[iid].paragraph} {iid}: '{v}' ({why}) in {_pct(base.final[iid][v] / base.runs)} "
                f"of runs ({_pct(o['min'])}-{_pct(o['max'])} across samples)")
        if o["max"] == o["min"]:
            lines.append(f"{head}: no factor moves it in this screening")
            continue
        top = [n for n in o["ranked"][:SCREEN_TOP] if o["indices"][n]["mu_star"]]
        lines.append(f"{head}: decided by " + ", ".join(
            f"{n} (mu* {o['indices'][n]['mu_star']:.2f} +/- {o['indices'][n]['mu_star_conf']:.2f})"
            for n in top))
    return lines


def _static(sc, findings: list[Finding]) -> None:
    index = {i.id: k for k, i in enumerate(sc.issues)}
    for k, issue in enumerate(sc.issues):
        mid, mb = max(sc.members.items(), key=lambda kv: kv[1].salience[issue.id])
        if mb.salience[issue.id] <= SALIENCE_FLOOR:
            findings.append(Finding(
                ("issues", k),
                f"no member cares about this issue (highest salience {mb.salience[issue.id]:g}, {mid}): "
                f"nobody will ever ask to change OP {issue.paragraph}, so it stays "
                f"'{sc.zero_draft[issue.id]}'. Raise the salience of the members it matters to, or drop it"))
    for mid, mb in sc.members.items():
        for issue_id, rl in mb.red_lines.items():
            lo = -1.0 if rl.min is None else rl.min
            hi = 101.0 if rl.max is None else rl.max
            pos = mb.positions[issue_id]
            if not lo <= pos <= hi:
                findings.append(Finding(
                    ("members", mid, "red_lines", issue_id),
                    f"{mid}'s own position ({pos:g}) is outside its red line: it would refuse the text it "
                    "wants. Move the position or the line"))
            if not any(lo <= v.position <= hi for v in sc.issues[index[issue_id]].variants):
                findings.append(Finding(
                    ("members", mid, "red_lines", issue_id),
                    f"every variant of {issue_id} crosses {mid}'s red line: {mid} can never vote yes. "
                    "Widen the line or add a variant inside it"))


def _variants(sc, base: RunSet, findings: list[Finding]) -> None:
    n = base.runs
    for k, issue in enumerate(sc.issues):
        final = base.final.get(issue.id, Counter())
        hist = sc.history.final_text.get(issue.id) if sc.history else None
        for kv, v in enumerate(issue.variants):
            if final[v.id]:
                continue
            drafted = base.in_draft.get(issue.id, Counter())[v.id]
            asked = base.asked.get(issue.id, Counter())[v.id]
            head = f"never in the final text in {n} runs (final: {_dist(final, n)})"
            level = "warning"
            if v.id == sc.zero_draft[issue.id]:
                msg = f"{head}; it is the zero draft's text and every run moves away from it (fine if intended)"
                level = "note"
            elif v.id == hist:
                msg = (f"{head}; it is the RECORD's final text, so runs cannot reproduce history here: "
                       "move positions toward it or raise the salience of the members who wanted it")
            elif drafted:
                msg = (f"{head}; it appears in a draft in {_count(drafted, n)} but never survives: the "
                       "members who object to it outweigh those who asked for it")
                level = "note"
            elif asked:
                msg = (f"{head}; asked for in {_count(asked, n)} but never taken on board: the penholder "
                       "weighs its own text and the room against it (its consensus_value, the askers' "
                       "salience); fine if it should stay out of reach")
                level = "note"
            else:
                msg = (f"{head}; no member ever asks for it (no member's position is nearest to it), so "
                       "the agents can never reach it: only players can choose it. Move a member's "
                       "position toward it, or keep it as a deliberate what-if")
            findings.append(Finding(("issues", k, "variants", kv), msg, level))
        if not base.contested[issue.id] and any(
                mb.salience[issue.id] > SALIENCE_FLOOR for mb in sc.members.values()):
            findings.append(Finding(
                ("issues", k),
                f"uncontested: no member asks to change OP {issue.paragraph} in {n} runs (it stays "
                f"'{sc.zero_draft[issue.id]}'); fine for a consensus paragraph, otherwise move some "
                "members' positions away from the zero draft", "note"))


def _event(sc, k, ev, base, runs, seed, proc, council, findings, say) -> None:
    n = base.runs
    effective = bool(ev.shifts) or ev.mandate_expiry is not None
    if ev.date is not None:
        fired = base.fired[ev.id]
        if fired == 0:
            last = sc.calendar.zero_draft + dt.timedelta(days=int(max(base.last_day, default=0)))
            findings.append(Finding(
                ("events", k, "date"),
                f"never fires: every run ends by {last:%a %d %b %Y}, before its date {ev.date:%a %d %b %Y}. "
                "Move it earlier, or remove the date so the facilitator fires it by hand"))
            return
        if fired < n:
            findings.append(Finding(("events", k, "date"),
                                    f"fires in {_pct(fired / n)} of runs (the others end before {ev.date:%d %b})",
                                    "note"))
        if not effective:
            return
        say(f"  event {ev.id} (runs without it)")
        trimmed = sc.model_copy(update={"events": [e for e in sc.events if e.id != ev.id]})
        cmp = compare(simulate(trimmed, runs, seed, procedure=proc, council=Council(trimmed)), base, PROCESS)
        what = "with and without it"
    else:
        if not effective:
            findings.append(Finding(("events", k), "undated and message only: the facilitator fires it by "
                                    "hand; it changes nobody's views", "note"))
            return
        say(f"  event {ev.id} (injected)")
        cmp = compare(base, simulate(sc, runs, seed, inject=ev.id, procedure=proc, council=council), PROCESS)
        what = "undated (the facilitator fires it); injected after the read-through,"
    if cmp.differ == 0:
        findings.append(Finding(
            ("events", k),
            f"its shifts change nothing: {what} all {n} runs end the same (outcome, tally, final text, "
            "silence breakers). Make the shifts larger, or aim them at members with a stake in a "
            "contested paragraph" + ("; fine if the news is there for the story" if ev.date else ""),
            "note" if ev.date else "warning"))
    elif cmp.key is None:
        findings.append(Finding(
            ("events", k),
            f"a weak inject: {what} it changes {_count(cmp.differ, n)} but no share beyond noise "
            f"(largest shift {_pct(cmp.largest)})", "note"))
    else:
        findings.append(Finding(("events", k), f"matters: {what} {_what(cmp)}", "info"))


def _summary(sc, base: RunSet) -> list[str]:
    n = max(base.runs, 1)
    out = [f"{base.runs} AI negotiations: " + _dist(base.outcome, n, 5)
           + (f"; modal tally {base.tally.most_common(1)[0][0]}" if base.tally else "")]
    sil = ", ".join(f"{k} silence{'s' if k != 1 else ''} {_pct(c / n)}" for k, c in sorted(base.silences.items()))
    had = {k: sum(c for m, c in base.silences.items() if m >= k) for k in base.held}
    held = ", ".join(f"silence {k} held in {_pct(c / max(had[k], 1))} of the runs that had it"
                     for k, c in sorted(base.held.items()))
    out.append(f"first silence broken in {_pct(base.first_broken / n)}; {sil}" + (f"; {held}" if held else ""))
    breakers = sorted(base.broke.items(), key=lambda kv: -kv[1])
    out.append("broke a silence: " + (", ".join(f"{m} {_pct(c / n)}" for m, c in breakers) or "nobody"))
    h = sc.history
    if h is not None:
        rec = f"record: {h.outcome}"
        if h.tally != "unknown":
            rec += " " + "-".join(str(sum(1 for b in h.tally.values() if b == x)) for x in ("yes", "no", "abstain"))
        if h.silences != "unknown":
            rec += "; silences: " + "; ".join(
                "unknown" if s.broken_by == "unknown" else ("broken by " + ", ".join(s.broken_by) if s.broken_by else "held")
                for s in h.silences)
        out.append(rec)
        matches = [f"{i} {_pct(base.final.get(i, Counter())[v] / n)}" for i, v in h.final_text.items() if v != "unknown"]
        if matches:
            out.append("record's final text reached in: " + ", ".join(matches))
    return out


def format_findings(result: Audit, source: str, lines=None, data=None, verbose: bool = False) -> list[str]:
    """The findings as ``file:LINE: path: level: message`` lines (warnings first)."""
    from game.scenario import format_path

    order = {"warning": 0, "note": 1, "info": 2}
    out = []
    for f in sorted(result.findings, key=lambda f: order[f.level]):
        if f.level == "info" and not verbose:
            continue
        line = lines.line(f.path) if lines is not None else 0
        out.append(f"{source}:{line}: {format_path(f.path, data)}: {f.level}: {f.message}")
    return out


def cmd_audit(args) -> int:
    """`check --audit`: validate, then audit each valid file."""
    from game import yamlsafe
    from game.scenario import check_one

    if args.runs < 2:
        print("check --audit: --runs must be at least 2")
        return 1
    status = 0
    for path in args.paths:
        sc = check_one(path, getattr(args, "lang", "en"))
        if sc is None:
            status = 1
            continue
        doc = yamlsafe.parse_yaml(path)
        quiet = getattr(args, "quiet", False)
        result = audit(sc, runs=args.runs, seed=args.seed,
                       progress=None if quiet else (lambda s: print(s, file=sys.stderr, flush=True)),
                       source=path if getattr(args, "sensitivity", False) else None)
        for line in result.summary:
            print(f"{path}: audit: {line}")
        for line in format_findings(result, os.fspath(path), doc.lines, doc.data, verbose=args.verbose):
            print(line)
        if result.deciders:
            print(f"{path}: audit: what decides each contested paragraph")
            for line in result.deciders:
                print(f"{path}: audit:   {line}")
        warnings = sum(1 for f in result.findings if f.level == "warning")
        notes = sum(1 for f in result.findings if f.level == "note")
        print(f"{path}: audit: {warnings} warning{'s' if warnings != 1 else ''}, {notes} note"
              f"{'s' if notes != 1 else ''} ({result.runs} runs per test, seed {result.seed})")
    return status
