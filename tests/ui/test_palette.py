"""The command palette lists the app's own commands, not the palette input's editing keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.command import CommandPalette

from tests.ui.harness import FIXED_EPOCH, make_app, ready, wait_for
from triage_tui.sim import SimServer


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=5, mentions_per_alert=5, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


async def test_the_palette_offers_the_app_commands_with_their_keys(sim: SimServer) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        # What the palette asks for: the commands of the screen it was opened on.
        commands = list(app.get_system_commands(app.screen_stack[0]))
        titles = [c.title for c in commands]
        assert "Filter (/)" in titles and "Archive (e)" in titles
        assert not any(t.startswith("Delete character") for t in titles)  # the input's keys
        assert not any(t.startswith("(") for t in titles)  # bindings without a name
        helps = {c.title: c.help for c in commands}
        assert helps["Archive (4)"] == "Show the Archive view"  # not the same as the key e


async def test_help_and_palette_list_only_the_app_keys_each_described(sim: SimServer) -> None:
    from triage_tui.ui.screens.help import binding_rows

    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        rows = binding_rows(app)
        described = {r[3] for r in rows}
        internals = {"Scroll Left", "Scroll Right", "Copy selected text", "Focus Previous"}
        assert not described & internals, described & internals
        assert ("General", "app.clear_filter", "esc", "Clear selection, else filter") in rows
        titles_helps = [(c.title, c.help) for c in app.get_system_commands(app.main)]
        ours = [(t, h) for t, h in titles_helps if t.endswith(")")]  # "Name (key)"
        assert ours and not any(t.startswith(tuple(internals)) for t, _ in ours)
        # A sentence each, not the command's name again.
        assert all(h and not t.startswith(h) for t, h in ours), [
            t for t, h in ours if t.startswith(h)
        ]
