"""`_links` of list responses: `more` (older page) and `pull` (newer mentions)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Link(BaseModel):
    model_config = ConfigDict(extra="allow")

    href: str = ""
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _tolerate(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"href": data}
        if isinstance(data, dict) and isinstance(data.get("params"), list):
            # An empty params object arrives as [] from the PHP service.
            return {**data, "params": {}}
        return data


class Links(BaseModel):
    model_config = ConfigDict(extra="allow")

    more: Link | None = None
    pull: Link | None = None

    @model_validator(mode="before")
    @classmethod
    def _tolerate(cls, data: Any) -> Any:
        # An empty `_links` arrives as null or [] as well as {}.
        return data if isinstance(data, dict) else {}


def links_field() -> Any:
    return Field(default_factory=Links, alias="_links")
