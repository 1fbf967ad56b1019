"""`_links` of list responses: `more` (older page) and `pull` (newer mentions)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


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
        # An empty `_links` arrives as null or [] as well as {}. A link that cannot be
        # followed (an href with a control character or a space, which would make the
        # request URL invalid, or not a link at all) is no link: the page is the last.
        if not isinstance(data, dict):
            return {}
        return {**data, "more": _usable(data.get("more")), "pull": _usable(data.get("pull"))}


def _usable(data: Any) -> Link | None:
    try:
        link = Link.model_validate(data) if data is not None else None
    except ValidationError:
        return None
    if link is None or not link.href.startswith("/") or not link.href.isprintable():
        return None
    if any(c.isspace() for c in link.href):
        return None
    return link


def links_field() -> Any:
    return Field(default_factory=Links, alias="_links")
