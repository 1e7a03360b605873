"""The agents' decisions, as the session, the game and the tools call them.

The model itself lives in `game.model` (one module per family of decisions, constants in
`game.model.params`); this module is its one front door, so that a caller need not know
which module decides what. Every function takes the public state, the member's index
and, where the decision draws, the session's random generator.
"""

from __future__ import annotations

from game.model.amendments import amendment_inference, decide_amendments, decide_cosponsorship
from game.model.beliefs import decide_vote as _decide_vote
from game.model.beliefs import (
    forecast,
    forecast_ballot,
    forecast_cast,
    threat_inference,
)
from game.model.common import instructed
from game.model.deals import accept_package, answer_lobbying, decide_lobbying
from game.model.explanations import decide_explanation
from game.model.host import decide_host_letter
from game.model.penholder import (
    accommodation,
    blue_or_rollover,
    decide_next_step,
    decide_settlement,
    promises_broken,
    review_next_step,
    review_revision,
)
from game.model.rivals import answer_rival, decide_rival, expects_to_oppose, rival_in_blue
from game.model.silence import (
    break_inference,
    decide_bilateral,
    decide_break,
    decide_threat,
    silence_objection,
    silence_requests,
    threat_is_news,
)

__all__ = [
    "accept_package", "accommodation", "amendment_inference", "decide_lobbying",
    "answer_lobbying", "blue_or_rollover", "break_inference", "decide_amendments", "decide_break",
    "answer_rival", "decide_cosponsorship", "decide_explanation", "decide_rival", "expects_to_oppose",
    "rival_in_blue", "decide_host_letter", "decide_next_step",
    "decide_settlement", "decide_threat", "decide_vote", "forecast", "forecast_ballot", "forecast_cast",
    "instructed",
    "silence_objection", "silence_requests", "promises_broken", "threat_inference",
    "review_next_step", "review_revision", "decide_bilateral", "threat_is_news",
]


def decide_vote(state, j: int, rng=None):
    """yes / abstain / no on the text in blue or on a rollover, with the reasons
    (`game.model.ballots`). Draws nothing: the capitals' private instructions, drawn at
    the start, are the randomness."""
    return _decide_vote(state, j)
