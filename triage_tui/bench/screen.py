"""Feed navigation and load, against Textual's DataTable and OptionList (in process)."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from typing import Any

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable, OptionList

from triage_tui.bench.result import Result, result
from triage_tui.core.rows import FeedRow
from triage_tui.ui.widgets.feed import MentionFeed


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
        out[f"nav: cursor move at {n:,} vs {small:,} (s)"] = result(
            per_move[n], per_move[small], "≤ 1.2"
        )
        out[f"nav: page move at {n:,} vs {small:,} (s)"] = result(
            per_page[n], per_page[small], "≤ 1.2"
        )
    rows = held[big]
    table_move = await _per_key(_table_with(rows), "cursor_down|cursor_up", moves)
    out[f"nav: cursor move, feed vs DataTable at {big:,} (s)"] = result(
        per_move[big], table_move, "≤ 0.1"
    )
    feed_repaint = await _per_key(_feed_with(rows), "cursor_down|cursor_up", moves, repaint=True)
    table_repaint = await _per_key(_table_with(rows), "cursor_down|cursor_up", moves, repaint=True)
    out[f"nav: cursor move + repaint, feed vs DataTable at {big:,} (s)"] = result(
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
        f"load: {n:,} into feed vs DataTable (s)": result(feed, table, "≤ 0.02"),
        f"load: {n:,} into feed vs OptionList (s)": result(feed, options),
    }
