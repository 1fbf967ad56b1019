"""The command palette lists every action with its key (as remapped), as a mixin of the
App."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from triage_tui.ui.app import TriageApp


class PaletteCommands:
    """Mixin: needs the App's bindings and `action_mark_alert_read`."""

    def get_system_commands(self: TriageApp, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for namespace, binding in self._bindings_of(screen):
            if (
                not binding.description  # not meant as a command
                or binding.action in seen
                or binding.action == "command_palette"
            ):
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)
            yield SystemCommand(
                f"{binding.description} ({key})",
                binding.tooltip or binding.description,
                partial(self.run_action, binding.action, namespace),
            )
        yield SystemCommand(
            "Mark the whole alert read",
            "The service's mark-all-read for the alert under the cursor (asks first)",
            self.action_mark_alert_read,
        )

    @staticmethod
    def _bindings_of(screen: Screen) -> list[tuple[Any, Binding]]:
        """(node, binding) from the chain of the screen the palette was opened on (not
        the palette's own, whose input's editing keys are no commands), so remapped keys
        show as remapped."""
        found: list[tuple[Any, Binding]] = []
        for namespace, map_ in screen._binding_chain:
            for items in map_.key_to_bindings.values():
                found.extend((namespace, b) for b in items)
        return found
