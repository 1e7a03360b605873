# Compiled (Cython, pure-Python mode): Council as an extension type, its tables C slots
# (a field added to Council.__init__ must be declared here too).
from game.model.params cimport Constants


cdef class Council:
    cdef public object _children
    cdef public object _ignored
    cdef public object _ignored_weighted
    cdef public object _ignored_zero
    cdef public list _asked_rows
    cdef public dict _memo
    cdef public list _text_memos
    cdef public Py_ssize_t _text_entries
    cdef public object _reasons
    cdef public object abstain_cost
    cdef public object assertiveness
    cdef public object best
    cdef public object break_threshold
    cdef public object co_penholders
    cdef public object consensus_value
    cdef public object discipline
    cdef public tuple draft_table_memo
    cdef public object eff_loss
    cdef public object effective
    cdef public object forces_votes
    cdef public object futile
    cdef public object group_members
    cdef public object group_of
    cdef public object hidden_red
    cdef public object host_consent
    cdef public object host_deference
    cdef public object host_has_views
    cdef public object host_loss
    cdef public object host_refusal
    cdef public object ids
    cdef public object index
    cdef public object issue_index
    cdef public object issues
    cdef public object joint
    cdef public object lapse_at
    cdef public object lapse_parts
    cdef public object lapse_value
    cdef public object loss
    cdef public object mission_support
    cdef public object no_cost
    cdef public object no_taste
    cdef public tuple objections_memo
    cdef public object objection
    cdef public object own_objection
    cdef public Constants params
    cdef public object peer_ids
    cdef public object penholder
    cdef public object pens
    cdef public object permanent
    cdef public object permanent_ids
    cdef public object permanent_index
    cdef public object positions
    cdef public object positions_list
    cdef public object propose_threshold
    cdef public object red
    cdef public object red_issues
    cdef public object reversion
    cdef public object rollover_value
    cdef public object room_loss
    cdef public tuple room_rows_memo
    cdef public list room_values_memo
    cdef public object room_terms
    cdef public object salience
    cdef public object salience_list
    cdef public object scenario
    cdef public list silence_memo
    cdef public object spokesperson
    cdef public object sponsor_extra
    cdef public object stake
    cdef public object status_quo
    cdef public object step
    cdef public object total_salience
    cdef public object unity
    cdef public object variant_index
    cdef public object yes_weight
    cdef object __weakref__

    cpdef double satisfaction(self, Py_ssize_t m, draft)
    cpdef dict reason(self, Py_ssize_t m, Py_ssize_t i, Py_ssize_t v)
    cpdef double host_dissatisfaction(self, draft)
    cpdef list crossed(self, Py_ssize_t m, draft)
    cpdef Py_ssize_t toward(self, Py_ssize_t m, Py_ssize_t i, Py_ssize_t cur, bint full=*)
    cpdef ignored_objections(self, zero)
    cpdef tuple asked_rows(self, Py_ssize_t m, frozenset asked)
