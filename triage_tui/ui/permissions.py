"""Keys the mention under the cursor does not allow: disabled, in the footer too, and
saying why when pressed. A plain object the App holds (`app.keys`); the App's Textual
hooks (`check_action`, `on_key`) delegate to it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Protocol

from textual.binding import ActiveBinding
from textual.events import Key

from triage_tui.core.permissions import Action
from triage_tui.ui.bindings import ACTION_RULE

if TYPE_CHECKING:
    from triage_tui.core.session import Session
    from triage_tui.ui.widgets.feed import MentionFeed
    from triage_tui.ui.widgets.status import StatusLine

#: The permission rules behind the curation keys, each checked once for the footer.
_RULES = tuple(dict.fromkeys(ACTION_RULE.values()))


class KeyHost(Protocol):
    """What the key gate needs of the App."""

    @property
    def session(self) -> Session | None: ...

    @property
    def feed(self) -> MentionFeed: ...

    @property
    def status(self) -> StatusLine: ...

    @property
    def active_bindings(self) -> Mapping[str, ActiveBinding]: ...

    def refresh_bindings(self) -> None: ...


class KeyGate:
    """Which curation keys the selection (or the mention under the cursor) allows."""

    def __init__(self, host: KeyHost) -> None:
        self.host = host
        #: What the footer shows; set at mount, where every key is allowed (no session yet).
        self._shown: tuple[bool, ...] = ()

    def why_not(self, rule: Action) -> str | None:
        """Why `rule` is refused for what a key would act on: the selection when there is
        one (allowed if any selected mention allows it), else the mention under the cursor."""
        session = self.host.session
        if session is None:
            return None
        feed = self.host.feed
        if feed.selection:
            subjects: Iterable[int] = feed.selection
        elif feed.selected_row is not None:
            subjects = (feed.selected_row.id,)
        else:
            return None
        first: str | None = None
        for mention_id in subjects:
            reason = session.why_not(rule, mention_id)
            if reason is None:
                return None
            first = first or reason
        return first

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        rule = ACTION_RULE.get(action)
        if rule is None:
            return True
        return None if self.why_not(rule) else True

    def allowed_now(self) -> tuple[bool, ...]:
        """Which rules allow their keys now: all the footer shows of the permissions (the
        reason a key is refused is said when it is pressed)."""
        return tuple(self.why_not(rule) is None for rule in _RULES)

    def remember_shown(self) -> None:
        """What is allowed now is what the footer shows (at mount)."""
        self._shown = self.allowed_now()

    def refresh_if_changed(self) -> None:
        """Footer and key states follow the permissions under the cursor. Refreshing them
        recomposes the footer (10-30 ms; connecting did it twice, within the first rows of
        a replay), so only when what is allowed changes: not when the session starts, rows
        arrive or the cursor moves between mentions that allow the same keys."""
        allowed = self.allowed_now()
        if allowed != self._shown:
            self._shown = allowed
            self.host.refresh_bindings()

    def on_key(self, event: Key) -> None:
        """A disabled curation key says why instead of doing nothing."""
        active = self.host.active_bindings.get(event.key)
        if active is None or active.enabled or self.host.session is None:
            return
        rule = ACTION_RULE.get(active.binding.action.split("(")[0])
        reason = self.why_not(rule) if rule is not None else None
        if reason:
            self.host.status.say(f"{active.binding.description}: {reason}", error=True)
