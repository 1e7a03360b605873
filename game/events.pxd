# Compiled (Cython, pure-Python mode): Event as an extension type, its five fields C slots,
# so that compiled code holding a typed event (state.apply, Session._append) reads them
# without an attribute look-up; made without the dataclass's interpreted __init__.
cdef class Record:
    pass


cdef class Event(Record):
    cdef public object seq
    cdef public object t
    cdef public str kind
    cdef public object actor
    cdef public dict data
