"""Pick a folder from the service's app data (spam shows as its name, "Irrelevant").

`FolderPicker(folders, current)` dismisses with the chosen folder's code, or None when
cancelled. Hidden folders are left out; the current one is marked with ●.
Keys: j/k or arrows move, Enter picks, 1-9 pick directly, Escape or q cancel.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from triage_tui.api.models import Folder
from triage_tui.core.sanitize import one_line

SHORTCUTS = "123456789"


class FolderPicker(ModalScreen[str | None]):
    DEFAULT_CSS = """
    FolderPicker { align: center middle; }
    FolderPicker > Vertical {
        width: 44; max-width: 95%; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    FolderPicker .title { text-style: bold; }
    FolderPicker OptionList { height: auto; max-height: 16; border: none; }
    FolderPicker #hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="picker.cancel"),
        Binding("j", "down", "Down", id="picker.down", show=False),
        Binding("k", "up", "Up", id="picker.up", show=False),
    ]

    def __init__(self, folders: list[Folder], current: str) -> None:
        super().__init__()
        self.folders = [f for f in folders if not f.hidden]
        self.current = current

    def compose(self) -> ComposeResult:
        options = []
        for n, folder in enumerate(self.folders, 1):
            key = str(n) if n <= len(SHORTCUTS) else " "
            mark = "●" if folder.code == self.current else " "
            label = Content(f"{key} {mark} {one_line(folder.name)}")
            options.append(Option(label, id=folder.code))
        with Vertical():
            yield Static(Content("Move to folder"), classes="title")
            yield OptionList(*options)
            yield Static(Content("Enter/1-9 move · Esc cancel · ● now"), id="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        codes = [f.code for f in self.folders]
        options.highlighted = codes.index(self.current) if self.current in codes else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_key(self, event: events.Key) -> None:
        # Only ASCII 1-9: other "digits" (², ٣) would not map to a row.
        if event.character and event.character in SHORTCUTS:
            index = SHORTCUTS.index(event.character)
            if index < len(self.folders):
                event.stop()
                event.prevent_default()
                self.dismiss(self.folders[index].code)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
