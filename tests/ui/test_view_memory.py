"""Views: a saved view's query leaves with it, and each view returns to its mention."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.sim import SimServer


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=12, epoch=FIXED_EPOCH) as s:
        yield s


async def test_a_built_in_view_drops_the_saved_view_query(sim: SimServer) -> None:
    app = make_app(sim, saved_views={"negative": "tone:neg"})
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        inbox = app.feed.visible_count
        await pilot.press("8")
        await pilot.pause(0.1)
        assert app.status.filter_text == "tone:neg"
        assert app.feed.visible_count < app.feed.total_count
        await pilot.press("1")
        await pilot.pause(0.1)
        assert app.status.view == "Inbox" and app.status.filter_text == ""
        assert app.main.query_text == ""
        assert app.feed.visible_count == inbox  # the whole inbox, not its negative part
        assert any(r.tone != -1 for r in app.feed.visible_rows())


async def test_a_typed_filter_stays_across_built_in_views(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("slash", *"tone:neg", "enter")
        await pilot.press("7")
        await pilot.pause(0.1)
        assert app.status.filter_text == "tone:neg"  # the user's own narrowing stays


async def test_each_view_returns_to_its_mention(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await wait_for(pilot, lambda: app.feed.visible_count > 8)
        await pilot.press("e", "e", "e")  # three archived, to go and look at
        await pilot.pause(0.1)
        await pilot.press(*"jjjjj")
        row = app.feed.selected_row
        assert row is not None
        await pilot.press("4")  # Archive: the cursor goes elsewhere
        await pilot.pause(0.1)
        archived = app.feed.selected_row
        assert archived is not None and archived.id != row.id
        await pilot.press("j")
        archived = app.feed.selected_row
        await pilot.press("1")
        await pilot.pause(0.1)
        assert app.feed.selected_row is not None and app.feed.selected_row.id == row.id
        await pilot.press("4")
        await pilot.pause(0.1)
        assert app.feed.selected_row is not None and app.feed.selected_row.id == archived.id
