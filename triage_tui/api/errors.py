"""Typed errors of the Mention API, each readable by a person in one line.

JSON is guaranteed only for 200 and 400; anything else may be HTML or empty, so the
message is dug out defensively. The access token is never part of any error: messages are
built from the status and the body only, never from request headers.
"""

from __future__ import annotations

import re
import time
from typing import Any

from triage_tui.api import jsonsafe

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_MAX_MESSAGE = 200


class MentionError(Exception):
    """Base of every error this client raises."""

    status: int | None = None

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return f"HTTP {self.status}: {self.message}" if self.status else self.message


class InvalidIdError(MentionError, ValueError):
    """An id from the service that cannot name a resource in a request path (a control
    character, an empty or dot segment): refused before anything is sent."""


class TransportError(MentionError):
    """The service could not be reached, or the connection died mid-response."""


class UnreadableResponse(MentionError):
    """The service answered 2xx with JSON the client cannot read (not the shape of the
    answer asked for): the request was done, its answer is lost. Raised instead of
    pydantic's ValidationError, so every caller that handles MentionError handles it."""


class APIError(MentionError):
    """The service answered with an error status."""


class BadRequestError(APIError):
    status = 400

    def __init__(self, message: str, *, status: int | None = 400, fields: Any = None) -> None:
        super().__init__(message, status=status)
        self.fields: dict[str, list[str]] = fields or {}


class AuthenticationError(APIError):
    status = 401


class PaymentRequiredError(APIError):
    status = 402


class PermissionDeniedError(APIError):
    status = 403


class NotFoundError(APIError):
    status = 404


class ConflictError(APIError):
    """409: for the stream, another stream is already open for this account."""

    status = 409


class RateLimitError(APIError):
    status = 429

    def __init__(self, message: str, *, status: int | None = 429, reset_at: float | None = None):
        super().__init__(message, status=status)
        self.reset_at = reset_at

    def wait_seconds(self, now: float | None = None) -> float:
        """How long to wait before the next request (0 when the reset time is unknown)."""
        if self.reset_at is None:
            return 0.0
        return max(0.0, self.reset_at - (time.time() if now is None else now))


class ServerError(APIError):
    """5xx: worth retrying later."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}

_DEFAULT_MESSAGES = {
    400: "the service refused the request",
    401: "the access token is invalid or expired",
    402: "your Mention plan does not cover this request",
    403: "you are not allowed to do this",
    404: "not found",
    409: "conflict",
    429: "rate limited",
}


def flatten_form_errors(form: Any, prefix: str = "") -> dict[str, list[str]]:
    """Symfony form errors -> {"field.sub": ["message", ...]}; "" is the form itself."""
    out: dict[str, list[str]] = {}
    if not isinstance(form, dict):
        return out
    errors = [
        str(e) if not isinstance(e, dict) else str(e.get("message", e))
        for e in (form.get("errors") or [])
        if e
    ]
    if errors:
        out[prefix] = errors
    children = form.get("children")
    if isinstance(children, dict):
        for name, child in children.items():
            path = f"{prefix}.{name}" if prefix else str(name)
            out.update(flatten_form_errors(child, path))
    elif isinstance(children, list):
        for index, child in enumerate(children):
            out.update(flatten_form_errors(child, f"{prefix}[{index}]"))
    return out


def _one_line(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _message_from_body(status: int, body: bytes, content_type: str) -> tuple[str, dict]:
    text = body.decode("utf-8", errors="replace").strip()
    fields: dict[str, list[str]] = {}
    if text[:1] in "{[":
        try:
            data = jsonsafe.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            if isinstance(data.get("form"), dict):
                fields = flatten_form_errors(data["form"])
                parts = [f"{k}: {'; '.join(v)}" if k else "; ".join(v) for k, v in fields.items()]
                if parts:
                    return _one_line(", ".join(parts)), fields
            for key in ("error_description", "message", "error"):
                value = data.get(key)
                if isinstance(value, str) and value:
                    return _one_line(value), fields
                if isinstance(value, dict) and isinstance(value.get("message"), str):
                    return _one_line(value["message"]), fields
    if text and ("html" in content_type or text.lstrip().startswith("<")):
        title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
        text = title.group(1) if title else _TAGS.sub(" ", text)
    text = _one_line(text)
    if not text or len(text) > 120:
        text = _DEFAULT_MESSAGES.get(status, "server error" if status >= 500 else "error")
    return text, fields


def error_from_response(status: int, body: bytes, headers: dict[str, str] | Any) -> APIError:
    """Build the typed error for a non-2xx response."""
    content_type = str(headers.get("content-type", "")).lower()
    message, fields = _message_from_body(status, body, content_type)
    if status == 400:
        return BadRequestError(message, fields=fields)
    if status == 429:
        reset = headers.get("x-rate-limit-reset")
        try:
            reset_at = float(reset) if reset is not None else None
        except ValueError:
            reset_at = None
        return RateLimitError(message, reset_at=reset_at)
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else APIError)
    return cls(message, status=status)
