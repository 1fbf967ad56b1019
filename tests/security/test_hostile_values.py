"""One hostile value in what the service sends: the app starts, the stream stays live,
and what cannot be read is skipped and counted exactly.

Each case puts one value into the newest mention of the first list page the app asks
for, over loopback from the real simulator; values json.dumps cannot write (1e400, a
5,000-digit number, invalid UTF-8, arrays nested 100,000 deep) are written into the
page's bytes by the simulator's `rewrite_lists` fault.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.integration.conftest import Recorder, open_session, until
from tests.ui.harness import make_app, ready, wait_for
from triage_tui.core.events import Connection
from triage_tui.core.store import Store
from triage_tui.sim import SimServer

DEEP = b"[" * 100_000 + b"]" * 100_000


@dataclass(frozen=True)
class Poison:
    name: str
    fields: dict[str, Any]  # set on the mention as the simulator stores it
    rewrite: tuple[bytes, bytes] | None  # then these bytes of the page replaced
    skipped: bool  # the mention cannot be read: left out and counted


POISONS = [
    Poison("id not a number", {}, (b'"id": "{id}"', b'"id": "12ab"'), skipped=True),
    Poison("boolean holding a string", {"read": "maybe"}, None, skipped=True),
    Poison("published_at NaN", {"published_at": float("nan")}, None, skipped=False),
    Poison("published_at 1e400", {"published_at": "@X@"}, (b'"@X@"', b"1e400"), skipped=False),
    Poison("published_at -1e18", {"published_at": -1e18}, None, skipped=False),
    Poison(
        "date valid but extreme",
        {"published_at": "0001-01-01T00:00:00+23:59"},
        None,
        skipped=False,
    ),
    Poison("unknown field nested 100,000 deep", {"extra": "@X@"}, (b'"@X@"', DEEP), skipped=False),
    Poison("5,000-digit reach", {"direct_reach": "@X@"}, (b'"@X@"', b"9" * 5000), skipped=False),
    Poison("invalid UTF-8", {"title": "caf@X@"}, (b"@X@", b"\xe9 \xff"), skipped=False),
    Poison("offsets as a list", {"offsets": [1, 2, 3]}, None, skipped=False),
    Poison("permissions as a list", {"permissions": ["edit"]}, None, skipped=False),
]


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=21, mentions_per_alert=8, mark_interval=0.1) as server:
        yield server


def _poison(sim: SimServer, poison: Poison) -> int:
    mention = sim.state.add_mention(sim.alert_ids[0], **poison.fields)
    if poison.rewrite is not None:
        old, new = poison.rewrite
        sim.state.faults.rewrite = ((old.replace(b"{id}", mention["id"].encode()), new),)
    return int(mention["id"])


@pytest.mark.parametrize("poison", POISONS, ids=[p.name for p in POISONS])
async def test_the_app_starts_on_a_page_with_one_hostile_mention(
    sim: SimServer, poison: Poison
) -> None:
    poisoned = _poison(sim, poison)
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        assert app.session is not None
        held = app.feed.row_by_id(poisoned) is not None
        assert held is not poison.skipped
        assert app.session.invalid_lines == (1 if poison.skipped else 0)
        mentions = sim.state.mentions(sim.alert_ids[0])
        inbox = {int(m["id"]) for m in mentions if m["folder"] == "inbox"}
        held_ids = {r.id for r in app.session.rows()}
        assert inbox - {poisoned} <= held_ids  # the rest of the alert is there
        if held:  # moving onto it shows it, whatever its values
            assert app.feed.jump_to_id(poisoned)
            await pilot.pause(0.1)
            text = str(app.detail.query_one("#detail-body").render())
            assert "No mention selected" not in text
        else:
            await wait_for(pilot, lambda: "1 unreadable skipped" in str(app.status.render()))
        assert app.is_running


async def test_a_stream_line_of_each_poison_among_good_ones() -> None:
    """Every good mention arrives, the stream stays live on one connection, and exactly
    the unreadable lines are counted."""
    with SimServer(seed=22, mentions_per_alert=3, mark_interval=0.1) as sim:
        recorder = Recorder()
        session, client = await open_session(sim, Store(), recorder)
        await until(lambda: session.connection is Connection.LIVE)
        alert = sim.alert_ids[0]
        good: list[int] = []
        lines = [
            b'{"type": "mention", "mention": {"id": "12ab", "alert_id": %d}}' % alert,
            b'{"type": "mention", "mention": {"id": "900000001", "alert_id": %d,'
            b' "published_at": 1e400}}' % alert,
            b'{"type": "mention", "mention": {"id": "900000002", "alert_id": %d,'
            b' "published_at": -1e18}}' % alert,
            b'{"type": "mention", "mention": {"id": "900000003", "alert_id": %d, "x": %b}}'
            % (alert, DEEP),
            b'{"type": "mention", "mention": {"id": "900000004", "alert_id": %d,'
            b' "read": "maybe"}}' % alert,
            b'{"type": "mark", "x": %b}' % DEEP,
            b"\xff\xfe not json",
        ]
        for line in lines:
            sim.state.send_raw(line)
            good.append(int(sim.state.add_mention(alert)["id"]))
        await until(lambda: set(good) <= set(recorder.arrived_ids()))
        arrived = set(recorder.arrived_ids())
        assert {900000001, 900000002, 900000003} <= arrived  # dates unknown, extra dropped
        assert 900000004 not in arrived
        assert session.invalid_lines == 3  # "12ab", "maybe", not JSON
        assert session.connection is Connection.LIVE
        assert session.stream.connections == 1
        await session.stop()
        await client.aclose()


async def test_the_app_stays_live_and_counts_unreadable_stream_lines(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        alert = sim.alert_ids[0]
        for bad in (b"12ab", b"", b"-5", b"1.5"):
            sim.state.send_raw(
                b'{"type": "mention", "mention": {"id": "%b", "alert_id": %d}}' % (bad, alert)
            )
        good = int(sim.state.add_mention(alert)["id"])
        await wait_for(pilot, lambda: app.feed.shows(good))
        await wait_for(pilot, lambda: "⚠ 4 unreadable skipped" in str(app.status.render()))
        assert "● live" in str(app.status.render())
