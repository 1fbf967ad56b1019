"""Bulk curation: a selection acted on at once, a progress bar, a report of refusals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.sim import SimServer


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=30, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


def _folder(sim: SimServer, alert_id: int, mention_id: int) -> str | None:
    held = sim.state.mention(alert_id, mention_id)
    return None if held is None else held["folder"]


async def _select(pilot, app, alert_id: int, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Select `n` mentions of one alert with the space key."""
    ids = [r.id for r in app.feed.visible_rows() if r.alert_id == alert_id][:n]
    assert len(ids) == n
    for mention_id in ids:
        assert app.feed.jump_to_id(mention_id)
        await pilot.press("space")
    assert sorted(app.feed.selected_ids()) == sorted(ids)
    return ids


async def test_selection_archives_with_a_bar_and_reports_refusals(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        ids = await _select(pilot, app, admin, 6)
        # Two of them are gone from the service: their PUTs are refused for good (404).
        gone = ids[1:3]
        with sim.state.lock:
            for mention_id in gone:
                del sim.state.stored(admin)[mention_id]
        sim.state.faults.latency = 0.15  # slow enough to see the bar
        await pilot.press("e")
        await wait_for(pilot, lambda: app.main.bulk_bar.has_class("-active"), limit=10)
        bar = str(app.main.bulk_bar.render())
        assert "Sending" in bar and "/6 sent" in bar
        await wait_for(pilot, lambda: not app.main.bulk_bar.has_class("-active"), limit=30)
        kept = [i for i in ids if i not in gone]
        assert all(_folder(sim, admin, i) == "archive" for i in kept)
        assert "6 mentions: 4 sent, 2 refused" in str(app.status.render())
        # The report is a toast: App.notify posts it, so it lands a message later.

        def reported() -> bool:
            reports = [n.message for n in app._notifications]
            return any("2 of 6 refused" in m and str(gone[0]) in m for m in reports)

        await wait_for(pilot, reported, limit=5)


async def test_a_fast_bulk_shows_no_bar_and_says_all_sent(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        ids = await _select(pilot, app, admin, 3)
        before = {i: sim.state.mention(admin, i)["tone"] for i in ids}  # type: ignore[index]
        await pilot.press("minus")
        await wait_for(pilot, lambda: "3 mentions: all sent" in str(app.status.render()))
        assert not app.main.bulk_bar.has_class("-active")
        assert all(sim.state.mention(admin, i)["tone"] == -1 for i in ids)  # type: ignore[index]
        # Undo of the bulk step is a bulk too: the service is back where it was.
        app.status.say("")
        await pilot.press("u")
        await wait_for(pilot, lambda: "3 mentions: all sent" in str(app.status.render()))
        assert {i: sim.state.mention(admin, i)["tone"] for i in ids} == before  # type: ignore[index]


async def test_a_partly_refused_selection_says_so_when_it_ends_and_it_stays(
    sim: SimServer,
) -> None:
    """Issue 20, item 2: three selected, one on a read-only alert, `e`: the final report
    says what was sent and what was left, with the reason, and stays on screen."""
    admin, _, read_only = sim.alert_ids
    app = make_app(sim)
    async with app.run_test(size=(160, 36)) as pilot:
        await ready(pilot, app)
        ids = await _select(pilot, app, admin, 2)
        other = next(r.id for r in app.feed.visible_rows() if r.alert_id == read_only)
        assert app.feed.jump_to_id(other)
        await pilot.press("space")
        sim.state.faults.latency = 0.1  # the PUTs end after the key's own message
        await pilot.press("e")
        final = "3 mentions: 2 sent, 1 left as they were (read-only"
        await wait_for(pilot, lambda: final in str(app.status.render()), limit=15)
        assert all(_folder(sim, admin, i) == "archive" for i in ids)
        assert _folder(sim, read_only, other) == "inbox"
        await pilot.pause(9)  # longer than a passing message stays
        assert final in str(app.status.render())
