"""A teammate archives the mention the user is reading (issue 21, and the rule that
nothing that arrives moves the cursor): it stays under the cursor, shown as archived,
and leaves the Inbox view when the cursor leaves it."""

from __future__ import annotations

from tests.ui.harness import make_app, ready, wait_for
from triage_tui.api import CurateRequest, MentionClient
from triage_tui.sim import SimServer


async def test_the_mention_under_the_cursor_stays_when_a_teammate_archives_it() -> None:
    with SimServer(seed=4, mentions_per_alert=10) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            admin = next(a["id"] for a in sim.state.alerts() if a["permission"] == "admin")
            await pilot.press("slash", *f"alert:{admin}", "enter")
            await pilot.press("j", "j")  # the user is working: on the third mention
            await pilot.pause(0.2)
            row = app.feed.selected_row
            assert row is not None and row.folder == "inbox" and row.alert_id == admin
            index = app.feed.cursor_index
            with MentionClient(sim.token, sim.api_url, sim.stream_url) as other:
                other.curate_mention(
                    sim.account_id, row.alert_id, row.id, CurateRequest(folder="archive")
                )
            await wait_for(pilot, lambda: row.folder == "archive")
            # Said once the screen has handled the change (a loaded machine took > 0.2 s).
            await wait_for(pilot, lambda: "changed on the service" in app.status.message)
            assert app.feed.selected_row is row and app.feed.cursor_index == index
            shown_before = app.feed.visible_count
            await pilot.press("j")
            await pilot.pause(0.1)
            assert not app.feed.shows(row.id)  # out of the Inbox once the cursor left
            assert app.feed.visible_count == shown_before - 1
            assert app.feed.cursor_index == index  # on the mention that was below it
