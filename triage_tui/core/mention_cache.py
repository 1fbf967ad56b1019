"""The full mentions behind the rows: parsed on demand, the newest few kept (LRU).

A `MentionCache` the Session composes. A mention is read from the copy waiting for the
store's writer, else the store, else the arrivals batch not yet handed over; it is
parsed and sanitized once, and shown with the row's local changes laid over (curation
not yet echoed by the service).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from pydantic import ValidationError

from triage_tui.api.log import get_logger, unreadable
from triage_tui.api.models import Mention, Tag, TagRef
from triage_tui.core.arrivals import ArrivalBatch
from triage_tui.core.convert import sanitize_mention
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.sanitize import sanitize
from triage_tui.core.store import Store
from triage_tui.core.write_behind import WriteBehind

log = get_logger("session")


class MentionCache:
    def __init__(
        self,
        feed: FeedModel,
        store: Store,
        writer: WriteBehind,
        batch: ArrivalBatch,
        tags: dict[int, list[Tag]],
        size: int,
    ) -> None:
        self._feed = feed
        self._store = store
        self._writer = writer
        self._batch = batch
        self._tags = tags  # the Session's: a tag created later is known here too
        self._size = size
        self._parsed: OrderedDict[int, Mention] = OrderedDict()

    def parsed(self, mention_id: int) -> Mention | None:
        """The parsed copy if it is held, without reading anything."""
        return self._parsed.get(mention_id)

    def forget(self, mention_id: int) -> None:
        """The service sent a newer copy: parse that one next time."""
        self._parsed.pop(mention_id, None)

    def clear(self) -> None:
        self._parsed.clear()

    def get(self, mention_id: int) -> Mention | None:
        cached = self._parsed.get(mention_id)
        if cached is None:
            raw = self._writer.pending.get(mention_id) or self._store.mention_json(mention_id)
            if raw is None:
                raw = self._batch.unsaved_json(mention_id)
            if raw is None:
                return None
            try:
                cached = sanitize_mention(Mention.model_validate_json(raw))
            except ValidationError as invalid:
                # Kept from the stream's fast path, which checks only the feed's fields.
                why = unreadable(invalid)
                log.warning("mention %d: no detail, %s", mention_id, why)
                return None
            self._parsed[mention_id] = cached
            while len(self._parsed) > self._size:
                self._parsed.popitem(last=False)
        self._parsed.move_to_end(mention_id)
        row = self._feed.row(mention_id)
        if row is not None:  # local changes not yet echoed by the service
            update: dict[str, Any] = {
                "read": row.read,
                "favorite": row.favorite,
                "trashed": row.trashed,
                "folder": row.folder,
                "tone": row.tone,
            }
            if tuple(t.id for t in cached.tags) != row.tag_ids:
                known = {t.id: t for t in self._tags.get(row.alert_id, [])}
                update["tags"] = [
                    TagRef(id=i, name=sanitize(known[i].name or "") if i in known else None)
                    for i in row.tag_ids
                ]
            cached = cached.model_copy(update=update)
        return cached
