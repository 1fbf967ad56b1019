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
            await wait_for(pilot, lambda: app.main.query_text == 'alert:"acme corp"')
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
            await wait_for(pilot, lambda: app.main.query_text == f"alert:{first}")
            await pilot.press("slash", *f"alert:{second}", "enter")
            await wait_for(pilot, lambda: app.main.query_text == f"alert:{second}")
            assert {r.alert_id for r in app.feed.visible_rows()} == {second}
            await pilot.press("slash", "end", *" is:unread", "enter")
            await wait_for(pilot, lambda: app.main.query_text == f"alert:{second} is:unread")


def _in_view(app) -> bool:  # type: ignore[no-untyped-def]
    feed = app.feed
    top = feed.scroll_offset.y
    return top <= feed.cursor_index < top + feed.scrollable_content_region.height


async def test_after_a_filter_the_cursor_is_on_screen() -> None:
    """Issue 20, item 4: the cursor stays on its mention if it still matches, else on the
    nearest that does, and is scrolled into view either way."""
    with SimServer(seed=8, mentions_per_alert=40) as sim:
        app = make_app(sim)
        async with app.run_test(size=(100, 24)) as pilot:
            await ready(pilot, app)
            await pilot.press("G")  # the oldest, far down
            await pilot.pause(0.1)
            row = app.feed.selected_row
            assert row is not None and _in_view(app)
            # A filter that keeps it: the same mention, on screen.
            await pilot.press("slash", *f"alert:{row.alert_id}", "enter")
            await wait_for(pilot, lambda: app.main.query_text == f"alert:{row.alert_id}")
            await pilot.pause(0.1)
            assert app.feed.selected_row is row and _in_view(app)
            # Then all of them again: still that mention, still on screen.
            await pilot.press("slash", "backspace", "enter")
            await wait_for(pilot, lambda: app.main.query_text == "")
            await pilot.pause(0.1)
            assert app.feed.selected_row is row and _in_view(app)
            # A filter that drops it: the nearest that matches, on screen.
            other = next(a for a in sim.alert_ids if a != row.alert_id)
            await pilot.press("slash", *f"alert:{other}", "enter")
            await wait_for(pilot, lambda: app.main.query_text == f"alert:{other}")
            await pilot.pause(0.1)
            now = app.feed.selected_row
            assert now is not None and now.alert_id == other and _in_view(app)


async def test_an_unknown_source_is_refused_under_the_prompt() -> None:
    """Issue 20, item 7: `source:bogus` was applied silently (an empty feed). It is now
    refused under the prompt with the sources it takes; the query stays there to fix
    and the feed is not filtered."""
    from textual.widgets import Input, Static

    from triage_tui.ui.widgets.filter_bar import FilterBar

    with SimServer(seed=8, mentions_per_alert=6) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            shown = len(app.feed.visible_rows())
            await pilot.press("slash", *"source:bogus", "enter")
            bar = app.screen.query_one(FilterBar)
            help_line = bar.query_one("#filter-help", Static)
            await wait_for(pilot, lambda: help_line.has_class("-error"))
            text = str(help_line.render())
            assert "source:bogus: unknown source" in text and "twitter" in text
            assert bar.has_class("-open") and bar.query_one(Input).value == "source:bogus"
            assert app.main.query_text == "" and len(app.feed.visible_rows()) == shown


async def test_a_source_type_the_app_has_no_word_for_filters_once_held() -> None:
    """`source:` refuses an unknown word, but a source type the service sent (one the app
    has no word for) is a source the user can filter by."""
    with SimServer(seed=8, mentions_per_alert=6) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            added = sim.state.add_mention(sim.alert_ids[0], source_type="podcasts")
            await wait_for(pilot, lambda: app.feed.row_by_id(int(added["id"])) is not None)
            await pilot.press("slash", *"source:podcasts", "enter")
            await wait_for(pilot, lambda: app.main.query_text == "source:podcasts")
            assert [r.id for r in app.feed.visible_rows()] == [int(added["id"])]
            await pilot.press("slash", *"source:bogus", "enter")
            await pilot.pause(0.1)
            assert app.main.query_text == "source:podcasts"  # refused: the old filter stays


async def test_keys_typed_right_after_slash_go_to_the_filter_not_the_feed() -> None:
    """Keys already queued behind `/` (typed fast, or pasted) are the query's: none may
    reach the feed as a command (`e` would archive, `r` mark read)."""
    from textual import events

    with SimServer(seed=8, mentions_per_alert=6) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            await pilot.pause(0.2)
            before = {
                int(m["id"]): (m["folder"], m["read"]) for m in sim.state.mentions(sim.alert_ids[0])
            }
            driver = app._driver
            assert driver is not None
            for key, char in [("slash", "/"), ("r", "r"), ("e", "e"), ("d", "d")]:
                event = events.Key(key, char)
                event.set_sender(app)
                driver.send_message(event)  # as the terminal does: all queued before any is handled
            await pilot.pause(0.3)
            field = app.main.query_one("#filter-input")
            assert field.value == "red"  # type: ignore[attr-defined]
            after = {
                int(m["id"]): (m["folder"], m["read"]) for m in sim.state.mentions(sim.alert_ids[0])
            }
            assert after == before and app.session is not None and app.session.pending == 0


async def test_a_slash_inside_the_query_is_typed() -> None:
    with SimServer(seed=8, mentions_per_alert=6) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            await pilot.press("slash", "a", "slash", "b")
            field = app.main.query_one("#filter-input")
            assert field.value == "a/b"  # type: ignore[attr-defined]


async def test_text_searches_the_stored_mentions_descriptions_and_authors() -> None:
    """`text:` goes through the store's full-text index: a word of the author's name,
    which the feed row does not hold, finds the author's mentions."""
    import json

    with SimServer(seed=8, mentions_per_alert=6) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            session = app.main.session
            row = app.feed.visible_rows()[0]
            await wait_for(pilot, lambda: session.store.mention_json(row.id) is not None)
            author = json.loads(session.store.mention_json(row.id))["author_influence"]
            word = author["name"].split("_")[0].split(".")[0]
            await pilot.press("slash", *f'text:"{word}"', "enter")
            await wait_for(pilot, lambda: app.main.query_text == f'text:"{word}"')
            shown = {r.id for r in app.feed.visible_rows()}
            assert row.id in shown
            assert shown <= session.store.search_text(word)
