"""The stream supervisor on the simulator: 409 backoff, bad lines, resuming after a restart."""

from __future__ import annotations

import asyncio
from collections import Counter

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.events import Connection, ConnectionChanged, MentionsArrived, Notice
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def test_a_refused_stream_backs_off_and_says_so_then_goes_live() -> None:
    with SimServer(seed=12, mentions_per_alert=4, mark_interval=0.1) as sim:
        sim.state.faults.refuse_stream = True
        recorder = Recorder()
        session, client = await open_session(sim, Store(), recorder)
        await until(lambda: recorder.states().count("reconnecting") >= 6)
        assert session.stream.connections == 0 and session.connection is not Connection.LIVE
        sim.state.faults.refuse_stream = False
        await until(lambda: session.connection is Connection.LIVE)
        await session.stop()
        await client.aclose()
    changes = [e for e in recorder.events if isinstance(e, ConnectionChanged)]
    waits = [e for e in changes if e.retry_in is not None]
    assert waits and all(e.retry_in > 0 and e.detail for e in waits)  # type: ignore[operator]
    assert "409" in waits[0].detail or "stream" in waits[0].detail.lower()
    assert changes[0].state is Connection.CONNECTING and changes[-1].state is Connection.LIVE
    assert session.stream.connections == 1


async def test_invalid_lines_are_counted_and_the_stream_carries_on() -> None:
    with SimServer(seed=13, mentions_per_alert=4, mark_interval=0.1) as sim:
        recorder = Recorder()
        session, client = await open_session(sim, Store(), recorder)
        await until(lambda: session.connection is Connection.LIVE)
        for line in (b"{not json", b"[1, 2", b"\x1b]0;owned\x07"):
            sim.state.send_raw(line)
        added = int(sim.state.add_mention(sim.alert_ids[0])["id"])
        await until(lambda: added in recorder.arrived_ids())
        await session.stop()
        await client.aclose()
    assert session.invalid_lines == 3
    notices = [e.text for e in recorder.events if isinstance(e, Notice)]
    assert notices == ["Skipped a stream line that could not be read"]  # said once
    assert session.stream.connections == 1


async def test_a_restart_resumes_from_the_stored_cursor_past_the_backfill_window() -> None:
    with SimServer(seed=14, mentions_per_alert=40, mark_interval=0.1) as sim:
        admin = sim.alert_ids[0]
        ids = sorted(int(m["id"]) for m in sim.state.mentions(admin))
        store = Store()
        store.set_cursors({admin: ids[4]})  # the last run saw up to the fifth mention
        settings = SyncSettings(
            **{**SyncSettings.fast().__dict__, "backfill_page": 5, "backfill_limit": 5}
        )
        recorder = Recorder()
        session, client = await open_session(sim, store, recorder, settings, alert_ids=[admin])
        missed = set(ids[5:])  # every folder: the stream replays them all
        await until(lambda: missed <= set(recorder.arrived_ids()))
        await session.stop()
        await client.aclose()
    counts = Counter(recorder.arrived_ids())
    assert set(counts.values()) == {1}
    assert set(counts) == missed
    assert store.cursors() == {admin: ids[-1]}


async def test_a_mark_after_a_replay_flushes_it_at_once_and_says_the_burst_is_over() -> None:
    """A batch window far longer than the wait: only the mark can bring the rows in time."""
    with SimServer(seed=15, mentions_per_alert=12, mark_interval=0.1) as sim:
        store = Store()
        store.set_cursors({a: 1 for a in sim.alert_ids})  # replay everything
        settings = SyncSettings(
            **{**SyncSettings.fast().__dict__, "batch_window": 600.0, "backfill_limit": 0}
        )
        recorder = Recorder()
        session, client = await open_session(sim, store, recorder, settings)
        expected = {int(m["id"]) for a in sim.alert_ids for m in sim.state.mentions(a)}
        await until(lambda: set(recorder.arrived_ids()) == expected)
        # The copies were held while the replay poured in; the mark writes them, long
        # before the writer's own deadline (HOLD_FOR, 2 s).
        await until(lambda: len(store.all_mentions()) == len(expected), limit=1.0)
        assert store.cursors() == {a: max(ids_of(sim, a)) for a in sim.alert_ids}
        await asyncio.sleep(0.3)  # idle marks meanwhile: nothing more to say
        await session.stop()
        await client.aclose()
    arrivals = [e for e in recorder.events if isinstance(e, MentionsArrived) and e.newer]
    assert arrivals[-1].settled
    assert sum(e.settled for e in arrivals) == 1  # the keep-alives of an idle stream: none


def ids_of(sim: SimServer, alert_id: int) -> list[int]:
    return [int(m["id"]) for m in sim.state.mentions(alert_id)]
