"""Bounds on the numbers a command takes (seeds, run counts, worker counts), as argparse
types shared by every command, so that ``--seed -1`` or ``--runs 10**30`` is refused
with one clear line instead of a traceback deep in numpy."""

from __future__ import annotations

import argparse
import os

MAX_SEED = 2**64 - 1  # numpy's SeedSequence takes any integer >= 0; 64 bits is plenty
# A batch of more runs is days of work and gigabytes of runs.jsonl (~600 bytes a run).
MAX_RUNS = 10_000_000
# More worker processes than a few per core only cost memory (~50 MB each).
WORKERS_PER_CORE = 4


def cores() -> int:
    """The cores this process may run on (one batch worker per core by default)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def max_workers() -> int:
    """The most worker processes a batch starts on this machine: a few per core."""
    return WORKERS_PER_CORE * cores()


def _whole(text: str) -> int:
    try:
        return int(str(text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None


def _shown(value: int) -> str:
    return f"{value:,}" if abs(value) < 10**30 else f"a number of {len(str(abs(value)))} digits"


def check_seed(value) -> int:
    """`value` if it is a valid seed, else ValueError naming the bounds."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        shown = _shown(value) if isinstance(value, int) else repr(value)
        raise ValueError(f"must be a whole number from 0 to 2**64-1 (18446744073709551615), got {shown}")
    return value


def seed(text: str) -> int:
    """argparse type of every ``--seed``: a whole number from 0 to 2**64-1."""
    value = _whole(text)
    try:
        return check_seed(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def count(low: int, high: int, why: str = ""):
    """argparse type: a whole number from `low` to `high` (``--runs``, ``--workers``);
    `why` follows the bounds in the message."""

    def parse(text: str) -> int:
        value = _whole(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:,} to {high:,}{why}, got {_shown(value)}")
        return value

    return parse
