"""Rows arriving from the session onto the feed, as a mixin of the App.

Live arrivals are paced: a burst (a replay after a reconnect) comes in many small
batches, and each update of the feed redraws it and the status line, so they are
shown at once when quiet, at most every FEED_UPDATE_INTERVAL while a burst lasts, and at
once again when the stream says it has caught up. The feed's model places every row
(back-fill from several alerts interleaves): nothing here sorts.
"""

from __future__ import annotations

import gc
import time
from typing import TYPE_CHECKING, Any

from triage_tui.core.watch import match_views

if TYPE_CHECKING:
    from triage_tui.ui.app import TriageApp
    from triage_tui.ui.messages import RowsArrived

#: Until a key moves the cursor, it returns to the newest mention this long after a burst.
FOLLOW_AFTER = 0.3

#: Seconds after the last rows arrived before the heap is frozen (see _settle_heap).
HEAP_SETTLE = 2.0

#: In a burst of arrivals the feed is updated at most this often (seconds)...
FEED_UPDATE_INTERVAL = 0.25
#: ...but once arrivals pause this long (the session hands them over every 20 ms while a
#: burst lasts), the rows waiting are shown at once, not at the next interval.
BURST_OVER = 0.05


class ArrivalsMixin:
    """Mixin: needs the App's `feed`, `session`, `notifier`, `saved_views` and timers."""

    _arrivals_timer: Any = None
    _last_arrival_paint = 0.0
    _last_arrival = 0.0
    _heap_timer: Any = None
    _follow_timer: Any = None
    _feed_dirty = False

    def on_rows_arrived(self: TriageApp, message: RowsArrived) -> None:
        rows = message.event.rows
        if message.event.newer:  # paced: see the module's docstring
            self._arrivals.extend(rows)
            self._last_arrival = time.monotonic()
            if message.event.settled:  # the stream caught up: the burst is over now
                if self._arrivals_timer is not None:
                    self._arrivals_timer.stop()
                    self._arrivals_timer = None
                self._show_arrivals()
            elif self._arrivals_timer is None:
                self._arrivals_due()
        else:
            self.feed.add_older(rows)
            self._rows_landed()
            if not self._feed_dirty:  # nobody chose a mention yet: the newest, once settled
                self._feed_dirty = True
                self.set_timer(0.2, self._backfill_settled)
        self._counts_dirty = True

    def _settle_heap(self: TriageApp) -> None:
        """Rows that arrived are long-lived: once a burst is over, take them (and the rest
        of the heap) out of the collector's full passes too (gc.freeze only skips the
        cycle collector; memory is still freed when a row is dropped)."""
        self._heap_timer = None
        gc.freeze()

    def _rows_landed(self: TriageApp) -> None:
        if self._heap_timer is not None:
            self._heap_timer.stop()
        self._heap_timer = self.set_timer(HEAP_SETTLE, self._settle_heap)

    def _arrivals_due(self: TriageApp) -> None:
        """Show the waiting rows if the interval has passed or the burst is over; else
        look again when the first of the two can be true."""
        self._arrivals_timer = None
        now = time.monotonic()
        next_paint = self._last_arrival_paint + FEED_UPDATE_INTERVAL
        burst_over = self._last_arrival + BURST_OVER
        if now >= next_paint or now >= burst_over - 0.005:  # timers fire a little early
            self._show_arrivals()
        else:
            wait = min(next_paint, burst_over) - now
            self._arrivals_timer = self.set_timer(wait, self._arrivals_due)

    def _show_arrivals(self: TriageApp) -> None:
        self._last_arrival_paint = time.monotonic()
        rows, self._arrivals = self._arrivals, []
        if not rows:
            return
        self.feed.add_newer(rows)
        self._rows_landed()
        if self._follow_timer is not None:
            self._follow_timer.stop()
        self._follow_timer = self.set_timer(FOLLOW_AFTER, self.feed.follow_top)
        if self.notifier.enabled:
            self.notifier.arrived(match_views(rows, self.saved_views, self.query_names()))

    def _backfill_settled(self: TriageApp) -> None:
        self._feed_dirty = False
        self.feed.follow_top()  # does nothing once the user has moved the cursor
