"""Load, validate, override and serialise scenarios.

``load_scenario(path)`` turns a YAML file into a frozen `game.schema.Scenario`, or raises
`ScenarioError` listing *every* problem, each as ``file:LINE: path: message``::

    scenarios/x.yaml:42: members.CHN.salience.climate: must be between 0 and 1, got 1.7

Three layers of checks, reported together:

1. the YAML itself (`game.yamlsafe`: size, encoding, syntax, limits, duplicate keys);
2. the schema (pydantic, strict, unknown keys forbidden), with friendly messages;
3. cross-references the schema cannot express (the penholder is a member, every member
   has a position on every issue, the zero draft names existing variants, ...). These run
   on the raw data with type guards, so they are reported even when the schema fails
   elsewhere; a cross-reference problem at a path that already has a schema error is
   not repeated.

Path notation (in messages and in ``--set``): mapping keys are joined with dots
(``members.CHN.salience.climate``); list items are shown in brackets by their ``id`` when
they have a valid, unique one (``issues[g5_support].variants[priority_task].position``) and
by their 0-based index otherwise (``history.silences[0].broken_by[1]``). Keys that are not
plain words are quoted: ``groups["A3 plus"]``.

Dates may be YAML dates (``2021-06-14``) or ISO strings (``"2021-06-14"``, which is what
`scenario_to_data` writes); every other field is strict (``"0.5"`` is not a number).
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import functools
import hashlib
import json
import os
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from game import yamlsafe
from game.errors import FILE_PATH, Problem, ScenarioError
from game.schema import Scenario
from game.yamlsafe import LineIndex

__all__ = [
    "Problem",
    "ScenarioError",
    "apply_overrides",
    "format_path",
    "json_schema",
    "load_scenario",
    "scenario_from_data",
    "scenario_hash",
    "scenario_to_data",
]

Path = tuple[Any, ...]

OVERRIDE_FILE = "--set"
MAX_PERMANENT = 5

_IDENT_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_PLAIN_KEY_RE = re.compile(r"^[A-Za-z0-9_+\-]+$")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# --------------------------------------------------------------------------- public API


def load_scenario(path: str | os.PathLike[str], overrides: Sequence[str] = ()) -> Scenario:
    """Read, (optionally) override and validate a scenario file.

    ``overrides`` are ``path=value`` strings as for `apply_overrides`. Raises
    `ScenarioError` with every problem found.
    """
    name = os.fspath(path)
    doc = yamlsafe.parse_yaml(path)
    early = [
        Problem(name, d.line, format_path(d.path, doc.data), d.message) for d in doc.duplicates
    ]
    data = doc.data
    if overrides:
        try:
            data = apply_overrides(data, overrides)
        except ScenarioError as exc:
            raise ScenarioError([*early, *exc.problems]) from None
    return _validate(data, name, doc.lines, early)


def check_one(path: str | os.PathLike[str], lang: str = "en") -> Scenario | None:
    """Validate one scenario file: print its problems (file:line: path: message) or one
    'ok' line (in `lang`: the problems name the file's fields, in English); return the
    scenario, or None if it is invalid (`check`, `check --audit`)."""
    try:
        sc = load_scenario(path)
    except ScenarioError as exc:
        print(str(exc))
        return None
    from game.i18n import Tongue

    tongue = Tongue(lang)
    _ = tongue.gettext
    lapse = [_("{issue} at {position}").format(issue=i.id, position=f"{i.lapse:g}")
             for i in sc.issues if i.lapse is not None]
    per_issue = _("; a lapse valued per issue: {issues}").format(issues=", ".join(lapse)) if lapse else ""
    print(_("{path}: ok: {title} ({members} members, {issues} issues{per_issue})").format(
        path=path, title=tongue.text(sc.title), members=len(sc.members), issues=len(sc.issues),
        per_issue=per_issue))
    ties = equidistant_positions(sc)
    if ties:
        from game import yamlsafe

        lines = yamlsafe.parse_yaml(path).lines
        for mid, issue, low, high, pos in ties:
            where = ("members", mid, "positions", issue)
            print(f"{path}:{lines.line(where)}: members.{mid}.positions.{issue}: warning: {pos:g} is exactly "
                  f"midway between '{low}' and '{high}': the model takes '{low}' as {mid}'s aim (a tie goes "
                  f"to the lower variant); move the position off the middle to say which it wants")
    return sc


def equidistant_positions(sc: Scenario) -> list[tuple[str, str, str, str, float]]:
    """Members whose position on an issue they care about (salience > 0) lies exactly midway
    between two adjacent variants: (member, issue, lower variant, upper variant, position).
    The model breaks such a tie one way (game.scoring.nearest: the lower variant); `check`
    reports it so that the author says which the member wants."""
    out = []
    for mid, mb in sc.members.items():
        for issue in sc.issues:
            if mb.salience.get(issue.id, 0.0) <= 0 or issue.id not in mb.positions:
                continue
            pos = mb.positions[issue.id]
            for a, b in zip(issue.variants, issue.variants[1:], strict=False):
                if abs((pos - a.position) - (b.position - pos)) < 1e-9 and a.position < pos < b.position:
                    out.append((mid, issue.id, a.id, b.id, pos))
    return out


def scenario_from_data(
    data: Mapping[str, Any], source: str = "<data>", lines: LineIndex | None = None
) -> Scenario:
    """Validate already-parsed data (e.g. a scenario embedded in a saved log).

    Dates may be ISO strings. Problems are located with ``lines`` when given (line 0
    otherwise). Raises `ScenarioError` with every problem found.
    """
    return _validate(data, source, lines, [])


def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """JSON-safe data (dates as ISO strings); `scenario_from_data` reads it back equal."""
    return scenario.model_dump(mode="json")


def scenario_hash(data: Mapping[str, Any] | Scenario) -> str:
    """sha256 (hex) of the canonical JSON of ``data`` (sorted keys, no spaces).

    Hash `scenario_to_data` output (or pass the `Scenario` itself) to identify a scenario:
    raw YAML data of the same scenario may differ (defaults left out, ``50`` vs ``50.0``).
    """
    if isinstance(data, Scenario):
        data = scenario_to_data(data)
    text = json.dumps(
        data, sort_keys=True, separators=(",", ":"), allow_nan=False, default=_json_default
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the scenario format (for editors and authors)."""
    return Scenario.model_json_schema()


def format_path(path: Iterable[Any], data: Any = None) -> str:
    """Render a raw path (keys and list indices) in the documented notation."""
    out: list[str] = []
    cur = data
    for seg in path:
        if isinstance(cur, list) and isinstance(seg, int) and not isinstance(seg, bool):
            out.append(f"[{_item_label(cur, seg)}]")
            cur = cur[seg] if 0 <= seg < len(cur) else None
            continue
        if isinstance(seg, int) and not isinstance(seg, bool) and not isinstance(cur, dict):
            out.append(f"[{seg}]")
        elif isinstance(seg, str) and _PLAIN_KEY_RE.match(seg):
            out.append(("." if out else "") + seg)
        elif isinstance(seg, int | float) and not isinstance(seg, bool):
            out.append(("." if out else "") + str(seg))
        elif isinstance(seg, str):
            out.append(f"[{json.dumps(seg, ensure_ascii=False)}]")
        else:  # keys that are not text (always an error): as YAML writes them
            out.append(f"[{_yaml_word(seg)}]")
        cur = cur.get(seg) if isinstance(cur, dict) and _hashable(seg) else None
    return "".join(out)


def _yaml_word(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------------------- validation


def _validate(data: Any, source: str, lines: LineIndex | None, early: list[Problem]) -> Scenario:
    if not isinstance(data, Mapping):
        raise ScenarioError(
            [
                *early,
                Problem(
                    source,
                    1 if lines is not None else 0,
                    FILE_PATH,
                    f"the top level must be a mapping of 'field: value' lines, got {_got(data)}",
                ),
            ]
        )
    data = _iso_dates(dict(data), Scenario)
    scenario: Scenario | None = None
    found: list[tuple[Path, bool, str]] = []  # (path, at the key, message)
    schema_paths: list[Path] = []
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        for err in _resolve_unions(exc.errors(include_url=False), data):
            found.append((err.path, err.at_key, _message(err, data)))
            if err.type not in ("too_short", "too_long", "missing", "extra_forbidden"):
                schema_paths.append(err.path)
    for path, message in _cross_check(data):
        if not any(path[: len(p)] == p for p in schema_paths):
            found.append((path, False, message))
    problems = list(early)
    seen: set[tuple[str, str]] = set()
    for path, at_key, message in found:
        shown = format_path(path, data)
        if (shown, message) in seen:
            continue
        seen.add((shown, message))
        problems.append(Problem(source, _line(lines, path, at_key), shown, message))
    if problems:
        if lines is not None:
            problems.sort(key=lambda p: p.line)
        raise ScenarioError(problems)
    assert scenario is not None
    return scenario


def _line(lines: LineIndex | None, path: Path, at_key: bool) -> int:
    if lines is None:
        return 0
    if at_key:
        key_line = lines.key_line(path)
        if key_line is not None:
            return key_line
    return lines.line(path)


# --- walking the schema's types


def _unwrap(ann: Any) -> tuple[Any, list[Any]]:
    """Strip ``Annotated`` layers: the bare type and the constraints found on the way."""
    meta: list[Any] = []
    while get_origin(ann) is typing.Annotated:
        args = get_args(ann)
        ann = args[0]
        for extra in args[1:]:
            if isinstance(extra, FieldInfo):
                meta.extend(extra.metadata)
            else:
                meta.append(extra)
    return ann, meta


def _is_union(ann: Any) -> bool:
    return get_origin(ann) in (typing.Union, types.UnionType)


def _is_model(ann: Any) -> bool:
    return isinstance(ann, type) and issubclass(ann, BaseModel)


def _step(ann: Any, seg: Any) -> tuple[Any, list[Any]] | None:
    """The type (and constraints) one level below ``ann`` at ``seg``, or None."""
    base, _ = _unwrap(ann)
    if _is_union(base):
        for member in get_args(base):
            found = _step(member, seg)
            if found is not None:
                return found
        return None
    if _is_model(base):
        info = base.model_fields.get(seg) if isinstance(seg, str) else None
        return None if info is None else (info.annotation, list(info.metadata))
    origin = get_origin(base)
    if origin is dict:
        return get_args(base)[1], []
    if origin is list:
        return get_args(base)[0], []
    return None


def _type_at(path: Path) -> tuple[Any, list[Any]] | None:
    found: tuple[Any, list[Any]] | None = (Scenario, [])
    for seg in path:
        assert found is not None
        found = _step(found[0], seg)
        if found is None:
            return None
    return found


def _constraints(ann: Any, meta: list[Any]) -> list[Any]:
    base, more = _unwrap(ann)
    out = [*meta, *more]
    if _is_union(base):
        for member in get_args(base):
            out.extend(_constraints(member, []))
    return out


def _model_at(path: Path) -> type[BaseModel] | None:
    found = _type_at(path)
    if found is None:
        return None
    base, _ = _unwrap(found[0])
    candidates = get_args(base) if _is_union(base) else (base,)
    for member in candidates:
        member, _ = _unwrap(member)
        if _is_model(member):
            return member
    return None


@functools.lru_cache(maxsize=256)
def _has_date(ann: Any) -> bool:
    base, _ = _unwrap(ann)
    if base is dt.date:
        return True
    if _is_model(base):
        return any(_has_date(f.annotation) for f in base.model_fields.values())
    return any(_has_date(arg) for arg in get_args(base) if not isinstance(arg, str | int))


def _to_date(value: Any) -> Any:
    if type(value) is str and _ISO_DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _iso_dates(value: Any, ann: Any) -> Any:
    """Copy of ``value`` with ISO date strings turned into dates where ``ann`` wants one."""
    try:
        if not _has_date(ann):
            return value
    except TypeError:  # an unhashable annotation: just walk it
        pass
    base, _ = _unwrap(ann)
    if base is dt.date:
        return _to_date(value)
    if _is_union(base):
        for member in get_args(base):
            inner, _ = _unwrap(member)
            if inner is dt.date and isinstance(value, str):
                return _to_date(value)
            if (isinstance(value, dict) and (_is_model(inner) or get_origin(inner) is dict)) or (
                isinstance(value, list) and get_origin(inner) is list
            ):
                return _iso_dates(value, member)
        return value
    if _is_model(base) and isinstance(value, dict):
        fields = base.model_fields
        return {
            k: _iso_dates(v, fields[k].annotation) if isinstance(k, str) and k in fields else v
            for k, v in value.items()
        }
    origin = get_origin(base)
    if origin is dict and isinstance(value, dict):
        inner = get_args(base)[1]
        return {k: _iso_dates(v, inner) for k, v in value.items()}
    if origin is list and isinstance(value, list):
        inner = get_args(base)[0]
        return [_iso_dates(v, inner) for v in value]
    return value


# --- pydantic errors -> problems


@dataclass
class _Err:
    loc: list[Any]
    type: str
    input: Any
    ctx: dict[str, Any] = field(default_factory=dict)
    msg: str = ""
    at_key: bool = False
    options: list[_Err] | None = None  # a union none of whose branches matched

    @property
    def path(self) -> Path:
        return tuple(self.loc)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _tag_position(loc: list[Any], data: Any, err_type: str) -> int | None:
    """Index in ``loc`` of the first union tag (a segment that is not in the data)."""
    cur = data
    for i, seg in enumerate(loc):
        if seg == "[key]":
            continue
        if isinstance(cur, dict) and _hashable(seg) and seg in cur:
            cur = cur[seg]
            continue
        if (
            isinstance(cur, list)
            and isinstance(seg, int)
            and not isinstance(seg, bool)
            and 0 <= seg < len(cur)
        ):
            cur = cur[seg]
            continue
        if i == len(loc) - 1 and err_type == "missing":
            return None
        if isinstance(seg, str) and _is_real_union(tuple(s for s in loc[:i] if s != "[key]")):
            return i
        return None
    return None


def _is_real_union(path: Path) -> bool:
    """Whether the schema has a union of two or more types (not just ``X | None``) here."""
    found = _type_at(path)
    if found is None:
        return False
    base, _ = _unwrap(found[0])
    return _is_union(base) and sum(arg is not type(None) for arg in get_args(base)) > 1


def _lookup(data: Any, path: Path) -> Any:
    cur = data
    for seg in path:
        if isinstance(cur, dict):
            cur = cur.get(seg)
        elif isinstance(cur, list) and isinstance(seg, int) and 0 <= seg < len(cur):
            cur = cur[seg]
        else:
            return None
    return cur


def _resolve_unions(raw: list[Any], data: Any) -> list[_Err]:
    """Strip pydantic's union-branch tags from error locations.

    Where a value is a mapping or list and exactly one branch of the union takes that
    kind of value, that branch's errors are kept; otherwise the branches are merged into
    one "must be A or B" error.
    """
    pending = []
    for e in raw:
        err = _Err(list(e["loc"]), e["type"], e.get("input"), dict(e.get("ctx") or {}), e["msg"])
        if err.type == "invalid_key" and err.loc:  # pydantic writes True as 1, None as 'None'
            err.loc[-1] = err.input
            err.at_key = True
        pending.append(err)
    out: list[_Err] = []
    while pending:
        groups: dict[tuple[Any, ...], dict[str, list[_Err]]] = {}
        for err in pending:
            pos = _tag_position(err.loc, data, err.type)
            if pos is None:
                if err.loc and err.loc[-1] == "[key]":
                    err.loc.pop()
                    err.at_key = True
                out.append(err)
                continue
            prefix = tuple(err.loc[:pos])
            tag = err.loc[pos]
            del err.loc[pos]
            groups.setdefault(prefix, {}).setdefault(tag, []).append(err)
        pending = []
        for prefix, branches in groups.items():
            value = _lookup(data, prefix)
            chosen = _pick_branch(value, list(branches))
            if chosen is not None:
                pending.extend(branches[chosen])
            else:
                firsts = [errs[0] for errs in branches.values()]
                out.append(_Err(list(prefix), "union", value, options=firsts))
    return out


def _pick_branch(value: Any, tags: list[str]) -> str | None:
    if isinstance(value, dict):
        wanted = [t for t in tags if t.startswith("dict[") or t[:1].isupper()]
    elif isinstance(value, list):
        wanted = [t for t in tags if t.startswith("list[")]
    else:
        return None
    return wanted[0] if len(wanted) == 1 else None


_PATTERNS = {
    r"^[A-Z]{3}$": "a member id: three capital letters (ISO 3166-1 alpha-3) like FRA",
    r"^[a-z][a-z0-9_]*$": "an id of lower-case letters, digits and _ (starting with a letter) "
    "like g5_support",
    r"^[A-Za-z0-9][A-Za-z0-9+_ -]{0,15}$": "a group name like A3+1 (up to 16 letters, digits, "
    "spaces, +, _ or -)",
}

_TYPE_WORDS = {
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "string_type": "text",
    "dict_type": "a mapping of 'key: value' lines",
    "model_type": "a mapping of 'field: value' lines",
    "model_attributes_type": "a mapping of 'field: value' lines",
    "list_type": "a list",
    "date_type": "a date like 2021-06-14",
}


def _expected(err: _Err) -> str | None:
    """What the value should have been, as a noun phrase, for type-like errors."""
    if err.type in _TYPE_WORDS:
        return _TYPE_WORDS[err.type]
    if err.type == "literal_error":
        return str(err.ctx.get("expected", "one of the allowed values"))
    if err.type == "string_pattern_mismatch":
        pattern = str(err.ctx.get("pattern", ""))
        return _PATTERNS.get(pattern, f"text matching {pattern}")
    return None


def _num(value: Any) -> str:
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ("-" if value < 0 else "") + ".inf"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
    return str(value)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _got(value: Any) -> str:
    """A YAML-flavoured description of a value, for "got ..." clauses."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {_num(value)}"
    if isinstance(value, str):
        return f"string {_short(value)!r}"
    if isinstance(value, dt.datetime):
        return f"date and time {value.isoformat(' ')}"
    if isinstance(value, dt.date):
        return f"date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _bounds(path: Path) -> tuple[Any, Any]:
    found = _type_at(path)
    lo = hi = None
    if found is None:
        return lo, hi
    for c in _constraints(*found):
        if isinstance(c, annotated_types.Ge | annotated_types.Gt):
            lo = c.ge if isinstance(c, annotated_types.Ge) else c.gt
        elif isinstance(c, annotated_types.Le | annotated_types.Lt):
            hi = c.le if isinstance(c, annotated_types.Le) else c.lt
    return lo, hi


def _message(err: _Err, data: Any) -> str:
    text = _plain_message(err, data)
    return f"invalid key: {text}" if err.at_key else text


def _plain_message(err: _Err, data: Any) -> str:
    kind, ctx, value = err.type, err.ctx, err.input
    if kind == "union":
        phrases = [p for p in (_expected(o) for o in err.options or []) if p]
        if phrases:
            return f"must be {' or '.join(dict.fromkeys(phrases))}, got {_got(value)}"
        return "; ".join(_plain_message(o, data) for o in err.options or [])
    if kind == "missing":
        return "missing required field"
    if kind == "invalid_key":
        return f"must be text, got {_got(value)} (put it in quotes)"
    if kind == "extra_forbidden":
        name = err.loc[-1] if err.loc else value
        model = _model_at(err.path[:-1])
        fields = list(model.model_fields) if model is not None else []
        close = difflib.get_close_matches(str(name), fields, n=1, cutoff=0.6)
        if close:
            return f"unknown field {name!r} (did you mean {close[0]!r}?)"
        if fields:
            return f"unknown field {name!r} (allowed here: {', '.join(fields)})"
        return f"unknown field {name!r}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        lo, hi = _bounds(err.path)
        if lo is not None and hi is not None:
            return f"must be between {_num(lo)} and {_num(hi)}, got {_num(value)}"
        if kind.startswith("greater"):
            return f"must be at least {_num(ctx.get('ge', ctx.get('gt')))}, got {_num(value)}"
        return f"must be at most {_num(ctx.get('le', ctx.get('lt')))}, got {_num(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        if isinstance(value, dict):  # {en: ..., fr: ...}: the version that is too long
            lang, text = max(value.items(), key=lambda kv: len(str(kv[1])))
            return f"must be at most {ctx.get('max_length')} characters, got {len(str(text))} in {lang}"
        return f"must be at most {ctx.get('max_length')} characters, got {len(value)}"
    if kind in ("too_short", "too_long"):
        from game.names import plural

        what = "entry" if ctx.get("field_type") == "Dictionary" else "item"
        bound = "at least" if kind == "too_short" else "at most"
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        return f"must have {bound} {plural(limit, what)}, got {ctx.get('actual_length')}"
    expected = _expected(err)
    if expected is None:
        return f"{err.msg[:1].lower()}{err.msg[1:]}, got {_got(value)}"
    message = f"must be {expected}, got {_got(value)}"
    if kind == "date_type" and isinstance(value, dt.datetime):
        message = f"must be a date like 2021-06-14 without a time, got {_got(value)}"
    elif kind in ("float_type", "int_type") and isinstance(value, str) and _is_number(value):
        message += " (remove the quotes)"
    elif kind == "float_type" and isinstance(value, str) and len(err.path) == 3 and err.path[::2] == ("issues", "lapse"):
        message += _lapse_hint(value, _lookup(data, err.path[:2]))
    elif kind == "bool_type" and isinstance(value, str):
        message += " (only true and false are booleans; yes, no, on, off are text)"
    elif kind == "string_type" and isinstance(value, bool | int | float | dt.date):
        message += " (put it in quotes)"
    return message


def _lapse_hint(value: str, issue: Any) -> str:
    """An issue's `lapse` is a position, not a variant id: say so (with the variant's
    position when the text names one)."""
    variants = issue.get("variants") if isinstance(issue, dict) else None
    named = [v.get("position") for v in variants or [] if isinstance(v, dict) and v.get("id") == value]
    if named and _is_num(named[0]):
        return f" (a position on the issue's 0-100 scale: variant {value!r} is at {_num(named[0])})"
    return " (a position on the issue's 0-100 scale, like a variant's position)"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# --- cross-references


def _ids(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [x["id"] for x in items if isinstance(x, dict) and isinstance(x.get("id"), str)]


def _suggest(word: Any, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _is_num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _date(value: Any) -> dt.date | None:
    return value if type(value) is dt.date else None


def _item_label(items: list[Any], i: int) -> str:
    if 0 <= i < len(items) and isinstance(items[i], dict):
        ident = items[i].get("id")
        if isinstance(ident, str) and _IDENT_RE.match(ident):
            same = sum(1 for x in items if isinstance(x, dict) and x.get("id") == ident)
            if same == 1:
                return ident
    return str(i)


def _cross_check(data: Mapping[str, Any]) -> list[tuple[Path, str]]:
    """Consistency checks the schema cannot express, on raw data, skipping broken parts."""
    out: list[tuple[Path, str]] = []
    add = out.append

    if data.get("format") is True:  # Literal[1, 2, 3] accepts True (True == 1)
        add((("format",), "must be 3 (or 1, 2), got boolean true"))

    raw_members = data.get("members")
    members: dict[Any, Any] = raw_members if isinstance(raw_members, dict) else {}
    member_ids = {m for m in members if isinstance(m, str)}
    members_ok = isinstance(raw_members, dict)
    member_list = ", ".join(sorted(member_ids))

    def not_member(value: Any) -> str:
        return f"{value!r} is not a member of the Council"

    raw_issues = data.get("issues")
    issues: list[Any] = raw_issues if isinstance(raw_issues, list) else []
    issue_ids = _ids(issues)
    issues_ok = (
        isinstance(raw_issues, list)
        and bool(issues)
        and len(issue_ids) == len(issues)  # every issue has a usable id
    )
    variants: dict[str, list[str]] = {}
    for issue in issues:
        if isinstance(issue, dict) and isinstance(issue.get("id"), str):
            variants.setdefault(issue["id"], list(dict.fromkeys(_ids(issue.get("variants")))))

    def unknown_issue(value: Any) -> str:
        return f"unknown issue {value!r}{_suggest(value, issue_ids)}"

    def texts_named(mapping: dict, field: str) -> None:
        """A text given as {issue: variant} (the zero draft, the status quo) names existing
        issues and, for each, one of its variants."""
        for k, v in mapping.items():
            if k not in variants:
                add(((field, k), unknown_issue(k)))
            elif isinstance(v, str) and v not in variants[k]:
                add(
                    (
                        (field, k),
                        f"issue {k!r} has no variant {v!r}{_suggest(v, variants[k])} "
                        f"(variants: {', '.join(variants[k])})",
                    )
                )

    # --- who is who
    host = data.get("host")
    host_id = host.get("id") if isinstance(host, dict) else None
    if members_ok and member_ids:
        for role in ("penholder", "president"):
            value = data.get(role)
            if isinstance(value, str) and value not in member_ids:
                add(((role,), f"{not_member(value)} (members: {member_list})"))
        co = data.get("co_penholders")
        if isinstance(co, list):
            lead = data.get("penholder")
            seen_co: set[str] = set()
            for k, value in enumerate(co):
                if not isinstance(value, str):
                    continue
                if value not in member_ids:
                    add((("co_penholders", k), f"{not_member(value)} (members: {member_list})"))
                elif value == lead:
                    add((("co_penholders", k), f"{value!r} is the penholder (the lead); list only "
                         "the members who hold the pen with it"))
                elif value in seen_co:
                    add((("co_penholders", k), f"{value!r} is listed twice"))
                seen_co.add(value)
            if co and data.get("format") in (1, 2):
                add((("format",), f"co_penholders needs format 3 (this file says format "
                     f"{data.get('format')}): set `format: 3` (older versions of Penholder do "
                     "not know co-penholders)"))
        if isinstance(host_id, str) and host_id in member_ids:
            add(
                (
                    ("host", "id"),
                    f"{host_id!r} is also a member of the Council; the host is the country "
                    "concerned, which speaks (rule 37) but does not vote",
                )
            )
    permanent = sorted(
        str(m) for m, v in members.items() if isinstance(v, dict) and v.get("permanent") is True
    )
    if len(permanent) > MAX_PERMANENT:
        add(
            (
                ("members",),
                f"at most {MAX_PERMANENT} permanent members, found {len(permanent)}: "
                + ", ".join(permanent),
            )
        )

    # --- members' views on the issues
    for m, member in members.items():
        if not isinstance(member, dict):
            continue
        for key in ("positions", "salience"):
            table = member.get(key)
            if not isinstance(table, dict) or not issues_ok:
                continue
            for issue_id in issue_ids:
                if issue_id not in table:
                    word = "position" if key == "positions" else "salience"
                    add(
                        (
                            ("members", m, key, issue_id),
                            f"missing: every member needs a {word} for every issue",
                        )
                    )
            for k in table:
                if k not in variants:
                    add((("members", m, key, k), unknown_issue(k)))
        red_lines = member.get("red_lines")
        if isinstance(red_lines, dict):
            for k, line in red_lines.items():
                if issues_ok and k not in variants:
                    add((("members", m, "red_lines", k), unknown_issue(k)))
                if not isinstance(line, dict):
                    continue
                lo, hi = line.get("min"), line.get("max")
                if _is_num(lo) and _is_num(hi) and lo > hi:
                    add(
                        (
                            ("members", m, "red_lines", k),
                            f"min ({_num(lo)}) is above max ({_num(hi)})",
                        )
                    )
                if lo is None and hi is None:
                    add((("members", m, "red_lines", k), "a red line needs a min, a max or both"))

    # --- issues and their variants
    first_issue: dict[str, int] = {}
    first_paragraph: dict[int, int] = {}
    for j, issue in enumerate(issues):
        if not isinstance(issue, dict):
            continue
        ident = issue.get("id")
        if isinstance(ident, str):
            if ident in first_issue:
                add(
                    (
                        ("issues", j, "id"),
                        f"duplicate issue id {ident!r} (also issues[{first_issue[ident]}])",
                    )
                )
            else:
                first_issue[ident] = j
        paragraph = issue.get("paragraph")
        if isinstance(paragraph, int) and not isinstance(paragraph, bool):
            if paragraph in first_paragraph:
                other = _item_label(issues, first_paragraph[paragraph])
                add(
                    (
                        ("issues", j, "paragraph"),
                        f"paragraph {paragraph} is also used by issues[{other}]",
                    )
                )
            else:
                first_paragraph[paragraph] = j
        vlist = issue.get("variants")
        if not isinstance(vlist, list):
            continue
        seen_variant: dict[str, int] = {}
        previous: float | None = None
        for k, variant in enumerate(vlist):
            if not isinstance(variant, dict):
                continue
            vid = variant.get("id")
            if isinstance(vid, str):
                if vid in seen_variant:
                    add(
                        (
                            ("issues", j, "variants", k, "id"),
                            f"duplicate variant id {vid!r} (also variants[{seen_variant[vid]}])",
                        )
                    )
                else:
                    seen_variant[vid] = k
            position = variant.get("position")
            if not _is_num(position):
                continue
            if previous is not None and position <= previous:
                add(
                    (
                        ("issues", j, "variants", k, "position"),
                        f"must be above the previous variant's position ({_num(previous)}): "
                        f"list variants from the lowest position to the highest, got {_num(position)}",
                    )
                )
            previous = position if previous is None else max(previous, position)

    # --- the zero draft
    zero = data.get("zero_draft")
    if isinstance(zero, dict) and issues_ok:
        for issue_id in issue_ids:
            if issue_id not in zero:
                add(
                    (
                        ("zero_draft", issue_id),
                        "missing: the zero draft needs a variant for every issue",
                    )
                )
        texts_named(zero, "zero_draft")

    # --- the status quo (what a rollover extends) and the host's own views
    status_quo = data.get("status_quo")
    if isinstance(status_quo, dict) and issues_ok:
        texts_named(status_quo, "status_quo")
    if isinstance(host, dict) and issues_ok:
        for key in ("positions", "salience"):
            table = host.get(key)
            if isinstance(table, dict):
                for k in table:
                    if k not in variants:
                        add((("host", key, k), unknown_issue(k)))
        hp, hs = host.get("positions"), host.get("salience")
        if isinstance(hp, dict) and isinstance(hs, dict) and set(hp) != set(hs):
            add((("host", "salience"), "the host needs a salience for each issue it has a position on, and no other"))
    for m, member in members.items():
        if not isinstance(member, dict):
            continue
        if member.get("veto_cost") is not None and member.get("permanent") is False:
            add((("members", m, "veto_cost"), "only a permanent member has a veto"))

    # --- groups
    groups = data.get("groups")
    if isinstance(groups, dict):
        group_of: dict[str, Any] = {}
        for g, group in groups.items():
            if not isinstance(group, dict):
                continue
            gm = group.get("members")
            gm_list = gm if isinstance(gm, list) else []
            in_this: set[str] = set()
            for i, m in enumerate(gm_list):
                if not isinstance(m, str):
                    continue
                path = ("groups", g, "members", i)
                if members_ok and m not in member_ids:
                    add((path, not_member(m)))
                elif m in in_this:
                    add((path, f"{m!r} is listed twice in this group"))
                elif m in group_of:
                    add(
                        (
                            path,
                            f"{m!r} is already in group {group_of[m]!r}; a member can be in one group only",
                        )
                    )
                in_this.add(m)
                group_of.setdefault(m, g)
            speaker = group.get("spokesperson")
            if isinstance(speaker, str) and isinstance(gm, list) and speaker not in gm_list:
                add((("groups", g, "spokesperson"), f"{speaker!r} is not in group {g!r}"))

    # --- calendar
    calendar = data.get("calendar")
    calendar = calendar if isinstance(calendar, dict) else {}
    zero_day = _date(calendar.get("zero_draft"))
    expiry = _date(calendar.get("mandate_expiry"))
    if zero_day and expiry and expiry <= zero_day:
        add(
            (
                ("calendar", "mandate_expiry"),
                f"must be after the zero draft ({zero_day.isoformat()}), got {expiry.isoformat()}",
            )
        )
    lo_rounds, hi_rounds = calendar.get("min_rounds"), calendar.get("max_rounds")
    if (
        isinstance(lo_rounds, int)
        and isinstance(hi_rounds, int)
        and not isinstance(lo_rounds, bool)
        and not isinstance(hi_rounds, bool)
        and lo_rounds > hi_rounds
    ):
        add(
            (
                ("calendar", "min_rounds"),
                f"must not exceed max_rounds ({hi_rounds}), got {lo_rounds}",
            )
        )

    # --- events
    raw_events = data.get("events")
    events: list[Any] = raw_events if isinstance(raw_events, list) else []
    last_day = expiry
    for event in events:  # an inject that extends the mandate makes later days playable
        moved = _date(event.get("mandate_expiry")) if isinstance(event, dict) else None
        if moved and last_day and moved > last_day:
            last_day = moved
    first_event: dict[str, int] = {}
    for j, event in enumerate(events):
        if not isinstance(event, dict):
            continue
        ident = event.get("id")
        if isinstance(ident, str):
            if ident in first_event:
                add(
                    (
                        ("events", j, "id"),
                        f"duplicate event id {ident!r} (also events[{first_event[ident]}])",
                    )
                )
            else:
                first_event[ident] = j
        day = _date(event.get("date"))
        if day and zero_day and last_day and not zero_day <= day <= last_day:
            add(
                (
                    ("events", j, "date"),
                    f"must be between the zero draft ({zero_day.isoformat()}) and the mandate "
                    f"expiry ({last_day.isoformat()}), got {day.isoformat()}",
                )
            )
        shifts = event.get("shifts")
        for k, shift in enumerate(shifts if isinstance(shifts, list) else []):
            if not isinstance(shift, dict):
                continue
            who, what = shift.get("member"), shift.get("issue")
            if members_ok and isinstance(who, str) and who not in member_ids:
                add((("events", j, "shifts", k, "member"), not_member(who)))
            if issues_ok and isinstance(what, str) and what not in variants:
                add((("events", j, "shifts", k, "issue"), unknown_issue(what)))
            if shift.get("position_by") is None and shift.get("salience_to") is None:
                add(
                    (
                        ("events", j, "shifts", k),
                        "a shift must set position_by, salience_to or both",
                    )
                )

    # --- history
    history = data.get("history")
    if isinstance(history, dict):
        tally = history.get("tally")
        if isinstance(tally, dict) and members_ok:
            for k in tally:
                if isinstance(k, str) and k not in member_ids:
                    add((("history", "tally", k), not_member(k)))
        final = history.get("final_text")
        if isinstance(final, dict) and issues_ok:
            for k, v in final.items():
                if k not in variants:
                    add((("history", "final_text", k), unknown_issue(k)))
                elif isinstance(v, str) and v != "unknown" and v not in variants[k]:
                    add(
                        (
                            ("history", "final_text", k),
                            f"issue {k!r} has no variant {v!r}{_suggest(v, variants[k])} "
                            f"(variants: {', '.join(variants[k])}; or 'unknown')",
                        )
                    )
        silences = history.get("silences")
        for i, silence in enumerate(silences if isinstance(silences, list) else []):
            broken = silence.get("broken_by") if isinstance(silence, dict) else None
            if isinstance(broken, list) and members_ok:
                for k, m in enumerate(broken):
                    if isinstance(m, str) and m not in member_ids:
                        add((("history", "silences", i, "broken_by", k), not_member(m)))
        eov = history.get("explanations_of_vote")
        if isinstance(eov, list) and members_ok:
            for i, m in enumerate(eov):
                if isinstance(m, str) and m not in member_ids and m != host_id:
                    add(
                        (
                            ("history", "explanations_of_vote", i),
                            f"{m!r} is neither a member of the Council nor the host",
                        )
                    )
    return out


# ----------------------------------------------------------------------------- overrides


class _OverrideError(Exception):
    pass


_SEGMENT_RE = re.compile(r'\.?([^.\[\]]+)|\[\s*("(?:[^"\\]|\\.)*"|[^\]]*?)\s*\]')


def _parse_path(text: str) -> list[str]:
    text = text.strip()
    if not text:
        raise _OverrideError("empty path (expected path=value)")
    out: list[str] = []
    pos = 0
    while pos < len(text):
        match = _SEGMENT_RE.match(text, pos)
        if match is None or match.end() == pos:
            raise _OverrideError(f"cannot read the path at {text[pos:]!r}")
        plain, bracketed = match.groups()
        if plain is not None:
            out.append(plain.strip())
        elif bracketed.startswith('"'):
            out.append(json.loads(bracketed))
        else:
            out.append(bracketed)
        pos = match.end()
    return out


def _unshared(value: Any) -> Any:
    """Deep copy that also splits YAML aliases (deepcopy would keep them shared)."""
    if isinstance(value, dict):
        return {k: _unshared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unshared(v) for v in value]
    return copy.copy(value) if isinstance(value, set | bytearray) else value


def _apply_one(data: dict[str, Any], assignment: str) -> None:
    path_text, sep, value_text = assignment.partition("=")
    if not sep:
        raise _OverrideError("expected path=value, e.g. members.CHN.salience.climate=0.9")
    tokens = _parse_path(path_text)
    try:
        value = yamlsafe.parse_value(value_text.strip(), OVERRIDE_FILE)
    except ScenarioError as exc:
        raise _OverrideError(
            "cannot read the value: " + "; ".join(p.message for p in exc.problems)
        ) from None
    cur: Any = data
    ann: Any = Scenario
    done: list[Any] = []
    for n, token in enumerate(tokens):
        last = n == len(tokens) - 1
        where = format_path(done, data) or "the scenario"
        if isinstance(cur, list):
            index = _list_index(cur, token, where)
            step = _step(ann, 0)
            if last:
                cur[index] = value
                return
            cur, ann = cur[index], (step[0] if step else None)
            done.append(index)
            continue
        if not isinstance(cur, dict):
            raise _OverrideError(f"{where} is {_got(cur)}; it has no {token!r}")
        key: Any = token
        if key not in cur and token.lstrip("-").isdigit() and int(token) in cur:
            key = int(token)
        model = _model_here(ann)
        fields = list(model.model_fields) if model is not None else []
        if key not in cur:
            if key in fields and last:  # an optional field left at its default
                cur[key] = value
                return
            sub = _model_here(model.model_fields[key].annotation) if key in fields else None
            if sub is not None and all(not f.is_required() for f in sub.model_fields.values()):
                # a block whose every field has a default (model:, voice:): start it empty
                cur[key] = {}
            elif key in fields:
                raise _OverrideError(
                    f"{where} has no {token!r} yet; set it whole, e.g. "
                    f"{format_path([*done, token], data)}={{...}}"
                )
            else:
                hint = _suggest(token, [str(k) for k in cur] + fields)
                raise _OverrideError(f"{where} has no {token!r}{hint}")
        step = _step(ann, key)
        if last:
            cur[key] = value
            return
        cur, ann = cur[key], (step[0] if step else None)
        done.append(key)


def _model_here(ann: Any) -> type[BaseModel] | None:
    if ann is None:
        return None
    base, _ = _unwrap(ann)
    for member in get_args(base) if _is_union(base) else (base,):
        member, _ = _unwrap(member)
        if _is_model(member):
            return member
    return None


def _list_index(items: list[Any], token: str, where: str) -> int:
    if token.lstrip("-").isdigit():
        index = int(token)
        if not 0 <= index < len(items):
            raise _OverrideError(f"{where} has {len(items)} items; there is no item {index}")
        return index
    matches = [i for i, x in enumerate(items) if isinstance(x, dict) and x.get("id") == token]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise _OverrideError(f"{where} has several items with id {token!r}; use an index")
    ids = _ids(items)
    hint = _suggest(token, ids)
    return_ids = f" (ids: {', '.join(ids)})" if ids else ""
    raise _OverrideError(f"{where} has no item with id {token!r}{hint}{return_ids}")


def apply_overrides(data: Mapping[str, Any], assignments: Iterable[str]) -> dict[str, Any]:
    """A copy of ``data`` with ``path=value`` assignments applied (``data`` is untouched).

    Paths use the documented notation; list items may be addressed by id or index, with
    dots or brackets: ``issues.g5_support.variants.sg_options.position=50`` and
    ``issues[0].variants[1].position=50`` both work. Values are read with the scenario
    files' YAML rules (``0.9`` is a number, ``yes`` is text, ``[KEN, NER]`` a list; quote
    text containing ``: ``). A path that does not exist is an error (a typo must not add
    a key), except an optional field the schema declares, left out of the file. Raises
    `ScenarioError` with one problem per bad assignment, as ``--set:N: path: message``
    (N counts the assignments from 1).
    """
    out = _unshared(dict(data))
    problems = []
    for n, assignment in enumerate(assignments, 1):
        try:
            _apply_one(out, assignment)
        except _OverrideError as exc:
            shown = assignment.partition("=")[0].strip() or FILE_PATH
            problems.append(Problem(OVERRIDE_FILE, n, shown, str(exc)))
    if problems:
        raise ScenarioError(problems)
    return out


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")
