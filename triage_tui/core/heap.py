"""Giving freed memory back to the system after a burst of large temporary arrays.

glibc's malloc raises its mmap threshold each time a large block is freed, so the
temporaries of later work come from the heap, and freeing them does not shrink it:
building the title index at 1,000,000 left ~60 MB freed but resident. `malloc_trim`
returns it. Elsewhere (macOS, musl) there is no such call and nothing to do.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any


@cache
def _libc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: this module is on the first frame's path, ctypes need not be
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def give_back() -> bool:
    """Return the heap's free memory to the system, where the C library can (released
    the GIL meanwhile, as any ctypes call). Whether it could."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
