"""`mention-triage`: the app, the demo, and subcommands for scripts.

A user mistake gets a one-line message and an exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from triage_tui.api.errors import MentionError
from triage_tui.core.config import Config, ConfigError, default_path, load_config

NO_TOKEN = (
    "No access token: set MENTION_ACCESS_TOKEN (or `token` in the config file); get one "
    "from your app's settings at https://dev.mention.com.\n"
    "Or try it with no account at all: mention-triage --demo"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mention-triage",
        description="Keyboard-driven triage of Mention brand mentions.",
    )
    parser.add_argument("--demo", action="store_true", help="run on the built-in simulator")
    parser.add_argument("--config", type=Path, help=f"config file (default {default_path()})")
    parser.add_argument("--api-url", help="REST base URL")
    parser.add_argument("--stream-url", help="stream base URL")
    parser.add_argument("--account", help="account id (default: from /accounts/me)")
    parser.add_argument("--alert", type=int, action="append", help="alert id (repeatable)")
    parser.add_argument("--theme", help="textual-dark, ansi-dark, ansi-light, ...")
    parser.add_argument(
        "--insecure", action="store_true", help="allow http:// to hosts other than loopback"
    )
    sub = parser.add_subparsers(dest="command")
    config = sub.add_parser("config", help="where the config is, or create it")
    config.add_argument("action", choices=["path", "init"])
    sim = sub.add_parser("sim", help="serve the Mention API simulator")
    sim.add_argument("--port", type=int, default=8765)
    return parser


def _apply_flags(config: Config, args: argparse.Namespace) -> Config:
    update = {
        k: v
        for k, v in {
            "api_url": args.api_url,
            "stream_url": args.stream_url,
            "theme": args.theme,
        }.items()
        if v
    }
    if args.insecure:
        update["insecure"] = True
    return config.model_copy(update=update)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "sim":
            from triage_tui.sim.__main__ import run_sim

            return run_sim(args.port)
        if args.command == "config":
            path = args.config or default_path()
            if args.action == "path":
                print(path)
                return 0
            from triage_tui.core.config import write_initial_config

            write_initial_config(path)
            print(f"Wrote {path} (mode 600). Edit it, or set MENTION_ACCESS_TOKEN.")
            return 0
        config = _apply_flags(load_config(args.config), args)
        if not args.demo and config.token is None:
            print(NO_TOKEN, file=sys.stderr)
            return 2
        from triage_tui.ui.launch import run_app

        return run_app(config, demo=args.demo, alerts=args.alert, account=args.account)
    except (ConfigError, MentionError) as error:
        print(f"mention-triage: {error}", file=sys.stderr)
        return 2 if isinstance(error, ConfigError) else 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
