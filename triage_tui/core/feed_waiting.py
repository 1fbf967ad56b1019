"""The rows a deferred feed model holds but has not placed in its view yet."""

from __future__ import annotations

from collections.abc import Sequence


class Waiting:
    """Slots held but not yet placed in the view: the runs inserted, each sorted newest
    first (a start's part is one range of slots), and a byte a slot for `in`."""

    __slots__ = ("_mark", "count", "renewed", "runs")

    def __init__(self) -> None:
        self.runs: list[Sequence[int]] = []
        self.count = 0
        self.renewed = False  # a slot here was since replaced by another (no longer live)
        self._mark = bytearray()

    def add(self, run: Sequence[int]) -> None:
        if not run:
            return
        self.runs.append(run)
        self.count += len(run)
        mark = self._mark
        contiguous = isinstance(run, range) and run.step == 1
        top = run[-1] if contiguous else max(run)
        if len(mark) <= top:
            mark += bytes(top + 1 - len(mark))
        if contiguous:
            assert isinstance(run, range)
            mark[run.start : run.stop] = b"\x01" * len(run)
        else:
            for slot in run:
                mark[slot] = 1

    def __contains__(self, slot: int) -> bool:
        return slot < len(self._mark) and self._mark[slot] == 1

    def __len__(self) -> int:
        return self.count

    def marks(self, size: int) -> bytes:
        """A byte a slot (of `size`): 1 for a slot waiting."""
        return bytes(self._mark[:size]).ljust(size, b"\x00")
