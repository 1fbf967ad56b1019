"""One log line per HTTP request, for both clients: method, path, status, elapsed ms.

Never the query string (it holds ids and cursors, and could hold anything a caller puts
there), never a header (the token travels in Authorization), never a body. Hooked into
httpx once per client, so every request is seen, the stream's included; the time is
until the response's headers arrived.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from triage_tui.api.log import get_logger

log = get_logger("http")
_STARTED = "mention_triage.started"


def _start(request: httpx.Request) -> None:
    if log.isEnabledFor(logging.INFO):
        request.extensions[_STARTED] = time.perf_counter()


def _done(response: httpx.Response) -> None:
    request = response.request
    started = request.extensions.get(_STARTED)
    if started is None:
        return
    elapsed = (time.perf_counter() - started) * 1000
    log.info("%s %s %d %.1f ms", request.method, request.url.path, response.status_code, elapsed)


def failed(request: httpx.Request | None, error: Exception) -> None:
    """A request that got no response (refused, reset, timed out)."""
    if request is None or not log.isEnabledFor(logging.INFO):
        return
    started = request.extensions.get(_STARTED)
    elapsed = f" {(time.perf_counter() - started) * 1000:.1f} ms" if started else ""
    log.info("%s %s failed: %s%s", request.method, request.url.path, type(error).__name__, elapsed)


def sync_hooks() -> dict[str, list[Callable[[Any], Any]]]:
    return {"request": [_start], "response": [_done]}


async def _start_async(request: httpx.Request) -> None:
    _start(request)


async def _done_async(response: httpx.Response) -> None:
    _done(response)


def async_hooks() -> dict[str, list[Callable[[Any], Awaitable[Any]]]]:
    return {"request": [_start_async], "response": [_done_async]}
