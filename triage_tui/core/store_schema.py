"""The state database's SQL: its tables, the one-time migrations, the full-text index
and its triggers, and the published-order expression the start reads by. `Store`
(core/store.py) runs it; kept apart so that the store's file holds its behaviour.
"""

from __future__ import annotations

from functools import lru_cache

#: Rows in one INSERT at most (4 parameters each; fewer where SQLite allows fewer).
ROWS_PER_INSERT = 1000


@lru_cache(maxsize=16)
def insert_sql(rows: int) -> str:
    values = ", ".join(["(?, ?, ?, ?)"] * rows)
    return f"INSERT OR REPLACE INTO mentions (id, alert_id, json, row) VALUES {values}"


#: Pages (4 KB) the WAL may hold before SQLite checkpoints it on its own.
WAL_BACKSTOP_PAGES = 16_384

SCHEMA = """
CREATE TABLE IF NOT EXISTS mentions (
    seq INTEGER PRIMARY KEY, id INTEGER NOT NULL UNIQUE, alert_id INTEGER NOT NULL,
    json TEXT NOT NULL, row TEXT);
CREATE TABLE IF NOT EXISTS cursors (alert_id INTEGER PRIMARY KEY, mention_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, mention_id INTEGER NOT NULL,
    alert_id INTEGER NOT NULL, fields TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, stack TEXT NOT NULL, step TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


# Mentions are keyed by arrival (`seq`), with the mention id unique beside it. Keyed by
# mention id, a replay of several alerts (each alert's ids ascending, the alerts' ids
# interleaved) put every ~2 KB row in the middle of the table: three times the work of
# appending it and indexing its id (0.52 s against 0.18 s for 10,000 rows here).
MIGRATE_TO_SEQ = """
BEGIN;
CREATE TABLE mentions_by_seq (
    seq INTEGER PRIMARY KEY, id INTEGER NOT NULL UNIQUE, alert_id INTEGER NOT NULL,
    json TEXT NOT NULL, row TEXT);
INSERT INTO mentions_by_seq (id, alert_id, json, row)
    SELECT id, alert_id, json, row FROM mentions ORDER BY id;
DROP TABLE mentions;
ALTER TABLE mentions_by_seq RENAME TO mentions;
COMMIT;
"""


# Full-text search over the stored mentions (the `/` filter's `text:`). Contentless: the
# text stays in the JSON alone (a copy would add ~0.5 KB a mention), the index keeps
# only its words, keyed by mention id. Triggers keep it in step with every write of a
# mention (put, replace, the service's answer, prune); a contentless table forgets a row
# when given the values it indexed, which the old JSON gives back. No trigger on UPDATE:
# the one UPDATE of `json` (mark_alert_read) sets `read` alone; a new copy of a mention
# is an INSERT OR REPLACE (a delete and an insert). An UPDATE that changed the text
# would need the delete-then-insert pair the triggers run.
_TEXT_COLUMN_NAMES = ("title", "description", "author", "url")


def text_values(of: str) -> str:
    """The SQL of the four indexed texts of the JSON `of` (a column or `old.json`)."""

    def joined(*paths: str) -> str:
        return " || ' ' || ".join(f"coalesce(json_extract({of}, '{p}'), '')" for p in paths)

    author = joined("$.author_influence.name", "$.author_influence.realname", "$.source_name")
    url = joined("$.original_url", "$.displayable_url")
    return f"json_extract({of}, '$.title'), json_extract({of}, '$.description'), {author}, {url}"


#: Every JSON path indexed, for the search without FTS5.
TEXT_PATHS = (
    "$.title",
    "$.description",
    "$.author_influence.name",
    "$.author_influence.realname",
    "$.source_name",
    "$.original_url",
    "$.displayable_url",
)

TEXT_TABLE = "mentions_text"
TEXT_COLUMNS = ", ".join(_TEXT_COLUMN_NAMES)
_ADD = (
    f"INSERT INTO {TEXT_TABLE} (rowid, {TEXT_COLUMNS}) VALUES (new.id, {text_values('new.json')});"
)
_FORGET = (
    f"INSERT INTO {TEXT_TABLE} ({TEXT_TABLE}, rowid, {TEXT_COLUMNS}) "
    f"VALUES ('delete', old.id, {text_values('old.json')});"
)
TEXT_SCHEMA = (
    # The default tokenizer (unicode61: case and accents folded, split on punctuation).
    f"CREATE VIRTUAL TABLE {TEXT_TABLE} USING fts5({TEXT_COLUMNS}, content='')",
    f"CREATE TRIGGER mentions_text_insert AFTER INSERT ON mentions BEGIN {_ADD} END",
    f"CREATE TRIGGER mentions_text_delete AFTER DELETE ON mentions BEGIN {_FORGET} END",
)


# A start reads the packed rows newest first, so that the newest screenful is shown at
# once and the rest lands below it (never above what the user looks at). The packed row
# (convert.pack_row) is "read, id, alert id, published_ns, ..." joined by \x1f, so the
# published date starts after the id and the alert id, and CAST reads its digits up to
# the next separator. An index on this expression orders the rows with no new column
# (nothing else writes it) and holds them, so the start reads the index alone.
PUBLISHED_NS = (
    "CAST(substr(row, instr(row, char(31)) + length(id) + length(alert_id) + 3) AS INTEGER)"
)
NEWEST_FIRST = f"{PUBLISHED_NS} DESC, id DESC"


def fts_phrase(text: str) -> str:
    """`text` as one FTS5 phrase: quoted, its quotes doubled, so nothing a user types
    (OR, NOT, NEAR, *, ^, column:, parentheses) is read as query syntax."""
    return '"' + text.replace('"', '""') + '"'


# The feed snapshot (core/feed_snapshot.py): a column-wise copy of the rows a start
# reads, and the ids written since it was built. The triggers note an id only once a
# build has begun (its `meta` key): a store that never had one notes nothing.
_NOTE = (
    "WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'feed_snapshot') BEGIN INSERT INTO feed_stale (id)"
)
SNAPSHOT_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS feed_snapshot (
    part INTEGER PRIMARY KEY, format TEXT NOT NULL, count INTEGER NOT NULL,
    ids BLOB NOT NULL, published BLOB NOT NULL, found BLOB NOT NULL, flags BLOB NOT NULL,
    codes BLOB NOT NULL, value_lists TEXT NOT NULL, titles TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feed_stale (seq INTEGER PRIMARY KEY AUTOINCREMENT, id INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS feed_stale_insert AFTER INSERT ON mentions
    {_NOTE} VALUES (new.id); END;
CREATE TRIGGER IF NOT EXISTS feed_stale_update AFTER UPDATE ON mentions
    {_NOTE} VALUES (new.id); END;
CREATE TRIGGER IF NOT EXISTS feed_stale_delete AFTER DELETE ON mentions
    {_NOTE} VALUES (old.id); END;
"""
