"""The feed's cursor arithmetic without a screen: a deferred model's deltas move the cursor,
the visual range and the selection as the widget shows them."""

from __future__ import annotations

from triage_tui.core.feed_model import FeedModel
from triage_tui.core.rows import FeedRow
from triage_tui.ui.widgets.feed_cursor import FeedCursor


def _row(i: int) -> FeedRow:
    return FeedRow(i, 1, 1_700_000_000_000_000_000 + i * 10**9, "web", "Source", f"Mention {i}")


def _inbox(row: FeedRow) -> bool:
    return row.folder == "inbox"


def _cursor_on(mention_id: int, count: int = 10) -> FeedCursor:
    """A cursor on `mention_id` in a deferred Inbox view of mentions 1..count (newest first)."""
    model = FeedModel(_inbox)
    model.insert(_row(i) for i in range(1, count + 1))
    model.defer()
    cursor = FeedCursor(model)
    cursor.place(mention_id, 0)
    return cursor


def test_arrivals_above_keep_the_cursor_on_its_mention() -> None:
    cursor = _cursor_on(5)
    assert cursor.index == 5 and cursor.row is not None and cursor.row.id == 5
    cursor.model.insert([_row(11), _row(12)])  # newer: they land above
    delta, _ = cursor.model.show_new()
    cursor.after_insert(delta)
    assert cursor.index == 7 and cursor.row is not None and cursor.row.id == 5


def test_the_cursor_moves_to_the_next_mention_when_its_own_leaves() -> None:
    cursor = _cursor_on(5)
    cursor.selection = {5, 3}
    cursor.model.change(5, {"folder": "archive"})
    for delta in cursor.model.show_changes():
        cursor.after_change(delta)
    cursor.keep_shown()
    # The same line, now the next (older) mention; the one that left is unselected.
    assert cursor.index == 5 and cursor.row is not None and cursor.row.id == 4
    assert cursor.selection == {3}


def test_the_last_mention_leaving_puts_the_cursor_on_the_new_last() -> None:
    cursor = _cursor_on(1)
    assert cursor.index == 9
    cursor.model.change(1, {"folder": "archive"})
    for delta in cursor.model.show_changes():
        cursor.after_change(delta)
    assert cursor.index == 8 and cursor.row is not None and cursor.row.id == 2


def test_a_visual_range_selects_from_its_start_to_the_cursor() -> None:
    cursor = _cursor_on(8)
    cursor.visual()
    assert cursor.anchor == 2 and cursor.selection == {8}
    cursor.index = 4
    assert cursor.extend_range(4)
    assert cursor.selected_ids() == [8, 7, 6]  # feed order, newest first
    assert cursor.clear() and cursor.anchor is None and not cursor.selection
    assert not cursor.extend_range(4)


def test_a_mention_kept_under_the_cursor_leaves_once_the_cursor_moves_off() -> None:
    cursor = _cursor_on(5)
    cursor.model.change(5, {"folder": "archive"})  # a teammate's change: kept for now
    for delta in cursor.model.show_changes(keep=5):
        cursor.after_change(delta)
    assert cursor.row is not None and cursor.row.id == 5
    old, released = cursor.move(6)
    assert released and old == -1  # the line it left is gone
    assert cursor.index == 5 and cursor.row is not None and cursor.row.id == 4
