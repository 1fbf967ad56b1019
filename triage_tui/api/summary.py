"""What a feed row needs of a mention, validated from the same JSON as `Mention`.

A full `Mention` (nested children, offsets, three timestamps, extra fields kept) costs
about four times as much to validate as this. The stream's hot path builds rows from a
`MentionSummary` and keeps the mention's JSON text as the service sent it; the full model
is parsed from that text only for the one mention the detail pane shows.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from triage_tui.api.models import AuthorInfluence, MentionRules, TagRef
from triage_tui.api.timestamps import ISO_PATTERN, Timestamp, TimestampField

_LEAN = ConfigDict(extra="ignore", populate_by_name=True)


class _ChildCount(BaseModel):
    model_config = _LEAN

    total: int = 0


class MentionSummary(MentionRules):
    """The fields of `Mention` that `core.convert.to_row` reads, with the same types and
    the same tolerance, so a line valid here is valid as a full `Mention`. One exception:
    `created_at` is only needed when `published_at` is missing, so it is checked for its
    shape only (in pydantic's core, no Python call: parsing it was a fifth of the
    summary's cost) and `first_seen_ns` parses it on demand."""

    model_config = _LEAN

    id: str
    alert_id: int
    title: str | None = None
    description: str | None = None
    description_short: str | None = None
    original_url: str | None = None
    displayable_url: str | None = None
    published_at: TimestampField | None = None
    created_at: Annotated[str, StringConstraints(pattern=ISO_PATTERN)] | None = None
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

    def first_seen_ns(self) -> int:
        """`created_at` as nanoseconds since the epoch; 0 if absent or impossible."""
        try:
            return Timestamp(self.created_at).ns if self.created_at else 0
        except ValueError:  # the right shape, an impossible date (30 February)
            return 0
