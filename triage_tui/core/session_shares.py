"""An alert's shares (who may see and curate it): a `ShareDesk` the Session composes
(`session.shares`, which the shares screen asks directly).

The shares screen's requests go through the Session's rate gate like every other (the
`request` it is given), so a 429 on one holds back the stream and the outbox too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from triage_tui.api.levels import SharePermission
from triage_tui.api.shares import CreateShareRequest, Share, UpdateShareRequest

if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient

Request = Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]]


class ShareDesk:
    def __init__(self, client: AsyncMentionClient, account_id: str, *, request: Request) -> None:
        self._client = client
        self._account_id = account_id
        self._request = request

    async def get_shares(self, alert_id: int) -> list[Share]:
        response = await self._request(
            lambda: self._client.get_shares(self._account_id, str(alert_id))
        )
        return list(response.shares)

    async def add_share(self, alert_id: int, email: str, permission: SharePermission) -> Share:
        request = CreateShareRequest(email=email, permission=permission)
        share: Share = await self._request(
            lambda: self._client.create_share(self._account_id, str(alert_id), request)
        )
        return share

    async def update_share(
        self, alert_id: int, share_id: str, permission: SharePermission
    ) -> Share:
        request = UpdateShareRequest(permission=permission)
        share: Share = await self._request(
            lambda: self._client.update_share(self._account_id, str(alert_id), share_id, request)
        )
        return share

    async def delete_share(self, alert_id: int, share_id: str) -> None:
        await self._request(
            lambda: self._client.delete_share(self._account_id, str(alert_id), share_id)
        )
