"""Apply or remove the alert's existing tags; admins can create one by typing its name.

`TagPicker(tags, applied, can_create=...)` dismisses with `TagPickResult(tag_ids, create)`:
`tag_ids` is the full new set of tag ids (not a diff), `create` the name of a tag to
create and add (or None). It dismisses with None when cancelled.

Keys: space toggles the highlighted tag, `/` or typing any other letter filters by name,
Enter applies, Escape cancels, j/k or arrows move while the list has focus (Down from the
filter goes back into the list). Typing a tag's name and Enter is the fast path: Enter in
the filter field adds the highlighted (or only) match, then applies. With `can_create`,
a filter matching no tag's exact name offers "+ create tag “NAME”"; Enter on it returns
that name (the service allows 20 characters, so the field stops there).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from triage_tui.api.models import Tag
from triage_tui.core.sanitize import one_line
from triage_tui.ui.widgets.ordered_input import OrderedInput

TAG_NAME_MAX = 20  # the service's limit on a tag name
#: What the keys do, by where the focus is (in the field, space types a space).
LIST_HINT = "Space toggle · Enter apply · Esc cancel"
FIELD_HINT = "Enter add highlighted · ↓ list · Esc cancel"
NEW = "new"  # the option id of the "create tag" entry
_LIST_KEYS = {"space", "slash", "j", "k"}  # keys the list keeps for itself


@dataclass(frozen=True)
class TagPickResult:
    tag_ids: set[int] = field(default_factory=set)
    create: str | None = None


class TagPicker(ModalScreen[TagPickResult | None]):
    DEFAULT_CSS = """
    TagPicker { align: center middle; }
    TagPicker > Vertical {
        width: 50; max-width: 95%; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    TagPicker .title { text-style: bold; }
    TagPicker OptionList { height: auto; max-height: 14; border: none; }
    /* One line, no border even when focused (a tall border would hide the text). */
    TagPicker Input, TagPicker Input:focus { border: none; height: 1; padding: 0 1; }
    TagPicker Input:focus { background: $boost; }
    TagPicker #hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="tags.cancel"),
        Binding("space", "toggle_tag", "Toggle", id="tags.toggle"),
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
        # Typing, not moving in the list, came last: Enter takes the tag typed. Kept here,
        # not read from the focus, which follows keys typed fast a turn late.
        self._typing = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Tags"), classes="title")
            yield OrderedInput(
                placeholder="type to filter" + (" or name a new tag" if self.can_create else ""),
                max_length=TAG_NAME_MAX,
                select_on_focus=False,  # typed letters go on the end, never replace
                id="tag-filter",
            )
            yield OptionList(id="tag-list")
            # The field's placeholder already says that typing filters.
            yield Static(Content(LIST_HINT), id="hint")

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
            box = "[x]" if tag.id in self.chosen else "[ ]"  # Content: shown literally
            options.add_option(Option(Content(f"{box} {one_line(tag.name)}"), id=str(tag.id)))
        if needle and self.can_create and all(t.name.casefold() != needle for t in self.tags):
            name = one_line(text.strip())
            options.add_option(Option(Content(f" +  create tag “{name}”"), id=NEW))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_key(self, event: events.Key) -> None:
        """Typing a letter (or backspace) in the list edits the filter. Before the focus
        has settled (keys typed ahead of the picker) the list's rule applies too."""
        if self.focused is not None and not isinstance(self.focused, OptionList):
            if event.is_printable:
                self._typing = True  # into the field itself
            return
        field_ = self.query_one(Input)
        if event.is_printable and event.character and event.key not in _LIST_KEYS:
            field_.insert_text_at_cursor(event.character)
            self._typing = True
        elif event.key == "backspace" and field_.value:
            field_.action_delete_left()
        else:
            return
        event.stop()
        event.prevent_default()
        field_.focus()

    def type_ahead(self, keys: list[tuple[str, str | None]]) -> None:
        """Keys typed before the picker was up, in order: letters filter, backspace
        edits, Enter applies, Escape cancels (the main screen held them for it)."""
        field_ = self.query_one(Input)
        for key, character in keys:
            if key == "enter":
                self.action_apply()
                return
            if key == "escape":
                self.action_cancel()
                return
            if key == "backspace":
                field_.action_delete_left()
            elif character and character.isprintable():
                field_.insert_text_at_cursor(character)
                self._typing = True
        if field_.value:
            self._fill(field_.value)
            field_.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        hint = FIELD_HINT if isinstance(event.widget, Input) else LIST_HINT
        self.query_one("#hint", Static).update(Content(hint))

    def action_find(self) -> None:
        self.query_one(Input).focus()

    def action_down(self) -> None:
        self._typing = False
        options = self.query_one(OptionList)
        if isinstance(self.focused, Input):
            options.focus()  # from the filter down into the list, where space toggles
            return
        options.action_cursor_down()

    def action_up(self) -> None:
        self._typing = False
        self.query_one(OptionList).action_cursor_up()

    def _current(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def action_toggle_tag(self) -> None:
        self._typing = False
        current = self._current()
        if current is None or current == NEW:
            return
        self.chosen ^= {int(current)}
        self._fill(self.query_one(Input).value)

    def action_apply(self) -> None:
        typed = self.query_one(Input).value
        if self._typing and typed.strip():
            self._fill(typed)  # the list as the field reads now: keys can outrun its events
        current = self._current()
        if current == NEW:
            name = typed.strip()[:TAG_NAME_MAX]
            self.dismiss(TagPickResult(set(self.chosen), name))
            return
        if (self._typing or isinstance(self.focused, Input)) and typed.strip():
            if current is None:  # typed a name that matches no tag
                self.query_one("#hint", Static).update(Content("No tag matches · Esc cancel"))
                return
            self.chosen.add(int(current))  # typed a name, Enter: that tag
        self.dismiss(TagPickResult(set(self.chosen)))

    def action_cancel(self) -> None:
        self.dismiss(None)
