"""`doctor`'s look at the local stores: each state database in the state directory, how
many mentions it keeps, and whether a start can read them from the feed snapshot
(core/feed_snapshot.py) or will unpack every one. Read-only: nothing is written."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from triage_tui.core.feed_snapshot import FORMAT
from triage_tui.core.settings import SyncSettings


def _size(path: Path) -> str:
    size = path.stat().st_size
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def store_lines(folder: Path, at_least: int | None = None) -> list[tuple[bool, str]]:
    """(fine, text) per state database in `folder`; not fine: worth knowing (no snapshot
    where a start would want one, or a database that does not read)."""
    at_least = SyncSettings().snapshot_from if at_least is None else at_least
    paths = sorted(folder.glob("state-*.db")) if folder.is_dir() else []
    if not paths:
        return [(True, f"local store: none yet in {folder} (made at the first start)")]
    return [_one(path, at_least) for path in paths]


def _one(path: Path, at_least: int) -> tuple[bool, str]:
    name = f"local store {path.name}"
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            mentions = db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
            try:
                snapshot = db.execute(
                    "SELECT coalesce(sum(count), 0) FROM feed_snapshot WHERE format = ?",
                    (FORMAT,),
                ).fetchone()[0]
                stale = db.execute("SELECT COUNT(DISTINCT id) FROM feed_stale").fetchone()[0]
            except sqlite3.OperationalError:  # from before the snapshot: no such table
                snapshot = stale = 0
    except sqlite3.Error as error:
        return False, f"{name}: does not read ({error}); the app opens it the same way"
    held = f"{name}: {mentions:,} mentions ({_size(path)})"
    if snapshot:
        return True, f"{held}; start-up snapshot of {snapshot:,} rows, {stale:,} changed since"
    if mentions >= at_least:
        return False, (
            f"{held}, no start-up snapshot yet: the next start reads every row (seconds at "
            "a million) and has one built for the one after"
        )
    return True, held
