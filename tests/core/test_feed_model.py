"""The feed model against a naive sorted list, under random sequences of writes, in
either order (published or found) and switching between them."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage_tui.core import feed_model
from triage_tui.core.feed_delta import Delta
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.feed_order import ORDER_KEYS, ORDERS
from triage_tui.core.query import parse_query
from triage_tui.core.rows import FeedRow

PREDICATES = {
    "all": None,
    "inbox": lambda r: r.folder == "inbox",
    "unread": lambda r: not r.read,
    "alert 1": lambda r: r.alert_id == 1,
    # Whole-list forms (built from the model's columns, kept in step by every write).
    "query unread inbox": parse_query("is:unread folder:inbox").matches,
    "query not alert 1, archive or read": parse_query("-alert:1 -folder:inbox").matches,
    "query read": parse_query("is:read").matches,
}

ids = st.integers(1, 40)
new_rows = st.builds(
    lambda i, day, found, read, folder: FeedRow(
        id=i,
        alert_id=1 + i % 2,
        published_ns=day * 10**9,  # few dates: ties are broken by the id
        source_type="web",
        who="w",
        title="t",
        read=read,
        folder=folder,
        found_ns=found * 10**9,  # another order than the published one
    ),
    ids,
    st.integers(0, 6),
    st.integers(0, 6),
    st.booleans(),
    st.sampled_from(["inbox", "archive"]),
)
fields = st.fixed_dictionaries(
    {},
    optional={"read": st.booleans(), "folder": st.sampled_from(["inbox", "archive", "trash"])},
)
operations = st.one_of(
    st.tuples(st.just("insert"), st.lists(new_rows, max_size=8)),
    st.tuples(st.just("change"), ids, fields),
    st.tuples(st.just("replace"), ids, st.booleans(), st.integers(0, 6), st.integers(0, 6)),
    st.tuples(st.just("in place"), ids, st.booleans()),
    st.tuples(st.just("view"), st.sampled_from(sorted(PREDICATES))),
    st.tuples(st.just("order"), st.sampled_from(ORDERS)),
)


class Naive:
    """The same feed as a dict, sorted and filtered from scratch on every read."""

    def __init__(self, order: str = "published") -> None:
        self.rows: dict[int, FeedRow] = {}
        self.view: str = "all"
        self.order = order

    def ordered(self) -> list[FeedRow]:
        if self.order == "found":
            return sorted(self.rows.values(), key=lambda r: (r.found_ns, r.id), reverse=True)
        return sorted(self.rows.values(), key=lambda r: (r.published_ns, r.id), reverse=True)

    def visible(self) -> list[FeedRow]:
        keep = PREDICATES[self.view]
        return [r for r in self.ordered() if keep is None or keep(r)]


def _state(row: FeedRow) -> tuple[Any, ...]:
    return (row.id, row.published_ns, row.found_ns, row.read, row.folder)


def _apply(model: FeedModel, naive: Naive, op: tuple[Any, ...]) -> Delta:
    kind = op[0]
    if kind == "insert":
        for row in op[1]:
            naive.rows.setdefault(row.id, dataclasses.replace(row))
        return model.insert([dataclasses.replace(r) for r in op[1]])
    if kind == "change":
        _, mention_id, update = op
        if mention_id in naive.rows:
            for name, value in update.items():
                setattr(naive.rows[mention_id], name, value)
        return model.change(mention_id, update)
    if kind == "replace":  # a new copy of a held row, perhaps with another date
        _, mention_id, read, day, found = op
        held = model.row(mention_id)
        if held is None:
            return model.change(mention_id, None)
        copy = dataclasses.replace(
            held, read=read, published_ns=day * 10**9, found_ns=found * 10**9
        )
        naive.rows[mention_id] = dataclasses.replace(copy)
        return model.change(mention_id, copy)
    if kind == "in place":  # the shared row changed by its owner, then reported
        _, mention_id, read = op
        held = model.row(mention_id)
        if held is not None:
            held.read = read
            naive.rows[mention_id].read = read
        return model.change(mention_id)
    if kind == "order":
        naive.order = op[1]
        return model.set_order(op[1])
    naive.view = op[1]
    return model.set_view(PREDICATES[op[1]])


def _replay(before: list[int], delta: Delta, after: list[FeedRow]) -> list[int] | None:
    """The visible ids after the write, rebuilt from those before and the delta alone."""
    if delta.reset:
        return None
    ids = [i for n, i in enumerate(before) if n not in set(delta.removed)]
    for place in delta.inserted:
        ids.insert(place, after[place].id)
    return ids


def _model(order: str, **kwargs: Any) -> FeedModel:
    model = FeedModel(**kwargs)
    model.set_order(order)
    return model


@pytest.mark.parametrize("order", ORDERS)
@settings(max_examples=300, deadline=None)
@given(ops=st.lists(operations, max_size=40))
def test_the_model_matches_a_naive_sorted_list(order: str, ops: list[tuple[Any, ...]]) -> None:
    model, naive = _model(order), Naive(order)
    for op in ops:
        before = [r.id for r in model.visible]
        delta = _apply(model, naive, op)
        visible = naive.visible()
        assert [_state(r) for r in model.visible] == [_state(r) for r in visible]
        assert [_state(r) for r in model.rows()] == [_state(r) for r in naive.ordered()]
        assert (model.total, model.visible_count) == (len(naive.rows), len(visible))
        assert model.unread_visible == sum(1 for r in visible if not r.read)
        assert model.unread_ids() == [r.id for r in visible if not r.read]
        assert model.visible_ids(1, 5) == [r.id for r in visible[1:5]]
        for alert in (1, 2):
            mine = [_state(r) for r in naive.ordered() if r.alert_id == alert]
            assert [_state(r) for r in model.rows(alert)] == mine
        assert delta.size == len(visible)
        # The delta alone tells a view where every row it showed went.
        replayed = _replay(before, delta, list(model.visible))
        if replayed is not None:
            assert replayed == [r.id for r in visible]
            for index, mention_id in enumerate(before):
                moved = delta.shift(index)
                assert moved == (model.index(mention_id) if moved >= 0 else -1)
        for index in delta.changed:
            assert before.index(model.visible[index].id) >= 0
        for mention_id in range(1, 41):
            held = naive.rows.get(mention_id)
            assert (model.row(mention_id) is None) == (held is None)
            place = next((n for n, r in enumerate(visible) if r.id == mention_id), None)
            assert model.index(mention_id) == place
            if held is not None:
                assert model.position(mention_id) == naive.ordered().index(held)


def test_above_and_appended() -> None:
    assert Delta(5, inserted=(0, 1, 4)).above == 2
    assert Delta(5, inserted=(0, 1, 4)).appended == 1
    assert Delta(5, inserted=(2,)).above == 0
    assert not Delta(5)


def test_arrivals_at_the_top_and_back_fill_at_the_end() -> None:
    rows = [
        FeedRow(id=i, alert_id=1, published_ns=i, source_type="web", who="", title="")
        for i in range(10)
    ]
    model = FeedModel()
    model.insert(rows[3:6])
    assert model.insert(rows[6:]).above == 4
    delta = model.insert(rows[:3])
    assert delta.appended == 3 and delta.inserted == (7, 8, 9)
    assert [r.id for r in model.visible] == list(range(9, -1, -1))
    assert not model.insert(rows[:3])  # held already: nothing


def _view_sync(model: FeedModel, shown: list[int]) -> list[int]:
    """What a view does: the changes, then the new rows; each delta moves the places of
    the rows it showed (as the widget moves its cursor). Every row still shown must be
    where the deltas say; a row they say left may only come back elsewhere (it moved)."""
    places = list(range(len(shown)))
    deltas = [*model.show_changes(), model.show_new()[0]]
    for delta in deltas:
        if delta.reset:
            return [r.id for r in model.visible]
        places = [delta.shift(p) if p >= 0 else -1 for p in places]
    final = [r.id for r in model.visible]
    for mention_id, place in zip(shown, places, strict=True):
        if place >= 0:
            assert final[place] == mention_id
    return final


deferred_ops = st.one_of(operations, st.just(("sync",)))


@pytest.mark.parametrize("rebuild_at", [feed_model.REBUILD_AT, 0.0])  # 0: always rebuilt
@pytest.mark.parametrize("order", ORDERS)
@settings(max_examples=300, deadline=None)
@given(ops=st.lists(deferred_ops, max_size=40))
def test_a_deferred_view_changes_only_when_asked_and_then_matches(
    order: str, rebuild_at: float, ops: list[tuple[Any, ...]]
) -> None:
    """Held rows follow every write at once; the visible list only follows `show_new` and
    `show_changes` (or a new view), and the deltas they return rebuild it exactly."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feed_model, "REBUILD_AT", rebuild_at)
        _deferred_matches(order, ops)


def _deferred_matches(order: str, ops: list[tuple[Any, ...]]) -> None:
    model, naive = _model(order, deferred=True), Naive(order)
    shown: list[int] = []
    for op in ops:
        if op[0] == "sync":
            shown = _view_sync(model, shown)
            assert [_state(r) for r in model.visible] == [_state(r) for r in naive.visible()]
            continue
        before = [r.id for r in model.visible]
        delta = _apply(model, naive, op)
        assert [_state(r) for r in model.rows()] == [_state(r) for r in naive.ordered()]
        assert model.total == len(naive.rows)
        if op[0] == "view" or delta.reset:  # a new view, or a new order
            shown = [r.id for r in model.visible]
            assert [_state(r) for r in model.visible] == [_state(r) for r in naive.visible()]
            assert model.waiting == 0
        else:  # a write never moves the view by itself
            assert not delta and [r.id for r in model.visible] == before == shown
    shown = _view_sync(model, shown)
    visible = naive.visible()
    assert shown == [r.id for r in model.visible] == [r.id for r in visible]
    assert [_state(r) for r in model.visible] == [_state(r) for r in visible]
    assert model.unread_visible == sum(1 for r in visible if not r.read)
    assert model.waiting == 0


def test_show_new_returns_the_rows_placed_newest_first() -> None:
    rows = [
        FeedRow(id=i, alert_id=1, published_ns=i, source_type="web", who="", title="")
        for i in range(6)
    ]
    model = FeedModel(lambda r: r.id % 2 == 0, deferred=True)
    model.insert(rows[:3])
    model.insert(rows[3:])
    assert model.visible_count == 0 and model.waiting == 6
    delta, placed = model.show_new()
    assert [r.id for r in placed] == [5, 4, 3, 2, 1, 0]
    assert [r.id for r in model.visible] == [4, 2, 0] and delta.inserted == (0, 1, 2)


def test_a_kept_row_stays_until_released() -> None:
    """`show_changes(keep=id)`: a change the user did not make never takes the mention
    from under the cursor; `release` holds it to the view's filter again."""
    rows = [
        FeedRow(id=i, alert_id=1, published_ns=i, source_type="web", who="", title="")
        for i in range(5)
    ]
    model = FeedModel(lambda r: r.folder == "inbox", deferred=True)
    model.insert(rows)
    model.show_new()
    model.change(2, {"folder": "archive"})
    model.change(3, {"folder": "archive"})
    deltas = model.show_changes(keep=2)
    assert [r.id for r in model.visible] == [4, 2, 1, 0]  # 3 left, 2 kept
    assert model.kept(2) and not model.kept(3)
    assert [d.changed for d in deltas] == [(2,), ()] and deltas[1].removed == (1,)
    assert model.release(2).removed == (1,)
    assert [r.id for r in model.visible] == [4, 1, 0] and not model.kept(2)
    assert not model.release(2)  # once
    # Kept, then back in the inbox before the cursor left: released, it stays.
    model.change(1, {"folder": "archive"})
    model.show_changes(keep=1)
    model.change(1, {"folder": "inbox"})
    model.show_changes()
    assert not model.kept(1) and not model.release(1)
    assert [r.id for r in model.visible] == [4, 1, 0]
    assert model.unread_visible == 3


def test_the_unread_count_follows_kept_rows_and_waiting_changes() -> None:
    """The count is kept in step without a set of ids: a kept row read, then released
    while another change to it waits, is counted as the view showed it."""
    rows = [FeedRow(i, 1, i, "web", "", "") for i in range(4)]
    model = FeedModel(lambda r: r.folder == "inbox", deferred=True)
    model.insert(rows)
    model.show_new()
    assert model.unread_visible == 4
    model.change(2, {"folder": "archive", "read": True})
    model.show_changes(keep=2)
    assert model.unread_visible == 3  # kept, but read
    model.change(2, {"read": False})  # waits: the view still shows it read
    model.release(2)
    assert model.unread_visible == 3
    model.show_changes()  # archived: stays out
    assert [r.id for r in model.visible] == [3, 1, 0] and model.unread_visible == 3
    model.change(1, {"read": True})
    model.release(1)  # not kept: nothing
    model.show_changes()
    assert model.unread_visible == 2


def _rows_dated(*dates: tuple[int, int]) -> list[FeedRow]:
    """Rows 0, 1, ... published and found at the given (published, found) times."""
    return [
        FeedRow(i, 1, published, "web", "", "", found_ns=found)
        for i, (published, found) in enumerate(dates)
    ]


def test_set_order_sorts_by_found_and_back() -> None:
    # Published 0 < 1 < 2; found the other way round (2 found first, 0 last).
    model = FeedModel(lambda r: r.id != 1)
    model.insert(_rows_dated((10, 30), (20, 20), (30, 10), (40, 40)))
    assert model.order == "published" and [r.id for r in model.visible] == [3, 2, 0]
    query = parse_query("is:unread").matches
    model.set_view(query)  # columns built, in the published order
    delta = model.set_order("found")
    assert delta.reset and delta.size == 4 and model.order == "found"
    assert [r.id for r in model.rows()] == [3, 0, 1, 2]
    assert [r.id for r in model.visible] == [3, 0, 1, 2]
    assert [model.index(i) for i in range(4)] == [1, 2, 3, 0]
    assert model.position(2) == 3
    # The columns follow the new order: a filter from them picks the right rows.
    model.change(0, {"read": True})
    model.set_view(query)
    assert [r.id for r in model.visible] == [3, 1, 2]
    # Arrivals and moves take their place by the found date.
    assert model.insert(_rows_dated(*[(0, 0)] * 4 + [(50, 35)])[4:]).inserted == (1,)
    assert [r.id for r in model.visible] == [3, 4, 1, 2]
    assert not model.set_order("found")  # already: nothing
    assert model.set_order("published").reset
    assert [r.id for r in model.visible] == [4, 3, 2, 1]
    with pytest.raises(ValueError):
        model.set_order("title")


def test_a_found_date_is_never_changed_in_place() -> None:
    model = FeedModel()
    model.insert(_rows_dated((1, 1)))
    with pytest.raises(ValueError):
        model.change(0, {"found_ns": 5})


@pytest.mark.parametrize("order", ORDERS)
def test_many_rows_into_a_few_are_merged_by_one_sort(order: str) -> None:
    """A start in the found order: the first part held, then the rest at once (merged
    by one sort, not a bisection per row). The model and the delta match a naive sort."""
    rng = random.Random(3)
    rows = [
        FeedRow(i, 1, rng.randrange(10**6), "web", "", "", found_ns=rng.randrange(10**6))
        for i in range(5_000)
    ]
    model = _model(order, deferred=True)
    model.insert(rows[:40])
    model.show_new()
    model.insert(rows[40:])
    delta, _ = model.show_new()
    key = ORDER_KEYS[order]
    wanted = sorted(rows, key=key)
    assert [r.id for r in model.rows()] == [r.id for r in wanted]
    assert [r.id for r in model.visible] == [r.id for r in wanted]
    first = {r.id for r in rows[:40]}
    assert delta.inserted == tuple(i for i, r in enumerate(wanted) if r.id not in first)
    assert model.unread_visible == 5_000


@pytest.mark.parametrize("seed", range(60))
def test_a_view_built_again_for_many_new_rows_keeps_what_it_showed(seed: int) -> None:
    """`show_new` with most rows new builds the view again from the columns: the rows it
    showed stay as shown (a change still waiting, a kept row), the new rows come in by
    the view's filter, the delta replays it, and once the changes are shown and the
    kept row released it matches the filter exactly."""
    rng = random.Random(seed)
    order = rng.choice(ORDERS)

    def inbox(r: FeedRow) -> bool:
        return r.folder == "inbox"

    rows = [
        FeedRow(
            i,
            1,
            rng.randrange(50),
            "web",
            "",
            "",
            read=rng.random() < 0.5,
            folder=rng.choice(["inbox", "inbox", "archive"]),
            found_ns=rng.randrange(50),
        )
        for i in range(40)
    ]
    model = _model(order, deferred=True)
    model.set_view(inbox)
    model.insert(rows[:12])
    model.show_new()
    shown = [r.id for r in model.visible]
    kept = rng.choice(shown) if shown else None
    if kept is not None:
        model.change(kept, {"folder": "archive"})
        model.show_changes(keep=kept)
    for mention_id in rng.sample(range(12), 4):  # waiting, not shown yet
        model.change(mention_id, {"folder": rng.choice(["inbox", "archive"]), "read": True})
    before = [r.id for r in model.visible]
    model.insert(rows[12:])
    delta, fresh = model.show_new()
    assert {r.id for r in fresh} == set(range(12, 40))
    assert _replay(before, delta, list(model.visible)) == [r.id for r in model.visible]
    new_shown = [r.id for r in model.visible if r.id >= 12]
    assert new_shown == [r.id for r in sorted(rows[12:], key=ORDER_KEYS[order]) if inbox(r)]
    model.show_changes()
    if kept is not None:
        model.release(kept)
    wanted = [r for r in sorted(rows, key=ORDER_KEYS[order]) if inbox(r)]
    assert [r.id for r in model.visible] == [r.id for r in wanted]
    assert model.unread_visible == sum(not r.read for r in wanted)
