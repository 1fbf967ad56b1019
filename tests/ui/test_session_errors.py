"""What the app says when it cannot start: a refused token is its own state, and an
alert the account does not have is named as such."""

from __future__ import annotations

from tests.ui.harness import wait_for
from triage_tui.core.events import Connection
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.connect import ConnectInfo
from triage_tui.ui.widgets.status import MESSAGE_SECONDS


def _app(sim: SimServer, token: str, alert_ids: list[int] | None = None) -> TriageApp:
    return TriageApp(
        ConnectInfo(token, sim.api_url, sim.stream_url, alert_ids=alert_ids),
        store=Store(":memory:"),
        settings=SyncSettings.fast(),
        clock=lambda: sim.now,
    )


async def test_a_rejected_token_is_said_and_stays_on_screen() -> None:
    with SimServer(seed=5, mentions_per_alert=2) as sim:
        app = _app(sim, "not-the-token")
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_for(pilot, lambda: app.status.connection is Connection.REJECTED)
            text = str(app.status.render())
            assert "✗ token rejected" in text
            assert "token rejected (HTTP 401): check MENTION_ACCESS_TOKEN" in text
            assert "not-the-token" not in text
            await pilot.pause(MESSAGE_SECONDS + 0.5)  # not a passing message: it stays
            assert "check MENTION_ACCESS_TOKEN" in str(app.status.render())


async def test_an_unknown_alert_is_named() -> None:
    with SimServer(seed=5, mentions_per_alert=2) as sim:
        app = _app(sim, sim.token, alert_ids=[sim.alert_ids[0], 4242])
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_for(pilot, lambda: "4242" in app.status.message)
            assert "no alert 4242 on this account" in app.status.message
            assert app.status.connection is Connection.OFFLINE


async def test_polling_while_the_stream_is_open_elsewhere_is_said() -> None:
    with SimServer(seed=5, mentions_per_alert=2, mark_interval=0.1) as sim:
        sim.state.faults.refuse_stream = True
        app = _app(sim, sim.token)
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_for(pilot, lambda: app.status.connection is Connection.POLLING)
            text = str(app.status.render())
            assert "◌ polling, next check in 0 s" in text  # fast settings: 0.1 s apart
            assert "the stream is open elsewhere" in text
