"""Render the README's screenshots (SVG) from the demo into screenshots/.

    uv run python scripts/screenshots.py

The simulator is seeded and the clock is fixed, so the pictures only change when the
product does.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.connect import ConnectInfo

OUT = Path(__file__).resolve().parents[1] / "screenshots"
EPOCH = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


async def wait_for(pilot: Pilot, ready: Callable[[], bool], limit: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not ready():
        if loop.time() > deadline:
            raise TimeoutError("the demo did not get ready")
        await pilot.pause(0.05)


async def shoot(
    name: str,
    size: tuple[int, int],
    steps: Callable[[Pilot, TriageApp, SimServer], Awaitable[None]] | None = None,
) -> Path:
    with SimServer(seed=7, mentions_per_alert=40, epoch=EPOCH) as sim:
        app = TriageApp(
            ConnectInfo(sim.token, sim.api_url, sim.stream_url),
            store=Store(":memory:"),
            settings=SyncSettings.fast(),
            clock=lambda: sim.now,
        )
        async with app.run_test(size=size) as pilot:
            await wait_for(pilot, lambda: app.feed.total_count > 0 and app.session is not None)
            await wait_for(pilot, lambda: str(app.status.connection) == "live")
            await pilot.pause(0.5)
            if steps is not None:
                await steps(pilot, app, sim)
            await pilot.pause(0.3)
            path = OUT / f"{name}.svg"
            app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def _detail(pilot: Pilot, app: TriageApp, sim: SimServer) -> None:
    await pilot.press("j", "j")


async def _shares(pilot: Pilot, app: TriageApp, sim: SimServer) -> None:
    await pilot.press("slash", *"alert:112233", "enter")
    await pilot.press("S")
    await pilot.pause(1.0)


async def _tags(pilot: Pilot, app: TriageApp, sim: SimServer) -> None:
    await pilot.press("slash", *"alert:112233", "enter")
    await pilot.press("t")
    await pilot.pause(0.5)


async def _stats(pilot: Pilot, app: TriageApp, sim: SimServer) -> None:
    await pilot.press("slash", *"alert:112233", "enter")
    await pilot.press("s")
    await pilot.pause(0.5)


async def _bulk(pilot: Pilot, app: TriageApp, sim: SimServer) -> None:
    """A selection being archived: the progress bar while the PUTs go out."""
    await pilot.press("slash", *"alert:112233", "enter")
    for _ in range(12):
        await pilot.press("space")
    sim.state.faults.latency = 0.3  # slow enough to catch the bar
    await pilot.press("e")
    await wait_for(pilot, lambda: app.main.bulk_bar.has_class("-active"))
    await pilot.pause(0.6)


async def main() -> int:
    OUT.mkdir(exist_ok=True)
    shots = [
        await shoot("main", (140, 40), _detail),
        await shoot("narrow-80x24", (80, 24)),
        await shoot("shares", (120, 32), _shares),
        await shoot("tags", (120, 32), _tags),
        await shoot("bulk", (120, 32), _bulk),
        await shoot("stats", (120, 34), _stats),
    ]
    for path in shots:
        print(path.relative_to(OUT.parent))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
