"""A capped replay is filled from the list endpoint; undo survives a restart."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.events import Notice
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def test_capped_replay_is_filled_from_the_list_endpoint() -> None:
    with SimServer(seed=8, mentions_per_alert=30, mark_interval=0.1) as sim:
        sim.state.faults.stream_history_cap = 7
        store = Store()
        store.set_cursors({a: 1 for a in sim.alert_ids})  # everything is "missed"
        settings = SyncSettings(
            **{**SyncSettings.fast().__dict__, "backfill_limit": 0, "backfill_page": 10}
        )
        recorder = Recorder()
        session, client = await open_session(sim, store, recorder, settings)
        everything = {int(m["id"]) for a in sim.alert_ids for m in sim.state.mentions(a)}
        await until(lambda: set(recorder.arrived_ids()) >= everything)
        await session.stop()
        await client.aclose()
    counts = Counter(recorder.arrived_ids())
    assert set(counts) == everything and set(counts.values()) == {1}
    notices = [e for e in recorder.events if isinstance(e, Notice)]
    assert len(notices) == 1 and "capped" in notices[0].text  # said once


async def test_undo_after_a_restart_sends_the_previous_value(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with SimServer(seed=9, mentions_per_alert=10, mark_interval=0.2) as sim:
        admin = sim.alert_ids[0]
        session, client = await open_session(sim, Store(path), Recorder())
        rows = [r for r in session.rows() if r.alert_id == admin][:3]
        before = {r.id: r.folder for r in rows}
        assert session.curate([r.id for r in rows], {"folder": "archive"}) == 3  # one step
        await until(lambda: all(sim.state.mention(admin, i)["folder"] == "archive" for i in before))
        await session.stop()
        await client.aclose()
        session, client = await open_session(sim, Store(path), Recorder())
        assert session.undo() is not None
        await until(lambda: all(sim.state.mention(admin, i)["folder"] == before[i] for i in before))
        assert session.redo() is not None
        await until(lambda: all(sim.state.mention(admin, i)["folder"] == "archive" for i in before))
        await session.stop()
        await client.aclose()
