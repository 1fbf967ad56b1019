"""A column-wise copy of the stored rows, read by a start instead of every packed row.

Unpacking a million packed rows splits a million strings: ~2.6 s of a start, the most
of it. This copy (`feed_snapshot`, parts of PART_ROWS rows, newest published first)
holds the same rows as columns: ids and dates as machine integers, repeated values
(alert, source, who, tone, folder, tags, children, language) as codes into each part's
own list of values, titles as one text. A part turns into rows in C-level passes.

It is built apart from the app (core/snapshot_build.py, a child process) from one read
of the store. From the moment a build
starts (`meta` key BUILDING), triggers note the id of every mention written, replaced,
changed or deleted afterwards in `feed_stale`, in the same transaction as the write, by
whichever process wrote it. A start (`SnapshotRead`, one read transaction) takes the
parts minus those ids, and those ids' rows as `mentions` holds them now: what the store
holds, whoever wrote it since.
"""

from __future__ import annotations

import array
import json
import os
import sqlite3
import sys
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass
from operator import and_, attrgetter, not_
from typing import Any

from triage_tui.core.convert import FIELD_SEPARATOR
from triage_tui.core.row_table import CODED, FLAGS, Batch, BatchCodes
from triage_tui.core.rows import FeedRow

#: Rows in a part: a part is turned into rows in ~20 ms, the longest a key waits.
PART_ROWS = 25_000
#: Rows in the first part: the first screenful is shown before the rest is read.
FIRST_ROWS = 1_000
#: What a part was written by: the columns below, this machine's byte order. A part of
#: another format (another version, another machine) is not read: the start unpacks.
FORMAT = f"feed-snapshot 1 {sys.byteorder}"
#: The `meta` key whose presence turns the triggers on (see the module's docstring).
BUILDING = "feed_snapshot"

# Coded per part, in the table's order of its coded fields (CODED): a list of the
# distinct values, and a code (uint32) per row each. The flags byte is the table's too.
_VALUES = attrgetter(*CODED)
_READ, _FAVORITE, _TRASHED = FLAGS["read"], FLAGS["favorite"], FLAGS["trashed"]


class Damaged(ValueError):
    """A part that does not read as written (its columns' lengths disagree)."""


@dataclass(frozen=True)
class Part:
    """One stored part: its columns as written by `encode`."""

    count: int
    ids: bytes
    published: bytes
    found: bytes
    flags: bytes
    codes: bytes
    values: str  # JSON: one list of distinct values per coded field
    titles: str

    def columns(self) -> tuple[int, bytes, bytes, bytes, bytes, bytes, str, str]:
        """As stored, in `feed_snapshot`'s order (after `part` and `format`)."""
        p = self
        return (p.count, p.ids, p.published, p.found, p.flags, p.codes, p.values, p.titles)


def encode(rows: Sequence[FeedRow]) -> Part:
    """Rows (sorted newest first) as one part's columns."""
    ids = array.array("q", [r.id for r in rows])
    published = array.array("q", [r.published_ns for r in rows])
    found = array.array("q", [r.found_ns for r in rows])
    flags = bytes(
        (r.read and _READ) | (r.favorite and _FAVORITE) | (r.trashed and _TRASHED) for r in rows
    )
    per_field = list(zip(*map(_VALUES, rows), strict=True)) if rows else [()] * len(CODED)
    codes = array.array("I")
    values: list[list[Any]] = []
    for column in per_field:
        index: dict[Any, int] = {}
        codes.extend(index.setdefault(v, len(index)) for v in column)
        values.append([list(v) if isinstance(v, tuple) else v for v in index])
    return Part(
        count=len(rows),
        ids=ids.tobytes(),
        published=published.tobytes(),
        found=found.tobytes(),
        flags=flags,
        codes=codes.tobytes(),
        values=json.dumps(values, ensure_ascii=False),
        titles=FIELD_SEPARATOR.join(r.title for r in rows),
    )


def _ints(data: bytes, count: int, typecode: str = "q") -> array.array[int]:
    column = array.array(typecode)
    if len(data) != count * column.itemsize:
        raise Damaged(f"a column of {len(data)} bytes in a part of {count} rows")
    column.frombytes(data)
    return column


def decode(
    part: Part, alerts: Container[int] | None = None, leave_out: Container[int] = ()
) -> list[FeedRow]:
    """The part's rows as objects, newest first (`read_part`'s; tests and tools).
    Raises Damaged."""
    return read_part(part, alerts, leave_out).rows()


def _codes(data: bytes, count: int, values: list[Any]) -> BatchCodes:
    """One coded field's codes (uint32 each, this machine's byte order): a byte a row
    when every code fits one, cut out of the column in C. Raises Damaged for a code
    with no value."""
    if len(values) <= 256:
        low = 0 if sys.byteorder == "little" else 3
        high = [data[i::4] for i in range(4) if i != low]
        if all(part.count(0) == count for part in high):  # every code < 256
            codes = data[low::4]
            if codes.translate(None, bytes(range(len(values)))):
                raise Damaged("a code with no value")
            return codes
    column = _ints(data, count, "I")
    if count and max(column) >= len(values):
        raise Damaged("a code with no value")
    return column


def read_part(
    part: Part, alerts: Container[int] | None = None, leave_out: Container[int] = ()
) -> Batch:
    """The part's rows as columns, newest first: with `alerts`, only those of these
    alerts (a profile watching a few of an account's alerts), and none whose id is in
    `leave_out` (written since the snapshot). No object is made per row. Raises
    Damaged."""
    count = part.count
    try:
        values = json.loads(part.values)
    except ValueError as error:
        raise Damaged(f"a part's values do not read: {error}") from None
    if (
        not isinstance(values, list)
        or len(values) != len(CODED)
        or not all(isinstance(v, list) for v in values)
    ):
        raise Damaged("a part's values are not one list per coded field")
    if len(part.codes) != count * len(CODED) * 4:
        raise Damaged(f"codes of {len(part.codes)} bytes in a part of {count} rows")
    coded: dict[str, tuple[list[Any], BatchCodes]] = {}
    for field, distinct in enumerate(values):
        kept = [tuple(v) if isinstance(v, list) else v for v in distinct]  # tag ids
        try:
            hash(tuple(kept))
        except TypeError:  # a value no row could have held (an object: unhashable)
            raise Damaged("a part's values hold an object") from None
        size = count * 4
        coded[CODED[field]] = (
            kept,
            _codes(part.codes[field * size : (field + 1) * size], count, kept),
        )
    titles = part.titles.split(FIELD_SEPARATOR) if count else []
    if len(titles) != count or len(part.flags) != count:
        raise Damaged(f"{len(titles)} titles and {len(part.flags)} flags in a part of {count}")
    ids = _ints(part.ids, count)
    batch = Batch(
        ids=ids,
        published=_ints(part.published, count),
        found=_ints(part.found, count),
        flags=part.flags,
        coded=coded,
        titles=titles,
    )
    keep: bytes | None = None
    if alerts is not None:
        distinct, codes = coded["alert_id"]
        wanted = bytes(value in alerts for value in distinct)
        if not all(wanted):
            keep = bytes(map(wanted.__getitem__, codes))
    if leave_out:
        unchanged = bytes(map(not_, map(leave_out.__contains__, ids)))
        keep = unchanged if keep is None else bytes(map(and_, keep, unchanged))
    return batch if keep is None else batch.kept(keep)


# ---- reading at a start -------------------------------------------------------------------

_PARTS = (
    "SELECT count, ids, published, found, flags, codes, value_lists, titles "
    "FROM feed_snapshot WHERE format = ? ORDER BY part"
)


class SnapshotRead:
    """The snapshot and what changed since, read in one read transaction of a separate
    connection (so nothing written meanwhile, by this app or another, mixes in), or
    nothing (`usable` False: no snapshot, or one of another format)."""

    def __init__(self, path: str) -> None:
        self._db: sqlite3.Connection | None = None
        self.stale: set[int] = set()
        self.usable = False
        if path == ":memory:" or not os.path.exists(path):
            return
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            db.execute("BEGIN")  # the reads below see one state of the database
            parts = db.execute("SELECT format FROM feed_snapshot GROUP BY format").fetchall()
            if parts != [(FORMAT,)]:
                db.close()
                return
            self.stale = {i for (i,) in db.execute("SELECT DISTINCT id FROM feed_stale")}
        except sqlite3.Error:
            db.close()
            return
        self._db, self.usable = db, True

    def parts(self) -> Iterator[Part]:
        assert self._db is not None
        for row in self._db.execute(_PARTS, (FORMAT,)):
            yield Part(*row)

    def stale_rows(self) -> list[tuple[int, int, str | None, str | None]]:
        """(id, alert, packed row, JSON where no packed row) of the stale ids still
        stored, as `Store.iter_cached_rows` gives them."""
        assert self._db is not None
        return self._db.execute(
            "SELECT id, alert_id, row, CASE WHEN row IS NULL THEN json END FROM mentions "
            "WHERE id IN (SELECT id FROM feed_stale)"
        ).fetchall()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
