"""Local state in SQLite (stdlib, WAL): mentions seen, stream cursors, outbox, journal.

Every write commits before it returns, so a kill loses nothing that was acknowledged.
The access token is never written here.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import Any

from triage_tui.core.lease import setting_up
from triage_tui.core.merge import merge_fields
from triage_tui.core.store_schema import (
    MIGRATE_TO_SEQ,
    NEWEST_FIRST,
    ROWS_PER_INSERT,
    SCHEMA,
    SNAPSHOT_SCHEMA,
    TEXT_COLUMNS,
    TEXT_PATHS,
    TEXT_SCHEMA,
    TEXT_TABLE,
    WAL_BACKSTOP_PAGES,
    fts_phrase,
    insert_sql,
    text_values,
)


class Store:
    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with setting_up(self.path):
            self._set_up()

    def _set_up(self) -> None:
        """The database's settings, schema, migrations and indexes (one process at a
        time: see `lease.setting_up`)."""
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        # INSERT OR REPLACE deletes the row it replaces: with this, that delete runs the
        # full-text index's delete trigger too (else the old words would stay indexed).
        self._db.execute("PRAGMA recursive_triggers=ON")
        # SQLite copies the WAL into the database every 1,000 pages by default: during a
        # replay that doubled the cost of writing it. The writer checkpoints once a burst
        # is over instead (`checkpoint`); this larger limit is only a backstop.
        self._db.execute(f"PRAGMA wal_autocheckpoint={WAL_BACKSTOP_PAGES}")
        self._db.executescript(SCHEMA)
        variables = self._db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self._rows_per_insert = max(1, min(ROWS_PER_INSERT, variables // 4))
        columns = {c[1] for c in self._db.execute("PRAGMA table_info(mentions)")}
        if "row" not in columns:  # a database from before packed rows
            self._db.execute("ALTER TABLE mentions ADD COLUMN row TEXT")
        if "seq" not in columns:  # keyed by mention id: rebuilt once, keyed by arrival
            self._db.executescript(MIGRATE_TO_SEQ)
        # After the migrations (the rebuild above drops the table's indexes). Marking an
        # alert read and the prune's per-alert counts read this, not the whole table.
        old = self._db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'mentions_by_alert'"
        ).fetchone()
        if old and "row" in old[0]:  # it held the packed rows: mentions_by_published does
            self._db.execute("DROP INDEX IF EXISTS mentions_by_alert")
        self._db.execute("CREATE INDEX IF NOT EXISTS mentions_by_alert ON mentions (alert_id, id)")
        self._db.executescript(SNAPSHOT_SCHEMA)  # after the migration: triggers on mentions
        # A start reads this alone: a scan of the table reads every mention's JSON pages
        # too (~2 KB a mention, 2.5 s of a start at 1,000,000 against ~0.6 s from it).
        # Built once on a database from before it (~5 s at 1,000,000 here).
        self._db.execute(
            "CREATE INDEX IF NOT EXISTS mentions_by_published "
            f"ON mentions ({NEWEST_FIRST}, alert_id, row)"
        )
        self.full_text = True  # the FTS5 index is there (see _add_text_index)
        if not self._run("SELECT 1 FROM sqlite_master WHERE name = ?", (TEXT_TABLE,)):
            self.full_text = self._add_text_index()

    def _add_text_index(self) -> bool:
        """The full-text index, its triggers, and every mention already stored in it (a
        database from before it: once, in one transaction). False when this SQLite has
        no FTS5 (a build without it): `search_text` then reads the JSON instead."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in TEXT_SCHEMA:
                    self._db.execute(statement)
                self._db.execute(
                    f"INSERT INTO {TEXT_TABLE} (rowid, {TEXT_COLUMNS}) "
                    f"SELECT id, {text_values('json')} FROM mentions"
                )
            except sqlite3.OperationalError as error:
                self._db.execute("ROLLBACK")
                if "no such module" in str(error):
                    return False
                raise
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        return True

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _run(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, tuple(args)).fetchall()

    # ---- mentions -----------------------------------------------------------------------

    def put_mentions(
        self, items: Iterable[tuple[int, int, str] | tuple[int, int, str, str | None]]
    ) -> None:
        """(id, alert_id, json[, packed row]) rows, in one transaction."""
        full = [(*item, None) if len(item) == 3 else item for item in items]
        with self._lock:
            self._db.execute("BEGIN")
            # Many rows per statement: SQLite gives up the GIL once per statement, and a
            # writer thread that wanted it back after every row starved behind the event
            # loop during a replay (docs/ARCHITECTURE.md, "Write-behind").
            for start in range(0, len(full), self._rows_per_insert):
                part = full[start : start + self._rows_per_insert]
                self._db.execute(insert_sql(len(part)), [v for row in part for v in row])
            self._db.execute("COMMIT")

    def checkpoint(self) -> None:
        """Copy the WAL into the database (without waiting for readers)."""
        if self.path != ":memory:":
            self._run("PRAGMA wal_checkpoint(PASSIVE)")

    def mention_json(self, mention_id: int) -> str | None:
        rows = self._run("SELECT json FROM mentions WHERE id = ?", (mention_id,))
        return rows[0][0] if rows else None

    def all_mentions(self) -> list[tuple[int, int, str]]:
        return self._run("SELECT id, alert_id, json FROM mentions ORDER BY id")

    def cached_rows(self) -> list[tuple[int, int, str | None, str | None]]:
        """(id, alert_id, packed row, json) of every mention, newest published first;
        json only where no packed row was stored (so a large cache is read without its
        JSON)."""
        return [row for part in self.iter_cached_rows() for row in part]

    def iter_cached_rows(
        self, chunk: int = 10_000, first: int | None = None
    ) -> Generator[list[tuple[int, int, str | None, str | None]], None, None]:
        """`cached_rows` in lists of at most `chunk` (the first of at most `first`: the
        screenful a start shows at once): a start unpacks each list and drops it, so a
        million stored rows never sit in memory beside the rows made of them (parts of
        10,000: what a part leaves freed between the rows kept is ~6 MB; parts of 50,000
        left ~25 MB more resident at 1,000,000).
        Read from the `mentions_by_published` index, in its order, never the table; the
        JSON of a mention without a packed row (stored by an old version) is looked up
        by its id. (A damaged or old row sorts anywhere here: the feed model orders the
        rows it is given.)"""
        with self._lock:
            cursor = self._db.execute(
                "SELECT id, alert_id, row, NULL FROM mentions INDEXED BY mentions_by_published "
                f"ORDER BY {NEWEST_FIRST}"
            )
        size = first or chunk
        while True:
            with self._lock:  # not held while the caller works on a part
                part = cursor.fetchmany(size)
                size = chunk
                for index, (mention_id, alert_id, row, _) in enumerate(part):
                    if row is None:
                        found = self._db.execute(
                            "SELECT json FROM mentions WHERE id = ?", (mention_id,)
                        ).fetchone()
                        part[index] = (mention_id, alert_id, None, found[0] if found else None)
            if not part:
                return
            yield part

    def prune(self, keep_per_alert: int) -> int:
        """Forget all but the newest `keep_per_alert` mentions of each alert (never one an
        action still waits for). Returns how many were forgotten.

        The alerts over the limit are found by counting on the `alert_id` index; only
        those are pruned, each from its own `keep_per_alert`-th newest id on. (A window
        query over every row took 4.2 s at each start with 1,000,000 stored, even when it
        removed nothing.)"""
        keep = max(0, keep_per_alert)
        with self._lock:
            over = self._db.execute(
                "SELECT alert_id FROM mentions GROUP BY alert_id HAVING COUNT(*) > ?", (keep,)
            ).fetchall()
            gone = 0
            waiting = "AND id NOT IN (SELECT mention_id FROM outbox)"
            for (alert_id,) in over:
                if keep == 0:
                    cur = self._db.execute(
                        f"DELETE FROM mentions WHERE alert_id = ? {waiting}", (alert_id,)
                    )
                else:  # older than the alert's keep-th newest (there is one: it is over)
                    cur = self._db.execute(
                        "DELETE FROM mentions WHERE alert_id = ?1 AND id < (SELECT id FROM "
                        "mentions WHERE alert_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2) "
                        + waiting,
                        (alert_id, keep - 1),
                    )
                gone += cur.rowcount
            return gone

    def search_text(self, text: str) -> set[int]:
        """The ids of the stored mentions whose title, description, author (name, real
        name, source) or URL hold `text` as a phrase (words in that order, case and
        accents ignored). `text` is always one quoted phrase, never FTS5 syntax."""
        # One string of ids instead of a tuple per matching row (a common word can
        # match most of a million).
        if self.full_text:
            found = self._run(
                f"SELECT group_concat(rowid) FROM {TEXT_TABLE} WHERE {TEXT_TABLE} MATCH ?",
                (fts_phrase(text),),
            )
        else:  # no FTS5 here: the same texts read from each JSON, as a substring (slow)
            texts = " || ' ' || ".join(
                f"coalesce(json_extract(json, '{path}'), '')" for path in TEXT_PATHS
            )
            found = self._run(
                f"SELECT group_concat(id) FROM mentions WHERE instr(lower({texts}), ?) > 0",
                (" ".join(text.lower().split()),),
            )
        ids = found[0][0] if found else None
        return _ids(ids) if ids else set()

    def mark_alert_read(self, alert_id: int) -> None:
        """The service marked every mention of the alert read: so do the stored copies
        (the JSON, and the packed row, whose first field is `read`; in a JSON array
        packed by earlier versions, element 6)."""
        self._run(
            "UPDATE mentions SET json = json_set(json, '$.read', json('true')), "
            "row = CASE WHEN row IS NULL THEN NULL "
            "WHEN row LIKE '[%' THEN json_set(row, '$[6]', json('true')) "
            "ELSE '1' || substr(row, instr(row, char(31))) END WHERE alert_id = ?",
            (alert_id,),
        )

    # ---- cursors ------------------------------------------------------------------------

    def cursors(self) -> dict[int, int]:
        return dict(self._run("SELECT alert_id, mention_id FROM cursors"))

    def set_cursors(self, cursors: dict[int, int]) -> None:
        if not cursors:
            return
        # One statement (see put_mentions: per-row statements starve beside the loop).
        values = ", ".join(["(?, ?)"] * len(cursors))
        with self._lock:
            self._db.execute(
                f"INSERT OR REPLACE INTO cursors (alert_id, mention_id) VALUES {values}",
                [v for pair in cursors.items() for v in pair],
            )

    # ---- outbox -------------------------------------------------------------------------

    def outbox_add(
        self, mention_id: int, alert_id: int, fields: dict[str, Any], *, coalesce_after: int = 0
    ) -> int:
        """Queue a PUT; merge into the newest queued one when it is for the same mention
        and not in flight (seq > coalesce_after), so consecutive changes send once.
        The row is committed before this returns: the PUT goes out only after."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT seq, fields, mention_id FROM outbox ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            merged = None
            if row is not None and row[2] == mention_id and row[0] > coalesce_after:
                merged = merge_fields(json.loads(row[1]), fields)
            if row is not None and merged is not None:
                self._db.execute(
                    "UPDATE outbox SET fields = ? WHERE seq = ?", (json.dumps(merged), row[0])
                )
                seq = row[0]
            else:
                cur = self._db.execute(
                    "INSERT INTO outbox (mention_id, alert_id, fields) VALUES (?, ?, ?)",
                    (mention_id, alert_id, json.dumps(fields)),
                )
                seq = cur.lastrowid or 0
            self._db.execute("COMMIT")
            return seq

    def outbox_head(self) -> tuple[int, int, int, dict[str, Any], int] | None:
        rows = self._run(
            "SELECT seq, mention_id, alert_id, fields, attempts FROM outbox ORDER BY seq LIMIT 1"
        )
        if not rows:
            return None
        seq, mention_id, alert_id, fields, attempts = rows[0]
        return seq, mention_id, alert_id, json.loads(fields), attempts

    def outbox_all(self) -> list[tuple[int, dict[str, Any]]]:
        """(mention_id, fields) of every queued action, oldest first."""
        rows = self._run("SELECT mention_id, fields FROM outbox ORDER BY seq")
        return [(int(mention_id), json.loads(fields)) for mention_id, fields in rows]

    def outbox_accepted(
        self, seq: int, mention_id: int, alert_id: int, raw: str, row: str | None = None
    ) -> None:
        """The service accepted action `seq` and answered with the mention (`raw`): keep
        its copy and drop the action in one transaction, so a kill between the two can
        neither lose the action nor leave a stale copy behind."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT OR REPLACE INTO mentions (id, alert_id, json, row) VALUES (?, ?, ?, ?)",
                (mention_id, alert_id, raw, row),
            )
            self._db.execute("DELETE FROM outbox WHERE seq = ?", (seq,))
            self._db.execute("COMMIT")

    def outbox_done(self, seq: int) -> None:
        self._run("DELETE FROM outbox WHERE seq = ?", (seq,))

    def outbox_attempt(self, seq: int) -> None:
        self._run("UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?", (seq,))

    def outbox_count(self) -> int:
        return int(self._run("SELECT COUNT(*) FROM outbox")[0][0])

    def outbox_pending_for(self, mention_id: int) -> int:
        return int(
            self._run("SELECT COUNT(*) FROM outbox WHERE mention_id = ?", (mention_id,))[0][0]
        )

    # ---- journal (undo / redo) ----------------------------------------------------------

    def journal_push(self, stack: str, step: Any) -> None:
        self._run("INSERT INTO journal (stack, step) VALUES (?, ?)", (stack, json.dumps(step)))

    def journal_pop(self, stack: str) -> Any | None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT seq, step FROM journal WHERE stack = ? ORDER BY seq DESC LIMIT 1",
                (stack,),
            ).fetchone()
            if row is not None:
                self._db.execute("DELETE FROM journal WHERE seq = ?", (row[0],))
            self._db.execute("COMMIT")
        return json.loads(row[1]) if row else None

    def journal_clear(self, stack: str) -> None:
        self._run("DELETE FROM journal WHERE stack = ?", (stack,))

    def journal_trim(self, stack: str, keep: int) -> None:
        """Forget all but the newest `keep` steps of a stack."""
        self._run(
            "DELETE FROM journal WHERE stack = ? AND seq NOT IN "
            "(SELECT seq FROM journal WHERE stack = ? ORDER BY seq DESC LIMIT ?)",
            (stack, stack, keep),
        )

    def journal_mention_ids(self) -> set[int]:
        """Every mention an undo or redo step holds: what was curated here (by a key or a
        rules run) and is still remembered."""
        ids: set[int] = set()
        for (step,) in self._run("SELECT step FROM journal"):
            ids.update(int(change[0]) for change in json.loads(step))
        return ids

    def journal_size(self, stack: str) -> int:
        return int(self._run("SELECT COUNT(*) FROM journal WHERE stack = ?", (stack,))[0][0])

    # ---- meta (cached account, alerts, app data for an offline start) -------------------

    def set_meta(self, key: str, value: Any) -> None:
        self._run(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value))
        )

    def meta(self, key: str) -> Any | None:
        rows = self._run("SELECT value FROM meta WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else None


def _ids(joined: str) -> set[int]:
    """The ids of a `group_concat`: parsed by numpy in C (126,000 ids: ~17 ms, where
    `map(int, ...)` took ~45); an id past 63 bits (numpy would clamp it) as Python ints."""
    import numpy as np  # here: its import stays off the first frame (the store is on it)

    parsed = np.fromstring(joined, dtype=np.int64, sep=",")
    if len(parsed) and parsed.max() == np.iinfo(np.int64).max:
        return set(map(int, joined.split(",")))
    return set(parsed.tolist())
