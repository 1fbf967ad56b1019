"""Triage rules on arrivals in the real app: the change is said and in the message log,
`u` leaves it alone, the palette undoes it and pauses the rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.core.config_rules import Rule
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp

FRESH: dict[str, Any] = {
    "read": False,
    "favorite": False,
    "folder": "inbox",
    "tags": [],
    "permissions": {"favorite": True, "change_folder": True, "edit": True},
}


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=5, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


def _titles(app: TriageApp) -> list[str]:
    return [c.title for c in app.get_system_commands(app.main)]


def _run(app: TriageApp, title: str) -> None:
    command = next(c for c in app.get_system_commands(app.main) if c.title == title)
    command.callback()


def _tags_held(sim: SimServer, alert_id: int, mention_id: int) -> list[int]:
    mention = sim.state.mention(alert_id, mention_id)
    assert mention is not None
    return [int(t["id"]) for t in mention.get("tags") or []]


async def _arrive(pilot: Pilot, app: TriageApp, sim: SimServer, alert_id: int, title: str) -> int:
    mention_id = int(sim.state.add_mention(alert_id, **FRESH, title=title)["id"])
    session = app.session
    assert session is not None
    await wait_for(pilot, lambda: session.feed.index(mention_id) is not None)  # on the feed
    return mention_id


async def test_a_rule_on_arrival_is_said_logged_and_undone_from_the_palette(
    sim: SimServer,
) -> None:
    admin = sim.alert_ids[0]
    tag = sim.state.tags(admin)[0]
    tag_id = int(tag["id"])
    rules = [Rule(query="zebra", name="Zebras", tag=str(tag["name"]), on_arrival=True)]
    app = make_app(sim, rules=rules)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        session = app.session
        assert session is not None
        assert "Pause rules on arrivals" in _titles(app)
        assert "Undo the last rule change" in _titles(app)

        a = await _arrive(pilot, app, sim, admin, "Zebra on the loose")
        row = session.row(a)
        assert row is not None and row.tag_ids == (tag_id,)  # shown tagged already
        await wait_for(pilot, lambda: session.store.outbox_count() == 0)
        assert _tags_held(sim, admin, a) == [tag_id]
        said = f"Rule ‹Zebras› tagged {tag['name']} 1 mention (“Zebra on the loose”)"
        log = app.main.said.log
        await wait_for(pilot, lambda: any(e.text == said for e in log.entries()))

        # `u` undoes the user's own last action: there is none, the rule's stays.
        await pilot.press("u")
        assert app.status.message == "Nothing to undo"
        assert _tags_held(sim, admin, a) == [tag_id]

        _run(app, "Undo the last rule change")
        await pilot.pause()
        assert app.status.message.startswith("Rule change undone on 1 mention")
        assert session.row(a).tag_ids == ()  # type: ignore[union-attr]
        await wait_for(pilot, lambda: session.store.outbox_count() == 0)
        assert _tags_held(sim, admin, a) == []
        await pilot.press("u")  # the undo was the user's own action: `u` puts it back
        await wait_for(pilot, lambda: session.store.outbox_count() == 0)
        assert _tags_held(sim, admin, a) == [tag_id]

        _run(app, "Pause rules on arrivals")
        assert app.status.message == "Rules on arrivals paused for this session"
        assert "Resume rules on arrivals" in _titles(app)
        b = await _arrive(pilot, app, sim, admin, "Zebra while paused")
        assert session.row(b).tag_ids == ()  # type: ignore[union-attr]
        _run(app, "Resume rules on arrivals")
        c = await _arrive(pilot, app, sim, admin, "Zebra once resumed")
        assert session.row(c).tag_ids == (tag_id,)  # type: ignore[union-attr]
        await wait_for(pilot, lambda: session.store.outbox_count() == 0)
        assert _tags_held(sim, admin, b) == [] and _tags_held(sim, admin, c) == [tag_id]


async def test_without_on_arrival_there_are_no_rule_commands(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    tag = str(sim.state.tags(admin)[0]["name"])
    app = make_app(sim, rules=[Rule(query="zebra", tag=tag)])
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        assert not any("rule" in t.lower() for t in _titles(app))
        session = app.session
        assert session is not None
        a = await _arrive(pilot, app, sim, admin, "Zebra left alone")
        assert session.row(a).tag_ids == ()  # type: ignore[union-attr]
