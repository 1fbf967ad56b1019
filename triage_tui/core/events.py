"""What the domain tells the screen. Plain dataclasses: no Textual here.

The `Session` (core/session.py) calls its `on_event` callback with these; the UI turns
each into a Textual message (workers never touch widgets).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from triage_tui.core.rows import FeedRow


class Connection(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"
    REJECTED = "rejected"  # the service refused the token (401): retrying will not help
    POLLING = "polling"  # the account's one stream is open elsewhere: list endpoint


#: What the user is told while the token is refused: kept on screen until it changes.
TOKEN_REJECTED = (
    "token rejected (HTTP 401): check MENTION_ACCESS_TOKEN or run `mention-triage doctor`"
)


@dataclass(frozen=True, slots=True)
class MentionsArrived:
    """Rows for the feed. `newer`: live arrivals (top); otherwise back-fill (bottom).
    `settled`: the stream has caught up (a mark came), so nothing more is on its way now:
    show what is waiting without holding it back for the rest of a burst."""

    rows: Sequence[FeedRow]
    newer: bool
    settled: bool = False


@dataclass(frozen=True, slots=True)
class MentionChanged:
    """A row changed (optimistic curation, a rollback, or the service's answer)."""

    row: FeedRow


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    state: Connection
    retry_in: float | None = None  # seconds until the next attempt, when reconnecting
    detail: str = ""  # one line: why (already sanitized)


@dataclass(frozen=True, slots=True)
class OutboxChanged:
    pending: int  # curation actions written but not yet accepted by the service


@dataclass(frozen=True, slots=True)
class ActionSettled:
    """The service accepted every change queued for this mention."""

    mention_id: int


@dataclass(frozen=True, slots=True)
class ActionFailed:
    """The service refused an action for good; the screen was rolled back."""

    mention_id: int
    reason: str  # one line, for the status bar


@dataclass(frozen=True, slots=True)
class Notice:
    """A one-line notice for the user (history capped, lines skipped, ...)."""

    text: str
    severity: str = "information"  # information / warning / error


SessionEvent = (
    MentionsArrived
    | MentionChanged
    | ConnectionChanged
    | OutboxChanged
    | ActionSettled
    | ActionFailed
    | Notice
)
