"""The stats screen's text drawing: shapes and marks, not colour, carry the meaning."""

from __future__ import annotations

import pytest
from textual.content import Content

from triage_tui.ui.screens.stats import _bar, arrange, column_chart, compact


def test_column_chart_heights_axis_and_not_held() -> None:
    lines = column_chart([None, None, 0, 1, 4], step=2, height=2)
    assert lines == [
        "   4 ┤        █",
        "     │      ▄ █",
        "   0 └····──────",
    ]


def test_a_small_value_still_shows() -> None:
    (_top, bottom, _axis) = column_chart([1, 1000], step=1, height=2)
    assert bottom.endswith("▁█")


def test_nothing_held_is_all_marks() -> None:
    lines = column_chart([None] * 3, step=2, height=1)
    assert lines == ["   0 ┤", "   0 └······"]


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (0, "0"),
        (999, "999"),
        (1234, "1.2k"),
        (12_345, "12k"),
        (999_999, "999k"),
        (1_234_567, "1.2M"),
    ],
)
def test_compact_fits_four_cells(count: int, shown: str) -> None:
    assert compact(count) == shown
    assert len(shown) <= 4


def test_bar_in_eighths() -> None:
    assert _bar(0, 10) == ""
    assert _bar(10, 10, width=4) == "████"
    assert _bar(1, 8, width=4) == "▌"
    assert _bar(1, 1000, width=4) == "▏"  # never vanishes


def test_arrange_fits_panels_to_the_width() -> None:
    a = [Content("aaaa"), Content("a")]
    b = [Content("bb"), Content("bb"), Content("b")]
    assert str(arrange([a, b], width=20, gap=2)) == "aaaa  bb\na     bb\n      b"
    assert str(arrange([a, b], width=7, gap=2)) == "aaaa\na\n\nbb\nbb\nb"
