"""A reader that stops reading (`mention-triage export | head -1`) ends the command
quietly with exit 0, as `git log | head` does: no traceback, no "Exception ignored".

Real processes: the interpreter's own flush at exit is part of what is tested. Their
stdout is a pipe whose reading end is closed before they start, so every write to it
fails, whatever the timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from triage_tui.sim import SimServer


def _env(sim: SimServer, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTION_")}
    return env | {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "MENTION_TRIAGE_STATE_DIR": str(tmp_path / "state"),
        "MENTION_ACCESS_TOKEN": sim.token,
        "MENTION_TRIAGE_API_URL": sim.api_url,
        "MENTION_TRIAGE_STREAM_URL": sim.stream_url,
    }


def _start_into_a_closed_pipe(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "triage_tui.cli", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "csv"],
        ["export", "--format", "ndjson"],
        ["export", "--format", "json"],
        ["alerts"],
        ["alerts", "--json"],
    ],
)
def test_a_closed_stdout_ends_quietly_with_0(sim: SimServer, tmp_path: Path, args) -> None:
    if args[0] == "export":
        args = [*args, "--alert", str(sim.alert_ids[0])]
    proc = _start_into_a_closed_pipe(args, _env(sim, tmp_path))
    _, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, "")


def test_stream_into_a_closed_pipe_ends_at_its_first_line(sim: SimServer, tmp_path: Path) -> None:
    alert = sim.alert_ids[0]
    before = sim.state.streams_opened
    args = ["stream", "--json", "--alert", str(alert), "--max-events", "5"]
    proc = _start_into_a_closed_pipe(args, _env(sim, tmp_path))
    deadline = time.monotonic() + 30
    while sim.state.streams_opened == before and time.monotonic() < deadline:
        time.sleep(0.02)
    sim.state.add_mentions(alert, 2)
    _, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, "")
