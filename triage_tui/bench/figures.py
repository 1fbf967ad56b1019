"""The measurements behind `python -m triage_tui.bench`. Each returns value, baseline, ratio.

Timings are wall-clock (`perf_counter`) in one process on one loop, value and baseline
taken back to back, so machine noise hits both.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from triage_tui.bench.curation import curation
from triage_tui.bench.ingest import ingest
from triage_tui.bench.memory import memory
from triage_tui.bench.result import Result
from triage_tui.bench.screen import load, navigation
from triage_tui.bench.startup import startup
from triage_tui.bench.store import store_writes


async def run_all(quick: bool = False) -> dict[str, Result]:
    results: dict[str, Result] = {}
    if quick:
        results |= await navigation((10, 50), moves=5)
        results |= await load(200)
        results |= await ingest(20, alerts=3, rounds=1)
        results |= memory(300)
        results |= store_writes(200)
        results |= await curation()
        return results
    steps: list[Any] = [
        lambda: navigation((100, 10_000, 100_000), moves=1000),
        lambda: load(100_000),
        lambda: ingest(1000),
        lambda: asyncio.to_thread(store_writes, 10_000),
        lambda: asyncio.to_thread(memory, 100_000),
        lambda: asyncio.to_thread(startup),
        curation,
    ]
    for step in steps:
        try:
            results |= await step()
        except Exception as error:  # one failed figure must not lose the others
            print(f"figure failed: {error!r}", file=sys.stderr)
    return results
