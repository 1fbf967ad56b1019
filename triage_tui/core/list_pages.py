"""The list endpoint as the Session's readers of held or older mentions use it (the
folder views' pages, the stats screen's 30 days, teammates' changes): one object the
Session builds and hands to each, so they ask, wait for the shared rate gate and take a
page into the feed the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from triage_tui.core.backfill import Request, Take
from triage_tui.core.rate_gate import RateGate
from triage_tui.core.skipped import SkippedCount

if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient
    from triage_tui.api.links import Link
    from triage_tui.api.models import MentionList
    from triage_tui.core.settings import SyncSettings


@dataclass(frozen=True, slots=True)
class ListPages:
    client: AsyncMentionClient
    account_id: str
    settings: SyncSettings
    skipped: SkippedCount
    gate: Callable[[], RateGate]  # the Session's, as it is now (a 429 replaces it)
    request: Request  # waits for the rate gate
    take: Take  # the Session's Intake.take
    clock: Callable[[], int]  # the local clock of changes (a page asked before one is stale)
    flush: Callable[[], None]  # hands the taken rows to the screen and the store

    def limited(self) -> float:
        """Seconds a 429 still holds every request back (0: none)."""
        return self.gate().remaining()

    async def first(self, alert_id: int, filters: dict[str, Any]) -> MentionList:
        async def call() -> MentionList:
            return await self.client.list_mentions(self.account_id, alert_id, **filters)

        return await self.request(call)

    async def follow(self, link: Link) -> MentionList:
        return await self.request(lambda: self.client.follow(link))

    def keep(self, page: MentionList, asked_at: int, *, held_only: bool = False) -> None:
        """A page into the feed: unreadable mentions counted, held rows refreshed unless
        changed here since `asked_at`, new ones added (not with `held_only`)."""
        self.skipped.add("mention of a list page", page.skipped)
        self.take(
            page.mentions, newer=False, fetched_at=asked_at, advance=False, held_only=held_only
        )
        self.flush()


def iso_date(moment: datetime | int) -> str:
    """A list filter's date (`before_date`, `not_before_date`): a datetime, or nanoseconds
    since the epoch."""
    if isinstance(moment, int):
        moment = datetime.fromtimestamp(moment / 1e9, UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def more_link(page: MentionList, alert_id: int) -> Link | None:
    """The page's `_links.more`, if it goes on along this alert's list: none on an empty
    page (a link that keeps answering nothing would be followed for ever) or when the
    link points at another resource."""
    link = page.links.more
    if link is None or not page.mentions:
        return None
    path = link.href.partition("?")[0].rstrip("/")
    if not path.endswith(f"/alerts/{alert_id}/mentions"):
        return None
    return link
