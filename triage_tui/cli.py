# PYTHON_ARGCOMPLETE_OK  (argcomplete: this command answers shell completion requests)
"""`mention-triage`: the app, the demo, and subcommands for scripts and cron.

    mention-triage [--demo] [--alert ID ...]       the app
    mention-triage --profile NAME ...              another account ([profiles.NAME])
    mention-triage alerts [--json]                 the account's alerts, level, unread
    mention-triage config path|init                the config file
    mention-triage doctor                          what to fix in this setup
    mention-triage export --alert ID --format F    mentions as csv/json/ndjson
    mention-triage stream --json                   new mentions as NDJSON, resumable
    mention-triage shares list|add|set|rm          who an alert is shared with
    mention-triage rules [--dry-run] | rules apply the config's triage rules over the inbox
    mention-triage sim                             the Mention API simulator

A user or network mistake gets a one-line message and an exit code (0 ok, 1 failure,
2 usage or configuration), never a traceback and never the token. A bug (any other
exception, in a command or in the app) exits 1 with one line saying where the log file
is: its traceback is written there even when logging (--debug, MENTION_TRIAGE_LOG) is off.
"""

from __future__ import annotations

import argparse
import errno
import gc
import importlib
import os
import socket
import sys
from collections.abc import Sequence
from typing import NoReturn

from triage_tui import __version__
from triage_tui.api.errors import MentionError
from triage_tui.api.log import get_logger
from triage_tui.commands import (
    COMMANDS,
    FAILED,
    NO_TOKEN,
    OK,
    USAGE,
    UsageError,
    check_urls,
    common_flags,
    config_for,
    error,
)
from triage_tui.core.config import (
    ENV_PREFIX,
    Config,
    ConfigError,
    default_path,
    load_config,
    state_dir,
)
from triage_tui.core.logs import LogFileError, LogSetting, log_setting, logging_to, print_crash

__all__ = ["NO_TOKEN", "build_parser", "main"]

log = get_logger("cli")


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake said in one line (its subcommands are built from
    this class too): the whole usage text buried the one line that mattered."""

    def error(self, message: str) -> NoReturn:
        error(f"error: {message} (see {self.prog} --help)")
        self.exit(USAGE)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line. Only the subcommands named in `argv` get their full parser
    (and their module imported); the others show their summary in --help. None: all."""
    common = common_flags()
    parser = _Parser(
        prog="mention-triage",
        parents=[common],
        description="Keyboard-driven triage of Mention brand mentions. With no command, "
        "runs the app.",
        epilog=f"Config file: {default_path()} (see `mention-triage config init`). "
        "The token comes from MENTION_ACCESS_TOKEN or the config file.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    app = parser.add_argument_group("the app")
    app.add_argument("--demo", action="store_true", help="run on the built-in simulator")
    app.add_argument(
        "--alert", type=int, action="append", metavar="ID", help="alert id (repeatable)"
    )
    app.add_argument("--theme", help="textual-dark, ansi-dark, ansi-light, ...")
    app.add_argument("--accept-version", metavar="V", help="API version header (1.19)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = set(COMMANDS) if argv is None else set(argv)
    for name, (module, summary) in COMMANDS.items():
        if name in wanted:
            importlib.import_module(module).add_parser(sub, [common])
        else:
            sub.add_parser(name, help=summary)
    sim = sub.add_parser(
        "sim",
        help="serve the Mention API simulator (demo data) until Ctrl+C",
        description="Serve the Mention API simulator over loopback until Ctrl+C.",
    )
    sim.add_argument("--port", type=_port, default=8765)
    sim.add_argument("--seed", type=int, default=7)
    sim.add_argument("--rate", type=float, default=0.2, help="new mentions per second")
    return parser


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port (0 to 65535)")
    return port


def _check_port(port: int) -> None:
    """A port already taken is the caller's mistake: say so before starting the server
    (uvicorn would only log it, from its own thread)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as taken:
            if taken.errno == errno.EADDRINUSE:
                raise UsageError(
                    f"port {port} is already in use on 127.0.0.1: choose another with --port"
                ) from None
            raise


def _run_sim(args: argparse.Namespace) -> int:
    from triage_tui.sim.__main__ import run_sim

    _check_port(args.port)
    return run_sim(args.port, args.seed, args.rate)


def _check_theme(name: str) -> None:
    from triage_tui.ui.themes import theme_problem  # Textual's list of themes

    problem = theme_problem(name)
    if problem is not None:
        raise UsageError(problem)


def _run_app(args: argparse.Namespace) -> int:
    config = config_for(args)
    if not args.demo and config.token is None:
        print(NO_TOKEN, file=sys.stderr)
        return USAGE
    if not args.demo:
        check_urls(config)  # from the environment or the file: refused before the screen
    # Until the first frame is drawn the cycle collector frees nothing worth having: its
    # passes over everything the imports and the screen create only delay that frame.
    # The app turns it back on once the frame is up (after freezing what start-up made).
    # (The theme check imports Textual: after this, like the rest of the app's imports.)
    gc.disable()
    try:
        _check_theme(config.theme)
        # Imported here: the subcommands must work without the UI (and start fast).
        from triage_tui.ui.launch import run_app

        return run_app(
            config,
            demo=args.demo,
            alerts=args.alert,
            account=getattr(args, "account", None),
        )
    finally:
        gc.enable()


def _quiet_stdout() -> None:
    """After a closed pipe (`| head`), keep Python from complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _log_setting(args: argparse.Namespace) -> LogSetting:
    """Where the log goes (the state directory, unless MENTION_TRIAGE_LOG names a file)
    and whether it is on. A broken config file still has a state directory: the default
    or MENTION_TRIAGE_STATE_DIR (the command reports the config's problem itself)."""
    env = os.environ
    try:
        config = load_config(
            getattr(args, "config", None),
            env,
            strict=False,
            profile=getattr(args, "profile", None),
        )
    except ConfigError:
        config = Config(state_dir=env.get(ENV_PREFIX + "STATE_DIR") or None)
    return log_setting(state_dir(config), debug=getattr(args, "debug", False), env=env)


def _complete() -> None:
    """Answer the shell's completion request (argcomplete, see the README) from the whole
    command line's parser, then exit. Imported only then: a normal start never pays."""
    import argcomplete

    argcomplete.autocomplete(build_parser(None))


def main(argv: list[str] | None = None) -> int:
    if "_ARGCOMPLETE" in os.environ:  # set by the shell's completion function only
        _complete()
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help (0) or a usage error (2), already printed
        return stop.code if isinstance(stop.code, int) else USAGE
    try:
        with logging_to(_log_setting(args)):
            return _dispatch(args)
    except LogFileError as problem:
        error(str(problem))
        return USAGE


def _dispatch(args: argparse.Namespace) -> int:
    log.info("start: %s", args.command or ("the demo" if args.demo else "the app"))
    try:
        if getattr(args, "theme", None):  # the app's option, checked whatever runs
            _check_theme(args.theme)
        run = getattr(args, "run", None)
        if run is not None:
            code = int(run(args))
        elif args.command == "sim":
            code = _run_sim(args)
        else:
            code = _run_app(args)
        # Here, not at exit: a reader gone (`| head`) is then a BrokenPipeError below,
        # not an "Exception ignored" message and exit 120 from the interpreter.
        sys.stdout.flush()
        return code
    except UsageError as problem:
        log.info("usage error: %s", problem)
        if str(problem) == NO_TOKEN:
            print(NO_TOKEN, file=sys.stderr)
        else:
            error(str(problem))
        return USAGE
    except ConfigError as problem:
        log.info("configuration error: %s", problem)
        error(str(problem))
        return USAGE
    except MentionError as problem:
        log.info("failed: %s", problem)
        error(str(problem))
        return FAILED
    except BrokenPipeError:
        # The reader stopped reading (`export | head -1`): that is how a pipeline ends,
        # not a failure, so quietly and with 0, as `git log | head` does.
        log.info("stdout closed by its reader")
        _quiet_stdout()
        return OK
    except OSError as problem:
        log.info("failed", exc_info=True)
        where = f"{problem.filename}: " if problem.filename else ""
        error(f"{where}{problem.strerror or type(problem).__name__}")
        return FAILED
    except KeyboardInterrupt:
        return 130
    except Exception as crash:  # a bug: the traceback goes to the log, one line here
        print_crash(crash)
        return FAILED


if __name__ == "__main__":
    sys.exit(main())
