# Compiled (Cython, pure-Python mode): the room's counts as C functions, called in C within
# beliefs (room, its count, the terms it reads) and cimported by the modules that ask for them.
from game.council cimport Council
from game.state cimport State


cpdef estimate(state, k, view=*)
cpdef estimates(state, view=*)
cpdef room(State state, draft, rollover=*, view=*)
cpdef _count(State state, draft, rollover, members, view)
cpdef member_terms(State state, view=*)
cpdef room_rows(Council c, text, written)
cpdef forecast(state, draft, rollover=*, view=*)
cpdef forecast_cast(state, draft, rollover, view=*)
cpdef pivot_chance(State state, Py_ssize_t j, draft)
cpdef decide_vote(State state, j)
cpdef threat_inference(state, j, threat, view=*)
