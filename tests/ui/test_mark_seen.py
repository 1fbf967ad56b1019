"""`R`: mark read the unread mentions the user has seen, and only those."""

from __future__ import annotations

import asyncio

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.core.permissions import Action
from triage_tui.sim import SimServer
from triage_tui.ui.screens.confirm import ConfirmScreen


def _read_at_service(sim: SimServer, alert_id: int, mention_id: int) -> bool:
    held = sim.state.mention(alert_id, mention_id)
    assert held is not None
    return bool(held["read"])


async def test_only_mentions_on_screen_before_the_key_are_marked() -> None:
    with SimServer(seed=8, mentions_per_alert=40, mark_interval=0.2, epoch=FIXED_EPOCH) as sim:
        app = make_app(sim)
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot, app)
            await pilot.pause(1.2)  # the top of the list has been seen
            height = app.feed.size.height
            rows = app.feed.visible_rows()
            await pilot.press("G")  # then the bottom: the middle is never drawn
            await pilot.pause(1.2)
            on_screen = rows[:height] + rows[-height:]
            below = [r for r in rows[height:-height] if not r.read]
            assert below, "the view must hold unread mentions that were never drawn"
            arrived = await asyncio.to_thread(
                sim.state.add_mention, sim.alert_ids[0], read=False, folder="inbox"
            )
            new_id = int(arrived["id"])
            await wait_for(pilot, lambda: app.feed.shows(new_id))
            assert app.feed.new_above == 1
            session = app.session
            assert session is not None
            seen_unread = [
                r for r in on_screen if not r.read and session.why_not(Action.READ, r.id) is None
            ]
            await pilot.press("R")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            question = str(app.screen.query_one("#question").render())
            assert f"Mark the {len(seen_unread)} mention" in question
            await pilot.press("y")
            await wait_for(
                pilot,
                lambda: all(_read_at_service(sim, r.alert_id, r.id) for r in seen_unread),
            )
            await pilot.pause(0.3)
            assert not _read_at_service(sim, sim.alert_ids[0], new_id)
            assert not any(_read_at_service(sim, r.alert_id, r.id) for r in below)
