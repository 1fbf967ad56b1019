"""The write-behind against a real SQLite file: held copies wait for the burst to end,
until WRITE_AT wait or HOLD_FOR passed, and a drain or close writes them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from triage_tui.core import write_behind
from triage_tui.core.store import Store
from triage_tui.core.write_behind import Item, WriteBehind


def _items(first: int, count: int, alert_id: int = 1) -> list[Item]:
    return [(i, alert_id, f'{{"id": "{i}"}}', "[]") for i in range(first, first + count)]


def _on_disk(path: Path) -> tuple[list[int], dict[int, int]]:
    """What a new connection reads: what a restart after a kill would find."""
    other = Store(path)
    try:
        return [m[0] for m in other.all_mentions()], other.cursors()
    finally:
        other.close()


async def _written(writer: WriteBehind) -> None:
    """The writer thread is done with everything handed to it (without releasing)."""
    if writer._last is not None:
        await asyncio.wrap_future(writer._last)


async def test_held_copies_wait_for_submit_and_the_cursors_wait_with_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.db"
    writer = WriteBehind(Store(path), on_error=pytest.fail)
    writer.hold(_items(1, 3), {1: 3})
    writer.hold(_items(4, 2), {1: 5})
    await asyncio.sleep(0.05)
    assert _on_disk(path) == ([], {})  # nothing yet, cursors included: a kill replays
    assert sorted(writer.pending) == [1, 2, 3, 4, 5]  # the session still finds them

    writer.submit(_items(6, 1), {1: 6})  # the stream caught up: everything goes
    await _written(writer)
    await asyncio.sleep(0)  # the done-callback clears `pending` on the loop
    assert _on_disk(path) == ([1, 2, 3, 4, 5, 6], {1: 6})
    assert writer.pending == {}
    writer.close()


async def test_a_stream_that_never_goes_quiet_is_written_after_hold_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_behind, "HOLD_FOR", 0.2)
    path = tmp_path / "state.db"
    writer = WriteBehind(Store(path), on_error=pytest.fail)
    writer.hold(_items(1, 2), {1: 2})
    await asyncio.sleep(0.1)
    writer.hold(_items(3, 2), {1: 4})  # later copies do not push the deadline back
    assert _on_disk(path) == ([], {})
    await asyncio.sleep(0.3)
    await _written(writer)
    assert _on_disk(path) == ([1, 2, 3, 4], {1: 4})
    writer.close()


async def test_once_write_at_wait_they_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_behind, "WRITE_AT", 5)
    path = tmp_path / "state.db"
    writer = WriteBehind(Store(path), on_error=pytest.fail)
    writer.hold(_items(1, 3), {1: 3})
    writer.hold(_items(4, 3), {1: 6})  # six wait: written now, while the burst goes on
    await _written(writer)
    assert _on_disk(path) == ([1, 2, 3, 4, 5, 6], {1: 6})
    writer.close()


async def test_drain_and_close_write_what_is_held(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = Store(path)
    writer = WriteBehind(store, on_error=pytest.fail)
    writer.hold(_items(1, 2), {1: 2})
    writer.drain()  # before a write that must land after these (an accepted PUT's copy)
    assert _on_disk(path) == ([1, 2], {1: 2})

    writer.hold(_items(3, 2, alert_id=2), {1: 2, 2: 4})
    writer.close()  # a stop: everything received is on disk before the app exits
    assert _on_disk(path) == ([1, 2, 3, 4], {1: 2, 2: 4})
    store.close()


async def test_dropped_copies_are_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A simulated crash (`Session.kill`) drops what is held, as a real one would: no
    timer writes it (or its cursors) afterwards."""
    monkeypatch.setattr(write_behind, "HOLD_FOR", 0.1)
    path = tmp_path / "state.db"
    writer = WriteBehind(Store(path), on_error=pytest.fail)
    writer.hold(_items(1, 2), {1: 2})
    writer.drop()
    await asyncio.sleep(0.3)
    writer.close()
    assert _on_disk(path) == ([], {})
