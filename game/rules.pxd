# Compiled (Cython, pure-Python mode): the calendar rules the session reads at every turn, and
# the count of a vote, as C functions (the session, the state and the procedure cimport this
# module when compiled); a Tally an extension type, its fields readonly C slots.
cdef class Tally:
    cdef readonly object yes
    cdef readonly object no
    cdef readonly object abstain


cpdef Tally count_ballots(ballots)
cpdef list vetoing_members(ballots, permanent)
cpdef bint is_vetoed(ballots, permanent) except -1
cpdef bint is_adopted(ballots, permanent) except -1
cpdef vote_outcome(ballots, permanent)
cpdef bint weekend_is_urgent(long minutes_left_at_next_desk, calendar) except -1
cpdef long vote_need_minutes(calendar) except? -1
cpdef long silence_need_minutes(calendar) except? -1
