"""Which of several apps sharing one state database sends its outbox, and which one sets
a new database up.

Two instances on one machine (two tmux panes) share the state directory, so both
write their actions to the one outbox. Only the instance that holds this lease sends
it: an advisory lock (flock) on a file beside the database, which the system drops
when the process ends, by a clean quit or a kill -9, so another instance takes over.
Without a shared file (an in-memory store) or without flock (not POSIX), the instance
is always the owner.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: one instance per state directory
    fcntl = None  # type: ignore[assignment]


class OutboxLease:
    def __init__(self, database: str) -> None:
        self.path = None if database == ":memory:" else f"{database}.outbox-lease"
        self._file: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self.path is None or fcntl is None or self._file is not None

    def try_take(self) -> bool:
        """Take the lease if no other process holds it; True when this one holds it."""
        if self.held:
            return True
        assert self.path is not None
        handle = open(self.path, "ab")  # noqa: SIM115 - kept open while the lease is held
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        os.set_inheritable(handle.fileno(), False)
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the lock
            self._file = None


@contextmanager
def setting_up(database: str) -> Iterator[None]:
    """Held while this process sets `database` up (its settings, tables, migrations and
    indexes): two apps started at the same moment on a new state directory both ran the
    setup, and one of them failed ("database is locked", "table mentions_text already
    exists": 23 of 90 openings in a test of three processes at once). A blocking flock on
    a file beside the database; nothing to hold in memory or without flock."""
    if database == ":memory:" or fcntl is None:
        yield
        return
    with open(f"{database}.setup-lock", "ab") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # dropped when the file closes
        yield


@contextmanager
def held_alone(path: str) -> Iterator[bool]:
    """Whether this process holds the flock on `path` (True) or another one does (False,
    at once): one feed snapshot build at a time per database, however many apps start
    one. Without flock: True."""
    if fcntl is None:
        yield True
        return
    with open(path, "ab") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True  # dropped when the file closes
