"""`mention-triage --version`, and the version written in one place only."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import triage_tui
from triage_tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_version_prints_the_package_version_and_exits_0(capsys) -> None:
    assert main(["--version"]) == 0
    out, err = capsys.readouterr()
    assert out == f"mention-triage {triage_tui.__version__}\n" and err == ""
    assert re.fullmatch(r"\d+\.\d+\.\d+", triage_tui.__version__)


def test_the_version_is_written_once() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "triage_tui/__init__.py"
    # The installed (editable) metadata agrees with it.
    assert version("mention-triage") == triage_tui.__version__
