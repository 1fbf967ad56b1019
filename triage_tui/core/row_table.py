"""The feed's rows column by column: a `Batch` of new rows, and the `RowTable` holding
every row the feed model holds, at a slot each.

A million `FeedRow` objects took ~450 bytes and ~1 us each to make at a start. Here each
field is a column indexed by slot: ids and both dates as 64-bit arrays, the three flags
as one byte, each repeated value (alert, source, who, tone, folder, tags, children,
language) as a 32-bit code into one list of values per field, the titles as a list. A
feed snapshot's part (core/feed_snapshot.py) is already these columns: it joins the
table in C-level passes, with no object made per row.

A `FeedRow` is made only when asked for (a line drawn, the mention under a key), and the
last ones made are kept, so the same mention is the same object while it is in use. A
slot is never reused: a new copy of a mention with another date takes a new slot, and
the old one (no longer `live`) still reads, for a view that shows it until told.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import compress, repeat
from operator import add, attrgetter, mul
from typing import Any, TypeAlias

from triage_tui.core.rows import FeedRow
from triage_tui.core.title_index import TitleIndex

#: Fields kept as a code per row into the field's list of distinct values.
CODED = (
    "alert_id",
    "source_type",
    "who",
    "tone",
    "folder",
    "tag_ids",
    "children_count",
    "language",
)
#: Fields kept as 64-bit integers while they fit (the service's ids are text read as
#: numbers: nothing bounds them, so a column past 64 bits becomes a list).
WHOLE = ("id", "published_ns", "found_ns")
#: The flags' bits in the one byte a row.
FLAGS = {"read": 1, "favorite": 2, "trashed": 4}
#: The key of a row's place in the feed: never changed in place.
KEY_FIELDS = frozenset({"id", "published_ns", "found_ns"})
ROW_FIELDS = tuple(f.name for f in fields(FeedRow))
#: Rows made and kept (a screen draws ~50; a key's mention stays the same object).
MADE_KEPT = 4096

Ints: TypeAlias = "array[int] | list[int]"
#: A coded column: a byte a row while the field has at most 256 values (a filter is then
#: one `bytes.translate`), else 32 bits a row.
Codes: TypeAlias = "bytearray | array[int]"
#: A batch's codes: the same, or bytes.
BatchCodes: TypeAlias = "bytes | bytearray | array[int]"


def _ints(values: Iterable[int]) -> Ints:
    values = list(values)
    try:
        return array("q", values)
    except (OverflowError, TypeError):
        return values


#: (read, favorite, trashed) -> the flags byte (bool or int alike: True == 1).
_FLAG_VALUES = attrgetter(*FLAGS)
_FLAG_BYTE = {
    (read, favorite, trashed): read | favorite << 1 | trashed << 2
    for read in (False, True)
    for favorite in (False, True)
    for trashed in (False, True)
}


class _Codes(dict[Any, int]):
    """A field's value -> code, a new value taking the next code (in C: `__getitem__`)."""

    def __init__(self) -> None:
        super().__init__()
        self.distinct: list[Any] = []

    def __missing__(self, value: Any) -> int:
        code = self[value] = len(self.distinct)
        self.distinct.append(value)
        return code


@dataclass
class Batch:
    """Rows as columns (new to the feed, newest first when `ordered`): each coded field
    is its distinct values and a code per row into them."""

    ids: Ints
    published: Ints
    found: Ints
    flags: bytes
    coded: dict[str, tuple[list[Any], BatchCodes]]
    titles: list[str]
    versions: Ints | None = None  # None: every row's is 0
    ordered: bool = True

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of_rows(cls, rows: Sequence[FeedRow], *, ordered: bool = False) -> Batch:
        return cls.of_fields([list(map(attrgetter(f), rows)) for f in ROW_FIELDS], ordered=ordered)

    @classmethod
    def of_fields(cls, columns: Sequence[Sequence[Any]], *, ordered: bool = False) -> Batch:
        """Rows given as one sequence per field, in FeedRow's order (`ROW_FIELDS`)."""
        by_name = dict(zip(ROW_FIELDS, columns, strict=True))
        coded: dict[str, tuple[list[Any], BatchCodes]] = {}
        for field in CODED:
            codes = _Codes()
            coded[field] = (codes.distinct, array("I", map(codes.__getitem__, by_name[field])))
        versions = _ints(by_name["version"])
        read, favorite, trashed = by_name["read"], by_name["favorite"], by_name["trashed"]
        twice, four = map(mul, favorite, repeat(2)), map(mul, trashed, repeat(4))
        return cls(
            ids=_ints(by_name["id"]),
            published=_ints(by_name["published_ns"]),
            found=_ints(by_name["found_ns"]),
            flags=bytes(map(add, map(add, map(bool, read), twice), four)),
            coded=coded,
            titles=list(by_name["title"]),
            versions=versions if any(versions) else None,
            ordered=ordered,
        )

    def kept(self, keep: bytes) -> Batch:
        """The rows `keep` (a byte a row) says, in the same order."""

        def picked(column: Ints) -> Ints:
            kept = list(compress(column, keep))
            return array(column.typecode, kept) if isinstance(column, array) else kept

        return Batch(
            ids=picked(self.ids),
            published=picked(self.published),
            found=picked(self.found),
            flags=bytes(compress(self.flags, keep)),
            coded={f: (v, _picked_codes(c, keep)) for f, (v, c) in self.coded.items()},
            titles=list(compress(self.titles, keep)),
            versions=None if self.versions is None else picked(self.versions),
            ordered=self.ordered,
        )

    def split(self, at: int) -> tuple[Batch, Batch]:
        """The first `at` rows, and the rest."""

        def cut(b: slice) -> Batch:
            return Batch(
                ids=self.ids[b],
                published=self.published[b],
                found=self.found[b],
                flags=self.flags[b],
                coded={f: (v, c[b]) for f, (v, c) in self.coded.items()},
                titles=self.titles[b],
                versions=None if self.versions is None else self.versions[b],
                ordered=self.ordered,
            )

        return cut(slice(None, at)), cut(slice(at, None))

    def rows(self) -> list[FeedRow]:
        """The rows as objects (tests, and a few rows taken one by one)."""
        table = RowTable()
        table.add(self)
        return [table.made(slot) for slot in range(len(table))]


def _picked_codes(codes: BatchCodes, keep: bytes) -> BatchCodes:
    if isinstance(codes, array):
        return array("I", compress(codes, keep))
    return bytes(compress(codes, keep))


class RowTable:
    """Every row the feed holds, by slot (see the module's docstring). The feed model
    owns it: it adds rows and writes fields only through the model."""

    def __init__(self) -> None:
        self._whole: dict[str, Ints] = {field: array("q") for field in WHOLE}
        self.flags = bytearray()
        self.versions: Ints = array("q")
        self.titles: list[str] = []
        self.title_index = TitleIndex(self.titles)  # which titles may hold a bare word
        self._codes = {field: _Codes() for field in CODED}
        self._coded: dict[str, Codes] = {field: bytearray() for field in CODED}
        self.live = bytearray()  # 1: the slot is its mention's current row
        self.slot_of: dict[int, int] = {}  # mention id -> its live slot
        self._made: dict[int, FeedRow] = {}  # slot -> the row made last (MADE_KEPT)

    def __len__(self) -> int:
        return len(self.live)

    # ---- reads ------------------------------------------------------------------------

    def whole(self, field: str) -> Ints:
        """A whole-number column (id, published_ns, found_ns) by slot."""
        return self._whole[field]

    def coded(self, field: str) -> tuple[list[Any], Codes]:
        """A coded field's distinct values and its code per slot."""
        return self._codes[field].distinct, self._coded[field]

    def value(self, field: str, slot: int) -> Any:
        if field in self._coded:
            return self._codes[field].distinct[self._coded[field][slot]]
        if field in FLAGS:
            return bool(self.flags[slot] & FLAGS[field])
        if field in self._whole:
            return self._whole[field][slot]
        if field == "title":
            return self.titles[slot]
        if field == "version":
            return self.versions[slot]
        raise KeyError(field)

    def row(self, slot: int) -> FeedRow:
        """The slot's row: the object made last for it while it is kept, so a mention in
        use stays one object (and a change is seen by whoever holds it)."""
        made = self._made.get(slot)
        if made is None:
            made = self.made(slot)
            self._keep(slot, made)
        return made

    def _keep(self, slot: int, row: FeedRow) -> None:
        """`row` is the slot's object from now on (the first kept let go past MADE_KEPT)."""
        made = self._made
        made.pop(slot, None)
        while len(made) >= MADE_KEPT:
            del made[next(iter(made))]
        made[slot] = row

    def made(self, slot: int) -> FeedRow:
        """A new object of the slot's row, not kept (a pass over many rows)."""
        codes, coded, flags = self._codes, self._coded, self.flags[slot]
        whole = self._whole

        def value(field: str) -> Any:
            return codes[field].distinct[coded[field][slot]]

        return FeedRow(
            whole["id"][slot],
            value("alert_id"),
            whole["published_ns"][slot],
            value("source_type"),
            value("who"),
            self.titles[slot],
            bool(flags & 1),
            bool(flags & 2),
            bool(flags & 4),
            value("tone"),
            value("folder"),
            value("tag_ids"),
            value("children_count"),
            value("language"),
            self.versions[slot],
            whole["found_ns"][slot],
        )

    def rows(self, slots: Iterable[int]) -> Iterator[FeedRow]:
        """The slots' rows: kept ones as kept, others made and not kept."""
        made = self._made
        for slot in slots:
            row = made.get(slot)
            yield self.made(slot) if row is None else row

    # ---- writes -----------------------------------------------------------------------

    def add(self, batch: Batch, rows: Sequence[FeedRow] = ()) -> range:
        """New rows (none of their ids held) at new slots, returned. `rows`: the same
        rows as objects, kept as made (a caller may hold them)."""
        count = len(batch)
        for field, column in zip(WHOLE, (batch.ids, batch.published, batch.found), strict=True):
            self._extend_whole(field, column)
        self.flags += batch.flags
        for field in CODED:
            self._add_codes(field, *batch.coded[field])
        self.titles += batch.titles
        versions = batch.versions
        self._extend_versions(array("q", bytes(8 * count)) if versions is None else versions)
        return self._live(batch.ids, count, rows)

    def add_rows(self, rows: Sequence[FeedRow], ids: list[int] | None = None) -> range:
        """`add` of row objects: each field read straight into its column, no batch in
        between (100,000 rows into a feed: ~0.19 -> ~0.1 s). The objects are kept as
        made when they are few."""
        count = len(rows)
        if ids is None:
            ids = list(map(attrgetter("id"), rows))
        self._extend_whole("id", ids)
        for field in ("published_ns", "found_ns"):
            self._extend_whole(field, map(attrgetter(field), rows), rows)
        self.flags += bytes(map(_FLAG_BYTE.__getitem__, map(_FLAG_VALUES, rows)))
        for field in CODED:
            self._extend_codes(field, rows)
        self.titles += map(attrgetter("title"), rows)
        if any(map(attrgetter("version"), rows)):
            self._extend_versions(list(map(attrgetter("version"), rows)))
        else:  # rows new to the feed: none changed yet
            self._extend_versions(array("q", bytes(8 * count)))
        return self._live(ids, count, rows)

    def _live(self, ids: Iterable[int], count: int, rows: Sequence[FeedRow]) -> range:
        """The `count` rows just written into every column are their mentions' rows, at
        new slots (returned); `rows`, their objects, are kept as made when they are few."""
        start = len(self.live)
        self.live += b"\x01" * count
        slots = range(start, start + count)
        self.slot_of.update(zip(ids, slots, strict=True))
        if rows and len(rows) <= MADE_KEPT // 16:
            for slot, row in zip(slots, rows, strict=True):
                self._keep(slot, row)
        return slots

    def _extend_codes(self, field: str, rows: Sequence[FeedRow]) -> None:
        """The rows' values of a coded field into its column (past 256 values: 32 bits
        a row)."""
        column, codes = self._coded[field], self._codes[field]
        if isinstance(column, bytearray):
            try:
                column += bytes(map(codes.__getitem__, map(attrgetter(field), rows)))
                return
            except ValueError:  # a 257th value: 32 bits a row from now on
                column = self._coded[field] = array("I", iter(column))
        column.extend(map(codes.__getitem__, map(attrgetter(field), rows)))

    def _add_codes(self, field: str, values: list[Any], codes: BatchCodes) -> None:
        """A batch's codes into values of its own, as the table's codes."""
        table_codes = self._codes[field]
        translate = list(map(table_codes.__getitem__, values))
        column = self._coded[field]
        if isinstance(column, bytearray) and len(table_codes.distinct) > 256:
            column = self._coded[field] = array("I", iter(column))
        same = translate == list(range(len(values)))
        if isinstance(column, array):
            column.extend(codes if same else map(translate.__getitem__, codes))
            return
        if isinstance(codes, array):  # every code < 256: the table's are
            codes = array("B", codes).tobytes()
        column += codes if same else codes.translate(bytes(translate).ljust(256, b"\0"))

    def _extend_whole(
        self, field: str, values: Iterable[int], rows: Sequence[FeedRow] = ()
    ) -> None:
        """Values into a whole-number column; `rows`: where they were read from (an
        iterator spent by a failed try is read again from them)."""
        column = self._whole[field]
        before = len(column)
        try:
            column.extend(values)
        except (OverflowError, TypeError):  # past 64 bits: a list from now on
            del column[before:]  # an array takes the values before the one too big
            again = map(attrgetter(field), rows) if rows else values
            self._whole[field] = [*column, *again]

    def _extend_versions(self, values: Ints) -> None:
        try:
            self.versions.extend(values)
        except (OverflowError, TypeError):
            self.versions = [*self.versions[: len(self.live)], *values]

    def update(self, slot: int, values: Mapping[str, Any]) -> None:
        """New values of some of the slot's fields (never its key), its version bumped."""
        for field, value in values.items():
            self._set(slot, field, value)
        self._set(slot, "version", self.versions[slot] + 1)
        made = self._made.get(slot)
        if made is not None:
            for field, value in values.items():
                setattr(made, field, value)
            made.version = self.versions[slot]

    def overwrite(self, slot: int, row: FeedRow) -> None:
        """The slot is now `row` (the same key; `row` is kept as made)."""
        for field in ROW_FIELDS:
            if field not in KEY_FIELDS:
                self._set(slot, field, getattr(row, field))
        self._keep(slot, row)

    def sync(self, slot: int) -> None:
        """The kept row of the slot was changed in place by its holder: its fields into
        the columns."""
        made = self._made.get(slot)
        if made is not None:
            self.overwrite(slot, made)

    def retire(self, slot: int) -> None:
        """The slot is no longer its mention's row (a new copy took another slot)."""
        self.live[slot] = 0
        self._made.pop(slot, None)

    def _set(self, slot: int, field: str, value: Any) -> None:
        if field in self._coded:
            code = self._codes[field][value]
            column = self._coded[field]
            if code > 255 and isinstance(column, bytearray):
                column = self._coded[field] = array("I", iter(column))
            column[slot] = code
        elif field in FLAGS:
            bit = FLAGS[field]
            self.flags[slot] = self.flags[slot] | bit if value else self.flags[slot] & ~bit
        elif field == "title":
            if self.titles[slot] != value:
                self.titles[slot] = value
                self.title_index.changed(slot)
        elif field == "version":
            try:
                self.versions[slot] = value
            except (OverflowError, TypeError):
                self.versions = list(self.versions)
                self.versions[slot] = value
        elif field in KEY_FIELDS:
            raise ValueError("a held row's sort key never changes")
        else:
            raise AttributeError(f"FeedRow has no field {field!r}")
