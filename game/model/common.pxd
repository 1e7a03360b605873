# Compiled (Cython, pure-Python mode): common's functions that the other model modules call
# at every decision, as C functions they cimport (a Python call costs ~300 instructions).
from game.council cimport Council
from game.state cimport State


cpdef draft_key(State state, draft)
cpdef rounded(x, int n)
cpdef objections(State state, m, draft, effective=*)
cpdef double firmness(State state, Py_ssize_t m) except? -1
cpdef instructed(State state, Py_ssize_t m, weighed, draft)
cpdef strongest_first(list pairs)
cpdef objection_reason(Council c, m, i, v, o)
cpdef grievance(State state, j, draft)
cpdef ignored_sum(ignored, asked, draft)
cpdef speaks_for_group(Council c, m)
