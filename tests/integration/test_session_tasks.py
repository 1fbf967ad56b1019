"""Tasks through a Session on the simulator: assigned, shown, marked done; refused
locally (no request) where the mention's `permissions.create_task` is false."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.permissions import Action, NotAllowed
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def test_assign_then_mark_done(tmp_path: Path) -> None:
    with SimServer(seed=12, mentions_per_alert=4, mark_interval=0.2) as sim:
        session, client = await open_session(sim, Store(tmp_path / "s.db"), Recorder())
        try:
            alert = sim.alert_ids[0]
            mention = int(sim.state.mentions(alert)[0]["id"])
            await until(lambda: session.row(mention) is not None)
            assert ("read", "to be read") in session.task_desk.task_types()
            assert "comment" not in [code for code, _ in session.task_desk.task_types()]  # disabled
            people = await session.task_desk.teammates(alert)
            assert people[0][0] == session.account_id
            who = people[1][0]
            task = await session.task_desk.create_task(mention, "share", "for the newsletter", who)
            held = sim.state.mention(alert, mention)["tasks"]
            assert [(str(t["id"]), t["assigned_to_account_id"], t["comment"]) for t in held] == [
                (task.id, who, "for the newsletter")
            ]
            assert [t.id for t in session.task_desk.tasks(mention)] == [task.id]
            await session.task_desk.complete_task(mention, task.id)
            assert sim.state.mention(alert, mention)["tasks"][0]["done"] is True
            assert [t.done for t in session.task_desk.tasks(mention)] == [True]
        finally:
            await session.stop()
            await client.aclose()


async def test_refused_locally_when_the_mention_does_not_allow_tasks(tmp_path: Path) -> None:
    with SimServer(seed=12, mentions_per_alert=4, mark_interval=0.2) as sim:
        alert = sim.alert_ids[1]  # write level
        mention = int(sim.state.mentions(alert)[0]["id"])
        with sim.state.lock:
            stored = sim.state.stored(alert)[mention]
            stored.mention["permissions"]["create_task"] = False
            stored.refresh()
        session, client = await open_session(sim, Store(tmp_path / "s.db"), Recorder())
        try:
            await until(lambda: session.row(mention) is not None)
            why = session.why_not(Action.CREATE_TASK, mention)
            assert why is not None and "create_task" in why
            sim.state.clear_log()
            with pytest.raises(NotAllowed):
                await session.task_desk.create_task(mention, "read", "", session.account_id)
            assert not [r for r in sim.state.request_log if r.path.endswith("/tasks")]
            assert sim.state.mention(alert, mention)["tasks"] == []
        finally:
            await session.stop()
            await client.aclose()
