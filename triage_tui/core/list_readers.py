"""The Session's readers of the list endpoint, built in one place: the inbox back-fill
(and the stream's gap fills and polls), the folder views' older pages, the stats screen's
older mentions of one alert and teammates' changes to the mentions on screen.

They share what a list call needs (the client, the rate gate, the Session's intake and
clock), and each but the back-fill gets its share of the service's per-alert list
budget here (core/list_budget.py), so that together they stay inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from triage_tui.core.alert_history import BUDGET_KEY, AlertHistory
from triage_tui.core.backfill import Backfill, Request, Take
from triage_tui.core.folder_pages import FolderPages
from triage_tui.core.list_budget import ListBudget
from triage_tui.core.list_pages import ListPages
from triage_tui.core.teammates import TeammateRefresh

if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient
    from triage_tui.api.models import Mention
    from triage_tui.core.feed_model import FeedModel
    from triage_tui.core.rate_gate import RateGate
    from triage_tui.core.settings import SyncSettings
    from triage_tui.core.skipped import SkippedCount
    from triage_tui.core.store import Store


@dataclass(frozen=True, slots=True)
class ListReaders:
    backfill: Backfill  # the inbox at start, the stream's gaps, polls
    older: FolderPages  # the folder views' older pages
    past: AlertHistory  # the stats screen's older mentions of one alert
    refresh: TeammateRefresh  # teammates' changes to the mentions on screen

    @classmethod
    def build(
        cls,
        client: AsyncMentionClient,
        account_id: str,
        alerts: Mapping[int, Any],
        feed: FeedModel,
        store: Store,
        settings: SyncSettings,
        cursors: dict[int, int],
        skipped: SkippedCount,
        *,
        gate: Callable[[], RateGate],
        request: Request,
        take: Take,
        take_listed: Take,
        clock: Callable[[], int],
        flush: Callable[[], None],
        mention: Callable[[int], Mention | None],
    ) -> ListReaders:
        """`take`: a page of held or older mentions into the feed; `take_listed`: the
        back-fill's pages, whose newer mentions are arrivals as the stream's are."""
        backfill = Backfill(
            client,
            account_id,
            alerts,
            cursors,
            settings,
            skipped,
            request=request,
            take=take_listed,
            clock=clock,
            flush=flush,
        )
        pages = ListPages(
            client, account_id, settings, skipped, gate, request, take, clock=clock, flush=flush
        )
        folder_budget = ListBudget.in_store(store, settings.folder_calls_per_day)
        history_budget = ListBudget.in_store(store, settings.history_calls_per_day, BUDGET_KEY)
        return cls(
            backfill=backfill,
            older=FolderPages(pages, alerts, feed, folder_budget),
            past=AlertHistory(pages, history_budget),
            refresh=TeammateRefresh(
                pages,
                ListBudget(settings.refresh_calls_per_day),
                mention=mention,
                alert_of=lambda i: row.alert_id if (row := feed.row(i)) else None,
            ),
        )
