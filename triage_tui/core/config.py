"""The config file (TOML), `MENTION_TRIAGE_*` overrides, and the token's hygiene.

Precedence: environment > file > defaults. The token comes from `MENTION_ACCESS_TOKEN`
or the file; a file holding a token that group or others can read is refused with the
exact chmod that fixes it. The token is a `SecretStr`: it never prints.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir
from pydantic import BaseModel, Field, SecretStr, ValidationError

from triage_tui.api.transport import DEFAULT_BASE_URL, DEFAULT_STREAM_URL


class ConfigError(Exception):
    """A one-line problem with the configuration, with how to fix it."""


class Config(BaseModel):
    token: SecretStr | None = None
    api_url: str = DEFAULT_BASE_URL
    stream_url: str = DEFAULT_STREAM_URL
    account: str | None = None
    alerts: list[int] = Field(default_factory=list)
    accept_version: str = "1.19"
    theme: str = "textual-dark"
    keymap: dict[str, str] = Field(default_factory=dict)
    views: dict[str, str] = Field(default_factory=dict)
    notify: str = "off"
    insecure: bool = False
    state_dir: str | None = None
    path: str | None = None  # where it was read from


ENV_PREFIX = "MENTION_TRIAGE_"
SCALARS = ("api_url", "stream_url", "account", "accept_version", "theme", "notify", "state_dir")


def default_path() -> Path:
    return Path(user_config_dir("mention-triage")) / "config.toml"


def load_config(path: Path | None = None, env: Mapping[str, str] = os.environ) -> Config:
    explicit = path is not None or bool(env.get(ENV_PREFIX + "CONFIG"))
    path = path or Path(env.get(ENV_PREFIX + "CONFIG") or default_path())
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: {error}") from None
        except OSError as error:
            raise ConfigError(f"{path}: cannot read ({error.strerror})") from None
        if data.get("token") and os.name == "posix":
            mode = path.stat().st_mode
            if mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IWGRP | stat.S_IWOTH):
                raise ConfigError(
                    f"{path} holds your access token and others can read it; "
                    f"fix it with: chmod 600 '{path}'"
                )
    elif explicit:
        raise ConfigError(f"{path}: no such file")
    for name in SCALARS:
        value = env.get(ENV_PREFIX + name.upper())
        if value:
            data[name] = value
    if env.get(ENV_PREFIX + "ALERTS"):
        data["alerts"] = [a for a in env[ENV_PREFIX + "ALERTS"].split(",") if a.strip()]
    if env.get(ENV_PREFIX + "INSECURE"):
        data["insecure"] = env[ENV_PREFIX + "INSECURE"] in ("1", "true", "yes")
    if env.get("MENTION_ACCESS_TOKEN"):
        data["token"] = env["MENTION_ACCESS_TOKEN"]
    data["path"] = str(path)
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{path}: {where}: {first['msg']}") from None


TEMPLATE = """\
# mention-triage configuration. Keep this file private (chmod 600) if it holds a token.

# Your Mention API access token (or set MENTION_ACCESS_TOKEN instead).
# token = "..."

# api_url = "https://api.mention.net/api"
# stream_url = "https://stream.mention.net/api"
# account = "12345_abcdef"        # default: the token owner's account
# alerts = [112233, 112234]       # default: every alert
# theme = "textual-dark"          # or ansi-dark / ansi-light for 16-colour terminals
# notify = "off"                  # off | bell

# Remap any key by its binding id (see `?` in the app or the README's key table).
[keymap]
# "curate.archive" = "a"
# "feed.down" = "j,down,ctrl+n"

# Saved views: a name and a filter query; keys 8, 9, 0 pick them in order.
[views]
# urgent = "is:unread tag:urgent"
# negative = "tone:neg -is:read"
"""


def write_initial_config(path: Path) -> None:
    if path.exists():
        raise ConfigError(f"{path} already exists; not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(TEMPLATE)
