"""A `ScrollView` for Textual's Line API at 100,000 lines: what every line of a frame
shares (the first line shown, the width) is read once per frame, and the scrollable
height follows the line count without a layout of the screen.

Generic (no mentions here): the feed (`MentionFeed`) is one, drawing its rows with it.
It reads a few of Textual's reactives by their stored values; Textual is pinned, and
tests/ui/test_feed_frame.py fails if these stop agreeing with the reactives.
"""

from __future__ import annotations

from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineView(ScrollView):
    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._width_key: object = None
        self._frame: tuple[int, int] | None = None  # (scroll y, width) while drawing
        self._width_value = 0

    def frame(self) -> tuple[int, int]:
        """The first line shown and the width, for `render_line`: read once per frame."""
        return self._frame or self._frame_now()

    def fit_rows(self, count: int) -> None:
        """The scrollable height follows the `count` lines, without a layout of the screen.

        Assigning `virtual_size` lays out every widget (the reactive has layout=True), ~8 ms
        each time rows arrive in a burst. The view's own size does not depend on its lines
        (it is sized by its container), so only the scrollbar needs the news; when the
        scrollbar appears or goes, its own reactive asks for the layout. Textual's
        `_size_updated(layout=False)` does the same; Textual is pinned."""
        size = Size(self.size.width, count)
        if size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, size)
            self._scroll_update(size)

    def refresh_line(self, index: int) -> None:
        """Repaint line `index` if it is on screen.

        A line off screen needs no repaint (a strip cache keyed by what the line shows
        draws it afresh when it comes), and asking Textual for one costs ~9 us: marking an
        alert read asks for thousands."""
        y = index - self.scroll_offset.y
        height = self.size.height
        if 0 <= y < height:
            self.refresh(Region(0, y, self.size.width, 1))

    @property
    def line_width(self) -> int:
        """The width a line is drawn at (without the scrollbar), kept between changes."""
        return self._width

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._width_key = None  # padding or scrollbar size may have changed

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of this frame shares, read once (reactive reads cost ~1.5 us
        # each, and a frame draws 40 lines): the scroll position and the width.
        self._frame = (round(self.scroll_y), self._width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _frame_now(self) -> tuple[int, int]:
        """The first line shown and the width, as `render_lines` would read them. The
        reactives' stored values are read directly: `Reactive.__get__` checks first that
        the reactive is set up (~1.5 us, three times per line drawn)."""
        return round(getattr(self, "_reactive_scroll_y", 0.0)), self._width

    @property
    def _width(self) -> int:
        # Asked once per line drawn, and Textual computes it from scratch each time (most
        # of the cost of a cursor move): kept until the size or a scrollbar changes (the
        # vertical one comes and goes without a resize).
        key = (
            self._size,
            getattr(self, "_reactive_show_vertical_scrollbar", False),
            getattr(self, "_reactive_show_horizontal_scrollbar", False),
        )
        if key != self._width_key:
            self._width_key = key
            self._width_value = self.scrollable_content_region.width
        return self._width_value
