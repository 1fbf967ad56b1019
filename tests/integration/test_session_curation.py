"""Curation through a Session on the simulator: coalescing, refusals, undo and redo."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.api import AsyncMentionClient, CurateRequest
from triage_tui.core.convert import unpack_row
from triage_tui.core.events import ActionFailed, MentionChanged
from triage_tui.core.permissions import Action
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=30, mark_interval=0.2) as server:
        yield server


def _puts(sim: SimServer, mention_id: int) -> list[tuple[dict[str, object] | None, int]]:
    return [
        (r.body, r.status)
        for r in sim.state.request_log
        if r.method == "PUT" and r.path.endswith(f"/mentions/{mention_id}")
    ]


def _plain(sim: SimServer, alert_id: int) -> list[int]:
    """Mentions the service lets every level curate (no per-mention refusals)."""
    return [
        int(m["id"])
        for m in sim.state.mentions(alert_id)
        if all(m.get("permissions", {}).get(k) is not False for k in ("favorite", "edit"))
        and m.get("permissions", {}).get("change_folder") is not False
        and m["folder"] != "trash"
    ]


async def test_consecutive_actions_on_one_mention_go_out_as_one_put(sim: SimServer) -> None:
    session, client = await open_session(sim, Store(), Recorder())
    admin = sim.alert_ids[0]
    a, b = [i for i in _plain(sim, admin) if session.row(i)][:2]
    sim.state.clear_log()
    # Keys pressed faster than the sender runs: it gets no turn between these calls.
    session.curate([a], {"read": True})
    session.curate([a], {"tone": 1})
    session.curate([a], {"read": False})
    session.curate([b], {"favorite": True})
    session.curate([b], {"read": False})  # after a favorite: must stay a second PUT
    assert session.pending == 3
    await until(lambda: session.store.outbox_count() == 0)
    await session.stop()
    await client.aclose()
    assert _puts(sim, a) == [({"read": False, "tone": 1}, 200)]
    assert _puts(sim, b) == [({"favorite": True}, 200), ({"read": False}, 200)]
    held_a, held_b = sim.state.mention(admin, a), sim.state.mention(admin, b)
    assert (held_a["read"], held_a["tone"]) == (False, 1)  # type: ignore[index]
    assert (held_b["favorite"], held_b["read"]) == (True, False)  # type: ignore[index]


async def test_400_and_403_drop_the_action_report_it_and_restore_the_truth(
    sim: SimServer,
) -> None:
    recorder = Recorder()
    session, client = await open_session(sim, Store(), recorder)
    admin, write = sim.alert_ids[:2]
    bad = _plain(sim, admin)[0]
    gone = _plain(sim, write)[0]
    folder_before = sim.state.mention(admin, bad)["folder"]  # type: ignore[index]
    tone_before = sim.state.mention(write, gone)["tone"]  # type: ignore[index]
    new_tone = 1 if tone_before != 1 else -1
    sim.state.set_permission(write, "read")  # taken away after the session opened
    sim.state.clear_log()
    assert session.curate([bad], {"folder": "no-such-folder"}) == 1
    assert session.curate([gone], {"tone": new_tone}) == 1
    assert session.row(gone).tone == new_tone  # type: ignore[union-attr]  # optimistic
    await until(lambda: len([e for e in recorder.events if isinstance(e, ActionFailed)]) == 2)
    await until(lambda: session.store.outbox_count() == 0)
    await until(lambda: session.row(gone).tone == tone_before)  # type: ignore[union-attr]
    await session.stop()
    await client.aclose()
    failed = {e.mention_id: e.reason for e in recorder.events if isinstance(e, ActionFailed)}
    assert set(failed) == {bad, gone}
    assert "folder" in failed[bad] and "not allowed" in failed[gone]
    assert [s for _, s in _puts(sim, bad)] == [400]  # dropped: never retried
    assert [s for _, s in _puts(sim, gone)] == [403]
    assert session.row(bad).folder == folder_before  # type: ignore[union-attr]
    assert session.pending == 0


async def test_read_only_mentions_are_skipped_not_sent(sim: SimServer) -> None:
    session, client = await open_session(sim, Store(), Recorder())
    read_only = sim.alert_ids[2]
    ids = [r.id for r in session.rows() if r.alert_id == read_only][:3]
    assert ids and session.curate(ids, {"read": True}) == 0
    assert session.why_not(Action.READ, ids[0]) is not None
    assert session.store.outbox_count() == 0 and session.undo() is None
    await session.stop()
    await client.aclose()


async def test_undo_and_redo_a_bulk_action_as_one_step(sim: SimServer) -> None:
    recorder = Recorder()
    session, client = await open_session(sim, Store(), recorder)
    admin = sim.alert_ids[0]
    ids = [i for i in _plain(sim, admin) if session.row(i)][:3]
    before = {i: dict(sim.state.mention(admin, i)) for i in ids}  # type: ignore[arg-type]

    def held(i: int) -> tuple[object, ...]:
        m = sim.state.mention(admin, i)
        assert m is not None and "trashed" not in m  # real mentions carry the folder only
        return (m["favorite"], m["read"], m["folder"], m["folder"] == "trash")

    def was(i: int) -> tuple[object, ...]:
        m = before[i]
        return (m["favorite"], m["read"], m["folder"], m["folder"] == "trash")

    assert session.curate(ids, {"favorite": True}) == 3
    assert session.curate(ids, {"trashed": True}) == 3
    changed = [e for e in recorder.events if isinstance(e, MentionChanged)]
    assert len(changed) == 6  # one per row per action, at once
    await until(lambda: all(held(i)[::3] == (True, True) for i in ids))
    assert all(session.row(i).folder == "trash" for i in ids)  # type: ignore[union-attr]

    assert session.undo() is not None  # the trash, all three at once
    await until(lambda: all(held(i)[2] == was(i)[2] and held(i)[3] is False for i in ids))
    assert session.undo() is not None  # the favorite: read comes back too
    await until(lambda: session.store.outbox_count() == 0)
    await until(lambda: all(held(i) == was(i) for i in ids))
    assert session.undo() is None

    assert session.redo() is not None
    await until(lambda: all(held(i)[:2] == (True, True) for i in ids))
    session.curate([ids[0]], {"tone": 1})  # a new action: nothing left to redo
    assert session.redo() is None
    await until(lambda: session.store.outbox_count() == 0)
    await session.stop()
    await client.aclose()
    assert all(session.row(i).favorite for i in ids)  # type: ignore[union-attr]


async def test_mark_seen_read_only_those_and_mark_all_read(sim: SimServer) -> None:
    session, client = await open_session(sim, Store(), Recorder())
    admin = sim.alert_ids[0]
    unread = [i for i in _plain(sim, admin) if session.row(i) and not session.row(i).read]  # type: ignore[union-attr]
    assert len(unread) >= 3
    first, rest = unread[:2], unread[2:]
    assert session.mark_seen_read(first) == 2
    await until(lambda: session.store.outbox_count() == 0)
    assert all(sim.state.mention(admin, i)["read"] for i in first)  # type: ignore[index]
    assert not any(sim.state.mention(admin, i)["read"] for i in rest)  # type: ignore[index]
    await session.mark_all_read(admin)
    assert all(m["read"] for m in sim.state.mentions(admin))
    assert all(r.read for r in session.rows() if r.alert_id == admin)
    stored = [unpack_row(p) for _, a, p, _ in session.store.cached_rows() if a == admin and p]
    assert stored and all(r.read for r in stored)  # a restart shows them read too
    tag = await session.create_tag(admin, "Follow up")
    assert tag.id in {t.id for t in session.tags[admin]}
    # A parent the session holds (it back-fills the inbox only).
    parent = next(
        m
        for m in sim.state.mentions(admin)
        if m["children"]["total"] and session.row(int(m["id"])) is not None
    )
    children = await session.load_children(int(parent["id"]))
    assert len(children) == parent["children"]["total"]
    assert all(c.parent_id == parent["id"] or c.alert_id == admin for c in children)
    await session.stop()
    await client.aclose()


async def test_undo_restores_favorite_yet_unread_in_two_puts(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    target = _plain(sim, admin)[0]
    async with AsyncMentionClient(sim.token, sim.api_url, sim.stream_url) as other:
        await other.curate_mention(sim.account_id, admin, target, CurateRequest(favorite=True))
        await other.curate_mention(sim.account_id, admin, target, CurateRequest(read=False))
    session, client = await open_session(sim, Store(), Recorder())
    assert session.curate([target], {"favorite": False}) == 1
    await until(lambda: session.store.outbox_count() == 0)
    assert session.undo() is not None
    row = session.row(target)
    assert row is not None and (row.favorite, row.read) == (True, False)
    await until(lambda: session.store.outbox_count() == 0)
    await session.stop()
    await client.aclose()
    held = sim.state.mention(admin, target)
    assert held is not None and (held["favorite"], held["read"]) == (True, False)
    assert [b for b, _ in _puts(sim, target)][-2:] == [{"favorite": True}, {"read": False}]


async def test_a_restart_shows_changes_made_elsewhere_but_keeps_waiting_ones(
    sim: SimServer, tmp_path: Path
) -> None:
    admin = sim.alert_ids[0]
    path = tmp_path / "state.db"
    session, client = await open_session(sim, Store(path), Recorder())
    changed, waiting = [i for i in _plain(sim, admin) if session.row(i)][:2]
    tone = session.row(changed).tone  # type: ignore[union-attr]
    await session.stop()
    await client.aclose()
    async with AsyncMentionClient(sim.token, sim.api_url, sim.stream_url) as other:
        new_tone = 1 if tone != 1 else -1
        await other.curate_mention(sim.account_id, admin, changed, CurateRequest(tone=new_tone))
    store = Store(path)
    store.outbox_add(waiting, admin, {"tone": 1 if tone != 1 else -1})
    store.outbox_add(waiting, admin, {"read": True})
    # The back-fill brings the service's copies: a waiting action is not painted over.
    session, client = await open_session(sim, store, Recorder())
    assert session.row(changed).tone == new_tone  # type: ignore[union-attr]
    assert session.row(waiting).read is True  # type: ignore[union-attr]
    await until(lambda: session.store.outbox_count() == 0)
    await session.stop()
    await client.aclose()
    assert sim.state.mention(admin, waiting)["read"] is True  # type: ignore[index]


async def test_a_live_arrival_curated_at_once_keeps_the_services_answer_on_disk(
    sim: SimServer, tmp_path: Path
) -> None:
    # The arrival's copy is written behind, off the event loop; the accepted PUT's copy
    # must land after it, or a restart would show the mention uncurated.
    store = Store(tmp_path / "state.db")
    session, client = await open_session(sim, store, Recorder())
    admin = sim.alert_ids[0]
    added = sim.state.add_mention(admin, read=False, tone=0, folder="inbox")
    new_id = int(added["id"])
    await until(lambda: session.row(new_id) is not None)
    session.curate([new_id], {"read": True, "tone": 1})
    await until(lambda: session.store.outbox_count() == 0)
    await session.stop()  # waits for the writer
    await client.aclose()
    raw = Store(tmp_path / "state.db").mention_json(new_id)
    assert raw is not None
    stored = json.loads(raw)
    assert (stored["read"], stored["tone"]) == (True, 1)
    held = sim.state.mention(admin, new_id)
    assert held is not None and (held["read"], held["tone"]) == (True, 1)
