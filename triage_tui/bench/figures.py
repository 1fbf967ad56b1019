"""The measurements behind `python -m triage_tui.bench`. Each returns value, baseline, ratio.

Timings are wall-clock (`perf_counter`) in one process on one loop, value and baseline
taken back to back, so machine noise hits both.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from typing import Any

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable, OptionList

from triage_tui.api.models import Mention
from triage_tui.core.convert import to_row
from triage_tui.core.rows import FeedRow
from triage_tui.ui.widgets.feed import MentionFeed

Result = dict[str, float | str]


def _result(value: float, baseline: float, target: str = "") -> Result:
    return {
        "value": value,
        "baseline": baseline,
        "ratio": value / baseline if baseline else float("inf"),
        "target": target,
    }


def synthetic_rows(n: int) -> list[FeedRow]:
    return [
        FeedRow(
            id=i,
            alert_id=1 + i % 3,
            published_ns=1_700_000_000_000_000_000 + i * 10**9,
            source_type="web",
            who=f"Source {i % 97}",
            title=f"Mention number {i} of Acme",
            read=i % 3 == 0,
            tone=(i % 3) - 1,
        )
        for i in range(n, 0, -1)
    ]


class _Host(App[None]):
    def __init__(self, widget: Any, fill: Any = None) -> None:
        super().__init__()
        self.widget = widget
        self.fill = fill

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        if self.fill is not None:
            self.fill(self.widget)  # DataTable measures with the running app


async def _per_key(
    app: _Host, action: str, moves: int, size: tuple[int, int] = (120, 40), *, repaint: bool = False
) -> float:
    """Per move: run the widget's own action, then draw it, in process (Pilot's fixed
    pauses would swamp the difference). Drawn as every visible line (`render_line`: the
    widget's own cost, what grows with the rows held), or with `repaint` as the
    compositor does (`render_lines` through Textual's styles cache, which redraws only
    the lines the move changed and adds Textual's per-frame work)."""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        widget = app.widget
        widget.focus()
        await pilot.pause()
        height = widget.size.height
        crop = Region(0, 0, widget.outer_size.width, widget.outer_size.height)
        gc.collect()  # garbage left by the figures before must not be collected in this one
        actions = [getattr(widget, f"action_{a}") for a in action.split("|")]
        block = max(2, moves // 5)
        per_block: list[float] = []
        for _ in range(5):  # the median of five blocks: one noisy stretch does not decide
            start = time.perf_counter()
            for n in range(block):
                actions[n % len(actions)]()  # alternating down/up keeps every move real
                if repaint:
                    widget.render_lines(crop)
                else:
                    for y in range(height):
                        widget.render_line(y)
            per_block.append((time.perf_counter() - start) / block)
        return sorted(per_block)[2]


def _feed_with(rows: list[FeedRow]) -> _Host:
    return _Host(MentionFeed(clock=lambda: 1_800_000_000.0), lambda f: f.set_rows(rows))


def _table_fill(table: DataTable[str], rows: list[FeedRow]) -> None:
    table.add_columns("who", "title", "age")
    table.add_rows((r.who, r.title, "1h") for r in rows)


def _table_with(rows: list[FeedRow]) -> _Host:
    return _Host(DataTable(cursor_type="row"), lambda t: _table_fill(t, rows))


async def navigation(sizes: Iterable[int], moves: int) -> dict[str, Result]:
    sizes = list(sizes)
    out: dict[str, Result] = {}
    held = {n: synthetic_rows(n) for n in sizes}
    moved: dict[int, list[float]] = {n: [] for n in sizes}
    paged: dict[int, list[float]] = {n: [] for n in sizes}
    # The sizes take turns, three rounds, and each keeps its best (as timeit does):
    # measured one size after the other, the machine's drift showed as 50% differences.
    for _ in range(3):
        for n in sizes:
            moved[n].append(await _per_key(_feed_with(held[n]), "cursor_down|cursor_up", moves))
            paged[n].append(await _per_key(_feed_with(held[n]), "page_down|page_up", moves))
    per_move = {n: min(times) for n, times in moved.items()}
    per_page = {n: min(times) for n, times in paged.items()}
    small, big = sizes[0], sizes[-1]
    for n in sizes[1:]:
        out[f"nav: cursor move at {n:,} vs {small:,} (s)"] = _result(
            per_move[n], per_move[small], "≤ 1.2"
        )
        out[f"nav: page move at {n:,} vs {small:,} (s)"] = _result(
            per_page[n], per_page[small], "≤ 1.2"
        )
    rows = held[big]
    table_move = await _per_key(_table_with(rows), "cursor_down|cursor_up", moves)
    out[f"nav: cursor move, feed vs DataTable at {big:,} (s)"] = _result(
        per_move[big], table_move, "≤ 0.1"
    )
    feed_repaint = await _per_key(_feed_with(rows), "cursor_down|cursor_up", moves, repaint=True)
    table_repaint = await _per_key(_table_with(rows), "cursor_down|cursor_up", moves, repaint=True)
    out[f"nav: cursor move + repaint, feed vs DataTable at {big:,} (s)"] = _result(
        feed_repaint, table_repaint
    )
    return out


async def load(n: int) -> dict[str, Result]:
    rows = synthetic_rows(n)

    async def timed(make: Any) -> float:
        app = _Host(make())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            start = time.perf_counter()
            fill(app.widget, rows)
            await pilot.pause()
            return time.perf_counter() - start

    def fill(widget: Any, rows: list[FeedRow]) -> None:
        if isinstance(widget, MentionFeed):
            widget.set_rows(rows)
        elif isinstance(widget, DataTable):
            _table_fill(widget, rows)
        else:
            widget.add_options([f"{r.who} {r.title}" for r in rows])

    feed = await timed(lambda: MentionFeed(clock=lambda: 1_800_000_000.0))
    table = await timed(lambda: DataTable())
    options = await timed(lambda: OptionList())
    return {
        f"load: {n:,} into feed vs DataTable (s)": _result(feed, table, "≤ 0.02"),
        f"load: {n:,} into feed vs OptionList (s)": _result(feed, options),
    }


async def ingest(per_alert: int, alerts: int = 10) -> dict[str, Result]:
    """All of `alerts` x `per_alert` mentions replayed through the stream into the app,
    from a simulator in its own process (as the real service is)."""
    from triage_tui.core.settings import SyncSettings
    from triage_tui.core.store import Store
    from triage_tui.ui.app import TriageApp
    from triage_tui.ui.connect import ConnectInfo

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
            passes = []
            for _ in range(3):  # the median of three: one pass is at the mercy of noise
                start = time.perf_counter()
                for line in lines:
                    Mention.model_validate_json(line)
                passes.append(len(lines) / (time.perf_counter() - start))
            bare = sorted(passes)[1]

            store = Store(os.path.join(d, "bench.db"))
            store.set_cursors({a: 1 for a in info["alert_ids"]})  # replay everything
            settings = SyncSettings(backfill_limit=0)
            connect = ConnectInfo(info["token"], info["api_url"], info["stream_url"])
            app = TriageApp(connect, store=store, settings=settings)
            stalls: list[float] = []

            async def watch() -> None:
                while True:
                    before = time.perf_counter()
                    await asyncio.sleep(0.005)
                    stalls.append(time.perf_counter() - before - 0.005)

            async with app.run_test(size=(120, 40)) as pilot:
                while app.session is None:  # connecting is not ingesting
                    await asyncio.sleep(0.001)
                watcher = asyncio.create_task(watch())
                start = time.perf_counter()
                while app.feed.total_count < len(lines):
                    await asyncio.sleep(0.005)
                    if time.perf_counter() - start > 300:
                        break
                await pilot.pause()
                took = time.perf_counter() - start
                held = app.feed.total_count
                watcher.cancel()
            store.close()
            parse_only = await _stream_rate(info, len(lines), rows=False)
            with_rows = await _stream_rate(info, len(lines), rows=True)
        finally:
            child.kill()
            child.wait()
    rate = held / took
    n = len(lines)
    return {
        f"ingest: {n:,} via stream, mentions/s vs bare parse": _result(rate, bare, "≥ 0.5"),
        "ingest: longest event-loop stall (s) vs 50 ms": _result(max(stalls), 0.05, "≤ 1"),
        # Where the ceiling is: the same stream read by the client alone, no app.
        f"ingest: {n:,} stream read + summary parse only, mentions/s vs bare": _result(
            parse_only, bare
        ),
        f"ingest: {n:,} the same + row + packed copy, mentions/s vs bare": _result(with_rows, bare),
    }


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


def _replay_order(n: int, alerts: int = 10) -> list[int]:
    """Mention ids as a replay of several alerts sends them: each alert's ascending,
    the alerts' ids interleaved (a mention's id is global)."""
    return [i for a in range(alerts) for i in range(1 + a, n + 1, alerts)]


def store_writes(n: int) -> dict[str, Result]:
    """`n` mentions in replay order into the store: against a table keyed by mention id
    (its layout before), and beside a thread keeping the GIL busy (the event loop during
    a replay) against the same write with that thread idle."""
    from triage_tui.core.store import Store

    payload = json.dumps({"text": "x" * 2000})
    rows = [(i, i % 10, payload, "[]") for i in _replay_order(n)]

    def timed(busy: bool) -> float:
        stop = threading.Event()

        def spin() -> None:
            while not stop.is_set():
                sum(range(200))  # pure Python: holds the GIL like parsing does

        with tempfile.TemporaryDirectory() as folder:
            store = Store(os.path.join(folder, "s.db"))
            worker = threading.Thread(target=spin)
            if busy:
                worker.start()
            start = time.perf_counter()
            for first in range(0, n, 1000):
                store.put_mentions(rows[first : first + 1000])
            took = time.perf_counter() - start
            stop.set()
            if busy:
                worker.join()
            store.close()
        return took

    def keyed_by_id() -> float:
        with tempfile.TemporaryDirectory() as folder:
            db = sqlite3.connect(os.path.join(folder, "s.db"), isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA wal_autocheckpoint=16384")
            db.execute(
                "CREATE TABLE mentions (id INTEGER PRIMARY KEY, alert_id INTEGER NOT NULL, "
                "json TEXT NOT NULL, row TEXT)"
            )
            start = time.perf_counter()
            for first in range(0, n, 1000):
                part = rows[first : first + 1000]
                db.execute("BEGIN")
                db.execute(
                    "INSERT OR REPLACE INTO mentions VALUES "
                    + ", ".join(["(?, ?, ?, ?)"] * len(part)),
                    [v for row in part for v in row],
                )
                db.execute("COMMIT")
            took = time.perf_counter() - start
            db.close()
        return took

    idle = timed(False)
    return {
        f"store: {n:,} in replay order vs keyed by mention id (s)": _result(idle, keyed_by_id()),
        f"store: {n:,} written beside a busy thread vs idle (s)": _result(timed(True), idle),
    }


def memory(n: int) -> dict[str, Result]:
    """In a fresh process: RSS growth per mention held, against their JSON size."""
    code = (
        f"import sys; from triage_tui.bench.figures import _memory_child; print(_memory_child({n}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    per_mention, json_size = float(out[0]), float(out[1])
    return {
        f"memory: bytes per mention at {n:,} vs JSON bytes": _result(per_mention, json_size, "≤ 2")
    }


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _memory_child(n: int) -> str:
    from triage_tui.core.store import Store
    from triage_tui.sim.data import ALERTS, MentionFactory

    factory = MentionFactory(1, count=n)
    raw = [json.dumps(factory.make(ALERTS[i % 3])) for i in range(n)]
    json_bytes = sum(len(r.encode()) for r in raw) / n
    gc.collect()
    with tempfile.TemporaryDirectory() as d:
        store = Store(os.path.join(d, "m.db"))
        before = _rss()
        rows: dict[int, FeedRow] = {}
        batch = []
        for line in raw:
            mention = Mention.model_validate_json(line)
            row = to_row(mention)
            rows[row.id] = row
            batch.append((row.id, row.alert_id, line))
            if len(batch) == 1000:
                store.put_mentions(batch)
                batch = []
        store.put_mentions(batch)
        feed_rows = sorted(rows.values(), key=lambda r: r.published_ns, reverse=True)
        del raw
        gc.collect()
        grown = _rss() - before
        assert feed_rows
        store.close()
    return f"{grown / n} {json_bytes}"


def startup(rounds: int = 5) -> dict[str, Result]:
    """Process start to first frame, best of `rounds`; the two apps alternate so a busy
    spell on the machine hits both.

    Measured twice. Warm: with compiled bytecode cached, as on any machine after the
    first run (the cache goes to a temporary directory, never into the project). Cold:
    every module compiled from source, as on the first run after an install, or always
    where PYTHONDONTWRITEBYTECODE is set (it is on these CI machines).
    """
    # The user's own config must not change the figure: an empty config directory.
    base = {k: v for k, v in os.environ.items() if not k.startswith("MENTION_")}
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    base["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    warm = base | {"PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="bench-pyc-")}
    cold = base | {
        "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="bench-nopyc-"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }

    def once(which: str, env: dict[str, str]) -> float:
        start = time.time()  # wall clock: the child reports its first frame the same way
        done = subprocess.run(
            [sys.executable, "-m", "triage_tui.bench.first_frame", which],
            check=True,
            capture_output=True,
            env=env,
            text=True,
        )
        return float(done.stdout.split()[0]) - start

    def best_of(env: dict[str, str]) -> dict[str, float]:
        best = {"demo": float("inf"), "minimal": float("inf")}
        for _ in range(rounds):
            for which in best:
                best[which] = min(best[which], once(which, env))
        return best

    for which in ("demo", "minimal"):
        once(which, warm)  # fills the bytecode cache
    hot, first = best_of(warm), best_of(cold)
    return {
        "startup: --demo to first frame vs one-label app (s)": _result(
            hot["demo"], hot["minimal"], "≤ 1.3"
        ),
        "startup, no bytecode cache: the same (s)": _result(first["demo"], first["minimal"]),
    }


async def curation() -> dict[str, Result]:
    """Key press to repainted row, and to the PUT leaving the app (httpx's request hook,
    as the bytes go out), against a simulator in its own process; baseline: a bare GET
    round trip to it."""
    import httpx

    from triage_tui.core.settings import SyncSettings
    from triage_tui.core.store import Store
    from triage_tui.ui.app import TriageApp
    from triage_tui.ui.connect import ConnectInfo

    with tempfile.TemporaryDirectory() as d:
        child = subprocess.Popen(
            [sys.executable, "-m", "triage_tui.bench.sim_child", "30", "3", f"{d}/l.json"],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            info = json.loads(child.stdout.readline())  # type: ignore[union-attr]
            connect = ConnectInfo(info["token"], info["api_url"], info["stream_url"])
            app = TriageApp(connect, store=Store(), settings=SyncSettings(put_pacing=0))
            repaint: list[float] = []
            wire: list[float] = []
            sent: list[float] = []

            async def on_request(request: httpx.Request) -> None:
                if request.method == "PUT":
                    sent.append(time.monotonic())

            async with app.run_test(size=(120, 40)) as pilot:
                while app.session is None or not app.feed.total_count:
                    await asyncio.sleep(0.01)
                app.client._http.event_hooks["request"].append(on_request)
                await pilot.press("slash", *f"alert:{info['alert_ids'][0]}", "enter")
                await pilot.pause(0.2)
                for _ in range(10):
                    sent.clear()
                    start = time.monotonic()
                    app.action_toggle_read()  # what the key runs
                    app.feed.render_line(app.feed.cursor_index - app.feed.scroll_offset.y)
                    repaint.append(time.monotonic() - start)
                    while not sent:
                        await asyncio.sleep(0.0005)
                    wire.append(sent[0] - start)
                    await pilot.pause(0.1)
            async with httpx.AsyncClient() as client:
                base = []
                for _ in range(10):
                    start = time.monotonic()
                    await client.get(
                        f"{info['api_url']}/accounts/me",
                        headers={"Authorization": f"Bearer {info['token']}"},
                    )
                    base.append(time.monotonic() - start)
        finally:
            child.kill()
            child.wait()
    median = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    return {
        "curation: key to repainted row (s) vs bare GET": _result(median(repaint), median(base)),
        "curation: key to PUT leaving the app (s) vs bare GET": _result(median(wire), median(base)),
    }


async def memory_async() -> dict[str, Result]:
    return await asyncio.to_thread(memory, 100_000)


async def startup_async() -> dict[str, Result]:
    return await asyncio.to_thread(startup)


async def run_all(quick: bool = False) -> dict[str, Result]:
    results: dict[str, Result] = {}
    if quick:
        results |= await navigation((10, 50), moves=5)
        results |= await load(200)
        results |= await ingest(20, alerts=3)
        results |= memory(300)
        results |= store_writes(200)
        results |= await curation()
        return results
    steps: list[Any] = [
        lambda: navigation((100, 10_000, 100_000), moves=1000),
        lambda: load(100_000),
        lambda: ingest(1000),
        lambda: asyncio.to_thread(store_writes, 10_000),
        memory_async,
        startup_async,
        curation,
    ]
    for step in steps:
        try:
            results |= await step()
        except Exception as error:  # one failed figure must not lose the others
            print(f"figure failed: {error!r}", file=sys.stderr)
    return results
