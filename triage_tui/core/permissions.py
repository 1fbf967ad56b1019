"""Which curation actions the user may take on a mention, and why not.

Two sources, both respected: the user's level on the alert (read / write / admin, per
the shares document: read cannot curate) and the mention's own `permissions` map. A key
that is not allowed is disabled with the reason, never sent to fail.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from triage_tui.api.levels import SharePermission

if TYPE_CHECKING:
    from triage_tui.api.models import Mention


class Action(StrEnum):
    READ = "read"
    FAVORITE = "favorite"
    TRASH = "trash"
    FOLDER = "folder"  # archive, spam, inbox, any folder
    TONE = "tone"
    TAGS = "tags"
    MANAGE_SHARES = "manage_shares"
    CREATE_TAG = "create_tag"
    CREATE_TASK = "create_task"  # assign the mention to a teammate, or mark a task done


# The mention `permissions` key that gates each action (absent key: allowed).
_MENTION_KEY = {
    Action.FAVORITE: "favorite",
    Action.TRASH: "change_folder",
    Action.FOLDER: "change_folder",
    Action.TONE: "edit",
    Action.TAGS: "edit",
    Action.CREATE_TASK: "create_task",
}


class NotAllowed(Exception):
    """An action refused locally, before any request: the message is the reason."""


def why_not(
    action: Action, level: SharePermission | None, mention: Mention | None = None
) -> str | None:
    """None when allowed; else a one-line reason for the status bar.

    The service's own signals come first: a mention's `permissions` entry, true or false,
    decides its action. Without one, the level decides; an unknown level (a role the app
    does not know, or none sent) blocks nothing: the service answers, and a refusal is
    reported as such."""
    if action in (Action.MANAGE_SHARES, Action.CREATE_TAG):
        if level is not None and not level.can_manage:
            return f"needs admin on this alert (you have {level.value})"
        return None
    key = _MENTION_KEY.get(action)
    said = mention.permissions.get(key) if mention is not None and key is not None else None
    if said is True or (said is None and (level is None or level.can_curate)):
        return None
    if level is not None and not level.can_curate:  # the level says why
        return "read-only: this alert is shared with you with read permission"
    return f"the service does not allow '{key}' on this mention"
