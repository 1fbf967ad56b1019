"""Built-in views of the feed: which mentions a folder tab shows.

A view is a predicate over `FeedRow`; the user's `/` query narrows it further. The inbox is
the default: archiving, trashing or marking irrelevant takes a mention out of it, which is
what moves the cursor on to the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from triage_tui.core.rows import FeedRow

Predicate = Callable[[FeedRow], bool]


def _in(folder: str) -> Predicate:
    return lambda row: row.folder == folder and (folder == "trash" or not row.trashed)


@dataclass(frozen=True)
class View:
    key: str
    title: str
    predicate: Predicate


BUILTIN_VIEWS: dict[str, View] = {
    view.key: view
    for view in (
        View("inbox", "Inbox", _in("inbox")),
        View("unread", "Unread", lambda r: not r.read and not r.trashed and r.folder != "spam"),
        View("favorites", "Favorites", lambda r: r.favorite and not r.trashed),
        View("archive", "Archive", _in("archive")),
        View("spam", "Irrelevant", _in("spam")),
        View("trash", "Trash", lambda r: r.trashed or r.folder == "trash"),
        View("all", "All", lambda r: True),
    )
}


def combine(view: Predicate, query: Predicate | None) -> Predicate:
    if query is None:
        return view
    return lambda row: view(row) and query(row)


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
