"""The negotiation model: how each delegation decides, from what it can see.

One module per family of decisions, each a set of pure functions
``decide_x(state, member, rng, ...) -> decision (with its reasons as data)``; every
constant comes from `params.ModelParams` (the scenario's ``model:`` block):

- `params`      every judgement constant, named and documented, one default each;
- `common`      objections and reasons shared by the others;
- `beliefs`     what the room infers about each member's ballot (the penholder counts votes
                it cannot see): public parameters and stated red lines, plus what
                comments, silence-breaks, threats, pledges and ballots revealed (a red line
                given as a private instruction counts once shown); the count of the
                ballots as they will be cast, pivotal yeses included, before the
                penholder's last choice;
- `ballots`     yes / abstain / no (a veto for a permanent member): the draft against the
                reversion (a rollover or a lapse), unity, protest and grievance, audience costs;
- `penholder`   the setter: what to concede, when to silence, blue, bilaterals, a rollover,
                or a vote it expects to lose (a failed vote worth a lapse on the last day;
                a veto of a mere rollover exposing the vetoer more);
- `silence`     who breaks silence, on what, with which threat;
- `amendments`  what to ask for in expert rounds and what to back;
- `deals`       lobbying and package deals: whom to lobby, how to answer, whether to take a
                package (every answer an event on the record);
- `host`        the host country: no vote, but letters that move members who defer to it,
                and its consent to the mission (withdrawn, it objects to any renewal and
                those members value a lapse more);
- `explanations` who takes the floor after a vote, and on what;
- `rivals`      a member that would vote the penholder's text down tables its own draft
                (voted in the order of submission, provisional rule 32); the penholder's
                answer: its own text in blue anyway, or a rollover.

Randomness models what delegations do not know about each other: each capital's private
instructions (a shift of its value of unity and of the failure outcome) are drawn once per
negotiation by the session and recorded in the log (event ``instructions``).
"""
