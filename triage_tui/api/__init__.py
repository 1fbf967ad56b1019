"""The Mention API: typed models, an async and a sync client, stream events.

Nothing in this package imports Textual.
"""

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
    "Timestamp",
    "Tone",
    "TransportError",
    "UnknownEvent",
    "UpdateShareRequest",
    "WarningEvent",
    "parse_event",
    "parse_event_fast",
    "parse_hits",
]
