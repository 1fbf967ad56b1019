"""The Shares models, exactly as the shares document defines them.

The document's shape is `{id, alert_id, user_id, email, permission, created_at,
updated_at}`. The real service sends another (`{id, account: {id, email, ...}, role,
permissions: {edit, delete}, created_at, ...}`, no `alert_id`); `Share` maps it onto the
document's fields: email and user id from `account`, permission from `role`, `alert_id`
from the request. A role the app does not know is kept (`role`) with `permission` None.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from triage_tui.api.levels import SharePermission, coerce_permission


class Share(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    alert_id: str = ""
    user_id: str | None = None
    email: str = ""
    permission: SharePermission | None = None
    role: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _other_shape(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        account = data.get("account")
        if isinstance(account, dict):
            data.setdefault("email", account.get("email") or "")
            data.setdefault("user_id", account.get("id"))
        if "permission" not in data and "role" in data:
            data["permission"] = data["role"]
        data.setdefault("updated_at", data.get("created_at"))
        return data

    @field_validator("email", "role", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return value if isinstance(value, str) or value is None else str(value)

    @field_validator("created_at", "updated_at", mode="wrap")
    @classmethod
    def _date(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except (ValidationError, ValueError, OverflowError):
            return None  # an unreadable date is unknown, not a reason to drop the share

    @property
    def level_text(self) -> str:
        """The level as shown: the known level, else the service's role as sent."""
        return self.permission.value if self.permission else (self.role or "unknown")

    @field_validator("id", "alert_id", "user_id", mode="before")
    @classmethod
    def _id_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("permission", mode="before")
    @classmethod
    def _permission(cls, value: Any) -> Any:
        return coerce_permission(value)


class SharesResponse(BaseModel):
    """The shares of one alert; a share that cannot be read is left out and counted."""

    model_config = ConfigDict(extra="allow")

    shares: list[Share] = Field(default_factory=list)
    skipped: int = Field(default=0, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _readable(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("alert"), dict) and "shares" not in data:
            data = data["alert"]  # the alert itself, with its shares embedded
        if not isinstance(data, dict):
            return data
        items = data.get("shares")
        kept: list[Share] = []
        for item in items if isinstance(items, list) else []:
            try:
                kept.append(Share.model_validate(item))
            except ValidationError:
                continue
        skipped = (len(items) if isinstance(items, list) else 0) - len(kept)
        return {**data, "shares": kept, "skipped": skipped}

    def for_alert(self, alert_id: str) -> SharesResponse:
        """Each share with the alert it belongs to (the real service leaves it out)."""
        for share in self.shares:
            if not share.alert_id:
                share.alert_id = alert_id
        return self


class CreateShareRequest(BaseModel):
    email: str
    permission: SharePermission = SharePermission.READ


class UpdateShareRequest(BaseModel):
    permission: SharePermission
