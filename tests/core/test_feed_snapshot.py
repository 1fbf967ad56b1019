"""A feed snapshot's part gives back the rows it was written from (core/feed_snapshot.py)."""

from __future__ import annotations

import array
import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage_tui.core.feed_order import sort_newest_first
from triage_tui.core.feed_snapshot import Damaged, decode, encode, read_part
from triage_tui.core.row_table import RowTable
from triage_tui.core.rows import FeedRow
from triage_tui.core.snapshot_build import worth_building

# What a sanitized string may hold: anything printable, but not the field separator.
text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
rows = st.builds(
    FeedRow,
    id=st.integers(1, 2**62),
    alert_id=st.integers(1, 2**40),
    published_ns=st.integers(0, 2**62),
    source_type=st.sampled_from(["web", "twitter", "a-network-we-do-not-know", ""]),
    who=text,
    title=text,
    read=st.booleans(),
    favorite=st.booleans(),
    trashed=st.booleans(),
    tone=st.integers(-3, 3),
    folder=st.sampled_from(["inbox", "archive", "spam", "a-new-folder"]),
    tag_ids=st.lists(st.integers(1, 2**40), max_size=3).map(tuple),
    children_count=st.integers(0, 10**6),
    language=st.sampled_from(["", "en", "pt-BR"]),
    found_ns=st.integers(0, 2**62),
)


@given(st.lists(rows, max_size=40, unique_by=lambda r: r.id))
def test_a_part_reads_back_as_written(written: list[FeedRow]) -> None:
    sort_newest_first(written)
    assert decode(encode(written)) == written


def test_repeated_values_are_one_object_across_parts() -> None:
    row = FeedRow(1, 9, 5, "web", "The Daily Planet", "A title", tag_ids=(3, 4))
    other = dataclasses.replace(row, id=2, who="The Daily Planet"[:])
    table = RowTable()
    table.add(read_part(encode([row])))
    table.add(read_part(encode([other])))
    first, second = table.made(0), table.made(1)
    assert first.who is second.who and first.tag_ids is second.tag_ids
    assert first.alert_id is second.alert_id


@pytest.mark.parametrize(
    "damage",
    [
        {"titles": "one\x1ftoo many"},
        {"ids": b"\x00" * 4},
        {"codes": b""},
        {"values": "[not json"},
        {"values": "[[], [], [], [], [], [], [], []]"},  # codes with no value
        {"flags": b""},
        {"values": '[[{"an": "object"}], [], [], [], [], [], [], []]'},
        {"codes": array.array("I", [300] * 8).tobytes()},  # past the values, and a byte
    ],
)
def test_a_damaged_part_is_refused(damage: dict[str, object]) -> None:
    part = encode([FeedRow(1, 9, 5, "web", "who", "title")])
    with pytest.raises(Damaged):
        decode(dataclasses.replace(part, **damage))  # type: ignore[arg-type]


def test_when_a_snapshot_is_worth_building() -> None:
    assert not worth_building(49_999, 0, 0, at_least=50_000)  # small: unpacking is quick
    assert worth_building(50_000, 0, 0, at_least=50_000)  # none yet
    assert not worth_building(1_000_000, 990_000, 10_000, at_least=50_000)
    assert worth_building(1_000_000, 800_000, 200_000, at_least=50_000)  # a fifth changed


def test_only_the_alerts_asked_for_are_made() -> None:
    rows = [
        FeedRow(
            id=10 - i,
            alert_id=1 + i % 3,
            published_ns=10 - i,
            source_type="web",
            who="w",
            title=f"t{i}",
        )
        for i in range(9)
    ]
    part = encode(rows)
    assert decode(part, alerts={2}) == [r for r in rows if r.alert_id == 2]
    assert decode(part, alerts={1, 2, 3}) == rows
    assert decode(part, alerts=set()) == []
    assert decode(part, leave_out={10, 7}) == [r for r in rows if r.id not in {10, 7}]
    assert decode(part, alerts={2}, leave_out={9}) == [
        r for r in rows if r.alert_id == 2 and r.id != 9
    ]
    with pytest.raises(Damaged):  # a code past the part's alerts
        decode(
            dataclasses.replace(part, values=part.values.replace("[1, 2, 3]", "[1]", 1)), alerts={1}
        )
