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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import compress, repeat
from operator import and_, not_, or_

from triage_tui.core.feed_model import ROWS, Getter, getter, hits_of
from triage_tui.core.rows import FeedRow

Predicate = Callable[[FeedRow], bool]
Hits = Callable[[Getter], Iterator[object]]


@dataclass(frozen=True)
class Fast:
    """A predicate with its whole-list form: `hits(get)` says, for a list's rows in
    order, what `test` says, from the list's values of one field at a time (`get`: the
    feed model's columns, or a map over a list)."""

    test: Predicate
    hits: Hits

    def __call__(self, row: FeedRow) -> bool:
        return self.test(row)

    def select(self, rows: list[FeedRow]) -> list[FeedRow]:
        return list(compress(rows, self.hits(getter(rows))))


def _untrashed(get: Getter) -> Iterator[bool]:
    return map(not_, get("trashed"))


def _in(folder: str) -> Predicate:
    def hits(get: Getter) -> Iterator[object]:
        there = map(folder.__eq__, get("folder"))
        return there if folder == "trash" else map(and_, there, _untrashed(get))

    return Fast(lambda row: row.folder == folder and (folder == "trash" or not row.trashed), hits)


def _unread(get: Getter) -> Iterator[object]:
    unread = map(and_, map(not_, get("read")), _untrashed(get))
    return map(and_, unread, map("spam".__ne__, get("folder")))


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
            Fast(lambda r: not r.read and not r.trashed and r.folder != "spam", _unread),
        ),
        View(
            "favorites",
            "Favorites",
            Fast(
                lambda r: r.favorite and not r.trashed,
                lambda get: map(and_, map(bool, get("favorite")), _untrashed(get)),
            ),
        ),
        View("archive", "Archive", _in("archive")),
        View("spam", "Irrelevant", _in("spam")),
        View(
            "trash",
            "Trash",
            Fast(
                lambda r: r.trashed or r.folder == "trash",
                lambda get: map(or_, map(bool, get("trashed")), map("trash".__eq__, get("folder"))),
            ),
        ),
        View("all", "All", Fast(lambda r: True, lambda get: repeat(True, len(get(ROWS))))),
    )
}


def combine(view: Predicate, query: Predicate | None) -> Predicate:
    if query is None:
        return view
    first, then = hits_of(view), hits_of(query)
    return Fast(lambda row: view(row) and query(row), lambda get: map(and_, first(get), then(get)))


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
