"""The one count of what the service sent that could not be read and was skipped.

A mention the client cannot read (a list page, a stream line, a PUT's answer) is left
out, never raised: this counts them, keeps the reasons for the log, and says so once on
the status line; the screen shows the running total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from triage_tui.api.log import get_logger
from triage_tui.api.models import Skipped
from triage_tui.core.sanitize import one_line

log = get_logger("skipped")


class SkippedCount:
    def __init__(self, on_first: Callable[[str], None] = lambda _text: None) -> None:
        self.total = 0
        self.reasons: Counter[str] = Counter()
        self._ids: set[str] = set()  # a mention skipped in a page and again in a replay
        self._on_first = on_first

    def add(self, what: str, items: Iterable[Skipped]) -> None:
        """`what`: "stream line", "mention of a list page", ...; one item per thing
        skipped, counted once per mention id. The first is said on the status line;
        all go to the log."""
        before = self.total
        for mention_id, reason in items:
            if mention_id is not None:
                if mention_id in self._ids:
                    continue
                self._ids.add(mention_id)
            self.total += 1
            self.reasons[reason] += 1
            shown = one_line(mention_id or "unknown")[:80]
            log.warning("skipped a %s (id %s): %s", what, shown, one_line(reason))
        if before == 0 and self.total:
            self._on_first(f"Skipped a {what} that could not be read")
