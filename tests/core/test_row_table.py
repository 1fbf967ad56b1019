"""The feed's rows as columns (core/row_table.py) and the masks read from them
(core/columns.py): checked against the same rows as objects after every write."""

from __future__ import annotations

import random
from array import array
from collections import Counter

from triage_tui.core.columns import KEPT_MASKS, HeldColumns, ListColumns, SlotColumns
from triage_tui.core.feed_order import SlotOrder
from triage_tui.core.masks import mask_and, mask_not, mask_or
from triage_tui.core.row_table import MADE_KEPT, Batch, RowTable
from triage_tui.core.rows import FeedRow


def _row(i: int, language: str = "en", read: bool = False) -> FeedRow:
    return FeedRow(i, 1, i, "web", "w", "t", read=read, language=language)


def _table(rows: list[FeedRow]) -> RowTable:
    table = RowTable()
    table.add(Batch.of_rows(rows))
    return table


def _check(table: RowTable, rows: list[FeedRow], value: str) -> None:
    """The table reads as `rows` (by slot), and its masks are theirs."""
    columns = SlotColumns(table, range(len(table)))
    assert [table.made(slot) for slot in range(len(table))] == rows
    assert columns.where("language", value.__eq__) == bytes(r.language == value for r in rows)
    assert columns.where("read", bool) == bytes(r.read for r in rows)
    some = list(range(0, len(rows), 3))
    picked = SlotColumns(table, some).where("language", value.__eq__)
    assert picked == bytes(rows[s].language == value for s in some)


def test_the_table_follows_every_write_and_outgrows_its_byte_codes() -> None:
    rng = random.Random(5)
    rows = [_row(i, rng.choice(["en", "fr"]), rng.random() < 0.5) for i in range(50)]
    table = _table(rows)
    _check(table, rows, "fr")
    for n in range(600):  # 300 languages: more than a byte codes
        row = _row(1000 + n, f"l{n}" if n % 2 else "fr", n % 3 == 0)
        rows.append(row)
        table.add(Batch.of_rows([row]))
        slot = rng.randrange(len(rows))
        if n % 5 == 0:
            rows[slot].read = not rows[slot].read
            rows[slot].version += 1
            table.update(slot, {"read": rows[slot].read})
        if n % 7 == 0:
            rows[slot].language = "fr"
            rows[slot].tag_ids = (n,)
            table.overwrite(slot, FeedRow(**{**_fields(rows[slot])}))
        _check(table, rows, "fr")
    assert isinstance(table.coded("language")[1], array)  # past 256 values: 32 bits a row
    _check(table, rows, "l599")


def _fields(row: FeedRow) -> dict[str, object]:
    return {name: getattr(row, name) for name in row.__slots__}


def test_a_batch_joins_with_its_codes_translated_and_keeps_what_it_is_told() -> None:
    first = [_row(i, ["en", "fr"][i % 2]) for i in range(10)]
    second = [_row(100 + i, ["de", "fr", "en"][i % 3], i % 2 == 0) for i in range(9)]
    table = _table(first)
    batch = Batch.of_rows(second)
    assert batch.rows() == second
    table.add(batch.kept(bytes(i % 4 != 1 for i in range(9))))
    kept = [r for i, r in enumerate(second) if i % 4 != 1]
    _check(table, first + kept, "de")
    head, tail = Batch.of_rows(second).split(4)
    assert head.rows() == second[:4] and tail.rows() == second[4:]


def test_masks_combine_like_booleans() -> None:
    a, b = bytes([1, 1, 0, 0]), bytes([1, 0, 1, 0])
    assert mask_and(a, b) == bytes([1, 0, 0, 0])
    assert mask_or(a, b) == bytes([1, 1, 1, 0])
    assert mask_not(a) == bytes([0, 0, 1, 1])
    assert ListColumns([_row(1, read=True), _row(2)]).where("read", bool) == bytes([1, 0])


def test_an_id_past_64_bits_turns_the_packed_id_column_into_a_list() -> None:
    rows = [_row(i) for i in range(5)]
    table = _table(rows)
    held = list(range(5))
    columns = HeldColumns(table, lambda: held)
    assert columns.where("id", {2, 3}.__contains__) == bytes([0, 0, 1, 1, 0])
    (huge,) = table.add(Batch.of_rows([_row(10**30)]))
    held.insert(1, huge)
    columns.inserted((1,), (huge,))
    assert columns.where("id", {10**30, 3}.__contains__) == bytes([0, 1, 0, 0, 1, 0])
    assert table.slot_of[10**30] == 5 and table.made(5) == _row(10**30)
    assert isinstance(table.whole("id"), list)


def _held_check(columns: HeldColumns, rows: list[FeedRow], value: str) -> None:
    assert columns.where("language", value.__eq__) == bytes(r.language == value for r in rows)
    assert columns.where("read", bool) == bytes(r.read for r in rows)
    assert columns.count("language", bytes([1]) * len(rows)) == Counter(r.language for r in rows)


def test_the_held_columns_follow_every_write_in_the_held_order() -> None:
    """Positional columns (byte N: the Nth row held) over slots in another order: kept
    in step by inserts anywhere, at the end and in many, changes and removals, and
    by a field outgrowing its byte codes in the table."""
    rng = random.Random(5)
    rows = [_row(i, rng.choice(["en", "fr"]), rng.random() < 0.5) for i in range(50)]
    table = _table(rows)
    held = list(range(50))
    rng.shuffle(held)
    rows = [rows[s] for s in held]
    columns = HeldColumns(table, lambda: held)
    _held_check(columns, rows, "fr")
    for n in range(600):  # 300 languages: the table's codes outgrow a byte
        row = _row(1000 + n, f"l{n}" if n % 2 else "fr", n % 3 == 0)
        (slot,) = table.add(Batch.of_rows([row]))
        place = rng.randrange(len(held) + 1)
        held.insert(place, slot)
        rows.insert(place, row)
        columns.inserted((place,), (slot,))
        if n % 5 == 0:
            at = rng.randrange(len(held))
            rows[at].read = not rows[at].read
            table.update(held[at], {"read": rows[at].read})
            columns.changed(at, held[at], ["read"])
        if n % 7 == 0:
            gone = rng.randrange(len(held))
            del held[gone], rows[gone]
            columns.removed(gone)
        _held_check(columns, rows, "fr")
    _held_check(columns, rows, "l599")
    end = [_row(5000 + i, "de") for i in range(300)]  # a part at the end: gathered on
    slots = table.add(Batch.of_rows(end))
    held.extend(slots)
    rows.extend(end)
    columns.inserted(range(len(held) - 300, len(held)), slots)
    _held_check(columns, rows, "de")
    many = [_row(6000 + i, "it") for i in range(300)]  # a page into the middle: again
    slots = table.add(Batch.of_rows(many))
    held[5:5] = slots
    rows[5:5] = many
    columns.inserted(range(5, 305), slots)
    _held_check(columns, rows, "it")


def test_a_kept_row_is_one_object_until_let_go_and_sees_every_write() -> None:
    rows = [_row(i) for i in range(3)]
    table = RowTable()
    table.add(Batch.of_rows(rows), rows)
    assert table.row(1) is rows[1]  # the objects given are the rows' objects
    table.update(1, {"read": True})
    assert rows[1].read and rows[1].version == 1
    many = [_row(10 + i) for i in range(MADE_KEPT + 10)]
    table.add(Batch.of_rows(many))
    for slot in range(3, len(table)):
        table.row(slot)
    assert table.row(1) is not rows[1] and table.row(1) == rows[1]  # made again, the same
    arrivals = [_row(100_000 + i) for i in range(MADE_KEPT)]
    for row in arrivals:  # rows given one by one are kept too, within the bound
        table.add(Batch.of_rows([row]), [row])
    assert len(table._made) == MADE_KEPT and table.row(len(table) - 1) is arrivals[-1]


def test_a_kept_mask_follows_every_write_and_only_the_last_few_are_kept() -> None:
    """`kept` builds a mask once; arrivals (anywhere, at the end), changes (of its
    fields, of others, of any) and removals keep it equal to its test's."""
    rng = random.Random(8)

    def test(r: FeedRow) -> bool:
        return "x" in r.title

    builds: list[int] = []
    rows = [_row(i) for i in range(40)]
    table = _table(rows)
    held = list(range(40))
    columns = HeldColumns(table, lambda: held)

    def kept() -> bytes:
        def build() -> bytes:
            builds.append(1)
            return bytes(map(test, rows))

        return columns.kept("x", frozenset({"title"}), test, build)

    assert kept() == bytes(40) and len(builds) == 1
    for n in range(200):
        row = _row(1000 + n)
        row.title = rng.choice(["x", "y", "axb"])
        (slot,) = table.add(Batch.of_rows([row]))
        place = rng.randrange(len(held) + 1) if n % 2 else len(held)
        held.insert(place, slot)
        rows.insert(place, row)
        columns.inserted((place,), (slot,))
        at = rng.randrange(len(held))
        title = rng.choice(["x", "y"])
        if n % 3 == 0:
            table.update(held[at], {"title": title, "read": True})
            columns.changed(at, held[at], ["title", "read"])
        elif n % 3 == 1:
            table.update(held[at], {"title": title})
            columns.changed(at, held[at])
        else:  # a change of another field only: the mask stays as the title was
            table.update(held[at], {"read": True})
            columns.changed(at, held[at], ["read"])
            title = rows[at].title
        rows[at].title = title
        if n % 4 == 0:
            gone = rng.randrange(len(held))
            del held[gone], rows[gone]
            columns.removed(gone)
        assert kept() == bytes(map(test, rows))
    assert len(builds) == 1
    for key in range(KEPT_MASKS):  # others asked: the first one is let go
        columns.kept(key, frozenset({"title"}), test, lambda: bytes(len(rows)))
    assert kept() == bytes(map(test, rows)) and len(builds) == 2
    assert ListColumns(rows).kept("x", frozenset(), test, lambda: b"built") == b"built"


def test_rows_added_as_objects_past_64_bits_and_past_256_values() -> None:
    """`add_rows` (the model's `insert`) reads each field straight into its column: a
    date past 64 bits turns its column into a list, a 257th value its codes into 32
    bits, and every row reads back as given."""
    rows = [_row(i, f"l{i}") for i in range(300)]
    rows[7] = FeedRow(7, 1, 10**30, "web", "w", "t", found_ns=10**31)
    table = RowTable()
    table.add_rows(rows[:100])
    table.add_rows(rows[100:])
    assert [table.made(slot) for slot in range(300)] == rows
    assert isinstance(table.whole("published_ns"), list)
    assert isinstance(table.coded("language")[1], array)


def test_slots_in_order_already_are_kept_and_others_sorted() -> None:
    """`SlotOrder.sorted` of a range of slots added newest first returns it as it is,
    ties in time broken by the larger id first; anything else is sorted."""
    rng = random.Random(3)
    for _ in range(200):
        rows = [
            FeedRow(rng.randrange(50), 1, rng.randrange(4), "web", "w", "t", found_ns=0)
            for _ in range(rng.randrange(1, 8))
        ]
        rows = list({r.id: r for r in rows}.values())  # one row an id
        if rng.random() < 0.5:
            rows.sort(key=lambda r: (r.published_ns, r.id), reverse=True)
        table = RowTable()
        slots = table.add_rows(rows)
        want = sorted(slots, key=lambda s: (rows[s].published_ns, rows[s].id), reverse=True)
        assert list(SlotOrder(table, "published_ns").sorted(slots)) == want
