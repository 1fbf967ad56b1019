"""The message log: what the status line said (notices, refusals, failures), with its time.

The status line shows one message at a time, for a few seconds; this keeps them all, as
k9s and lazygit do, so a refusal that came while the user looked elsewhere can be read
later, with the title of the mention it was about. Pure (no Textual): the main screen
owns one and records what `StatusLine.say` shows; the `L` screen lists it.

Capped (`CAP` entries, the oldest go first). The same message said again right after
itself (a connection retrying, say) is counted on its entry, not added again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from triage_tui.core.sanitize import one_line

#: Entries kept; the oldest are dropped first.
CAP = 500

#: How much of a title goes into a one-line message (the log keeps the whole title).
SHORT_TITLE = 48


@dataclass(frozen=True, slots=True)
class LogEntry:
    at: float  # seconds since the epoch, the app's clock
    text: str  # one line, sanitized
    error: bool = False
    mention_id: int | None = None  # the mention the message is about, if any
    title: str = ""  # that mention's title (sanitized), "" when unknown or not about one
    repeats: int = 1  # said this many times in a row (`at` is the last time)


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    """`title` quoted, cut to `limit` characters with an ellipsis, for a one-line message."""
    text = one_line(title).strip() or "(no title)"
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


class MessageLog:
    """The last `cap` messages, oldest first; listeners hear of each one added."""

    def __init__(self, cap: int = CAP) -> None:
        self._entries: deque[LogEntry] = deque(maxlen=cap)
        self._listeners: list[Callable[[LogEntry], None]] = []
        self.dropped = 0  # how many fell off the front (the cap)

    def add(
        self,
        text: str,
        *,
        at: float,
        error: bool = False,
        mention_id: int | None = None,
        title: str = "",
    ) -> LogEntry | None:
        """Record a message; an empty one (the status line cleared) is not recorded."""
        text = one_line(text).strip()
        if not text:
            return None
        entry = LogEntry(at, text, error, mention_id, one_line(title).strip())
        last = self._entries[-1] if self._entries else None
        if last is not None and (last.text, last.error, last.mention_id, last.title) == (
            entry.text,
            entry.error,
            entry.mention_id,
            entry.title,
        ):
            entry = replace(last, at=at, repeats=last.repeats + 1)
            self._entries[-1] = entry
        else:
            if len(self._entries) == self._entries.maxlen:
                self.dropped += 1
            self._entries.append(entry)
        for listener in list(self._listeners):
            listener(entry)
        return entry

    def entries(self) -> list[LogEntry]:
        """Oldest first."""
        return list(self._entries)

    def newest_first(self) -> list[LogEntry]:
        return list(reversed(self._entries))

    @property
    def latest(self) -> LogEntry | None:
        return self._entries[-1] if self._entries else None

    def __len__(self) -> int:
        return len(self._entries)

    def listen(self, listener: Callable[[LogEntry], None]) -> Callable[[], None]:
        """Call `listener` with each entry added (or counted again); returns how to stop."""
        self._listeners.append(listener)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop
