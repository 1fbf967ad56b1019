"""Sends the durable outbox in order: retries, rate-limit pauses, refusals reported.

Each action was written to the store before this task sees it. It is removed only when
the service accepted it, or refused it for good (400 / 403 / 404), which the user is told
about: an action is never silently lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from triage_tui.api.errors import (
    APIError,
    BadRequestError,
    MentionError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnreadableResponse,
)
from triage_tui.api.models import CurateRequest, Mention
from triage_tui.core.lease import OutboxLease
from triage_tui.core.rate_gate import RateGate
from triage_tui.core.sanitize import one_line
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store

if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient

#: seq, mention id, the service's copy (None: accepted, but its answer was unreadable)
#: How often an app that does not hold the lease asks for it again (seconds), and how
#: often the owner looks for actions another app queued in the shared outbox.
LEASE_RETRY = 2.0
SHARED_POLL = 1.0

Accepted = Callable[[int, int, Mention | None], None]
Refused = Callable[[int, int, str], Awaitable[None]]


class OutboxSender:
    def __init__(
        self,
        client: AsyncMentionClient,
        account_id: str,
        store: Store,
        settings: SyncSettings,
        *,
        on_accepted: Accepted,
        on_refused: Refused,
        on_count: Callable[[int], None],
    ) -> None:
        self.client = client
        self.account_id = account_id
        self.store = store
        self.settings = settings
        self.on_accepted = on_accepted
        self.on_refused = on_refused
        self.on_count = on_count
        self.wakeup = asyncio.Event()  # new work was queued
        self.resume = asyncio.Event()  # the service is back: retry without waiting
        self.inflight = 0  # seq being sent: never coalesce into it
        self.gate = RateGate()  # shared with the stream by the session
        self.lease = OutboxLease(store.path)  # which app on this state directory sends

    def kick(self) -> None:
        self.wakeup.set()

    async def _wait(self, limit: float | None) -> None:
        """Until kicked, or `limit` seconds."""
        self.wakeup.clear()
        try:
            async with asyncio.timeout(limit):
                await self.wakeup.wait()
        except TimeoutError:
            pass

    def retry_now(self) -> None:
        """Cut a retry backoff short (not a rate-limit pause: that one is the service's)."""
        self.resume.set()

    @property
    def coalesce_after(self) -> int:
        """Queued actions above this seq may take a new change for the same mention.
        An instance that does not send (another holds the lease) never merges: the
        owner may have that row in flight, and the merged change would go with it."""
        return self.inflight if self.lease.held else 2**62

    async def run(self) -> None:
        try:
            await self._run()
        finally:
            self.lease.release()

    async def _run(self) -> None:
        failures = 0
        while True:
            if not self.lease.try_take():
                # Another app on this state directory sends the outbox (ours included,
                # since it is one table); ask again now and then, in case it quit.
                self.on_count(self.store.outbox_count())
                await self._wait(LEASE_RETRY)
                continue
            head = self.store.outbox_head()
            if head is None:
                self.inflight = 0
                self.on_count(0)
                # Woken by our own keys at once; another app's actions are seen within
                # SHARED_POLL when the outbox is a shared file.
                await self._wait(None if self.lease.path is None else SHARED_POLL)
                continue
            if self.gate.remaining() > 0:
                await self.gate.wait()
                continue
            seq, mention_id, alert_id, fields, _ = head
            self.inflight = seq
            result: Mention | None
            try:
                result = await self.client.curate_mention(
                    self.account_id, alert_id, mention_id, CurateRequest(**fields)
                )
            except RateLimitError as error:
                self.gate.hit(error)
                continue
            except (BadRequestError, PermissionDeniedError, NotFoundError) as error:
                self.store.outbox_done(seq)
                await self.on_refused(mention_id, alert_id, _reason(error))
                self.on_count(self.store.outbox_count())
                continue
            except UnreadableResponse:  # done, but its answer cannot be read
                result = None
            except MentionError:  # 5xx, network, auth: keep it and retry later
                self.store.outbox_attempt(seq)
                failures += 1
                if await self._backoff(self.settings.retry_delay(failures)):
                    failures = 0
                continue
            failures = 0
            self.on_accepted(seq, mention_id, result)  # stores the copy, drops the action
            self.on_count(self.store.outbox_count())
            if self.settings.put_pacing:
                await asyncio.sleep(self.settings.put_pacing)

    async def _backoff(self, delay: float) -> bool:
        """Sleep `delay`, or less when `retry_now` is called (the service answered
        another request: it is up again); True when cut short. Never less than a
        second (or one base delay, if shorter), so a stream's marks cannot turn retries
        into a busy loop."""
        self.resume.clear()
        floor = min(delay, self.settings.retry_base, 1.0)
        await asyncio.sleep(floor)
        try:
            async with asyncio.timeout(delay - floor):
                await self.resume.wait()
        except TimeoutError:
            return False
        return True


def _reason(error: APIError) -> str:
    if isinstance(error, BadRequestError) and error.fields:
        detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.fields.items())
        return one_line(f"refused ({detail})")
    if isinstance(error, PermissionDeniedError):
        return one_line(f"not allowed: {error.message}")
    if isinstance(error, NotFoundError):
        return "no longer exists on the service"
    return one_line(str(error))
