"""The app indexes the titles it holds for the filter's bare word (core/title_index.py)
once arrivals settle, in a thread, and the filter then answers from the index: the
rows it shows are exactly those whose title or source holds the word."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui import arrivals


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=20, epoch=FIXED_EPOCH) as s:
        yield s


async def test_titles_are_indexed_as_they_settle_and_a_word_finds_exactly_its_rows(
    sim: SimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arrivals, "HEAP_SETTLE", 0.2)
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        model = app.feed.model
        await wait_for(pilot, lambda: model.titles_to_index == 0)
        new = sim.state.add_mention(sim.alert_ids[0], title="The Zyxwv launch", folder="inbox")
        await wait_for(pilot, lambda: app.feed.shows(int(new["id"])))
        await wait_for(pilot, lambda: model.titles_to_index == 0)  # the arrival too

        await pilot.press("slash", *"zyxwv", "enter")
        await wait_for(pilot, lambda: app.feed.visible_count == 1)
        assert [r.id for r in model.visible] == [int(new["id"])]

        word = "the"  # in many titles, in no source: the index and the scan agree
        await pilot.press("slash", *["backspace"] * 5, *word, "enter")
        expected = sorted(
            (r.id for r in model.rows() if word in r.title.casefold() or word in r.who.casefold()),
            reverse=True,
        )
        await wait_for(pilot, lambda: model.visible_count == len(expected))
        assert sorted((r.id for r in model.visible), reverse=True) == expected
        assert len(expected) > 1
