"""`mention-triage shares list|add|set|rm --alert ID`: who an alert is shared with.

An email is checked before anything is sent; revoking asks first (default No) on a
terminal and needs `--yes` otherwise; the service's permission errors are shown as such.
A share is named by its id or by its email.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING, Any

from triage_tui.api.errors import PermissionDeniedError
from triage_tui.api.levels import SharePermission
from triage_tui.commands import (
    COMMANDS,
    FAILED,
    OK,
    UsageError,
    account_for,
    client_for,
    config_for,
    error,
)
from triage_tui.commands.output import clean_strings, json_line
from triage_tui.core.sanitize import one_line
from triage_tui.core.share_rules import LAST_ADMIN_WARNING, is_last_admin

EMAIL = re.compile(r"^[^@\s\"<>,;]+@[^@\s\"<>,;]+\.[^@\s\"<>,;.]{2,}$")
PERMISSIONS = [p.value for p in SharePermission]

if TYPE_CHECKING:
    from triage_tui.api.shares import Share
    from triage_tui.api.sync_client import MentionClient


def email_problem(email: str) -> str | None:
    """Why `email` cannot be an address to share with, or None."""
    if not email.isprintable() or len(email) > 254 or not EMAIL.match(email):
        return f"'{one_line(email)[:80]}' is not an email address"
    return None


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "shares",
        parents=parents,
        help=COMMANDS["shares"][1],
        description="Who an alert is shared with. Managing shares needs admin permission.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, help: str) -> argparse.ArgumentParser:
        p = actions.add_parser(name, parents=parents, help=help, description=help)
        p.add_argument("--alert", type=int, required=True, metavar="ID", help="alert id")
        p.set_defaults(run=run)
        return p

    listing = action("list", "list the alert's shares")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    add = action("add", "share the alert with someone")
    add.add_argument("email")
    add.add_argument("--permission", choices=PERMISSIONS, default="read", help="default read")
    change = action("set", "change a share's permission")
    change.add_argument("share", metavar="SHARE", help="share id or email")
    change.add_argument("--permission", choices=PERMISSIONS, required=True)
    change.add_argument(
        "--yes", "-y", action="store_true", help="do not ask before demoting the last admin"
    )
    remove = action("rm", "revoke a share (asks first)")
    remove.add_argument("share", metavar="SHARE", help="share id or email")
    remove.add_argument("--yes", "-y", action="store_true", help="do not ask")


def _find(client: MentionClient, account: str, alert: str, key: str) -> tuple[Share, list[Share]]:
    """The share named by id or email, and all the alert's shares."""
    shares = client.get_shares(account, alert).shares
    for share in shares:
        if share.id == key or share.email.casefold() == key.casefold():
            return share, shares
    raise UsageError(f"alert {alert} has no share '{one_line(key)[:80]}' (see: shares list)")


def _line(share: Share, terminal: bool) -> str:
    text = f"{share.id}\t{share.level_text}\t{share.email}"
    return one_line(text) if terminal else text


def _confirm(question: str, warning: str | None, refusal: str) -> bool:
    """Ask on the terminal, default No (Enter, anything but y/yes, or end of input);
    the warning first, on stderr."""
    if warning:
        print(warning, file=sys.stderr)
    if not sys.stdin.isatty():
        raise UsageError(refusal)
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:  # Ctrl+D at the question: a no, as the default is
        print()
        return False
    return answer.strip().lower() in ("y", "yes")


def _act(client: MentionClient, account: str, args: argparse.Namespace) -> int:
    from triage_tui.api.shares import CreateShareRequest, UpdateShareRequest

    alert = str(args.alert)
    terminal = sys.stdout.isatty()
    if args.action == "list":
        for share in client.get_shares(account, alert).shares:
            if args.json:
                print(json_line(clean_strings(share.model_dump(mode="json"), terminal)))
            else:
                print(_line(share, terminal))
        return OK
    if args.action == "add":
        share = client.create_share(
            account, alert, CreateShareRequest(email=args.email, permission=args.permission)
        )
        print(f"shared: {_line(share, terminal)}")
        return OK
    share, shares = _find(client, account, alert, args.share)
    last_admin = is_last_admin(share, shares)
    who = one_line(share.email)
    if args.action == "set":
        if last_admin and args.permission != "admin":
            question = f"Demote {who} to {args.permission}?"
            if args.yes:
                print(LAST_ADMIN_WARNING, file=sys.stderr)
            elif not _confirm(
                question,
                LAST_ADMIN_WARNING,
                "not demoting the last admin without confirmation: add --yes",
            ):
                print("not changed", file=sys.stderr)
                return OK  # the user said no: nothing failed
        updated = client.update_share(
            account, alert, share.id, UpdateShareRequest(permission=args.permission)
        )
        print(f"changed: {_line(updated, terminal)}")
        return OK
    warning = LAST_ADMIN_WARNING if last_admin else None
    if args.yes and warning:
        print(warning, file=sys.stderr)
    elif not args.yes:
        question = f"Revoke {who}'s access ({one_line(share.level_text)})?"
        if not _confirm(question, warning, "not revoking without confirmation: add --yes"):
            print("not revoked", file=sys.stderr)
            return OK  # the user said no: nothing failed
    client.delete_share(account, alert, share.id)
    print(f"revoked: {_line(share, terminal)}")
    return OK


def run(args: argparse.Namespace) -> int:
    if args.action == "add":
        problem = email_problem(args.email)
        if problem:
            raise UsageError(problem)  # before any request
    config = config_for(args)
    with client_for(config) as client:
        account = account_for(client, config)
        try:
            return _act(client, account, args)
        except PermissionDeniedError as denied:
            error(
                f"permission denied by the service: {denied.message} "
                f"(managing shares of alert {args.alert} needs admin permission)"
            )
            return FAILED
