"""The feed's lines as drawn: a strip per mention line, cached by what the line shows
(the row's curated fields and version, the width, cursor and selection, the minute for
relative times), so a cursor move or a repaint draws only what changed."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from textual.cache import LRUCache
from textual.strip import Strip

from triage_tui.core.rows import FeedRow
from triage_tui.ui.widgets.feed_render import render_row

#: A component class's style (the widget's `get_component_rich_style`).
StyleOf = Callable[..., Style]


class FeedLines:
    def __init__(self, style_of: StyleOf, clock: Callable[[], float]) -> None:
        self._style_of = style_of
        self._clock = clock
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self.minute = 0  # relative times change by the minute (the widget ticks it)

    def clear(self) -> None:
        self._cache.clear()

    def cached(self, key: tuple[object, ...]) -> Strip | None:
        return self._cache.get(key)

    def draw(
        self,
        key: tuple[object, ...],
        row: FeedRow,
        width: int,
        base: Style,
        *,
        cursor: bool,
        selected: bool,
        time_field: str,
    ) -> Strip:
        """The line of `row`, drawn and kept under `key` (what `cached` found missing)."""
        style_of = self._style_of
        style = base
        if selected:
            style = style + style_of("feed--selected")
        if cursor:
            style = style + style_of("feed--cursor")
        strip = Strip(
            render_row(
                row,
                width,
                self._clock(),
                time_field=time_field,
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
