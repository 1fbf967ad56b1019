"""The command line: two-line help without a token, config path/init, errors as one line."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from triage_tui.cli import main
from triage_tui.core.query import QueryError, parse_query
from triage_tui.core.rows import FeedRow


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


def _row(**fields: object) -> FeedRow:
    base: dict[str, object] = dict(
        id=1,
        alert_id=7,
        published_ns=0,
        source_type="twitter",
        who="acme_fan",
        title="Love the new Acme anvil",
    )
    base.update(fields)
    return FeedRow(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "row", "hit"),
    [
        ("is:unread", _row(), True),
        ("-is:unread", _row(), False),
        ("source:tw tone:neu", _row(), True),
        ("tone:neg", _row(tone=-1), True),
        ('"new acme"', _row(), True),
        ("anvil -love", _row(), False),
        ("folder:irrelevant", _row(folder="spam"), True),
        ("tag:urgent", _row(tag_ids=(5,)), True),
        ("lang:fr", _row(language="fr"), True),
        ("alert:7 is:fav", _row(favorite=True), True),
    ],
)
def test_query_language(query: str, row: FeedRow, hit: bool) -> None:
    assert parse_query(query, {"urgent": {5}}).matches(row) is hit


@pytest.mark.parametrize("query", ["colour:red", "tone:angry", '"open', "is:maybe"])
def test_query_errors_name_the_term(query: str) -> None:
    with pytest.raises(QueryError):
        parse_query(query)
