"""The stream's cursors move only over what was proven received (issue 18, items 3-4):
nothing filed while the app was closed, or left out of a replay that died, is skipped."""

from __future__ import annotations

from pathlib import Path

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.events import Connection
from triage_tui.core.store import Store
from triage_tui.sim import SimServer


async def test_mentions_filed_outside_the_inbox_while_closed_are_shown(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with SimServer(seed=31, mentions_per_alert=5, mark_interval=0.1) as sim:
        alert = sim.alert_ids[0]
        session, client = await open_session(sim, Store(path), Recorder(), alert_ids=[alert])
        await until(lambda: session.connection is Connection.LIVE)
        await session.stop()  # a clean quit
        await client.aclose()
        added = [sim.state.add_mention(alert, folder="spam") for _ in range(10)]
        added += [sim.state.add_mention(alert, folder="inbox") for _ in range(10)]
        added += [sim.state.add_mention(alert, folder="archive") for _ in range(5)]
        session, client = await open_session(sim, Store(path), Recorder(), alert_ids=[alert])
        wanted = {int(m["id"]) for m in added}
        await until(lambda: wanted <= {r.id for r in session.rows()})
        await session.stop()
        await client.aclose()
