"""Key press to repainted row and to the PUT on the wire, against a bare GET."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import time

from triage_tui.bench.result import Result, result


async def curation() -> dict[str, Result]:
    """Key press to repainted row, and to the PUT leaving the app (httpx's request hook,
    as the bytes go out), against a simulator in its own process; baseline: a bare GET
    round trip to it."""
    import httpx

    from triage_tui.core.settings import SyncSettings
    from triage_tui.core.store import Store
    from triage_tui.ui.app import TriageApp
    from triage_tui.ui.connect import ConnectInfo

    with tempfile.TemporaryDirectory() as d:
        child = subprocess.Popen(
            [sys.executable, "-m", "triage_tui.bench.sim_child", "30", "3", f"{d}/l.json"],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            info = json.loads(child.stdout.readline())  # type: ignore[union-attr]
            connect = ConnectInfo(info["token"], info["api_url"], info["stream_url"])
            app = TriageApp(connect, store=Store(), settings=SyncSettings(put_pacing=0))
            repaint: list[float] = []
            wire: list[float] = []
            sent: list[float] = []

            async def on_request(request: httpx.Request) -> None:
                if request.method == "PUT":
                    sent.append(time.monotonic())

            async with app.run_test(size=(120, 40)) as pilot:
                while app.session is None or not app.feed.total_count:
                    await asyncio.sleep(0.01)
                app.client._http.event_hooks["request"].append(on_request)
                await pilot.press("slash", *f"alert:{info['alert_ids'][0]}", "enter")
                await pilot.pause(0.2)
                for _ in range(10):
                    sent.clear()
                    start = time.monotonic()
                    app.main.action_toggle_read()  # what the key runs
                    app.feed.render_line(app.feed.cursor_index - app.feed.scroll_offset.y)
                    repaint.append(time.monotonic() - start)
                    while not sent:
                        await asyncio.sleep(0.0005)
                    wire.append(sent[0] - start)
                    await pilot.pause(0.1)
            async with httpx.AsyncClient() as client:
                base = []
                for _ in range(10):
                    start = time.monotonic()
                    await client.get(
                        f"{info['api_url']}/accounts/me",
                        headers={"Authorization": f"Bearer {info['token']}"},
                    )
                    base.append(time.monotonic() - start)
        finally:
            child.kill()
            child.wait()
    median = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    return {
        "curation: key to repainted row (s) vs bare GET": result(median(repaint), median(base)),
        "curation: key to PUT leaving the app (s) vs bare GET": result(median(wire), median(base)),
    }
