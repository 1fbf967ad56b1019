"""A mention's tasks (a teammate asked to read, share, react): a `TaskDesk` the Session
composes; the screen asks it directly (`session.task_desk`).

Requests go through the Session's rate gate like every other (the `request` it is given).
A mention whose `permissions.create_task` is false is refused here, with the reason,
before any request. The tasks made or changed in this session are laid over the
mention's own list, so the detail pane shows them at once (the held copy of the mention
is the service's older one).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from triage_tui.api.tasks import Task
from triage_tui.core.permissions import Action, NotAllowed
from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient
    from triage_tui.api.models import AppData, Mention
    from triage_tui.api.shares import Share
    from triage_tui.core.feed_model import FeedModel

T = TypeVar("T")


class TaskDesk:
    def __init__(
        self,
        client: AsyncMentionClient,
        account_id: str,
        account_name: str,
        app_data: AppData,
        feed: FeedModel,
        *,
        request: Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]],
        why_not: Callable[[Action, int], str | None],
        mention: Callable[[int], Mention | None],
        shares: Callable[[int], Awaitable[list[Share]]],
    ) -> None:
        self._client = client
        self._account_id = account_id
        self._account_name = account_name
        self._app_data = app_data
        self._feed = feed
        self._request = request
        self._why_not = why_not
        self._mention = mention
        self._shares = shares
        self._overlay: dict[int, dict[str, Task]] = {}

    def task_types(self) -> list[tuple[str, str]]:
        """The task types app data offers (enabled ones), as (code, name shown)."""
        out = []
        for code, entry in self._app_data.task_types.items():
            if isinstance(entry, dict) and entry.get("enabled") is not False:
                out.append((str(code), self.task_type_name(str(code))))
        return out

    def task_type_name(self, code: str) -> str:
        entry = self._app_data.task_types.get(code)
        name = entry.get("name") if isinstance(entry, dict) else None
        return one_line(name if isinstance(name, str) and name.strip() else code)

    async def teammates(self, alert_id: int) -> list[tuple[str, str]]:
        """Who a task on this alert may go to, as (account id, label): the user, then the
        accounts the alert is shared with (from its shares)."""
        people = [(self._account_id, f"{one_line(self._account_name)} (you)")]
        for share in await self._shares(alert_id):
            if share.user_id and share.user_id not in {p[0] for p in people}:
                people.append((share.user_id, one_line(share.email or share.user_id)))
        return people

    def tasks(self, mention_id: int) -> list[Task]:
        """The mention's tasks, with those made or changed here laid over."""
        mention = self._mention(mention_id)
        held = mention.task_list() if mention is not None else []
        overlay = dict(self._overlay.get(mention_id, {}))
        out = [overlay.pop(t.id, t) for t in held]
        return out + list(overlay.values())

    def _target(self, mention_id: int) -> int:
        why = self._why_not(Action.CREATE_TASK, mention_id)
        if why is not None:
            raise NotAllowed(why)
        row = self._feed.row(mention_id)
        assert row is not None  # why_not refuses an unknown mention
        return row.alert_id

    async def create_task(self, mention_id: int, type: str, comment: str, assigned_to: str) -> Task:
        """Assign the mention to a teammate. Raises `NotAllowed` (no request made) where
        the mention does not allow tasks, or the API's error when the service refuses."""
        alert_id = self._target(mention_id)
        account, client = self._account_id, self._client
        task: Task = await self._request(
            lambda: client.create_task(account, alert_id, mention_id, type, comment, assigned_to)
        )
        self._overlay.setdefault(mention_id, {})[task.id] = task
        return task

    async def complete_task(self, mention_id: int, task_id: str) -> Task:
        """Mark one of the mention's tasks done."""
        alert_id = self._target(mention_id)
        account, client = self._account_id, self._client
        task: Task = await self._request(
            lambda: client.update_task(account, alert_id, mention_id, task_id)
        )
        self._overlay.setdefault(mention_id, {})[task.id] = task
        return task
