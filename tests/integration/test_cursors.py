"""The stream's cursors move only over what was proven received (issue 18, items 3-4):
nothing filed while the app was closed, or left out of a replay that died, is skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.mark.parametrize(
    ("keep", "warn"), [("newest", "after"), ("newest", "before"), ("oldest", "after")]
)
async def test_a_capped_replay_that_dies_midway_loses_nothing(
    tmp_path: Path, keep: str, warn: str
) -> None:
    """The service replays 100 of the 150 above the cursor (the newest or the oldest) and
    warns after or before them; the connection dies after 40 lines, then again after
    100. Every mention the service holds is shown in the end."""
    path = tmp_path / "state.db"
    with SimServer(seed=32, mentions_per_alert=5, mark_interval=0.1) as sim:
        alert = sim.alert_ids[0]
        session, client = await open_session(sim, Store(path), Recorder(), alert_ids=[alert])
        await until(lambda: session.connection is Connection.LIVE)
        await session.stop()
        await client.aclose()
        added = {int(m["id"]) for m in sim.state.add_mentions(alert, 150)}
        faults = sim.state.faults
        faults.stream_history_cap = 100
        faults.replay_keep = keep
        faults.warn_position = warn
        faults.drop_stream_after = 40
        faults.drop_stream_mode = "cut"
        recorder = Recorder()
        session, client = await open_session(sim, Store(path), recorder, alert_ids=[alert])
        await until(lambda: session.stream.connections >= 1)
        faults.drop_stream_after = 100  # the next one dies right after the replay
        await until(lambda: session.stream.connections >= 2)
        faults.drop_stream_after = None
        await until(lambda: added <= {r.id for r in session.rows()})
        await session.stop()
        await client.aclose()
