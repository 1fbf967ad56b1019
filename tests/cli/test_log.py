"""The log file: written only with --debug or MENTION_TRIAGE_LOG, one line per request
(never the token, a header, a query string or a body), reconnects and skipped lines; a
crash always leaves its traceback there and says so in one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_stream import _when_streaming
from triage_tui.cli import main
from triage_tui.sim import SimServer

TOKEN = "tok-Zq81-never-in-the-log"


@pytest.fixture
def logged_sim(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=30, mark_interval=0.2, token=TOKEN) as sim:
        monkeypatch.setenv("MENTION_ACCESS_TOKEN", sim.token)
        monkeypatch.setenv("MENTION_TRIAGE_API_URL", sim.api_url)
        monkeypatch.setenv("MENTION_TRIAGE_STREAM_URL", sim.stream_url)
        monkeypatch.setenv("MENTION_TRIAGE_STATE_DIR", str(tmp_path / "state"))
        yield sim


def _log(tmp_path: Path) -> Path:
    return tmp_path / "state" / "mention-triage.log"


def _export(sim: SimServer, *extra: str) -> list[str]:
    alert = str(sim.alert_ids[0])
    return ["export", "--alert", alert, "--format", "json", "--unread", "--limit", "5", *extra]


def _clean(text: str) -> None:
    assert TOKEN not in text
    assert "Authorization" not in text and "Bearer" not in text


def test_debug_logs_each_request_without_token_or_query(
    logged_sim: SimServer, tmp_path: Path, capsys
) -> None:
    assert main(_export(logged_sim, "--debug")) == 0
    text = _log(tmp_path).read_text()
    _clean(text)
    assert "GET /api/accounts/me 200 " in text and " ms" in text
    mentions = f"GET /api/accounts/{logged_sim.account_id}/alerts/{logged_sim.alert_ids[0]}"
    assert f"{mentions}/mentions 200 " in text
    assert "?" not in text and "unread" not in text  # the query string stays out
    assert _log(tmp_path).stat().st_mode & 0o077 == 0
    _clean(capsys.readouterr().err)


def test_nothing_is_written_without_debug(logged_sim: SimServer, tmp_path: Path) -> None:
    assert main(_export(logged_sim)) == 0
    assert main(["doctor"]) in (0, 1)  # the terminal checks depend on where tests run
    assert not _log(tmp_path).exists()


@pytest.mark.parametrize("value", ["1", "yes"])
def test_the_environment_turns_it_on(
    logged_sim: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("MENTION_TRIAGE_LOG", value)
    assert main(_export(logged_sim)) == 0
    assert "GET /api/accounts/me 200" in _log(tmp_path).read_text()


def test_the_environment_names_the_file(
    logged_sim: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "logs" / "mine.log"
    monkeypatch.setenv("MENTION_TRIAGE_LOG", str(chosen))
    assert main(_export(logged_sim)) == 0
    assert "GET /api/accounts/me 200" in chosen.read_text()
    assert not _log(tmp_path).exists()


def test_an_unwritable_log_is_one_line(
    logged_sim: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("MENTION_TRIAGE_LOG", str(blocker / "x.log"))
    assert main(_export(logged_sim)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "cannot write the log" in err


def test_doctor_says_where_and_whether(
    logged_sim: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    main(["doctor"])
    out = capsys.readouterr().out
    off = "log: off (--debug or MENTION_TRIAGE_LOG=1 turns it on)"
    assert f"{off}; it goes to {_log(tmp_path)}, where a crash is written anyway" in out
    main(["doctor", "--debug"])
    assert f"log: on, written to {_log(tmp_path)}" in capsys.readouterr().out
    _clean(_log(tmp_path).read_text())


def test_stream_reconnects_and_skipped_lines(logged_sim: SimServer, tmp_path: Path, capsys) -> None:
    alert = logged_sim.alert_ids[1]
    logged_sim.state.faults.drop_stream_after = 2

    def trouble() -> None:
        logged_sim.state.send_raw(b"{this is not json")
        logged_sim.state.add_mentions(alert, 3)

    thread = _when_streaming(logged_sim, trouble)
    args = ["stream", "--json", "--alert", str(alert), "--max-events", "3", "--backoff", "0.05"]
    assert main([*args, "--debug"]) == 0
    thread.join(5)
    capsys.readouterr()
    text = _log(tmp_path).read_text()
    _clean(text)
    assert "stream: skipped a line (not valid JSON); 1 so far" in text
    assert "stream: the stream ended; reconnecting in" in text
    assert f"GET /stream/api/accounts/{logged_sim.account_id}/mentions 200" in text
    assert "this is not json" not in text


def test_a_crash_in_a_command_is_one_line_and_logged_even_without_debug(
    logged_sim: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    def broken(*args: object, **kwargs: object) -> object:  # a bug, as a bug would be
        raise ZeroDivisionError("a bug in export")

    monkeypatch.setattr("triage_tui.api.sync_client.MentionClient.iter_mentions", broken)
    assert main(_export(logged_sim)) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert "unexpected error (ZeroDivisionError: a bug in export)" in lines[0]
    assert str(_log(tmp_path)) in lines[0]
    text = _log(tmp_path).read_text()
    assert "Traceback" in text and "ZeroDivisionError: a bug in export" in text
    assert "GET /api" not in text  # logging was off: only the crash was written
    _clean(text)
