"""The `/` prompt: a query over the mentions held locally, with errors shown inline."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from triage_tui.core.rows import FeedRow
from triage_tui.ui.widgets.ordered_input import OrderedInput

if TYPE_CHECKING:
    from triage_tui.core.query import QueryNames

HELP = "Enter applies · Esc cancels · empty clears"
HINT = 'is:unread source:twitter tone:neg tag:urgent lang:fr folder:inbox "a phrase" -word'


class FilterBar(Vertical):
    """Hidden until `open()`; Enter applies, Escape cancels, an empty query clears."""

    DEFAULT_CSS = """
    FilterBar { height: auto; display: none; background: $panel; }
    FilterBar.-open { display: block; }
    /* :focus too: Input's own focused border would leave a 1-line input no room. */
    FilterBar > Input, FilterBar > Input:focus { border: none; height: 1; padding: 0 1; }
    FilterBar > #filter-help { height: 1; padding: 0 1; color: $text-muted; }
    FilterBar > #filter-help.-error { color: $text-error; text-style: bold; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="filter.cancel")]

    class Submitted(Message):
        def __init__(self, text: str, predicate: Callable[[FeedRow], bool] | None) -> None:
            super().__init__()
            self.text = text
            self.predicate = predicate

    class Cancelled(Message):
        pass

    def __init__(self, names: Callable[[], QueryNames], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._names = names  # the tag and alert names a query may use, as they are now

    async def open(self, text: str) -> None:
        if not self.children:
            # Built on first use: an Input on the first frame costs start-up time for a
            # prompt most sessions open later, if at all.
            await self.mount(
                OrderedInput(placeholder=HINT, id="filter-input", select_on_focus=False),
                Static(Content(HELP), id="filter-help"),
            )
        self.add_class("-open")
        field = self.query_one(Input)
        field.value = text
        # Focus now, not at the next turn of the queue (Widget.focus defers it): keys
        # typed right after `/` are already queued, and would reach the feed as commands.
        self.screen.set_focus(field)
        # The last query, selected: typing replaces it (a new filter), an arrow key or
        # End keeps it to edit. It used to take the typing on its end.
        field.select_all()
        self._hint(HELP, error=False)

    def _hint(self, text: str, *, error: bool) -> None:
        help_line = self.query_one("#filter-help", Static)
        help_line.update(Content(("✗ " if error else "") + text))
        help_line.set_class(error, "-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.remove_class("-open")
            self.post_message(self.Submitted("", None))
            return
        # The query language loads when a query is first submitted, not before the
        # first frame.
        from triage_tui.core.query import QueryError, parse_query

        try:
            query = parse_query(text, self._names())
        except QueryError as error:
            self._hint(str(error), error=True)  # the text stays for fixing
            return
        self.remove_class("-open")
        self.post_message(self.Submitted(text, query.matches))

    def action_cancel(self) -> None:
        self.remove_class("-open")
        self.post_message(self.Cancelled())
