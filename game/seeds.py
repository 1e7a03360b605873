"""Bounds on the numbers a command takes (seeds, run counts, worker counts), as argparse
types shared by every command, so that ``--seed -1`` or ``--runs 10**30`` is refused
with one clear line instead of a traceback deep in numpy."""

from __future__ import annotations

import argparse

MAX_SEED = 2**64 - 1  # numpy's SeedSequence takes any integer >= 0; 64 bits is plenty


def _whole(text: str, what: str) -> int:
    try:
        return int(str(text).strip().replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {text!r}") from None


def check_seed(value: int, what: str = "a seed") -> int:
    """`value` if it is a valid seed, else ValueError naming the bounds."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise ValueError(f"{what} must be a whole number from 0 to 2**64-1 "
                         f"(18446744073709551615), got {value!r}")
    return value


def seed(text: str) -> int:
    """argparse type of every ``--seed``: a whole number from 0 to 2**64-1."""
    value = _whole(text, "a seed")
    try:
        return check_seed(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def count(low: int, high: int, what: str, why: str = ""):
    """argparse type: a whole number from `low` to `high` (``--runs``, ``--workers``)."""

    def parse(text: str) -> int:
        value = _whole(text, what)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{what} must be from {low:,} to {high:,}{why}, got {value:,}"
                if abs(value) < 10**30 else f"{what} must be from {low:,} to {high:,}{why}, got {text}")
        return value

    parse.__name__ = what  # argparse names the type in its messages
    return parse
