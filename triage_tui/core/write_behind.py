"""Mentions written to the store from one background thread, in the order they came.

A replay pours in thousands of mentions a second; writing them (SQLite, WAL checkpoints)
on the event loop stalled the screen for 100 ms at a time. SQLite releases the GIL while
it works, so a writer thread also runs on the second core. Writes keep their order (one
thread), each chunk is its own short transaction (the store's lock is never held long),
and the stream cursors are written after the mentions they cover, so a kill can lose a
cached copy but never skip a mention on the next start. Until a copy is written, it is
found in `pending`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from triage_tui.core.store import Store

Item = tuple[int, int, str, str]  # id, alert id, json, packed row
CHUNK = 1000  # rows per transaction
#: Seconds without a write before the WAL is checkpointed (once a burst is over).
CHECKPOINT_AFTER = 2.0


class WriteBehind:
    def __init__(self, store: Store, on_error: Callable[[str], None]) -> None:
        self.store = store
        self.on_error = on_error
        self.pending: dict[int, str] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
        self._last: Future[None] | None = None
        self._failed = False
        self._checkpoint: asyncio.TimerHandle | None = None

    def submit(self, items: list[Item], cursors: dict[int, int]) -> None:
        for mention_id, _, raw, _ in items:
            self.pending[mention_id] = raw
        loop = asyncio.get_running_loop()
        future = self._executor.submit(self._write, items, cursors)
        future.add_done_callback(
            lambda done: _call_soon(loop, self._written, items, done.exception())
        )
        self._last = future
        if self._checkpoint is not None:
            self._checkpoint.cancel()
        self._checkpoint = loop.call_later(CHECKPOINT_AFTER, self._checkpoint_now)

    def _checkpoint_now(self) -> None:
        self._checkpoint = None
        self._last = self._executor.submit(self.store.checkpoint)  # after every write

    def _write(self, items: list[Item], cursors: dict[int, int]) -> None:
        for start in range(0, len(items), CHUNK):
            self.store.put_mentions(items[start : start + CHUNK])
        self.store.set_cursors(cursors)

    def _written(self, items: list[Item], error: BaseException | None) -> None:
        for mention_id, _, raw, _ in items:
            if self.pending.get(mention_id) is raw:
                del self.pending[mention_id]
        if error is not None and not self._failed:
            self._failed = True  # said once; the service still holds every mention
            self.on_error(f"Could not save mentions locally: {type(error).__name__}")

    def drain(self) -> None:
        """Wait until everything submitted is written (before a write that must land
        after them: an accepted PUT's copy, mark-all-read, a stop)."""
        if self._last is not None:
            with contextlib.suppress(Exception):  # reported by _written
                self._last.result()

    def close(self) -> None:
        if self._checkpoint is not None:
            self._checkpoint.cancel()  # closing the database checkpoints it anyway
        self.drain()
        self._executor.shutdown(wait=True)


def _call_soon(
    loop: asyncio.AbstractEventLoop,
    callback: Callable[[list[Item], BaseException | None], None],
    items: list[Item],
    error: BaseException | None,
) -> None:
    with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is left to tell
        loop.call_soon_threadsafe(callback, items, error)
