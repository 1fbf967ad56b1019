"""An alert as the real service sends it (string id, `role`, `stats` with counts as
strings) or as the seeds describe it (`permission`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator

from triage_tui.api.levels import SharePermission, coerce_permission
from triage_tui.api.links import Links, links_field
from triage_tui.api.tolerant import TOLERANT, empty_to_dict, keep_valid


def _count(value: Any) -> int | None:
    """A count as the service sends it: a number, or a string of ASCII digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if 0 <= value < 10**12 else None
    text = value.strip() if isinstance(value, str) else ""
    ok = 0 < len(text) <= 12 and text.isascii() and text.isdigit()
    return int(text) if ok else None


class Alert(BaseModel):
    """An alert. The real service sends the token owner's `role` on it (`admin`); the
    seeds' `permission` (read / write / admin) is read too. `permission` is None when
    neither is sent or the role is one the app does not know: then the service's own
    answers decide, never the app (see core/permissions.py)."""

    model_config = TOLERANT

    id: int
    name: str = ""
    query: dict[str, Any] = Field(default_factory=dict)
    languages: list[str] = Field(default_factory=list)
    role: str | None = None
    permission: SharePermission | None = None

    @model_validator(mode="before")
    @classmethod
    def _role(cls, data: Any) -> Any:
        if isinstance(data, dict) and "permission" not in data and "role" in data:
            return {**data, "permission": data["role"]}
        return data

    @field_validator("permission", mode="before")
    @classmethod
    def _permission(cls, value: Any) -> Any:
        return coerce_permission(value)

    @field_validator("role", mode="before")
    @classmethod
    def _role_text(cls, value: Any) -> Any:
        return value if isinstance(value, str) else None

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> Any:
        return value if isinstance(value, str) else ""

    @field_validator("languages", mode="before")
    @classmethod
    def _languages(cls, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else []

    def stat_total(self, name: str) -> int | None:
        """`stats.<name>.total` (the real service sends counts as strings: "11706"), or
        None when it is missing or not a count."""
        stats = (self.model_extra or {}).get("stats")
        entry = stats.get(name) if isinstance(stats, dict) else None
        return _count(entry.get("total") if isinstance(entry, dict) else None)

    @property
    def unread_count(self) -> int | None:
        return self.stat_total("unread_mentions")

    @field_validator("query", mode="before")
    @classmethod
    def _query(cls, value: Any) -> Any:
        return empty_to_dict(value)

    @property
    def keywords(self) -> list[str]:
        for key in ("included_keywords", "keywords", "required_keywords"):
            words = self.query.get(key)
            if isinstance(words, list):
                return [str(w) for w in words]
        return []


class AlertList(BaseModel):
    model_config = TOLERANT

    alerts: list[Alert] = Field(default_factory=list)
    links: Links = links_field()

    @field_validator("alerts", mode="before")
    @classmethod
    def _readable(cls, value: Any) -> Any:
        return keep_valid(Alert, value if isinstance(value, list) else [])
