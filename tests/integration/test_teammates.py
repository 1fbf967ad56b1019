"""Teammates' changes to the mentions on screen come back from the service (issue 21):
the list endpoint's window of the mentions on screen, within their own budget; the
user's waiting action still goes out, and the user is told it overrides someone's."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

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


def _list_calls(sim: SimServer) -> list[Any]:
    """The list endpoint's calls the simulator logged."""
    return [
        r
        for r in sim.state.request_log
        if r.method == "GET" and "/alerts/" in r.path and r.path.endswith("/mentions")
    ]


@dataclass
class _Team:
    """A session open on a simulator holding `mentions` a alert, and a teammate's client
    (`other`) on the same account."""

    sim: SimServer
    session: Session
    recorder: Recorder
    other: AsyncMentionClient

    def said_changed(self) -> bool:
        return any("changed on the service" in text for text in _notices(self.recorder))


@asynccontextmanager
async def _team(mentions: int) -> AsyncIterator[_Team]:
    with SimServer(seed=5, mentions_per_alert=mentions) as sim:
        recorder = Recorder()
        session, client = await open_session(sim, Store(":memory:"), recorder)
        other = AsyncMentionClient(sim.token, sim.api_url, sim.stream_url)
        try:
            await until(lambda: len(session.rows()) >= mentions)
            yield _Team(sim, session, recorder, other)
        finally:
            sim.state.faults.latency = 0.0
            sim.state.faults.put_failure_rate = 0.0
            await session.stop()
            await client.aclose()
            await other.aclose()


async def test_a_teammates_change_on_screen_shows_and_is_said() -> None:
    async with _team(8) as team:
        sim, session = team.sim, team.session
        alert = sim.alert_ids[0]
        row = next(r for r in session.rows() if r.alert_id == alert and r.folder == "inbox")
        others = [r.id for r in session.rows() if r.alert_id == alert][:5]
        session.watch_on_screen([row.id, *others])
        sim.state.clear_log()
        await team.other.curate_mention(
            sim.account_id, alert, row.id, CurateRequest(folder="archive")
        )
        await until(lambda: row.folder == "archive")
        assert team.said_changed()
        # One list call per alert on screen per interval, with the on-screen window.
        lists = _list_calls(sim)
        assert lists and all(f"/alerts/{alert}/" in r.path for r in lists)
        assert all({"before_date", "not_before_date"} <= set(r.query) for r in lists)


async def test_nothing_on_screen_asks_nothing() -> None:
    async with _team(4) as team:
        await asyncio.sleep(0.3)
        team.sim.state.clear_log()
        await asyncio.sleep(0.6)  # three intervals
        assert _list_calls(team.sim) == []


async def test_a_waiting_action_still_goes_out_and_the_override_is_said() -> None:
    async with _team(8) as team:
        sim, session = team.sim, team.session
        alert = sim.alert_ids[0]
        row = next(
            r for r in session.rows() if r.alert_id == alert and r.folder == "inbox" and r.tone != 1
        )
        # A teammate archives it; then the user sets its tone while the service fails
        # our PUTs, so the action waits in the outbox when the refresh comes.
        await team.other.curate_mention(
            sim.account_id, alert, row.id, CurateRequest(folder="archive")
        )
        sim.state.faults.put_failure_rate = 1.0
        session.curate([row.id], {"tone": 1})
        session.watch_on_screen([row.id])
        notices = team.recorder
        await until(lambda: any("your change is still sent" in t for t in _notices(notices)))
        said = next(t for t in _notices(notices) if "your change is still sent" in t)
        assert "folder" in said and "tone" not in said
        assert row.tone == 1  # the user's change stays on screen
        sim.state.faults.put_failure_rate = 0.0
        await until(lambda: sim.state.mention(alert, row.id)["tone"] == 1)  # type: ignore[index]
        assert sim.state.mention(alert, row.id)["folder"] == "archive"  # type: ignore[index]


@dataclass
class _Refused:
    """A team, and one of the session's rows with the service's copy (`truth`), fetched
    by the teammate's client before the user acts on it."""

    team: _Team
    row: FeedRow
    truth: Mention

    def act(self) -> None:
        """The user changes the row's tone (the service is about to refuse it)."""
        self.team.session.curate([self.row.id], {"tone": 1 if self.row.tone != 1 else -1})

    def page(self) -> None:
        """A list page brings the service's copy."""
        session = self.team.session
        session.intake.take([self.truth], newer=False, fetched_at=session.curator.clock)

    def tone(self) -> int:
        row = self.team.session.row(self.row.id)
        assert row is not None
        return row.tone

    async def refused(self) -> None:
        events = self.team.recorder.events
        await until(lambda: any(isinstance(e, ActionFailed) for e in events))


@asynccontextmanager
async def _refused() -> AsyncIterator[_Refused]:
    async with _team(4) as team:
        alert = team.sim.alert_ids[0]
        row = next(r for r in team.session.rows() if r.alert_id == alert)
        truth = await team.other.get_mention(team.sim.account_id, alert, row.id)
        yield _Refused(team, row, truth)


async def test_a_refused_action_undone_by_a_page_is_not_called_someone_elses() -> None:
    """The service refuses the user's action; before its copy (asked by the refusal)
    comes back, a list page asked after the action brings the same copy: the row shows
    it, and nobody is said to have changed the mention (a flake of the message log's
    snapshot, under load, showed "changed on the service (by a teammate?)")."""
    async with _refused() as case:
        sim, before = case.team.sim, case.row.tone
        sim.state.set_permission(case.row.alert_id, "read")  # taken away since
        sim.state.faults.latency = 0.5  # the refusal's GET of the copy comes late
        case.act()
        await case.refused()
        case.page()
        assert case.tone() == before == case.truth.tone
        await asyncio.sleep(0.7)  # the refusal's own copy lands too
        assert not case.team.said_changed()


async def test_a_refused_action_whose_copy_did_not_come_is_undone_by_the_next_page() -> None:
    """The service refuses the user's action and its copy cannot be fetched: the next
    list page with the service's copy shows its values, and nobody is said to have
    changed the mention."""
    async with _refused() as case:
        sim, before = case.team.sim, case.row.tone
        with sim.state.lock:  # gone from the service: the PUT and the GET get 404
            del sim.state.stored(case.row.alert_id)[case.row.id]
        case.act()
        await case.refused()
        await asyncio.sleep(0.3)  # the GET of its copy failed: the row still shows it
        assert case.tone() != before
        case.page()
        assert case.tone() == before
        assert not case.team.said_changed()
