"""A 429's reset time holds across a restart: the new session asks nothing before it."""

from __future__ import annotations

from pathlib import Path

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.events import Connection, ConnectionChanged
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def test_a_restart_inside_the_429_window_waits_for_the_reset(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with SimServer(seed=15, mentions_per_alert=6, mark_interval=0.1) as sim:
        session, client = await open_session(sim, Store(path), Recorder())
        admin = sim.alert_ids[0]
        target = next(r.id for r in session.rows() if r.alert_id == admin and r.tone != -1)
        await until(lambda: sim.state.open_streams == 1)
        # The back-filled rows reach the store behind the screen; the restart needs them.
        await until(lambda: len(session.store.cached_rows()) > 0)
        sim.state.clear_log()
        sim.state.faults.rate_limit_for = 1.5  # the PUT below is the first request in it
        session.curate([target], {"tone": -1})
        await until(lambda: any(r.status == 429 for r in sim.state.request_log))
        session.kill()
        await client.aclose()

        recorder = Recorder()
        session, client = await open_session(sim, Store(path), recorder)
        assert [r.id for r in session.rows()] != []  # the cache, while we may not ask
        assert session.store.outbox_count() == 1
        await until(lambda: sim.state.mention(admin, target)["tone"] == -1)  # type: ignore[index]
        await until(lambda: session.connection is Connection.LIVE)
        await session.stop()
        await client.aclose()
        log = sim.state.request_log
    assert [r.status for r in log].count(429) == 1
    assert sim.state.requests_while_limited == 0
    first = next(e for e in recorder.events if isinstance(e, ConnectionChanged))
    assert first.state is Connection.OFFLINE and "rate limited" in first.detail
    refused_at = next(r.at for r in log if r.status == 429)
    assert min(r.at for r in log if r.at > refused_at) - refused_at >= 1.4
