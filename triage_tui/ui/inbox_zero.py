"""The session's decisions, counted, and said when a key empties the Inbox: a plain
object `CurationActions` holds (`curation.tally` is its count)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from triage_tui.core.alert_stats import inbox_mask
from triage_tui.core.decision_tally import DecisionTally

if TYPE_CHECKING:
    from triage_tui.core.session import Session
    from triage_tui.ui.views import View
    from triage_tui.ui.widgets.feed import MentionFeed


class InboxHost(Protocol):
    """What the summary needs of the main screen."""

    @property
    def session(self) -> Session | None: ...

    @property
    def feed(self) -> MentionFeed: ...

    @property
    def view(self) -> View: ...

    @property
    def query_text(self) -> str: ...

    @property
    def clock(self) -> Callable[[], float]: ...

    def notify(
        self, message: str, *, title: str = "", timeout: float | None = None, markup: bool = True
    ) -> None: ...


class InboxZero:
    def __init__(self, host: InboxHost) -> None:
        self.host = host
        self.tally = DecisionTally()  # what the keys decided, for the summary

    def shown(self) -> int:
        """How many mentions the Inbox view shows (-1: another view or a filter); asked
        before a key acts, and handed to `decided` after."""
        if self.host.view.key != "inbox" or self.host.query_text:
            return -1
        return self.host.feed.visible_count

    def decided(self, change: Mapping[str, Any], count: int, before: int) -> None:
        """Count what a key changed; if it emptied the Inbox view, say what the session
        did. Only the Inbox view with no `/` filter, and only when the session holds no
        inbox mention the feed has not shown yet."""
        self.tally.record(change, count, self.host.clock())
        session = self.host.session
        if before <= 0 or self.shown() != 0 or session is None:
            return
        if session.feed.holds_any(inbox_mask):
            return  # arrivals not painted yet: not zero for long
        self.host.notify(
            self.tally.summary(self.host.clock()),
            title="Inbox zero",
            timeout=20,
            markup=False,
        )
