"""`shares list|add|set|rm` against the simulator, asserting the simulator's own state."""

from __future__ import annotations

import io
import json

import pytest

from triage_tui.cli import main
from triage_tui.sim import SimServer


def _emails(sim: SimServer, alert: int) -> dict[str, str]:
    return {s["email"]: s["permission"] for s in sim.state.shares(alert)}


def test_list(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[0]
    assert main(["shares", "list", "--alert", str(alert)]) == 0
    lines = capsys.readouterr().out.splitlines()
    expected = sim_env.state.shares(alert)
    assert lines == [f"{s['id']}\t{s['permission']}\t{s['email']}" for s in expected]
    assert main(["shares", "list", "--alert", str(alert), "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["id"], r["email"]) for r in records] == [(s["id"], s["email"]) for s in expected]


def test_add_set_rm(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[0]
    before = _emails(sim_env, alert)
    args = ["--alert", str(alert)]
    assert main(["shares", "add", *args, "new.person@example.com", "--permission", "write"]) == 0
    assert "shared:" in capsys.readouterr().out
    assert _emails(sim_env, alert) == {**before, "new.person@example.com": "write"}

    assert main(["shares", "set", *args, "NEW.person@example.com", "--permission", "admin"]) == 0
    assert _emails(sim_env, alert)["new.person@example.com"] == "admin"

    share_id = next(
        s["id"] for s in sim_env.state.shares(alert) if s["email"] == "new.person@example.com"
    )
    assert main(["shares", "rm", *args, share_id, "--yes"]) == 0
    assert f"revoked: {share_id}" in capsys.readouterr().out
    assert _emails(sim_env, alert) == before


@pytest.mark.parametrize(
    "email", ["not-an-email", "a@b", "two@@example.com", "x y@example.com", "a@b.c\x1b[2J"]
)
def test_bad_email_rejected_before_any_request(sim_env: SimServer, capsys, email: str) -> None:
    alert = sim_env.alert_ids[0]
    before = sim_env.state.shares(alert)
    sim_env.state.clear_log()
    assert main(["shares", "add", "--alert", str(alert), email]) == 2
    err = capsys.readouterr().err
    assert "not an email address" in err and "\x1b" not in err
    assert sim_env.state.request_log == []
    assert sim_env.state.shares(alert) == before


def test_rm_asks_and_defaults_to_no(sim_env: SimServer, capsys, monkeypatch) -> None:
    alert = sim_env.alert_ids[0]
    before = sim_env.state.shares(alert)
    target = before[-1]
    monkeypatch.setattr("sys.stdin", _Tty("\n"))
    assert main(["shares", "rm", "--alert", str(alert), target["email"]]) == 0  # said no
    out, err = capsys.readouterr()
    assert "[y/N]" in out and "not revoked" in err
    assert sim_env.state.shares(alert) == before

    monkeypatch.setattr("sys.stdin", _Tty("y\n"))
    assert main(["shares", "rm", "--alert", str(alert), target["email"]]) == 0
    assert sim_env.state.shares(alert) == before[:-1]


@pytest.mark.parametrize("answer", ["n\n", "No\n", "whatever\n", ""])
def test_declining_rm_exits_0(sim_env: SimServer, capsys, monkeypatch, answer: str) -> None:
    """Issue 20, item 9: declining is not a failure. "" is Ctrl+D at the question, which
    used to be an "unexpected error" and exit 1."""
    alert = sim_env.alert_ids[0]
    before = sim_env.state.shares(alert)
    monkeypatch.setattr("sys.stdin", _Tty(answer))
    assert main(["shares", "rm", "--alert", str(alert), before[-1]["email"]]) == 0
    out, err = capsys.readouterr()
    assert "[y/N]" in out and err == "not revoked\n"
    assert sim_env.state.shares(alert) == before


def test_rm_without_a_terminal_needs_yes(sim_env: SimServer, capsys, monkeypatch) -> None:
    alert = sim_env.alert_ids[0]
    before = sim_env.state.shares(alert)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["shares", "rm", "--alert", str(alert), before[0]["id"]]) == 2
    assert "--yes" in capsys.readouterr().err
    assert sim_env.state.shares(alert) == before


def test_permission_errors_are_shown_as_such(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[1]  # the user may write, not manage shares
    before = sim_env.state.shares(alert)
    assert main(["shares", "add", "--alert", str(alert), "someone@example.com"]) == 1
    err = capsys.readouterr().err
    assert "permission denied" in err and "admin" in err and len(err.strip().splitlines()) == 1
    assert sim_env.state.shares(alert) == before


def test_unknown_share(sim_env: SimServer, capsys) -> None:
    code = main(["shares", "rm", "--alert", str(sim_env.alert_ids[0]), "nobody@x.org", "-y"])
    assert code == 2 and "no share" in capsys.readouterr().err


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_demoting_or_revoking_the_last_admin_warns(sim_env: SimServer, capsys, monkeypatch) -> None:
    """As the shares modal does (issue 20, item 5)."""
    alert = sim_env.alert_ids[0]
    owner = next(s for s in sim_env.state.shares(alert) if s["permission"] == "admin")
    args = ["shares", "set", "--alert", str(alert), owner["email"], "--permission", "write"]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal, no --yes: refused
    assert main(args) == 2
    assert "LAST ADMIN" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", _Tty("n\n"))  # asked, and said no
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert "[y/N]" in out and "LAST ADMIN" in err and "not changed" in err
    assert _emails(sim_env, alert)[owner["email"]] == "admin"
    assert not [r for r in sim_env.state.request_log if r.method == "PUT"]
    monkeypatch.setattr("sys.stdin", _Tty("\n"))  # revoking them: the same warning
    assert main(["shares", "rm", "--alert", str(alert), owner["email"]]) == 0
    assert "LAST ADMIN" in capsys.readouterr().err
    assert owner["email"] in _emails(sim_env, alert)
    assert main([*args, "--yes"]) == 0  # said yes up front: warned, and done
    assert "LAST ADMIN" in capsys.readouterr().err
    assert _emails(sim_env, alert)[owner["email"]] == "write"
