"""Opening and copying mention URLs, safely and over SSH.

Only plain http and https URLs (`core.urls.plain_web_url`) are ever opened, copied or
turned into links: a `javascript:` or `file:` URL, or one with a second line, from a
stranger's post is shown as text, never acted on. Over SSH there is no
local browser to open: the URL is shown and copied (OSC 52 reaches the user's own
clipboard through SSH and tmux) instead of failing.
"""

from __future__ import annotations

import os
import sys
import webbrowser
from collections.abc import Mapping
from urllib.parse import quote

from triage_tui.core.urls import plain_web_url

#: What may stand in an OSC 8 link target: printable ASCII without spaces (the spec's
#: 32-126, minus the space so a target can never be cut short or spoofed by padding).
_LINK_SAFE = "!#$%&'()*+,-./:;=?@[]~_"


def is_web_url(url: str | None) -> bool:
    return plain_web_url(url) is not None


def link_target(url: str | None) -> str | None:
    """`url` as an OSC 8 hyperlink target, or None when it must not be one.

    Only what may be copied or opened (`plain_web_url`). Anything outside printable
    ASCII is percent-encoded (an IDN host), so the escape sequence the terminal receives
    can never be ended early or carry a second sequence.
    """
    plain = plain_web_url(url)
    if plain is None:
        return None
    target = quote(plain, safe=_LINK_SAFE)
    if len(target) > 2000 or not all(33 <= ord(c) <= 126 for c in target):
        return None
    return target


def remote_session(env: Mapping[str, str] = os.environ) -> bool:
    """True when no local browser can be reached: SSH, or Linux without a display."""
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"):
        return True
    if sys.platform.startswith("linux"):
        return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return False


def open_in_browser(url: str) -> bool:
    """Ask the local browser to open `url`; False when there is none."""
    try:
        return webbrowser.open(url, new=2)
    except webbrowser.Error:
        return False
