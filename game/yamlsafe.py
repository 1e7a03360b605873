"""A safe, bounded YAML front end for scenario files.

What it guarantees (see ../shared/MEASURED.md, "PyYAML 6", for why each one matters):

* Only PyYAML's safe parser (libyaml's when available). Plain YAML values only: mappings,
  lists, text, numbers, booleans, null and dates. Any other tag (``!!python/...``,
  ``!!binary``, ``!!set``, ``!custom``) is refused.
* YAML 1.2 core scalars: only ``true``/``True``/``TRUE``/``false``/``False``/``FALSE`` are
  booleans, so ``NO`` (Norway), ``yes``, ``on``, ``off``, ``y``, ``n`` stay text. Numbers
  follow YAML 1.2 too: ``1e3`` is a number; ``1_000``, ``12:30`` and ``=`` are text; ``010``
  is ten. Dates (``2021-06-14``) are still read as dates.
* Hostile input is refused quickly, before anything walks it: files over 1 MiB (before
  parsing), non-UTF-8 bytes, more than 100,000 values once aliases are expanded (a
  "billion laughs" alias bomb is refused after reading a few hundred bytes of it),
  nesting deeper than 40 (aliases expanded), recursive aliases, several documents.
* Duplicate mapping keys are reported, naming both lines (PyYAML silently keeps the last).
* A `LineIndex` maps every path in the document, e.g. ``('members', 'CHN', 'salience',
  'climate')`` or ``('issues', 2, 'variants', 0, 'position')``, to its 1-based line, so
  that later validation errors can say where they are.

How: the data is built straight from the parser's *events* by an iterative builder that
checks the limits as it goes and records lines, in one pass. (PyYAML's composers recurse
once per nesting level: the pure-Python one overflows the stack at about 330 levels and
the libyaml one crashes the interpreter on a deep enough file; and composing a node graph,
then constructing, costs about three times as much.) Aliases are shared objects, as with
``yaml.safe_load``; merge keys (``<<: *base``) are supported.

Problems are reported as `game.errors.ScenarioError` (a list of `Problem`).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.reader import ReaderError

from game.errors import FILE_PATH, Problem, ScenarioError

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Duplicate",
    "LineIndex",
    "PySafeScenarioLoader",
    "SafeScenarioLoader",
    "YamlDoc",
    "load_yaml",
    "load_yaml_text",
    "parse_value",
    "parse_yaml",
    "parse_yaml_text",
]

MAX_BYTES = 1 << 20
"""Largest accepted file, in bytes (1 MiB)."""
MAX_NODES = 100_000
"""Most values (scalars + collections) a document may have once aliases are expanded."""
MAX_DEPTH = 40
"""Deepest nesting of collections (mappings and lists), aliases expanded."""

Path = tuple[Any, ...]

_BASE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_TAG_STR = _TAG + "str"
_TAG_NULL = _TAG + "null"
_TAG_BOOL = _TAG + "bool"
_TAG_INT = _TAG + "int"
_TAG_FLOAT = _TAG + "float"
_TAG_TIMESTAMP = _TAG + "timestamp"
_TAG_MERGE = _TAG + "merge"
_TAG_MAP = _TAG + "map"
_TAG_SEQ = _TAG + "seq"
# YAML 1.1 resolvers we replace (bool, int, float) or drop ('=' as a "value", and the
# meaningless "yaml" tag PyYAML attaches to '!', '&', '*').
_DROPPED_TAGS = {_TAG_BOOL, _TAG_INT, _TAG_FLOAT, _TAG + "value", _TAG + "yaml"}

_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_RE = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


def _core_bool(text: str) -> bool:
    if not _BOOL_RE.match(text):
        raise ValueError("use true or false")
    return text.lower() == "true"


def _core_int(text: str) -> int:
    text = text.strip()
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _core_float(text: str) -> float:
    text = text.strip()
    low = text.lower()
    if low in (".inf", "+.inf"):
        return math.inf
    if low == "-.inf":
        return -math.inf
    if low == ".nan":
        return math.nan
    return float(text)


_TIMESTAMPS = SafeConstructor()


def _timestamp(text: str) -> dt.date:
    match = _DATE_RE.match(text)
    if match:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    if not SafeConstructor.timestamp_regexp.match(text):
        raise ValueError("write dates as YYYY-MM-DD")
    return _TIMESTAMPS.construct_yaml_timestamp(ScalarNode(_TAG_TIMESTAMP, text))


def _null(text: str) -> None:
    return None


def _text(text: str) -> str:
    return text


def _merge_key(text: str) -> str:
    return text


_SCALARS = {
    _TAG_STR: _text,
    _TAG_NULL: _null,
    _TAG_BOOL: _core_bool,
    _TAG_INT: _core_int,
    _TAG_FLOAT: _core_float,
    _TAG_TIMESTAMP: _timestamp,
    _TAG_MERGE: _merge_key,
}
"""The only scalar tags a scenario may use (explicitly or implicitly)."""


class _Core12:
    """YAML 1.2 core constructors, so that ``yaml.load(text, Loader=SafeScenarioLoader)``
    reads scalars as the builder does (without the limits: use `load_yaml`)."""

    def construct_yaml_bool(self, node: ScalarNode) -> bool:
        return _core_bool(self.construct_scalar(node))  # type: ignore[attr-defined]

    def construct_yaml_int(self, node: ScalarNode) -> int:
        return _core_int(self.construct_scalar(node))  # type: ignore[attr-defined]

    def construct_yaml_float(self, node: ScalarNode) -> float:
        return _core_float(self.construct_scalar(node))  # type: ignore[attr-defined]


def _configure(cls: type) -> type:
    """Give ``cls`` its own copy of the resolver table, with YAML 1.2 core scalars."""
    cls.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    cls.add_implicit_resolver(_TAG_BOOL, _BOOL_RE, list("tTfF"))
    cls.add_implicit_resolver(_TAG_INT, _INT_RE, list("-+0123456789"))
    cls.add_implicit_resolver(_TAG_FLOAT, _FLOAT_RE, list("-+0123456789."))
    cls.add_constructor(_TAG_BOOL, _Core12.construct_yaml_bool)
    cls.add_constructor(_TAG_INT, _Core12.construct_yaml_int)
    cls.add_constructor(_TAG_FLOAT, _Core12.construct_yaml_float)
    return cls


@_configure
class SafeScenarioLoader(_Core12, _BASE_LOADER):  # type: ignore[misc, valid-type]
    """``SafeLoader`` (libyaml-backed when available) with YAML 1.2 core booleans and
    numbers. The resolver table is a copy: the global ``yaml.SafeLoader`` is untouched."""


@_configure
class PySafeScenarioLoader(_Core12, yaml.SafeLoader):
    """The same rules on the pure-Python parser (used when libyaml is missing; tested)."""


# --------------------------------------------------------------------------- line index


class LineIndex:
    """Where each path of a YAML document is, as 1-based lines.

    Paths are tuples of mapping keys (as loaded: ``'CHN'``) and list indices (``0``).
    For every path the index keeps the line of the value node and, for mapping entries,
    of the key. `line` answers for any path, existing or not, with the line of its
    deepest existing prefix, so a missing field points at the mapping that lacks it.
    """

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[int | None, int, bool]] = {}

    def add(self, path: Path, key_line: int | None, value_line: int, collection: bool) -> None:
        self._entries[path] = (key_line, value_line, collection)

    def __contains__(self, path: object) -> bool:
        return path in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def value_line(self, path: Path) -> int | None:
        entry = self._entries.get(tuple(path))
        return entry[1] if entry else None

    def key_line(self, path: Path) -> int | None:
        entry = self._entries.get(tuple(path))
        return entry[0] if entry else None

    def deepest(self, path: Path) -> Path:
        """The longest prefix of ``path`` that is in the document (at least ``()``)."""
        path = tuple(path)
        for end in range(len(path), -1, -1):
            if path[:end] in self._entries:
                return path[:end]
        return ()

    def line(self, path: Path) -> int:
        """The best line for a problem at ``path``.

        A scalar: its own line. A mapping or list under a key: the key's line (where the
        block starts). A list item: the line of its ``-``. Unknown path: its deepest
        existing prefix. The index of a document always has the root, so this is >= 1.
        """
        entry = self._entries.get(self.deepest(path))
        if entry is None:
            return 1
        key_line, value_line, collection = entry
        if collection and key_line is not None:
            return key_line
        return value_line


# ------------------------------------------------------------------------------ reading


def _fail(name: str, line: int, message: str) -> ScenarioError:
    return ScenarioError([Problem(name, line, FILE_PATH, message)])


def _too_big(name: str, size: int) -> ScenarioError:
    return _fail(
        name,
        1,
        f"file is {size:,} bytes; scenario files are limited to 1 MiB ({MAX_BYTES:,} bytes)",
    )


def _read_text(path: str | os.PathLike[str]) -> str:
    name = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_BYTES:
                raise _too_big(name, size)
            raw = fh.read(MAX_BYTES + 1)  # st_size can lie (pipes, /proc): cap the read too
    except OSError as exc:
        raise _fail(name, 1, f"cannot read the file: {exc.strerror or exc}") from exc
    if len(raw) > MAX_BYTES:
        raise _too_big(name, len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(
            name,
            line,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {col}); "
            "save the file as UTF-8",
        ) from exc
    return text.removeprefix("\ufeff")


def _check_text(text: str, name: str) -> str:
    if len(text) > MAX_BYTES:  # every character is at least one byte
        raise _too_big(name, len(text))
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise _fail(name, line, f"not valid Unicode text ({exc.reason})") from exc
    if size > MAX_BYTES:
        raise _too_big(name, size)
    return text.removeprefix("\ufeff")


def _yaml_problem(exc: yaml.YAMLError, name: str, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line = mark.line + 1
    elif isinstance(exc, ReaderError):
        line = text.count("\n", 0, max(0, exc.position)) + 1
    else:
        line = 1
    if isinstance(exc, ConstructorError):
        message = exc.problem or str(exc)
        if message.startswith("could not determine a constructor for the tag"):
            tag = message.rsplit(" ", 1)[-1].replace("tag:yaml.org,2002:", "!!")
            message = f"the tag {tag} is not allowed in a scenario file (plain YAML values only)"
        elif message == "found unhashable key":
            message = "a list or mapping cannot be used as a key"
    elif isinstance(exc, yaml.MarkedYAMLError):
        parts = [p for p in (exc.context, exc.problem, exc.note) if p]
        message = "YAML syntax: " + ("; ".join(parts) or str(exc))
        if (
            exc.context_mark is not None
            and exc.problem_mark is not None
            and (exc.context_mark.line != exc.problem_mark.line)
        ):
            message += f" (see also line {exc.context_mark.line + 1})"
    elif isinstance(exc, ReaderError):
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        message = f"the character {char!r} is not allowed in YAML"
    else:
        message = f"YAML: {exc}"
    return Problem(name, line, FILE_PATH, " ".join(message.split()))


# ------------------------------------------------------------------------------ builder


class _Refused(Exception):
    """The document cannot be used; building stops at once."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(slots=True)
class _Frame:
    """An open mapping or list."""

    value: Any  # dict or list being filled
    is_map: bool
    path: Path
    line: int
    anchor: str | None
    size: int = 1  # expanded values in this subtree so far (itself included)
    height: int = 1  # nested collections from here down
    has_key: bool = False  # a mapping whose next event is a value
    key: Any = None
    key_line: int = 0
    merging: bool = False  # the pending key is '<<'
    merges: list[dict[Any, Any]] | None = None
    seen: dict[Any, int] = field(default_factory=dict)  # key -> line, duplicates check


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


class _Builder:
    """Builds Python data from parser events, iteratively, enforcing the limits."""

    def __init__(self, loader: Any, name: str, require_mapping: bool):
        self.loader = loader
        self.name = name
        self.require_mapping = require_mapping
        self.resolvers: dict[Any, list[tuple[str, Any]]] = loader.yaml_implicit_resolvers
        self.index = LineIndex()
        self.duplicates: list[Duplicate] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name -> (value, size, height)
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.total = 0

    def build(self) -> tuple[bool, Any]:
        """(False, None) for a stream without a document, else (True, data)."""
        get = self.loader.get_event
        get()  # StreamStart
        if isinstance(get(), StreamEndEvent):
            return False, None
        # the DocumentStart is consumed; now the root and what is inside it
        first = True
        while True:
            event = get()
            kind = type(event)
            if first and self.require_mapping and kind is not MappingStartEvent:
                value = self._root_preview(event)
                raise _Refused(
                    event.start_mark.line + 1,
                    f"the top level must be a mapping of 'field: value' lines, not {value}",
                )
            first = False
            if kind is ScalarEvent:
                done = self._scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                done = self._start(event)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                done = self._end()
            elif kind is AliasEvent:
                done = self._alias(event)
            else:  # pragma: no cover - the parser only sends the above inside a document
                raise _Refused(event.start_mark.line + 1, f"unexpected YAML event {event}")
            if done is not None:
                break
        get()  # DocumentEnd
        if self.loader.check_event(DocumentStartEvent):
            line = self.loader.peek_event().start_mark.line + 1
            raise _Refused(
                line, "a scenario file holds one YAML document; found a second '---' here"
            )
        return True, done[0]

    def _root_preview(self, event: Any) -> str:
        if isinstance(event, SequenceStartEvent):
            return "a list"
        if isinstance(event, ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = self._resolve(event)
            return "an empty value" if tag == _TAG_NULL else f"a single value ({event.value!r})"
        return "an alias"

    # --- values and where they go
    def _count(self, n: int, line: int) -> None:
        self.total += n
        if self.total > MAX_NODES:
            raise _Refused(
                line,
                f"more than {MAX_NODES:,} values once aliases (*name) are expanded; "
                "refusing to load (an alias bomb?)",
            )

    def _child_path(self) -> tuple[Path | None, int | None]:
        """Path and key line of the value about to be placed (None: it is a mapping key)."""
        if not self.stack:
            return (), None
        top = self.stack[-1]
        if not top.is_map:
            return top.path + (len(top.value),), None
        if not top.has_key:
            return None, None
        return top.path + (top.key,), top.key_line

    def _place(self, value: Any, size: int, height: int, line: int, merge: bool = False):
        """Attach a finished value; returns (value,) when it is the document's root."""
        if not self.stack:
            return (value,)
        top = self.stack[-1]
        top.size += size
        if height + 1 > top.height:
            top.height = height + 1
        if not top.is_map:
            top.value.append(value)
            return None
        if not top.has_key:  # value is a key
            if isinstance(value, dict | list):
                raise _Refused(line, "a list or mapping cannot be used as a key")
            try:
                hash(value)
            except TypeError:  # pragma: no cover - scalars are hashable
                raise _Refused(line, "this value cannot be used as a key") from None
            top.has_key, top.key, top.key_line, top.merging = True, value, line, merge
            if not merge:
                first = top.seen.get(value)
                if first is not None:
                    self.duplicates.append(
                        Duplicate(
                            top.path + (value,),
                            line,
                            f"duplicate key {value!r} (first on line {first}); "
                            "YAML would silently keep only the last one",
                        )
                    )
                else:
                    top.seen[value] = line
            return None
        if top.merging:
            sources = value if isinstance(value, list) else [value]
            if not sources or not all(isinstance(v, dict) for v in sources):
                raise _Refused(line, "'<<' must be followed by a mapping or a list of mappings")
            if top.merges is None:
                top.merges = []
            top.merges.extend(reversed(sources))  # the first listed wins
        else:
            top.value[top.key] = value
        top.has_key = False
        return None

    def _resolve(self, event: ScalarEvent) -> str:
        if not event.implicit[0]:  # quoted, or with a non-specific '!'
            return _TAG_STR
        value = event.value
        for tag, regexp in self.resolvers.get(value[:1] if value else "", ()):
            if regexp.match(value):
                return tag
        return _TAG_STR

    # --- events
    def _scalar(self, event: ScalarEvent):
        line = event.start_mark.line + 1
        self._count(1, line)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._resolve(event)
        convert = _SCALARS.get(tag)
        if convert is None:
            raise _Refused(
                line,
                f"the tag {_short_tag(tag)} is not allowed in a scenario file "
                "(plain YAML values only)",
            )
        try:
            value = convert(event.value)
        except (ValueError, OverflowError) as exc:
            what = "date" if tag == _TAG_TIMESTAMP else _short_tag(tag)[2:]
            raise _Refused(line, f"invalid {what} {event.value!r}: {exc}") from None
        if event.anchor is not None:
            self._anchor(event.anchor, line)
            self.anchors[event.anchor] = (value, 1, 0)
        path, key_line = self._child_path()
        if path is not None:
            self.index.add(path, key_line, line, False)
        return self._place(value, 1, 0, line, merge=tag == _TAG_MERGE)

    def _start(self, event: MappingStartEvent | SequenceStartEvent):
        line = event.start_mark.line + 1
        if len(self.stack) + 1 > MAX_DEPTH:
            raise _Refused(line, f"nested deeper than {MAX_DEPTH} levels; refusing to load")
        self._count(1, line)
        is_map = type(event) is MappingStartEvent
        if event.tag not in (None, "!", _TAG_MAP if is_map else _TAG_SEQ):
            raise _Refused(
                line,
                f"the tag {_short_tag(event.tag)} is not allowed in a scenario file "
                "(plain YAML values only)",
            )
        path, key_line = self._child_path()
        if path is None:
            raise _Refused(line, "a list or mapping cannot be used as a key")
        self.index.add(path, key_line, line, True)
        if event.anchor is not None:
            self._anchor(event.anchor, line)
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame({} if is_map else [], is_map, path, line, event.anchor))
        return None

    def _end(self):
        frame = self.stack.pop()
        value = frame.value
        if frame.merges:
            merged: dict[Any, Any] = {}
            for source in frame.merges:
                merged.update(source)
            merged.update(value)
            value = merged
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (value, frame.size, frame.height)
        return self._place(value, frame.size, frame.height, frame.line)

    def _alias(self, event: AliasEvent):
        line = event.start_mark.line + 1
        name = event.anchor
        if name in self.open_anchors:
            raise _Refused(line, f"alias *{name} is inside its own anchor &{name} (a loop)")
        if name not in self.anchors:
            raise _Refused(line, f"alias *{name} refers to no anchor &{name} above it")
        value, size, height = self.anchors[name]
        if len(self.stack) + height > MAX_DEPTH:
            raise _Refused(line, f"nested deeper than {MAX_DEPTH} levels once *{name} is expanded")
        self._count(size, line)
        path, key_line = self._child_path()
        if path is not None:
            self.index.add(path, key_line, line, False)
        return self._place(value, size, height, line)

    def _anchor(self, name: str, line: int) -> None:
        if name in self.anchors or name in self.open_anchors:
            raise _Refused(line, f"anchor &{name} is defined twice")


def _dotted(path: Path) -> str:
    """A plain rendering of a raw path, for problems found before validation."""
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# ---------------------------------------------------------------------------- public API


class Duplicate(NamedTuple):
    """A duplicate mapping key: not fatal (the last one wins) but always reported."""

    path: Path
    line: int
    message: str


class YamlDoc(NamedTuple):
    data: Any
    lines: LineIndex
    duplicates: list[Duplicate]

    def problems(self, name: str) -> list[Problem]:
        return [Problem(name, d.line, _dotted(d.path), d.message) for d in self.duplicates]


def _parse(
    text: str, name: str, require_mapping: bool, loader_cls: type = SafeScenarioLoader
) -> YamlDoc:
    try:
        loader = loader_cls(text)  # the pure-Python reader checks characters here
    except yaml.YAMLError as exc:
        raise ScenarioError([_yaml_problem(exc, name, text)]) from None
    builder = _Builder(loader, name, require_mapping)
    try:
        found, data = builder.build()
    except _Refused as exc:
        raise ScenarioError([Problem(name, exc.line, FILE_PATH, exc.message)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([_yaml_problem(exc, name, text)]) from None
    finally:
        loader.dispose()
    if not found and require_mapping:
        raise _fail(name, 1, "the file is empty (no YAML document)")
    return YamlDoc(data, builder.index, builder.duplicates)


def parse_yaml_text(text: str, name: str = "<text>") -> YamlDoc:
    """Parse a scenario document from text; fatal problems raise `ScenarioError`.

    Duplicate keys are returned in ``duplicates`` (not raised) so that the caller can
    report them together with validation errors.
    """
    return _parse(_check_text(text, name), name, require_mapping=True)


def parse_yaml(path: str | os.PathLike[str]) -> YamlDoc:
    """`parse_yaml_text` for a file: size and encoding are checked before parsing."""
    return _parse(_read_text(path), os.fspath(path), require_mapping=True)


def load_yaml_text(text: str, name: str = "<text>") -> tuple[dict[str, Any], LineIndex]:
    """Parse a YAML mapping from text; any problem (duplicate keys too) raises."""
    doc = parse_yaml_text(text, name)
    if doc.duplicates:
        raise ScenarioError(doc.problems(name))
    return doc.data, doc.lines


def load_yaml(path: str | os.PathLike[str]) -> tuple[dict[str, Any], LineIndex]:
    """Read and parse a YAML mapping from a file; any problem raises `ScenarioError`."""
    doc = parse_yaml(path)
    if doc.duplicates:
        raise ScenarioError(doc.problems(os.fspath(path)))
    return doc.data, doc.lines


def parse_value(text: str, name: str = "<value>") -> Any:
    """One YAML value (of any kind) with the same rules and limits; empty text is None."""
    doc = _parse(_check_text(text, name), name, require_mapping=False)
    if doc.duplicates:
        raise ScenarioError(doc.problems(name))
    return doc.data
