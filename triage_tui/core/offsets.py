"""Keyword offsets -> highlight spans in Python string indices.

The service gives each hit both in characters and in UTF-16 code units. A Python `str`
indexes code points, which is what "characters" means, but services disagree on that
when text holds astral characters (😀, 𝒜 are one code point, two UTF-16 units). So each
hit is checked against the text: a char span that agrees with the UTF-16 numbers wins;
otherwise the UTF-16 numbers converted to code points; otherwise the char numbers alone.
Anything negative, out of range, splitting a surrogate pair or overlapping an earlier hit
is dropped: a highlight never lands outside the text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from triage_tui.api.models import KeywordHit


Span = tuple[int, int]  # [start, end) in code points


class _Utf16Index:
    """Maps UTF-16 unit positions to code point positions for one text."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # UTF-16 position at which each astral code point starts (they take two units).
        self._astral: list[int] = []
        if not text.isascii():
            units = 0
            for char in text:
                if ord(char) > 0xFFFF:
                    self._astral.append(units)
                    units += 2
                else:
                    units += 1
        self.units = self.length + len(self._astral)

    def to_index(self, units: int) -> int | None:
        """Code point index at a UTF-16 position, None inside a surrogate pair."""
        before = bisect_left(self._astral, units)  # astral chars starting before `units`
        if before and self._astral[before - 1] + 1 == units:
            return None
        return units - before


def _cp_to_units(astral: list[int], index: int) -> int:
    # Count astral chars whose code point index is < index: their unit start minus the
    # number of astral chars before them equals their code point index.
    lo, hi = 0, len(astral)
    while lo < hi:
        mid = (lo + hi) // 2
        if astral[mid] - mid < index:
            lo = mid + 1
        else:
            hi = mid
    return index + lo


def _span_for(hit: KeywordHit, index: _Utf16Index) -> Span | None:
    length = index.length
    char_span = (hit.char_offset, hit.char_offset + hit.char_length)
    char_ok = 0 <= char_span[0] < char_span[1] <= length
    if char_ok and (
        _cp_to_units(index._astral, char_span[0]) == hit.utf16_offset
        and _cp_to_units(index._astral, char_span[1]) == hit.utf16_offset + hit.utf16_length
    ):
        return char_span
    start = index.to_index(hit.utf16_offset)
    end = index.to_index(hit.utf16_offset + hit.utf16_length)
    if (
        start is not None
        and end is not None
        and 0 <= start < end <= length
        and hit.utf16_offset + hit.utf16_length <= index.units
    ):
        return (start, end)
    return char_span if char_ok else None


def highlight_spans(text: str | None, hits: Iterable[KeywordHit]) -> list[Span]:
    """Sorted, non-overlapping spans of `text` to highlight; invalid hits are dropped."""
    if not text:
        return []
    index = _Utf16Index(text)
    spans = sorted(span for hit in hits if (span := _span_for(hit, index)) is not None)
    kept: list[Span] = []
    for start, end in spans:
        if kept and start < kept[-1][1]:
            continue  # overlaps the previous hit
        kept.append((start, end))
    return kept
