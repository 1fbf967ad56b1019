"""The stream (seed 002): replay since an id, the cap warning, live lines, marks, one per
account, and the stream faults."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

import httpx
import pytest

from triage_tui.api import AsyncMentionClient, ConflictError, TransportError
from triage_tui.api.events import MarkEvent, MentionEvent, StreamEvent, WarningEvent
from triage_tui.sim import SimServer


async def _until(check: Callable[[], bool], limit: float = 10.0) -> None:
    """Poll until `check` holds; the limit only stops a broken run from hanging."""
    async with asyncio.timeout(limit):
        while not check():
            await asyncio.sleep(0.01)


async def _collect(
    sim: SimServer,
    alerts: list[int],
    since: dict[int, object] | None,
    on_event: Callable[[StreamEvent, list[StreamEvent]], Awaitable[bool]],
) -> list[StreamEvent]:
    """Events until `on_event` says stop (or the server closes the stream)."""
    events: list[StreamEvent] = []
    async with (
        asyncio.timeout(10),
        AsyncMentionClient(sim.token, sim.api_url, sim.stream_url) as c,
    ):
        stream = c.stream_mentions(sim.account_id, alerts, since)
        async for event in stream:
            events.append(event)
            if await on_event(event, events):
                break
        await stream.aclose()  # type: ignore[attr-defined]
    await _until(lambda: sim.state.open_streams == 0)
    return events


async def test_replay_cap_warning_then_live_marks_and_one_stream(sim: SimServer) -> None:
    sim.state.faults.reset()
    alert = sim.alert_ids[1]
    held = sim.state.mentions(alert)
    since = held[9]["id"]  # 9 newer than this
    sim.state.faults.stream_history_cap = 5
    added: list[dict] = []

    async def step(event: StreamEvent, events: list[StreamEvent]) -> bool:
        if isinstance(event, WarningEvent):
            async with AsyncMentionClient(sim.token, sim.api_url, sim.stream_url) as other:
                with pytest.raises(ConflictError) as refused:
                    async for _ in other.stream_mentions(sim.account_id, [alert]):
                        pass
            assert refused.value.status == 409
        if isinstance(event, MarkEvent) and not added:
            added.append(sim.state.add_mention(alert, title="Globex goes live"))
        if isinstance(event, MarkEvent) and sum(isinstance(e, MarkEvent) for e in events) == 3:
            added.append(sim.state.add_mention(alert, title="Globex again"))
        return isinstance(event, MentionEvent) and event.mention.title == "Globex again"

    events = await _collect(sim, [alert], {alert: since}, step)
    replay = [e.mention.id for e in events[:5] if isinstance(e, MentionEvent)]
    assert replay == [m["id"] for m in reversed(held[4:9])]  # oldest first, the first 5
    assert isinstance(events[5], WarningEvent)
    assert events[5].message == "Historical mentions capped to 5."
    live = [e.mention.id for e in events[6:] if isinstance(e, MentionEvent)]
    assert live == [m["id"] for m in added]
    assert isinstance(events[6], MarkEvent)


@pytest.mark.parametrize("keep", ["oldest", "newest"])
@pytest.mark.parametrize("warn", ["after", "before"])
async def test_a_capped_replay_keeps_either_end_and_warns_either_side(
    sim: SimServer, keep: str, warn: str
) -> None:
    sim.state.faults.reset()
    alert = sim.alert_ids[2]
    held = sim.state.mentions(alert)  # newest first
    above = list(reversed(held[:9]))  # the 9 above since, oldest first
    sim.state.faults.stream_history_cap = 4
    sim.state.faults.replay_keep = keep
    sim.state.faults.warn_position = warn

    async def until_mark(event: StreamEvent, events: list[StreamEvent]) -> bool:
        return isinstance(event, MarkEvent)

    events = await _collect(sim, [alert], {alert: held[9]["id"]}, until_mark)
    kept = above[:4] if keep == "oldest" else above[-4:]
    warning = WarningEvent("Historical mentions capped to 4.")
    replay = [MentionEvent] * 4
    shape = [WarningEvent, *replay] if warn == "before" else [*replay, WarningEvent]
    assert [type(e) for e in events] == [*shape, MarkEvent]
    assert warning in events
    assert [e.mention.id for e in events if isinstance(e, MentionEvent)] == [m["id"] for m in kept]


async def test_a_cut_drop_ends_mid_line_without_ending_the_body(sim: SimServer) -> None:
    sim.state.faults.reset()
    alert = sim.alert_ids[0]
    sim.state.faults.drop_stream_after = 3
    sim.state.faults.drop_stream_mode = "cut"
    events: list[StreamEvent] = []
    with pytest.raises(TransportError):
        await _collect(sim, [alert], {alert: 0}, lambda e, got: _remember(events, e))
    assert [type(e) for e in events] == [MentionEvent] * 3  # no half line, no end


async def _remember(events: list[StreamEvent], event: StreamEvent) -> bool:
    events.append(event)
    return False


async def test_without_since_id_only_live_and_only_the_asked_alerts(sim: SimServer) -> None:
    sim.state.faults.reset()
    first, second = sim.alert_ids[0], sim.alert_ids[2]
    added: list[dict] = []

    async def step(event: StreamEvent, events: list[StreamEvent]) -> bool:
        if len(events) == 1:
            assert isinstance(event, MarkEvent)  # no replay
            sim.state.add_mention(first)  # not asked for: never sent
            added.append(sim.state.add_mention(second))
        return isinstance(event, MentionEvent)

    events = await _collect(sim, [second], None, step)
    mentions = [e for e in events if isinstance(e, MentionEvent)]
    assert [e.mention.id for e in mentions] == [added[0]["id"]]


async def test_a_reconnect_right_after_hanging_up_is_accepted() -> None:
    """Marks every 30 s: the stream slot must free on the hang-up, not at the next write."""
    async with SimServer(seed=2, mentions_per_alert=3, mark_interval=30.0) as slow:

        async def first_mark(event: StreamEvent, events: list[StreamEvent]) -> bool:
            return isinstance(event, MarkEvent)

        for _ in range(3):
            events = await _collect(slow, slow.alert_ids, None, first_mark)
            assert isinstance(events[-1], MarkEvent)


async def test_refused_dropped_and_capped_streams(sim: SimServer) -> None:
    sim.state.faults.reset()
    alert = sim.alert_ids[0]
    sim.state.faults.refuse_stream = True
    with pytest.raises(ConflictError):
        await _collect(sim, [alert], None, _never)
    sim.state.faults.refuse_stream = False
    sim.state.faults.drop_stream_after = 7
    events = await _collect(sim, [alert], {alert: 0}, _never)  # ends when the server hangs up
    assert [type(e) for e in events] == [MentionEvent] * 7
    sim.state.faults.drop_stream_after = 2

    async def add_three(event: StreamEvent, events: list[StreamEvent]) -> bool:
        if isinstance(event, MarkEvent) and len(events) == 1:
            sim.state.add_mentions(alert, 3)
        return False

    events = await _collect(sim, [alert], None, add_three)
    assert sum(isinstance(e, MentionEvent) for e in events) == 2


async def test_drop_streams_and_pause_marks(sim: SimServer) -> None:
    sim.state.faults.reset()
    alert = sim.alert_ids[0]

    async def drop_on_first(event: StreamEvent, events: list[StreamEvent]) -> bool:
        if len(events) == 1:
            assert sim.state.open_streams == 1
            sim.state.drop_streams()
        return False

    assert len(await _collect(sim, [alert], None, drop_on_first)) == 1
    sim.state.faults.pause_marks = True

    async def quiet(event: StreamEvent, events: list[StreamEvent]) -> bool:
        if len(events) == 1:
            await asyncio.sleep(1.0)  # five mark intervals of silence
            sim.state.add_mention(alert, title="after the stall")
        return isinstance(event, MentionEvent)

    events = await _collect(sim, [alert], None, quiet)
    assert [type(e) for e in events] == [MarkEvent, MentionEvent]  # the opening mark only


def test_ten_alerts_of_a_thousand_replay_through_one_stream() -> None:
    with SimServer(seed=1, mentions_per_alert=1000, alert_count=10, mark_interval=30) as big:
        url = f"{big.stream_url}/accounts/{big.account_id}/mentions"
        params = [("alerts[]", str(a)) for a in big.alert_ids]
        params += [(f"since_id[{a}]", "0") for a in big.alert_ids]
        per_alert: dict[int, list[int]] = {a: [] for a in big.alert_ids}
        headers = {"Authorization": f"Bearer {big.token}"}
        with httpx.stream("GET", url, params=params, headers=headers, timeout=30) as answer:
            assert answer.headers["content-type"] == "application/x-ndjson"
            for line in answer.iter_lines():
                event = json.loads(line)
                if event["type"] == "mark":
                    break
                assert event["type"] == "mention"
                per_alert[event["mention"]["alert_id"]].append(int(event["mention"]["id"]))
        for alert_id, ids in per_alert.items():
            assert ids == sorted(ids) and len(ids) == 1000, alert_id


async def _never(event: StreamEvent, events: list[StreamEvent]) -> bool:
    return False
