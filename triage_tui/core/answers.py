"""The service's answers to the outbox's PUTs: an `OutboxAnswers` the Session composes.

Accepted: the service's copy is stored (after any older copy waiting to be written) and
shown on the row, the action leaves the outbox, and the mention is settled once nothing
more waits for it. Refused: said, and the service's own copy is fetched and shown, so
the row shows what is true rather than the rolled-back guess.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from triage_tui.api.errors import MentionError
from triage_tui.api.models import Mention, Skipped
from triage_tui.core.arrivals import ArrivalBatch
from triage_tui.core.convert import saved_copy
from triage_tui.core.curator import Curator
from triage_tui.core.events import ActionFailed, ActionSettled, SessionEvent
from triage_tui.core.mention_cache import MentionCache
from triage_tui.core.skipped import SkippedCount
from triage_tui.core.store import Store
from triage_tui.core.write_behind import WriteBehind

if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient

Request = Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]]


class OutboxAnswers:
    def __init__(
        self,
        client: AsyncMentionClient,
        account_id: str,
        store: Store,
        writer: WriteBehind,
        batch: ArrivalBatch,
        details: MentionCache,
        curator: Curator,
        skipped: SkippedCount,
        *,
        request: Request,
        on_event: Callable[[SessionEvent], None],
    ) -> None:
        self._client = client
        self._account_id = account_id
        self._store = store
        self._writer = writer
        self._batch = batch
        self._details = details
        self._curator = curator
        self._skipped = skipped
        self._request = request
        self._on_event = on_event

    def accepted(self, seq: int, mention_id: int, result: Mention | None) -> None:
        if result is None:  # done, but the answer is unreadable: the local values stand
            reason = "the service's copy could not be read"
            self._skipped.add("PUT answer", [Skipped(str(mention_id), reason)])
            self._store.outbox_done(seq)
            if not self._store.outbox_pending_for(mention_id):
                self._on_event(ActionSettled(mention_id))
            return
        self._details.forget(mention_id)
        if self._batch.unsaved:
            self._batch.flush()  # an older copy waiting to be written must not overwrite this one
        # The service's copy is stored even when more actions wait: after a restart those
        # are laid over it again, so what was already accepted is never shown undone.
        _, alert_id, raw, packed = saved_copy(result)
        if mention_id in self._writer.pending:
            self._writer.drain()  # the stream's older copy must not land after this one
        self._store.outbox_accepted(seq, mention_id, alert_id, raw, packed)
        self._curator.touch(mention_id)
        self._curator.show_truth(mention_id, result)
        if not self._store.outbox_pending_for(mention_id):
            self._on_event(ActionSettled(mention_id))

    async def refused(self, mention_id: int, alert_id: int, reason: str) -> None:
        self._on_event(ActionFailed(mention_id, reason))
        # Until the service's copy is shown (this one, or a list page's if this fails),
        # the difference on screen is the user's refused action, not someone's change.
        self._curator.refusing.add(mention_id)
        with contextlib.suppress(MentionError):
            truth: Mention = await self._request(
                lambda: self._client.get_mention(self._account_id, alert_id, mention_id)
            )
            self._details.forget(mention_id)
            if mention_id in self._writer.pending:
                self._writer.drain()
            self._store.put_mentions([saved_copy(truth)])
            self._curator.show_truth(mention_id, truth)
            self._curator.refusing.discard(mention_id)
