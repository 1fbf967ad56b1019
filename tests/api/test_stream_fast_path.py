"""The stream's fast path (summary + raw text) against the full parse, line by line.

Whatever the fast path takes must give the row the full `Mention` would give, and keep
JSON text that parses to the same mention; anything else must come out exactly as
`parse_event` would have it.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.api.seed_examples import seed_json
from triage_tui.api import (
    InvalidLine,
    Mention,
    MentionEvent,
    MentionLineEvent,
    UnknownEvent,
    parse_event,
    parse_event_fast,
)
from triage_tui.core.convert import to_row

SEED = seed_json("seed002_stream_mention.txt")  # the stream document's own example
UNDATED = {k: v for k, v in SEED.items() if k not in ("published_at", "created_at")}


def _line(obj: object, **dumps: object) -> bytes:
    return json.dumps(obj, **dumps).encode()  # type: ignore[arg-type]


def _agrees(line: bytes) -> None:
    fast, full = parse_event_fast(line), parse_event(line)
    if isinstance(fast, MentionLineEvent):
        assert isinstance(full, MentionEvent)
        assert to_row(fast.summary) == to_row(full.mention)
        assert Mention.model_validate_json(fast.raw) == full.mention
    else:
        assert type(fast) is type(full)
        if isinstance(full, MentionEvent):
            assert fast.mention == full.mention  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "line",
    [
        _line({"type": "mention", "mention": SEED}),
        _line({"type": "mention", "mention": SEED}, separators=(",", ":")),
        _line({"type": "mention", "mention": SEED}, indent=1),
        _line({"mention": SEED, "type": "mention"}),  # other key order: the full path
        _line({"type": "mention", "mention": SEED, "extra": 1}),  # mention not last
        _line({"type": "mention", "mention": {**SEED, "id": 527849933}}),  # numeric id
        _line({"type": "mention", "mention": {**SEED, "tone": None}}),
        _line({"type": "mention", "mention": {**SEED, "alert_id": "not a number"}}),
        _line({"type": "mention", "mention": {**SEED, "published_at": "yesterday"}}),
        _line({"type": "mention", "mention": {**SEED, "title": "\x1b]0;pwned\x07"}}),
        b'{"type": "mention", "mention": {"id": "1", "alert_id": 2, "title": "\xff\xfe"}}',
        b'{"type": "mention", "mention": {"id": "1"',
        _line({"type": "mention", "mention": {**UNDATED, "created_at": "2016-01-14 17:16:27Z"}}),
        _line({"type": "mention", "mention": {**UNDATED, "created_at": 1452791787.5}}),
        _line({"type": "mention", "mention": {**UNDATED, "created_at": "2016-01-14"}}),
        b'{"type": "mark"}',
        b'{"type": "brand_new", "x": 1}',
    ],
)
def test_fast_path_agrees_with_the_full_parse(line: bytes) -> None:
    _agrees(line)


def test_the_usual_line_takes_the_fast_path_and_keeps_the_text_as_sent() -> None:
    inner = json.dumps(SEED, separators=(",", ":"))
    event = parse_event_fast(b'{"type":"mention","mention":' + inner.encode() + b"}")
    assert isinstance(event, MentionLineEvent) and event.raw == inner
    bad = parse_event_fast(_line({"type": "mention", "mention": {**SEED, "alert_id": "x"}}))
    assert isinstance(bad, InvalidLine)
    assert isinstance(parse_event_fast(b'{"type": "other"}'), UnknownEvent)


fields = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(st.none(), st.text(max_size=30), st.integers()),
        "tone": st.one_of(st.none(), st.integers(-2, 2), st.text(max_size=3)),
        "read": st.one_of(st.booleans(), st.none(), st.text(max_size=3)),
        "folder": st.one_of(st.sampled_from(["inbox", "archive"]), st.none()),
        "tags": st.one_of(st.lists(st.integers(0, 9), max_size=3), st.text(max_size=3)),
        "published_at": st.one_of(st.none(), st.text(max_size=12)),
        "created_at": st.one_of(st.none(), st.text(max_size=12), st.floats(0, 2e9)),
        "children": st.one_of(st.none(), st.fixed_dictionaries({"total": st.integers(0, 9)})),
    },
)


@settings(max_examples=150, deadline=None)
@given(changes=fields)
def test_generated_mentions_agree(changes: dict[str, object]) -> None:
    _agrees(_line({"type": "mention", "mention": {**SEED, **changes}}))


def test_an_impossible_created_at_is_shaped_right_so_the_fast_path_keeps_the_row() -> None:
    """`created_at` is checked for its shape only. The row is kept (dated by
    published_at); the full model keeps the mention too, its impossible date unknown."""
    line = _line({"type": "mention", "mention": {**SEED, "created_at": "2016-02-30T00:00:00Z"}})
    fast = parse_event_fast(line)
    assert isinstance(fast, MentionLineEvent)
    assert to_row(fast.summary).published_ns == to_row(Mention.model_validate(SEED)).published_ns
    full = parse_event(line)
    assert isinstance(full, MentionEvent) and full.mention.created_at is None
    undated = _line(
        {"type": "mention", "mention": {**UNDATED, "created_at": "2016-02-30 01:02:03"}}
    )
    event = parse_event_fast(undated)
    assert isinstance(event, MentionLineEvent) and to_row(event.summary).published_ns == 0
