"""Keys typed before a picker is up are the picker's (issue 20: a key acts only on what
the user sees). Over SSH keys arrive together: `t u r g Enter` must tag "urgent", not
undo, mark read and jump to the top before the picker opens."""

from __future__ import annotations

from textual import events

from tests.ui.harness import cursor_to_alert, make_app, ready, wait_for
from triage_tui.sim import SimServer


def _queue(app, *keys: tuple[str, str | None]) -> None:  # type: ignore[no-untyped-def]
    """Keys handed to the app as the terminal does: all queued before any is handled."""
    driver = app._driver
    assert driver is not None
    for key, character in keys:
        event = events.Key(key, character)
        event.set_sender(app)
        driver.send_message(event)


async def test_keys_typed_before_the_tag_picker_is_up_go_to_it() -> None:
    with SimServer(seed=3, mentions_per_alert=12) as sim:
        admin = sim.alert_ids[0]
        urgent = next(t["id"] for t in sim.state.tags(admin) if t["name"] == "urgent")
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            await cursor_to_alert(pilot, app, admin)
            while urgent in app.feed.selected_row.tag_ids:  # type: ignore[union-attr]
                await pilot.press("j")
            row = app.feed.selected_row
            assert row is not None
            held = sim.state.mention(admin, row.id)
            assert held is not None
            read_before, top_before = held["read"], app.feed.cursor_index
            _queue(app, ("t", "t"), ("u", "u"), ("r", "r"), ("g", "g"), ("enter", "\r"))
            await wait_for(
                pilot,
                lambda: urgent in [t["id"] for t in sim.state.mention(admin, row.id)["tags"]],  # type: ignore[index]
            )
            after = sim.state.mention(admin, row.id)
            assert after is not None and after["read"] is read_before  # no `r` on the feed
            assert app.feed.selected_row is row and app.feed.cursor_index == top_before  # no `g`
            assert "Undone" not in app.status.message  # no `u`


async def test_keys_held_for_a_picker_that_never_opens_reach_the_feed_in_order() -> None:
    """`t` on a mention the rules refuse opens no picker: the keys after it act as keys."""
    with SimServer(seed=3, mentions_per_alert=12) as sim:
        read_only = next(a["id"] for a in sim.state.alerts() if a["permission"] == "read")
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            await cursor_to_alert(pilot, app, read_only)
            before = app.feed.cursor_index
            _queue(app, ("t", "t"), ("j", "j"))
            await wait_for(pilot, lambda: app.feed.cursor_index == before + 1)
