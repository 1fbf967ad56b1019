"""Starting and stopping the server, the demo's live feed, and `python -m triage_tui.sim`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx

from triage_tui.api import AsyncMentionClient
from triage_tui.sim import SimServer


async def test_async_with_and_urls() -> None:
    async with SimServer(seed=4, mentions_per_alert=2) as sim:
        assert sim.port > 0
        assert sim.api_url == f"http://127.0.0.1:{sim.port}/api"
        assert sim.stream_url == f"http://127.0.0.1:{sim.port}/stream/api"
        assert (sim.token, sim.account_id) == ("demo-token", "12345_demo")
        async with AsyncMentionClient(sim.token, sim.api_url, sim.stream_url) as c:
            assert (await c.get_me()).id == sim.account_id
    assert not _accepts(sim.port)


def test_start_stop_and_a_fixed_port() -> None:
    sim = SimServer(seed=4, mentions_per_alert=2).start()
    port = sim.port
    sim.stop()
    again = SimServer(seed=4, mentions_per_alert=2, port=port).start()
    try:
        assert again.port == port and _accepts(port)
    finally:
        again.stop()


def test_new_mention_rate_feeds_random_alerts() -> None:
    with SimServer(seed=4, mentions_per_alert=2, new_mention_rate=50.0) as sim:
        deadline = time.monotonic() + 10  # only stops a broken run from hanging
        while sum(len(sim.state.mentions(a)) for a in sim.alert_ids) < 6 + 20:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert all(len(sim.state.mentions(a)) > 2 for a in sim.alert_ids)


def test_module_cli_serves_until_ctrl_c() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "triage_tui.sim", "--port", "0", "--rate", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(4)]
        api = lines[1].split()[-1]
        assert api.startswith("http://127.0.0.1:") and api.endswith("/api")
        assert lines[3].split()[1] == "demo-token"
        answer = httpx.get(f"{api}/accounts/me", headers={"Authorization": "Bearer demo-token"})
        assert answer.json()["account"]["name"] == "Demo Brand"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def _accepts(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/api/accounts/me", timeout=2)
    except httpx.TransportError:
        return False
    return True
