"""The feed's lines as drawn: a strip per mention line, cached by what the line shows
(the row's curated fields and version, the width, cursor and selection, the time field
and the minute for relative times), so a cursor move or a repaint draws only what changed."""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.strip import Strip

from triage_tui.core.rows import FeedRow
from triage_tui.ui.widgets.feed_render import render_row

#: A component class's style (the widget's `get_component_rich_style`).
StyleOf = Callable[..., Style]


class FeedLines:
    def __init__(
        self,
        style_of: StyleOf,
        base_of: Callable[[], Style],
        clock: Callable[[], float],
        time_field: str,
    ) -> None:
        self._style_of = style_of
        self._base_of = base_of  # the widget's own style, read only when a line is drawn
        self._clock = clock
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self.minute = 0  # relative times change by the minute (the widget ticks it)
        self.time_field = time_field  # the row field the time column shows (the order's)

    def clear(self) -> None:
        self._cache.clear()

    def line(self, row: FeedRow, width: int, *, cursor: bool, selected: bool) -> Strip:
        """The line of `row`: the one kept for what it shows, else drawn and kept."""
        key = (
            row.id,
            self.time_field,
            row.version,
            row.read,
            row.favorite,
            row.tone,
            row.folder,
            width,
            cursor,
            selected,
            self.minute,
        )
        strip = self._cache.get(key)  # the common case: nothing to compute
        if strip is not None:
            return strip
        return self._draw(key, row, width, cursor=cursor, selected=selected)

    def blank(self, width: int, *, empty: bool) -> Strip:
        """A line below the last row; `empty`: the first line of an empty view, which says so."""
        base = self._base_of()
        if empty:
            style = base + self._style_of("feed--empty")
            return Strip([Segment("  No mentions here", style)]).extend_cell_length(width, base)
        return Strip.blank(width, base)

    def _draw(
        self, key: tuple[object, ...], row: FeedRow, width: int, *, cursor: bool, selected: bool
    ) -> Strip:
        style_of = self._style_of
        style = self._base_of()
        if selected:
            style = style + style_of("feed--selected")
        if cursor:
            style = style + style_of("feed--cursor")
        strip = Strip(
            render_row(
                row,
                width,
                self._clock(),
                time_field=self.time_field,
                base=style,
                unread=style_of("feed--unread", partial=True),
                muted=style_of("feed--muted", partial=True),
                negative=style_of("feed--negative", partial=True),
                positive=style_of("feed--positive", partial=True),
                selected=selected,
            )
        ).crop(0, width)
        self._cache[key] = strip
        return strip
