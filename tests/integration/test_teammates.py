"""Teammates' changes to the mentions on screen come back from the service (issue 21):
the list endpoint's window of the mentions on screen, within their own budget; the
user's waiting action still goes out, and the user is told it overrides someone's."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.api import AsyncMentionClient, CurateRequest
from triage_tui.api.models import Mention
from triage_tui.core.events import ActionFailed, Notice
from triage_tui.core.rows import FeedRow
from triage_tui.core.session import Session
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


def _notices(recorder: Recorder) -> list[str]:
    return [e.text for e in recorder.events if isinstance(e, Notice)]


async def test_a_teammates_change_on_screen_shows_and_is_said() -> None:
    with SimServer(seed=5, mentions_per_alert=8) as sim:
        recorder = Recorder()
        session, client = await open_session(sim, Store(":memory:"), recorder)
        other = AsyncMentionClient(sim.token, sim.api_url, sim.stream_url)
        try:
            await until(lambda: len(session.rows()) >= 8)
            alert = sim.alert_ids[0]
            row = next(r for r in session.rows() if r.alert_id == alert and r.folder == "inbox")
            others = [r.id for r in session.rows() if r.alert_id == alert][:5]
            session.watch_on_screen([row.id, *others])
            sim.state.clear_log()
            await other.curate_mention(
                sim.account_id, alert, row.id, CurateRequest(folder="archive")
            )
            await until(lambda: row.folder == "archive")
            assert any("changed on the service" in text for text in _notices(recorder))
            # One list call per alert on screen per interval, with the on-screen window.
            lists = [
                r
                for r in sim.state.request_log
                if r.method == "GET" and "/alerts/" in r.path and r.path.endswith("/mentions")
            ]
            assert lists and all(f"/alerts/{alert}/" in r.path for r in lists)
            assert all({"before_date", "not_before_date"} <= set(r.query) for r in lists)
        finally:
            await session.stop()
            await client.aclose()
            await other.aclose()


async def test_nothing_on_screen_asks_nothing() -> None:
    with SimServer(seed=5, mentions_per_alert=4) as sim:
        recorder = Recorder()
        session, client = await open_session(sim, Store(":memory:"), recorder)
        try:
            await until(lambda: len(session.rows()) >= 4)
            await asyncio.sleep(0.3)
            sim.state.clear_log()
            await asyncio.sleep(0.6)  # three intervals
            lists = [
                r
                for r in sim.state.request_log
                if r.method == "GET" and "/alerts/" in r.path and r.path.endswith("/mentions")
            ]
            assert lists == []
        finally:
            await session.stop()
            await client.aclose()


async def test_a_waiting_action_still_goes_out_and_the_override_is_said() -> None:
    with SimServer(seed=5, mentions_per_alert=8) as sim:
        recorder = Recorder()
        session, client = await open_session(sim, Store(":memory:"), recorder)
        other = AsyncMentionClient(sim.token, sim.api_url, sim.stream_url)
        try:
            await until(lambda: len(session.rows()) >= 8)
            alert = sim.alert_ids[0]
            row = next(
                r
                for r in session.rows()
                if r.alert_id == alert and r.folder == "inbox" and r.tone != 1
            )
            # A teammate archives it; then the user sets its tone while the service fails
            # our PUTs, so the action waits in the outbox when the refresh comes.
            await other.curate_mention(
                sim.account_id, alert, row.id, CurateRequest(folder="archive")
            )
            sim.state.faults.put_failure_rate = 1.0
            session.curate([row.id], {"tone": 1})
            session.watch_on_screen([row.id])
            await until(lambda: any("your change is still sent" in t for t in _notices(recorder)))
            said = next(t for t in _notices(recorder) if "your change is still sent" in t)
            assert "folder" in said and "tone" not in said
            assert row.tone == 1  # the user's change stays on screen
            sim.state.faults.put_failure_rate = 0.0
            await until(lambda: sim.state.mention(alert, row.id)["tone"] == 1)  # type: ignore[index]
            assert sim.state.mention(alert, row.id)["folder"] == "archive"  # type: ignore[index]
        finally:
            await session.stop()
            await client.aclose()
            await other.aclose()


@dataclass
class _Refused:
    """An open session over a simulator, and one of its rows with the service's copy
    (`truth`), fetched by another client before the user acts on it."""

    sim: SimServer
    session: Session
    recorder: Recorder
    row: FeedRow
    truth: Mention

    def act(self) -> None:
        """The user changes the row's tone (the service is about to refuse it)."""
        self.session.curate([self.row.id], {"tone": 1 if self.row.tone != 1 else -1})

    def page(self) -> None:
        """A list page brings the service's copy."""
        self.session.intake.take([self.truth], newer=False, fetched_at=self.session.curator.clock)

    def said_changed(self) -> bool:
        return any("changed on the service" in text for text in _notices(self.recorder))


@asynccontextmanager
async def _refused() -> AsyncIterator[_Refused]:
    with SimServer(seed=5, mentions_per_alert=4) as sim:
        recorder = Recorder()
        session, client = await open_session(sim, Store(":memory:"), recorder)
        other = AsyncMentionClient(sim.token, sim.api_url, sim.stream_url)
        try:
            await until(lambda: len(session.rows()) >= 4)
            alert = sim.alert_ids[0]
            row = next(r for r in session.rows() if r.alert_id == alert)
            truth = await other.get_mention(sim.account_id, alert, row.id)
            yield _Refused(sim, session, recorder, row, truth)
        finally:
            sim.state.faults.latency = 0.0
            await session.stop()
            await client.aclose()
            await other.aclose()


async def test_a_refused_action_undone_by_a_page_is_not_called_someone_elses() -> None:
    """The service refuses the user's action; before its copy (asked by the refusal)
    comes back, a list page asked after the action brings the same copy: the row shows
    it, and nobody is said to have changed the mention (a flake of the message log's
    snapshot, under load, showed "changed on the service (by a teammate?)")."""
    async with _refused() as case:
        before = case.row.tone
        case.sim.state.set_permission(case.row.alert_id, "read")  # taken away since
        case.sim.state.faults.latency = 0.5  # the refusal's GET of the copy comes late
        case.act()
        await until(lambda: any(isinstance(e, ActionFailed) for e in case.recorder.events))
        case.page()
        assert case.session.row(case.row.id).tone == before == case.truth.tone  # type: ignore[union-attr]
        await asyncio.sleep(0.7)  # the refusal's own copy lands too
        assert not case.said_changed()


async def test_a_refused_action_whose_copy_did_not_come_is_undone_by_the_next_page() -> None:
    """The service refuses the user's action and its copy cannot be fetched: the next
    list page with the service's copy shows its values, and nobody is said to have
    changed the mention."""
    async with _refused() as case:
        before = case.row.tone
        with case.sim.state.lock:  # gone from the service: the PUT and the GET get 404
            del case.sim.state.stored(case.row.alert_id)[case.row.id]
        case.act()
        await until(lambda: any(isinstance(e, ActionFailed) for e in case.recorder.events))
        await asyncio.sleep(0.3)  # the GET of its copy failed: the row still shows it
        assert case.session.row(case.row.id).tone != before  # type: ignore[union-attr]
        case.page()
        assert case.session.row(case.row.id).tone == before  # type: ignore[union-attr]
        assert not case.said_changed()
