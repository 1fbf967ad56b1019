"""The shares screen against the real simulator over loopback: assertions are on what
the simulator holds afterwards, as well as on the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from tests.ui.harness import FIXED_EPOCH, wait_for
from triage_tui.api import AsyncMentionClient
from triage_tui.api.shares import SharePermission
from triage_tui.core.session import Session
from triage_tui.core.settings import SyncSettings
from triage_tui.sim import SimServer
from triage_tui.ui.screens.confirm import ConfirmScreen
from triage_tui.ui.screens.shares import SharesScreen


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=7, mentions_per_alert=3, mark_interval=5.0, epoch=FIXED_EPOCH) as s:
        yield s


class SharesHost(App[None]):
    """Opens the shares of one alert with a Session (its client made inside the app's own
    loop), as the app does: the screen's requests go through the Session."""

    def __init__(self, sim: SimServer, alert: int, level: SharePermission) -> None:
        super().__init__()
        self.sim, self.alert, self.level = sim, alert, level
        self.client = AsyncMentionClient(access_token=sim.token, base_url=sim.api_url)
        self.session: Session | None = None

    async def on_mount(self) -> None:
        self.session = await Session.open(
            self.client,
            account_id=self.sim.account_id,
            alert_ids=None,
            store=None,
            on_event=lambda event: None,
            settings=SyncSettings.fast(),
        )
        self.push_screen(SharesScreen(self.session, self.alert, "Acme", self.level))

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.stop()
        await self.client.aclose()


def posts(sim: SimServer) -> list[Any]:
    return [r for r in sim.state.request_log if r.method == "POST"]


def emails(sim: SimServer, alert: int) -> dict[str, str]:
    return {s["email"]: s["permission"] for s in sim.state.shares(alert)}


async def open_shares(pilot: Pilot, app: SharesHost) -> SharesScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, SharesScreen) and bool(app.screen.shares))
    assert isinstance(app.screen, SharesScreen)
    return app.screen


async def test_shares_admin_adds_with_write_after_a_bad_email(sim: SimServer) -> None:
    alert = sim.alert_ids[0]
    app = SharesHost(sim, alert, SharePermission.ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_shares(pilot, app)
        before = emails(sim, alert)
        assert screen.query_one(DataTable).row_count == len(before)
        sim.state.clear_log()
        # A bad email: an inline error, nothing sent, the text kept for fixing.
        await pilot.press("a", *"not-an-email", "enter")
        await pilot.pause(0.1)
        assert posts(sim) == []
        assert screen.query_one("#email", Input).value == "not-an-email"
        assert "is not a valid email address" in str(screen.query_one("#form-error").render())
        # Fix it, choose write in the select, press Add.
        screen.query_one("#email", Input).value = ""
        await pilot.press(*"new@ex.io", "tab", "enter", "down", "enter")
        await pilot.press("tab", "enter")
        await wait_for(pilot, lambda: len(emails(sim, alert)) == len(before) + 1)
        assert emails(sim, alert) == {**before, "new@ex.io": "write"}
        await wait_for(pilot, lambda: len(screen.shares) == len(before) + 1)
        assert len(posts(sim)) == 1
        assert str(screen.query_one("#form-error").render()) == ""
        assert screen.query_one("#email", Input).value == ""
        table = screen.query_one(DataTable)
        assert table.row_count == len(before) + 1
        assert screen.shares[table.cursor_row].email == "new@ex.io"


async def test_shares_service_refusals_show_inline_and_keep_the_form(sim: SimServer) -> None:
    alert = sim.alert_ids[0]
    app = SharesHost(sim, alert, SharePermission.ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_shares(pilot, app)
        before = emails(sim, alert)
        # Already shared with this email: the service's 400 field error, inline.
        await pilot.press("a", *"owner@demo.example", "enter")
        error = screen.query_one("#form-error")
        await wait_for(pilot, lambda: "already shared" in str(error.render()))
        assert screen.query_one("#email", Input).value == "owner@demo.example"
        # The user lost admin rights meanwhile: the 403 is said as such.
        sim.state.set_permission(alert, "write")
        screen.query_one("#email", Input).value = "late@example.com"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "The service refused" in str(error.render()))
        assert screen.query_one("#email", Input).value == "late@example.com"
        # Rate limited: the one-line reason, the form still kept.
        sim.state.faults.rate_limit_for = 60.0
        await pilot.press("enter")
        await wait_for(pilot, lambda: "HTTP 429" in str(error.render()))
        assert screen.query_one("#email", Input).value == "late@example.com"
        sim.state.faults.rate_limit_for = None
        assert emails(sim, alert) == before


async def test_shares_change_permission_revoke_and_last_admin_warning(sim: SimServer) -> None:
    alert = sim.alert_ids[0]
    app = SharesHost(sim, alert, SharePermission.ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_shares(pilot, app)
        table = screen.query_one(DataTable)
        row = next(i for i, s in enumerate(screen.shares) if s.email == "analyst@demo.example")
        table.move_cursor(row=row)
        await pilot.press("1")  # write -> read: asked first, naming the person
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "analyst@demo.example" in str(app.screen.query_one("#question").render())
        await pilot.press("y")
        await wait_for(pilot, lambda: emails(sim, alert)["analyst@demo.example"] == "read")
        await wait_for(pilot, lambda: screen.shares[row].permission is SharePermission.READ)
        assert table.cursor_row == row  # the cursor stays on the changed share
        # Revoke, answering with Enter first: the default is No, nothing is deleted.
        sim.state.clear_log()
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.pause(0.1)
        assert [r for r in sim.state.request_log if r.method == "DELETE"] == []
        assert "analyst@demo.example" in emails(sim, alert)
        # Now Yes.
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: "analyst@demo.example" not in emails(sim, alert))
        await wait_for(pilot, lambda: table.row_count == len(emails(sim, alert)))
        # The only admin: the confirmation warns harder; n keeps it.
        row = next(i for i, s in enumerate(screen.shares) if s.permission == "admin")
        table.move_cursor(row=row)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "LAST ADMIN" in str(app.screen.query_one("#detail").render())
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.pause(0.1)
        assert emails(sim, alert)["owner@demo.example"] == "admin"


async def test_shares_hostile_email_shows_literally(sim: SimServer) -> None:
    alert = sim.alert_ids[0]
    hostile = "[/] [bold]x\x1b[2J\x1b]0;pwned\x07@evil.example"
    with sim.state.lock:
        first = dict(sim.state.share_list(alert)[0])
        sim.state.share_list(alert).append({**first, "id": "share_evil", "email": hostile})
    app = SharesHost(sim, alert, SharePermission.ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_shares(pilot, app)
        table = screen.query_one(DataTable)
        cell = table.get_row_at(table.row_count - 1)[0]
        assert "[/] [bold]x" in cell.plain
        assert "\x1b" not in cell.plain and "\x07" not in cell.plain
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("d")  # the confirmation quotes it literally too
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one("#question").render())
        assert "[/] [bold]x" in question and "\x1b" not in question
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert any(s["id"] == "share_evil" for s in sim.state.shares(alert))


@pytest.mark.parametrize("index, level", [(1, "write"), (2, "read")])
async def test_shares_read_and_write_users_see_the_list_only(
    sim: SimServer, index: int, level: str
) -> None:
    alert = sim.alert_ids[index]
    app = SharesHost(sim, alert, SharePermission(level))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_shares(pilot, app)
        assert screen.query_one(DataTable).row_count == len(sim.state.shares(alert))
        assert not screen.query("#email")
        why = str(screen.query_one("#why").render())
        assert why == f"You have {level} access: only admins can change shares."
        # The keys that change shares are not active at all (nor in the footer).
        actions = {b.binding.action for b in screen.active_bindings.values()}
        assert actions.isdisjoint({"focus_add", "revoke", "set(1)", "set(2)", "set(3)"})
        sim.state.clear_log()
        await pilot.press("d", "3", "a")
        await pilot.pause(0.1)
        assert sim.state.request_log == []


# ---- snapshots at 80x24 (look at the SVGs before updating them) ---------------------------


def _loaded(app: SharesHost) -> Callable[[Pilot], Any]:
    async def run(pilot: Pilot) -> None:
        await open_shares(pilot, app)
        await pilot.pause(0.1)

    return run


def test_snapshot_shares_admin(snap_compare, sim: SimServer) -> None:
    # The simulator's seed and fixed epoch make the shares and their dates deterministic.
    app = SharesHost(sim, sim.alert_ids[0], SharePermission.ADMIN)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_loaded(app))


def test_snapshot_shares_read_only(snap_compare, sim: SimServer) -> None:
    app = SharesHost(sim, sim.alert_ids[2], SharePermission.READ)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_loaded(app))


async def test_shares_extreme_dates_show_as_unknown(sim: SimServer) -> None:
    alert = sim.alert_ids[0]
    extremes = ["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00"]
    with sim.state.lock:
        first = dict(sim.state.share_list(alert)[0])
        for n, when in enumerate(extremes):
            share = {**first, "id": f"share_old_{n}", "email": f"old{n}@ex.io"}
            sim.state.share_list(alert).append({**share, "created_at": when, "updated_at": when})
    app = SharesHost(sim, alert, SharePermission.ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_shares(pilot, app)
        table = screen.query_one(DataTable)
        since = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert since[-len(extremes) :] == ["unknown"] * len(extremes)
        assert all(s[:2] == "20" for s in since[: -len(extremes)])  # the real ones stay


async def test_shares_answer_after_the_screen_closed_is_ignored(sim: SimServer) -> None:
    """An answer can land while the screen is being taken down (its widgets gone, its
    workers not yet cancelled). Deterministically: the screen's own calls, made after it
    closed, answer to a screen without widgets."""
    alert = sim.alert_ids[0]
    app = SharesHost(sim, alert, SharePermission.ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_shares(pilot, app)
        analyst = next(s for s in screen.shares if s.email == "analyst@demo.example")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, SharesScreen))
        await wait_for(pilot, lambda: not screen.is_attached)
        sim.state.clear_log()
        screen.load()
        screen.set_permission(analyst, SharePermission.READ)
        screen.add_share("late@example.com", SharePermission.READ)
        await wait_for(pilot, lambda: len(sim.state.request_log) == 3)
        await app.workers.wait_for_complete()
        assert emails(sim, alert)["analyst@demo.example"] == "read"  # the service did it
        assert app.is_running
    assert app._exception is None


@pytest.mark.parametrize(
    ("share_id", "changed"),
    [
        ("share\nevil", False),  # refused before sending: no URL can carry it
        ("share/../../x", False),  # encoded: names no share the simulator has (404)
        ("share%2Fx", True),  # encoded: reaches exactly that share
        ("share?x=1#y", True),
    ],
)
async def test_shares_hostile_id_is_refused_or_encoded_never_a_crash(
    sim: SimServer, share_id: str, changed: bool
) -> None:
    alert = sim.alert_ids[0]
    with sim.state.lock:
        first = dict(sim.state.share_list(alert)[1])
        sim.state.share_list(alert).append({**first, "id": share_id, "email": "odd@ex.io"})
    before = [s["permission"] for s in sim.state.shares(alert)]
    app = SharesHost(sim, alert, SharePermission.ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_shares(pilot, app)
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.row_count - 1)
        sim.state.clear_log()
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        status = screen.query_one("#status")
        answer = "odd@ex.io now has admin" if changed else "✗"
        await wait_for(pilot, lambda: answer in str(status.render()))
        assert len(str(status.render()).splitlines()) == 1
        assert app.is_running
        # Only the odd share changed, if any: the request named it and nothing else.
        after = [s["permission"] for s in sim.state.shares(alert)]
        assert after == before[:-1] + (["admin"] if changed else before[-1:])
        for request in sim.state.request_log:
            assert request.path.endswith("/shares/" + share_id), request.path
        assert bool(sim.state.request_log) is ("\n" not in share_id)


async def test_shares_j_k_move_and_digits_ask_before_changing(sim: SimServer) -> None:
    """Issue 20, item 5: j/k move; 1/2/3 never act at once on whoever the cursor is on;
    demoting the last admin warns as revoking does."""
    alert = sim.alert_ids[0]
    app = SharesHost(sim, alert, SharePermission.ADMIN)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_shares(pilot, app)
        table = screen.query_one(DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("j")
        assert table.cursor_row == 1
        await pilot.press("k", "k")
        assert table.cursor_row == 0
        owner = next(i for i, s in enumerate(screen.shares) if s.email == "owner@demo.example")
        table.move_cursor(row=owner)
        sim.state.clear_log()
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "LAST ADMIN" in str(app.screen.query_one("#detail").render())
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.pause(0.1)
        assert sim.state.request_log == []  # nothing sent
        assert emails(sim, alert)["owner@demo.example"] == "admin"
