"""Issue 8 §1: a lapse of the mandate valued per issue. An issue may declare what a lapse
amounts to on it (`lapse: 0` on a sanctions issue: the regime ends); a member whose entry
gives no `lapse_value` then values a lapse, on that issue, as it would a text at that
position, on the others as 1 - lapse_support x mission_support, weighted by its salience.
The fictional sanctions Council (tests/scenarios/sanctions.yaml): Russia opposes the
sanctions (position 0) and values a lapse above a rollover; the others support them."""

from __future__ import annotations

import pytest

from game.cli import main
from game.council import Council
from game.debrief.facts import read_session
from game.debrief.words import why_sentence
from game.errors import ScenarioError
from game.facilitator import render_scenario
from game.replay import verify
from game.scenario import load_scenario, scenario_to_data
from game.scoring import lapse_explained, score_state
from game.session import Session

from .conftest import ROOT, TEST_COUNCIL
from .test_rollover_explained import uk_seeking_rollover

SANCTIONS = ROOT / "tests" / "scenarios" / "sanctions.yaml"
LAPSE_LINE = "    lapse: 0   # the regime ends: no sanctions at all\n"
SEEDS = range(6)
SHIPPED = [*sorted((ROOT / "scenarios").glob("*.yaml")), TEST_COUNCIL]


def without_lapse(tmp_path):
    """The same Council, the sanctions issue declaring no lapse."""
    text = SANCTIONS.read_text(encoding="utf-8")
    assert text.count(LAPSE_LINE) == 1
    out = tmp_path / "no_lapse.yaml"
    out.write_text(text.replace(LAPSE_LINE, ""), encoding="utf-8")
    return out


def with_lapse(tmp_path, value: str):
    out = tmp_path / "bad.yaml"
    out.write_text(SANCTIONS.read_text(encoding="utf-8").replace(LAPSE_LINE, f"    lapse: {value}\n"),
                   encoding="utf-8")
    return out


def seek_rollover(sc, seed: int, rollovers: int = 1) -> Session:
    """The United Kingdom, played from outside, seeks a technical rollover at its first
    `rollovers` turns to revise, then puts its text in blue; it votes yes."""
    return uk_seeking_rollover(sc, seed, rollovers)


def rollover_ballots(sc, seeds=SEEDS) -> list[dict[str, str]]:
    out = []
    for seed in seeds:
        votes = [v for v in seek_rollover(sc, seed).state.votes if v.on == "rollover"]
        assert votes, f"seed {seed}: no vote on a rollover"
        out.append({m: b.value for m, b in votes[0].ballots.items()})
    return out


# --------------------------------------------------------------------------- the value


def test_a_lapse_declared_on_an_issue_is_valued_per_issue_by_salience():
    sc = load_scenario(SANCTIONS)
    c = Council(sc)
    support = sc.model.lapse_support
    for m in c.ids:
        k, mb = c.index[m], sc.members[m]
        default = 1.0 - support * mb.mission_support
        on_sanctions = 1.0 - abs(0.0 - mb.positions["sanctions"]) / 100.0
        expected = (mb.salience["sanctions"] * on_sanctions + mb.salience["panel"] * default) / (
            mb.salience["sanctions"] + mb.salience["panel"])
        assert c.lapse_value[k] == pytest.approx(expected, abs=1e-12), m
        assert c.lapse_parts[k] == ((0, 0.0, pytest.approx(on_sanctions)),)
    rus, fra = c.index["RUS"], c.index["FRA"]
    # the opponent of the regime would rather see it lapse than rolled over; a supporter would not
    assert c.lapse_value[rus] > c.rollover_value[rus]
    assert c.lapse_value[fra] < c.rollover_value[fra]


def test_an_inject_that_moves_a_position_moves_the_value_of_a_lapse():
    from game.schema import Shift

    c = Council(load_scenario(SANCTIONS))
    rus = c.index["RUS"]
    moved = c.shifted((Shift(member="RUS", issue="sanctions", position_by=50),))
    assert moved.lapse_value[rus] < c.lapse_value[rus]
    assert moved.lapse_parts[rus][0][2] == pytest.approx(0.5)


def test_an_explicit_lapse_value_wins():
    sc = load_scenario(SANCTIONS, ["members.RUS.lapse_value=-0.5"])
    c = Council(sc)
    rus = c.index["RUS"]
    assert c.lapse_value[rus] == -0.5 and c.lapse_parts[rus] is None
    assert lapse_explained(c, rus) is None
    # and Russia no longer vetoes the rollover
    assert all(b["RUS"] != "no" for b in rollover_ballots(sc, range(3)))


# --------------------------------------------------------------------------- the vote


def test_the_opponent_vetoes_a_rollover_that_its_supporters_vote_for(tmp_path):
    ballots = rollover_ballots(load_scenario(SANCTIONS))
    assert all(b["RUS"] == "no" for b in ballots), ballots
    # the supporters of the regime never vote against extending it (a few abstain in protest)
    assert all(v != "no" for b in ballots for m, v in b.items() if m != "RUS"), ballots
    assert sum(v == "yes" for b in ballots for m, v in b.items() if m != "RUS") >= 13 * len(SEEDS)
    # without the issue's lapse, Russia counts a lapse at 1 - 2 x mission_support (0) and does
    # not veto the same rollover
    plain = rollover_ballots(load_scenario(without_lapse(tmp_path)))
    assert all(b["RUS"] != "no" for b in plain), plain


def test_a_run_with_a_lapse_per_issue_replays_and_verifies():
    s = seek_rollover(load_scenario(SANCTIONS), 0)
    assert verify(s.header(), s.log).ok


# --------------------------------------------------------------------------- the file


@pytest.mark.parametrize("value, message", [
    ("120", "must be between 0 and 100, got 120"),
    ("-5", "must be between 0 and 100, got -5"),
    ("renew", "must be a number, got string 'renew' (a position on the issue's 0-100 scale: variant "
              "'renew' is at 50)"),
    ("all", "must be a number, got string 'all' (a position on the issue's 0-100 scale, like a "
            "variant's position)"),
    ("true", "must be a number, got boolean true"),
])
def test_a_bad_lapse_is_refused_with_its_file_and_line(tmp_path, value, message):
    path = with_lapse(tmp_path, value)
    line = path.read_text(encoding="utf-8").splitlines().index(f"    lapse: {value}") + 1
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    (problem,) = exc.value.problems
    assert (problem.line, problem.path, problem.message) == (line, "issues[sanctions].lapse", message)
    assert str(exc.value) == f"{path}:{line}: issues[sanctions].lapse: {message}"


def test_check_names_the_issues_that_declare_a_lapse(capsys):
    assert main(["check", str(SANCTIONS), str(TEST_COUNCIL)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("(15 members, 2 issues; a lapse valued per issue: sanctions at 0)")
    assert out[1].endswith("(15 members, 2 issues)")


def test_the_scaffold_writes_the_lapse_and_shows_the_per_issue_default(tmp_path):
    sc = load_scenario(SANCTIONS)
    text = render_scenario(scenario_to_data(sc), ["a copy"])
    out = tmp_path / "copy.yaml"
    out.write_text(text, encoding="utf-8")
    assert scenario_to_data(load_scenario(out)) == scenario_to_data(sc)
    c = Council(sc)
    shown = [ln for ln in text.splitlines() if ln.startswith("    # lapse_value: ")]
    assert [float(ln.split()[2]) for ln in shown] == [
        round(c.lapse_value[c.index[m]], 6) for m in sc.members]


def test_no_issue_declaring_a_lapse_leaves_every_value_and_the_data_as_they_were():
    """The shipped scenarios (and the test Council) declare no lapse: each member's value is
    its own lapse_value or 1 - lapse_support x mission_support, exactly, and the scenario's
    data (its hash, every log header) has no `lapse` key."""
    for path in SHIPPED:
        sc = load_scenario(path)
        c = Council(sc)
        assert all(i.lapse is None for i in sc.issues), path.name
        assert c.lapse_value == tuple(
            mb.lapse_value if mb.lapse_value is not None
            else 1.0 - sc.model.lapse_support * mb.mission_support
            for mb in (sc.members[m] for m in c.ids)), path.name
        assert c.lapse_parts == (None,) * len(c.ids)
        assert all("lapse" not in i for i in scenario_to_data(sc)["issues"]), path.name


# --------------------------------------------------------------------------- the record


def test_the_brief_the_score_and_the_debrief_say_where_the_value_comes_from():
    sc = load_scenario(SANCTIONS)
    c = Council(sc)
    rus = c.index["RUS"]
    said = lapse_explained(c, rus)
    assert said == ("A lapse (0.83) is valued paragraph by paragraph, weighted by salience: it leaves "
                    "OP 2 (The measures) at 0 on its scale, worth 1.00; the other paragraphs, 0.00 "
                    "(1 - 2 x mission support).")
    # a run that ends in a vote on a rollover (the United Kingdom seeks one at every turn)
    s = seek_rollover(sc, 0, rollovers=99)
    assert s.state.vote_on == "rollover"
    assert said in score_state(s.state, "RUS").why["outcome"]
    f = read_session(s.header(), s.log)
    assert why_sentence(f, "RUS").endswith(said)
    # a member whose value is one number is explained as before
    fixed = load_scenario(SANCTIONS, ["members.RUS.lapse_value=0.9"])
    s2 = seek_rollover(fixed, 0, rollovers=99)
    assert "is valued paragraph by paragraph" not in why_sentence(read_session(s2.header(), s2.log), "RUS")


def test_the_seat_brief_says_where_the_value_comes_from():
    pytest.importorskip("pygame")
    from game.ui.screens.brief import score_bullets

    sc = load_scenario(SANCTIONS)
    c = Council(sc)
    assert lapse_explained(c, c.index["RUS"]) in score_bullets(sc, "RUS", pen=False)[0]
    assert "is valued paragraph by paragraph" not in score_bullets(load_scenario(TEST_COUNCIL), "RUS", pen=False)[0]
