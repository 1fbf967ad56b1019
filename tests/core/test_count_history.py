"""Unread and inbox counts over time (core/count_history.py), with a fixed clock."""

from __future__ import annotations

from typing import Any

import pytest

from triage_tui.core.alert_stats import is_inbox, is_unread
from triage_tui.core.count_history import (
    INTERVAL,
    KEEP,
    META_KEY,
    CountHistory,
    CountPoint,
    held_alert_counts,
    series,
)
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.rows import FeedRow
from triage_tui.core.store import Store

NOW = 1_790_000_000.0
HOUR = 3600.0


def row(i: int, alert_id: int = 1, **fields: object) -> FeedRow:
    values: dict[str, Any] = {"source_type": "web", "who": "w", "title": "t"}
    values.update(fields)
    return FeedRow(id=i, alert_id=alert_id, published_ns=int(NOW * 1e9), **values)


def test_counts_per_alert_as_the_unread_and_inbox_views_count() -> None:
    rows = [
        row(1),  # unread, inbox
        row(2, read=True),  # inbox
        row(3, folder="archive"),  # unread
        row(4, folder="spam"),  # neither
        row(5, trashed=True),  # neither
        row(6, alert_id=2, read=True, folder="archive"),
        row(7, alert_id=9),  # an alert not asked for
    ]
    model = FeedModel()
    model.insert(rows)
    assert held_alert_counts(model, [1, 2, 3]) == {1: (2, 2), 2: (0, 0), 3: (0, 0)}


def _counted(rows: list[FeedRow], alert_ids: range) -> dict[int, tuple[int, int]]:
    """The same counts, one row at a time (what the stats screen counts)."""
    return {
        a: (
            sum(is_unread(r) for r in rows if r.alert_id == a),
            sum(is_inbox(r) for r in rows if r.alert_id == a),
        )
        for a in alert_ids
    }


@pytest.mark.parametrize("alerts", [7, 300])  # a coded column, and one of 256+ values
def test_the_held_counts_from_columns_match_a_pass_over_the_rows(alerts: int) -> None:
    folders = ("inbox", "archive", "spam", "trash")
    rows = [
        row(
            i,
            alert_id=i % alerts,
            read=i % 3 == 0,
            folder=folders[i % 4],
            trashed=i % 4 == 3 or i % 11 == 0,
        )
        for i in range(2_000)
    ]
    model = FeedModel()
    model.insert(rows)
    wanted = range(alerts + 2)
    assert held_alert_counts(model, wanted) == _counted(model.rows(), wanted)
    model.change(5, {"read": True, "folder": "inbox"})  # the columns follow a write
    assert held_alert_counts(model, wanted) == _counted(model.rows(), wanted)


def test_samples_are_kept_in_the_store_and_trimmed_to_30_days() -> None:
    store = Store(":memory:")
    history = CountHistory.in_store(store)
    assert history.last() is None and history.points(1) == []
    start = NOW - KEEP - 2 * INTERVAL
    history.record(start, {1: (5, 9), 2: (0, 1)})
    history.record(start + INTERVAL, {1: (6, 9)})
    history.record(NOW, {1: (3, 4)})
    # The first two are older than 30 days at NOW; alert 2 had only an old one.
    assert history.points(1) == [CountPoint(NOW, 3, 4)]
    assert history.points(2) == []
    assert history.last() == NOW
    history.record(NOW + INTERVAL, {1: (2, 4), 2: (1, 1)})
    again = CountHistory.in_store(store)  # the next run reads what this one kept
    assert again.points(1) == [CountPoint(NOW, 3, 4), CountPoint(NOW + INTERVAL, 2, 4)]
    assert again.points(2) == [CountPoint(NOW + INTERVAL, 1, 1)]
    assert store.meta(META_KEY) == {
        "1": [[NOW, 3, 4], [NOW + INTERVAL, 2, 4]],
        "2": [[NOW + INTERVAL, 1, 1]],
    }


def test_what_is_stored_wrong_is_left_out() -> None:
    stored = {
        "1": [[NOW, 1, 2], [NOW, "x", 2], [NOW, True, 2], "junk", [NOW, 1]],
        "not an alert": [[NOW, 1, 2]],
        "2": "junk",
    }
    history = CountHistory(load=lambda: stored)
    assert history.points(1) == [CountPoint(NOW, 1, 2)]
    assert history.points(2) == []
    assert CountHistory(load=lambda: ["junk"]).last() is None


def test_series_takes_the_last_sample_of_each_window() -> None:
    points = [
        CountPoint(NOW - 30 * HOUR, 9, 9),  # before the 24 windows
        CountPoint(NOW - 23.5 * HOUR, 1, 10),  # the oldest window
        CountPoint(NOW - 2 * HOUR, 2, 20),  # ends the third newest window: (end - 1h, end]
        CountPoint(NOW - 1.5 * HOUR, 3, 30),
        CountPoint(NOW - 1.2 * HOUR, 4, 40),  # the second newest: the last one wins
        CountPoint(NOW + 0.5 * HOUR, 5, 50),  # a little ahead: the newest window
        CountPoint(NOW + 2 * HOUR, 6, 60),  # too far ahead: none
    ]
    windows = series(points, NOW, HOUR, 24)
    assert len(windows) == 24
    assert windows[0] == CountPoint(NOW - 23.5 * HOUR, 1, 10)
    assert windows[21] == CountPoint(NOW - 2 * HOUR, 2, 20)
    assert windows[22] == CountPoint(NOW - 1.2 * HOUR, 4, 40)
    assert windows[23] == CountPoint(NOW + 0.5 * HOUR, 5, 50)
    assert all(w is None for w in windows[1:21])
