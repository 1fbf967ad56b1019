"""Keys the mention under the cursor does not allow: disabled, in the footer too, and
saying why when pressed. A mixin of the App."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.events import Key

from triage_tui.ui.bindings import ACTION_RULE

if TYPE_CHECKING:
    from triage_tui.ui.app import TriageApp

#: The permission rules behind the curation keys, each checked once for the footer.
_RULES = tuple(dict.fromkeys(ACTION_RULE.values()))


class KeyPermissions:
    """Mixin: needs the App's `session`, `feed` and `status`."""

    def _why_not(self: TriageApp, rule: Any) -> str | None:
        """Why `rule` is refused for what a key would act on: the selection when there is
        one (allowed if any selected mention allows it), else the mention under the cursor."""
        if self.session is None:
            return None
        feed = self.feed
        if feed.selection:
            subjects: Iterable[int] = feed.selection
        elif feed.selected_row is not None:
            subjects = (feed.selected_row.id,)
        else:
            return None
        first: str | None = None
        for mention_id in subjects:
            reason = self.session.why_not(rule, mention_id)
            if reason is None:
                return None
            first = first or reason
        return first

    def check_action(self: TriageApp, action: str, parameters: tuple[object, ...]) -> bool | None:
        rule = ACTION_RULE.get(action)
        if rule is None:
            return True
        return None if self._why_not(rule) else True

    def _allowed_now(self: TriageApp) -> tuple[bool, ...]:
        """Which rules allow their keys now: all the footer shows of the permissions (the
        reason a key is refused is said when it is pressed)."""
        return tuple(self._why_not(rule) is None for rule in _RULES)

    #: What the footer shows; set at mount, where every key is allowed (no session yet).
    _bindings_key: tuple[bool, ...] = ()

    def _refresh_bindings_if_changed(self: TriageApp) -> None:
        """Footer and key states follow the permissions under the cursor. Refreshing them
        recomposes the footer (10-30 ms; connecting did it twice, within the first rows of
        a replay), so only when what is allowed changes: not when the session starts, rows
        arrive or the cursor moves between mentions that allow the same keys."""
        key = self._allowed_now()
        if key != self._bindings_key:
            self._bindings_key = key
            self.refresh_bindings()

    def on_key(self: TriageApp, event: Key) -> None:
        """A disabled curation key says why instead of doing nothing."""
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled or self.session is None:
            return
        rule = ACTION_RULE.get(active.binding.action.split("(")[0])
        reason = self._why_not(rule) if rule is not None else None
        if reason:
            self.status.say(f"{active.binding.description}: {reason}", error=True)
