"""The pager (Enter) and the message log (L) in the real app, against the simulator:
assertions on what the simulator holds after keys pressed in the pager."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Static

from tests.ui.harness import FIXED_EPOCH, cursor_to_alert, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.screens.pager import PagerScreen


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=20, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


def _held(sim: SimServer, alert_id: int, mention_id: int) -> dict:
    held = sim.state.mention(alert_id, mention_id)
    assert held is not None
    return held


def _pager(app: TriageApp) -> PagerScreen:
    assert isinstance(app.screen, PagerScreen)
    return app.screen


def _body(app: TriageApp) -> str:
    return str(app.screen.query_one("#reader-body", Static).content)


async def test_pager_opens_scrolls_and_goes_back_with_the_cursor_unchanged(
    sim: SimServer,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("j", "j")
        row = app.feed.selected_row
        assert row is not None
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PagerScreen))
        pager = _pager(app)
        assert pager.shown_id == row.id
        assert row.title[:20] in _body(app)
        assert "More fields" in _body(app)
        for key in ("j", "space", "ctrl+d", "G"):
            await pilot.press(key)
        assert pager.body.scroll_y > 0  # 80x24: the mention is longer than the screen
        await pilot.press("g")
        assert pager.body.scroll_y == 0
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main)
        assert app.feed.selected_row is not None and app.feed.selected_row.id == row.id
        await pilot.press("enter", "q")
        await wait_for(pilot, lambda: app.screen is app.main)
        assert app.feed.selected_row is not None and app.feed.selected_row.id == row.id


async def test_curation_keys_in_the_pager_reach_the_service(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, admin)
        row = app.feed.selected_row
        assert row is not None
        mention_id = row.id
        nxt = app.feed.visible_rows()[app.feed.cursor_index + 1].id
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PagerScreen))
        sim.state.clear_log()
        await pilot.press("f")
        await wait_for(pilot, lambda: _held(sim, admin, mention_id)["favorite"] is True)
        await wait_for(pilot, lambda: "★ favorite" in _body(app))  # shown in the pager
        await pilot.press("minus")
        await wait_for(pilot, lambda: _held(sim, admin, mention_id)["tone"] == -1)
        assert _pager(app).shown_id == mention_id  # still in the view: still shown
        # Archive takes it out of the Inbox: the pager shows the next mention at once.
        await pilot.press("e")
        assert _pager(app).shown_id == nxt
        await wait_for(pilot, lambda: _held(sim, admin, mention_id)["folder"] == "archive")
        # Undo brings it back, on the service and in the pager.
        await pilot.press("u")
        assert _pager(app).shown_id == mention_id
        await wait_for(pilot, lambda: _held(sim, admin, mention_id)["folder"] == "inbox")
        await pilot.press("d")
        await wait_for(pilot, lambda: _held(sim, admin, mention_id)["folder"] == "trash")
        assert _pager(app).shown_id == nxt
        puts = [r.body for r in sim.state.request_log if r.method == "PUT"]
        assert puts == [
            {"favorite": True},
            {"tone": -1},
            {"folder": "archive"},
            {"folder": "inbox", "trashed": False},  # undo: folder and trashed together
            {"folder": "trash"},
        ]
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is app.main)
        assert app.feed.selected_row is not None and app.feed.selected_row.id == nxt


async def test_the_pager_acts_on_the_mention_shown_not_the_selection(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, admin)
        first = app.feed.selected_row
        assert first is not None
        await pilot.press("space", "space")  # two selected; the cursor on the third
        shown = app.feed.selected_row
        assert shown is not None and len(app.feed.selection) == 2
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PagerScreen))
        sim.state.clear_log()
        await pilot.press("plus")
        await wait_for(pilot, lambda: _held(sim, admin, shown.id)["tone"] == 1)
        await pilot.pause(0.2)
        puts = [r for r in sim.state.request_log if r.method == "PUT"]
        assert len(puts) == 1 and puts[0].path.endswith(f"/mentions/{shown.id}")
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is app.main)
        assert first.id in app.feed.selection and len(app.feed.selection) == 2  # given back


async def test_replies_load_in_the_pager(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        row = next(r for r in app.feed.visible_rows() if r.children_count)
        assert app.feed.jump_to_id(row.id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PagerScreen))
        assert "press c to load" in _body(app)
        await pilot.press("c")
        await wait_for(pilot, lambda: "loaded" in _body(app))
        children = app.main.links.children(row.id)
        assert children
        text = children[0].description or children[0].title or ""
        assert text[:30] in _body(app)  # in full, in the pager


def test_the_keymap_knows_the_pager_and_log_keys_screen_by_screen() -> None:
    from triage_tui.ui.keymap import keymap_problems

    assert keymap_problems({"pager.down": "j,down", "app.messages": "ctrl+g"}) == []
    # j scrolls the pager and moves the feed's cursor: different screens, no clash.
    assert keymap_problems({"feed.down": "j,down"}) == []
    assert keymap_problems({"pager.next": "e"}) == [
        "keymap: 'e' is bound to both pager.next and curate.archive"
    ]


async def test_a_key_refused_in_the_pager_says_why_there(sim: SimServer) -> None:
    read_only = sim.alert_ids[2]
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, read_only)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PagerScreen))
        sim.state.clear_log()
        await pilot.press("e", "plus")
        await pilot.pause(0.3)
        assert [r for r in sim.state.request_log if r.method == "PUT"] == []
        said = str(app.screen.query_one("#reader-said", Static).content)
        assert "read-only" in said
        assert app.main.said.log.latest is not None and app.main.said.log.latest.error


async def test_quick_tag_keys_and_repeat_work_in_the_pager(sim: SimServer) -> None:
    """The config's quick-tag keys and `.` act on the mention shown, as on the feed."""
    from triage_tui.core.config_rules import QuickTags

    admin = sim.alert_ids[0]
    urgent = next(t["id"] for t in sim.state.tags(admin) if t["name"] == "urgent")
    app = make_app(sim, quick_tags=QuickTags({"x": "urgent"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, admin)
        while urgent in app.feed.selected_row.tag_ids:  # type: ignore[union-attr]
            await pilot.press("j")
        row = app.feed.selected_row
        assert row is not None
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PagerScreen))
        await pilot.press("x")
        await wait_for(
            pilot, lambda: urgent in [t["id"] for t in _held(sim, admin, row.id)["tags"]]
        )
        await pilot.press("-")  # tone negative, then `.` on the next mention repeats it
        await wait_for(pilot, lambda: _held(sim, admin, row.id)["tone"] == -1)
        await pilot.press("J")
        shown = app.feed.selected_row
        assert shown is not None and shown.id != row.id
        assert _held(sim, admin, shown.id)["tone"] != -1  # else `.` would prove nothing
        await pilot.press("full_stop")
        await wait_for(pilot, lambda: _held(sim, admin, shown.id)["tone"] == -1)


async def test_a_mention_redrawn_while_the_pager_closes_is_not_an_error(sim: SimServer) -> None:
    """The app closing takes the pager's widgets away before the pager: an answer from
    the service that redraws the mention meanwhile must find nothing to draw on."""
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PagerScreen))
        pager = _pager(app)
        await pager.query_children().remove()  # as at shutdown, the screen still up
        app.main.show_detail(app.feed.selected_row)
        app.main.show_detail(None)
        pager.say(None)
        await pilot.pause()
        assert app.screen is pager and app.return_code is None
