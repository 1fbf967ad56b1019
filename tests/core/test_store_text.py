"""Full-text search of the stored mentions (the filter's `text:`): what it matches, that
no input is read as FTS5 syntax, and that it follows every write and older databases."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from triage_tui.core.store import Store


def _mention(mention_id: int, **fields: object) -> tuple[int, int, str, str]:
    body = {"id": str(mention_id), "alert_id": 1, **fields}
    return (mention_id, 1, json.dumps(body), "")


@pytest.fixture
def store() -> Store:
    store = Store()
    store.put_mentions(
        [
            _mention(1, title="Acme launches a rocket", description="Nothing else"),
            _mention(2, title="Weather", description="The rocket of Acme was late"),
            _mention(
                3,
                title="A tweet",
                author_influence={"name": "jane_doe", "realname": "Jane Doe"},
                source_name="Daily Planet",
            ),
            _mention(4, original_url="https://news.example.org/story/42/big-launch"),
            _mention(5, title="Café crème, 100% pur", description="a OR b"),
        ]
    )
    return store


def test_words_match_title_description_author_and_url(store: Store) -> None:
    assert store.search_text("rocket") == {1, 2}
    assert store.search_text("ACME") == {1, 2}  # case folded
    assert store.search_text("jane") == {3}  # the author's name (split on "_")
    assert store.search_text("doe") == {3}
    assert store.search_text("planet") == {3}  # the source's name
    assert store.search_text("example.org") == {4}  # the URL's words, as a phrase
    assert store.search_text("big-launch") == {4}
    assert store.search_text("cafe creme") == {5}  # accents folded
    assert store.search_text("nowhere") == set()


def test_the_largest_id_is_found_as_itself() -> None:
    # Parsed by numpy, which clamps a number past 63 bits to the same value.
    store = Store()
    store.put_mentions([_mention(2**63 - 1, title="rocket"), _mention(7, title="rocket")])
    assert store.search_text("rocket") == {2**63 - 1, 7}


def test_a_phrase_matches_its_words_in_order(store: Store) -> None:
    assert store.search_text("acme launches") == {1}
    assert store.search_text("launches acme") == set()
    assert store.search_text("rocket of acme") == {2}


@pytest.mark.parametrize(
    "text",
    [
        "a OR b",
        "foo*",
        "rocket*",
        "NOT acme",
        "NEAR(acme rocket)",
        "title:acme",
        '"',
        '""',
        'acme" OR "weather',
        "^acme",
        "(",
        "*",
        "-acme",
        "acme AND",
        "",
        "   ",
    ],
)
def test_no_input_is_read_as_query_syntax(store: Store, text: str) -> None:
    found = store.search_text(text)  # never an error
    words = [w for w in text.replace('"', " ").split() if w.isalpha()]
    if text in ("a OR b",):  # the phrase itself, word for word (mention 5 holds it)
        assert found == {5}
    elif text in ("NOT acme", "NEAR(acme rocket)", "title:acme", "acme AND"):
        assert found == set()  # no mention holds those words in that order
    elif text in ("rocket*", "^acme", "-acme"):  # the word alone; no prefix, no operator
        assert found == store.search_text(words[0] if words else text.strip("*^-"))
    elif text == 'acme" OR "weather':
        assert found == set()  # one phrase "acme or weather", not two terms
    else:
        assert found == set()


def test_the_index_follows_replacing_and_pruning(store: Store) -> None:
    store.put_mentions([_mention(1, title="Renamed entirely")])  # a newer copy
    assert store.search_text("rocket") == {2}
    assert store.search_text("renamed") == {1}
    store.mark_alert_read(1)  # the JSON changes, not its text
    assert store.search_text("renamed") == {1}
    assert store.prune(2) == 3  # ids 1-3 go
    assert store.search_text("renamed") == set()
    assert store.search_text("rocket") == set()
    assert store.search_text("launch") == {4}


def test_an_accepted_action_reindexes_the_services_copy(store: Store) -> None:
    seq = store.outbox_add(2, 1, {"read": True})
    store.outbox_accepted(seq, 2, 1, json.dumps({"id": "2", "title": "Sunny spells"}))
    assert store.search_text("sunny") == {2}
    assert store.search_text("rocket") == {1}


def test_an_existing_database_without_the_index_is_indexed_once(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with sqlite3.connect(path) as old:  # a state database from the version before
        old.execute(
            "CREATE TABLE mentions (seq INTEGER PRIMARY KEY, id INTEGER NOT NULL UNIQUE, "
            "alert_id INTEGER NOT NULL, json TEXT NOT NULL, row TEXT)"
        )
        old.execute(
            "INSERT INTO mentions (id, alert_id, json, row) VALUES (7, 1, ?, NULL)",
            (json.dumps({"id": "7", "title": "Old acme news"}),),
        )
        old.execute(
            "CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
            "mention_id INTEGER NOT NULL, alert_id INTEGER NOT NULL, "
            "fields TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0)"
        )
        old.execute("INSERT INTO outbox (mention_id, alert_id, fields) VALUES (7, 1, '{}')")
    store = Store(path)
    assert store.search_text("acme") == {7}
    assert store.outbox_count() == 1  # the user's waiting action survives
    store.put_mentions([_mention(8, title="New acme news")])
    store.close()
    again = Store(path)  # opened again: indexed once, not twice
    assert again.search_text("acme") == {7, 8}
    assert again._run("SELECT count(*) FROM sqlite_master WHERE name = 'mentions_text'") == [(1,)]


def test_without_fts5_the_store_opens_and_searches_the_json(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A Python whose SQLite lacks FTS5 still opens the store; `text:` reads the JSON."""
    import triage_tui.core.store as module

    schema = list(module.TEXT_SCHEMA)
    schema[0] = schema[0].replace("USING fts5", "USING no_such_fts")
    monkeypatch.setattr(module, "TEXT_SCHEMA", tuple(schema))
    store = Store()
    assert store.full_text is False
    store.put_mentions([_mention(1, title="Acme Launches"), _mention(2, description="other")])
    assert store.search_text("acme  launches") == {1}
    assert store.search_text('a " OR') == set()
    store.mark_alert_read(1)
    assert store.prune(0) == 2
