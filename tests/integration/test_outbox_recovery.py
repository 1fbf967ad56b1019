"""After a burst of failed PUTs, the outbox retries as soon as the service answers
anything again (issue 18, item 6), not after its longest backoff."""

from __future__ import annotations

from dataclasses import replace

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.events import Connection
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def test_a_long_backoff_is_cut_short_once_the_service_answers() -> None:
    # A 30 s backoff after the first failure: longer than the wait below, so only the
    # service's other answers (the stream's marks, every 0.1 s) can bring the retry.
    settings = replace(SyncSettings.fast(), retry_base=30.0, retry_cap=60.0)
    with SimServer(seed=9, mentions_per_alert=3, mark_interval=0.1) as sim:
        recorder = Recorder()
        session, client = await open_session(sim, Store(), recorder, settings)
        await until(lambda: session.connection is Connection.LIVE)
        row = next(r for r in session.rows() if not r.read and r.alert_id == sim.alert_ids[0])
        sim.state.faults.put_failure_rate = 1.0
        assert session.curate([row.id], {"read": True}) == 1
        await until(lambda: any(r.status == 500 for r in sim.state.request_log))
        sim.state.faults.put_failure_rate = 0.0
        await until(lambda: sim.state.mention(row.alert_id, row.id)["read"] is True, limit=15)
        # The service changes the mention before its answer reaches the client: the
        # action leaves the outbox when that answer is read, a moment later.
        await until(lambda: session.store.outbox_count() == 0, limit=2)
        await session.stop()
        await client.aclose()
