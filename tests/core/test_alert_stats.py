"""The alert's picture from held rows, with a fixed clock."""

from __future__ import annotations

from triage_tui.api.models import Mention
from triage_tui.core.alert_stats import (
    DAY_NS,
    DAYS,
    HOUR_NS,
    HOURS,
    TOP,
    Origin,
    alert_stats,
    mention_origin,
)
from triage_tui.core.rows import FeedRow

NOW = 1_790_000_000.0  # seconds
NOW_NS = int(NOW * 1e9)


def row(i: int, age_ns: int, alert_id: int = 1, **fields: object) -> FeedRow:
    values: dict[str, object] = {"source_type": "web", "who": f"w{i}", "title": "t"}
    values.update(fields)
    return FeedRow(id=i, alert_id=alert_id, published_ns=NOW_NS - age_ns, **values)  # type: ignore[arg-type]


def test_hours_and_days_are_rolling_windows_ending_now() -> None:
    rows = [
        row(1, 0),  # now: the newest hour
        row(2, HOUR_NS - 1),  # still the newest hour
        row(3, HOUR_NS),  # the hour before
        row(4, 23 * HOUR_NS + 5),  # the oldest hour of the 24
        row(5, 24 * HOUR_NS + 5),  # before the 24 hours: yesterday's day window
        row(6, 29 * DAY_NS + 5),  # the oldest day of the 30
        row(7, 31 * DAY_NS),  # outside both
    ]
    stats = alert_stats(rows, 1, NOW)
    assert len(stats.hourly) == HOURS and len(stats.daily) == DAYS
    assert stats.hourly[-1] == 2
    assert stats.hourly[-2] == 1
    assert stats.hourly[0] == 1
    assert stats.last_24h == 4
    assert stats.daily[-1] == 4
    assert stats.daily[-2] == 1
    assert stats.daily[0] == 1
    assert stats.last_30d == 6
    assert stats.held == 7


def test_windows_before_the_oldest_mention_held_are_unknown_not_zero() -> None:
    stats = alert_stats([row(1, 0), row(2, 3 * HOUR_NS + 10)], 1, NOW)
    # Held since 3h ago: the hour windows before that are not held, the rest are counted.
    assert stats.hourly[:20] == (None,) * 20
    assert stats.hourly[20:] == (1, 0, 0, 1)
    assert stats.daily[:-1] == (None,) * (DAYS - 1)
    assert stats.daily[-1] == 2
    assert stats.held_since_ns == NOW_NS - 3 * HOUR_NS - 10


def test_nothing_held() -> None:
    stats = alert_stats([row(1, 0, alert_id=2)], 1, NOW)
    assert stats.held == 0 and stats.held_since_ns is None
    assert stats.hourly == (None,) * HOURS
    assert stats.tones.total == 0 and stats.networks == ()


def test_a_little_ahead_counts_now_far_ahead_or_undated_nowhere() -> None:
    rows = [
        row(1, -HOUR_NS),  # an hour ahead (a time zone): the newest window
        row(2, -2 * DAY_NS),  # two days ahead: a broken date
        FeedRow(id=3, alert_id=1, published_ns=0, source_type="web", who="", title=""),
    ]
    stats = alert_stats(rows, 1, NOW)
    assert stats.hourly[-1] == 1 and stats.last_24h == 1 and stats.last_30d == 1
    assert stats.held == 3  # still held, counted in tone and sources


def test_only_the_alert_asked_for() -> None:
    rows = [row(1, 0, alert_id=1), row(2, 0, alert_id=2), row(3, 0, alert_id=2)]
    assert alert_stats(rows, 2, NOW).held == 2
    assert alert_stats(rows, 2, NOW).last_24h == 2


def test_tone_split_with_unknown_values() -> None:
    tones = [1, 1, 0, -1, -1, -1, 5]
    rows = [row(i, 0, tone=t) for i, t in enumerate(tones)]
    split = alert_stats(rows, 1, NOW).tones
    assert (split.positive, split.neutral, split.negative, split.unknown) == (2, 1, 3, 1)
    assert split.total == len(tones)


def test_unread_and_inbox_follow_the_views() -> None:
    rows = [
        row(1, 0),  # inbox, unread
        row(2, 0, read=True),  # inbox, read
        row(3, 0, folder="archive"),  # unread, not inbox
        row(4, 0, folder="spam"),  # irrelevant: neither
        row(5, 0, folder="trash", trashed=True),  # neither
        row(6, 0, trashed=True),  # trashed by the flag alone: neither
    ]
    stats = alert_stats(rows, 1, NOW)
    assert stats.unread == 2
    assert stats.inbox == 2


def test_top_networks_sites_and_authors_most_first_ties_by_name() -> None:
    networks = ["twitter"] * 3 + ["news"] * 2 + ["blogs"] * 2 + ["a", "b", "c", "d"]
    rows = [row(i, 0, source_type=n) for i, n in enumerate(networks)]
    origins = {r.id: Origin(site=f"site{r.id % 2}", author="" if r.id % 3 else "ana") for r in rows}
    stats = alert_stats(rows, 1, NOW, origin_of=lambda r: origins[r.id])
    assert stats.networks == (("twitter", 3), ("blogs", 2), ("news", 2), ("a", 1), ("b", 1))
    assert len(stats.networks) == TOP
    assert stats.sites == (("site0", 6), ("site1", 5))
    assert stats.authors == (("ana", 4),)  # an unknown author is not a name
    assert stats.origins_read == len(rows)


def test_origins_read_for_at_most_the_limit_and_none_skipped() -> None:
    rows = [row(i, i) for i in range(10)]
    asked: list[int] = []

    def origin_of(r: FeedRow) -> Origin | None:
        asked.append(r.id)
        return None if r.id == 0 else Origin("s", "a")

    stats = alert_stats(rows, 1, NOW, origin_of=origin_of, detail_limit=3)
    assert asked == [0, 1, 2, 3]  # the unreadable one does not count towards the limit
    assert stats.origins_read == 3
    assert stats.sites == (("s", 3),)


def test_mention_origin_reads_site_and_author_as_one_line() -> None:
    mention = Mention.model_validate(
        {
            "id": "5",
            "alert_id": 1,
            "source_name": "Evil\nSite\x1b[31m",
            "author_influence": {"name": None, "realname": "Ana\u202eB"},
        }
    )
    origin = mention_origin(mention)
    assert origin is not None
    assert "\n" not in origin.site and "\x1b" not in origin.site
    assert "\u202e" not in origin.author
    bare = Mention.model_validate(
        {"id": "6", "alert_id": 1, "original_url": "https://example.org/a/b"}
    )
    assert mention_origin(bare) == Origin("example.org", "")
    assert mention_origin(None) is None
