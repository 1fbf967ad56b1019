"""A state database of N mentions over 100 alerts, built through the project's own code.

A pool of mentions is made by the simulator's factory and read by the client's model
(`Mention.model_validate`); each stored mention is a pool mention with its own id, alert
and date (`model_copy`), made a row and a saved copy by `core.convert` and written by
`Store.put_mentions` 2,000 a transaction, as the write-behind does. The `session` meta an
offline start needs (account, alerts, app data, tags) is written the way the Session
writes it.

Building 1,000,000 takes a minute or two here, so a built database is kept in
`CACHE_DIR` (/tmp) under a name that changes with the store's and the rows' code: a
second run of the benchmark reuses it. Copy it before opening it with the app.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

#: Alerts in the database (100, so the per-alert prune of 20,000 keeps every mention).
ALERTS = 100
POOL = 5_000
CACHE_DIR = Path(tempfile.gettempdir()) / "mention-triage-bench"
ACCOUNT = "bench-account"


def _code_version() -> str:
    """Changes when the code that writes the database does."""
    import inspect

    from triage_tui.core import convert, feed_snapshot, snapshot_build, store, store_schema

    digest = hashlib.sha1()  # what decides the database's contents, not how it is read
    schema = store_schema
    for part in (
        schema.SCHEMA,
        *schema.TEXT_SCHEMA,
        schema.MIGRATE_TO_SEQ,
        schema.NEWEST_FIRST,
        schema.SNAPSHOT_SCHEMA,
        feed_snapshot.FORMAT,
    ):
        digest.update(part.encode())
    for code in (
        store.Store.__init__,
        store.Store.put_mentions,
        convert.pack_row,
        feed_snapshot.encode,
        snapshot_build.build,
    ):
        digest.update(inspect.getsource(code).encode())
    digest.update(inspect.getsource(build).encode())
    return digest.hexdigest()[:10]


def alert_dicts() -> list[dict[str, Any]]:
    from triage_tui.sim.data import ALERTS as SIM_ALERTS

    return [
        dict(SIM_ALERTS[i % len(SIM_ALERTS)], id=3_000_000 + i, name=f"Bench alert {i}")
        for i in range(ALERTS)
    ]


def build(path: Path, n: int) -> None:
    from triage_tui.api.models import Account, Alert, AppData, Mention
    from triage_tui.api.timestamps import Timestamp
    from triage_tui.core import snapshot_build
    from triage_tui.core.convert import pack_row, to_row
    from triage_tui.core.store import Store
    from triage_tui.sim.account_data import app_data
    from triage_tui.sim.data import MentionFactory

    alerts = alert_dicts()
    factory = MentionFactory(21, count=POOL)
    size = max(1, min(POOL, n))
    pool = [Mention.model_validate(factory.make(alerts[i % ALERTS])) for i in range(size)]
    store = Store(path)
    newest = max(m.published_at.ns for m in pool if m.published_at is not None)
    step = 60 * 1_000_000_000 * 24 * 365 // max(n, 1)  # a year of mentions, evenly
    batch: list[tuple[int, int, str, str]] = []
    for i in range(n):
        base = pool[i % size]
        alert_id = alerts[i % ALERTS]["id"]
        published = newest - (n - i) * step + (i * 7919) % step
        # Found up to an hour after it was published, each its own (a pool mention's
        # found date, copied, put thousands of rows on one date in the found order).
        found = published + (i * 104_729) % 3600 * 1_000_000_000
        mention = base.model_copy(
            update={
                "id": str(600_000_000 + i),
                "alert_id": alert_id,
                "published_at": Timestamp.from_ns(published),
                "created_at": Timestamp.from_ns(found),
            }
        )
        row = to_row(mention)
        batch.append((row.id, row.alert_id, mention.model_dump_json(by_alias=True), pack_row(row)))
        if len(batch) == 2000:
            store.put_mentions(batch)
            batch = []
    store.put_mentions(batch)
    store.set_meta(
        "session",
        {
            "account": Account(id=ACCOUNT).model_dump(mode="json"),
            "alerts": [Alert.model_validate(a).model_dump(mode="json") for a in alerts],
            "app_data": AppData.model_validate(app_data()).model_dump(mode="json"),
            "tags": {},
        },
    )
    store.checkpoint()
    store.close()
    # As the app's first start leaves it (a child process builds it after the load).
    snapshot_build.build(str(path))


def cached_store(n: int) -> Path:
    """The path of a database of `n` mentions, built once per code version."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"store-{n}-{_code_version()}.db"
    if not path.exists():
        for old in CACHE_DIR.glob(f"store-{n}-*.db"):  # an older version's
            old.unlink(missing_ok=True)
        # Built under a name of this process's own, then moved into place: two runs at
        # once (the test suite in parallel) never write one file.
        building = CACHE_DIR / f"{path.name}.{os.getpid()}.building"
        print(f"building a store of {n:,} mentions in {path}", file=sys.stderr)
        try:
            build(building, n)
            os.replace(building, path)
        finally:
            for leftover in CACHE_DIR.glob(building.name + "*"):
                leftover.unlink(missing_ok=True)
    return path


def copy_to(n: int, folder: Path, name: str = "state-default.db", *, snapshot: bool = True) -> Path:
    """A private copy of the database of `n` mentions in `folder` (the app writes to it);
    without its feed snapshot if `snapshot` is False (as before the first start's)."""
    target = folder / name
    shutil.copyfile(cached_store(n), target)
    if not snapshot:
        import sqlite3
        from contextlib import closing

        with closing(sqlite3.connect(target)) as db, db:
            db.execute("DELETE FROM feed_snapshot")
            db.execute("DELETE FROM meta WHERE key = 'feed_snapshot'")
    return target
