"""Mention timestamps, kept at full precision.

The service sends up to 8 fractional digits (`2016-01-14T17:16:27.10090700+00:00`);
`datetime` keeps 6. `Timestamp` is the original string (so nothing is lost when it is
stored or sent back) with the parsed instant as integer nanoseconds for ordering.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta
from datetime import datetime as DateTime  # the type, where a method is named datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any

if TYPE_CHECKING:  # pydantic loads with the models, not with the screen's time helpers
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

#: The shapes accepted (also checked by pydantic's core where only the shape matters).
ISO_PATTERN = r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?\s*(Z|[+-]\d\d:?\d\d)?$"
_ISO = re.compile(ISO_PATTERN)


_EPOCH = date(1970, 1, 1)
#: The instants a `datetime` can hold, as nanoseconds since the epoch: anything outside
#: (a year-1 date with a +23:59 offset, epoch seconds of 1e18) is refused where it is
#: read, so no later conversion can overflow.
MIN_NS = (date(1, 1, 2) - _EPOCH).days * 86400 * 1_000_000_000
MAX_NS = (date(9999, 12, 30) - _EPOCH).days * 86400 * 1_000_000_000

_NS = 1_000_000_000

#: The instants worth showing as a date or an age. A valid ISO date may still be absurd
#: (0001-01-01 as a placeholder, 9999-12-31 as "never"): before 1990 there was no web
#: to mention anything, and more than a day ahead of the clock is beyond any time zone
#: or clock skew (up to 26 h between zones) - a broken source, not news from tomorrow.
SHOWN_FROM_NS = 631_152_000 * _NS  # 1990-01-01T00:00:00Z
SHOWN_AHEAD_NS = 86_400 * _NS


def plausible(ns: int, now: float) -> bool:
    """Whether the instant `ns` is worth showing at wall-clock time `now` (seconds)."""
    return SHOWN_FROM_NS <= ns <= int(now * _NS) + SHOWN_AHEAD_NS


def utc_datetime(ns: int) -> datetime | None:
    """The instant as a UTC datetime, or None when `datetime` cannot hold it (before
    year 1 or after 9999: an offset can push a valid text past either end)."""
    seconds, nanos = divmod(ns, _NS)
    try:
        return datetime.fromtimestamp(seconds, UTC) + timedelta(microseconds=nanos // 1000)
    except (OverflowError, OSError, ValueError):
        return None


@lru_cache(maxsize=4096)
def _epoch_days(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to the date (a stream carries few distinct dates: cached)."""
    return (date(year, month, day) - _EPOCH).days  # date() rejects a 31st of February


def _instant_ns(value: str) -> int:
    """Nanoseconds since the epoch of an ISO 8601 text, by arithmetic: a stream replay
    parses one per mention, and building datetimes cost a third of the summary's time."""
    match = _ISO.match(value.strip())
    if match is None:
        raise ValueError(f"not an ISO 8601 timestamp: {value[:40]!r}")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    h, m, sec = int(hour), int(minute), int(second)
    if h > 23 or m > 59 or sec > 59:
        raise ValueError(f"not an ISO 8601 timestamp: {value[:40]!r}")
    offset = 0
    if zone and zone != "Z":
        offset = (int(zone[1:3]) * 3600 + int(zone[-2:]) * 60) * (-1 if zone[0] == "-" else 1)
    seconds = _epoch_days(int(year), int(month), int(day)) * 86400 + h * 3600 + m * 60 + sec
    nanos = int(fraction[:9].ljust(9, "0")) if fraction else 0
    return _bounded((seconds - offset) * 1_000_000_000 + nanos, value)


def _bounded(ns: int, value: object) -> int:
    if not MIN_NS <= ns <= MAX_NS:
        raise ValueError(f"timestamp out of range: {str(value)[:40]!r}")
    return ns


_EPOCH_DATETIME = datetime(1970, 1, 1, tzinfo=UTC)


def datetime_ns(value: datetime) -> int:
    """Nanoseconds since the epoch of any datetime (naive counts as UTC); unlike
    `.timestamp()`, never raises for years 1-9999 whatever the offset."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - _EPOCH_DATETIME) // timedelta(microseconds=1) * 1000


class Timestamp(str):
    """An ISO 8601 timestamp string with `.ns` (nanoseconds since the epoch)."""

    __slots__ = ("ns",)
    ns: int

    def __new__(cls, value: str) -> Timestamp:
        ns = _instant_ns(value)
        self = super().__new__(cls, value)
        self.ns = ns
        return self

    @classmethod
    def from_ns(cls, ns: int) -> Timestamp:
        """Format like the service does (8 fractional digits, +00:00)."""
        seconds, nanos = divmod(ns, 1_000_000_000)
        base = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        return cls(f"{base}.{nanos // 10:08d}+00:00")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # One Python call per value (not a before-validator, a str check and an after-
        # validator): this runs for every mention of a replay.
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _validate, serialization=core_schema.to_string_ser_schema()
        )

    @property
    def datetime(self) -> datetime:
        """The instant, truncated to microseconds (what `datetime` can hold); raises
        ValueError outside years 1-9999 (`safe_datetime` does not)."""
        shown = utc_datetime(self.ns)
        if shown is None:
            raise ValueError(f"{self[:40]!r} is outside the years datetime can hold")
        return shown

    def safe_datetime(self) -> DateTime | None:
        """The instant as a UTC datetime, or None when it cannot be one."""
        return utc_datetime(self.ns)


def _validate(value: Any) -> Timestamp:
    """A string as sent; datetimes and epoch seconds are accepted too."""
    if isinstance(value, Timestamp):
        return value
    if isinstance(value, str):
        return Timestamp(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return Timestamp(value.isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise ValueError("a timestamp must be a finite number")
        return Timestamp.from_ns(_bounded(int(value * 1_000_000_000), value))
    raise ValueError("a timestamp must be an ISO 8601 string")


def _validate_or_none(value: Any) -> Timestamp | None:
    """`_validate`, but a date that cannot be read is unknown (None), not a reason to
    reject the whole mention."""
    if value is None:
        return None
    try:
        return _validate(value)
    except (ValueError, OverflowError):
        return None


class _MaybeTimestamp:
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _validate_or_none,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: None if v is None else str(v)
            ),
        )


#: A mention's dates: a Timestamp, or None when absent or unreadable.
MaybeTimestamp = Annotated[Timestamp | None, _MaybeTimestamp]


#: Kept for readability at the use sites.
TimestampField = Timestamp
