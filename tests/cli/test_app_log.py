"""The app through the real launcher (`main([...])`), headless, against the simulator: its
requests in the log with --debug, and a crash as one line and a traceback in the log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from triage_tui.cli import main
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.messages import SessionReady

TOKEN = "tok-Ap77-never-in-the-log"


class Headless(TriageApp):
    """The real app, drawn nowhere (the tests have no terminal)."""

    def run(self, **kwargs: Any) -> Any:
        return super().run(headless=True, size=(100, 30))


class QuitsWhenReady(Headless):
    def on_session_ready(self, _: SessionReady) -> None:
        self.exit()


class CrashesWhenReady(Headless):
    def on_session_ready(self, _: SessionReady) -> None:
        raise KeyError("a bug in the app")


@pytest.fixture
def app_sim(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SimServer]:
    with SimServer(seed=6, mentions_per_alert=10, mark_interval=0.2, token=TOKEN) as sim:
        monkeypatch.setenv("MENTION_ACCESS_TOKEN", sim.token)
        monkeypatch.setenv("MENTION_TRIAGE_API_URL", sim.api_url)
        monkeypatch.setenv("MENTION_TRIAGE_STREAM_URL", sim.stream_url)
        monkeypatch.setenv("MENTION_TRIAGE_STATE_DIR", str(tmp_path / "state"))
        yield sim


def _log(tmp_path: Path) -> Path:
    return tmp_path / "state" / "mention-triage.log"


def test_the_app_logs_its_requests_with_debug(
    app_sim: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr("triage_tui.ui.app.TriageApp", QuitsWhenReady)
    assert main(["--debug"]) == 0
    text = _log(tmp_path).read_text()
    assert "start: the app" in text
    assert "GET /api/accounts/me 200 " in text
    assert f"GET /api/accounts/{app_sim.account_id}/alerts 200 " in text
    assert TOKEN not in text and "Bearer" not in text
    for path in (tmp_path / "state").iterdir():
        assert TOKEN.encode() not in path.read_bytes()
    assert TOKEN not in capsys.readouterr().err


def test_the_app_writes_no_log_without_debug(
    app_sim: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("triage_tui.ui.app.TriageApp", QuitsWhenReady)
    assert main([]) == 0
    assert not _log(tmp_path).exists()


def test_a_crash_in_the_app_is_one_line_and_a_logged_traceback(
    app_sim: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr("triage_tui.ui.app.TriageApp", CrashesWhenReady)
    assert main([]) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("mention-triage: unexpected error (KeyError")
    assert f"the details are in {_log(tmp_path)}" in lines[0]
    text = _log(tmp_path).read_text()
    assert "Traceback" in text and "KeyError: 'a bug in the app'" in text
    assert "on_session_ready" in text
    assert TOKEN not in text
