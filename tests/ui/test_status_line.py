"""The status line: a refusal read whole on a narrow terminal, messages that go stale go."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from textual.app import App, ComposeResult

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.core.events import Connection
from triage_tui.sim import SimServer
from triage_tui.ui.widgets import status as status_module
from triage_tui.ui.widgets.status import StatusLine

REFUSAL = "Trash: read-only: this alert is shared with you with read permission"


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine()


async def test_a_long_error_is_cut_beside_the_counts_and_then_fades(monkeypatch) -> None:
    monkeypatch.setattr(status_module, "MESSAGE_SECONDS", 0.3)
    app = _Host()
    async with app.run_test(size=(80, 3)) as pilot:
        line = app.query_one(StatusLine)
        line.account, line.alerts, line.alerts_short = "Demo Brand", "Acme, Globex", "2 alerts"
        line.unread, line.shown, line.total = 92, 155, 156
        line.connection = Connection.RECONNECTING
        await pilot.pause()
        assert "Demo Brand" in str(line.render())  # room for everything
        line.say(REFUSAL, error=True)
        await pilot.pause()
        shown = str(line.render())
        # The connection and the counts stay; the error has its own part, cut short.
        assert "◌ reconnecting" in shown and "155/156" in shown and "92 unread" in shown
        assert "✗ Trash: read-only" in shown and shown.endswith("…")
        assert len(shown) <= 78
        await pilot.pause(0.6)
        assert line.message == "" and "92 unread" in str(line.render())


async def test_failures_in_a_row_are_counted() -> None:
    app = _Host()
    async with app.run_test(size=(160, 3)) as pilot:
        line = app.query_one(StatusLine)
        line.account = "Demo Brand"
        line.say("network error (GET 127.0.0.1:8080/x): ConnectError", error=True)
        line.say("HTTP 500: boom", error=True)
        line.say("HTTP 502: bad gateway", error=True)
        await pilot.pause()
        shown = str(line.render())
        assert "✗ HTTP 502: bad gateway (+2 more)" in shown
        line.say("Archived")  # a notice: the failures are no longer what is shown
        await pilot.pause()
        assert "more" not in str(line.render())


async def test_the_reconnect_countdown_counts_down() -> None:
    app = _Host()
    async with app.run_test(size=(160, 3)) as pilot:
        line = app.query_one(StatusLine)
        line.account = "Demo Brand"
        line.connection = Connection.RECONNECTING
        line.retry_in = 5.0
        await pilot.pause()
        assert "reconnecting in 5 s" in str(line.render())
        await pilot.pause(1.3)
        assert re.search(r"reconnecting in [34] s", str(line.render()))
        # The same delay again (the backoff's cap) starts the count again.
        line.retry_in = 5.0
        await pilot.pause()
        assert "reconnecting in 5 s" in str(line.render())


async def test_the_first_frame_names_the_app_and_nothing_empty() -> None:
    app = _Host()
    async with app.run_test(size=(80, 3)) as pilot:
        await pilot.pause()
        shown = str(app.query_one(StatusLine).render())
        assert shown == "mention-triage · ◌ connecting…"


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=5, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


async def test_why_the_stream_dropped_goes_once_it_is_live_again(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot, app)
        assert app.session is not None
        await wait_for(pilot, lambda: app.session.stream.connections == 1)  # type: ignore[union-attr]
        sim.state.drop_streams()
        await wait_for(pilot, lambda: app.session.stream.connections == 2)  # type: ignore[union-attr]
        await pilot.pause(0.1)
        assert app.status.connection is Connection.LIVE
        assert app.status.message == ""  # not "the stream ended" beside "● live"
