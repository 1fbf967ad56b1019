"""Two real app processes on one state directory (two tmux panes): no action is sent
twice and none is lost (issue 21). One holds the outbox's lease and sends the shared
outbox, the other only queues; the second also polls, the stream being the first's."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from triage_tui.sim import SimServer

CHILD = Path(__file__).with_name("two_apps_child.py")


def test_two_apps_on_one_state_directory_send_each_action_once(tmp_path: Path) -> None:
    with SimServer(seed=41, mentions_per_alert=30, mark_interval=0.1) as sim:
        alert = sim.alert_ids[0]  # admin: every mention may be marked read
        unread = [
            int(m["id"])
            for m in sim.state.mentions(alert)
            if not m["read"] and m["folder"] == "inbox"
        ][:16]
        halves = (unread[::2], unread[1::2])
        db = str(tmp_path / "state.db")
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    str(CHILD),
                    sim.api_url,
                    sim.stream_url,
                    sim.token,
                    db,
                    ",".join(map(str, half)),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for half in halves
        ]
        for child in children:
            _, err = child.communicate(timeout=90)
            assert child.returncode == 0, err[-2000:]
        puts = Counter(
            int(r.path.rsplit("/", 1)[1]) for r in sim.state.request_log if r.method == "PUT"
        )
        assert puts == Counter({mention_id: 1 for mention_id in unread})  # once each
        assert all(sim.state.mention(alert, m)["read"] is True for m in unread)  # none lost


def test_apps_started_at_once_on_a_new_state_directory_all_open_it(tmp_path: Path) -> None:
    """Three processes open one new state database at the same moment (panes started
    together): one sets it up at a time, none fails. Without the setup lock about one
    opening in four failed ("database is locked", "table mentions_text already exists")."""
    for trial in range(4):
        db = tmp_path / f"state-{trial}.db"
        at = time.time() + 1.0  # after every child has imported the store
        code = (
            "import sys, time\n"
            "from triage_tui.core.store import Store\n"
            f"while time.time() < {at}: pass\n"
            f"Store({str(db)!r}).close()\n"
        )
        children = [
            subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        for child in children:
            _, err = child.communicate(timeout=60)
            assert child.returncode == 0, err[-2000:]
