"""The feed snapshot (core/feed_snapshot.py) against a real store and a real start: a
start from it holds exactly what the store holds, whoever wrote what since it was built,
and a start that reads enough rows has it built by a real child process."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.integration.conftest import Recorder, open_session, stored_then_gone, until
from triage_tui.core import cached_load, feed_snapshot, snapshot_build
from triage_tui.core.convert import pack_row
from triage_tui.core.events import Connection, MentionsArrived, Notice
from triage_tui.core.feed_order import sort_key
from triage_tui.core.feed_snapshot import SnapshotRead
from triage_tui.core.lease import held_alone
from triage_tui.core.rows import FeedRow
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def _stored(tmp_path: Path) -> tuple[SimServer, Path, dict[int, FeedRow]]:
    """A state database holding a session's mentions, the service gone since: the
    stopped simulator (nothing listens at its address), the database, its rows."""
    path = tmp_path / "state.db"
    sim, held = await stored_then_gone(path, seed=7, mentions_per_alert=30)
    return sim, path, held


async def _start(
    sim: SimServer, path: Path, settings: SyncSettings | None = None
) -> tuple[list[FeedRow], list[list[FeedRow]]]:
    """An offline start on `path`: every row it holds (newest first) and its parts."""
    recorder = Recorder()
    store = Store(path)
    session, client = await open_session(sim, store, recorder, settings)
    try:
        parts = [e.rows for e in recorder.events if isinstance(e, MentionsArrived)]
        return [dataclasses.replace(r) for r in session.feed.rows()], parts
    finally:
        await session.stop()
        await client.aclose()
        store.close()


def _no_unpacking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any read of the packed rows fails the test: the start must use the snapshot."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the start unpacked the packed rows")

    monkeypatch.setattr(Store, "iter_cached_rows", refuse)


async def test_a_start_reads_the_snapshot_and_what_was_written_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim, path, held = await _stored(tmp_path)
    assert snapshot_build.build(str(path)) == len(held) > 50

    # Since: another process stores a new mention and a copy of an old one changed by the
    # service, this app's mark-all-read updates an alert's rows, and one is forgotten.
    rows = sorted(held.values(), key=sort_key)
    newest, oldest = rows[0], rows[-1]
    new = dataclasses.replace(newest, id=max(held) + 1, published_ns=newest.published_ns + 1)
    changed = dataclasses.replace(oldest, tone=-1, folder="archive", tag_ids=(7, 8))
    other = Store(path)  # its own connection, as another app's
    other.put_mentions([(new.id, new.alert_id, "{}", pack_row(new))])
    other.put_mentions([(changed.id, changed.alert_id, "{}", pack_row(changed))])
    other.close()
    gone = rows[len(rows) // 2]
    alert = rows[1].alert_id
    store = Store(path)
    store.mark_alert_read(alert)
    store._run("DELETE FROM mentions WHERE id = ?", (gone.id,))
    store.close()

    expected = {**held, new.id: new, changed.id: changed}
    del expected[gone.id]
    for row in expected.values():
        if row.alert_id == alert:
            row.read = True
    _no_unpacking(monkeypatch)
    got, parts = await _start(sim, path)

    assert [r.id for r in got] == [r.id for r in sorted(expected.values(), key=sort_key)]
    assert {r.id: r for r in got} == expected
    # Newest first part by part: each lands below the ones before it.
    assert [r.id for part in parts for r in part] == [r.id for r in got]
    assert parts[0][0].id == new.id


async def test_the_snapshot_gives_the_rows_unpacking_gives(tmp_path: Path) -> None:
    sim, path, held = await _stored(tmp_path)
    unpacked, _ = await _start(sim, path)
    snapshot_build.build(str(path))
    assert SnapshotRead(str(path)).usable
    from_snapshot, _ = await _start(sim, path)
    assert from_snapshot == unpacked
    assert {r.id for r in from_snapshot} == set(held)


async def test_a_snapshot_of_another_format_or_damaged_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim, path, held = await _stored(tmp_path)
    snapshot_build.build(str(path))
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE feed_snapshot SET format = 'feed-snapshot 0 vax'")
    assert not SnapshotRead(str(path)).usable
    got, _ = await _start(sim, path)
    assert {r.id for r in got} == set(held)

    monkeypatch.setattr(feed_snapshot, "FIRST_ROWS", 20)
    monkeypatch.setattr(feed_snapshot, "PART_ROWS", 20)
    snapshot_build.build(str(path))
    with closing(sqlite3.connect(path)) as db, db:  # the second part loses its titles
        db.execute("UPDATE feed_snapshot SET titles = 'x' WHERE part = 1")
    read = SnapshotRead(str(path))
    parts = list(read.parts())
    read.close()
    assert len(parts) == 4 and feed_snapshot.decode(parts[0])
    with pytest.raises(feed_snapshot.Damaged):
        feed_snapshot.decode(parts[1])
    got, _ = await _start(sim, path)
    assert {r.id: r for r in got} == held  # the rest unpacked, nothing twice


async def test_a_large_start_has_the_snapshot_built_by_a_child_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim, path, held = await _stored(tmp_path)
    settings = dataclasses.replace(SyncSettings.fast(), snapshot_from=len(held))
    recorder = Recorder()
    store = Store(path)
    session, client = await open_session(sim, store, recorder, settings)
    try:
        await until(lambda: SnapshotRead(str(path)).usable, limit=60)
    finally:
        await session.stop()
        await client.aclose()
        store.close()
    monkeypatch.setattr(cached_load, "FIRST_PART", 5)
    _no_unpacking(monkeypatch)
    got, parts = await _start(sim, path)
    assert {r.id: r for r in got} == held
    assert len(parts[0]) == 5  # the first screenful still shows on its own


def test_one_build_at_a_time(tmp_path: Path) -> None:
    path = str(tmp_path / "state.db")
    Store(path).close()
    with held_alone(f"{path}.snapshot-lock") as mine:
        assert mine
        assert snapshot_build.build(path) == -1
    assert snapshot_build.build(path) == 0


async def test_a_write_during_a_build_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another app writes while the build reads: the build's snapshot lacks the write,
    and the note of it outlives the build, so the next start reads it as stored."""
    sim, path, held = await _stored(tmp_path)
    newest = max(held.values(), key=lambda r: r.published_ns)
    new = dataclasses.replace(newest, id=max(held) + 1, published_ns=newest.published_ns + 1)
    changed = dataclasses.replace(min(held.values(), key=lambda r: r.id), tone=-1)
    encode = snapshot_build.encode
    wrote: list[bool] = []

    def encode_and_write(rows: list[FeedRow]) -> feed_snapshot.Part:
        if not wrote:
            wrote.append(True)
            other = Store(path)  # another app's connection, mid-build
            other.put_mentions([(new.id, new.alert_id, "{}", pack_row(new))])
            other.put_mentions([(changed.id, changed.alert_id, "{}", pack_row(changed))])
            other.close()
        return encode(rows)

    monkeypatch.setattr(snapshot_build, "encode", encode_and_write)
    assert snapshot_build.build(str(path)) == len(held)  # what it read: not the writes
    assert wrote
    _no_unpacking(monkeypatch)
    got, _ = await _start(sim, path)
    assert {r.id: r for r in got} == {**held, new.id: new, changed.id: changed}


async def test_a_date_past_64_bits_is_read_the_slow_way(tmp_path: Path) -> None:
    sim, path, held = await _stored(tmp_path)
    odd = dataclasses.replace(next(iter(held.values())), published_ns=10**21)  # year ~33,000
    store = Store(path)
    store.put_mentions([(odd.id, odd.alert_id, "{}", pack_row(odd))])
    store.close()
    assert snapshot_build.build(str(path)) == len(held) - 1  # all but that one
    got, _ = await _start(sim, path)
    assert {r.id: r for r in got} == {**held, odd.id: odd}


async def test_a_build_that_fails_is_said_once_and_the_app_goes_on(tmp_path: Path) -> None:
    """The child cannot open the database (here: a folder where the file should be): its
    last line comes back, the session says it once as a warning, and nothing else stops."""
    with pytest.raises(RuntimeError, match="exit 1"):
        await snapshot_build.build_apart(str(tmp_path))
    with SimServer(seed=7, mentions_per_alert=4, mark_interval=0.2) as sim:
        recorder = Recorder()
        store = Store(tmp_path / "state.db")
        session, client = await open_session(sim, store, recorder)
        try:
            store.path = str(tmp_path)  # where the child will fail
            await session._build_snapshot()
            warnings = [e.text for e in recorder.events if isinstance(e, Notice)]
            assert any("start-up snapshot was not built" in w for w in warnings)
            assert session.connection is not Connection.OFFLINE  # the session goes on
        finally:
            store.path = str(tmp_path / "state.db")
            await session.stop()
            await client.aclose()
            store.close()


async def test_a_start_watching_some_alerts_takes_only_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim, path, held = await _stored(tmp_path)
    snapshot_build.build(str(path))
    one = sim.alert_ids[0]
    _no_unpacking(monkeypatch)
    store = Store(path)
    session, client = await open_session(sim, store, Recorder(), alert_ids=[one])
    try:
        got = {r.id: r for r in session.feed.rows()}
    finally:
        await session.stop()
        await client.aclose()
        store.close()
    assert got == {i: r for i, r in held.items() if r.alert_id == one} and got
