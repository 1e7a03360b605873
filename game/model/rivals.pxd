# Compiled (Cython, pure-Python mode): the decisions the session calls (through
# game/agents.pxd), as C functions.
from game.council cimport Council
from game.state cimport State


cpdef expects_to_oppose(State state, j, draft)
cpdef answer_rival(State state, step)
