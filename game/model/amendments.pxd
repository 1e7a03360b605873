# Compiled (Cython, pure-Python mode): the decisions the session calls at every turn
# (through game/agents.pxd), as C functions.
from game.council cimport Council
from game.state cimport State


cpdef decide_amendments(State state, m, rng)
cpdef decide_cosponsorship(State state, m)
cpdef public_threshold(Council c, j)
