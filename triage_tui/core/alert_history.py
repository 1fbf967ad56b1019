"""Older mentions of one alert for the stats screen, from the list endpoint.

The stats screen (`s`) counts mentions per day over the last 30 days; what is held often
reaches back only hours (the inbox back-fill takes the newest 500). When it does not reach
back 30 days, `AlertHistory.load` (composed by the Session, given its `request` and
`take`) asks the alert's list for the mentions found between 30 days ago and the oldest
held (`not_before_date`, `before_date`; every folder; `limit` `history_page`, 1000) and follows
`_links.more`, at most `history_pages` pages per load. Pages join the one feed model
through the Session's `take` (`newer=False`, `advance=False`: they prove nothing about
the stream's cursors), so a held row is refreshed, never counted twice, and the store
keeps them: the next run's stats hold them already and ask nothing.

Every call is counted against its own `ListBudget` share (`history_calls_per_day`, 100 per
alert per rolling day, kept in the store) and waits for the shared rate gate; while a
429's window lasts nothing is asked. An alert loaded to the end (or to 30 days ago) in
this session is not asked again; one that failed or was held back is, next time the
screen opens on it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from triage_tui.api.errors import MentionError
from triage_tui.core.list_budget import ListBudget
from triage_tui.core.list_pages import ListPages, iso_date, more_link
from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from triage_tui.api.links import Link

#: Where the stats' budget share is kept in the store's meta table.
BUDGET_KEY = "history_list_calls"


class Past(enum.Enum):
    IDLE = "idle"  # nothing asked yet
    LOADING = "loading"
    DONE = "done"  # the list followed to its end (or back to `since`)
    PARTIAL = "partial"  # `history_pages` pages loaded, the list goes on
    FAILED = "failed"  # the last call failed; asked again next time
    LIMITED = "limited"  # the budget or a 429 held the call back


@dataclass
class PastStatus:
    state: Past
    loaded: int = 0  # mentions the list endpoint sent for this alert so far
    detail: str = ""  # why it failed or waits (one line, sanitized)

    @property
    def settled(self) -> bool:
        """Loaded in this session: not asked again."""
        return self.state in (Past.DONE, Past.PARTIAL)


class AlertHistory:
    def __init__(self, pages: ListPages, budget: ListBudget) -> None:
        self._pages = pages
        self._settings = pages.settings
        self.budget = budget
        self._status: dict[int, PastStatus] = {}

    def status(self, alert_id: int) -> PastStatus:
        return self._status.setdefault(alert_id, PastStatus(Past.IDLE))

    async def load(self, alert_id: int, *, before_ns: int, since_ns: int) -> PastStatus:
        """The alert's mentions found from `since_ns` up to `before_ns` (nanoseconds since
        the epoch), at most `history_pages` list calls, taken into the feed."""
        status = self.status(alert_id)
        if status.settled or status.state is Past.LOADING:
            return status
        status.state, status.detail = Past.LOADING, ""
        link: Link | None = None
        try:
            for _ in range(max(1, self._settings.history_pages)):
                if (wait := self._pages.limited()) > 0:
                    return self._held(status, f"rate limited, try in {wait:.0f} s")
                if not self.budget.allow(alert_id):
                    per_day = self.budget.per_day
                    return self._held(status, f"the day's {per_day} stats list calls are spent")
                link = await self._page(alert_id, status, link, before_ns, since_ns)
                if link is None:
                    status.state = Past.DONE
                    return status
        except MentionError as error:
            status.state, status.detail = Past.FAILED, one_line(str(error)) or "request failed"
            return status
        except BaseException:
            status.state = Past.IDLE  # cancelled (the screen went away): asked again
            raise
        status.state = Past.PARTIAL
        return status

    def _held(self, status: PastStatus, why: str) -> PastStatus:
        status.state, status.detail = Past.LIMITED, why
        return status

    async def _page(
        self, alert_id: int, status: PastStatus, link: Link | None, before_ns: int, since_ns: int
    ) -> Link | None:
        """One list call; the link to the next page, or None at the end."""
        pages = self._pages
        asked_at = pages.clock()
        self.budget.spend(alert_id)
        if link is None:
            filters: dict[str, Any] = {
                "limit": self._settings.history_page,
                "before_date": iso_date(before_ns),
                "not_before_date": iso_date(since_ns),
            }
            page = await pages.first(alert_id, filters)
        else:
            page = await pages.follow(link)
        pages.keep(page, asked_at)
        status.loaded += len(page.mentions)
        return more_link(page, alert_id)
