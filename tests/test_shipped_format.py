"""The shipped scenarios are at the current format and write out the member fields the
negotiation model reads, at the values the loader gave them as defaults; the `new-scenario`
scaffold shows them and a `model:` block (issue 8 §6)."""

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


def written_out(mid: str, mb: dict, data: dict) -> list[str]:
    """The member fields the model reads that the file must write out."""
    return (["lapse_value", "unity", "host_deference"] + (["veto_cost"] if mb["permanent"] else [])
            + (["forces_votes"] if mid == data["penholder"] else []))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_shipped_scenario_is_at_the_current_format_with_the_model_fields_written_out(path):
    data, _lines = yamlsafe.load_yaml(path)
    assert data["format"] == FORMAT_VERSION
    missing = {mid: [f for f in written_out(mid, mb, data) if f not in mb]
               for mid, mb in data["members"].items()}
    assert not any(missing.values()), f"{path.name}: not written out: {missing}"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_the_written_out_defaults_are_what_the_loader_derives(path, tmp_path):
    """Remove every value whose comment says it is the default: the Council the model
    reads is the same (so writing them out changed no behaviour)."""
    text = path.read_text(encoding="utf-8")
    stripped = re.sub(r"(?m)^    (lapse_value|unity|veto_cost|host_deference|forces_votes): \S+ +"
                      r"# judgement: the (loader's|model's) default.*\n", "", text)
    assert stripped != text
    bare = tmp_path / path.name
    bare.write_text(stripped, encoding="utf-8")
    a, b = Council(load_scenario(path)), Council(load_scenario(bare))
    for attr in READ:
        assert getattr(a, attr) == pytest.approx(getattr(b, attr), abs=1e-12), attr


def test_the_scaffold_writes_out_the_member_fields_and_a_model_block(tmp_path):
    path = tmp_path / "case.yaml"
    assert main(["new-scenario", str(path)]) == 0
    assert main(["check", str(path)]) == 0
    data, _lines = yamlsafe.load_yaml(path)
    assert data["format"] == FORMAT_VERSION
    for mid, mb in data["members"].items():
        assert set(written_out(mid, mb, data)) <= set(mb), mid
    text = path.read_text(encoding="utf-8")
    assert "\nmodel:\n" in text and "game/model/params.py" in text
    assert data["model"] and all(getattr(DEFAULT, k) == v for k, v in data["model"].items())
    # the values written are the defaults: the same scenario with them left out
    sc = load_scenario(path)
    assert scenario_to_data(sc)["model"] == DEFAULT.model_dump()
    for mb in sc.members.values():
        assert mb.lapse_value == pytest.approx(1.0 - 2.0 * mb.mission_support)
        assert mb.unity == DEFAULT.unity
