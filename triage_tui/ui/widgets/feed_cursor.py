"""Where the feed's cursor, visual range and selection are in the model's visible list,
and where each write of the model (a `Delta`) moves them: the cursor stays on its
mention, or is on the next one when its own leaves.

Plain arithmetic, no Textual, so it is tested without a screen: the widget (`MentionFeed`)
asks it where things are and does the repainting, scrolling and messages.
"""

from __future__ import annotations

from bisect import bisect_left

from triage_tui.core.columns import Predicate
from triage_tui.core.feed_delta import Delta
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.rows import FeedRow


class FeedCursor:
    def __init__(self, model: FeedModel) -> None:
        self.model = model  # whose visible list the indexes point into
        self.index = 0  # the cursor's line
        self.anchor: int | None = None  # visual range start (index)
        self.selection: set[int] = set()  # mention ids, shown or not

    @property
    def row(self) -> FeedRow | None:
        """The mention under the cursor (None in an empty view)."""
        visible = self.model.visible
        if 0 <= self.index < len(visible):
            return visible[self.index]
        return None

    def selected_ids(self) -> list[int]:
        """The selection in feed order (the cursor's mention when there is none)."""
        if self.selection:
            index = self.model.index
            shown = [(i, n) for n in self.selection if (i := index(n)) is not None]
            return [n for _, n in sorted(shown)]
        row = self.row
        return [row.id] if row else []

    # ---- another list -------------------------------------------------------------------

    def attach(self, model: FeedModel) -> None:
        """Point into `model` from now on; the selection keeps the mentions it holds. The
        cursor is placed again by the caller (`place`)."""
        self.model = model
        self.selection = {i for i in self.selection if i in model}

    def place(self, mention_id: int | None, fallback: int) -> None:
        """On `mention_id` if it shows, else on `fallback`, within the list."""
        index = fallback
        if mention_id is not None:
            found = self.model.index(mention_id)
            if found is not None:
                index = found
        self.index = max(0, min(index, len(self.model.visible) - 1))

    def place_near(self, current: FeedRow | None) -> None:
        """The list is new (a filter, an order): back on `current` if it shows, else on
        the nearest that does in the model's order (the next older, or the oldest)."""
        nearest = 0
        if current is not None:
            key = self.model.sort_key
            nearest = bisect_left(self.model.visible, key(current), key=key)
        self.place(current.id if current else None, nearest)

    # ---- deltas -------------------------------------------------------------------------

    def after_insert(self, delta: Delta) -> None:
        """Rows were placed: an arrival never moves the cursor off its mention."""
        self.index = delta.shift(self.index)
        if self.anchor is not None:
            self.anchor = delta.shift(self.anchor)

    def after_change(self, delta: Delta) -> None:
        """Rows entered or left the view. When the cursor's own row left, it stays at the
        same place, now the next mention (the last one at the end); the range start too."""
        last = max(0, delta.size - 1)
        moved = delta.shift(self.index)
        self.index = min(self.index if moved < 0 else moved, last)
        if self.anchor is not None:
            anchor = delta.shift(self.anchor)
            self.anchor = min(self.anchor if anchor < 0 else anchor, last)

    def keep_shown(self) -> None:
        """The selection drops the mentions that left the view."""
        index = self.model.index
        self.selection = {i for i in self.selection if index(i) is not None}

    def _after_release(self, delta: Delta, mention_id: int) -> None:
        """The row kept under the cursor (`FeedModel.kept`) left once the cursor moved off
        it: the cursor stays on its new mention, and the one that left is unselected."""
        self.index = delta.shift(self.index)
        if self.anchor is not None:
            self.anchor = max(0, delta.shift(self.anchor))
        self.selection.discard(mention_id)

    # ---- moves and selection ------------------------------------------------------------

    def move(self, index: int) -> tuple[int, bool]:
        """The cursor to `index` (within the list). The mention it left, when the model
        kept it for the cursor (`FeedModel.kept`), leaves now if it no longer matches.
        Returns where the line it left is now (-1: gone), and whether the list changed."""
        visible = self.model.visible
        left = visible[self.index].id if self.index < len(visible) else None
        old, self.index = self.index, index
        if left is None or not self.model.kept(left):
            return old, False
        delta = self.model.release(left)
        if not delta:
            return old, False
        self._after_release(delta, left)
        return delta.shift(old), True

    def next_matching(self, predicate: Predicate, *, forward: bool = True) -> int | None:
        """The index of the next mention (previous: `forward=False`) that matches."""
        step = 1 if forward else -1
        visible = self.model.visible
        index = self.index + step
        while 0 <= index < len(visible):
            if predicate(visible[index]):
                return index
            index += step
        return None

    def extend_range(self, index: int) -> bool:
        """With a visual range open, the mentions from its start to `index` join the
        selection. Whether one is open."""
        if self.anchor is None:
            return False
        low, high = sorted((self.anchor, index))
        self.selection |= set(self.model.visible_ids(low, high + 1))
        return True

    def toggle(self, mention_id: int) -> None:
        self.selection ^= {mention_id}

    def visual(self) -> None:
        """Open a visual range at the cursor (its mention selected), or close the one open."""
        if self.anchor is None:
            self.anchor = self.index
            row = self.row
            if row is not None:
                self.selection.add(row.id)
        else:
            self.anchor = None

    def clear(self) -> bool:
        """No range, nothing selected. Whether anything was selected."""
        self.anchor = None
        if self.selection:
            self.selection.clear()
            return True
        return False
