"""Key presses in the real app; assertions on what the simulator now holds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.harness import FIXED_EPOCH, cursor_to_alert, make_app, ready, wait_for
from triage_tui.sim import SimServer


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=20, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


def _held(sim: SimServer, alert_id: int, mention_id: int) -> dict:
    held = sim.state.mention(alert_id, mention_id)
    assert held is not None
    return held


async def test_one_key_each_reaches_the_service(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, admin)
        row = app.feed.selected_row
        assert row is not None
        mention_id = row.id
        was_read = row.read
        await pilot.press("r")
        await wait_for(pilot, lambda: _held(sim, admin, mention_id)["read"] is not was_read)
        await pilot.press("plus")
        await wait_for(pilot, lambda: _held(sim, admin, mention_id)["tone"] == 1)
        await pilot.press("f")
        await wait_for(pilot, lambda: _held(sim, admin, mention_id)["favorite"] is True)
        assert _held(sim, admin, mention_id)["read"] is True  # favorite marks read
        puts = [r for r in sim.state.request_log if r.method == "PUT"]
        assert [r.body for r in puts] == [{"read": not was_read}, {"tone": 1}, {"favorite": True}]
        # Archive takes it out of the inbox: the cursor is on the next mention at once.
        nxt = app.feed.visible_rows()[app.feed.cursor_index + 1].id
        await pilot.press("e")
        assert app.feed.selected_row is not None and app.feed.selected_row.id == nxt
        await wait_for(pilot, lambda: _held(sim, admin, mention_id)["folder"] == "archive")
        # And undo puts it back, on the service too.
        await pilot.press("u")
        assert app.status.message.startswith("Undone")  # not "archived · u undoes" still
        await wait_for(pilot, lambda: _held(sim, admin, mention_id)["folder"] == "inbox")
        assert app.feed.row_by_id(mention_id).folder == "inbox"  # type: ignore[union-attr]


async def test_read_only_alert_keys_are_refused_with_a_reason(sim: SimServer) -> None:
    read_only = sim.alert_ids[2]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, read_only)
        sim.state.clear_log()
        await pilot.press("r", "e", "plus")
        await pilot.pause(0.3)
        assert [r for r in sim.state.request_log if r.method == "PUT"] == []
        assert "read-only" in app.status.message
        assert app.status.message_is_error


async def test_live_arrival_does_not_move_the_cursor(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("j", "j", "j")
        before = app.feed.selected_row
        assert before is not None
        added = sim.state.add_mention(sim.alert_ids[0], title="Breaking: Acme news")
        await wait_for(pilot, lambda: app.feed.shows(int(added["id"])))
        # At the top of the list the new mention shows above the cursor, which stays put.
        assert app.feed.selected_row is before
        assert app.feed.visible_rows()[0].id == int(added["id"])
        assert app.feed.scroll_offset.y == 0 and app.feed.new_above == 0
        # Scrolled down, the view stays still and the arrival is counted above it.
        await pilot.press("G")
        bottom = app.feed.selected_row
        top = app.feed.scroll_offset.y
        assert top > 0
        later = sim.state.add_mention(sim.alert_ids[0], title="More Acme news")
        await wait_for(pilot, lambda: app.feed.shows(int(later["id"])))
        assert app.feed.selected_row is bottom and app.feed.new_above == 1
        assert app.feed.scroll_offset.y == top + 1
        await pilot.pause(0.1)
        assert "↑ 1 new" in str(app.status.render())
        # A filter makes the list anew: nothing waits above it, and the line says so.
        await pilot.press("slash", *"is:unread", "enter")
        await pilot.pause(0.1)
        assert app.feed.new_above == 0
        assert "↑" not in str(app.status.render())


async def test_hostile_title_shows_literally(sim: SimServer) -> None:
    app = make_app(sim)
    hostile = "[/] [bold]x\x1b[2J\x1b]0;pwned\x07 Acme"
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        added = sim.state.add_mention(sim.alert_ids[0], title=hostile, source_type="news")
        await wait_for(pilot, lambda: app.feed.shows(int(added["id"])))
        await pilot.press("g")
        await pilot.pause(0.2)
        row = app.feed.selected_row
        assert row is not None and row.id == int(added["id"])
        assert "\x1b" not in row.title and "[/] [bold]x" in row.title
        text = str(app.detail.query_one("#detail-body").render())
        assert "[/] [bold]x␛[2J␛]0;pwned␇ Acme" in text


async def test_saved_view_key_applies_its_query(sim: SimServer) -> None:
    app = make_app(sim, saved_views={"negative": "tone:neg"})
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("8")
        await pilot.pause(0.1)
        rows = app.feed.visible_rows()
        assert rows and all(r.tone == -1 for r in rows)
        assert app.status.view == "negative"


async def test_arrivals_while_a_modal_is_open(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        added = sim.state.add_mention(sim.alert_ids[0], folder="inbox", trashed=False)
        await wait_for(pilot, lambda: app.feed.shows(int(added["id"])))
        sim.state.drop_streams()  # a connection change while the modal is up
        await wait_for(pilot, lambda: app.session.stream.connections >= 2)  # type: ignore[union-attr]
        assert app.is_running


async def test_escape_clears_the_selection_then_the_filter(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        everything = app.feed.visible_count
        await pilot.press("slash", *"tone:neg", "enter")
        await pilot.pause(0.1)
        assert app.feed.visible_count < everything
        await pilot.press("space")
        assert app.feed.selection
        await pilot.press("escape")
        assert not app.feed.selection and app.main.query_text == "tone:neg"
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert app.main.query_text == "" and app.feed.visible_count == everything


async def test_until_a_key_is_pressed_the_cursor_follows_the_newest(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        rows = app.feed.visible_rows()
        assert app.feed.cursor_index == 0
        assert rows[0].published_ns == max(r.published_ns for r in rows)
        added = sim.state.add_mention(sim.alert_ids[0], title="Fresh Acme news")
        new_id = int(added["id"])
        await wait_for(
            pilot, lambda: app.feed.selected_row is not None and app.feed.selected_row.id == new_id
        )
        assert app.feed.cursor_index == 0 and app.feed.new_above == 0


async def test_a_click_puts_the_cursor_on_the_row(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        target = app.feed.visible_rows()[3]
        await pilot.click("#feed", offset=(10, 3))
        assert app.feed.selected_row is target and app.feed.user_moved


async def test_undo_and_redo_hints_name_the_remapped_keys(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    keymap = {"curate.undo": "U", "curate.redo": "ctrl+y"}  # keys no other binding has
    app = make_app(sim, keymap=keymap)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, admin)
        await pilot.press("r")
        assert app.status.message.endswith("· U undoes")
        await pilot.press("U")
        assert app.status.message == "Undone · ^y redoes"
        await pilot.press("ctrl+y")
        assert app.status.message == "Redone · U undoes"


async def test_a_selection_allowed_only_in_part_says_what_was_left(sim: SimServer) -> None:
    admin, read_only = sim.alert_ids[0], sim.alert_ids[2]
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        inbox = [r for r in app.feed.visible_rows() if r.folder == "inbox"]
        mine = next(r.id for r in inbox if r.alert_id == admin)
        theirs = next(r.id for r in inbox if r.alert_id == read_only)
        for mention_id in (mine, theirs):
            assert app.feed.jump_to_id(mention_id)
            await pilot.press("space")
        assert set(app.feed.selected_ids()) == {mine, theirs}
        await pilot.press("e")
        await wait_for(pilot, lambda: _held(sim, admin, mine)["folder"] == "archive")
        assert _held(sim, read_only, theirs)["folder"] == "inbox"
        message = app.status.message
        assert message.startswith("1 mention archived")
        assert "1 left as they were: read-only" in message
        assert app.status.message_is_error


async def test_children_key_loads_replies_or_says_there_are_none(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        rows = app.feed.visible_rows()
        parent = next(r for r in rows if r.children_count)
        alone = next(r for r in rows if not r.children_count)
        sim.state.clear_log()
        assert app.feed.jump_to_id(alone.id)
        await pilot.press("c")
        assert app.status.message == "No comments or replies on this mention"
        assert app.feed.jump_to_id(parent.id)
        await pilot.press("c")
        await wait_for(pilot, lambda: app.main.links.children(parent.id) is not None)
        assert len(app.main.links.children(parent.id) or []) == parent.children_count
        asked = [r.path for r in sim.state.request_log if "children" in r.path]
        assert len(asked) == 1 and str(parent.id) in asked[0]  # none for the one without


async def test_replies_without_text_say_where_they_are() -> None:
    """Replies to tweets and posts come with no text: they say where they are."""
    with SimServer(seed=7, mentions_per_alert=60, epoch=FIXED_EPOCH) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            parent = next(
                r
                for r in app.feed.visible_rows()
                if r.children_count and r.source_type in ("twitter", "facebook")
            )
            assert app.feed.jump_to_id(parent.id)
            await pilot.press("c")
            await wait_for(pilot, lambda: app.main.links.children(parent.id) is not None)
            await pilot.pause(0.1)
            text = str(app.detail.query_one("#detail-body").render())
            replies = [line for line in text.splitlines() if line.startswith("  • ")]
            assert len(replies) == parent.children_count
            assert all(".com/" in line.split(": ", 1)[1] for line in replies)
