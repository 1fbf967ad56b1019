"""The feed as a view of a deferred model: the echo of a change already shown changes
nothing, and nothing the model takes moves the view until the feed asks for it."""

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
    """The model's index agrees with its visible list."""
    model = feed.model
    shown = {r.id for r in model.visible if model.index(r.id) is not None}
    assert shown == {r.id for r in feed.visible_rows()}


async def test_a_row_leaves_once_and_its_echo_moves_nothing() -> None:
    app = _Host()
    async with app.run_test(size=(80, 20)) as pilot:
        feed = app.query_one(MentionFeed)
        rows = synthetic_rows(50)
        feed.set_rows(rows[10:40])
        feed.set_filter(_inbox)
        model = feed.model
        model.insert(rows[:10])  # live arrivals, as the session takes them
        model.insert(rows[40:])  # back-fill
        assert feed.visible_count == 30  # held by the model, not yet shown
        feed.show_new()
        await pilot.pause()
        _consistent(feed)
        assert feed.visible_count == 50
        feed.jump_to_id(rows[3].id)
        # Archived, as the session does: nothing moves until the feed shows the change;
        # then the row leaves and the cursor is on the next.
        model.change(rows[3].id, {"folder": "archive"})
        assert feed.selected_row is rows[3]
        feed.show_changes()
        _consistent(feed)
        assert feed.selected_row is rows[4]
        # The same change again (its message, handled later): nothing moves.
        model.change(rows[3].id, {"folder": "archive"})
        feed.show_changes()
        assert feed.selected_row is rows[4] and feed.cursor_index == 3
        # A copy back in the inbox (undo, or the service's truth): shown again, above the
        # cursor, which stays on its mention.
        model.change(rows[3].id, dataclasses.replace(rows[3], folder="inbox"))
        feed.show_changes()
        _consistent(feed)
        assert feed.selected_row is rows[4] and feed.visible_count == 50
