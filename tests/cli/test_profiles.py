"""Profiles from the command line: `--profile` and MENTION_TRIAGE_PROFILE pick one, an
unknown name is one line naming the known ones (exit 2), and `doctor` checks each
profile against its own simulator without ever printing a token."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from triage_tui.cli import main
from triage_tui.sim import SimServer

TOKEN_A = "tok-AAAA-never-shown"
TOKEN_B = "tok-BBBB-never-shown"
OTHER_ACCOUNT = {"id": "67890_other", "name": "Other Brand", "email": "o@other.example"}


@pytest.fixture
def two_sims() -> Iterator[tuple[SimServer, SimServer]]:
    """Two services, two tokens, two accounts (the second renamed before it serves, with
    two alerts to the first's three)."""
    first = SimServer(seed=11, mentions_per_alert=10, mark_interval=0.2, token=TOKEN_A)
    second = SimServer(
        seed=12, mentions_per_alert=10, mark_interval=0.2, token=TOKEN_B, alert_count=2
    )
    second.state.account = dict(OTHER_ACCOUNT)
    with first, second:
        yield first, second


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "TMUX", "TERM_PROGRAM", "SSH_CONNECTION", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")


def profiles_config(path: Path, a: SimServer, b: SimServer, extra: str = "") -> Path:
    """The top level on the first simulator, [profiles.other] on the second."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'token = "{a.token}"\napi_url = "{a.api_url}"\nstream_url = "{a.stream_url}"\n'
        f"{extra}"
        f'[profiles.other]\ntoken = "{b.token}"\naccount = "{OTHER_ACCOUNT["id"]}"\n'
        f'api_url = "{b.api_url}"\nstream_url = "{b.stream_url}"\ntheme = "ansi-light"\n'
    )
    os.chmod(path, 0o600)
    return path


def _app_config(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    seen: dict[str, object] = {}

    def run_app(config, *, demo, alerts, account):  # type: ignore[no-untyped-def]
        seen.update(config=config, account=account)
        return 0

    monkeypatch.setattr("triage_tui.ui.launch.run_app", run_app)
    return seen


def test_profile_flag_and_environment_pick_the_app_profile(
    two_sims: tuple[SimServer, SimServer], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = profiles_config(home, *two_sims)
    seen = _app_config(monkeypatch)
    assert main([]) == 0
    assert seen["config"].profile == "default"  # type: ignore[attr-defined]
    assert main(["--profile", "other"]) == 0
    config = seen["config"]
    assert config.profile == "other" and config.account == OTHER_ACCOUNT["id"]  # type: ignore[attr-defined]
    assert config.theme == "ansi-light" and config.path == str(path)  # type: ignore[attr-defined]
    monkeypatch.setenv("MENTION_TRIAGE_PROFILE", "other")
    assert main([]) == 0
    assert seen["config"].profile == "other"  # type: ignore[attr-defined]
    assert main(["--profile", "default"]) == 0  # the flag wins over the environment
    assert seen["config"].profile == "default"  # type: ignore[attr-defined]


def test_a_command_runs_on_the_profile_account(
    two_sims: tuple[SimServer, SimServer], home: Path, capsys
) -> None:
    first, second = two_sims
    profiles_config(home, first, second)
    assert main(["alerts"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert main(["--profile", "other", "alerts"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert main(["alerts", "--profile", "other"]) == 0  # after the command's name too
    assert len(capsys.readouterr().out.splitlines()) == 2


@pytest.mark.parametrize(
    ("argv", "env", "source"),
    [
        (["--profile", "nope"], {}, "--profile"),
        (["--profile", "nope", "alerts"], {}, "--profile"),
        (["doctor", "--profile", "nope"], {}, "--profile"),
        ([], {"MENTION_TRIAGE_PROFILE": "nope"}, "MENTION_TRIAGE_PROFILE"),
    ],
)
def test_an_unknown_profile_is_one_line_naming_the_known_ones(
    two_sims: tuple[SimServer, SimServer],
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,
    argv: list[str],
    env: dict[str, str],
    source: str,
) -> None:
    profiles_config(home, *two_sims)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(argv)
    out, err = capsys.readouterr()
    if argv[:1] == ["doctor"]:  # doctor reports it as a broken check, among the others
        assert code == 1 and "✗ config: " in out and "unknown profile 'nope'" in out
        return
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert f"unknown profile 'nope' ({source})" in lines[0]
    assert lines[0].endswith("default, other")
    assert TOKEN_A not in err and TOKEN_B not in err


def test_an_unknown_profile_in_a_real_process(
    two_sims: tuple[SimServer, SimServer], tmp_path: Path
) -> None:
    path = profiles_config(tmp_path / "cfg" / "c.toml", *two_sims)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MENTION_")}
    clean |= {"HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run(
        [sys.executable, "-m", "triage_tui.cli", "--config", str(path), "--profile", "x"],
        env=clean,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("mention-triage: ")
    assert "unknown profile 'x'" in done.stderr and "default, other" in done.stderr


def test_doctor_checks_each_profile(
    two_sims: tuple[SimServer, SimServer], home: Path, terminal, capsys
) -> None:
    first, second = two_sims
    path = profiles_config(home, first, second)
    assert main(["doctor"]) == 0
    out, err = capsys.readouterr()
    assert "✗" not in out and err == ""
    assert f"✓ config {path}: readable, permissions fine" in out
    assert "✓ profile default: access token: found in the config file (not shown)" in out
    assert (
        f"✓ profile default: API 127.0.0.1: signed in as account Demo Brand ({first.account_id})"
        in out
    )
    assert "✓ profile other: access token: found in the config file (not shown)" in out
    assert "✓ profile other: API 127.0.0.1: signed in as account Other Brand (67890_other)" in out
    assert "✓ profile other: account 67890_other: known, 2 alerts" in out
    assert "✓ profile other: stream host: reached 127.0.0.1" in out
    assert TOKEN_A not in out + err and TOKEN_B not in out + err

    assert main(["doctor", "--profile", "other"]) == 0  # only the one asked for
    out = capsys.readouterr().out
    assert "profile other: API" in out and "profile default" not in out


def test_doctor_finds_each_profile_problem(
    two_sims: tuple[SimServer, SimServer], home: Path, terminal, capsys
) -> None:
    first, _ = two_sims
    path = home
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'api_url = "{first.api_url}"\nstream_url = "{first.stream_url}"\n'
        f'[profiles.good]\ntoken = "{first.token}"\nalerts = [{first.alert_ids[0]}, 999]\n'
        f'[profiles.stranger]\ntoken = "{first.token}"\naccount = "{OTHER_ACCOUNT["id"]}"\n'
        f'[profiles.refused]\ntoken = "{TOKEN_B}-wrong"\n'
        "[profiles.empty]\ntheme = 'ansi-dark'\n"
    )
    os.chmod(path, 0o644)
    assert main(["doctor"]) == 1
    out, err = capsys.readouterr()
    assert "profile default" not in out  # no token at the top: only shared settings
    assert "✗ config" in out and "chmod 600" in out  # one file: checked once
    assert "✗ profile good: alerts: no alert 999 on account 12345_demo" in out
    assert "✗ profile stranger: account 67890_other: not one this token can see" in out
    assert "✗ profile refused: API 127.0.0.1: the token was refused" in out
    assert (
        "✗ profile empty: no access token: set MENTION_ACCESS_TOKEN or `token` in [profiles.empty]"
        in out
    )
    assert "5 problems to fix." in err
    assert first.token not in out + err and TOKEN_B not in out + err
