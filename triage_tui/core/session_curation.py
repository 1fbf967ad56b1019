"""Curation, undo and redo, and what the service answers to them: a mixin of `Session`.

Every action changes the rows at once, is written to the durable outbox before its PUT
goes out, and is recorded as one undo step; the service's answer (accepted, refused)
comes back here. The state it works on (rows, store, outbox, journal) is the Session's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from triage_tui.api.errors import MentionError
from triage_tui.api.models import CURATE_FIELDS, Mention, Skipped, Tag
from triage_tui.core.convert import (
    CURATED_ROW_FIELDS,
    curated_state,
    curated_values,
    row_values,
    saved_copy,
    to_row,
)
from triage_tui.core.events import ActionFailed, ActionSettled, MentionChanged, OutboxChanged
from triage_tui.core.journal import REDO, UNDO, Change
from triage_tui.core.permissions import Action
from triage_tui.core.rows import FeedRow

if TYPE_CHECKING:
    from triage_tui.core.session import Session


class CurationMixin:
    """Mixin: needs the Session's rows, store, outbox, journal, writer and `on_event`."""

    def curate(self: Session, mention_ids: Sequence[int], change: Mapping[str, Any]) -> int:
        change = {k: v for k, v in change.items() if k in CURATE_FIELDS}
        if not change:
            return 0  # nothing the service would take: no empty PUT, no empty undo step
        action = _action_for(change)
        changes = {
            i: dict(change)
            for i in mention_ids
            if i in self.feed and self.why_not(action, i) is None
        }
        return self._apply_step(changes, stack=UNDO, new_action=True)

    def _apply_step(
        self: Session, changes: dict[int, dict[str, Any]], *, stack: str, new_action: bool = False
    ) -> int:
        step: list[Change] = []
        for mention_id, change in changes.items():
            row = self.feed.row(mention_id)
            assert row is not None  # the callers only pass mentions held
            before = row_values(row, change)
            fields = {k: v for k, v in change.items() if k in CURATE_FIELDS}
            for body in _bodies(fields):
                self.feed.change(mention_id, curated_values(row, body))
                # Durable before the PUT goes out: the outbox is written first.
                self.store.outbox_add(
                    mention_id, row.alert_id, body, coalesce_after=self.outbox.coalesce_after
                )
            self._touch(mention_id)
            step.append(Change(mention_id, before, fields))
            self.on_event(MentionChanged(row))
        self.last_step = [c.mention_id for c in step]
        if step:
            if new_action:
                self.journal.record(step)
            else:
                self.journal.push(stack, step)
            self._count(self.store.outbox_count())
            self.outbox.kick()
        return len(step)

    def _replay(self: Session, source: str, target: str) -> bool:
        step = self.journal.pop(source)
        if step is None:
            return False
        # Apply the values from before the step; _apply_step records the values it replaces
        # on the other stack, so redo (and undo of a redo) is the same operation.
        changes = {c.mention_id: c.before for c in step if c.mention_id in self.feed}
        self._apply_step(changes, stack=target)
        return True

    def undo(self: Session) -> bool:
        return self._replay(UNDO, REDO)

    def redo(self: Session) -> bool:
        return self._replay(REDO, UNDO)

    def mark_seen_read(self: Session, mention_ids: Sequence[int]) -> int:
        """Exactly these mentions (those still unread), as one undo step."""
        unread = [i for i in mention_ids if (r := self.feed.row(i)) is not None and not r.read]
        return self.curate(unread, {"read": True})

    async def mark_all_read(self: Session, alert_id: int) -> None:
        """The service's whole-alert mark-all-read (not undoable), then the same locally."""
        await self._request(lambda: self.client.mark_all_read(self.account_id, alert_id))
        self._batch.flush()  # copies waiting to be written must not undo it in the store
        self._writer.drain()
        self.store.mark_alert_read(alert_id)
        self._cache.clear()
        for row in self.feed.rows():
            if row.alert_id == alert_id and not row.read:
                self.feed.change(row.id, {"read": True})
                self._touch(row.id)
                self.on_event(MentionChanged(row))

    async def create_tag(self: Session, alert_id: int, name: str) -> Tag:
        tag = await self._request(lambda: self.client.create_tag(self.account_id, alert_id, name))
        self.tags.setdefault(alert_id, []).append(tag)
        return tag

    # ---- outbox results -----------------------------------------------------------------

    def _accepted(self: Session, seq: int, mention_id: int, result: Mention | None) -> None:
        if result is None:  # done, but the answer is unreadable: the local values stand
            reason = "the service's copy could not be read"
            self.skipped.add("PUT answer", [Skipped(str(mention_id), reason)])
            self.store.outbox_done(seq)
            if not self.store.outbox_pending_for(mention_id):
                self.on_event(ActionSettled(mention_id))
            return
        self._cache.pop(mention_id, None)
        if self._batch.unsaved:
            self._batch.flush()  # an older copy waiting to be written must not overwrite this one
        # The service's copy is stored even when more actions wait: after a restart those
        # are laid over it again, so what was already accepted is never shown undone.
        _, alert_id, raw, packed = saved_copy(result)
        if mention_id in self._writer.pending:
            self._writer.drain()  # the stream's older copy must not land after this one
        self.store.outbox_accepted(seq, mention_id, alert_id, raw, packed)
        self._touch(mention_id)
        self._truth(mention_id, result)
        if not self.store.outbox_pending_for(mention_id):
            self.on_event(ActionSettled(mention_id))

    def _touch(self: Session, mention_id: int) -> None:
        self._clock += 1
        self._touched[mention_id] = self._clock

    def _truth(self: Session, mention_id: int, result: Mention) -> None:
        """Show the service's values on the row, unless more local changes wait."""
        if self.store.outbox_pending_for(mention_id):
            return  # more local changes are queued: the screen already shows them
        row = self.feed.row(mention_id)
        truth = to_row(result)
        if row is not None and _differs(row, truth):
            self.feed.change(mention_id, {n: getattr(truth, n) for n in CURATED_ROW_FIELDS})
            self.on_event(MentionChanged(row))

    async def _refused(self: Session, mention_id: int, alert_id: int, reason: str) -> None:
        self.on_event(ActionFailed(mention_id, reason))
        with contextlib.suppress(MentionError):
            truth = await self._request(
                lambda: self.client.get_mention(self.account_id, alert_id, mention_id)
            )
            self._cache.pop(mention_id, None)
            if mention_id in self._writer.pending:
                self._writer.drain()
            self.store.put_mentions([saved_copy(truth)])
            self._truth(mention_id, truth)

    def _count(self: Session, pending: int) -> None:
        if pending != self.pending:
            self.pending = pending
            self.on_event(OutboxChanged(pending))


def _bodies(fields: dict[str, Any]) -> list[dict[str, Any]]:
    """PUT bodies with the effect of `fields` set in order. Favorite marks read on the
    service, so 'favorite, yet unread' (an undo can ask for it) takes two."""
    if fields.get("favorite") is True and fields.get("read") is False:
        first = {k: v for k, v in fields.items() if k != "read"}
        return [first, {"read": False}]
    return [fields]


def _differs(a: FeedRow, b: FeedRow) -> bool:
    return curated_state(a) != curated_state(b)


def _action_for(change: Mapping[str, Any]) -> Action:
    if "tags" in change:
        return Action.TAGS
    if "tone" in change:
        return Action.TONE
    if "trashed" in change:
        return Action.TRASH
    if "folder" in change:
        return Action.FOLDER
    if "favorite" in change:
        return Action.FAVORITE
    return Action.READ
