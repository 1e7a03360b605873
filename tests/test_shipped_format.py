"""The shipped scenarios are at the current format and show, as commented lines, the member
fields the negotiation model reads and the file leaves to its defaults, at the values the
loader gives them; they stay unset so that a what-if (`--set model.unity`, a member's
mission_support) still reaches them. The `new-scenario` scaffold does the same and shows a
`model:` block (issue 8 §6)."""

import re
from pathlib import Path

import pytest

from game import yamlsafe
from game.cli import main
from game.council import Council
from game.model.params import DEFAULT
from game.scenario import load_scenario, scenario_to_data
from game.schema import FORMAT_VERSION

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
READ = ("lapse_value", "unity", "no_cost", "host_deference", "forces_votes", "reversion")
COMMENTED = re.compile(r"(?m)^    # (lapse_value|unity|veto_cost|host_deference|forces_votes): (\S+)(?: .*)?$")


def model_fields(mid: str, mb: dict, data: dict) -> list[str]:
    """The member fields the model reads (veto_cost: a permanent member's; forces_votes: the
    penholder's)."""
    return (["lapse_value", "unity", "host_deference"] + (["veto_cost"] if mb["permanent"] else [])
            + (["forces_votes"] if mid == data["penholder"] else []))


def member_blocks(text: str) -> dict[str, str]:
    """Each member's lines in a scenario file (members: is followed by two-space keys)."""
    body = text[text.index("\nmembers:\n"):]
    body = body[:re.search(r"\n[a-z_]+:", body[1:]).start() + 1]
    parts = re.split(r"(?m)^  ([A-Z]{3}):\s*$", body)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def uncommented(text: str) -> str:
    return COMMENTED.sub(lambda m: f"    {m.group(1)}: {m.group(2)}", text)


def check_shows_the_fields(path: Path) -> None:
    data, _lines = yamlsafe.load_yaml(path)
    assert data["format"] == FORMAT_VERSION
    blocks = member_blocks(path.read_text(encoding="utf-8"))
    assert set(blocks) == set(data["members"])
    missing = {mid: [f for f in model_fields(mid, mb, data)
                     if f not in mb and not re.search(rf"(?m)^    # {f}: ", blocks[mid])]
               for mid, mb in data["members"].items()}
    assert not any(missing.values()), f"{path.name}: neither set nor shown: {missing}"


def check_shown_values_are_the_defaults(path: Path, tmp_path: Path) -> None:
    """Uncomment every shown default: the Council the model reads is the same."""
    text = path.read_text(encoding="utf-8")
    assert COMMENTED.search(text)
    explicit = tmp_path / path.name
    explicit.write_text(uncommented(text), encoding="utf-8")
    a, b = Council(load_scenario(path)), Council(load_scenario(explicit))
    for attr in READ:
        assert getattr(a, attr) == pytest.approx(getattr(b, attr), abs=1e-12), attr


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_shipped_scenario_is_at_the_current_format_and_shows_the_model_fields(path):
    check_shows_the_fields(path)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_the_shown_defaults_are_what_the_loader_derives(path, tmp_path):
    check_shown_values_are_the_defaults(path, tmp_path)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_what_ifs_on_the_defaults_still_reach_every_member(path):
    """Had the defaults been written out as values, these overrides would change nothing."""
    base = Council(load_scenario(path))
    sc = load_scenario(path, ["model.unity=0.05", "model.veto_cost=0.01", "model.force_vote=0.99"])
    c = Council(sc)
    assert set(c.unity) == {0.05}
    assert all(cost == 0.01 for cost, m in zip(c.no_cost, c.ids, strict=True) if sc.members[m].permanent)
    assert c.forces_votes[c.penholder] == 0.99
    mid, first = next(iter(sc.members.items()))
    moved = Council(load_scenario(path, [f"members.{mid}.mission_support={1.0 - first.mission_support}"]))
    k = list(c.ids).index(mid)
    assert moved.lapse_value[k] != base.lapse_value[k]


def test_the_scaffold_shows_the_member_fields_and_a_model_block(tmp_path):
    path = tmp_path / "case.yaml"
    assert main(["new-scenario", str(path)]) == 0
    assert main(["check", str(path)]) == 0
    check_shows_the_fields(path)
    (tmp_path / "explicit").mkdir()
    check_shown_values_are_the_defaults(path, tmp_path / "explicit")
    text = path.read_text(encoding="utf-8")
    assert "\nmodel:\n" in text and "game/model/params.py" in text
    data, _lines = yamlsafe.load_yaml(path)
    assert data["model"] and all(getattr(DEFAULT, k) == v for k, v in data["model"].items())
    assert scenario_to_data(load_scenario(path))["model"] == DEFAULT.model_dump()
