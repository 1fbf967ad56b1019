"""Keys typed in one burst reach a text input in order (ui/widgets/ordered_input.py):
its own editing keys (backspace, ctrl+u, the arrows, enter) used to act after the
characters typed behind them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual import events

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=20, epoch=FIXED_EPOCH) as s:
        yield s


def _burst(app: TriageApp, keys: list[str]) -> None:
    """The keys as the terminal delivers a burst: all queued before any is handled."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


@pytest.mark.parametrize(
    ("burst", "query"),
    [
        ([*"acme", "backspace", "e"], "acme"),
        ([*"xyz", "ctrl+u", *"rocket"], "rocket"),
        ([*"acm", "left", "x"], "acxm"),
        ([*"acme", "home", "-"], "-acme"),
    ],
)
async def test_a_burst_of_keys_edits_the_filter_in_the_order_typed(
    sim: SimServer, burst: list[str], query: str
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("slash")
        _burst(app, [*burst, "enter"])
        await wait_for(pilot, lambda: app.main.query_text != "")
        await pilot.pause(0.1)
        assert app.main.query_text == query
