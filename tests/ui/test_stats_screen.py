"""The stats screen (`s`) and the inbox-zero summary: the real app against the simulator,
asserting on what the simulator holds."""

from __future__ import annotations

import asyncio
from collections import Counter

from textual.pilot import Pilot

from tests.ui.harness import FIXED_EPOCH, cursor_to_alert, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.screens.stats import StatsScreen

HOSTILE = "[b]Evil[/b] \x1b[31mred\x1b]8;;https://x.example\x07"


def _screen_text(app: TriageApp) -> str:
    screen = app.screen
    assert isinstance(screen, StatsScreen)
    return "\n".join(str(s.render()) for s in screen.query("Static"))


async def _open(pilot: Pilot, app: TriageApp) -> StatsScreen:
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen))
    assert isinstance(app.screen, StatsScreen)
    return app.screen


async def test_stats_of_the_alert_under_the_cursor_match_the_simulator() -> None:
    with SimServer(seed=7, mentions_per_alert=30, mark_interval=0.2, epoch=FIXED_EPOCH) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot, app)
            second = sim.alert_ids[1]
            await cursor_to_alert(pilot, app, second)
            screen = await _open(pilot, app)
            stats = screen.stats
            assert stats is not None and stats.alert_id == second
            # What the simulator holds in the inbox (the back-fill holds all of it).
            truth = [m for m in sim.state.mentions(second) if m["folder"] == "inbox"]
            assert stats.held == len(truth) == stats.inbox
            assert stats.unread == sum(1 for m in truth if not m["read"])
            tones = Counter(m["tone"] for m in truth)
            split = stats.tones
            assert (split.positive, split.neutral, split.negative) == (
                tones[1],
                tones[0],
                tones[-1],
            )
            # The top lists: the simulator's counts, most first (ties in any order).
            networks = Counter(m["source_type"] for m in truth)
            authors = Counter(
                m["author_influence"]["name"] for m in truth if m.get("author_influence")
            )
            for top, counts in ((stats.networks, networks), (stats.authors, authors)):
                assert top and all(counts[name] == n for name, n in top)
                assert [n for _, n in top] == sorted(counts.values(), reverse=True)[: len(top)]
            # Every mention held is within the last day of the demo's clock.
            assert stats.last_24h == stats.last_30d == stats.held
            text = _screen_text(app)
            assert sim.state.alert(second)["name"] in text  # type: ignore[index]
            assert f"{stats.unread} unread" in text and f"{stats.inbox} in inbox" in text
            assert "alert 2 of 3" in text

            # ] and [ switch alert, in the session's order, round the end.
            await pilot.press("right_square_bracket")
            assert screen.alert_id == sim.alert_ids[2]
            await pilot.press("right_square_bracket")
            assert screen.alert_id == sim.alert_ids[0]
            await pilot.press("left")
            assert screen.alert_id == sim.alert_ids[2]
            assert screen.stats is not None and screen.stats.alert_id == sim.alert_ids[2]

            # Curation keys do nothing here: the modal screen keeps the app's keys away.
            before = [(r.id, r.read) for r in app.feed.visible_rows()]
            await pilot.press("r", "e")
            assert [(r.id, r.read) for r in app.feed.visible_rows()] == before

            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, StatsScreen))
            await _open(pilot, app)
            await pilot.press("q")
            await wait_for(pilot, lambda: not isinstance(app.screen, StatsScreen))
            assert app.is_running  # q closed the screen, not the app


async def test_network_strings_are_shown_literally() -> None:
    with SimServer(seed=7, mentions_per_alert=3, mark_interval=0.2, epoch=FIXED_EPOCH) as sim:
        first = sim.alert_ids[0]
        with sim.state.lock:
            sim.state._alerts[first]["name"] = HOSTILE
        app = make_app(sim)
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot, app)
            added = await asyncio.to_thread(
                sim.state.add_mention,
                first,
                folder="inbox",
                source_name=HOSTILE,
                author_influence={"name": "[i]who[/i]\x1b[2J", "id": "1"},
            )
            await wait_for(pilot, lambda: app.feed.jump_to_id(int(added["id"])))
            screen = await _open(pilot, app)
            assert screen.stats is not None
            text = _screen_text(app)
            assert "\x1b" not in text and "\x07" not in text
            assert "[b]Evil[/b]" in text  # the markup is text, not bold
            assert "[i]who[/i]" in text
            sites = dict(screen.stats.sites)
            assert any(name.startswith("[b]Evil[/b] ␛[31mred") for name in sites)


async def test_inbox_zero_says_what_the_session_decided() -> None:
    with SimServer(
        seed=7, mentions_per_alert=3, mark_interval=0.2, epoch=FIXED_EPOCH, alert_count=1
    ) as sim:
        ticks = iter(range(1000))
        app = make_app(sim)
        # A clock that moves 30 s per reading: the time taken is known.
        app.clock = lambda: sim.now + 30 * next(ticks)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot, app)
            inbox = [m for m in sim.state.mentions(sim.alert_ids[0]) if m["folder"] == "inbox"]
            assert len(inbox) >= 2
            await wait_for(pilot, lambda: app.feed.visible_count == len(inbox))
            app._notifications.clear()
            await pilot.press("f")  # a favorite keeps it in the inbox
            await pilot.press("minus")  # tone
            await pilot.press("d")  # trash
            for _ in inbox[1:]:
                await pilot.press("e")  # archive the rest
            await wait_for(pilot, lambda: app.feed.visible_count == 0)
            await wait_for(pilot, lambda: any(n.title == "Inbox zero" for n in app._notifications))
            (note,) = [n for n in app._notifications if n.title == "Inbox zero"]
            archived = len(inbox) - 1
            assert note.message.startswith(f"{archived + 3} decisions in ")
            assert f"{archived} archived, 1 trashed, 1 ★ favorited, 1 tone set" in note.message
            # Every decision reached the simulator.
            await wait_for(
                pilot,
                lambda: all(m["folder"] != "inbox" for m in sim.state.mentions(sim.alert_ids[0])),
            )
            # Undo brings one back; emptying again says it again, with the undo.
            app._notifications.clear()
            await pilot.press("u")
            await wait_for(pilot, lambda: app.feed.visible_count == 1)
            await pilot.press("e")
            await wait_for(pilot, lambda: any(n.title == "Inbox zero" for n in app._notifications))
            (note,) = [n for n in app._notifications if n.title == "Inbox zero"]
            assert f"{archived + 1} archived" in note.message and "1 undone" in note.message


async def test_no_summary_in_another_view_or_when_nothing_was_decided() -> None:
    with SimServer(
        seed=7, mentions_per_alert=3, mark_interval=0.2, epoch=FIXED_EPOCH, alert_count=1
    ) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot, app)
            await pilot.press("7")  # All: emptying it is not inbox zero
            await wait_for(pilot, lambda: app.main.view.key == "all")
            await pilot.press("e")
            await pilot.pause(0.2)
            assert not any(n.title == "Inbox zero" for n in app._notifications)
