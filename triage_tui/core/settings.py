"""Timings of sync: backoff, stall bound, outbox retries. `fast()` for tests."""

from __future__ import annotations

import random
from dataclasses import dataclass

from triage_tui.api.endpoints import KEEPALIVE_SECONDS


@dataclass(frozen=True)
class SyncSettings:
    backoff_base: float = 1.0  # first reconnect delay, seconds
    backoff_cap: float = 60.0
    jitter: float = 0.3  # +/- fraction of each delay
    stall_timeout: float = 2 * KEEPALIVE_SECONDS  # no byte for this long: the stream is dead
    retry_base: float = 1.0  # outbox retry after 5xx / network errors
    retry_cap: float = 60.0
    put_pacing: float = 0.05  # between PUTs, so a bulk action does not hammer the service
    backfill_page: int = 100
    backfill_limit: int = 500  # per alert on start
    # Requests at once where a start asks one per alert (tags, the back-fill's pages):
    # a round trip each, one after the other, kept an agency's stream from opening for
    # minutes; a few at a time stays polite to the service (its limit is not documented).
    parallel_requests: int = 6
    batch_window: float = 0.02  # stream arrivals are handed to the screen in batches
    cache_size: int = 256  # full mentions kept parsed (the rest are in the store)
    store_keep: int = 20_000  # mentions kept in the local store per alert (newest ids)
    # A start that reads this many stored rows has the feed snapshot built (in a child
    # process) for the next one (core/feed_snapshot.py): below it, unpacking is quick.
    snapshot_from: int = 50_000
    # While another app holds the account's one stream: one list call per alert each
    # poll_interval (1,440 a day at 60 s, within the 3,600 per alert per day, leaving
    # room for the back-fill and folder views), the stream tried again after
    # polls_per_retake polls (every 5 minutes).
    poll_interval: float = 60.0
    polls_per_retake: int = 5
    # The folder views' older pages (core/folder_pages.py): mentions a page, and list
    # calls per alert per rolling day (with polling's 1,440 and the back-fill's few per
    # start, inside the documented 3,600).
    folder_page: int = 100
    folder_calls_per_day: int = 1_000
    # Teammates' changes to the mentions on screen (core/teammates.py): one list call per
    # alert on screen per interval; 720 a day at 120 s, its own share of the budget.
    refresh_interval: float = 120.0
    refresh_calls_per_day: int = 720
    # The stats screen's older mentions (core/alert_history.py): at most `history_pages`
    # pages of `history_page` (the endpoint's largest) per opening, and
    # `history_calls_per_day` list calls per alert per rolling day. With polling 1,440,
    # folder views 1,000 and teammates 720: 3,260 of the documented 3,600, leaving 340
    # for the inbox back-fill and gap fills.
    history_page: int = 1_000
    history_pages: int = 5
    history_calls_per_day: int = 100

    @classmethod
    def fast(cls) -> SyncSettings:
        return cls(
            backoff_base=0.02,
            backoff_cap=0.2,
            jitter=0.2,
            stall_timeout=1.0,
            retry_base=0.01,
            retry_cap=0.05,
            put_pacing=0.0,
            batch_window=0.01,
            poll_interval=0.1,
            refresh_interval=0.2,
        )

    def backoff(self, exponent: int, *, base: float, cap: float) -> float:
        """The one backoff: `base * 2**exponent` (the exponent stops at 10), capped at
        `cap`, then spread by +/- `jitter` so clients that failed together do not come
        back together."""
        delay = min(cap, base * 2 ** min(exponent, 10))
        return delay * (1 + random.uniform(-self.jitter, self.jitter))

    def reconnect_delay(self, failures: int) -> float:
        """Before the next connection (the stream, a supervised task), after `failures`
        failures in a row: two base delays after the first."""
        return self.backoff(failures, base=self.backoff_base, cap=self.backoff_cap)

    def retry_delay(self, failures: int) -> float:
        """Before an outbox action is sent again, after `failures` (at least 1) failures
        in a row: one retry base after the first."""
        return self.backoff(failures - 1, base=self.retry_base, cap=self.retry_cap)
