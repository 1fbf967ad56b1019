"""Subcommands of `mention-triage` for scripts and cron: what they share.

Every command prints errors as one line on stderr (never a traceback for a user or
network error, never the token) and exits 0 when it worked, 1 when it failed, 2 for a
usage or configuration problem.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from triage_tui.api import MentionError
from triage_tui.core.config import Config, load_config, with_changes
from triage_tui.core.sanitize import one_line

OK, FAILED, USAGE = 0, 1, 2
URLS = ("api_url", "stream_url")

#: Each subcommand: its module and its one-line summary. A module is imported only when
#: its command is on the command line, so running the app never pays for them.
COMMANDS: dict[str, tuple[str, str]] = {
    "alerts": (
        "triage_tui.commands.alerts",
        "list the account's alerts: id, name, your permission, unread count",
    ),
    "config": (
        "triage_tui.commands.config_cmd",
        "print where the config file is, or create a commented one",
    ),
    "doctor": (
        "triage_tui.commands.doctor",
        "check the terminal, the token, the config file and the connection",
    ),
    "export": ("triage_tui.commands.export", "write an alert's mentions as csv, json or ndjson"),
    "stream": (
        "triage_tui.commands.stream",
        "print new mentions as they arrive (NDJSON with --json)",
    ),
    "shares": (
        "triage_tui.commands.shares",
        "list, add, change or revoke who an alert is shared with",
    ),
    "rules": (
        "triage_tui.commands.rules",
        "run the config's triage rules over the inbox: a dry run, or apply",
    ),
}

NO_TOKEN = (
    "No access token: create one on Mention's developer page https://dev.mention.com, then "
    "set MENTION_ACCESS_TOKEN or `token` in the config file (mention-triage config init).\n"
    "Or try the app with no account at all: mention-triage --demo"
)

if TYPE_CHECKING:
    from triage_tui.api.sync_client import MentionClient


class UsageError(Exception):
    """A mistake in how the command was called or configured: exit 2."""


def common_flags() -> argparse.ArgumentParser:
    """Flags every subcommand takes as well as the top level (`--config X export ...`).

    SUPPRESS keeps a subcommand from resetting a value given before its name.
    """
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("connection")
    group.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="config file")
    group.add_argument("--api-url", default=argparse.SUPPRESS, help="REST base URL")
    group.add_argument("--stream-url", default=argparse.SUPPRESS, help="stream base URL")
    group.add_argument("--account", default=argparse.SUPPRESS, help="account id")
    group.add_argument(
        "--profile",
        default=argparse.SUPPRESS,
        metavar="NAME",
        help="a [profiles.NAME] of the config file (as MENTION_TRIAGE_PROFILE does)",
    )
    group.add_argument(
        "--insecure",
        action="store_true",
        default=argparse.SUPPRESS,
        help="allow plain http:// to hosts other than loopback",
    )
    logs = parent.add_argument_group("log")
    logs.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="write a log file in the state directory (as MENTION_TRIAGE_LOG=1 does; "
        "`doctor` prints where)",
    )
    return parent


def apply_flags(config: Config, args: argparse.Namespace) -> Config:
    """Command-line flags win over the environment and the file."""
    update: dict[str, object] = {}
    for name in ("api_url", "stream_url", "account", "theme", "accept_version"):
        value = getattr(args, name, None)
        if value:
            update[name] = value
    if getattr(args, "insecure", False):
        update["insecure"] = True
    config = with_changes(config, **update)
    given = [name for name in ("api_url", "stream_url") if name in update]
    check_urls(config, given, flag=True)  # a bad URL on the command line: a usage error
    return config


def check_urls(config: Config, names: Sequence[str] = URLS, *, flag: bool = False) -> None:
    """Refuse, as a usage error before anything starts, a URL the clients would refuse
    (not http(s), or plain http to a host other than loopback without --insecure)."""
    from triage_tui.api.urls import check_url

    for name in names:
        try:
            check_url(getattr(config, name), insecure=config.insecure)
        except MentionError as refused:
            where = "--" + name.replace("_", "-") if flag else name
            raise UsageError(f"{where}: {refused}") from None


def config_for(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> Config:
    env = os.environ if env is None else env
    config = load_config(getattr(args, "config", None), env, profile=getattr(args, "profile", None))
    return apply_flags(config, args)


def client_for(config: Config, *, timeout: float = 30.0) -> MentionClient:
    """A sync client; a missing token is a usage error that says how to get one."""
    if config.token is None:
        raise UsageError(NO_TOKEN)
    from triage_tui.api.sync_client import MentionClient  # httpx: only when needed

    try:
        return MentionClient(
            config.token.get_secret_value(),
            config.api_url,
            config.stream_url,
            api_version=config.accept_version,
            insecure=config.insecure,
            timeout=timeout,
        )
    except MentionError as refused:  # a bad or plain-http URL: the configuration's fault
        raise UsageError(str(refused)) from None


def account_for(client: MentionClient, config: Config) -> str:
    return config.account or client.get_me().id


def error(message: str, stream: TextIO | None = None) -> None:
    """One line on stderr, safe to draw (server messages are text from the network)."""
    print(f"mention-triage: {one_line(message)}", file=stream or sys.stderr)
