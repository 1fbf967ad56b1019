"""The command line: two-line help without a token, config path/init, errors as one line."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from triage_tui.cli import main


def test_no_token_says_what_to_do_in_two_lines(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("MENTION_ACCESS_TOKEN", raising=False)
    assert main(["--config", str(tmp_path / "none.toml")]) == 2  # explicit missing file
    assert "no such file" in capsys.readouterr().err
    monkeypatch.setenv("MENTION_TRIAGE_CONFIG", "")
    monkeypatch.setattr("triage_tui.cli.default_path", lambda: tmp_path / "c.toml")
    monkeypatch.setattr("triage_tui.core.config.default_path", lambda: tmp_path / "c.toml")
    assert main([]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert "MENTION_ACCESS_TOKEN" in err[0] and "--demo" in err[1]


def test_config_init_is_private_and_never_overwrites(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "sub" / "config.toml"
    assert main(["--config", str(path), "config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(path)
    assert main(["--config", str(path), "config", "init"]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "[keymap]" in path.read_text()
    assert main(["--config", str(path), "config", "init"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_bad_toml_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("alerts = [1,\n")
    assert main(["--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
