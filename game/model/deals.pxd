# Compiled (Cython, pure-Python mode): the decisions the session calls at every turn
# (through game/agents.pxd), as C functions.
from game.council cimport Council
from game.state cimport State


cpdef decide_lobbying(State state, m, proposals)
cpdef accept_package(State state, asker, package)
cpdef answer_lobbying(State state, target, asker, i, v)
