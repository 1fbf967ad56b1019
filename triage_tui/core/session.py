"""The Session: every mention held, curation with undo, and sync with the service.

See docs/ARCHITECTURE.md for the contract. The UI calls the methods below and receives
`SessionEvent`s through `on_event`; nothing here imports Textual. Curation with undo and
redo is the `Curator` (core/curator.py), which the Session composes and delegates to.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from triage_tui.api.errors import MentionError, RateLimitError
from triage_tui.api.levels import SharePermission
from triage_tui.api.log import get_logger
from triage_tui.api.models import Account, Alert, AppData, Mention, Tag
from triage_tui.core.answers import OutboxAnswers
from triage_tui.core.arrival_rules import ArrivalRules
from triage_tui.core.arrivals import ArrivalBatch
from triage_tui.core.background import BackgroundTasks
from triage_tui.core.cached_load import load_cached
from triage_tui.core.convert import sanitize_mention
from triage_tui.core.count_history import CountHistory
from triage_tui.core.curator import Curated, Curator
from triage_tui.core.events import (
    Connection,
    ConnectionChanged,
    Notice,
    OutboxChanged,
    SessionEvent,
)
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.intake import Intake
from triage_tui.core.journal import Journal
from triage_tui.core.list_readers import ListReaders
from triage_tui.core.mention_cache import MentionCache
from triage_tui.core.outbox import OutboxSender
from triage_tui.core.permissions import Action, why_not
from triage_tui.core.rows import FeedRow
from triage_tui.core.rules import RuleContext
from triage_tui.core.sanitize import one_line
from triage_tui.core.session_open import UnknownScope, gate_for, read_scope
from triage_tui.core.session_shares import ShareDesk
from triage_tui.core.session_tasks import TaskDesk
from triage_tui.core.settings import SyncSettings
from triage_tui.core.skipped import SkippedCount
from triage_tui.core.snapshot_build import build_apart, worth_building
from triage_tui.core.store import Store
from triage_tui.core.stream_sync import StreamSupervisor
from triage_tui.core.write_behind import WriteBehind

if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient
    from triage_tui.core.config_rules import Rule

log = get_logger("session")
OnEvent = Callable[[SessionEvent], None]
T = TypeVar("T")
__all__ = ["Session", "UnknownScope"]


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
        self._cursors: dict[int, int] = store.cursors()
        self._writer = WriteBehind(store, on_error=self._notice)
        self._batch = ArrivalBatch(
            self._writer, self._cursors, self.settings.batch_window, self.on_event
        )
        self.details = MentionCache(
            self.feed, store, self._writer, self._batch, tags, settings.cache_size
        )
        self._tasks = BackgroundTasks(settings.reconnect_delay, on_event)  # supervised
        self.skipped = SkippedCount(self._notice)  # unreadable mentions left out
        self.journal = Journal(store)
        self.outbox = OutboxSender(
            client,
            self.account_id,
            store,
            settings,
            # The service's answers (core/answers.py), made once the curator exists.
            on_accepted=lambda *accepted: self.answers.accepted(*accepted),
            on_refused=lambda *refused: self.answers.refused(*refused),
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
        self.answers = OutboxAnswers(
            client,
            self.account_id,
            store,
            self._writer,
            self._batch,
            self.details,
            self.curator,
            self.skipped,
            request=self._request,
            on_event=on_event,
        )
        # The config's rules with on_arrival, on what the stream brings (`use_rules`).
        self.arrival_rules = ArrivalRules(self.curator, store, self.why_not, on_event)
        self.intake = Intake(
            self.feed,
            alerts,
            self._cursors,
            self._batch,
            self.curator,
            store,
            self.details.forget,
            self.arrival_rules,
            notice=self._notice,
        )
        # Every source type held: `source:` in a filter accepts one the app has no word for.
        self.source_types = self.intake.source_types
        # Every reader of the list endpoint, each with its share of the per-alert budget.
        lists = ListReaders.build(
            client,
            self.account_id,
            alerts,
            self.feed,
            store,
            settings,
            self._cursors,
            self.skipped,
            gate=lambda: self.gate,
            request=self._request,
            take=self.intake.take,
            take_listed=self.intake.take_listed,  # the back-fill's gap fills and polls are arrivals
            clock=lambda: self.curator.clock,
            flush=self._batch.flush,
            mention=self.mention,
        )
        self.backfill = lists.backfill
        # The folder views' older pages; the stats screen's older mentions of one alert.
        self.older, self.past = lists.older, lists.past
        self.state_refresh = lists.refresh  # teammates' changes to the mentions on screen
        self.counts = CountHistory.in_store(store)  # unread and inbox over time (the app samples)
        self.shares = ShareDesk(client, self.account_id, request=self._request)
        self.task_desk = TaskDesk(
            client,
            self.account_id,
            self.account_name,
            app_data,
            self.feed,
            request=self._request,
            why_not=self.why_not,
            mention=self.mention,
            shares=self.shares.get_shares,
        )
        self.stream = StreamSupervisor(
            client,
            self.account_id,
            list(alerts),
            self._cursors,
            settings,
            ingest=self.intake.ingest,
            on_state=self._state,
            on_notice=self._notice,
            fill_gap=self.backfill.fill_gap,
            on_quiet=self._quiet,
            on_proven=self.intake.replay_proven,
        )
        # Any answer from the service (a list page, the stream opening) cuts a PUT's
        # retry backoff short: after a burst of failures, actions go out as soon as the
        # service is back, not after the longest backoff.
        client.on_answer = self.outbox.retry_now
        self.stream.skipped = self.skipped
        self.offline_reason = ""
        self.gate = self.outbox.gate = gate_for(store)
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
        """The account, its alerts, app data and tags from the service, or (unreachable,
        down or limiting us) from the store's copy: then the session opens offline."""
        store = store or Store(":memory:")
        settings = settings or SyncSettings()
        scope = await read_scope(client, store, account_id, alert_ids, settings.parallel_requests)
        session = cls(
            client,
            scope.account,
            scope.alerts,
            scope.app_data,
            scope.tags,
            store,
            on_event,
            settings,
            offline=bool(scope.offline_reason),
        )
        session.offline_reason = scope.offline_reason
        return session

    async def start(self) -> None:
        """Cached rows first (newest first, the loop handed back between parts), then the
        inbox back-fill, then the stream and the outbox."""
        # Off the event loop: ~0.1 s at 1,000,000 stored even when it removes nothing.
        await asyncio.to_thread(self.store.prune, self.settings.store_keep)
        loaded = await load_cached(self.store, self.intake, self.feed, self.on_event)
        if self.store.path != ":memory:" and worth_building(
            loaded.rows, loaded.from_snapshot, loaded.stale, self.settings.snapshot_from
        ):
            self._tasks.spawn("feed snapshot", self._build_snapshot)
        self.on_event(OutboxChanged(self.pending))
        self._tasks.spawn("outbox", self.outbox.run)
        if self.connection is Connection.OFFLINE:
            self.on_event(
                ConnectionChanged(
                    Connection.OFFLINE, self.gate.remaining() or None, self.offline_reason
                )
            )
        else:
            try:
                await self.backfill.inbox()
            except MentionError:
                pass  # the stream's replay and a later back-fill bring what was missed
            except Exception as error:  # a bug must not keep the stream from starting
                log.exception("the back-fill failed")
                self._notice(f"back-fill stopped: internal error ({type(error).__name__})")
        # A failed stream says so as a connection state too, until it runs again.
        reconnecting = partial(self._state, Connection.RECONNECTING)
        self._tasks.spawn("stream", self.stream.run, on_retry=reconnecting)
        self._tasks.spawn("teammates", self.state_refresh.run)

    async def _build_snapshot(self) -> None:
        """The feed snapshot for the next start, built apart. A failure is said once and
        not tried again this session: the next start reads every row, only slower."""
        try:
            await build_apart(self.store.path)
        except Exception as error:
            log.warning("the feed snapshot was not built: %s", error)
            self._notice(
                f"the start-up snapshot was not built ({one_line(str(error))}): "
                "the next start reads every stored row, more slowly"
            )

    def watch_on_screen(self, mention_ids: Collection[int]) -> None:
        """The mentions the user sees: their state is refreshed from the service."""
        self.state_refresh.watch(mention_ids)

    async def _request(self, make: Callable[[], Awaitable[T]]) -> T:
        """Every request the session makes waits for the shared rate-limit gate."""
        await self.gate.wait()
        try:
            return await make()
        except RateLimitError as error:
            self.gate.hit(error)
            raise

    async def stop(self) -> None:
        await self._tasks.stop()
        self._batch.flush()
        self._writer.close()  # everything received is on disk before the app exits

    def kill(self) -> None:
        """Stop at once without flushing anything (tests: a crash in the middle). What was
        not handed to the writer thread yet is dropped, as a crash would drop it, rather
        than written by a timer after the "crash"."""
        self._tasks.cancel()
        self._batch.drop()
        self._writer.drop()

    # ---- triage rules on arrivals (core/arrival_rules.py) --------------------------------

    def use_rules(self, rules: Sequence[Rule]) -> None:
        """The config's rules; those with `on_arrival` act on what the stream brings.
        A rule naming a tag or alert the account lacks turns them off, said."""
        context = RuleContext(
            alerts={i: one_line(a.name) for i, a in self.alerts.items()},
            tags={i: {t.id: one_line(t.name) for t in tags} for i, tags in self.tags.items()},
        )
        problem = self.arrival_rules.use(rules, context)
        if problem:
            self.on_event(Notice(problem, "warning"))

    def pause_rules(self, paused: bool) -> None:
        """Rules on arrivals off (or on again) for this session."""
        self.arrival_rules.paused = paused

    def undo_rules(self) -> Curated | None:
        """The last change the rules made to arrivals undone (what still stands of it), as
        the user's own undo step; None when there is none."""
        return self.curator.undo_rules()

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
        # Off the event loop: the alert's rows sit all over the published-order index,
        # ~0.5 s for 10,000 of them with 1,000,000 stored.
        await asyncio.to_thread(self.store.mark_alert_read, alert_id)
        self.details.clear()
        self.curator.mark_read(self.feed.rows(alert_id))

    async def create_tag(self, alert_id: int, name: str) -> Tag:
        tag = await self._request(lambda: self.client.create_tag(self.account_id, alert_id, name))
        self.tags.setdefault(alert_id, []).append(tag)
        return tag

    def _count(self, pending: int) -> None:
        if pending != self.pending:
            self.pending = pending
            self.on_event(OutboxChanged(pending))

    # ---- what the screen asks ---------------------------------------------------------

    def rows(self, alert_id: int | None = None) -> list[FeedRow]:
        """Every mention held (of one alert), newest first: rows made for the caller
        (the feed holds them as columns: ask for one alert where one will do)."""
        return self.feed.rows(alert_id)

    def row(self, mention_id: int) -> FeedRow | None:
        return self.feed.row(mention_id)

    def mention(self, mention_id: int) -> Mention | None:
        """The full mention (LRU, then the store), with the row's local changes."""
        return self.details.get(mention_id)

    def level(self, alert_id: int) -> SharePermission | None:
        """The user's level on the alert; None when the service sent a role the app
        does not know (it then blocks nothing, see core/permissions.py)."""
        alert = self.alerts.get(alert_id)
        return alert.permission if alert else SharePermission.READ

    def why_not(self, action: Action, mention_id: int) -> str | None:
        row = self.feed.row(mention_id)
        if row is None:
            return "unknown mention"
        mention = self.details.parsed(mention_id)
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

    @property
    def invalid_lines(self) -> int:
        """Everything unreadable the service sent and the session skipped, so far."""
        return self.skipped.total

    # ---- connection and notices ---------------------------------------------------------

    def _state(self, state: Connection, retry_in: float | None, detail: str) -> None:
        if state is Connection.LIVE and self.connection is not Connection.LIVE:
            self.outbox.retry_now()  # the service is back: don't sit out a long backoff
            if not self.backfill.started:  # opened offline: catch up now that we can
                self.backfill.started = True
                self._tasks.spawn("back-fill", self.backfill.inbox)
        self.connection = state
        self.on_event(ConnectionChanged(state, retry_in, one_line(detail)))

    def _quiet(self) -> None:
        """A stream mark: the service has sent all it had, and is up."""
        self._batch.quiet()
        self.outbox.retry_now()

    def _notice(self, text: str) -> None:
        self.on_event(Notice(text, "warning"))
