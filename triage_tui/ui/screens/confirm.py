"""A yes/no question that defaults to No: Enter on arrival answers No.

`ConfirmScreen(question, detail=..., yes=..., no=...)` dismisses with True only for an
explicit Yes (the `y` key or the Yes button); `n`, Escape and Enter on arrival give False.
All texts are shown literally (they may quote network data), never parsed as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 95%; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ConfirmScreen #question { text-style: bold; }
    ConfirmScreen #detail { color: $text-muted; margin-top: 1; }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self, question: str, *, detail: str = "", yes: str = "Yes", no: str = "No"
    ) -> None:
        super().__init__()
        self.question, self.detail, self.yes, self.no = question, detail, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question), id="question")
            if self.detail:
                yield Static(Content(self.detail), id="detail")
            with Horizontal():
                # Content, not str: a Button label string would be parsed as markup.
                yield Button(Content(f"{self.yes} (y)"), id="yes", variant="error")
                yield Button(Content(f"{self.no} (n)"), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # destructive prompts default to No

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
