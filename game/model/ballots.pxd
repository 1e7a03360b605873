# Compiled (Cython, pure-Python mode): the ballot's weighing as C functions the other model
# modules cimport (silence's threats, rivals' counts), and C calls within ballots itself.
from game.council cimport Council
from game.state cimport State


cpdef components(State state, j, draft)
cpdef host_weight(State state)
cpdef draft_table(Council c, text, rollover)
cpdef dislike_weight(prm, rollover)
cpdef unity_value(Council c, j, unity_shift, rollover, stake)
cpdef utilities(Council c, j, comp, unity_shift, reversion_shift, pivot, rollover=*)
