"""The Mention API: typed models, an async and a sync client, stream events.

Nothing in this package imports Textual. Names are loaded on first use (PEP 562): the
app draws its first frame from the models alone, before httpx is imported at all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Where each exported name lives.
_WHERE = {
    "APIError": "errors",
    "Account": "models",
    "Alert": "models",
    "AppData": "models",
    "AsyncMentionClient": "async_client",
    "AuthenticationError": "errors",
    "AuthorInfluence": "models",
    "BadRequestError": "errors",
    "Children": "models",
    "ChildrenList": "models",
    "ConflictError": "errors",
    "CreateShareRequest": "shares",
    "CurateRequest": "models",
    "CurationRequest": "models",
    "Folder": "models",
    "InvalidLine": "events",
    "KeywordHit": "models",
    "Link": "links",
    "Links": "links",
    "MarkEvent": "events",
    "Mention": "models",
    "MentionClient": "sync_client",
    "MentionError": "errors",
    "MentionEvent": "events",
    "MentionLineEvent": "events",
    "MentionList": "models",
    "MentionSummary": "summary",
    "NotFoundError": "errors",
    "PaymentRequiredError": "errors",
    "PermissionDeniedError": "errors",
    "RateLimitError": "errors",
    "ServerError": "errors",
    "Share": "shares",
    "SharePermission": "levels",
    "SharesResponse": "shares",
    "StreamEvent": "events",
    "Tag": "models",
    "Task": "tasks",
    "CreateTaskRequest": "tasks",
    "UpdateTaskRequest": "tasks",
    "TagRef": "models",
    "Timestamp": "timestamps",
    "Tone": "models",
    "TransportError": "errors",
    "UnreadableResponse": "errors",
    "UnknownEvent": "events",
    "UpdateShareRequest": "shares",
    "WarningEvent": "events",
    "parse_event": "events",
    "parse_event_fast": "events",
    "parse_hits": "models",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient
    from triage_tui.api.errors import (
        APIError,
        AuthenticationError,
        BadRequestError,
        ConflictError,
        MentionError,
        NotFoundError,
        PaymentRequiredError,
        PermissionDeniedError,
        RateLimitError,
        ServerError,
        TransportError,
        UnreadableResponse,
    )
    from triage_tui.api.events import (
        InvalidLine,
        MarkEvent,
        MentionEvent,
        MentionLineEvent,
        StreamEvent,
        UnknownEvent,
        WarningEvent,
        parse_event,
        parse_event_fast,
    )
    from triage_tui.api.links import Link, Links
    from triage_tui.api.models import (
        Account,
        Alert,
        AppData,
        AuthorInfluence,
        Children,
        ChildrenList,
        CurateRequest,
        CurationRequest,
        Folder,
        KeywordHit,
        Mention,
        MentionList,
        Tag,
        TagRef,
        Tone,
        parse_hits,
    )
    from triage_tui.api.shares import (
        CreateShareRequest,
        Share,
        SharePermission,
        SharesResponse,
        UpdateShareRequest,
    )
    from triage_tui.api.summary import MentionSummary
    from triage_tui.api.sync_client import MentionClient
    from triage_tui.api.tasks import CreateTaskRequest, Task, UpdateTaskRequest
    from triage_tui.api.timestamps import Timestamp

__all__ = [
    "APIError",
    "Account",
    "Alert",
    "AppData",
    "AsyncMentionClient",
    "AuthenticationError",
    "AuthorInfluence",
    "BadRequestError",
    "Children",
    "ChildrenList",
    "ConflictError",
    "CreateShareRequest",
    "CreateTaskRequest",
    "CurateRequest",
    "CurationRequest",
    "Folder",
    "InvalidLine",
    "KeywordHit",
    "Link",
    "Links",
    "MarkEvent",
    "Mention",
    "MentionClient",
    "MentionError",
    "MentionEvent",
    "MentionLineEvent",
    "MentionList",
    "MentionSummary",
    "NotFoundError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "Share",
    "SharePermission",
    "SharesResponse",
    "StreamEvent",
    "Tag",
    "TagRef",
    "Task",
    "Timestamp",
    "Tone",
    "TransportError",
    "UnknownEvent",
    "UnreadableResponse",
    "UpdateShareRequest",
    "UpdateTaskRequest",
    "WarningEvent",
    "parse_event",
    "parse_event_fast",
    "parse_hits",
]
