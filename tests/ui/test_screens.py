"""Pickers, confirm, help and the shares modal, driven in the real app against the sim."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.harness import FIXED_EPOCH, cursor_to_alert, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui.screens.shares import SharesScreen


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=15, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


async def test_folder_picker_moves_the_mention(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, admin)
        mention_id = app.feed.selected_row.id  # type: ignore[union-attr]
        await pilot.press("m")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "FolderPicker")
        await pilot.press("3")  # Irrelevant
        await wait_for(pilot, lambda: sim.state.mention(admin, mention_id)["folder"] == "spam")


async def test_tag_picker_applies_a_tag(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, admin)
        row = app.feed.selected_row
        assert row is not None
        before = set(row.tag_ids)
        await pilot.press("t")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "TagPicker")
        first = sorted(sim.state.tags(admin), key=lambda t: t["name"])[0]["id"]
        await pilot.press("space", "enter")
        expected = sorted(before ^ {first})
        await wait_for(
            pilot,
            lambda: sorted(t["id"] for t in sim.state.mention(admin, row.id)["tags"]) == expected,
        )


async def test_mark_seen_read_asks_and_defaults_to_no(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        await pilot.press("R")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        sim.state.clear_log()
        await pilot.press("enter")  # the default answer is No
        await pilot.pause(0.3)
        assert [r for r in sim.state.request_log if r.method == "PUT"] == []


async def test_help_lists_live_bindings_with_remaps(sim: SimServer) -> None:
    app = make_app(sim, keymap={"curate.archive": "a"})
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot, app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HelpScreen")
        from triage_tui.ui.screens.help import binding_rows

        rows = {r[1]: r[2] for r in binding_rows(app)}
        assert rows["curate.archive"] == "a"
        assert set(rows["feed.down"].split(", ")) == {"j", "↓"}


async def test_shares_admin_adds_changes_and_revokes(sim: SimServer) -> None:
    admin = sim.alert_ids[0]
    app = make_app(sim)
    async with app.run_test(size=(110, 34)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, admin)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SharesScreen))
        screen = app.screen
        await wait_for(pilot, lambda: bool(screen.shares))
        count = len(sim.state.shares(admin))
        # A bad email: an inline error, nothing sent, the text kept.
        sim.state.clear_log()
        await pilot.press("a", *"not-an-email", "enter")
        await pilot.pause(0.2)
        assert [r for r in sim.state.request_log if r.method == "POST"] == []
        assert screen.query_one("#email").value == "not-an-email"
        assert "not a valid email" in str(screen.query_one("#form-error").render())
        screen.query_one("#email").value = ""
        await pilot.press(*"new.person@example.com", "enter")
        await wait_for(pilot, lambda: len(sim.state.shares(admin)) == count + 1)
        added = [s for s in sim.state.shares(admin) if s["email"] == "new.person@example.com"]
        assert added[0]["permission"] == "read"
        # Change its permission: move to the last row, press 2 (write).
        screen.query_one("DataTable").focus()
        screen.query_one("DataTable").move_cursor(row=len(screen.shares) - 1)
        await pilot.press("2")
        await wait_for(pilot, lambda: sim.state.shares(admin)[-1]["permission"] == "write")
        # Revoke, answering No first (the default), then Yes.
        await pilot.press("d")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert len(sim.state.shares(admin)) == count + 1
        await pilot.press("d")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.press("y")
        await wait_for(pilot, lambda: len(sim.state.shares(admin)) == count)


async def test_shares_read_only_user_sees_no_form(sim: SimServer) -> None:
    read_only = sim.alert_ids[2]
    app = make_app(sim)
    async with app.run_test(size=(110, 34)) as pilot:
        await ready(pilot, app)
        await cursor_to_alert(pilot, app, read_only)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SharesScreen))
        assert not app.screen.query("#email")
        assert "only admins" in str(app.screen.query_one("#why").render())
