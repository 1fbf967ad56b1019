"""One of two apps on one state directory (run by test_two_apps.py as its own process):
open a session on the shared database, mark the given mentions read one by one, and
exit once the shared outbox is empty (everything queued, by either app, was sent)."""

from __future__ import annotations

import asyncio
import sys

from triage_tui.api import AsyncMentionClient
from triage_tui.core.events import Connection
from triage_tui.core.session import Session
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store


async def main(api_url: str, stream_url: str, token: str, db: str, ids: str) -> int:
    client = AsyncMentionClient(token, api_url, stream_url)
    session = await Session.open(
        client,
        account_id=None,
        alert_ids=None,
        store=Store(db),
        on_event=lambda _event: None,
        settings=SyncSettings.fast(),
    )
    await session.start()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 40
    while session.connection not in (Connection.LIVE, Connection.POLLING):
        await asyncio.sleep(0.02)
    for mention_id in map(int, ids.split(",")):
        while session.row(mention_id) is None and loop.time() < deadline:
            await asyncio.sleep(0.02)  # back-filled or streamed in yet?
        session.curate([mention_id], {"read": True})
        await asyncio.sleep(0.01)
    while session.store.outbox_count() and loop.time() < deadline:
        await asyncio.sleep(0.05)
    left = session.store.outbox_count()
    await session.stop()
    await client.aclose()
    return 0 if left == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:6])))
