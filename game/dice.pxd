# Compiled (Cython, pure-Python mode): a Stream's counter a C uint64 (its arithmetic wraps
# as `& _MASK` does), readable from Python as the uncompiled slot is.
cdef class Stream:
    cdef readonly unsigned long long _c


cdef class Dice:
    cdef readonly unsigned long long key
    cdef readonly dict _heads
    cdef readonly dict _firsts
    cpdef named(self, what, tuple parts)

cdef class Draws:
    cdef readonly unsigned long long _c
    cdef readonly Py_ssize_t _size
