"""Bulk progress: settled and refused mentions, joined batches, the report."""

from __future__ import annotations

from triage_tui.core.bulk import BulkProgress


def test_counts_settle_fail_and_ignore_strangers() -> None:
    bulk = BulkProgress([1, 2, 3, 4])
    assert (bulk.total, bulk.done, bulk.finished) == (4, 0, False)
    assert bulk.settle(1) and not bulk.settle(1) and not bulk.settle(99)
    assert bulk.fail(2, "not found") and not bulk.fail(2, "again")
    bulk.add([3, 5])  # a later bulk action joins: 3 is counted once
    assert (bulk.total, bulk.done) == (5, 2)
    for i in (3, 4):
        bulk.settle(i)
    bulk.fail(5, "forbidden")
    assert bulk.finished
    assert bulk.summary() == "5 mentions: 3 sent, 2 refused by the service"


def test_report_groups_reasons_with_sample_ids() -> None:
    bulk = BulkProgress(range(1, 11))
    for i in range(1, 6):
        bulk.fail(i, "Mention not found")
    bulk.fail(6, "Forbidden")
    for i in range(7, 11):
        bulk.settle(i)
    lines = bulk.report().splitlines()
    assert lines[0].startswith("6 of 10 refused")
    assert lines[1] == "5 × Mention not found (1, 2, 3, …)"
    assert lines[2] == "1 × Forbidden (6)"
    assert BulkProgress([1, 2]).summary() == "2 mentions: all sent"


def test_summary_says_what_the_rules_left_as_it_was() -> None:
    bulk = BulkProgress([1, 2])
    bulk.leave({3: "read-only: this alert is shared with you with read permission"})
    bulk.settle(1)
    bulk.fail(2, "no longer exists on the service")
    assert bulk.troubled
    assert bulk.summary() == (
        "3 mentions: 1 sent, 1 refused by the service, 1 left as they were "
        "(read-only: this alert is shared with you with read permission)"
    )
