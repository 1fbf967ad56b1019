"""One simulator per test module (starting one costs ~0.1 s); faults reset per test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from triage_tui.api import MentionClient
from triage_tui.sim import SimServer


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    with SimServer(seed=3, mentions_per_alert=25, mark_interval=0.2) as server:
        yield server


@pytest.fixture
def client(sim: SimServer) -> Iterator[MentionClient]:
    sim.state.faults.reset()  # every test starts without faults
    with MentionClient(sim.token, base_url=sim.api_url, stream_url=sim.stream_url) as c:
        yield c


@pytest.fixture
def raw(sim: SimServer) -> Iterator[httpx.Client]:
    """Plain HTTP, to see the bytes, statuses and headers the service would send."""
    headers = {"Authorization": f"Bearer {sim.token}", "Accept": "application/json"}
    with httpx.Client(base_url=f"http://127.0.0.1:{sim.port}", headers=headers) as c:
        yield c
