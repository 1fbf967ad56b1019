"""A picture of one alert from the mentions held: how many per hour and per day, the
tone split, the top networks, sites and authors, unread and inbox counts.

Pure: the rows, the clock (`now`, seconds since the epoch) and, optionally, a way to read
a mention's site and author are passed in, so the same input always gives the same
picture. Every string here was sanitized when its row (or mention) was built.

Decisions where the issue is silent:
- Hours and days are rolling windows ending at `now` (the last bar is the last 60
  minutes, the last 24 hours; each window is (end - width, end]), not calendar days: no
  time zone to guess.
- A mention dated up to a day ahead of the clock counts in the newest window (a clock a
  little off, or a time zone); one further ahead, or with no date (0), in none of them.
- What is held may start later than a window: `held_since_ns` is the oldest mention
  held, and a window that ends before it is "not held" (unknown), not zero.
- Unread counts what the Unread view shows (not read, not trashed, not irrelevant);
  inbox what the Inbox view shows (folder inbox, not trashed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import not_
from typing import TYPE_CHECKING

from triage_tui.core.columns import Columns
from triage_tui.core.masks import Mask, mask_and
from triage_tui.core.rows import FeedRow
from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from triage_tui.api.models import Mention

HOUR_NS = 3_600 * 1_000_000_000
DAY_NS = 24 * HOUR_NS
HOURS = 24
DAYS = 30
#: How many names each "top" list keeps.
TOP = 5
#: Sites and authors are read from the full mentions, for at most this many (the newest;
#: within the Session's cache of parsed mentions, 256, so opening the screen again is cheap).
DETAIL_LIMIT = 200

TONES = {1: "positive", 0: "neutral", -1: "negative"}


@dataclass(frozen=True, slots=True)
class Origin:
    """What the stats read beyond the row: the site and the author ("" when unknown)."""

    site: str
    author: str


#: A mention's site and author by its row, or None when it cannot be read.
OriginOf = Callable[[FeedRow], "Origin | None"]


@dataclass(frozen=True, slots=True)
class ToneSplit:
    positive: int = 0
    neutral: int = 0
    negative: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.positive + self.neutral + self.negative + self.unknown


@dataclass(frozen=True, slots=True)
class AlertStats:
    alert_id: int
    now: float
    held: int  # mentions of the alert held
    held_since_ns: int | None  # the oldest one's date (None: none held with a date)
    hourly: tuple[int | None, ...]  # HOURS windows, oldest first; None: not held
    daily: tuple[int | None, ...]  # DAYS windows, oldest first; None: not held
    tones: ToneSplit
    networks: tuple[tuple[str, int], ...]  # (network, count), most first
    sites: tuple[tuple[str, int], ...]
    authors: tuple[tuple[str, int], ...]
    origins_read: int  # how many mentions sites and authors were counted over
    unread: int
    inbox: int

    @property
    def last_24h(self) -> int:
        return sum(n or 0 for n in self.hourly)

    @property
    def last_30d(self) -> int:
        return sum(n or 0 for n in self.daily)


def _windows(
    stamps: list[int], now_ns: int, width: int, count: int, since: int | None
) -> tuple[int | None, ...]:
    counts = [0] * count
    start = now_ns - width * count
    for ns in stamps:
        if ns <= start:
            continue
        # Windows are (end - width, end]: the newest ends at now; a little ahead goes there.
        index = min((ns - start - 1) // width, count - 1)
        counts[index] += 1
    # A window that ends before the oldest mention held is unknown, not empty (the
    # newest window also holds what is a little ahead, so one with mentions is known).
    return tuple(
        None if n == 0 and (since is None or start + width * (i + 1) <= since) else n
        for i, n in enumerate(counts)
    )


def is_unread(row: FeedRow) -> bool:
    """Whether the Unread view shows the row: not read, trashed or irrelevant."""
    return not row.read and not row.trashed and row.folder != "spam"


def is_inbox(row: FeedRow) -> bool:
    """Whether the Inbox view shows the row: in the inbox, not trashed."""
    return row.folder == "inbox" and not row.trashed


def unread_mask(columns: Columns) -> Mask:
    """`is_unread` of every row of `columns`, in C-level passes over its columns."""
    kept = columns.where("read", not_)
    kept = mask_and(kept, columns.where("trashed", not_))
    return mask_and(kept, columns.where("folder", lambda folder: folder != "spam"))


def inbox_mask(columns: Columns) -> Mask:
    """`is_inbox` of every row of `columns`."""
    inbox = columns.where("folder", lambda folder: folder == "inbox")
    return mask_and(inbox, columns.where("trashed", not_))


def _top(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    # Most first; ties by name, so the same rows always give the same list.
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))[:TOP])


def alert_stats(
    rows: Iterable[FeedRow],
    alert_id: int,
    now: float,
    *,
    origin_of: OriginOf | None = None,
    detail_limit: int = DETAIL_LIMIT,
) -> AlertStats:
    """The picture of `alert_id` from `rows` (newest first, as `Session.rows(alert_id)`
    gives them; rows of other alerts are passed over; another order gives the same
    counts, but sites and authors are read from the first `detail_limit` of the
    alert's rows)."""
    now_ns = int(now * 1_000_000_000)
    horizon = now_ns + DAY_NS  # further ahead than a time zone: a broken date
    stamps: list[int] = []
    tones = Counter[int]()
    networks = Counter[str]()
    sites = Counter[str]()
    authors = Counter[str]()
    held = unread = inbox = origins_read = 0
    for row in rows:
        if row.alert_id != alert_id:
            continue
        held += 1
        if 0 < row.published_ns <= horizon:
            stamps.append(row.published_ns)
        tones[row.tone if row.tone in TONES else 2] += 1
        networks[row.source_type or "unknown"] += 1
        unread += is_unread(row)
        inbox += is_inbox(row)
        if origin_of is not None and origins_read < detail_limit:
            origin = origin_of(row)
            if origin is not None:
                origins_read += 1
                if origin.site:
                    sites[origin.site] += 1
                if origin.author:
                    authors[origin.author] += 1
    since = min(stamps) if stamps else None
    return AlertStats(
        alert_id=alert_id,
        now=now,
        held=held,
        held_since_ns=since,
        hourly=_windows(stamps, now_ns, HOUR_NS, HOURS, since),
        daily=_windows(stamps, now_ns, DAY_NS, DAYS, since),
        tones=ToneSplit(tones[1], tones[0], tones[-1], tones[2]),
        networks=_top(networks),
        sites=_top(sites),
        authors=_top(authors),
        origins_read=origins_read,
        unread=unread,
        inbox=inbox,
    )


def mention_origin(mention: Mention | None) -> Origin | None:
    """A full mention's site (its source's name, else its host) and author (the
    influence's handle, else real name), each one line and cut to 60 characters."""
    if mention is None:
        return None
    site = mention.source_name or _host(
        mention.source_url or mention.displayable_url or mention.original_url
    )
    author = mention.author_influence
    name = (author.name or author.realname) if author is not None else None
    return Origin(one_line(site)[:60], one_line(name)[:60])


def _host(url: str | None) -> str:
    if not url:
        return ""
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0]
