"""Mentions from the list endpoint: the inbox back-fill on start and the stream's gap fill.

A `Backfill` the Session composes and gives what it needs: the client, the alerts
watched, the stream's cursors, the Session's `request` (the shared rate gate), its
`take` (list pages join the one feed model like any other mention), the clock of local
changes (a page older than a local change does not overwrite it) and `flush` (the
arrivals batch handed over at the end).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from triage_tui.core.in_parallel import in_parallel
from triage_tui.core.settings import SyncSettings
from triage_tui.core.skipped import SkippedCount

if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient
    from triage_tui.api.models import Mention, MentionList

Request = Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]]


class Take(Protocol):
    def __call__(
        self,
        mentions: Sequence[Mention],
        *,
        newer: bool,
        fetched_at: int | None = None,
        advance: bool = True,
        held_only: bool = False,
    ) -> None: ...


class Backfill:
    def __init__(
        self,
        client: AsyncMentionClient,
        account_id: str,
        alert_ids: Collection[int],
        cursors: dict[int, int],
        settings: SyncSettings,
        skipped: SkippedCount,
        *,
        request: Request,
        take: Take,
        clock: Callable[[], int],
        flush: Callable[[], None],
    ) -> None:
        self._client = client
        self._account_id = account_id
        self._alert_ids = alert_ids
        self._cursors = cursors
        self._settings = settings
        self._skipped = skipped
        self._request = request
        self._take = take
        self._clock = clock
        self._flush = flush
        self.started = False  # the inbox back-fill ran (or is running) in this session

    async def inbox(self) -> None:
        """The newest inbox pages of each alert, up to `backfill_limit` mentions; a few
        alerts at a time (`parallel_requests`), each alert's pages in order."""
        self.started = True
        if self._settings.backfill_limit <= 0:
            return  # the stream's replay (since_id) brings everything
        alerts = [partial(self._alert_inbox, alert_id) for alert_id in self._alert_ids]
        await in_parallel(alerts, self._settings.parallel_requests)
        self._flush()

    async def _alert_inbox(self, alert_id: int) -> None:
        # The inbox back-fill never moves a cursor the last run left: it fetched one
        # folder, and the stream's replay from that cursor brings every folder (what was
        # filed to spam or archive meanwhile too). On a first run there is no cursor,
        # and nothing older than the newest page is promised.
        first_run = alert_id not in self._cursors
        got = 0
        clock = self._clock()
        page: MentionList = await self._request(
            partial(
                self._client.list_mentions,
                self._account_id,
                alert_id,
                folder="inbox",
                limit=self._settings.backfill_page,
            )
        )
        while True:
            self._skipped.add("mention of a list page", page.skipped)
            self._take(page.mentions, newer=False, fetched_at=clock, advance=first_run)
            got += len(page.mentions)
            more = page.links.more
            if more is None or got >= self._settings.backfill_limit:
                break
            clock = self._clock()
            page = await self._request(partial(self._client.follow, more))

    async def fill_gap(self, alert_id: int, since_id: int) -> None:
        """Everything above `since_id` from the list endpoint, oldest first, page by page."""
        since = since_id
        while True:
            page: MentionList = await self._request(
                partial(
                    self._client.list_mentions,
                    self._account_id,
                    alert_id,
                    since_id=since,
                    limit=self._settings.backfill_page,
                )
            )
            self._skipped.add("mention of a list page", page.skipped)
            if not page.mentions:
                break
            self._take(page.mentions, newer=True)
            since = max(since, *(int(m.id) for m in page.mentions))
            if len(page.mentions) < self._settings.backfill_page:
                break
        self._flush()
