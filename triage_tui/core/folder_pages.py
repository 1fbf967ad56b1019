"""Older mentions of a folder view from the list endpoint, a page at a time.

The Archive, Irrelevant, Trash and Favorites views would otherwise show only what this
machine happened to cache. `FolderPages` (composed by the Session, given its `request`
and `take`) asks each alert's list for the view's filter and follows `_links.more` one
page per call of `more(view)`, as the user scrolls toward the end of the feed. Pages
join the one feed model through the Session's `take` (`newer=False`, `advance=False`: a
folder's pages prove nothing about the stream's cursors), so a held row is refreshed,
never shown twice, and an old mention can be found and restored.

Which alert next: the one whose pages reach least far back (its oldest row is the newest
of the alerts' oldest rows), so the end of the feed fills in order. Every call is counted
against `ListBudget` (the day's share of the documented 3,600 list calls per alert) and
waits for the shared rate gate; while a 429's window lasts nothing is asked.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from triage_tui.api.errors import MentionError
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.feed_order import Key
from triage_tui.core.list_budget import ListBudget
from triage_tui.core.list_pages import ListPages, more_link
from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from triage_tui.api.filters import MentionFilters
    from triage_tui.api.models import Mention

#: The views that load from the list endpoint, and the documented filter each sends.
#: Favorites asks `favorite=1` alone: no folder (a favorite may be archived), and
#: `unread` is never combined with it (the service refuses that).
FOLDER_FILTERS: dict[str, MentionFilters] = {
    "archive": {"folder": "archive"},
    "spam": {"folder": "spam"},
    "trash": {"folder": "trash"},
    "favorites": {"favorite": True},
}


class Older(enum.Enum):
    IDLE = "idle"  # nothing asked yet
    LOADING = "loading"
    MORE = "more"  # pages loaded, more to come
    DONE = "done"  # every alert's list followed to its end
    FAILED = "failed"  # the last call failed; the next `more` tries again
    LIMITED = "limited"  # the budget or a 429 holds the next call back


@dataclass
class OlderStatus:
    state: Older
    loaded: int = 0  # mentions the list endpoint sent for this view so far
    detail: str = ""  # why it failed or waits (one line, sanitized)


_START = object()  # an alert whose list was not asked yet


@dataclass
class _ViewPages:
    next: dict[int, Any] = field(default_factory=dict)  # alert -> Link | _START | None
    oldest: dict[int, Key] = field(default_factory=dict)  # alert -> oldest row's key
    seen: set[int] = field(default_factory=set)  # ids the pages brought
    status: OlderStatus = field(default_factory=lambda: OlderStatus(Older.IDLE))


class FolderPages:
    def __init__(
        self, pages: ListPages, alert_ids: Collection[int], feed: FeedModel, budget: ListBudget
    ) -> None:
        self._list = pages
        self._alert_ids = alert_ids
        self._feed = feed
        self._settings = pages.settings
        self.budget = budget
        self._views: dict[str, _ViewPages] = {}

    @staticmethod
    def loads(view: str) -> bool:
        """Whether the view loads older mentions from the list endpoint."""
        return view in FOLDER_FILTERS

    def status(self, view: str) -> OlderStatus:
        pages = self._views.get(view)
        return pages.status if pages else OlderStatus(Older.IDLE)

    def _pages(self, view: str) -> _ViewPages:
        pages = self._views.get(view)
        if pages is None:
            pages = self._views[view] = _ViewPages({a: _START for a in self._alert_ids})
        return pages

    def _next_alert(self, pages: _ViewPages) -> int | None:
        """The alert to ask next: one never asked, else the one reaching least far back."""
        waiting = [a for a, link in pages.next.items() if link is not None]
        for alert_id in waiting:
            if pages.next[alert_id] is _START:
                return alert_id
        if not waiting:
            return None
        return min(waiting, key=lambda a: pages.oldest.get(a, (0, 0)))

    async def more(self, view: str) -> OlderStatus:
        """One more page of the view's mentions (one request), taken into the feed."""
        filters = FOLDER_FILTERS[view]
        pages = self._pages(view)
        status = pages.status
        alert_id = self._next_alert(pages)
        if alert_id is None:
            status.state = Older.DONE
            return status
        if status.state is Older.LOADING:
            return status
        if (wait := self._list.limited()) > 0:
            status.state, status.detail = Older.LIMITED, f"rate limited, try in {wait:.0f} s"
            return status
        if not self.budget.allow(alert_id):
            status.state = Older.LIMITED
            status.detail = f"the day's {self.budget.per_day} list calls for this alert are spent"
            return status
        link = pages.next[alert_id]
        status.state, status.detail = Older.LOADING, ""
        clock = self._list.clock()
        self.budget.spend(alert_id)
        try:
            if link is _START:
                params: MentionFilters = {**filters, "limit": self._settings.folder_page}
                page = await self._list.first(alert_id, dict(params))
            else:
                page = await self._list.follow(link)
        except MentionError as error:
            status.state, status.detail = Older.FAILED, one_line(str(error)) or "request failed"
            return status
        except BaseException:
            # Cancelled (the screen went away): asked again next time.
            status.state = Older.MORE if status.loaded else Older.IDLE
            raise
        self._list.keep(page, clock)
        status.loaded += len(page.mentions)
        new_ids = {int(m.id) for m in page.mentions} - pages.seen
        pages.seen |= new_ids
        # A page of ids already seen (a link going round in a circle) ends the list too.
        pages.next[alert_id] = more_link(page, alert_id) if new_ids else None
        oldest = self._oldest(page.mentions)
        if oldest is not None:
            pages.oldest[alert_id] = max(oldest, pages.oldest.get(alert_id, oldest))
        done = all(link is None for link in pages.next.values())
        status.state = Older.DONE if done else Older.MORE
        return status

    def _oldest(self, mentions: Sequence[Mention]) -> Key | None:
        key = self._feed.sort_key  # the feed's order: its end fills in that order
        keys = [key(row) for m in mentions if (row := self._feed.row(int(m.id)))]
        return max(keys, default=None)
