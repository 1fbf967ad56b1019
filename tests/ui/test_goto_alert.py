"""Go to an alert by name (a key and the palette); the status line names it; S says why
it cannot tell which alert on an empty view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui.screens.alert_picker import AlertPicker


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=6, epoch=FIXED_EPOCH) as s:
        yield s


def _names(app) -> dict[int, str]:  # type: ignore[no-untyped-def]
    return {a.id: a.name for a in app.session.alerts.values()}


async def test_l_picks_an_alert_by_typed_name_and_the_status_names_it(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        names = _names(app)
        assert len(names) > 1
        alert_id, name = sorted(names.items())[-1]
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertPicker))
        await pilot.press(*name[:4].lower(), "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, AlertPicker))
        await pilot.pause(0.1)
        rows = app.feed.visible_rows()
        assert rows and all(r.alert_id == alert_id for r in rows)
        assert app.status.filter_text == f"alert:{alert_id}"
        assert name in str(app.status.render())  # its name, not its id
        # Back to every alert.
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertPicker))
        await pilot.press(*"all", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, AlertPicker))
        await pilot.pause(0.1)
        assert app.status.filter_text == ""
        assert {r.alert_id for r in app.feed.visible_rows()} == set(names)


async def test_the_palette_goes_to_each_alert(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        names = _names(app)
        commands = {c.title: c for c in app.get_system_commands(app.main)}
        for name in names.values():
            assert f"Go to alert: {name}" in commands
        alert_id, name = sorted(names.items())[0]
        commands[f"Go to alert: {name}"].callback()
        await pilot.pause(0.1)
        assert {r.alert_id for r in app.feed.visible_rows()} == {alert_id}


async def test_shares_on_an_empty_view_says_why_or_uses_the_alert_gone_to(
    sim: SimServer,
) -> None:
    from triage_tui.ui.screens.shares import SharesScreen

    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("slash", *"zzqxw", "enter")  # a view without a mention
        await pilot.pause(0.1)
        assert app.feed.selected_row is None
        await pilot.press("S")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, SharesScreen)
        assert "Shares: no mention here" in app.status.message
        alert_id = sorted(_names(app))[0]
        app.main.go_to_alert(alert_id)
        await pilot.pause(0.1)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SharesScreen))
        assert app.screen.alert_id == alert_id  # type: ignore[attr-defined]
