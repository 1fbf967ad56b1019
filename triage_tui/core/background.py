"""The Session's background tasks (the outbox sender, the stream, teammates' refresh, a
late back-fill), supervised: one that ends by an error (a bug, a value nothing else
caught) is logged, said, and started again after a backoff, so that no task of the
session ever dies silently.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from triage_tui.api.errors import MentionError
from triage_tui.api.log import get_logger
from triage_tui.core.events import Notice, SessionEvent
from triage_tui.core.sanitize import one_line

log = get_logger("session")  # the Session's log: these are its tasks
#: Told before the wait when a task failed: the delay (s) and the problem, one line.
OnRetry = Callable[[float, str], None]


class BackgroundTasks:
    def __init__(
        self, delay: Callable[[int], float], on_event: Callable[[SessionEvent], None]
    ) -> None:
        self._delay = delay  # the backoff after that many failures in a row
        self._on_event = on_event
        self._tasks: list[asyncio.Task[None]] = []

    def spawn(
        self, name: str, work: Callable[[], Awaitable[None]], on_retry: OnRetry | None = None
    ) -> None:
        self._tasks.append(asyncio.create_task(self._supervised(name, work, on_retry), name=name))

    async def _supervised(
        self, name: str, work: Callable[[], Awaitable[None]], on_retry: OnRetry | None
    ) -> None:
        failures = 0
        while True:
            try:
                await work()
                return
            except MentionError as error:  # the back-fill's network errors: said, not logged
                problem = one_line(str(error))
            except Exception as error:
                log.exception("the %s task failed", name)
                problem = f"internal error ({type(error).__name__}), see the log"
            failures += 1
            delay = self._delay(failures)
            if on_retry is not None:
                on_retry(delay, problem)
            self._on_event(Notice(f"{name} stopped: {problem}; again in {delay:.0f} s", "error"))
            await asyncio.sleep(delay)

    async def stop(self) -> None:
        """Every task cancelled and waited for."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    def cancel(self) -> None:
        """Every task cancelled, not waited for (a crash in the middle, in tests)."""
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()
