"""Offline start: cached mentions and waiting actions open with the service down, and
everything syncs once it is back (on the same address)."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.integration.conftest import Recorder, open_session, stored_then_gone, until
from triage_tui.api import AsyncMentionClient, CurateRequest
from triage_tui.core import cached_load
from triage_tui.core.events import Connection, MentionsArrived, SessionEvent
from triage_tui.core.feed_order import found_key, sort_key
from triage_tui.core.rows import FeedRow
from triage_tui.core.session import Session
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def test_offline_start_then_sync(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    first = SimServer(seed=6, mentions_per_alert=8, mark_interval=0.2).start()
    port = first.port
    session, client = await open_session(first, Store(path), Recorder())
    held = {r.id for r in session.rows()}
    admin = first.alert_ids[0]
    target = next(r.id for r in session.rows() if r.alert_id == admin)
    await session.stop()
    await client.aclose()
    first.stop()  # the service goes away

    recorder = Recorder()
    offline, client = await open_session(first, Store(path), recorder)  # nothing listens
    assert offline.connection is Connection.OFFLINE or "offline" in recorder.states()
    assert {r.id for r in offline.rows()} == held  # the cached mentions
    offline.curate([target], {"tone": -1})  # triage goes on
    assert offline.store.outbox_count() == 1

    second = SimServer(seed=6, mentions_per_alert=8, mark_interval=0.2, port=port).start()
    try:
        # Meanwhile someone else read another cached mention, and a new one came in.
        other = next(
            m
            for m in second.state.mentions(admin)
            if int(m["id"]) != target and m["folder"] == "inbox" and not m["read"]
        )
        other_id = int(other["id"])
        async with AsyncMentionClient(second.token, second.api_url, second.stream_url) as c:
            await c.curate_mention(second.account_id, admin, other_id, CurateRequest(read=True))
        fresh = int(second.state.add_mention(admin)["id"])
        await until(lambda: second.state.mention(admin, target)["tone"] == -1, limit=30)
        await until(lambda: offline.store.outbox_count() == 0)
        await until(lambda: offline.row(other_id).read)  # type: ignore[union-attr]
        await until(lambda: fresh in recorder.arrived_ids())
        assert offline.connection is Connection.LIVE
    finally:
        await offline.stop()
        await client.aclose()
        second.stop()


async def test_a_damaged_packed_row_is_rebuilt_from_the_stored_mention(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with SimServer(seed=6, mentions_per_alert=4, mark_interval=0.2) as sim:
        session, client = await open_session(sim, Store(path), Recorder())
        rows = {r.id: r for r in session.rows()}
        await session.stop()
        await client.aclose()
    damaged = next(iter(rows))
    with closing(sqlite3.connect(path)) as db, db:  # a bad sector, an old bug: anything
        db.execute("UPDATE mentions SET row = 'not a row' WHERE id = ?", (damaged,))

    # The service is gone: the start shows the cache alone, the damaged row included.
    offline, client = await open_session(sim, Store(path), Recorder())
    try:
        assert {r.id for r in offline.rows()} == set(rows)
        again = offline.row(damaged)
        assert again is not None and again.title == rows[damaged].title
    finally:
        await offline.stop()
        await client.aclose()


async def _cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[SimServer, Path, dict[int, FeedRow]]:
    """A state database holding a session's mentions, the service gone since, and a
    start's parts made small (5, then 10 rows): the stopped simulator (its address is
    where nothing listens now), the database and the rows it holds."""
    path = tmp_path / "state.db"
    sim, held = await stored_then_gone(path, seed=6, mentions_per_alert=20)
    monkeypatch.setattr(cached_load, "FIRST_PART", 5)
    monkeypatch.setattr(cached_load, "PART", 10)
    return sim, path, held


async def test_a_large_cache_lands_newest_first_a_part_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first screenful is shown at once, each later part lands below the rows before
    it (nothing moves what is on screen), and the event loop runs between parts."""
    sim, path, held = await _cached(tmp_path, monkeypatch)
    turns: list[int] = []  # the number of parts shown at each turn of the loop

    recorder = Recorder()

    async def count_turns() -> None:
        while True:
            turns.append(sum(isinstance(e, MentionsArrived) for e in recorder.events))
            await asyncio.sleep(0)

    ticker = asyncio.create_task(count_turns())
    offline, client = await open_session(sim, Store(path), recorder)  # nothing listens
    ticker.cancel()
    try:
        parts = [e.rows for e in recorder.events if isinstance(e, MentionsArrived)]
        assert len(held) > 40 and sum(map(len, parts)) == len(held)
        assert [len(p) for p in parts[:3]] == [5, 10, 10]
        ordered = [r.id for p in parts for r in p]
        assert ordered == [r.id for r in sorted(held.values(), key=sort_key)]
        assert all(not e.newer for e in recorder.events if isinstance(e, MentionsArrived))
        # The loop turned between parts: the ticker saw the parts arrive one by one.
        assert set(range(1, len(parts))) <= set(turns)
    finally:
        await offline.stop()
        await client.aclose()


async def test_in_the_found_order_the_first_part_shows_and_the_rest_lands_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts in published order would land all over a list in the found order: after
    the first screenful the rest is held and taken in one go (one sort, not a merge per
    part)."""
    sim, path, held = await _cached(tmp_path, monkeypatch)
    recorder = Recorder()
    client = AsyncMentionClient(sim.token, sim.api_url, sim.stream_url)  # nothing listens
    offline = await Session.open(
        client, account_id=None, alert_ids=None, store=Store(path), on_event=recorder
    )
    offline.feed.set_order("found")
    await offline.start()
    try:
        parts = [e.rows for e in recorder.events if isinstance(e, MentionsArrived)]
        assert [len(p) for p in parts] == [5, len(held) - 5]
        assert [r.id for r in offline.feed.rows()] == [
            r.id for r in sorted(held.values(), key=found_key)
        ]
    finally:
        await offline.stop()
        await client.aclose()


async def test_quitting_mid_load_leaves_the_store_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app quits while the cached rows load: the read is closed, so closing the
    store folds its write-ahead log back (no -wal file left beside it)."""
    sim, path, _ = await _cached(tmp_path, monkeypatch)
    recorder = Recorder()
    loading: list[asyncio.Task[None]] = []

    def on_event(event: SessionEvent) -> None:
        recorder(event)
        if len(recorder.arrived_ids()) == 15:  # the second part: quit now
            loading[0].cancel()

    client = AsyncMentionClient(sim.token, sim.api_url, sim.stream_url)  # nothing listens
    store = Store(path)
    offline = await Session.open(
        client, account_id=None, alert_ids=None, store=store, on_event=on_event
    )
    loading.append(asyncio.create_task(offline.start()))
    try:
        await loading[0]
        raise AssertionError("the load was not stopped")
    except asyncio.CancelledError as error:
        kept = error  # as Textual's worker keeps it: its traceback holds the frames
    assert len(recorder.arrived_ids()) == 15
    await offline.stop()
    await client.aclose()
    store.close()
    assert not (tmp_path / "state.db-wal").exists()
    assert kept.__traceback__ is not None
