"""Switching profile (another account of the config file) from the command palette.

How a switch works, and why this way: the app does not swap its Session, store and
client in place (every widget, the undo journal and the key gate hang off them); it
*exits*, and the launcher (ui/launch.py) starts a fresh app for the chosen profile in
the same process and terminal. Before exiting it waits (a few seconds at most) for the
outbox to send what is waiting; what is still waiting after that is asked about, and
if the user goes ahead it stays in this account's outbox, on disk in its state database,
and is sent the next time this profile is open (the Session reads its outbox when it
opens, like after a crash). Leaving the app stops the session the usual way: the rows
received are written out and the outbox lease is released.

The target profile is read and checked (token, URLs, theme) *before* the app exits: a
profile that cannot start leaves the user where they were, with one line saying why.
The command line's --account and --alert belong to the profile started from it: the
new profile runs with its own settings (file and environment) only.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand

from triage_tui.api.errors import MentionError
from triage_tui.api.urls import check_url
from triage_tui.core.config import Config, ConfigError
from triage_tui.ui.themes import theme_problem

if TYPE_CHECKING:
    from triage_tui.ui.app import TriageApp

#: How long a switch waits for the outbox to empty before asking (seconds).
FLUSH_WAIT = 5.0


class ProfileSwitch:
    """The palette's "Switch profile: NAME" commands, one per other profile of the file,
    and the switch itself. `chosen` is the profile to start next, once the app exited."""

    def __init__(
        self,
        app: TriageApp,
        current: Config,
        load: Callable[[str], Config],
        *,
        flush_wait: float = FLUSH_WAIT,
    ) -> None:
        self.app = app
        self.current = current
        self.load = load
        self.flush_wait = flush_wait
        self.chosen: Config | None = None

    def others(self) -> list[str]:
        return [name for name in self.current.profiles if name != self.current.profile]

    def commands(self) -> Iterator[SystemCommand]:
        for name in self.others():
            yield SystemCommand(
                f"Switch profile: {name}",
                f"Open the account of profile {name} in place of "
                f"{self.current.profile} (waiting actions are sent first or kept)",
                partial(self.request, name),
            )

    def request(self, name: str) -> None:
        self.app.run_worker(self.switch(name), group="profile-switch", exclusive=True)

    def check(self, name: str) -> Config | str:
        """The profile's settings, or one line saying why it cannot start (never the
        token: ConfigError and the URL checks never hold it)."""
        try:
            config = self.load(name)
        except ConfigError as problem:
            return str(problem)
        if config.token is None:
            return f"profile {name} has no token (`token` in [profiles.{name}])"
        for setting in ("api_url", "stream_url"):
            try:
                check_url(getattr(config, setting), insecure=config.insecure)
            except MentionError as refused:
                return f"profile {name}: {setting}: {refused}"
        return theme_problem(config.theme) or config

    async def switch(self, name: str) -> bool:
        """Check the profile, let the outbox drain (or ask), then exit for the launcher."""
        checked = self.check(name)
        if isinstance(checked, str):
            self.app.main.status.say(f"Can't switch: {checked}", error=True)
            return False
        if not await self._drained(name):
            return False
        self.chosen = checked
        self.app.exit()
        return True

    async def _drained(self, name: str) -> bool:
        session: Any = self.app.session
        if session is None or not session.pending:
            return True
        self.app.main.status.say(f"Sending {session.pending} waiting actions before switching…")
        deadline = time.monotonic() + self.flush_wait
        while session.pending and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        left = session.pending
        if not left:
            return True
        return await self.app.main.confirm(
            f"Switch to {name} with {left} action{'s' if left != 1 else ''} not sent yet?",
            f"They stay in the outbox of {self.current.profile} (on disk) and are sent "
            "the next time you open it.",
        )
