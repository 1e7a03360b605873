"""benchmarks/agency.py plays each strategy through the session's public commands and
reports a table (a small run: two seeds, two seats, one process)."""

import importlib.util

import pytest

from .conftest import DEFAULT, ROOT


@pytest.fixture(scope="module")
def agency():
    spec = importlib.util.spec_from_file_location("agency_benchmark", ROOT / "benchmarks" / "agency.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod._init(str(DEFAULT))
    return mod


def test_each_strategy_does_what_it_says(agency):
    def run(seat, strategy, seed=1):
        return agency.play_one((seat, strategy, seed))[3]

    passive, hard = run("CHN", "passive"), run("CHN", "amend hard")
    assert passive["asked"] == 0 and hard["asked"] > 0
    coalition = run("CHN", "coalition")
    assert sum(coalition["answers"].values()) > 0 and coalition["asked"] > 0
    assert run("CHN", "break")["asked"] > 0  # silence requests
    zero = tuple(agency._WORKER["scenario"].zero_draft[i.id] for i in agency._WORKER["scenario"].issues)
    assert run("FRA", "bulldozer")["text"] == zero
    assert run("FRA", "accommodating")["text"] != zero


def test_the_report(agency, tmp_path, capsys):
    out = tmp_path / "agency.md"
    assert agency.main(["--seeds", "2", "--seats", "FRA,KEN", "--workers", "1", "--out", str(out)]) == 0
    text = out.read_text()
    assert "| KEN | coalition |" in text and "| FRA | bulldozer |" in text
    assert "Goals (issue 8, section 5)" in text
    assert text in capsys.readouterr().out


def test_champion_backs_others_and_defend_lobbies_for_the_text_as_it_stands(agency):
    from game.session import Session

    sc, council = agency._WORKER["scenario"], agency._WORKER["council"]

    def play(seat, strategy, seed=1):
        s = Session(sc, seed, outside={seat}, procedure=agency._WORKER["procedure"], council=council)
        calls = []
        lobby = s.seek_support

        def recording(actor, target, issue, variant):
            i = council.issue_index[issue]
            calls.append(council.issues[i].variant_ids[s.state.draft[i]] == variant)
            return lobby(actor, target, issue, variant)

        s.seek_support = recording
        agency.Player(seat, strategy, seed).play(s)
        return s, calls

    s, _calls = play("GBR", "champion")
    comments = [ev.data for ev in s.log if ev.kind == "propose_amendments" and ev.actor == "GBR"]
    assert comments and all(d.get("backs") and not d.get("amendments") for d in comments)
    _s, calls = play("USA", "defend")
    assert calls and all(calls)  # every call asks a member to accept the text as it stands
