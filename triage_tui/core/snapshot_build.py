"""The feed snapshot (core/feed_snapshot.py) built, in a process of its own.

A start that read many stored rows with no snapshot, or one much changed since, has it
built again (`worth_building`) by `build_apart`: `python -m triage_tui.core.snapshot_build
DATABASE`, a child process (a second core; the app's event loop is never held), which
`build`s it from one read of the store.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys

from triage_tui.core import feed_snapshot
from triage_tui.core.convert import unpack_rows
from triage_tui.core.feed_order import sort_newest_first
from triage_tui.core.feed_snapshot import BUILDING, FORMAT, Part, encode
from triage_tui.core.lease import held_alone
from triage_tui.core.rows import FeedRow
from triage_tui.core.store_schema import NEWEST_FIRST


def build(path: str) -> int:
    """The snapshot of the store at `path`, written in place of the last one; returns its
    rows. Rows that do not unpack from their packed text are noted stale (a start reads
    them the slow way, from their JSON). Another build running: returns -1 at once."""
    with held_alone(f"{path}.snapshot-lock") as locked:
        if not locked:
            return -1
        db = sqlite3.connect(path, isolation_level=None, timeout=30)
        try:
            # Turn the triggers on first: every write from here on is noted stale, and
            # those up to the read below are in what it reads.
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, '\"building\"')",
                (BUILDING,),
            )
            db.execute("BEGIN")
            mark = db.execute("SELECT coalesce(max(seq), 0) FROM feed_stale").fetchone()[0]
            unreadable: list[int] = []

            def skip(mention_id: int, packed: str | None, json_text: str | None) -> None:
                unreadable.append(mention_id)

            # Newest first from the published index, without the JSON, a part at a time
            # (a part's rows are dropped once encoded: a million rows never sit here).
            cursor = db.execute(
                "SELECT id, alert_id, row, NULL FROM mentions "
                f"INDEXED BY mentions_by_published ORDER BY {NEWEST_FIRST}"
            )
            parts: list[Part] = []
            everything = _Everything()
            size = feed_snapshot.FIRST_ROWS
            while raw := cursor.fetchmany(size):
                size = feed_snapshot.PART_ROWS
                rows = _machine_sized(unpack_rows([raw], everything, (), skip), unreadable)
                sort_newest_first(rows)  # in order already, but for a damaged date
                if rows:
                    parts.append(encode(rows))
            db.execute("COMMIT")
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM feed_snapshot")
            db.executemany(
                "INSERT INTO feed_snapshot (part, format, count, ids, published, found, flags, "
                "codes, value_lists, titles) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(i, FORMAT, *p.columns()) for i, p in enumerate(parts)],
            )
            db.execute("DELETE FROM feed_stale WHERE seq <= ?", (mark,))
            db.executemany("INSERT INTO feed_stale (id) VALUES (?)", [(i,) for i in unreadable])
            db.execute("COMMIT")
            return sum(p.count for p in parts)
        finally:
            db.close()


_LOW, _HIGH = -(2**63), 2**63


def _machine_sized(rows: list[FeedRow], others: list[int]) -> list[FeedRow]:
    """The rows whose id and dates fit the columns' 64 bits; the ids of the rest go to
    `others` (a date past the year 2262 read from the service, say)."""
    fits = [
        _LOW <= r.id < _HIGH and _LOW <= r.published_ns < _HIGH and _LOW <= r.found_ns < _HIGH
        for r in rows
    ]
    if all(fits):
        return rows
    others.extend(r.id for r, fit in zip(rows, fits, strict=True) if not fit)
    return [r for r, fit in zip(rows, fits, strict=True) if fit]


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


def worth_building(rows: int, from_snapshot: int, stale: int, at_least: int) -> bool:
    """Whether a start that read `rows` (`from_snapshot` of them from a snapshot that had
    `stale` ids noted since) should have the snapshot built again: a store of `at_least`
    rows with none, or one that a tenth or more has changed since (each stale row is
    unpacked the slow way)."""
    if rows < at_least:
        return False
    return not from_snapshot or stale > max(at_least // 5, rows // 10)


async def build_apart(path: str) -> None:
    """`build` in a child process (a second core; the app's event loop is never held),
    waited for; cancelled, the child is stopped (its write is one transaction: nothing
    half-written stays). Raises RuntimeError with the child's last line if it failed."""
    # The child needs none of the app's settings, least of all its access token.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTION_")}
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "triage_tui.core.snapshot_build",
        path,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        start_new_session=True,  # the terminal's signals (a Ctrl+C, a hang-up) are the app's
    )
    try:
        _, err = await child.communicate()
    except asyncio.CancelledError:
        if child.returncode is None:
            child.terminate()
            await child.wait()
        raise
    if child.returncode:
        lines = err.decode(errors="replace").strip().splitlines() or ["no message"]
        raise RuntimeError(f"exit {child.returncode}: {lines[-1]}")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m triage_tui.core.snapshot_build DATABASE", file=sys.stderr)
        return 2
    if hasattr(os, "nice"):
        os.nice(10)  # beside the app the user is working in
    build(argv[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
