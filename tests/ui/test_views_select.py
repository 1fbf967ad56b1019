"""The built-in views and a view combined with a query keep, as a whole list (`select`,
what the feed model builds a view with), exactly what their predicate keeps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.test_query_text import TERMS, rows
from triage_tui.core.columns import ListColumns, mask_of
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.query import QueryNames, parse_query
from triage_tui.core.rows import FeedRow
from triage_tui.ui.views import BUILTIN_VIEWS, combine


@settings(max_examples=150, deadline=None)
@given(rows, st.sampled_from(sorted(BUILTIN_VIEWS)), st.lists(st.sampled_from(TERMS), max_size=2))
def test_views_select_what_they_match(held: list[FeedRow], key: str, terms: list[str]) -> None:
    names = QueryNames(tags={"urgent": {1}, "other": {3}}, search=lambda _: {1, 2, 3})
    query = parse_query(" ".join(terms), names).matches if terms else None
    predicate = combine(BUILTIN_VIEWS[key].predicate, query)
    mask = mask_of(predicate)(ListColumns(held))
    kept = [r for r, hit in zip(held, mask, strict=True) if hit]
    assert kept == [r for r in held if predicate(r)]
    model = FeedModel(deferred=True)
    model.insert(held)
    model.show_new()
    model.set_view(predicate)
    assert {r.id for r in model.visible} == {r.id for r in held if predicate(r)}
