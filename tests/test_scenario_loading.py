"""Scenario loading: the safe YAML front end, schema errors, cross-references, overrides,
serialisation and the documented example. Scenarios are small texts written to tmp_path."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import yamlsafe
from game.errors import Problem, ScenarioError
from game.scenario import (
    apply_overrides,
    format_path,
    json_schema,
    load_scenario,
    scenario_from_data,
    scenario_hash,
    scenario_to_data,
)
from game.schema import Scenario
from game.yamlsafe import LineIndex, load_yaml, load_yaml_text, parse_value

DOCS = Path(__file__).resolve().parent.parent / "docs" / "scenario-format.md"

MINIMAL = """\
format: 1
id: test_renewal
title: A test renewal
mission: TESTMIS
resolution: "9999 (2021)"
situation: A small Council negotiates the renewal of a test mission.
host: {id: MLI, name: Mali}
penholder: FRA
president: NOR
members:
  FRA:
    name: France
    permanent: true
    positions: {g5_support: 80, climate: 70}
    salience: {g5_support: 0.8, climate: 0.4}
  NOR:
    name: Norway
    permanent: false
    positions: {g5_support: 50, climate: 90}
    salience: {g5_support: 0.3, climate: 0.7}
    red_lines:
      climate: {min: 20, why: Climate must be mentioned.}
  IND:
    name: India
    permanent: false
    positions: {g5_support: 40, climate: 10}
    salience: {g5_support: 0.5, climate: 0.9}
issues:
  - id: g5_support
    title: Support to the G5 Sahel Joint Force
    paragraph: 12
    variants:
      - {id: sg_options, position: 30, text: Requests the SG to report on options.}
      - {id: priority_task, position: 80, text: Makes support a priority task.}
    wants_more: more support to the Joint Force
    wants_less: less support to the Joint Force
  - id: climate
    title: Climate and security
    paragraph: 30
    variants:
      - {id: none, position: 0, text: No climate paragraph.}
      - {id: mention, position: 50, text: Notes the effects of climate change.}
      - {id: strong, position: 90, text: Requests a climate-security assessment.}
    wants_more: stronger climate language
    wants_less: weaker climate language
zero_draft: {g5_support: priority_task, climate: mention}
calendar:
  zero_draft: 2021-06-14
  mandate_expiry: 2021-06-30
  silence_hours: 48
"""

LOADERS = [yamlsafe.SafeScenarioLoader, yamlsafe.PySafeScenarioLoader]
LOADER_IDS = ["default", "pure_python"]

# (a path segment that is not an identifier is quoted, and may hold a colon: positions[":"])
PROBLEM_RE = re.compile(r'^(?P<file>[^:]+):(?P<line>\d+): (?P<path>(?:[^:"]|"(?:[^"\\]|\\.)*")+): (?P<message>.+)$')


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL


@pytest.fixture
def write(tmp_path: Path):
    def _write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def line_of(text: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after ``start`` containing ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def problems_of(path_or_text, **kw) -> list[Problem]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path_or_text, **kw)
    return info.value.problems


def messages(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in problems]


# ------------------------------------------------------------------------ the happy path


def test_minimal_scenario_loads(write, minimal_text):
    sc = load_scenario(write(minimal_text))
    assert isinstance(sc, Scenario)
    assert list(sc.members) == ["FRA", "NOR", "IND"]
    assert sc.members["NOR"].red_lines["climate"].min == 20
    assert sc.members["IND"].assertiveness == 0.5  # default
    assert [i.id for i in sc.issues] == ["g5_support", "climate"]
    assert sc.zero_draft == {"g5_support": "priority_task", "climate": "mention"}
    assert sc.calendar.zero_draft == dt.date(2021, 6, 14)
    assert sc.calendar.round_days == 4  # default


def test_problem_format_is_parseable():
    p = Problem("scenarios/x.yaml", 42, "members.CHN.salience.climate", "must be 1")
    assert str(p) == "scenarios/x.yaml:42: members.CHN.salience.climate: must be 1"
    assert str(Problem("x.yaml", 1, "", "too big")) == "x.yaml:1: (file): too big"
    err = ScenarioError([p, Problem("x.yaml", 3, "a", "b")])
    assert str(err).splitlines() == [str(p), "x.yaml:3: a: b"]


# ----------------------------------------------------------------------- schema problems


def test_salience_out_of_range_exact_message_and_line(write, minimal_text):
    text = minimal_text.replace(
        "salience: {g5_support: 0.3, climate: 0.7}", "salience: {g5_support: 0.3, climate: 1.7}"
    )
    path = write(text)
    (problem,) = problems_of(path)
    line = line_of(text, "climate: 1.7")
    assert str(problem) == (
        f"{path}:{line}: members.NOR.salience.climate: must be between 0 and 1, got 1.7"
    )
    assert problem.line == line and problem.file == str(path)


def test_block_style_salience_points_at_its_own_line(write, minimal_text):
    text = minimal_text.replace(
        "    salience: {g5_support: 0.3, climate: 0.7}\n",
        "    salience:\n      g5_support: 0.3\n      climate: 1.7\n",
    )
    (problem,) = problems_of(write(text))
    assert problem.line == line_of(text, "climate: 1.7")
    assert problem.path == "members.NOR.salience.climate"


def test_unknown_key_with_suggestion(write, minimal_text):
    text = minimal_text.replace("    red_lines:\n", "    salence: {climate: 0.2}\n    red_lines:\n")
    (problem,) = problems_of(write(text))
    assert problem.path == "members.NOR.salence"
    assert problem.message == "unknown field 'salence' (did you mean 'salience'?)"
    assert problem.line == line_of(text, "salence")


def test_unknown_key_without_close_match_lists_allowed_fields(write, minimal_text):
    text = minimal_text.replace("  silence_hours: 48\n", "  silence_hours: 48\n  zzz: 1\n")
    (problem,) = problems_of(write(text))
    assert problem.message.startswith("unknown field 'zzz' (allowed here: zero_draft, ")


def test_missing_required_field_points_at_the_parent(write, minimal_text):
    text = minimal_text.replace("    name: India\n", "")
    (problem,) = problems_of(write(text))
    assert (problem.path, problem.message) == ("members.IND.name", "missing required field")
    assert problem.line == line_of(text, "  IND:")


def test_friendly_type_messages(write, minimal_text):
    text = (
        minimal_text.replace("    name: India\n", "    name: India\n    assertiveness: high\n")
        .replace(
            "    permanent: false\n    positions: {g5_support: 50",
            "    permanent: yes\n    positions: {g5_support: 50",
        )
        .replace('resolution: "9999 (2021)"', "resolution: 2584")
        .replace("  zero_draft: 2021-06-14", "  zero_draft: June 14")
        .replace("    paragraph: 30", "    paragraph: 30.5")
        .replace("climate: 10}", 'climate: "10"}')
    )
    got = messages(problems_of(write(text)))
    assert got == [
        ("resolution", "must be text, got number 2584 (put it in quotes)"),
        (
            "members.NOR.permanent",
            "must be true or false, got string 'yes' "
            "(only true and false are booleans; yes, no, on, off are text)",
        ),
        ("members.IND.assertiveness", "must be a number, got string 'high'"),
        ("members.IND.positions.climate", "must be a number, got string '10' (remove the quotes)"),
        ("issues[climate].paragraph", "must be a whole number, got number 30.5"),
        ("calendar.zero_draft", "must be a date like 2021-06-14, got string 'June 14'"),
    ]


def test_patterns_literals_lengths_and_unions(write, minimal_text):
    text = (
        minimal_text.replace("format: 1", "format: 4")
        .replace("penholder: FRA", "penholder: fr")
        .replace("title: Climate and security", "title: ''")
        .replace(
            "      - {id: sg_options, position: 30, text: Requests the SG to report on options.}\n",
            "",
        )
        + "history:\n"
        "  outcome: adopted\n"
        "  vote_date: tomorrow\n"
        "  tally: {FRA: yes, NOR: maybe}\n"
        "  silences: 5\n"
        "  final_text: {climate: Bad}\n"
    )
    got = messages(problems_of(write(text)))
    assert got == [
        ("format", "must be 1, 2 or 3, got number 4"),
        (
            "penholder",
            "must be a member id: three capital letters (ISO 3166-1 alpha-3) like FRA, "
            "got string 'fr'",
        ),
        ("issues[g5_support].variants", "must have at least 2 items, got 1"),
        ("issues[climate].title", "must not be empty"),
        ("history.vote_date", "must be a date like 2021-06-14 or 'unknown', got string 'tomorrow'"),
        ("history.tally.NOR", "must be 'yes', 'no' or 'abstain', got string 'maybe'"),
        ("history.silences", "must be a list or 'unknown', got number 5"),
        (
            "history.final_text.climate",
            "must be an id of lower-case letters, digits and _ (starting with a letter) like "
            "g5_support or 'unknown', got string 'Bad'",
        ),
    ]


def test_invalid_mapping_key(write, minimal_text):
    text = minimal_text.replace("  IND:\n", "  Ind:\n")
    (problem,) = problems_of(write(text))
    assert problem.path == "members.Ind"
    assert problem.message.startswith("invalid key: must be a member id")
    assert problem.line == line_of(text, "  Ind:")


def test_list_items_are_named_by_id_or_index(write, minimal_text):
    text = minimal_text.replace("{id: strong, position: 90", "{id: strong, position: 190")
    (problem,) = problems_of(write(text))
    assert problem.path == "issues[climate].variants[strong].position"
    assert problem.message == "must be between 0 and 100, got 190"
    # a broken id falls back to the index
    text = text.replace("  - id: climate\n", "  - id: Climate\n")
    paths = [p.path for p in problems_of(write(text))]
    assert "issues[1].id" in paths and "issues[1].variants[strong].position" in paths


def test_strings_are_not_numbers_even_from_data(minimal_text):
    data, _ = load_yaml_text(minimal_text)
    data["members"]["FRA"]["salience"]["climate"] = "0.5"
    with pytest.raises(ScenarioError) as info:
        scenario_from_data(data)
    (problem,) = info.value.problems
    assert str(problem) == (
        "<data>:0: members.FRA.salience.climate: must be a number, got string '0.5' "
        "(remove the quotes)"
    )


def test_datetime_is_not_a_date(write, minimal_text):
    text = minimal_text.replace("mandate_expiry: 2021-06-30", "mandate_expiry: 2021-06-30 12:00:00")
    (problem,) = problems_of(write(text))
    assert problem.message == (
        "must be a date like 2021-06-14 without a time, got date and time 2021-06-30 12:00:00"
    )


def test_quoted_iso_date_is_accepted(write, minimal_text):
    text = minimal_text.replace("mandate_expiry: 2021-06-30", 'mandate_expiry: "2021-06-30"')
    assert load_scenario(write(text)).calendar.mandate_expiry == dt.date(2021, 6, 30)


def test_top_level_not_a_mapping_in_data():
    with pytest.raises(ScenarioError) as info:
        scenario_from_data([1, 2])  # type: ignore[arg-type]
    assert str(info.value) == (
        "<data>:0: (file): the top level must be a mapping of 'field: value' lines, got a list"
    )


# ------------------------------------------------------------------------- the YAML layer


def test_yaml_12_booleans_no_stays_no():
    data, _ = load_yaml_text(
        "a: NO\nb: yes\nc: no\nd: on\ne: off\nf: y\ng: n\nh: Yes\n"
        "t1: true\nt2: True\nt3: TRUE\nf1: false\nf2: False\nf3: FALSE\n"
    )
    assert data == {
        "a": "NO", "b": "yes", "c": "no", "d": "on", "e": "off", "f": "y", "g": "n", "h": "Yes",
        "t1": True, "t2": True, "t3": True, "f1": False, "f2": False, "f3": False,
    }  # fmt: skip
    # the global SafeLoader is untouched
    assert yaml.safe_load("a: NO") == {"a": False}
    assert yaml.load("a: NO", Loader=yamlsafe.SafeScenarioLoader) == {"a": "NO"}


def test_yaml_12_numbers_and_dates():
    data, _ = load_yaml_text(
        "a: 1e3\nb: 1_000\nc: 12:30\nd: 010\ne: 0o10\nf: 0x1f\ng: .inf\nh: -3\ni: 0.5\n"
        "j: 2021-06-14\nk: '0.5'\nl: =\nm: ~\nn:\n"
    )
    assert data == {
        "a": 1000.0, "b": "1_000", "c": "12:30", "d": 10, "e": 8, "f": 31, "g": float("inf"),
        "h": -3, "i": 0.5, "j": dt.date(2021, 6, 14), "k": "0.5", "l": "=", "m": None, "n": None,
    }  # fmt: skip


def test_norway_member_named_no_is_text(write, minimal_text):
    text = minimal_text.replace("    name: Norway\n", "    name: NO\n")
    assert load_scenario(write(text)).members["NOR"].name == "NO"


def test_duplicate_key_names_both_lines_and_is_reported_with_schema_errors(write, minimal_text):
    text = minimal_text.replace(
        "    positions: {g5_support: 40, climate: 10}\n",
        "    positions: {g5_support: 40, climate: 10}\n    name: Bharat\n    assertiveness: 2\n",
    )
    path = write(text)
    problems = problems_of(path)
    first, second = line_of(text, "name: India"), line_of(text, "name: Bharat")
    assert messages(problems) == [
        (
            "members.IND.name",
            f"duplicate key 'name' (first on line {first}); "
            "YAML would silently keep only the last one",
        ),
        ("members.IND.assertiveness", "must be between 0 and 1, got 2"),
    ]
    assert problems[0].line == second
    with pytest.raises(ScenarioError, match=r"duplicate key 'name' \(first on line"):
        load_yaml(path)


def test_duplicate_key_in_flow_mapping():
    with pytest.raises(ScenarioError) as info:
        load_yaml_text("a:\n  b: {x: 1, x: 2}\n", "f.yaml")
    assert str(info.value) == (
        "f.yaml:2: a.b.x: duplicate key 'x' (first on line 2); "
        "YAML would silently keep only the last one"
    )


def billion_laughs(levels: int = 9, fanout: int = 9) -> str:
    names = "abcdefghijklmnopqrstuvwxyz"
    lines = [f"a: &a [{', '.join(['lol'] * fanout)}]"]
    for i in range(1, levels):
        refs = ", ".join([f"*{names[i - 1]}"] * fanout)
        lines.append(f"{names[i]}: &{names[i]} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("loader", LOADERS, ids=LOADER_IDS)
def test_billion_laughs_is_refused(write, loader):
    text = billion_laughs()  # 9**9 = 387,420,489 strings once expanded
    with pytest.raises(ScenarioError) as info:
        yamlsafe._parse(text, "bomb.yaml", True, loader)
    (problem,) = info.value.problems
    assert problem.path == "(file)"
    assert "more than 100,000 values once aliases (*name) are expanded" in problem.message
    assert problem.line == 6  # 9**6 > 100,000: refused on the sixth line, nothing expanded
    with pytest.raises(ScenarioError, match="alias bomb"):
        load_scenario(write(text))


def test_aliases_below_the_limit_are_fine():
    data, _ = load_yaml_text(billion_laughs(levels=4))  # 9**4 = 6561
    assert len(data["d"]) == 9 and data["d"][0] is data["c"]


def test_two_mib_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: [" + b"1, " * (700 * 1024) + b"]\n")  # 2.1 MiB, also valid YAML
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert problem.line == 1 and problem.path == "(file)"
    assert "scenario files are limited to 1 MiB (1,048,576 bytes)" in problem.message
    with pytest.raises(ScenarioError, match="limited to 1 MiB"):
        load_yaml_text("a: " + "x" * (2 << 20))


def test_non_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format: 1\ntitle: Côte d'Ivoire\n".encode("latin-1"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == (
        f"{path}:2: (file): not valid UTF-8 (byte 0xf4 at column 9); save the file as UTF-8"
    )


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path)[0] == {"a": 1}


def test_missing_file():
    with pytest.raises(ScenarioError, match=r"nope\.yaml:1: \(file\): cannot read the file"):
        load_scenario("nope.yaml")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- a\n- b\n", 1, "the top level must be a mapping of 'field: value' lines, not a list"),
        ("", 1, "the file is empty (no YAML document)"),
        ("# only a comment\n", 1, "the file is empty (no YAML document)"),
        ("just text\n", 1, "the top level must be a mapping of 'field: value' lines, not a single value ('just text')"),
        ("a: 1\n---\nb: 2\n", 2, "a scenario file holds one YAML document; found a second '---' here"),
        ("a: &x [1, *x]\n", 1, "alias *x is inside its own anchor &x (a loop)"),
        ("a: *nothing\n", 1, "alias *nothing refers to no anchor &nothing above it"),
        ("a: 1\nb: !!python/object/apply:os.system [ls]\n", 2, "the tag !!python/object/apply:os.system is not allowed in a scenario file (plain YAML values only)"),
        ("a: !!set {x}\n", 1, "the tag !!set is not allowed in a scenario file (plain YAML values only)"),
        ("a:\n  b: 2021-02-30\n", 2, "invalid date '2021-02-30': day is out of range for month"),
        ("? [a, b]\n: 1\n", 1, "a list or mapping cannot be used as a key"),
        ("a: 1\nb: \x07\n", 2, "the character '\\x07' is not allowed in YAML"),
    ],
)  # fmt: skip
def test_file_level_refusals(text, line, message):
    for loader in (yamlsafe.SafeScenarioLoader, yamlsafe.PySafeScenarioLoader):
        with pytest.raises(ScenarioError) as info:
            yamlsafe._parse(yamlsafe._check_text(text, "f.yaml"), "f.yaml", True, loader)
        (problem,) = info.value.problems
        assert (problem.line, problem.path, problem.message) == (line, "(file)", message)


def test_syntax_error_has_the_line(write):
    text = "a: 1\nb: [1, 2\nc: 3\n"
    (problem,) = problems_of(write(text))
    assert problem.path == "(file)" and problem.message.startswith("YAML syntax: ")
    assert problem.line in (3, 4)  # where the parser notices; libyaml and PyYAML differ


@pytest.mark.parametrize("loader", LOADERS, ids=LOADER_IDS)
@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100_000 + "]" * 100_000,  # crashes libyaml's own composer
        "a:\n" + "- " * 100_000 + "x\n",
        "a: &a " + "[" * 30 + "]" * 30 + "\nb: " + "[" * 15 + "*a" + "]" * 15 + "\n",  # via alias
    ],
    ids=["flow", "block", "via_alias"],
)
def test_deep_nesting_is_refused(text, loader):
    # PyYAML >= 6.0.4's own parser refuses very deep flow nesting first; either way it is
    # refused quickly with a clear message
    with pytest.raises(ScenarioError, match="nested deeper than 40 levels|exceeded maximum nesting depth"):
        yamlsafe._parse(text, "deep.yaml", True, loader)


def test_nesting_of_exactly_40_is_fine():
    data, _ = load_yaml_text("a: " + "[" * 39 + "]" * 39)  # the top mapping is level 1
    assert isinstance(data["a"], list)


def test_merge_keys_and_anchors():
    data, _ = load_yaml_text(
        "base: &b {x: 1, y: 2}\nother: &o {x: 5, z: 6}\nm:\n  <<: [*b, *o]\n  y: 3\n"
    )
    assert data["m"] == {"x": 1, "z": 6, "y": 3}
    assert data == yaml.safe_load(
        "base: &b {x: 1, y: 2}\nother: &o {x: 5, z: 6}\nm:\n  <<: [*b, *o]\n  y: 3\n"
    )


def test_both_parsers_agree(minimal_text):
    fast = yamlsafe._parse(minimal_text, "f", True, yamlsafe.SafeScenarioLoader)
    slow = yamlsafe._parse(minimal_text, "f", True, yamlsafe.PySafeScenarioLoader)
    assert fast.data == slow.data
    assert fast.data == yaml.safe_load(minimal_text)  # nothing YAML-1.1-specific in it
    for path in [("members", "NOR", "salience", "climate"), ("issues", 1, "variants", 2, "id")]:
        assert fast.lines.value_line(path) == slow.lines.value_line(path)


def test_line_index(minimal_text):
    _, lines = load_yaml_text(minimal_text)
    assert isinstance(lines, LineIndex)
    assert lines.value_line(("members", "NOR", "salience", "climate")) == line_of(
        minimal_text, "climate: 0.7"
    )
    strong = line_of(minimal_text, "id: strong")
    assert lines.value_line(("issues", 1, "variants", 2, "position")) == strong
    assert lines.value_line(("issues", 1, "variants", 2)) == strong
    ind = line_of(minimal_text, "  IND:")
    assert lines.key_line(("members", "IND")) == ind
    assert lines.value_line(("members", "IND")) == ind + 1  # the mapping starts below its key
    assert lines.line(("members", "IND")) == ind
    assert lines.line(("members", "IND", "no_such_field")) == ind
    assert lines.line(("nothing", "here")) == 1
    assert ("calendar", "silence_hours") in lines


def test_parse_value():
    assert parse_value("0.9") == 0.9
    assert parse_value("yes") == "yes"
    assert parse_value("") is None
    assert parse_value("[KEN, NER]") == ["KEN", "NER"]
    assert parse_value("2021-06-15") == dt.date(2021, 6, 15)
    with pytest.raises(ScenarioError):
        parse_value("[1, 2")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.sampled_from(list("ab:- []{},&*!'\"#\n\t|>?<=01.~%@`\\")) | st.characters(),
        max_size=80,
    )
)
def test_arbitrary_text_only_ever_raises_scenario_error(text):
    try:
        data, _ = load_yaml_text(text)
    except ScenarioError as exc:
        assert exc.problems and all(PROBLEM_RE.match(str(p)) for p in exc.problems)
        return
    assert isinstance(data, dict)
    with pytest.raises(ScenarioError):
        scenario_from_data(data)


def _all_paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _all_paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _all_paths(v, (*prefix, i))


_ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["FRA", "NOR", "XXX", "g5_support", "climate", "unknown", "mention"]),
    st.dates(),
    st.lists(st.sampled_from(["FRA", "IND", "KEN", 1]), max_size=3),
    st.dictionaries(
        st.sampled_from(["id", "min", "max", "g5_support", "x"]), st.integers(0, 120), max_size=3
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_scenarios_only_ever_raise_scenario_error(data):
    base, lines = load_yaml_text(MINIMAL, "m.yaml")
    paths = [p for p in _all_paths(base) if p]
    mutated = apply_overrides(base, [])  # an unshared deep copy
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        parent = mutated
        for seg in path[:-1]:
            if not isinstance(parent, dict | list):
                break
            try:
                parent = parent[seg]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if isinstance(parent, dict | list):
                if data.draw(st.booleans()) and isinstance(parent, dict):
                    parent.pop(path[-1], None)
                elif isinstance(parent, dict) or (isinstance(path[-1], int) and path[-1] < len(parent)):
                    parent[path[-1]] = data.draw(_ANY_VALUE)
    try:
        scenario_from_data(mutated, "m.yaml", lines)
    except ScenarioError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert PROBLEM_RE.match(str(problem)), str(problem)
            assert problem.line >= 1


# ----------------------------------------------------------------------- cross-references

CROSS = """\
format: 1
id: broken
title: Everything points somewhere else
mission: TESTMIS
resolution: "1 (2021)"
situation: Every cross-reference in this file is wrong.
host: {id: NOR, name: Norway}
penholder: BRA
president: DEU
members:
  FRA: {name: France, permanent: true, positions: {g5: 10, climate: 20, poc: 30}, salience: {g5: 0.5, climate: 0.5, poc: 0.5}}
  GBR: {name: United Kingdom, permanent: true, positions: {g5: 10, poc: 30}, salience: {g5: 0.5, climate: 0.5, poc: 0.5, climat: 0.2}}
  USA:
    name: United States
    permanent: true
    positions: {g5: 10, climate: 20, poc: 30}
    salience: {g5: 0.5, climate: 0.5, poc: 0.5}
    red_lines:
      g5: {min: 60, max: 40}
      oceans: {max: 10}
      poc: {why: No numbers at all.}
  CHN: {name: China, permanent: true, positions: {g5: 10, climate: 20, poc: 30}, salience: {g5: 0.5, climate: 0.5, poc: 0.5}}
  RUS: {name: Russia, permanent: true, positions: {g5: 10, climate: 20, poc: 30}, salience: {g5: 0.5, climate: 0.5, poc: 0.5}}
  IND: {name: India, permanent: true, positions: {g5: 10, climate: 20, poc: 30}, salience: {g5: 0.5, climate: 0.5, poc: 0.5}}
  NOR: {name: Norway, permanent: false, positions: {g5: 10, climate: 20, poc: 30}, salience: {g5: 0.5, climate: 0.5, poc: 0.5}}
issues:
  - id: g5
    title: G5 Sahel
    paragraph: 3
    variants:
      - {id: a, position: 10, text: A.}
      - {id: b, position: 50, text: B.}
      - {id: a, position: 40, text: A again.}
    wants_more: more
    wants_less: less
  - id: climate
    title: Climate
    paragraph: 3
    variants:
      - {id: x, position: 0, text: X.}
      - {id: y, position: 50, text: Y.}
    wants_more: more
    wants_less: less
  - id: poc
    title: Protection of civilians
    paragraph: 5
    variants:
      - {id: weak, position: 20, text: Weak.}
      - {id: strong, position: 80, text: Strong.}
    wants_more: more
    wants_less: less
  - id: g5
    title: G5 Sahel again
    paragraph: 7
    variants:
      - {id: c, position: 0, text: C.}
      - {id: d, position: 100, text: D.}
    wants_more: more
    wants_less: less
zero_draft: {g5: a, climate: z, oceans: x}
groups:
  A3:
    members: [IND, KEN, IND]
    discipline: 0.5
    spokesperson: FRA
  P3:
    members: [FRA, GBR, IND]
    discipline: 0.5
events:
  - id: e1
    date: 2021-07-15
    message: Too late.
    shifts: [{member: BRA, issue: oceans, position_by: 5}]
  - id: e1
    message: Same id, and a shift that changes nothing.
    shifts: [{member: FRA, issue: g5}]
calendar:
  zero_draft: 2021-06-14
  mandate_expiry: 2021-06-14
  min_rounds: 4
  max_rounds: 2
history:
  outcome: adopted
  tally: {FRA: "yes", BRA: "no"}
  silences: [{broken_by: [USA, KEN]}]
  final_text: {g5: z, oceans: unknown, climate: unknown}
  explanations_of_vote: [NOR, MLI]
"""

MEMBERS = "(members: CHN, FRA, GBR, IND, NOR, RUS, USA)"
CROSS_EXPECTED = [
    ("host.id", "'NOR' is also a member of the Council; the host is the country concerned, which speaks (rule 37) but does not vote"),
    ("penholder", f"'BRA' is not a member of the Council {MEMBERS}"),
    ("president", f"'DEU' is not a member of the Council {MEMBERS}"),
    ("members", "at most 5 permanent members, found 6: CHN, FRA, GBR, IND, RUS, USA"),
    ("members.GBR.positions.climate", "missing: every member needs a position for every issue"),
    ("members.GBR.salience.climat", "unknown issue 'climat' (did you mean 'climate'?)"),
    ("members.USA.red_lines.g5", "min (60) is above max (40)"),
    ("members.USA.red_lines.oceans", "unknown issue 'oceans'"),
    ("members.USA.red_lines.poc", "a red line needs a min, a max or both"),
    ("issues[0].variants[2].id", "duplicate variant id 'a' (also variants[0])"),
    ("issues[0].variants[2].position", "must be above the previous variant's position (50): list variants from the lowest position to the highest, got 40"),
    ("issues[climate].paragraph", "paragraph 3 is also used by issues[0]"),
    ("issues[3].id", "duplicate issue id 'g5' (also issues[0])"),
    ("zero_draft.poc", "missing: the zero draft needs a variant for every issue"),
    ("zero_draft.climate", "issue 'climate' has no variant 'z' (variants: x, y)"),
    ("zero_draft.oceans", "unknown issue 'oceans'"),
    ("groups.A3.members[1]", "'KEN' is not a member of the Council"),
    ("groups.A3.members[2]", "'IND' is listed twice in this group"),
    ("groups.A3.spokesperson", "'FRA' is not in group 'A3'"),
    ("groups.P3.members[2]", "'IND' is already in group 'A3'; a member can be in one group only"),
    ("events[0].date", "must be between the zero draft (2021-06-14) and the mandate expiry (2021-06-14), got 2021-07-15"),
    ("events[0].shifts[0].member", "'BRA' is not a member of the Council"),
    ("events[0].shifts[0].issue", "unknown issue 'oceans'"),
    ("events[1].id", "duplicate event id 'e1' (also events[0])"),
    ("events[1].shifts[0]", "a shift must set position_by, salience_to or both"),
    ("calendar.mandate_expiry", "must be after the zero draft (2021-06-14), got 2021-06-14"),
    ("calendar.min_rounds", "must not exceed max_rounds (2), got 4"),
    ("history.tally.BRA", "'BRA' is not a member of the Council"),
    ("history.silences[0].broken_by[1]", "'KEN' is not a member of the Council"),
    ("history.final_text.g5", "issue 'g5' has no variant 'z' (variants: a, b; or 'unknown')"),
    ("history.final_text.oceans", "unknown issue 'oceans'"),
    ("history.explanations_of_vote[1]", "'MLI' is neither a member of the Council nor the host"),
]  # fmt: skip


def test_every_cross_reference_error_is_reported_together(write):
    path = write(CROSS, "cross.yaml")
    problems = problems_of(path)
    assert len(problems) == len(CROSS_EXPECTED) == 32
    assert messages(problems) == CROSS_EXPECTED
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert problems[0].line == line_of(CROSS, "host:")
    assert problems[-1].line == line_of(CROSS, "explanations_of_vote")
    for p in problems:
        assert PROBLEM_RE.match(str(p)), str(p)


def test_schema_and_cross_reference_errors_together(write, minimal_text):
    text = (
        minimal_text.replace("penholder: FRA", "penholder: USA")
        .replace(
            "salience: {g5_support: 0.8, climate: 0.4}", "salience: {g5_support: 0.8, climate: 1.7}"
        )
        .replace("zero_draft: {g5_support: priority_task", "zero_draft: {g5_support: nothing")
    )
    assert messages(problems_of(write(text))) == [
        ("penholder", "'USA' is not a member of the Council (members: FRA, IND, NOR)"),
        ("members.FRA.salience.climate", "must be between 0 and 1, got 1.7"),
        ("zero_draft.g5_support", "issue 'g5_support' has no variant 'nothing' (variants: sg_options, priority_task)"),
    ]  # fmt: skip


def test_cross_reference_not_repeated_where_the_schema_already_failed(write, minimal_text):
    text = minimal_text.replace("penholder: FRA", "penholder: fr")
    (problem,) = problems_of(write(text))
    assert problem.path == "penholder" and problem.message.startswith("must be a member id")


def test_cross_checks_survive_a_broken_structure(write, minimal_text):
    text = minimal_text.replace(
        "zero_draft: {g5_support: priority_task, climate: mention}", "zero_draft: [1, 2]"
    )
    text = text.replace("president: NOR", "president: XXX").replace(
        "issues:\n", "issues: 5\nold_issues:\n"
    )
    got = messages(problems_of(write(text)))
    assert ("president", "'XXX' is not a member of the Council (members: FRA, IND, NOR)") in got
    assert ("issues", "must be a list, got number 5") in got
    assert ("zero_draft", "must be a mapping of 'key: value' lines, got a list") in got


def test_an_event_extending_the_mandate_extends_the_event_window(write, minimal_text):
    text = minimal_text + (
        "events:\n"
        "  - {id: rollover, date: 2021-06-30, message: Rolled over., mandate_expiry: 2021-07-31}\n"
        "  - {id: later, date: 2021-07-15, message: Talks resume.}\n"
    )
    assert [e.id for e in load_scenario(write(text)).events] == ["rollover", "later"]


def test_host_may_explain_its_vote(write, minimal_text):
    text = minimal_text + "history:\n  outcome: adopted\n  explanations_of_vote: [MLI, FRA]\n"
    assert load_scenario(write(text)).history.explanations_of_vote == ["MLI", "FRA"]


# ------------------------------------------------------------------------------ overrides


def test_overrides_apply(write, minimal_text):
    data, lines = load_yaml_text(minimal_text, "m.yaml")
    before = json.dumps(data, default=str)
    out = apply_overrides(
        data,
        [
            "members.NOR.salience.climate=0.9",
            "calendar.silence_hours=24",
            "calendar.round_days=5",  # left at its default in the file: allowed
            "zero_draft.g5_support=sg_options",
            "issues.g5_support.variants.sg_options.position=50",
            "issues[climate].variants[0].label=Nothing",
            "issues[1].variants[strong].text='Requests: an assessment.'",
            "members.IND.name=yes",
            "members.NOR.red_lines={}",
        ],
    )
    assert json.dumps(data, default=str) == before  # the input is untouched
    sc = scenario_from_data(out, "m.yaml", lines)
    assert sc.members["NOR"].salience["climate"] == 0.9
    assert isinstance(out["members"]["NOR"]["salience"]["climate"], float)
    assert sc.calendar.silence_hours == 24 and sc.calendar.round_days == 5
    assert sc.zero_draft["g5_support"] == "sg_options"
    assert sc.issues[0].variants[0].position == 50
    assert sc.issues[1].variants[0].label == "Nothing"
    assert sc.issues[1].variants[2].text == "Requests: an assessment."
    assert sc.members["IND"].name == "yes"  # yes stays text
    assert sc.members["NOR"].red_lines == {}
    assert (
        load_scenario(write(minimal_text), ["calendar.silence_hours=24"]).calendar.silence_hours
        == 24
    )


def test_overrides_refuse_unknown_paths(minimal_text):
    data, _ = load_yaml_text(minimal_text)
    with pytest.raises(ScenarioError) as info:
        apply_overrides(
            data,
            [
                "members.NOR.salience.climate=0.9",  # fine
                "members.NOR.salence.climate=0.9",
                "members.CHN.salience.climate=0.9",
                "issues.g5.title=x",
                "issues.7.title=x",
                "members.NOR.name.first=x",
                "members.NOR.red_lines.g5_support.min=10",
                "nonsense",
                "calendar.silence_hours=[1, 2",
                "history.outcome=adopted",
            ],
        )
    got = [str(p) for p in info.value.problems]
    syntax = got.pop(7)  # the parser's wording differs between libyaml and PyYAML
    assert syntax.startswith(
        "--set:9: calendar.silence_hours: cannot read the value: YAML syntax: "
    )
    assert got == [
        "--set:2: members.NOR.salence.climate: members.NOR has no 'salence' (did you mean 'salience'?)",
        "--set:3: members.CHN.salience.climate: members has no 'CHN'",
        "--set:4: issues.g5.title: issues has no item with id 'g5' (ids: g5_support, climate)",
        "--set:5: issues.7.title: issues has 2 items; there is no item 7",
        "--set:6: members.NOR.name.first: members.NOR.name is string 'Norway'; it has no 'first'",
        "--set:7: members.NOR.red_lines.g5_support.min: members.NOR.red_lines has no 'g5_support'",
        "--set:8: nonsense: expected path=value, e.g. members.CHN.salience.climate=0.9",
        "--set:10: history.outcome: the scenario has no 'history' yet; set it whole, e.g. history={...}",
    ]  # fmt: skip


def test_override_of_an_alias_changes_only_that_place():
    data, _ = load_yaml_text(
        "voice: &v {opening: Hello.}\nmembers:\n  FRA: {voice: *v}\n  GBR: {voice: *v}\n"
    )
    assert data["members"]["FRA"]["voice"] is data["members"]["GBR"]["voice"]
    out = apply_overrides(data, ["members.FRA.voice.opening=Bonjour."])
    assert out["members"]["FRA"]["voice"]["opening"] == "Bonjour."
    assert out["members"]["GBR"]["voice"]["opening"] == "Hello."


def test_overridden_data_is_validated_with_lines(write, minimal_text):
    path = write(minimal_text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, ["members.NOR.salience.climate=1.5", "calendar.silence_hours=yes"])
    assert [str(p) for p in info.value.problems] == [
        f"{path}:{line_of(minimal_text, 'climate: 0.7')}: members.NOR.salience.climate: "
        "must be between 0 and 1, got 1.5",
        f"{path}:{line_of(minimal_text, 'silence_hours')}: calendar.silence_hours: "
        "must be a whole number, got string 'yes'",
    ]


# ------------------------------------------------------------------ serialisation and hash


def test_round_trip_through_scenario_to_data(write, minimal_text):
    text = minimal_text + (
        "events:\n  - {id: attack, date: 2021-06-25, message: An attack.,"
        " shifts: [{member: IND, issue: climate, salience_to: 0.2}]}\n"
        "history:\n  outcome: adopted\n  vote_date: 2021-06-29\n  tally: {FRA: yes}\n"
        "  silences: [{placed: 2021-06-24, broken_by: [NOR]}, {broken_by: []}]\n"
    )
    sc = load_scenario(write(text))
    data = scenario_to_data(sc)
    assert data["calendar"]["zero_draft"] == "2021-06-14"
    assert data["history"]["silences"][1]["placed"] == "unknown"
    text_json = json.dumps(data)  # JSON-safe
    again = scenario_from_data(json.loads(text_json), "save.json")
    assert again == sc
    assert again.history.silences[0].placed == dt.date(2021, 6, 24)
    assert scenario_to_data(again) == data


def test_hash_is_stable(write, minimal_text):
    a = load_scenario(write(minimal_text, "a.yaml"))
    b = load_scenario(write(minimal_text, "b.yaml"))
    data = scenario_to_data(a)
    h = scenario_hash(data)
    assert re.fullmatch(r"[0-9a-f]{64}", h)
    assert scenario_hash(scenario_to_data(b)) == h == scenario_hash(a)
    reordered = json.loads(json.dumps(data, sort_keys=True))
    assert scenario_hash(dict(reversed(list(reordered.items())))) == h
    changed = apply_overrides(data, ["members.NOR.salience.climate=0.71"])
    assert scenario_hash(changed) != h
    # data straight from YAML (dates as dates) can be hashed too
    raw, _ = load_yaml_text(minimal_text)
    assert re.fullmatch(r"[0-9a-f]{64}", scenario_hash(raw))


def test_json_schema():
    schema = json_schema()
    assert schema["title"] == "Scenario"
    assert {"members", "issues", "zero_draft", "calendar"} <= set(schema["required"])
    json.dumps(schema)


def test_format_path():
    data = {"issues": [{"id": "a"}, {"id": "a"}, {"id": "Bad"}, {"id": "ok", "variants": [{}]}]}
    assert format_path(("issues", 0), data) == "issues[0]"  # duplicate id: index
    assert format_path(("issues", 2, "id"), data) == "issues[2].id"
    assert format_path(("issues", 3, "variants", 0, "text"), data) == "issues[ok].variants[0].text"
    assert format_path(("groups", "A3 plus", "members"), {}) == 'groups["A3 plus"].members'
    assert format_path(("groups", "A3+1"), {}) == "groups.A3+1"


# ------------------------------------------------------------------------ the documentation


def doc_example() -> str:
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(r"<!-- example: [^>]*-->\s*\n```yaml\n(.*?)\n```", text, re.S)
    assert match, "the example block is missing from docs/scenario-format.md"
    return match.group(1) + "\n"


def test_documented_example_loads(write):
    sc = load_scenario(write(doc_example(), "example.yaml"))
    assert sc.id == "example_renewal"
    assert len(sc.members) == 3 and len(sc.issues) == 2
    assert sc.history is not None and sc.history.tally == {"FRA": "yes", "NOR": "yes", "IND": "yes"}


def test_documented_limits_match_the_code():
    text = DOCS.read_text(encoding="utf-8")
    assert yamlsafe.MAX_BYTES == 1 << 20 and "1 MiB" in text
    assert yamlsafe.MAX_NODES == 100_000 and "100,000 values" in text
    assert yamlsafe.MAX_DEPTH == 40 and "**40** levels" in text


def test_every_schema_field_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    from pydantic import BaseModel

    from game import schema

    models = [m for m in vars(schema).values() if isinstance(m, type) and issubclass(m, BaseModel)]
    for model in models:
        for name in model.model_fields:
            assert f"`{name}`" in text, f"{model.__name__}.{name} is not documented"


def test_the_documented_model_constants_are_the_code_s():
    """docs/scenario-format.md's table of the model's constants is made from
    game/model/params.py: run python scripts/model_params_table.py after changing one."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "model_params_table", DOCS.parent.parent / "scripts" / "model_params_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = DOCS.read_text(encoding="utf-8")
    assert module.rewrite(text) == text, "run python scripts/model_params_table.py"
