"""Counter-based randomness: a draw for each decision, fixed by who decides what and when.

A negotiation's random draws must not depend on the order in which other things happen,
or a student's extra action (one more letter, one more lobbying call) would shift every
later draw of every agent, and a comparison of two runs with the same seed would measure
that shift, not the student's choice. So each decision takes its draws from its own
stream, named by integers (what is decided, by whom, on which occasion): the n-th number
of stream (purpose, member, occasion) of a seed is always the same.

The streams are SplitMix64 (Steele, Lea & Flood 2014) over a 64-bit key taken from the
session's `numpy.random.SeedSequence`: Python integers (C uint64 when compiled), fast for
the few draws a decision makes, the same on every platform.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

import cython
import numpy as np

_MASK = (1 << 64) - 1
_TWO53 = float(1 << 53)
_GAMMA = 0x9E3779B97F4A7C15  # SplitMix64's increment, the golden ratio in 64 bits
_TWO_PI = 2.0 * math.pi

# what a stream decides (the first integer of its name)
# (2, 6 and 7 drew the noise of the penholder's settlement, of answers to lobbying and of
# rival drafts, until the capitals' private view of each text replaced it: `State.taste`)
AMEND, NEXT_STEP, SILENCE, EXPLAIN = 1, 3, 4, 5
BILATERAL = 8  # what a member says in a bilateral with the penholder (game.model.silence)


def _mix(x: int) -> int:
    """SplitMix64's finaliser: a well-mixed 64-bit number from any 64-bit number. (It reads
    only the low 64 bits of x: the sum below keeps nothing else, so a name's part needs no
    mask, whatever its size or sign.)"""
    x = (x + _GAMMA) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


@cython.cclass
class Dice:
    """The streams of one negotiation (or of one continuation of it)."""

    __slots__ = ("key", "_heads", "_firsts")
    # (compiled: the key a C uint64, the two tables typed dicts, game/dice.pxd)

    def __init__(self, key: int):
        self.key = key & _MASK
        self._heads: dict[tuple[int, int], int] = {}  # the hash of a name's (what, who)
        self._firsts: dict[int, int] = {}  # ... and of its `what`

    @classmethod
    def from_seed_sequence(cls, ss: np.random.SeedSequence) -> Dice:
        # a different word of the seed's state than the session's generator starts from
        words = ss.generate_state(4, np.uint64)
        return cls(int(words[3]))

    @classmethod
    def from_generator(cls, bits: np.random.PCG64) -> Dice:
        """`from_seed_sequence` of the seed sequence a PCG64 was made from, read from the
        generator (no second `generate_state`, ~0.03 M instructions a negotiation): PCG64 sets
        its increment from the state's words 2 and 3, inc = (words[2] << 64 | words[3]) << 1 | 1
        (numpy's pcg64_set_seed), and never changes it, so words[3] is the low 64 bits of inc >> 1.
        (tests/test_model_tables.py checks it against from_seed_sequence.)"""
        return cls(bits.state["state"]["inc"] >> 1)

    def stream(self, what: int, who: int, *when: int) -> Stream:
        """The stream named (what, who, *when): what is decided, by whom (or, for the
        penholder's own decisions, in which round), and on which occasion (`named`)."""
        return self.named(what, (who, *when))

    @cython.ccall
    @cython.locals(h=cython.ulonglong, parts=tuple)
    def named(self, what, parts: tuple) -> Stream:
        """The stream named (what, *parts), parts = (who, *when): its hash is the key mixed
        with each part in turn (`_mix(h ^ part)`); the parts are Python integers (of any sign:
        `_mix` reads their low 64 bits). (The session's C entry point: a tuple, no *args.)"""
        if cython.compiled:  # (a SplitMix step in C costs less than a look-up of a kept hash)
            h = _step(self.key, what)
            for part in parts:
                h = _step(h, part)
            return _stream(h)
        # (a negotiation names its streams by a few dozen distinct (what, who): their hash
        # is kept, and so is the hash of `what` alone, from which a new (what, who) is one step)
        who = parts[0]
        head = self._heads.get((what, who))
        if head is None:
            first = self._firsts.get(what)
            if first is None:
                first = self._firsts[what] = _step(self.key, what)
            head = self._heads[what, who] = _step(first, who)
        h = head
        for part in parts[1:]:
            h = _step(h, part)
        return Stream(h)


@cython.cfunc
@cython.returns(cython.ulonglong)
@cython.locals(h=cython.ulonglong, x=cython.ulonglong, low=cython.longlong, mask=cython.ulonglong,
               gamma=cython.ulonglong, m1=cython.ulonglong, m2=cython.ulonglong)
def _step(h, part) -> int:
    """`_mix(h ^ part)` (h below 2**64), written out in uint64 when compiled: the low 64
    bits of a part of any sign are its value as a C long long read as unsigned (beyond a
    long long, `part & _MASK`)."""
    # (_MASK, _GAMMA and SplitMix64's multipliers, as literals: C constants when compiled)
    mask, gamma, m1, m2 = 0xFFFFFFFFFFFFFFFF, 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
    if cython.compiled:
        try:
            low = part
            x = cython.cast(cython.ulonglong, low)
        except OverflowError:
            x = part & mask
    else:
        x = part
    x = ((h ^ x) + gamma) & mask
    x = ((x ^ (x >> 30)) * m1) & mask
    x = ((x ^ (x >> 27)) * m2) & mask
    return x ^ (x >> 31)


@cython.cclass
class Stream:
    """Draws in the manner of a numpy Generator (the methods the model uses), as Python
    floats or sequences of them. The n-th draw of the stream named h is `_mix(h + n)`; the
    stream keeps `_c` = h + (the draws taken so far) + SplitMix64's increment, the sum
    `_mix` starts with, so that a draw is one addition away from it."""

    __slots__ = ("_c",)
    # (compiled: `_c` a C uint64, game/dice.pxd)

    @cython.locals(h=cython.ulonglong, gamma=cython.ulonglong)
    def __init__(self, h: int):
        gamma = 0x9E3779B97F4A7C15
        self._c = h + gamma  # (no draw taken yet)

    @cython.locals(c=cython.ulonglong, x=cython.ulonglong, mask=cython.ulonglong, m1=cython.ulonglong,
                   m2=cython.ulonglong, two53=cython.double)
    def _u(self) -> float:
        # (_MASK, the multipliers and _TWO53 as literals: C constants when compiled)
        mask, m1, m2, two53 = 0xFFFFFFFFFFFFFFFF, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 9007199254740992.0
        c = self._c = self._c + 1
        # _mix(h + n), written out (a negotiation draws some five hundred numbers)
        x = c & mask
        x = ((x ^ (x >> 30)) * m1) & mask
        x = ((x ^ (x >> 27)) * m2) & mask
        return ((x ^ (x >> 31)) >> 11) / two53

    @cython.locals(c=cython.ulonglong, n=cython.Py_ssize_t)
    def random(self, size: int | None = None):
        """A uniform in [0, 1), or `size` of them (a sequence computed as it is read)."""
        if size is None:
            return self._u()
        n = int(size)
        c = self._c
        self._c = c + n
        return Draws(c + 1, n)

    def standard_normal(self, size: int | None = None):
        if size is None:
            return self._normal()
        normal = self._normal
        return [normal() for _ in range(int(size))]

    def normal(self, loc: float = 0.0, scale: float = 1.0, size: int | None = None):
        if size is None:
            return loc + scale * self._normal()
        normal = self._normal
        out = []
        for _ in range(int(size)):
            out.append(loc + scale * normal())
        return out

    @cython.locals(c1=cython.ulonglong, c2=cython.ulonglong, x=cython.ulonglong, mask=cython.ulonglong,
                   m1=cython.ulonglong, m2=cython.ulonglong, two53=cython.double, u1=cython.double, u2=cython.double)
    def _normal(self) -> float:
        # Box-Muller, one value per pair of uniforms (simple, and draws stay in step)
        # (_MASK, the multipliers and _TWO53 as literals: C constants when compiled)
        mask, m1, m2, two53 = 0xFFFFFFFFFFFFFFFF, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 9007199254740992.0
        c1 = self._c + 1
        c2 = self._c = c1 + 1
        # u1 = _mix(h + n + 1), u2 = _mix(h + n + 2) (as in `_u`), written out
        x = c1 & mask
        x = ((x ^ (x >> 30)) * m1) & mask
        x = ((x ^ (x >> 27)) * m2) & mask
        u1 = ((x ^ (x >> 31)) >> 11) / two53 or 1.0 / two53
        x = c2 & mask
        x = ((x ^ (x >> 30)) * m1) & mask
        x = ((x ^ (x >> 27)) * m2) & mask
        u2 = ((x ^ (x >> 31)) >> 11) / two53
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(_TWO_PI * u2)


@cython.cfunc
@cython.locals(h=cython.ulonglong, s=Stream, gamma=cython.ulonglong)
def _stream(h) -> Stream:
    """`Stream(h)` in C (no Python call of the type with an int argument)."""
    gamma = 0x9E3779B97F4A7C15
    s = Stream.__new__(Stream)
    s._c = h + gamma  # (no draw taken yet, as Stream.__init__)
    return s


@cython.cclass
class Draws:
    """`size` uniforms of a stream, from its counter `first` on, each computed when it is
    read: a draw is a function of its counter alone, so a decision that reads only some of
    the draws it took (an amendment's draws for paragraphs it has no objection to) gets the
    same numbers, in less time. (`_c` is the stream's sum h + first + SplitMix64's increment,
    as `Stream._c`: the k-th draw is one addition away.) A Sequence (registered below)."""

    __slots__ = ("_c", "_size")
    # (compiled: `_c` a C uint64 and `_size` a C Py_ssize_t, game/dice.pxd)

    @cython.locals(c=cython.ulonglong, size=cython.Py_ssize_t)
    def __init__(self, c: int, size: int):
        self._c, self._size = c, size

    def __len__(self) -> int:
        return self._size

    @cython.locals(i=cython.Py_ssize_t, x=cython.ulonglong, mask=cython.ulonglong, m1=cython.ulonglong,
                   m2=cython.ulonglong, two53=cython.double)
    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(self._size))]
        i = k if type(k) is int else operator.index(k)  # (of either sign: in C when compiled)
        if i < 0:
            i += self._size
        if not 0 <= i < self._size:
            raise IndexError("draw index out of range")
        # _mix(h + first + k), written out
        # (_MASK, the multipliers and _TWO53 as literals: C constants when compiled)
        mask, m1, m2, two53 = 0xFFFFFFFFFFFFFFFF, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 9007199254740992.0
        x = (self._c + i) & mask
        x = ((x ^ (x >> 30)) * m1) & mask
        x = ((x ^ (x >> 27)) * m2) & mask
        return ((x ^ (x >> 31)) >> 11) / two53


Sequence.register(Draws)


def floats(values) -> Sequence[float]:
    """Python floats, indexable, from a Stream's draws or a numpy array (a numpy Generator
    passed by a caller outside the session, e.g. a scripted player)."""
    if type(values) is Draws:
        return values
    return values.tolist() if hasattr(values, "tolist") else values
