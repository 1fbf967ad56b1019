"""Every endpoint as data: method, path, query, body and how to read the answer.

Both clients (async and sync) execute these same `Call`s, so paths, parameters and
envelopes are written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from triage_tui.api.errors import InvalidIdError
from triage_tui.api.links import Link
from triage_tui.api.models import (
    Account,
    Alert,
    AlertList,
    AppData,
    ChildrenList,
    CurateRequest,
    Mention,
    MentionList,
    Tag,
    TagList,
)
from triage_tui.api.shares import CreateShareRequest, Share, SharesResponse, UpdateShareRequest
from triage_tui.api.tasks import CreateTaskRequest, Task, UpdateTaskRequest

T = TypeVar("T")
Params = list[tuple[str, str]]


def unwrap(data: Any, key: str) -> Any:
    """`{"mention": {...}}` and a bare mention object are both accepted."""
    if isinstance(data, dict) and isinstance(data.get(key), dict) and "id" not in data:
        return data[key]
    return data


@dataclass(frozen=True)
class Call(Generic[T]):
    method: str
    path: str  # relative to the API root ("/accounts/..."), or to the host ("/api/...")
    parse: Callable[[Any], T]
    params: Params = field(default_factory=list)
    json: Any = None
    from_host: bool = False  # path is a `_links` href: prefix only the host


def _flag(value: bool) -> str:
    return "1" if value else "0"


def encode_params(values: Mapping[str, Any]) -> Params:
    """Query parameters as the service expects: booleans 1/0, lists as `key[]`."""
    out: Params = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out.append((key, _flag(value)))
        elif isinstance(value, list | tuple):
            name = key if key.endswith("[]") else f"{key}[]"
            out.extend((name, str(item)) for item in value)
        elif isinstance(value, dict):
            out.extend((f"{key}[{k}]", str(v)) for k, v in value.items())
        else:
            out.append((key, str(value)))
    return out


def segment(value: str | int) -> str:
    """An id from the service as one URL path segment: every id in a path goes here.

    Ids are the service's text: a `/`, `?` or `#` in one would point the request at
    another resource, and a control character makes the URL invalid (httpx raises).
    So it is percent-encoded whole, and what no encoding makes a name is refused.
    """
    text = str(value)
    if not text.isprintable() or text.strip(".") == "":
        # Empty, ".", ".." (resolved away as dot segments), or a control character.
        raise InvalidIdError(f"the service sent an unusable id: {text[:40]!r}")
    return quote(text, safe="")


def _alert(account_id: str, alert_id: str | int) -> str:
    return f"/accounts/{segment(account_id)}/alerts/{segment(alert_id)}"


def get_me() -> Call[Account]:
    return Call("GET", "/accounts/me", lambda d: Account.model_validate(unwrap(d, "account")))


def get_app_data() -> Call[AppData]:
    return Call("GET", "/app/data", lambda d: AppData.model_validate(unwrap(d, "app_data")))


def list_alerts(account_id: str) -> Call[list[Alert]]:
    return Call(
        "GET",
        f"/accounts/{segment(account_id)}/alerts",
        lambda d: AlertList.model_validate(d).alerts,
    )


def get_alert(account_id: str, alert_id: str | int) -> Call[Alert]:
    return Call(
        "GET", _alert(account_id, alert_id), lambda d: Alert.model_validate(unwrap(d, "alert"))
    )


def list_mentions(
    account_id: str, alert_id: str | int, filters: Mapping[str, Any]
) -> Call[MentionList]:
    return Call(
        "GET",
        f"{_alert(account_id, alert_id)}/mentions",
        MentionList.model_validate,
        params=encode_params(filters),
    )


def follow(link: Link, parse: Callable[[Any], T]) -> Call[T]:
    """Follow a `_links.more` / `_links.pull` link, replaying its params as given."""
    path, _, query = link.href.partition("?")
    params = encode_params(link.params) if link.params else _split_query(query)
    return Call("GET", path, parse, params=params, from_host=path.startswith("/api/"))


def _split_query(query: str) -> Params:
    from urllib.parse import parse_qsl

    return parse_qsl(query, keep_blank_values=True)


def get_mention(account_id: str, alert_id: str | int, mention_id: str | int) -> Call[Mention]:
    return Call(
        "GET",
        f"{_alert(account_id, alert_id)}/mentions/{segment(mention_id)}",
        lambda d: Mention.model_validate(unwrap(d, "mention")),
    )


def curate_mention(
    account_id: str, alert_id: str | int, mention_id: str | int, request: CurateRequest
) -> Call[Mention]:
    return Call(
        "PUT",
        f"{_alert(account_id, alert_id)}/mentions/{segment(mention_id)}",
        lambda d: Mention.model_validate(unwrap(d, "mention")),
        json=request.to_body(),
    )


def get_children(
    account_id: str, alert_id: str | int, mention_id: str | int, filters: Mapping[str, Any]
) -> Call[ChildrenList]:
    return Call(
        "GET",
        f"{_alert(account_id, alert_id)}/mentions/{segment(mention_id)}/children",
        ChildrenList.model_validate,
        params=encode_params(filters),
    )


def mark_all_read(account_id: str, alert_id: str | int) -> Call[bool]:
    return Call("POST", f"{_alert(account_id, alert_id)}/mentions/markallread", lambda d: True)


def list_tags(account_id: str, alert_id: str | int) -> Call[list[Tag]]:
    return Call(
        "GET", f"{_alert(account_id, alert_id)}/tags", lambda d: TagList.model_validate(d).tags
    )


def create_tag(account_id: str, alert_id: str | int, name: str) -> Call[Tag]:
    return Call(
        "POST",
        f"{_alert(account_id, alert_id)}/tags",
        lambda d: Tag.model_validate(unwrap(d, "tag")),
        json={"name": name},
    )


def _share(data: Any, alert_id: str | int) -> Share:
    share = Share.model_validate(unwrap(data, "share"))
    share.alert_id = share.alert_id or str(alert_id)
    return share


def get_shares(account_id: str, alert_id: str | int) -> Call[SharesResponse]:
    return Call(
        "GET",
        f"{_alert(account_id, alert_id)}/shares",
        lambda d: SharesResponse.model_validate(d).for_alert(str(alert_id)),
    )


def get_share(account_id: str, alert_id: str | int, share_id: str | int) -> Call[Share]:
    return Call(
        "GET",
        f"{_alert(account_id, alert_id)}/shares/{segment(share_id)}",
        lambda d: _share(d, alert_id),
    )


def create_share(account_id: str, alert_id: str | int, request: CreateShareRequest) -> Call[Share]:
    return Call(
        "POST",
        f"{_alert(account_id, alert_id)}/shares",
        lambda d: _share(d, alert_id),
        json=request.model_dump(mode="json"),
    )


def update_share(
    account_id: str, alert_id: str | int, share_id: str | int, request: UpdateShareRequest
) -> Call[Share]:
    return Call(
        "PUT",
        f"{_alert(account_id, alert_id)}/shares/{segment(share_id)}",
        lambda d: _share(d, alert_id),
        json=request.model_dump(mode="json"),
    )


def delete_share(account_id: str, alert_id: str | int, share_id: str | int) -> Call[bool]:
    return Call(
        "DELETE", f"{_alert(account_id, alert_id)}/shares/{segment(share_id)}", lambda d: True
    )


def _tasks(account_id: str, alert_id: str | int, mention_id: str | int) -> str:
    return f"{_alert(account_id, alert_id)}/mentions/{segment(mention_id)}/tasks"


def create_task(
    account_id: str, alert_id: str | int, mention_id: str | int, request: CreateTaskRequest
) -> Call[Task]:
    return Call(
        "POST",
        _tasks(account_id, alert_id, mention_id),
        lambda d: Task.model_validate(unwrap(d, "task")),
        json=request.model_dump(mode="json"),
    )


def update_task(
    account_id: str,
    alert_id: str | int,
    mention_id: str | int,
    task_id: str | int,
    request: UpdateTaskRequest,
) -> Call[Task]:
    return Call(
        "PUT",
        f"{_tasks(account_id, alert_id, mention_id)}/{segment(task_id)}",
        lambda d: Task.model_validate(unwrap(d, "task")),
        json=request.model_dump(mode="json"),
    )


def stream_params(alert_ids: Iterable[str | int], since_ids: Mapping[Any, Any] | None) -> Params:
    params: Params = [("alerts[]", str(a)) for a in alert_ids]
    params += [(f"since_id[{a}]", str(m)) for a, m in (since_ids or {}).items() if m is not None]
    return params
