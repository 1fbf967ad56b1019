"""What a feed row needs of a mention, validated from the same JSON as `Mention`.

A full `Mention` (nested children, offsets, three timestamps, extra fields kept) costs
about four times as much to validate as this. The stream's hot path builds rows from a
`MentionSummary` and keeps the mention's JSON text as the service sent it; the full model
is parsed from that text only for the one mention the detail pane shows.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from triage_tui.api.models import AuthorInfluence, MentionRules, TagRef
from triage_tui.api.timestamps import TimestampField

_LEAN = ConfigDict(extra="ignore", populate_by_name=True)


class _ChildCount(BaseModel):
    model_config = _LEAN

    total: int = 0


class MentionSummary(MentionRules):
    """The fields of `Mention` that `core.convert.to_row` reads, with the same types and
    the same tolerance, so a line valid here is valid as a full `Mention`."""

    model_config = _LEAN

    id: str
    alert_id: int
    title: str | None = None
    description: str | None = None
    description_short: str | None = None
    original_url: str | None = None
    displayable_url: str | None = None
    published_at: TimestampField | None = None
    created_at: TimestampField | None = None
    favorite: bool = False
    trashed: bool = False
    folder: str = "inbox"
    read: bool = False
    tone: int = 0
    source_type: str = "web"
    source_name: str | None = None
    language_code: str | None = None
    children: _ChildCount | None = None
    tags: list[TagRef] = Field(default_factory=list)
    author_influence: AuthorInfluence | None = None
