"""The status line: account, alerts, connection, unread, waiting actions, last message."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from triage_tui.core.events import Connection
from triage_tui.core.sanitize import one_line

_CONNECTION = {
    Connection.CONNECTING: ("◌ connecting", "$text-warning"),
    Connection.LIVE: ("● live", "$text-success"),
    Connection.RECONNECTING: ("◌ reconnecting", "$text-warning"),
    Connection.OFFLINE: ("✗ offline", "$text-error"),
    Connection.REJECTED: ("✗ token rejected", "$text-error"),
    Connection.POLLING: ("◌ polling", "$text-warning"),
}


#: How long a message stays on the status line.
MESSAGE_SECONDS = 8.0


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
    filter_text: reactive[str] = reactive("")  # the `/` filter in force
    shown: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    selected: reactive[int] = reactive(0)
    invalid: reactive[int] = reactive(0)
    new_above: reactive[int] = reactive(0)
    message: reactive[str] = reactive("")
    message_is_error: reactive[bool] = reactive(False)
    _fade: Timer | None = None
    #: Told each message said (text, error): the main screen's message log records them.
    on_said: Callable[[str, bool], None] | None = None

    def render(self) -> Content:
        # When the line is too long, the least useful parts go first: the alert names
        # (for their count), then account and alerts, then all but the connection and
        # the last message, which answers what the user just did. Rendered only when a
        # part changes: building every form is cheap.
        forms = [self._line(one_line(self.alerts))]
        if self.alerts_short:
            forms.append(self._line(self.alerts_short))
        forms.append(self._line(None))
        if self.message:
            forms.append(self._message_line())
        width = self.content_region.width
        return next((form for form in forms if form.cell_length <= width), forms[-1])

    def _connection(self) -> tuple[str, str]:
        label, style = _CONNECTION.get(self.connection, (str(self.connection), ""))
        if self.connection is Connection.RECONNECTING and self.retry_in is not None:
            label = f"{label} in {max(0, round(self.retry_in))} s"
        elif self.connection is Connection.POLLING and self.retry_in is not None:
            label = f"{label}, next check in {max(0, round(self.retry_in))} s"
        return label, style

    def _message_line(self) -> Content:
        label, style = self._connection()
        return Content.assemble((label.split()[0], style), " ", self._message())

    def _line(self, alerts: str | None) -> Content:
        """The whole line; without account and alerts when `alerts` is None."""
        parts: list[str | tuple[str, str] | Content] = []
        if alerts is not None:
            parts += [(one_line(self.account) or "…", "bold"), " · ", alerts, " · "]
        parts += [
            self._connection(),
            " · ",
            (self.view, "bold"),
            f" {self.shown}/{self.total}",
            " · ",
            f"{self.unread} unread",
        ]
        if self.new_above:
            parts += [" · ", (f"↑ {self.new_above} new", "bold $text-accent")]
        if self.filter_text:
            parts += [" · ", ("/" + one_line(self.filter_text), "$text-accent")]
        if self.selected:
            parts += [" · ", (f"✓ {self.selected} selected", "bold")]
        if self.pending:
            parts += [" · ", (f"⇡ {self.pending} waiting", "$text-warning")]
        if self.invalid:
            parts += [" · ", (f"⚠ {self.invalid} unreadable skipped", "$text-warning")]
        if self.message:
            parts += ["  ", self._message()]
        return Content.assemble(*parts)

    def _message(self) -> tuple[str, str]:
        style = "bold $text-error" if self.message_is_error else "$text-accent"
        glyph = "✗ " if self.message_is_error else ""
        return glyph + one_line(self.message), style

    def say(self, text: str, *, error: bool = False, keep: bool = False) -> None:
        """Show a one-line message (network text is sanitized by `one_line`) for a while,
        or until the next one with `keep`: it answers the last key, and on a narrow
        terminal it takes the counts' place."""
        self.message = text
        self.message_is_error = error
        if text and self.on_said is not None:
            self.on_said(text, error)
        if self._fade is not None:
            self._fade.stop()
        self._fade = self.set_timer(MESSAGE_SECONDS, self._clear) if text and not keep else None

    def _clear(self) -> None:
        self._fade = None
        self.message = ""
