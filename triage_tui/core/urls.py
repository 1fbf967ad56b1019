"""The one check a URL from the network passes before it leaves the app.

A mention's URL is copied to the clipboard, handed to the browser, and made an OSC 8
link. Each of those trusts the text: a newline in a copied URL runs a second command when
pasted into a shell (paste-jacking), and an opener given `file:` or `javascript:` does
what a stranger chose. So only a plain http(s) URL goes out: one line, printable, no
whitespace, no control character, and nothing the sanitizer put in a control's place.
"""

from __future__ import annotations

from urllib.parse import urlsplit

#: Why a URL was refused, for the status line ("not copied: ...").
NOT_PLAIN = "the link is not a plain http(s) URL"

#: Longer than any real link; a terminal or clipboard has no use for more.
MAX_URL = 8192

#: What `core.sanitize` writes where the service sent a control or format character
#: (control pictures ␀-␡, and U+FFFD): such a URL is not the one the service meant.
_STAND_INS = frozenset(chr(c) for c in range(0x2400, 0x2427)) | {"\ufffd"}


def _plain_text(url: str) -> bool:
    # isprintable() is False for every control, format and separator character except
    # the ASCII space; isspace() catches that one (and tabs and newlines again).
    return url.isprintable() and not any(c.isspace() or c in _STAND_INS for c in url)


def plain_web_url(url: str | None) -> str | None:
    """`url` when it is a plain http(s) URL, safe to copy, open or link; else None."""
    if not url or len(url) > MAX_URL or not _plain_text(url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url
