"""`text:` (the store's full-text search) in the filter, and `Query.select`, the whole-list
form the feed model uses for a new view: it keeps exactly what `matches` keeps."""

from __future__ import annotations

import json
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from triage_tui.core import masks
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.query import QueryNames, parse_query
from triage_tui.core.rows import FeedRow
from triage_tui.core.store import Store


def _row(mention_id: int, **fields: object) -> FeedRow:
    base: dict[str, object] = dict(
        id=mention_id,
        alert_id=1,
        published_ns=mention_id * 1000,
        source_type="web",
        who="someone",
        title="a title",
    )
    return FeedRow(**(base | fields))  # type: ignore[arg-type]


def _stored(store: Store, mention_id: int, **fields: object) -> None:
    store.put_mentions([(mention_id, 1, json.dumps({"id": str(mention_id), **fields}), "")])


def _store() -> Store:
    store = Store()
    _stored(store, 1, title="Acme launches a rocket")
    _stored(store, 2, description="the new rocket of ACME is late")
    _stored(store, 3, author_influence={"name": "jane_doe"}, title="Weather")
    _stored(store, 4, original_url="https://example.org/big-launch")
    _stored(store, 5, title="nothing to see", description="a OR b")
    return store


def _names(store: Store) -> QueryNames:
    return QueryNames(search=store.search_text)


ROWS = [_row(i) for i in range(1, 7)]  # 6 is held but not stored (yet)


def _kept(text: str, store: Store) -> set[int]:
    query = parse_query(text, _names(store))
    assert {r.id for r in query.select(ROWS)} == {r.id for r in ROWS if query.matches(r)}
    return {r.id for r in ROWS if query.matches(r)}


def test_text_matches_title_description_author_and_url_words() -> None:
    store = _store()
    assert _kept("text:rocket", store) == {1, 2}
    assert _kept("text:jane", store) == {3}
    assert _kept("text:example.org", store) == {4}
    assert _kept("text:launch", store) == {4}  # a word of the URL ("launches" is another)
    assert _kept("-text:rocket", store) == {3, 4, 5, 6}
    assert _kept("text:rocket text:acme", store) == {1, 2}  # AND-ed


def test_a_quoted_phrase_matches_the_words_in_that_order() -> None:
    store = _store()
    assert _kept('text:"acme launches"', store) == {1}
    assert _kept('text:"launches acme"', store) == set()
    assert _kept('text:"rocket of acme"', store) == {2}


def test_fts_syntax_in_the_filter_is_searched_for_not_obeyed() -> None:
    store = _store()
    assert _kept('text:"a OR b"', store) == {5}  # the phrase, not "a" or "b"
    assert _kept("text:foo*", store) == set()  # no prefix query, no error
    assert _kept("text:rocket*", store) == {1, 2}  # the word
    assert _kept('text:"NEAR(acme rocket)"', store) == set()
    assert _kept("text:title:acme", store) == set()  # no column filter
    assert _kept('text:"*"', store) == set()
    assert _kept("text:^acme", store) == {1, 2}


def test_text_without_a_store_tests_the_rows_title_and_author() -> None:
    query = parse_query("text:rocket")
    assert query.matches(_row(1, title="Big Rocket"))
    assert not query.matches(_row(2, title="nothing"))
    assert query.describe() == "with text “rocket”"


def test_the_feed_models_view_uses_the_whole_list_form() -> None:
    store = _store()
    model = FeedModel()
    model.insert(ROWS)
    query = parse_query("text:rocket", _names(store))
    model.set_view(query.matches)
    assert [r.id for r in model.visible] == [2, 1]  # newest first
    model.insert([_row(7, read=True)])
    assert [r.id for r in model.visible] == [2, 1]
    model.change(1, {"read": True})  # a row changed is found at its new slot
    model.set_view(parse_query("text:rocket", _names(store)).matches)
    assert [r.id for r in model.visible] == [2, 1]


SOURCES = ["web", "twitter", "news"]
rows = st.lists(
    st.builds(
        _row,
        st.integers(1, 10_000),
        alert_id=st.sampled_from([1, 2, 3]),
        source_type=st.sampled_from(SOURCES),
        who=st.sampled_from(["Ann", "bob", "ÉCOLE"]),
        title=st.sampled_from(["Acme rocket", "weather", "", "École acme"]),
        read=st.booleans(),
        favorite=st.booleans(),
        trashed=st.booleans(),
        tone=st.sampled_from([-1, 0, 1]),
        folder=st.sampled_from(["inbox", "archive", "spam", "trash"]),
        tag_ids=st.sampled_from([(), (1,), (2,), (1, 3)]),
        language=st.sampled_from(["", "en", "fr", "fr-FR", "pt_BR", "EN"]),
    ),
    max_size=40,
    unique_by=lambda r: r.id,
)
TERMS = [
    "is:unread",
    "is:read",
    "is:fav",
    "is:trashed",
    "source:twitter",
    "tone:neg",
    "tone:pos",
    "tag:urgent",
    "tag:other",
    "lang:fr",
    "lang:en",
    "lang:pt-br",
    "folder:inbox",
    "folder:trash",
    "alert:2",
    "acme",
    "école",
    '"acme rocket"',
    "text:acme",
]


@settings(max_examples=200, deadline=None)
@given(rows, st.lists(st.tuples(st.booleans(), st.sampled_from(TERMS)), max_size=4))
def test_select_keeps_exactly_what_matches_keeps(
    held: list[FeedRow], terms: list[tuple[bool, str]]
) -> None:
    text = " ".join(("-" if negate else "") + term for negate, term in terms)
    names = QueryNames(
        tags={"urgent": {1}, "other": {3, 4}},
        # and ids the model does not hold (stored, pruned from the feed)
        search=lambda phrase: {r.id for r in held if r.id % 3 == 0} | {10_001, 20_000},
    )
    query = parse_query(text, names)
    expected = [r for r in held if query.matches(r)]
    assert query.select(held) == expected
    for numpy_from in (0, masks.NUMPY_FROM):  # numpy's passes, and Python's for short lists
        with patch.object(masks, "NUMPY_FROM", numpy_from):
            model = FeedModel()
            model.insert(held)
            model.set_view(query.matches)
        assert [r.id for r in model.visible] == sorted((r.id for r in expected), reverse=True)
        assert model.unread_visible == sum(1 for r in expected if not r.read)
