"""What to warn about before changing who may manage an alert."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from triage_tui.api.levels import SharePermission

if TYPE_CHECKING:
    from triage_tui.api.shares import Share

LAST_ADMIN_WARNING = (
    "⚠ This is the LAST ADMIN of the alert: nobody will be able to manage its shares afterwards."
)


def is_last_admin(share: Share, shares: Sequence[Share]) -> bool:
    """Revoking `share`, or demoting it below admin, leaves the alert without an admin."""
    admins = [s for s in shares if s.permission is SharePermission.ADMIN]
    return share.permission is SharePermission.ADMIN and len(admins) <= 1
