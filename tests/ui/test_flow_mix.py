"""One key per decision (#20): an inbox cleared to zero with a mix like the issue's
(archive most, some irrelevant or trash, some favorite / tone / tag then archive, an
undo, a repeat), keys counted against the elementary actions the app did, and the
simulator's end state checked mention by mention."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.ui.harness import FIXED_EPOCH, ready, wait_for
from triage_tui.core.config_rules import QuickTags
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.connect import ConnectInfo

#: Keys per mention, by its place in the inbox (mod 10), then the exceptions.
PATTERN = [
    ["e"],
    ["x", "e"],
    ["exclamation_mark"],
    ["e"],
    ["f", "e"],
    ["p", "e"],
    ["d"],
    ["plus", "e"],
    ["x", "p", "e"],
    ["e"],
]
SPECIAL = {3: ["minus", "u", "e"], 13: ["full_stop"]}  # 13: repeats 12's irrelevant


def plan(count: int) -> list[list[str]]:
    return [SPECIAL.get(i, PATTERN[i % 10]) for i in range(count)]


def expected(before: dict[str, Any], keys: list[str], tags: dict[str, int]) -> dict[str, Any]:
    """What the simulator should hold for a mention after its keys."""
    state = {
        "folder": "inbox",
        "favorite": before["favorite"],
        "tone": before["tone"],
        "tags": {t["id"] for t in before.get("tags", [])},
    }
    last_folder = None
    for key in keys:
        if key == "e":
            state["folder"] = last_folder = "archive"
        elif key == "d":
            state["folder"] = last_folder = "trash"
        elif key == "exclamation_mark" or key == "full_stop":
            state["folder"] = last_folder = "spam"
        elif key == "f":
            state["favorite"] = not state["favorite"]
        elif key == "plus":
            state["tone"] = 1
        elif key in ("x", "p"):
            state["tags"] ^= {tags["urgent" if key == "x" else "press"]}
    assert last_folder is not None
    return state


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=30, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


async def test_an_inbox_cleared_with_one_key_per_elementary_action(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    app = TriageApp(
        ConnectInfo(sim.token, sim.api_url, sim.stream_url, alert_ids=[admin]),
        store=Store(":memory:"),
        settings=SyncSettings.fast(),
        clock=lambda: sim.now,
        quick_tags=QuickTags({"x": "urgent", "p": "press"}),
    )
    tags = {t["name"]: t["id"] for t in sim.state.tags(admin)}
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        inbox = [r.id for r in app.feed.visible_rows()]
        assert len(inbox) >= 20 and app.feed.cursor_index == 0
        before = {i: sim.state.mention(admin, i) for i in inbox}
        keys = plan(len(inbox))
        sent = 0
        for n, decision in enumerate(keys):
            # The cursor is on the next mention of the inbox, without a key spent on it.
            assert app.feed.selected_row is not None and app.feed.selected_row.id == inbox[n]
            await pilot.press(*decision)
            sent += len(decision)
        assert app.feed.visible_count == 0  # inbox zero, in the app
        tally = app.main.curation.inbox_zero.tally
        actions = tally.decisions + tally.undone + tally.redone
        assert actions == sent and sent / actions <= 1.05
        held = lambda i: sim.state.mention(admin, i)  # noqa: E731
        await wait_for(pilot, lambda: all(held(i)["folder"] != "inbox" for i in inbox))
        await wait_for(pilot, lambda: app.session is not None and app.session.pending == 0)
        for n, mention_id in enumerate(inbox):
            now = held(mention_id)
            want = expected(before[mention_id], keys[n], tags)
            got = {
                "folder": now["folder"],
                "favorite": now["favorite"],
                "tone": now["tone"],
                "tags": {t["id"] for t in now.get("tags", [])},
            }
            assert got == want, (n, keys[n])
        # A toast: App.notify posts it, so it lands a message later.
        await wait_for(pilot, lambda: "Inbox zero" in [n.title for n in app._notifications])
