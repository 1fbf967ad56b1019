"""The command palette lists every action with its key (as remapped): a plain object the
App holds (`app.palette`); the App's `get_system_commands` adds its commands to Textual's.
The launcher gives it `profiles` (ui/profiles.py) when the config has other profiles to
switch to."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from triage_tui.ui.key_docs import describe, is_textual_internal

if TYPE_CHECKING:
    from triage_tui.ui.profiles import ProfileSwitch
    from triage_tui.ui.rule_actions import RuleActions

#: Runs an action by name in a namespace (the App's `run_action`).
RunAction = Callable[[str, Any], Any]


class PaletteCommands:
    """The palette's commands: one per named binding of the screen (the app's own, each
    described by a sentence), one per alert to go to, and mark-all-read."""

    def __init__(
        self,
        key_display: Callable[[Binding], str],
        run_action: RunAction,
        mark_alert_read: Callable[[], Any],
    ) -> None:
        self.key_display = key_display
        self.run_action = run_action
        self.mark_alert_read = mark_alert_read
        self.profiles: ProfileSwitch | None = None  # "Switch profile: NAME", set by launch
        #: "Go to alert: NAME": the alerts by id (sanitized names) and what goes to one.
        self.alert_names: Callable[[], dict[int, str]] = dict
        self.go_to_alert: Callable[[int], Any] | None = None
        self.rules: RuleActions | None = None  # rules on arrivals: pause, undo (the App's)

    def commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        seen: set[str] = set()
        for namespace, binding in _bindings_of(screen):
            if (
                not binding.description  # not meant as a command
                or binding.action in seen
                or binding.action == "command_palette"
                or is_textual_internal(binding, namespace)
            ):
                continue
            seen.add(binding.action)
            key = self.key_display(binding)
            yield SystemCommand(
                f"{binding.description} ({key})",
                describe(binding),
                partial(self.run_action, binding.action, namespace),
            )
        if self.go_to_alert is not None:
            names = self.alert_names()
            for alert_id, name in sorted(names.items(), key=lambda item: item[1].casefold()):
                yield SystemCommand(
                    f"Go to alert: {name}",
                    f"Show only the mentions of {name} (alert:{alert_id} in the filter)",
                    partial(self.go_to_alert, alert_id),
                )
        yield SystemCommand(
            "Mark the whole alert read",
            "The service's mark-all-read for the alert under the cursor (asks first)",
            self.mark_alert_read,
        )
        if self.rules is not None:
            yield from self.rules.commands()
        if self.profiles is not None:
            yield from self.profiles.commands()


def _bindings_of(screen: Screen[Any]) -> list[tuple[Any, Binding]]:
    """(node, binding) from the chain of the screen the palette was opened on (not the
    palette's own, whose input's editing keys are no commands), so remapped keys show as
    remapped. (`_binding_chain` is Textual's: the chain its own key handling walks.)"""
    found: list[tuple[Any, Binding]] = []
    for namespace, map_ in screen._binding_chain:
        for items in map_.key_to_bindings.values():
            found.extend((namespace, b) for b in items)
    return found
