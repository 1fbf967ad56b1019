"""The feed model's columns: coded while a field has few values, a list past 255, and
kept in step by inserts, changes and removals (checked against the rows each time)."""

from __future__ import annotations

import random

from triage_tui.core.columns import (
    KEPT_MASKS,
    HeldColumns,
    ListColumns,
    mask_and,
    mask_not,
    mask_or,
)
from triage_tui.core.rows import FeedRow


def _row(i: int, language: str = "en", read: bool = False) -> FeedRow:
    return FeedRow(i, 1, i, "web", "w", "t", read=read, language=language)


def _check(columns: HeldColumns, rows: list[FeedRow], value: str) -> None:
    want = bytes(r.language == value for r in rows)
    assert columns.where("language", value.__eq__) == want
    assert columns.where("read", bool) == bytes(r.read for r in rows)


def test_columns_follow_every_write_and_outgrow_their_codes() -> None:
    rng = random.Random(5)
    rows = [_row(i, rng.choice(["en", "fr"]), rng.random() < 0.5) for i in range(50)]
    columns = HeldColumns(lambda: rows)
    _check(columns, rows, "fr")
    for n in range(400):  # 300 more languages than a code holds
        place = rng.randrange(len(rows) + 1)
        row = _row(1000 + n, f"l{n}" if n % 2 else "fr", n % 3 == 0)
        rows.insert(place, row)
        columns.inserted((place,), [row])
        if n % 5 == 0:
            changed = rng.randrange(len(rows))
            rows[changed].read = not rows[changed].read
            columns.changed(changed, rows[changed], ["read"])
        if n % 7 == 0:
            gone = rng.randrange(len(rows))
            del rows[gone]
            columns.removed(gone)
        _check(columns, rows, "fr")
    _check(columns, rows, "l399")
    many = [_row(5000 + i) for i in range(300)]  # a page at once: built again
    rows[:0] = many
    columns.inserted(tuple(range(300)), many)
    _check(columns, rows, "en")


def test_masks_combine_like_booleans() -> None:
    a, b = bytes([1, 1, 0, 0]), bytes([1, 0, 1, 0])
    assert mask_and(a, b) == bytes([1, 0, 0, 0])
    assert mask_or(a, b) == bytes([1, 1, 1, 0])
    assert mask_not(a) == bytes([0, 0, 1, 1])
    assert ListColumns([_row(1, read=True), _row(2)]).where("read", bool) == bytes([1, 0])


def test_an_id_past_64_bits_turns_the_packed_id_column_into_a_list() -> None:
    rows = [_row(i) for i in range(5)]
    columns = HeldColumns(lambda: rows)
    assert columns.where("id", {2, 3}.__contains__) == bytes([0, 0, 1, 1, 0])
    huge = _row(10**30)
    rows.insert(1, huge)
    columns.inserted((1,), [huge])
    assert columns.where("id", {10**30, 3}.__contains__) == bytes([0, 1, 0, 0, 1, 0])
    rows[0] = _row(10**25)
    columns.changed(0, rows[0])
    assert columns.where("id", {10**25}.__contains__) == bytes([1, 0, 0, 0, 0, 0])


def test_parts_appended_at_the_end_grow_the_columns_in_place() -> None:
    """A start's parts land after the rows before them: each column grows by them (a
    new value coded, a 256th turning the field into a list, an id past 64 bits turning
    the packed id column into one) and is never built again from every row."""
    rows = [_row(i, "en") for i in range(5)]
    columns = HeldColumns(lambda: rows)
    _check(columns, rows, "en")
    assert columns.where("id", {3}.__contains__) == bytes([0, 0, 0, 1, 0])
    coded = columns._coded["language"]
    first = [_row(5 + i, f"l{i % 200}", i % 3 == 0) for i in range(600)]  # 201 languages
    rows.extend(first)
    columns.inserted(tuple(range(5, 605)), first)
    _check(columns, rows, "l7")
    assert columns._coded["language"] is coded and coded.values[:2] == ["en", "l0"]
    second = [_row(605 + i, f"l{200 + i % 100}", i % 2 == 0) for i in range(300)]  # 301
    second[-1].id = 10**30
    rows.extend(second)
    columns.inserted(tuple(range(605, 905)), second)
    assert "language" not in columns._coded  # a list, built when next asked
    _check(columns, rows, "l250")
    ids = {3, 10**30}
    assert columns.where("id", ids.__contains__) == bytes(r.id in ids for r in rows)


def test_a_kept_mask_follows_every_write_and_only_the_last_few_are_kept() -> None:
    """`kept` builds a mask once; arrivals (one by one, at the end, a page), changes
    (of its fields, of others, of any) and removals keep it equal to its test's."""
    rng = random.Random(8)

    def test(r: FeedRow) -> bool:
        return "x" in r.title

    builds: list[int] = []

    def kept() -> bytes:
        def build() -> bytes:
            builds.append(1)
            return bytes(map(test, rows))

        return columns.kept("x", frozenset({"title"}), test, build)

    rows = [_row(i) for i in range(40)]
    columns = HeldColumns(lambda: rows)
    assert kept() == bytes(40) and len(builds) == 1
    for n in range(200):
        row = _row(1000 + n)
        row.title = rng.choice(["x", "y", "axb"])
        place = rng.randrange(len(rows) + 1)
        rows.insert(place, row)
        columns.inserted((place,), [row])
        changed = rows[rng.randrange(len(rows))]
        changed.title = rng.choice(["x", "y"])
        if n % 3 == 0:
            columns.changed(rows.index(changed), changed, ["title", "read"])
        elif n % 3 == 1:
            columns.changed(rows.index(changed), changed)
        else:  # a change of another field leaves the mask as it is: the title as it was
            changed.read = True
            columns.changed(rows.index(changed), changed, ["read"])
            changed.title = "y" if kept()[rows.index(changed)] == 0 else "x"
        if n % 4 == 0:
            gone = rng.randrange(len(rows))
            del rows[gone]
            columns.removed(gone)
        assert kept() == bytes(map(test, rows))
    end = [_row(5000 + i) for i in range(10)]
    end[3].title = "xx"
    rows.extend(end)
    columns.inserted(tuple(range(len(rows) - 10, len(rows))), end)
    assert kept() == bytes(map(test, rows)) and len(builds) == 1
    page = [_row(6000 + i) for i in range(300)]  # a page into the middle: built again
    rows[5:5] = page
    columns.inserted(tuple(range(5, 305)), page)
    assert kept() == bytes(map(test, rows)) and len(builds) == 2
    for key in range(KEPT_MASKS):  # others asked: the first one is let go
        columns.kept(key, frozenset({"title"}), test, lambda: bytes(len(rows)))
    assert len(columns._kept) == KEPT_MASKS
    assert kept() == bytes(map(test, rows)) and len(builds) == 3
    assert ListColumns(rows).kept("x", frozenset(), test, lambda: b"built") == b"built"
