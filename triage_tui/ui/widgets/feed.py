"""The feed: one line per mention on Textual's Line API, instant at 100,000 mentions.

Like Toolong's log view, it is one `ScrollView` (`LineView`, ui/widgets/line_view.py)
that renders only the lines on screen (`render_line`), from a list of compact `FeedRow`s,
with an LRU cache of rendered strips (`FeedLines`, ui/widgets/feed_lines.py).
The rows, their order and the filter are the Session's `FeedModel` (core/feed_model.py),
the one owner of the rows. The widget is a view of it: it asks the model to place what
changed (`show_new`, `show_changes`), has its `FeedCursor` (ui/widgets/feed_cursor.py)
move the cursor, range and selection over each delta, keeps the scroll, and never sorts
or searches a list. A cursor move repaints two lines.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import TypeAlias

from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip

from triage_tui.api.log import get_logger
from triage_tui.core.columns import Predicate
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.feed_order import ORDER_TIME
from triage_tui.core.rows import FeedRow
from triage_tui.ui.bindings import FEED_BINDINGS
from triage_tui.ui.widgets import feed_messages
from triage_tui.ui.widgets.feed_cursor import FeedCursor
from triage_tui.ui.widgets.feed_lines import FeedLines
from triage_tui.ui.widgets.feed_scroll import keeping_line, top_after_insert
from triage_tui.ui.widgets.line_view import LineView

#: How often the feed notes what is on screen; a row there at two notes in a row is seen.
SEEN_CHECK = 0.5


log = get_logger("feed")


class MentionFeed(LineView, can_focus=True):
    BINDINGS = [*FEED_BINDINGS]  # (a list display: typed as Widget.BINDINGS)

    COMPONENT_CLASSES = {
        "feed--cursor",
        "feed--unread",
        "feed--muted",
        "feed--negative",
        "feed--positive",
        "feed--selected",
        "feed--empty",
    }

    DEFAULT_CSS = """
    MentionFeed { background: $surface; overflow-x: hidden; }
    MentionFeed > .feed--cursor { background: $block-cursor-blurred-background; }
    MentionFeed:focus > .feed--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    MentionFeed > .feed--unread { text-style: bold; }
    MentionFeed > .feed--muted { color: $text-muted; }
    MentionFeed > .feed--negative { color: $text-error; }
    MentionFeed > .feed--positive { color: $text-success; }
    MentionFeed > .feed--selected { background: $boost; text-style: bold; }
    MentionFeed > .feed--empty { color: $text-muted; }
    """

    # What it tells the screen (ui/widgets/feed_messages.py), named as handlers use them.
    CursorMoved: TypeAlias = feed_messages.CursorMoved
    NewAbove: TypeAlias = feed_messages.NewAbove
    SelectionChanged: TypeAlias = feed_messages.SelectionChanged
    NearEnd: TypeAlias = feed_messages.NearEnd

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.clock = clock
        # The cursor, visual range and selection, in the Session's model once attached
        # (`attach`); until then in an empty one holding the view's filter. Its visible
        # list changes only when this widget asks for it.
        self._pos = FeedCursor(FeedModel(deferred=True))
        self.new_above = 0
        # Until the user presses a key (any: the main screen's on_key sets it) or clicks,
        # the cursor follows the newest mention (follow_top); never after.
        self.user_moved = False
        # The drawn lines; their time column shows the time the feed is ordered by.
        self._lines = FeedLines(
            self.get_component_rich_style,
            lambda: self.rich_style,
            self.clock,
            ORDER_TIME[self._pos.model.order],
        )
        # "Seen": on screen at two checks in a row (SEEN_CHECK apart), so a row that only
        # flashed by (start-up, fast paging) does not count.
        self.seen: set[int] = set()
        self._on_screen: set[int] = set()

    # ---- queries ------------------------------------------------------------------------

    @property
    def _visible(self) -> Sequence[FeedRow]:
        return self._pos.model.visible

    @property
    def cursor_index(self) -> int:
        return self._pos.index

    @property
    def selected_row(self) -> FeedRow | None:
        return self._pos.row

    @property
    def selection(self) -> set[int]:
        """The ids selected (shown or not: `selected_ids` has those shown)."""
        return self._pos.selection

    @selection.setter
    def selection(self, ids: set[int]) -> None:
        self._pos.selection = ids

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    @property
    def total_count(self) -> int:
        return self.model.total

    def visible_rows(self) -> list[FeedRow]:
        return list(self._visible)

    def on_screen(self) -> list[int]:
        """The mentions on screen now."""
        top = self.scroll_offset.y
        return [r.id for r in self._visible[top : top + self.size.height]]

    def note_seen(self) -> None:
        """Called every SEEN_CHECK seconds: what stayed on screen since the last call."""
        top = self.scroll_offset.y
        now = {r.id for r in self._visible[top : top + self.size.height]}
        self.seen |= now & self._on_screen
        self._on_screen = now

    def near_end(self) -> bool:
        """Whether the cursor or the bottom of the view is within a screen of the last
        row shown (an empty or short view is)."""
        height = max(1, self.size.height)
        bottom = max(self._pos.index, self.scroll_offset.y + height - 1)
        return len(self._visible) - 1 - bottom < height

    def unread_count(self) -> int:
        return self.model.unread_visible

    def row_by_id(self, mention_id: int) -> FeedRow | None:
        """The row held for a mention (shown or not: see `shows`)."""
        return self.model.row(mention_id)

    def shows(self, mention_id: int) -> bool:
        """Whether the mention is in the visible list now."""
        return self.model.index(mention_id) is not None

    def selected_ids(self) -> list[int]:
        """The selection in feed order (the cursor's mention when there is none)."""
        return self._pos.selected_ids()

    # ---- changes ----------------------------------------------------------------------

    def _reset_view(self) -> None:
        """The visible list is new: size and strips follow."""
        self.fit_rows(len(self._visible))
        self._lines.clear()

    @property
    def model(self) -> FeedModel:
        return self._pos.model

    def attach(self, model: FeedModel) -> None:
        """Show `model` (the Session's) from now on, with this view's filter. The model is
        deferred: its visible list changes only when this widget asks (`show_new`,
        `show_changes`), on the event loop, so nothing moves between two frames."""
        current = self.selected_row
        model.defer()
        model.set_order(self.model.order)  # the order chosen before (a start's resume)
        model.set_view(self.model.predicate)
        self._pos.attach(model)
        self._reset_view()
        self._pos.place(current.id if current else None, self._pos.index)
        self._forget_new_above()
        self.refresh()
        self._moved()

    def set_rows(self, rows: Iterable[FeedRow]) -> None:
        """A model of its own holding `rows` (the benchmark and tests drive a lone feed)."""
        model = FeedModel(deferred=True)  # placed once, by the view `attach` sets
        model.insert(rows)
        self.attach(model)

    def index_titles(self) -> None:
        """Index the titles that arrived, for the filter's bare word (core/title_index.py),
        in a thread: ~1 s for a million, and a filter meanwhile reads the titles not
        indexed yet."""
        self.run_worker(self._index_titles, thread=True, group="title-index", exit_on_error=False)

    def _index_titles(self) -> None:
        try:
            self.model.index_titles()
        except Exception:  # a bug: said in the log; the filter still reads every title
            log.exception("indexing the titles failed")

    def show_new(self) -> Sequence[FeedRow]:
        """The rows the model took since the last call, placed: the cursor stays on its
        mention, and rows landing above the view wait there, counted in "↑ N new".
        Returns them, newest first."""
        before = self.model.visible_count
        delta, rows = self.model.show_new()
        if not delta.inserted:
            return rows
        self.fit_rows(len(self._visible))
        if not before:  # the first rows: the cursor starts on top
            self._pos.index = 0
            self._moved()
            self.refresh()
            return rows
        # An arrival never moves the cursor off its mention (nor the detail with it),
        # nor that mention off the screen.
        line = self._pos.index - self.scroll_offset.y  # the cursor's line on screen
        self._pos.after_insert(delta)
        top = top_after_insert(
            self.scroll_offset.y, self.size.height, self._pos.index, line, delta, before
        )
        self._scroll_top(top)
        above = bisect_left(delta.inserted, top)  # new rows that wait above the view
        if above:
            self.new_above += above
            self.post_message(self.NewAbove(self.new_above))
        self.refresh()
        return rows

    def show_changes(self, *, keep_cursor: bool = False) -> None:
        """The rows the model changed since the last call: a line repainted, or a row
        entering or leaving the view with the cursor kept on its mention (on the next one
        when its own leaves). O(log n) per row, wherever it is. `keep_cursor`: changes
        the user did not make (the service's, a teammate's) never take the mention from
        under the cursor: it stays, changed, until the cursor leaves it."""
        current = self.selected_row  # before the model moves rows: its own may leave
        keep = current.id if keep_cursor and current is not None else None
        line = self._pos.index - self.scroll_offset.y  # the cursor's line on screen
        deltas = self.model.show_changes(keep)
        if not deltas:
            return
        reset = False
        for delta in deltas:
            if delta.changed and not (delta.inserted or delta.removed):
                for index in delta.changed:
                    self.refresh_line(index)
                continue
            reset = True
            self._pos.after_change(delta)
        if not reset:
            return
        self._pos.keep_shown()
        self._reset_view()
        self._scroll_top(
            keeping_line(self.scroll_offset.y, self.size.height, self._pos.index, line)
        )
        self.refresh()
        if self.selected_row is not current:
            self._moved()

    def _scroll_top(self, top: int) -> None:
        if top != self.scroll_offset.y:
            self.scroll_to(y=top, animate=False, immediate=True)

    def set_filter(self, predicate: Predicate | None) -> None:
        """A new view: the cursor stays on its mention if it still shows, else goes to
        the nearest that does (the next older, or the oldest), and is scrolled into view
        either way: a key must never act on a mention off screen."""
        current = self.selected_row
        self.model.set_view(predicate)
        self._after_reset(current)

    @property
    def order(self) -> str:
        """The time the feed is ordered by (and its time column shows): "published" or
        "found"."""
        return self.model.order

    def set_order(self, order: str) -> None:
        """Order the feed by another time: the cursor stays on its mention (it still
        shows: only the order changed), scrolled into view; the time column follows."""
        current = self.selected_row
        if not self.model.set_order(order):
            return
        self._lines.time_field = ORDER_TIME[order]
        self._after_reset(current)

    def _after_reset(self, current: FeedRow | None) -> None:
        """The visible list is new: the cursor back on `current` if it shows, else on the
        nearest that does (in the model's order), scrolled into view."""
        self._reset_view()
        self._pos.place_near(current)
        self._forget_new_above()  # a list made anew has no rows waiting above its view
        self.refresh()
        self._moved()
        if self._visible:
            self.scroll_to_region(Region(0, self._pos.index, 1, 1), animate=False, immediate=True)

    def jump_to_id(self, mention_id: int) -> bool:
        index = self.model.index(mention_id)
        if index is None:
            return False
        self._move_to(index)
        return True

    def move_to_next(self, predicate: Predicate, *, forward: bool = True) -> bool:
        index = self._pos.next_matching(predicate, forward=forward)
        if index is None:
            return False
        self._move_to(index)
        return True

    # ---- cursor -------------------------------------------------------------------------

    def _moved(self) -> None:
        if self._pos.index == 0:
            self._forget_new_above()
        self.post_message(self.CursorMoved(self.selected_row))
        if self.near_end():
            self.post_message(self.NearEnd())

    def _forget_new_above(self) -> None:
        if self.new_above:
            self.new_above = 0
            self.post_message(self.NewAbove(0))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        top = round(new_value)
        if top > round(old_value) and self.near_end():  # scrolled down to it
            self.post_message(self.NearEnd())
        if self.new_above > top:  # scrolled up onto some: fewer wait above the view
            self.new_above = top
            self.post_message(self.NewAbove(top))

    def follow_top(self) -> None:
        """Back to the newest mention, unless the user has pressed a key: at start-up
        the replay pushes the first rows down, and nobody has chosen one yet."""
        if self.user_moved or not self._visible:
            return
        if self._pos.index or self.scroll_offset.y or self.new_above:
            self._pos.index = 0
            self.scroll_to(y=0, animate=False, immediate=True)
            self.refresh()
            self._moved()

    def _move_to(self, index: int) -> None:
        self.user_moved = True
        if not self._visible:
            self.post_message(self.NearEnd())  # nothing to move over: a view may load some
            return
        index = max(0, min(index, len(self._visible) - 1))
        pos = self._pos
        if index == pos.index:
            if self.near_end():  # pressed against the end: asked again (after a failure)
                self.post_message(self.NearEnd())
            return
        old, released = pos.move(index)
        if released:  # the mention it left is gone: the lines below it moved up
            self._reset_view()
            self.refresh()
        if pos.extend_range(index):
            self.post_message(self.SelectionChanged(len(pos.selection)))
            self.refresh()
        else:
            self.refresh_line(old)
            self.refresh_line(index)
        self.scroll_to_region(Region(0, index, 1, 1), animate=False, immediate=True)
        self._moved()

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the mention clicked (the wheel only scrolls)."""
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self._visible):
            self._move_to(index)

    def action_cursor_down(self) -> None:
        self._move_to(self._pos.index + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self._pos.index - 1)

    def action_top(self) -> None:
        self._move_to(0)

    def action_bottom(self) -> None:
        self._move_to(len(self._visible) - 1)

    def action_half_down(self) -> None:
        self._move_to(self._pos.index + max(1, self.size.height // 2))

    def action_half_up(self) -> None:
        self._move_to(self._pos.index - max(1, self.size.height // 2))

    def action_page_down(self) -> None:
        self._move_to(self._pos.index + max(1, self.size.height - 1))

    def action_page_up(self) -> None:
        self._move_to(self._pos.index - max(1, self.size.height - 1))

    def action_toggle_select(self) -> None:
        row = self.selected_row
        if row is None:
            return
        self._pos.toggle(row.id)
        self.refresh_line(self._pos.index)
        self.post_message(self.SelectionChanged(len(self._pos.selection)))
        self._move_to(self._pos.index + 1)

    def action_visual(self) -> None:
        self._pos.visual()
        self.refresh()
        self.post_message(self.SelectionChanged(len(self._pos.selection)))

    def clear_selection(self) -> None:
        if self._pos.clear():
            self.refresh()
            self.post_message(self.SelectionChanged(0))

    def action_clear_selection(self) -> None:
        self.clear_selection()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape clears a selection when there is one; otherwise it falls through to the
        # app (which clears the filter).
        if action == "clear_selection":
            return bool(self._pos.selection) or self._pos.anchor is not None
        return True

    # ---- rendering ----------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.line_width, len(self._visible))
        self._lines.clear()
        # Made smaller (the detail shown, the terminal resized): the cursor's row stays
        # on the screen, the least scroll that keeps it there.
        if self._visible:
            top, index = self.scroll_offset.y, self._pos.index
            if not top <= index < top + self.size.height:
                self.scroll_to_region(Region(0, index, 1, 1), animate=False, immediate=True)

    def on_mount(self) -> None:
        self._lines.minute = int(self.clock() // 60)
        self.set_interval(15, self._tick)
        self.set_interval(SEEN_CHECK, self.note_seen)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def render_line(self, y: int) -> Strip:
        top, width = self.frame()
        index = y + top
        visible = self._visible
        if index < len(visible):
            row = visible[index]
            pos = self._pos
            return self._lines.line(
                row, width, cursor=index == pos.index, selected=row.id in pos.selection
            )
        return self._lines.blank(width, empty=not visible and y == 0)

    def _tick(self) -> None:
        """Relative times change by the minute: drop the strips once a minute."""
        minute = int(self.clock() // 60)
        if minute != self._lines.minute:
            self._lines.minute = minute
            self.refresh()

    def on_focus(self) -> None:
        self._lines.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._lines.clear()
        self.refresh()
