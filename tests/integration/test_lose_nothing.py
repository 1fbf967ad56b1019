"""Issue 4's proofs, with exact counts, against the simulator over loopback."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from pathlib import Path

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def test_every_arrival_exactly_once_through_20_drops() -> None:
    with SimServer(seed=1, mentions_per_alert=5, mark_interval=0.05) as sim:
        recorder = Recorder()
        session, client = await open_session(sim, Store(), recorder)
        await until(lambda: sim.state.open_streams == 1)
        before = set(recorder.arrived_ids())
        sim.state.faults.drop_stream_after = 240  # a drop every 240 lines
        added: list[int] = []
        alerts = sim.alert_ids
        for n in range(50):  # 5,000 arrivals in bursts while the stream keeps dropping
            for m in await asyncio.to_thread(sim.state.add_mentions, alerts[n % 3], 100):
                added.append(int(m["id"]))
            await asyncio.sleep(0.01)
        await until(lambda: set(added) <= set(recorder.arrived_ids()), limit=60)
        await session.stop()
        await client.aclose()
    counts = Counter(recorder.arrived_ids())
    assert len(added) == 5000
    assert all(counts[i] == 1 for i in added)  # none twice
    assert set(counts) == before | set(added)  # none missing, nothing else
    assert session.stream.connections >= 21  # at least 20 forced drops, all recovered


async def test_1000_actions_30pct_failures_and_a_kill_end_as_intended(tmp_path: Path) -> None:
    with SimServer(seed=2, mentions_per_alert=120, mark_interval=0.5) as sim:
        admin, write = sim.alert_ids[:2]
        path = tmp_path / "state.db"
        recorder = Recorder()
        settings = SyncSettings.fast()
        session, client = await open_session(
            sim, Store(path), recorder, settings, alert_ids=[admin, write]
        )
        ids = [r.id for r in session.rows()]
        rng = random.Random(9)
        intended: dict[int, dict[str, object]] = {}
        sim.state.faults.put_failure_rate = 0.3
        sim.state.faults.put_failure_mode = "mixed"
        sim.state.faults.fail_after_apply = True
        choices = [
            ("read", [True, False]),
            ("tone", [-1, 0, 1]),
            ("folder", ["inbox", "archive", "spam"]),
        ]
        for n in range(1000):
            mention_id = rng.choice(ids)
            field, values = rng.choice(choices)
            value = rng.choice(values)
            session.curate([mention_id], {field: value})
            intended.setdefault(mention_id, {})[field] = value
            if n == 500:
                await asyncio.sleep(0.2)  # some went out, many still queued
                session.kill()  # no flush, no goodbye
                await client.aclose()
                session, client = await open_session(
                    sim, Store(path), Recorder(), settings, alert_ids=[admin, write]
                )
            if n % 50 == 0:
                await asyncio.sleep(0)
        await until(lambda: session.store.outbox_count() == 0, limit=60)
        await session.stop()
        await client.aclose()
        wrong = []
        for mention_id, fields in intended.items():
            row = session.row(mention_id)
            assert row is not None
            held = sim.state.mention(row.alert_id, mention_id)
            assert held is not None
            for field, value in fields.items():
                if held[field] != value:
                    wrong.append((mention_id, field, value, held[field]))
    assert wrong == []
    assert len(intended) > 150


async def test_429_no_request_before_the_reset() -> None:
    with SimServer(seed=3, mentions_per_alert=10, mark_interval=0.5) as sim:
        session, client = await open_session(sim, Store(), Recorder())
        admin = sim.alert_ids[0]
        target = next(r.id for r in session.rows() if r.alert_id == admin)
        sim.state.clear_log()
        sim.state.faults.rate_limit_for = 1.5
        await until(lambda: sim.state.open_streams == 1)
        session.curate([target], {"tone": 1})
        await until(lambda: sim.state.mention(admin, target)["tone"] == 1, limit=15)
        log = sim.state.request_log
        await session.stop()
        await client.aclose()
    limited = [r for r in log if r.status == 429]
    assert len(limited) >= 1
    assert sim.state.requests_while_limited == 0
    reset_wall = limited[0].at  # monotonic time of the refusal; reset is >= 1.5 s later
    after = [r for r in log if r.at > reset_wall and r.status != 429]
    assert after and min(r.at for r in after) - reset_wall >= 1.0


async def test_a_stall_reconnects_within_the_bound() -> None:
    with SimServer(seed=4, mentions_per_alert=5, mark_interval=0.1) as sim:
        settings = SyncSettings(**{**SyncSettings.fast().__dict__, "stall_timeout": 0.6})
        recorder = Recorder()
        session, client = await open_session(sim, Store(), recorder, settings)
        await until(lambda: session.stream.connections == 1)
        sim.state.faults.pause_marks = True
        started = time.monotonic()
        await until(lambda: session.stream.connections == 2, limit=10)
        waited = time.monotonic() - started
        await session.stop()
        await client.aclose()
    assert "reconnecting" in recorder.states()
    assert waited < 0.6 + 0.5 + 2.0  # the stall bound, the backoff cap, and slack
