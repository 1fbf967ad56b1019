"""The measurements behind `python -m triage_tui.bench`. Each returns value, baseline, ratio.

Timings are wall-clock (`perf_counter`) in one process on one loop, value and baseline
taken back to back, so machine noise hits both.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence

from triage_tui.bench.changes import changes
from triage_tui.bench.curation import curation
from triage_tui.bench.ingest import ingest
from triage_tui.bench.memory import memory
from triage_tui.bench.result import Result
from triage_tui.bench.scale import scale
from triage_tui.bench.screen import load, navigation
from triage_tui.bench.startup import startup
from triage_tui.bench.store import store_writes

#: The figures by name (each name is the prefix of its lines in the table).
NAMES = ("nav", "load", "change", "ingest", "store", "memory", "startup", "curation", "scale")


def _steps(quick: bool) -> dict[str, Callable[[], Awaitable[dict[str, Result]]]]:
    if quick:  # tiny sizes, and no start-up figure (it runs the real command 20 times)
        return {
            "nav": lambda: navigation((10, 50), moves=5),
            "load": lambda: load(200),
            "change": lambda: changes(1000, 50),
            "ingest": lambda: ingest(20, alerts=3, rounds=1),
            "memory": lambda: asyncio.to_thread(memory, 300),
            "store": lambda: asyncio.to_thread(store_writes, 200),
            "curation": curation,
            "scale": lambda: asyncio.to_thread(scale, True),
        }
    return {
        "nav": lambda: navigation((100, 10_000, 100_000), moves=1000),
        "load": lambda: load(100_000),
        "change": lambda: changes(100_000, 1000),
        "ingest": lambda: ingest(1000),
        "store": lambda: asyncio.to_thread(store_writes, 10_000),
        "memory": lambda: asyncio.to_thread(memory, 100_000),
        "startup": lambda: asyncio.to_thread(startup),
        "curation": curation,
        # Databases of 10,000 / 100,000 / 1,000,000 (built once, kept under /tmp), and
        # the real app started on each: ~5 minutes the first time, ~2 after.
        "scale": lambda: asyncio.to_thread(scale),
    }


async def run_all(quick: bool = False, only: Sequence[str] = ()) -> dict[str, Result]:
    """Every figure, or those named in `only`. A smoke run (`quick`) stops at the first
    failure; a full run reports it and goes on (one failed figure must not lose the
    others)."""
    results: dict[str, Result] = {}
    for name, step in _steps(quick).items():
        if only and name not in only:
            continue
        try:
            results |= await step()
        except Exception as error:
            if quick:
                raise
            print(f"figure failed: {error!r}", file=sys.stderr)
    return results
