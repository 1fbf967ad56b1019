"""Built-in views of the feed: which mentions a folder tab shows.

A view is a predicate over `FeedRow`; the user's `/` query narrows it further. The inbox is
the default: archiving, trashing or marking irrelevant takes a mention out of it, which is
what moves the cursor on to the next one.

Each view, and a view combined with a query, also has a whole-list form (`select`),
which the feed model uses to build a view: a million rows are tested by C-level
map/compress passes in tens of ms, where one Python call per row took ~0.5 s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import and_, attrgetter, not_, or_

from triage_tui.core.feed_model import selector
from triage_tui.core.rows import FeedRow

Predicate = Callable[[FeedRow], bool]
Select = Callable[[Sequence[FeedRow]], list[FeedRow]]
_FOLDER, _TRASHED = attrgetter("folder"), attrgetter("trashed")
_READ, _FAVORITE = attrgetter("read"), attrgetter("favorite")


@dataclass(frozen=True)
class Fast:
    """A predicate with its whole-list form: `select(rows)` keeps what `test` keeps."""

    test: Predicate
    select: Select

    def __call__(self, row: FeedRow) -> bool:
        return self.test(row)


def _fast(test: Predicate, hits: Callable[[Sequence[FeedRow]], Iterator[object]]) -> Fast:
    return Fast(test, lambda rows: list(compress(rows, hits(rows))))


def _untrashed(rows: Sequence[FeedRow]) -> Iterator[bool]:
    return map(not_, map(_TRASHED, rows))


def _in(folder: str) -> Predicate:
    def hits(rows: Sequence[FeedRow]) -> Iterator[object]:
        there = map(folder.__eq__, map(_FOLDER, rows))
        return there if folder == "trash" else map(and_, there, _untrashed(rows))

    return _fast(lambda row: row.folder == folder and (folder == "trash" or not row.trashed), hits)


def _unread(rows: Sequence[FeedRow]) -> Iterator[object]:
    unread = map(and_, map(not_, map(_READ, rows)), _untrashed(rows))
    return map(and_, unread, map("spam".__ne__, map(_FOLDER, rows)))


@dataclass(frozen=True)
class View:
    key: str
    title: str
    predicate: Predicate


BUILTIN_VIEWS: dict[str, View] = {
    view.key: view
    for view in (
        View("inbox", "Inbox", _in("inbox")),
        View(
            "unread",
            "Unread",
            _fast(lambda r: not r.read and not r.trashed and r.folder != "spam", _unread),
        ),
        View(
            "favorites",
            "Favorites",
            _fast(
                lambda r: r.favorite and not r.trashed,
                lambda rows: map(and_, map(_FAVORITE, rows), _untrashed(rows)),
            ),
        ),
        View("archive", "Archive", _in("archive")),
        View("spam", "Irrelevant", _in("spam")),
        View(
            "trash",
            "Trash",
            _fast(
                lambda r: r.trashed or r.folder == "trash",
                lambda rows: map(or_, map(_TRASHED, rows), map("trash".__eq__, map(_FOLDER, rows))),
            ),
        ),
        View("all", "All", Fast(lambda r: True, list)),
    )
}


def combine(view: Predicate, query: Predicate | None) -> Predicate:
    if query is None:
        return view
    narrow, then = selector(view), selector(query)

    def select(rows: Sequence[FeedRow]) -> list[FeedRow]:
        kept = narrow(rows) if narrow else [r for r in rows if view(r)]
        return then(kept) if then else [r for r in kept if query(r)]

    return Fast(lambda row: view(row) and query(row), select)


class CursorMemory:
    """The mention each view had the cursor on when the user left it, to go back to it
    (Inbox → Archive → Inbox lands where you were). Keyed by the view's key, or
    `saved:NAME` for a saved view."""

    def __init__(self) -> None:
        self._by_view: dict[str, int] = {}

    def leave(self, view: str, mention_id: int | None) -> None:
        if mention_id is None:
            self._by_view.pop(view, None)
        else:
            self._by_view[view] = mention_id

    def recall(self, view: str) -> int | None:
        return self._by_view.get(view)


#: An `alert:` term of the `/` filter: an id, a quoted name or a word.
ALERT_TERM = re.compile(r'(?<!\S)alert:(?:"[^"]*"|\S+)')
_ALERT_ID = re.compile(r"(?<!\S)alert:(\d+)(?!\S)")


def with_alert(query: str, alert_id: int | None) -> str:
    """`query` with its `alert:` terms replaced by `alert:ID` (none when `alert_id` is None)."""
    rest = " ".join(ALERT_TERM.sub(" ", query).split())
    term = f"alert:{alert_id}" if alert_id is not None else ""
    return " ".join(part for part in (rest, term) if part)


def alert_in_query(query: str) -> int | None:
    """The alert an `alert:ID` term of `query` narrows to, when there is exactly one."""
    found = {int(match) for match in _ALERT_ID.findall(query)}
    return found.pop() if len(found) == 1 else None


def name_alerts(query: str, names: dict[int, str]) -> str:
    """`query` for the status line: each `alert:ID` by its alert's name."""

    def named(match: re.Match[str]) -> str:
        name = names.get(int(match.group(1)))
        if name is None:
            return match.group(0)
        return f'alert:"{name}"' if " " in name else f"alert:{name}"

    return _ALERT_ID.sub(named, query)
