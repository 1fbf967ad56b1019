"""The message log (L) in the real app: what the status line said, with the mention's
title when it is about one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Static

from tests.ui.harness import FIXED_EPOCH, cursor_to_alert, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.screens.message_log import MessageLogScreen


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=20, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


def _body(app: TriageApp) -> str:
    return str(app.screen.query_one("#reader-body", Static).content)


async def test_a_refusal_is_logged_with_the_mention_title(sim: SimServer) -> None:
    write = sim.alert_ids[1]
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, write)
        row = app.feed.selected_row
        assert row is not None
        sim.state.set_permission(write, "read")  # taken away after the session opened
        await pilot.press("plus" if row.tone != 1 else "minus")
        log = app.main.said.log
        await wait_for(pilot, lambda: any(e.mention_id == row.id for e in log.entries()))
        entry = next(e for e in log.entries() if e.mention_id == row.id)
        assert entry.error and entry.title == row.title
        assert "not allowed" in entry.text
        # The status line names the title, never the raw id.
        assert row.title[:20] in app.status.message and str(row.id) not in app.status.message
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageLogScreen))
        assert row.title[:20] in _body(app)
        lines = _body(app).splitlines()
        assert row.title[:20] in lines[0]  # newest first
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is app.main)
