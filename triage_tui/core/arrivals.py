"""What arrived since the last hand-over: rows for the screen, copies for the store.

Live arrivals are handed over once per `window` (one screen update and one store
transaction per batch, not per stream chunk), and at once when the stream says it has
caught up (`quiet`). Back-filled rows go in the same hand-over, flagged as older.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from triage_tui.core.events import MentionsArrived, SessionEvent
from triage_tui.core.rows import FeedRow
from triage_tui.core.write_behind import Item, WriteBehind


class ArrivalBatch:
    def __init__(
        self,
        writer: WriteBehind,
        cursors: dict[int, int],
        window: float,
        on_event: Callable[[SessionEvent], None],
    ) -> None:
        self.writer = writer
        self.cursors = cursors  # the session's own dict: written after the rows it covers
        self.window = window
        self.on_event = on_event
        #: Rows not yet handed to the screen: live arrivals (True) and back-filled apart.
        self.rows: dict[bool, list[FeedRow]] = {True: [], False: []}
        #: Copies not yet handed to the writer: id, alert id, JSON, packed row.
        self.unsaved: list[Item] = []
        self._handle: asyncio.TimerHandle | None = None
        self._since_quiet = False  # live rows came since the stream's last mark

    def live(self) -> None:
        """Live rows were added: hand them over when the window closes."""
        self._since_quiet = True
        if self.rows[True] and self._handle is None:
            loop = asyncio.get_running_loop()
            self._handle = loop.call_later(self.window, self.flush)

    def flush(self, *, settled: bool = False) -> None:
        """Copies to the writer (with the cursors they cover), rows to the screen.
        `settled`: the stream caught up, so the writer may write everything now."""
        self._stop_timer()
        saved, self.unsaved = self.unsaved, []
        # Off the event loop, in order; while a burst lasts, held (see WriteBehind).
        if settled:
            self.writer.submit(saved, dict(self.cursors))
        else:
            self.writer.hold(saved, dict(self.cursors))
        if self.rows[False]:
            rows, self.rows[False] = self.rows[False], []
            self.on_event(MentionsArrived(rows, newer=False))
        if self.rows[True] or settled:  # settled, even with none: the burst is over
            rows, self.rows[True] = self.rows[True], []
            self.on_event(MentionsArrived(rows, newer=True, settled=settled))

    def quiet(self) -> None:
        """A mark after arrivals: the stream has caught up. Hand over now rather than at
        the end of the window, and tell the screen the burst is over."""
        if self._since_quiet:  # else the keep-alive of an idle stream: nothing to hurry
            self._since_quiet = False
            self.flush(settled=True)

    def drop(self) -> None:
        """Forget everything not handed over yet (a crash, simulated)."""
        self._stop_timer()
        self.rows = {True: [], False: []}
        self.unsaved = []

    def _stop_timer(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def unsaved_json(self, mention_id: int) -> str | None:
        return next((raw for i, _, raw, _ in self.unsaved if i == mention_id), None)
