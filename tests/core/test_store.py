"""The local store: durable across a reopen, outbox order and coalescing, no token."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from triage_tui.core.convert import pack_row, unpack_row
from triage_tui.core.rows import FeedRow
from triage_tui.core.store import Store
from triage_tui.core.store_schema import NEWEST_FIRST


def test_everything_survives_a_reopen_without_close(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = Store(path)
    store.put_mentions([(5, 1, '{"id": "5"}'), (7, 2, '{"id": "7"}')])
    store.set_cursors({1: 5, 2: 7})
    store.outbox_add(5, 1, {"read": True})
    store.journal_push("undo", [[5, {"read": False}, {"read": True}]])
    store.set_meta("session", {"account": {"id": "a"}})
    # No close(): a kill leaves the file as it is; a second connection sees every write.
    again = Store(path)
    assert [m[0] for m in again.all_mentions()] == [5, 7]
    assert again.cursors() == {1: 5, 2: 7}
    assert again.outbox_head() == (1, 5, 1, {"read": True}, 0)
    assert again.journal_pop("undo") == [[5, {"read": False}, {"read": True}]]
    assert again.meta("session") == {"account": {"id": "a"}}
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_consecutive_actions_on_one_mention_coalesce_field_wise() -> None:
    store = Store()
    store.outbox_add(5, 1, {"read": True})
    store.outbox_add(5, 1, {"tone": 1})
    store.outbox_add(5, 1, {"read": False})
    assert store.outbox_count() == 1
    assert store.outbox_head() == (1, 5, 1, {"read": False, "tone": 1}, 0)


def test_an_action_on_another_mention_in_between_keeps_the_order() -> None:
    store = Store()
    store.outbox_add(5, 1, {"read": True})
    store.outbox_add(6, 1, {"read": True})
    store.outbox_add(5, 1, {"tone": -1})
    assert store.outbox_count() == 3
    sent = []
    while (head := store.outbox_head()) is not None:
        sent.append((head[1], head[3]))
        store.outbox_done(head[0])
    assert sent == [(5, {"read": True}), (6, {"read": True}), (5, {"tone": -1})]


def test_nothing_merges_into_the_action_in_flight() -> None:
    store = Store()
    seq = store.outbox_add(5, 1, {"read": True})
    store.outbox_add(5, 1, {"read": False}, coalesce_after=seq)
    assert store.outbox_count() == 2


def test_merges_that_would_change_the_outcome_are_kept_apart() -> None:
    store = Store()
    store.outbox_add(5, 1, {"favorite": True})
    store.outbox_add(5, 1, {"read": False})  # favorite would mark it read again
    store.outbox_add(6, 1, {"folder": "archive"})
    store.outbox_add(6, 1, {"trashed": False})  # the folder would win over un-trashing
    store.outbox_add(7, 1, {"trashed": True})
    store.outbox_add(7, 1, {"folder": "inbox"})  # a folder decides trashed: merged
    store.outbox_add(8, 1, {"folder": "spam", "read": True})
    store.outbox_add(8, 1, {"trashed": True})  # trash wins over the folder: merged
    bodies = []
    while (head := store.outbox_head()) is not None:
        bodies.append((head[1], head[3]))
        store.outbox_done(head[0])
    assert bodies == [
        (5, {"favorite": True}),
        (5, {"read": False}),
        (6, {"folder": "archive"}),
        (6, {"trashed": False}),
        (7, {"folder": "inbox"}),
        (8, {"read": True, "trashed": True}),
    ]


def test_journal_trim_keeps_the_newest_steps() -> None:
    store = Store()
    for n in range(10):
        store.journal_push("undo", [[n, {}, {}]])
    store.journal_trim("undo", 3)
    assert store.journal_size("undo") == 3
    assert store.journal_pop("undo") == [[9, {}, {}]]


def test_the_token_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = Store(path)
    store.set_meta("session", {"account": {"id": "acc"}})
    store.outbox_add(1, 1, {"read": True})
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"demo-token" not in raw and b"token" not in raw.lower()


def test_an_accepted_action_leaves_with_the_services_copy_in_one_step(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.db")
    store.put_mentions([(5, 1, '{"id": "5", "read": false}')])
    seq = store.outbox_add(5, 1, {"read": True})
    store.outbox_add(6, 1, {"read": True})
    store.outbox_accepted(seq, 5, 1, '{"id": "5", "read": true}')
    again = Store(tmp_path / "state.db")
    assert again.mention_json(5) == '{"id": "5", "read": true}'
    assert again.outbox_all() == [(6, {"read": True})]


def test_an_older_database_gains_the_row_column_and_keeps_its_mentions(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE mentions (id INTEGER PRIMARY KEY, alert_id INTEGER, json TEXT)")
    old.execute('INSERT INTO mentions VALUES (5, 1, \'{"id": "5"}\')')
    old.commit()
    old.close()
    store = Store(path)
    store.put_mentions([(6, 1, '{"id": "6"}', "[6]")])
    # Packed rows come without their JSON; a mention without one comes with its JSON.
    assert sorted(store.cached_rows()) == [(5, 1, None, '{"id": "5"}'), (6, 1, "[6]", None)]


def test_a_database_keyed_by_mention_id_is_rebuilt_keyed_by_arrival(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE mentions (id INTEGER PRIMARY KEY, alert_id INTEGER NOT NULL, "
        "json TEXT NOT NULL, row TEXT)"
    )
    old.executemany(
        "INSERT INTO mentions VALUES (?, ?, ?, ?)",
        [(9, 2, '{"id": "9"}', "[9]"), (4, 1, '{"id": "4"}', None)],
    )
    old.commit()
    old.close()
    store = Store(path)
    columns = [c[1] for c in sqlite3.connect(path).execute("PRAGMA table_info(mentions)")]
    assert columns == ["seq", "id", "alert_id", "json", "row"]
    assert sorted(store.cached_rows()) == [(4, 1, None, '{"id": "4"}'), (9, 2, "[9]", None)]
    store.put_mentions([(9, 2, '{"id": "9", "read": true}', "[9, 1]")])  # a newer copy
    assert store.all_mentions() == [(4, 1, '{"id": "4"}'), (9, 2, '{"id": "9", "read": true}')]
    store.close()
    assert sorted(Store(path).cached_rows())[1] == (9, 2, "[9, 1]", None)  # opened again: as is


def test_prune_keeps_the_newest_per_alert_and_any_with_waiting_actions() -> None:
    store = Store()
    store.put_mentions([(i, 1 + i % 2, "{}") for i in range(1, 21)])  # ten per alert
    store.outbox_add(1, 2, {"read": True})  # the oldest of alert 2 has an action waiting
    assert store.prune(3) == 13
    assert sorted((i, a) for i, a, _, _ in store.cached_rows()) == [
        (1, 2),
        (15, 2),
        (16, 1),
        (17, 2),
        (18, 1),
        (19, 2),
        (20, 1),
    ]


def test_mark_alert_read_updates_the_stored_copies_of_that_alert_only() -> None:
    store = Store()
    row = '[5, 1, 0, "web", "", "", false, false, false, 0, "inbox", [], 0, ""]'
    store.put_mentions([(5, 1, '{"id": "5", "read": false}', row), (6, 2, '{"read": false}')])
    store.mark_alert_read(1)
    (_, _, packed5, _), (_, _, _, raw6) = store.cached_rows()
    assert packed5 is not None and json.loads(packed5)[6] is True
    assert json.loads(store.mention_json(5) or "")["read"] is True
    assert json.loads(raw6 or "")["read"] is False


def test_mark_alert_read_rewrites_only_the_read_field_of_a_packed_row() -> None:
    store = Store()
    unread = FeedRow(7, 1, 10**18, "web", "Daily", "A \u2603 title", tone=-1, tag_ids=(3, 9))
    already = FeedRow(8, 1, 10**18, "news", "", "", read=True, folder="archive")
    other = FeedRow(9, 2, 10**18, "web", "", "")
    store.put_mentions(
        [(r.id, r.alert_id, '{"read": false}', pack_row(r)) for r in (unread, already, other)]
    )
    store.mark_alert_read(1)
    rows = {i: unpack_row(p or "") for i, _, p, _ in store.cached_rows()}
    assert rows[7] == FeedRow(
        7, 1, 10**18, "web", "Daily", "A \u2603 title", read=True, tone=-1, tag_ids=(3, 9)
    )
    assert rows[8] == already
    assert rows[9] == other  # another alert: untouched


def test_a_large_batch_is_written_whole_and_the_last_copy_of_an_id_wins(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    batch = [(i, 1, json.dumps({"id": str(i), "v": 1}), None) for i in range(1, 2_346)]
    batch.append((7, 1, json.dumps({"id": "7", "v": 2}), None))  # a second copy, later
    store.put_mentions(batch)
    assert len(store.all_mentions()) == 2_345
    assert json.loads(store.mention_json(7) or "")["v"] == 2
    store.checkpoint()
    store.close()
    assert len(Store(tmp_path / "s.db").all_mentions()) == 2_345


def test_prune_removes_nothing_when_no_alert_is_over_and_all_at_zero() -> None:
    store = Store()
    store.put_mentions([(i, 1 + i % 3, "{}") for i in range(1, 31)])  # ten per alert
    assert store.prune(10) == 0
    assert len(store.cached_rows()) == 30
    assert store.prune(11) == 0
    store.outbox_add(4, 2, {"read": True})
    assert store.prune(0) == 29  # everything but the mention an action waits for
    assert [i for i, _, _, _ in store.cached_rows()] == [4]


def test_prune_counts_only_the_alerts_over_the_limit() -> None:
    store = Store()
    store.put_mentions([(i, 1, "{}") for i in range(1, 6)])  # alert 1: five
    store.put_mentions([(i, 2, "{}") for i in range(100, 102)])  # alert 2: two
    assert store.prune(2) == 3
    assert sorted(i for i, _, _, _ in store.cached_rows()) == [4, 5, 100, 101]


def _plan(store: Store, sql: str, *args: object) -> str:
    return " ".join(str(r[-1]) for r in store._run("EXPLAIN QUERY PLAN " + sql, args))


def test_marking_an_alert_read_reads_the_alert_index_not_the_table() -> None:
    store = Store()
    plan = _plan(store, "UPDATE mentions SET row = NULL WHERE alert_id = ?", 1)
    assert "USING INDEX mentions_by_alert" in plan or "USING COVERING INDEX" in plan
    assert "SCAN mentions" not in plan


def test_an_existing_database_without_the_alert_index_gains_it(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    Store(path).put_mentions([(5, 1, '{"id": "5"}', "[5]")])
    with sqlite3.connect(path) as db:
        db.execute("DROP INDEX mentions_by_alert")  # as a database from before it
    again = Store(path)
    names = {r[0] for r in again._run("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "mentions_by_alert" in names
    assert again.cached_rows() == [(5, 1, "[5]", None)]
    again.mark_alert_read(1)
    assert json.loads(again.mention_json(5) or "")["read"] is True


def test_cached_rows_come_in_parts() -> None:
    store = Store()
    store.put_mentions([(i, 1, "{}", "[]") for i in range(1, 8)])
    parts = list(store.iter_cached_rows(chunk=3))
    assert [len(p) for p in parts] == [3, 3, 1]
    assert sorted(r[0] for p in parts for r in p) == list(range(1, 8))


def _packed(mention_id: int, alert_id: int, published: int, read: bool = False) -> str:
    return pack_row(FeedRow(mention_id, alert_id, published, "web", "w", "t", read=read))


def test_cached_rows_come_newest_published_first_from_their_index() -> None:
    """A start shows the newest screenful at once and the rest lands below it."""
    store = Store()
    dates = {11: 5, 12: 9, 13: 1, 24: 9, 25: 7, 1_000_000_000_001: 3}
    store.put_mentions(
        [(i, 1 + i % 2, "{}", _packed(i, 1 + i % 2, d * 10**18)) for i, d in dates.items()]
    )
    store.mark_alert_read(2)  # rewrites the packed rows' first field: the order holds
    parts = list(store.iter_cached_rows(chunk=2, first=1))
    assert [len(p) for p in parts] == [1, 2, 2, 1]
    assert [r[0] for p in parts for r in p] == [24, 12, 25, 11, 1_000_000_000_001, 13]
    sql = "SELECT id, alert_id, row, NULL FROM mentions INDEXED BY mentions_by_published "
    plan = _plan(store, sql + f"ORDER BY {NEWEST_FIRST}")
    assert "COVERING INDEX mentions_by_published" in plan and "TEMP B-TREE" not in plan


def test_an_alert_index_holding_the_rows_is_replaced_by_a_narrow_one(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    Store(path).put_mentions([(5, 1, "{}", _packed(5, 1, 10))])
    with sqlite3.connect(path) as db:  # as a database from before the published index
        db.execute("DROP INDEX mentions_by_alert")
        db.execute("DROP INDEX mentions_by_published")
        db.execute("CREATE INDEX mentions_by_alert ON mentions (alert_id, id, row)")
    again = Store(path)
    indexes = dict(again._run("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    assert "row" not in indexes["mentions_by_alert"]
    assert "mentions_by_published" in indexes
    assert again.cached_rows() == [(5, 1, _packed(5, 1, 10), None)]
