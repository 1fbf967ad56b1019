"""A replay through the stream into the app, against bare parsing of the same lines."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from triage_tui.api.models import Mention
from triage_tui.bench.result import Result, result
from triage_tui.core.convert import to_row
from triage_tui.core.store import Store


async def ingest(per_alert: int, alerts: int = 10, rounds: int = 3) -> dict[str, Result]:
    """All of `alerts` x `per_alert` mentions replayed through the stream into the app,
    from a simulator in its own process (as the real service is).

    A round is a bare parse of the lines, then a replay into a new app; the figure is
    the round with the median ratio. On a shared machine the speed drifts by tens of
    percent between seconds: a pair measured back to back drifts together."""
    gc.collect()  # the apps of the figures before are gone: so is their garbage
    with tempfile.TemporaryDirectory() as d:
        lines_file = os.path.join(d, "lines.json")
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "triage_tui.bench.sim_child",
                str(per_alert),
                str(alerts),
                lines_file,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            info = json.loads(child.stdout.readline())  # type: ignore[union-attr]
            with open(lines_file, encoding="utf-8") as source:
                lines = json.load(source)
            rounds_seen: list[tuple[float, float]] = []
            stalls: list[float] = []
            for n in range(rounds):
                bare = _bare_rate(lines)
                rate, longest = await _replay(info, len(lines), os.path.join(d, f"{n}.db"))
                rounds_seen.append((rate, bare))
                stalls.append(longest)
            parse_only = await _stream_rate(info, len(lines), rows=False)
            with_rows = await _stream_rate(info, len(lines), rows=True)
            session_only = await _session_rate(info, len(lines), os.path.join(d, "s.db"))
        finally:
            child.kill()
            child.wait()
    rate, bare = sorted(rounds_seen, key=lambda r: r[0] / r[1])[len(rounds_seen) // 2]
    n = len(lines)
    return {
        f"ingest: {n:,} via stream, mentions/s vs bare parse": result(rate, bare, "≥ 0.5"),
        "ingest: longest event-loop stall (s) vs 50 ms": result(max(stalls), 0.05, "≤ 1"),
        # Where the ceiling is: the same stream read by the client alone, no app.
        f"ingest: {n:,} stream read + summary parse only, mentions/s vs bare": result(
            parse_only, bare
        ),
        f"ingest: {n:,} the same + row + packed copy, mentions/s vs bare": result(with_rows, bare),
        f"ingest: {n:,} the same + session + store, no screen, mentions/s vs bare": result(
            session_only, bare
        ),
    }


def _bare_rate(lines: list[str]) -> float:
    """Lines per second through `Mention.model_validate_json`: the median of three passes."""
    passes = []
    for _ in range(3):
        start = time.perf_counter()
        for line in lines:
            Mention.model_validate_json(line)
        passes.append(len(lines) / (time.perf_counter() - start))
    return sorted(passes)[1]


async def _replay(info: dict[str, Any], total: int, db_path: str) -> tuple[float, float]:
    """Mentions per second from the stream's opening until all `total` are in a new
    app's feed and it is idle (the whole process: the store's writer thread is done
    too); and the longest event-loop stall meanwhile (seconds)."""
    from triage_tui.core.settings import SyncSettings
    from triage_tui.ui.app import TriageApp
    from triage_tui.ui.connect import ConnectInfo

    store = _replaying_store(info, db_path)
    settings = SyncSettings(backfill_limit=0)
    connect = ConnectInfo(info["token"], info["api_url"], info["stream_url"])
    app = TriageApp(connect, store=store, settings=settings)
    stalls: list[float] = [0.0]

    async def watch() -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            stalls.append(time.perf_counter() - before - 0.005)

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            while app.session is None:  # connecting is not ingesting
                await asyncio.sleep(0.001)
            watcher = asyncio.create_task(watch())
            start = time.perf_counter()
            took = await _until_idle_with(lambda: app.feed.total_count, total) - start
            await pilot.pause()  # and nothing was left waiting (not timed)
            held = app.feed.total_count
            watcher.cancel()
    finally:
        store.close()
    return held / took, max(stalls)


#: Idle as Textual's `wait_for_idle` means it: under 1/20 of a core busy, for 20 ms...
IDLE_SHARE = 0.05
QUIET_FOR = 0.02
#: ...watched in slices this long, so that the end of the work is known to 5 ms.
SLICE = 0.005
GIVE_UP_AFTER = 5.0


def _replaying_store(info: dict[str, Any], db_path: str) -> Store:
    """A new store whose stream cursors ask the simulator to replay everything."""
    store = Store(db_path)
    store.set_cursors({a: 1 for a in info["alert_ids"]})
    return store


async def _until_idle_with(count: Callable[[], int], total: int) -> float:
    """Once `count()` reaches `total` (or 300 s pass), when the process went idle."""
    waited_from = time.perf_counter()
    while count() < total and time.perf_counter() - waited_from < 300:
        await asyncio.sleep(0.005)
    return await _went_idle()


async def _went_idle() -> float:
    """When the process stopped working: the end of the last busy slice, once QUIET_FOR
    has passed without one. (`wait_for_idle` answers in 20 ms slices, and returns the end
    of the quiet slice that told it: 20-40 ms after the work ended, a tenth of a replay.)"""
    last_busy = waited_from = time.perf_counter()
    while True:
        cpu, began = time.process_time(), time.perf_counter()
        await asyncio.sleep(SLICE)
        now = time.perf_counter()
        if time.process_time() - cpu > IDLE_SHARE * (now - began):
            last_busy = now
        elif now - last_busy >= QUIET_FOR:
            return last_busy
        if now - waited_from > GIVE_UP_AFTER:
            return now  # never quiet (something keeps it busy): count all of it


async def _stream_rate(info: dict[str, Any], total: int, *, rows: bool) -> float:
    """Mentions per second through `stream_batches(fast=True)` alone (no session, no
    screen, no store), optionally turned into feed rows and their packed copies."""
    from triage_tui.api.async_client import AsyncMentionClient
    from triage_tui.api.events import MentionLineEvent
    from triage_tui.core.convert import pack_row

    since = {a: 1 for a in info["alert_ids"]}
    async with AsyncMentionClient(info["token"], info["api_url"], info["stream_url"]) as client:
        account = (await client.get_me()).id
        start = time.perf_counter()
        seen = 0
        async for batch in client.stream_batches(account, info["alert_ids"], since, fast=True):
            for event in batch:
                if isinstance(event, MentionLineEvent):
                    seen += 1
                    if rows:
                        pack_row(to_row(event.summary))
            if seen >= total:
                break
        return seen / (time.perf_counter() - start)


async def _session_rate(info: dict[str, Any], total: int, db_path: str) -> float:
    """Mentions per second through a `Session` and its store alone (no app, no screen),
    from its start until all `total` rows were handed over and the process is idle (the
    store's writer thread done too): what the screen adds is the rest."""
    from triage_tui.core.events import MentionsArrived, SessionEvent
    from triage_tui.core.session import Session
    from triage_tui.core.settings import SyncSettings
    from triage_tui.ui.connect import ConnectInfo

    store = _replaying_store(info, db_path)
    handed = 0

    def on_event(event: SessionEvent) -> None:
        nonlocal handed
        if isinstance(event, MentionsArrived):
            handed += len(event.rows)

    client = ConnectInfo(info["token"], info["api_url"], info["stream_url"]).client()
    try:
        session = await Session.open(
            client,
            account_id=None,
            alert_ids=None,
            store=store,
            on_event=on_event,
            settings=SyncSettings(backfill_limit=0),
        )
        start = time.perf_counter()
        await session.start()
        took = await _until_idle_with(lambda: handed, total) - start
        await session.stop()
    finally:
        await client.aclose()
        store.close()
    return handed / took
