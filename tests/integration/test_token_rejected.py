"""A token refused while the app runs (revoked, say): the stream says so and waits."""

from __future__ import annotations

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.events import TOKEN_REJECTED, Connection, ConnectionChanged
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def test_a_revoked_token_is_its_own_state_not_offline() -> None:
    with SimServer(seed=6, mentions_per_alert=2, mark_interval=0.1) as sim:
        recorder = Recorder()
        session, client = await open_session(sim, Store(), recorder)
        await until(lambda: session.connection is Connection.LIVE)
        sim.state.token = "revoked"
        sim.state.faults.drop_stream_after = 0  # the next connection must log in again
        sim.state.add_mention(sim.alert_ids[0])
        await until(lambda: session.connection is Connection.REJECTED)
        said = [e for e in recorder.events if isinstance(e, ConnectionChanged)][-1]
        assert said.detail == TOKEN_REJECTED
        await session.stop()
        await client.aclose()
