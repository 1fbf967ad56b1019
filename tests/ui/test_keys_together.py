"""Keys that arrive together (typed fast, or in one read over a laggy SSH link) each act
on the mention under the cursor once the key before took effect (issue 18, item 5)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual import events
from textual.pilot import Pilot

from tests.ui.harness import FIXED_EPOCH, cursor_to_alert, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=20, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


def _folder(sim: SimServer, alert_id: int, mention_id: int) -> str:
    held = sim.state.mention(alert_id, mention_id)
    assert held is not None
    return str(held["folder"])


def _puts(sim: SimServer) -> list[tuple[int, dict]]:
    """(mention id, body) of every PUT the simulator received, in order."""
    return [
        (int(r.path.rstrip("/").rsplit("/", 1)[-1]), r.body)
        for r in sim.state.request_log
        if r.method == "PUT"
    ]


def _all_at_once(app: TriageApp, *keys: str) -> None:
    """The keys queued before the app handles any of them: one read of the terminal that
    held them all. (`pilot.press` waits for the app to go idle after each key.)"""
    chars = {"exclamation_mark": "!"}
    for key in keys:
        event = events.Key(key, chars.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        app.post_message(event)


async def _inbox_of_admin(pilot: Pilot, app: TriageApp, sim: SimServer) -> list[int]:
    """The Inbox view, one alert the user may curate; the ids in the order shown."""
    await ready(pilot, app)
    await cursor_to_alert(pilot, app, sim.alert_ids[0])
    assert app.main.view.title.lower().startswith("inbox")
    rows = app.feed.visible_rows()
    assert len(rows) >= 5 and app.feed.cursor_index == 0
    sim.state.clear_log()
    return [r.id for r in rows]


async def _settled(pilot: Pilot, app: TriageApp, sim: SimServer) -> None:
    """The keys handled and their PUTs answered (how many is for the test to say)."""
    session = app.session
    assert session is not None
    await wait_for(pilot, lambda: bool(_puts(sim)) and session.pending == 0)
    await pilot.pause(0.2)  # anything that would come after the last PUT
    await wait_for(pilot, lambda: session.pending == 0)


@pytest.mark.parametrize("deliver", ["press", "queued"])
@pytest.mark.parametrize(
    ("key", "folder"), [("e", "archive"), ("d", "trash"), ("exclamation_mark", "spam")]
)
async def test_three_keys_three_mentions(
    sim: SimServer, deliver: str, key: str, folder: str
) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        shown = await _inbox_of_admin(pilot, app, sim)
        if deliver == "press":
            await pilot.press(key, key, key)
        else:
            _all_at_once(app, key, key, key)
        await _settled(pilot, app, sim)
        assert [i for i, _ in _puts(sim)] == shown[:3]
        assert [_folder(sim, admin, i) for i in shown[:4]] == [folder] * 3 + ["inbox"]
        row = app.feed.selected_row
        assert row is not None and row.id == shown[3]
        assert app.feed.cursor_index == 0


@pytest.mark.parametrize("deliver", ["press", "queued"])
async def test_archive_down_archive(sim: SimServer, deliver: str) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        shown = await _inbox_of_admin(pilot, app, sim)
        if deliver == "press":
            await pilot.press("e", "j", "e")
        else:
            _all_at_once(app, "e", "j", "e")
        await _settled(pilot, app, sim)
        # The first goes; `j` steps over the second (now under the cursor) to the third.
        assert [i for i, _ in _puts(sim)] == [shown[0], shown[2]]
        folders = [_folder(sim, admin, i) for i in shown[:4]]
        assert folders == ["archive", "inbox", "archive", "inbox"]
        row = app.feed.selected_row
        assert row is not None and row.id == shown[3]


@pytest.mark.parametrize("deliver", ["press", "queued"])
@pytest.mark.parametrize(("key", "field"), [("r", "read"), ("f", "favorite")])
async def test_a_key_that_stays_toggles_each_time(
    sim: SimServer, deliver: str, key: str, field: str
) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        shown = await _inbox_of_admin(pilot, app, sim)
        first = app.feed.selected_row
        assert first is not None
        before = getattr(first, field)
        if deliver == "press":
            await pilot.press(key, key, key)
        else:
            _all_at_once(app, key, key, key)
        # Consecutive PUTs for one mention may be merged: what counts is where it ends.
        await _settled(pilot, app, sim)
        assert {i for i, _ in _puts(sim)} == {shown[0]}
        held = sim.state.mention(admin, shown[0])
        assert held is not None and held[field] is (not before)
        row = app.feed.selected_row
        assert row is not None and row.id == shown[0] and getattr(row, field) is (not before)
