"""The stats screen (`s`) and the inbox-zero summary: the real app against the simulator,
asserting on what the simulator holds."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from textual.pilot import Pilot

from tests.ui.harness import FIXED_EPOCH, cursor_to_alert, make_app, ready, wait_for
from triage_tui.core.alert_history import Past, PastStatus
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.screens.stats import StatsScreen

HOSTILE = "[b]Evil[/b] \x1b[31mred\x1b]8;;https://x.example\x07"


def _screen_text(app: TriageApp) -> str:
    screen = app.screen
    assert isinstance(screen, StatsScreen)
    return "\n".join(str(s.render()) for s in screen.query("Static"))


async def _open(pilot: Pilot, app: TriageApp) -> StatsScreen:
    """The stats screen, once the older mentions it asks for have come (or not)."""
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen))
    screen = app.screen
    assert isinstance(screen, StatsScreen)
    await wait_for(pilot, lambda: _past(screen).state is not Past.LOADING)
    await pilot.pause()
    return screen


def _past(screen: StatsScreen) -> PastStatus:
    return screen.session.past.status(screen.alert_id)


def _history_calls(sim: SimServer, alert: int) -> list[dict[str, list[str]]]:
    """The stats' list calls: from 30 days ago (the teammates' refresh asks a window of
    the mentions on screen, hours)."""
    path = f"/api/accounts/{sim.account_id}/alerts/{alert}/mentions"
    month_ago = (FIXED_EPOCH - timedelta(days=29)).isoformat()
    return [
        r.query
        for r in sim.state.request_log
        if r.method == "GET"
        and r.path == path
        and r.query.get("not_before_date", ["9999"])[0] < month_ago  # ISO, one zone: by text
    ]


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
            # What the simulator holds (the back-fill holds the inbox, the screen asked the
            # list endpoint for the last 30 days of every folder).
            truth = sim.state.mentions(second)
            assert stats.held == len(truth)
            assert stats.inbox == sum(1 for m in truth if m["folder"] == "inbox")
            assert stats.unread == sum(
                1 for m in truth if not m["read"] and m["folder"] not in ("spam", "trash")
            )
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


async def test_older_mentions_are_fetched_counted_and_said_within_the_budget() -> None:
    history = {"archive": 25, "trash": 5, "spam": 5, "inbox": 5}
    with SimServer(
        seed=7, mentions_per_alert=20, mark_interval=0.2, epoch=FIXED_EPOCH, history=history
    ) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot, app)
            first = sim.alert_ids[0]
            await cursor_to_alert(pilot, app, first)
            held = [r for r in app.session.rows() if r.alert_id == first]  # type: ignore[union-attr]
            truth = sim.state.mentions(first)
            assert len(held) < len(truth)  # the archive and the older inbox: only on the sim
            sim.state.clear_log()
            screen = await _open(pilot, app)
            assert _past(screen).state is Past.DONE
            stats = screen.stats
            assert stats is not None and stats.alert_id == first
            # The 30 days count what the simulator holds, every folder, none twice.
            assert stats.held == stats.last_30d == len(truth)
            assert stats.inbox == sum(1 for m in truth if m["folder"] == "inbox")
            text = _screen_text(app)
            assert f"{_past(screen).loaded} mentions of the last 30 days fetched" in text
            assert f"Last 30 days · {len(truth)} mentions" in text
            # The app sampled the counts once its session started (with its clock), and
            # the chart ends with what is held now.
            (sample,) = screen.session.counts.points(first)
            assert abs(sample.at - sim.now) < 60 and sample.inbox <= stats.inbox
            assert "Unread and inbox over time" in text and "1 sample since" in text
            # One list call (a page of 1,000 holds it all), within the stats' budget share.
            calls = _history_calls(sim, first)
            assert len(calls) == 1 and calls[0]["limit"] == ["1000"]
            assert "folder" not in calls[0]
            assert screen.session.past.budget.used(first) == 1
            # Switching away and back asks nothing again.
            await pilot.press("right_square_bracket")
            await wait_for(pilot, lambda: _past(screen).state is not Past.LOADING)
            await pilot.press("left_square_bracket")
            await pilot.pause(0.2)
            calls = _history_calls(sim, first)
            assert len(calls) == 1


async def test_a_failed_fetch_is_one_line_and_the_screen_shows_what_is_held() -> None:
    with SimServer(
        seed=7, mentions_per_alert=10, mark_interval=0.2, epoch=FIXED_EPOCH, history={"archive": 9}
    ) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot, app)
            first = sim.alert_ids[0]
            await cursor_to_alert(pilot, app, first)
            held = len([r for r in app.session.rows() if r.alert_id == first])  # type: ignore[union-attr]
            sim.state.faults.fail_lists = 1000  # every list call fails
            screen = await _open(pilot, app)
            sim.state.faults.fail_lists = 0
            status = _past(screen)
            assert status.state is Past.FAILED and "\n" not in status.detail
            assert screen.stats is not None and screen.stats.held == held
            text = _screen_text(app)
            assert f"✗ older mentions not loaded: {status.detail}" in text
            assert f"{held} mentions held" in text


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
