"""What the feed tells the screen around it (`MentionFeed.CursorMoved` and the others:
the widget names them, and handlers use those names).

A newer one of each makes an older one still queued useless (`can_replace`): a held `j`
draws the detail of the mention it stops on, not of every one it passed. The namespace
keeps the handler names they had as classes inside the widget (`on_mention_feed_...`).
"""

from __future__ import annotations

from textual.message import Message

from triage_tui.core.rows import FeedRow


class CursorMoved(Message, namespace="mention_feed"):
    def __init__(self, row: FeedRow | None) -> None:
        super().__init__()
        self.row = row

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CursorMoved)


class NewAbove(Message, namespace="mention_feed"):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, NewAbove)


class SelectionChanged(Message, namespace="mention_feed"):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SelectionChanged)


class NearEnd(Message, namespace="mention_feed"):
    """The cursor or the view came within a screen of the last row shown: a view
    that loads older mentions asks for the next page (the screen's `OlderLoader`)."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, NearEnd)
