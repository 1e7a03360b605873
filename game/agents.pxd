# Compiled (Cython, pure-Python mode): the front door as C functions. The session cimports this
# module when compiled, so `agents.decide_vote(...)` and the others below are C calls into the
# model's modules (their .pxd files); the rest (amendment_inference, break_inference, which
# tests replace, and decisions with closures, which Cython cannot make cpdef) stay Python calls.
from game.model.amendments cimport decide_amendments, decide_cosponsorship
from game.model.beliefs cimport decide_vote as _decide_vote
from game.model.beliefs cimport forecast_cast, threat_inference
from game.model.common cimport instructed
from game.model.deals cimport accept_package, answer_lobbying, decide_lobbying
from game.model.penholder cimport (
    accommodation,
    decide_next_step,
    decide_settlement,
    promises_broken,
    review_next_step,
)
from game.model.rivals cimport answer_rival, expects_to_oppose
from game.model.silence cimport (
    decide_bilateral,
    decide_break,
    decide_threat,
    silence_objection,
    silence_requests,
)


cpdef decide_vote(state, j, rng=*)
