"""`export` against the simulator: exact rows and ids in every format, filters, paging."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from triage_tui.cli import main
from triage_tui.sim import SimServer


def _ids(sim: SimServer, alert: int, keep=lambda m: True) -> list[str]:
    return [m["id"] for m in sim.state.mentions(alert) if keep(m)]  # newest first


def _export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_ndjson_every_mention_in_order(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[0]
    code, out, err = _export(capsys, "--alert", str(alert), "--format", "ndjson")
    assert code == 0 and err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == _ids(sim_env, alert)
    assert len(records) == 60
    first = sim_env.state.mention(alert, int(records[0]["id"]))
    assert first is not None and records[0]["title"] == first["title"]


def test_json_is_one_array(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[1]
    code, out, _ = _export(capsys, "--alert", str(alert), "--format", "json", "--folder", "inbox")
    assert code == 0
    data = json.loads(out)
    assert [r["id"] for r in data] == _ids(sim_env, alert, lambda m: m["folder"] == "inbox")


def test_json_with_nothing_is_an_empty_array(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[0]
    newest = _ids(sim_env, alert)[0]
    code, out, _ = _export(capsys, "--alert", str(alert), "--format", "json", "--since-id", newest)
    assert code == 0 and json.loads(out) == []


def test_csv_header_and_rows(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[0]
    code, out, _ = _export(capsys, "--alert", str(alert), "--format", "csv", "--unread")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == _ids(sim_env, alert, lambda m: not m["read"])
    assert all(r["read"] == "false" for r in rows)
    assert {r["alert_id"] for r in rows} == {str(alert)}


@pytest.mark.parametrize(
    ("args", "keep"),
    [
        (["--tone", "neg"], lambda m: m["tone"] == -1),
        (["--folder", "archive"], lambda m: m["folder"] == "archive"),
        (["--favorite"], lambda m: m["favorite"]),
        (["--tone", "pos", "--unread"], lambda m: m["tone"] == 1 and not m["read"]),
    ],
)
def test_filters(sim_env: SimServer, capsys, args: list[str], keep) -> None:
    alert = sim_env.alert_ids[0]
    code, out, _ = _export(capsys, "--alert", str(alert), *args)
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == _ids(sim_env, alert, keep)


def test_limit_pages_and_stops(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[0]
    sim_env.state.clear_log()
    code, out, _ = _export(capsys, "--alert", str(alert), "--limit", "7")
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == _ids(sim_env, alert)[:7]
    pages = [r for r in sim_env.state.request_log if r.path.endswith("/mentions")]
    assert len(pages) == 1 and pages[0].query["limit"] == ["7"]


def test_output_file_holds_raw_text(sim_env: SimServer, capsys, tmp_path: Path) -> None:
    alert = sim_env.alert_ids[2]
    hostile = "evil \x1b]52;c;aGk=\x07 title \u202e"
    added = sim_env.state.add_mention(alert, title=hostile)
    target = tmp_path / "out.csv"
    code, out, _ = _export(capsys, "--alert", str(alert), "--format", "csv", "-o", str(target))
    assert code == 0 and out == ""
    rows = list(csv.DictReader(target.open(newline="", encoding="utf-8")))
    assert len(rows) == 61 and rows[0]["id"] == str(added["id"])
    assert rows[0]["title"] == hostile  # data, kept exactly: it is not drawn
    assert not (tmp_path / "out.csv.part").exists()


def test_errors_are_one_line(sim_env: SimServer, capsys, monkeypatch) -> None:
    code, _, err = _export(capsys, "--alert", "999", "--format", "csv")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "alert 999: not found" in err
    code, _, err = _export(capsys, "--alert", "1", "--tone", "angry")
    assert code == 2 and "--tone" in err
    code, _, err = _export(capsys, "--alert", "1", "--format", "xml")
    assert code == 2 and "invalid choice" in err
    monkeypatch.setenv("MENTION_ACCESS_TOKEN", "wrong-token")
    code, _, err = _export(capsys, "--alert", str(sim_env.alert_ids[0]))
    assert code == 1 and "401" in err and "wrong-token" not in err
    assert "Traceback" not in err


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
def test_an_unknown_alert_writes_nothing_to_stdout(sim_env: SimServer, capsys, fmt: str) -> None:
    """Issue 20, item 9: no CSV header and no `[` before the failure, so a script that
    reads stdout never takes a failed export for an empty one."""
    code, out, err = _export(capsys, "--alert", "999", "--format", fmt)
    assert code == 1 and out == ""
    assert err.strip() == (
        "mention-triage: alert 999: not found in this account (see: mention-triage alerts)"
    )


def test_a_refused_token_writes_nothing_to_stdout(sim_env: SimServer, capsys, monkeypatch) -> None:
    monkeypatch.setenv("MENTION_ACCESS_TOKEN", "wrong-token")
    code, out, _ = _export(capsys, "--alert", str(sim_env.alert_ids[0]), "--format", "csv")
    assert code == 1 and out == ""


def test_no_token_is_usage(home: Path, capsys) -> None:
    code, _, err = _export(capsys, "--alert", "1")
    assert code == 2 and len(err.strip().splitlines()) == 2 and "MENTION_ACCESS_TOKEN" in err


def test_plain_http_to_a_remote_host_is_refused(sim_env: SimServer, capsys, monkeypatch) -> None:
    monkeypatch.setenv("MENTION_TRIAGE_API_URL", "http://api.example.com/api")
    code, _, err = _export(capsys, "--alert", "1")
    assert code == 2 and "--insecure" in err


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only() -> None:
    from triage_tui.commands.export import Progress

    quiet = io.StringIO()
    progress = Progress(quiet, 100)
    for _ in range(100):
        progress.step()
    progress.done()
    assert quiet.getvalue() == ""
    tty = _Tty()
    progress = Progress(tty, 200)
    for _ in range(100):
        progress.step()
    assert "▕" + "█" * 15 + "░" * 15 + "▏ 100/200 mentions" in tty.getvalue()
    progress.done()  # fewer than the limit came: the bar ends full
    assert tty.getvalue().endswith("▕" + "█" * 30 + "▏ 100/100 mentions.  \n")
    counting = _Tty()
    progress = Progress(counting)
    for _ in range(50):
        progress.step()
    assert "exported 50 mentions" in counting.getvalue()


def test_csv_quotes_every_field_so_bare_cr_and_lf_stay_inside(
    sim_env: SimServer, capsys, tmp_path: Path
) -> None:
    alert = sim_env.alert_ids[2]
    sim_env.state.add_mention(alert, title="cr\ronly", description="lf\nand\rcr\r\nend\r")
    sim_env.state.add_mention(alert, title="\r", description="\n")
    for target in (None, tmp_path / "out.csv"):
        args = ["--alert", str(alert), "--format", "csv"]
        code, out, _ = _export(capsys, *args, *(["-o", str(target)] if target else []))
        text = target.read_bytes().decode("utf-8") if target else out
        assert code == 0
        header, *rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) == 62 == len(_ids(sim_env, alert))
        assert all(len(row) == len(header) for row in rows)
        assert rows[0][header.index("description")] == "\n"
        assert rows[1][header.index("description")] == "lf\nand\rcr\r\nend\r"
        # QUOTE_ALL: every field of every line, the header too, starts quoted.
        assert text.startswith('"id","alert_id"')


def test_json_and_ndjson_write_nan_and_infinity_as_null(sim_env: SimServer, capsys) -> None:
    alert = sim_env.alert_ids[0]
    sim_env.state.add_mention(alert, tone_score=float("nan"), relevance_score=float("-inf"))
    for fmt in ("json", "ndjson"):
        code, out, _ = _export(capsys, "--alert", str(alert), "--format", fmt, "--limit", "1")
        assert code == 0

        def refuse(name: str) -> None:
            raise AssertionError(f"{name} is not JSON")

        data = json.loads(out if fmt == "json" else f"[{out}]", parse_constant=refuse)
        assert data[0]["tone_score"] is None and data[0]["relevance_score"] is None
