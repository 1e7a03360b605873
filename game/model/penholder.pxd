# Compiled (Cython, pure-Python mode): the penholder's decisions the session calls (through
# game/agents.pxd), as C functions. (Not the helpers tests replace: forecast_breakers,
# blue_or_rollover, broken_by stay Python calls.)
from game.council cimport Council
from game.state cimport State


cpdef accommodation(State state)
cpdef promises_broken(State state, i, v)
cpdef decide_settlement(State state, accommodation=*)
cpdef decide_next_step(State state, rng)
cpdef review_next_step(State state, k, proposed)
# the room's values of each paragraph's variants, and the promises, that the settlement reads
cpdef double _room_value(Council c, Py_ssize_t i, Py_ssize_t v, sponsor_rows) except? -1
cpdef room_values(Council c, i, sponsors)
cpdef promises(State state, i)
