"""The undo journal: one step per action, redo cleared by a new action, kept on disk."""

from __future__ import annotations

from pathlib import Path

from triage_tui.core.journal import REDO, UNDO, Change, Journal
from triage_tui.core.store import Store


def test_steps_survive_a_reopen_and_a_new_action_clears_redo(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    journal = Journal(Store(path))
    bulk = [Change(1, {"read": False}, {"read": True}), Change(2, {"read": False}, {"read": True})]
    journal.record(bulk)
    journal.push(REDO, [Change(3, {"tone": 0}, {"tone": 1})])
    again = Journal(Store(path))
    assert again.size(UNDO) == 1 and again.size(REDO) == 1
    assert again.pop(UNDO) == bulk  # a bulk action is one step
    again.record([Change(4, {"tone": 0}, {"tone": -1})])
    assert again.size(REDO) == 0
    assert again.pop(UNDO) == [Change(4, {"tone": 0}, {"tone": -1})]
    assert again.pop(UNDO) is None


def test_only_the_newest_steps_are_kept() -> None:
    journal = Journal(Store(), limit=5)
    for n in range(8):
        journal.record([Change(n, {"read": False}, {"read": True})])
    assert journal.size(UNDO) == 5
    assert [journal.pop(UNDO)[0].mention_id for _ in range(5)] == [7, 6, 5, 4, 3]  # type: ignore[index]
