"""Simulated continuations of a saved session: "from here, how does it tend to end?"

The game's live odds, the debrief's "where your outcome sits" and the batch command's
``--from-log`` all call `continuations`. Continuation k restores the session at event
`at` (re-running the recorded decisions), hands every seat to its agent with the k-th
child of ``SeedSequence(seed)``, and runs to the end.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from game.council import Council
from game.events import Event
from game.procedure import Procedure
from game.replay import restore, scenario_of
from game.stats import run_row


def continuation_seeds(seed: int, runs: int, start: int = 0) -> list[np.random.SeedSequence]:
    """Child i of SeedSequence(seed), for i in [start, start + runs): the same child
    whatever the number of workers or where a batch resumed."""
    return [np.random.SeedSequence(seed, spawn_key=(i,)) for i in range(start, start + runs)]


def iter_continuations(header: dict, events: list[Event], at: int | None, runs: int, seed: int,
                       start: int = 0) -> Iterator[dict]:
    """Rows (see `game.stats.run_row`) of `runs` continuations from event `at`."""
    scenario, _ = scenario_of(header)
    council, procedure = Council(scenario), Procedure()  # shared by every continuation
    for i, child in enumerate(continuation_seeds(seed, runs, start), start=start):
        session = restore(header, events, at, scenario=scenario, council=council, procedure=procedure)
        row_at = len(session.log)
        session.hand_over_to_agents(child).run()
        row = run_row(session.state)
        row["run"] = i
        row["from_event"] = row_at
        yield row


def continuations(header: dict, events: list[Event], at: int | None, runs: int, seed: int) -> list[dict]:
    return list(iter_continuations(header, events, at, runs, seed))


def adoption_odds(header: dict, events: list[Event], runs: int = 50, seed: int = 0) -> dict:
    """Shares of outcomes (and of the current silence holding, if one is running) over
    `runs` continuations from the end of the log."""
    rows = continuations(header, events, None, runs, seed)
    n = len(rows) or 1
    out = {o: sum(1 for r in rows if r["outcome"] == o) / n
           for o in ("adopted", "not_adopted", "vetoed", "rollover", "lapsed")}
    silences_now = sum(1 for e in events if e.kind == "place_under_silence")
    if silences_now:
        held = sum(1 for r in rows if len(r["breakers"]) >= silences_now and not r["breakers"][silences_now - 1])
        out["silence_holds"] = held / n
    out["runs"] = len(rows)
    return out
