"""Keys typed right behind a key that opens a modal, on screens other than the feed: the
pager's pickers (t, m) and the shares screen (S). As in test_typed_ahead.py the keys are
queued the way a terminal hands them over (all before any is handled), as over SSH."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.ui.harness import cursor_to_alert, make_app, ready, wait_for
from tests.ui.test_typed_ahead import _queue
from triage_tui.core.rows import FeedRow
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.screens.pager import PagerScreen
from triage_tui.ui.screens.shares import SharesScreen


async def _settled(pilot: Pilot, app: TriageApp) -> None:
    """The service's answers in and shown (the pager draws them): nothing left in flight
    when the test ends and the app closes."""
    await wait_for(pilot, lambda: app.session is not None and app.session.pending == 0)
    await pilot.pause()


def _held(sim: SimServer, alert_id: int, mention_id: int) -> dict:
    held = sim.state.mention(alert_id, mention_id)
    assert held is not None
    return held


async def _pager_on(
    pilot: Pilot, app: TriageApp, alert_id: int, without_tag: int | None = None
) -> FeedRow:
    """The pager open on an unread mention of `alert_id` (without the tag, if given)."""
    await cursor_to_alert(pilot, app, alert_id)
    while (row := app.feed.selected_row) is not None and (
        row.read or (without_tag is not None and without_tag in row.tag_ids)
    ):
        await pilot.press("j")
    assert row is not None
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, PagerScreen))
    return row


async def test_keys_typed_behind_t_in_the_pager_go_to_the_tag_picker() -> None:
    """`t u r g Enter` in the pager tags "urgent": no undo, no read, no jump to the top."""
    with SimServer(seed=3, mentions_per_alert=12) as sim:
        admin = sim.alert_ids[0]
        urgent = next(t["id"] for t in sim.state.tags(admin) if t["name"] == "urgent")
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            row = await _pager_on(pilot, app, admin, without_tag=urgent)
            await pilot.press("f")  # something for a stray `u` to undo (and read)
            await wait_for(pilot, lambda: _held(sim, admin, row.id)["favorite"] is True)
            await wait_for(pilot, lambda: _held(sim, admin, row.id)["read"] is True)
            _queue(app, ("t", "t"), ("u", "u"), ("r", "r"), ("g", "g"), ("enter", "\r"))
            await wait_for(
                pilot, lambda: urgent in [t["id"] for t in _held(sim, admin, row.id)["tags"]]
            )
            await wait_for(pilot, lambda: isinstance(app.screen, PagerScreen))
            await _settled(pilot, app)
            after = _held(sim, admin, row.id)
            assert after["favorite"] is True  # no `u` in the pager
            assert after["read"] is True  # favorited, so read: no `r` made it unread
            assert isinstance(app.screen, PagerScreen) and app.screen.shown_id == row.id


async def test_keys_typed_behind_m_in_the_pager_go_to_the_folder_picker() -> None:
    """`m` and a folder's digit, together: the mention moves there, nothing else runs."""
    with SimServer(seed=3, mentions_per_alert=12) as sim:
        admin = sim.alert_ids[0]
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            row = await _pager_on(pilot, app, admin)
            session = app.session
            assert session is not None
            folders = [f for f in session.app_data.mention_folders if not f.hidden]
            digit = str(next(n for n, f in enumerate(folders, 1) if f.code == "archive"))
            _queue(app, ("m", "m"), (digit, digit), ("r", "r"))
            await wait_for(pilot, lambda: _held(sim, admin, row.id)["folder"] == "archive")
            await _settled(pilot, app)
            assert _held(sim, admin, row.id)["read"] is False  # the `r` went to the picker


async def test_keys_typed_behind_s_go_to_the_shares_screen_not_the_feed() -> None:
    """`S r j` on a mention of a read-only alert: the keys are the shares screen's, never
    the feed's. Before, they went through the feed (the shares screen was the app's screen
    at once, but the keys already queued were sent to the feed): bound there, `r` said
    why the feed refuses it, on the status line under the shares screen."""
    with SimServer(seed=3, mentions_per_alert=12) as sim:
        read_only = next(a["id"] for a in sim.state.alerts() if a["permission"] == "read")
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            await cursor_to_alert(pilot, app, read_only)
            row = app.feed.selected_row
            assert row is not None
            before, index = _held(sim, read_only, row.id), app.feed.cursor_index
            app.status.say("")
            _queue(app, ("S", "S"), ("r", "r"), ("j", "j"))
            await wait_for(
                pilot, lambda: isinstance(app.screen, SharesScreen) and bool(app.screen.shares)
            )
            await pilot.pause()  # what the keys did, done
            assert isinstance(app.screen, SharesScreen)
            assert app.status.message == ""  # no feed key was told it is refused
            assert app.feed.cursor_index == index  # no `j` on the feed
            assert _held(sim, read_only, row.id) == before  # nothing read


async def test_an_email_typed_behind_s_a_goes_into_the_form() -> None:
    """`S a bob@ex.io Enter`, together: the letters after `a` are the email field's (handed
    over as keys, they would all reach the list before `a` moved the focus)."""
    with SimServer(seed=3, mentions_per_alert=12) as sim:
        admin = sim.alert_ids[0]
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            await cursor_to_alert(pilot, app, admin)
            typed = [(c, c) for c in "bob"] + [("at", "@")] + [(c, c) for c in "ex"]
            typed += [("full_stop", "."), ("i", "i"), ("o", "o"), ("enter", "\r")]
            _queue(app, ("S", "S"), ("a", "a"), *typed)
            await wait_for(
                pilot, lambda: "bob@ex.io" in [s["email"] for s in sim.state.shares(admin)]
            )
            await pilot.pause()
            assert isinstance(app.screen, SharesScreen)
