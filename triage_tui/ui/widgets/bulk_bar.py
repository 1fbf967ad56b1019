"""A one-line progress bar for bulk curation, above the status line while PUTs go out.

Drawn with two glyphs (█ done, ░ waiting) and the counts in words, so it reads the same
in 16 colours and under NO_COLOR.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from triage_tui.core.bulk import BulkProgress


def bar_text(progress: BulkProgress, width: int) -> Content:
    counts = f" {progress.done}/{progress.total} sent"
    if progress.failed:
        counts += f" · {len(progress.failed)} refused"
    label = "Sending "
    room = max(10, width - len(label) - len(counts) - 4)
    filled = room * progress.done // progress.total if progress.total else room
    return Content.assemble(
        (label, "bold"),
        "▕",
        ("█" * filled, "$accent"),
        ("░" * (room - filled), "$text-muted"),
        "▏",
        (counts, "bold $text-error" if progress.failed else ""),
    )


class BulkBar(Static):
    DEFAULT_CSS = """
    BulkBar { height: 1; width: 1fr; padding: 0 1; background: $panel; display: none; }
    BulkBar.-active { display: block; }
    """

    progress: BulkProgress | None = None

    def show_progress(self, progress: BulkProgress | None) -> None:
        self.progress = progress
        self.set_class(progress is not None, "-active")
        self.refresh()

    def render(self) -> Content:
        if self.progress is None:
            return Content("")
        return bar_text(self.progress, self.content_region.width or self.size.width)
