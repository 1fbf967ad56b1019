"""Every error body becomes a typed exception with a one-line message a person can read."""

from __future__ import annotations

import pytest

from triage_tui.api.errors import (
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    error_from_response,
)

FORM = (
    b'{"form": {"errors": [], "children": {"favorite": [], "tone": {"errors": '
    b'["This value is not valid."]}, "tags": {"children": [{"children": {"id": {"errors": '
    b'["Unknown tag."]}}}]}}}}'
)


def test_400_form_errors_are_flattened() -> None:
    error = error_from_response(400, FORM, {"content-type": "application/json"})
    assert isinstance(error, BadRequestError)
    assert error.fields == {"tone": ["This value is not valid."], "tags[0].id": ["Unknown tag."]}
    assert str(error) == "HTTP 400: tone: This value is not valid., tags[0].id: Unknown tag."


def test_401_403_messages() -> None:
    body = (
        b'{"error": "invalid_grant", "error_description": "The access token provided is invalid."}'
    )
    error = error_from_response(401, body, {})
    assert isinstance(error, AuthenticationError)
    assert error.message == "The access token provided is invalid."
    body = b'{"code": 403, "message": "You are not allowed to modify this alert"}'
    error = error_from_response(403, body, {})
    assert isinstance(error, PermissionDeniedError)
    assert str(error) == "HTTP 403: You are not allowed to modify this alert"


def test_404_html_page_becomes_its_title() -> None:
    html = b"<!DOCTYPE html><html><head><title>Page not found</title></head><body>" + b"x" * 5000
    error = error_from_response(404, html, {"content-type": "text/html; charset=UTF-8"})
    assert isinstance(error, NotFoundError)
    assert error.message == "Page not found"


@pytest.mark.parametrize(
    "body", [b"", b"<html><body>Internal Server Error</body></html>", b"\xff\xfe"]
)
def test_5xx_with_empty_or_html_bodies(body: bytes) -> None:
    error = error_from_response(503, body, {"content-type": "text/html"})
    assert isinstance(error, ServerError) and error.status == 503
    assert "\n" not in str(error) and 0 < len(error.message) <= 200


def test_429_carries_the_reset_time() -> None:
    error = error_from_response(429, b"", {"x-rate-limit-reset": "1700000100"})
    assert isinstance(error, RateLimitError)
    assert error.reset_at == 1700000100.0
    assert error.wait_seconds(now=1700000090.0) == 10.0
    assert error_from_response(429, b"", {"x-rate-limit-reset": "soon"}).reset_at is None


def test_a_network_error_names_the_host_with_its_port() -> None:
    import httpx

    from triage_tui.api.transport import transport_error

    request = httpx.Request("GET", "http://127.0.0.1:8123/api/accounts/me?x=1")
    error = transport_error(httpx.ConnectError("Connection refused", request=request))
    assert "(GET 127.0.0.1:8123/api/accounts/me)" in str(error)
    default = httpx.Request("GET", "https://api.mention.net/api/accounts/me")
    error = transport_error(httpx.ConnectError("refused", request=default))
    assert "(GET api.mention.net/api/accounts/me)" in str(error)
