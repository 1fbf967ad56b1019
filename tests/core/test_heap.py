"""core/heap.py: freed memory given back where the C library can."""

from __future__ import annotations

import platform

from triage_tui.core.heap import give_back


def test_give_back_trims_the_heap_on_glibc_and_is_a_no_op_elsewhere() -> None:
    assert give_back() is (platform.libc_ver()[0] == "glibc")
