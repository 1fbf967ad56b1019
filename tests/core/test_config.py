"""Config: precedence env > file > defaults, token hygiene, init, one-line errors."""

from __future__ import annotations

import dataclasses
import os
import stat
import tomllib
from pathlib import Path

import pytest

from triage_tui.core.config import (
    Config,
    ConfigError,
    init_config_text,
    load_config,
    state_db_path,
    write_initial_config,
)

TOKEN = "tok-SECRET-3f9a1c"


def _write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_missing_default_file_gives_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("triage_tui.core.config.default_path", lambda: tmp_path / "none.toml")
    config = load_config(None, env={})
    assert config.token is None
    assert config.api_url == "https://api.mention.net/api"
    assert config.stream_url == "https://stream.mention.net/api"
    assert config.accept_version == "1.19"
    assert config.theme == "textual-dark"
    assert config.notify == "off"
    assert config.alerts == [] and config.keymap == {} and config.views == {}
    assert config.insecure is False and config.state_dir is None


def test_named_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "none.toml", env={})
    with pytest.raises(ConfigError, match="no such file"):
        load_config(None, env={"MENTION_TRIAGE_CONFIG": str(tmp_path / "none.toml")})


def test_precedence_env_over_file_over_defaults(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.toml",
        'api_url = "http://127.0.0.1:1/api"\ntheme = "ansi-dark"\nalerts = [1, 2]\n'
        'token = "from-file"\nnotify = "bell"\n[keymap]\n"feed.down" = "j,down"\n'
        '[views]\nurgent = "is:unread tag:urgent"\n',
    )
    file_only = load_config(path, env={})
    assert file_only.api_url == "http://127.0.0.1:1/api"
    assert file_only.theme == "ansi-dark"
    assert file_only.alerts == [1, 2]
    assert file_only.token is not None and file_only.token.get_secret_value() == "from-file"
    assert file_only.stream_url == "https://stream.mention.net/api"  # default
    assert file_only.keymap == {"feed.down": "j,down"}
    assert file_only.views == {"urgent": "is:unread tag:urgent"}
    assert file_only.path == str(path)

    env = {
        "MENTION_TRIAGE_API_URL": "http://127.0.0.1:2/api",
        "MENTION_TRIAGE_THEME": "ansi-light",
        "MENTION_TRIAGE_ALERTS": "3, 4",
        "MENTION_TRIAGE_INSECURE": "yes",
        "MENTION_TRIAGE_NOTIFY": "desktop",
        "MENTION_TRIAGE_ACCOUNT": "acc_1",
        "MENTION_ACCESS_TOKEN": "from-env",
    }
    both = load_config(path, env=env)
    assert both.api_url == "http://127.0.0.1:2/api"
    assert both.theme == "ansi-light"
    assert both.alerts == [3, 4]
    assert both.insecure is True
    assert both.notify == "desktop"
    assert both.account == "acc_1"
    assert both.token is not None and both.token.get_secret_value() == "from-env"
    assert both.views == file_only.views  # untouched by the environment


def test_empty_env_values_do_not_override(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.toml", 'theme = "ansi-dark"\n')
    config = load_config(path, env={"MENTION_TRIAGE_THEME": "", "MENTION_ACCESS_TOKEN": ""})
    assert config.theme == "ansi-dark" and config.token is None


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_token_file_readable_by_others_is_refused_with_the_chmod(tmp_path: Path, mode: int) -> None:
    path = _write(tmp_path / "my config.toml", f'token = "{TOKEN}"\n', mode)
    with pytest.raises(ConfigError) as refused:
        load_config(path, env={})
    message = str(refused.value)
    assert f"chmod 600 '{path}'" in message
    assert TOKEN not in message and "\n" not in message
    os.chmod(path, 0o600)
    assert load_config(path, env={}).token is not None


def test_readable_file_without_token_is_fine(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.toml", 'theme = "ansi-dark"\n', 0o644)
    assert load_config(path, env={"MENTION_ACCESS_TOKEN": TOKEN}).theme == "ansi-dark"


def test_toml_syntax_error_is_one_line_with_the_line_number(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.toml", 'theme = "ansi-dark"\nalerts = [1,\nnotify = \n')
    with pytest.raises(ConfigError) as error:
        load_config(path, env={})
    message = str(error.value)
    assert "\n" not in message and "line 3" in message and str(path) in message


@pytest.mark.parametrize(
    ("text", "env", "fragment"),
    [
        ("tokne = 'x'\n", {}, "unknown setting 'tokne'"),
        ("alerts = ['abc']\n", {}, "alerts.0"),
        ('notify = "loud"\n', {}, "notify"),
        ("", {"MENTION_TRIAGE_ALERTS": "1,x"}, "alerts.1"),
        ("", {"MENTION_TRIAGE_INSECURE": "maybe"}, "MENTION_TRIAGE_INSECURE"),
    ],
)
def test_bad_values_are_one_line(
    tmp_path: Path, text: str, env: dict[str, str], fragment: str
) -> None:
    path = _write(tmp_path / "c.toml", text)
    with pytest.raises(ConfigError) as error:
        load_config(path, env=env)
    assert fragment in str(error.value) and "\n" not in str(error.value)


def test_token_never_in_repr_str_or_errors(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.toml", f'token = "{TOKEN}"\n')
    config = load_config(path, env={})
    assert TOKEN not in repr(config) and TOKEN not in str(config)
    assert TOKEN not in str(dataclasses.asdict(config))
    # A token of the wrong type: the error names the field, never the value.
    bad = _write(tmp_path / "bad.toml", f'token = ["{TOKEN}"]\n')
    with pytest.raises(ConfigError) as error:
        load_config(bad, env={})
    assert "token" in str(error.value) and TOKEN not in str(error.value)


def test_init_writes_a_private_commented_template_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "config.toml"
    write_initial_config(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert text == init_config_text()
    assert "token" in text and "[keymap]" in text and "[views]" in text
    # every setting commented out
    assert tomllib.loads(text) == {"keymap": {}, "quick_tags": {}, "views": {}}
    assert load_config(path, env={}) == Config(path=str(path))
    path.write_text("theme = 'mine'\n")
    with pytest.raises(ConfigError, match="already exists"):
        write_initial_config(path)
    assert path.read_text() == "theme = 'mine'\n"


def test_the_state_database_is_per_account_in_the_state_dir(tmp_path: Path) -> None:
    config = Config(state_dir=str(tmp_path))
    assert state_db_path(config, "12345_demo") == tmp_path / "state-12345_demo.db"
    assert state_db_path(config, None) == tmp_path / "state-default.db"
    for hostile in ("../evil", "a/b", "..", "x\\y", "a\x00b"):
        path = state_db_path(config, hostile)
        assert path.parent == tmp_path and "/" not in path.name and "\\" not in path.name
    assert state_db_path(config, "a/b") != state_db_path(config, "ab")


# ---- profiles (several accounts) ------------------------------------------------------

PROFILES = f"""\
token = "{TOKEN}"
account = "111_top"
alerts = [1]
theme = "ansi-dark"
notify = "bell"
[views]
urgent = "tag:urgent"
[profiles.acme]
token = "tok-ACME-77"
account = "222_acme"
alerts = [5, 6]
[profiles.acme.views]
mine = "is:unread"
[profiles.bare]
token = "tok-BARE-88"
theme = "ansi-light"
"""


def test_top_level_settings_are_the_default_profile(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.toml", PROFILES)
    config = load_config(path, env={})
    assert config.profile == "default" and config.profiles == ("default", "acme", "bare")
    assert config.token is not None and config.token.get_secret_value() == TOKEN
    assert config.account == "111_top" and config.alerts == [1]
    assert config.views == {"urgent": "tag:urgent"}


def test_a_named_profile_inherits_all_but_whose_account(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.toml", PROFILES)
    acme = load_config(path, env={}, profile="acme")
    assert acme.profile == "acme" and acme.token is not None
    assert acme.token.get_secret_value() == "tok-ACME-77"
    assert acme.account == "222_acme" and acme.alerts == [5, 6]
    assert acme.theme == "ansi-dark" and acme.notify == "bell"  # inherited
    assert acme.views == {"mine": "is:unread"}  # its own table replaces the top one
    bare = load_config(path, env={}, profile="bare")
    assert bare.theme == "ansi-light" and bare.views == {"urgent": "tag:urgent"}
    assert bare.account is None and bare.alerts == []  # never the top level's account


def test_the_profile_comes_from_the_argument_then_env_then_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.toml", 'profile = "bare"\n' + PROFILES)
    assert load_config(path, env={}).profile == "bare"
    env = {"MENTION_TRIAGE_PROFILE": "acme"}
    assert load_config(path, env=env).profile == "acme"
    assert load_config(path, env=env, profile="default").profile == "default"


def test_an_unknown_profile_names_the_known_ones(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.toml", PROFILES)
    with pytest.raises(ConfigError) as raised:
        load_config(path, env={}, profile="acne")
    message = str(raised.value)
    assert "unknown profile 'acne' (--profile)" in message
    assert message.endswith("default, acme, bare") and "\n" not in message
    assert TOKEN not in message and "tok-ACME" not in message
    with pytest.raises(ConfigError, match="MENTION_TRIAGE_PROFILE"):
        load_config(path, env={"MENTION_TRIAGE_PROFILE": "nope"})


def test_environment_overrides_apply_to_the_selected_profile(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.toml", PROFILES)
    env = {"MENTION_TRIAGE_THEME": "textual-light", "MENTION_ACCESS_TOKEN": "tok-ENV"}
    acme = load_config(path, env=env, profile="acme")
    assert acme.theme == "textual-light"
    assert acme.token is not None and acme.token.get_secret_value() == "tok-ENV"


def test_default_is_no_profile_without_a_token_when_named_ones_exist(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.toml", 'theme = "ansi-dark"\n[profiles.a]\ntoken = "t"\n')
    assert load_config(path, env={}).profiles == ("a",)
    assert load_config(path, env={}, profile="a").theme == "ansi-dark"
    with pytest.raises(ConfigError, match=r"profiles in .*: a$"):
        load_config(path, env={}, profile="b")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[profiles.a]\ntheme = 3\n", "profiles.a.theme: must be a string"),
        ('[profiles.a]\nalerts = ["x"]\n', "profiles.a.alerts.0: must be a whole number"),
        ('[profiles.a]\ncolour = "red"\n', "unknown setting 'profiles.a.colour'"),
        ('[profiles.a]\nprofile = "b"\n', "unknown setting 'profiles.a.profile'"),
        ('[profiles.default]\ntoken = "t"\n', "profiles.default: reserved"),
        ('[profiles."a b"]\ntoken = "t"\n', "profiles.a b: a profile name is"),
        ("profiles = 3\n", "profiles: must be a table"),
        ("[profiles]\na = 3\n", "profiles.a: must be a table of settings"),
        ("profile = 3\n", "profile: must be the name of a profile"),
    ],
)
def test_every_profile_is_checked_even_unused(tmp_path: Path, text: str, where: str) -> None:
    path = _write(tmp_path / "c.toml", text)
    with pytest.raises(ConfigError) as raised:
        load_config(path, env={})
    assert where in str(raised.value)


def test_a_token_in_any_profile_makes_the_file_private(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.toml", f'[profiles.a]\ntoken = "{TOKEN}"\n', mode=0o644)
    with pytest.raises(ConfigError, match="chmod 600") as raised:
        load_config(path, env={}, profile="a")
    assert TOKEN not in str(raised.value)


def test_profiles_without_an_account_never_share_state(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.toml",
        f'state_dir = "{tmp_path}"\ntoken = "t0"\n'
        '[profiles.a]\ntoken = "t1"\n[profiles.b]\ntoken = "t2"\n'
        '[profiles.c]\ntoken = "t3"\naccount = "333_c"\n',
    )
    paths = {
        name: state_db_path(config, config.account)
        for name in ("default", "a", "b", "c")
        for config in [load_config(path, env={}, profile=name)]
    }
    assert paths["default"] == tmp_path / "state-default.db"  # as before profiles
    assert paths["a"] == tmp_path / "state-@a.db" and paths["b"] == tmp_path / "state-@b.db"
    assert paths["c"] == tmp_path / "state-333_c.db"  # per account, whoever names it
    assert len(set(paths.values())) == 4
    # '@' never comes out of an account name: no account can land on a profile's file
    assert state_db_path(load_config(path, env={}), "@a") != paths["a"]
