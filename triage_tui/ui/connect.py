"""What the app needs to reach the service: URLs, token, scope. The token never prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from triage_tui.api.endpoints import DEFAULT_BASE_URL, DEFAULT_STREAM_URL

if TYPE_CHECKING:
    from triage_tui.api import AsyncMentionClient


@dataclass(frozen=True)
class ConnectInfo:
    access_token: str = field(repr=False)
    api_url: str = DEFAULT_BASE_URL
    stream_url: str = DEFAULT_STREAM_URL
    accept_version: str = "1.19"
    insecure: bool = False
    account_id: str | None = None
    alert_ids: list[int] | None = None

    def client(self) -> AsyncMentionClient:
        """A new client; create it inside the event loop that will use it."""
        from triage_tui.api.async_client import AsyncMentionClient  # httpx: after frame 1

        return AsyncMentionClient(
            access_token=self.access_token,
            base_url=self.api_url,
            stream_url=self.stream_url,
            api_version=self.accept_version,
            insecure=self.insecure,
        )
