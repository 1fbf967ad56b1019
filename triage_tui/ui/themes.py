"""The themes the app can draw with, checked before it starts (Textual raises on an
unknown one from inside the app, as a traceback)."""

from __future__ import annotations


def theme_names() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    return sorted(BUILTIN_THEMES)


def theme_problem(name: str) -> str | None:
    """One line saying what is wrong with `name` and what would do, or None if it is fine."""
    names = theme_names()
    if name in names:
        return None
    return f"unknown theme {name!r}: use one of {', '.join(names)}"
