"""The view, the filter and the mention under the cursor come back at the next start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.core.store import Store
from triage_tui.sim import SimServer
from triage_tui.ui.resume import META_KEY


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=10, epoch=FIXED_EPOCH) as s:
        yield s


async def test_view_filter_and_cursor_are_restored(sim: SimServer, tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = Store(path)
    app = make_app(sim, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("7", "slash", *"tone:neg", "enter")
        await wait_for(pilot, lambda: app.feed.visible_count > 2)
        await pilot.press("j", "j")
        row = app.feed.selected_row
        assert row is not None and row.tone == -1
    store.close()
    store = Store(path)
    assert store.meta(META_KEY)["mention_id"] == row.id
    app = make_app(sim, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await wait_for(pilot, lambda: app.feed.selected_row is not None)
        assert app.status.view == "All" and app.status.filter_text == "tone:neg"
        await wait_for(pilot, lambda: app.feed.selected_row.id == row.id)  # type: ignore[union-attr]
        await pilot.pause(0.6)  # arrivals settle: the cursor stays
        assert app.feed.selected_row is not None and app.feed.selected_row.id == row.id
    store.close()


async def test_a_saved_view_is_restored_by_name(sim: SimServer, tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = Store(path)
    views = {"negative": "tone:neg"}
    app = make_app(sim, store=store, saved_views=views)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("8")
        await pilot.pause(0.1)
    store.close()
    store = Store(path)
    app = make_app(sim, store=store, saved_views=views)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        assert app.status.view == "negative" and app.main.saved_view == "negative"
        await pilot.press("1")  # and it leaves as a saved view does
        await pilot.pause(0.1)
        assert app.status.filter_text == ""
    store.close()
