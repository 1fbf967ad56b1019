"""Assign the mention under the cursor to a teammate: who, what (a task type app data
offers), and a comment.

`TaskAssign(people, types)` takes `(account id, label)` and `(code, name)` pairs and
dismisses with a `TaskRequest`, or None when cancelled. Keys: Tab moves between the
three parts, j/k or arrows move in a list, typing any other letter writes the comment,
Enter sends from anywhere, Escape cancels.
Every label is the caller's, sanitized, and drawn as literal Content.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from triage_tui.core.sanitize import one_line
from triage_tui.ui.widgets.ordered_input import OrderedInput

COMMENT_MAX = 500
HINT = "Tab next · Enter send · Esc cancel"


@dataclass(frozen=True)
class TaskRequest:
    assigned_to: str
    type: str
    comment: str


class TaskAssign(ModalScreen[TaskRequest | None]):
    DEFAULT_CSS = """
    TaskAssign { align: center middle; }
    TaskAssign > Vertical {
        width: 56; max-width: 95%; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    TaskAssign .title { text-style: bold; }
    TaskAssign .label { color: $text-secondary; text-style: bold; margin-top: 1; }
    TaskAssign OptionList, TaskAssign OptionList:focus {
        height: auto; max-height: 8; border: none; padding: 0;
    }
    TaskAssign OptionList:focus { background: $boost; }
    TaskAssign Input, TaskAssign Input:focus { border: none; height: 1; padding: 0 1; }
    TaskAssign Input:focus { background: $boost; }
    TaskAssign #hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="task.cancel"),
        Binding("enter", "send", "Send", id="task.send", priority=True),
        Binding("j", "down", "Down", id="task.down", show=False),
        Binding("k", "up", "Up", id="task.up", show=False),
    ]

    def __init__(self, people: list[tuple[str, str]], types: list[tuple[str, str]], title: str):
        super().__init__()
        self.people = people
        self.types = types
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(one_line(self.heading)), classes="title")
            yield Static(Content("Teammate"), classes="label")
            yield OptionList(
                *(Option(Content(one_line(label)), id=pid) for pid, label in self.people),
                id="task-people",
            )
            yield Static(Content("Task"), classes="label")
            yield OptionList(
                *(Option(Content(one_line(name)), id=code) for code, name in self.types),
                id="task-types",
            )
            yield Static(Content("Comment"), classes="label")
            yield OrderedInput(placeholder="optional", max_length=COMMENT_MAX, id="task-comment")
            yield Static(Content(HINT), id="hint")

    def on_mount(self) -> None:
        for options in self.query(OptionList):
            if options.option_count:
                options.highlighted = 0
        self.query_one("#task-people", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing in a list writes the comment: no letter reaches the keys behind."""
        if not isinstance(self.focused, OptionList):
            return
        if event.is_printable and event.character and event.key not in ("j", "k", "space"):
            comment = self.query_one(Input)
            comment.focus()
            comment.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def _chosen(self, list_id: str) -> str | None:
        options = self.query_one(list_id, OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def action_down(self) -> None:
        if isinstance(self.focused, OptionList):
            self.focused.action_cursor_down()

    def action_up(self) -> None:
        if isinstance(self.focused, OptionList):
            self.focused.action_cursor_up()

    def action_send(self) -> None:
        person, kind = self._chosen("#task-people"), self._chosen("#task-types")
        if person is None or kind is None:
            missing = "teammate" if person is None else "task type"
            self.query_one("#hint", Static).update(Content(f"Choose a {missing} · Esc cancel"))
            return
        comment = self.query_one(Input).value.strip()
        self.dismiss(TaskRequest(person, kind, comment))

    def action_cancel(self) -> None:
        self.dismiss(None)
