"""Go to an alert by name: type part of it, Enter.

`AlertPicker(names, current)` dismisses with the chosen alert's id, `ALL_ALERTS` for
every alert again, or None when cancelled. The names are the Session's, sanitized; the
one gone to now is marked with ●. Keys: type to narrow, ↑/↓ move, Enter goes, Esc
cancels.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from triage_tui.core.sanitize import one_line
from triage_tui.ui.widgets.ordered_input import OrderedInput

#: What the picker answers for "every alert" (alert ids are positive).
ALL_ALERTS = 0


class AlertPicker(ModalScreen[int | None]):
    DEFAULT_CSS = """
    AlertPicker { align: center middle; }
    AlertPicker > Vertical {
        width: 50; max-width: 95%; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    AlertPicker .title { text-style: bold; }
    AlertPicker Input { border: none; height: 1; padding: 0; }
    AlertPicker OptionList { height: auto; max-height: 14; border: none; }
    AlertPicker #hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Down", id="picker.down", show=False),
        Binding("up", "move(-1)", "Up", id="picker.up", show=False),
    ]

    def __init__(self, names: dict[int, str], current: int | None = None) -> None:
        super().__init__()
        self.names = {alert_id: one_line(name) for alert_id, name in names.items()}
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Go to alert"), classes="title")
            yield OrderedInput(placeholder="type part of a name", id="alert-filter")
            yield OptionList(*self._options(""))
            yield Static(Content("Enter goes · ↑↓ move · Esc cancels · ● now"), id="hint")

    def _options(self, typed: str) -> list[Option]:
        needle = typed.casefold().strip()
        options = []
        if needle in "all alerts":
            mark = "●" if not self.current else " "
            options.append(Option(Content(f"{mark} All alerts"), id=str(ALL_ALERTS)))
        ordered = sorted(self.names.items(), key=lambda item: item[1].casefold())
        for alert_id, name in ordered:
            if needle in name.casefold():
                mark = "●" if alert_id == self.current else " "
                options.append(Option(Content(f"{mark} {name}"), id=str(alert_id)))
        return options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [option.id for option in options.options]
        current = str(self.current or ALL_ALERTS)
        options.highlighted = ids.index(current) if current in ids else 0
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        options.highlighted = 0 if options.option_count else None

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return  # nothing matches: the user types on
        self._go(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._go(event.option.id)

    def _go(self, option_id: str | None) -> None:
        self.dismiss(int(option_id) if option_id is not None else None)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
