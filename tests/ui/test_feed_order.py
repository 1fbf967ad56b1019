"""A sort the user can see: `O` orders the feed by when Mention found each mention (or
back by the date published); the cursor stays on its mention, the time column shows the
time ordered by, and the status line says which."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.core.store import Store
from triage_tui.sim import SimServer
from triage_tui.ui.resume import META_KEY
from triage_tui.ui.timefmt import short_age


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=10, epoch=FIXED_EPOCH) as s:
        yield s


def _status(app: object) -> str:
    return str(app.status.render())  # type: ignore[attr-defined]


async def test_o_orders_the_feed_by_date_found_and_back(sim: SimServer, tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = Store(path)
    app = make_app(sim, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("7")  # All: every mention
        await wait_for(pilot, lambda: app.feed.visible_count > 10)
        rows = app.feed.visible_rows()
        published = [(r.published_ns, r.id) for r in rows]
        assert published == sorted(published, reverse=True)
        found = sorted(((r.found_ns, r.id) for r in rows), reverse=True)
        assert found != published and all(r.found_ns for r in rows)  # another order
        assert "↓published" in _status(app)
        await pilot.press("j", "j", "j", "j", "j")
        under = app.feed.selected_row
        assert under is not None

        await pilot.press("O")
        await pilot.pause(0.1)
        assert app.feed.order == "found" and app.status.order == "found"
        assert [(r.found_ns, r.id) for r in app.feed.visible_rows()] == found
        assert app.feed.selected_row is under  # the cursor stays on its mention
        assert app.feed.cursor_index in range(
            app.feed.scroll_offset.y, app.feed.scroll_offset.y + app.feed.size.height
        )
        assert "↓found" in _status(app) and "↓published" not in _status(app)
        # The time column shows when it was found.
        line = "".join(
            s.text for s in app.feed.render_line(app.feed.cursor_index - app.feed.scroll_offset.y)
        )
        assert line.rstrip().endswith(short_age(under.found_ns, app.feed.clock()))

        await pilot.press("O")
        await pilot.pause(0.1)
        assert app.feed.order == "published" and "↓published" in _status(app)
        assert [(r.published_ns, r.id) for r in app.feed.visible_rows()] == published
        assert app.feed.selected_row is under
        await pilot.press("O")  # kept at exit
        await pilot.pause(0.1)
    store.close()
    store = Store(path)
    assert store.meta(META_KEY)["order"] == "found"
    app = make_app(sim, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        assert app.feed.order == "found" and "↓found" in _status(app)
        rows = app.feed.visible_rows()
        assert [r.id for r in rows] == [
            r.id for r in sorted(rows, key=lambda r: (r.found_ns, r.id), reverse=True)
        ]
    store.close()


async def test_the_order_key_is_in_help_and_the_palette(sim: SimServer) -> None:
    from triage_tui.ui.bindings import SCREEN_BINDINGS
    from triage_tui.ui.key_docs import DESCRIPTIONS

    binding = next(b for b in SCREEN_BINDINGS if b.id == "feed.order")
    assert binding.key == "O" and "found" in DESCRIPTIONS["feed.order"]
