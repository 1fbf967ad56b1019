"""How two queued PUT bodies for one mention combine into one (the outbox's rule)."""

from __future__ import annotations

from typing import Any


def merge_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any] | None:
    """One PUT body with the effect of sending `old` then `new`, or None when no single
    body has it. The service applies read, favorite, folder, trashed in a fixed order, so
    a plain dict merge is wrong in two cases: un-reading after a favorite (favorite would
    mark it read again) and un-trashing after a folder move (the folder would win)."""
    if old.get("favorite") is True and "favorite" not in new and new.get("read") is False:
        return None
    if "trashed" in new and "folder" not in new and ("folder" in old or "trashed" in old):
        if new["trashed"] is not True:
            return None
        old = {k: v for k, v in old.items() if k not in ("folder", "trashed")}
    if "folder" in new:  # a folder decides trashed too: what came before no longer matters
        old = {k: v for k, v in old.items() if k != "trashed"}
    return {**old, **new}
