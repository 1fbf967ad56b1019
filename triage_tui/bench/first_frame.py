"""Start an app headless and exit once its first frame is drawn (the start-up figure)."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Label


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("hello")

    def on_ready(self) -> None:  # Ready: posted after the first frame
        self.exit()


def main(which: str) -> None:
    if which == "minimal":
        Minimal().run(headless=True)
        return
    from triage_tui.core.store import Store
    from triage_tui.sim import SimServer
    from triage_tui.ui.app import TriageApp
    from triage_tui.ui.connect import ConnectInfo

    class FirstFrame(TriageApp):
        def on_ready(self) -> None:
            self.exit()

    with SimServer() as sim:
        FirstFrame(ConnectInfo(sim.token, sim.api_url, sim.stream_url), store=Store()).run(
            headless=True
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demo")
