"""The streaming endpoint (seed 002): replay since `since_id`, then live lines and marks.

One stream per account: a second one gets 409 while the first is open (a guess: the
service documents the limit, not the status).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from triage_tui.sim import responses
from triage_tui.sim.state import SimState, StreamSubscriber

MARK = b'{"type":"mark"}\n'
SINCE = re.compile(r"^since_id\[(\d+)\]$")


def _warning(cap: int) -> bytes:
    return b'{"type":"warning","message":"Historical mentions capped to %d."}\n' % cap


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
    if not state.subscribe(sub):
        return JSONResponse(
            {"code": 409, "message": "Only one stream per account is allowed"}, status_code=409
        )
    return StreamingResponse(
        _lines(state, sub, since, mark_interval), media_type="application/x-ndjson"
    )


async def _lines(
    state: SimState, sub: StreamSubscriber, since: dict[int, int], mark_interval: float
) -> AsyncIterator[bytes]:
    sent = 0
    limit = state.faults.drop_stream_after
    try:
        for alert_id in sorted(sub.alert_ids):
            if alert_id not in since:
                continue
            cap = state.faults.stream_history_cap
            with state.lock:
                stored = state.stored(alert_id)
                newer = sorted(i for i in stored if i > since[alert_id])
                lines = [stored[i].line for i in newer[:cap]]
            for start in range(0, len(lines), 200):
                batch = lines[start : start + 200]
                if limit is not None and sent + len(batch) >= limit:
                    yield b"".join(batch[: max(0, limit - sent)])
                    return
                sent += len(batch)
                yield b"".join(batch)
            if len(newer) > cap:
                yield _warning(cap)
        yield MARK
        while True:
            try:
                line = await asyncio.wait_for(sub.queue.get(), timeout=mark_interval)
            except TimeoutError:
                if not state.faults.pause_marks:
                    yield MARK
                continue
            if line is None:
                return
            batch = [line]
            while not sub.queue.empty() and len(batch) < 200:
                nxt = sub.queue.get_nowait()
                if nxt is None:
                    yield b"".join(batch)
                    return
                batch.append(nxt)
            limit = state.faults.drop_stream_after
            if limit is not None and sent + len(batch) >= limit:
                # Hang up after exactly `limit` lines; the rest are lost with the connection.
                yield b"".join(batch[: max(0, limit - sent)])
                return
            sent += len(batch)
            yield b"".join(batch)
    finally:
        state.unsubscribe(sub)
