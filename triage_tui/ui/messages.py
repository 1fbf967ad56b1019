"""Textual messages that carry the Session's events to the widgets.

The Session calls `on_event` from its own tasks; the App turns each event into one of
these with `to_message` and posts it to the main screen, so widgets change only on the
event loop's terms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from triage_tui.core.events import (
    ActionFailed,
    ActionSettled,
    ConnectionChanged,
    MentionChanged,
    MentionsArrived,
    Notice,
    OutboxChanged,
    SessionEvent,
)

if TYPE_CHECKING:
    from triage_tui.core.session import Session


class SessionMessage(Message):
    """Base: one SessionEvent for the App to route."""

    def __init__(self, event: SessionEvent) -> None:
        super().__init__()
        self.event = event


class RowsArrived(SessionMessage):
    event: MentionsArrived


class RowChanged(SessionMessage):
    event: MentionChanged


class ConnectionUpdate(SessionMessage):
    event: ConnectionChanged


class OutboxUpdate(SessionMessage):
    event: OutboxChanged

    def can_replace(self, message: Message) -> bool:
        # Only the latest count matters: a burst of actions is one update of the status.
        return isinstance(message, OutboxUpdate)


class ActionDone(SessionMessage):
    event: ActionSettled


class ActionRefused(SessionMessage):
    event: ActionFailed


class NoticePosted(SessionMessage):
    event: Notice


_BY_EVENT: dict[type, type[SessionMessage]] = {
    MentionsArrived: RowsArrived,
    MentionChanged: RowChanged,
    ConnectionChanged: ConnectionUpdate,
    OutboxChanged: OutboxUpdate,
    ActionSettled: ActionDone,
    ActionFailed: ActionRefused,
    Notice: NoticePosted,
}


def to_message(event: SessionEvent) -> SessionMessage:
    """The message that carries `event` (unknown events become a generic one)."""
    return _BY_EVENT.get(type(event), SessionMessage)(event)


class SessionReady(Message):
    """The Session opened; the screen can fill itself from it."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class SessionFailed(Message):
    """The Session could not open: one line (already sanitized) for the user."""

    def __init__(self, reason: str, *, rejected: bool = False) -> None:
        super().__init__()
        self.reason = reason
        self.rejected = rejected  # the token was refused (401), not the network
