"""Masks: a 0/1 byte per row of a list, combined and applied to slots.

Short lists go through plain Python; long ones through numpy arrays over the same
bytes (no copy in). numpy is imported where it is used: this module is on the first
frame's path, and numpy's import (~0.1-0.2 s) is not.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import compress
from typing import Any

Mask = bytes  # one byte a row, 0 or 1
_NOT = bytes([1, 0]) + bytes(254)


def ones(size: int) -> Mask:
    return b"\x01" * size


def mask_not(mask: Mask) -> Mask:
    return mask.translate(_NOT)


#: Lists shorter than this are combined and picked in plain Python (as fast there, and
#: numpy stays unloaded: the first frame's empty feed, a few arrivals).
NUMPY_FROM = 4096


def mask_and(a: Mask, b: Mask) -> Mask:
    if len(a) < NUMPY_FROM:
        return (_big(a) & _big(b)).to_bytes(len(a), "little")
    import numpy as np

    return (np.frombuffer(a, np.uint8) & np.frombuffer(b, np.uint8)).tobytes()


def mask_or(a: Mask, b: Mask) -> Mask:
    if len(a) < NUMPY_FROM:
        return (_big(a) | _big(b)).to_bytes(len(a), "little")
    import numpy as np

    return (np.frombuffer(a, np.uint8) | np.frombuffer(b, np.uint8)).tobytes()


def _big(mask: Mask) -> int:
    return int.from_bytes(mask, "little")


def _as_slots(slots: Sequence[int]) -> Any:
    """`slots` as a numpy array: an array("I") read in place (not kept: an array
    exporting its buffer cannot grow)."""
    import numpy as np

    if isinstance(slots, array) and slots.typecode == "I" and slots.itemsize == 4:
        return np.frombuffer(slots, np.uint32)
    return np.fromiter(slots, np.int64, len(slots))


def pick(slots: Sequence[int], mask: Mask) -> array[int]:
    """The `slots` `mask` keeps, in order, as an array("I"): one numpy pass (~3 ms for
    a million, where `array("I", compress(...))` took ~40-55 ms, an int made per slot)."""
    if len(slots) < NUMPY_FROM:
        return array("I", compress(slots, mask))
    import numpy as np

    picked = array("I")
    picked.frombytes(_as_slots(slots)[np.frombuffer(mask, np.bool_)].astype(np.uint32).tobytes())
    return picked


def gather(marks: bytes | bytearray, slots: Sequence[int]) -> Mask:
    """`marks` (a byte per slot) at each of `slots`, in their order."""
    if len(slots) < NUMPY_FROM:
        return bytes(map(marks.__getitem__, slots))
    import numpy as np

    return np.frombuffer(marks, np.uint8)[_as_slots(slots)].tobytes()


def mask_from(values: Iterable[object]) -> Mask:
    """A mask of truthy values (one Python-level bool per row)."""
    return bytes(map(bool, values))
