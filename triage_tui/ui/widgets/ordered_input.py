"""A text input whose editing keys act in the order they were typed.

Textual runs a focused widget's own bindings (backspace, ctrl+u, the arrows, enter)
once the key has bubbled up to the app, some turns of the event loop later, while the
characters typed right behind it are inserted at once. Typed in one burst (fast, or
arriving together over SSH), `abc` ⌫ `x` gave 'abc', `C-u rocket` gave 'ket', and a
word followed by Enter could be submitted before its last letters. Here the input
runs its own bindings as the key reaches it, in order with the characters: the fix
proposed upstream (Textualize/textual#6605, PR #6631, open); drop this class once a
pinned Textual has it.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OrderedInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for key in event.aliases:
                for binding in self._bindings.key_to_bindings.get(key, ()):
                    # As the app would run it: an action that does not apply here
                    # (scroll_down on a one-line input skips) leaves the key to the
                    # bindings further up, a picker's "down" into its list.
                    if await self.app.run_action(binding.action, self):
                        event.stop()
                        event.prevent_default()
                        return
        await super()._on_key(event)
