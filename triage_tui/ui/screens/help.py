"""`?`: every key of the screen beneath, read from the live bindings (never out of date).

Remapped keys show as remapped, because this reads the same binding chain Textual uses to
dispatch keys, after the user's keymap was applied.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

GROUPS = {
    "app": "General",
    "curate": "Curation (selection or cursor)",
    "mention": "The mention under the cursor",
    "feed": "Moving and selecting",
    "alert": "Alert",
    "view": "Views",
}


def binding_rows(app: App[object]) -> list[tuple[str, str, str, str]]:
    """(group, binding id, keys, description) for the screen under any modal."""
    screen = app.screen_stack[-2] if isinstance(app.screen, ModalScreen) else app.screen
    rows: dict[str, tuple[str, str, str, str]] = {}
    for _node, bindings in screen._binding_chain:
        for key, items in bindings.key_to_bindings.items():
            for binding in items:
                if binding.id is None or binding.action == "command_palette":
                    continue
                group = GROUPS.get(binding.id.split(".")[0], "Other")
                display = app.get_key_display(Binding(key, binding.action))
                old = rows.get(binding.id)
                keys = f"{old[2]}, {display}" if old else display
                rows[binding.id] = (group, binding.id, keys, binding.description)
    order = list(GROUPS.values())
    return sorted(rows.values(), key=lambda r: order.index(r[0]) if r[0] in order else 99)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        lines: list[Content] = []
        group = None
        for name, binding_id, keys, description in binding_rows(self.app):
            if name != group:
                group = name
                lines += [Content(""), Content.styled(name, "bold $text-accent")]
            lines.append(
                Content.assemble(
                    (f"  {keys:<18}", "bold"), f"{description:<28}", (binding_id, "$text-muted")
                )
            )
        lines += [
            Content(""),
            Content.styled(
                "Remap any key in the config's [keymap] by its id. ctrl+p lists every action.",
                "$text-muted",
            ),
        ]
        with VerticalScroll():
            yield Static(Content("\n").join(lines[1:]))

    def action_close(self) -> None:
        self.dismiss(None)
