"""Account, app data, alerts, tags and shares (seed 000).

Requests take seed 000's shapes (a share is created with `{email, permission}`); answers
have the real service's (tests/api/fixtures/real): alerts with a string id and `role`,
shares with `account` and `role`. Shares are held in seed 000's shape and converted on
the way out (`account_data.share_json`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from triage_tui.sim import account_data, data, responses
from triage_tui.sim.state import SimState

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PERMISSIONS = ("read", "write", "admin")


def me(state: SimState, request: Request) -> Response:
    return responses.ok({"account": state.account})


def app_data(state: SimState, request: Request) -> Response:
    return responses.ok(account_data.app_data())


def _account_ok(state: SimState, request: Request) -> bool:
    return request.path_params["account_id"] in (state.account["id"], "me")


def _alert(state: SimState, request: Request) -> dict[str, Any] | None:
    if not _account_ok(state, request):
        return None
    try:
        return state.alert(int(request.path_params["alert_id"]))
    except ValueError:
        return None


def alerts(state: SimState, request: Request) -> Response:
    if not _account_ok(state, request):
        return responses.not_found()
    alerts = [state.alert_json(a) for a in state.alert_ids]
    return responses.ok({"alerts": alerts, "_links": []})


def alert(state: SimState, request: Request) -> Response:
    found = _alert(state, request)
    if not found:
        return responses.not_found()
    return responses.ok({"alert": state.alert_json(found["id"], with_shares=True)})


def tags(state: SimState, request: Request) -> Response:
    found = _alert(state, request)
    if not found:
        return responses.not_found()
    return responses.ok({"tags": state.tags(found["id"])})


async def create_tag(state: SimState, request: Request) -> Response:
    found = _alert(state, request)
    if not found:
        return responses.not_found()
    if found["permission"] != "admin":
        return responses.forbidden("You are not allowed to modify this alert")
    body = await request.json() if await request.body() else {}
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name.strip() or len(name) > 20:
        return responses.form_errors({"name": "This value is not valid."}, ["name", "keywords"])
    with state.lock:
        existing = state.tag_list(found["id"])
        tag: dict[str, Any] = {
            "id": max((t["id"] for t in existing), default=900) + 1,
            "name": name.strip(),
            "mention_count": 0,
            "keywords": [],
        }
        existing.append(tag)
    return responses.ok({"tag": tag})


def _now() -> str:
    return data.timestamp(datetime.now(UTC))  # the service's own format


def shares(state: SimState, request: Request) -> Response:
    found = _alert(state, request)
    if not found:
        return responses.not_found()
    items = [state.share_json(found["id"], s) for s in state.shares(found["id"])]
    return responses.ok({"shares": items})


def share(state: SimState, request: Request) -> Response:
    found = _alert(state, request)
    if not found:
        return responses.not_found()
    for item in state.shares(found["id"]):
        if item["id"] == request.path_params["share_id"]:
            return responses.ok(state.share_json(found["id"], item))
    return responses.not_found()


async def create_share(state: SimState, request: Request) -> Response:
    found = _alert(state, request)
    if not found:
        return responses.not_found()
    if found["permission"] != "admin":
        return responses.forbidden("Only admins can share this alert")
    body = await request.json() if await request.body() else {}
    body = body if isinstance(body, dict) else {}
    email, permission = body.get("email"), body.get("permission", "read")
    errors = {}
    if not isinstance(email, str) or not EMAIL.match(email) or len(email) > 254:
        errors["email"] = "This value is not a valid email address."
    if permission not in PERMISSIONS:
        errors["permission"] = "The value you selected is not a valid choice."
    if errors:
        return responses.form_errors(errors, ["email", "permission"])
    with state.lock:
        items = state.share_list(found["id"])
        if any(s["email"].lower() == str(email).lower() for s in items):
            return responses.form_errors(
                {"email": "This alert is already shared with this email."}, ["email", "permission"]
            )
        now = _now()
        item = {
            "id": state.next_share_id(found["id"]),
            "alert_id": str(found["id"]),
            "user_id": None,
            "email": email,
            "permission": permission,
            "created_at": now,
            "updated_at": now,
        }
        items.append(item)
        answer = state.share_json(found["id"], item)
    return responses.ok(answer, status=201)


async def update_share(state: SimState, request: Request) -> Response:
    found = _alert(state, request)
    if not found:
        return responses.not_found()
    if found["permission"] != "admin":
        return responses.forbidden("Only admins can change shares")
    body = await request.json() if await request.body() else {}
    permission = body.get("permission") if isinstance(body, dict) else None
    if permission not in PERMISSIONS:
        return responses.form_errors(
            {"permission": "The value you selected is not a valid choice."}, ["permission"]
        )
    with state.lock:
        for item in state.share_list(found["id"]):
            if item["id"] == request.path_params["share_id"]:
                item["permission"] = permission
                item["updated_at"] = _now()
                return responses.ok(state.share_json(found["id"], item))
    return responses.not_found()


def delete_share(state: SimState, request: Request) -> Response:
    found = _alert(state, request)
    if not found:
        return responses.not_found()
    if found["permission"] != "admin":
        return responses.forbidden("Only admins can revoke shares")
    with state.lock:
        items = state.share_list(found["id"])
        for item in list(items):
            if item["id"] == request.path_params["share_id"]:
                items.remove(item)
                return Response(status_code=204)
    return responses.not_found()
