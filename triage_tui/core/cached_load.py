"""A start's stored mentions into the feed, newest first, a part at a time.

A million stored rows take seconds to unpack. Read newest first (the store's
`mentions_by_published` index), the first screenful is shown at once, and each later
part lands below the rows before it, so nothing moves what the user already sees; the
event loop is handed back between parts, so keys and frames go on meanwhile.
"""

from __future__ import annotations

import asyncio
import sqlite3
from bisect import bisect_left
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import overload

from triage_tui.api.log import get_logger
from triage_tui.core.events import MentionsArrived, SessionEvent
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.feed_order import NEWEST, sort_newest_first
from triage_tui.core.feed_snapshot import Damaged, SnapshotRead, read_part
from triage_tui.core.intake import Intake
from triage_tui.core.row_table import Batch
from triage_tui.core.rows import FeedRow
from triage_tui.core.store import Store

log = get_logger("session")

#: Rows in the first part: a screenful and more, shown before anything else is read.
FIRST_PART = 500
#: Rows in each later part (~25 ms of unpacking here: the longest a key waits).
PART = 10_000


@dataclass(frozen=True)
class Loaded:
    """What a start's load read: `rows` kept, of which `from_snapshot` came from the feed
    snapshot (core/feed_snapshot.py), which had `stale` mentions written since it was
    built (0, and `from_snapshot` 0, when there was no snapshot to read)."""

    rows: int
    from_snapshot: int = 0
    stale: int = 0


async def load_cached(
    store: Store,
    intake: Intake,
    feed: FeedModel,
    on_event: Callable[[SessionEvent], None],
    *,
    first: int | None = None,
    size: int | None = None,
) -> Loaded:
    """Every stored row of the alerts watched into `feed`. Each part (`first` rows, then
    `size`: FIRST_PART and PART unless given; a snapshot's parts are its own) is
    announced as back-fill (`MentionsArrived`, not newer), shown as it lands."""
    count = 0
    later: list[Batch] = []
    source = _Source(store, intake, first or FIRST_PART, size or PART)
    # Closed however the loop ends (the app quit mid-load): an open read left SQLite
    # unable to fold its write-ahead log back into the database at close.
    with closing(source.parts()) as parts:
        for index, piece in enumerate(parts):
            count += len(piece)
            if not index or (feed.order == "published" and not later):
                _take(intake, [piece], on_event)  # the first: a screenful, in any order
            else:
                # In another order a part would land all over the list: a merge per part
                # costs O(n) each, so the rest is taken at once, in one sort, at the end.
                later.append(piece)
            await asyncio.sleep(0)
    if later:
        _take(intake, later, on_event)
    return Loaded(count, source.from_snapshot, source.stale)


class _Source:
    """The stored rows, newest first, in parts: from the feed snapshot when there is one
    (its parts as columns, less the mentions written since, and those as stored now),
    else (or from a damaged part on) unpacked from each packed row."""

    def __init__(self, store: Store, intake: Intake, first: int, size: int) -> None:
        self._store, self._intake, self._first, self._size = store, intake, first, size
        self.from_snapshot = 0
        self.stale = 0

    def parts(self) -> Generator[Batch, None, None]:
        read = SnapshotRead(self._store.path)
        try:
            if read.usable:
                self.stale = len(read.stale)
                yield from _first_apart(self._from_snapshot(read), self._first)
                return
        except (Damaged, sqlite3.Error) as error:  # the rows read so far are held
            log.warning("the feed snapshot does not read (%s): unpacking every stored row", error)
        finally:
            read.close()
        with closing(self._store.iter_cached_rows(chunk=self._size, first=self._first)) as raw:
            for part in raw:
                yield self._intake.unpack_batch(part)

    def _from_snapshot(self, read: SnapshotRead) -> Iterator[Batch]:
        intake = self._intake
        # The mentions written since the snapshot, as stored now: each goes with the
        # part it is as new as, so every part still lands below the ones before it.
        fresh = intake.unpack_cached([read.stale_rows()])
        fresh.sort(key=NEWEST)  # oldest first: the newest are taken off its end
        for part in read.parts():
            batch = read_part(part, intake.watched, read.stale)
            self.from_snapshot += len(batch)
            if fresh and len(batch):
                oldest = (batch.published[-1], batch.ids[-1])
                cut = bisect_left(fresh, oldest, key=NEWEST)
                if cut < len(fresh):  # as new as this part's oldest, or newer: one part
                    rows = batch.rows() + fresh[cut:]
                    del fresh[cut:]
                    sort_newest_first(rows)
                    batch = Batch.of_rows(rows, ordered=True)
            yield batch
        fresh.reverse()
        yield Batch.of_rows(fresh, ordered=True)  # older than every part


def _first_apart(parts: Iterator[Batch], first: int) -> Iterator[Batch]:
    """The first `first` rows (a screenful) on their own, then the rest as they come."""
    split = False
    for piece in parts:
        if not split and len(piece):
            split = True
            if len(piece) > first:
                head, piece = piece.split(first)
                yield head
        yield piece


def _take(intake: Intake, pieces: list[Batch], on_event: Callable[[SessionEvent], None]) -> None:
    pieces = [piece for piece in pieces if len(piece)]
    if pieces:
        intake.take_cached(pieces)
        on_event(MentionsArrived(RowsOf(pieces), newer=False))


class RowsOf(Sequence[FeedRow]):
    """Batches read as one list of rows, made only when read (a start's
    announcements: the app reads none of a million)."""

    def __init__(self, pieces: Sequence[Batch]) -> None:
        self._pieces = pieces
        self._rows: list[FeedRow] | None = None

    def _all(self) -> list[FeedRow]:
        if self._rows is None:
            self._rows = [row for piece in self._pieces for row in piece.rows()]
        return self._rows

    def __len__(self) -> int:
        return sum(map(len, self._pieces))

    @overload
    def __getitem__(self, index: int) -> FeedRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[FeedRow]: ...

    def __getitem__(self, index: int | slice) -> FeedRow | list[FeedRow]:
        return self._all()[index]

    def __iter__(self) -> Iterator[FeedRow]:
        return iter(self._all())
