"""Which saved views newly arrived mentions match: what a notification is about.

Views are filter queries (core/query.py) kept by name in the config. With no saved
views, every new mention in the inbox counts, under the name "inbox".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from triage_tui.core.rows import FeedRow

if TYPE_CHECKING:
    from triage_tui.core.query import QueryNames

INBOX = "inbox"


@dataclass
class Matches:
    by_view: Counter[str] = field(default_factory=Counter)
    first_title: str = ""  # of the newest matching mention (already sanitized)

    def __bool__(self) -> bool:
        return bool(self.by_view)

    def merge(self, other: Matches) -> None:
        self.by_view.update(other.by_view)
        self.first_title = other.first_title or self.first_title

    def text(self) -> str:
        """ "3 new in urgent, 1 in negative: <title>" """
        parts = [f"{n} in {name}" for name, n in self.by_view.most_common()]
        parts[0] = parts[0].replace(" in ", " new in ", 1)
        head = ", ".join(parts)
        return f"{head}: {self.first_title}" if self.first_title else head


def match_views(
    rows: Iterable[FeedRow],
    views: Mapping[str, str],
    names: QueryNames | Mapping[str, set[int]] | None = None,
) -> Matches:
    """Count `rows` per view they match; a view whose query does not parse is skipped
    (the app reports it when the view is opened)."""
    from triage_tui.core.query import QueryError, parse_query  # loaded once rows arrive

    tests: dict[str, Callable[[FeedRow], bool]] = {}
    for name, text in views.items():
        try:
            tests[name] = parse_query(text, names).matches
        except QueryError:
            continue
    if not views:
        tests[INBOX] = lambda r: r.folder == "inbox" and not r.trashed
    found = Matches()
    for row in sorted(rows, key=lambda r: r.published_ns, reverse=True):
        hit = False
        for name, test in tests.items():
            if test(row):
                found.by_view[name] += 1
                hit = True
        if hit and not found.first_title:
            found.first_title = row.title or row.who
    return found
