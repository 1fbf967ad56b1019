"""Counts from an alert's `stats` (sent by the service, not by every version of it): read
from the model's extras, tolerantly. A missing or odd value is None, never an error."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from triage_tui.api.models import Alert


def _count(value: Any) -> int | None:
    """A count as the service sends it: a string of digits ("11706") or a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def stat_total(alert: Alert, name: str) -> int | None:
    """`stats.<name>.total` of `alert` (e.g. "unread_mentions"), or None."""
    stats = (alert.model_extra or {}).get("stats")
    if not isinstance(stats, dict):
        return None
    entry = stats.get(name)
    if not isinstance(entry, dict):
        return None
    return _count(entry.get("total"))


def unread_count(alert: Alert) -> int | None:
    return stat_total(alert, "unread_mentions")
