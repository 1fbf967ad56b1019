"""Where the feed's view starts (the index of its top row) after rows moved: arithmetic
without a screen, so that nothing that arrives or changes takes the cursor's row off it.

`line` is the cursor's line on the screen before the rows moved (its index less the
top then); `index` its index after; `height` the rows the view shows.
"""

from __future__ import annotations

from triage_tui.core.feed_delta import Delta


def keeping_line(top: int, height: int, index: int, line: int) -> int:
    """`top` if the view starting there shows the cursor; else, if the cursor was on the
    screen before, the top that puts it back on its `line`."""
    if top <= index < top + height or not 0 <= line < height:
        return top
    return max(0, index - line)


def top_after_insert(
    top: int, height: int, index: int, line: int, delta: Delta, before: int
) -> int:
    """The top once `delta`'s new rows are placed (`before`: the rows shown until then).
    At the top with the cursor still on screen, new rows show there (a live feed);
    otherwise the view stays still (rows landing above it wait there), and if rows
    landing inside it push the cursor below it, the cursor keeps its line."""
    if top == 0 and index < height:
        return 0
    still = delta.shift(top) if top < before else top + len(delta.inserted)
    return keeping_line(max(0, still), height, index, line)
