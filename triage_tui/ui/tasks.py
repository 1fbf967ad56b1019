"""Tasks for teammates: a plain object the App holds (`app.task_keys`); the App's
`action_assign_task` / `action_complete_task` (what the bindings name) delegate to it.
Assign the mention under the cursor (a small modal: who, what, a comment) or mark its
first open task done; the result is said on the status line, and the detail pane lists
the mention's tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

from textual.screen import Screen

from triage_tui.core.permissions import Action, NotAllowed
from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from triage_tui.core.rows import FeedRow
    from triage_tui.core.session import Session
    from triage_tui.ui.widgets.feed import MentionFeed
    from triage_tui.ui.widgets.status import StatusLine

T = TypeVar("T")


class TaskHost(Protocol):
    """What the task keys need of the App."""

    @property
    def session(self) -> Session | None: ...

    @property
    def feed(self) -> MentionFeed: ...

    @property
    def status(self) -> StatusLine: ...

    def show_detail(self, row: FeedRow | None) -> None: ...

    async def push_screen_wait(self, screen: Screen[T]) -> T: ...


class TaskActions:
    def __init__(self, host: TaskHost) -> None:
        self._host = host
        #: Per alert, the teammates' labels by account id (from its shares), once loaded.
        self._people: dict[int, dict[str, str]] = {}

    def people(self, alert_id: int) -> dict[str, str]:
        return self._people.get(alert_id, {})

    def _target(self) -> int | None:
        host = self._host
        row = host.feed.selected_row
        if row is None or host.session is None:
            return None
        why = host.session.why_not(Action.CREATE_TASK, row.id)
        if why is not None:
            host.status.say(f"Can't assign: {why}", error=True)
            return None
        return row.id

    async def assign(self) -> None:
        from triage_tui.ui.screens.task_assign import TaskAssign

        host = self._host
        mention_id = self._target()
        row = host.feed.selected_row
        session = host.session
        if mention_id is None or row is None or session is None:
            return
        types = session.task_desk.task_types()
        if not types:
            host.status.say("Can't assign: the service offers no task types", error=True)
            return
        try:
            people = await session.task_desk.teammates(row.alert_id)
        except Exception as error:  # a refusal is shown, never a crash
            host.status.say(f"Teammates not loaded: {one_line(str(error))}", error=True)
            return
        self._people.setdefault(row.alert_id, {}).update(people)
        alert = session.alerts.get(row.alert_id)
        title = f"Assign a task · {alert.name if alert else row.alert_id}"
        request = await host.push_screen_wait(TaskAssign(people, types, title))
        if request is None:
            return
        try:
            await session.task_desk.create_task(
                mention_id, request.type, request.comment, request.assigned_to
            )
        except NotAllowed as refused:
            host.status.say(f"Can't assign: {refused}", error=True)
            return
        except Exception as error:
            host.status.say(f"Task not created: {one_line(str(error))}", error=True)
            return
        who = self.people(row.alert_id).get(request.assigned_to, request.assigned_to)
        what = session.task_desk.task_type_name(request.type)
        host.status.say(f"Task “{what}” assigned to {one_line(who)}")
        self._refresh_detail(mention_id)

    async def complete(self) -> None:
        host = self._host
        mention_id = self._target()
        session = host.session
        if mention_id is None or session is None:
            return
        task = next((t for t in session.task_desk.tasks(mention_id) if not t.done), None)
        if task is None:
            host.status.say("No open task on this mention")
            return
        try:
            await session.task_desk.complete_task(mention_id, task.id)
        except Exception as error:  # a refusal is shown, never a crash
            host.status.say(f"Task not marked done: {one_line(str(error))}", error=True)
            return
        host.status.say(f"Task “{session.task_desk.task_type_name(task.type)}” done")
        self._refresh_detail(mention_id)

    def _refresh_detail(self, mention_id: int) -> None:
        row = self._host.feed.selected_row
        if row is not None and row.id == mention_id:
            self._host.show_detail(row)
