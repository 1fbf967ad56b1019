"""Flow (#20): a key acts only on what you see, and one key per decision."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.sim.data import timestamp
from triage_tui.ui.app import TriageApp
from triage_tui.ui.arrivals import FOLLOW_AFTER


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=20, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


_arrived = 0


def _arrive(sim: SimServer, alert_id: int, title: str) -> int:
    """A live inbox mention published after every one held: it sorts on top."""
    global _arrived
    _arrived += 1
    published = timestamp(FIXED_EPOCH + timedelta(minutes=_arrived))
    return int(
        sim.state.add_mention(alert_id, title=title, folder="inbox", published_at=published)["id"]
    )


def _detail_id(app: TriageApp) -> int:
    """The mention the detail pane shows (0: none)."""
    return int(getattr(app.detail, "_shown_id", 0) or 0)


@pytest.mark.parametrize("key", ["e", "f", "plus"])
async def test_after_any_key_an_arrival_never_moves_the_cursor(sim: SimServer, key: str) -> None:
    """Defect 1: only movement keys stopped "follow the newest"; after `e` an arrival
    pulled the cursor (and the detail) to itself, and the next key acted on it."""
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        # No key pressed yet: the cursor follows the newest, so it is on this one.
        first = _arrive(sim, admin, "Acme first")
        await wait_for(pilot, lambda: getattr(app.feed.selected_row, "id", None) == first)
        await pilot.press(key)  # not a movement key
        under = app.feed.selected_row
        assert under is not None
        if key == "e":
            assert under.id != first  # archived: the cursor is on the next one
        await wait_for(pilot, lambda: _detail_id(app) == under.id)
        added = [_arrive(sim, admin, f"Acme late {n}") for n in range(3)]
        await wait_for(pilot, lambda: all(app.feed.shows(i) for i in added))
        await pilot.pause(FOLLOW_AFTER + 0.3)  # past the moment it used to follow
        assert app.feed.selected_row is not None and app.feed.selected_row.id == under.id
        assert _detail_id(app) == under.id
        assert app.feed.new_above or app.feed.cursor_index >= len(added)


async def test_archive_shows_the_next_mention_in_the_detail(sim: SimServer) -> None:
    """The cursor's own row leaving the view moved the cursor to the next mention but
    the detail pane kept showing the archived one (no CursorMoved was posted)."""
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        first = _arrive(sim, admin, "Acme first")
        await wait_for(pilot, lambda: getattr(app.feed.selected_row, "id", None) == first)
        await wait_for(pilot, lambda: _detail_id(app) == first)
        await pilot.press("e")
        under = app.feed.selected_row
        assert under is not None and under.id != first
        await wait_for(pilot, lambda: _detail_id(app) == under.id)


async def test_arrivals_inside_the_view_never_push_the_cursor_off_screen(sim: SimServer) -> None:
    """Seen in tmux: with the cursor on the view's last line, mentions landing between
    the top row and the cursor (published a little older than the newest) pushed it
    below the view, and the next key acted on a mention the user could not see."""
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        feed = app.feed
        last_line = feed.size.height - 1
        await pilot.press(*["j"] * last_line)
        under = feed.selected_row
        assert under is not None and feed.cursor_index == last_line
        assert feed.scroll_offset.y == 0
        # Older than the top row, newer than the second: each lands at index 1.
        top, second = feed.visible_rows()[:2]
        middle = (top.published_ns + second.published_ns) // 2
        added = [
            int(
                sim.state.add_mention(
                    admin,
                    title=f"Acme between {n}",
                    folder="inbox",
                    published_at=timestamp(datetime.fromtimestamp(middle / 1e9, UTC)),
                )["id"]
            )
            for n in range(3)
        ]
        await wait_for(pilot, lambda: all(feed.shows(i) for i in added))
        assert feed.selected_row is under
        assert feed.cursor_index == last_line + len(added)
        top_line = feed.scroll_offset.y
        assert top_line <= feed.cursor_index < top_line + feed.size.height
        # It keeps its line on the screen; the new rows now above the view are counted
        # (they landed at 1, 2 and 3, and the view now starts at 3).
        assert feed.cursor_index - top_line == last_line
        assert feed.new_above == len(added) - 1
