"""High-rate messages a newer one makes useless are dropped while still queued
(`Message.can_replace`, as Toolong does): a held `j` draws the detail once, for the
mention it stops on."""

from __future__ import annotations

from tests.ui.harness import make_app, ready, wait_for
from triage_tui.core.events import OutboxChanged
from triage_tui.sim import SimServer
from triage_tui.ui.messages import OutboxUpdate
from triage_tui.ui.widgets.feed import MentionFeed


def test_a_newer_message_of_the_same_kind_replaces_a_queued_one() -> None:
    moved = MentionFeed.CursorMoved(None)
    assert moved.can_replace(MentionFeed.CursorMoved(None))
    assert not moved.can_replace(MentionFeed.NewAbove(1))
    assert MentionFeed.NewAbove(1).can_replace(MentionFeed.NewAbove(2))
    assert MentionFeed.SelectionChanged(1).can_replace(MentionFeed.SelectionChanged(0))
    assert OutboxUpdate(OutboxChanged(3)).can_replace(OutboxUpdate(OutboxChanged(2)))


async def test_moves_queued_together_show_the_detail_of_the_last_only() -> None:
    with SimServer(seed=3, mentions_per_alert=40) as sim:  # far from the end: no NearEnd
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            await pilot.pause(0.3)
            shown: list[object] = []
            real = app.main.show_detail
            app.main.show_detail = lambda row: (shown.append(row), real(row))[1]  # type: ignore[method-assign]
            feed = app.feed
            for _ in range(5):  # five moves before the screen handles a message
                feed.action_cursor_down()
            await wait_for(pilot, lambda: bool(shown) and shown[-1] is feed.selected_row)
            await pilot.pause(0.1)
            assert shown == [feed.selected_row]  # once, for where the cursor stopped
