# Compiled (Cython, pure-Python mode): the calendar rules the session reads at every turn, as
# C functions (the session cimports this module when compiled).
cpdef weekend_is_urgent(minutes_left_at_next_desk, calendar)
cpdef vote_need_minutes(calendar)
cpdef silence_need_minutes(calendar)
