"""A session on the real simulator, collecting the events it emits."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from triage_tui.api import AsyncMentionClient
from triage_tui.core.events import ConnectionChanged, MentionsArrived, SessionEvent
from triage_tui.core.rows import FeedRow
from triage_tui.core.session import Session
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


@dataclass
class Recorder:
    events: list[SessionEvent] = field(default_factory=list)

    def __call__(self, event: SessionEvent) -> None:
        self.events.append(event)

    def arrived_ids(self) -> list[int]:
        return [r.id for e in self.events if isinstance(e, MentionsArrived) for r in e.rows]

    def states(self) -> list[str]:
        return [str(e.state) for e in self.events if isinstance(e, ConnectionChanged)]


async def open_session(
    sim: SimServer,
    store: Store,
    recorder: Recorder,
    settings: SyncSettings | None = None,
    alert_ids: list[int] | None = None,
) -> tuple[Session, AsyncMentionClient]:
    client = AsyncMentionClient(sim.token, sim.api_url, sim.stream_url)
    session = await Session.open(
        client,
        account_id=None,
        alert_ids=alert_ids,
        store=store,
        on_event=recorder,
        settings=settings or SyncSettings.fast(),
    )
    await session.start()
    return session, client


async def until(ready: Callable[[], bool], limit: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not ready():
        if loop.time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.01)


async def stored_then_gone(
    path: Path, *, seed: int, mentions_per_alert: int
) -> tuple[SimServer, dict[int, FeedRow]]:
    """A state database at `path` holding a session's mentions, the service gone since:
    the stopped simulator (nothing listens at its address now) and the rows it holds."""
    with SimServer(seed=seed, mentions_per_alert=mentions_per_alert, mark_interval=0.2) as sim:
        session, client = await open_session(sim, Store(path), Recorder())
        held = {r.id: r for r in session.rows()}
        await session.stop()
        await client.aclose()
        session.store.close()
    return sim, held
