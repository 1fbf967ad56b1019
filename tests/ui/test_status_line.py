"""The status line on a narrow terminal: a refusal is read whole, then the counts return."""

from __future__ import annotations

from textual.app import App, ComposeResult

from triage_tui.ui.widgets import status as status_module
from triage_tui.ui.widgets.status import StatusLine

REFUSAL = "Trash: read-only: this alert is shared with you with read permission"


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine()


async def test_a_long_message_takes_the_counts_place_and_then_fades(monkeypatch) -> None:
    monkeypatch.setattr(status_module, "MESSAGE_SECONDS", 0.3)
    app = _Host()
    async with app.run_test(size=(80, 3)) as pilot:
        line = app.query_one(StatusLine)
        line.account, line.alerts, line.alerts_short = "Demo Brand", "Acme, Globex", "2 alerts"
        line.unread, line.shown, line.total = 92, 155, 156
        await pilot.pause()
        assert "Demo Brand" in str(line.render())  # room for everything
        line.say(REFUSAL, error=True)
        await pilot.pause()
        shown = str(line.render())
        assert REFUSAL in shown and "unread" not in shown
        await pilot.pause(0.6)
        assert line.message == "" and "92 unread" in str(line.render())
