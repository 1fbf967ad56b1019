"""Telling the user that new mentions match a view: the terminal bell or a desktop note.

`desktop` on a local machine asks the desktop (notify-send, osascript); over SSH, or when
neither exists, it sends the terminal's own notification sequence (OSC 9: iTerm2,
WezTerm, kitty, Ghostty, Windows Terminal, foot), wrapped for tmux's passthrough inside
tmux, so it reaches the user's screen, not the server's. At most one notification every
`interval` seconds: what arrives in between is summed into the next one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping

from triage_tui.core.links import remote_session
from triage_tui.core.sanitize import one_line
from triage_tui.core.watch import Matches

Write = Callable[[str], None]
Schedule = Callable[[float, Callable[[], None]], object]
MAX_BODY = 200


def safe_body(text: str) -> str:
    """One short line with no character that could end or extend an escape sequence."""
    line = one_line(text)
    line = "".join(c for c in line if c.isprintable() and c not in "\x1b\x07\x9c;")
    return line[: MAX_BODY - 1] + "…" if len(line) > MAX_BODY else line


def osc9(body: str, env: Mapping[str, str]) -> str:
    sequence = f"\x1b]9;{safe_body(body)}\x07"
    if env.get("TMUX"):
        # tmux passes a sequence through only in a DCS, with each ESC doubled.
        sequence = "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def desktop_command(title: str, body: str, env: Mapping[str, str]) -> list[str] | None:
    """The local desktop's notifier, or None (remote, or none installed)."""
    if remote_session(env):
        return None
    if sys.platform == "darwin" and shutil.which("osascript"):
        script = f"display notification {_applescript(body)} with title {_applescript(title)}"
        return ["osascript", "-e", script]
    if shutil.which("notify-send"):
        return ["notify-send", "--app-name=mention-triage", title, safe_body(body)]
    return None


def _applescript(text: str) -> str:
    return '"' + safe_body(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


class Notifier:
    def __init__(
        self,
        mode: str,
        write: Write,
        schedule: Schedule,
        *,
        env: Mapping[str, str] = os.environ,
        interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.mode = mode
        self.write = write
        self.schedule = schedule
        self.env = env
        self.interval = interval
        self.clock = clock
        self.sent = 0
        self._last: float | None = None
        self._held = Matches()
        self._timer_set = False

    @property
    def enabled(self) -> bool:
        return self.mode in ("bell", "desktop")

    def arrived(self, matches: Matches) -> None:
        if not self.enabled or not matches:
            return
        self._held.merge(matches)
        now = self.clock()
        if self._last is None or now - self._last >= self.interval:
            self._fire()
        elif not self._timer_set:
            self._timer_set = True
            self.schedule(self._last + self.interval - now, self._fire)

    def _fire(self) -> None:
        self._timer_set = False
        held, self._held = self._held, Matches()
        if not held:
            return
        self._last = self.clock()
        self.sent += 1
        if self.mode == "bell":
            self.write("\x07")
            return
        text = held.text()
        command = desktop_command("mention-triage", text, self.env)
        if command is not None:
            try:
                subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
                return
            except OSError:
                pass  # fall back to the terminal's own notification
        self.write(osc9(f"mention-triage: {text}", self.env))
