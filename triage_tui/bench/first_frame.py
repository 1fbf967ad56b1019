"""Start an app headless, print the wall-clock time of its first frame, and exit.

`demo` runs the real command line, `mention-triage --demo` (config, launch, the app),
with the app told to stop at its first frame and to draw headless. The parent takes the
time before starting this process, so the figure is process start to first frame; how
long the process then takes to exit is not counted.
"""

from __future__ import annotations

import sys
import time
from typing import Any

# Textual is imported inside `main`: the demo must import it the way the CLI does.


#: Modules that load after the first frame: the models and the network stack (~0.3 s),
#: and the filter language (the prompt, saved views and notifications load it when used).
AFTER_FIRST_FRAME = ("pydantic", "httpx", "numpy", "triage_tui.core.query")


def _first_frame(app: Any) -> None:  # Ready: posted after the first frame
    heavy = [name for name in AFTER_FIRST_FRAME if name in sys.modules]
    print(f"{time.time():.6f} {','.join(heavy) or '-'}", flush=True)
    app.exit()


def _minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("hello")

        def on_ready(self) -> None:
            _first_frame(self)

    Minimal().run(headless=True)


def _status(field: str) -> int:
    """A /proc/self/status figure in bytes (VmRSS: resident now, VmHWM: its peak)."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _cached(count: int) -> int:
    """The real command line on a state database of `count` mentions with the service
    unreachable (the environment points it there: see bench/scale.py): prints the first
    frame's time as `demo` does, then, once the feed model holds and has placed every
    cached row, that time, the resident memory and its peak (bytes), when the feed
    first showed a row, and the longest the event loop kept a 5 ms timer waiting
    meanwhile; then, once the bare word's title index is built (in a thread, after
    the rows settle), that time, the memory and peak again, and the longest wait since.
    `count` 0: exits at the first frame (the database opened, the session not)."""
    import triage_tui.ui.launch as launch
    from triage_tui.cli import main as cli_main

    real_run_app = launch.run_app

    def run_app(*args: Any, **options: Any) -> int:
        from triage_tui.ui.app import TriageApp

        run, ready = TriageApp.run, TriageApp.on_ready

        def first_frame(app: Any) -> None:
            print(f"{time.time():.6f}", flush=True)
            if not count:  # the first frame alone
                app.exit()
                return
            ready(app)  # the app's own: it opens the session
            shown = [0.0]  # when the feed first showed a row
            ticks = [time.time(), 0.0]  # the last check, the longest wait between two
            placed: list[float] = []  # when the model had placed every row

            def check() -> None:
                now = time.time()
                ticks[1] = max(ticks[1], now - ticks[0])
                ticks[0] = now
                if not shown[0] and app.main.feed.model.visible_count:
                    shown[0] = now
                session = app.main.session
                model = session.feed if session is not None else None
                if model is None or model.total < count or model.waiting:
                    return
                if not placed:
                    placed.append(now)
                    print(
                        f"{now:.6f} {_status('VmRSS')} {_status('VmHWM')} {shown[0]:.6f} "
                        f"{ticks[1]:.6f}",
                        flush=True,
                    )
                    ticks[1] = 0.0  # from here: the longest wait while the titles index
                indexing = any(w.group == "title-index" and not w.is_finished for w in app.workers)
                if not model.titles_to_index and not indexing:  # built, its thread done
                    print(
                        f"{now:.6f} {_status('VmRSS')} {_status('VmHWM')} {ticks[1]:.6f}",
                        flush=True,
                    )
                    app.exit()

            app.set_interval(0.005, check)

        TriageApp.on_ready = first_frame  # type: ignore[method-assign,assignment]
        TriageApp.run = lambda self, **_: run(self, headless=True)  # type: ignore[method-assign]
        return real_run_app(*args, **options)

    launch.run_app = run_app
    return cli_main([])


def main(which: str) -> int:
    if which == "minimal":
        _minimal()
        return 0
    if which.startswith("cache="):
        return _cached(int(which.split("=", 1)[1]))
    import triage_tui.ui.launch as launch  # no Textual in it
    from triage_tui.cli import main as cli_main

    real_run_app = launch.run_app

    def run_app(*args: Any, **options: Any) -> int:
        # Patched once the CLI has got this far, so Textual loads where the CLI loads it.
        from triage_tui.ui.app import TriageApp

        run = TriageApp.run
        TriageApp.on_ready = _first_frame  # type: ignore[method-assign,assignment]
        TriageApp.run = lambda self, **_: run(self, headless=True)  # type: ignore[method-assign]
        return real_run_app(*args, **options)

    launch.run_app = run_app
    return cli_main(["--demo"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "demo"))
