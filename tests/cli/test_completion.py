"""Shell completion (argcomplete): the shell's request is answered from the whole command
line, and a normal start does not import argcomplete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _complete(line: str, tmp_path: Path) -> list[str]:
    """What the shell's completion function would get for `line` (cursor at its end)."""
    answer = tmp_path / "completions"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MENTION_", "_ARGCOMPLETE"))}
    env |= {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "_ARGCOMPLETE": "1",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
    }
    done = subprocess.run(
        [sys.executable, "-m", "triage_tui.cli"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return sorted(word.strip() for word in answer.read_text().split("\013"))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("mention-triage e", ["export"]),
        ("mention-triage s", ["shares", "sim", "stream"]),
        ("mention-triage --v", ["--version"]),
        ("mention-triage shares l", ["list"]),
        ("mention-triage export --fo", ["--folder", "--format"]),
    ],
)
def test_the_shell_gets_commands_subcommands_and_options(
    line: str, expected: list[str], tmp_path: Path
) -> None:
    assert _complete(line, tmp_path) == expected


def test_a_normal_start_does_not_import_argcomplete() -> None:
    probe = "import sys\nfrom triage_tui.cli import main\nassert main(['--version']) == 0\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith("_ARGCOMPLETE")}
    done = subprocess.run(
        [sys.executable, "-c", probe + "print('argcomplete' in sys.modules)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False"
