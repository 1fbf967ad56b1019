"""The folder views' share of the list endpoint's budget, per alert, over a rolling day.

The service allows 3,600 list calls per alert per 24 hours. Polling while another app
holds the stream takes up to 1,440 of them (one a minute), the inbox back-fill a few per
start; the folder views' older pages get `per_day` (1,000 by default: 100,000 older
mentions a day at 100 a page), teammates' refresh 720 and the stats screen's older
mentions 100 (each its own `ListBudget`), so together they stay inside the budget. The calls'
times are kept in the store, so a restart does not start the day's count afresh.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from triage_tui.core.store import Store

DAY = 24 * 3600.0
META_KEY = "folder_list_calls"


class ListBudget:
    def __init__(
        self,
        per_day: int,
        *,
        load: Callable[[], Any] | None = None,
        save: Callable[[dict[str, list[float]]], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.per_day = per_day
        self._save = save
        self._clock = clock
        self._calls: dict[int, list[float]] = {}
        stored = load() if load is not None else None
        if isinstance(stored, dict):  # what an earlier run spent (anything else: nothing)
            for alert, times in stored.items():
                if str(alert).isdigit() and isinstance(times, list):
                    kept = [float(t) for t in times if isinstance(t, int | float)]
                    self._calls[int(alert)] = kept

    @classmethod
    def in_store(cls, store: Store, per_day: int, key: str = META_KEY) -> ListBudget:
        """A budget whose spending is kept in the store's meta table under `key` (one
        key per share: the folder views', the stats screen's)."""
        return cls(
            per_day,
            load=lambda: store.meta(key),
            save=lambda calls: store.set_meta(key, calls),
        )

    def _recent(self, alert_id: int) -> list[float]:
        since = self._clock() - DAY
        calls = [t for t in self._calls.get(alert_id, ()) if t > since]
        self._calls[alert_id] = calls
        return calls

    def used(self, alert_id: int) -> int:
        """Calls made for the alert in the last 24 hours."""
        return len(self._recent(alert_id))

    def allow(self, alert_id: int) -> bool:
        return self.used(alert_id) < self.per_day

    def spend(self, alert_id: int) -> None:
        self._recent(alert_id).append(self._clock())
        if self._save is not None:
            self._save({str(a): times for a, times in self._calls.items() if times})
