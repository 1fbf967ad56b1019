"""ASGI middleware of the simulator: auth, rate limit, latency, and the request log.

Behaves as the reference says the service does: a bad token gets the OAuth error body
(401), a 429 carries `X-Rate-Limit-Reset` (unix time) and nothing else, and the
Authorization header is never recorded.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from typing import Any
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from triage_tui.sim.state import Request, SimState

TOKEN = "demo-token"
#: Set in the ASGI scope by a route that hangs up on purpose (logged as status 0).
HANGUP = "sim.hangup"


async def _send_json(
    send: Send, status: int, body: Any, headers: list[tuple[bytes, bytes]]
) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class SimMiddleware:
    def __init__(self, app: ASGIApp, state: SimState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = self.state
        query = parse_qs(scope.get("query_string", b"").decode(), keep_blank_values=True)
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        raw = b"".join(chunks)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        # The log never holds a credential: no headers, and no `access_token` parameter.
        logged_query = {k: v for k, v in query.items() if k != "access_token"}
        arrived = time.monotonic()
        logged = [False]

        def log(status: int) -> None:
            if not logged[0]:
                logged[0] = True
                state.record(
                    Request(
                        scope["method"],
                        scope["path"],
                        logged_query,
                        body if isinstance(body, dict) else None,
                        arrived,
                        status,
                    )
                )

        replayed = [False]

        async def replay() -> Message:
            # The body once, then the real channel (so a stream still hears the disconnect).
            if not replayed[0]:
                replayed[0] = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()

        async def capture(message: Message) -> None:
            # Logged before the answer leaves: a client that has its answer finds it logged.
            # A deliberate hang-up (the reset fault) answers nothing: status 0.
            if message["type"] == "http.response.start":
                log(0 if scope.get(HANGUP) else message["status"])
            await send(message)

        try:
            headers = dict(scope.get("headers", []))
            auth = headers.get(b"authorization", b"").decode()
            token = auth[7:] if auth.lower().startswith("bearer ") else ""
            token = token or query.get("access_token", [""])[0]
            if token != state.token:
                await _send_json(
                    capture,
                    401,
                    {
                        "error": "invalid_grant",
                        "error_description": "The access token provided is invalid.",
                    },
                    [],
                )
                return
            limited_until = state.rate_limited_until()
            if limited_until:
                reset = str(math.ceil(limited_until)).encode()
                await _send_json(
                    capture,
                    429,
                    {"code": 429, "message": "Rate limit exceeded"},
                    [(b"x-rate-limit-reset", reset)],
                )
                return
            if state.faults.latency:
                await asyncio.sleep(state.faults.latency)
            await self.app(scope, replay, capture)
        finally:
            log(0)  # no answer was started (the client left, or the app failed)
