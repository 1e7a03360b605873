"""Work done off the UI thread, in a worker process (no pygame here).

- `odds`: the live gauge, `game.continuations.adoption_odds` on the session so far.
- `simulate`: the debrief's "where your outcome sits": AI-only negotiations of the same
  scenario, scored for the player's seat as the player was scored.

`OddsClient` keeps one request in flight (a newer request replaces a queued one) so the
frame never waits and the gauge always converges to the latest state.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import Future, ProcessPoolExecutor

from game.events import Event

ODDS_RUNS = 40
SIM_RUNS = 300


def odds(header: dict, events: list[dict], runs: int = ODDS_RUNS, seed: int = 0) -> dict:
    from game.continuations import adoption_odds

    evs = [Event.from_json(e) for e in events]
    out = adoption_odds(header, evs, runs=runs, seed=seed)
    out["at"] = len(events)
    return out


def simulate(header: dict, seat: str | None, runs: int = SIM_RUNS, seed: int = 2021) -> dict:
    """`runs` AI-only negotiations (child seeds of `seed`); outcome shares and, for a
    seat, the score its agent reached in each."""
    from game.continuations import continuation_seeds
    from game.council import Council
    from game.replay import scenario_of
    from game.scoring import score_row
    from game.session import Session
    from game.stats import run_row

    scenario, data = scenario_of(header)
    council = Council(scenario)
    scores, outcomes, tallies = [], {}, {}
    breakers: dict[str, int] = {}
    for child in continuation_seeds(seed, runs):
        s = Session(scenario, child, scenario_data=data).run()
        row = run_row(s.state)
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
        if row["tally"]:
            tallies[row["tally"]] = tallies.get(row["tally"], 0) + 1
        for m in {x for b in row["breakers"] for x in b}:
            breakers[m] = breakers.get(m, 0) + 1
        if seat:
            scores.append(score_row(scenario, seat, row, council).total)
    return {"runs": runs, "scores": scores, "outcomes": outcomes, "tallies": tallies,
            "breakers": breakers, "seat": seat}


class OddsClient:
    """A single worker process; `request` never blocks, `poll` picks up results."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self._pool: ProcessPoolExecutor | None = None
        self._future: Future | None = None
        self._queued: tuple | None = None
        self._sim: Future | None = None
        self.value: dict | None = None
        self.computing = False
        self.error: str | None = None
        self.simulation: dict | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: never fork a process that holds a display connection
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn"))
        return self._pool

    def request(self, header: dict, events: list[dict]) -> None:
        if not self.enabled:
            return
        job = (header, events)
        if self._future is not None and not self._future.done():
            self._queued = job
            return
        self._submit(job)

    def _submit(self, job) -> None:
        header, events = job
        try:
            self._future = self._executor().submit(odds, header, events)
            self.computing = True
        except Exception as exc:  # noqa: BLE001 - a broken pool must not crash the game
            self.error = str(exc)
            self.enabled = False

    def request_simulation(self, header: dict, seat: str | None, runs: int = SIM_RUNS) -> None:
        if not self.enabled or self._sim is not None:
            return
        try:
            self._sim = self._executor().submit(simulate, header, seat, runs)
        except Exception as exc:  # noqa: BLE001
            self.error = str(exc)

    def poll(self) -> None:
        f = self._future
        if f is not None and f.done():
            self._future = None
            try:
                self.value = f.result()
            except Exception as exc:  # noqa: BLE001
                self.error = f"odds: {exc}"
            self.computing = False
            if self._queued is not None:
                job, self._queued = self._queued, None
                self._submit(job)
        s = self._sim
        if s is not None and s.done() and self.simulation is None:
            try:
                self.simulation = s.result()
            except Exception as exc:  # noqa: BLE001
                self.error = f"simulation: {exc}"
                self.simulation = {"error": str(exc)}

    def close(self) -> None:
        if self._pool is not None:
            for f in (self._future, self._sim):
                if f is not None:
                    f.cancel()
            procs = list(getattr(self._pool, "_processes", {}).values())
            self._pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:  # do not wait for a simulation nobody will read
                if p.is_alive():
                    p.terminate()
            self._pool = None


def cpu_count() -> int:
    return os.cpu_count() or 1
