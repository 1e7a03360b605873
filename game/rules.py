"""The Charter and the Council's practice as small pure functions.

Each function is one rule, named after what it decides, and tested case by case in
tests/test_rules.py (each test's docstring quotes the case). The procedure's state
machine uses these as its guards; nothing here knows about the machine, the session
or the agents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

import cython

AFFIRMATIVE_VOTES_REQUIRED = 9
"""UN Charter Art. 27(3): decisions on substantive matters need nine affirmative votes..."""


class Ballot(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


# (the ballots as module constants: an enum member's look-up goes through its class's __getattr__ hook)
_YES, _NO, _ABSTAIN = Ballot.YES, Ballot.NO, Ballot.ABSTAIN


class Outcome(StrEnum):
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"
    VETOED = "vetoed"
    ROLLOVER = "rollover"
    LAPSED = "lapsed"


_TALLY_FIELDS = ("yes", "no", "abstain")


@cython.cclass
class Tally:
    """The count of a vote: yes, no, abstain (``str``: "9-2-4").

    What a frozen slots dataclass gave it, written out: keyword or positional construction,
    equality and hash of the three fields, a repr, pickling, fields that cannot be set again
    (`__setattr__` refuses; compiled, readonly C slots, game/rules.pxd). Compiled, an
    extension type made without the dataclass's interpreted `__init__` (a vote counts its
    ballots several times: the procedure's guards, the result, the record)."""

    __slots__ = _TALLY_FIELDS

    def __init__(self, yes: int, no: int, abstain: int):
        if cython.compiled:
            self.yes, self.no, self.abstain = yes, no, abstain
        else:
            object.__setattr__(self, "yes", yes)
            object.__setattr__(self, "no", no)
            object.__setattr__(self, "abstain", abstain)

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}: a Tally is frozen")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete field {name!r}: a Tally is frozen")

    def _fields(self) -> tuple:
        return (self.yes, self.no, self.abstain)

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash(self._fields())

    def __reduce__(self):  # (pickled as it is built)
        return (Tally, self._fields())

    def __repr__(self) -> str:
        return f"Tally(yes={self.yes!r}, no={self.no!r}, abstain={self.abstain!r})"

    def __str__(self) -> str:
        return f"{self.yes}-{self.no}-{self.abstain}"


def count_ballots(ballots: Mapping[str, Ballot | str]) -> Tally:
    """Count the ballots cast; members not participating are simply absent."""
    values = list(ballots.values())
    return Tally(values.count(_YES), values.count(_NO), values.count(_ABSTAIN))


def vetoing_members(ballots: Mapping[str, Ballot | str], permanent: Iterable[str]) -> list[str]:
    """The permanent members who voted no: each such vote is a veto (Art. 27(3))."""
    return sorted([m for m in permanent if ballots.get(m) == _NO])


def is_vetoed(ballots: Mapping[str, Ballot | str], permanent: Iterable[str]) -> bool:
    """A negative vote of a permanent member defeats a substantive draft.

    An abstention (or absence) of a permanent member is *not* a veto: consistent practice
    since 1946, upheld by the ICJ (Namibia advisory opinion, 1971).
    """
    return bool(vetoing_members(ballots, permanent))


def is_adopted(ballots: Mapping[str, Ballot | str], permanent: Iterable[str]) -> bool:
    """Art. 27(3): nine affirmative votes including the concurring votes of the permanent
    members, where 'concurring' is read, in practice, as 'no permanent member votes no'."""
    return count_ballots(ballots).yes >= AFFIRMATIVE_VOTES_REQUIRED and not is_vetoed(
        ballots, permanent
    )


def vote_outcome(ballots: Mapping[str, Ballot | str], permanent: Iterable[str]) -> Outcome:
    """Adopted, vetoed (a permanent member's no, whatever the count) or not adopted
    (fewer than nine yes). A draft with both fewer than nine yes and a P5 no is recorded
    as vetoed only if it would otherwise have carried, as the Council's records do."""
    permanent = list(permanent)
    if is_adopted(ballots, permanent):
        return Outcome.ADOPTED
    if count_ballots(ballots).yes >= AFFIRMATIVE_VOTES_REQUIRED:
        return Outcome.VETOED
    return Outcome.NOT_ADOPTED


RETRY_AFTER_FAILED_ROLLOVER = 24 * 60
"""A failed rollover is not the end while a day (in minutes) remains before the expiry:
the talks go on (judgement: the record has rollovers adopted on the last day, e.g. UNSMIL)."""


# --- the calendar (times in minutes; issue 8 §4: time is budgeted in working days) ------
OFFICE_OPENS = 9 * 60
"""Delegations are at their desks from 09:00 ..."""
OFFICE_CLOSES = 19 * 60
"""... to 19:00."""
DESK = 10 * 60
"""A letter, a text or a deadline due out of hours goes at 10:00 on the next day it may
(the next working day, unless the calendar is urgent)."""
LAST_DAY_VOTE = 10 * 60
"""A vote that cannot wait for a weekday is held at 10:00 on the mandate's last day."""
WEEKEND = (5, 6)
"""Saturday and Sunday (`datetime.date.weekday()`): no letter under silence, no revision,
zero draft or text placed, and no silence deadline falls on them unless the calendar is
urgent (`weekend_is_urgent`). A silence may run over a weekend: set on a Friday, it ends
on the Monday (BRIEF §2)."""


def is_weekend(weekday: int) -> bool:
    """Saturday or Sunday (Monday is 0)."""
    return weekday >= WEEKEND[0]


def weekend_is_urgent(minutes_left_at_next_desk: int, calendar) -> bool:
    """A weekend is worked only when the calendar is urgent: the working days left cannot fit
    what is left. From DESK on the next working day (the Monday) to the end of the mandate
    there is less time than `silence_need_minutes` (the shortest silence, the reading,
    blue, the vote and a day's margin). Then the penholder keeps the talks going through
    the weekend, and the record says so once (issue 8 §4)."""
    return minutes_left_at_next_desk < silence_need_minutes(calendar)


SHORTEST_SILENCE_HOURS = 4
"""A silence placed late runs shorter (the 2021 second silence ran a morning, BRIEF §3);
never under this many hours."""


AFTER_SILENCE_HOURS = 3
"""Hours between a silence's end and the text going in blue: the penholder reads the
letters, revises if it must and puts the text in blue (judgement)."""


def blue_to_vote_minutes(calendar) -> int:
    """Time from a text put in blue to its vote, in minutes (`blue_to_vote_hours`)."""
    return calendar.blue_to_vote_hours * 60


def vote_need_minutes(calendar) -> int:
    """Time a text needs from blue to the vote, and a day's margin, in minutes."""
    return (calendar.blue_to_vote_hours + 24) * 60


def silence_need_minutes(calendar) -> int:
    """The least time before the expiry for a silence placed now: the shortest silence,
    AFTER_SILENCE_HOURS, then blue and the vote (minutes)."""
    return (SHORTEST_SILENCE_HOURS + AFTER_SILENCE_HOURS) * 60 + vote_need_minutes(calendar)


def round_need_minutes(calendar) -> int:
    """The least time before the expiry for an expert round opened now: the round's
    `round_days`, a full silence, AFTER_SILENCE_HOURS, then blue and the vote (minutes)."""
    return ((calendar.round_days * 24 + calendar.silence_hours + AFTER_SILENCE_HOURS) * 60
            + vote_need_minutes(calendar))


def silence_hours(calendar, minutes_left: int) -> int:
    """How long a silence placed now runs: the calendar's `silence_hours`, shortened so that
    blue and the vote still fit before the expiry, but never under SHORTEST_SILENCE_HOURS."""
    room = (minutes_left - vote_need_minutes(calendar)) // 60 - AFTER_SILENCE_HOURS
    return max(SHORTEST_SILENCE_HOURS, min(calendar.silence_hours, room))


def is_penholder(actor: str, penholder: str) -> bool:
    """Only the penholder drafts: circulates revisions, places a text under silence,
    puts it in blue and asks for a technical rollover on its file."""
    return actor == penholder


def may_table_rival(actor: str, penholder: str, sponsors, co_penholders=()) -> str | None:
    """Any member may table its own draft (provisional rules 32-38: drafts are put forward
    by members, not by the Council as a whole): a member other than the penholder may
    table a rival to the penholder's text, once in a negotiation (judgement: the record's
    rival drafts, e.g. Russia's S/2020/658 of July 2020, come one per sponsor). None if
    `actor` may, else why not."""
    if is_penholder(actor, penholder):
        return "the penholder revises its own text; a rival draft is another member's"
    if actor in co_penholders:
        return "a co-penholder holds the pen on the text; a rival draft is another member's"
    if actor in sponsors:
        return f"{actor} has already tabled a rival draft"
    return None


def may_talk_bilaterally(actor: str, invited, met) -> str | None:
    """After a broken silence the penholder may talk bilaterally with the objectors, one by
    one (BRIEF §2: "talks bilaterally"): a member meets it in bilaterals only if invited
    (it broke the silence), once, and in its turn (the order in which they broke it).
    None if `actor` may talk now, else why not."""
    invited, met = list(invited), list(met)
    if actor not in invited:
        return f"{actor} did not break the silence: the penholder meets those who did"
    if actor in met:
        return f"{actor} has already had its bilateral"
    waiting = [m for m in invited if m not in met]
    if waiting and waiting[0] != actor:
        return f"the penholder meets {waiting[0]} first (in the order they broke silence)"
    return None


def meeting_outcome(results) -> Outcome:
    """The outcome of a formal meeting that voted on several drafts in blue, in the order
    of their submission (provisional rule 32): adopted if one was adopted (the others are
    then not pressed to a vote); else vetoed if any was vetoed (what the record remembers:
    Syria cross-border aid, July 2020, S/2020/654 vetoed, then Russia's S/2020/658 not
    adopted); else not adopted."""
    results = list(results)
    if Outcome.ADOPTED in results:
        return Outcome.ADOPTED
    if Outcome.VETOED in results:
        return Outcome.VETOED
    return Outcome.NOT_ADOPTED


def holds_pen(actor: str, penholder: str, co_penholders=()) -> bool:
    """Co-penholders hold the pen with the penholder (the lead): the text is theirs too, so
    none of them breaks silence on it or tables amendments against it (e.g. Belgium,
    Germany and Kuwait on the Syria humanitarian file in 2019)."""
    return actor == penholder or actor in co_penholders


NEXT_STEPS_BY_CAUTION = ("open_expert_round", "hold_bilaterals", "place_under_silence",
                         "seek_rollover", "put_in_blue")
"""The penholders' next steps, the most cautious first: more talks commit the text least,
a vote commits it most; a rollover keeps the mandate alive without staking the text."""


def most_cautious_step(proposals) -> str:
    """The co-penholders' rule for a disagreement on the next step (judgement: each must
    agree to it, so the step that commits the text least is the one all can live with):
    the most cautious step any of them proposes wins."""
    return min(proposals, key=NEXT_STEPS_BY_CAUTION.index)
