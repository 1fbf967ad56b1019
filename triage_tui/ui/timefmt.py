"""Absolute and relative times for the screen, against an injectable clock.

A time the screen cannot trust (one `datetime` cannot hold, or outside what
`api.timestamps.plausible` allows) shows as "unknown", and its age as "?".
"""

from __future__ import annotations

import time
from collections.abc import Callable

from triage_tui.api.timestamps import plausible, utc_datetime

#: Seconds since the epoch. Tests and screenshots pass a fixed one.
Clock = Callable[[], float]

system_clock: Clock = time.time

UNKNOWN = "unknown"
UNKNOWN_AGE = "?"
_AGE_UNITS = ((86400 * 365, "y"), (86400, "d"), (3600, "h"), (60, "m"))


def _shown(ns: int, now: float, fmt: str) -> str:
    shown = utc_datetime(ns) if plausible(ns, now) else None
    return shown.strftime(fmt) if shown is not None else UNKNOWN


def absolute(ns: int | None, now: float) -> str:
    """`2026-11-23 00:44 UTC` (UTC, so a screenshot reads the same everywhere)."""
    if ns is None:
        return "—"
    return _shown(ns, now, "%Y-%m-%d %H:%M UTC")


def day(ns: int, now: float) -> str:
    """`2026-11-23` (UTC)."""
    return _shown(ns, now, "%Y-%m-%d")


def relative(ns: int | None, now: float) -> str:
    """`just now`, `5m ago`, `3h ago`, `2d ago`, `in 4m` for the future."""
    if ns is None:
        return ""
    if not plausible(ns, now):
        return UNKNOWN
    delta = now - ns / 1e9
    ahead = delta < 0
    delta = abs(delta)
    if delta < 45:
        return "just now"
    for size, unit in _AGE_UNITS:
        if delta >= size:
            amount = f"{int(delta // size)}{unit}"
            return f"in {amount}" if ahead else f"{amount} ago"
    return "just now"


def short_age(ns: int, now: float) -> str:
    """`now`, `5m`, `3h`, `2d`, `1y` for the feed; a slightly future time is `now`."""
    if not plausible(ns, now):
        return UNKNOWN_AGE
    seconds = max(0, int(now - ns / 1e9))
    for size, unit in _AGE_UNITS:
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return "now"
