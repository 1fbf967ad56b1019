"""The feed reads two of Textual's reactives by their stored values (a cursor move draws
every line, and the descriptor costs a few microseconds a read): they must agree."""

from __future__ import annotations

from textual.app import App, ComposeResult

from triage_tui.bench.screen import synthetic_rows
from triage_tui.core.rows import FeedRow
from triage_tui.ui.widgets.feed import MentionFeed


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield MentionFeed(clock=lambda: 1_800_000_000.0)


async def test_the_frame_read_directly_agrees_with_the_reactives() -> None:
    app = _Host()
    async with app.run_test(size=(80, 20)) as pilot:
        feed = app.query_one(MentionFeed)
        await pilot.pause()
        empty = feed._frame_now()
        assert empty == (round(feed.scroll_y), feed.scrollable_content_region.width)

        feed.set_rows(synthetic_rows(500))  # the vertical scrollbar comes: narrower
        await pilot.pause()
        assert feed.show_vertical_scrollbar
        assert feed._frame_now()[1] == feed.scrollable_content_region.width < empty[1]

        for _ in range(3):
            feed.action_page_down()
        await pilot.pause()
        assert feed.scroll_y > 0
        assert feed._frame_now() == (round(feed.scroll_y), feed.scrollable_content_region.width)
        # What the compositor draws and what a line drawn on its own shows are the same.
        top = feed.render_line(0)
        feed.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        assert feed._frame_now()[0] == 0 and feed.render_line(0) != top


async def test_arrivals_resize_the_scroll_range_without_laying_out_the_screen() -> None:
    """The feed updates its virtual height and scrollbar itself (`LineView.fit_rows`): the
    scroll range must still cover every row, and the screen is laid out only when the
    scrollbar appears, not for every batch that arrives."""
    app = _Host()
    async with app.run_test(size=(80, 20)) as pilot:
        feed = app.query_one(MentionFeed)
        await pilot.pause()
        held = 0
        layouts: list[int] = []  # rows held when the screen was laid out
        lay_out = app.screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            if app.screen._layout_required:  # not the cheaper pass a scroll asks for
                layouts.append(held)
            lay_out(*args, **kwargs)  # type: ignore[arg-type]

        app.screen._refresh_layout = counted  # type: ignore[method-assign]
        rows = synthetic_rows(1210)  # newest first, as arrivals are handed over
        batches = [rows[1200:], rows[700:1200], rows[200:700], rows[:200]]
        for batch in batches:
            feed.model.insert(batch)
            feed.show_new()
            held += len(batch)
            await pilot.pause()
            height = feed.scrollable_content_region.height
            assert feed.show_vertical_scrollbar == (held > height)
            assert feed.max_scroll_y == max(0, held - height)
            if held > height:
                assert feed.vertical_scrollbar.window_virtual_size == held
        assert layouts and set(layouts) == {510}  # when the scrollbar came; never after

        feed.action_bottom()
        await pilot.pause()
        assert feed.scroll_y == feed.max_scroll_y
        assert "Mention number 1 of Acme" in "".join(
            s.text for s in feed.render_line(feed.size.height - 1)
        )


def _inbox(row: FeedRow) -> bool:
    return row.folder == "inbox"


def _on_screen(feed: MentionFeed) -> int:
    """The cursor's line on the screen, asserted to be on it."""
    line = feed.cursor_index - round(feed.scroll_y)
    assert 0 <= line < feed.size.height, (feed.cursor_index, feed.scroll_y, feed.size.height)
    return line


async def test_rows_leaving_or_entering_off_the_cursor_never_take_it_off_screen() -> None:
    """Changes the user did not make (the service marking, a teammate's folder) take rows
    out of a view or bring them back: above a scrolled view they moved the cursor's line
    above the top; inside the view above the cursor, below the bottom."""
    app = _Host()
    async with app.run_test(size=(80, 20)) as pilot:
        feed = app.query_one(MentionFeed)
        rows = synthetic_rows(500)
        feed.set_rows(rows)
        feed.set_filter(_inbox)
        for _ in range(6):
            feed.action_page_down()
        await pilot.pause()
        under = feed.selected_row
        line = _on_screen(feed)
        top = round(feed.scroll_y)
        assert top > 40 and under is not None
        # Forty rows above the view leave it: what the screen shows stays where it is.
        for row in rows[:40]:
            feed.model.change(row.id, {"folder": "archive"})
        feed.show_changes(keep_cursor=True)
        await pilot.pause()
        assert feed.selected_row is not None and feed.selected_row.id == under.id
        assert _on_screen(feed) == line
        # Five rows between the top and the cursor leave: it moves up with its rows.
        top = round(feed.scroll_y)
        between = [r.id for r in feed.visible_rows()[top + 1 : top + 6]]
        for mention_id in between:
            feed.model.change(mention_id, {"folder": "archive"})
        feed.show_changes(keep_cursor=True)
        await pilot.pause()
        assert _on_screen(feed) == line - 5
        while feed.cursor_index - round(feed.scroll_y) < feed.size.height - 1:
            feed.action_cursor_down()  # to the view's last line
        await pilot.pause()
        under = feed.selected_row
        line = _on_screen(feed)
        # They come back, inside the view above the cursor: it keeps its line.
        for mention_id in between:
            feed.model.change(mention_id, {"folder": "inbox"})
        feed.show_changes(keep_cursor=True)
        await pilot.pause()
        assert feed.selected_row is not None and feed.selected_row.id == under.id
        assert _on_screen(feed) == line


async def test_a_smaller_feed_keeps_the_cursor_on_screen() -> None:
    """Seen in tmux at 80x24: the cursor on line 20 of the feed with the detail hidden,
    `z` showed the detail and left the feed 11 lines high, the cursor's row below them
    (a terminal made smaller did the same)."""
    app = _Host()
    async with app.run_test(size=(80, 30)) as pilot:
        feed = app.query_one(MentionFeed)
        feed.set_rows(synthetic_rows(500))
        await pilot.pause()
        while feed.cursor_index < 25:
            feed.action_cursor_down()
        await pilot.pause()
        assert _on_screen(feed) == 25
        await pilot.resize_terminal(80, 12)
        await pilot.pause()
        assert feed.cursor_index == 25
        assert _on_screen(feed) == feed.size.height - 1


async def test_the_new_above_count_falls_as_the_view_scrolls_up_onto_them() -> None:
    """'↑ 3 new' stayed while the user scrolled up until two of the three showed."""
    app = _Host()
    async with app.run_test(size=(80, 20)) as pilot:
        feed = app.query_one(MentionFeed)
        rows = synthetic_rows(503)
        feed.set_rows(rows[3:])
        for _ in range(3):
            feed.action_page_down()
        await pilot.pause()
        feed.model.insert(rows[:3])  # newer: they land above the view and wait there
        feed.show_new()
        await pilot.pause()
        assert feed.new_above == 3 and feed.scroll_y > 3
        feed.scroll_to(y=1, animate=False, immediate=True)
        await pilot.pause()
        assert feed.new_above == 1  # row 0 is the one still above the view
        feed.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        assert feed.new_above == 0
