"""What the user decided this session, counted: for the summary when the inbox reaches
zero (issue #22). Pure: fed with each change the Curator made (`record`) and the time it
was made; says nothing until asked.

Decisions where the issue is silent:
- A decision is one mention changed by one key (a bulk archive of 12 is 12 decisions).
- The time taken runs from the first decision of the session to the moment asked: the
  time the app sat open before the user started is not triage.
- An undo (or redo) is not a decision taken back from a kind: the summary says how many
  steps were undone, and the counts stay what the keys did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

#: The kinds, in the order the summary lists them, with the word it uses.
KINDS: dict[str, str] = {
    "archive": "archived",
    "trash": "trashed",
    "irrelevant": "irrelevant",
    "inbox": "back to inbox",
    "favorite": "★ favorited",
    "unfavorite": "unstarred",
    "tone": "tone set",
    "tag": "tagged",
    "read": "read",
    "unread": "unread",
}


def kind_of(change: Mapping[str, Any]) -> str | None:
    """The decision a change is (its main field: a folder move over the read it implies)."""
    folder = change.get("folder")
    if folder == "trash" or change.get("trashed") is True:
        return "trash"
    if folder == "spam":
        return "irrelevant"
    if folder == "archive":
        return "archive"
    if folder is not None:
        return "inbox"  # back to the inbox (or a folder the app does not know)
    if "favorite" in change:
        return "favorite" if change["favorite"] else "unfavorite"
    if "tone" in change:
        return "tone"
    if "tags" in change:
        return "tag"
    if "read" in change:
        return "read" if change["read"] else "unread"
    return None


def duration(seconds: float) -> str:
    """12s, 4m 05s, 1h 02m."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


class DecisionTally:
    """How many mentions each kind of decision changed, and since when."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.undone = 0
        self.redone = 0
        self.first_at: float | None = None

    @property
    def decisions(self) -> int:
        return sum(self.counts.values())

    def record(self, change: Mapping[str, Any], count: int, at: float) -> None:
        """`count` mentions changed by `change` at time `at` (seconds)."""
        kind = kind_of(change)
        if kind is None or count <= 0:
            return
        if self.first_at is None:
            self.first_at = at
        self.counts[kind] += count

    def record_undo(self, redo: bool = False) -> None:
        if redo:
            self.redone += 1
        else:
            self.undone += 1

    def taken(self, now: float) -> float:
        return 0.0 if self.first_at is None else max(0.0, now - self.first_at)

    def summary(self, now: float) -> str:
        """One line: "12 decisions in 4m 05s: 8 archived, 3 trashed, 1 ★ favorited"."""
        total = self.decisions
        what = "1 decision" if total == 1 else f"{total} decisions"
        parts = [f"{self.counts[k]} {word}" for k, word in KINDS.items() if self.counts[k]]
        line = f"{what} in {duration(self.taken(now))}"
        if parts:
            line += ": " + ", ".join(parts)
        if self.undone:
            line += f" · {self.undone} undone"
        if self.redone:
            line += f" · {self.redone} redone"
        return line
