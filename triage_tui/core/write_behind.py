"""Mentions written to the store from one background thread, in the order they came.

A replay pours in thousands of mentions a second; writing them (SQLite, WAL checkpoints)
on the event loop stalled the screen for 100 ms at a time. SQLite releases the GIL while
it works, so a writer thread also runs on the second core. Writes keep their order (one
thread), each chunk is its own short transaction (the store's lock is never held long),
and the stream cursors are written after the mentions they cover, so a kill can lose a
cached copy but never skip a mention on the next start. Until a copy is written, it is
found in `pending`.

While a burst pours in, copies are held and written together rather than one
transaction per 20 ms batch: ~300 small transactions per 10,000 mentions cost the writer
twice the CPU, taken from the screen and the stream on a small machine (a 10 x 1,000
replay filled the feed ~10% slower). Held copies are written once WRITE_AT wait (so the
writing overlaps the burst), when the stream says it has caught up (`submit`), or
HOLD_FOR seconds after the first was held, whichever comes first; `drain` and `close`
write them at once. Holding delays only the local copy: the cursors wait with the
mentions they cover.
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
#: Copies held at most: written together once this many wait (~4 MB of JSON). Measured
#: on a 10 x 1,000 replay: 1,000 or 20,000 filled the feed ~10% slower than 2,000-4,000.
WRITE_AT = 2_000
#: Seconds a held copy waits at most (a live stream may not go quiet for a while).
HOLD_FOR = 2.0


class WriteBehind:
    def __init__(self, store: Store, on_error: Callable[[str], None]) -> None:
        self.store = store
        self.on_error = on_error
        self.pending: dict[int, str] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
        self._last: Future[None] | None = None
        self._failed = False
        self._checkpoint: asyncio.TimerHandle | None = None
        self._held: list[Item] = []
        self._held_cursors: dict[int, int] | None = None
        self._release_timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop that holds

    def hold(self, items: list[Item], cursors: dict[int, int]) -> None:
        """Keep these copies (and the cursors that cover them) to write with the next
        ones: once WRITE_AT wait, at the next `submit`, or HOLD_FOR seconds from now."""
        for mention_id, _, raw, _ in items:
            self.pending[mention_id] = raw
        self._loop = asyncio.get_running_loop()
        self._held.extend(items)
        self._held_cursors = cursors
        if len(self._held) >= WRITE_AT:
            self._release()
        elif self._release_timer is None:
            self._release_timer = self._loop.call_later(HOLD_FOR, self._release)

    def submit(self, items: list[Item], cursors: dict[int, int]) -> None:
        """Write these copies, and any held, now (in the writer thread)."""
        self.hold(items, cursors)
        self._release()

    def _release(self) -> None:
        self._stop_release_timer()
        loop = self._loop
        if self._held_cursors is None or loop is None:
            return  # nothing held
        items, cursors = self._held, self._held_cursors
        self._held, self._held_cursors = [], None
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
        """Write what is held and wait until everything is written (before a write that
        must land after them: an accepted PUT's copy, mark-all-read, a stop)."""
        self._release()
        if self._last is not None:
            with contextlib.suppress(Exception):  # reported by _written
                self._last.result()

    def drop(self) -> None:
        """Forget the held copies without writing them (a crash, simulated): the writer
        thread finishes only what it was already given."""
        self._stop_release_timer()
        self._held, self._held_cursors = [], None

    def _stop_release_timer(self) -> None:
        if self._release_timer is not None:
            self._release_timer.cancel()
            self._release_timer = None

    def close(self) -> None:
        self.drain()
        if self._checkpoint is not None:
            self._checkpoint.cancel()  # closing the database checkpoints it anyway
        self._executor.shutdown(wait=True)


def _call_soon(
    loop: asyncio.AbstractEventLoop,
    callback: Callable[[list[Item], BaseException | None], None],
    items: list[Item],
    error: BaseException | None,
) -> None:
    with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is left to tell
        loop.call_soon_threadsafe(callback, items, error)
