"""Start an app headless and exit once its first frame is drawn (the start-up figure).

`demo` runs the real command line, `mention-triage --demo` (config, launch, the app),
with the app told to stop at its first frame and to draw headless.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Label


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("hello")

    def on_ready(self) -> None:  # Ready: posted after the first frame
        self.exit()


def main(which: str) -> int:
    if which == "minimal":
        Minimal().run(headless=True)
        return 0
    from triage_tui.cli import main as cli_main
    from triage_tui.ui.app import TriageApp

    run = TriageApp.run
    TriageApp.on_ready = lambda self: self.exit()  # type: ignore[method-assign]
    TriageApp.run = lambda self, **options: run(self, headless=True)  # type: ignore[method-assign]
    return cli_main(["--demo"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "demo"))
