"""The stream supervisor: stay connected, resume where we were, miss nothing.

Reconnects after a drop, an HTTP error, a refused second stream (409) or a stall (no
line, not even a mark, for two keep-alive periods), with capped exponential backoff and
jitter. Each connection asks for `since_id` per alert = the newest id seen, so the service
replays what was missed; ids already held are dropped (the caller dedupes). When the replay
is capped (the 1000-per-alert warning) the gap is filled from the list endpoint.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from triage_tui.api.errors import (
    AuthenticationError,
    ConflictError,
    MentionError,
    RateLimitError,
)
from triage_tui.api.events import (
    InvalidLine,
    MarkEvent,
    MentionEvent,
    MentionLineEvent,
    UnknownEvent,
    WarningEvent,
)
from triage_tui.api.log import get_logger
from triage_tui.api.models import Mention, Skipped
from triage_tui.core.events import TOKEN_REJECTED, Connection
from triage_tui.core.in_parallel import in_parallel
from triage_tui.core.rate_gate import RateGate
from triage_tui.core.sanitize import one_line
from triage_tui.core.settings import SyncSettings
from triage_tui.core.skipped import SkippedCount

if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient

log = get_logger("stream")

#: What the status line says while polling (with "next check in N s").
POLLING_DETAIL = "the stream is open elsewhere"
#: The mentions, and whether they may move the cursors (see `StreamSupervisor._ingest`).
Ingest = Callable[[list[Mention | MentionLineEvent], bool], None]
StateChanged = Callable[[Connection, float | None, str], None]


class StreamSupervisor:
    def __init__(
        self,
        client: AsyncMentionClient,
        account_id: str,
        alert_ids: list[int],
        cursors: dict[int, int],
        settings: SyncSettings,
        *,
        ingest: Ingest,
        on_state: StateChanged,
        on_notice: Callable[[str], None],
        fill_gap: Callable[[int, int], Awaitable[None]],
        on_quiet: Callable[[], None] = lambda: None,
        on_proven: Callable[[dict[int, int]], None] = lambda _seen: None,
    ) -> None:
        self.client = client
        self.account_id = account_id
        self.alert_ids = alert_ids
        self.cursors = cursors  # shared with the session: newest id seen per alert
        self.settings = settings
        self.ingest = ingest
        self.on_state = on_state
        self.on_quiet = on_quiet  # a mark: the service has sent all it had for now
        self.on_proven = on_proven  # a replay ended: the cursors may move over it
        self.on_notice = on_notice
        self.fill_gap = fill_gap
        self.gate = RateGate()  # replaced by the session's shared gate
        self.connections = 0
        self._replay: _Replay | None = None  # the current connection's
        self.skipped = SkippedCount(on_notice)  # replaced by the session's own count
        self._capped_said = False

    async def run(self) -> None:
        failures = 0
        state = Connection.CONNECTING
        while True:
            if self.gate.remaining() > 0:
                self.on_state(Connection.RECONNECTING, self.gate.remaining(), "rate limited")
                await self.gate.wait()
            self.on_state(state, None, "")
            try:
                await self._one_connection()
                detail = "the stream ended"
            except TimeoutError:
                detail = "the stream went silent"
            except RateLimitError as error:
                self.gate.hit(error)
                detail = "rate limited by the service"
            except AuthenticationError:  # tried again now and then: a token can be fixed
                self.on_state(Connection.REJECTED, self.settings.backoff_cap, TOKEN_REJECTED)
                await asyncio.sleep(self.settings.backoff_cap)
                continue
            except ConflictError:  # one stream per account, and another holds it
                await self._poll_while_held()
                failures, state = 0, Connection.CONNECTING
                continue
            except MentionError as error:
                detail = one_line(str(error))
            except Exception as error:  # a bug or a value nothing else caught: reconnect
                log.exception("the stream connection failed")
                detail = f"internal error ({type(error).__name__}), see the log"
            await self._fill_unproven()
            failures = 0 if self._was_live else failures + 1
            delay = self.settings.reconnect_delay(failures)
            self.on_state(
                Connection.RECONNECTING if failures < 6 else Connection.OFFLINE, delay, detail
            )
            log.info("stream: %s; reconnecting in %.1f s", detail, delay)
            await asyncio.sleep(delay)
            state = Connection.RECONNECTING

    async def _poll_while_held(self) -> None:
        """The account's one stream is open elsewhere (a teammate's app, a `stream` in
        cron): keep the feed live from the list endpoint, `since_id` per alert, at a
        pace inside the list budget (3,600 calls per alert per day, shared with the
        back-fill and the folder views), then try to take the stream back."""
        s = self.settings
        for _ in range(s.polls_per_retake):
            self.on_state(Connection.POLLING, s.poll_interval, POLLING_DETAIL)
            # A few alerts at a time: one after the other, 100 alerts' polls took 100
            # round trips of every interval.
            polls = [partial(self._poll, alert_id) for alert_id in self.alert_ids]
            await in_parallel(polls, s.parallel_requests)
            await asyncio.sleep(s.poll_interval)

    async def _poll(self, alert_id: int) -> None:
        since = self.cursors.get(alert_id)
        if since is None:
            return  # never back-filled: nothing to go on from yet
        try:
            await self.fill_gap(alert_id, since)  # complete, in id order
        except RateLimitError as error:
            self.gate.hit(error)
        except MentionError as error:
            log.info("polling %s: %s", alert_id, one_line(str(error)))

    async def _other(self, event: object, since: dict[int, int], replay: _Replay) -> None:
        """A warning, a mark, an unreadable line or an unknown event."""
        if isinstance(event, WarningEvent):
            if event.history_capped:
                if not self._capped_said:
                    self._capped_said = True
                    self.on_notice(
                        "Replay capped by the service; filling the gap from the list endpoint"
                    )
                if not replay.filled:
                    # The warning names no alert, and the service does not say which 1000
                    # it sent: list everything above each since_id asked for (what is
                    # already held is dropped), once. The list is complete and in id
                    # order, so it proves the replay whatever came of it.
                    for alert_id, since_id in since.items():
                        await self.fill_gap(alert_id, since_id)
                    replay.filled = True
                    self._prove(replay)
        elif isinstance(event, MarkEvent):
            self._prove(replay)  # the service has sent all it had: the replay ended
            self.on_quiet()
        elif isinstance(event, InvalidLine):
            self.skipped.add("stream line", [Skipped(event.mention_id, event.reason)])
        elif isinstance(event, UnknownEvent):
            pass  # a type we don't know yet (and marks): a notice, never a crash

    async def _fill_unproven(self) -> None:
        """A connection that died in the middle of its replay proved nothing, and the
        next one would replay the same lines: one that keeps dying there would never
        move on. So what lies above the cursors it was asked from is fetched from the
        list endpoint now (complete and in id order: it moves the cursors)."""
        replay, self._replay = self._replay, None
        if replay is None or not replay.pending or not replay.seen:
            return
        for alert_id, since_id in replay.since.items():
            try:
                await self.fill_gap(alert_id, since_id)
            except RateLimitError as error:
                self.gate.hit(error)
                return
            except MentionError as error:  # the next connection replays it instead
                log.info("filling an unfinished replay of %s: %s", alert_id, one_line(str(error)))
                return

    def _prove(self, replay: _Replay) -> None:
        if replay.pending:
            replay.pending = False
            self.on_proven(replay.seen)

    def _ingest(self, mentions: list[Mention | MentionLineEvent], replay: _Replay) -> None:
        """To the session (which batches for the screen); while the replay is not proven,
        its newest id per alert waits in `replay.seen` instead of moving the cursors: a
        connection that dies mid-replay (the service replays the newest 1,000 and warns
        after them) must not leave a cursor above mentions it never sent."""
        if replay.pending:
            seen = replay.seen
            for item in mentions:
                m = item.summary if isinstance(item, MentionLineEvent) else item
                mention_id = int(m.id)
                if mention_id > seen.get(m.alert_id, 0):
                    seen[m.alert_id] = mention_id
        self.ingest(mentions, not replay.pending)

    async def _one_connection(self) -> None:
        self._was_live = False
        since = {a: self.cursors[a] for a in self.alert_ids if a in self.cursors}
        replay = self._replay = _Replay(pending=bool(since), since=since)
        stream = self.client.stream_batches(self.account_id, self.alert_ids, since, fast=True)
        iterator = stream.__aiter__()
        try:
            while True:
                try:
                    async with asyncio.timeout(self.settings.stall_timeout):
                        batch = await iterator.__anext__()
                except StopAsyncIteration:
                    return
                if not self._was_live:
                    self._was_live = True
                    self.connections += 1
                    self.on_state(Connection.LIVE, None, "")
                mentions: list[Mention | MentionLineEvent] = []
                for event in batch:
                    if isinstance(event, MentionLineEvent):
                        mentions.append(event)
                    elif isinstance(event, MentionEvent):
                        mentions.append(event.mention)
                    else:
                        if mentions:  # in order: what came before a warning first
                            self._ingest(mentions, replay)
                            mentions = []
                        await self._other(event, since, replay)
                if mentions:
                    self._ingest(mentions, replay)
                # Data already buffered never suspends the read: let keys and paints in.
                await asyncio.sleep(0)
        finally:
            await stream.aclose()


@dataclass
class _Replay:
    """One connection's replay of what came after its since_ids."""

    pending: bool  # asked with since_ids, and not yet seen to end
    since: dict[int, int] = field(default_factory=dict)  # what the connection asked from
    seen: dict[int, int] = field(default_factory=dict)  # newest id per alert, meanwhile
    filled: bool = False  # its gap was filled from the list endpoint
