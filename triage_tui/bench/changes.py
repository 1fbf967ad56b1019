"""Changing rows deep in the feed against changing them at the top (issue 19).

A change is what the session does to a row and what the screen then does with it: the
session's `FeedModel.change` (the row's new values) and the real feed widget's
`show_changes`, with `n` rows held. Before the feed model, the widget found the row with
`list.index`: 22 ms at position 50,000 of 100,000, against 0.1 ms at the top.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Sequence

from triage_tui.bench.result import Result, result
from triage_tui.bench.screen import _Host, synthetic_rows
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.rows import FeedRow
from triage_tui.ui.widgets.feed import MentionFeed

#: The first rows changed "at the top" start here: the cursor's row (0) would add its
#: detail's message to the top's figure alone.
TOP = 1


async def changes(n: int, spread: int, rounds: int = 5) -> dict[str, Result]:
    rows = synthetic_rows(n)
    session = FeedModel()
    feed = MentionFeed(clock=lambda: 1_800_000_000.0)

    def show(f: MentionFeed) -> None:
        session.insert(rows)
        f.attach(session)  # the feed is a view of the session's model, as in the app

    app = _Host(feed, show)
    middle = [rows[n // 2]]
    deep = rows[n // spread // 2 :: n // spread][:spread]  # spread evenly over the feed
    top = rows[TOP : TOP + spread]
    times: dict[str, list[float]] = {"middle": [], "one top": [], "deep": [], "top": []}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        gc.collect()
        runs = {
            "middle": lambda: _change(session, feed, middle * 50) / 50,
            "one top": lambda: _change(session, feed, top[:1] * 50) / 50,
            "deep": lambda: _change(session, feed, deep),
            "top": lambda: _change(session, feed, top),
        }
        for turn in range(rounds + 1):  # taking turns, so the machine's drift hits both
            order = list(runs) if turn % 2 else list(reversed(runs))
            for name in order:
                took = runs[name]()
                if turn:  # the first turn only warms up
                    times[name].append(took)
            await pilot.pause()  # the repaints the changes asked for, outside the timing
    best = {name: sorted(t)[len(t) // 2] for name, t in times.items()}
    return {
        f"change: one row at {n // 2:,} of {n:,} vs at the top (s)": result(
            best["middle"], best["one top"], "≤ 1.2"
        ),
        f"change: {spread:,} spread over {n:,} vs at the top (s)": result(
            best["deep"], best["top"], "≤ 1.5"
        ),
    }


def _change(session: FeedModel, feed: MentionFeed, rows: Sequence[FeedRow]) -> float:
    """Seconds to mark `rows` read (or unread again) in the session's model and on the
    feed, one at a time, as marking a whole alert read does."""
    start = time.perf_counter()
    for row in rows:
        session.change(row.id, {"read": not row.read})
        feed.show_changes()
    return time.perf_counter() - start
