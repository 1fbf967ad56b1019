"""Mentions in: what the stream and list pages bring becomes rows of the one feed model.

An `Intake` the Session composes. `take` drops what the session does not watch, moves
the stream's cursors over what proves nothing is missing, skips ids it holds (a replay is
never shown twice; a list page may refresh a held row instead), makes each new mention a
`FeedRow` (every string through `core.sanitize`) with any waiting actions laid over, and
inserts a chunk's new rows into the feed model in one `insert`; their copies go to the
arrivals batch, which hands them to the screen and the store's writer. Arrivals (the
stream's lines, a back-fill's gap fills and polls) then meet the rules on arrivals
(core/arrival_rules.py) before the feed shows them: `ingest`, `take_listed`.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from triage_tui.api.events import MentionLineEvent
from triage_tui.api.models import Mention
from triage_tui.api.summary import MentionSummary
from triage_tui.core.arrival_rules import ArrivalRules
from triage_tui.core.arrivals import ArrivalBatch
from triage_tui.core.convert import (
    CURATED_ROW_FIELDS,
    apply_change,
    pack_row,
    saved_copy,
    to_row,
    unpack_fields,
    unpack_row,
    unpack_rows,
)
from triage_tui.core.curator import Curator
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.masks import mask_not
from triage_tui.core.row_table import ROW_FIELDS, Batch
from triage_tui.core.rows import FeedRow
from triage_tui.core.sanitize import one_line
from triage_tui.core.store import Store

#: A PUT body's field names as the row's: tags are `tag_ids`, trashed is a folder move.
_ROW_FIELD = {"tags": "tag_ids", "trashed": "folder"}


#: (published_ns, id) of a row's fields in FeedRow's order: newest first, reversed.
_NEWEST_FIELDS = itemgetter(ROW_FIELDS.index("published_ns"), ROW_FIELDS.index("id"))


class Intake:
    def __init__(
        self,
        feed: FeedModel,
        alerts: Mapping[int, Any],
        cursors: dict[int, int],
        batch: ArrivalBatch,
        curator: Curator,
        store: Store,
        forget: Callable[[int], None],
        rules: ArrivalRules,
        notice: Callable[[str], None] = lambda _: None,
    ) -> None:
        self._feed = feed
        self._alerts = alerts
        self._cursors = cursors
        self._batch = batch
        self._curator = curator
        self._store = store
        self._forget = forget  # the Session's parsed copy of a refreshed mention goes
        self._rules = rules
        self._notice = notice
        # Actions still queued from the last run: shown on their rows as soon as the rows
        # exist (the cached copy predates them), until the service echoes them.
        self.waiting: dict[int, list[dict[str, Any]]] = {}
        for mention_id, fields in store.outbox_all():
            self.waiting.setdefault(mention_id, []).append(fields)
        # Every source type held: `source:` in a filter accepts one the app has no word for.
        self.source_types: set[str] = set()

    def ingest(self, mentions: list[Mention | MentionLineEvent], proven: bool) -> None:
        """A chunk of the stream's lines: arrivals, handed on as live ones."""
        self._take_new(mentions, advance=proven)
        self._batch.live()

    def take_listed(
        self,
        mentions: Sequence[Mention],
        *,
        newer: bool,
        fetched_at: int | None = None,
        advance: bool = True,
        held_only: bool = False,
    ) -> None:
        """A back-fill's list page: the inbox's older mentions at start (`newer` False),
        or a gap fill's or a poll's newer ones (arrivals, as the stream's are)."""
        if newer:
            self._take_new(mentions, fetched_at=fetched_at, advance=advance)
        else:
            take = self.take
            take(mentions, newer=False, fetched_at=fetched_at, advance=advance, held_only=held_only)

    def _take_new(
        self,
        mentions: Sequence[Mention | MentionLineEvent],
        *,
        fetched_at: int | None = None,
        advance: bool = True,
    ) -> None:
        """Arrivals into the feed model, then the rules on arrivals on the new rows, before
        the feed shows them (it places them at its next `show_new`): they arrive changed."""
        live = self._batch.rows[True]
        first = len(live)  # the rows these add are appended after these
        self.take(mentions, newer=True, fetched_at=fetched_at, advance=advance)
        if self._rules.active:
            self._rules.arrived(live[first:])

    def take(
        self,
        mentions: Sequence[Mention | MentionLineEvent],
        *,
        newer: bool,
        fetched_at: int | None = None,
        advance: bool = True,
        held_only: bool = False,
    ) -> None:
        """New mentions become rows (not with `held_only`: a refresh of what is held);
        held ones are dropped (a replay is never shown twice) or, for a list page fetched
        at local clock `fetched_at`, refresh the row's curation fields when nothing local
        happened to it since. `advance`: these prove that nothing below them is missing,
        so the stream's cursors may move over them (a complete list in id order, or the
        live stream); a replay not yet seen to end or one folder's back-fill proves
        nothing."""
        fresh: list[tuple[int, int, str, str]] = []
        new: dict[int, FeedRow] = {}  # one insert into the feed per page or chunk
        changed = 0  # held rows the service's copy changed (by someone else)
        for item in mentions:
            # The stream's fast path: a summary for the row, the JSON text as sent to keep.
            raw = None
            if isinstance(item, MentionLineEvent):
                mention: Mention | MentionSummary = item.summary
                raw = item.raw
            else:
                mention = item
            mention_id = int(mention.id)
            if mention.alert_id not in self._alerts:
                continue
            if advance and mention_id > self._cursors.get(mention.alert_id, 0):
                self._cursors[mention.alert_id] = mention_id
            if mention_id in new:
                continue
            if mention_id in self._feed:
                if fetched_at is not None and isinstance(mention, Mention):
                    refreshed = self._refresh(mention, fetched_at)
                    if refreshed is not None:
                        fresh.append(saved_copy(mention))
                        changed += refreshed
                continue
            if held_only:
                continue
            row = to_row(mention)
            # The service's copy, before waiting actions.
            if raw is not None:
                fresh.append((row.id, row.alert_id, raw, pack_row(row)))
            else:
                assert isinstance(mention, Mention)
                fresh.append(saved_copy(mention, row))
            new[mention_id] = self.hold(row)
            self._batch.rows[newer].append(row)
        self._feed.insert(new.values())
        self._batch.unsaved.extend(fresh)  # written in one transaction per batch, at flush
        if changed:
            what = "1 mention was" if changed == 1 else f"{changed} mentions were"
            self._notice(f"{what} changed on the service (by a teammate?): shown as they are")

    def _refresh(self, mention: Mention, fetched_at: int) -> bool | None:
        """The service's copy, changed elsewhere while we were away, onto a held row.
        None: not taken (a local change is newer); else whether the row changed."""
        mention_id = int(mention.id)
        if self._curator.changed_after(mention_id, fetched_at) or mention_id in self.waiting:
            return None  # a local change came after this page was asked for
        if self._store.outbox_pending_for(mention_id):
            self._overridden(mention)
            return None
        self._forget(mention_id)
        shown = self._curator.show_truth(mention_id, mention)
        if mention_id in self._curator.refusing:  # the user's refused action, undone now
            self._curator.refusing.discard(mention_id)
            return False
        return shown

    def _overridden(self, mention: Mention) -> None:
        """The user's action on this mention still waits to be sent, and the service's
        copy differs in a field the action does not set: someone else changed it. The
        action is still sent (last writer wins, as on the service); the user is told."""
        row = self._feed.row(int(mention.id))
        if row is None:
            return
        ours: set[str] = set()
        for mention_id, fields in self._store.outbox_all():
            if mention_id == row.id:
                ours |= {_ROW_FIELD.get(name, name) for name in fields}
        if "favorite" in ours:
            ours.add("read")  # favorite marks read on the service
        truth = to_row(mention)
        theirs = [
            name
            for name in CURATED_ROW_FIELDS
            if name not in ours and getattr(truth, name) != getattr(row, name)
        ]
        if theirs:
            title = one_line(row.title)[:60] or f"mention {row.id}"
            self._notice(
                f"“{title}”: {', '.join(theirs)} changed on the service meanwhile "
                "(by a teammate?); your change is still sent"
            )

    def hold(self, row: FeedRow) -> FeedRow:
        """A new row, with any actions still waiting for it laid over (before it joins
        the feed, so it joins where the view wants it)."""
        for fields in self.waiting.pop(row.id, ()):
            apply_change(row, fields)
        self.source_types.add(row.source_type)
        return row

    def replay_proven(self, seen: dict[int, int]) -> None:
        """The stream's replay was seen to end (or its gap was filled): the cursors may
        move over everything it brought, and are written with the next copies."""
        for alert_id, newest in seen.items():
            if newest > self._cursors.get(alert_id, 0):
                self._cursors[alert_id] = newest

    def unpack_cached(
        self, parts: Iterable[Iterable[tuple[int, int, str | None, str | None]]]
    ) -> list[FeedRow]:
        """The rows of the store's mentions (id, alert, packed row, JSON;
        `Store.iter_cached_rows`) of the alerts watched and not held yet, unpacked in bulk
        (docs/ARCHITECTURE.md, "A million mentions")."""
        return unpack_rows(parts, self._alerts, self._feed.ids(), self.cached_row)

    def unpack_batch(self, part: Iterable[tuple[int, int, str | None, str | None]]) -> Batch:
        """`unpack_cached` of one part, as columns (no object per row), newest first."""
        fields = unpack_fields([part], self._alerts, self._feed.ids(), self.cached_row)
        fields.sort(key=_NEWEST_FIELDS, reverse=True)  # stored so: one pass to be sure
        columns = [list(map(itemgetter(i), fields)) for i in range(len(ROW_FIELDS))]
        return Batch.of_fields(columns, ordered=True)

    @property
    def watched(self) -> Container[int]:
        """The ids of the alerts watched (a cached row of another is not taken)."""
        return self._alerts

    def take_cached(self, pieces: Sequence[Batch]) -> None:
        """Stored rows, as columns, into the feed model; `hold` only where an action
        waits (that row is made and taken on its own)."""
        for piece in pieces:
            held: list[FeedRow] = []
            if self.waiting and not self.waiting.keys().isdisjoint(piece.ids):
                waits = bytes(map(self.waiting.__contains__, piece.ids))
                held = [self.hold(row) for row in piece.kept(waits).rows()]
                piece = piece.kept(mask_not(waits))
            self.source_types.update(piece.coded["source_type"][0])
            self._feed.insert_batch(piece)
            self._feed.insert(held)

    def cached_row(self, mention_id: int, packed: str | None, raw: str | None) -> FeedRow | None:
        """A stored mention's row: from its packed row, else (none, or damaged) from its
        JSON; None if neither can be read (the service still has it)."""
        if packed:
            try:
                return unpack_row(packed)
            except (ValueError, TypeError, IndexError):
                raw = self._store.mention_json(mention_id)
        try:
            return to_row(Mention.model_validate_json(raw or ""))
        except (ValueError, TypeError, IndexError):
            return None
