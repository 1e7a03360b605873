# Compiled (Cython, pure-Python mode): State as an extension type, its fields C slots,
# so that compiled code holding a typed `state` reads them without a dictionary look-up (a
# field added to State.__init__ must be declared here too). Containers are typed (list, dict,
# tuple: compiled code appends, looks up and iterates without a method call); None is allowed.
from game.council cimport Council
from game.events cimport Event, Record
from game.procedure cimport Procedure


# an amendment (game/state.py): its fields C slots
cdef class Amendment(Record):
    cdef public object id
    cdef public object issue
    cdef public object variant
    cdef public str proposer
    cdef public object round
    cdef public str origin
    cdef public list cosponsors
    cdef public str status
    cdef public object settled_on


# a silence (game/state.py): its fields C slots
cdef class Silence(Record):
    cdef public object number
    cdef public object revision
    cdef public object placed
    cdef public object deadline
    cdef public list breaks
    cdef public object held
    cdef public list breakers


cdef class State:
    cdef public list amendments
    cdef public dict asked
    cdef public dict ballot_why
    cdef public dict ballots
    cdef public list belief
    cdef public object belief_version
    cdef public object blue_revision
    cdef public object blue_t
    cdef public list changes
    cdef public dict co_pen_refused
    cdef public dict conceded
    cdef public Council council
    cdef public list draft
    cdef public tuple draft_key
    cdef public list drafts
    cdef public object expiry_t
    cdef public list explanations
    cdef public dict forecasts
    cdef public dict host_letters
    cdef public list injected
    cdef public object meeting
    cdef public dict member_terms
    cdef public dict open
    cdef public object outcome
    cdef public dict pledges
    cdef public list private
    cdef public dict private_threats
    cdef public Procedure procedure
    cdef public list queue
    cdef public dict red_unseen
    cdef public dict reversals
    cdef public object rival_on
    cdef public list rivals
    cdef public object rollovers
    cdef public object room_changed_at
    cdef public dict rooms
    cdef public object round
    cdef public object scenario
    cdef public object seq
    cdef public Silence silence
    cdef public list silences
    cdef public dict silences_broken
    cdef public object t
    cdef public object tally
    cdef public tuple taste
    cdef public list threats
    cdef public dict views
    cdef public str vote_on
    cdef public list vote_text
    cdef public list votes
    cdef public list voting
    cdef public list working
    cdef public tuple zero_key
    cdef object __weakref__


# the one function that changes the state: a C call from the session (game/session.py cimports it)
cpdef apply(State state, Event ev)
