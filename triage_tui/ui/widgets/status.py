"""The status line: account, alerts, connection, unread, waiting actions, last message."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from triage_tui.core.events import Connection
from triage_tui.core.sanitize import one_line
from triage_tui.ui.views import name_alerts

_CONNECTION = {
    Connection.CONNECTING: ("◌ connecting", "$text-warning"),
    Connection.LIVE: ("● live", "$text-success"),
    Connection.RECONNECTING: ("◌ reconnecting", "$text-warning"),
    Connection.OFFLINE: ("✗ offline", "$text-error"),
    Connection.REJECTED: ("✗ token rejected", "$text-error"),
    Connection.POLLING: ("◌ polling", "$text-warning"),
}


#: How long a message stays on the status line.
MESSAGE_SECONDS = 6.0
#: The line's clock (seconds, monotonic): the reconnect countdown counts on it.
now = time.monotonic


class StatusLine(Static):
    """One line; each part carries a glyph or a word, never colour alone."""

    DEFAULT_CSS = """
    StatusLine { height: 1; width: 1fr; padding: 0 1; background: $panel; }
    """

    account: reactive[str] = reactive("")
    alerts: reactive[str] = reactive("")
    connection: reactive[Connection] = reactive(Connection.CONNECTING)
    retry_in: reactive[float | None] = reactive(None, always_update=True)
    unread: reactive[int] = reactive(0)
    pending: reactive[int] = reactive(0)
    alerts_short: reactive[str] = reactive("")
    view: reactive[str] = reactive("Inbox")
    order: reactive[str] = reactive("published")  # the feed's order (and its time column)
    filter_text: reactive[str] = reactive("")  # the `/` filter in force
    shown: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    selected: reactive[int] = reactive(0)
    invalid: reactive[int] = reactive(0)
    new_above: reactive[int] = reactive(0)
    message: reactive[str] = reactive("")
    message_is_error: reactive[bool] = reactive(False)
    #: Failures said while the last one was still shown ("(+N more)" beside it).
    more_failures: reactive[int] = reactive(0)
    _fade: Timer | None = None
    #: Told each message said (text, error): the main screen's message log records them
    #: (every failure too: the line shows the latest and counts the rest).
    on_said: Callable[[str, bool], None] | None = None
    _retry_at: float | None = None  # when the next attempt is due, on `now`'s clock

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        #: Alert names by id: an `alert:ID` in the filter shows as the alert's name.
        self.alert_names: dict[int, str] = {}

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)

    def watch_retry_in(self, retry_in: float | None) -> None:
        self._retry_at = None if retry_in is None else now() + retry_in

    def _tick(self) -> None:
        """Once a second while a countdown is shown: it counts."""
        if self._retry_at is not None and self.connection in (
            Connection.RECONNECTING,
            Connection.POLLING,
        ):
            self.refresh()

    def render(self) -> Content:
        # Before the session is open: the app's name and the connection, nothing empty.
        # When the line is too long, the least useful parts go first: the alert names
        # (for their count), then account and alerts; a message that does not fit then
        # is cut short beside the connection and the counts, which always stay. Rendered
        # only when a part changes (and each second of a countdown): building every form
        # is cheap.
        width = self.content_region.width
        if not self.account:
            return self._fit(self._first_line(), width)
        forms = [self._line(one_line(self.alerts))]
        if self.alerts_short:
            forms.append(self._line(self.alerts_short))
        forms.append(self._line(None))
        form = next((form for form in forms if form.cell_length <= width), None)
        return form if form is not None else self._fit(self._counts(), width)

    def _first_line(self) -> Content:
        label, style = self._connection()
        if self.connection is Connection.CONNECTING:
            label = label.replace("connecting", "connecting…")
        return Content.assemble(("mention-triage", "bold"), " · ", (label, style))

    def _counts(self) -> Content:
        """The short form: the connection, the view and its counts."""
        label, style = self._connection()
        return Content.assemble(
            (label, style),
            " · ",
            (self.view, "bold"),
            f" ↓{self.order} {self.shown}/{self.total} · {self.unread} unread",
        )

    def _fit(self, line: Content, width: int) -> Content:
        """`line` and the message beside it, the message cut to what is left of `width`."""
        if not self.message:
            return line
        room = width - line.cell_length - 2
        text, style = self._message()
        if room < 12:  # not even a word of it: the counts stay, the message waits
            return line
        return Content.assemble(
            line, "  ", Content.styled(text, style).truncate(room, ellipsis=True)
        )

    def _connection(self) -> tuple[str, str]:
        label, style = _CONNECTION.get(self.connection, (str(self.connection), ""))
        if self.retry_in is None:
            return label, style
        left = self.retry_in if self._retry_at is None else self._retry_at - now()
        seconds = max(0, round(left))  # counting down, whole seconds
        if self.connection is Connection.RECONNECTING:
            label = f"{label} in {seconds} s"
        elif self.connection is Connection.POLLING:
            label = f"{label}, next check in {seconds} s"
        return label, style

    def _line(self, alerts: str | None) -> Content:
        """The whole line; without account and alerts when `alerts` is None."""
        parts: list[str | tuple[str, str] | Content] = []
        if alerts is not None:
            parts += [(one_line(self.account) or "…", "bold"), " · ", alerts, " · "]
        parts += [
            self._connection(),
            " · ",
            (self.view, "bold"),
            f" ↓{self.order} {self.shown}/{self.total}",
            " · ",
            f"{self.unread} unread",
        ]
        if self.new_above:
            parts += [" · ", (f"↑ {self.new_above} new", "bold $text-accent")]
        if self.filter_text:
            shown = name_alerts(one_line(self.filter_text), self.alert_names)
            parts += [" · ", ("/" + shown, "$text-accent")]
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
        more = f" (+{self.more_failures} more)" if self.more_failures else ""
        return glyph + one_line(self.message) + more, style

    def say(self, text: str, *, error: bool = False, keep: bool = False) -> None:
        """Show a one-line message (network text is sanitized by `one_line`) for a while,
        or until the next one with `keep`: it answers the last key. It never hides the
        connection and the counts: on a narrow terminal it is cut short beside them.
        A failure said while another is shown adds "(+N more)" (the message log has
        them all)."""
        if error and text:
            shown = self.message and self.message_is_error
            self.more_failures = self.more_failures + 1 if shown else 0
        else:
            self.more_failures = 0
        self.message = text
        self.message_is_error = error
        if text and self.on_said is not None:
            self.on_said(text, error)
        if self._fade is not None:
            self._fade.stop()
        self._fade = self.set_timer(MESSAGE_SECONDS, self._clear) if text and not keep else None

    def _clear(self) -> None:
        self._fade = None
        self.more_failures = 0
        self.message = ""
