"""The `/` filter's bare words and quoted phrases over whole lists: the feed model's
columns and a plain list (`ListColumns`) keep exactly the rows `matches` keeps (a title
or source/author holding the word, case-folded), through arrivals and changes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage_tui.core.feed_model import FeedModel
from triage_tui.core.query import parse_query
from triage_tui.core.rows import FeedRow


def _row(i: int, title: str = "Nothing to see", who: str = "someone") -> FeedRow:
    return FeedRow(i, 7, 10_000 - i, "web", who, title)


def _everywhere(query: str, rows: list[FeedRow]) -> list[int]:
    """The ids the query keeps, row by row; asserted to be what the whole-list forms
    keep (a plain list, and the feed model's columns, built and then reused)."""
    parsed = parse_query(query)
    want = [r.id for r in rows if parsed.matches(r)]
    assert [r.id for r in parsed.select(rows)] == want
    model = FeedModel()
    model.insert(rows)
    for _ in range(2):  # the columns built, then as kept
        model.set_view(parse_query(query).matches)
        assert [r.id for r in model.visible] == want
    return want


@pytest.mark.parametrize(
    ("query", "title", "who", "hit"),
    [
        ("acme", "ACME launches a rocket", "someone", True),
        ("ACME", "the acme anvil", "someone", True),
        ("AcMe", "theacmeanvil", "someone", True),  # a substring, not a whole word
        ("acme", "Roadrunner wins", "someone", False),
        ("acme", "Roadrunner wins", "Acme_Fan", True),  # the source/author too
        ("acme", "Roadrunner wins", "acm e", False),
        ('"new acme"', "The NEW Acme anvil", "someone", True),
        ('"new acme"', "Acme new anvil", "someone", False),
        # Case-folded, not only lower-cased: ß is ss, the final sigma is a sigma, the
        # Kelvin sign is k, a ligature is its letters.
        ("straße", "STRASSE gesperrt", "someone", True),
        ("STRASSE", "Straße gesperrt", "someone", True),
        ("strasse", "Hauptstraße", "someone", True),
        ("ΣΟΦΟΣ", "ο σοφός λέει", "someone", False),  # accents are kept
        ("σοφος", "ΣΟΦΟΣ", "someone", True),
        ("kelvin", "\u212aelvin scale", "someone", True),
        ("file", "\ufb01le", "someone", True),
        ("élan", "ÉLAN VITAL", "someone", True),
        ("elan", "ÉLAN VITAL", "someone", False),
        ("東京", "東京の天気", "someone", True),
        ("-acme", "ACME launches", "someone", False),
        ("-acme", "Roadrunner wins", "someone", True),
        ("-acme", "Roadrunner wins", "ACME Daily", False),
        ("-straße", "STRASSE", "someone", False),
        ("acme -anvil", "Acme rocket", "someone", True),
        ("acme -anvil", "Acme ANVIL", "someone", False),
    ],
)
def test_a_word_in_the_title_or_source_case_folded(
    query: str, title: str, who: str, hit: bool
) -> None:
    rows = [_row(1, title, who), _row(2), _row(3, "plain", "nobody")]
    assert (1 in _everywhere(query, rows)) is hit


def test_a_shared_source_name_is_tested_once_and_answers_every_row() -> None:
    shared = "Acme Weekly"
    rows = [_row(i, "no match here", shared if i % 3 else "Daily Bugle") for i in range(30)]
    assert _everywhere("acme", rows) == [i for i in range(30) if i % 3]
    assert _everywhere("-acme", rows) == [i for i in range(30) if not i % 3]


@pytest.mark.parametrize("indexed", [False, True], ids=["titles read", "title index"])
def test_the_model_answers_after_rows_change_and_arrive(indexed: bool) -> None:
    rows = [_row(i, f"title {i}", "Acme Weekly" if i < 5 else "Daily Bugle") for i in range(20)]
    model = FeedModel()
    model.insert(rows)
    if indexed:  # as the app does once rows settle (core/title_index.py)
        model.index_titles()

    def shown(query: str) -> list[int]:
        model.set_view(parse_query(query).matches)
        return sorted(r.id for r in model.visible)

    assert shown("acme") == [0, 1, 2, 3, 4]
    model.change(7, {"title": "ACME at last"})
    model.change(2, {"who": "Someone Else"})
    assert shown("acme") == [0, 1, 3, 4, 7]
    assert shown("at last") == [7]  # a word not asked before: the new title answers
    model.change(3, _row(3, "title 3", "nobody"))  # a new copy of the row
    assert shown("acme") == [0, 1, 4, 7]
    model.insert([_row(100, "Straße und ACME"), _row(101, "nothing"), _row(-5, "acme old")])
    assert shown("acme") == [-5, 0, 1, 4, 7, 100]
    assert shown("-acme") == sorted({r.id for r in model.rows()} - {-5, 0, 1, 4, 7, 100})
    assert shown("strasse") == [100]
    model.rows()[0].title = "acme, changed by its owner"  # then told, with no fields
    model.change(model.rows()[0].id, None)
    assert model.rows()[0].id in shown("acme")


_TEXT = st.text(alphabet="aAbBsSßẞΣσςKk\u212aﬁfiİı ", max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=12),
    st.text(alphabet="aAbBsSßẞΣσςKk\u212aﬁfiİı", min_size=1, max_size=3),
    st.booleans(),
)
def test_whole_lists_keep_what_matches_keeps(
    fields: list[tuple[str, str]], word: str, negate: bool
) -> None:
    rows = [_row(i, title, who) for i, (title, who) in enumerate(fields)]
    query = ("-" if negate else "") + f'"{word}"'
    want = [
        r.id
        for r in rows
        if (word.casefold() in r.title.casefold() or word.casefold() in r.who.casefold())
        is not negate
    ]
    assert _everywhere(query, rows) == want
