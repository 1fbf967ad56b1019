"""`rules` against the simulator: the dry run changes nothing and counts what `apply`
then does; the simulator ends up holding exactly the planned changes; curated mentions,
read-only alerts and a second run are left alone; an interrupted run loses nothing."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from triage_tui.cli import main
from triage_tui.core.config import Config, state_db_path
from triage_tui.core.journal import UNDO, Journal
from triage_tui.core.lease import OutboxLease
from triage_tui.core.store import Store
from triage_tui.sim import SimServer

ACME, RIVAL, NEWS = 112233, 112234, 112235  # admin, write, read
RULES = """
[[rules]]
name = "French"
query = "lang:fr"
tag = "press"

[[rules]]
query = "tone:neg"
alert = "Competitor watch"
favorite = true

[[rules]]
query = "source:twitter"
folder = "archive"
"""


@pytest.fixture
def rules_env(
    sim_env: SimServer, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> SimServer:
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text(RULES, encoding="utf-8")
    os.chmod(home, 0o600)
    monkeypatch.setenv("MENTION_TRIAGE_STATE_DIR", str(tmp_path / "state"))
    return sim_env


def _rules(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["rules", *args])
    out, err = capsys.readouterr()
    return code, out, err


State = dict[int, tuple[bool, bool, str, int, tuple[int, ...]]]


def _state(sim: SimServer) -> State:
    held: State = {}
    for alert in (ACME, RIVAL, NEWS):
        for m in sim.state.mentions(alert):
            tags = tuple(sorted(t["id"] for t in m.get("tags") or []))
            held[int(m["id"])] = (m["read"], m["favorite"], m["folder"], m["tone"], tags)
    return held


def _untouched(m: dict[str, Any]) -> bool:
    return not m["read"] and not m["favorite"] and m["folder"] == "inbox" and not m["tags"]


def _expected(sim: SimServer) -> State:
    """What the rules should make of the simulator's mentions, worked out here."""
    expected = _state(sim)
    for alert in (ACME, RIVAL):  # NEWS is read-only: never changed
        press = next(t["id"] for t in sim.state.tags(alert) if t["name"] == "press")
        for m in sim.state.mentions(alert):
            if not _untouched(m):
                continue
            read, favorite, folder, tone, tags = expected[int(m["id"])]
            if m.get("language_code") == "fr":
                tags = (*tags, press)
            if alert == RIVAL and m["tone"] == -1:
                favorite = read = True
            if m["source_type"] == "twitter":
                folder = "archive"
            expected[int(m["id"])] = (read, favorite, folder, tone, tags)
    return expected


def _puts(sim: SimServer) -> list[Any]:
    return [r for r in sim.state.request_log if r.method == "PUT"]


def test_dry_run_counts_and_changes_nothing(rules_env: SimServer, capsys) -> None:
    before = _state(rules_env)
    changing = {i for i, v in _expected(rules_env).items() if v != before[i]}
    assert changing  # the seed gives every rule something to do
    code, out, err = _rules(capsys, "--dry-run", "--list")
    assert code == 0 and err == ""
    assert _state(rules_env) == before and _puts(rules_env) == []
    lines = out.splitlines()
    assert lines[1] == 'rule 1 "French": lang:fr (every alert) -> tag press'
    assert lines[3] == "rule 2: tone:neg (alert Competitor watch) -> favorite"
    assert lines[5] == "rule 3: source:twitter (every alert) -> to archive"
    assert f"would change {len(changing)} mention(s) in all" in lines
    listed = {int(line.split()[0]) for line in lines if line.startswith("  5")}
    assert listed == changing
    # The read-only alert's French mentions are refused with the reason, not planned.
    news_fr = [
        m
        for m in rules_env.state.mentions(NEWS)
        if _untouched(m) and m.get("language_code") == "fr"
    ]
    if news_fr:
        assert f"refused {len(news_fr)} (read-only: this alert is shared" in lines[2]
    assert out.rstrip().endswith("dry run: nothing sent (`mention-triage rules apply` sends it)")
    # Without `apply` it is a dry run too.
    assert _rules(capsys, "--list")[1] == out


def test_apply_leaves_the_simulator_holding_the_plan(
    rules_env: SimServer, capsys, tmp_path: Path
) -> None:
    expected = _expected(rules_env)
    before = _state(rules_env)
    changed = {i for i in expected if expected[i] != before[i]}
    code, out, err = _rules(capsys, "apply")
    assert code == 0, out + err
    assert _state(rules_env) == expected
    puts = _puts(rules_env)
    assert {int(r.path.rsplit("/", 1)[1]) for r in puts} == changed and len(puts) == len(changed)
    assert all(r.status == 200 for r in puts)
    # Minimal bodies: a tag-only mention sends only its tags, a favorite only favorite.
    bodies = {frozenset(r.body) for r in puts if r.body}
    assert bodies <= {
        frozenset(s)
        for s in (
            {"tags"},
            {"favorite"},
            {"folder"},
            {"tags", "folder"},
            {"favorite", "folder"},
            {"tags", "favorite"},
            {"tags", "favorite", "folder"},
        )
    }
    assert f"sent: {len(changed)} accepted, 0 refused, 0 left" in out
    # One undo step holding every mention changed; nothing left in the outbox.
    store = Store(next((tmp_path / "state").glob("state-*.db")))
    try:
        assert Journal(store).size(UNDO) == 1 and store.outbox_count() == 0
        assert store.journal_mention_ids() == changed
    finally:
        store.close()
    # A second run finds nothing to do: no loop, no PUT.
    rules_env.state.clear_log()
    code, out, _ = _rules(capsys, "apply")
    assert code == 0 and "nothing to send" in out and _puts(rules_env) == []
    assert _state(rules_env) == expected


def test_a_rules_change_does_not_trigger_another_rule_on_a_later_run(
    rules_env: SimServer, home: Path, capsys
) -> None:
    home.write_text(
        '[[rules]]\nquery = "tone:neu"\nalert = 112233\ntone = "negative"\n'
        '[[rules]]\nquery = "tone:neg"\nalert = 112233\nfolder = "trash"\n'
    )
    neutral = {
        int(m["id"]) for m in rules_env.state.mentions(ACME) if _untouched(m) and m["tone"] == 0
    }
    assert _rules(capsys, "apply")[0] == 0
    for m in rules_env.state.mentions(ACME):
        if int(m["id"]) in neutral:
            assert m["tone"] == -1 and m["folder"] == "inbox"
    # Now negative and still unread in the inbox: the second run leaves them alone.
    rules_env.state.clear_log()
    assert _rules(capsys, "apply")[0] == 0
    assert _puts(rules_env) == []
    assert all(
        m["folder"] == "inbox" for m in rules_env.state.mentions(ACME) if int(m["id"]) in neutral
    )


def test_an_app_holding_the_outbox_sends_it_and_nothing_is_lost(
    rules_env: SimServer, capsys, tmp_path: Path
) -> None:
    expected = _expected(rules_env)
    before = _state(rules_env)
    db = state_db_path(Config(state_dir=str(tmp_path / "state")), None)  # the app's, too
    db.parent.mkdir(parents=True)
    # Another process's lease (the app on this state directory): flock is per open file.
    lease = OutboxLease(str(Store(db).path))
    assert lease.try_take()
    try:
        code, out, _ = _rules(capsys, "apply")
        assert code == 0 and "holds the outbox" in out
        assert _state(rules_env) == before and _puts(rules_env) == []
        store = Store(db)
        queued = store.outbox_count()
        store.close()
        assert queued == sum(expected[i] != before[i] for i in expected)
    finally:
        lease.release()
    # The next run sends what was queued, plans nothing twice, and the service holds it all.
    code, out, _ = _rules(capsys, "apply")
    assert code == 0, out
    assert _state(rules_env) == expected
    assert len(_puts(rules_env)) == queued


def test_a_service_down_leaves_the_changes_queued_then_sent(rules_env: SimServer, capsys) -> None:
    expected = _expected(rules_env)
    rules_env.state.faults.put_failure_rate = 1.0
    code, out, _ = _rules(capsys, "apply", "--timeout", "0.5")
    assert code == 1
    assert "still queued" in out and "`mention-triage rules apply` again" in out
    rules_env.state.faults.reset()
    code, out, _ = _rules(capsys, "apply")
    assert code == 0, out
    assert _state(rules_env) == expected


def test_a_refusal_by_the_service_is_reported_and_exits_1(
    rules_env: SimServer, home: Path, capsys
) -> None:
    # The mention says favorite is allowed (the service's word comes first), but the
    # read-only alert refuses the PUT: reported, exit 1, nothing changed there. The
    # alert's other mentions are refused before anything is sent (the level says so).
    target = next(m for m in rules_env.state.mentions(NEWS) if _untouched(m))
    with rules_env.state.lock:
        stored = rules_env.state.stored(NEWS)[int(target["id"])]
        stored.mention["permissions"] = {"favorite": True}
        stored.refresh()
    home.write_text(
        f'[[rules]]\nquery = "source:{target["source_type"]}"\nalert = {NEWS}\nfavorite = true\n'
    )
    code, out, _ = _rules(capsys, "apply")
    assert code == 1
    assert f"refused: mention {target['id']}: not allowed: You are not allowed" in out
    assert "sent: 0 accepted, 1 refused, 0 left" in out
    assert [r.status for r in _puts(rules_env)] == [403]
    assert rules_env.state.mention(NEWS, int(target["id"]))["favorite"] is False  # type: ignore[index]


def test_network_strings_are_sanitized(rules_env: SimServer, home: Path, capsys) -> None:
    hostile = "\x1b[2J\x07\u202e\nx"
    with rules_env.state.lock:
        rules_env.state._alerts[RIVAL]["name"] = "Evil" + hostile  # no setter for names
        for tag in rules_env.state.tag_list(RIVAL):
            if tag["name"] == "press":
                tag["name"] = "pr" + hostile
        for m in rules_env.state.mentions(RIVAL):
            stored = rules_env.state.stored(RIVAL)[int(m["id"])]
            stored.mention["title"] = "Hi\x1b]52;c;ZXZpbA==\x07" + hostile
            stored.refresh()
    home.write_text(
        f'[[rules]]\nquery = "tone:neg"\nalert = {RIVAL}\nfavorite = true\n'
        f'[[rules]]\nquery = "is:unread"\nalert = {RIVAL}\n'
        r'tag = "pr\u001b[2J\u0007\u202e\nx"'  # the tag's name, as TOML escapes
    )
    code, out, err = _rules(capsys, "--list", "--alert", str(RIVAL))
    assert code == 0, err
    assert "Evil" in out and "Hi" in out and "tags pr" in out
    for text in (out, err):
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert all(line.isprintable() for line in out.splitlines())


def test_config_problems_exit_2_in_one_line(rules_env: SimServer, home: Path, capsys) -> None:
    home.write_text("")
    code, _, err = _rules(capsys)
    assert code == 2 and "no rules in" in err and err.count("\n") == 1
    home.write_text("[[rules]]\nquery = 'tag:nope'\nread = true\n")
    code, _, err = _rules(capsys)
    assert code == 2 and "rules.1.query: tag:nope: no such tag" in err and err.count("\n") == 1
    home.write_text("[[rules]]\nquery = 'x'\nalert = 'Nobody'\nread = true\n")
    code, _, err = _rules(capsys, "apply")
    assert code == 2 and "rules.1.alert: no alert named 'Nobody'" in err
    home.write_text("[[rules]]\nquery = 'x'\nfolder = 'bin'\n")
    code, _, err = _rules(capsys)
    assert code == 2 and "rules.1.folder: must be one of" in err
    assert _puts(rules_env) == []
    code, _, err = _rules(capsys, "--limit", "0")
    assert code == 2 and "--limit" in err


async def test_the_app_undoes_a_run_as_one_step(rules_env: SimServer, capsys, tmp_path) -> None:
    from tests.integration.conftest import Recorder, open_session, until

    before = _state(rules_env)
    code, out, _ = await asyncio.to_thread(_rules, capsys, "apply")
    assert code == 0, out
    changed = {i for i, v in _state(rules_env).items() if v != before[i]}
    assert changed
    store = Store(state_db_path(Config(state_dir=str(tmp_path / "state")), None))
    session, client = await open_session(rules_env, store, Recorder())
    try:
        await until(lambda: all(i in session.feed for i in changed))
        step = session.undo()  # the whole run: one key
        assert step is not None and set(step.changed) == changed
        await until(lambda: _state(rules_env) == before and store.outbox_count() == 0)
        assert session.undo() is None
    finally:
        await session.stop()
        await client.aclose()
        store.close()
