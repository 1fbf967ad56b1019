"""The streaming endpoint (seed 002): replay since `since_id`, then live lines and marks.

One stream per account: a second one gets 409 while the first is open (a guess: the
service documents the limit, not the status). The replay is taken when the stream opens,
atomically with joining the live subscribers, and its lines are the ones serialized when
each mention was stored: a replay is a join of bytes, not a json.dumps per line.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from triage_tui.sim import responses
from triage_tui.sim.state import SimState, StreamSubscriber

MARK = b'{"type":"mark"}\n'
SINCE = re.compile(r"^since_id\[(\d+)\]$")
BATCH = 200  # lines per write: few syscalls on a big replay, small enough to interleave


def _warning(cap: int) -> bytes:
    return b'{"type":"warning","message":"Historical mentions capped to %d."}\n' % cap


def _drop(state: SimState, sub: StreamSubscriber, batch: list[bytes], keep: int) -> bytes:
    """The last bytes before the drop fault hangs up: `keep` whole lines, and in "cut"
    mode half of the next one (a connection reset arrives mid-line)."""
    keep = max(0, keep)
    sub.dropped = True
    tail = b""
    if state.faults.drop_stream_mode == "cut" and keep < len(batch):
        tail = batch[keep][: len(batch[keep]) // 2]
    return b"".join(batch[:keep]) + tail


async def open_stream(state: SimState, request: Request, mark_interval: float) -> Response:
    if request.path_params["account_id"] not in (state.account["id"], "me"):
        return responses.not_found()
    wanted = {int(a) for a in request.query_params.getlist("alerts[]") if a.isdigit()}
    known = set(state.alert_ids)
    alert_ids = (wanted & known) if wanted else known
    since: dict[int, int] = {}
    for key, value in request.query_params.multi_items():
        match = SINCE.match(key)
        if match and value.isdigit():
            since[int(match.group(1))] = int(value)
    sub = StreamSubscriber(alert_ids, asyncio.get_running_loop())
    if not state.subscribe(sub, since):
        return JSONResponse(
            {"code": 409, "message": "Only one stream per account is allowed"}, status_code=409
        )
    return NdjsonStream(state, sub, mark_interval)


class NdjsonStream(Response):
    """Streams `_lines` and watches for the client hanging up at the same time.

    Watching `receive` (not only failing on the next write) frees the account's one stream
    as soon as the client goes, so a reconnect is not refused until the next mark.
    """

    media_type = "application/x-ndjson"

    def __init__(self, state: SimState, sub: StreamSubscriber, mark_interval: float) -> None:
        self.state = state
        self.sub = sub
        self.mark_interval = mark_interval
        self.status_code = 200
        self.background = None
        self.init_headers({"cache-control": "no-cache"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        pump = asyncio.create_task(self._pump(send))
        gone = asyncio.create_task(self._wait_for_disconnect(receive))
        try:
            await asyncio.wait({pump, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self.state.unsubscribe(self.sub)  # first: the account may stream again at once
            for task in (pump, gone):
                task.cancel()
            await asyncio.gather(pump, gone, return_exceptions=True)

    async def _pump(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        with contextlib.suppress(OSError):  # the client went away mid-write
            faults = self.state.faults
            async for chunk in _lines(self.state, self.sub, self.mark_interval):
                if faults.rewrite:
                    chunk = faults.rewritten(chunk)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            if self.sub.dropped and faults.drop_stream_mode == "cut":
                return  # no end of body: the server closes the connection, a reset
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    @staticmethod
    async def _wait_for_disconnect(receive: Receive) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass


async def _lines(
    state: SimState, sub: StreamSubscriber, mark_interval: float
) -> AsyncIterator[bytes]:
    sent = 0
    limit = state.faults.drop_stream_after
    for alert_id in sorted(sub.replay):
        lines, available = sub.replay.pop(alert_id)
        capped = available > len(lines)
        if capped and state.faults.warn_position == "before":
            yield _warning(len(lines))
        for start in range(0, len(lines), BATCH):
            batch = lines[start : start + BATCH]
            if limit is not None and sent + len(batch) >= limit:
                # Hang up after exactly `limit` lines (the fault), as in the live part.
                yield _drop(state, sub, batch, limit - sent)
                return
            sent += len(batch)
            yield b"".join(batch)
        if capped and state.faults.warn_position != "before":
            yield _warning(len(lines))
    yield MARK
    while True:
        try:
            # Not `asyncio.wait_for`: on 3.11 it swallows a cancel that lands in the tick
            # a line arrives, and the stream then outlives its client, holding the
            # account's one stream for good.
            async with asyncio.timeout(mark_interval):
                line = await sub.queue.get()
        except TimeoutError:
            if not state.faults.pause_marks:
                yield MARK
            continue
        if line is None:
            return
        batch = [line]
        closing = False
        while not sub.queue.empty() and len(batch) < BATCH:
            nxt = sub.queue.get_nowait()
            if nxt is None:
                closing = True
                break
            batch.append(nxt)
        limit = state.faults.drop_stream_after
        if limit is not None and sent + len(batch) >= limit:
            # Hang up after exactly `limit` lines; the rest are lost with the connection.
            yield _drop(state, sub, batch, limit - sent)
            return
        sent += len(batch)
        yield b"".join(batch)
        if closing:
            return
