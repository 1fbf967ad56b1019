"""`/` with `alert:"Acme Corp"`: the alert's name works where its id does."""

from __future__ import annotations

from tests.ui.harness import make_app, ready, wait_for
from triage_tui.sim import SimServer


async def test_filter_by_alert_name() -> None:
    with SimServer(seed=8, mentions_per_alert=6) as sim:
        acme = sim.alert_ids[0]
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            await pilot.press("slash", *'alert:"acme corp"', "enter")
            await wait_for(pilot, lambda: app.query_text == 'alert:"acme corp"')
            rows = app.feed.visible_rows()
            assert rows and {r.alert_id for r in rows} == {acme}


async def test_slash_again_replaces_the_last_query_when_you_type() -> None:
    """Issue 20, item 7: `/` reopened with the old query and appended to it
    (`alert:112234alert:112233`). The old query comes back selected: typing replaces
    it, End keeps it to edit."""
    with SimServer(seed=8, mentions_per_alert=6) as sim:
        first, second = sim.alert_ids[:2]
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            await pilot.press("slash", *f"alert:{first}", "enter")
            await wait_for(pilot, lambda: app.query_text == f"alert:{first}")
            await pilot.press("slash", *f"alert:{second}", "enter")
            await wait_for(pilot, lambda: app.query_text == f"alert:{second}")
            assert {r.alert_id for r in app.feed.visible_rows()} == {second}
            await pilot.press("slash", "end", *" is:unread", "enter")
            await wait_for(pilot, lambda: app.query_text == f"alert:{second} is:unread")
