"""Shares go through the Session, and so through its rate-limit gate, like every other
request: a 429 seen anywhere holds them back, and a 429 on a share holds back the rest."""

from __future__ import annotations

import time

import pytest

from triage_tui.api import AsyncMentionClient
from triage_tui.api.errors import RateLimitError
from triage_tui.api.shares import SharePermission
from triage_tui.core.session import Session
from triage_tui.core.settings import SyncSettings
from triage_tui.sim import SimServer


async def _session(sim: SimServer) -> tuple[Session, AsyncMentionClient]:
    client = AsyncMentionClient(sim.token, sim.api_url, sim.stream_url)
    session = await Session.open(
        client,
        account_id=None,
        alert_ids=None,
        store=None,
        on_event=lambda event: None,
        settings=SyncSettings.fast(),
    )
    return session, client


async def test_share_requests_add_change_list_and_revoke() -> None:
    with SimServer(seed=21, mentions_per_alert=2) as sim:
        session, client = await _session(sim)
        alert = sim.alert_ids[0]
        before = await session.shares.get_shares(alert)
        added = await session.shares.add_share(alert, "new@example.com", SharePermission.WRITE)
        assert added.permission is SharePermission.WRITE
        updated = await session.shares.update_share(alert, added.id, SharePermission.ADMIN)
        assert updated.permission is SharePermission.ADMIN
        listed = await session.shares.get_shares(alert)
        assert len(listed) == len(before) + 1
        await session.shares.delete_share(alert, added.id)
        assert [s.id for s in await session.shares.get_shares(alert)] == [s.id for s in before]
        await session.stop()
        await client.aclose()


async def test_a_share_request_waits_for_the_gate_and_a_429_on_it_closes_the_gate() -> None:
    with SimServer(seed=21, mentions_per_alert=2) as sim:
        session, client = await _session(sim)
        alert = sim.alert_ids[0]
        sim.state.clear_log()
        session.gate.until = time.time() + 0.6  # as after a 429 seen by the outbox
        started = time.monotonic()
        await session.shares.get_shares(alert)
        assert time.monotonic() - started >= 0.5

        sim.state.faults.rate_limit_for = 1.0
        with pytest.raises(RateLimitError):
            await session.shares.add_share(alert, "late@example.com", SharePermission.READ)
        assert session.gate.remaining() > 0.5  # the outbox and the stream wait too
        assert "late@example.com" not in {s["email"] for s in sim.state.shares(alert)}
        await session.stop()
        await client.aclose()
