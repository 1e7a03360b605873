# Compiled (Cython, pure-Python mode): Session as an extension type, its fields C slots (an
# attribute added to Session.__init__ must be declared here too; others go to __dict__).
from game.dice cimport Dice
from game.events cimport Event
from game.state cimport State


cdef class Session:
    cdef public object scenario
    cdef public object seed_sequence
    cdef public object rng
    cdef public Dice dice
    cdef public object outside
    cdef public State state
    cdef public object log
    cdef public object listeners
    cdef public object pending
    cdef public object _scenario_data
    cdef public object _now
    cdef public long _first_weekday
    cdef public tuple _weekend_day
    cdef public object _weekend_unstated
    cdef public long _silence_need
    cdef public object steps
    cdef public object penholder
    cdef public object co_penholders
    cdef public object pens
    cdef public object proposal
    cdef public object proposed_step
    cdef public object _step_asks
    cdef public object _agreed_step
    cdef public object turn_order
    cdef public object _timed
    cdef public object _flow
    # the calendar's arithmetic, in C longs (minutes; Python's // and %: cdivision is off)
    cdef long _weekday(self, long t) except? -1
    cdef bint _urgent(self, long t) except -1
    cdef long _off_weekend(self, long t) except? -1
    cdef long _hours(self, long t) except? -1
    cdef long _office(self, long t) except? -1
    cdef long _day_start(self, long t) except? -1
    cdef long _working_days_later(self, long t, long n) except? -1
    # recording an event, its data a dict
    cdef Event _record(self, str kind, actor, dict data)
    cdef Event _append(self, str kind, actor, t, dict data)
    # the turn's steps, C calls from the session's own code (Python subclasses may override them:
    # game/audit.py)
    cpdef _occasion(self)
    cpdef _agent_turn(self, turn)
    cpdef _agent_penholder(self)
    cpdef _agent_consider_rival(self, m)
    cpdef _fire_due(self, t)
    cpdef _check(self, trigger, actor)
    cpdef _propose(self, actor, wants, backs)
    cpdef _cast(self, actor, ballot, reasons)
    cdef dict __dict__
    cdef object __weakref__
