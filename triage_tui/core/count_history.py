"""Each alert's unread and inbox counts over time, sampled while the app runs.

The stats screen (`s`) shows how an alert's unread and inbox counts moved: the app takes
a sample of every alert once its session has started and every `INTERVAL` (10 minutes)
after, counted from the rows held as the stats count them (`alert_stats.is_unread`,
`is_inbox`). Samples are kept in the store's meta table (`META_KEY`), those older than
`KEEP` (30 days: at most 4,320 per alert) dropped at each sample, so the picture spans
runs. Nothing is sampled while the app is not running: those windows show no sample.

Pure: the clock is passed in (`now`, seconds since the epoch), so tests fix it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from triage_tui.core.alert_stats import inbox_mask, unread_mask

if TYPE_CHECKING:
    from triage_tui.core.feed_model import FeedModel
    from triage_tui.core.store import Store

META_KEY = "alert_counts"
INTERVAL = 600.0  # seconds between samples
KEEP = 30 * 24 * 3600.0  # seconds of samples kept


@dataclass(frozen=True, slots=True)
class CountPoint:
    at: float  # seconds since the epoch
    unread: int
    inbox: int


def held_alert_counts(feed: FeedModel, alert_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Per alert, (unread, inbox) of every row `feed` holds (`is_unread`, `is_inbox`);
    0 for an alert with none. From the model's columns: a pass over a million rows took
    ~1 s of the event loop at each sample."""
    unread = feed.count_by("alert_id", unread_mask)
    inbox = feed.count_by("alert_id", inbox_mask)
    return {alert_id: (unread[alert_id], inbox[alert_id]) for alert_id in alert_ids}


def _point(raw: Any) -> CountPoint | None:
    if isinstance(raw, list) and len(raw) == 3:
        at, unread, inbox = raw
        numbers = (isinstance(at, int | float), isinstance(unread, int), isinstance(inbox, int))
        if all(numbers) and not any(isinstance(v, bool) for v in raw):
            return CountPoint(float(at), unread, inbox)
    return None


class CountHistory:
    def __init__(
        self,
        *,
        load: Callable[[], Any] | None = None,
        save: Callable[[dict[str, list[list[float]]]], None] | None = None,
        keep: float = KEEP,
    ) -> None:
        self.keep = keep
        self._save = save
        self._points: dict[int, list[CountPoint]] = {}
        stored = load() if load is not None else None
        if isinstance(stored, dict):  # what earlier runs sampled (anything else: nothing)
            for alert, raw in stored.items():
                if str(alert).isdigit() and isinstance(raw, list):
                    points = [p for item in raw if (p := _point(item)) is not None]
                    self._points[int(alert)] = sorted(points, key=lambda p: p.at)

    @classmethod
    def in_store(cls, store: Store) -> CountHistory:
        """Samples kept in the store's meta table."""
        return cls(load=lambda: store.meta(META_KEY), save=lambda d: store.set_meta(META_KEY, d))

    def points(self, alert_id: int) -> list[CountPoint]:
        """The alert's samples, oldest first."""
        return list(self._points.get(alert_id, ()))

    def last(self) -> float | None:
        """When the newest sample of any alert was taken."""
        return max((p[-1].at for p in self._points.values() if p), default=None)

    def record(self, now: float, counts: Mapping[int, tuple[int, int]]) -> None:
        """One sample per alert at `now`; samples older than `keep` go."""
        for alert_id, (unread, inbox) in counts.items():
            self._points.setdefault(alert_id, []).append(CountPoint(now, unread, inbox))
        since = now - self.keep
        for alert_id, points in list(self._points.items()):
            kept = [p for p in points if p.at > since]
            if kept:
                self._points[alert_id] = kept
            else:
                del self._points[alert_id]
        if self._save is not None:
            self._save(
                {
                    str(a): [[p.at, p.unread, p.inbox] for p in points]
                    for a, points in self._points.items()
                }
            )


def series(
    points: Sequence[CountPoint], now: float, width: float, count: int
) -> tuple[CountPoint | None, ...]:
    """`count` windows of `width` seconds ending at `now`, oldest first: the last sample
    in each ((end - width, end]), or None when none was taken then. A sample a little
    ahead of the clock (up to a window) counts in the newest."""
    windows: list[CountPoint | None] = [None] * count
    start = now - width * count
    for point in points:  # oldest first: a later one in a window replaces an earlier one
        if point.at <= start or point.at > now + width:
            continue
        index = min(math.ceil((point.at - start) / width) - 1, count - 1)
        windows[index] = point
    return tuple(windows)
