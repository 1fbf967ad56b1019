"""At 80x24 the whole detail pane is reachable: Tab to it, scroll it, Tab or Esc back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.sim import SimServer


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=8, epoch=FIXED_EPOCH) as s:
        yield s


def _screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """What the terminal shows, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_tab_focuses_the_detail_which_then_takes_the_scroll_keys(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("j")
        cursor = app.feed.cursor_index
        assert app.detail.max_scroll_y > 0  # at 80x24 the detail is longer than its pane
        await pilot.press("tab")
        assert app.focused is app.detail
        await pilot.press("pagedown")
        await pilot.pause()
        assert app.feed.cursor_index == cursor  # the feed did not move
        assert app.detail.scroll_offset.y > 0
        await pilot.press("G")
        await pilot.pause()
        assert app.detail.scroll_offset.y == app.detail.max_scroll_y
        await pilot.press("k")
        await pilot.pause()
        assert app.detail.scroll_offset.y == app.detail.max_scroll_y - 1
        await pilot.press("g", "j", "space")
        await pilot.pause()
        assert app.detail.scroll_offset.y > 1
        assert app.feed.cursor_index == cursor
        await pilot.press("tab")
        assert app.focused is app.feed
        await pilot.press("tab", "escape")
        assert app.focused is app.feed
        await pilot.press("pagedown")
        assert app.feed.cursor_index > cursor  # the feed's own PageDown again


async def test_z_hides_the_focused_detail_and_the_keys_go_back_to_the_feed(
    sim: SimServer,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("tab")
        assert app.focused is app.detail
        await pilot.press("z")
        await pilot.pause()
        assert not app.detail.display or not app.detail.is_on_screen
        assert app.focused is app.feed
        await pilot.press("tab")  # nothing else to go to: the feed keeps it
        assert app.focused is app.feed
        await pilot.press("z")
        await pilot.pause()
        assert app.detail.is_on_screen


async def test_loaded_replies_are_scrolled_into_view(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        parent = next(r for r in app.feed.visible_rows() if r.children_count)
        assert app.feed.jump_to_id(parent.id)
        await pilot.pause()
        assert "loaded" not in _screen_text(app)
        await pilot.press("c")
        await wait_for(pilot, lambda: app.main.links.children(parent.id) is not None)
        await wait_for(pilot, lambda: "loaded" in _screen_text(app), limit=3)
        assert "  • " in _screen_text(app)  # the first reply too
