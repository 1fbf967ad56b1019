"""`stream --json` against the simulator: live lines, reconnects, resuming from a file."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from triage_tui.cli import main
from triage_tui.sim import SimServer


def _when_streaming(sim: SimServer, action: Callable[[], object]) -> threading.Thread:
    """Run `action` once the CLI's own stream is open (bounded wait, not a timed assertion).

    It waits for a stream opened after this call: the previous test's stream may not be
    closed yet on the server, and mentions sent to it would never reach this CLI.
    """
    before = sim.state.streams_opened

    def go() -> None:
        deadline = time.monotonic() + 10
        while sim.state.streams_opened == before and time.monotonic() < deadline:
            time.sleep(0.01)
        action()

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    return thread


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_json_lines_of_new_mentions(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[0]
    added: list[dict] = []
    thread = _when_streaming(sim_env, lambda: added.extend(sim_env.state.add_mentions(alert, 3)))
    code = main(["stream", "--json", "--alert", str(alert), "--max-events", "3"])
    thread.join(5)
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    events = _lines(out)
    assert [e["type"] for e in events] == ["mention"] * 3
    assert [e["mention"]["id"] for e in events] == [str(m["id"]) for m in added]


def test_every_alert_by_default(sim_env: SimServer, capsys) -> None:
    last = sim_env.alert_ids[2]
    added: list[dict] = []
    thread = _when_streaming(sim_env, lambda: added.append(sim_env.state.add_mention(last)))
    assert main(["stream", "--json", "--max-events", "1"]) == 0
    thread.join(5)
    (event,) = _lines(capsys.readouterr().out)
    assert event["mention"]["id"] == str(added[0]["id"])
    assert event["mention"]["alert_id"] == last


def test_reconnects_after_a_drop_without_loss_or_repeats(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[1]
    sim_env.state.faults.drop_stream_after = 2
    added: list[dict] = []
    thread = _when_streaming(sim_env, lambda: added.extend(sim_env.state.add_mentions(alert, 5)))
    args = ["stream", "--json", "--alert", str(alert), "--max-events", "5", "--backoff", "0.05"]
    assert main(args) == 0
    thread.join(5)
    out, err = capsys.readouterr()
    assert [e["mention"]["id"] for e in _lines(out)] == [str(m["id"]) for m in added]
    assert "reconnecting" in err
    sim_env.state.faults.drop_stream_after = None


def test_resumes_from_the_since_file(sim_env: SimServer, capsys, tmp_path: Path) -> None:
    alert = sim_env.alert_ids[0]
    since = tmp_path / "since.json"
    first: list[dict] = []
    thread = _when_streaming(sim_env, lambda: first.extend(sim_env.state.add_mentions(alert, 2)))
    args = ["stream", "--json", "--alert", str(alert), "--since-file", str(since)]
    assert main([*args, "--max-events", "2"]) == 0
    thread.join(5)
    assert [e["mention"]["id"] for e in _lines(capsys.readouterr().out)] == [
        str(m["id"]) for m in first
    ]
    assert json.loads(since.read_text()) == {str(alert): int(first[-1]["id"])}
    # While nothing ran, more arrived: the next run starts with exactly those.
    missed = sim_env.state.add_mentions(alert, 3)
    assert main([*args, "--max-events", "3"]) == 0
    assert [e["mention"]["id"] for e in _lines(capsys.readouterr().out)] == [
        str(m["id"]) for m in missed
    ]
    assert json.loads(since.read_text()) == {str(alert): int(missed[-1]["id"])}


def test_a_missing_since_file_folder_is_created_before_streaming(
    sim_env: SimServer, capsys, tmp_path: Path
) -> None:
    """Issue 20, item 9: it used to print the mention, then fail to keep its id (exit 1),
    so the next run printed it again."""
    alert = sim_env.alert_ids[0]
    since = tmp_path / "not" / "yet" / "since.json"
    arrived: list[dict] = []
    thread = _when_streaming(sim_env, lambda: arrived.extend(sim_env.state.add_mentions(alert, 1)))
    args = ["stream", "--json", "--alert", str(alert), "--since-file", str(since)]
    assert main([*args, "--max-events", "1"]) == 0
    thread.join(5)
    out, err = capsys.readouterr()
    assert [e["mention"]["id"] for e in _lines(out)] == [str(arrived[0]["id"])] and err == ""
    assert json.loads(since.read_text()) == {str(alert): int(arrived[0]["id"])}


def test_a_since_file_that_cannot_be_written_fails_before_anything(
    sim_env: SimServer, capsys, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    since = blocker / "sub" / "since.json"  # its folder would be inside a file
    requests = len(sim_env.state.request_log)
    args = ["stream", "--json", "--alert", str(sim_env.alert_ids[0]), "--since-file", str(since)]
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith(f"mention-triage: --since-file {since}: cannot create its folder")
    assert len(sim_env.state.request_log) == requests  # refused before any request


def test_human_lines_are_sanitized(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[0]
    hostile = "\x1b[2J\x1b]52;c;aGk=\x07wipe"
    thread = _when_streaming(sim_env, lambda: sim_env.state.add_mention(alert, title=hostile))
    assert main(["stream", "--alert", str(alert), "--max-events", "1"]) == 0
    thread.join(5)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "wipe" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--max-events", "0"], "--max-events"),
        (["--since-file", "{bad}"], "not a since-file"),
    ],
)
def test_usage_errors(sim_env: SimServer, capsys, tmp_path: Path, args, fragment) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    args = [str(bad) if a == "{bad}" else a for a in args]
    assert main(["stream", "--alert", str(sim_env.alert_ids[0]), *args]) == 2
    err = capsys.readouterr().err
    assert fragment in err and len(err.strip().splitlines()) == 1


def test_a_refused_token_stops_with_one_line(sim_env: SimServer, capsys, monkeypatch) -> None:
    monkeypatch.setenv("MENTION_ACCESS_TOKEN", "not-the-token")
    assert main(["stream", "--json", "--alert", str(sim_env.alert_ids[0])]) == 1
    err = capsys.readouterr().err
    assert "401" in err and "not-the-token" not in err and len(err.strip().splitlines()) == 1


def test_json_lines_write_nan_and_infinity_as_null(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[0]
    thread = _when_streaming(
        sim_env,
        lambda: sim_env.state.add_mention(
            alert, tone_score=float("inf"), relevance_score=float("nan")
        ),
    )
    code = main(["stream", "--json", "--alert", str(alert), "--max-events", "1"])
    thread.join(5)
    out, _ = capsys.readouterr()
    assert code == 0

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    (event,) = [json.loads(line, parse_constant=refuse) for line in out.splitlines()]
    assert event["mention"]["tone_score"] is None
    assert event["mention"]["relevance_score"] is None


# ---- issue 18: capped replays, drops mid-replay, the reconnect delay -------------------


@contextmanager
def _bounded(sim: SimServer, seconds: float = 20.0) -> Iterator[None]:
    """Stops a run that would wait for good (one that lost mentions and waits for them):
    past the bound the token is revoked and the stream dropped, so the CLI exits 1 on
    the refusal. A bound on a broken run, not a timing the test asserts."""
    done = threading.Event()

    def stop() -> None:
        if not done.wait(seconds):
            sim.state.token = "revoked-by-the-test-bound"
            sim.state.drop_streams()

    thread = threading.Thread(target=stop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(5)


def _above(sim: SimServer, starts: dict[int, int]) -> dict[int, list[str]]:
    """Per alert, the ids the simulator holds above the starting since-id, oldest first."""
    held = {a: [m["id"] for m in sim.state.mentions(a)] for a in starts}
    return {a: sorted((i for i in ids if int(i) > starts[a]), key=int) for a, ids in held.items()}


def _printed(out: str) -> dict[int, list[str]]:
    per_alert: dict[int, list[str]] = {}
    for event in _lines(out):
        per_alert.setdefault(event["mention"]["alert_id"], []).append(event["mention"]["id"])
    return per_alert


def _since_file(tmp_path: Path, starts: dict[int, int]) -> Path:
    path = tmp_path / "since.json"
    path.write_text(json.dumps({str(a): i for a, i in starts.items()}))
    return path


@pytest.mark.parametrize("keep", ["oldest", "newest"])
@pytest.mark.parametrize("warn", ["after", "before"])
def test_a_capped_replay_is_filled_from_the_list_endpoint(
    sim_env: SimServer, capsys, tmp_path: Path, keep: str, warn: str
) -> None:
    state = sim_env.state
    first, second = sim_env.alert_ids[:2]
    starts = {first: int(state.mentions(first)[25]["id"]), second: 0}  # 25 and 60 above
    since = _since_file(tmp_path, starts)
    state.faults.stream_history_cap = 5
    state.faults.replay_keep = keep
    state.faults.warn_position = warn
    # Live arrivals as the stream opens: in the fill too, they must still print once.
    thread = _when_streaming(
        sim_env, lambda: [state.add_mentions(a, 2) for a in (first, second, first)]
    )
    args = ["stream", "--json", "--alert", str(first), "--alert", str(second)]
    with _bounded(sim_env):
        code = main([*args, "--since-file", str(since), "--max-events", str(25 + 60 + 6)])
    thread.join(5)
    out, err = capsys.readouterr()
    assert code == 0, err
    expected = _above(sim_env, starts)
    assert _printed(out) == expected  # every id once, oldest first, per alert
    assert json.loads(since.read_text()) == {str(a): int(ids[-1]) for a, ids in expected.items()}
    assert "capped" in err


@pytest.mark.parametrize("keep", ["oldest", "newest"])
def test_a_drop_mid_replay_never_moves_the_since_file_past_a_gap(
    sim_env: SimServer, capsys, tmp_path: Path, keep: str
) -> None:
    """Dropped after 3 lines of a capped replay, before its warning: those 3 prove
    nothing (with the newest kept, 22 older ones lie below them). Then a second run
    resumes from what the first wrote: across both, every mention once."""
    state = sim_env.state
    alert = sim_env.alert_ids[0]
    starts = {alert: int(state.mentions(alert)[25]["id"])}
    since = _since_file(tmp_path, starts)
    state.faults.stream_history_cap = 5
    state.faults.replay_keep = keep
    state.faults.drop_stream_after = 3
    state.faults.drop_stream_mode = "cut"
    args = ["stream", "--json", "--alert", str(alert), "--since-file", str(since)]
    args += ["--backoff", "0.05"]
    with _bounded(sim_env):
        first_run = main([*args, "--max-events", "10"])
    out, err = capsys.readouterr()
    assert first_run == 0, err
    (alert_printed,) = _printed(out).values()
    expected = _above(sim_env, starts)[alert]
    assert alert_printed == expected[:10]
    assert json.loads(since.read_text()) == {str(alert): int(expected[9])}
    with _bounded(sim_env):
        second_run = main([*args, "--max-events", "15"])
    out, err = capsys.readouterr()
    assert second_run == 0, err
    assert _printed(out) == {alert: expected[10:]}


def test_the_reconnect_delay_resets_after_a_connection_that_delivered(
    sim_env: SimServer, capsys
) -> None:
    """Five connections, each cut (a reset, not a clean end) after delivering two
    mentions: every reconnect waits the first delay, none doubles."""
    state = sim_env.state
    alert = sim_env.alert_ids[1]
    state.faults.drop_stream_after = 2
    state.faults.drop_stream_mode = "cut"
    added: list[dict] = []

    def feed() -> None:
        seen = state.streams_opened
        for _ in range(5):
            deadline = time.monotonic() + 10  # a bound, only for a broken run
            while state.streams_opened == seen and time.monotonic() < deadline:
                time.sleep(0.01)
            seen = state.streams_opened
            added.extend(state.add_mentions(alert, 2))

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    args = ["stream", "--json", "--alert", str(alert), "--backoff", "0.05"]
    with _bounded(sim_env):
        code = main([*args, "--max-events", "10"])
    thread.join(15)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert [e["mention"]["id"] for e in _lines(out)] == [str(m["id"]) for m in added]
    waits = [float(w) for w in re.findall(r"reconnecting in ([0-9.]+) s", err)]
    assert len(waits) == 4  # the fifth connection delivered the tenth mention: done
    # 0.05 s +/- jitter, printed to 0.1 s; doubling would reach 0.4 by the fourth.
    assert max(waits) <= 0.1, waits


def test_a_stream_held_elsewhere_is_polled(sim_env: SimServer, capsys) -> None:
    """Issue 21: `stream` next to an open app (the account's one stream is taken) got
    409 and retried for ever, printing nothing. It polls the list endpoint instead."""
    alert = sim_env.alert_ids[0]
    sim_env.state.faults.refuse_stream = True
    added: list[dict] = []

    def add_once_refused() -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(
            r.status == 409 for r in sim_env.state.request_log
        ):
            time.sleep(0.01)
        added.extend(sim_env.state.add_mentions(alert, 3))

    thread = threading.Thread(target=add_once_refused, daemon=True)
    thread.start()
    args = ["stream", "--json", "--alert", str(alert), "--max-events", "3"]
    try:
        code = main([*args, "--poll-interval", "0.05"])
    finally:
        sim_env.state.faults.refuse_stream = False
    thread.join(5)
    out, err = capsys.readouterr()
    assert code == 0
    assert "the stream is open elsewhere" in err
    assert [e["mention"]["id"] for e in _lines(out)] == [str(m["id"]) for m in added]
