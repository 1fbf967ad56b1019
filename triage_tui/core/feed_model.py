"""The feed's rows, newest first: the one place they are ordered, indexed and counted.

Writes go only through `insert`, `change` and `set_view`; each returns a `Delta`
(core/feed_delta.py) saying what happened to the visible list, so a view can keep its
cursor on its mention and repaint only what moved. The order is one key, (published_ns,
id) descending, or with `set_order("found")` (found_ns, id) descending: when Mention
found each mention. A row's key never changes once held (curation changes other
fields), so a row's place is found by bisection, O(log n), never by a scan (the orders
and the sorted-list operations: core/feed_order.py).

A *deferred* model (the Session's, once the feed widget shows it) takes every write into
its held rows at once, where curation, the store and the stream see them, but changes the
visible list only when the view asks: `show_new` places the rows inserted since,
`show_changes` the rows changed since. The screen owns the timing (arrivals are paced,
and nothing moves under the cursor between two frames); the model still owns the rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, KeysView, Mapping, Sequence
from itertools import compress, filterfalse
from operator import attrgetter, not_
from typing import Any

from triage_tui.core.columns import (
    HeldColumns,
    ListColumns,
    MaskOf,
    Predicate,
    mask_and,
    mask_of,
    mask_or,
)
from triage_tui.core.feed_delta import Delta
from triage_tui.core.feed_order import (
    NEWEST,
    ORDER_KEYS,
    ORDER_SORTS,
    ORDERS,
    KeyOf,
    find_row,
    merge_rows,
    sort_key,
    sort_newest_first,
    worth_one_sort,
)
from triage_tui.core.rows import FeedRow

_ID = attrgetter("id")
_READ = attrgetter("read")


def _count_unread(rows: Iterable[FeedRow]) -> int:
    return sum(1 for _ in filterfalse(_READ, rows))


#: `show_new` builds the view again from the columns (`_place_most`) when more than this
#: share of the rows held are new to it, instead of sorting and merging them.
REBUILD_AT = 0.5


class _AllHeld:
    """The rows waiting to be placed when they are every row held (a start's cached
    rows): the id map itself, not a copy of a million keys (0.3-0.4 s and ~40 MB)."""

    __slots__ = ("_by_id",)

    def __init__(self, by_id: dict[int, FeedRow]) -> None:
        self._by_id = by_id

    def __contains__(self, mention_id: object) -> bool:
        return mention_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[int]:
        return iter(self._by_id)


class FeedModel:
    def __init__(self, predicate: Predicate | None = None, *, deferred: bool = False) -> None:
        self._rows: list[FeedRow] = []  # every row held, newest first
        self._by_id: dict[int, FeedRow] = {}
        self._predicate = predicate
        self._visible: list[FeedRow] = []  # the rows the view keeps, newest first
        # Visible and unread: a count, kept in step by each write (a set of the ids took
        # ~64 MB and ~0.1 s at 1,000,000 rows); None: counted again when next asked.
        self._unread: int | None = 0
        self._deferred = deferred
        # Held, not yet placed in the view (in order); `_in_order`: they were inserted in
        # one batch (sorted by `insert`) and none has moved since, so `show_new` need not
        # sort them again (a start's parts: ~0.1 s over a million rows).
        self._unplaced: dict[int, None] | _AllHeld = {}
        self._in_order = True
        # id -> the row as the view still places it, and whether it was read then (the
        # row may since have been changed in place: the count needs what it counted).
        self._changed: dict[int, tuple[FeedRow, bool]] = {}
        self._kept: set[int] = set()  # shown though they no longer match (see show_changes)
        # The held rows' fields a view asks for, in the order of _rows, kept in step by
        # every write: a view is built from these (core/columns.py), never from a pass
        # over a million row objects.
        self._columns = HeldColumns(lambda: self._rows)
        self._order = "published"
        self._key: KeyOf = sort_key  # the order's key (see `set_order`)
        self._sort: Callable[[FeedRow], Any] = NEWEST  # the same, to sort by (reversed)

    @property
    def order(self) -> str:
        """ "published" or "found": the time field the rows are ordered by (ORDERS)."""
        return self._order

    @property
    def sort_key(self) -> KeyOf:
        """The current order's key: ascending in it is the model's order."""
        return self._key

    def set_order(self, order: str) -> Delta:
        """Order the rows by another time ("published" or "found"): every row held is
        sorted again, its columns follow (built again when next asked), and the view is
        built again (a reset: place the cursor again by id)."""
        if order not in ORDER_KEYS:
            raise ValueError(f"unknown order {order!r}: one of {', '.join(ORDERS)}")
        if order == self._order:
            return Delta(len(self._visible))
        self._order, self._key, self._sort = order, ORDER_KEYS[order], ORDER_SORTS[order]
        sort_newest_first(self._rows, self._sort)
        self._columns.clear()  # positional, in the order of _rows
        return self.set_view(self._predicate)

    # ---- reads --------------------------------------------------------------------------

    @property
    def predicate(self) -> Predicate | None:
        return self._predicate

    @property
    def visible(self) -> Sequence[FeedRow]:
        """The visible rows, newest first (the model's own list: read, never change)."""
        return self._visible

    @property
    def total(self) -> int:
        return len(self._rows)

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    @property
    def unread_visible(self) -> int:
        if self._unread is None:
            self._unread = _count_unread(self._visible)
        return self._unread

    @property
    def deferred(self) -> bool:
        return self._deferred

    def defer(self) -> None:
        """From now on the view changes only through `show_new` and `show_changes`."""
        self._deferred = True

    @property
    def waiting(self) -> int:
        """Rows held but not yet placed in the view."""
        return len(self._unplaced)

    def rows(self) -> list[FeedRow]:
        """Every row held, newest first (a copy)."""
        return list(self._rows)

    def row(self, mention_id: int) -> FeedRow | None:
        return self._by_id.get(mention_id)

    def ids(self) -> KeysView[int]:
        """The ids held (a live view: `in` is a dict lookup, in C)."""
        return self._by_id.keys()

    def __contains__(self, mention_id: object) -> bool:
        return mention_id in self._by_id

    def __len__(self) -> int:
        return len(self._rows)

    def count_by(self, field: str, mask_of: MaskOf) -> Counter[Any]:
        """How many held rows of each `field` value the whole-list test `mask_of` picks,
        from the columns (the stats' per-alert counts at 1,000,000 rows: ~30 ms)."""
        return self._columns.count(field, mask_of(self._columns))

    def keeps(self, row: FeedRow) -> bool:
        return self._predicate is None or self._predicate(row)

    def index(self, mention_id: int) -> int | None:
        """The visible index of a mention, None when it is not shown. O(log n)."""
        row = self._by_id.get(mention_id)
        if row is None:
            return None
        index = find_row(self._visible, row, self._key)
        return None if index < 0 else index

    def position(self, mention_id: int) -> int | None:
        """The index among every row held. O(log n)."""
        row = self._by_id.get(mention_id)
        return None if row is None else find_row(self._rows, row, self._key)

    # ---- writes -------------------------------------------------------------------------

    def insert(self, rows: Iterable[FeedRow]) -> Delta:
        """New rows take their place; an id already held is skipped (a replay is never
        shown twice: refreshing a held row is a `change`)."""
        fresh = self._take(rows)
        if not fresh:
            return Delta(len(self._visible))
        sort_newest_first(fresh, self._sort)
        if worth_one_sort(fresh, self._rows, self._key):  # one sort; the columns built when asked
            self._rows += fresh
            sort_newest_first(self._rows, self._sort)
            self._columns.clear()
        else:
            self._rows, places = merge_rows(self._rows, fresh, self._key, self._sort)
            self._columns.inserted(places, fresh)
        if self._deferred:
            if len(fresh) == len(self._rows):  # every row held is new (a start)
                self._unplaced = _AllHeld(self._by_id)
            else:
                if not self._unplaced:
                    self._unplaced, self._in_order = dict.fromkeys(map(_ID, fresh)), True
                else:
                    if isinstance(self._unplaced, _AllHeld):
                        self._unplaced = dict.fromkeys(self._unplaced)
                    self._unplaced.update(dict.fromkeys(map(_ID, fresh)))
                    self._in_order = False
            return Delta(len(self._visible))
        return self._place(fresh)

    def _take(self, rows: Iterable[FeedRow]) -> list[FeedRow]:
        """The rows not held yet (the first of an id), now held by id."""
        rows = list(rows)
        by_id = self._by_id
        ids = list(map(_ID, rows))
        if by_id.keys().isdisjoint(ids):  # a start's cached rows: one pass in C
            new = dict(zip(ids, rows, strict=True))
            if len(new) == len(rows):  # no id twice
                if by_id:
                    by_id.update(new)
                else:
                    self._by_id = new
                return rows
        fresh: list[FeedRow] = []
        for row in rows:
            if row.id not in by_id:
                by_id[row.id] = row
                fresh.append(row)
        return fresh

    def _filter(self, rows: list[FeedRow]) -> list[FeedRow]:
        keep = self._predicate
        if keep is None:
            return rows
        return list(compress(rows, mask_of(keep)(ListColumns(rows))))

    def _count(self, change: int) -> None:
        if self._unread is not None:
            self._unread += change

    def _place(self, fresh: list[FeedRow]) -> Delta:
        """Sorted rows, new to the view, into it."""
        shown = self._filter(fresh)
        self._visible, places = merge_rows(self._visible, shown, self._key, self._sort)
        self._count(_count_unread(shown))
        return Delta(len(self._visible), inserted=places)

    def change(self, mention_id: int, update: Mapping[str, Any] | FeedRow | None = None) -> Delta:
        """A held row changed: `update` is the new values of some of its fields (its
        version is bumped), a new row for the same id, or None when the row object was
        already changed in place (by the owner of a shared row). The row may enter or
        leave the view; nothing else moves."""
        old = self._by_id.get(mention_id)
        if old is None:
            return Delta(len(self._visible))
        was_read = old.read  # as the view counted it, unless its owner changed it (None)
        if update is None:
            self._unread = None
        new = old
        if isinstance(update, FeedRow):
            new = update
        elif update:
            if "id" in update or "published_ns" in update or "found_ns" in update:
                raise ValueError("a held row's sort key never changes")
            for name, value in update.items():
                setattr(old, name, value)
            old.version += 1
        if new is not old:
            self._by_id[mention_id] = new
            key = self._key
            position = find_row(self._rows, old, key)
            if key(new) == key(old):
                self._rows[position] = new
                self._columns.changed(position, new)
            else:  # a new copy with another date: it moves
                self._in_order = False  # among the rows waiting to be placed, too
                del self._rows[position]
                self._columns.removed(position)
                self._rows, places = merge_rows(self._rows, [new], key)
                self._columns.inserted(places, [new])
        elif self._columns:  # changed in place: by `update`, or by its owner (None)
            fields = update if isinstance(update, Mapping) else None
            self._columns.changed(find_row(self._rows, new, self._key), new, fields)
        if mention_id in self._unplaced:
            return Delta(len(self._visible))  # placed later as it is then
        if self._deferred:
            self._changed.setdefault(mention_id, (old, was_read))
            return Delta(len(self._visible))
        return self._replace(old, new, was_read)

    def _replace(self, old: FeedRow, new: FeedRow, was_read: bool, *, stay: bool = False) -> Delta:
        """The view's `old` row (placed by its key, counted as `was_read`) is now `new`:
        it changes in place, leaves, enters or moves. `stay`: if it is shown, it stays in
        place even if it no longer matches the view (until `release`)."""
        mention_id = new.id
        key = self._key
        before = find_row(self._visible, old, key)
        keep = self.keeps(new)
        self._kept.discard(mention_id)
        if not keep and stay and before >= 0 and key(new) == key(old):
            keep = True
            self._kept.add(mention_id)
        self._count((keep and not new.read) - (before >= 0 and not was_read))
        if before >= 0 and keep and key(new) == key(old):
            self._visible[before] = new
            return Delta(len(self._visible), changed=(before,))
        removed: tuple[int, ...] = ()
        if before >= 0:
            del self._visible[before]
            removed = (before,)
        inserted: tuple[int, ...] = ()
        if keep:
            self._visible, inserted = merge_rows(self._visible, [new], key)
        return Delta(len(self._visible), inserted=inserted, removed=removed)

    def show_new(self) -> tuple[Delta, list[FeedRow]]:
        """The rows inserted since the last call into the view (deferred): the delta and
        the rows, newest first."""
        if not self._unplaced:
            return Delta(len(self._visible)), []
        if len(self._unplaced) == len(self._rows):  # all of them (a start): in order
            fresh = self._rows[:]
        elif len(self._unplaced) > len(self._rows) * REBUILD_AT and not self._moved():
            return self._place_most()
        else:
            fresh = [self._by_id[i] for i in self._unplaced]
            if not self._in_order:
                sort_newest_first(fresh, self._sort)
        self._unplaced = {}
        return self._place(fresh), fresh

    def _moved(self) -> bool:
        """Whether a change waiting to be shown moved its row (a new copy, another date):
        the view still holds it where it was."""
        key = self._key
        return any(key(self._by_id[i]) != key(old) for i, (old, _) in self._changed.items())

    def _place_most(self) -> tuple[Delta, list[FeedRow]]:
        """`show_new` when most rows held are new to the view (a start in the found
        order: the rest of a million rows after the first screenful). The view is built
        again from the held rows' columns, what it showed and the new rows it keeps, in
        C-level passes: sorting most of the rows and merging them held the event loop
        for 2-5 s at 1,000,000."""
        columns, unplaced = self._columns, self._unplaced
        ids = columns.values("id")
        new = bytes(map(unplaced.__contains__, ids))
        shown = set(map(_ID, self._visible))
        keep = new if self._predicate is None else mask_and(new, mask_of(self._predicate)(columns))
        self._visible = list(
            compress(self._rows, mask_or(bytes(map(shown.__contains__, ids)), keep))
        )
        self._count(mask_and(keep, columns.where("read", not_)).count(1))
        places = compress(
            range(len(self._visible)), map(unplaced.__contains__, map(_ID, self._visible))
        )
        fresh = list(compress(self._rows, new))
        self._unplaced = {}
        return Delta(len(self._visible), inserted=tuple(places)), fresh

    def show_changes(self, keep: int | None = None) -> list[Delta]:
        """The rows changed since the last call onto the view (deferred), one delta per
        row that changed, each relative to the list the one before it left. `keep`: the
        mention under the cursor, which stays where it is even if it no longer matches
        the view (a teammate archived it while the user reads it) until `release`."""
        changed, self._changed = self._changed, {}
        deltas = []
        for mention_id, (old, was_read) in changed.items():
            new = self._by_id[mention_id]
            delta = self._replace(old, new, was_read, stay=mention_id == keep)
            if delta:
                deltas.append(delta)
        return deltas

    def kept(self, mention_id: int) -> bool:
        """Whether the mention is shown only because `show_changes` was told to keep it."""
        return mention_id in self._kept

    def release(self, mention_id: int) -> Delta:
        """A kept mention is held to the view's filter again: it leaves if it no longer
        matches."""
        if mention_id not in self._kept:
            return Delta(len(self._visible))
        self._kept.discard(mention_id)
        row = self._by_id[mention_id]
        if self.keeps(row):
            return Delta(len(self._visible))
        index = find_row(self._visible, row, self._key)
        if index < 0:
            return Delta(len(self._visible))
        del self._visible[index]
        pending = self._changed.get(mention_id)
        self._count(-(not (row.read if pending is None else pending[1])))
        return Delta(len(self._visible), removed=(index,))

    def set_view(self, predicate: Predicate | None) -> Delta:
        """Another filter: the visible list is built again. A predicate with a whole-list
        form (`hits`: a Query's bound `matches`, the screen's views) builds it from the
        model's columns in C-level passes, one per term (a million rows: tens of ms where
        one Python call per row took ~2 s)."""
        self._predicate = predicate
        self._unplaced = {}  # everything held is placed now
        self._changed = {}
        self._kept = set()
        columns = self._columns
        unread = columns.where("read", not_)
        if predicate is None:
            self._visible = self._rows[:]
        else:
            kept = mask_of(predicate)(columns)
            self._visible = list(compress(self._rows, kept))
            unread = mask_and(kept, unread)
        self._unread = unread.count(1)
        return Delta(len(self._visible), reset=True)
