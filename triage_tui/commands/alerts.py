"""`mention-triage alerts [--json]`: the account's alerts, your level on each, unread.

One line per alert: id, name, your permission (read / write / admin, from the alert's
`permission` or `role`), and the unread count from its `stats` when the service sends
them (blank otherwise). Every string from the network is made one safe line first.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from triage_tui.commands import COMMANDS, OK, account_for, client_for, config_for
from triage_tui.commands.output import json_line
from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from triage_tui.api.models import Alert


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "alerts",
        parents=parents,
        help=COMMANDS["alerts"][1],
        description="List the account's alerts: id, name, your permission on it, and its "
        "unread count (blank when the service does not say). Tab-separated, or one JSON "
        "object per line with --json.",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(run=run)


def record(alert: Alert) -> dict[str, Any]:
    """What is shown of an alert, every string one safe line. The id is a string, as the
    service sends it (older answers and the simulator send a number)."""

    return {
        "id": one_line(str(alert.id)),
        "name": one_line(alert.name),
        "permission": permission_text(alert),
        "unread": alert.unread_count,
    }


def permission_text(alert: Alert) -> str:
    """Your level on the alert; a role the app has no level for, as the service sent it;
    blank when there is neither."""
    level = getattr(alert, "permission", None)
    if level is not None:
        return one_line(str(getattr(level, "value", level)))
    role = getattr(alert, "role", None) or (alert.model_extra or {}).get("role")
    return one_line(role) if isinstance(role, str) else ""


def line(shown: dict[str, Any]) -> str:
    unread = "" if shown["unread"] is None else str(shown["unread"])
    return "\t".join((shown["id"], shown["name"], shown["permission"], unread))


def run(args: argparse.Namespace) -> int:
    config = config_for(args)
    with client_for(config) as client:
        account = account_for(client, config)
        alerts = client.list_alerts(account)
    for alert in alerts:
        shown = record(alert)
        print(json_line(shown) if args.json else line(shown))
    return OK
