"""The deferred feed model places the rows waiting for it in order: one batch as
`insert` sorted it, several batches (or a waiting row that moved) sorted again."""

from __future__ import annotations

import dataclasses

from triage_tui.core.feed_model import FeedModel
from triage_tui.core.rows import FeedRow


def _rows(*days: int) -> list[FeedRow]:
    return [
        FeedRow(id=day, alert_id=1, published_ns=day, source_type="web", who="", title="")
        for day in days
    ]


def test_rows_inserted_in_two_batches_are_placed_in_order() -> None:
    """One batch waiting is in order already (show_new does not sort it again); a second
    batch makes them need a sort."""
    model = FeedModel(deferred=True)
    model.insert(_rows(*range(10, 20)))
    model.show_new()
    model.insert(_rows(3, 1))  # older than every row shown
    model.insert(_rows(30, 5))  # newer and older
    delta, placed = model.show_new()
    assert [r.id for r in placed] == [30, 5, 3, 1]
    assert [r.id for r in model.visible] == [30, *range(19, 9, -1), 5, 3, 1]
    assert delta.inserted == (0, 11, 12, 13)


def test_a_waiting_row_that_moves_is_placed_where_it_now_belongs() -> None:
    model = FeedModel(deferred=True)
    model.insert(_rows(*range(10, 20)))
    model.show_new()
    model.insert(_rows(5, 3))  # one batch: in order
    moved = dataclasses.replace(model.row(3), published_ns=40)  # type: ignore[type-var]
    model.change(3, moved)  # a new copy of it, with another date
    delta, placed = model.show_new()
    assert [r.id for r in placed] == [3, 5] and delta.inserted == (0, 11)
    assert [r.id for r in model.visible] == [3, *range(19, 9, -1), 5]
