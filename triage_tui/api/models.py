"""Typed models of the Mention API objects (pydantic v2).

Tolerant by design: unknown fields are kept (`extra="allow"`), fields that some networks
omit are optional, ids arrive as strings or numbers, and empty objects may arrive as `[]`.
Nothing here imports Textual.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from triage_tui.api.levels import SharePermission, coerce_permission
from triage_tui.api.links import Links, links_field
from triage_tui.api.timestamps import TimestampField

_TOLERANT = ConfigDict(extra="allow", populate_by_name=True)

#: The mention fields that carry keyword offsets.
OFFSET_FIELDS = ("title", "description", "url", "source_name", "source_url")


def _empty_to_dict(value: Any) -> Any:
    return {} if value is None or value == [] else value


class KeywordHit(NamedTuple):
    """One keyword occurrence: offsets and lengths in characters and in UTF-16 units."""

    char_offset: int
    utf16_offset: int
    char_length: int
    utf16_length: int


def parse_hits(flat: Any) -> list[KeywordHit]:
    """Turn a flat offsets array into hits; malformed groups are dropped, never raised."""
    if not isinstance(flat, list | tuple):
        return []
    hits: list[KeywordHit] = []
    for i in range(0, len(flat) - len(flat) % 4, 4):
        group = flat[i : i + 4]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in group):
            continue
        if group[0] < 0 or group[1] < 0 or group[2] <= 0 or group[3] <= 0:
            continue
        hits.append(KeywordHit(*group))
    return hits


class TagRef(BaseModel):
    """A tag as a mention or a curation request refers to it: at least its id."""

    model_config = _TOLERANT

    id: int
    name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, data: Any) -> Any:
        return {"id": data} if isinstance(data, int | str) else data


class Tag(BaseModel):
    model_config = _TOLERANT

    id: int
    name: str
    mention_count: int | None = None
    keywords: list[str] = Field(default_factory=list)


class AuthorInfluence(BaseModel):
    model_config = _TOLERANT

    id: str | None = None
    alert_id: int | None = None
    kind: str | None = None
    url: str | None = None
    name: str | None = None
    realname: str | None = None
    score: float | None = None
    scored_id: str | None = None
    followers_count: int | None = None
    topics: list[Any] | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class Children(BaseModel):
    """The first (at most 3) children inline, the total, and a link to the rest."""

    model_config = _TOLERANT

    children: list[Mention] = Field(default_factory=list)
    total: int = 0
    links: Links = links_field()


class MentionRules(BaseModel):
    """The tolerance `Mention` and `MentionSummary` share, so that the stream's fast path
    (api/summary.py) accepts a field exactly when the full model does."""

    id: str
    tone: int = 0

    @field_validator("id", mode="before")
    @classmethod
    def _id_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("tone", mode="before")
    @classmethod
    def _tone(cls, value: Any) -> Any:
        return 0 if value is None else value

    @property
    def numeric_id(self) -> int:
        """Mention ids are numeric strings; compare them as numbers, never as strings."""
        return int(self.id)

    @property
    def children_total(self) -> int:
        children = getattr(self, "children", None)
        return children.total if children else 0


class Mention(MentionRules):
    """A mention as the curate and stream documents describe it, plus the reference's."""

    model_config = _TOLERANT

    id: str
    alert_id: int
    title: str | None = None
    description: str | None = None
    description_medium: str | None = None
    description_short: str | None = None
    original_url: str | None = None
    clickable_url: str | None = None
    displayable_url: str | None = None
    unique_id: str | None = None
    published_at: TimestampField | None = None
    created_at: TimestampField | None = None
    updated_at: TimestampField | None = None
    country: str | None = None
    favorite: bool = False
    trashed: bool = False
    folder: str = "inbox"
    folder_set_by_user: bool = False
    read: bool = False
    tone: int = 0
    tone_score: float | None = None
    relevance_score: float | None = None
    source_type: str = "web"
    source_name: str | None = None
    source_url: str | None = None
    language_code: str | None = None
    direct_reach: int | None = None
    cumulative_reach: int | None = None
    domain_reach: int | None = None
    display_site: str | None = None
    parent_id: str | None = None
    picture_url: str | None = None
    tasks: list[Any] = Field(default_factory=list)
    logs: list[Any] = Field(default_factory=list)
    children: Children | None = None
    tags: list[TagRef] = Field(default_factory=list)
    offsets: dict[str, Any] = Field(default_factory=dict)
    permissions: dict[str, bool] = Field(default_factory=dict)
    author_influence: AuthorInfluence | None = None
    metadata: dict[str, Any] | None = None

    @field_validator("parent_id", mode="before")
    @classmethod
    def _parent_id_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("offsets", "permissions", mode="before")
    @classmethod
    def _empty_dict(cls, value: Any) -> Any:
        return _empty_to_dict(value)

    @field_validator("permissions", mode="before")
    @classmethod
    def _bool_permissions(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): bool(v) for k, v in value.items()}
        return value

    def keyword_hits(self, field: str) -> list[KeywordHit]:
        return parse_hits(self.offsets.get(field))

    def field_text(self, field: str) -> str | None:
        """The text an `offsets` key refers to (`url` is the original URL)."""
        return self.original_url if field == "url" else getattr(self, field, None)


Children.model_rebuild()


class MentionList(BaseModel):
    model_config = _TOLERANT

    mentions: list[Mention] = Field(default_factory=list)
    links: Links = links_field()
    truncated_after: Any = None
    truncated_before: Any = None
    recently_reenabled: Any = None
    reached_history_limit: Any = None


class ChildrenList(BaseModel):
    model_config = _TOLERANT

    children: list[Mention] = Field(default_factory=list)
    links: Links = links_field()


class CurateRequest(BaseModel):
    """The body of `PUT .../mentions/{id}`: only the fields that were set are sent."""

    favorite: bool | None = None
    trashed: bool | None = None
    read: bool | None = None
    tags: list[TagRef] | None = None
    folder: str | None = None
    tone: int | None = None

    def to_body(self) -> dict[str, Any]:
        body = self.model_dump(exclude_unset=True, exclude_none=True)
        if "tags" in body:
            body["tags"] = [{"id": tag["id"]} for tag in body["tags"]]
        return body


#: The name the issue tracker and older code use for the same request.
CurationRequest = CurateRequest


class Folder(BaseModel):
    model_config = _TOLERANT

    code: str
    name: str
    hidden: bool = False


class Tone(BaseModel):
    model_config = _TOLERANT

    code: int
    name: str


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
    """`GET /app/data`: the vocabularies (folders, tones, sources, ...)."""

    model_config = _TOLERANT

    mention_folders: list[Folder] = Field(default_factory=list)
    alert_tones: list[Tone] = Field(default_factory=list)
    alert_sources: list[Any] = Field(default_factory=list)
    alert_languages: Any = None
    alert_countries: Any = None

    @field_validator("mention_folders", mode="before")
    @classmethod
    def _folders(cls, value: Any) -> Any:
        return _vocabulary(value, "code")

    @field_validator("alert_tones", mode="before")
    @classmethod
    def _tones(cls, value: Any) -> Any:
        return _vocabulary(value, "code")

    @field_validator("alert_sources", mode="before")
    @classmethod
    def _sources(cls, value: Any) -> Any:
        return _vocabulary(value, "code")

    @property
    def visible_folders(self) -> list[Folder]:
        return [f for f in self.mention_folders if not f.hidden]


class Account(BaseModel):
    model_config = _TOLERANT

    id: str
    name: str | None = None
    email: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class Alert(BaseModel):
    """An alert; `permission` is the token owner's level on it (read / write / admin)."""

    model_config = _TOLERANT

    id: int
    name: str = ""
    query: dict[str, Any] = Field(default_factory=dict)
    languages: list[str] = Field(default_factory=list)
    permission: SharePermission = SharePermission.ADMIN

    @model_validator(mode="before")
    @classmethod
    def _role(cls, data: Any) -> Any:
        if isinstance(data, dict) and "permission" not in data and "role" in data:
            return {**data, "permission": data["role"]}
        return data

    @field_validator("permission", mode="before")
    @classmethod
    def _permission(cls, value: Any) -> Any:
        return coerce_permission(value) or SharePermission.ADMIN

    @field_validator("query", mode="before")
    @classmethod
    def _query(cls, value: Any) -> Any:
        return _empty_to_dict(value)

    @property
    def keywords(self) -> list[str]:
        for key in ("included_keywords", "keywords", "required_keywords"):
            words = self.query.get(key)
            if isinstance(words, list):
                return [str(w) for w in words]
        return []


class AlertList(BaseModel):
    model_config = _TOLERANT

    alerts: list[Alert] = Field(default_factory=list)
    links: Links = links_field()


class TagList(BaseModel):
    model_config = _TOLERANT

    tags: list[Tag] = Field(default_factory=list)
