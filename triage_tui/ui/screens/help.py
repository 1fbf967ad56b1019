"""`?`: every key of the screen beneath, read from the live bindings (never out of date).

Only the app's own keys: those Textual's classes bring along (a scroll view's "Scroll
Left", the screen's "Copy selected text") are left out (ui/key_docs.py).

The rows come from `Screen.active_bindings`, the same data Textual dispatches keys with,
after the user's keymap was applied: remapped keys show as remapped, a key shadowed by a
nearer widget shows only where it works, and actions the screen hides (`check_action`
False) are left out. Bindings with `show=False` are listed too; keys that are disabled
right now (`check_action` None) are marked.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from triage_tui.ui.key_docs import is_textual_internal

#: Group titles by the binding id's prefix ("curate.read" -> "curate"), in display order.
GROUPS = {
    "app": "General",
    "curate": "Curation (selection or cursor)",
    "mention": "The mention under the cursor",
    "feed": "Moving and selecting",
    "detail": "The detail pane (Tab to it)",
    "alert": "Alert",
    "view": "Views",
    "pager": "Reading full screen",
}


@dataclass
class HelpRow:
    group: str
    binding_id: str
    keys: list[str]
    description: str
    enabled: bool


def _group(binding: Binding, node: DOMNode) -> str:
    """By the id's prefix when known, else by where the binding comes from."""
    prefix = (binding.id or "").split(".")[0]
    if prefix in GROUPS:
        return GROUPS[prefix]
    if isinstance(node, App):
        return GROUPS["app"]
    if isinstance(node, Screen):
        return "Screen"
    return type(node).__name__


def described_screen(app: App[object]) -> Screen[object]:
    """The screen the help is about: the top one that is not the help itself."""
    for screen in reversed(app.screen_stack):
        if not isinstance(screen, HelpScreen):
            return screen
    return app.screen


def help_rows(app: App[object]) -> list[HelpRow]:
    rows: dict[tuple[object, ...], HelpRow] = {}
    for active in described_screen(app).active_bindings.values():
        binding = active.binding
        if is_textual_internal(binding, active.node):  # not the app's keys
            continue
        ident = (binding.id,) if binding.id else (id(active.node), binding.action)
        display = app.get_key_display(binding)
        row = rows.get(ident)
        if row is None:
            description = binding.description or binding.action.replace("_", " ")
            row = HelpRow(
                _group(binding, active.node), binding.id or "", [], description, active.enabled
            )
            rows[ident] = row
        if display not in row.keys:
            row.keys.append(display)
    order = list(GROUPS.values())
    seen: list[str] = []
    for row in rows.values():
        if row.group not in order and row.group not in seen:
            seen.append(row.group)
    order += seen
    return sorted(rows.values(), key=lambda r: order.index(r.group))  # stable: chain order


def binding_rows(app: App[object]) -> list[tuple[str, str, str, str]]:
    """(group, binding id, keys, description) for the screen the help describes.

    The binding id is "" for a binding without one (e.g. a stock widget's). Used by the
    help screen and by the README's key table generator; needs a running app.
    """
    return [(r.group, r.binding_id, ", ".join(r.keys), r.description) for r in help_rows(app)]


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        Binding("j", "scroll(1)", "Down", id="help.down", show=False),
        Binding("k", "scroll(-1)", "Up", id="help.up", show=False),
    ]

    def compose(self) -> ComposeResult:
        lines: list[Content] = []
        group = None
        for row in help_rows(self.app):
            if row.group != group:
                group = row.group
                lines += [Content(""), Content.styled(group, "bold $text-accent")]
            description = row.description + ("" if row.enabled else " (not now)")
            line = Content.assemble(
                (f"  {', '.join(row.keys):<18}", "bold"),
                f"{description:<30}",
                (row.binding_id, "$text-muted"),
            )
            lines.append(line if row.enabled else line.stylize("dim"))
        lines += [
            Content(""),
            Content.styled(
                "Remap any key in the config's [keymap] by its id. ctrl+p lists every action.",
                "$text-muted",
            ),
        ]
        with VerticalScroll():
            yield Static(Content("Keys · Esc, q or ? closes"), id="help-title")
            yield Static(Content("\n").join(lines))

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # arrows, PgUp/PgDn, j/k scroll

    def action_scroll(self, lines: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
