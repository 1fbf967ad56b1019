"""The user's level on an alert (read / write / admin).

No pydantic here: the UI and the command line need these names before anything is
fetched, and importing them must not cost the start-up a validation library.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class SharePermission(StrEnum):
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"

    @property
    def can_curate(self) -> bool:
        return self is not SharePermission.READ

    @property
    def can_manage(self) -> bool:
        """Create/delete tags and manage shares."""
        return self is SharePermission.ADMIN


_ROLE_ALIASES = {"owner": "admin", "manager": "admin", "editor": "write", "viewer": "read"}


def coerce_permission(value: Any) -> SharePermission | None:
    """Normalise a permission or role from the wire; None for a role the app does not
    know (the caller decides what that means: it never blocks what the service allows)."""
    if isinstance(value, SharePermission) or value is None:
        return value
    text = str(value).strip().lower()
    text = _ROLE_ALIASES.get(text, text)
    return SharePermission(text) if text in SharePermission._value2member_map_ else None
