"""A start's stored mentions into the feed, newest first, a part at a time.

A million stored rows take seconds to unpack. Read newest first (the store's
`mentions_by_published` index), the first screenful is shown at once, and each later
part lands below the rows before it, so nothing moves what the user already sees; the
event loop is handed back between parts, so keys and frames go on meanwhile.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from contextlib import closing

from triage_tui.core.events import MentionsArrived, SessionEvent
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.intake import Intake
from triage_tui.core.rows import FeedRow
from triage_tui.core.store import Store

#: Rows in the first part: a screenful and more, shown before anything else is read.
FIRST_PART = 500
#: Rows in each later part (~25 ms of unpacking here: the longest a key waits).
PART = 10_000


async def load_cached(
    store: Store,
    intake: Intake,
    feed: FeedModel,
    on_event: Callable[[SessionEvent], None],
    *,
    first: int | None = None,
    size: int | None = None,
) -> int:
    """Every stored row of the alerts watched into `feed`; returns how many. Each part
    (`first` rows, then `size`: FIRST_PART and PART unless given) is announced as
    back-fill (`MentionsArrived`, not newer), shown as it lands."""
    count = 0
    later: list[FeedRow] = []
    # Closed however the loop ends (the app quit mid-load): an open read left SQLite
    # unable to fold its write-ahead log back into the database at close.
    with closing(store.iter_cached_rows(chunk=size or PART, first=first or FIRST_PART)) as parts:
        for index, part in enumerate(parts):
            rows = intake.unpack_cached([part])
            count += len(rows)
            if not index or (feed.order == "published" and not later):
                _take(intake, rows, on_event)  # the first: a screenful, in any order
            else:
                # In another order a part would land all over the list: a merge per part
                # costs O(n) each, so the rest is taken at once, in one sort, at the end.
                later.extend(rows)
            if len(part) >= PART:
                # A large cache: the rows are long-lived, and a million new objects set
                # off the cycle collector's full passes over the growing heap (~30% of
                # a start).
                gc.freeze()
            await asyncio.sleep(0)
    if later:
        _take(intake, later, on_event)
    return count


def _take(intake: Intake, rows: list[FeedRow], on_event: Callable[[SessionEvent], None]) -> None:
    if rows:
        intake.take_cached(rows)
        on_event(MentionsArrived(rows, newer=False))
