"""What the status line said, into the message log: a plain object the main screen holds.

Every message `StatusLine.say` shows reaches `MessageLog` through the line's `on_said`
hook, so nothing that speaks to the user has to remember the log. A message about one
mention goes through `about`: the status line names the mention by its title (never its
raw id) and the log keeps the whole title and the id beside the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from triage_tui.core.message_log import MessageLog, short_title

if TYPE_CHECKING:
    from triage_tui.core.session import Session
    from triage_tui.ui.widgets.status import StatusLine


class SaidHost(Protocol):
    """What the recorder needs of the main screen."""

    @property
    def session(self) -> Session | None: ...

    @property
    def status(self) -> StatusLine: ...

    @property
    def clock(self) -> Callable[[], float]: ...


class Said:
    """Records each message the status line shows, with the app's clock."""

    def __init__(self, host: SaidHost, log: MessageLog | None = None) -> None:
        self.host = host
        self.log = log if log is not None else MessageLog()
        self._recorded: str | None = None  # said by `about`, recorded there already
        host.status.on_said = self._said

    def _said(self, text: str, error: bool) -> None:
        if text == self._recorded:
            self._recorded = None
            return
        self.record(text, error=error)

    def record(self, text: str, *, error: bool = False) -> None:
        """Into the log without the status line (a toast's report, say)."""
        self.log.add(text, at=self.host.clock(), error=error)

    def title(self, mention_id: int) -> str:
        """The mention's title as the feed shows it, "" when it is not held."""
        session = self.host.session
        row = session.row(mention_id) if session is not None else None
        return row.title if row is not None else ""

    def name(self, mention_id: int) -> str:
        """How a one-line message names a mention: its title, quoted and cut."""
        title = self.title(mention_id)
        return short_title(title) if title else "A mention no longer held"

    def about(
        self, mention_id: int, text: str, *, error: bool = False, log_only: bool = False
    ) -> None:
        """`text` about one mention: on the status line after its title (unless
        `log_only`: a bulk action's report says it there); in the log with the whole
        title and the id beside it."""
        self.log.add(
            text,
            at=self.host.clock(),
            error=error,
            mention_id=mention_id,
            title=self.title(mention_id),
        )
        if log_only:
            return
        line = f"{self.name(mention_id)}: {text}"
        self._recorded = line
        self.host.status.say(line, error=error)
