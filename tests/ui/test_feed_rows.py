"""The feed's changes of one row: the echo of a change already shown changes nothing."""

from __future__ import annotations

import dataclasses

from textual.app import App, ComposeResult

from triage_tui.bench.screen import synthetic_rows
from triage_tui.core.rows import FeedRow
from triage_tui.ui.widgets.feed import MentionFeed


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield MentionFeed(clock=lambda: 1_800_000_000.0)


def _inbox(row: FeedRow) -> bool:
    return row.folder == "inbox"


def _consistent(feed: MentionFeed) -> None:
    assert feed._shown == {r.id for r in feed.visible_rows()}


async def test_a_row_leaves_once_and_its_echo_moves_nothing() -> None:
    app = _Host()
    async with app.run_test(size=(80, 20)) as pilot:
        feed = app.query_one(MentionFeed)
        rows = synthetic_rows(50)
        feed.set_rows(rows[10:40])
        feed.set_filter(_inbox)
        feed.add_newer(rows[:10])
        feed.add_older(rows[40:])
        await pilot.pause()
        _consistent(feed)
        feed.jump_to_id(rows[3].id)
        # Archived in place, as the session does: the row leaves, the cursor is on the next.
        rows[3].folder = "archive"
        feed.update_row(rows[3])
        _consistent(feed)
        assert feed.selected_row is rows[4]
        # The same change again (its message, handled later): nothing moves.
        feed.update_row(rows[3])
        assert feed.selected_row is rows[4] and feed.cursor_index == 3
        # A copy back in the inbox (undo, or the service's truth): shown again, above the
        # cursor, which stays on its mention.
        feed.update_row(dataclasses.replace(rows[3], folder="inbox"))
        _consistent(feed)
        assert feed.selected_row is rows[4] and feed.visible_count == 50
        feed.remove_ids([rows[0].id])
        _consistent(feed)
        assert feed.selected_row is rows[4]
