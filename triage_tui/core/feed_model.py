"""The feed's rows, newest first: the one place they are ordered, indexed and counted.

Writes go only through `insert`, `change` and `set_view`; each returns a `Delta`
(core/feed_delta.py) saying what happened to the visible list, so a view can keep its
cursor on its mention and repaint only what moved. The order is one key, (published_ns,
id) descending, or with `set_order("found")` (found_ns, id) descending: when Mention
found each mention. A row's key never changes once held (curation changes other
fields), so a row's place is found by bisection, O(log n), never by a scan (the orders
and the sorted-list operations: core/feed_order.py).

The rows are held column-wise (core/row_table.py: a slot a row), and the order and the
view are arrays of slots: a million rows cost no million objects, and a view is built
from the columns in C-level passes. A `FeedRow` is made only for a row that is read.

A *deferred* model (the Session's, once the feed widget shows it) takes every write into
its held rows at once, where curation, the store and the stream see them, but changes the
visible list only when the view asks: `show_new` places the rows inserted since,
`show_changes` the rows changed since. The screen owns the timing (arrivals are paced,
and nothing moves under the cursor between two frames); the model still owns the rows.
"""

from __future__ import annotations

from array import array
from collections import Counter, deque
from collections.abc import Iterable, KeysView, Mapping, Sequence
from itertools import compress, repeat
from operator import not_
from typing import Any

from triage_tui.core.columns import HeldColumns, MaskOf, Predicate, SlotColumns, TableRows, mask_of
from triage_tui.core.feed_delta import Delta
from triage_tui.core.feed_order import (
    ORDER_KEYS,
    ORDER_TIME,
    ORDERS,
    KeyOf,
    SlotOrder,
    Slots,
    sort_key,
)
from triage_tui.core.feed_waiting import Waiting
from triage_tui.core.masks import gather, mask_and, mask_or, pick
from triage_tui.core.row_table import KEY_FIELDS, Batch, RowTable
from triage_tui.core.rows import FeedRow

#: `show_new` builds the view again from the columns (`_place_most`) when more than this
#: share of the rows held are new to it, instead of sorting and merging them.
REBUILD_AT = 0.5
_UNREAD = bytes(0 if byte & 1 else 1 for byte in range(256))  # by the flags byte


class FeedModel:
    def __init__(self, predicate: Predicate | None = None, *, deferred: bool = False) -> None:
        self._table = RowTable()  # every row held, by slot
        self._held: Slots = array("I")  # the live slots, newest first
        self._shown: Slots = array("I")  # the slots the view keeps, newest first
        self._predicate = predicate
        # Visible and unread: a count, kept in step by each write; None: counted again
        # when next asked.
        self._unread: int | None = 0
        self._deferred = deferred
        # Held, not yet placed in the view: one run of slots inserted in one batch (sorted
        # by `insert`) need not be sorted again by `show_new` (a start's parts).
        self._waiting = Waiting()
        # id -> the slot the view still places it by, and whether it was read then (the
        # slot may since have been changed: the count needs what it counted).
        self._changed: dict[int, tuple[int, bool]] = {}
        self._kept: set[int] = set()  # shown though they no longer match (see show_changes)
        # The held rows' fields a view asks for, in the order of _held, kept in step by
        # every write: a view is built from these (core/columns.py).
        self._columns = HeldColumns(self._table, lambda: self._held)
        self._order = "published"
        self._key: KeyOf = sort_key  # the order's key, of a row (see `set_order`)
        self._by = SlotOrder(self._table, ORDER_TIME["published"])  # the same, of a slot

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
        sorted again and the view is built again (a reset: place the cursor again by
        id)."""
        if order not in ORDER_KEYS:
            raise ValueError(f"unknown order {order!r}: one of {', '.join(ORDERS)}")
        if order == self._order:
            return Delta(len(self._shown))
        self._order, self._key = order, ORDER_KEYS[order]
        self._by = SlotOrder(self._table, ORDER_TIME[order])
        self._held = array("I", self._by.sorted(self._held))
        self._columns.clear()  # positional, in the order of _held
        return self.set_view(self._predicate)

    def _unread_among(self, slots: Iterable[int]) -> int:
        flags = self._table.flags
        if isinstance(slots, range) and slots.step == 1:  # a part: a slice, in C
            return flags[slots.start : slots.stop].translate(_UNREAD).count(1)
        return bytes(map(flags.__getitem__, slots)).translate(_UNREAD).count(1)

    # ---- reads --------------------------------------------------------------------------

    @property
    def predicate(self) -> Predicate | None:
        return self._predicate

    @property
    def visible(self) -> Sequence[FeedRow]:
        """The visible rows, newest first (made as they are read)."""
        return TableRows(self._table, self._shown)

    def visible_ids(self, start: int, stop: int) -> list[int]:
        """The ids of the visible rows `start` to `stop` (from the columns)."""
        return list(map(self._table.whole("id").__getitem__, self._shown[start:stop]))

    def unread_ids(self) -> list[int]:
        """The ids of the visible rows not read, newest first (from the columns: no row
        is made)."""
        table, shown = self._table, self._shown
        unread = bytes(map(table.flags.__getitem__, shown)).translate(_UNREAD)
        return list(map(table.whole("id").__getitem__, compress(shown, unread)))

    @property
    def total(self) -> int:
        return len(self._held)

    @property
    def visible_count(self) -> int:
        return len(self._shown)

    @property
    def unread_visible(self) -> int:
        if self._unread is None:
            self._unread = self._unread_among(self._shown)
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
        return len(self._waiting)

    def rows(self, alert_id: int | None = None) -> list[FeedRow]:
        """Every row held (of one alert), newest first: new objects, made now."""
        held: Iterable[int] = self._held
        if alert_id is not None:
            held = compress(self._held, self._columns.where("alert_id", alert_id.__eq__))
        return list(self._table.rows(held))

    def row(self, mention_id: int) -> FeedRow | None:
        slot = self._table.slot_of.get(mention_id)
        return None if slot is None else self._table.row(slot)

    def ids(self) -> KeysView[int]:
        """The ids held (a live view: `in` is a dict lookup, in C)."""
        return self._table.slot_of.keys()

    def __contains__(self, mention_id: object) -> bool:
        return mention_id in self._table.slot_of

    def __len__(self) -> int:
        return len(self._held)

    def count_by(self, field: str, mask_of: MaskOf) -> Counter[Any]:
        """How many held rows of each `field` value the whole-list test `mask_of` picks,
        from the columns (the stats' per-alert counts at 1,000,000 rows: ~30 ms)."""
        return self._columns.count(field, mask_of(self._columns))

    def holds_any(self, mask_of: MaskOf) -> bool:
        """Whether any row held passes the whole-list test `mask_of` (in C)."""
        return 1 in mask_of(self._columns)

    def keeps(self, row: FeedRow) -> bool:
        return self._predicate is None or self._predicate(row)

    def index(self, mention_id: int) -> int | None:
        """The visible index of a mention, None when it is not shown. O(log n)."""
        slot = self._table.slot_of.get(mention_id)
        if slot is None:
            return None
        index = self._by.find(self._shown, slot)
        return None if index < 0 else index

    def position(self, mention_id: int) -> int | None:
        """The index among every row held. O(log n)."""
        slot = self._table.slot_of.get(mention_id)
        return None if slot is None else self._by.find(self._held, slot)

    # ---- writes -------------------------------------------------------------------------

    def insert(self, rows: Iterable[FeedRow]) -> Delta:
        """New rows take their place; an id already held is skipped (a replay is never
        shown twice: refreshing a held row is a `change`). The objects given are the
        rows' objects from now on (while they are kept: core/row_table.py)."""
        fresh, ids = self._new(list(rows))
        if not fresh:
            return Delta(len(self._shown))
        return self._inserted(self._table.add_rows(fresh, ids), ordered=False)

    def insert_batch(self, batch: Batch) -> Delta:
        """`insert` of rows as columns (a start's stored rows): no object made per row."""
        ids = batch.ids
        if not self._table.slot_of.keys().isdisjoint(ids) or len(set(ids)) != len(ids):
            seen = set(self._table.slot_of)
            keep = bytearray()
            for mention_id in ids:
                keep.append(mention_id not in seen)
                seen.add(mention_id)
            batch = batch.kept(bytes(keep))
        if not len(batch):
            return Delta(len(self._shown))
        slots = self._table.add(batch)  # in order when sorted by the model's order
        return self._inserted(slots, ordered=batch.ordered and self._order == "published")

    def _new(self, rows: list[FeedRow]) -> tuple[list[FeedRow], list[int] | None]:
        """The rows not held yet (the first of an id), and their ids when all are."""
        ids = [row.id for row in rows]
        held = self._table.slot_of
        if held.keys().isdisjoint(ids) and len(set(ids)) == len(ids):
            return rows, ids
        seen = set(held)
        fresh: list[FeedRow] = []
        for row in rows:
            if row.id not in seen:
                seen.add(row.id)
                fresh.append(row)
        return fresh, None

    def _inserted(self, slots: range, *, ordered: bool) -> Delta:
        """New slots (`ordered`: already newest first in the model's order) into the
        order, and the view unless deferred."""
        fresh: Sequence[int] = slots if ordered else self._by.sorted(slots)
        self._held, places = self._by.merge(self._held, fresh, sort_many=True)
        self._columns.inserted(places, fresh)
        if self._deferred:
            self._waiting.add(fresh)
            return Delta(len(self._shown))
        return self._place(fresh)

    def _filter(self, slots: Sequence[int]) -> Sequence[int]:
        keep = self._predicate
        if keep is None:
            return slots
        return list(compress(slots, mask_of(keep)(SlotColumns(self._table, slots))))

    def _count(self, change: int) -> None:
        if self._unread is not None:
            self._unread += change

    def _place(self, fresh: Sequence[int]) -> Delta:
        """Sorted slots, new to the view, into it."""
        shown = self._filter(fresh)
        self._shown, places = self._by.merge(self._shown, shown)
        self._count(self._unread_among(shown))
        return Delta(len(self._shown), inserted=places)

    def change(self, mention_id: int, update: Mapping[str, Any] | FeedRow | None = None) -> Delta:
        """A held row changed: `update` is the new values of some of its fields (its
        version is bumped), a new row for the same id, or None when the row object the
        model gave was changed in place by its holder (one of the last rows made, which
        the table keeps: core/row_table.py). The row may enter or leave the view;
        nothing else moves."""
        table = self._table
        slot = table.slot_of.get(mention_id)
        if slot is None:
            return Delta(len(self._shown))
        was_read = bool(table.flags[slot] & 1)  # as the view counted it, unless changed in place
        waiting = slot in self._waiting
        new = slot
        if update is None:
            self._unread = None
            table.sync(slot)
            self._changed_at(slot)
        elif isinstance(update, FeedRow):
            if all(table.value(f, slot) == getattr(update, f) for f in KEY_FIELDS):
                table.overwrite(slot, update)
                self._changed_at(slot)
            else:  # a new copy with another date: it moves
                new = self._renew(slot, update)
                if waiting:
                    self._waiting.add([new])
                    self._waiting.renewed = True
        elif update:
            if not KEY_FIELDS.isdisjoint(update):
                raise ValueError("a held row's sort key never changes")
            table.update(slot, update)
            self._changed_at(slot, update)
        if waiting:
            return Delta(len(self._shown))  # placed later as it is then
        if self._deferred:
            self._changed.setdefault(mention_id, (slot, was_read))
            return Delta(len(self._shown))
        return self._replace(slot, new, was_read)

    def _changed_at(self, slot: int, fields: Iterable[str] | None = None) -> None:
        if self._columns:
            self._columns.changed(self._by.find(self._held, slot), slot, fields)

    def _renew(self, slot: int, row: FeedRow) -> int:
        """A new copy of a held row whose key differs: a new slot, in its new place."""
        position = self._by.find(self._held, slot)
        del self._held[position]
        self._columns.removed(position)
        self._table.retire(slot)
        (new,) = self._table.add_rows([row])
        self._held, places = self._by.merge(self._held, [new])
        self._columns.inserted(places, [new])
        return new

    def _replace(self, old: int, new: int, was_read: bool, *, stay: bool = False) -> Delta:
        """The view's `old` slot (placed by its key, counted as `was_read`) is now the
        row of `new`: it changes in place, leaves, enters or moves. `stay`: if it is
        shown, it stays in place even if it no longer matches the view (until
        `release`)."""
        row = self._table.row(new)
        key = self._by.key()
        before = self._by.find(self._shown, old)
        keep = self.keeps(row)
        same_place = key(new) == key(old)
        self._kept.discard(row.id)
        if not keep and stay and before >= 0 and same_place:
            keep = True
            self._kept.add(row.id)
        self._count((keep and not row.read) - (before >= 0 and not was_read))
        if before >= 0 and keep and same_place:
            self._shown[before] = new
            return Delta(len(self._shown), changed=(before,))
        removed: tuple[int, ...] = ()
        if before >= 0:
            del self._shown[before]
            removed = (before,)
        inserted: tuple[int, ...] = ()
        if keep:
            self._shown, inserted = self._by.merge(self._shown, [new])
        return Delta(len(self._shown), inserted=inserted, removed=removed)

    def show_new(self) -> tuple[Delta, Sequence[FeedRow]]:
        """The rows inserted since the last call into the view (deferred): the delta and
        the rows, newest first."""
        waiting = self._waiting
        if not waiting:
            return Delta(len(self._shown)), []
        fresh: Sequence[int]
        if len(waiting) == len(self._held) and not waiting.renewed:  # all (a start)
            fresh = array("I", self._held)
        elif len(waiting) > len(self._held) * REBUILD_AT and not self._moved():
            return self._place_most()
        elif len(waiting.runs) == 1 and not waiting.renewed:
            fresh = waiting.runs[0]
        else:
            live = self._table.live
            fresh = self._by.sorted(slot for run in waiting.runs for slot in run if live[slot])
        self._waiting = Waiting()
        return self._place(fresh), TableRows(self._table, fresh)

    def _moved(self) -> bool:
        """Whether a change waiting to be shown moved its row (a new copy, another date):
        the view still holds it where it was."""
        key, slot_of = self._by.key(), self._table.slot_of
        return any(key(slot_of[i]) != key(old) for i, (old, _) in self._changed.items())

    def _place_most(self) -> tuple[Delta, Sequence[FeedRow]]:
        """`show_new` when most rows held are new to the view (a start in the found
        order: the rest of a million rows after the first screenful). The view is built
        again from the columns, what it showed and the new rows it keeps, in C-level
        passes: sorting most of the rows and merging them held the event loop for 2-5 s
        at 1,000,000."""
        table, held = self._table, self._held
        slot_of, ids = table.slot_of, table.whole("id")
        waiting = self._waiting.marks(len(table))
        new = gather(waiting, held)  # by position, as the columns
        shown = bytearray(len(table))  # by mention: a row changed since is at its new slot
        mine = map(slot_of.__getitem__, map(ids.__getitem__, self._shown))
        deque(map(shown.__setitem__, mine, repeat(1)), 0)
        keep = new
        if self._predicate is not None:
            keep = mask_and(keep, mask_of(self._predicate)(self._columns))
        both = mask_or(gather(shown, held), keep)
        self._shown = pick(held, both)
        self._count(mask_and(keep, self._columns.where("read", not_)).count(1))
        places = compress(range(len(self._shown)), compress(new, both))
        fresh = pick(held, new)
        self._waiting = Waiting()
        return Delta(len(self._shown), inserted=tuple(places)), TableRows(table, fresh)

    def show_changes(self, keep: int | None = None) -> list[Delta]:
        """The rows changed since the last call onto the view (deferred), one delta per
        row that changed, each relative to the list the one before it left. `keep`: the
        mention under the cursor, which stays where it is even if it no longer matches
        the view (a teammate archived it while the user reads it) until `release`."""
        changed, self._changed = self._changed, {}
        slot_of = self._table.slot_of
        deltas = []
        for mention_id, (old, was_read) in changed.items():
            delta = self._replace(old, slot_of[mention_id], was_read, stay=mention_id == keep)
            if delta:
                deltas.append(delta)
        return deltas

    @property
    def titles_to_index(self) -> int:
        """How many titles `index_titles` has not reached yet."""
        return len(self._table) - self._table.title_index.indexed

    def index_titles(self) -> int:
        """Index the titles held for the bare word (core/title_index.py), those not yet
        indexed: ~1-2 µs a title, in numpy, safe to run in a thread while the model is
        used. How many were indexed."""
        return self._table.title_index.extend()

    def kept(self, mention_id: int) -> bool:
        """Whether the mention is shown only because `show_changes` was told to keep it."""
        return mention_id in self._kept

    def release(self, mention_id: int) -> Delta:
        """A kept mention is held to the view's filter again: it leaves if it no longer
        matches."""
        if mention_id not in self._kept:
            return Delta(len(self._shown))
        self._kept.discard(mention_id)
        slot = self._table.slot_of[mention_id]
        row = self._table.row(slot)
        if self.keeps(row):
            return Delta(len(self._shown))
        index = self._by.find(self._shown, slot)
        if index < 0:
            return Delta(len(self._shown))
        del self._shown[index]
        pending = self._changed.get(mention_id)
        self._count(-(not (row.read if pending is None else pending[1])))
        return Delta(len(self._shown), removed=(index,))

    def set_view(self, predicate: Predicate | None) -> Delta:
        """Another filter: the visible list is built again. A predicate with a whole-list
        form (`hits`: a Query's bound `matches`, the screen's views) builds it from the
        model's columns in C-level passes, one per term (a million rows: tens of ms where
        one Python call per row took ~2 s)."""
        self._predicate = predicate
        self._waiting = Waiting()  # everything held is placed now
        self._changed = {}
        self._kept = set()
        unread = self._columns.where("read", not_)
        if predicate is None:
            self._shown = array("I", self._held)
        else:
            kept = mask_of(predicate)(self._columns)
            self._shown = pick(self._held, kept)
            unread = mask_and(kept, unread)
        self._unread = unread.count(1)
        return Delta(len(self._shown), reset=True)
