"""The facilitator's kit: the JSON Schema, scaffolding, the audit, forks, the new scenarios."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from game.cli import main
from game.events import read_log
from game.facilitator import (
    SCHEMA_COMMENT,
    ClassSeat,
    FacilitatorError,
    fork_log,
    render_scenario,
    scaffold,
)
from game.replay import restore, verify
from game.scenario import json_schema, load_scenario, scenario_to_data
from game.session import Session

from .conftest import ROOT

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
SCHEMA = ROOT / "docs" / "scenario.schema.json"


# --------------------------------------------------------------------------- schema


def test_shipped_schema_is_the_formats_schema():
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == json_schema(), \
        "docs/scenario.schema.json is stale: run python main.py schema --out docs/scenario.schema.json"


def test_schema_command_writes_it(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == SCHEMA.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_shipped_scenarios_point_editors_at_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_COMMENT + "../docs/scenario.schema.json"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_shipped_scenarios_validate_against_the_json_schema(path):
    """What an editor's yaml-language-server sees (dates are plain strings to it)."""
    jsonschema = pytest.importorskip("jsonschema")
    from game import yamlsafe

    def plain(x):
        if isinstance(x, dict):
            return {k: plain(v) for k, v in x.items()}
        if isinstance(x, list):
            return [plain(v) for v in x]
        return x.isoformat() if isinstance(x, dt.date) else x

    data, _lines = yamlsafe.load_yaml(path)
    jsonschema.validate(plain(data), json_schema())


# ----------------------------------------------------------------------- scaffolding


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_render_round_trips_every_shipped_scenario(path, tmp_path):
    sc = load_scenario(path)
    out = tmp_path / "copy.yaml"
    out.write_text(render_scenario(scenario_to_data(sc), ["a copy"]), encoding="utf-8")
    assert scenario_to_data(load_scenario(out)) == scenario_to_data(sc)


def test_render_round_trips_the_fields_added_in_session_6(tmp_path):
    """A private red line, the host's consent and an inject of it survive the writer (a
    forked class session keeps them)."""
    sc = load_scenario(SCENARIOS[0].parent / "minusma_2021.yaml", [
        "host.consent=0.5", "members.CHN.red_lines={climate: {max: 30, public: false}}",
        "events=[{id: withdrawal, date: 2021-06-21, host_consent: 0.0, message: 'Mali asks for it.'}]"])
    out = tmp_path / "copy.yaml"
    text = render_scenario(scenario_to_data(sc), ["a copy"])
    out.write_text(text, encoding="utf-8")
    again = load_scenario(out)
    assert scenario_to_data(again) == scenario_to_data(sc)
    assert again.host.consent == 0.5 and again.events[0].host_consent == 0.0
    assert again.members["CHN"].red_lines["climate"].public is False and "public: false" in text


def test_new_scenario_blank_passes_check_and_runs(tmp_path, capsys):
    path = tmp_path / "my_case.yaml"
    assert main(["new-scenario", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_COMMENT)
    assert "TODO" in text and "# positions:" in text and "round_days" in text
    assert main(["check", str(path)]) == 0
    sc = load_scenario(path)
    assert sc.id == "my_case" and len(sc.members) == 15
    assert Session(sc, 1).run().state.outcome is not None
    capsys.readouterr()
    assert main(["new-scenario", str(path)]) == 1  # no silent overwrite
    assert "exists" in capsys.readouterr().out


def test_new_scenario_from_an_existing_one(tmp_path):
    src = ROOT / "scenarios" / "minusma_2021.yaml"
    path = tmp_path / "unmiss_2024.yaml"
    assert main(["new-scenario", str(path), "--from", str(src)]) == 0
    assert main(["check", str(path)]) == 0
    new, old = scenario_to_data(load_scenario(path)), scenario_to_data(load_scenario(src))
    assert new.pop("id") == "unmiss_2024" and old.pop("id") == "minusma_2021"
    assert new == old
    assert "Scaffolded from minusma_2021.yaml" in path.read_text(encoding="utf-8")


def test_scaffold_inside_the_project_uses_a_relative_schema_path(tmp_path):
    path = ROOT / "scenarios" / ".tmp_scaffold_test.yaml"
    try:
        text, _sc = scaffold(path)
        assert text.splitlines()[0] == SCHEMA_COMMENT + "../docs/scenario.schema.json"
    finally:
        path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------- audit


def test_bystander_session_without_a_bystander_is_an_ordinary_session(minusma):
    """Guards the audit against engine drift: the subclass changes nothing by itself."""
    from game.audit import _Bystander

    a = Session(minusma, 3).run()
    b = _Bystander(minusma, 3, bystander="XXX").run()
    assert [e.to_json() for e in a.log] == [e.to_json() for e in b.log]


def test_audit_finds_what_is_wrong(tmp_path):
    from game.audit import audit

    path = ROOT / "scenarios" / "tutorial.yaml"
    quiet = [f"members.{m}.salience.troops=0" for m in load_scenario(path).members]
    sc = load_scenario(path, [
        "events[northern_attack].date=2025-06-27",  # after every run has ended
        *quiet,  # nobody cares about the troop ceiling
        *(f"members.GRC.salience.{i}=0" for i in ("civilians", "elections")),  # an inert member
    ])
    result = audit(sc, runs=30)
    by_path = {}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    troops = [i.id for i in sc.issues].index("troops")
    assert any("no member cares" in f.message for f in by_path[("issues", troops)])
    event = [e.id for e in sc.events].index("northern_attack")
    assert any("never fires" in f.message and f.level == "warning" for f in by_path[("events", event, "date")])
    assert any("inert" in f.message and f.level == "warning" for f in by_path[("members", "GRC")])
    elections = [i.id for i in sc.issues].index("elections")
    sanctions = [v.id for v in sc.issues[elections].variants].index("sanctions_threat")
    assert any("never in the final text" in f.message
               for f in by_path[("issues", elections, "variants", sanctions)])
    assert not any(f.path == ("members", sc.penholder) for f in result.findings)


def test_check_audit_prints_actionable_lines(capsys):
    path = ROOT / "scenarios" / "minusma_2016.yaml"
    assert main(["check", "--audit", str(path), "--runs", "20", "--quiet"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("ok: MINUSMA renewal, June 2016 (resolution 2295) (15 members, 3 issues)")
    findings = [ln for ln in out if ": warning: " in ln or ": note: " in ln]
    assert findings
    for ln in findings:  # file:line: path: level: message, with a real line number
        file, line, rest = ln.split(":", 2)
        assert file == str(path) and int(line) > 0 and rest.strip()
    assert out[-1].startswith(f"{path}: audit: ") and "runs per test" in out[-1]


def test_check_audit_of_an_invalid_file_reports_the_errors(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: x\n", encoding="utf-8")
    assert main(["check", "--audit", str(bad), "--runs", "5"]) == 1
    assert "bad.yaml:" in capsys.readouterr().out


# --------------------------------------------------------------------- the scenarios


@pytest.mark.parametrize("name", ["tutorial", "minusma_2016", "minusma_2020"])
def test_new_scenarios_have_injects_and_run(name):
    sc = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    assert sc.events, "every scenario needs at least one inject"
    s = Session(sc, 1)
    s.step()
    undated = [e.id for e in sc.events if e.date is None]
    if undated:
        s.inject(undated[0])
    s.run()
    assert s.state.outcome is not None
    if name != "tutorial":
        assert sc.history is not None and sc.history.outcome == "adopted"


# ----------------------------------------------------------------------------- fork


@pytest.fixture(scope="module")
def class_log(tmp_path_factory):
    """A class session of 2016 with the United Kingdom played from outside (2016 has no dated
    event: see the report on replaying dated injects fired during an outside command)."""
    sc = load_scenario(ROOT / "scenarios" / "minusma_2016.yaml")
    s = Session(sc, 7, outside={"GBR"})
    ClassSeat(seed=7, style="hardline").play(s)
    path = tmp_path_factory.mktemp("fork") / "group.jsonl"
    s.save(path)
    header, events = read_log(path)
    assert verify(header, events).ok
    return path


def _different(session, recorded):
    """A decision other than the recorded one, for the pending outside turn."""
    t = session.pending
    st, c = session.state, session.state.council
    if t.kind == "vote":
        return session.cast_vote(t.member, "abstain" if recorded.data.get("ballot") == "yes" else "yes")
    if recorded.kind == "end_turn":
        if t.kind == "amend":
            i = c.issues[0]
            v = next(x for k, x in enumerate(i.variant_ids) if k != st.draft[0])
            session.propose_amendments(t.member, {i.id: v})
            return session.end_turn(t.member)
        if t.kind == "silence":
            i = c.issues[0]
            v = next(x for k, x in enumerate(i.variant_ids) if k != st.draft[0])
            return session.break_silence(t.member, {i.id: v})
        return session.explain_vote(t.member, "We have a different view.")
    return session.end_turn(t.member)


def test_fork_verifies_and_diverges(class_log, tmp_path, capsys):
    header, events = read_log(class_log)
    outside_turns = [e.seq for e in events if e.actor == "GBR"]
    at = outside_turns[1] - 1  # just before the class's second decision
    new = tmp_path / "fork.jsonl"
    assert main(["fork", str(class_log), "--at", str(at), "--out", str(new)]) == 0
    assert "It waits for United Kingdom" in capsys.readouterr().out
    assert main(["replay", str(new), "--verify"]) == 0
    assert "VERIFIED" in capsys.readouterr().out
    fh, fe = read_log(new)
    assert fh == header and [e.to_json() for e in fe] == [e.to_json() for e in events[: len(fe)]]
    # the same decisions replay the original; a different one diverges
    same = restore(fh, fe)
    from game.replay import drive

    drive(same, events)
    assert [e.to_json() for e in same.log] == [e.to_json() for e in events]
    other = restore(fh, fe)
    assert other.pending is not None and other.pending.member == "GBR"
    _different(other, events[len(fe)])
    ClassSeat(seed=1, style="soft").play(other)
    assert [e.to_json() for e in other.log] != [e.to_json() for e in events]
    assert other.log[len(fe)].to_json() != events[len(fe)].to_json()
    other.save(tmp_path / "continued.jsonl")
    assert main(["replay", str(tmp_path / "continued.jsonl"), "--verify"]) == 0


def test_fork_refuses_ai_only_logs_and_bad_points(class_log, tmp_path, minusma):
    ai = tmp_path / "ai.jsonl"
    Session(minusma, 1).run().save(ai)
    with pytest.raises(FacilitatorError, match="AI-only"):
        fork_log(ai, 5, tmp_path / "x.jsonl")
    header, events = read_log(class_log)
    with pytest.raises(FacilitatorError, match="events 1 to"):
        fork_log(class_log, len(events) + 5, tmp_path / "x.jsonl")
    with pytest.raises(FacilitatorError, match="no decision left"):
        fork_log(class_log, len(events), tmp_path / "x.jsonl")
    with pytest.raises(FacilitatorError, match="new file"):
        fork_log(class_log, 3, class_log)
