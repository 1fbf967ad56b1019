"""A mention field plus its keyword offsets -> literal `Content` with highlighted hits.

The text is never parsed as markup: `Content(text)` takes it literally. Hits are turned
into spans by `core.offsets.highlight_spans`, which knows about astral characters, and
styled with `Content.stylize(style, start, end)` (Content indexes code points, as Python
`str` does, so a hit after an emoji lands on the exact characters).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.content import Content

from triage_tui.core.offsets import highlight_spans
from triage_tui.core.sanitize import sanitize

if TYPE_CHECKING:
    from triage_tui.api.models import KeywordHit, Mention

#: Bold and underline so a hit shows without colour; the theme gives the colour.
HIGHLIGHT_STYLE = "bold underline $text-warning on $warning-muted"


def highlighted(
    text: str | None,
    hits: Iterable[KeywordHit],
    style: str = HIGHLIGHT_STYLE,
    limit: int | None = None,
) -> Content:
    """`text` (sanitized again: cheap, and the same length) with `hits` styled.

    With `limit`, only the first `limit` characters: the spans are found in that prefix,
    where a hit lands exactly as in the whole text; a hit beyond or across the cut is
    out of range there, so it is dropped.
    """
    safe = sanitize(text if limit is None or text is None else text[:limit])
    content = Content(safe)
    for start, end in highlight_spans(safe, hits):
        content = content.stylize(style, start, end)
    return content


def field_content(
    mention: Mention, field: str, style: str = HIGHLIGHT_STYLE, limit: int | None = None
) -> Content:
    """One of the mention's offset fields (title, description, url, ...) highlighted."""
    return highlighted(mention.field_text(field), mention.keyword_hits(field), style, limit)
