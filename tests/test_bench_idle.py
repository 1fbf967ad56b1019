"""The ingest figure's end: when the process stopped working, not when that was noticed."""

from __future__ import annotations

import asyncio
import threading
import time

from triage_tui.bench.ingest import QUIET_FOR, SLICE, _went_idle


def _burn(seconds: float, ended: list[float]) -> None:
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        pass
    ended.append(time.perf_counter())


def test_idle_is_dated_at_the_end_of_the_work_not_after_the_quiet_that_tells_it() -> None:
    ended: list[float] = []
    worker = threading.Thread(target=_burn, args=(0.15, ended))

    async def measure() -> tuple[float, float]:
        worker.start()
        idle_at = await _went_idle()
        return idle_at, time.perf_counter()

    idle_at, returned = asyncio.run(measure())
    worker.join()
    # The work in another thread counts (the store's writer is one): idle comes after it.
    assert idle_at >= ended[0] - 2 * SLICE
    # And the quiet slices that confirmed it are not part of the figure.
    assert returned - idle_at >= QUIET_FOR
