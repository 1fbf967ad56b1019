"""An agency's start: many alerts, each asked for its tags and its inbox pages a few at a
time, not one round trip after the other (the stream opened only after them all)."""

from __future__ import annotations

import dataclasses

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer
from triage_tui.sim.state import Request

LATENCY = 0.4  # seconds the simulator waits before each answer
ALERTS = 12


def _overlapping(requests: list[Request]) -> int:
    """How many of the requests arrived before the first of them could have had its
    answer (each answer takes LATENCY): 1 when the client asked one after the other."""
    first = min(r.at for r in requests)
    return sum(1 for r in requests if r.at < first + LATENCY)


async def _first_round(sim: SimServer, key: str) -> list[Request]:
    """The first request of each alert carrying the query parameter `key`, once every
    alert has had one: one round of a task that asks each alert in turn."""

    def asked() -> list[Request]:
        return [r for r in sim.state.request_log if key in r.query]

    await until(lambda: len(asked()) >= ALERTS, limit=30)
    first_round = sorted(asked(), key=lambda r: r.at)[:ALERTS]
    assert len({r.path for r in first_round}) == ALERTS  # each alert once
    return first_round


async def test_tags_and_back_fill_are_asked_a_few_alerts_at_a_time() -> None:
    with SimServer(seed=3, mentions_per_alert=150, alert_count=ALERTS) as sim:
        sim.state.faults.latency = LATENCY
        settings = dataclasses.replace(SyncSettings.fast(), parallel_requests=4)
        recorder = Recorder()
        session, client = await open_session(sim, Store(":memory:"), recorder, settings)
        try:
            log = sim.state.request_log
            tags = [r for r in log if r.path.endswith("/tags")]
            pages = [r for r in log if r.path.endswith("/mentions") and r.method == "GET"]
            assert len(tags) == ALERTS
            assert {r.path.split("/")[-2] for r in tags} == {str(a) for a in sim.alert_ids}
            assert _overlapping(tags) == 4  # four at once, never more
            # The app data is asked beside the account, not after it.
            first = [r for r in log if r.path.endswith(("/accounts/me", "/app/data"))]
            assert len(first) == 2 and _overlapping(first) == 2
            # Each alert's inbox: its first page, then the next ones in order.
            assert {r.path.split("/")[-2] for r in pages} >= {str(a) for a in sim.alert_ids}
            assert _overlapping(pages) == 4
            # Every alert's newest inbox mentions are held, as before.
            for alert_id in sim.alert_ids:
                newest = max(
                    (m for m in sim.state.mentions(alert_id) if m["folder"] == "inbox"),
                    key=lambda m: m["published_at"],
                )
                await until(lambda n=newest: session.row(int(n["id"])) is not None)
        finally:
            await session.stop()
            await client.aclose()


async def test_polling_while_the_stream_is_held_elsewhere_asks_a_few_alerts_at_a_time() -> None:
    with SimServer(seed=3, mentions_per_alert=20, alert_count=ALERTS) as sim:
        sim.state.faults.refuse_stream = True  # another app holds the account's stream
        settings = dataclasses.replace(SyncSettings.fast(), parallel_requests=4)
        session, client = await open_session(sim, Store(":memory:"), Recorder(), settings)
        try:
            sim.state.faults.latency = LATENCY  # from the first poll on
            assert _overlapping(await _first_round(sim, "since_id")) == 4
        finally:
            await session.stop()
            await client.aclose()


async def test_teammates_refresh_asks_a_few_alerts_at_a_time() -> None:
    with SimServer(seed=3, mentions_per_alert=10, alert_count=ALERTS) as sim:
        settings = dataclasses.replace(SyncSettings.fast(), parallel_requests=4)
        session, client = await open_session(sim, Store(":memory:"), Recorder(), settings)
        try:
            await until(lambda: {r.alert_id for r in session.rows()} >= set(sim.alert_ids))
            on_screen = {r.alert_id: r.id for r in session.rows()}  # one of each alert
            sim.state.faults.latency = LATENCY
            sim.state.clear_log()
            session.watch_on_screen(list(on_screen.values()))
            assert _overlapping(await _first_round(sim, "not_before_date")) == 4
        finally:
            await session.stop()
            await client.aclose()
