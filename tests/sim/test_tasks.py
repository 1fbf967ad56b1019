"""Tasks: created on a mention (GET mention shows them), marked done, refused where the
mention's `permissions.create_task` is false, form errors for a bad type or assignee."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from triage_tui.api import (
    AsyncMentionClient,
    BadRequestError,
    MentionClient,
    PermissionDeniedError,
    calls,
)
from triage_tui.api.tasks import CreateTaskRequest, Task, UpdateTaskRequest
from triage_tui.sim import SimServer


def _first(sim: SimServer, alert_id: int) -> int:
    return int(sim.state.mentions(alert_id)[0]["id"])


def _teammate(sim: SimServer, alert_id: int) -> str:
    return sorted(sim.state.teammates(alert_id) - {sim.account_id})[0]


def test_create_then_mark_done_is_held_on_the_mention(
    sim: SimServer, client: MentionClient
) -> None:
    alert = sim.alert_ids[0]
    mention = _first(sim, alert)
    who = _teammate(sim, alert)
    task = client.create_task(sim.account_id, alert, mention, "read", "please look", who)
    assert (task.type, task.comment, task.done, task.assigned_to_account_id) == (
        "read",
        "please look",
        False,
        who,
    )
    held = sim.state.mention(alert, mention)["tasks"]
    assert [(t["id"], t["type"], t["done"]) for t in held] == [(int(task.id), "read", False)]
    # GET mention shows it, and the model reads it back.
    fetched = client.get_mention(sim.account_id, alert, mention)
    assert [t.id for t in fetched.task_list()] == [task.id]
    done = client.update_task(sim.account_id, alert, mention, task.id, done=True)
    assert done.done is True
    assert sim.state.mention(alert, mention)["tasks"][0]["done"] is True


def test_the_async_client_too(sim: SimServer) -> None:
    alert = sim.alert_ids[1]  # write level: tasks allowed
    mention = _first(sim, alert)
    who = _teammate(sim, alert)

    async def run() -> tuple[Task, Task]:
        async with AsyncMentionClient(sim.token, base_url=sim.api_url) as client:
            task = await client.create_task(sim.account_id, alert, mention, "share", "", who)
            done = await client.update_task(sim.account_id, alert, mention, task.id)
            return task, done

    task, done = asyncio.run(run())
    assert task.type == "share" and done.done is True
    assert sim.state.mention(alert, mention)["tasks"][-1]["done"] is True


def test_refused_where_the_mention_does_not_allow_tasks(
    sim: SimServer, client: MentionClient
) -> None:
    alert = sim.alert_ids[2]  # read level
    mention = _first(sim, alert)
    assert sim.state.mention(alert, mention)["permissions"]["create_task"] is False
    with pytest.raises(PermissionDeniedError):
        client.create_task(sim.account_id, alert, mention, "read", "", sim.account_id)
    assert sim.state.mention(alert, mention)["tasks"] == []


def test_unknown_type_or_no_assignee_are_form_errors(
    sim: SimServer, client: MentionClient, raw: httpx.Client
) -> None:
    alert = sim.alert_ids[0]
    mention = _first(sim, alert)
    before = len(sim.state.mention(alert, mention)["tasks"])
    with pytest.raises(BadRequestError) as bad:
        client.create_task(sim.account_id, alert, mention, "dance", "", sim.account_id)
    assert list(bad.value.fields) == ["type"]
    with pytest.raises(BadRequestError) as bad:  # enabled: false in app data
        client.create_task(sim.account_id, alert, mention, "comment", "", sim.account_id)
    assert list(bad.value.fields) == ["type"]
    with pytest.raises(BadRequestError) as bad:
        client.create_task(sim.account_id, alert, mention, "read", "", "nobody_42")
    assert list(bad.value.fields) == ["assigned_to_account_id"]
    path = f"/api/accounts/{sim.account_id}/alerts/{alert}/mentions/{mention}/tasks"
    answer = raw.post(path, json={"type": "read"})
    assert answer.status_code == 400
    children = answer.json()["form"]["children"]
    assert children["assigned_to_account_id"] == {"errors": ["This value should not be blank."]}
    assert children["comment"] == []
    assert len(sim.state.mention(alert, mention)["tasks"]) == before


def test_an_unknown_task_is_not_found(sim: SimServer, raw: httpx.Client) -> None:
    alert = sim.alert_ids[0]
    mention = _first(sim, alert)
    path = f"/api/accounts/{sim.account_id}/alerts/{alert}/mentions/{mention}/tasks/999"
    assert raw.put(path, json={"done": True}).status_code == 404


def test_task_calls_put_ids_in_one_segment_each() -> None:
    call = calls.update_task("acc/1", 5, "7", "9?x", UpdateTaskRequest())
    assert call.method == "PUT"
    assert call.path == "/accounts/acc%2F1/alerts/5/mentions/7/tasks/9%3Fx"
    assert call.json == {"done": True}
    create = calls.create_task(
        "a", 5, 7, CreateTaskRequest(assigned_to_account_id="u", type="read")
    )
    assert create.path.endswith("/mentions/7/tasks")
    assert create.json == {
        "assigned_to_account_id": "u",
        "type": "read",
        "comment": "",
        "done": False,
    }


def test_the_task_model_is_tolerant() -> None:
    task = Task.model_validate(
        {"id": 12, "type": None, "assigned_to": {"id": 77}, "done": 0, "extra": {"x": 1}}
    )
    assert (task.id, task.type, task.assigned_to_account_id, task.done) == ("12", "", "77", False)
    assert task.model_extra == {"assigned_to": {"id": 77}, "extra": {"x": 1}}
