"""`doctor` against the simulator: all fine with a private config, the chmod fix otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from triage_tui.cli import main
from triage_tui.sim import SimServer


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "NO_COLOR",
        "TMUX",
        "TERM_PROGRAM",
        "SSH_CONNECTION",
        "SSH_TTY",
        "KITTY_WINDOW_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")


def _config(sim: SimServer, path: Path, mode: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'token = "{sim.token}"\napi_url = "{sim.api_url}"\nstream_url = "{sim.stream_url}"\n'
    )
    os.chmod(path, mode)
    return path


def test_all_fine_with_a_private_config(sim: SimServer, home: Path, terminal, capsys) -> None:
    path = _config(sim, home, 0o600)
    assert main(["doctor", "--config", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "✗" not in out and err == ""
    assert "✓ colours: truecolor" in out
    assert "✓ access token: found in the config file (not shown)" in out
    assert f"signed in as account Demo Brand ({sim.account_id})" in out
    assert "✓ stream host: reached 127.0.0.1" in out
    assert sim.token not in out + err


def test_a_readable_token_file_fails_with_the_chmod(
    sim: SimServer, home: Path, terminal, capsys
) -> None:
    path = _config(sim, home, 0o644)
    assert main(["doctor", "--config", str(path)]) == 1
    out, err = capsys.readouterr()
    assert f"✗ config {path} holds your token and group and others can read it" in out
    assert f"chmod 600 '{path}'" in out
    assert sim.token not in out + err
    assert "1 problem to fix." in err


def test_no_token_bad_term_and_refused_token(
    sim: SimServer, home: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("MENTION_TRIAGE_API_URL", sim.api_url)
    monkeypatch.setenv("MENTION_TRIAGE_STREAM_URL", sim.stream_url)
    assert main(["doctor"]) == 1  # no config file at all: defaults
    out = capsys.readouterr().out
    assert "✗ TERM is dumb" in out and "✗ no access token" in out
    assert "✓ config: none at" in out and "✓ API host: reached 127.0.0.1" in out

    monkeypatch.setenv("MENTION_ACCESS_TOKEN", "wrong-secret")
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "the token was refused" in out and "wrong-secret" not in out
    assert "! inside tmux: copying (y) needs `set -g set-clipboard on`" in out


def test_unreachable_and_plain_http(home: Path, terminal, capsys, monkeypatch) -> None:
    monkeypatch.setenv("MENTION_ACCESS_TOKEN", "t")
    monkeypatch.setenv("MENTION_TRIAGE_API_URL", "http://127.0.0.1:9/api")  # discard: closed
    monkeypatch.setenv("MENTION_TRIAGE_STREAM_URL", "http://stream.example.com/api")
    assert main(["doctor", "--timeout", "2"]) == 1
    out = capsys.readouterr().out
    assert "✗ API 127.0.0.1: network error" in out
    assert "✗ stream: refusing plain http:// to stream.example.com" in out


def test_notify_desktop_over_ssh_says_osc9(
    sim: SimServer, home: Path, terminal, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _config(sim, home, 0o600)
    with path.open("a") as config:
        config.write('notify = "desktop"\n')
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    assert main(["doctor", "--config", str(path)]) == 0  # a note, not a failure
    out = capsys.readouterr().out
    assert "! notify: no desktop notifier here" in out and "OSC 9" in out


def test_the_local_stores_and_their_start_up_snapshot(tmp_path: Path) -> None:
    from triage_tui.commands.doctor_store import store_lines
    from triage_tui.core.convert import pack_row
    from triage_tui.core.rows import FeedRow
    from triage_tui.core.snapshot_build import build
    from triage_tui.core.store import Store

    assert store_lines(tmp_path / "none") == [
        (True, f"local store: none yet in {tmp_path / 'none'} (made at the first start)")
    ]
    path = tmp_path / "state-acme.db"
    store = Store(path)
    rows = [FeedRow(i, 1, i, "web", "who", f"title {i}") for i in range(1, 4)]
    store.put_mentions([(r.id, r.alert_id, "{}", pack_row(r)) for r in rows])
    [(fine, text)] = store_lines(tmp_path, at_least=3)
    assert not fine and "3 mentions" in text and "no start-up snapshot yet" in text
    assert store_lines(tmp_path, at_least=4)[0][0]  # too few to want one
    build(str(path))
    store.put_mentions([(4, 1, "{}", pack_row(FeedRow(4, 1, 4, "web", "who", "t")))])
    store.close()
    [(fine, text)] = store_lines(tmp_path, at_least=3)
    assert fine and "4 mentions" in text
    assert "start-up snapshot of 3 rows, 1 changed since" in text
    (tmp_path / "state-broken.db").write_bytes(b"not a database at all" * 100)
    broken = [line for line in store_lines(tmp_path) if "state-broken.db" in line[1]]
    assert broken and not broken[0][0] and "state-broken.db: does not read" in broken[0][1]


def test_doctor_says_where_the_local_store_is(sim_env: SimServer, terminal, capsys) -> None:
    main(["doctor"])
    out = capsys.readouterr().out
    assert "✓ local store: none yet in" in out
