"""The feed reads two of Textual's reactives by their stored values (a cursor move draws
every line, and the descriptor costs a few microseconds a read): they must agree."""

from __future__ import annotations

from textual.app import App, ComposeResult

from triage_tui.bench.screen import synthetic_rows
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
