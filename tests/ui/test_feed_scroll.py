"""Where the feed's view starts after rows moved, without a screen (feed_scroll.py)."""

from __future__ import annotations

from triage_tui.core.feed_delta import Delta
from triage_tui.ui.widgets.feed_scroll import keeping_line, top_after_insert


def test_a_view_that_shows_the_cursor_stays_where_it_is() -> None:
    assert keeping_line(top=10, height=5, index=12, line=2) == 10


def test_the_cursor_pushed_off_the_view_gets_its_line_back() -> None:
    assert keeping_line(top=10, height=5, index=17, line=4) == 13  # below the bottom
    assert keeping_line(top=10, height=5, index=6, line=1) == 5  # above the top


def test_a_cursor_that_was_off_screen_moves_no_view() -> None:
    assert keeping_line(top=10, height=5, index=30, line=12) == 10


def test_new_rows_at_the_top_show_while_the_cursor_is_on_screen() -> None:
    delta = Delta(size=23, inserted=(0, 1, 2))
    assert top_after_insert(0, 5, index=4, line=1, delta=delta, before=20) == 0


def test_new_rows_above_a_scrolled_view_wait_above_it() -> None:
    delta = Delta(size=23, inserted=(0, 1, 2))
    assert top_after_insert(8, 5, index=12, line=1, delta=delta, before=20) == 11


def test_new_rows_inside_the_view_keep_the_cursor_on_its_line() -> None:
    delta = Delta(size=23, inserted=(1, 2, 3))  # below the top row, above the cursor
    assert top_after_insert(0, 5, index=7, line=4, delta=delta, before=20) == 3
