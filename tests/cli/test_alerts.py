"""`alerts` against the simulator: id, name, your permission and the unread count, in the
simulator's shape (number ids, `permission`) and the real service's (string ids, `role`,
`stats` with string counts), tolerant of odd stats, every string one safe line."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from triage_tui.cli import main
from triage_tui.sim import SimServer

#: What the real service sends for an alert, trimmed (shared/real-responses/alerts.json).
#: What the simulator builds an alert's JSON with (replaced to send other shapes).
ALERT_JSON = "triage_tui.sim.account_data.alert_json"

REAL_STATS = {
    "mention_sources": {"total": "27835", "twitter": "9151"},
    "mention_folders": {"inbox": {"total": "27831"}, "spam": {"total": "4"}},
    "unread_mentions": {"total": "11706"},
    "unseen_mentions": {"total": "0"},
}


def _real_shape(
    extras: Callable[[dict[str, Any]], dict[str, Any]],
) -> Callable[..., dict[str, Any]]:
    """The simulator's alerts with these extras in place of its own stats and role."""

    def alert_json(alert: dict[str, Any], *_held: Any) -> dict[str, Any]:
        real = {
            "id": str(alert["id"]),
            "name": alert["name"],
            "type": "company_3",
            "query": {"type": "basic", "included_keywords": alert["keywords"]},
            "languages": ["en"],
            "role": alert["permission"],
        }
        return real | extras(alert)

    return alert_json


def _unread(mentions: list[dict]) -> int:
    return sum(1 for m in mentions if not m["read"])


def _rows(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines()]


def test_lists_the_simulators_alerts(sim_env: SimServer, capsys) -> None:
    assert main(["alerts"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    rows = _rows(out)
    state = sim_env.state
    expected = [
        [str(a["id"]), a["name"], a["permission"], str(_unread(state.mentions(a["id"])))]
        for a in state.alerts()
    ]
    assert rows == expected
    assert {row[2] for row in rows} == {"admin", "write", "read"}


def test_json_lines(sim_env: SimServer, capsys) -> None:
    assert main(["alerts", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in records] == [str(a) for a in sim_env.alert_ids]
    assert all(set(r) == {"id", "name", "permission", "unread"} for r in records)
    state = sim_env.state
    assert [r["unread"] for r in records] == [_unread(state.mentions(a)) for a in state.alert_ids]


def test_the_real_shape_with_stats(
    sim_env: SimServer, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, _ = sim_env.alert_ids

    def extras(alert: dict[str, Any]) -> dict[str, Any]:
        if alert["id"] == first:
            return {"stats": REAL_STATS}
        if alert["id"] == second:
            return {"stats": {"unread_mentions": {"total": 42}}}  # a number, not a string
        return {}  # no stats at all

    monkeypatch.setattr(ALERT_JSON, _real_shape(extras))
    assert main(["alerts"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert [row[0] for row in rows] == [str(a) for a in sim_env.alert_ids]
    assert [row[3] for row in rows] == ["11706", "42", ""]
    assert [row[2] for row in rows] == [a["permission"] for a in sim_env.state.alerts()]
    assert main(["alerts", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["unread"] for r in records] == [11706, 42, None]
    assert records[0]["id"] == str(first) and records[0]["permission"] == "admin"


@pytest.mark.parametrize(
    "stats",
    [
        "garbage",
        [],
        None,
        {"unread_mentions": "12"},
        {"unread_mentions": []},
        {"unread_mentions": {}},
        {"unread_mentions": {"total": "n/a"}},
        {"unread_mentions": {"total": "-3"}},
        {"unread_mentions": {"total": -3}},
        {"unread_mentions": {"total": True}},
        {"unread_mentions": {"total": None}},
        {"unread_mentions": {"total": "１２"}},  # full-width digits are not a count
        {"unread_mentions": {"total": 1.5}},
    ],
)
def test_odd_stats_leave_the_count_blank(
    sim_env: SimServer, capsys, monkeypatch: pytest.MonkeyPatch, stats: Any
) -> None:
    monkeypatch.setattr(ALERT_JSON, _real_shape(lambda _: {"stats": stats}))
    assert main(["alerts"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and [row[3] for row in _rows(out)] == ["", "", ""]


def test_roles_the_app_maps(sim_env: SimServer, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    roles = dict(zip(sim_env.alert_ids, ["owner", "editor", "superuser"], strict=True))
    monkeypatch.setattr(ALERT_JSON, _real_shape(lambda a: {"role": roles[a["id"]]}))
    assert main(["alerts"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert [row[2] for row in rows[:2]] == ["admin", "write"]
    assert rows[2][2] in ("read", "superuser")  # a role with no level: read, or as sent


def test_network_strings_are_one_safe_line(
    sim_env: SimServer, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = "Acme\x1b[2J\x1b]52;c;aGk=\x07\nsecond line\tcell\u202e"
    monkeypatch.setattr(ALERT_JSON, _real_shape(lambda _: {"name": hostile}))
    for args in (["alerts"], ["alerts", "--json"]):
        assert main(args) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert len(out.splitlines()) == 3
    assert main(["alerts"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert all(len(row) == 4 for row in rows)
    assert rows[0][1].startswith("Acme") and "second line" in rows[0][1]


def test_a_refused_token_is_one_line(
    sim_env: SimServer, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTION_ACCESS_TOKEN", "not-the-token")
    assert main(["alerts"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "not-the-token" not in err


def test_no_token_is_usage(home, capsys) -> None:
    assert main(["alerts"]) == 2
    assert "MENTION_ACCESS_TOKEN" in capsys.readouterr().err


def test_help(capsys) -> None:
    assert main(["alerts", "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: mention-triage alerts" in out and "--json" in out and "--debug" in out
