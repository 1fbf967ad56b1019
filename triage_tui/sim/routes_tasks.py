"""A mention's tasks: `POST .../mentions/{id}/tasks` creates one, `PUT .../tasks/{id}`
changes it (marks it done). Held on the mention's own `tasks` list, so GET mention and
the stream show them. Refused (403) where the mention's `permissions.create_task` is
false; a type that app data does not offer, or no assignee, is a 400 form error."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from triage_tui.sim import account_data, data, responses
from triage_tui.sim.state import SimState

TASK_FIELDS = ["assigned_to_account_id", "type", "comment", "done"]
NOT_ALLOWED = "You are not allowed to create tasks on this mention"


def enabled_types() -> set[str]:
    types = account_data.app_data().get("task_types") or {}
    return {code for code, entry in types.items() if isinstance(entry, dict) and entry["enabled"]}


def _ids(state: SimState, request: Request) -> tuple[int, int] | None:
    if request.path_params["account_id"] not in (state.account["id"], "me"):
        return None
    try:
        alert_id = int(request.path_params["alert_id"])
        mention_id = int(request.path_params["mention_id"])
    except ValueError:
        return None
    return (alert_id, mention_id) if state.alert(alert_id) else None


async def _body(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw) if raw.strip() else {}
    except ValueError:
        return None


def _validate(state: SimState, alert_id: int, body: Any) -> dict[str, str]:
    if not isinstance(body, dict):
        return {"type": "This form should not contain extra fields."}
    errors: dict[str, str] = {}
    assignee = body.get("assigned_to_account_id")
    if assignee in (None, ""):
        errors["assigned_to_account_id"] = "This value should not be blank."
    elif str(assignee) not in state.teammates(alert_id):
        errors["assigned_to_account_id"] = "This value is not valid."
    if body.get("type") not in enabled_types():
        errors["type"] = "The value you selected is not a valid choice."
    if "comment" in body and not isinstance(body["comment"], str | None):
        errors["comment"] = "This value is not valid."
    if "done" in body and not isinstance(body["done"], bool):
        errors["done"] = "This value is not valid."
    return errors


def _now() -> str:
    return data.timestamp(datetime.now(UTC))


def _forbidden(mention: dict[str, Any]) -> bool:
    return (mention.get("permissions") or {}).get("create_task") is not True


async def create_task(state: SimState, request: Request) -> Response:
    ids = _ids(state, request)
    if ids is None:
        return responses.not_found()
    alert_id, mention_id = ids
    body = await _body(request)
    with state.lock:
        stored = state.stored(alert_id).get(mention_id)
        if stored is None:
            return responses.not_found()
        if _forbidden(stored.mention):
            return responses.forbidden(NOT_ALLOWED)
        if errors := _validate(state, alert_id, body):
            return responses.form_errors(errors, TASK_FIELDS)
        now = _now()
        task = {
            "id": state.next_task_id(),
            "type": body["type"],
            "comment": body.get("comment") or "",
            "done": bool(body.get("done", False)),
            "assigned_to_account_id": str(body["assigned_to_account_id"]),
            "created_by_account_id": state.account["id"],
            "created_at": now,
            "updated_at": now,
        }
        stored.mention.setdefault("tasks", []).append(task)
        state.changed(stored)
        return responses.ok({"task": dict(task)})


async def update_task(state: SimState, request: Request) -> Response:
    ids = _ids(state, request)
    if ids is None:
        return responses.not_found()
    alert_id, mention_id = ids
    body = await _body(request)
    with state.lock:
        stored = state.stored(alert_id).get(mention_id)
        if stored is None:
            return responses.not_found()
        task = next(
            (
                t
                for t in stored.mention.get("tasks") or []
                if str(t.get("id")) == request.path_params["task_id"]
            ),
            None,
        )
        if task is None:
            return responses.not_found()
        if _forbidden(stored.mention):
            return responses.forbidden(NOT_ALLOWED)
        errors: dict[str, str] = {}
        if not isinstance(body, dict):
            errors["done"] = "This form should not contain extra fields."
        else:
            if "done" in body and not isinstance(body["done"], bool):
                errors["done"] = "This value is not valid."
            if "comment" in body and not isinstance(body["comment"], str):
                errors["comment"] = "This value is not valid."
        if errors:
            return responses.form_errors(errors, ["comment", "done"])
        for name in ("done", "comment"):
            if name in body:
                task[name] = body[name]
        task["updated_at"] = _now()
        state.changed(stored)
        return responses.ok({"task": dict(task)})
