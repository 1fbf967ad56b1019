"""Print the README's key table from the bindings themselves (so it is never stale).

uv run python scripts/keys_table.py
"""

from __future__ import annotations

from triage_tui.ui.bindings import (
    APP_BINDINGS,
    MESSAGE_LOG_BINDINGS,
    PAGER_BINDINGS,
    SCREEN_BINDINGS,
)
from triage_tui.ui.widgets.detail import DetailPane
from triage_tui.ui.widgets.feed import MentionFeed

NAMES = {
    "question_mark": "?",
    "slash": "/",
    "exclamation_mark": "!",
    "full_stop": ".",
    "plus": "+",
    "equals_sign": "=",
    "minus": "-",
    "escape": "Esc",
    "space": "Space",
    "tab": "Tab",
    "enter": "Enter",
    "shift+tab": "Shift+Tab",
}


def keys(spec: str) -> str:
    return ", ".join(f"`{NAMES.get(k.strip(), k.strip())}`" for k in spec.split(","))


def main() -> None:
    print("| keys | action | binding id |")
    print("|---|---|---|")
    # The pager shares the main screen's curation keys (same ids): each id once.
    seen: set[str | None] = set()
    every = [*MentionFeed.BINDINGS, *SCREEN_BINDINGS, *DetailPane.BINDINGS, *APP_BINDINGS]
    for binding in [*every, *PAGER_BINDINGS, *MESSAGE_LOG_BINDINGS]:
        if binding.id in seen:
            continue
        seen.add(binding.id)
        print(f"| {keys(binding.key)} | {binding.description} | `{binding.id}` |")


if __name__ == "__main__":
    main()
