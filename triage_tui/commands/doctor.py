"""`mention-triage doctor`: what works in this terminal and this setup, and what to fix.

Each check prints one line: ✓ fine, ! worth knowing (does not fail), ✗ broken, with
the fix. Exit 0 when nothing is broken, else 1. The token is never printed.

With profiles in the config, the token, the account, the API and the stream are checked
for each profile (or only the one named by --profile / MENTION_TRIAGE_PROFILE), each
line starting "profile NAME:".
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from triage_tui.api import AuthenticationError, MentionError, NotFoundError
from triage_tui.commands import COMMANDS, FAILED, OK, apply_flags
from triage_tui.core.config import (
    DEFAULT_PROFILE,
    PROFILE_ENV,
    TOKEN_ENV,
    Config,
    ConfigError,
    chmod_fix,
    exposure,
    file_holds_token,
    load_config,
    resolve_path,
    state_dir,
)
from triage_tui.core.sanitize import one_line

OK_MARK, WARN_MARK, FAIL_MARK = "✓", "!", "✗"
#: Terminals known to take OSC 52 (copy to the local clipboard) by default.
OSC52_PROGRAMS = ("iTerm.app", "WezTerm", "vscode", "ghostty", "Tabby", "rio")
OSC52_TERMS = ("xterm-kitty", "alacritty", "foot", "wezterm", "xterm-ghostty", "contour")

if TYPE_CHECKING:
    pass


@dataclass
class Check:
    mark: str
    text: str

    @property
    def failed(self) -> bool:
        return self.mark == FAIL_MARK


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "doctor",
        parents=parents,
        help=COMMANDS["doctor"][1],
        description="Check colours, clipboard (OSC 52), the token, the config file's "
        "permissions, and reaching the API and stream hosts; print what to fix.",
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="network timeout (10 s)")
    parser.set_defaults(run=run)


def check_colours(env: Mapping[str, str]) -> Check:
    term = env.get("TERM", "")
    if env.get("NO_COLOR"):
        return Check(OK_MARK, "NO_COLOR is set: the app draws without colour")
    if term in ("", "dumb"):
        return Check(
            FAIL_MARK,
            f"TERM is {term or 'not set'}: the app needs a real terminal "
            "(set TERM, e.g. TERM=xterm-256color)",
        )
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return Check(OK_MARK, "colours: truecolor")
    if "256color" in term:
        return Check(OK_MARK, f"colours: 256 (TERM={term})")
    return Check(
        WARN_MARK,
        f'colours: 16 only (TERM={term}): use theme = "ansi-dark" or "ansi-light"',
    )


def check_osc52(env: Mapping[str, str]) -> list[Check]:
    notes: list[Check] = []
    term = env.get("TERM", "")
    program = env.get("TERM_PROGRAM", "")
    if env.get("TMUX"):
        notes.append(
            Check(
                WARN_MARK,
                "inside tmux: copying (y) needs `set -g set-clipboard on` in ~/.tmux.conf, "
                "and an outer terminal that takes OSC 52",
            )
        )
    elif term.startswith("screen"):
        notes.append(Check(WARN_MARK, "GNU screen does not pass OSC 52 on: copying may not work"))
    if program == "Apple_Terminal":
        notes.append(
            Check(WARN_MARK, "Terminal.app ignores OSC 52: copied text is shown to copy by hand")
        )
    elif program in OSC52_PROGRAMS or term in OSC52_TERMS or env.get("KITTY_WINDOW_ID"):
        notes.append(Check(OK_MARK, "clipboard: this terminal takes OSC 52 copies"))
    elif not notes:
        notes.append(
            Check(
                WARN_MARK,
                "clipboard: OSC 52 is likely but unconfirmed for this terminal; if `y` "
                "copies nothing, enable clipboard access (xterm: allowWindowOps)",
            )
        )
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        notes.append(
            Check(
                OK_MARK,
                "over SSH: copies go to your local clipboard via OSC 52; links "
                "are shown and copied instead of opened",
            )
        )
    return notes


def check_file(
    path: Path, named: bool, env: Mapping[str, str], profile: str | None = None
) -> tuple[list[Check], Config | None]:
    """The file's permissions and syntax; the config read from it when it could be."""
    if not path.exists():
        if named:
            return [Check(FAIL_MARK, f"config {path}: no such file")], None
        return [Check(OK_MARK, f"config: none at {path} (defaults; `config init` makes one)")], None
    try:
        config = load_config(path, env, strict=False, profile=profile)
        in_file = file_holds_token(path)
    except ConfigError as problem:
        return [Check(FAIL_MARK, f"config: {problem}")], None
    readers = exposure(path)
    if in_file and readers:
        fix = f"holds your token and {readers} can read it: fix with {chmod_fix(path)}"
        return [Check(FAIL_MARK, f"config {path} {fix}")], config
    return [Check(OK_MARK, f"config {path}: readable, permissions fine")], config


def check_token(config: Config, env: Mapping[str, str]) -> Check:
    if config.token is None:
        where = (
            "in the config"
            if config.profile == DEFAULT_PROFILE
            else f"in [profiles.{config.profile}]"
        )
        return Check(
            FAIL_MARK,
            f"no access token: set {TOKEN_ENV} or `token` {where} "
            "(create one at https://dev.mention.com)",
        )
    where = TOKEN_ENV if env.get(TOKEN_ENV) else "the config file"
    return Check(OK_MARK, f"access token: found in {where} (not shown)")


def check_notify(config: Config, env: Mapping[str, str]) -> Check | None:
    """Where `notify = "desktop"` would show up, or why a bell may go unheard."""
    from triage_tui.core.notify import desktop_command

    if config.notify == "off":
        return None
    if config.notify == "bell":
        where = " (tmux: `set -g bell-action any` passes it on)" if env.get("TMUX") else ""
        return Check(OK_MARK, f"notify: the terminal bell{where}")
    command = desktop_command("mention-triage", "test", env)
    if command is not None:
        return Check(OK_MARK, f"notify: desktop notifications through {command[0]}")
    tmux = " (tmux: needs `set -g allow-passthrough on`)" if env.get("TMUX") else ""
    return Check(
        WARN_MARK,
        "notify: no desktop notifier here (SSH, or no notify-send): the terminal's own "
        f"notification (OSC 9) is sent; iTerm2, WezTerm, kitty, Ghostty, foot show it{tmux}",
    )


def _tcp(url: str, timeout: float) -> Check:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return Check(OK_MARK, f"reached {host}:{port}")
    except OSError as failure:
        reason = failure.strerror or type(failure).__name__
        return Check(
            FAIL_MARK, f"cannot reach {host}:{port} ({reason}): check the URL, network or proxy"
        )


def check_api(config: Config, timeout: float) -> list[Check]:
    """The token accepted, then the account and alerts the config names known to it."""
    host = urlsplit(config.api_url).hostname or config.api_url
    if config.token is None:
        check = _tcp(config.api_url, timeout)
        return [Check(check.mark, f"API host: {check.text} (token not tested: there is none)")]
    try:
        from triage_tui.api.sync_client import MentionClient

        with MentionClient(
            config.token.get_secret_value(),
            config.api_url,
            None,  # the stream URL is checked on its own
            api_version=config.accept_version,
            insecure=config.insecure,
            timeout=timeout,
        ) as client:
            me = client.get_me()
            name = f"{me.name} ({me.id})" if me.name else me.id
            checks = [Check(OK_MARK, f"API {host}: signed in as account {name}")]
            checks += check_scope(client, config, me.id)
            return checks
    except AuthenticationError:
        return [
            Check(
                FAIL_MARK,
                f"API {host}: the token was refused (invalid or expired): create a new one",
            )
        ]
    except MentionError as failure:
        return [Check(FAIL_MARK, f"API {host}: {failure}")]


def check_scope(client: Any, config: Config, own: str) -> list[Check]:
    """The account and alerts the config names: known to this token (what the app would
    refuse to open otherwise). Nothing to check when it names neither."""
    if config.account is None and not config.alerts:
        return []
    account = config.account or own
    try:
        alerts = client.list_alerts(account)
    except NotFoundError:
        return [
            Check(
                FAIL_MARK,
                f"account {account}: not one this token can see (it signs in as {own}): "
                "fix `account`",
            )
        ]
    checks = [Check(OK_MARK, f"account {account}: known, {len(alerts)} alerts")]
    missing = sorted(set(config.alerts) - {alert.id for alert in alerts})
    if missing:
        names = ", ".join(map(str, missing))
        checks.append(
            Check(
                FAIL_MARK,
                f"alerts: no alert {names} on account {account} "
                "(`mention-triage alerts` lists them)",
            )
        )
    return checks


def check_stream(config: Config, timeout: float) -> Check:
    try:
        from triage_tui.api.transport import check_url

        check_url(config.stream_url, insecure=config.insecure)
    except MentionError as failure:
        return Check(FAIL_MARK, f"stream: {failure}")
    check = _tcp(config.stream_url, timeout)
    return Check(check.mark, f"stream host: {check.text}")


def check_log(config: Config, args: argparse.Namespace, env: Mapping[str, str]) -> Check:
    from triage_tui.core.logs import ENV, current, log_setting

    setting = current() or log_setting(
        state_dir(config), debug=getattr(args, "debug", False), env=env
    )
    if setting.enabled:
        return Check(OK_MARK, f"log: on, written to {setting.path}")
    return Check(
        OK_MARK,
        f"log: off (--debug or {ENV}=1 turns it on); it goes to {setting.path}, "
        "where a crash is written anyway",
    )


def check_profile(
    config: Config, args: argparse.Namespace, env: Mapping[str, str], *, named: bool
) -> list[Check]:
    """One profile's settings: its notifications, token, account, API and stream. With
    several profiles (`named`), each line says which profile it is about."""
    checks: list[Check] = []
    notify = check_notify(config, env)
    if notify is not None:
        checks.append(notify)
    checks.append(check_token(config, env))
    checks += check_api(config, args.timeout)
    checks.append(check_stream(config, args.timeout))
    if named:
        checks = [Check(c.mark, f"profile {config.profile}: {c.text}") for c in checks]
    return checks


def _profiles(
    config: Config, path: Path, args: argparse.Namespace, env: Mapping[str, str]
) -> list[Config]:
    """Each profile to check: the one asked for (--profile, MENTION_TRIAGE_PROFILE), else
    every one of the file, with the command line's flags applied."""
    if getattr(args, "profile", None) or env.get(PROFILE_ENV):
        return [apply_flags(config, args)]
    source = path if path.exists() else Path(os.devnull)
    return [
        apply_flags(load_config(source, env, strict=False, profile=name), args)
        for name in config.profiles
    ] or [apply_flags(config, args)]


def diagnose(args: argparse.Namespace, env: Mapping[str, str]) -> list[Check]:
    checks = [check_colours(env), *check_osc52(env)]
    path, named = resolve_path(getattr(args, "config", None), env)
    profile = getattr(args, "profile", None)
    file_checks, config = check_file(path, named, env, profile)
    checks += file_checks
    if config is None:  # no file, or a broken one: the environment and flags still count
        try:
            config = load_config(Path(os.devnull), env, strict=False)
        except ConfigError:
            config = Config()
        profiles = [apply_flags(config, args)]
    else:
        profiles = _profiles(config, path, args, env)
    several = any(p.profile != DEFAULT_PROFILE for p in profiles) or len(config.profiles) > 1
    for each in profiles:
        checks += check_profile(each, args, env, named=several)
    checks.append(check_log(profiles[0], args, env))
    checks += check_stores(profiles[0])
    return checks


def check_stores(config: Config) -> list[Check]:
    from triage_tui.commands.doctor_store import store_lines

    return [
        Check(OK_MARK if fine else WARN_MARK, text) for fine, text in store_lines(state_dir(config))
    ]


def run(args: argparse.Namespace) -> int:
    checks = diagnose(args, os.environ)
    for check in checks:
        print(f"{check.mark} {one_line(check.text)}")
    sys.stdout.flush()  # the summary on stderr comes after the lines
    broken = sum(check.failed for check in checks)
    if broken:
        print(f"{broken} problem{'s' if broken > 1 else ''} to fix.", file=sys.stderr)
        return FAILED
    return OK
