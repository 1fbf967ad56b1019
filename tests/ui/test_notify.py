"""Notifications when new mentions match a view: bell, desktop, throttled, inert."""

from __future__ import annotations

from collections.abc import Callable

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.core.notify import Notifier, desktop_command, osc9, safe_body
from triage_tui.core.rows import FeedRow
from triage_tui.core.watch import match_views
from triage_tui.sim import SimServer


def _row(i: int, **fields: object) -> FeedRow:
    values: dict = dict(
        id=i, alert_id=1, published_ns=i, source_type="twitter", who="w", title=f"t{i}"
    )
    values.update(fields)
    return FeedRow(**values)


def test_views_count_matches_and_the_newest_title_leads() -> None:
    rows = [_row(1, tone=-1), _row(2, tone=-1, source_type="news"), _row(3, tone=1)]
    found = match_views(rows, {"neg": "tone:neg", "news": "source:news", "bad": "tag:"})
    assert found.by_view == {"neg": 2, "news": 1}
    assert found.first_title == "t2"
    assert found.text() == "2 new in neg, 1 in news: t2"
    assert not match_views(rows, {"none": "lang:xx"})
    # No saved views: every new inbox mention counts.
    assert match_views([_row(4), _row(5, folder="archive")], {}).by_view == {"inbox": 1}


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bell_at_most_once_per_interval_and_the_rest_summed() -> None:
    written: list[str] = []
    timers: list[tuple[float, Callable[[], None]]] = []
    clock = Clock()
    notifier = Notifier(
        "bell", written.append, lambda d, cb: timers.append((d, cb)), clock=clock, interval=10
    )
    views = {"neg": "tone:neg"}
    notifier.arrived(match_views([_row(1, tone=-1)], views))
    assert written == ["\x07"]
    clock.now += 2
    notifier.arrived(match_views([_row(2, tone=-1)], views))
    notifier.arrived(match_views([_row(3, tone=-1)], views))
    notifier.arrived(match_views([_row(4, tone=1)], views))  # no match: nothing held
    assert written == ["\x07"] and len(timers) == 1 and timers[0][0] == 8
    clock.now += 8
    timers[0][1]()
    assert written == ["\x07", "\x07"] and notifier.sent == 2


def test_off_does_nothing() -> None:
    written: list[str] = []
    notifier = Notifier("off", written.append, lambda d, cb: None)
    notifier.arrived(match_views([_row(1)], {}))
    assert written == [] and not notifier.enabled


def test_desktop_over_ssh_is_an_inert_osc9_and_wrapped_in_tmux() -> None:
    hostile = "\x1b]0;pwned\x07; rm -rf ~ \u202e" + "x" * 500
    body = safe_body(hostile)
    assert "\x1b" not in body and "\x07" not in body and ";" not in body and len(body) <= 200
    seq = osc9(hostile, {})
    assert seq.startswith("\x1b]9;") and seq.endswith("\x07") and seq.count("\x1b") == 1
    wrapped = osc9("hi", {"TMUX": "/tmp/tmux-0/default,1,0"})
    assert wrapped == "\x1bPtmux;\x1b\x1b]9;hi\x07\x1b\\"
    assert desktop_command("t", "b", {"SSH_CONNECTION": "1 2 3 4"}) is None
    written: list[str] = []
    notifier = Notifier("desktop", written.append, lambda d, cb: None, env={"SSH_TTY": "x"})
    notifier.arrived(match_views([_row(1, title="Acme \x1b[2J")], {}))
    assert written and written[0].startswith("\x1b]9;mention-triage: 1 new in inbox: Acme")
    assert written[0].count("\x1b") == 1


async def test_a_live_mention_matching_a_saved_view_rings_the_bell() -> None:
    with SimServer(seed=6, mentions_per_alert=5, mark_interval=0.2, epoch=FIXED_EPOCH) as sim:
        app = make_app(sim, saved_views={"french": "lang:fr"}, notify="bell")
        written: list[str] = []
        app.notifier.write = written.append  # what would reach the terminal
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot, app)
            await pilot.pause(0.5)
            written.clear()  # whatever the start-up replay brought
            english = sim.state.add_mention(sim.alert_ids[0], language_code="en")
            await wait_for(pilot, lambda: app.feed.shows(int(english["id"])))
            assert written == []
            french = sim.state.add_mention(sim.alert_ids[0], language_code="fr")
            await wait_for(pilot, lambda: app.feed.shows(int(french["id"])))
            assert written == ["\x07"]
