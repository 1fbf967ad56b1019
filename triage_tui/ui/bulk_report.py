"""A bulk action's progress and its final report: a plain object the main screen holds.

A bulk action (two mentions or more) shows a progress bar if it is still going after
BULK_BAR_DELAY; when every PUT is settled it says what was done, what was left as it was
by the rules and what the service refused, by reason (kept on the status line while
there is something to act on)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from triage_tui.core.bulk import BulkProgress
from triage_tui.ui.widgets.bulk_bar import BulkBar
from triage_tui.ui.widgets.status import StatusLine

#: A bulk action's progress bar appears only if it is still going after this long.
BULK_BAR_DELAY = 0.3


class BulkReport:
    def __init__(
        self,
        bar: BulkBar,
        status: StatusLine,
        set_timer: Callable[[float, Callable[[], None]], Any],
        notify: Callable[[str], None],
    ) -> None:
        self._bar = bar
        self._status = status
        self._set_timer = set_timer
        self._notify = notify  # the full report of refusals, as a toast
        self._bulk: BulkProgress | None = None

    def track(self, mention_ids: list[int], left: dict[int, str] | None = None) -> None:
        """Follow a bulk action's PUTs (`left`: refused by the rules before sending)."""
        if len(mention_ids) < 2:
            return
        if self._bulk is None:
            self._bulk = BulkProgress(mention_ids)
            self._set_timer(BULK_BAR_DELAY, self._show_bar)
        else:
            self._bulk.add(mention_ids)
            self._changed()
        if left:
            self._bulk.leave(left)

    def settled(self, mention_id: int) -> None:
        if self._bulk is not None and self._bulk.settle(mention_id):
            self._changed()

    def refused(self, mention_id: int, reason: str) -> bool:
        """Whether the refusal belongs to the bulk action (and is reported with it)."""
        if self._bulk is not None and self._bulk.fail(mention_id, reason):
            self._changed()
            return True
        return False

    def _show_bar(self) -> None:
        if self._bulk is not None:
            self._bar.show_progress(self._bulk)

    def _changed(self) -> None:
        bulk = self._bulk
        if bulk is None:
            return
        if not bulk.finished:
            if self._bar.progress is not None:
                self._bar.refresh()
            return
        self._bulk = None
        self._bar.show_progress(None)
        # A report of refusals stays until the next message: it is what the user must act on.
        self._status.say(bulk.summary(), error=bulk.troubled, keep=bulk.troubled)
        if bulk.failed:
            self._notify(bulk.report())
