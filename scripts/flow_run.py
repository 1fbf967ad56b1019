"""A scripted tmux run (#20): `mention-triage sim` and the app in tmux, an inbox cleared
to zero by `tmux send-keys` with a decision mix like the issue's, keys sent counted
against the elementary actions done, and the end state checked on the simulator.

    uv run python scripts/flow_run.py            # prints the figure; exit 1 if over 1.05

The app watches the admin alert only (`--alert 112233`; the demo's third alert is
read-only and could never reach zero). Quick tags from a config file: x = urgent,
p = press. The mix, per mention in feed order (mod 10): e · x e · ! · e · f e · p e ·
d · + e · x p e · e; the 4th is `- u e` (a tone undone) and the 14th `.` (repeats
the 13th's irrelevant). The figure is keys sent / elementary actions done; the plan
has one action per key, and each mention's end state on the simulator is checked
against its keys (folder, favorite, tone, tags; the undone tone unchanged), so a key
that did nothing, or acted on the wrong mention, fails the run.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ALERT = 112233
ACCOUNT = "12345_demo"
TOKEN = "demo-token"
PATTERN = [
    ["e"],
    ["x", "e"],
    ["!"],
    ["e"],
    ["f", "e"],
    ["p", "e"],
    ["d"],
    ["+", "e"],
    ["x", "p", "e"],
    ["e"],
]
SPECIAL = {3: ["-", "u", "e"], 13: ["."]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def get(port: int, path: str) -> Any:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api{path}", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        return json.load(answer)


def mentions(port: int, folder: str | None = None) -> list[dict[str, Any]]:
    query = "limit=1000" + (f"&folder={folder}" if folder else "")
    return get(port, f"/accounts/{ACCOUNT}/alerts/{ALERT}/mentions?{query}")["mentions"]


def wait(what: str, ready: Any, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit(f"flow_run: timed out waiting for {what}")
        time.sleep(0.1)


def up(port: int) -> bool:
    try:
        mentions(port)
    except OSError:
        return False
    return True


def main() -> int:
    port = free_port()
    session = f"flow-run-{os.getpid()}"
    folder = Path(tempfile.mkdtemp(prefix="flow-run-"))
    config = folder / "config.toml"
    config.write_text('[quick_tags]\nx = "urgent"\np = "press"\n')
    config.chmod(0o600)
    env = (
        f"MENTION_ACCESS_TOKEN={TOKEN} MENTION_TRIAGE_CONFIG={config} "
        f"MENTION_TRIAGE_STATE_DIR={folder / 'state'}"
    )
    app = (
        f"env {env} uv run mention-triage --api-url http://127.0.0.1:{port}/api "
        f"--stream-url http://127.0.0.1:{port}/stream/api --alert {ALERT}"
    )
    sim = f"uv run mention-triage sim --port {port} --rate 0"
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", sim)
    try:
        wait("the simulator", lambda: up(port))
        # In the feed's order: newest published first (then the higher id).
        inbox = sorted(
            mentions(port, "inbox"), key=lambda m: (m["published_at"], int(m["id"])), reverse=True
        )
        inbox_before = {m["id"]: m for m in inbox}
        tmux("new-window", "-t", session, app)
        wait("the app to go live", lambda: "live" in tmux("capture-pane", "-p", "-t", session))
        time.sleep(1.0)  # the back-fill settles; the cursor is on the newest
        sent = 0
        for n in range(len(inbox_before)):
            for key in SPECIAL.get(n, PATTERN[n % 10]):
                tmux("send-keys", "-t", session, "-l", key)
                sent += 1
                time.sleep(0.08)
        wait("inbox zero on the simulator", lambda: not mentions(port, "inbox"))
        time.sleep(0.5)
        screen = tmux("capture-pane", "-p", "-t", session)
        tmux("send-keys", "-t", session, "q")
        after = {m["id"]: m for m in mentions(port)}
        folders: dict[str, int] = {}
        for mention_id in inbox_before:
            folders[after[mention_id]["folder"]] = folders.get(after[mention_id]["folder"], 0) + 1
        actions = count_actions(inbox_before, after)
        ratio = sent / actions
        print(f"inbox {len(inbox_before)} -> 0 on the simulator; folders now {folders}")
        print(f"keys sent {sent}, elementary actions {actions}: {ratio:.3f} keys per action")
        print("Inbox zero" if "Inbox zero" in screen else "(no inbox-zero notice seen)")
        return 0 if ratio <= 1.05 else 1
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def count_actions(before: dict[str, Any], after: dict[str, Any]) -> int:
    """The elementary actions the plan made, checked against what the simulator holds:
    each key of the plan is one action; a mention whose end state disagrees with its
    keys fails the run."""
    actions = 0
    for n, mention_id in enumerate(before):
        keys = SPECIAL.get(n, PATTERN[n % 10])
        was, now = before[mention_id], after[mention_id]
        want_folder = {"e": "archive", "d": "trash", "!": "spam", ".": "spam"}[keys[-1]]
        problems = []
        if now["folder"] != want_folder:
            problems.append(f"folder {now['folder']} (wanted {want_folder})")
        if ("f" in keys) != (now["favorite"] != was["favorite"]):
            problems.append("favorite")
        if "+" in keys and now["tone"] != 1:
            problems.append("tone")
        if "-" in keys and now["tone"] != was["tone"]:
            problems.append("tone (the undo)")
        tags_was = {t["id"] for t in was.get("tags", [])}
        tags_now = {t["id"] for t in now.get("tags", [])}
        if ("x" in keys or "p" in keys) == (tags_was == tags_now):
            problems.append("tags")
        if problems:
            raise SystemExit(f"flow_run: mention {n} ({mention_id}) {keys}: " + ", ".join(problems))
        actions += len(keys)
    return actions


if __name__ == "__main__":
    sys.exit(main())
