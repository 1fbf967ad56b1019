"""The feed's orders, newest first, and the sorted-list operations on them.

An order is one key: (published_ns, id) descending, or (found_ns, id) descending for
"found" (when Mention found each mention). A row's key never changes once held, so its
place in a list sorted by the key is found by bisection, O(log n), never by a scan: the
feed model (core/feed_model.py) keeps its rows' order as arrays of its table's slots,
and finds and merges them only through `SlotOrder`.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from operator import attrgetter
from typing import Any, TypeAlias

from triage_tui.core.row_table import RowTable
from triage_tui.core.rows import FeedRow

Key = tuple[int, int]
Slots: TypeAlias = "array[int]"  # of "I": slots of a RowTable, in an order
KeyOf = Callable[[FeedRow], Key]


def sort_key(row: FeedRow) -> Key:
    """Ascending in this key is newest first (ties: the larger id first)."""
    return (-row.published_ns, -row.id)


def found_key(row: FeedRow) -> Key:
    """The "found" order's key: newest found first (ties: the larger id first)."""
    return (-row.found_ns, -row.id)


#: The model's orders: the name the user sees, its key, and the time field it orders by.
ORDERS: tuple[str, ...] = ("published", "found")
ORDER_KEYS: dict[str, KeyOf] = {"published": sort_key, "found": found_key}
ORDER_TIME: dict[str, str] = {"published": "published_ns", "found": "found_ns"}

#: Sorting rows newest first (reversed): attrgetter builds the key in C.
NEWEST = attrgetter("published_ns", "id")


def sort_newest_first(rows: list[FeedRow], by: Callable[[FeedRow], Any] = NEWEST) -> None:
    rows.sort(key=by, reverse=True)


#: A merge of more new slots than this (and more than a quarter of the list) is one sort.
SORT_FROM = 1000


class SlotOrder:
    """An order of a `RowTable`'s slots (core/row_table.py): sorted arrays of slots,
    newest first by `time` ("published_ns" or "found_ns"), then by id. A slot's key
    never changes, so a slot is found by bisection, never by a scan."""

    def __init__(self, table: RowTable, time: str) -> None:
        self._table = table
        self.time = time

    def key(self) -> Callable[[int], Key]:
        """A slot's key: ascending in it is newest first."""
        time, ids = self._table.whole(self.time), self._table.whole("id")
        return lambda slot: (-time[slot], -ids[slot])

    def sorted(self, slots: Iterable[int]) -> Sequence[int]:
        """Slots newest first: two sorts keyed in C (by id, then stably by time); a range
        of slots already in order (rows added newest first) as it is."""
        if isinstance(slots, range) and slots.step == 1 and self._in_order(slots):
            return slots
        table = self._table
        ordered = sorted(slots, key=table.whole("id").__getitem__, reverse=True)
        ordered.sort(key=table.whole(self.time).__getitem__, reverse=True)
        return ordered

    def _in_order(self, slots: range) -> bool:
        """Whether consecutive slots are newest first already (checked in C passes)."""
        cut = slice(slots.start, slots.stop)
        times = list(self._table.whole(self.time)[cut])
        if times != sorted(times, reverse=True):
            return False
        if len(set(times)) == len(times):  # no two at one time: the ids never decide
            return True
        keys = list(zip(times, self._table.whole("id")[cut], strict=True))
        return keys == sorted(keys, reverse=True)

    def find(self, slots: Slots, slot: int) -> int:
        """The index in `slots` (sorted) of the row of `slot`'s mention, or -1."""
        key = self.key()
        index = bisect_left(slots, key(slot), key=key)
        ids = self._table.whole("id")
        if index < len(slots) and ids[slots[index]] == ids[slot]:
            return index
        return -1

    def merge(
        self, into: Slots, fresh: Sequence[int], *, sort_many: bool = False
    ) -> tuple[Slots, tuple[int, ...]]:
        """`fresh` (sorted, none in `into`) into `into` (sorted): the merged array (`into`
        itself unless many are merged) and their indexes in it. O(n + k log n), in C
        slices; with `sort_many`, many slots are merged by one sort in C instead (a
        start's rows in the found order: a bisection each for a million took ~5 s)."""
        if not fresh:
            return into, ()
        key = self.key()
        count = len(fresh)
        if not into or key(fresh[-1]) < key(into[0]):
            into[:0] = array("I", fresh)
            return into, tuple(range(count))
        if key(fresh[0]) > key(into[-1]):
            start = len(into)
            into.extend(fresh)
            return into, tuple(range(start, start + count))
        if sort_many and count > SORT_FROM and count * 4 > len(into):
            merged = array("I", self.sorted([*into, *fresh]))
            new = set(fresh)
            return merged, tuple(compress(range(len(merged)), map(new.__contains__, merged)))
        if count == 1:
            place = bisect_right(into, key(fresh[0]), key=key)
            into.insert(place, fresh[0])
            return into, (place,)
        merged = array("I")
        places: list[int] = []
        last = 0
        for slot in fresh:
            place = bisect_right(into, key(slot), lo=last, key=key)
            merged.extend(into[last:place])
            places.append(len(merged))
            merged.append(slot)
            last = place
        merged.extend(into[last:])
        return merged, tuple(places)
