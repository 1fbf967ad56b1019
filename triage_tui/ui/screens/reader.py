"""A full screen of text scrolled by keys: the base of the pager and the message log."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Static


class ReaderBody(VerticalScroll):
    """The scrolled text; the screen's keys scroll it (it takes no focus, so Textual's
    own scrolling keys do not shadow the remappable ones)."""

    can_focus = False


class ReaderScreen(Screen[None]):
    """A full screen of text: a heading, the body, a message line, the footer. Shared by
    the pager and the message log (their scrolling keys: `READER_BINDINGS`)."""

    DEFAULT_CSS = """
    ReaderScreen #reader-head { height: 1; width: 1fr; padding: 0 1; background: $panel; }
    ReaderScreen ReaderBody { height: 1fr; }
    ReaderScreen #reader-body { width: 1fr; padding: 0 2; }
    ReaderScreen #reader-said {
        height: 1; width: 1fr; padding: 0 1; background: $panel; display: none;
    }
    ReaderScreen #reader-said.-said { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="reader-head")
        with ReaderBody():
            yield Static(Content(""), id="reader-body")
        yield Static(Content(""), id="reader-said")
        yield Footer()

    @property
    def body(self) -> ReaderBody:
        return self.query_one(ReaderBody)

    def _part(self, selector: str) -> Static | None:
        """One of the screen's lines; None once its widgets are gone (the app closing
        while an answer from the service still redraws the mention shown here)."""
        try:
            return self.query_one(selector, Static)
        except NoMatches:
            return None

    def set_head(self, content: Content) -> None:
        if (head := self._part("#reader-head")) is not None:
            head.update(content)

    def say(self, content: Content | None) -> None:
        """A line above the footer (the pager's messages); None hides it."""
        if (line := self._part("#reader-said")) is not None:
            line.update(content or Content(""))
            line.set_class(content is not None, "-said")

    def set_body(self, content: Content) -> None:
        if (body := self._part("#reader-body")) is not None:
            body.update(content)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.body.scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        height = max(1, self.body.scrollable_content_region.height - 1)
        self.body.scroll_relative(y=direction * height, animate=False)

    def action_half_page(self, direction: int) -> None:
        height = max(1, self.body.scrollable_content_region.height // 2)
        self.body.scroll_relative(y=direction * height, animate=False)

    def action_top(self) -> None:
        self.body.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.body.scroll_end(animate=False)
