"""Events: the single record of what happened, and the JSON Lines log that keeps them.

A log file is one header line followed by one line per event::

    {"format": "penholder-log", "version": 1, "package": "0.1.0", "seed": 1,
     "outside": ["FRA"], "scenario_hash": "...", "scenario": {...}}
    {"seq": 1, "t": 600, "kind": "circulate_zero_draft", "actor": "FRA", "data": {...}}

``t`` is minutes since 00:00 on the scenario's zero-draft day. Random outcomes are in the
events (a ballot, a silence-break and its reasons), so replaying a log re-rolls nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOG_FORMAT = "penholder-log"
LOG_VERSION = 2
"""2 (December 2026): the negotiation model of game/model (private instructions, beliefs,
threats, host letters, ballots weighed against the reversion). A version-1 log was made by
the first engine and cannot be replayed or verified by this one."""


@dataclass(slots=True)
class Event:
    seq: int
    t: int
    kind: str
    actor: str | None
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "t": self.t, "kind": self.kind, "actor": self.actor, "data": self.data}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Event:
        return cls(int(obj["seq"]), int(obj["t"]), str(obj["kind"]), obj.get("actor"), dict(obj.get("data") or {}))


class LogError(Exception):
    """A log file that cannot be read (named by file and line)."""


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def log_lines(header: dict[str, Any], events) -> list[str]:
    return [dumps(header)] + [dumps(e.to_json()) for e in events]


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike, newline: str | None = None):
    """A text file written whole or not at all (temp file, fsync, rename): a crash leaves
    either the old file or the new one, never half. Readable like any file the user creates
    (mkstemp alone would leave it private: 0600)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write a whole text file atomically (see `atomic_file`)."""
    with atomic_file(path) as fh:
        fh.write(text)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_log(path, header: dict[str, Any], events) -> None:
    write_atomic(path, "\n".join(log_lines(header, events)) + "\n")


def read_log(path) -> tuple[dict[str, Any], list[Event]]:
    """Read a log; errors say which line is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LogError(f"{path}: cannot read: {exc}") from exc
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise LogError(f"{path}:1: empty log")
    try:
        header = json.loads(lines[0])
    except json.JSONDecodeError as exc:
        raise LogError(f"{path}:1: header is not JSON: {exc}") from exc
    if not isinstance(header, dict) or header.get("format") != LOG_FORMAT:
        raise LogError(f"{path}:1: not a Penholder log (no '\"format\": \"{LOG_FORMAT}\"' header)")
    if header.get("version") != LOG_VERSION:
        raise LogError(f"{path}:1: log format version {header.get('version')!r}: this Penholder "
                       f"reads version {LOG_VERSION} (a log of another version was made by another "
                       f"engine; replay it with the Penholder release that wrote it)")
    events = []
    for n, line in enumerate(lines[1:], start=2):
        try:
            events.append(Event.from_json(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise LogError(f"{path}:{n}: not a valid event: {exc}") from exc
    return header, events
