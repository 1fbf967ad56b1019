"""Undo and redo, kept in the store so they survive a restart.

A step is one user action (a bulk action is one step): for each mention the values it
had before and the values the action set, per field, in the PUT's terms. Undo applies
the `before` values through the normal curation path (optimistic + outbox), which records
the values it replaces as the matching redo step; so undo and redo are one operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from triage_tui.core.store import Store

UNDO = "undo"
REDO = "redo"
#: The triage rules' changes to arrivals (core/arrival_rules.py): a stack apart, so the
#: user's `u` never undoes a rule's change that came in between; undone on request only.
RULES = "rules"


@dataclass(frozen=True, slots=True)
class Change:
    mention_id: int
    before: dict[str, Any]  # the values it had, for the fields the action touched
    after: dict[str, Any]  # the values the action set


Step = list[Change]


class Journal:
    def __init__(self, store: Store, *, limit: int = 500) -> None:
        self.store = store
        self.limit = limit  # undo steps kept; older ones are forgotten

    def record(self, step: Step) -> None:
        """A new user action: it can be undone, and what was undone can't be redone."""
        self.push(UNDO, step)
        self.store.journal_clear(REDO)

    def push(self, stack: str, step: Step) -> None:
        if not step:
            return
        self.store.journal_push(stack, [[c.mention_id, c.before, c.after] for c in step])
        self.store.journal_trim(stack, self.limit)

    def pop(self, stack: str) -> Step | None:
        raw = self.store.journal_pop(stack)
        if raw is None:
            return None
        return [Change(int(mid), dict(before), dict(after)) for mid, before, after in raw]

    def size(self, stack: str) -> int:
        return self.store.journal_size(stack)
