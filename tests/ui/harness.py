"""Start the real app against a real simulator, and wait for it like a user would."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from textual.pilot import Pilot

from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.connect import ConnectInfo

FIXED_EPOCH = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def make_app(sim: SimServer, store: Store | None = None, **options: object) -> TriageApp:
    return TriageApp(
        ConnectInfo(sim.token, sim.api_url, sim.stream_url),
        store=store or Store(":memory:"),
        settings=SyncSettings.fast(),
        clock=lambda: sim.now,
        **options,  # type: ignore[arg-type]
    )


async def wait_for(pilot: Pilot, ready: Callable[[], bool], limit: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not ready():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


async def ready(pilot: Pilot, app: TriageApp) -> None:
    await wait_for(pilot, lambda: app.session is not None and app.feed.total_count > 0)
    await wait_for(pilot, lambda: str(app.status.connection) == "live")
    await pilot.pause(0.3)  # the back-fill re-sort settles


async def cursor_to_alert(pilot: Pilot, app: TriageApp, alert_id: int) -> None:
    """Filter the feed to one alert, as a user would with `/`."""
    await pilot.press("slash", *f"alert:{alert_id}", "enter")
    await wait_for(
        pilot,
        lambda: app.feed.selected_row is not None and app.feed.selected_row.alert_id == alert_id,
    )
