"""Tasks in the real app: `a` assigns the mention under the cursor through the modal,
`A` marks its open task done; assertions on what the simulator holds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Input

from tests.ui.harness import FIXED_EPOCH, cursor_to_alert, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui.screens.task_assign import TaskAssign


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=10, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


def _tasks(sim: SimServer, alert_id: int, mention_id: int) -> list[dict]:
    held = sim.state.mention(alert_id, mention_id)
    assert held is not None
    return held["tasks"]


async def test_assign_through_the_modal_then_mark_done(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, admin)
        row = app.feed.selected_row
        assert row is not None
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, TaskAssign))
        modal = app.screen
        assert isinstance(modal, TaskAssign)
        teammate, label = modal.people[1]
        await pilot.press("j")  # the first teammate after "you"
        await pilot.press("tab", "j")  # the second task type
        await pilot.press("tab", *"check <b>this</b>")
        assert modal.query_one(Input).value == "check <b>this</b>"
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(_tasks(sim, admin, row.id)))
        (task,) = _tasks(sim, admin, row.id)
        assert task["assigned_to_account_id"] == teammate
        assert task["type"] == modal.types[1][0]
        assert task["comment"] == "check <b>this</b>"
        assert task["done"] is False
        await wait_for(pilot, lambda: "assigned to" in app.status.message)
        assert label in app.status.message
        body = str(app.detail.query_one("#detail-body").render())
        assert "○ open" in body and "check <b>this</b>" in body  # literal, never markup

        await pilot.press("A")
        await wait_for(pilot, lambda: _tasks(sim, admin, row.id)[0]["done"] is True)
        await wait_for(pilot, lambda: "done" in app.status.message)
        assert "✓ done" in str(app.detail.query_one("#detail-body").render())


async def test_refused_where_the_mention_does_not_allow_tasks(sim: SimServer) -> None:
    write = sim.alert_ids[1]
    with sim.state.lock:
        for stored in sim.state.stored(write).values():
            stored.mention["permissions"]["create_task"] = False
            stored.refresh()
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, write)
        row = app.feed.selected_row
        assert row is not None
        sim.state.clear_log()
        await pilot.press("a")
        await wait_for(pilot, lambda: "create_task" in app.status.message)
        await pilot.pause(0.2)
        assert not isinstance(app.screen, TaskAssign)
        assert not [r for r in sim.state.request_log if "/tasks" in r.path]
        assert _tasks(sim, write, row.id) == []
