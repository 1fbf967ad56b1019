"""Bad options reach the user as one line on stderr and exit 2, never a traceback: an
unknown theme, a URL the clients would refuse, the simulator's port already taken."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from triage_tui.cli import main
from triage_tui.sim import SimServer

REMOTE_HTTP = "http://api.example.com/api"
NOT_HTTP = "ftp://127.0.0.1/api"


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("mention-triage: ")
    return lines[0]


def _process(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process: what a user's shell sees."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MENTION_")}
    clean |= {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "triage_tui.cli", *args],
        env=clean,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_unknown_theme_lists_the_themes_before_the_app_starts(tmp_path: Path) -> None:
    done = _process(["--demo", "--theme", "neon"], tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    line = _one_line(done.stderr)
    assert "neon" in line and "textual-dark" in line and "ansi-dark" in line
    assert "ansi-light" in line


def test_an_unknown_theme_from_the_environment(sim_env: SimServer, tmp_path: Path) -> None:
    env = {
        "MENTION_ACCESS_TOKEN": sim_env.token,
        "MENTION_TRIAGE_API_URL": sim_env.api_url,
        "MENTION_TRIAGE_STREAM_URL": sim_env.stream_url,
        "MENTION_TRIAGE_THEME": "neon",
    }
    done = _process([], tmp_path, **env)
    assert done.returncode == 2 and done.stdout == ""
    assert "textual-dark" in _one_line(done.stderr)


@pytest.mark.parametrize(
    "command",
    [
        ["doctor"],
        ["export", "--alert", "1", "--format", "csv"],
        ["stream", "--json", "--max-events", "1"],
        ["shares", "list", "--alert", "1"],
    ],
)
def test_an_unknown_theme_with_a_command(sim_env: SimServer, capsys, command: list[str]) -> None:
    assert main(["--theme", "neon", *command]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "textual-dark" in _one_line(err)


@pytest.mark.parametrize("url", [REMOTE_HTTP, NOT_HTTP])
@pytest.mark.parametrize(
    "command",
    [
        ["doctor"],
        ["export", "--alert", "1", "--format", "csv"],
        ["stream", "--json", "--max-events", "1"],
        ["shares", "list", "--alert", "1"],
    ],
)
def test_a_refused_api_url_in_a_command(
    sim_env: SimServer, capsys, command: list[str], url: str
) -> None:
    assert main([*command, "--api-url", url]) == 2
    out, err = capsys.readouterr()
    line = _one_line(err)
    assert out == "" and "--api-url" in line
    assert sim_env.token not in err


def test_a_refused_stream_url_before_the_command(sim_env: SimServer, capsys) -> None:
    assert main(["--stream-url", "http://stream.example.com/api", "doctor"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "--stream-url" in line and "refusing plain http://" in line


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--api-url", REMOTE_HTTP], {}),
        (["--api-url", NOT_HTTP], {}),
        (["--demo", "--api-url", NOT_HTTP], {}),
        ([], {"MENTION_TRIAGE_API_URL": REMOTE_HTTP}),
        ([], {"MENTION_TRIAGE_STREAM_URL": NOT_HTTP}),
    ],
)
def test_a_refused_url_for_the_app(tmp_path: Path, args: list[str], env: dict[str, str]) -> None:
    done = _process(args, tmp_path, MENTION_ACCESS_TOKEN="t0ken-never-shown", **env)
    assert done.returncode == 2 and done.stdout == ""
    line = _one_line(done.stderr)
    assert "URL" in line or "refusing" in line
    assert "t0ken-never-shown" not in done.stderr


def test_plain_http_to_loopback_is_fine(sim_env: SimServer, capsys) -> None:
    assert main(["export", "--alert", str(sim_env.alert_ids[0]), "--format", "json",
                 "--api-url", sim_env.api_url, "--limit", "1"]) == 0  # fmt: skip
    assert capsys.readouterr().err == ""


def test_the_simulator_port_already_in_use(sim: SimServer, capsys) -> None:
    assert main(["sim", "--port", str(sim.port)]) == 2
    out, err = capsys.readouterr()
    line = _one_line(err)
    assert out == "" and str(sim.port) in line and "already in use" in line


def test_a_port_out_of_range_is_usage(capsys) -> None:
    assert main(["sim", "--port", "70000"]) == 2
    assert capsys.readouterr().err == (
        "mention-triage: error: argument --port: '70000' is not a port (0 to 65535) "
        "(see mention-triage sim --help)\n"
    )
