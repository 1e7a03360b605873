"""Outcome statistics: one row per negotiation, and the summary of many.

Rows are plain JSON-able dicts, so a batch can stream them to disk as runs finish and
summarise them later (or resume); `summarise` (or, row by row in flat memory, the
`Summariser` it is made of) gives the numbers a facilitator or a
researcher reads (how often adopted, who breaks silence, what text survives) and, when
the scenario has a `history` block, how the runs compare with the record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from game.schema import Scenario
from game.state import MINUTES_PER_DAY, State

OUTCOMES = ("adopted", "not_adopted", "vetoed", "rollover", "lapsed")
BALLOTS = ("yes", "abstain", "no")


def run_row(state: State) -> dict:
    """What one negotiation came to, as a flat record."""
    tally, ballots, why = state.tally, state.ballots, state.ballot_why
    vote_on = state.vote_on
    if state.rivals and state.votes:  # several votes: report the one that decided
        v = deciding_vote(state)
        tally, ballots, why = v.tally, v.ballots, v.why
        vote_on = "rollover" if v.on == "rollover" else "resolution"
    vote_t = next((t for t in (state.blue_t,) if t is not None), None)
    return {
        "outcome": state.outcome.value if state.outcome else "unfinished",
        "vote_on": vote_on,
        "tally": str(tally) if tally else "",
        "votes": {m: b.value for m, b in ballots.items()},
        "silences": len(state.silences),
        "breakers": [s.breakers for s in state.silences],
        "rounds": state.round,
        "revisions": state.revision,
        "days": round(state.t / MINUTES_PER_DAY, 2),
        "blue_day": round(vote_t / MINUTES_PER_DAY, 2) if vote_t is not None else None,
        "final_text": state.draft_ids(),
        "explanations": [a for a, d in state.explanations if not d.get("host")],
        "injected": list(state.injected),
        # what the score's relations part reads (game.scoring)
        "why": {m: why[m] for m in ballots if m in why},
        "threats": [[m, t] for m, t in state.threats],
        "reversals": dict(state.reversals),
        "silence_breaks": _silence_breaks(state),
        # rival drafts (provisional rule 32): their sponsors in the order tabled, and the
        # draft adopted ("text": the penholder's, "rival:RUS", "rollover"; "" if none)
        "rivals": [r.sponsor for r in state.rivals],
        "adopted_draft": _adopted_draft(state),
    }


def deciding_vote(state: State):
    """The vote a row reports when several were held: the one adopted, else the last vote
    on the penholder's text or rollover (the outcome and the final text are the
    penholder's then), else the last."""
    for v in state.votes:
        if v.result.value == "adopted":
            return v
    own = [v for v in state.votes if v.on != "rival"]
    return own[-1] if own else state.votes[-1]


def _adopted_draft(state: State) -> str:
    for v in state.votes:
        if v.result.value == "adopted":
            return f"rival:{v.sponsor}" if v.on == "rival" else v.on
    return ""


def _silence_breaks(state: State) -> list:
    """[member, {issue: the text it objected to}] for every silence-break, in order."""
    out = []
    for s in state.silences:
        if not s.breaks:
            continue
        under = state.draft_ids(state.drafts[s.revision])
        for m, issues in s.breaks:
            out.append([m, {i: under[i] for i in issues}])
    return out


# summary.json figures are rounded: shares to 6 decimals (exact to one run in a million),
# means to 3 ("mean_days": 14.914, not 14.914499999999503).
SHARE_DECIMALS = 6
MEAN_DECIMALS = 3


def _p(count: float, n: int) -> float:
    """count / n as a rounded share (0.0 when n is 0)."""
    return round(count / n, SHARE_DECIMALS) if n else 0.0


def _mean(total: float, n: int) -> float:
    return round(total / n, MEAN_DECIMALS) if n else 0.0


def _share(counter: Counter, n: int, keys: Iterable[str]) -> dict[str, float]:
    return {k: _p(counter[k], n) for k in keys}


def _f1(predicted: set[str], actual: set[str]) -> float:
    if not predicted and not actual:
        return 1.0
    tp = len(predicted & actual)
    if tp == 0:
        return 0.0
    precision, recall = tp / len(predicted), tp / len(actual)
    return 2 * precision * recall / (precision + recall)


class Summariser:
    """The summary of many runs, accumulated one row at a time (counters, not a list of
    rows), so a batch of 100,000 runs summarises in flat memory. Feed the rows in run
    order for a byte-identical result: ties in the "most common" orderings and float
    sums follow the order of `add`."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.members = sorted(scenario.members)
        self.issue_ids = [i.id for i in scenario.issues]
        self.full = f"{len(self.members)}-0-0"
        h = scenario.history
        self.record_tally = None
        self.record_breakers = None
        if h is not None and h.tally != "unknown":
            self.record_tally = "-".join(
                str(sum(1 for b in h.tally.values() if b == x)) for x in ("yes", "no", "abstain"))
        if h is not None and h.silences != "unknown":
            self.record_breakers = {m for s in h.silences if s.broken_by != "unknown" for m in s.broken_by}
        self.rows = 0
        self.n = 0
        self.outcome: Counter = Counter()
        self.unanimous = 0
        self.first_broken = 0
        self.broke_any: Counter = Counter()
        self.broke_first: Counter = Counter()
        self.votes: dict[str, Counter] = {m: Counter() for m in self.members}
        self.voted = 0
        self.final: dict[str, Counter] = {i: Counter() for i in self.issue_ids}
        self.silences = 0
        self.days = 0.0
        self.rounds = 0
        self.explanations: Counter = Counter()
        self.tallies: Counter = Counter()
        self.tally_match = 0
        self.f1 = 0.0
        self.days_by_outcome: dict[str, Counter] = {}
        self.rival_runs = 0
        self.rival_adopted = 0
        self.rival_sponsors: Counter = Counter()

    def add(self, r: dict) -> None:
        self.rows += 1
        if "error" in r:
            return
        self.n += 1
        self.outcome[r["outcome"]] += 1
        resolution_vote = r["vote_on"] == "resolution"
        if resolution_vote and r["tally"] == self.full:
            self.unanimous += 1
        breakers = r["breakers"]
        if breakers and breakers[0]:
            self.first_broken += 1
        anyone = {x for b in breakers for x in b}
        self.broke_any.update(anyone)
        if breakers:
            self.broke_first.update(breakers[0])
        if resolution_vote and r["votes"]:
            self.voted += 1
            for m in self.members:
                self.votes[m][r["votes"].get(m)] += 1
        for i in self.issue_ids:
            self.final[i][r["final_text"][i]] += 1
        self.silences += r["silences"]
        self.days += r["days"]
        self.rounds += r["rounds"]
        self.explanations.update(r["explanations"])
        if r["tally"]:
            self.tallies[r["tally"]] += 1
        if r["tally"] == self.record_tally:
            self.tally_match += 1
        if self.record_breakers is not None:
            self.f1 += _f1(anyone, self.record_breakers)
        self.days_by_outcome.setdefault(r["outcome"], Counter())[int(r["days"])] += 1
        rivals = r.get("rivals")  # (rows of an older engine have none)
        if rivals:
            self.rival_runs += 1
            self.rival_sponsors.update(rivals)
            if str(r.get("adopted_draft", "")).startswith("rival:"):
                self.rival_adopted += 1

    def result(self, seed=None) -> dict:
        n, members, sc = self.n, self.members, self.scenario
        summary = {
            "scenario": sc.id,
            "runs": self.rows,
            "failed_runs": self.rows - n,
            "seed": seed,
            "outcome": _share(self.outcome, n, OUTCOMES),
            "unanimous": _p(self.unanimous, n),
            "silence": {
                "first_broken": _p(self.first_broken, n),
                "mean_silences": _mean(self.silences, n),
                "broken_by": {m: _p(self.broke_any[m], n) for m in members},
                "first_broken_by": {m: _p(self.broke_first[m], n) for m in members},
            },
            "votes": {m: _share(self.votes[m], self.voted, BALLOTS) for m in members},
            "final_text": {i: {v: _p(c, n) for v, c in cnt.most_common()} for i, cnt in self.final.items()},
            "mean_days": _mean(self.days, n),
            "mean_rounds": _mean(self.rounds, n),
            "explanations": {m: _p(c, n) for m, c in self.explanations.most_common()},
            "rival_drafts": {"tabled": _p(self.rival_runs, n), "adopted": _p(self.rival_adopted, n),
                             "by": {m: _p(c, n) for m, c in self.rival_sponsors.most_common()}},
        }
        h = sc.history
        if h is not None and n:
            hist = {"outcome": h.outcome, "outcome_match": _p(self.outcome[h.outcome], n),
                    "modal_tally": self.tallies.most_common(1)[0][0] if self.tallies else None}
            if self.record_tally is not None:
                hist["historical_tally"] = self.record_tally
                hist["tally_match"] = _p(self.tally_match, n)
            hist["final_text_match"] = {
                i: _p(self.final[i][v], n) for i, v in h.final_text.items() if v != "unknown" and i in self.final
            }
            if self.record_breakers is not None:
                hist["historical_breakers"] = sorted(self.record_breakers)
                hist["breakers_f1"] = _mean(self.f1, n)
            summary["history"] = hist
        return summary

    def days_histogram(self) -> dict[str, dict[int, int]]:
        """Runs per whole day used (zero draft to the end), by outcome: for the plots."""
        return {o: dict(sorted(c.items())) for o, c in self.days_by_outcome.items()}


def summarise(rows: Iterable[dict], scenario: Scenario, seed=None) -> dict:
    """The summary of many runs (see the batch command's summary.json)."""
    acc = Summariser(scenario)
    for r in rows:
        acc.add(r)
    return acc.result(seed)
