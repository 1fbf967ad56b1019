"""The command line: help, usage errors, the two-line no-token message, config path/init."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from triage_tui.cli import main
from triage_tui.commands import NO_TOKEN


def test_no_token_says_what_to_do_in_two_lines(home: Path, capsys) -> None:
    assert main([]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert out == "" and len(lines) == 2 and err == NO_TOKEN + "\n"
    assert "https://dev.mention.com" in lines[0] and "MENTION_ACCESS_TOKEN" in lines[0]
    assert "`token`" in lines[0] and "mention-triage --demo" in lines[1]


def test_no_token_as_a_real_process(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTION_")}
    env |= {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    done = subprocess.run(
        [sys.executable, "-m", "triage_tui.cli"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == NO_TOKEN.splitlines()


def test_named_config_must_exist(home: Path, capsys, tmp_path: Path) -> None:
    assert main(["--config", str(tmp_path / "none.toml")]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and len(err.strip().splitlines()) == 1


def test_config_init_is_private_and_never_overwrites(home: Path, capsys, tmp_path: Path) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(home)
    path = tmp_path / "sub" / "config.toml"
    assert main(["--config", str(path), "config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(path)
    assert main(["config", "init", "--config", str(path)]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "[keymap]" in path.read_text()
    assert main(["--config", str(path), "config", "init"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_bad_toml_is_one_line(home: Path, capsys, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("alerts = [1,\n")
    assert main(["--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "line 1" in err and "Traceback" not in err


def test_readable_token_file_is_refused_with_the_chmod(home: Path, capsys) -> None:
    home.parent.mkdir(parents=True)
    home.write_text('token = "s3cr3t-value"\n')
    os.chmod(home, 0o644)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert f"chmod 600 '{home}'" in err and "s3cr3t-value" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["config", "--help"],
        ["doctor", "--help"],
        ["export", "--help"],
        ["stream", "--help"],
        ["shares", "--help"],
        ["shares", "add", "--help"],
        ["sim", "--help"],
    ],
)
def test_help(argv: list[str], capsys) -> None:
    assert main(argv) == 0
    assert "usage: mention-triage" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [["export"], ["bogus"], ["shares"], ["--alert", "x"], ["stream", "--max-events", "many"]],
)
def test_usage_errors_exit_2(argv: list[str], capsys) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and "usage:" not in err  # one line, not the whole usage (issue 20)
    assert len(err.splitlines()) == 1 and err.startswith("mention-triage: error: ")
    assert err.rstrip().endswith(" --help)")


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["export"],
            "the following arguments are required: --alert (see mention-triage export --help)",
        ),
        (
            ["shares", "rm", "--alert", "1"],
            "the following arguments are required: SHARE (see mention-triage shares rm --help)",
        ),
        (
            ["--alert", "x"],
            "argument --alert: invalid int value: 'x' (see mention-triage --help)",
        ),
    ],
)
def test_a_usage_error_names_the_help_to_read(argv: list[str], line: str, capsys) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err == f"mention-triage: error: {line}\n"


def test_a_usage_error_as_a_real_process(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTION_")}
    env |= {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    done = subprocess.run(
        [sys.executable, "-m", "triage_tui.cli", "stream", "--max-events", "many"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "mention-triage: error: argument --max-events: invalid int value: 'many' "
        "(see mention-triage stream --help)\n"
    )


def test_the_app_gets_the_options(home: Path, monkeypatch, capsys) -> None:
    # The UI is another module's business; here only what the CLI hands it is checked.
    seen: dict[str, object] = {}

    def run_app(config, *, demo, alerts, account):  # type: ignore[no-untyped-def]
        seen.update(config=config, demo=demo, alerts=alerts, account=account)
        return 0

    monkeypatch.setattr("triage_tui.ui.launch.run_app", run_app)
    argv = ["--demo", "--alert", "5", "--alert", "6", "--account", "acc", "--theme", "ansi-light"]
    assert main([*argv, "--api-url", "http://127.0.0.1:1/api", "--insecure"]) == 0
    config = seen["config"]
    assert seen["demo"] is True and seen["alerts"] == [5, 6] and seen["account"] == "acc"
    assert config.theme == "ansi-light" and config.insecure is True  # type: ignore[attr-defined]
    assert config.api_url == "http://127.0.0.1:1/api"  # type: ignore[attr-defined]
