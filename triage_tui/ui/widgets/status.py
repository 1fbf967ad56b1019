"""The status line: account, alerts, connection, unread, waiting actions, last message."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from triage_tui.core.events import Connection
from triage_tui.core.sanitize import one_line

_CONNECTION = {
    Connection.CONNECTING: ("◌ connecting", "$text-warning"),
    Connection.LIVE: ("● live", "$text-success"),
    Connection.RECONNECTING: ("◌ reconnecting", "$text-warning"),
    Connection.OFFLINE: ("✗ offline", "$text-error"),
}


class StatusLine(Static):
    """One line; each part carries a glyph or a word, never colour alone."""

    DEFAULT_CSS = """
    StatusLine { height: 1; width: 1fr; padding: 0 1; background: $panel; }
    """

    account: reactive[str] = reactive("")
    alerts: reactive[str] = reactive("")
    connection: reactive[Connection] = reactive(Connection.CONNECTING)
    retry_in: reactive[float | None] = reactive(None)
    unread: reactive[int] = reactive(0)
    pending: reactive[int] = reactive(0)
    alerts_short: reactive[str] = reactive("")
    view: reactive[str] = reactive("Inbox")
    query: reactive[str] = reactive("")
    shown: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    selected: reactive[int] = reactive(0)
    invalid: reactive[int] = reactive(0)
    new_above: reactive[int] = reactive(0)
    message: reactive[str] = reactive("")
    message_is_error: reactive[bool] = reactive(False)

    def render(self) -> Content:
        # The alert names go first when the line is too long: the counts and the last
        # message matter more.
        full = self._line(one_line(self.alerts))
        if full.cell_length <= self.content_region.width or not self.alerts_short:
            return full
        return self._line(self.alerts_short)

    def _line(self, alerts: str) -> Content:
        label, style = _CONNECTION.get(self.connection, (str(self.connection), ""))
        if self.connection is Connection.RECONNECTING and self.retry_in is not None:
            label = f"{label} in {max(0, round(self.retry_in))} s"
        parts: list[str | tuple[str, str] | Content] = [
            (one_line(self.account) or "…", "bold"),
            " · ",
            alerts,
            " · ",
            (label, style),
            " · ",
            (self.view, "bold"),
            f" {self.shown}/{self.total}",
            " · ",
            f"{self.unread} unread",
        ]
        if self.new_above:
            parts += [" · ", (f"↑ {self.new_above} new", "bold $text-accent")]
        if self.query:
            parts += [" · ", ("/" + one_line(self.query), "$text-accent")]
        if self.selected:
            parts += [" · ", (f"✓ {self.selected} selected", "bold")]
        if self.pending:
            parts += [" · ", (f"⇡ {self.pending} waiting", "$text-warning")]
        if self.invalid:
            parts += [" · ", (f"⚠ {self.invalid} bad lines skipped", "$text-warning")]
        if self.message:
            style = "bold $text-error" if self.message_is_error else "$text-accent"
            glyph = "✗ " if self.message_is_error else ""
            parts += ["  ", (glyph + one_line(self.message), style)]
        return Content.assemble(*parts)

    def say(self, text: str, *, error: bool = False) -> None:
        """Show a one-line message (network text is sanitized by `one_line`)."""
        self.message = text
        self.message_is_error = error
