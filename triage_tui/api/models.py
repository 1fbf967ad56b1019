"""Typed models of the Mention API objects (pydantic v2).

Tolerant by design: unknown fields are kept (`extra="allow"`), fields that some networks
omit are optional, ids arrive as strings or numbers, and empty objects may arrive as `[]`.
Nothing here imports Textual.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from triage_tui.api.links import Links, links_field
from triage_tui.api.tasks import Task, read_tasks
from triage_tui.api.timestamps import MaybeTimestamp
from triage_tui.api.tolerant import TOLERANT, empty_to_dict, keep_valid

#: The mention fields that carry keyword offsets.
OFFSET_FIELDS = ("title", "description", "url", "source_name", "source_url")


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

    model_config = TOLERANT

    id: int
    name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, data: Any) -> Any:
        return {"id": data} if isinstance(data, int | str) else data


class Tag(BaseModel):
    model_config = TOLERANT

    id: int
    name: str
    mention_count: int | None = None
    keywords: list[str] = Field(default_factory=list)


class AuthorInfluence(BaseModel):
    model_config = TOLERANT

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


class Skipped(NamedTuple):
    """A mention left out: its id when that much could be read, and why."""

    mention_id: str | None
    reason: str


def id_of(item: Any) -> str | None:
    """What tells apart a mention that could not be read: its id if usable, else its
    `unique_id` (so the same one, in a page and again in a replay, counts once)."""
    if not isinstance(item, dict):
        return None
    try:
        return mention_id(item.get("id"))
    except ValueError:
        unique = item.get("unique_id")
        return f"unique:{unique[:200]}" if isinstance(unique, str) else None


def why_unreadable(error: ValidationError) -> str:
    """A one-line reason for a rejected object: where and what, never the value."""
    first = error.errors(include_input=False, include_url=False)[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "mention"
    return f"{where}: {first.get('msg', 'invalid')}"[:200]


def _split_readable(data: Any, key: str) -> Any:
    """Before a list of mentions is validated: each mention on its own, so that one the
    client cannot read is left out and counted (`skipped`, with reasons) instead of
    failing the whole page."""
    if not isinstance(data, dict):
        return data
    items = data.get(key)
    if not isinstance(items, list):
        return {**data, key: []}
    kept: list[Mention] = []
    skipped: list[Skipped] = []
    for item in items:
        try:
            kept.append(Mention.model_validate(item))
        except ValidationError as error:
            skipped.append(Skipped(id_of(item), why_unreadable(error)))
    return {**data, key: kept, "skipped": skipped}


class _Readable(BaseModel):
    """A container of mentions: `skipped` holds a reason per mention left out."""

    model_config = TOLERANT

    skipped: list[Skipped] = Field(default_factory=list, exclude=True)


class Children(_Readable):
    """The first (at most 3) children inline, the total, and a link to the rest."""

    children: list[Mention] = Field(default_factory=list)
    total: int = 0
    links: Links = links_field()

    @model_validator(mode="before")
    @classmethod
    def _readable(cls, data: Any) -> Any:
        return _split_readable(data, "children")

    @field_validator("total", mode="before")
    @classmethod
    def _total(cls, value: Any) -> Any:
        return value if isinstance(value, int) and 0 <= value < 2**31 else 0


def mention_id(value: Any) -> str:
    """A mention id as the service sends it (a string of digits, or a number), checked:
    it is compared as a number and goes into URL paths, so anything else is refused."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    # isascii: isdigit alone takes other scripts' digits, which int() reads differently
    text = value if isinstance(value, str) else ""
    if 0 < len(text) <= MAX_ID_DIGITS and text.isascii() and text.isdigit():
        return text
    raise ValueError("a mention id must be a number")


#: Mention ids are about 12 digits today; far longer is not an id.
MAX_ID_DIGITS = 30


class MentionRules(BaseModel):
    """The tolerance `Mention` and `MentionSummary` share, so that the stream's fast path
    (api/summary.py) accepts a field exactly when the full model does."""

    id: str
    tone: int = 0

    @field_validator("id", mode="before")
    @classmethod
    def _id_str(cls, value: Any) -> Any:
        return mention_id(value)

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


#: The mention fields a feed row is not made of (see `Mention._shown_only`).
SHOWN_ONLY = (
    "description_medium", "clickable_url", "unique_id", "country", "folder_set_by_user",
    "tone_score", "relevance_score", "source_url", "direct_reach", "cumulative_reach",
    "domain_reach", "display_site", "parent_id", "picture_url", "metadata",
)  # fmt: skip


class Mention(MentionRules):
    """A mention as the curate and stream documents describe it, plus the reference's."""

    model_config = TOLERANT

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
    published_at: MaybeTimestamp = None
    created_at: MaybeTimestamp = None
    updated_at: MaybeTimestamp = None
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

    @field_validator("source_type", "folder", mode="before")
    @classmethod
    def _default_if_null(cls, value: Any, info: ValidationInfo) -> Any:
        return ("web" if info.field_name == "source_type" else "inbox") if value is None else value

    direct_reach: int | None = None
    cumulative_reach: int | None = None
    domain_reach: int | None = None
    display_site: bool | str | None = None  # a boolean on the real service
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

    @field_validator("offsets", "permissions", "metadata", mode="wrap")
    @classmethod
    def _map_or_empty(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # A map the app only reads: sent as a list or of the wrong shape, it is empty
        # rather than a reason to drop the mention.
        try:
            return handler(empty_to_dict(value))
        except ValidationError:
            return {}

    @field_validator(*SHOWN_ONLY, mode="wrap")
    @classmethod
    def _shown_only(
        cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        # A field only shown, not one a feed row is made of: a value of the wrong type
        # is unknown (its default), never a reason to drop the mention. So the full model
        # rejects exactly what the stream's summary rejects (api/summary.py).
        try:
            return handler(value)
        except ValidationError:
            field = cls.model_fields[info.field_name or ""]
            return field.get_default(call_default_factory=True)

    @field_validator("tasks", "logs", mode="before")
    @classmethod
    def _list_or_empty(cls, value: Any) -> Any:
        return value if isinstance(value, list) else []

    @field_validator("permissions", mode="before")
    @classmethod
    def _bool_permissions(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): v for k, v in value.items() if isinstance(v, bool)}
        return value

    def task_list(self) -> list[Task]:
        """The mention's tasks that read (`tasks` itself keeps what the service sent)."""
        return read_tasks(self.tasks)

    def keyword_hits(self, field: str) -> list[KeywordHit]:
        return parse_hits(self.offsets.get(field))

    def field_text(self, field: str) -> str | None:
        """The text an `offsets` key refers to (`url` is the original URL)."""
        return self.original_url if field == "url" else getattr(self, field, None)


Children.model_rebuild()


class MentionList(_Readable):
    mentions: list[Mention] = Field(default_factory=list)
    links: Links = links_field()
    truncated_after: Any = None
    truncated_before: Any = None
    recently_reenabled: Any = None
    reached_history_limit: Any = None

    @model_validator(mode="before")
    @classmethod
    def _readable(cls, data: Any) -> Any:
        return _split_readable(data, "mentions")


class ChildrenList(_Readable):
    children: list[Mention] = Field(default_factory=list)
    links: Links = links_field()

    @model_validator(mode="before")
    @classmethod
    def _readable(cls, data: Any) -> Any:
        return _split_readable(data, "children")


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

#: The fields a curation may change, in the request's terms: the one list of them.
CURATE_FIELDS: tuple[str, ...] = tuple(CurateRequest.model_fields)


class Account(BaseModel):
    model_config = TOLERANT

    id: str
    name: str | None = None
    email: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class TagList(BaseModel):
    model_config = TOLERANT

    tags: list[Tag] = Field(default_factory=list)

    @field_validator("tags", mode="before")
    @classmethod
    def _readable(cls, value: Any) -> Any:
        return keep_valid(Tag, value if isinstance(value, list) else [])


# Defined in their own modules; importable from here as they always were.
from triage_tui.api.alerts import Alert as Alert  # noqa: E402
from triage_tui.api.alerts import AlertList as AlertList  # noqa: E402
from triage_tui.api.app_data import AppData as AppData  # noqa: E402
from triage_tui.api.app_data import Folder as Folder  # noqa: E402
from triage_tui.api.app_data import Tone as Tone  # noqa: E402
