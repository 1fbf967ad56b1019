"""When rows the Session took are placed on the feed: an `ArrivalPacer` the main screen
holds (`main.arrivals`); its `SessionNews` tells it of each batch.

The Session's model holds the rows the moment they arrive; the feed shows them when the
pacer asks it (`MentionFeed.show_new`). Live arrivals are paced: a burst (a replay after
a reconnect) comes in many small batches, and each update of the feed redraws it and the
status line, so they are shown at once when quiet, at most every FEED_UPDATE_INTERVAL
while a burst lasts, and at once again when the stream says it has caught up. Back-fill
is shown at once. Nothing here holds or sorts a row.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from textual.timer import Timer

if TYPE_CHECKING:
    from triage_tui.core.events import MentionsArrived
    from triage_tui.ui.widgets.feed import MentionFeed

#: Until the user presses a key, the cursor returns to the newest mention this long after
#: a burst (MentionFeed.follow_top; the main screen's on_key ends it, for good).
FOLLOW_AFTER = 0.3

#: Seconds after the last rows arrived before the heap is frozen (see _settle_heap).
HEAP_SETTLE = 2.0

#: In a burst of arrivals the feed is updated at most this often (seconds)...
FEED_UPDATE_INTERVAL = 0.25
#: ...but once arrivals pause this long (the session hands them over every 20 ms while a
#: burst lasts), the rows waiting are shown at once, not at the next interval.
BURST_OVER = 0.05


class ArrivalsHost(Protocol):
    """What the pacing needs of the main screen."""

    @property
    def feed(self) -> MentionFeed: ...

    def set_timer(self, delay: float, callback: Callable[[], Any]) -> Timer: ...


class ArrivalPacer:
    """Live rows onto the feed at a pace, back-fill at once."""

    def __init__(self, host: ArrivalsHost) -> None:
        self.host = host
        self._arrivals_timer: Timer | None = None
        self._last_paint = 0.0
        self._last_arrival = 0.0
        self._heap_timer: Timer | None = None
        self._follow_timer: Timer | None = None
        self._backfill_pending = False

    def arrived(self, event: MentionsArrived) -> None:
        if event.newer:  # paced: see the module's docstring
            self._last_arrival = time.monotonic()
            if event.settled:  # the stream caught up: the burst is over now
                if self._arrivals_timer is not None:
                    self._arrivals_timer.stop()
                    self._arrivals_timer = None
                self._show()
            elif self._arrivals_timer is None:
                self._due()
        else:
            self.host.feed.show_new()
            self._landed()
            if not self._backfill_pending:  # nobody chose a mention yet: the newest, once settled
                self._backfill_pending = True
                self.host.set_timer(0.2, self._backfill_settled)

    def _settle_heap(self) -> None:
        """Rows that arrived are long-lived: once a burst is over, take them (and the rest
        of the heap) out of the collector's full passes too (gc.freeze only skips the
        cycle collector; memory is still freed when a row is dropped), and their titles
        into the bare word's index."""
        self._heap_timer = None
        gc.freeze()
        self.host.feed.index_titles()

    def _landed(self) -> None:
        if self._heap_timer is not None:
            self._heap_timer.stop()
        self._heap_timer = self.host.set_timer(HEAP_SETTLE, self._settle_heap)

    def _due(self) -> None:
        """Show the waiting rows if the interval has passed or the burst is over; else
        look again when the first of the two can be true."""
        self._arrivals_timer = None
        now = time.monotonic()
        next_paint = self._last_paint + FEED_UPDATE_INTERVAL
        burst_over = self._last_arrival + BURST_OVER
        if now >= next_paint or now >= burst_over - 0.005:  # timers fire a little early
            self._show()
        else:
            wait = min(next_paint, burst_over) - now
            self._arrivals_timer = self.host.set_timer(wait, self._due)

    def _show(self) -> None:
        self._last_paint = time.monotonic()
        feed = self.host.feed
        if not feed.show_new():
            return
        self._landed()
        if self._follow_timer is not None:
            self._follow_timer.stop()
        self._follow_timer = self.host.set_timer(FOLLOW_AFTER, feed.follow_top)

    def _backfill_settled(self) -> None:
        self._backfill_pending = False
        self.host.feed.follow_top()  # does nothing once the user has pressed a key
