"""Mention timestamps, kept at full precision.

The service sends up to 8 fractional digits (`2016-01-14T17:16:27.10090700+00:00`);
`datetime` keeps 6. `Timestamp` is the original string (so nothing is lost when it is
stored or sent back) with the parsed instant as integer nanoseconds for ordering.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

_ISO = re.compile(
    r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?\s*(Z|[+-]\d\d:?\d\d)?$"
)


class Timestamp(str):
    """An ISO 8601 timestamp string with `.ns` (nanoseconds since the epoch)."""

    __slots__ = ("ns",)
    ns: int

    def __new__(cls, value: str) -> Timestamp:
        match = _ISO.match(value.strip())
        if match is None:
            raise ValueError(f"not an ISO 8601 timestamp: {value[:40]!r}")
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        tz = UTC
        if zone and zone != "Z":
            sign = -1 if zone[0] == "-" else 1
            hours, minutes = int(zone[1:3]), int(zone[-2:])
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        base = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=tz
        )
        seconds = int(base.timestamp())
        nanos = int((fraction or "0")[:9].ljust(9, "0"))
        self = super().__new__(cls, value)
        self.ns = seconds * 1_000_000_000 + nanos
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
        return core_schema.no_info_before_validator_function(
            _to_text,
            core_schema.no_info_after_validator_function(cls, core_schema.str_schema()),
            serialization=core_schema.to_string_ser_schema(),
        )

    @property
    def datetime(self) -> datetime:
        """The instant, truncated to microseconds (what `datetime` can hold)."""
        seconds, nanos = divmod(self.ns, 1_000_000_000)
        return datetime.fromtimestamp(seconds, UTC) + timedelta(microseconds=nanos // 1000)


def _to_text(value: Any) -> Any:
    """Accept datetimes and epoch seconds as well as strings."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(Timestamp.from_ns(int(value * 1_000_000_000)))
    return value


#: Kept for readability at the use sites.
TimestampField = Timestamp
