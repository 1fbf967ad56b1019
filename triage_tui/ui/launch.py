"""Start the app for the CLI: against the service, or against the in-process simulator.

Switching profile (ui/profiles.py) ends the app with the profile to start next; this
loop then starts a new app for it, in the same process and terminal, on that profile's
own state database (its account's, or `state-@NAME.db` while the account is unknown).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from triage_tui.api.log import get_logger
from triage_tui.ui.connect import ConnectInfo

if TYPE_CHECKING:
    from triage_tui.core.config import Config
    from triage_tui.ui.app import TriageApp

log = get_logger("launch")


def run_app(
    config: Config,
    *,
    demo: bool = False,
    alerts: list[int] | None = None,
    account: str | None = None,
    app_class: type[TriageApp] | None = None,
) -> int:
    """Run the app; again on another profile each time the user switches to one. The
    command line's `alerts` and `account` apply to the first profile only."""
    while True:
        code, chosen = _run_once(
            config, demo=demo, alerts=alerts, account=account, app_class=app_class
        )
        if chosen is None:
            return code
        log.info("switching to profile %s", chosen.profile)
        config, alerts, account = chosen, None, None


def _profile_loader(config: Config) -> Callable[[str], Config]:
    """Reads a profile from the same file and environment as `config` (the file may have
    changed since: it is read again, checked whole)."""
    from triage_tui.core.config import load_config

    def load(name: str) -> Config:
        return load_config(Path(config.path) if config.path else None, os.environ, profile=name)

    return load


def _run_once(
    config: Config,
    *,
    demo: bool,
    alerts: list[int] | None,
    account: str | None,
    app_class: type[TriageApp] | None,
) -> tuple[int, Config | None]:
    """One app, and the profile the user switched to (None: they quit)."""
    from triage_tui.core.config import state_db_path
    from triage_tui.core.store import Store
    from triage_tui.ui.app import TriageApp

    with ExitStack() as stack:
        connect: ConnectInfo | Callable[[], ConnectInfo]
        if demo:
            starting = threading.Lock()
            quitting = threading.Event()

            def start_demo() -> ConnectInfo:
                # Called by the app once its first frame is drawn: building and serving
                # the simulator (Starlette, uvicorn, the seeded data) waits until then.
                from triage_tui.sim import SimServer
                from triage_tui.sim.server import DEMO_HISTORY

                with starting:
                    if quitting.is_set():  # the app is already gone: start nothing
                        raise RuntimeError("the app quit before the simulator started")
                    sim = stack.enter_context(
                        SimServer(seed=7, new_mention_rate=0.2, history=DEMO_HISTORY)
                    )
                return ConnectInfo(
                    access_token=sim.token,
                    api_url=sim.api_url,
                    stream_url=sim.stream_url,
                    account_id=account,
                    alert_ids=alerts or None,
                )

            connect = start_demo
            # The demo's data starts afresh each run: keep its state out of the user's.
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="mention-demo-"))
            store = Store(os.path.join(folder, "demo.db"))
        else:
            token = config.token.get_secret_value() if config.token else ""
            connect = ConnectInfo(
                access_token=token,
                api_url=config.api_url,
                stream_url=config.stream_url,
                accept_version=config.accept_version,
                insecure=config.insecure,
                account_id=account or config.account,
                alert_ids=alerts or config.alerts or None,
            )
            store = Store(state_db_path(config, connect.account_id))  # Store makes the folder
        stack.callback(store.close)
        app = (app_class or TriageApp)(
            connect,
            store=store,
            keymap=dict(config.keymap),
            saved_views=dict(config.views),
            theme=config.theme or None,
            notify=config.notify,
            quick_tags=config.quick_tags,
            rules=list(config.rules),
        )
        switch = None
        if not demo and set(config.profiles) - {config.profile}:  # the demo: no profile
            from triage_tui.ui.profiles import ProfileSwitch

            switch = ProfileSwitch(app, config, _profile_loader(config))
            app.palette.profiles = switch
        result = app.run()
        if demo:
            with starting:  # a quit during the simulator's start-up: let it finish, then stop it
                quitting.set()
    if app.crash_report is not None:  # the traceback is in the log; the screen is gone
        print(f"mention-triage: {app.crash_report}", file=sys.stderr)
        return int(app.return_code or 1), None
    code = int(app.return_code or result or 0)
    return code, (switch.chosen if switch is not None and code == 0 else None)
