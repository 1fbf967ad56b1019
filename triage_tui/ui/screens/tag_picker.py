"""Apply or remove the alert's existing tags; admins can create one by typing its name.

Returns `TagPickResult(tag_ids, create)`: the full new set of tag ids, and the name of a
tag to create and add (or None); None when cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from triage_tui.api.models import Tag
from triage_tui.core.sanitize import one_line


@dataclass(frozen=True)
class TagPickResult:
    tag_ids: set[int]
    create: str | None = None


class TagPicker(ModalScreen[TagPickResult | None]):
    DEFAULT_CSS = """
    TagPicker { align: center middle; }
    TagPicker > Vertical {
        width: 50; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    TagPicker OptionList { height: auto; max-height: 14; border: none; }
    TagPicker Input { border: none; height: 1; padding: 0; }
    TagPicker #hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="tags.cancel"),
        Binding("space", "toggle", "Toggle", id="tags.toggle"),
        Binding("enter", "apply", "Apply", id="tags.apply", priority=True),
        Binding("slash", "find", "Filter / new", id="tags.find"),
        Binding("down,j", "down", "Down", id="tags.down", show=False),
        Binding("up,k", "up", "Up", id="tags.up", show=False),
    ]

    def __init__(self, tags: list[Tag], applied: set[int], *, can_create: bool = False):
        super().__init__()
        self.tags = sorted(tags, key=lambda t: t.name.casefold())
        self.chosen = set(applied)
        self.can_create = can_create

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Tags"), classes="title")
            yield Input(
                placeholder="type to filter" + (" or name a new tag" if self.can_create else ""),
                id="tag-filter",
            )
            yield OptionList(id="tag-list")
            yield Static(
                Content(
                    "Space toggles · / filters or names a new tag · Enter applies · Esc cancels"
                ),
                id="hint",
            )

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(OptionList).focus()

    def _fill(self, text: str) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        needle = text.strip().casefold()
        for tag in self.tags:
            if needle and needle not in tag.name.casefold():
                continue
            box = "[x]" if tag.id in self.chosen else "[ ]"
            options.add_option(Option(Content(f"{box} {one_line(tag.name)}"), id=str(tag.id)))
        if needle and self.can_create and all(t.name.casefold() != needle for t in self.tags):
            options.add_option(
                Option(Content(f" +  create tag “{one_line(text.strip())}”"), id="new")
            )
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_find(self) -> None:
        self.query_one(Input).focus()

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def _current(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def action_toggle(self) -> None:
        current = self._current()
        if current is None or current == "new":
            return
        self.chosen ^= {int(current)}
        self._fill(self.query_one(Input).value)

    def action_apply(self) -> None:
        if self._current() == "new":
            name = self.query_one(Input).value.strip()[:20]
            self.dismiss(TagPickResult(set(self.chosen), name))
            return
        self.dismiss(TagPickResult(set(self.chosen)))

    def action_cancel(self) -> None:
        self.dismiss(None)
