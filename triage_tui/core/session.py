"""The Session: every mention held, curation with undo, and sync with the service.

See docs/ARCHITECTURE.md for the contract. The UI calls the methods below and receives
`SessionEvent`s through `on_event`; nothing here imports Textual. Curation with undo and
redo is the `Curator` (core/curator.py), which the Session composes and delegates to.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from triage_tui.api.errors import (
    MentionError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)
from triage_tui.api.events import MentionLineEvent
from triage_tui.api.levels import SharePermission
from triage_tui.api.log import get_logger, unreadable
from triage_tui.api.models import Account, Alert, AppData, Mention, Skipped, Tag, TagRef
from triage_tui.api.shares import CreateShareRequest, Share, UpdateShareRequest
from triage_tui.api.summary import MentionSummary
from triage_tui.api.tasks import Task
from triage_tui.core.arrivals import ArrivalBatch
from triage_tui.core.convert import (
    apply_change,
    pack_row,
    sanitize_mention,
    saved_copy,
    to_row,
    unpack_row,
)
from triage_tui.core.curator import Curated, Curator
from triage_tui.core.events import (
    ActionFailed,
    ActionSettled,
    Connection,
    ConnectionChanged,
    MentionsArrived,
    Notice,
    OutboxChanged,
    SessionEvent,
)
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.journal import Journal
from triage_tui.core.outbox import OutboxSender
from triage_tui.core.permissions import Action, why_not
from triage_tui.core.rate_gate import RateGate
from triage_tui.core.rows import FeedRow
from triage_tui.core.sanitize import one_line, sanitize
from triage_tui.core.session_tasks import TaskDesk
from triage_tui.core.settings import SyncSettings
from triage_tui.core.skipped import SkippedCount
from triage_tui.core.store import Store
from triage_tui.core.stream_sync import StreamSupervisor
from triage_tui.core.write_behind import WriteBehind

if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient

log = get_logger("session")
OnEvent = Callable[[SessionEvent], None]
T = TypeVar("T")
RATE_LIMIT_KEY = "rate_limited_until"


class UnknownScope(MentionError):
    """An --account or --alert the token's account does not have."""


class Session:
    def __init__(
        self,
        client: AsyncMentionClient,
        account: Account,
        alerts: dict[int, Alert],
        app_data: AppData,
        tags: dict[int, list[Tag]],
        store: Store,
        on_event: OnEvent,
        settings: SyncSettings,
        *,
        offline: bool = False,
    ) -> None:
        self.client = client
        self.account = account
        self.account_id = account.id
        self.account_name = account.name or account.id
        self.alerts = alerts
        self.app_data = app_data
        self.tags = tags
        self.store = store
        self.on_event = on_event
        self.settings = settings
        self.connection = Connection.OFFLINE if offline else Connection.CONNECTING
        self.pending = store.outbox_count()
        self.feed = FeedModel()  # every mention held: the one owner of the rows
        self._cache: OrderedDict[int, Mention] = OrderedDict()
        self._cursors: dict[int, int] = store.cursors()
        self._writer = WriteBehind(store, on_error=self._notice)
        self._batch = ArrivalBatch(
            self._writer, self._cursors, self.settings.batch_window, self.on_event
        )
        self._tasks: list[asyncio.Task[None]] = []
        self.skipped = SkippedCount(self._notice)  # unreadable mentions left out
        self.journal = Journal(store)
        self._backfilled = False
        # Actions still queued from the last run: shown on their rows as soon as the rows
        # exist (the cached copy predates them), until the service echoes them.
        self._waiting: dict[int, list[dict[str, Any]]] = {}
        # Every source type held: `source:` in a filter accepts one the app has no word for.
        self.source_types: set[str] = set()
        for mention_id, fields in store.outbox_all():
            self._waiting.setdefault(mention_id, []).append(fields)
        self.outbox = OutboxSender(
            client,
            self.account_id,
            store,
            settings,
            on_accepted=self._accepted,
            on_refused=self._refused,
            on_count=self._count,
        )
        self.curator = Curator(
            self.feed,
            store,
            self.outbox,
            self.journal,
            why_not=self.why_not,
            on_event=on_event,
            on_count=self._count,
        )
        self.task_desk = TaskDesk(
            client,
            self.account_id,
            self.account_name,
            app_data,
            self.feed,
            request=self._request,
            why_not=self.why_not,
            mention=self.mention,
            shares=self.get_shares,
        )
        self.stream = StreamSupervisor(
            client,
            self.account_id,
            list(alerts),
            self._cursors,
            settings,
            ingest=self._ingest,
            on_state=self._state,
            on_notice=self._notice,
            fill_gap=self._fill_gap,
            on_quiet=self._quiet,
            on_proven=self._replay_proven,
        )
        # Any answer from the service (a list page, the stream opening) cuts a PUT's
        # retry backoff short: after a burst of failures, actions go out as soon as the
        # service is back, not after the longest backoff.
        client.on_answer = self.outbox.retry_now
        self.stream.skipped = self.skipped
        self.offline_reason = ""
        self.gate = self.outbox.gate = _gate_for(store)
        self.stream.gate = self.gate  # one 429 holds back every request

    # ---- opening ------------------------------------------------------------------------

    @classmethod
    async def open(
        cls,
        client: AsyncMentionClient,
        *,
        account_id: str | None,
        alert_ids: list[int] | None,
        store: Store | None,
        on_event: OnEvent,
        settings: SyncSettings | None = None,
    ) -> Session:
        store = store or Store(":memory:")
        settings = settings or SyncSettings()
        cached = store.meta("session")
        gate = _gate_for(store)
        if gate.remaining() > 0:  # a 429 of the last run still holds: ask nothing yet
            if cached is not None:
                return cls._from_cache(
                    client, cached, store, on_event, settings, alert_ids, "rate limited"
                )
            await gate.wait()
        try:
            account = await client.get_me() if account_id is None else Account(id=account_id)
            try:
                alerts = await client.list_alerts(account.id)
            except NotFoundError:
                raise UnknownScope(f"no account {account.id!r} for this token") from None
            app_data = await client.get_app_data()
            if alert_ids:
                missing = sorted(set(alert_ids) - {a.id for a in alerts})
                if missing:
                    names = ", ".join(map(str, missing))
                    raise UnknownScope(
                        f"no alert {names} on this account (`mention-triage alerts` lists them)"
                    )
                alerts = [a for a in alerts if a.id in set(alert_ids)]
            tags = {a.id: await client.list_tags(account.id, a.id) for a in alerts}
        except (TransportError, ServerError, RateLimitError) as error:
            # Unreachable, down or limiting us: open on the cache when there is one.
            if isinstance(error, RateLimitError):
                gate.hit(error)
            if cached is None:
                raise
            why = "rate limited" if isinstance(error, RateLimitError) else "unreachable"
            return cls._from_cache(client, cached, store, on_event, settings, alert_ids, why)
        store.set_meta(
            "session",
            {
                "account": account.model_dump(mode="json"),
                "alerts": [a.model_dump(mode="json") for a in alerts],
                "app_data": app_data.model_dump(mode="json"),
                "tags": {str(k): [t.model_dump(mode="json") for t in v] for k, v in tags.items()},
            },
        )
        return cls(
            client, account, {a.id: a for a in alerts}, app_data, tags, store, on_event, settings
        )

    @classmethod
    def _from_cache(
        cls,
        client: AsyncMentionClient,
        cached: dict[str, Any],
        store: Store,
        on_event: OnEvent,
        settings: SyncSettings,
        alert_ids: list[int] | None,
        why: str,
    ) -> Session:
        alerts = [Alert.model_validate(a) for a in cached["alerts"]]
        if alert_ids:
            alerts = [a for a in alerts if a.id in set(alert_ids)]
        tags = {int(k): [Tag.model_validate(t) for t in v] for k, v in cached["tags"].items()}
        session = cls(
            client,
            Account.model_validate(cached["account"]),
            {a.id: a for a in alerts},
            AppData.model_validate(cached["app_data"]),
            tags,
            store,
            on_event,
            settings,
            offline=True,
        )
        session.offline_reason = f"service {why}: showing cached mentions"
        return session

    async def start(self) -> None:
        """Cached rows first, then the inbox back-fill, then the stream and the outbox."""
        self.store.prune(self.settings.store_keep)
        cached = []
        for mention_id, alert_id, packed, raw in self.store.cached_rows():
            if alert_id in self.alerts and mention_id not in self.feed:
                row = self._cached_row(mention_id, packed, raw)
                if row is not None:
                    cached.append(self._hold(row))
        self.feed.insert(cached)
        if cached:
            self.on_event(MentionsArrived(cached, newer=False))
        self.on_event(OutboxChanged(self.pending))
        self._spawn("outbox", self.outbox.run)
        if self.connection is Connection.OFFLINE:
            self.on_event(
                ConnectionChanged(
                    Connection.OFFLINE, self.gate.remaining() or None, self.offline_reason
                )
            )
        else:
            try:
                await self._backfill()
            except MentionError:
                pass  # the stream's replay and a later back-fill bring what was missed
            except Exception as error:  # a bug must not keep the stream from starting
                log.exception("the back-fill failed")
                self._notice(f"back-fill stopped: internal error ({type(error).__name__})")
        self._spawn("stream", self.stream.run)

    def _spawn(self, name: str, work: Callable[[], Awaitable[None]]) -> None:
        self._tasks.append(asyncio.create_task(self._supervised(name, work), name=name))

    async def _supervised(self, name: str, work: Callable[[], Awaitable[None]]) -> None:
        """Run a background task of the session; one that ends by an error (a bug, a
        value nothing else caught) is logged, said, and started again after a backoff,
        so that no task of the session ever dies silently."""
        failures = 0
        while True:
            try:
                await work()
                return
            except MentionError as error:  # the back-fill's network errors: said, not logged
                problem = one_line(str(error))
            except Exception as error:
                log.exception("the %s task failed", name)
                problem = f"internal error ({type(error).__name__}), see the log"
            failures += 1
            delay = self.settings.reconnect_delay(failures)
            if name == "stream":
                self._state(Connection.RECONNECTING, delay, problem)
            self.on_event(Notice(f"{name} stopped: {problem}; again in {delay:.0f} s", "error"))
            await asyncio.sleep(delay)

    def _cached_row(self, mention_id: int, packed: str | None, raw: str | None) -> FeedRow | None:
        """A stored mention's row: from its packed row, else (none, or damaged) from its
        JSON; None if neither can be read (the service still has it)."""
        if packed:
            try:
                return unpack_row(packed)
            except (ValueError, TypeError, IndexError):
                raw = self.store.mention_json(mention_id)
        try:
            return to_row(_parse(raw or ""))
        except (ValueError, TypeError, IndexError):
            return None

    async def _backfill(self) -> None:
        self._backfilled = True
        if self.settings.backfill_limit <= 0:
            return  # the stream's replay (since_id) brings everything
        for alert_id in self.alerts:
            # The inbox back-fill never moves a cursor the last run left: it fetched one
            # folder, and the stream's replay from that cursor brings every folder (what
            # was filed to spam or archive meanwhile too). On a first run there is no
            # cursor, and nothing older than the newest page is promised.
            first_run = alert_id not in self._cursors
            got = 0
            clock = self.curator.clock
            page = await self._request(
                lambda a=alert_id: self.client.list_mentions(
                    self.account_id, a, folder="inbox", limit=self.settings.backfill_page
                )
            )
            while True:
                self.skipped.add("mention of a list page", page.skipped)
                self._take(page.mentions, newer=False, fetched_at=clock, advance=first_run)
                got += len(page.mentions)
                more = page.links.more
                if more is None or got >= self.settings.backfill_limit:
                    break
                clock = self.curator.clock
                page = await self._request(lambda more=more: self.client.follow(more))
        self._batch.flush()

    async def _request(self, make: Callable[[], Awaitable[T]]) -> T:
        """Every request the session makes waits for the shared rate-limit gate."""
        await self.gate.wait()
        try:
            return await make()
        except RateLimitError as error:
            self.gate.hit(error)
            raise

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        self._batch.flush()
        self._writer.close()  # everything received is on disk before the app exits

    def kill(self) -> None:
        """Stop at once without flushing anything (tests: a crash in the middle). What was
        not handed to the writer thread yet is dropped, as a crash would drop it, rather
        than written by a timer after the "crash"."""
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()
        self._batch.drop()
        self._writer.drop()

    # ---- mentions in ------------------------------------------------------------------

    def _take(
        self,
        mentions: Sequence[Mention | MentionLineEvent],
        *,
        newer: bool,
        fetched_at: int | None = None,
        advance: bool = True,
    ) -> None:
        """New mentions become rows; held ones are dropped (a replay is never shown twice)
        or, for a list page fetched at local clock `fetched_at`, refresh the row's
        curation fields when nothing local happened to it since. `advance`: these prove
        that nothing below them is missing, so the stream's cursors may move over them
        (a complete list in id order, or the live stream); a replay not yet seen to end
        or one folder's back-fill proves nothing."""
        fresh: list[tuple[int, int, str, str]] = []
        new: dict[int, FeedRow] = {}  # one insert into the feed per page or chunk
        for item in mentions:
            # The stream's fast path: a summary for the row, the JSON text as sent to keep.
            raw = None
            if isinstance(item, MentionLineEvent):
                mention: Mention | MentionSummary = item.summary
                raw = item.raw
            else:
                mention = item
            mention_id = int(mention.id)
            if mention.alert_id not in self.alerts:
                continue
            if advance and mention_id > self._cursors.get(mention.alert_id, 0):
                self._cursors[mention.alert_id] = mention_id
            if mention_id in new:
                continue
            if mention_id in self.feed:
                if (
                    fetched_at is not None
                    and isinstance(mention, Mention)
                    and self._refresh(mention, fetched_at)
                ):
                    fresh.append(saved_copy(mention))
                continue
            row = to_row(mention)
            # The service's copy, before waiting actions.
            if raw is not None:
                fresh.append((row.id, row.alert_id, raw, pack_row(row)))
            else:
                assert isinstance(mention, Mention)
                fresh.append(saved_copy(mention, row))
            new[mention_id] = self._hold(row)
            self._batch.rows[newer].append(row)
        self.feed.insert(new.values())
        self._batch.unsaved.extend(fresh)  # written in one transaction per batch, at flush

    def _refresh(self, mention: Mention, fetched_at: int) -> bool:
        """The service's copy, changed elsewhere while we were away, onto a held row."""
        mention_id = int(mention.id)
        if self.curator.changed_after(mention_id, fetched_at) or mention_id in self._waiting:
            return False  # a local change came after this page was asked for
        if self.store.outbox_pending_for(mention_id):
            return False
        self._cache.pop(mention_id, None)
        self.curator.show_truth(mention_id, mention)
        return True

    def _hold(self, row: FeedRow) -> FeedRow:
        """A new row, with any actions still waiting for it laid over (before it joins
        the feed, so it joins where the view wants it)."""
        for fields in self._waiting.pop(row.id, ()):
            apply_change(row, fields)
        self.source_types.add(row.source_type)
        return row

    def _ingest(self, mentions: list[Mention | MentionLineEvent], proven: bool) -> None:
        self._take(mentions, newer=True, advance=proven)
        self._batch.live()

    def _replay_proven(self, seen: dict[int, int]) -> None:
        """The stream's replay was seen to end (or its gap was filled): the cursors may
        move over everything it brought, and are written with the next copies."""
        for alert_id, newest in seen.items():
            if newest > self._cursors.get(alert_id, 0):
                self._cursors[alert_id] = newest

    async def _fill_gap(self, alert_id: int, since_id: int) -> None:
        """Everything above `since_id` from the list endpoint, oldest first, page by page."""
        since = since_id
        while True:
            page = await self._request(
                lambda since=since: self.client.list_mentions(
                    self.account_id, alert_id, since_id=since, limit=self.settings.backfill_page
                )
            )
            self.skipped.add("mention of a list page", page.skipped)
            if not page.mentions:
                break
            self._take(page.mentions, newer=True)
            since = max(since, *(int(m.id) for m in page.mentions))
            if len(page.mentions) < self.settings.backfill_page:
                break
        self._batch.flush()

    # ---- curation: the Curator's, and the service's answers to it ----------------------

    def curate(
        self, mention_ids: Sequence[int], change: dict[str, Any], *, rule: Action | None = None
    ) -> Curated:
        """The change on these mentions at once, one undo step, its PUTs queued; returns
        how many changed (an int) with the ids changed and those the rules refused
        (`rule`: the permission checked, once per mention; by default the change's)."""
        return self.curator.curate(mention_ids, change, rule)

    def undo(self) -> Curated | None:
        """The last step undone: the mentions changed back; None when there is none."""
        return self.curator.undo()

    def redo(self) -> Curated | None:
        return self.curator.redo()

    def mark_seen_read(self, mention_ids: Sequence[int]) -> Curated:
        """Exactly these mentions (those still unread), as one undo step."""
        return self.curator.mark_seen_read(mention_ids)

    async def mark_all_read(self, alert_id: int) -> None:
        """The service's whole-alert mark-all-read (not undoable), then the same locally."""
        await self._request(lambda: self.client.mark_all_read(self.account_id, alert_id))
        self._batch.flush()  # copies waiting to be written must not undo it in the store
        self._writer.drain()
        self.store.mark_alert_read(alert_id)
        self._cache.clear()
        self.curator.mark_read([r for r in self.feed.rows() if r.alert_id == alert_id])

    async def create_tag(self, alert_id: int, name: str) -> Tag:
        tag = await self._request(lambda: self.client.create_tag(self.account_id, alert_id, name))
        self.tags.setdefault(alert_id, []).append(tag)
        return tag

    def _accepted(self, seq: int, mention_id: int, result: Mention | None) -> None:
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
        self.curator.touch(mention_id)
        self.curator.show_truth(mention_id, result)
        if not self.store.outbox_pending_for(mention_id):
            self.on_event(ActionSettled(mention_id))

    async def _refused(self, mention_id: int, alert_id: int, reason: str) -> None:
        self.on_event(ActionFailed(mention_id, reason))
        with contextlib.suppress(MentionError):
            truth = await self._request(
                lambda: self.client.get_mention(self.account_id, alert_id, mention_id)
            )
            self._cache.pop(mention_id, None)
            if mention_id in self._writer.pending:
                self._writer.drain()
            self.store.put_mentions([saved_copy(truth)])
            self.curator.show_truth(mention_id, truth)

    def _count(self, pending: int) -> None:
        if pending != self.pending:
            self.pending = pending
            self.on_event(OutboxChanged(pending))

    # ---- what the screen asks ---------------------------------------------------------

    def rows(self) -> list[FeedRow]:
        """Every mention held, newest first (a copy of the feed model's order)."""
        return self.feed.rows()

    def row(self, mention_id: int) -> FeedRow | None:
        return self.feed.row(mention_id)

    def mention(self, mention_id: int) -> Mention | None:
        cached = self._cache.get(mention_id)
        if cached is None:
            raw = self._writer.pending.get(mention_id) or self.store.mention_json(mention_id)
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
            self._cache[mention_id] = cached
            while len(self._cache) > self.settings.cache_size:
                self._cache.popitem(last=False)
        self._cache.move_to_end(mention_id)
        row = self.feed.row(mention_id)
        if row is not None:  # local changes not yet echoed by the service
            update: dict[str, Any] = {
                "read": row.read,
                "favorite": row.favorite,
                "trashed": row.trashed,
                "folder": row.folder,
                "tone": row.tone,
            }
            if tuple(t.id for t in cached.tags) != row.tag_ids:
                known = {t.id: t for t in self.tags.get(row.alert_id, [])}
                update["tags"] = [
                    TagRef(id=i, name=sanitize(known[i].name or "") if i in known else None)
                    for i in row.tag_ids
                ]
            cached = cached.model_copy(update=update)
        return cached

    def level(self, alert_id: int) -> SharePermission | None:
        """The user's level on the alert; None when the service sent a role the app
        does not know (it then blocks nothing, see core/permissions.py)."""
        alert = self.alerts.get(alert_id)
        return alert.permission if alert else SharePermission.READ

    def why_not(self, action: Action, mention_id: int) -> str | None:
        row = self.feed.row(mention_id)
        if row is None:
            return "unknown mention"
        mention = self._cache.get(mention_id)
        if mention is None and action not in (Action.READ, Action.MANAGE_SHARES):
            mention = self.mention(mention_id)
        return why_not(action, self.level(row.alert_id), mention)

    async def load_children(self, mention_id: int) -> list[Mention]:
        row = self.feed.row(mention_id)
        if row is None:
            return []
        page = await self._request(
            lambda: self.client.get_children(self.account_id, row.alert_id, mention_id)
        )
        return [sanitize_mention(m) for m in page.children]

    # ---- shares: through the rate gate like every other request -------------------------

    # ---- tasks (core/session_tasks.py) ------------------------------------------------------

    def task_types(self) -> list[tuple[str, str]]:
        return self.task_desk.task_types()

    def task_type_name(self, code: str) -> str:
        return self.task_desk.task_type_name(code)

    async def teammates(self, alert_id: int) -> list[tuple[str, str]]:
        return await self.task_desk.teammates(alert_id)

    def tasks(self, mention_id: int) -> list[Task]:
        return self.task_desk.tasks(mention_id)

    async def create_task(self, mention_id: int, type: str, comment: str, assigned_to: str) -> Task:
        return await self.task_desk.create_task(mention_id, type, comment, assigned_to)

    async def complete_task(self, mention_id: int, task_id: str) -> Task:
        return await self.task_desk.complete_task(mention_id, task_id)

    async def get_shares(self, alert_id: int) -> list[Share]:
        response = await self._request(
            lambda: self.client.get_shares(self.account_id, str(alert_id))
        )
        return list(response.shares)

    async def add_share(self, alert_id: int, email: str, permission: SharePermission) -> Share:
        request = CreateShareRequest(email=email, permission=permission)
        return await self._request(
            lambda: self.client.create_share(self.account_id, str(alert_id), request)
        )

    async def update_share(
        self, alert_id: int, share_id: str, permission: SharePermission
    ) -> Share:
        request = UpdateShareRequest(permission=permission)
        return await self._request(
            lambda: self.client.update_share(self.account_id, str(alert_id), share_id, request)
        )

    async def delete_share(self, alert_id: int, share_id: str) -> None:
        await self._request(
            lambda: self.client.delete_share(self.account_id, str(alert_id), share_id)
        )

    @property
    def invalid_lines(self) -> int:
        """Everything unreadable the service sent and the session skipped, so far."""
        return self.skipped.total

    # ---- connection and notices ---------------------------------------------------------

    def _state(self, state: Connection, retry_in: float | None, detail: str) -> None:
        if state is Connection.LIVE and self.connection is not Connection.LIVE:
            self.outbox.retry_now()  # the service is back: don't sit out a long backoff
            if not self._backfilled:  # opened offline: catch up now that we can
                self._backfilled = True
                self._spawn("back-fill", self._backfill)
        self.connection = state
        self.on_event(ConnectionChanged(state, retry_in, one_line(detail)))

    def _quiet(self) -> None:
        """A stream mark: the service has sent all it had, and is up."""
        self._batch.quiet()
        self.outbox.retry_now()

    def _notice(self, text: str) -> None:
        self.on_event(Notice(text, "warning"))


def _parse(raw: str) -> Mention:
    return Mention.model_validate_json(raw)


def _gate_for(store: Store) -> RateGate:
    """The rate gate, starting from the reset time a previous run was told (if any)."""
    until = store.meta(RATE_LIMIT_KEY)
    return RateGate(float(until or 0.0), on_hit=lambda reset: store.set_meta(RATE_LIMIT_KEY, reset))
