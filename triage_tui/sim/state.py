"""The simulator's state: what the fake service holds, its faults, and what it was asked.

Thread-safe: tests read and change it from their own thread while uvicorn serves from
another. Mention JSON is serialized once per change and kept, so a replay of thousands of
mentions costs a join, not a json.dumps per line.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from triage_tui.sim import account_data, data
from triage_tui.sim.children import with_children


@dataclass
class Faults:
    """What goes wrong, changeable at any time from any thread (see docs in SIM_API.md)."""

    drop_stream_after: int | None = None  # close a stream after N mention lines
    #: How that close looks: "end" (the body ends cleanly) or "cut" (half of the next line,
    #: then the connection closes without ending the body: a reset, as real drops are).
    drop_stream_mode: str = "end"
    put_failure_rate: float = 0.0  # 0..1 of mention PUTs fail
    put_failure_mode: str = "500"  # "500" | "reset" | "mixed"
    fail_after_apply: bool = False  # a failing PUT applied its change first
    rate_limit_for: float | None = None  # a 429 window of that many seconds; cleared after
    latency: float = 0.0  # seconds added to every response
    pause_marks: bool = False  # a stall: no marks, connection stays open
    stream_history_cap: int = 1000  # replay per alert, then a warning
    #: Which mentions a capped replay keeps: the "oldest" or the "newest" above since_id
    #: (the service does not say which), and whether its warning comes "after" or
    #: "before" the replayed lines.
    replay_keep: str = "oldest"
    warn_position: str = "after"
    refuse_stream: bool = False  # every stream request -> 409
    fail_lists: int = 0  # the next N list-mentions requests answer 500
    #: (old, new) byte replacements in every list page and stream chunk: values
    #: json.dumps cannot write (1e400, a 5,000-digit number, invalid UTF-8, nesting
    #: 100,000 deep)
    rewrite: tuple[tuple[bytes, bytes], ...] = ()

    def rewritten(self, payload: bytes) -> bytes:
        for old, new in self.rewrite:
            payload = payload.replace(old, new)
        return payload

    def __setattr__(self, name: str, value: Any) -> None:
        # Each assignment of rate_limit_for starts a new window, even with the same value.
        if name == "rate_limit_for":
            object.__setattr__(self, "_limit_generation", self.limit_generation + 1)
        object.__setattr__(self, name, value)

    def reset(self) -> None:
        """Back to no faults at all (ends a rate-limit window too)."""
        for item in fields(self):
            setattr(self, item.name, item.default)

    @property
    def limit_generation(self) -> int:
        return int(self.__dict__.get("_limit_generation", 0))


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    body: dict[str, Any] | None
    at: float
    status: int


@dataclass
class _Stored:
    mention: dict[str, Any]
    line: bytes = b""

    def refresh(self) -> None:
        self.line = json.dumps({"type": "mention", "mention": self.mention}).encode() + b"\n"


@dataclass
class StreamSubscriber:
    alert_ids: set[int]
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[bytes | None] = field(default_factory=asyncio.Queue)
    #: Per alert, the replay lines taken when the stream opened (same lock as subscribing,
    #: so a mention added meanwhile is either replayed or sent live, never both, never lost).
    replay: dict[int, tuple[list[bytes], int]] = field(default_factory=dict)
    dropped: bool = False  # the drop fault hung up on it (a "cut" drop ends no body)


class SimState:
    def __init__(
        self,
        seed: int = 7,
        mentions_per_alert: int = 60,
        epoch: datetime | None = None,
        alert_count: int = 3,
        history: dict[str, int] | None = None,
    ) -> None:
        self._lock = threading.RLock()
        self.rng = random.Random(seed + 1)
        #: Which PUTs fail (put_failure_rate < 1) is drawn from here: same seed, same order.
        self.fault_rng = random.Random(seed + 2)
        #: The data's "now": fixed for tests and screenshots, the real time for the demo.
        self.epoch = epoch or datetime.now(UTC).replace(microsecond=0)
        self.factory_seed = seed
        self.factory = data.MentionFactory(seed, self.epoch, mentions_per_alert * alert_count)
        self.faults = Faults()
        self.token = "demo-token"  # the bearer token this fake service accepts
        self.account = {"id": data.ACCOUNT_ID, "name": "Demo Brand", "email": "demo@demo.example"}
        self._alerts = {a["id"]: a for a in data.alerts(alert_count)}
        self._mentions: dict[int, dict[int, _Stored]] = {a: {} for a in self._alerts}
        self._tags: dict[int, list[dict[str, Any]]] = {}
        self._shares: dict[int, list[dict[str, Any]]] = {}
        self._subscribers: list[StreamSubscriber] = []
        self._streams_opened = 0
        self._log: list[Request] = []
        self._limited_until = 0.0
        self._limit_generation = 0  # the Faults.rate_limit_for assignment the window is for
        self.requests_while_limited = 0
        self._share_seq = 100
        self._task_seq = 7000
        for n, alert in enumerate(self._alerts.values()):
            self._tags[alert["id"]] = account_data.make_tags(alert, 900 + 10 * n)
            self._shares[alert["id"]] = account_data.make_shares(alert, self.rng, self.epoch)
        if history:
            self._add_history(history)
        # Interleave alerts so ids grow with found time across the account.
        for _ in range(mentions_per_alert):
            for alert in self._alerts.values():
                self._store(self._decorate(self.factory.make(alert)))

    # ---- helpers --------------------------------------------------------------------

    def _decorate(self, mention: dict[str, Any]) -> dict[str, Any]:
        alert_id = mention["alert_id"]
        if self.rng.random() < 0.25:
            tags = self._tags[alert_id]
            mention["tags"] = [{"id": self.rng.choice(tags)["id"]}]
        if self.rng.random() < 0.15:
            with_children(mention, self.rng.randint(1, 5))
        return mention

    def _add_history(self, history: dict[str, int]) -> None:
        """Older mentions filed away before the recent ones (lower ids, earlier times):
        `history` says how many per alert in each folder. Every fifth is a favorite. They
        come from their own factory and random stream, so the recent mentions are the
        same with or without them."""
        per_alert = sum(history.values())
        total = per_alert * len(self._alerts)
        start = self.factory.clock  # where the recent mentions begin
        old = data.MentionFactory(self.factory_seed + 3, start, total)
        old.next_id = 400_000_000
        folders = [f for f, n in history.items() for _ in range(n)]
        random.Random(self.factory_seed + 4).shuffle(folders)
        for n, folder in enumerate(folders):
            for alert in self._alerts.values():
                fields: dict[str, Any] = {"folder": folder, "folder_set_by_user": True}
                if n % 5 == 0:
                    fields.update(favorite=True, read=True)  # a favorite is read
                else:
                    fields["favorite"] = False
                self._store(old.make(alert, **fields))

    def _store(self, mention: dict[str, Any]) -> _Stored:
        stored = _Stored(mention)
        stored.refresh()
        self._mentions[mention["alert_id"]][int(mention["id"])] = stored
        return stored

    # ---- read access for tests --------------------------------------------------------

    @property
    def alert_ids(self) -> list[int]:
        return list(self._alerts)

    def alert(self, alert_id: int) -> dict[str, Any] | None:
        with self._lock:
            alert = self._alerts.get(alert_id)
            return dict(alert) if alert else None

    def alerts(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(a) for a in self._alerts.values()]

    def mention(self, alert_id: int, mention_id: int | str) -> dict[str, Any] | None:
        with self._lock:
            stored = self._mentions.get(alert_id, {}).get(int(mention_id))
            return json.loads(json.dumps(stored.mention)) if stored else None

    def mentions(self, alert_id: int) -> list[dict[str, Any]]:
        with self._lock:
            items = sorted(self._mentions.get(alert_id, {}).items(), reverse=True)
            return [json.loads(json.dumps(s.mention)) for _, s in items]

    def stored(self, alert_id: int) -> dict[int, _Stored]:
        """The live map (callers hold `lock`)."""
        return self._mentions.get(alert_id, {})

    @property
    def lock(self) -> threading.RLock:
        return self._lock

    def alert_json(self, alert_id: int, *, with_shares: bool = False) -> dict[str, Any]:
        """The alert as the service answers it, its counts taken from the mentions held
        now; with its shares embedded for GET one alert (as the real service does)."""
        with self._lock:
            alert = self._alerts[alert_id]
            mentions = [s.mention for s in self._mentions.get(alert_id, {}).values()]
            shares = self._shares.get(alert_id, []) if with_shares else None
            return account_data.alert_json(alert, mentions, shares, self.epoch)

    def share_json(self, alert_id: int, share: dict[str, Any]) -> dict[str, Any]:
        """A held share in the real service's shape, for the user's level on its alert."""
        with self._lock:
            return account_data.share_json(share, self._alerts[alert_id]["permission"])

    def shares(self, alert_id: int) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(s) for s in self._shares.get(alert_id, [])]

    def share_list(self, alert_id: int) -> list[dict[str, Any]]:
        return self._shares.setdefault(alert_id, [])

    def next_share_id(self, alert_id: int) -> str:
        self._share_seq += 1
        return f"share_{alert_id}_{self._share_seq}"

    def next_task_id(self) -> int:
        self._task_seq += 1
        return self._task_seq

    def teammates(self, alert_id: int) -> set[str]:
        """The account ids a task on this alert may be assigned to: the token owner and
        every account the alert is shared with (as `share_json` names them)."""
        with self._lock:
            ids = {self.account["id"]}
            for share in self._shares.get(alert_id, []):
                ids.add(account_data.share_json(share, "admin")["account"]["id"])
            return ids

    def tags(self, alert_id: int) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(t) for t in self._tags.get(alert_id, [])]

    def tag_list(self, alert_id: int) -> list[dict[str, Any]]:
        return self._tags.setdefault(alert_id, [])

    def set_permission(self, alert_id: int, permission: str) -> None:
        """The user's level on the alert, and its mentions' `permissions` to match."""
        with self._lock:
            self._alerts[alert_id]["permission"] = permission
            for stored in self._mentions[alert_id].values():
                stored.mention["permissions"] = data.mention_rights(permission)
                stored.refresh()

    @property
    def now(self) -> float:
        """The demo clock: just after the newest mention (for relative times)."""
        return self.epoch.timestamp() + 60

    # ---- writes -------------------------------------------------------------------------

    def add_mention(self, alert_id: int, **fields: Any) -> dict[str, Any]:
        with self._lock:
            alert = self._alerts[alert_id]
            mention = self.factory.make(alert, fresh=True, **fields)
            children = mention["children"]
            if children.get("total") and not children.get("children"):
                with_children(mention, children["total"])  # inline the first, as real
            stored = self._store(mention)
            subscribers = [s for s in self._subscribers if alert_id in s.alert_ids]
            line = stored.line
            copy = json.loads(json.dumps(stored.mention))
        for sub in subscribers:
            sub.loop.call_soon_threadsafe(sub.queue.put_nowait, line)
        return copy

    def send_raw(self, line: bytes) -> None:
        """Push any bytes to open streams as one line (for hostile-input tests)."""
        with self._lock:
            subscribers = list(self._subscribers)
        for sub in subscribers:
            sub.loop.call_soon_threadsafe(sub.queue.put_nowait, line.rstrip(b"\n") + b"\n")

    def add_mentions(self, alert_id: int, n: int) -> list[dict[str, Any]]:
        return [self.add_mention(alert_id) for _ in range(n)]

    def changed(self, stored: _Stored) -> None:
        stored.refresh()

    # ---- streams --------------------------------------------------------------------

    def subscribe(self, sub: StreamSubscriber, since: dict[int, int] | None = None) -> bool:
        """False when the account already has an open stream (the service allows one).

        For each alert in `since`, the replay (ids above it, oldest first, at most the cap:
        the oldest or the newest of them, per `faults.replay_keep`) is taken under the
        lock, atomically with joining the live subscribers.
        """
        with self._lock:
            if self._subscribers or self.faults.refuse_stream:
                return False
            cap = max(0, self.faults.stream_history_cap)
            for alert_id, since_id in (since or {}).items():
                if alert_id not in sub.alert_ids:
                    continue
                stored = self._mentions.get(alert_id, {})
                newer = sorted(i for i in stored if i > since_id)
                newest = self.faults.replay_keep == "newest"
                kept = newer[max(0, len(newer) - cap) :] if newest else newer[:cap]
                sub.replay[alert_id] = ([stored[i].line for i in kept], len(newer))
            self._subscribers.append(sub)
            self._streams_opened += 1
            return True

    def unsubscribe(self, sub: StreamSubscriber) -> None:
        with self._lock:
            if sub in self._subscribers:
                self._subscribers.remove(sub)

    @property
    def open_streams(self) -> int:
        with self._lock:
            return len(self._subscribers)

    @property
    def streams_opened(self) -> int:
        """How many streams were ever accepted: a test can wait for a new one, not a stale one."""
        with self._lock:
            return self._streams_opened

    def drop_streams(self) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for sub in subscribers:
            sub.loop.call_soon_threadsafe(sub.queue.put_nowait, None)

    # ---- rate limit and log ---------------------------------------------------------

    def rate_limited_until(self) -> float:
        """Unix time until which this request gets 429 (0 when not limited).

        The window opens at the first request after `faults.rate_limit_for` is set and
        lasts that long; when it has passed, `rate_limit_for` is cleared. Setting it to
        None ends a window early. The request that opens a window is not counted in
        `requests_while_limited` (a client cannot know before it is told).
        """
        with self._lock:
            faults, now = self.faults, time.time()
            if faults.rate_limit_for is None:
                self._limited_until = 0.0
                return 0.0
            if faults.limit_generation != self._limit_generation:
                self._limit_generation = faults.limit_generation
                self._limited_until = now + max(0.0, float(faults.rate_limit_for))
                return self._limited_until
            if now < self._limited_until:
                self.requests_while_limited += 1
                return self._limited_until
            faults.rate_limit_for = None
            self._limit_generation = faults.limit_generation
            self._limited_until = 0.0
            return 0.0

    def record(self, request: Request) -> None:
        with self._lock:
            self._log.append(request)

    @property
    def request_log(self) -> list[Request]:
        with self._lock:
            return list(self._log)

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()
