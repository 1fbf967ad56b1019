"""The footer shows which keys the mention under the cursor allows, and is rebuilt only
when that changes (a rebuild recomposes it: tens of ms, and connecting cost two)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Footer

from tests.ui.harness import FIXED_EPOCH, cursor_to_alert, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=8, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


@pytest.fixture
def rebuilt(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per footer rebuild: whether the session had started by then."""
    seen: list[bool] = []
    recompose = Footer.recompose

    async def counted(self: Footer) -> None:
        app = self.app
        seen.append(isinstance(app, TriageApp) and app.session is not None)
        await recompose(self)

    monkeypatch.setattr(Footer, "recompose", counted)
    return seen


def _disabled_keys(footer: Footer) -> set[str]:
    return {key.key for key in footer.query("FooterKey") if key.has_class("-disabled")}


async def test_connecting_and_rows_arriving_leave_the_footer_alone(rebuilt: list[bool]) -> None:
    # One alert, shared as admin: every key is allowed before connecting and after.
    with SimServer(seed=11, mentions_per_alert=8, alert_count=1, epoch=FIXED_EPOCH) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            await pilot.press("j", "j", "k")
            await pilot.pause()
            assert app.feed.selected_row is not None
            assert _disabled_keys(app.screen.query_one(Footer)) == set()
    assert rebuilt and not any(rebuilt)  # Textual's own at start-up; none once connected


async def test_the_footer_follows_what_the_mention_allows(
    sim: SimServer, rebuilt: list[bool]
) -> None:
    admin, read_only = sim.alert_ids[0], sim.alert_ids[2]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        footer = app.screen.query_one(Footer)
        await cursor_to_alert(pilot, app, admin)
        await pilot.pause()
        assert _disabled_keys(footer) == set()
        settled = len(rebuilt)
        await pilot.press("j", "j", "k")  # mentions that allow the same keys
        await pilot.pause()
        assert len(rebuilt) == settled

        await pilot.press("escape")  # the filter goes
        await cursor_to_alert(pilot, app, read_only)
        await wait_for(pilot, lambda: {"r", "e"} <= _disabled_keys(footer))  # shown, refused

        await pilot.press("escape")
        await cursor_to_alert(pilot, app, admin)
        await wait_for(pilot, lambda: not _disabled_keys(footer))
