"""Whole-list filtering in C: a 0/1 byte per row (a mask) from a list's columns.

A filter over a million rows cannot afford one Python call per row (~1-2 s). The feed
model's rows are columns already (core/row_table.py): `HeldColumns` keeps each field a
view asks for in the model's order, `SlotColumns` reads rows being placed, and
`ListColumns` a plain list of rows. A coded field (folder, source, tone, language,
alert, tags, who...) is a code per row into its list of values: a term calls its test
once per distinct value (`where`'s test) and translates the codes (`bytes.translate`,
~1 ms at 1,000,000, while a field has at most 256 values); the flags are one byte a
row; masks combine as core/masks.py says. A field of as many values as rows (a title)
is tested by map; ids are found through the table's slots.
"""

from __future__ import annotations

import operator
from array import array
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence, Set
from itertools import compress, repeat
from operator import attrgetter
from typing import Any, Protocol, overload

from triage_tui.core import masks
from triage_tui.core.masks import Mask, gather, mask_from
from triage_tui.core.row_table import CODED, FLAGS, WHOLE, RowTable
from triage_tui.core.rows import FeedRow
from triage_tui.core.title_index import holding

#: Fields `ListColumns` never codes (their values are as many as the rows).
UNCODED = frozenset({"id", "title", "who", "published_ns", "found_ns", "version"})
#: How many masks a `HeldColumns` keeps (`kept`): a byte a row each, the last asked.
KEPT_MASKS = 4


Predicate = Callable[[FeedRow], bool]


class Columns(Protocol):
    """A list's rows, one field at a time."""

    def rows(self) -> Sequence[FeedRow]: ...

    def values(self, field: str) -> Iterable[Any]: ...

    def where(self, field: str, test: Callable[[Any], object]) -> Mask:
        """Whether `test` (answering a bool) holds for each row's `field`."""
        ...

    def with_ids(self, ids: Set[int]) -> Mask:
        """Whether each row's id is one of `ids`."""
        ...

    def titles_holding(self, folded: str) -> Mask:
        """Whether each row's title, case-folded, holds `folded`."""
        ...

    def kept(
        self, key: Hashable, fields: frozenset[str], test: Predicate, build: Callable[[], Mask]
    ) -> Mask:
        """`build()`'s mask, which is `test` of each row and depends only on the rows'
        `fields`: a list that stays (the feed model's) may keep it, under `key`, and
        keep it in step with its writes (`test` of a row that arrives or changes)."""
        ...


MaskOf = Callable[[Columns], Mask]


def mask_of(predicate: Predicate) -> MaskOf:
    """A predicate's whole-list form: its `mask`, or that of the object it is a bound
    method of (`Query.matches` -> `Query.mask`); else one call per row."""
    mask = getattr(predicate, "mask", None)
    if mask is None:
        mask = getattr(getattr(predicate, "__self__", None), "mask", None)
    if mask is None:
        return lambda columns: mask_from(map(predicate, columns.rows()))
    return mask


class ListColumns:
    """A plain list's columns: a map per field (rows being placed, a test)."""

    def __init__(self, rows: Sequence[FeedRow]) -> None:
        self._rows = rows

    def rows(self) -> Sequence[FeedRow]:
        return self._rows

    def values(self, field: str) -> Iterable[Any]:
        return map(attrgetter(field), self._rows)

    def where(self, field: str, test: Callable[[Any], object]) -> Mask:
        if field in UNCODED:
            return bytes(map(test, self.values(field)))  # type: ignore[arg-type]
        # A field of few values: `test` once per distinct value, the rest dict lookups
        # in C (a start's parts, each tested by the view as it lands: ~0.1 s at 1,000,000).
        return bytes(map(_Answers(test).__getitem__, self.values(field)))

    def with_ids(self, ids: Set[int]) -> Mask:
        return bytes(map(ids.__contains__, self.values("id")))

    def titles_holding(self, folded: str) -> Mask:
        return holding(self.values("title"), folded)

    def kept(
        self, key: Hashable, fields: frozenset[str], test: Predicate, build: Callable[[], Mask]
    ) -> Mask:
        return build()  # a list placed once: nothing to keep


class _Answers(dict[Any, int]):
    """`test`'s answer (0 or 1) per value, asked once per distinct value."""

    def __init__(self, test: Callable[[Any], object]) -> None:
        super().__init__()
        self._test = test

    def __missing__(self, value: Any) -> int:
        self[value] = answer = 1 if self._test(value) else 0
        return answer


class _Kept:
    """A mask `HeldColumns.kept` keeps: `test` of each row, which reads only `fields`."""

    __slots__ = ("fields", "mask", "test")

    def __init__(self, mask: Mask, test: Predicate, fields: frozenset[str]) -> None:
        self.mask = bytearray(mask)
        self.test = test
        self.fields = fields


def _answers(values: Sequence[Any], test: Callable[[Any], object]) -> bytes:
    """`test`'s answer, 0 or 1, for each of a coded field's distinct values."""
    return bytes(1 if test(value) else 0 for value in values)


def _flag_table(bit: int, test: Callable[[Any], object]) -> bytes:
    """The answer of `test` for each flags byte, by its `bit`."""
    answers = (1 if test(False) else 0, 1 if test(True) else 0)
    return bytes(answers[1 if byte & bit else 0] for byte in range(256))


def _gather(source: Any, slots: Sequence[int]) -> Any:
    """`source`'s values at `slots`, as a container of its kind (a contiguous range of
    slots is one slice, in C)."""
    if isinstance(slots, range) and slots.step == 1:
        return source[slots.start : slots.stop]
    values = map(source.__getitem__, slots)
    if isinstance(source, bytearray):
        return bytearray(values)
    if isinstance(source, array):
        return array(source.typecode, values)
    return list(values)


class HeldColumns:
    """The feed model's columns in the order of its held slots (byte N of a mask is its
    Nth row): gathered from its table (core/row_table.py) when a view first asks for a
    field, then kept in step by every write (`inserted`, `changed`, `removed`). A view
    is then one `compress` of the held slots: no pass through the slots per filter.
    Coded fields keep the table's codes (its list of values is theirs)."""

    def __init__(self, table: RowTable, held: Callable[[], Sequence[int]]) -> None:
        self._table = table
        self._held = held
        self._columns: dict[str, Any] = {}  # "flags", a field: a bytearray, array or list
        self._kept: dict[Hashable, _Kept] = {}  # the last asked last

    def __bool__(self) -> bool:  # any column kept (else a write has nothing to update)
        return bool(self._columns or self._kept)

    def rows(self) -> Sequence[FeedRow]:
        return TableRows(self._table, self._held())

    def _source(self, name: str) -> Any:
        table = self._table
        if name == "flags":
            return table.flags
        if name in CODED:
            return table.coded(name)[1]
        if name in WHOLE:
            return table.whole(name)
        return table.titles if name == "title" else table.versions

    def _column(self, name: str) -> Any:
        column = self._columns.get(name)
        if column is None or type(column) is not type(self._source(name)):
            column = self._columns[name] = _gather(self._source(name), self._held())
        return column

    def values(self, field: str) -> Sequence[Any]:
        if field in FLAGS:
            return list(map(bool, self.where(field, bool)))
        column = self._column(field)
        if field in CODED:
            return list(map(self._table.coded(field)[0].__getitem__, column))
        return column

    def where(self, field: str, test: Callable[[Any], object]) -> Mask:
        if field in FLAGS:
            return bytes(self._column("flags").translate(_flag_table(FLAGS[field], test)))
        if field not in CODED:  # `test` answers a bool: the bytes are made of them
            return bytes(map(test, self._column(field)))  # type: ignore[arg-type]
        column = self._column(field)
        answers = _answers(self._table.coded(field)[0], test)
        if isinstance(column, bytearray):
            return bytes(column.translate(answers.ljust(256, b"\x00")))
        return bytes(map(answers.__getitem__, column))

    def with_ids(self, ids: Set[int]) -> Mask:
        """The ids marked at their slots, then read through the held slots: a lookup per
        id asked (126,000 ids of a million held: ~50 ms where testing each held id
        against the set took ~120)."""
        import numpy as np

        table = self._table
        if len(table) < masks.NUMPY_FROM:  # read at each call: a test may lower it
            return bytes(map(ids.__contains__, self.values("id")))
        marks = bytearray(len(table) + 1)  # the last: the ids not held
        slots = np.fromiter(map(table.slot_of.get, ids, repeat(-1)), np.int64, len(ids))
        np.frombuffer(marks, np.uint8)[slots] = 1
        return gather(marks, self._held())

    def titles_holding(self, folded: str) -> Mask:
        """Once the table's titles are indexed (mostly: the rest are read), the index
        answers, read through the held slots; before, every held title is read."""
        table = self._table
        if table.title_index.indexed < len(table) // 2:
            return holding(self._column("title"), folded)
        return gather(table.title_index.hits(folded), self._held())

    def kept(
        self, key: Hashable, fields: frozenset[str], test: Predicate, build: Callable[[], Mask]
    ) -> Mask:
        """`build()`'s mask, kept under `key` (the last `KEPT_MASKS` asked) and kept in
        step: a row that arrives, or changes in one of `fields`, is tested by `test`.
        What the filter's bare word asks: the same word again (a view switched under
        the filter, the filter applied again) reads a byte a row, tests no title."""
        kept = self._kept.pop(key, None)
        if kept is None or len(kept.mask) != len(self._held()):
            kept = _Kept(build(), test, fields)
            while len(self._kept) >= KEPT_MASKS:
                del self._kept[next(iter(self._kept))]
        self._kept[key] = kept
        return bytes(kept.mask)

    def count(self, field: str, mask: Mask) -> Counter[Any]:
        """How many held rows of each `field` value `mask` picks (a coded field: its
        codes counted in C: ~30 ms at 1,000,000 where a pass over the rows took ~1 s)."""
        if field not in CODED:
            return Counter(compress(self.values(field), mask))
        by_code = Counter(compress(self._column(field), mask))
        values = self._table.coded(field)[0]
        return Counter({values[code]: n for code, n in by_code.items()})

    def clear(self) -> None:
        self._columns.clear()
        self._kept.clear()

    def inserted(self, places: Sequence[int], slots: Sequence[int]) -> None:
        """`slots` took `places` (ascending, final) among the held slots."""
        if not places:
            return
        if places[0] == len(self._held()) - len(slots):  # all at the end (a start's parts)
            for name, column in list(self._columns.items()):
                source = self._source(name)
                if type(column) is type(source):
                    column += _gather(source, slots)
                else:  # the table's column changed kind: gathered again when asked
                    del self._columns[name]
            for kept in self._kept.values():
                kept.mask.extend(map(bool, map(kept.test, self._table.rows(slots))))
            return
        if len(slots) > 256:  # a page into the middle: built again when next asked
            self.clear()
            return
        for name, column in list(self._columns.items()):
            source = self._source(name)
            if type(column) is not type(source):
                del self._columns[name]
                continue
            for place, slot in zip(places, slots, strict=True):
                column.insert(place, source[slot])
        for kept in self._kept.values():
            for place, row in zip(places, self._table.rows(slots), strict=True):
                kept.mask.insert(place, 1 if kept.test(row) else 0)

    def changed(self, position: int, slot: int, fields: Iterable[str] | None = None) -> None:
        """The row at `position` (its slot now `slot`) changed (`fields`, or any)."""
        names = None if fields is None else {"flags" if f in FLAGS else f for f in fields}
        for name, column in list(self._columns.items()):
            if names is not None and name not in names:
                continue
            source = self._source(name)
            if type(column) is type(source):
                column[position] = source[slot]
            else:
                del self._columns[name]
        for kept in self._kept.values():
            if names is None or not kept.fields.isdisjoint(fields or ()):
                kept.mask[position] = 1 if kept.test(self._table.row(slot)) else 0

    def removed(self, position: int) -> None:
        for column in self._columns.values():
            del column[position]
        for kept in self._kept.values():
            del kept.mask[position]


class SlotColumns:
    """The columns of some of a table's slots (rows being placed), in their order: a
    contiguous range of slots (a start's part) is read as slices, in C."""

    def __init__(self, table: RowTable, slots: Sequence[int]) -> None:
        self._table = table
        self._slots = slots
        self._cut: slice | None = None
        if isinstance(slots, range) and slots.step == 1:
            self._cut = slice(slots.start, slots.stop)

    def rows(self) -> Sequence[FeedRow]:
        return TableRows(self._table, self._slots)

    def values(self, field: str) -> Iterable[Any]:
        table, cut = self._table, self._cut
        if field in WHOLE or field in ("title", "version"):
            column: Sequence[Any] = (
                table.whole(field)
                if field in WHOLE
                else table.titles
                if field == "title"
                else table.versions
            )
            return column[cut] if cut is not None else map(column.__getitem__, self._slots)
        return map(self._table.value, repeat(field), self._slots)

    def where(self, field: str, test: Callable[[Any], object]) -> Mask:
        table, cut = self._table, self._cut
        if field in FLAGS:
            flags = (
                table.flags[cut]
                if cut is not None
                else bytes(map(table.flags.__getitem__, self._slots))
            )
            return bytes(flags.translate(_flag_table(FLAGS[field], test)))
        if field not in CODED:
            return bytes(map(test, self.values(field)))  # type: ignore[arg-type]
        values, codes = table.coded(field)
        answers = _answers(values, test)
        if cut is not None and isinstance(codes, bytearray):
            return bytes(codes[cut].translate(answers.ljust(256, b"\x00")))
        picked = codes[cut] if cut is not None else map(codes.__getitem__, self._slots)
        return bytes(map(answers.__getitem__, picked))

    def with_ids(self, ids: Set[int]) -> Mask:
        return bytes(map(ids.__contains__, self.values("id")))

    def titles_holding(self, folded: str) -> Mask:
        return holding(self.values("title"), folded)

    def kept(
        self, key: Hashable, fields: frozenset[str], test: Predicate, build: Callable[[], Mask]
    ) -> Mask:
        return build()  # rows placed once: nothing to keep


class TableRows(Sequence[FeedRow]):
    """Some of a table's slots as rows, made as they are read (kept rows as kept)."""

    __slots__ = ("_slots", "_table")

    def __init__(self, table: RowTable, slots: Sequence[int]) -> None:
        self._table = table
        self._slots = slots

    def __len__(self) -> int:
        return len(self._slots)

    @overload
    def __getitem__(self, index: int) -> FeedRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[FeedRow]: ...

    def __getitem__(self, index: int | slice) -> FeedRow | list[FeedRow]:
        if isinstance(index, slice):  # many, perhaps: made, not kept (kept ones as kept)
            return list(self._table.rows(self._slots[index]))
        return self._table.row(self._slots[index])

    def __iter__(self) -> Iterator[FeedRow]:
        return self._table.rows(self._slots)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(map(operator.eq, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TableRows({list(self)!r})"
