"""Mention endpoints: list (filters, `_links.more` / `_links.pull`), get, curate, children."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from triage_tui.sim import responses
from triage_tui.sim.children import found_at, make_children
from triage_tui.sim.middleware import HANGUP
from triage_tui.sim.state import SimState

CURATE_FIELDS = ["favorite", "trashed", "read", "tags", "folder", "tone"]
FOLDER_CODES = {"inbox", "archive", "spam", "trash"}


class _BadParam(Exception):
    """A query parameter the service would refuse: answered as Symfony form errors."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _flag(request: Request, name: str) -> bool | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if value not in ("0", "1", "true", "false"):
        raise _BadParam(name)
    return value in ("1", "true")


def _int(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise _BadParam(name) from None


def _date(request: Request, name: str) -> datetime | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _BadParam(name) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _alert_or_none(state: SimState, request: Request) -> int | None:
    if request.path_params["account_id"] not in (state.account["id"], "me"):
        return None
    try:
        alert_id = int(request.path_params["alert_id"])
    except ValueError:
        return None
    return alert_id if state.alert(alert_id) else None


@dataclass(frozen=True)
class _Filters:
    limit: int
    since_id: int | None
    cursor: int | None
    before: datetime | None
    not_before: datetime | None
    folder: str | None
    unread: bool | None
    favorite: bool | None
    tone: int | None

    @classmethod
    def parse(cls, request: Request) -> _Filters:
        limit = _int(request, "limit")
        if limit is not None and not 1 <= limit <= 1000:
            raise _BadParam("limit")
        folder = request.query_params.get("folder") or None
        if folder is not None and folder not in FOLDER_CODES:
            raise _BadParam("folder")
        tone = _int(request, "tone")
        if tone is not None and tone not in (-1, 0, 1):
            raise _BadParam("tone")
        params = request.query_params
        # What the reference says does not combine: refused, as the service would.
        if _flag(request, "unread") and any(params.get(k) for k in ("favorite", "q", "tone")):
            raise _BadParam("unread")
        if params.get("since_id") and any(
            params.get(k) for k in ("cursor", "before_date", "not_before_date")
        ):
            raise _BadParam("since_id")
        if params.get("not_before_date") and not params.get("before_date"):
            raise _BadParam("not_before_date")
        return cls(
            limit=limit or 20,
            since_id=_int(request, "since_id"),
            cursor=_int(request, "cursor"),
            before=_date(request, "before_date"),
            not_before=_date(request, "not_before_date"),
            folder=folder,
            unread=_flag(request, "unread"),
            favorite=_flag(request, "favorite"),
            tone=tone,
        )

    def keeps(self, mention_id: int, m: dict[str, Any]) -> bool:
        if self.since_id is not None and mention_id <= self.since_id:
            return False
        if self.cursor is not None and mention_id >= self.cursor:
            return False
        if self.folder and m["folder"] != self.folder:
            return False
        if self.unread and m["read"]:
            return False
        if self.favorite and not m["favorite"]:
            return False
        if self.tone is not None and m["tone"] != self.tone:
            return False
        if self.before is not None and found_at(m) >= self.before:
            return False
        return self.not_before is None or found_at(m) >= self.not_before


def list_mentions(state: SimState, request: Request) -> Response:
    """Newest first (or, with `since_id`, oldest first above it), `limit` per page.

    `_links.more` goes on with an opaque `cursor` (the last id sent); `_links.pull` asks
    for what is newer than the newest id. `include_children`, `countries`, `languages`,
    `source`, `sort` and `q` are accepted and ignored (children stay inside their parent).
    """
    alert_id = _alert_or_none(state, request)
    if alert_id is None:
        return responses.not_found()
    with state.lock:
        if state.faults.fail_lists > 0:  # a failing list call, for tests
            state.faults.fail_lists -= 1
            return responses.server_error()
    try:
        filters = _Filters.parse(request)
    except _BadParam as bad:
        return responses.form_errors({bad.name: "This value is not valid."}, [bad.name])
    limit, since_id = filters.limit, filters.since_id
    with state.lock:
        items = state.stored(alert_id)
        ids = sorted(items, reverse=since_id is None)
        picked: list[dict[str, Any]] = []
        for mention_id in ids:
            m = items[mention_id].mention
            if not filters.keeps(mention_id, m):
                continue
            picked.append(m)
            if len(picked) > limit:
                break
        has_more = len(picked) > limit
        page = picked[:limit]
        newest = max((int(m["id"]) for m in page), default=since_id or 0)
        if since_id is None and not page:
            newest = max(items, default=0)
        base = {k: v for k, v in request.query_params.items() if k != "access_token"}
        href = request.url.path
        links: dict[str, Any] = {
            "pull": {"href": href, "params": {**_keep(base), "since_id": newest}}
        }
        if has_more and since_id is None:
            last = int(page[-1]["id"])
            links["more"] = {"href": href, "params": {**_keep(base), "cursor": str(last)}}
        elif has_more:
            links["more"] = {"href": href, "params": {**_keep(base), "since_id": newest}}
        body = {
            "mentions": page,
            "_links": links,
            "truncated_after": None,
            "truncated_before": None,
            "recently_reenabled": False,
            "reached_history_limit": False,
        }
        # Serialize under the lock: another thread may be curating these very dicts.
        payload = json.dumps(body).encode()
    return Response(state.faults.rewritten(payload), media_type="application/json")


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
    # Real mentions carry no `trashed`: a body's `trashed` (seed 000) is a folder move.
    if "trashed" in body:
        if body["trashed"]:
            mention["folder"] = "trash"
        elif mention["folder"] == "trash":
            mention["folder"] = body.get("folder", "inbox")
        mention["folder_set_by_user"] = True


async def curate(
    state: SimState, request: Request, scope: Scope, receive: Receive, send: Send
) -> None:
    alert_id = _alert_or_none(state, request)
    mention_id = _mention_id(request)
    if alert_id is None:
        await responses.not_found()(scope, receive, send)
        return
    body: Any  # a dict once _validate has passed it
    try:
        raw = await request.body()
        body = json.loads(raw) if raw.strip() else {}
    except ValueError:
        body = None  # not JSON: the form refuses it below, as the service would
    rate = state.faults.put_failure_rate
    failing = rate > 0 and state.fault_rng.random() < rate
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
            # Wrapped, as the real service answers a PUT (curate_mention.json).
            response = responses.ok({"mention": stored.mention})
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
        mode = state.fault_rng.choice(["500", "reset"])
    if mode == "reset":
        scope[HANGUP] = True
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
    """A parent's children (retweets, duplicates), newest first, paged by `before_date`."""
    alert_id = _alert_or_none(state, request)
    if alert_id is None:
        return responses.not_found()
    parent = state.mention(alert_id, _mention_id(request))
    if parent is None:
        return responses.not_found()
    try:
        limit = _int(request, "limit") or 20
        before = _date(request, "before_date")
    except _BadParam as bad:
        return responses.form_errors({bad.name: "This value is not valid."}, [bad.name])
    kids = [k for k in make_children(parent) if before is None or found_at(k) < before]
    page = kids[: max(1, min(limit, 1000))]
    links: dict[str, Any] | list[Any] = []
    if len(kids) > len(page):
        href = request.url.path
        links = {
            "more": {
                "href": href,
                "params": {"limit": limit, "before_date": page[-1]["created_at"]},
            }
        }
    return responses.ok({"children": page, "_links": links})


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
        # The alert, wrapped, its counts after the change (markallread.json).
        return responses.ok({"alert": state.alert_json(alert_id)})
