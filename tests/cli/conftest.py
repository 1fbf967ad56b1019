"""A simulator per test, and an environment that points the CLI at it (never at ~)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from triage_tui.sim import SimServer


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=60, mark_interval=0.2) as server:
        yield server


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No real config or token leaks in: the default config path is in tmp_path, and so
    is the state directory (a crash's log is written there even without --debug)."""
    for name in list(os.environ):
        if name.startswith("MENTION_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MENTION_TRIAGE_STATE_DIR", str(tmp_path / "state"))
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setattr("triage_tui.core.config.default_path", lambda: path)
    return path


@pytest.fixture
def sim_env(sim: SimServer, home: Path, monkeypatch: pytest.MonkeyPatch) -> SimServer:
    monkeypatch.setenv("MENTION_ACCESS_TOKEN", sim.token)
    monkeypatch.setenv("MENTION_TRIAGE_API_URL", sim.api_url)
    monkeypatch.setenv("MENTION_TRIAGE_STREAM_URL", sim.stream_url)
    return sim
