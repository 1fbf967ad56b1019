"""The feed's orders, newest first, and the sorted-list operations on them.

An order is one key: (published_ns, id) descending, or (found_ns, id) descending for
"found" (when Mention found each mention). A row's key never changes once held, so its
place in a list sorted by the key is found by bisection, O(log n), never by a scan: the
feed model (core/feed_model.py) finds and merges rows only through `find_row` and
`merge_rows` (which merges many rows by one sort in C instead: `worth_one_sort`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import compress
from operator import attrgetter
from typing import Any

from triage_tui.core.rows import FeedRow

Key = tuple[int, int]
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

# The same orders for sorting a list: descending in (time, id), ids being unique.
# attrgetter builds the key in C: sorting a million cached rows took ~1 s with sort_key.
NEWEST = attrgetter("published_ns", "id")
ORDER_SORTS: dict[str, Callable[[FeedRow], tuple[int, int]]] = {
    "published": NEWEST,
    "found": attrgetter("found_ns", "id"),
}


def sort_newest_first(rows: list[FeedRow], by: Callable[[FeedRow], Any] = NEWEST) -> None:
    rows.sort(key=by, reverse=True)


def find_row(rows: list[FeedRow], row: FeedRow, key: KeyOf = sort_key) -> int:
    """The index of `row`'s id in `rows` (sorted by `key`), or -1."""
    index = bisect_left(rows, key(row), key=key)
    if index < len(rows) and rows[index].id == row.id:
        return index
    return -1


def merge_rows(
    rows: list[FeedRow],
    fresh: list[FeedRow],
    key: KeyOf = sort_key,
    by: Callable[[FeedRow], Any] | None = None,
) -> tuple[list[FeedRow], tuple[int, ...]]:
    """`fresh` (sorted by `key`, none held) into `rows` (the same): the merged list (`rows`
    itself when the new rows all go at one end) and their indexes in it. O(n + k log n),
    in C slices; with `by` (the same order, as `ORDER_SORTS` gives it), many rows are merged
    by one sort in C instead (a start's cached rows in the found order: 1,000,000 rows
    into the first 500 took a bisection each, ~5 s)."""
    if not fresh:
        return rows, ()
    count = len(fresh)
    if not rows or key(fresh[-1]) < key(rows[0]):
        rows[:0] = fresh
        return rows, tuple(range(count))
    if key(fresh[0]) > key(rows[-1]):
        start = len(rows)
        rows.extend(fresh)
        return rows, tuple(range(start, start + count))
    if by is not None and worth_one_sort(fresh, rows, key):
        return _merge_by_sorting(rows, fresh, by)
    if count == 1:
        place = bisect_right(rows, key(fresh[0]), key=key)
        rows.insert(place, fresh[0])
        return rows, (place,)
    merged: list[FeedRow] = []
    places: list[int] = []
    last = 0
    for row in fresh:
        place = bisect_right(rows, key(row), lo=last, key=key)
        merged.extend(rows[last:place])
        places.append(len(merged))
        merged.append(row)
        last = place
    merged.extend(rows[last:])
    return merged, tuple(places)


def worth_one_sort(fresh: list[FeedRow], rows: list[FeedRow], key: KeyOf) -> bool:
    """Whether `fresh` (sorted, none held) is better merged into `rows` by one sort in C
    than by a bisection per row: many of them, and not all at one end."""
    if len(fresh) <= 1000 or len(fresh) * 4 <= len(rows) or not rows:
        return False
    return key(fresh[-1]) >= key(rows[0]) and key(fresh[0]) <= key(rows[-1])


def _merge_by_sorting(
    rows: list[FeedRow], fresh: list[FeedRow], by: Callable[[FeedRow], Any]
) -> tuple[list[FeedRow], tuple[int, ...]]:
    """`merge_rows` of many rows: one sort in C, then the new rows' places found by object."""
    together = rows + fresh
    sort_newest_first(together, by)
    new = set(map(id, fresh))
    return together, tuple(compress(range(len(together)), map(new.__contains__, map(id, together))))
