"""Print the README's key table from the bindings themselves (so it is never stale).

uv run python scripts/keys_table.py
"""

from __future__ import annotations

from triage_tui.ui.bindings import APP_BINDINGS, SCREEN_BINDINGS
from triage_tui.ui.widgets.feed import MentionFeed

NAMES = {
    "question_mark": "?",
    "slash": "/",
    "exclamation_mark": "!",
    "plus": "+",
    "equals_sign": "=",
    "minus": "-",
    "escape": "Esc",
    "space": "Space",
    "tab": "Tab",
}


def keys(spec: str) -> str:
    return ", ".join(f"`{NAMES.get(k.strip(), k.strip())}`" for k in spec.split(","))


def main() -> None:
    print("| keys | action | binding id |")
    print("|---|---|---|")
    for binding in [*MentionFeed.BINDINGS, *SCREEN_BINDINGS, *APP_BINDINGS]:
        print(f"| {keys(binding.key)} | {binding.description} | `{binding.id}` |")


if __name__ == "__main__":
    main()
