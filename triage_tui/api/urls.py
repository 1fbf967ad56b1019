"""Which URLs a client may talk to: checked before anything touches the network.

No httpx here: the command line checks `--api-url` before the app's first frame.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from triage_tui.api.errors import MentionError


def _is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str, *, insecure: bool = False) -> str:
    """Refuse plain http:// to anything but loopback unless `insecure` (the token travels)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MentionError(f"not an http(s) URL: {url!r}")
    if parts.scheme == "http" and not insecure and not _is_loopback(parts.hostname):
        raise MentionError(
            f"refusing plain http:// to {parts.hostname}: the access token would travel "
            "unencrypted (use https://, or --insecure if you really mean it)"
        )
    return url.rstrip("/")
