# Compiled (Cython, pure-Python mode): State as an extension type, its fields C slots,
# so that compiled code holding a typed `state` reads them without a dictionary look-up (a
# field added to State.__init__ must be declared here too).
from game.council cimport Council
from game.events cimport Event


cdef class State:
    cdef public object amendments
    cdef public object asked
    cdef public object ballot_why
    cdef public object ballots
    cdef public object belief
    cdef public object belief_version
    cdef public object blue_revision
    cdef public object blue_t
    cdef public object changes
    cdef public object co_pen_refused
    cdef public object conceded
    cdef public Council council
    cdef public object draft
    cdef public object draft_key
    cdef public object drafts
    cdef public object expiry_t
    cdef public object explanations
    cdef public object forecasts
    cdef public object host_letters
    cdef public object injected
    cdef public object meeting
    cdef public object member_terms
    cdef public object open
    cdef public object outcome
    cdef public object pledges
    cdef public object private
    cdef public object private_threats
    cdef public object procedure
    cdef public object queue
    cdef public object red_unseen
    cdef public object reversals
    cdef public object rival_on
    cdef public object rivals
    cdef public object rollovers
    cdef public object room_changed_at
    cdef public object rooms
    cdef public object round
    cdef public object scenario
    cdef public object seq
    cdef public object silence
    cdef public object silences
    cdef public object silences_broken
    cdef public object t
    cdef public object tally
    cdef public object taste
    cdef public object threats
    cdef public object views
    cdef public object vote_on
    cdef public object vote_text
    cdef public object votes
    cdef public object voting
    cdef public object working
    cdef public object zero_key
    cdef object __weakref__
