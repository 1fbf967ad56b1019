"""Mention -> FeedRow, sanitized copies, the service's curation rules locally."""

from __future__ import annotations

import dataclasses

import pytest

from triage_tui.api.models import Mention
from triage_tui.core.convert import (
    FIELD_SEPARATOR,
    apply_change,
    pack_row,
    sanitize_mention,
    to_row,
    unpack_row,
    unpack_rows,
)
from triage_tui.core.merge import merge_fields
from triage_tui.core.rows import FeedRow

HOSTILE = "Acme\x1b[2J rocks\u202e\nnext"


def _mention(**fields: object) -> Mention:
    base: dict[str, object] = {
        "id": "42",
        "alert_id": 7,
        "published_at": "2024-01-02T03:04:05+00:00",
        "source_type": "news",
    }
    return Mention.model_validate({**base, **fields})


def test_row_fields_and_every_string_is_one_safe_line() -> None:
    m = _mention(
        title=HOSTILE,
        source_name="Daily\x07 News",
        tags=[{"id": 3}, {"id": 9}],
        language_code="en",
        children={"total": 4},
        read=True,
        tone=-1,
    )
    row = to_row(m)
    assert (row.id, row.alert_id, row.source_type) == (42, 7, "news")
    assert row.title == "Acme␛[2J rocks\ufffd next"
    assert row.who == "Daily␇ News"
    assert row.tag_ids == (3, 9) and row.language == "en"
    assert row.read is True and row.tone == -1
    assert row.published_ns == 1704164645 * 10**9


def test_who_and_title_fall_back() -> None:
    m = _mention(
        description_short="Short text",
        author_influence={"name": "Jo"},
        displayable_url="https://example.org/a",
    )
    assert (to_row(m).who, to_row(m).title) == ("Jo", "Short text")
    m = _mention(description="Only a description", displayable_url="https://example.org/a")
    assert (to_row(m).who, to_row(m).title) == ("example.org", "Only a description")


def test_sanitize_mention_cleans_every_string_however_deep_keeping_lengths() -> None:
    m = _mention(
        title=HOSTILE,
        description=HOSTILE,
        author_influence={"name": "x\x1by"},
        metadata={"deep": [{"s": "a\x00b"}]},
        tags=[{"id": 1, "name": "t\u202eag"}],
    )
    clean = sanitize_mention(m)
    assert clean.title == "Acme␛[2J rocks\ufffd\nnext" and len(clean.title) == len(HOSTILE)
    assert clean.author_influence is not None and clean.author_influence.name == "x␛y"
    assert clean.metadata == {"deep": [{"s": "a␀b"}]}
    assert clean.tags[0].name == "t\ufffdag"
    assert m.title == HOSTILE  # a copy: the original is untouched


def test_local_rules_match_the_service() -> None:
    row = to_row(_mention())
    apply_change(row, {"favorite": True})
    assert row.read and row.favorite
    apply_change(row, {"trashed": True})
    assert row.trashed and row.folder == "trash"
    apply_change(row, {"trashed": False})
    assert not row.trashed and row.folder == "inbox"
    apply_change(row, {"folder": "trash"})
    assert row.trashed
    version = row.version
    apply_change(row, {"folder": "archive"})
    assert not row.trashed and row.folder == "archive" and row.version == version + 1


def test_merge_fields() -> None:
    assert merge_fields({"read": True}, {"tone": 1}) == {"read": True, "tone": 1}
    assert merge_fields({"tone": 1}, {"tone": -1}) == {"tone": -1}
    assert merge_fields({"favorite": True}, {"read": False}) is None
    assert merge_fields({"favorite": True}, {"read": True}) == {"favorite": True, "read": True}
    assert merge_fields({"read": False}, {"favorite": True}) == {"read": False, "favorite": True}
    assert merge_fields({"folder": "trash"}, {"trashed": False}) is None
    assert merge_fields({"trashed": True}, {"folder": "spam"}) == {"folder": "spam"}
    assert merge_fields({"folder": "spam"}, {"trashed": True}) == {"trashed": True}


def test_a_packed_row_unpacks_to_the_same_row() -> None:
    row = to_row(
        _mention(title="Ünïcode 🚀 title", tags=[{"id": 3}], favorite=True, folder="archive")
    )
    assert unpack_row(pack_row(row)) == row
    bare = to_row(_mention(title="", tone=-1, read=True))  # empty fields, no tags
    assert unpack_row(pack_row(bare)) == bare


def test_no_text_from_the_network_can_split_a_packed_row() -> None:
    # The separator is a control character: the sanitizer has replaced it in every field.
    row = to_row(
        _mention(title='a\x1fb, [1] "c"', source_name="x\x1fy", tags=[{"id": 3}, {"id": 9}])
    )
    assert FIELD_SEPARATOR not in row.title + row.who
    assert unpack_row(pack_row(row)) == row


def test_rows_packed_by_earlier_versions_still_unpack() -> None:
    # A cache written before the separated format: a JSON array.
    old = (
        '[42, 7, 1704164645000000000, "news", "Daily News", "T", true, false, false, -1, '
        '"inbox", [3, 9], 4, "en"]'
    )
    row = unpack_row(old)
    assert (row.id, row.title, row.read, row.tone, row.tag_ids) == (42, "T", True, -1, (3, 9))
    assert (row.children_count, row.language) == (4, "en")


def test_a_damaged_packed_row_is_refused_not_misread() -> None:
    row = to_row(_mention(title="T"))
    with pytest.raises(ValueError):
        unpack_row(pack_row(row).rsplit(FIELD_SEPARATOR, 2)[0])  # two fields short
    with pytest.raises(ValueError):
        unpack_row(pack_row(row) + FIELD_SEPARATOR + "1")  # a field too many
    with pytest.raises(ValueError):
        unpack_row("not a row")


def test_a_starts_rows_unpack_in_bulk_like_one_by_one_and_share_repeated_values() -> None:
    rows = [
        to_row(_mention(id=str(10 + i), title=f"T{i}", tags=[{"id": i}] if i % 2 else []))
        for i in range(6)
    ]
    stored = [(r.id, r.alert_id, pack_row(r), None) for r in rows]
    old = '[99, 1, 5, "web", "W", "old", false, false, false, 0, "inbox", [], 0, ""]'
    stored += [(99, 1, old, None), (98, 1, "damaged", None), (97, 1, None, "{}")]
    asked: list[tuple[int, str | None, str | None]] = []

    def fallback(mention_id: int, packed: str | None, raw: str | None) -> FeedRow | None:
        asked.append((mention_id, packed, raw))
        return unpack_row(packed) if packed and packed.startswith("[") else None

    got = unpack_rows([stored[:4], stored[4:]], {rows[0].alert_id, 1}, {11}, fallback)
    assert got == [r for r in rows if r.id != 11] + [unpack_row(old)]
    assert [a[0] for a in asked] == [99, 98, 97]  # what is not a packed row goes there
    assert got[0].source_type is got[1].source_type and got[0].folder is got[1].folder


def test_found_ns_is_when_mention_found_it_and_packs_as_a_15th_field() -> None:
    m = _mention(created_at="2024-01-03T00:00:00+00:00")
    row = to_row(m)
    assert row.found_ns == 1704240000 * 10**9 and row.published_ns == 1704164645 * 10**9
    assert to_row(_mention()).found_ns == 0  # unknown
    # No published date: both are the found one.
    bare = to_row(_mention(published_at=None, created_at="2024-01-03T00:00:00+00:00"))
    assert bare.published_ns == bare.found_ns == 1704240000 * 10**9
    packed = pack_row(row)
    assert packed.count(FIELD_SEPARATOR) == 14
    assert unpack_row(packed) == row
    got = unpack_rows([[(row.id, row.alert_id, packed, None)]], {row.alert_id}, (), _no_fallback)
    assert got == [row] and got[0].found_ns == row.found_ns


def _no_fallback(mention_id: int, packed: str | None, raw: str | None) -> FeedRow | None:
    raise AssertionError(f"{mention_id} should unpack inline")


def test_a_cache_of_14_field_rows_still_loads_found_as_published() -> None:
    """Rows packed before found_ns (14 fields): read inline, found_ns = published_ns."""
    row = to_row(_mention(created_at="2024-01-03T00:00:00+00:00", tags=[{"id": 3}]))
    old = pack_row(row).rsplit(FIELD_SEPARATOR, 1)[0]  # what the previous version wrote
    assert old.count(FIELD_SEPARATOR) == 13
    expected = dataclasses.replace(row, found_ns=row.published_ns)
    assert unpack_row(old) == expected
    got = unpack_rows([[(row.id, row.alert_id, old, None)]], {row.alert_id}, (), _no_fallback)
    assert got == [expected]
    # And the JSON arrays from before those.
    legacy = '[99, 1, 5, "web", "W", "old", false, false, false, 0, "inbox", [], 0, ""]'
    assert unpack_row(legacy).found_ns == 5
