"""Start an app headless and exit on its first frame (for the start-up figure)."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Label


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("hello")

    def on_mount(self) -> None:
        self.call_after_refresh(self.exit)


def main(which: str) -> None:
    if which == "minimal":
        Minimal().run(headless=True)
        return
    from triage_tui.core.store import Store
    from triage_tui.sim import SimServer
    from triage_tui.ui.app import TriageApp
    from triage_tui.ui.connect import ConnectInfo

    with SimServer() as sim:
        app = TriageApp(ConnectInfo(sim.token, sim.api_url, sim.stream_url), store=Store())
        app.set_timer(0, lambda: app.call_after_refresh(app.exit))
        app.run(headless=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demo")
