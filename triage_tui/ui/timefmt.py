"""Absolute and relative times for the screen, against an injectable clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

#: Seconds since the epoch. Tests and screenshots pass a fixed one.
Clock = Callable[[], float]

system_clock: Clock = time.time


def absolute(ns: int | None) -> str:
    """`2026-11-23 00:44 UTC` (UTC, so a screenshot reads the same everywhere)."""
    if ns is None:
        return "—"
    return datetime.fromtimestamp(ns / 1e9, UTC).strftime("%Y-%m-%d %H:%M UTC")


def relative(ns: int | None, now: float) -> str:
    """`just now`, `5m ago`, `3h ago`, `2d ago`, `in 4m` for the future."""
    if ns is None:
        return ""
    delta = now - ns / 1e9
    ahead = delta < 0
    delta = abs(delta)
    if delta < 45:
        return "just now"
    for size, unit in ((86400 * 365, "y"), (86400, "d"), (3600, "h"), (60, "m")):
        if delta >= size:
            amount = f"{int(delta // size)}{unit}"
            return f"in {amount}" if ahead else f"{amount} ago"
    return "just now"
