"""The `/` filter language: parsing, matching, errors that name the term, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage_tui.core.query import QueryError, QueryNames, parse_query
from triage_tui.core.rows import FeedRow

TAGS = {"Urgent": {5}, "press": {6, 7}}


def _row(**fields: object) -> FeedRow:
    base: dict[str, object] = dict(
        id=1,
        alert_id=7,
        published_ns=0,
        source_type="twitter",
        who="acme_fan",
        title="Love the new Acme anvil",
    )
    base.update(fields)
    return FeedRow(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "row", "hit"),
    [
        ("", _row(), True),
        ("is:unread", _row(), True),
        ("is:unread", _row(read=True), False),
        ("is:read", _row(read=True), True),
        ("-is:read", _row(read=True), False),
        ("-is:unread", _row(), False),
        ("is:fav", _row(favorite=True), True),
        ("is:favorite", _row(), False),
        ("is:trashed", _row(trashed=True), True),
        ("source:tw", _row(), True),
        ("source:twitter", _row(source_type="news"), False),
        ("source:fb", _row(source_type="facebook"), True),
        ("source:insta", _row(source_type="images"), True),
        ("source:instagram", _row(source_type="images"), True),
        ("-source:tw", _row(source_type="web"), True),
        ("tone:neu", _row(), True),
        ("tone:neg", _row(tone=-1), True),
        ("tone:negative", _row(tone=1), False),
        ("tone:positive", _row(tone=1), True),
        ("tone:POS", _row(tone=1), True),
        ("tag:urgent", _row(tag_ids=(5,)), True),
        ("tag:URGENT", _row(tag_ids=(6,)), False),
        ("tag:press", _row(tag_ids=(1, 7)), True),
        ("-tag:press", _row(tag_ids=(7,)), False),
        ("lang:fr", _row(language="fr"), True),
        ("lang:fr", _row(language="fr-FR"), True),
        ("lang:fr", _row(language="en"), False),
        ("lang:fr", _row(language=""), False),
        ("folder:inbox", _row(), True),
        ("folder:archive", _row(), False),
        ("folder:irrelevant", _row(folder="spam"), True),
        ("folder:spam", _row(folder="spam"), True),
        ("folder:trash", _row(folder="trash"), True),
        ("alert:7", _row(), True),
        ("alert:8", _row(), False),
        ("anvil", _row(), True),
        ("ANVIL", _row(), True),
        ("fan", _row(), True),  # the author too
        ("anvil -love", _row(), False),
        ("-love", _row(title="hate"), True),
        ('"new acme"', _row(), True),
        ('"acme new"', _row(), False),
        ('-"new acme"', _row(), False),
        ("don't", _row(title="I don't like it"), True),
        (
            "is:unread source:tw tone:neu tag:urgent lang:fr folder:inbox anvil",
            _row(tag_ids=(5,), language="fr"),
            True,
        ),
        (
            "is:unread source:tw tone:neu tag:urgent lang:fr folder:inbox anvil",
            _row(tag_ids=(5,), language="de"),
            False,
        ),
    ],
)
def test_matching_table(query: str, row: FeedRow, hit: bool) -> None:
    assert parse_query(query, TAGS).matches(row) is hit


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("colour:red", "colour:red"),
        ("is:unread bogus:1", "bogus:1"),
        ("tone:angry", "tone:angry"),
        ("is:maybe", "is:maybe"),
        ("is:selected", "is:selected"),
        ("folder:nowhere", "folder:nowhere"),
        ("alert:abc", "alert:abc"),
        ("tag:nope", "tag:nope"),
        ("source:bogus", "source:bogus"),
        ("-source:tiktok", "source:tiktok"),
        ("lang:french", "lang:french"),
        ("lang:f", "lang:f"),
        ("tag:", "tag:"),
        ('"open', '"open'),
        ('tag:"open', "open"),
    ],
)
def test_errors_are_one_line_and_name_the_term(query: str, names: str) -> None:
    with pytest.raises(QueryError) as error:
        parse_query(query, TAGS)
    message = str(error.value)
    assert names in message and "\n" not in message


def test_tag_without_known_tags_matches_nothing_rather_than_failing() -> None:
    # Before the tags have loaded there is nothing to check the name against.
    assert parse_query("tag:urgent").matches(_row(tag_ids=(5,))) is False


def test_quoted_value_and_aliases() -> None:
    query = parse_query('tag:"big news" from:tw language:fr', {"Big News": {9}})
    assert query.matches(_row(tag_ids=(9,), language="fr"))
    assert not query.matches(_row(tag_ids=(9,), language="en"))


def test_describe() -> None:
    assert parse_query("").describe() == "all mentions"
    text = parse_query('is:unread -source:tw tone:neg "big deal"').describe()
    assert text == "unread and not from twitter and negative and containing “big deal”"


def test_error_messages_are_safe_to_draw() -> None:
    with pytest.raises(QueryError) as error:
        parse_query("is:\x1b]52;c;aGk=\x07")
    assert "\x1b" not in str(error.value) and "\x07" not in str(error.value)


_WORDS = ["is:", "tag:", "source:", "tone:", "lang:", "folder:", "alert:", "unread", "neg", "7"]
_alphabet = st.sampled_from([*"ab -:\"\\' \t\n\x1b\u202eé", *_WORDS])
_rows = st.builds(
    FeedRow,
    id=st.integers(0, 10**12),
    alert_id=st.integers(0, 10**6),
    published_ns=st.integers(0, 10**19),
    source_type=st.sampled_from(["web", "twitter", "images", ""]),
    who=st.text(max_size=20),
    title=st.text(max_size=40),
    read=st.booleans(),
    favorite=st.booleans(),
    trashed=st.booleans(),
    tone=st.integers(-1, 1),
    folder=st.sampled_from(["inbox", "archive", "spam", "trash"]),
    tag_ids=st.lists(st.integers(0, 9), max_size=3).map(tuple),
    language=st.text(max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(_alphabet, max_size=12).map("".join)), _rows)
def test_parse_raises_only_query_error_and_matching_never_raises(text: str, row: FeedRow) -> None:
    try:
        query = parse_query(text, TAGS)
    except QueryError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(query.matches(row), bool)
    assert isinstance(query.describe(), str)


def test_alert_by_name_or_id() -> None:
    names = QueryNames(alerts={"Acme Corp": 112233, "Competitor watch": 112234})
    acme, other = _row(alert_id=112233), _row(alert_id=112234)
    query = parse_query('alert:"acme corp"', names)
    assert query.matches(acme) and not query.matches(other)
    assert query.describe() == "of alert acme corp"
    assert parse_query("alert:112234", names).matches(other)
    assert parse_query('-alert:"Competitor watch"', names).matches(acme)
    with pytest.raises(QueryError, match=r'no alert of that name or id \(alerts: "acme corp"'):
        parse_query('alert:"Nope"', names)


@pytest.mark.parametrize(
    ("query", "values"),
    [
        ("source:bogus", ["web", "news", "blogs", "forums", "videos", "twitter", "facebook"]),
        ("from:bogus", ["twitter (tw)", "images (instagram)"]),
        ("tone:angry", ["pos", "neu", "neg"]),
        ("folder:nowhere", ["inbox", "archive", "irrelevant", "spam", "trash"]),
        ("is:maybe", ["unread", "read", "favorite", "trashed"]),
        ("lang:french", ["language code", "en", "fr"]),
    ],
)
def test_an_unknown_value_is_an_error_naming_the_known_ones(query: str, values: list[str]) -> None:
    """Issue 20, item 7: `source:bogus` was accepted silently and matched nothing."""
    with pytest.raises(QueryError) as error:
        parse_query(query, TAGS)
    message = str(error.value)
    assert all(value in message for value in values), message


def test_a_long_unknown_value_leaves_the_known_values_in_the_message() -> None:
    with pytest.raises(QueryError) as error:
        parse_query("source:" + "x" * 300)
    message = str(error.value)
    assert len(message) <= 160 and message.endswith("images (instagram))")


def test_a_source_type_the_service_sent_is_accepted() -> None:
    """A type the app has no word for, seen on the mentions held, can still be filtered."""
    names = QueryNames(sources={"Reddit", "twitter"})
    assert parse_query("source:reddit", names).matches(_row(source_type="reddit"))
    assert parse_query("source:tw", names).matches(_row())
    with pytest.raises(QueryError, match=r"unknown source \(use web, .*, reddit\)"):
        parse_query("source:bogus", names)


def test_known_sources_aliases_and_language_codes_are_accepted() -> None:
    for word in ("web", "news", "blog", "blogs", "forum", "video", "tw", "fb", "insta", "images"):
        parse_query(f"source:{word}")
    for code in ("en", "FR", "pt-BR", "zh_hant", "fil"):
        parse_query(f"lang:{code}")


def test_an_alert_id_that_is_none_of_the_alerts_is_an_error_once_they_are_known() -> None:
    names = QueryNames(alerts={"Acme Corp": 112233})
    assert parse_query("alert:112233", names).matches(_row(alert_id=112233))
    with pytest.raises(QueryError, match=r'alert:999: no alert of that name or id \(alerts: "acme'):
        parse_query("alert:999", names)
    assert parse_query("alert:999").matches(_row(alert_id=999))  # alerts not known yet
