"""Events: the single record of what happened, and the JSON Lines log that keeps them.

A log file is one header line followed by one line per event::

    {"format": "penholder-log", "version": 1, "package": "0.2.0", "seed": 1,
     "outside": ["FRA"], "scenario_hash": "...", "scenario": {...}}
    {"seq": 1, "t": 600, "kind": "circulate_zero_draft", "actor": "FRA", "data": {...}}

``t`` is minutes since 00:00 on the scenario's zero-draft day. Random outcomes are in the
events (a ballot, a silence-break and its reasons), so replaying a log re-rolls nothing.

One writer (`dumps`, `save_log`) and one reader (`read_log`) for every command:

- the writer never puts a line break inside a record: JSON escapes ``\\n`` and ``\\r``,
  and `dumps` also escapes U+0085, U+2028 and U+2029 (which ``str.splitlines`` and
  many editors treat as line breaks) and lone surrogates (which UTF-8 cannot encode);
  ordinary text is written byte for byte as before;
- the reader splits on ``b"\\n"`` only and is bounded (`MAX_LOG_BYTES`, `MAX_LINE_BYTES`,
  `MAX_DEPTH`): any damaged file becomes one `LogError` naming the file and the line.
  `game.replay.load_log` adds the scenario and the events' meaning on top of it.

A log may end with a seal line (``{"seal": {...}}``, see `game.seal`), which the reader
sets aside: it is not an event.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cython

LOG_FORMAT = "penholder-log"
LOG_VERSION = 3
"""3 (December 2026): each capital's private view of each text (`instructions` event,
`taste`) replaces the judgement noise drawn at each decision; a version-2 log's choices were
drawn otherwise and cannot be verified by this engine.
2 (December 2026): the negotiation model of game/model (private instructions, beliefs,
threats, host letters, ballots weighed against the reversion). A version-1 log was made by
the first engine and cannot be replayed or verified by this one."""

# Bounds of the reader. A real session log is 40-400 KB (the header holds the scenario;
# a scenario file is at most 1 MiB, see game.yamlsafe).
MAX_LOG_BYTES = 64 << 20
MAX_LINE_BYTES = 8 << 20
MAX_DEPTH = 64
MAX_EVENTS = 200_000


@cython.cclass
class Record:
    """What a slots dataclass gave `Event` and game.state's `Amendment` and `Silence`, written
    out once for the three: equality of the fields (of the same type, field by field:
    `_fields`, named by the class's `_NAMES`), a repr ``Type(name=value, ...)``, and no hash
    (mutable and compared by value, as the dataclasses were). Compiled, the extension types'
    base (game/events.pxd)."""

    __slots__ = ()

    def _fields(self) -> tuple:
        raise NotImplementedError

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(" + ", ".join(
            f"{name}={value!r}" for name, value in zip(self._NAMES, self._fields(), strict=True)) + ")"


_EVENT_FIELDS = ("seq", "t", "kind", "actor", "data")


@cython.cclass
class Event(Record):
    """One event: its number (`seq`, from 1), its time (`t`, minutes), its `kind`, the member
    who acted (`actor`, None for the Council's own steps) and what it records (`data`).

    What a slots dataclass gave it, written out: keyword or positional construction, equality
    of the five fields, a repr, no hash (`Record`). Compiled, an extension type (game/events.pxd): the
    session makes one per event and `state.apply` reads its fields in C, without the
    dataclass's interpreted `__init__` or attribute look-ups."""

    __slots__ = _EVENT_FIELDS
    _NAMES = _EVENT_FIELDS

    def __init__(self, seq: int, t: int, kind: str, actor: str | None, data: dict[str, Any] | None = None):
        self.seq = seq
        self.t = t
        self.kind = kind
        self.actor = actor
        self.data = {} if data is None else data

    def _fields(self) -> tuple:
        return (self.seq, self.t, self.kind, self.actor, self.data)

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "t": self.t, "kind": self.kind, "actor": self.actor, "data": self.data}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Event:
        return cls(int(obj["seq"]), int(obj["t"]), str(obj["kind"]), obj.get("actor"), dict(obj.get("data") or {}))


class LogError(Exception):
    """A log file that cannot be read (named by file and line)."""


class WriteError(OSError):
    """A file that cannot be written: the message names it and says why, in one line."""

    def __str__(self) -> str:
        return self.args[0] if self.args else "cannot write"


# ------------------------------------------------------------------------------ writing

# Characters json.dumps(ensure_ascii=False) leaves raw that some readers take for line
# breaks (str.splitlines, editors, JavaScript), and lone surrogates UTF-8 cannot encode.
_UNSAFE = re.compile("[\u0085\u2028\u2029\ud800-\udfff]")


def _escape(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def dumps(obj: Any, sort_keys: bool = True) -> str:
    """One record as one line of JSON: sorted keys, no spaces, UTF-8 text as is except the
    characters some readers split lines on (escaped, so the line stays one line)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def log_lines(header: dict[str, Any], events) -> list[str]:
    return [dumps(header)] + [dumps(e.to_json()) for e in events]


TEMP_SUFFIX = ".penholder-tmp"
_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")
STALE_TEMP_SECONDS = 60.0
# the temp names of earlier versions (no lock was held then: removed after an hour)
_LEGACY_TEMP = re.compile(r"^\..+\.(jsonl|json|csv|html|yaml|png)\.[a-z0-9_]{8}\.tmp$")
LEGACY_STALE_SECONDS = 3600.0


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def writable_target(path: str | os.PathLike) -> Path:
    """Check, before any work is done, that `path` can be written as a file: not a folder,
    no file where a folder is needed. Returns the path; raises `WriteError`."""
    path = Path(path)
    if os.fspath(path) == "":
        raise WriteError("'': an empty name is not a file name")
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            raise WriteError(f"{path}: cannot write: a part of the path is a file, not a folder") from None
        raise WriteError(f"{path}: cannot write: {_why(exc)}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteError(f"{path}: is a folder; give a file name")
    parent = path.parent
    while not parent.exists():
        if parent.is_symlink():
            break
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise WriteError(f"{path}: cannot write: {parent} is a file, not a folder")
    return path


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Are `a` and `b` the same file (the same inode when both exist, links and all; the
    same resolved path otherwise)?"""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        try:
            return Path(a).resolve() == Path(b).resolve()
        except (OSError, RuntimeError, ValueError):
            return False


def refuse_overwrite(out: str | os.PathLike, inputs, option: str = "--out") -> None:
    """Raise `WriteError` if the file a command is about to write is one of its inputs."""
    for inp in inputs:
        if inp is not None and same_file(out, inp):
            raise WriteError(f"{out}: {option} is one of this command's inputs ({inp}), which it would "
                             "overwrite: choose another file name")


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike, newline: str | None = None):
    """A text file written whole or not at all (a uniquely named temp file in the same
    folder, fsync, rename): a crash leaves either the old file or the new one, never half,
    and concurrent writers never share a temp file. Readable like any file the user
    creates (mkstemp alone would leave it private: 0600). Temp files left by a killed
    writer (``.NAME.XXXXXXXX.penholder-tmp``) are removed by the next write into the same
    folder once no process holds them (`sweep_stray_temps`). A symbolic link is written
    through (its target is replaced, the link stays); an existing character device or pipe
    (``/dev/null``, ``/dev/stdout``) is written directly, never renamed over. Failures
    raise `WriteError` (an OSError) naming the file."""
    path = writable_target(path)
    try:
        st = path.stat()  # through links: /dev/stdout is a link to a pipe, a terminal or a file
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode) and path.is_symlink():
        path = path.resolve()  # replace what the link points to, not the link
    if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        try:
            with open(path, "w", encoding="utf-8", newline=newline) as fh:
                yield fh
        except OSError as exc:
            if isinstance(exc, WriteError) or exc.filename not in (None, os.fspath(path)):
                raise
            raise WriteError(f"{path}: cannot write: {_why(exc)}") from None
        return
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise WriteError(f"{path}: not a regular file; will not write over it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sweep_stray_temps(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {_why(exc)}") from None
    _lock(fd)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            os.replace(tmp, path)  # while the lock is held: a sweeper never takes a live temp
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, WriteError) or exc.filename not in (None, tmp, os.fspath(path)):
            raise  # the caller's own failure (reading another file), not this write's
        raise WriteError(f"{path}: cannot write: {_why(exc)}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _lock(fd: int) -> None:
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (ImportError, OSError):  # pragma: no cover - no flock: the age alone decides
        pass


def sweep_stray_temps(folder: str | os.PathLike, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove the temp files `atomic_file` left in `folder` when its writer was killed:
    only names of its own pattern, only older than `older_than` seconds, and only if no
    process holds their lock (a writer holds it until its rename). Returns what it
    removed; never raises."""
    removed = []
    try:
        names = [n for n in os.listdir(folder) if n.endswith((TEMP_SUFFIX, ".tmp"))
                 and (_TEMP_NAME.match(n) or _LEGACY_TEMP.match(n))]
    except OSError:
        return removed
    now = time.time()
    for name in names:
        p = Path(folder, name)
        age = older_than if name.endswith(TEMP_SUFFIX) else max(older_than, LEGACY_STALE_SECONDS)
        try:
            if now - p.lstat().st_mtime < age or not p.is_file() or p.is_symlink():
                continue
            fd = os.open(p, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            try:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except ImportError:  # pragma: no cover
                pass
            p.unlink()
            removed.append(p)
        except OSError:
            pass  # held by a live writer, or already gone
        finally:
            os.close(fd)
    return removed


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write a whole text file atomically (see `atomic_file`)."""
    with atomic_file(path) as fh:
        fh.write(text)


def _umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux):
    setting it to 0 and back, as the fallback does, races with other threads' files."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_log(path, header: dict[str, Any], events) -> None:
    write_atomic(path, "\n".join(log_lines(header, events)) + "\n")


# ------------------------------------------------------------------------------ reading

@dataclass
class LogFile:
    """A log as read: the header, the events, the line of each event, and the seal line
    if there is one (see `game.seal`)."""

    path: str
    header: dict[str, Any]
    events: list[Event]
    lines: list[int]  # lines[k]: the line number of events[k]
    seal: dict[str, Any] | None = None
    sealed_bytes: bytes = b""  # with a seal: the file's bytes before the seal line

    def line_of(self, seq: int) -> int | None:
        return self.lines[seq - 1] if 1 <= seq <= len(self.lines) else None


_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.S)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def _depth(line: bytes) -> int:
    """The nesting depth of a JSON text (brackets outside strings), without recursion."""
    brackets = _STRING.sub(b"", line).translate(None, _NOT_BRACKETS)
    depth = deepest = 0
    for b in brackets:
        if b in (0x5B, 0x7B):
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest


def _constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _json(raw: bytes, where: str, what: str) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LogError(f"{where}: {what} is not UTF-8 text (byte {exc.start + 1})") from None
    if _depth(raw) > MAX_DEPTH:
        raise LogError(f"{where}: {what} is nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(text, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise LogError(f"{where}: {what} is not JSON: {exc.msg} (column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:
        raise LogError(f"{where}: {what} is not valid JSON: {exc}") from None


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_header(header: Any, where: str) -> dict:
    if not isinstance(header, dict) or header.get("format") != LOG_FORMAT:
        raise LogError(f"{where}: not a Penholder log (no '\"format\": \"{LOG_FORMAT}\"' header)")
    if header.get("version") != LOG_VERSION:
        raise LogError(f"{where}: log format version {str(header.get('version'))[:40]!r}: this "
                       f"Penholder reads version {LOG_VERSION} (a log of another version was made "
                       f"by another engine; replay it with the Penholder release that wrote it)")
    seed = header.get("seed")
    ok_seed = (_is_int(seed) and seed >= 0) or (
        isinstance(seed, dict) and _is_int(seed.get("entropy")) and seed["entropy"] >= 0
        and isinstance(seed.get("spawn_key", []), list)
        and all(_is_int(k) and k >= 0 for k in seed.get("spawn_key", [])))
    if not ok_seed:
        raise LogError(f"{where}: the header's seed is not a seed (a whole number >= 0, "
                       "or {\"entropy\": N, \"spawn_key\": [...]})")
    outside = header.get("outside", [])
    if not isinstance(outside, list) or not all(isinstance(m, str) for m in outside):
        raise LogError(f"{where}: the header's \"outside\" is not a list of member ids")
    if not isinstance(header.get("scenario"), dict):
        raise LogError(f"{where}: the header holds no scenario")
    if not isinstance(header.get("scenario_hash"), str):
        raise LogError(f"{where}: the header holds no scenario hash")
    return header


def _event(obj: Any, where: str, seq: int) -> Event:
    if not isinstance(obj, dict):
        raise LogError(f"{where}: not an event (a JSON object with seq, t, kind, actor, data)")
    missing = [k for k in ("seq", "t", "kind") if k not in obj]
    if missing:
        raise LogError(f"{where}: not a valid event: no {', '.join(missing)}")
    s, t, kind, actor, data = obj["seq"], obj["t"], obj["kind"], obj.get("actor"), obj.get("data", {})
    if not _is_int(s):
        raise LogError(f"{where}: the event's seq is not a whole number")
    if s != seq:
        raise LogError(f"{where}: event {s} where event {seq} should be (a line missing, repeated or moved?)")
    if not _is_int(t) or t < 0:
        raise LogError(f"{where}: event {s}: t is not a whole number of minutes >= 0")
    if not isinstance(kind, str) or not kind:
        raise LogError(f"{where}: event {s}: kind is not a name")
    if actor is not None and not isinstance(actor, str):
        raise LogError(f"{where}: event {s}: actor is not a member id")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LogError(f"{where}: event {s}: data is not a JSON object")
    return Event(s, t, kind, actor, data)


def _lines(fh, name: str):
    """(line number, bytes) of each line, split on b"\\n" only, within the bounds."""
    total = 0
    n = 0
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        n += 1
        total += len(raw)
        if len(raw) > MAX_LINE_BYTES:
            raise LogError(f"{name}:{n}: line longer than {MAX_LINE_BYTES >> 20} MiB: not a Penholder log")
        if total > MAX_LOG_BYTES:
            raise LogError(f"{name}:{n}: the file is larger than {MAX_LOG_BYTES >> 20} MiB: not a Penholder log")
        yield n, raw


def read_log_file(path) -> LogFile:
    """Read a log within the bounds; every problem is one `LogError` naming the file and
    line. Events must be numbered 1, 2, 3... (a missing or repeated line is named)."""
    name = os.fspath(path)
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise LogError(f"{name}: is a folder, not a log file")
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISCHR(st.st_mode)):
            raise LogError(f"{name}: not a regular file")
        if st.st_size > MAX_LOG_BYTES:
            raise LogError(f"{name}: {st.st_size:,} bytes, larger than {MAX_LOG_BYTES >> 20} MiB: not a Penholder log")
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise LogError(f"{name}: cannot read: {_why(exc)}") from None
    header = None
    events: list[Event] = []
    lines: list[int] = []
    seal = None
    sealed = bytearray()
    with fh:
        try:
            for n, raw in _lines(fh, name):
                if seal is not None:
                    if raw.strip():
                        raise LogError(f"{name}:{n}: text after the seal line")
                    continue
                if not raw.strip():
                    sealed += raw
                    continue
                where = f"{name}:{n}"
                if header is None:
                    header = _check_header(_json(raw, where, "the header"), where)
                elif raw.startswith(b'{"seal":'):
                    obj = _json(raw, where, "the seal line")
                    if not isinstance(obj, dict) or set(obj) != {"seal"} or not isinstance(obj["seal"], dict):
                        raise LogError(f"{where}: not a seal line")
                    seal = obj["seal"]
                    continue
                else:
                    if len(events) >= MAX_EVENTS:
                        raise LogError(f"{where}: more than {MAX_EVENTS:,} events: not a Penholder log")
                    events.append(_event(_json(raw, where, "the line"), where, len(events) + 1))
                    lines.append(n)
                sealed += raw
        except OSError as exc:
            raise LogError(f"{name}: cannot read: {_why(exc)}") from None
    if header is None:
        raise LogError(f"{name}:1: empty log")
    return LogFile(name, header, events, lines, seal, bytes(sealed) if seal is not None else b"")


def read_log(path) -> tuple[dict[str, Any], list[Event]]:
    """Read a log (header, events); errors say which line is wrong (`read_log_file`)."""
    log = read_log_file(path)
    return log.header, log.events
