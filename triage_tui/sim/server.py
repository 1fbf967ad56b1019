"""`SimServer`: the simulator on a free loopback port, in a background thread.

uvicorn runs in a daemon thread with its own event loop, so a test (or the app's own loop)
talks to it over real HTTP on 127.0.0.1, exactly as it would to the service.
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time
from datetime import datetime
from typing import Any

import uvicorn

from triage_tui.sim.app import build_app
from triage_tui.sim.middleware import TOKEN
from triage_tui.sim.state import SimState


def _quiet_uvicorn() -> None:
    """The demo runs under a full-screen app: server logs must not write to the terminal.

    (The reset fault makes h11 complain on purpose; that is the simulated failure.)
    """
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        log = logging.getLogger(name)
        log.handlers = [logging.NullHandler()]
        log.propagate = False


#: The demo's older mentions per alert, filed before the recent ones: enough that the
#: Archive, Irrelevant, Trash and Favorites views load pages from the list endpoint.
DEMO_HISTORY = {"archive": 120, "spam": 25, "trash": 40}


class SimServer:
    def __init__(
        self,
        seed: int = 7,
        mentions_per_alert: int = 60,
        mark_interval: float = 30.0,
        new_mention_rate: float = 0.0,
        port: int = 0,
        epoch: datetime | None = None,
        token: str = TOKEN,
        alert_count: int = 3,
        history: dict[str, int] | None = None,
    ) -> None:
        self.state = SimState(
            seed=seed,
            mentions_per_alert=mentions_per_alert,
            epoch=epoch,
            alert_count=alert_count,
            history=history,
        )
        self.state.token = token
        self.mark_interval = mark_interval
        self.new_mention_rate = new_mention_rate
        self._port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._feeder: threading.Thread | None = None
        self._stopping = threading.Event()
        self.port = 0

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def account_id(self) -> str:
        return str(self.state.account["id"])

    @property
    def alert_ids(self) -> list[int]:
        return self.state.alert_ids

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def stream_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/stream/api"

    @property
    def now(self) -> float:
        return self.state.now

    def start(self) -> SimServer:
        """Serve on 127.0.0.1 (port 0: any free one) and return once it accepts connections."""
        _quiet_uvicorn()
        config = uvicorn.Config(
            build_app(self.state, self.mark_interval),
            host="127.0.0.1",
            port=self._port,
            log_config=None,
            log_level="critical",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(
            target=lambda: asyncio.run(server.serve()), name="mention-sim", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the simulator did not start on 127.0.0.1:{self._port}")
            time.sleep(0.01)
        # Port 0 means "any free port": ask the listening socket which one it got.
        self.port = server.servers[0].sockets[0].getsockname()[1]
        if self.new_mention_rate > 0:
            self._feeder = threading.Thread(target=self._feed, name="mention-sim-feed", daemon=True)
            self._feeder.start()
        return self

    def _feed(self) -> None:
        rng = random.Random(1)
        while not self._stopping.wait(rng.expovariate(self.new_mention_rate)):
            self.state.add_mention(rng.choice(self.state.alert_ids))

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self.state.drop_streams()
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    async def __aenter__(self) -> SimServer:
        return await asyncio.to_thread(self.start)

    async def __aexit__(self, *exc: Any) -> None:
        await asyncio.to_thread(self.stop)
