"""The access token never shows: not on screen, in errors, in crash output, or on disk."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from tests.ui.harness import FIXED_EPOCH, ready, wait_for
from triage_tui.api import AsyncMentionClient, CurateRequest
from triage_tui.api.errors import MentionError
from triage_tui.core.config import ConfigError, load_config
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.connect import ConnectInfo

TOKEN = "tok-SECRET-7c1f0e9d"


async def _error_paths(sim: SimServer) -> list[str]:
    """Every error path the client has; returns the text of each error."""
    texts: list[str] = []
    admin, _, read_only = sim.alert_ids
    mention = sim.state.mentions(admin)[0]["id"]
    async with AsyncMentionClient(TOKEN, sim.api_url, sim.stream_url) as client:
        texts.append(repr(client))
        calls = [
            lambda: client.curate_mention(
                sim.account_id, admin, mention, CurateRequest(folder="nowhere")
            ),  # 400
            lambda: client.curate_mention(
                sim.account_id,
                read_only,
                sim.state.mentions(read_only)[0]["id"],
                CurateRequest(read=True),
            ),  # 403
            lambda: client.get_mention(sim.account_id, admin, 1),  # 404 (HTML)
        ]
        for call in calls:
            with pytest.raises(MentionError) as caught:
                await call()
            texts += [str(caught.value), repr(caught.value)]
        sim.state.faults.put_failure_rate = 1.0
        for mode in ("500", "reset"):
            sim.state.faults.put_failure_mode = mode
            with pytest.raises(MentionError) as caught:
                await client.curate_mention(
                    sim.account_id, admin, mention, CurateRequest(read=True)
                )
            texts += [str(caught.value), repr(caught.value)]
        sim.state.faults.put_failure_rate = 0.0
        sim.state.faults.rate_limit_for = 0.3
        with pytest.raises(MentionError) as caught:
            await client.get_me()
        texts += [str(caught.value), repr(caught.value)]
        await asyncio.sleep(0.4)
    async with AsyncMentionClient("wrong-token", sim.api_url) as stranger:
        with pytest.raises(MentionError) as caught:
            await stranger.get_me()
        texts.append(str(caught.value))
    return texts


async def test_token_appears_nowhere(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    db = tmp_path / "state.db"
    with SimServer(
        seed=4, mentions_per_alert=5, mark_interval=0.2, epoch=FIXED_EPOCH, token=TOKEN
    ) as sim:
        texts = await _error_paths(sim)
        connect = ConnectInfo(TOKEN, sim.api_url, sim.stream_url)
        texts.append(repr(connect))
        app = TriageApp(
            connect, store=Store(db), settings=SyncSettings.fast(), clock=lambda: sim.now
        )
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            sim.state.faults.put_failure_rate = 1.0
            sim.state.faults.put_failure_mode = "mixed"
            await pilot.press("r", "f", "e")
            await pilot.pause(0.3)
            sim.state.faults.put_failure_rate = 0.0
            await wait_for(pilot, lambda: app.session.pending == 0)  # type: ignore[union-attr]
            await pilot.press("question_mark")
            texts.append(app.export_screenshot())
            try:
                secret = TOKEN  # a local in the crashing frame
                raise RuntimeError(f"boom {len(secret)}")
            except RuntimeError:
                app._fatal_error()
            crash = "".join(s.text for r in app._exit_renderables for s in r.segments)
            app._exit_renderables.clear()
            assert "boom" in crash
            texts.append(crash)
            app.exit()
        app.store.close()  # type: ignore[union-attr]
    texts.append(caplog.text)
    for text in texts:
        assert TOKEN not in text
    for path in tmp_path.iterdir():  # the database and its WAL files
        assert TOKEN.encode() not in path.read_bytes()


def test_config_never_prints_the_token(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'token = "{TOKEN}"\n')
    path.chmod(0o644)
    with pytest.raises(ConfigError) as refused:
        load_config(path, env={})
    assert f"chmod 600 '{path}'" in str(refused.value)
    assert TOKEN not in str(refused.value)
    path.chmod(0o600)
    config = load_config(path, env={})
    assert config.token is not None and config.token.get_secret_value() == TOKEN
    assert TOKEN not in repr(config) and TOKEN not in str(config)


def test_http_to_a_remote_host_is_refused_unless_insecure() -> None:
    with pytest.raises(MentionError):
        AsyncMentionClient(TOKEN, "http://api.example.com/api")
    AsyncMentionClient(TOKEN, "http://127.0.0.1:1/api")  # loopback is fine
    AsyncMentionClient(TOKEN, "http://api.example.com/api", insecure=True)
