"""Tasks for teammates, as a mixin of the App: assign the mention under the cursor (a
small modal: who, what, a comment) and mark its first open task done. The result is
said on the status line; the detail pane lists the mention's tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from triage_tui.core.permissions import Action, NotAllowed
from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from triage_tui.ui.app import TriageApp


class TaskActions:
    """Mixin: needs the App's `session`, `feed`, `status` and `_show_detail`."""

    #: Per alert, the teammates' labels by account id (from its shares), once loaded.
    _people: dict[int, dict[str, str]]

    def _task_row_id(self: TriageApp) -> int | None:
        row = self.feed.selected_row
        if row is None or self.session is None:
            return None
        why = self.session.why_not(Action.CREATE_TASK, row.id)
        if why is not None:
            self.status.say(f"Can't assign: {why}", error=True)
            return None
        return row.id

    @work(group="picker")
    async def action_assign_task(self: TriageApp) -> None:
        from triage_tui.ui.screens.task_assign import TaskAssign

        mention_id = self._task_row_id()
        row = self.feed.selected_row
        session = self.session
        if mention_id is None or row is None or session is None:
            return
        types = session.task_types()
        if not types:
            self.status.say("Can't assign: the service offers no task types", error=True)
            return
        try:
            people = await session.teammates(row.alert_id)
        except Exception as error:  # a refusal is shown, never a crash
            self.status.say(f"Teammates not loaded: {one_line(str(error))}", error=True)
            return
        self._people.setdefault(row.alert_id, {}).update(people)
        alert = session.alerts.get(row.alert_id)
        title = f"Assign a task · {alert.name if alert else row.alert_id}"
        request = await self.push_screen_wait(TaskAssign(people, types, title))
        if request is None:
            return
        try:
            await session.create_task(
                mention_id, request.type, request.comment, request.assigned_to
            )
        except NotAllowed as refused:
            self.status.say(f"Can't assign: {refused}", error=True)
            return
        except Exception as error:
            self.status.say(f"Task not created: {one_line(str(error))}", error=True)
            return
        who = self._people.get(row.alert_id, {}).get(request.assigned_to, request.assigned_to)
        what = session.task_type_name(request.type)
        self.status.say(f"Task “{what}” assigned to {one_line(who)}")
        self._refresh_detail(mention_id)

    @work(group="picker")
    async def action_complete_task(self: TriageApp) -> None:
        mention_id = self._task_row_id()
        session = self.session
        if mention_id is None or session is None:
            return
        task = next((t for t in session.tasks(mention_id) if not t.done), None)
        if task is None:
            self.status.say("No open task on this mention")
            return
        try:
            await session.complete_task(mention_id, task.id)
        except Exception as error:  # a refusal is shown, never a crash
            self.status.say(f"Task not marked done: {one_line(str(error))}", error=True)
            return
        self.status.say(f"Task “{session.task_type_name(task.type)}” done")
        self._refresh_detail(mention_id)

    def _refresh_detail(self: TriageApp, mention_id: int) -> None:
        row = self.feed.selected_row
        if row is not None and row.id == mention_id:
            self._show_detail(row)
