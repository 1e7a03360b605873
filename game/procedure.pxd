# Compiled (Cython, pure-Python mode): Procedure an extension type, so that the session's
# `check` is a C call; the `transitions` machine sets its triggers on the model's __dict__.
cdef class Procedure:
    cdef public object state
    cdef public str penholder
    cdef public tuple co_penholders
    cdef public frozenset members
    cdef public frozenset permanent
    cdef public str host
    cdef public dict _allowed
    cdef public object machine
    cpdef check(self, trigger, actor)
    cdef dict __dict__
    cdef object __weakref__
