"""The message log (L): every message the status line said, newest first, as in k9s.

Each line: the time (UTC, like every time the app shows, so a screenshot reads the same
everywhere; the date too when it is not today's), ✗ for a refusal or failure, the
mention's title when the message is about one, the message, and ×N when it was said N
times in a row. It follows the log while open; the pager's keys scroll it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from textual.content import Content

from triage_tui.core.message_log import LogEntry, MessageLog
from triage_tui.core.sanitize import one_line
from triage_tui.ui.bindings import MESSAGE_LOG_BINDINGS
from triage_tui.ui.screens.reader import ReaderScreen

MUTED = "$text-muted"


def _time(at: float, now: float) -> str:
    when = datetime.fromtimestamp(at, UTC)
    same_day = when.date() == datetime.fromtimestamp(now, UTC).date()
    return when.strftime("%H:%M:%S" if same_day else "%Y-%m-%d %H:%M:%S")


def render_entry(entry: LogEntry, now: float) -> Content:
    """One entry as literal Content: every string in it is sanitized (`one_line`)."""
    mark = ("✗ ", "bold $text-error") if entry.error else ("· ", MUTED)
    parts: list[str | tuple[str, str] | Content] = [(_time(entry.at, now), MUTED), "  ", mark]
    if entry.title:
        parts += [(f"“{one_line(entry.title)}”", "bold"), ": "]
    parts.append((one_line(entry.text), "$text-error" if entry.error else ""))
    if entry.repeats > 1:
        parts.append((f"  ×{entry.repeats}", MUTED))
    return Content.assemble(*parts)


def render_log(log: MessageLog, now: float) -> Content:
    entries = log.newest_first()
    if not entries:
        return Content.styled("Nothing said yet.", MUTED)
    lines = [render_entry(entry, now) for entry in entries]
    if log.dropped:
        lines.append(Content.styled(f"… {log.dropped} older messages not kept", MUTED))
    return Content("\n").join(lines)


class MessageLogScreen(ReaderScreen):
    BINDINGS = [*MESSAGE_LOG_BINDINGS]

    def __init__(self, messages: MessageLog, *, clock: Callable[[], float]) -> None:
        super().__init__(id="message-log")
        self.messages = messages
        self.clock = clock
        self._stop_listening: Callable[[], None] | None = None

    def on_mount(self) -> None:
        self._stop_listening = self.messages.listen(lambda _entry: self._draw())
        self._draw()

    def on_unmount(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()

    def _draw(self) -> None:
        count = len(self.messages)
        what = "1 message" if count == 1 else f"{count} messages"
        self.set_head(
            Content.assemble(
                ("Messages", "bold"), f" · {what}", (" · newest first · times UTC", MUTED)
            )
        )
        self.set_body(render_log(self.messages, self.clock()))
