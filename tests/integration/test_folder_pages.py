"""Folder views' older pages from the list endpoint (core/folder_pages.py), on the simulator."""

from __future__ import annotations

import math
from dataclasses import replace

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.folder_pages import Older
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


def _folder_calls(sim: SimServer, alert: int) -> list[dict[str, list[str]]]:
    path = f"/api/accounts/{sim.account_id}/alerts/{alert}/mentions"
    return [
        r.query
        for r in sim.state.request_log
        if r.method == "GET"
        and r.path == path
        and "since_id" not in r.query
        and r.query.get("folder") != ["inbox"]
    ]


async def test_archive_pages_to_the_end_within_budget_and_a_restore_reaches_the_sim() -> None:
    with SimServer(seed=3, mentions_per_alert=20, history={"archive": 32}) as sim:
        alert = sim.alert_ids[0]
        settings = replace(SyncSettings.fast(), folder_page=10)
        session, client = await open_session(sim, Store(":memory:"), Recorder(), settings, [alert])
        archived = {int(m["id"]) for m in sim.state.mentions(alert) if m["folder"] == "archive"}
        held = {r.id for r in session.rows() if r.folder == "archive"}
        assert len(archived - held) >= 32  # the old ones: only the service has them
        sim.state.clear_log()
        status = await session.older.more("archive")
        assert status.state is Older.MORE and status.loaded == 10
        while status.state is not Older.DONE:
            status = await session.older.more("archive")
        assert {r.id for r in session.rows() if r.folder == "archive"} == archived
        assert len(session.rows()) == len({r.id for r in session.rows()})  # none twice
        calls = _folder_calls(sim, alert)
        assert len(calls) == math.ceil(len(archived) / 10)  # one call a page, none again
        assert calls[0] == {"folder": ["archive"], "limit": ["10"]}  # only what it means
        assert (await session.older.more("archive")).state is Older.DONE
        assert len(_folder_calls(sim, alert)) == len(calls)  # the end is not asked again

        oldest = min(archived)
        session.curate([oldest], {"folder": "inbox"})
        await until(lambda: sim.state.mention(alert, oldest)["folder"] == "inbox")
        await session.stop()
        await client.aclose()


async def test_a_failed_page_is_said_and_the_next_call_tries_again() -> None:
    with SimServer(seed=3, mentions_per_alert=10, history={"trash": 8}) as sim:
        alert = sim.alert_ids[0]
        settings = replace(SyncSettings.fast(), folder_page=5)
        session, client = await open_session(sim, Store(":memory:"), Recorder(), settings, [alert])
        sim.state.faults.fail_lists = 1
        status = await session.older.more("trash")
        assert status.state is Older.FAILED and status.detail and "\n" not in status.detail
        status = await session.older.more("trash")
        assert status.state in (Older.MORE, Older.DONE) and status.loaded == 5
        await session.stop()
        await client.aclose()


async def test_the_budget_holds_back_calls_and_is_kept_across_runs(tmp_path) -> None:
    with SimServer(seed=3, mentions_per_alert=10, history={"archive": 30}) as sim:
        alert = sim.alert_ids[0]
        settings = replace(SyncSettings.fast(), folder_page=5, folder_calls_per_day=2)
        store = Store(str(tmp_path / "state.db"))
        session, client = await open_session(sim, store, Recorder(), settings, [alert])
        sim.state.clear_log()
        for _ in range(2):
            assert (await session.older.more("favorites")).state is not Older.LIMITED
        status = await session.older.more("archive")
        assert status.state is Older.LIMITED and "list calls" in status.detail
        assert len(_folder_calls(sim, alert)) == 2
        assert _folder_calls(sim, alert)[0] == {"favorite": ["1"], "limit": ["5"]}
        await session.stop()
        await client.aclose()
        again, client = await open_session(
            sim, Store(str(tmp_path / "state.db")), Recorder(), settings, [alert]
        )
        assert (await again.older.more("archive")).state is Older.LIMITED
        assert len(_folder_calls(sim, alert)) == 2
        await again.stop()
        await client.aclose()
