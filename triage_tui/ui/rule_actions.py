"""The palette's commands for the triage rules on arrivals (core/arrival_rules.py): a
plain object the main screen holds (`screen.rules`), listed by `PaletteCommands`.

- "Pause rules on arrivals" / "Resume rules on arrivals", for this session, offered only
  when a rule has `on_arrival`.
- "Undo the last rule change": the rules' changes are kept apart from the user's undo
  stack (`u` undoes the user's own last action, never a rule's that came in between);
  this undoes the last one, as the user's own action, so `u` then puts it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

from textual.app import SystemCommand

if TYPE_CHECKING:
    from triage_tui.core.rows import FeedRow
    from triage_tui.core.session import Session
    from triage_tui.ui.widgets.status import StatusLine


class RuleHost(Protocol):
    """What the commands need of the main screen."""

    @property
    def session(self) -> Session | None: ...

    @property
    def status(self) -> StatusLine: ...

    def show_changed(self, rows: Iterable[FeedRow]) -> None: ...

    def key_for(self, action: str) -> str: ...


class RuleActions:
    def __init__(self, host: RuleHost) -> None:
        self.host = host

    def commands(self) -> Iterable[SystemCommand]:
        session = self.host.session
        if session is None or not session.arrival_rules.rules:
            return
        if session.arrival_rules.paused:
            yield self._command(
                "Resume rules on arrivals",
                "The rules with on_arrival act again on mentions that arrive from now on",
                lambda: self.pause(False),
            )
        else:
            yield self._command(
                "Pause rules on arrivals",
                "Until resumed or the app restarts, arrivals are left as they come",
                lambda: self.pause(True),
            )
        yield self._command(
            "Undo the last rule change",
            "What the rules last did to arrivals, put back (your own changes since stay)",
            self.undo,
        )

    @staticmethod
    def _command(title: str, help: str, run: Callable[[], None]) -> SystemCommand:
        return SystemCommand(title, help, run)

    def pause(self, paused: bool) -> None:
        session = self.host.session
        if session is None:
            return
        session.pause_rules(paused)
        self.host.status.say(
            "Rules on arrivals paused for this session" if paused else "Rules on arrivals resumed"
        )

    def undo(self) -> None:
        session = self.host.session
        if session is None:
            return
        step = session.undo_rules()
        if step is None:
            self.host.status.say("No rule change to undo")
            return
        if not step.changed:
            self.host.status.say("The last rule change was undone already: you changed it since")
            return
        rows = [r for r in (session.row(i) for i in step.changed) if r is not None]
        self.host.show_changed(rows)
        what = f"{len(step.changed)} mention" + ("s" if len(step.changed) != 1 else "")
        self.host.status.say(
            f"Rule change undone on {what} · {self.host.key_for('undo')} puts it back"
        )
