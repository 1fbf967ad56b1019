"""The stream supervisor on the simulator: 409 backoff, bad lines, resuming after a restart."""

from __future__ import annotations

import asyncio
from collections import Counter

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.events import Connection, ConnectionChanged, MentionsArrived, Notice
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def test_a_stream_held_elsewhere_is_polled_then_taken_back() -> None:
    """409 (the account's one stream is open elsewhere): the feed stays live from the
    list endpoint, the status says so with the next check, and the stream is taken back
    once it is free."""
    with SimServer(seed=12, mentions_per_alert=4, mark_interval=0.1) as sim:
        sim.state.faults.refuse_stream = True
        recorder = Recorder()
        session, client = await open_session(sim, Store(), recorder)
        await until(lambda: session.connection is Connection.POLLING)
        added = [int(sim.state.add_mention(a)["id"]) for a in sim.alert_ids]
        await until(lambda: set(added) <= set(recorder.arrived_ids()))
        assert session.stream.connections == 0
        sim.state.faults.refuse_stream = False
        await until(lambda: session.connection is Connection.LIVE)
        await session.stop()
        await client.aclose()
    changes = [e for e in recorder.events if isinstance(e, ConnectionChanged)]
    polling = [e for e in changes if e.state is Connection.POLLING]
    assert polling and all(
        e.retry_in and e.detail == "the stream is open elsewhere" for e in polling
    )
    assert changes[0].state is Connection.CONNECTING and changes[-1].state is Connection.LIVE
    assert session.stream.connections == 1
    lists = [r for r in sim.state.request_log if r.path.endswith("/mentions") and r.query]
    assert any("since_id" in r.query for r in lists)  # polled by since_id, per alert


async def test_two_apps_on_one_account_both_see_every_new_mention() -> None:
    with SimServer(seed=15, mentions_per_alert=4, mark_interval=0.1) as sim:
        first, second = Recorder(), Recorder()
        one, client_one = await open_session(sim, Store(), first)
        await until(lambda: one.connection is Connection.LIVE)
        two, client_two = await open_session(sim, Store(), second)
        await until(lambda: two.connection is Connection.POLLING)
        added = [int(sim.state.add_mention(a)["id"]) for a in sim.alert_ids for _ in range(3)]
        await until(lambda: set(added) <= set(first.arrived_ids()))
        await until(lambda: set(added) <= set(second.arrived_ids()))
        assert one.connection is Connection.LIVE and two.connection is Connection.POLLING
        for session, client in ((one, client_one), (two, client_two)):
            await session.stop()
            await client.aclose()


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
