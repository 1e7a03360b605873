# Compiled (Cython, pure-Python mode): the decisions the session calls under silence (through
# game/agents.pxd), as C functions. (Not break_inference: tests replace it.)
from game.council cimport Council
from game.state cimport State


cpdef silence_objection(State state, Py_ssize_t j)
cpdef silence_requests(State state, Py_ssize_t j, double tau, weighed)
cpdef decide_break(State state, strength, tau)
cpdef decide_threat(State state, Py_ssize_t j)
cpdef decide_bilateral(State state, j, draws)
