"""A safe, bounded YAML front end for scenario files.

What it guarantees (see ../shared/MEASURED.md, "PyYAML 6", for why each one matters):

* Only ``yaml.SafeLoader`` machinery (the libyaml-backed ``CSafeLoader`` when available):
  no Python object tags.
* YAML 1.2 core scalars: only ``true``/``True``/``TRUE``/``false``/``False``/``FALSE`` are
  booleans, so ``NO`` (Norway), ``yes``, ``on``, ``off``, ``y``, ``n`` stay strings.
  Numbers follow YAML 1.2 too: ``1e3`` is a number; ``1_000``, ``12:30`` and ``=`` are
  strings; ``010`` is ten. Dates (``2021-06-14``) are still read as dates.
* Hostile input is refused quickly, before anything walks it: files over 1 MiB (before
  parsing), non-UTF-8 bytes, more than 100,000 nodes once aliases are expanded (a
  "billion laughs" alias bomb is refused after reading a few hundred bytes of it),
  nesting deeper than 40, recursive aliases, several documents in one file.
* Duplicate mapping keys are errors naming both lines (PyYAML silently keeps the last).
* A `LineIndex` maps every path in the document, e.g. ``('members', 'CHN', 'salience',
  'climate')`` or ``('issues', 2, 'variants', 0, 'position')``, to its 1-based line, so
  that later validation errors can say where they are.

The document is composed from parser *events* by our own iterative composer (PyYAML's
composers recurse once per nesting level: the pure-Python one overflows the stack at
about 330 levels and the libyaml one crashes the interpreter on a deep enough file),
checking the limits as it goes; the Python data is then built with the safe constructor.

Problems are reported as `game.errors.ScenarioError` (a list of `Problem`).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from yaml.constructor import ConstructorError
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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from game.errors import FILE_PATH, Problem, ScenarioError

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "LineIndex",
    "PySafeScenarioLoader",
    "SafeScenarioLoader",
    "Duplicate",
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
"""Most nodes (scalars + collections) a document may have once aliases are expanded."""
MAX_DEPTH = 40
"""Deepest nesting of collections (mappings and lists), aliases expanded."""

Path = tuple[Any, ...]

_BASE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG_BOOL = "tag:yaml.org,2002:bool"
_TAG_INT = "tag:yaml.org,2002:int"
_TAG_FLOAT = "tag:yaml.org,2002:float"
_TAG_MERGE = "tag:yaml.org,2002:merge"
_TAG_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# YAML 1.1 resolvers we replace (bool, int, float) or drop ('=' as a "value", and the
# meaningless "yaml" tag PyYAML attaches to '!', '&', '*').
_DROPPED_TAGS = {
    _TAG_BOOL,
    _TAG_INT,
    _TAG_FLOAT,
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:yaml",
}

_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_RE = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class _Core12:
    """YAML 1.2 core constructors for booleans and numbers, and positioned value errors."""

    def construct_yaml_bool(self, node: ScalarNode) -> bool:
        value = self.construct_scalar(node)  # type: ignore[attr-defined]
        if not _BOOL_RE.match(value):
            raise ConstructorError(
                None, None, f"{value!r} is not a boolean (use true or false)", node.start_mark
            )
        return value.lower() == "true"

    def construct_yaml_int(self, node: ScalarNode) -> int:
        value = self.construct_scalar(node).strip()  # type: ignore[attr-defined]
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value, 10)

    def construct_yaml_float(self, node: ScalarNode) -> float:
        value = self.construct_scalar(node).strip()  # type: ignore[attr-defined]
        low = value.lower()
        if low in (".inf", "+.inf"):
            return math.inf
        if low == "-.inf":
            return -math.inf
        if low == ".nan":
            return math.nan
        return float(value)

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # Constructors raise bare ValueError on e.g. 2021-02-30 or `!!int abc`; give them
        # the node's position like every other YAML error.
        try:
            return super().construct_object(node, deep=deep)  # type: ignore[misc]
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:
            what = "date" if node.tag == _TAG_TIMESTAMP else "value"
            shown = f" {node.value!r}" if isinstance(node, ScalarNode) else ""
            raise ConstructorError(
                None, None, f"invalid {what}{shown}: {exc}", node.start_mark
            ) from exc


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


# ----------------------------------------------------------------------------- composer


class _Refused(Exception):
    """A structural limit was hit; composing stops at once."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(slots=True)
class _Frame:
    node: Node
    path: Path
    line: int
    anchor: str | None
    size: int = 1  # expanded nodes in this subtree so far (itself included)
    height: int = 1  # nested collections from here down
    key_node: Node | None = None
    key: Any = None
    key_line: int = 0
    seen: dict[Any, int] = field(default_factory=dict)  # key -> line, duplicates check


_NO_KEY = object()


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == "tag:yaml.org,2002:null":
        return "an empty value"
    return f"a single value ({node.value!r})"


class _Composer:
    """Builds the node graph from parser events, iteratively, enforcing the limits."""

    def __init__(self, loader: Any, name: str, require_mapping: bool):
        self.loader = loader
        self.name = name
        self.require_mapping = require_mapping
        self.index = LineIndex()
        self.duplicates: list[Duplicate] = []
        self.anchors: dict[str, Node] = {}
        self.measure: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded size, height)
        self.open_ids: set[int] = set()
        self.stack: list[_Frame] = []
        self.total = 0
        self.root: Node | None = None

    # --- entry point
    def compose(self) -> Node | None:
        loader = self.loader
        loader.get_event()  # StreamStart
        if loader.check_event(StreamEndEvent):
            loader.get_event()
            return None
        loader.get_event()  # DocumentStart
        while True:
            event = loader.get_event()
            if isinstance(event, ScalarEvent):
                self._scalar(event)
            elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                self._start(event)
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                self._end(event)
            elif isinstance(event, AliasEvent):
                self._alias(event)
            if self.root is not None and not self.stack:
                break
        loader.get_event()  # DocumentEnd
        if loader.check_event(DocumentStartEvent):
            line = loader.peek_event().start_mark.line + 1
            raise _Refused(
                line, "a scenario file holds one YAML document; found a second '---' here"
            )
        return self.root

    # --- counting and placement
    def _count(self, n: int, line: int) -> None:
        self.total += n
        if self.total > MAX_NODES:
            raise _Refused(
                line,
                f"more than {MAX_NODES:,} values once aliases (*name) are expanded; "
                "refusing to load (an alias bomb?)",
            )

    def _child_path(self) -> tuple[Path | None, int | None]:
        """Path and key line for the node about to be placed (None: it is a key)."""
        if not self.stack:
            return (), None
        top = self.stack[-1]
        if isinstance(top.node, SequenceNode):
            return top.path + (len(top.node.value),), None
        if top.key_node is None:
            return None, None
        if top.key is _NO_KEY:
            return top.path + ("?",), top.key_line
        return top.path + (top.key,), top.key_line

    def _check_root(self, node: Node, line: int) -> None:
        if self.require_mapping and not isinstance(node, MappingNode):
            raise _Refused(
                line, f"the top level must be a mapping of 'field: value' lines, not {_kind(node)}"
            )

    def _place(self, node: Node, size: int, height: int, line: int) -> None:
        """Attach a finished node (scalar, alias target or closed collection) to its parent."""
        if not self.stack:
            self.root = node
            return
        top = self.stack[-1]
        top.size += size
        top.height = max(top.height, height + 1)
        if isinstance(top.node, SequenceNode):
            top.node.value.append(node)
            return
        if top.key_node is None:
            top.key_node = node
            top.key_line = line
            top.key = self._key_value(node)
            if top.key is not _NO_KEY and node.tag != _TAG_MERGE:
                first = top.seen.get(top.key)
                if first is not None:
                    self.duplicates.append(
                        Duplicate(
                            top.path + (top.key,),
                            line,
                            f"duplicate key {top.key!r} (first on line {first}); "
                            "YAML would silently keep only the last one",
                        )
                    )
                else:
                    top.seen[top.key] = line
            return
        top.node.value.append((top.key_node, node))
        top.key_node = None

    def _key_value(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            return _NO_KEY
        if node.tag == _TAG_MERGE:
            return "<<"
        try:
            value = self.loader.construct_object(node)
            hash(value)
        except (yaml.YAMLError, TypeError):
            return _NO_KEY
        return value

    # --- events
    def _scalar(self, event: ScalarEvent) -> None:
        line = event.start_mark.line + 1
        self._count(1, line)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        if not self.stack:
            self._check_root(node, line)
        self._register_anchor(event.anchor, node, line)
        path, key_line = self._child_path()
        if path is not None:
            self.index.add(path, key_line, line, False)
        self._place(node, 1, 0, line)

    def _start(self, event: MappingStartEvent | SequenceStartEvent) -> None:
        line = event.start_mark.line + 1
        if len(self.stack) + 1 > MAX_DEPTH:
            raise _Refused(line, f"nested deeper than {MAX_DEPTH} levels; refusing to load")
        self._count(1, line)
        is_map = isinstance(event, MappingStartEvent)
        cls = MappingNode if is_map else SequenceNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(cls, None, event.implicit)
        node = cls(tag, [], event.start_mark, None, flow_style=event.flow_style)
        if not self.stack:
            self._check_root(node, line)
        self._register_anchor(event.anchor, node, line)
        path, key_line = self._child_path()
        if path is not None:
            self.index.add(path, key_line, line, True)
        else:  # a list or mapping used as a mapping key: no path of its own
            path = (self.stack[-1].path if self.stack else ()) + ("?",)
        self.stack.append(_Frame(node, path, line, event.anchor))
        if event.anchor is not None:
            self.open_ids.add(id(node))

    def _end(self, event: MappingEndEvent | SequenceEndEvent) -> None:
        frame = self.stack.pop()
        frame.node.end_mark = event.end_mark
        self.open_ids.discard(id(frame.node))
        if frame.anchor is not None:
            self.measure[id(frame.node)] = (frame.size, frame.height)
        self._place(frame.node, frame.size, frame.height, frame.line)

    def _alias(self, event: AliasEvent) -> None:
        line = event.start_mark.line + 1
        node = self.anchors.get(event.anchor)
        if node is None:
            raise _Refused(
                line, f"alias *{event.anchor} refers to no anchor &{event.anchor} above it"
            )
        if id(node) in self.open_ids:
            raise _Refused(
                line, f"alias *{event.anchor} is inside its own anchor &{event.anchor} (a loop)"
            )
        size, height = self.measure.get(id(node), (1, 0))
        if len(self.stack) + height > MAX_DEPTH:
            raise _Refused(
                line, f"nested deeper than {MAX_DEPTH} levels once *{event.anchor} is expanded"
            )
        self._count(size, line)
        if not self.stack:
            self._check_root(node, line)
        path, key_line = self._child_path()
        if path is not None:
            self.index.add(path, key_line, line, False)
        self._place(node, size, height, line)

    def _register_anchor(self, anchor: str | None, node: Node, line: int) -> None:
        if anchor is None:
            return
        if anchor in self.anchors:
            first = self.anchors[anchor].start_mark.line + 1
            raise _Refused(line, f"anchor &{anchor} is defined twice (first on line {first})")
        self.anchors[anchor] = node
        if isinstance(node, ScalarNode):
            self.measure[id(node)] = (1, 0)


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
    composer = _Composer(loader, name, require_mapping)
    try:
        try:
            root = composer.compose()
        except _Refused as exc:
            raise ScenarioError([Problem(name, exc.line, FILE_PATH, exc.message)]) from None
        except yaml.YAMLError as exc:
            raise ScenarioError([_yaml_problem(exc, name, text)]) from None
        if root is None:
            if require_mapping:
                raise _fail(name, 1, "the file is empty (no YAML document)")
            return YamlDoc(None, composer.index, composer.duplicates)
        try:
            data = loader.construct_document(root)
        except yaml.YAMLError as exc:
            dups = YamlDoc(None, composer.index, composer.duplicates).problems(name)
            raise ScenarioError([*dups, _yaml_problem(exc, name, text)]) from None
        return YamlDoc(data, composer.index, composer.duplicates)
    finally:
        loader.dispose()


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
