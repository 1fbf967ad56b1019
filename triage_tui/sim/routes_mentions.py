"""Mention endpoints: list (filters, `_links.more` / `_links.pull`), get, curate, children."""

from __future__ import annotations

import random
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from triage_tui.sim import responses
from triage_tui.sim.state import SimState

CURATE_FIELDS = ["favorite", "trashed", "read", "tags", "folder", "tone"]
FOLDER_CODES = {"inbox", "archive", "spam", "trash"}


def _flag(request: Request, name: str) -> bool | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    return value in ("1", "true")


def _alert_or_none(state: SimState, request: Request) -> int | None:
    if request.path_params["account_id"] not in (state.account["id"], "me"):
        return None
    try:
        alert_id = int(request.path_params["alert_id"])
    except ValueError:
        return None
    return alert_id if state.alert(alert_id) else None


def list_mentions(state: SimState, request: Request) -> Response:
    alert_id = _alert_or_none(state, request)
    if alert_id is None:
        return responses.not_found()
    params = request.query_params
    limit = max(1, min(1000, int(params.get("limit", "20") or 20)))
    since_id = int(params["since_id"]) if params.get("since_id") else None
    cursor = int(params["cursor"]) if params.get("cursor") else None
    folder = params.get("folder")
    unread, favorite = _flag(request, "unread"), _flag(request, "favorite")
    tone = int(params["tone"]) if params.get("tone") not in (None, "") else None
    with state.lock:
        items = state.stored(alert_id)
        ids = sorted(items, reverse=since_id is None)
        picked: list[dict[str, Any]] = []
        for mention_id in ids:
            if since_id is not None and mention_id <= since_id:
                continue
            if cursor is not None and mention_id >= cursor:
                continue
            m = items[mention_id].mention
            if folder and m["folder"] != folder:
                continue
            if unread and m["read"]:
                continue
            if favorite and not m["favorite"]:
                continue
            if tone is not None and m["tone"] != tone:
                continue
            picked.append(m)
            if len(picked) > limit:
                break
        has_more = len(picked) > limit
        page = picked[:limit]
        newest = max((int(m["id"]) for m in page), default=since_id or 0)
        if since_id is None and not page:
            newest = max(items, default=0)
        base = dict(params)
        base.pop("access_token", None)
        href = request.url.path
        links: dict[str, Any] = {
            "pull": {"href": href, "params": {**_keep(base), "since_id": newest}}
        }
        if has_more and since_id is None:
            last = int(page[-1]["id"])
            links["more"] = {"href": href, "params": {**_keep(base), "cursor": str(last)}}
        elif has_more:
            links["more"] = {"href": href, "params": {**_keep(base), "since_id": newest}}
        body = {"mentions": page, "_links": links or []}
    return responses.ok(body)


def _keep(params: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in params.items() if k not in ("cursor", "since_id")}


def get_mention(state: SimState, request: Request) -> Response:
    alert_id = _alert_or_none(state, request)
    if alert_id is None:
        return responses.not_found()
    mention = state.mention(alert_id, _mention_id(request))
    return responses.ok({"mention": mention}) if mention else responses.not_found()


def _mention_id(request: Request) -> int:
    try:
        return int(request.path_params["mention_id"])
    except ValueError:
        return -1


def _validate(state: SimState, alert_id: int, body: Any) -> dict[str, str]:
    if not isinstance(body, dict):
        return {"read": "This form should not contain extra fields."}
    errors: dict[str, str] = {}
    for name in ("favorite", "trashed", "read"):
        if name in body and not isinstance(body[name], bool):
            errors[name] = "This value is not valid."
    if "folder" in body and body["folder"] not in FOLDER_CODES:
        errors["folder"] = "This value is not valid."
    if "tone" in body and body["tone"] not in (-1, 0, 1):
        errors["tone"] = "This value is not valid."
    if "tags" in body:
        known = {t["id"] for t in state.tag_list(alert_id)}
        tags = body["tags"]
        if not isinstance(tags, list) or any(
            not isinstance(t, dict) or t.get("id") not in known for t in tags
        ):
            errors["tags"] = "This value is not valid."
    return errors


def apply_change(mention: dict[str, Any], body: dict[str, Any]) -> None:
    """The service's rules: favorite marks read; trash and folder move together."""
    for name in ("read", "favorite", "tone"):
        if name in body:
            mention[name] = body[name]
    if body.get("favorite") is True:
        mention["read"] = True
    if "tags" in body:
        mention["tags"] = [{"id": t["id"]} for t in body["tags"]]
    if "folder" in body:
        mention["folder"] = body["folder"]
        mention["folder_set_by_user"] = True
        mention["trashed"] = body["folder"] == "trash"
    if "trashed" in body:
        mention["trashed"] = body["trashed"]
        if body["trashed"]:
            mention["folder"] = "trash"
        elif mention["folder"] == "trash":
            mention["folder"] = body.get("folder", "inbox")


async def curate(
    state: SimState, request: Request, scope: Scope, receive: Receive, send: Send
) -> None:
    alert_id = _alert_or_none(state, request)
    mention_id = _mention_id(request)
    if alert_id is None:
        await responses.not_found()(scope, receive, send)
        return
    body = await request.json() if await request.body() else {}
    failing = state.faults.put_failure_rate > 0 and random.random() < state.faults.put_failure_rate
    with state.lock:
        stored = state.stored(alert_id).get(mention_id)
        if stored is None:
            response: Response = responses.not_found()
        elif state.alert(alert_id)["permission"] == "read":  # type: ignore[index]
            response = responses.forbidden("You are not allowed to modify this alert")
        elif errors := _validate(state, alert_id, body):
            response = responses.form_errors(errors, CURATE_FIELDS)
        elif not _allowed(stored.mention, body):
            response = responses.forbidden("You are not allowed to do this on this mention")
        else:
            if not failing or state.faults.fail_after_apply:
                apply_change(stored.mention, body)
                state.changed(stored)
            response = responses.ok(dict(stored.mention))
    if failing and stored is not None and response.status_code == 200:
        await _fail(state, scope, receive, send)
        return
    await response(scope, receive, send)


def _allowed(mention: dict[str, Any], body: dict[str, Any]) -> bool:
    rights = mention.get("permissions") or {}
    if "favorite" in body and rights.get("favorite") is False:
        return False
    if ("folder" in body or "trashed" in body) and rights.get("change_folder") is False:
        return False
    return not (("tone" in body or "tags" in body) and rights.get("edit") is False)


async def _fail(state: SimState, scope: Scope, receive: Receive, send: Send) -> None:
    mode = state.faults.put_failure_mode
    if mode == "mixed":
        mode = random.choice(["500", "reset"])
    if mode == "reset":
        # Promise a body and hang up early: the client sees the connection die mid-answer.
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", b"4096")],
            }
        )
        await send({"type": "http.response.body", "body": b"{", "more_body": False})
        return
    await responses.server_error()(scope, receive, send)


def children(state: SimState, request: Request) -> Response:
    alert_id = _alert_or_none(state, request)
    if alert_id is None:
        return responses.not_found()
    parent = state.mention(alert_id, _mention_id(request))
    if parent is None:
        return responses.not_found()
    total = (parent.get("children") or {}).get("total", 0)
    rng = random.Random(int(parent["id"]))
    kids = []
    for n in range(total):
        kid = dict(parent)
        kid.update(
            id=str(int(parent["id"]) * 10 + n + 1),
            parent_id=parent["id"],
            title=None,
            description=f"Reply {n + 1}: " + rng.choice(["agreed", "not so sure", "source?"]),
            children={"children": [], "total": 0, "_links": []},
        )
        kids.append(kid)
    return responses.ok({"children": kids, "_links": []})


def mark_all_read(state: SimState, request: Request) -> Response:
    alert_id = _alert_or_none(state, request)
    if alert_id is None:
        return responses.not_found()
    with state.lock:
        if state.alert(alert_id)["permission"] == "read":  # type: ignore[index]
            return responses.forbidden("You are not allowed to modify this alert")
        for stored in state.stored(alert_id).values():
            if not stored.mention["read"]:
                stored.mention["read"] = True
                state.changed(stored)
    return responses.ok({})
