"""What one write to the feed model did to its visible list: a `Delta`.

A view (the feed widget) applies it to its cursor, visual range and scroll position, so
it keeps its cursor on its mention and repaints only what moved.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Delta:
    """What one write did to the visible list. `removed` are indexes before the write;
    `inserted` and `changed` are indexes after it (all ascending). `reset`: the list is
    new (a view changed): place the cursor again by id."""

    size: int  # visible rows after the write
    inserted: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()
    changed: tuple[int, ...] = ()
    reset: bool = False

    def __bool__(self) -> bool:
        return bool(self.inserted or self.removed or self.changed or self.reset)

    @property
    def above(self) -> int:
        """Rows added at the very top."""
        count = 0
        for index in self.inserted:
            if index != count:
                break
            count += 1
        return count

    @property
    def appended(self) -> int:
        """Rows added at the very end."""
        count = 0
        for index in reversed(self.inserted):
            if index != self.size - 1 - count:
                break
            count += 1
        return count

    def shift(self, index: int) -> int:
        """Where the row at visible `index` before the write is after it; -1 if it left
        (or the list was reset)."""
        if self.reset:
            return -1
        gone = bisect_left(self.removed, index)
        if gone < len(self.removed) and self.removed[gone] == index:
            return -1
        index -= gone
        for place in self.inserted:  # ascending final places: each one before ours moves it
            if place > index:
                break
            index += 1
        return index
