"""Strangers' text through the stream into the running app: nothing reaches the terminal.

The bytes checked are the ones Textual would write for a full repaint of the screen
(`render_segments` of a full compositor update, exactly what the driver writes).
"""

from __future__ import annotations

import asyncio
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp

# What Textual itself writes: cursor moves, SGR styles, and nothing else.
OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;]*[mHJK]|\x1b\[\?[0-9;]*[hl]")
# The app's own OSC 8 hyperlinks (the detail pane's URL lines): open, then close.
OWN_LINK = re.compile(r"\x1b\]8;id=[0-9-]+;([^\x1b]*)\x1b\\|\x1b\]8;;\x1b\\")

ATTACKS = [
    "\x1b[2J\x1b[H",  # clear screen
    "\x1b]0;pwned\x07",  # retitle
    "\x1b]52;c;cGF5bG9hZA==\x07",  # OSC 52: write the clipboard
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 link
    "\x9b31m\x9d0;c1\x9c",  # C1 CSI / OSC
    "\u202egnp.exe\u202c",  # bidi override
    "zero\u200bwidth\u2060joiner\ufeff",
    "[/] [bold]x[/bold] [link=https://x]y[/link] [@click=app.quit]q[/]",
    "back\\slash\\\\ [",
    "\x00\x07\x08\x7f\r\n\t",
]

hostile_text = st.lists(
    st.one_of(
        st.sampled_from(ATTACKS),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    ),
    min_size=1,
    max_size=6,
).map("".join)


def frame_bytes(app: TriageApp) -> str:
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(app.console)


def link_targets(frame: str) -> list[str]:
    return [m.group(1) for m in OWN_LINK.finditer(frame) if m.group(1) is not None]


def assert_clean(frame: str, rows: int) -> None:
    for target in link_targets(frame):
        # Only http(s), only printable ASCII: a target can never end the sequence early.
        assert re.fullmatch(r"https?://[!-~]+", target), f"unsafe link target {target!r}"
    rest = OWN_SEQUENCES.sub("", OWN_LINK.sub("", frame))
    # Textual ends each screen row with one newline; content never adds one.
    assert rest.count("\n") <= rows
    bad = [c for c in rest if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0]
    assert bad == [], f"control characters reached the terminal: {bad[:5]!r}"
    for invisible in ("\u202e", "\u202c", "\u200b", "\u2060", "\ufeff"):
        assert invisible not in rest


async def _shown(app: TriageApp, pilot, sim: SimServer, **fields: object) -> str:  # type: ignore[no-untyped-def]
    """A mention with `fields` arrives by the stream, the cursor goes to it: the frame,
    checked clean."""
    added = await asyncio.to_thread(
        sim.state.add_mention, sim.alert_ids[0], folder="inbox", trashed=False, **fields
    )
    new_id = int(added["id"])
    await wait_for(pilot, lambda: app.feed.shows(new_id))
    await wait_for(pilot, lambda: app.feed.jump_to_id(new_id))
    await pilot.pause(0.05)
    frame = frame_bytes(app)
    assert_clean(frame, app.size.height)
    return frame


async def _show_each(app: TriageApp, pilot, sim: SimServer, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    for text in texts:
        frame = await _shown(
            app,
            pilot,
            sim,
            title=text,
            description=text * 3,
            source_name=text,
            source_type="news",
        )
        assert not any("evil.example" in t for t in link_targets(frame))  # text is no link


async def test_each_attack_class_is_shown_inert() -> None:
    with SimServer(seed=1, mentions_per_alert=3, mark_interval=0.2, epoch=FIXED_EPOCH) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            await _show_each(app, pilot, sim, [*ATTACKS, "A" * 100_000])
            assert app.is_running  # no MarkupError, no crash
        body = str(app.detail.query_one("#detail-body").render()) if app.is_running else ""
        assert "\x1b" not in body


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts=st.lists(hostile_text, min_size=8, max_size=8))
def test_generated_mentions_never_reach_the_terminal(texts: list[str]) -> None:
    async def run() -> None:
        with SimServer(seed=2, mentions_per_alert=2, mark_interval=0.2, epoch=FIXED_EPOCH) as sim:
            app = make_app(sim)
            async with app.run_test(size=(100, 30)) as pilot:
                await ready(pilot, app)
                await _show_each(app, pilot, sim, texts)
                assert app.is_running

    asyncio.run(run())


async def test_bad_stream_lines_are_skipped_counted_and_the_stream_goes_on() -> None:
    with SimServer(seed=3, mentions_per_alert=3, mark_interval=0.2, epoch=FIXED_EPOCH) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            good = sim.state.add_mention(sim.alert_ids[0])
            bad_lines = [
                b'{"type":"mention","mention":{"id":"1"',  # truncated JSON
                b'{"type":"mention","mention":{"id":[],"alert_id":"x"}}',  # wrong types
                b"\xff\xfe not utf-8 \xc3\x28",
                b'{"type":"mention","mention":' + b'"' + b"x" * 2_000_000 + b'"}',  # 2 MB
                b"[1, 2, 3]",
            ]
            for line in bad_lines:
                sim.state.send_raw(line)
            sim.state.send_raw(json.dumps({"type": "brand_new_kind", "x": 1}).encode())
            after = await asyncio.to_thread(sim.state.add_mention, sim.alert_ids[0])
            await wait_for(pilot, lambda: app.feed.shows(int(after["id"])))
            assert app.feed.row_by_id(int(good["id"])) is not None
            await wait_for(pilot, lambda: app.status.invalid == len(bad_lines), limit=5)
            assert "5 unreadable skipped" in str(app.status.render())
            assert app.is_running


HOSTILE_URLS = [
    ("javascript:alert(1)", None),
    ("file:///etc/passwd", None),
    # The sanitizer has already made control characters visible (␛ ␇): not the URL the
    # service sent, so no link (core.urls.plain_web_url, the check copy and open use).
    ("https://evil.example/\x1b\\\x1b]0;pwned\x07", None),
    ("https://ex.example/a b\u202eexe", None),
    ("https://bücher.example/ü", "https://b%C3%BCcher.example/%C3%BC"),
]


async def test_urls_become_links_only_when_http_and_always_inert() -> None:
    with SimServer(seed=4, mentions_per_alert=2, mark_interval=0.2, epoch=FIXED_EPOCH) as sim:
        app = make_app(sim)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot, app)
            for url, target in HOSTILE_URLS:
                frame = await _shown(
                    app, pilot, sim, original_url=url, displayable_url=url, clickable_url=url
                )
                targets = set(link_targets(frame))
                if target is None:
                    assert targets == set()
                else:
                    assert targets == {target}
