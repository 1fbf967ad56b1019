"""What teammates do to the mentions on screen, brought back from the service.

A brand is watched by a team: the read state, folder, tags, tone and favorite of the
mentions the user is looking at can change on the service under them. The stream sends
new mentions only, so `TeammateRefresh` (composed by the Session) asks each alert's list
endpoint, every `refresh_interval`, for the window of found dates the on-screen mentions
of that alert cover (`before_date`/`not_before_date`, every folder), and hands the page
to the Session's `take` with the local clock it was asked at: a held row takes the
service's values unless something local happened to it since (`Intake`), and a mention
with the user's own action still waiting keeps it: the action is still sent (last writer
wins, as on the service) and the user is told (`Intake.overridden`).

Budget: one call per alert with mentions on screen per interval (720 a day at 120 s),
counted against its own `ListBudget` so that with polling (1,440), the folder views
(1,000), the stats screen (100) and the back-fill it stays inside the documented 3,600
per alert per day. Nothing is asked while a 429's window lasts, nor when nothing is on
screen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from triage_tui.api.errors import MentionError
from triage_tui.core.in_parallel import in_parallel
from triage_tui.core.list_budget import ListBudget
from triage_tui.core.list_pages import ListPages, iso_date

if TYPE_CHECKING:
    from triage_tui.api.models import Mention


#: The list endpoint's largest page: a screen never shows more mentions of one alert.
PAGE_LIMIT = 1000


class TeammateRefresh:
    def __init__(
        self,
        pages: ListPages,
        budget: ListBudget,
        *,
        mention: Callable[[int], Mention | None],
        alert_of: Callable[[int], int | None],
    ) -> None:
        self._pages = pages
        self._settings = pages.settings
        self.budget = budget
        self._mention = mention
        self._alert_of = alert_of
        self._on_screen: tuple[int, ...] = ()

    def watch(self, mention_ids: Collection[int]) -> None:
        """The mentions the user sees now (the screen says so as it scrolls)."""
        self._on_screen = tuple(mention_ids)

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self._settings.refresh_interval)
            await self.once()

    async def once(self) -> int:
        """One refresh of the mentions on screen, a few alerts at a time (an agency's
        screen can show dozens); how many list calls it made."""
        if self._pages.limited() > 0:
            return 0
        asked = [(a, w) for a, w in self._windows().items() if self.budget.allow(a)]
        refreshes = [partial(self._refresh, alert_id, *window) for alert_id, window in asked]
        await in_parallel(refreshes, self._settings.parallel_requests)
        return len(asked)

    def _windows(self) -> Mapping[int, tuple[datetime, datetime]]:
        """Per alert, the found dates its on-screen mentions span (oldest, newest)."""
        spans: dict[int, tuple[datetime, datetime]] = {}
        for mention_id in self._on_screen:
            alert_id = self._alert_of(mention_id)
            mention = self._mention(mention_id)
            found = mention.created_at if mention is not None else None
            when = found.safe_datetime() if found is not None else None
            if alert_id is None or when is None:
                continue
            low, high = spans.get(alert_id, (when, when))
            spans[alert_id] = (min(low, when), max(high, when))
        return spans

    async def _refresh(self, alert_id: int, oldest: datetime, newest: datetime) -> None:
        pages = self._pages
        asked_at = pages.clock()
        self.budget.spend(alert_id)
        filters: dict[str, Any] = {
            "limit": PAGE_LIMIT,
            "before_date": iso_date(newest + timedelta(seconds=1)),
            "not_before_date": iso_date(oldest),
        }
        try:
            page = await pages.first(alert_id, filters)
        except MentionError:
            return  # the next interval asks again; the stream says when the service is down
        # Held rows only: the window may hold mentions of other folders never shown here.
        pages.keep(page, asked_at, held_only=True)
