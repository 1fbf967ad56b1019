"""`mention-triage config path|init`: where the config file is, or create it (mode 600)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from triage_tui.commands import COMMANDS, OK
from triage_tui.core.config import resolve_path, write_initial_config


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "config",
        parents=parents,
        help=COMMANDS["config"][1],
        description="`path` prints the config file's path; `init` writes a commented "
        "template there (mode 600), never over an existing file.",
    )
    parser.add_argument("action", choices=["path", "init"])
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path, _ = resolve_path(getattr(args, "config", None), os.environ)
    if args.action == "path":
        print(path)
        return OK
    write_initial_config(path)
    print(f"Wrote {path} (mode 600). Edit it, or set MENTION_ACCESS_TOKEN.")
    return OK
