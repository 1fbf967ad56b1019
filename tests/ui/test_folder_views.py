"""The folder views load older mentions from the list endpoint as the user scrolls
(#20 item 8): the real app on the real simulator, the local store holding none of them."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace

import pytest
from textual.pilot import Pilot

from tests.ui.harness import FIXED_EPOCH, wait_for
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.connect import ConnectInfo

PAGE = 10


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(
        seed=11,
        mentions_per_alert=20,
        mark_interval=0.2,
        epoch=FIXED_EPOCH,
        history={"archive": 32, "trash": 6},
    ) as s:
        yield s


def _app(sim: SimServer, alert: int) -> TriageApp:
    return TriageApp(
        ConnectInfo(sim.token, sim.api_url, sim.stream_url, alert_ids=[alert]),
        store=Store(":memory:"),
        settings=replace(SyncSettings.fast(), folder_page=PAGE),
        clock=lambda: sim.now,
    )


def _archived(sim: SimServer, alert: int) -> set[int]:
    return {int(m["id"]) for m in sim.state.mentions(alert) if m["folder"] == "archive"}


def _list_calls(sim: SimServer, folder: str) -> list[dict[str, list[str]]]:
    calls = [r for r in sim.state.request_log if r.method == "GET" and r.path.endswith("/mentions")]
    return [r.query for r in calls if r.query.get("folder") == [folder]]


async def _started(pilot: Pilot, app: TriageApp) -> None:
    await wait_for(pilot, lambda: app.session is not None and app.feed.total_count > 0)
    await wait_for(pilot, lambda: str(app.status.connection) == "live")
    await pilot.pause(0.3)


async def test_archive_shows_every_archived_mention_after_scrolling_and_restores_one(
    sim: SimServer,
) -> None:
    alert = sim.alert_ids[0]  # admin: may move mentions
    app = _app(sim, alert)
    async with app.run_test(size=(120, 36)) as pilot:
        await _started(pilot, app)
        archived = _archived(sim, alert)
        held = {r.id for r in app.session.rows() if r.folder == "archive"}  # type: ignore[union-attr]
        assert len(archived - held) >= 32  # only the service has them
        sim.state.clear_log()
        await pilot.press("4")
        await wait_for(pilot, lambda: app.feed.visible_count >= PAGE)
        assert "older mentions" in app.status.message
        # Scrolling to the end asks for the next page, until the list is at its end.
        for _ in range(20):
            if "all older mentions loaded" in app.status.message:
                break
            await pilot.press("G")
            await pilot.pause(0.15)
        await wait_for(pilot, lambda: "all older mentions loaded" in app.status.message)
        assert not app.status.message_is_error
        shown = [r.id for r in app.feed.visible_rows()]
        assert set(shown) == archived and len(shown) == len(archived)  # each once
        # One call a page, none repeated: within the folder views' budget.
        archive_calls = _list_calls(sim, "archive")
        assert len(archive_calls) == math.ceil(len(archived) / PAGE)
        assert archive_calls[0] == {"folder": ["archive"], "limit": [str(PAGE)]}
        assert app.session.older.budget.used(alert) == len(archive_calls)  # type: ignore[union-attr]

        # The oldest archived mention, found at the end, goes back to the inbox.
        await pilot.press("G")
        oldest = app.feed.selected_row
        assert oldest is not None and oldest.id in archived - held
        await pilot.press("i")
        assert not app.feed.shows(oldest.id)
        await wait_for(pilot, lambda: sim.state.mention(alert, oldest.id)["folder"] == "inbox")
        await pilot.press("1")
        assert app.feed.shows(oldest.id)


async def test_a_failed_list_call_is_said_and_the_view_keeps_working(
    sim: SimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("triage_tui.ui.older.RETRY_AFTER", 0.0)
    alert = sim.alert_ids[0]
    app = _app(sim, alert)
    async with app.run_test(size=(120, 36)) as pilot:
        await _started(pilot, app)
        sim.state.faults.fail_lists = 1
        await pilot.press("6")
        await wait_for(pilot, lambda: "failed" in app.status.message)
        assert app.status.message_is_error and "\n" not in app.status.message
        assert app.status.view == "Trash"
        before = app.feed.visible_count
        await pilot.press("j", "k")  # the view still moves; near its end it asks again
        await pilot.press("G")
        await wait_for(pilot, lambda: "all older mentions loaded" in app.status.message)
        trashed = {int(m["id"]) for m in sim.state.mentions(alert) if m["folder"] == "trash"}
        assert {r.id for r in app.feed.visible_rows()} >= trashed
        assert app.feed.visible_count >= before
        await pilot.press("1")  # another view: nothing is asked for the inbox
        assert app.status.view == "Inbox"
