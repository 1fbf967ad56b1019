"""A stream whose client leaves while a line is arriving must still end and free the
account's one stream (a swallowed cancellation once kept it open for good)."""

from __future__ import annotations

import asyncio

from triage_tui.sim.state import SimState, StreamSubscriber
from triage_tui.sim.stream import _lines


async def test_a_line_arriving_with_the_cancel_does_not_keep_the_stream_alive() -> None:
    state = SimState(seed=1, mentions_per_alert=1)
    sub = StreamSubscriber(set(state.alert_ids), asyncio.get_running_loop())
    stream = _lines(state, sub, mark_interval=30.0)
    assert await anext(stream)  # the opening mark: now waiting for a live line

    async def pump() -> None:
        async for _ in stream:
            pass

    for _ in range(20):  # each round: the line and the cancel land in the same tick
        task = asyncio.create_task(pump())
        await asyncio.sleep(0)
        sub.queue.put_nowait(b'{"type":"mark"}\n')
        task.cancel()
        async with asyncio.timeout(5):
            done, _ = await asyncio.wait({task}, timeout=1)
        assert task in done and task.cancelled()
        stream = _lines(state, sub, mark_interval=30.0)
        await anext(stream)
