"""The stats screen's older mentions from the list endpoint (core/alert_history.py), on the
simulator: counted against their own budget share, joined to the one feed model."""

from __future__ import annotations

import math
from dataclasses import replace

from tests.integration.conftest import Recorder, open_session
from triage_tui.core.alert_history import Past
from triage_tui.core.alert_stats import DAY_NS, DAYS, alert_stats
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


def _list_calls(sim: SimServer, alert: int) -> list[dict[str, list[str]]]:
    path = f"/api/accounts/{sim.account_id}/alerts/{alert}/mentions"
    return [
        r.query
        for r in sim.state.request_log
        if r.method == "GET" and r.path == path and "since_id" not in r.query
    ]


def _window(sim: SimServer) -> dict[str, int]:
    now_ns = int(sim.now * 1e9)
    return {"before_ns": now_ns + DAY_NS, "since_ns": now_ns - DAYS * DAY_NS}


async def test_older_mentions_of_every_folder_join_the_feed_within_the_pages_and_budget() -> None:
    history = {"archive": 30, "trash": 8, "spam": 6, "inbox": 4}
    with SimServer(seed=5, mentions_per_alert=20, history=history) as sim:
        alert = sim.alert_ids[0]
        settings = replace(SyncSettings.fast(), history_page=25)
        session, client = await open_session(sim, Store(":memory:"), Recorder(), settings, [alert])
        truth = {int(m["id"]) for m in sim.state.mentions(alert)}
        before = alert_stats(session.rows(), alert, sim.now)
        assert before.last_30d < len(truth)  # the back-fill holds the inbox's newest only
        sim.state.clear_log()

        status = await session.past.load(alert, **_window(sim))
        assert status.state is Past.DONE and status.loaded == len(truth)
        after = alert_stats(session.rows(), alert, sim.now)
        assert after.held == after.last_30d == len(truth)  # every folder, none twice
        assert len(session.rows()) == len({r.id for r in session.rows()})
        calls = _list_calls(sim, alert)
        assert len(calls) == math.ceil((len(truth) + 1) / 25)  # one call a page
        assert calls[0]["limit"] == ["25"] and "folder" not in calls[0]
        assert session.past.budget.used(alert) == len(calls)
        assert not session.store.cursors() or all(  # no cursor moved past the stream's
            cursor <= max(truth) for cursor in session.store.cursors().values()
        )

        # Loaded in this session: opening the screen again asks nothing.
        assert (await session.past.load(alert, **_window(sim))).state is Past.DONE
        assert len(_list_calls(sim, alert)) == len(calls)
        await session.stop()
        await client.aclose()


async def test_pages_per_load_and_the_budget_hold_calls_back_and_are_said(tmp_path) -> None:
    with SimServer(seed=5, mentions_per_alert=10, history={"archive": 60}) as sim:
        alert = sim.alert_ids[0]
        settings = replace(
            SyncSettings.fast(), history_page=10, history_pages=2, history_calls_per_day=3
        )
        store = Store(str(tmp_path / "state.db"))
        session, client = await open_session(sim, store, Recorder(), settings, [alert])
        sim.state.clear_log()
        status = await session.past.load(alert, **_window(sim))
        assert status.state is Past.PARTIAL and status.loaded == 20  # two pages, no more
        assert len(_list_calls(sim, alert)) == 2
        await session.stop()
        await client.aclose()

        # The next run's budget remembers the two calls: one more, then held back.
        session, client = await open_session(sim, store, Recorder(), settings, [alert])
        sim.state.clear_log()
        status = await session.past.load(alert, **_window(sim))
        assert status.state is Past.LIMITED and "list calls" in status.detail
        assert status.loaded == 10 and len(_list_calls(sim, alert)) == 1
        await session.stop()
        await client.aclose()


async def test_a_failed_call_is_one_line_and_the_next_load_tries_again() -> None:
    with SimServer(seed=5, mentions_per_alert=10, history={"archive": 5}) as sim:
        alert = sim.alert_ids[0]
        session, client = await open_session(sim, Store(":memory:"), Recorder(), None, [alert])
        sim.state.faults.fail_lists = 1
        status = await session.past.load(alert, **_window(sim))
        assert status.state is Past.FAILED and status.detail and "\n" not in status.detail
        status = await session.past.load(alert, **_window(sim))
        assert status.state is Past.DONE and status.loaded > 0
        await session.stop()
        await client.aclose()
