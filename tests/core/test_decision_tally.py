"""The session's decisions, counted for the inbox-zero summary."""

from __future__ import annotations

import pytest

from triage_tui.core.decision_tally import DecisionTally, duration, kind_of


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        ({"folder": "archive"}, "archive"),
        ({"folder": "trash"}, "trash"),
        ({"trashed": True}, "trash"),
        ({"folder": "spam"}, "irrelevant"),
        ({"folder": "inbox", "trashed": False}, "inbox"),
        ({"favorite": True}, "favorite"),
        ({"favorite": False}, "unfavorite"),
        ({"tone": -1}, "tone"),
        ({"tags": [1, 2]}, "tag"),
        ({"read": True}, "read"),
        ({"read": False}, "unread"),
        ({}, None),
    ],
)
def test_kind_of(change: dict[str, object], kind: str | None) -> None:
    assert kind_of(change) == kind


def test_counts_by_kind_and_time_from_the_first_decision() -> None:
    tally = DecisionTally()
    assert tally.summary(100.0) == "0 decisions in 0s"
    tally.record({"folder": "archive"}, 3, at=1000.0)
    tally.record({"folder": "trash"}, 1, at=1010.0)
    tally.record({"favorite": True}, 2, at=1020.0)
    tally.record({"tone": 1}, 1, at=1030.0)
    tally.record({"tags": [4]}, 1, at=1040.0)
    tally.record({"read": True}, 5, at=1050.0)
    tally.record({"folder": "spam"}, 1, at=1060.0)
    tally.record({"folder": "archive"}, 0, at=1070.0)  # nothing changed: not a decision
    tally.record_undo()
    assert tally.decisions == 14
    assert tally.summary(now=1000.0 + 245) == (
        "14 decisions in 4m 05s: 3 archived, 1 trashed, 1 irrelevant, 2 ★ favorited, "
        "1 tone set, 1 tagged, 5 read · 1 undone"
    )


def test_one_decision() -> None:
    tally = DecisionTally()
    tally.record({"folder": "archive"}, 1, at=5.0)
    assert tally.summary(now=17.0) == "1 decision in 12s: 1 archived"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(-3, "0s"), (0, "0s"), (59.9, "59s"), (60, "1m 00s"), (3599, "59m 59s"), (3720, "1h 02m")],
)
def test_duration(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown
