"""Writing a replay's mentions: against the old layout, and beside a busy thread."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
import time

from triage_tui.bench.result import Result, result


def _replay_order(n: int, alerts: int = 10) -> list[int]:
    """Mention ids as a replay of several alerts sends them: each alert's ascending,
    the alerts' ids interleaved (a mention's id is global)."""
    return [i for a in range(alerts) for i in range(1 + a, n + 1, alerts)]


def store_writes(n: int) -> dict[str, Result]:
    """`n` mentions in replay order into the store: against a table keyed by mention id
    (its layout before), and beside a thread keeping the GIL busy (the event loop during
    a replay) against the same write with that thread idle."""
    from triage_tui.core.store import Store

    payload = json.dumps({"text": "x" * 2000})
    rows = [(i, i % 10, payload, "[]") for i in _replay_order(n)]

    def timed(busy: bool) -> float:
        stop = threading.Event()

        def spin() -> None:
            while not stop.is_set():
                sum(range(200))  # pure Python: holds the GIL like parsing does

        with tempfile.TemporaryDirectory() as folder:
            store = Store(os.path.join(folder, "s.db"))
            worker = threading.Thread(target=spin)
            if busy:
                worker.start()
            start = time.perf_counter()
            for first in range(0, n, 1000):
                store.put_mentions(rows[first : first + 1000])
            took = time.perf_counter() - start
            stop.set()
            if busy:
                worker.join()
            store.close()
        return took

    def keyed_by_id() -> float:
        with tempfile.TemporaryDirectory() as folder:
            db = sqlite3.connect(os.path.join(folder, "s.db"), isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA wal_autocheckpoint=16384")
            db.execute(
                "CREATE TABLE mentions (id INTEGER PRIMARY KEY, alert_id INTEGER NOT NULL, "
                "json TEXT NOT NULL, row TEXT)"
            )
            start = time.perf_counter()
            for first in range(0, n, 1000):
                part = rows[first : first + 1000]
                db.execute("BEGIN")
                db.execute(
                    "INSERT OR REPLACE INTO mentions VALUES "
                    + ", ".join(["(?, ?, ?, ?)"] * len(part)),
                    [v for row in part for v in row],
                )
                db.execute("COMMIT")
            took = time.perf_counter() - start
            db.close()
        return took

    idle = timed(False)
    return {
        f"store: {n:,} in replay order vs keyed by mention id (s)": result(idle, keyed_by_id()),
        f"store: {n:,} written beside a busy thread vs idle (s)": result(timed(True), idle),
    }
