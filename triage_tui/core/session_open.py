"""What a Session opens on: the account, its alerts, app data and tags.

Read from the service (`read_scope`), or, when it is unreachable, down or limiting us
and the store has them from a previous run, from the store (`cached_scope`): the session
then opens offline and says why. A 429 of the last run that still holds (its reset time
is in the store, `gate_for`) sends nothing before the reset.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from triage_tui.api.errors import (
    MentionError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)
from triage_tui.api.models import Account, Alert, AppData, Tag
from triage_tui.core.in_parallel import in_parallel
from triage_tui.core.rate_gate import RateGate
from triage_tui.core.store import Store

if TYPE_CHECKING:
    from triage_tui.api.async_client import AsyncMentionClient

RATE_LIMIT_KEY = "rate_limited_until"


class UnknownScope(MentionError):
    """An --account or --alert the token's account does not have."""


@dataclass
class Scope:
    account: Account
    alerts: dict[int, Alert]
    app_data: AppData
    tags: dict[int, list[Tag]]
    offline_reason: str = ""  # read from the store: why the service was not asked


async def read_scope(
    client: AsyncMentionClient,
    store: Store,
    account_id: str | None,
    alert_ids: list[int] | None,
    parallel: int,
) -> Scope:
    """From the service (and kept in the store for a later offline start), else from the
    store when the service cannot answer and the store has a copy. The alerts' tags are
    read `parallel` at a time (one request per alert)."""
    cached = store.meta("session")
    gate = gate_for(store)
    if gate.remaining() > 0:  # a 429 of the last run still holds: ask nothing yet
        if cached is not None:
            return cached_scope(cached, alert_ids, "rate limited")
        await gate.wait()
    # The app data depends on nothing else: asked beside the account and its alerts (one
    # round trip fewer before the session opens).
    app_data_asked = asyncio.ensure_future(client.get_app_data())
    try:
        account = await client.get_me() if account_id is None else Account(id=account_id)
        try:
            alerts = await client.list_alerts(account.id)
        except NotFoundError:
            raise UnknownScope(f"no account {account.id!r} for this token") from None
        app_data = await app_data_asked
        if alert_ids:
            missing = sorted(set(alert_ids) - {a.id for a in alerts})
            if missing:
                names = ", ".join(map(str, missing))
                raise UnknownScope(
                    f"no alert {names} on this account (`mention-triage alerts` lists them)"
                )
            alerts = [a for a in alerts if a.id in set(alert_ids)]
        lists = await in_parallel(
            [partial(client.list_tags, account.id, a.id) for a in alerts], parallel
        )
        tags = {a.id: found for a, found in zip(alerts, lists, strict=True)}
    except (TransportError, ServerError, RateLimitError) as error:
        # Unreachable, down or limiting us: open on the cache when there is one.
        if isinstance(error, RateLimitError):
            gate.hit(error)
        if cached is None:
            raise
        why = "rate limited" if isinstance(error, RateLimitError) else "unreachable"
        return cached_scope(cached, alert_ids, why)
    finally:
        _drop(app_data_asked)  # any way out before it answered (an error, a cancel)
    store.set_meta(
        "session",
        {
            "account": account.model_dump(mode="json"),
            "alerts": [a.model_dump(mode="json") for a in alerts],
            "app_data": app_data.model_dump(mode="json"),
            "tags": {str(k): [t.model_dump(mode="json") for t in v] for k, v in tags.items()},
        },
    )
    return Scope(account, {a.id: a for a in alerts}, app_data, tags)


def _drop(asked: asyncio.Future[Any]) -> None:
    """A request no longer wanted: cancelled, and its failure (if it failed) taken, so
    that asyncio never reports it as an exception nobody retrieved."""
    asked.cancel()
    if asked.done() and not asked.cancelled():
        asked.exception()


def cached_scope(cached: dict[str, Any], alert_ids: list[int] | None, why: str) -> Scope:
    alerts = [Alert.model_validate(a) for a in cached["alerts"]]
    if alert_ids:
        alerts = [a for a in alerts if a.id in set(alert_ids)]
    tags = {int(k): [Tag.model_validate(t) for t in v] for k, v in cached["tags"].items()}
    return Scope(
        Account.model_validate(cached["account"]),
        {a.id: a for a in alerts},
        AppData.model_validate(cached["app_data"]),
        tags,
        offline_reason=f"service {why}: showing cached mentions",
    )


def gate_for(store: Store) -> RateGate:
    """The rate gate, starting from the reset time a previous run was told (if any)."""
    until = store.meta(RATE_LIMIT_KEY)
    return RateGate(float(until or 0.0), on_hit=lambda reset: store.set_meta(RATE_LIMIT_KEY, reset))
