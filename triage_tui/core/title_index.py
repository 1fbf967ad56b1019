"""Which titles may hold a word, without reading a million of them: the bare word's index.

Each title (case-folded, UTF-8) gets a 256-bit signature: one bit, picked by a hash, for
each pair of adjacent bytes it holds. A title holding a word holds every pair of the
word's bytes, so its signature has every bit of the word's: testing the signatures
(four 64-bit ANDs a title, in numpy) leaves the titles that may hold the word, and only
those are read (case-folded and searched). The answer is exact; the index only spares
reading the titles that cannot hold the word (a word in 1 title of 8 at 1,000,000:
~40 ms where reading every title took ~150). A word of one letter or digit has no pair:
a fifth 64-bit lane says exactly which of those a title holds (an ASCII byte in UTF-8
is always that character), so such a word reads no indexed title at all.

Building it costs ~1-2 µs a title, about ten times a read, so it is built apart from
any answer (`extend`, from a thread: the work is in numpy and releases the GIL for most
of it), and the titles it has not reached yet are read, as before. numpy is imported where it is
used: a feed model (and so this index) exists before the first frame, numpy need not.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import repeat
from operator import contains
from typing import Any

from triage_tui.core.heap import give_back

#: How many titles `extend` reads at a time (~5 MB of work arrays at ~45 bytes a title).
CHUNK = 4096
#: After indexing this many titles at once, the freed work arrays go back to the system.
TRIM_AFTER = 100_000
_BITS = 256  # of byte pairs, hashed
_LETTERS = b"abcdefghijklmnopqrstuvwxyz0123456789"  # a bit each in the fifth lane
_WIDTH = _BITS // 8 + 8  # bytes a title: four lanes of pairs, one of letters
_SEPARATOR = "\x00"  # in no title (not printable: `one_line` replaces it); see _signatures
_UTF8, _LONE = "utf-8", "surrogatepass"  # a lone surrogate (JSON allows one) as itself


@cache
def _hashes() -> tuple[Any, Any]:
    """The bit of the byte pair (a, b) is first[a] ^ second[b]: fixed (a seed), so an
    index and a word always agree."""
    import numpy as np

    random = np.random.default_rng(0x7171E)
    return (
        random.integers(0, _BITS, 256, dtype=np.uint16),
        random.integers(0, _BITS, 256, dtype=np.uint16),
    )


class TitleIndex:
    """The signatures of `titles` (a list that only grows, indexed by slot), in slot
    order: the first `indexed` of them. `hits` may be asked from one thread while
    `extend` runs in another."""

    def __init__(self, titles: Sequence[str]) -> None:
        self._titles = titles
        # (signatures: an (N, 40) uint8 array with room to grow, how many are filled):
        # replaced as one, so a reader never sees a count its array does not hold.
        self._state: tuple[Any, int] = (None, 0)
        self._extending = threading.Lock()
        # Slots whose title was replaced since it was indexed: read until indexed again
        # (by `hits`, on the thread that changes titles).
        self._stale: set[int] = set()

    @property
    def indexed(self) -> int:
        return self._state[1]

    def extend(self) -> int:
        """Index the titles not indexed yet, a chunk at a time; how many were."""
        import numpy as np

        with self._extending:
            done = 0
            while True:
                signatures, count = self._state
                part = list(self._titles[count : count + CHUNK])
                if not part:
                    if done >= TRIM_AFTER:
                        give_back()  # the chunks' temporaries (see core/heap.py)
                    return done
                if signatures is None or len(signatures) < count + len(part):  # twice as many
                    grown = np.zeros((2 * (count + len(part)), _WIDTH), np.uint8)
                    if count:
                        grown[:count] = signatures[:count]
                    signatures = grown
                signatures[count : count + len(part)] = _signatures(part)
                self._state = (signatures, count + len(part))
                done += len(part)

    def changed(self, slot: int) -> None:
        """The title at `slot` was replaced (whether or not it was indexed yet: a
        thread may be indexing the old one)."""
        self._stale.add(slot)

    def candidates(self, folded: str) -> list[int]:
        """The slots whose title `hits` reads for `folded`: the indexed ones the index
        cannot answer for, those changed since they were indexed, and every one not
        indexed yet."""
        return self._answer(folded)[1]

    def _answer(self, folded: str) -> tuple[Any, list[int]]:
        """The slots certainly holding `folded` (a numpy array) and the slots to read."""
        import numpy as np

        signatures, count = self._state
        size = len(self._titles)
        if not count:
            return np.arange(0), list(range(size))
        sure, maybe = _sure_and_maybe(signatures[:count], folded)
        stale = np.asarray(sorted(slot for slot in self._stale if slot < count), np.int64)
        if len(stale):  # their signatures may describe an older title
            sure = np.setdiff1d(sure, stale, assume_unique=True)
            maybe = np.union1d(maybe, stale)
        return sure, np.concatenate((maybe, np.arange(count, size))).tolist()

    def _index_changed(self) -> None:
        """Index again the titles changed since they were indexed, unless `extend` is
        running (they are read meanwhile)."""
        if not self._stale or not self._extending.acquire(blocking=False):
            return
        try:
            signatures, count = self._state
            slots = sorted(slot for slot in self._stale if slot < count)
            if slots:
                signatures[slots] = _signatures([self._titles[slot] for slot in slots])
            self._stale.difference_update(slots)
        finally:
            self._extending.release()

    def hits(self, folded: str) -> bytearray:
        """A byte a title (1: it holds `folded`, a case-folded word), for every title."""
        import numpy as np

        titles = self._titles
        size = len(titles)
        if not self.indexed:  # every title read: no numpy needed
            return bytearray(holding(titles, folded))
        self._index_changed()
        sure, read = self._answer(folded)
        found = holding(map(titles.__getitem__, read), folded)
        marks = bytearray(size)
        view = np.frombuffer(marks, np.uint8)
        view[sure] = 1
        view[np.asarray(read, np.int64)[np.frombuffer(found, np.bool_)]] = 1
        return marks


def holding(titles: Iterable[str], folded: str) -> bytes:
    """Whether each title, case-folded, holds `folded`: a byte each (C-level maps,
    ~0.15 s a million)."""
    return bytes(map(contains, map(str.casefold, titles), repeat(folded)))


def _pairs(data: Any) -> Any:
    """The bit of each pair of adjacent bytes of `data` (a uint8 array)."""
    import numpy as np

    first, second = _hashes()
    return (first[data[:-1]] ^ second[data[1:]]).astype(np.intp)


def _sure_and_maybe(signatures: Any, folded: str) -> tuple[Any, Any]:
    """Of the slots of `signatures`: those whose title surely holds `folded`, and those
    whose title may (every bit of the word's pairs in its signature)."""
    import numpy as np

    word = np.frombuffer(folded.encode(_UTF8, _LONE), np.uint8)
    lanes = signatures.view("<u8")
    none = np.arange(0)
    if not len(word):  # every title holds the empty word
        return np.arange(len(signatures)), none
    if len(word) == 1:
        letter = _LETTERS.find(bytes(word))
        if letter < 0:  # no pair and no lane of its own: every title is read
            return none, np.arange(len(signatures))
        return np.flatnonzero(lanes[:, 4] & np.uint64(1 << letter)), none
    bits = np.zeros(_BITS, np.bool_)
    bits[_pairs(word)] = True
    keep = np.ones(len(signatures), np.bool_)
    for lane, wanted in enumerate(np.packbits(bits).view("<u8")):
        if wanted:
            keep &= (lanes[:, lane] & wanted) == wanted
    return none, np.flatnonzero(keep)


@cache
def _letter_bits() -> Any:
    """Each byte's bit in the letters' lane (99: none)."""
    import numpy as np

    table = np.full(256, 99, np.intp)
    for bit, byte in enumerate(_LETTERS):
        table[byte] = bit
    return table


@cache
def _lane_order() -> Any:
    """The column (of 64, packed big-endian per byte) of each bit of a little-endian
    uint64: bit k is in byte k // 8, at column 8 * (k // 8) + 7 - k % 8."""
    import numpy as np

    k = np.arange(64)
    return 8 * (k // 8) + 7 - k % 8


def _signatures(titles: list[str]) -> Any:
    """An (N, 40) uint8 array: each title's signature."""
    import numpy as np

    data = np.frombuffer(
        (_SEPARATOR.join(titles) + _SEPARATOR).casefold().encode(_UTF8, _LONE), np.uint8
    )
    ends = np.flatnonzero(data == 0)
    if len(ends) != len(titles):  # a title holds the separator: each one's own length
        ends = np.cumsum([len(t.casefold().encode(_UTF8, _LONE)) + 1 for t in titles]) - 1
    row = np.repeat(np.arange(len(titles)), np.diff(ends, prepend=-1))
    # The pairs inside a title: not those with a separator (at an end) in them.
    within = np.ones(len(data) - 1, np.bool_)
    cut = np.concatenate((ends, ends - 1))
    within[cut[(cut >= 0) & (cut < len(within))]] = False
    bits = np.zeros((len(titles), _BITS + 64), np.bool_)
    bits[row[:-1][within], _pairs(data)[within]] = True
    letter = _letter_bits()[data]  # 0..35 for a letter or digit, else 99
    is_letter = letter < 64
    # packbits puts bit 0 of a byte last: the lane's bit k is column _BITS + 63 - k
    # once the lane's 8 bytes are read as a little-endian uint64 (see `_lane_order`).
    bits[row[is_letter], _BITS + _lane_order()[letter[is_letter]]] = True
    return np.packbits(bits, axis=1)
