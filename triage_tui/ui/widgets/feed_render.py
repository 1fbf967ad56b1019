"""One `FeedRow` -> one line of segments. Pure: no widget state, easy to cache and test.

Every part carries its meaning in a glyph or a word as well as in style, so the feed reads
in 16 colours, with NO_COLOR, and for colour-blind users.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from triage_tui.core.rows import FeedRow
from triage_tui.ui.timefmt import short_age

SOURCE_LABEL = {
    "web": "web",
    "news": "news",
    "blogs": "blog",
    "forums": "forum",
    "videos": "video",
    "twitter": "twit",
    "facebook": "fb",
    "images": "insta",
    "instagram": "insta",
}
TONE_GLYPH = {1: "▲", -1: "▼"}


def fit(text: str, width: int) -> str:
    """Cut to `width` cells with an ellipsis, padded to exactly `width`."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out, used = [], 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out) + "…" + " " * (width - 1 - used)


def render_row(
    row: FeedRow,
    width: int,
    now: float,
    *,
    base: Style,
    unread: Style,
    muted: Style,
    negative: Style,
    positive: Style,
    selected: bool,
    time_field: str = "published_ns",
) -> list[Segment]:
    """The row's line; its time is `time_field`'s (the feed's order: published or found)."""
    mark = "✓" if selected else " "
    dot = "●" if not row.read else " "
    star = "★" if row.favorite else " "
    tone = TONE_GLYPH.get(row.tone, "·")
    source = SOURCE_LABEL.get(row.source_type, row.source_type[:5])
    right = []
    if row.tag_count:
        right.append(f"#{row.tag_count}")
    if row.children_count:
        right.append(f"↳{row.children_count}")
    right.append(short_age(getattr(row, time_field), now))
    tail = " ".join(right)
    who_width = 16 if width >= 100 else 12 if width >= 70 else 8
    fixed = 1 + 1 + 1 + 1 + 1 + 1 + 6 + who_width + 1 + 1 + len(tail) + 1
    title_width = max(0, width - fixed)
    text_style = base + unread if not row.read else base
    tone_style = base + (negative if row.tone < 0 else positive if row.tone > 0 else muted)
    segments = [
        Segment(mark, base),
        Segment(dot, text_style),
        Segment(star, text_style),
        Segment(tone, tone_style),
        Segment("  ", base),
        Segment(fit(source, 6), base + muted),
        Segment(fit(row.who, who_width), text_style),
        Segment(" ", base),
        Segment(fit(row.title, title_width), text_style),
        Segment(" ", base),
        Segment(tail, base + muted),
        Segment(" ", base),
    ]
    used = sum(cell_len(s.text) for s in segments)
    if used < width:
        segments.append(Segment(" " * (width - used), base))
    return segments
