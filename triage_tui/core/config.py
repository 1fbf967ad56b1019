"""The config file (TOML), `MENTION_TRIAGE_*` overrides, and the token's hygiene.

Precedence: environment > file > defaults (command-line flags are applied on top by the
CLI).

Profiles (several accounts): `[profiles.NAME]` tables hold the settings of one account
each. The top-level settings are the profile "default" (so a config without profiles
keeps working) and the base every named profile starts from: a named profile inherits
every top-level setting it does not set, except `token`, `account` and `alerts`, which
say whose mentions are shown and are never lent to another profile. Which profile: the
`profile` argument (`--profile`), else MENTION_TRIAGE_PROFILE, else the file's
top-level `profile = "NAME"`, else "default". Every profile is checked when the file is
read, so a mistake in one that is not selected is still reported. The environment's
overrides apply to whichever profile is selected.

The token comes from `MENTION_ACCESS_TOKEN` first, else the file (the profile's); a file
holding a token (anywhere in it) that group or others can read is refused with the exact
chmod that fixes it. The token is a `Secret`: it never shows in repr, str or any error
message.

Plain dataclasses and hand-written checks, not pydantic: the config is read before the
app's first frame, and importing pydantic there cost about 0.3 s of start-up.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_config_dir, user_state_dir

from triage_tui.api.endpoints import DEFAULT_API_VERSION, DEFAULT_BASE_URL, DEFAULT_STREAM_URL
from triage_tui.core.config_rules import (
    QuickTags,
    Rule,
    checked_rules,
    parse_quick_tags,
    parse_rules,
)
from triage_tui.core.config_values import Invalid, text_table, whole_number

APP_NAME = "mention-triage"
ENV_PREFIX = "MENTION_TRIAGE_"
TOKEN_ENV = "MENTION_ACCESS_TOKEN"
PROFILE_ENV = ENV_PREFIX + "PROFILE"
DEFAULT_PROFILE = "default"
#: Settings a named profile never takes from the top level: whose mentions are shown.
OWN_SETTINGS = ("token", "account", "alerts")
_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
#: Settings a plain `MENTION_TRIAGE_<NAME>` string can override.
SCALARS = ("api_url", "stream_url", "account", "accept_version", "theme", "notify", "state_dir")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


class ConfigError(Exception):
    """A one-line problem with the configuration, with how to fix it."""


NOTIFY_CHOICES = ("off", "bell", "desktop")


class Secret:
    """A string that never shows itself: repr, str and f-strings give stars."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(slots=True)
class Config:
    token: Secret | None = None
    api_url: str = DEFAULT_BASE_URL
    stream_url: str = DEFAULT_STREAM_URL
    account: str | None = None
    alerts: list[int] = field(default_factory=list)
    accept_version: str = DEFAULT_API_VERSION
    theme: str = "textual-dark"
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys ("j,down")
    views: dict[str, str] = field(default_factory=dict)  # name -> filter query
    notify: Literal["off", "bell", "desktop"] = "off"
    rules: list[Rule] = field(default_factory=list)  # in order, see core/rules.py
    quick_tags: QuickTags = field(default_factory=QuickTags)  # one key per tag
    insecure: bool = False
    state_dir: str | None = None
    path: str | None = None  # where it was read from (informational)
    profile: str = DEFAULT_PROFILE  # the profile these settings are (not a file setting)
    #: Every profile of the file that can be started: "default" (the top level) when
    #: it has a token or there is no named profile, then the named ones in file order.
    profiles: tuple[str, ...] = (DEFAULT_PROFILE,)


_SETTINGS = frozenset(f.name for f in fields(Config)) - {"profile", "profiles"}
_TEXT = ("api_url", "stream_url", "accept_version", "theme", "state_dir", "path")


def _build(data: dict[str, Any]) -> Config:
    """A Config from merged settings, every value checked (unknown names included)."""
    for name in data:
        if name not in _SETTINGS:
            raise Invalid(name, "unknown setting")
    values: dict[str, Any] = {}
    for name in _TEXT:
        if name in data and data[name] is not None:
            if not isinstance(data[name], str):
                raise Invalid(name, "must be a string")
            values[name] = data[name]
    if "token" in data:
        if not isinstance(data["token"], str):
            raise Invalid("token", "must be a string")
        values["token"] = Secret(data["token"])
    if data.get("account") is not None:
        account = data["account"]
        if isinstance(account, bool) or not isinstance(account, str | int):
            raise Invalid("account", "must be a string")
        values["account"] = str(account)
    if "alerts" in data:
        if not isinstance(data["alerts"], list):
            raise Invalid("alerts", "must be a list of alert ids")
        values["alerts"] = [whole_number(a, f"alerts.{i}") for i, a in enumerate(data["alerts"])]
    for name in ("keymap", "views"):
        if name in data:
            values[name] = text_table(data[name], name)
    if "notify" in data:
        if data["notify"] not in NOTIFY_CHOICES:
            raise Invalid("notify", "must be one of " + ", ".join(map(repr, NOTIFY_CHOICES)))
        values["notify"] = data["notify"]
    if "rules" in data:
        rules = data["rules"]
        values["rules"] = rules if checked_rules(rules) else parse_rules(rules)
    if "quick_tags" in data:
        values["quick_tags"] = parse_quick_tags(data["quick_tags"])
    if "insecure" in data:
        if not isinstance(data["insecure"], bool):
            raise Invalid("insecure", "must be true or false")
        values["insecure"] = data["insecure"]
    return Config(**values)


def with_changes(config: Config, **changes: Any) -> Config:
    """A copy of `config` with `changes` applied, checked like the file's values."""
    checked = _build(changes)
    return replace(config, **{name: getattr(checked, name) for name in changes})


def default_path() -> Path:
    return Path(user_config_dir(APP_NAME)) / "config.toml"


def state_dir(config: Config) -> Path:
    """Where local state lives (the database, the log): `state_dir` from the file or
    MENTION_TRIAGE_STATE_DIR, else the platform's user state directory. Not created here."""
    if config.state_dir:
        return Path(config.state_dir).expanduser()
    return Path(user_state_dir(APP_NAME))


def state_db_path(config: Config, account: str | None) -> Path:
    """The account's state database (cache, outbox, journal) in `state_dir(config)`:
    `state-<account>.db`, one per account. The account name comes from the command line,
    the config or the service, so it is reduced to letters, digits and `-_.` (no path
    separator, so it can never point outside the state directory). Not created here.

    Without an account (the service tells it only once connected) the default profile
    keeps `state-default.db`, as before profiles; a named profile gets its own
    `state-@<profile>.db` ('@' never survives the reduction of an account name), so two
    profiles whose tokens belong to different accounts never share a cache or an outbox."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in account or "")
    if not safe and config.profile != DEFAULT_PROFILE:
        return state_dir(config) / f"state-@{config.profile}.db"
    return state_dir(config) / f"state-{safe or 'default'}.db"


def resolve_path(path: Path | None, env: Mapping[str, str]) -> tuple[Path, bool]:
    """The config file to read, and whether the user named it (so it must exist)."""
    if path is not None:
        return path, True
    if env.get(ENV_PREFIX + "CONFIG"):
        return Path(env[ENV_PREFIX + "CONFIG"]), True
    return default_path(), False


def chmod_fix(path: Path) -> str:
    return f"chmod 600 '{path}'"


def exposure(path: Path) -> str | None:
    """Who besides the owner can read `path` ("group", "others", ...), or None."""
    if os.name != "posix":
        return None  # POSIX modes mean nothing on Windows; ACLs are the user's business
    mode = path.stat().st_mode
    who = [name for bit, name in ((stat.S_IRGRP, "group"), (stat.S_IROTH, "others")) if mode & bit]
    return " and ".join(who) or None


def _toml_problem(message: str, text: str) -> str:
    """tomllib's "Msg (at line N, column M)" or "(at end of document)" as one line that
    always has a line number."""
    message = " ".join(message.split())
    where = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if where:
        line, column = where.groups()
        return f"line {line}, column {column}: invalid TOML: {message[: where.start()]}"
    end = re.search(r"\s*\(at end of document\)$", message)
    if end:
        line = str(max(1, len(text.splitlines())))
        return f"line {line} (end of file): invalid TOML: {message[: end.start()]}"
    return f"invalid TOML: {message}"


def _read_file(path: Path, *, strict: bool = True) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read ({error.strerror})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}, {_toml_problem(str(error), text)}") from None
    if strict and holds_token(data):
        readers = exposure(path)
        if readers:
            raise ConfigError(
                f"{path} holds your access token and {readers} can read it; "
                f"fix it with: {chmod_fix(path)}"
            )
    return data


def holds_token(data: Mapping[str, Any]) -> bool:
    """Whether the file's settings hold a token, at the top level or in any profile."""
    if data.get("token"):
        return True
    profiles = data.get("profiles")
    if not isinstance(profiles, dict):
        return False
    return any(isinstance(p, dict) and p.get("token") for p in profiles.values())


def file_holds_token(path: Path) -> bool:
    """Whether the file at `path` holds a token anywhere (its permissions then matter)."""
    return holds_token(_read_file(path, strict=False))


def _named_profiles(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The file's `[profiles.NAME]` tables, their names and shapes checked."""
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise Invalid("profiles", "must be a table of profiles ([profiles.NAME])")
    for name, table in profiles.items():
        if name == DEFAULT_PROFILE:
            raise Invalid(
                f"profiles.{name}", "reserved: the top-level settings are the default profile"
            )
        if not _PROFILE_NAME.fullmatch(name):
            raise Invalid(
                f"profiles.{name}", "a profile name is letters, digits and -_. (64 at most)"
            )
        if not isinstance(table, dict):
            raise Invalid(f"profiles.{name}", "must be a table of settings")
    return profiles


def _profile_settings(top: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """A named profile's settings: the top level's, less whose account, then its own."""
    merged = {k: v for k, v in top.items() if k not in OWN_SETTINGS}
    merged.update(own)
    return merged


def _selected(profile: str | None, env: Mapping[str, str], data: dict[str, Any]) -> tuple[str, str]:
    """The profile asked for and who asked (for the error naming the known ones)."""
    if profile:
        return profile, "--profile"
    if env.get(PROFILE_ENV):
        return env[PROFILE_ENV], PROFILE_ENV
    chosen = data.get("profile")
    if chosen is not None:
        if not isinstance(chosen, str) or not chosen:
            raise Invalid("profile", "must be the name of a profile")
        return chosen, "the config's `profile`"
    return DEFAULT_PROFILE, ""


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in SCALARS:
        value = env.get(ENV_PREFIX + name.upper())
        if value:
            data[name] = value
    alerts = env.get(ENV_PREFIX + "ALERTS")
    if alerts:
        data["alerts"] = [a.strip() for a in alerts.split(",") if a.strip()]
    insecure = env.get(ENV_PREFIX + "INSECURE")
    if insecure is not None:
        flag = insecure.strip().lower()
        if flag not in _TRUE + _FALSE:
            raise ConfigError(f"{ENV_PREFIX}INSECURE={insecure!r}: use 1 or 0")
        data["insecure"] = flag in _TRUE
    return data


def load_config(
    path: Path | None = None,
    env: Mapping[str, str] = os.environ,
    *,
    strict: bool = True,
    profile: str | None = None,
) -> Config:
    """Defaults, then the file (missing = defaults unless named), then the environment,
    for one profile (`profile`, else MENTION_TRIAGE_PROFILE, else the file's `profile`,
    else "default"). An unknown profile is a ConfigError naming the known ones.

    `strict=False` skips the permission refusal, for `doctor`, which reports it itself.
    """
    path, named = resolve_path(path, env)
    data: dict[str, Any] = {}
    if path.exists():
        data = _read_file(path, strict=strict)
    elif named:
        raise ConfigError(f"{path}: no such file (create it with: mention-triage config init)")
    try:
        return _load(path, data, env, profile)
    except Invalid as invalid:
        if invalid.problem == "unknown setting":
            raise ConfigError(f"{path}: unknown setting '{invalid.where}'") from None
        raise ConfigError(f"{path}: {invalid}") from None


def _load(path: Path, data: dict[str, Any], env: Mapping[str, str], profile: str | None) -> Config:
    named = _named_profiles(data)
    top = {k: v for k, v in data.items() if k not in ("profile", "profiles")}
    wanted, asked_by = _selected(profile, env, data)
    overrides = _env_overrides(env)
    if env.get(TOKEN_ENV):
        overrides["token"] = env[TOKEN_ENV]
    settings = {DEFAULT_PROFILE: top}
    settings.update({name: _profile_settings(top, own) for name, own in named.items()})
    for name, values in settings.items():  # every profile checked, not only the one used
        try:
            _build(values)
        except Invalid as invalid:
            if name == DEFAULT_PROFILE:
                raise
            raise Invalid(f"profiles.{name}.{invalid.where}", invalid.problem) from None
    default_usable = not named or bool(top.get("token")) or bool(env.get(TOKEN_ENV))
    known = ((DEFAULT_PROFILE,) if default_usable else ()) + tuple(named)
    if wanted not in settings:
        listed = ", ".join(known) or "none"
        raise ConfigError(
            f"unknown profile {wanted!r} ({asked_by}); the profiles in {path}: {listed}"
        )
    chosen = dict(settings[wanted])
    chosen.update(overrides)
    if not chosen.get("token"):
        chosen.pop("token", None)  # `token = ""` means no token
    chosen["path"] = str(path)
    return replace(_build(chosen), profile=wanted, profiles=known)


def init_config_text() -> str:
    """The commented template `config init` writes; every line of it is valid TOML."""
    from triage_tui.core.config_template import TEMPLATE

    return TEMPLATE


def write_initial_config(path: Path) -> None:
    """Create `path` (and its parents) with mode 0600; never overwrite an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigError(f"{path} already exists; not overwriting it") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot create ({error.strerror})") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(init_config_text())
    os.chmod(path, 0o600)  # the umask may have narrowed it further, never widened
