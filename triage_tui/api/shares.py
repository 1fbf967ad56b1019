"""The Shares models, exactly as the shares document defines them.

The document's shape is `{id, alert_id, user_id, email, permission, created_at,
updated_at}`. Mention's own reference describes another (`{id, account: {...}, role,
...}`); `Share` reads that one too, so a real response never breaks the client.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from triage_tui.api.levels import SharePermission, coerce_permission


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
