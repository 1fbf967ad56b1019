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
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress
from operator import not_

from triage_tui.core.alert_stats import inbox_mask, is_inbox, is_unread, unread_mask
from triage_tui.core.columns import Columns, ListColumns, mask_of
from triage_tui.core.masks import Mask, mask_and, mask_or, ones
from triage_tui.core.rows import FeedRow

Predicate = Callable[[FeedRow], bool]


@dataclass(frozen=True)
class Fast:
    """A predicate with its whole-list form: `mask(columns)` says, for a list's rows in
    order, what `test` says (core/columns.py), a few byte operations at any size."""

    test: Predicate
    mask: Callable[[Columns], Mask]

    def __call__(self, row: FeedRow) -> bool:
        return self.test(row)

    def select(self, rows: list[FeedRow]) -> list[FeedRow]:
        return list(compress(rows, self.mask(ListColumns(rows))))


def _is(field: str, *values: object) -> Callable[[Columns], Mask]:
    return lambda columns: columns.where(field, frozenset(values).__contains__)


def _untrashed(columns: Columns) -> Mask:
    return columns.where("trashed", not_)


def _in(folder: str) -> Predicate:
    def mask(columns: Columns) -> Mask:
        there = _is("folder", folder)(columns)
        return there if folder == "trash" else mask_and(there, _untrashed(columns))

    return Fast(lambda row: row.folder == folder and (folder == "trash" or not row.trashed), mask)


@dataclass(frozen=True)
class View:
    key: str
    title: str
    predicate: Predicate


BUILTIN_VIEWS: dict[str, View] = {
    view.key: view
    for view in (
        View("inbox", "Inbox", Fast(is_inbox, inbox_mask)),  # as the stats count
        View("unread", "Unread", Fast(is_unread, unread_mask)),  # as the stats count
        View(
            "favorites",
            "Favorites",
            Fast(
                lambda r: r.favorite and not r.trashed,
                lambda columns: mask_and(columns.where("favorite", bool), _untrashed(columns)),
            ),
        ),
        View("archive", "Archive", _in("archive")),
        View("spam", "Irrelevant", _in("spam")),
        View(
            "trash",
            "Trash",
            Fast(
                lambda r: r.trashed or r.folder == "trash",
                lambda columns: mask_or(
                    columns.where("trashed", bool), _is("folder", "trash")(columns)
                ),
            ),
        ),
        View("all", "All", Fast(lambda r: True, lambda columns: ones(len(columns.rows())))),
    )
}


def combine(view: Predicate, query: Predicate | None) -> Predicate:
    if query is None:
        return view
    first, then = mask_of(view), mask_of(query)
    return Fast(
        lambda row: view(row) and query(row),
        lambda columns: mask_and(first(columns), then(columns)),
    )


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
