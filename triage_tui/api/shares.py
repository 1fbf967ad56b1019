"""The Shares models, exactly as the shares document defines them.

The document's shape is `{id, alert_id, user_id, email, permission, created_at,
updated_at}`. Mention's own reference describes another (`{id, account: {...}, role,
...}`); `Share` reads that one too, so a real response never breaks the client.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class SharePermission(StrEnum):
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return {"read": 0, "write": 1, "admin": 2}[self.value]

    @property
    def can_curate(self) -> bool:
        return self is not SharePermission.READ

    @property
    def can_manage(self) -> bool:
        """Create/delete tags and manage shares."""
        return self is SharePermission.ADMIN


_ROLE_ALIASES = {"owner": "admin", "manager": "admin", "editor": "write", "viewer": "read"}


def coerce_permission(value: Any) -> Any:
    """Normalise a permission or role from the wire; unknown roles become read-only."""
    if isinstance(value, SharePermission) or value is None:
        return value
    text = str(value).strip().lower()
    text = _ROLE_ALIASES.get(text, text)
    return text if text in SharePermission._value2member_map_ else SharePermission.READ


class Share(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    alert_id: str
    user_id: str | None = None
    email: str
    permission: SharePermission
    created_at: datetime
    updated_at: datetime

    @model_validator(mode="before")
    @classmethod
    def _other_shape(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        account = data.get("account")
        if isinstance(account, dict):
            data.setdefault("email", account.get("email", ""))
            data.setdefault("user_id", account.get("id"))
        if "permission" not in data and "role" in data:
            data["permission"] = data["role"]
        data.setdefault("updated_at", data.get("created_at"))
        return data

    @field_validator("id", "alert_id", "user_id", mode="before")
    @classmethod
    def _id_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("permission", mode="before")
    @classmethod
    def _permission(cls, value: Any) -> Any:
        return coerce_permission(value)


class SharesResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    shares: list[Share] = Field(default_factory=list)


class CreateShareRequest(BaseModel):
    email: str
    permission: SharePermission = SharePermission.READ


class UpdateShareRequest(BaseModel):
    permission: SharePermission
