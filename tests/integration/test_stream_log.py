"""The app's stream supervisor on the simulator writes its reconnects and skipped lines to
the `mention_triage` log, with the reason and never the line itself."""

from __future__ import annotations

import logging

import pytest

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.events import Connection
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def test_reconnects_and_skipped_lines_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="mention_triage")
    with SimServer(seed=14, mentions_per_alert=4, mark_interval=0.1) as sim:
        recorder = Recorder()
        session, client = await open_session(sim, Store(), recorder)
        await until(lambda: session.connection is Connection.LIVE)
        sim.state.send_raw(b"{not json at all")
        await until(lambda: session.invalid_lines == 1)
        sim.state.faults.drop_stream_after = 1
        sim.state.add_mention(sim.alert_ids[0])
        await until(lambda: session.stream.connections >= 2)
        await session.stop()
        await client.aclose()
    stream = [r.getMessage() for r in caplog.records if r.name == "mention_triage.stream"]
    skipped = [r.getMessage() for r in caplog.records if r.name == "mention_triage.skipped"]
    assert skipped == ["skipped a stream line (id unknown): not valid JSON"]
    assert not any("not json at all" in m for m in skipped)
    assert any(m.startswith("stream: the stream ended; reconnecting in ") for m in stream)
    assert not any("not json at all" in m for m in stream)
    http = [r.getMessage() for r in caplog.records if r.name == "mention_triage.http"]
    opened = f"GET /stream/api/accounts/{sim.account_id}/mentions 200"
    assert any(m.startswith(opened) for m in http)
    assert sim.token not in caplog.text
