"""The compact row the feed holds per mention.

The feed keeps one small slotted object per mention instead of the full pydantic
`Mention` (about 9 KB each): 100,000 rows must fit in memory and render instantly. Every
string here has already been through `one_line` (the sanitizer).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class FeedRow:
    id: int  # mention id, numeric (the API sends it as a string; compare numerically)
    alert_id: int
    published_ns: int  # nanoseconds since the epoch, for "3m ago" and ordering
    source_type: str  # web, news, blogs, forums, twitter, facebook, images, ...
    who: str  # source name, else author name, else displayable host
    title: str  # title, else the start of the description
    read: bool = False
    favorite: bool = False
    trashed: bool = False
    tone: int = 0  # -1 negative, 0 neutral, 1 positive
    folder: str = "inbox"
    tag_ids: tuple[int, ...] = ()
    children_count: int = 0
    language: str = ""  # ISO code, for the `lang:` filter
    version: int = 0  # bumped on every local change, so render caches know a row is stale
    # When Mention found it (its created_at), ns since the epoch; 0 when unknown. Last, with
    # a default: rows built positionally (tests, old packed rows) keep working.
    found_ns: int = 0

    @property
    def tag_count(self) -> int:
        return len(self.tag_ids)
