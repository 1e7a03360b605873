"""Every judgement constant of the model is a named parameter of game/model/params.py
(issue 8 §6): no bare number in the decision code but mathematical ones (an explicit
allow-list, each with its reason), and each parameter named in session 5 is read where it
is used (set far from its default, it changes a negotiation)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from game.errors import ScenarioError
from game.events import dumps
from game.model.params import DEFAULT, ModelParams
from game.scenario import load_scenario
from game.session import Session
from tests.conftest import HAND_SET

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "game" / "model"

# numbers that are never a judgement: zero, one, a step of one, float tolerances
NEUTRAL = {"0", "1", "0.0", "1.0", "1e-09", "1e-12", "1e-06"}  # (by repr; -1 is 1 negated)

# per file (or function), the other numbers the decision code may write: how many times
# each (by its repr: 2 is not 2.0), and why
ALLOWED = {
    "beliefs.py": {
        "0.5": (6, "phi = 0.5 (1 + erf), and three times written out in _count; the count's "
                   "continuity correction (nine - 0.5) in forecast and deciding_chance"),
        "1.5": (1, "the continuity correction for exactly eight others (nine - 1.5)"),
        "2.0": (1, "sqrt(2) in phi"),
    },
    "common.py": {"2": (2, "a sum of two floats is the same in either order (sort only longer ones)"),
                  "0.5": (3, "the reference assertiveness of the thresholds (1 + s (0.5 - a): "
                             "`assertiveness_effect`, assertive_scale); a half, twice in `rounded`"),
                  "2.0": (1, "an integer's parity, in `rounded` (an exact half goes to the even one)"),
                  "134217729.0": (2, "2**27 + 1: Dekker's split of a double into halves (`_product_error`)"),
                  # `rounded` (round(x, n) without the decimal string): arithmetic, not judgement
                  "4": (1, "the most digits `rounded` takes a fast path for"),
                  "10.0": (1, "the decimal scale"),
                  "4503599627370496.0": (1, "2**52, below which a float's fraction is exact"),
                  "4.5e-16": (1, "a bound on the relative rounding error of a product (2**-52, "
                                 "with a margin)")},
    "rivals.py": {"0.5": (1, "the continuity correction of the count (nine - 0.5)")},
    "amendments.py": {
        "0.5": (1, "a uniform draw centred ((u - 0.5) x 2)"),
        "2": (4, "two draws per paragraph (2 len(draft) + 1, u[2 i], u[2 i + 1]), and the centred "
                 "uniform draw scaled to [-1, 1]"),
    },
    "penholder.py": {"0.5": (1, "the expected shortfall rounded to the nearest vote (tolerance + 0.5)")},
    "_build_tables": {"100.0": (2, "positions run 0-100"), "101.0": (1, "an open red line's bound"),
                      "2": (1, "a numpy axis")},
    "_build_reversion": {"100.0": (1, "positions run 0-100")},
    "lapse_by_issue": {"100.0": (1, "positions run 0-100")},
    "_agents_under_silence": {"3": (1, "three uniform draws per member (when, and whether it follows)")},
}

# decision code outside game/model: (file, function) scanned with the same rule
OUTSIDE = [("game/session.py", "_agents_under_silence"), ("game/council.py", "_build_reversion"),
           ("game/council.py", "_build_tables"), ("game/council.py", "lapse_by_issue"),
           ("game/council.py", "_lapse_values")]


def _numbers(tree) -> list[tuple[int, float]]:
    """(line, value) of every number in `tree` but the digits of round(x, n) (and of common.rounded), an index into
    a tuple (comp[2], not a slice) and the names given at module level (constants named
    there: THREAT_LEVEL, LOBBY_TARGETS)."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("round", "rounded") and len(node.args) > 1:
            skip.add(id(node.args[1]))
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            skip.add(id(node.slice))
    if isinstance(tree, ast.Module):
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                skip.update(id(n) for n in ast.walk(node))
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and type(node.value) in (int, float)
                  and id(node) not in skip)


def _bare(where: str, tree, allowed) -> list[str]:
    """The numbers of `tree` neither neutral nor allowed (beyond the allowed count)."""
    seen: dict[str, int] = {}
    out = []
    for line, value in _numbers(tree):
        key = repr(value)
        if key in NEUTRAL:
            continue
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > allowed.get(key, (0, ""))[0]:
            out.append(f"{where}:{line}: {value}")
    return out


def test_no_bare_judgement_number_in_the_model():
    found = []
    for path in sorted(MODEL.glob("*.py")):
        if path.name == "params.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += _bare(f"game/model/{path.name}", tree, ALLOWED.get(path.name, {}))
    for rel, name in OUTSIDE:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        funcs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name]
        assert funcs, f"{rel}: no function {name}"
        found += _bare(f"{rel} ({name})", funcs[0], ALLOWED.get(name, {}))
    assert not found, "judgement numbers written as literals (name them in game/model/params.py):\n" + \
        "\n".join(found)


# each parameter named in session 5, a value far from its default, and extra settings under
# which it can matter
NEW = {
    "lapse_support": (0.0, {}),
    "pivotal_reason": None,  # (a rare path: tested on its own below)
    "host_unwritten": (1.0, {"host_deference": 1.0, "host_tolerance": 0.0}),
    "host_letter_paragraphs": (6, {"host_tolerance": 0.0}),
    "belief_abstain": (1.0, {"core_text": 0.0}),  # (a penholder that concedes: the path seeds 0-5 take)
    "count_variance": (3.0, {}),
    "assertiveness_effect": (0.0, {}),
    "break_floor": (0.5, {}),
    "letter_paragraphs": (1, {}),
    "letter_minor": (0.0, {}),
    "letter_earliest": (0.6, {}),
    "letter_spread": (0.0, {}),
    "letter_eagerness": (0.0, {}),
    "lobby_yes_margin": (0.3, {}),
    "lobby_maybe_margin": (0.5, {}),
    "eov_base": (0.9, {}),
    "eov_assertive": (0.0, {}),
    "eov_quiet": (0.9, {}),
    "eov_broke": (0.9, {}),
    "eov_welcome": (0.9, {}),
    "eov_cap": (0.0, {}),
    "eov_pen_dislike": (1.0, {}),
    "eov_pen_rollover": None,  # (a rare path: tested on its own below)
    "eov_concerns": (0, {}),
    "eov_welcomes": (0, {}),
    "veto_red_line": None,  # (a rare path: tested on its own below)
    "breadth_partial": (0.0, {"breadth_weight": 1.0}),
    "early_consensus": (1.0, {}),
    "blue_floor": None,  # (a rare path: tested on its own below)
    "more_rounds_base": (0.0, {}),
    "more_rounds_scale": None,  # (a rare path: tested on its own below)
    "more_rounds_cap": (0.0, {}),
    "more_rounds_failing": None,  # (a rare path: tested on its own below)
    "ballot_paragraphs": (0, {}),
}

SCENARIOS = ["scenarios/minusma_2021.yaml", "scenarios/minusma_2016.yaml", "scenarios/minusma_2020.yaml",
             "tests/scenarios/council.yaml"]


def _log(path: str, seed: int, settings: dict) -> str:
    sc = load_scenario(ROOT / path, HAND_SET + [f"model.{k}={v}" for k, v in settings.items()])
    return "\n".join(dumps(e.to_json()) for e in Session(sc, seed).run().log)


def test_every_new_name_is_a_parameter_with_the_old_default():
    fields = ModelParams.model_fields
    assert set(NEW) <= set(fields)
    old = {"lapse_support": 2.0, "pivotal_reason": 0.2, "host_unwritten": 0.5, "host_letter_paragraphs": 2,
           "belief_abstain": 0.5, "count_variance": 0.05, "assertiveness_effect": 1.0, "break_floor": 0.02,
           "letter_paragraphs": 3, "letter_minor": 0.5, "letter_earliest": 0.05, "letter_spread": 0.85,
           "letter_eagerness": 0.8, "lobby_yes_margin": 0.01, "lobby_maybe_margin": 0.05, "eov_base": 0.15,
           "eov_assertive": 0.45, "eov_quiet": 0.05, "eov_broke": 0.2, "eov_welcome": 0.05, "eov_cap": 0.95,
           "eov_pen_dislike": 0.5, "eov_pen_rollover": 0.5, "eov_concerns": 2, "eov_welcomes": 1,
           "veto_red_line": 2.0, "breadth_partial": 0.5, "early_consensus": 0.4, "blue_floor": 0.5,
           "more_rounds_base": 0.5, "more_rounds_scale": 8.0, "more_rounds_cap": 0.95,
           "more_rounds_failing": 0.9, "ballot_paragraphs": 2}
    assert {name: getattr(DEFAULT, name) for name in NEW} == old  # (the literals they replace)
    for name in NEW:
        assert fields[name].description, name


@pytest.mark.parametrize("name", sorted(NEW))
def test_each_new_parameter_is_read(name):
    """Set far from its default, the parameter changes some negotiation's log (seeds 0-5 of
    four scenarios, each with the extra settings it needs to matter, against those
    settings alone)."""
    if NEW[name] is None:
        pytest.skip("a rare path, tested on its own below")
    value, extra = NEW[name]
    for path in SCENARIOS:
        for seed in range(6):
            if _log(path, seed, extra) != _log(path, seed, {**extra, name: value}):
                return
    pytest.fail(f"model.{name}={value} changed no log")


@pytest.mark.parametrize("setting", ["letter_paragraphs=0", "more_rounds_scale=0.0", "early_consensus=1.5",
                                     "eov_concerns=2.5", "count_variance=-0.1"])
def test_new_parameters_are_validated(setting):
    """`--set model.NAME=V` (and a scenario's `model:` block) checks each against its bounds."""
    with pytest.raises(ScenarioError, match=f"model.{setting.split('=')[0]}"):
        load_scenario(ROOT / "scenarios/minusma_2021.yaml", HAND_SET + [f"model.{setting}"])


# --- the rare paths: the decision itself, with the rest of the state held fixed -------------

def _council(*settings):
    from game.council import Council

    return Council(load_scenario(ROOT / "scenarios/minusma_2021.yaml", HAND_SET + [f"model.{x}" for x in settings]))


class _Draw:
    def __init__(self, u):
        self.u = u

    def random(self, *size):
        return self.u


def _next_step(monkeypatch, settings, phase, p_adopt, breakers=2.0, u=0.5):
    """The penholder's next step after round 1 of 2021 (time to spare), the room's count
    (`p_adopt`, 15 expected yes) and the expected breakers given."""

    from game.model import penholder
    from game.model.beliefs import Forecast
    from game.state import State

    c = _council(*settings)
    sc = c.scenario
    zero = [c.variant_index[i][sc.zero_draft[info.id]] for i, info in enumerate(c.issues)]  # (a list, as State keeps)
    count = Forecast(p_adopt, 0.0, 15.0, p_adopt, 15.0, (1.0,) * 15, (0.0,) * 15)
    monkeypatch.setattr(penholder.beliefs, "forecast", lambda state, draft, rollover=None, view=None: count)
    monkeypatch.setattr(penholder, "forecast_breakers", lambda state, draft: breakers)
    monkeypatch.setattr(penholder, "blue_or_rollover", lambda state, pen=None: "seek_rollover")
    state = State(sc, c)  # (a real State: the compiled engine types it)
    state.procedure.state = phase  # (State.phase; a real Procedure: the compiled engine types it)
    state.expiry_t, state.working, state.drafts, state.round = 20 * 24 * 60, zero, [zero], 1
    return penholder.decide_next_step(state, _Draw(u))


def test_blue_floor(monkeypatch):
    """After a held silence, a text short of `blue_confidence` goes to blue at `blue_floor`."""
    from game.procedure import Phase

    assert _next_step(monkeypatch, [], Phase.AGREED, 0.6) == "put_in_blue"
    assert _next_step(monkeypatch, ["blue_floor=0.7"], Phase.AGREED, 0.6) == "seek_rollover"


def test_more_rounds(monkeypatch):
    """Another round or a silence: `more_rounds_failing` for a text that does not pass;
    (`more_rounds_base` + consensus weight) x breakers / `more_rounds_scale`, at most
    `more_rounds_cap`, for one that does."""
    from game.procedure import Phase

    rnd = Phase.EXPERT_ROUND
    assert _next_step(monkeypatch, [], rnd, 0.5) == "open_expert_round"  # 0.5 < 0.9
    assert _next_step(monkeypatch, ["more_rounds_failing=0.2"], rnd, 0.5) == "place_under_silence"
    # passes: (0.5 + lam) x 2 / 8 < 0.5 at the start (lam = 0.4 x 0.6)
    assert _next_step(monkeypatch, [], rnd, 0.95) == "place_under_silence"
    assert _next_step(monkeypatch, ["more_rounds_scale=0.5"], rnd, 0.95) == "open_expert_round"
    assert _next_step(monkeypatch, ["more_rounds_base=10"], rnd, 0.95) == "open_expert_round"
    assert _next_step(monkeypatch, ["more_rounds_base=10", "more_rounds_cap=0.4"], rnd, 0.95) == "place_under_silence"
    # the consensus weight at the start is early_consensus x its consensus value (0.6)
    assert _next_step(monkeypatch, ["early_consensus=1.0"], rnd, 0.95, breakers=3.0, u=0.4) == "open_expert_round"
    assert _next_step(monkeypatch, [], rnd, 0.95, breakers=3.0, u=0.4) == "place_under_silence"


def test_pivotal_reason():
    """A yes that turns on the chance of deciding the nine votes is 'pivotal' above
    `pivotal_reason`, else 'support' (the reason only)."""
    from game.model.ballots import _why
    from game.rules import Ballot

    comp = (False, 0.5, 0.2, 0.0, 0.0)  # (stake 0.2: the consequence 0.15 x 0.2 = 0.03 > u_yes)
    for value, why in ((0.2, "support"), (0.1, "pivotal")):
        c = _council(f"pivotal_reason={value}")  # (a real Council: the compiled engine types it)
        assert c.params.pivotal_reason == value
        assert _why(c, 0, Ballot.YES, comp, 0.01, 0.15) == why


def test_veto_red_line():
    """A permanent member's crossed red line weighs `veto_red_line` x `red_line_weight` in
    the room's stake as the penholder weighs it (the United States' on g5_support, 2021)."""
    base, more = _council(), _council("veto_red_line=10")
    i = base.issue_index["g5_support"]
    assert base.room_loss[i] != more.room_loss[i]
    assert base.room_loss[base.issue_index["climate"]] == more.room_loss[more.issue_index["climate"]]


def test_eov_pen_rollover():
    """After a rollover vote, the penholder that voted yes speaks with `eov_pen_rollover`."""
    from game.model.explanations import decide_explanation
    from game.rules import Ballot
    from game.state import State

    for value, speaks in ((0.5, False), (0.8, True)):
        c = _council(f"eov_pen_rollover={value}")
        pen = c.ids[c.penholder]
        state = State(c.scenario, c)  # (a real State: the compiled engine types it)
        state.ballots, state.ballot_why, state.vote_on = {pen: Ballot.YES}, {}, "rollover"
        assert (decide_explanation(state, c.penholder, _Draw(0.7)) is not None) == speaks
