# Compiled (Cython, pure-Python mode): the ballot's weighing as C functions the other model
# modules cimport (silence's threats, rivals' counts), and C calls within ballots itself.
from game.council cimport Council
from game.model.params cimport Constants
from game.state cimport State


cpdef double group_satisfaction(Council c, Py_ssize_t j, draft) except? -1
cpdef components(State state, j, draft)
cpdef host_weight(State state)
cpdef draft_table(Council c, text, rollover)
cpdef double dislike_weight(Constants prm, bint rollover)
cpdef double unity_value(Council c, Py_ssize_t j, double unity_shift, bint rollover, double stake)
cpdef tuple utilities(Council c, Py_ssize_t j, comp, double unity_shift, double reversion_shift, double pivot,
                      bint rollover=*)
cpdef decide_vote(State state, j, pivot, p_next=*)
cpdef _why(Council c, j, ballot, comp, u_yes, pivot)
