"""What both clients share: URLs, headers, timeouts, and reading a response."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from pydantic import ValidationError

from triage_tui.api import http_log, jsonsafe
from triage_tui.api.calls import Call, segment
from triage_tui.api.endpoints import (  # noqa: F401  (re-exported)
    DEFAULT_API_VERSION,
    DEFAULT_BASE_URL,
    DEFAULT_STREAM_URL,
    KEEPALIVE_SECONDS,
)
from triage_tui.api.errors import (
    MentionError,
    TransportError,
    UnreadableResponse,
    error_from_response,
)
from triage_tui.api.models import why_unreadable
from triage_tui.api.urls import check_url

USER_AGENT = "mention-triage"


@dataclass(frozen=True)
class Endpoint:
    """Where a client talks to, and how. The token is kept out of `repr`."""

    base_url: str
    stream_url: str
    api_version: str
    timeout: float
    stream_read_timeout: float

    def url_for(self, call: Call[Any]) -> str:
        if call.from_host:
            parts = urlsplit(self.base_url)
            return f"{parts.scheme}://{parts.netloc}{call.path}"
        return f"{self.base_url}{call.path}"

    def stream_path(self, account_id: str) -> str:
        return f"{self.stream_url}/accounts/{segment(account_id)}/mentions"


def make_endpoint(
    base_url: str | None,
    stream_url: str | None,
    api_version: str,
    timeout: float,
    stream_read_timeout: float | None,
    insecure: bool,
) -> Endpoint:
    return Endpoint(
        base_url=check_url(base_url or DEFAULT_BASE_URL, insecure=insecure),
        stream_url=check_url(stream_url or DEFAULT_STREAM_URL, insecure=insecure),
        api_version=api_version,
        timeout=timeout,
        # Never shorter than the keep-alive period, or a healthy stream would time out.
        stream_read_timeout=max(stream_read_timeout or 0.0, 2 * KEEPALIVE_SECONDS + 5),
    )


def headers_for(token: str, api_version: str) -> dict[str, str]:
    if not token:
        raise MentionError("no access token given")
    return {
        "Authorization": f"Bearer {token}",
        "Accept-Version": api_version,
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
    }


def read_response(call: Call[Any], status: int, headers: httpx.Headers, body: bytes) -> Any:
    """Raise the typed error for a failure, else parse the body with the call's parser.
    Whatever the body holds, the only exceptions out of here are MentionErrors."""
    if status >= 400:
        raise error_from_response(status, body, headers)
    data = None
    if body.strip():
        try:
            data = jsonsafe.loads(body)
        except ValueError as error:  # a proxy's page, say: the request may not have arrived
            raise TransportError(
                f"HTTP {status}: the service answered with something not JSON"
            ) from error
    try:
        return call.parse(data)
    except ValidationError as error:
        raise UnreadableResponse(
            f"{call.method} {call_name(call)}: unexpected answer ({why_unreadable(error)})"
        ) from None


def call_name(call: Call[Any]) -> str:
    """A call's path without the account and the ids: `/alerts/{id}/mentions/{id}`."""
    path = re.sub(r"^(/api)?/accounts/[^/]+", "", call.path.partition("?")[0])
    return re.sub(r"/[^/]*\d[^/]*", "/{id}", path) or "/"


def transport_error(error: httpx.HTTPError | httpx.InvalidURL) -> TransportError:
    """A one-line, token-free message for a network failure."""
    kind = type(error).__name__
    where = ""
    request = getattr(error, "_request", None)
    http_log.failed(request, error)
    if request is not None:
        # The port too: two local services differ only by it (the netloc never holds the
        # userinfo, nor the query its token-free path leaves out).
        where = f" ({request.method} {request.url.netloc.decode('ascii')}{request.url.path})"
    detail = str(error).split("\n", 1)[0][:120]
    return TransportError(f"network error{where}: {kind}{': ' + detail if detail else ''}")


class LineSplitter:
    """Splits a byte stream into lines without reading the whole response first.

    A line longer than `max_line` is not kept in memory: it is skipped up to its end and
    reported as an oversize line (None), so a hostile 2 GB line cannot exhaust memory.
    """

    def __init__(self, max_line: int = 8 * 1024 * 1024) -> None:
        self.max_line = max_line
        self._buffer = bytearray()
        self._skipping = False

    def feed(self, chunk: bytes) -> list[bytes | None]:
        lines: list[bytes | None] = []
        buffer = self._buffer
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                break
            if self._skipping:
                self._skipping = False
                lines.append(None)
            elif buffer:  # the line began in an earlier chunk
                buffer += chunk[start:end]
                lines.append(bytes(buffer))
                buffer.clear()
            else:  # most lines of a replay: one copy, not three
                lines.append(chunk[start:end])
            start = end + 1
        if not self._skipping:
            buffer += chunk[start:]
            if len(buffer) > self.max_line:
                buffer.clear()
                self._skipping = True
        # Blank lines go (isspace, unlike strip, copies nothing).
        return [line for line in lines if line is None or (line and not line.isspace())]

    def flush(self) -> list[bytes | None]:
        rest = bytes(self._buffer).strip()
        self._buffer.clear()
        return [rest] if rest else []
