"""Progress of bulk curation: how many of the mentions acted on the service has taken.

A bulk action (a selection, mark-seen-read, undo of either) queues one PUT or more per
mention. Each mention is *settled* when the service accepted every change queued for it,
or *failed* when it refused one for good. Later bulk actions while one is under way join
it, so the user sees one bar, not a stack of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

#: Reasons listed in a failure report before "and N more".
REPORT_REASONS = 4


class BulkProgress:
    def __init__(self, mention_ids: Iterable[int] = ()) -> None:
        self.total = 0
        self.waiting: set[int] = set()
        self.failed: dict[int, str] = {}
        #: Asked for, but never sent: the rules refused them (a read-only alert, say).
        self.left: dict[int, str] = {}
        self.add(mention_ids)

    def add(self, mention_ids: Iterable[int]) -> None:
        for mention_id in mention_ids:
            if mention_id not in self.waiting:
                self.waiting.add(mention_id)
                self.failed.pop(mention_id, None)  # acted on again: a fresh chance
                self.total += 1

    def leave(self, refused: dict[int, str]) -> None:
        """Mentions of the same key press that were not sent, and why."""
        self.left.update(refused)

    @property
    def troubled(self) -> bool:
        """Something was refused, by the service or before asking it."""
        return bool(self.failed or self.left)

    def settle(self, mention_id: int) -> bool:
        """The service took every change to this mention; True when it was one of ours."""
        if mention_id in self.waiting:
            self.waiting.discard(mention_id)
            return True
        return False

    def fail(self, mention_id: int, reason: str) -> bool:
        if mention_id in self.waiting:
            self.waiting.discard(mention_id)
            self.failed[mention_id] = reason
            return True
        return False

    @property
    def done(self) -> int:
        """Settled or failed: no longer waiting."""
        return self.total - len(self.waiting)

    @property
    def finished(self) -> bool:
        return not self.waiting

    def summary(self) -> str:
        """One line for the status bar: what was done, and what was not and why."""
        asked = self.total + len(self.left)
        sent = self.total - len(self.failed)
        what = "1 mention" if asked == 1 else f"{asked} mentions"
        if not self.troubled:
            return f"{what}: all sent"
        parts = [f"{sent} sent"]
        if self.failed:
            parts.append(f"{len(self.failed)} refused by the service")
        if self.left:
            reason = Counter(self.left.values()).most_common(1)[0][0]
            parts.append(f"{len(self.left)} left as they were ({reason})")
        return f"{what}: " + ", ".join(parts)

    def report(self) -> str:
        """The refusals grouped by reason, most common first, with a few mention ids."""
        by_reason: Counter[str] = Counter(self.failed.values())
        lines = [
            f"{len(self.failed)} of {self.total} refused; their rows show the service's values:"
        ]
        for reason, count in by_reason.most_common(REPORT_REASONS):
            ids = sorted(i for i, r in self.failed.items() if r == reason)
            sample = ", ".join(str(i) for i in ids[:3]) + (", …" if len(ids) > 3 else "")
            lines.append(f"{count} × {reason} ({sample})")
        rest = len(by_reason) - REPORT_REASONS
        if rest > 0:
            lines.append(f"and {rest} other reasons")
        return "\n".join(lines)
