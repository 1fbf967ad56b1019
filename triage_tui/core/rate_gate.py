"""One gate for every request a session makes: after a 429, nothing before the reset.

The service says when its limit resets (`X-Rate-Limit-Reset`, unix time). The outbox and
the stream share this gate, so a 429 seen by one holds back the other too. The reset time
is also written to the store, so a restart inside the window does not ask again early.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from triage_tui.api.errors import RateLimitError

#: When the service gives no reset time: wait this long.
DEFAULT_WAIT = 60.0


class RateGate:
    def __init__(
        self, until: float = 0.0, *, on_hit: Callable[[float], None] | None = None
    ) -> None:
        self.until = until  # unix time
        self.on_hit = on_hit  # told the new reset time (the session persists it)

    def hit(self, error: RateLimitError) -> None:
        reset = error.reset_at if error.reset_at else time.time() + DEFAULT_WAIT
        self.until = max(self.until, reset)
        if self.on_hit is not None:
            self.on_hit(self.until)

    def remaining(self) -> float:
        return max(0.0, self.until - time.time())

    async def wait(self) -> None:
        while (left := self.remaining()) > 0:
            await asyncio.sleep(left)
