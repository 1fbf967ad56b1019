"""The one backoff helper and its two uses."""

from __future__ import annotations

from triage_tui.core.settings import SyncSettings


def test_reconnect_and_retry_delays_double_from_their_own_base_up_to_their_cap() -> None:
    s = SyncSettings(backoff_base=1.0, backoff_cap=60.0, retry_base=0.5, retry_cap=4.0, jitter=0.0)
    assert [s.reconnect_delay(n) for n in range(7)] == [1, 2, 4, 8, 16, 32, 60]
    assert [s.retry_delay(n) for n in range(1, 6)] == [0.5, 1, 2, 4, 4]
    assert s.reconnect_delay(10_000) == 60  # the exponent stops: no overflow


def test_the_jitter_spreads_each_delay_both_ways() -> None:
    s = SyncSettings(backoff_base=10.0, backoff_cap=100.0, jitter=0.3)
    delays = [s.reconnect_delay(0) for _ in range(400)]
    assert all(7.0 <= d <= 13.0 for d in delays)
    assert min(delays) < 9.0 and max(delays) > 11.0
