"""`GET /app/data`: the service's vocabularies (folders, tones, sources, roles, task
types), as the real service sends them (maps keyed by code) or as lists."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator

from triage_tui.api.tolerant import TOLERANT, keep_valid


class Folder(BaseModel):
    model_config = TOLERANT

    code: str
    name: str
    hidden: bool = False


class Tone(BaseModel):
    """A tone of app data. The real service keys them by the number a mention's `tone`
    carries ("-1") and names them with a string `code` ("negative")."""

    model_config = TOLERANT

    value: int
    code: str
    name: str

    @model_validator(mode="before")
    @classmethod
    def _numeric_code(cls, data: Any) -> Any:
        # Older payloads (and the seeds) give the number as `code` itself.
        if isinstance(data, dict):
            code = data.get("code")
            if code is None or (isinstance(code, int) and not isinstance(code, bool)):
                name = str(data.get("name", code))
                return {"value": code, **data, "code": name.lower()}
        return data


def _vocabulary(value: Any, key: str) -> list[dict[str, Any]]:
    """Accept a list of objects or a map of code -> object / name."""
    if isinstance(value, dict):
        items = []
        for code, entry in value.items():
            item = dict(entry) if isinstance(entry, dict) else {"name": str(entry)}
            item.setdefault(key, code)
            items.append(item)
        return items
    return value if isinstance(value, list) else []


class AppData(BaseModel):
    """`GET /app/data`: the vocabularies (folders, tones, sources, roles, task types)."""

    model_config = TOLERANT

    mention_folders: list[Folder] = Field(default_factory=list)
    alert_tones: list[Tone] = Field(default_factory=list)
    alert_sources: list[Any] = Field(default_factory=list)
    alert_share_roles: dict[str, Any] = Field(default_factory=dict)
    task_types: dict[str, Any] = Field(default_factory=dict)
    alert_languages: Any = None
    alert_countries: Any = None

    @field_validator("mention_folders", mode="before")
    @classmethod
    def _folders(cls, value: Any) -> Any:
        return keep_valid(Folder, _vocabulary(value, "code"))

    @field_validator("alert_tones", mode="before")
    @classmethod
    def _tones(cls, value: Any) -> Any:
        return keep_valid(Tone, _vocabulary(value, "value"))

    @field_validator("alert_sources", mode="before")
    @classmethod
    def _sources(cls, value: Any) -> Any:
        return _vocabulary(value, "code")

    @field_validator("alert_share_roles", "task_types", mode="before")
    @classmethod
    def _maps(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {}

    @property
    def visible_folders(self) -> list[Folder]:
        return [f for f in self.mention_folders if not f.hidden]

    def tone_name(self, value: int) -> str | None:
        return next((t.name for t in self.alert_tones if t.value == value), None)

    def role_name(self, role: str | None) -> str | None:
        """What the service calls a role (`admin` is shown as "Owner")."""
        entry = self.alert_share_roles.get(role or "")
        name = entry.get("name") if isinstance(entry, dict) else None
        return name if isinstance(name, str) else None
