"""The triage app: configuration, theme, keymap, crash output, and opening the Session.

What the user works in is the main screen (ui/screens/main.py); the App opens the
Session after the first frame and posts the Session's events to that screen as Textual
messages (`_post_event`). The Session's tasks never touch a widget.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from triage_tui.api.log import get_logger
from triage_tui.core.events import TOKEN_REJECTED, SessionEvent
from triage_tui.core.notify import Notifier
from triage_tui.core.sanitize import one_line
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.ui.bindings import APP_BINDINGS
from triage_tui.ui.connect import ConnectInfo
from triage_tui.ui.messages import SessionFailed, SessionReady, to_message
from triage_tui.ui.palette import PaletteCommands
from triage_tui.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from triage_tui.core.config_rules import QuickTags, Rule
    from triage_tui.core.session import Session
    from triage_tui.ui.widgets.detail import DetailPane
    from triage_tui.ui.widgets.feed import MentionFeed
    from triage_tui.ui.widgets.status import StatusLine

log = get_logger("app")

#: The collector's young generation is collected after this many new containers, not
#: Python's 700: a replay makes a few per mention, nearly all kept (rows), and the
#: default ran ~100 passes per 10,000 mentions, ~4% of ingesting them.
YOUNG_COLLECTION_AFTER = 10_000
#: Seconds between samples of the alerts' unread and inbox counts (core/count_history.py).
COUNTS_INTERVAL = 600.0


def styles_path() -> Path:
    """The copy inside the package when installed from a wheel (pyproject.toml's
    force-include puts styles/ there), else the repo's styles/ in a checkout. The package's
    copy comes first: beside an installed package, `../styles` could be anything."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "_styles" / "app.tcss"
    return installed if installed.exists() else package.parent / "styles" / "app.tcss"


class TriageApp(App[int]):
    TITLE = "mention-triage"
    CSS_PATH = str(styles_path())
    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS]
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        connect: ConnectInfo | Callable[[], ConnectInfo],
        *,
        store: Store | None = None,
        settings: SyncSettings | None = None,
        clock: Callable[[], float] = time.time,
        keymap: dict[str, str] | None = None,
        saved_views: dict[str, str] | None = None,
        theme: str | None = None,
        notify: str = "off",
        quick_tags: QuickTags | None = None,
        rules: Sequence[Rule] = (),
    ) -> None:
        super().__init__()
        self.connect = connect
        self.store = store
        self.settings = settings
        self.clock = clock
        self.user_keymap = dict(keymap or {})
        self.session: Session | None = None
        self.notifier = Notifier(notify, self._write_to_terminal, self.set_timer)
        self.main = MainScreen(
            clock=clock,
            saved_views=dict(saved_views or {}),
            notifier=self.notifier,
            quick_tags=quick_tags,
        )
        self.palette = PaletteCommands(
            self.get_key_display, self.run_action, self.main.action_mark_alert_read
        )
        self.palette.alert_names, self.palette.go_to_alert = (
            self.main.alert_names,
            self.main.go_to_alert,
        )
        self.palette.rules = self.main.rules
        self.rules = list(rules)  # the config's; those with on_arrival act on arrivals
        self.crash_report: str | None = None  # one line, once a crash was logged
        if theme:
            self.theme = theme

    def get_default_screen(self) -> Screen[Any]:
        return self.main

    # The main screen's widgets: what tests, the benchmark and the launcher look at.
    @property
    def feed(self) -> MentionFeed:
        return self.main.feed

    @property
    def status(self) -> StatusLine:
        return self.main.status

    @property
    def detail(self) -> DetailPane:
        return self.main.detail

    def _fatal_error(self) -> None:
        """A crash: its traceback into the log file and one line for the launcher to print
        (`crash_report`). Outside the command line (no log file), crash output WITHOUT
        local variables (Textual shows them by default): a frame's locals can hold the
        access token, and crash output gets pasted into bug reports."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        from triage_tui.core.logs import crash_line, write_crash

        self.bell()
        error = sys.exc_info()[1] or self._exception
        path = write_crash(error) if error is not None else None
        if error is not None and path is not None:
            self.crash_report = crash_line(error, path)
            self._close_messages_no_wait()
            return
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        if self.user_keymap:
            from triage_tui.ui.keymap import keymap_problems

            self.set_keymap(self.user_keymap)
            for problem in keymap_problems(self.user_keymap):
                self.notify(problem, severity="warning", markup=False, timeout=10)

    def on_ready(self) -> None:
        # Everything built so far (Textual, the screen) lives as long as the app: keep it
        # out of the collector's full passes, which otherwise stall the screen for 50-90 ms
        # each while a replay pours in. The CLI turned the collector off until this first
        # frame; it is on from here.
        gc.freeze()
        gc.set_threshold(YOUNG_COLLECTION_AFTER, *gc.get_threshold()[1:])
        gc.enable()
        # After the first frame: connecting (and the demo's simulator) never delays it.
        self._open_session()

    def _write_to_terminal(self, text: str) -> None:
        """Raw bytes for the terminal (a bell, a notification): only from our own code."""
        if self._driver is not None and not self.is_headless:
            self._driver.write(text)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from self.palette.commands(screen)

    def action_help(self) -> None:
        from triage_tui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # ---- session ------------------------------------------------------------------------

    @work(exclusive=True, group="session")
    async def _open_session(self) -> None:
        if not isinstance(self.connect, ConnectInfo):
            # The demo starts its simulator here, after the first frame is on screen.
            self.connect = await asyncio.to_thread(self.connect)
        # The session's modules (pydantic, the API models, httpx) load here, after the
        # first frame, and in a thread so the screen stays live while they do; numpy (the
        # feed's views and filters) in another, beside them.
        numpy = asyncio.create_task(asyncio.to_thread(importlib.import_module, "numpy"))
        module = await asyncio.to_thread(importlib.import_module, "triage_tui.core.session")
        session_class = module.Session
        self.client = self.connect.client()
        try:
            session = await session_class.open(
                self.client,
                account_id=self.connect.account_id,
                alert_ids=self.connect.alert_ids,
                store=self.store,
                on_event=self._post_event,
                settings=self.settings,
            )
        except Exception as error:  # every failure becomes one line, never a traceback
            log.warning("the session did not open", exc_info=True)
            if getattr(error, "status", None) == 401:  # the token, not the network
                self.main.post_message(SessionFailed(TOKEN_REJECTED, rejected=True))
            else:
                reason = one_line(str(error)) or type(error).__name__
                self.main.post_message(SessionFailed(reason))
            return
        await numpy  # loaded by now (it takes less than opening the session)
        self.session = session
        # The session's modules (pydantic's schemas, httpx) and the cached rows loaded
        # since the first frame live as long as the app too: out of the full passes.
        gc.freeze()
        from triage_tui.ui.resume import load_place

        self.main.resume_place = load_place(self.store)  # where the user was at exit
        self.main.post_message(SessionReady(session))
        session.use_rules(self.rules)  # before the stream starts: from its first arrival
        await session.start()
        self._sample_counts()  # after the back-fill, then every 10 minutes
        self.set_interval(COUNTS_INTERVAL, self._sample_counts)

    def _sample_counts(self) -> None:
        """Each alert's unread and inbox counts, for the stats screen's picture of them
        over time (core/count_history.py)."""
        from triage_tui.core.count_history import held_alert_counts

        session = self.session
        if session is not None:
            session.counts.record(self.clock(), held_alert_counts(session.feed, session.alerts))

    def _post_event(self, event: SessionEvent) -> None:
        self.main.post_message(to_message(event))

    async def on_unmount(self) -> None:
        if self.session is not None:
            from triage_tui.ui.resume import save_place

            save_place(self.store, self.main.places.place())  # for the next start
            await self.session.stop()
        client = getattr(self, "client", None)
        if client is not None:
            await client.aclose()
