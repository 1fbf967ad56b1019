"""Keyword offsets -> spans: right on astral text, never outside the text, never raising."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from triage_tui.api.models import parse_hits
from triage_tui.core.offsets import highlight_spans


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def _flat(text: str, word: str) -> list[int]:
    flat: list[int] = []
    start = text.find(word)
    while start >= 0:
        u = _utf16(text, start)
        flat += [start, u, len(word), _utf16(text, start + len(word)) - u]
        start = text.find(word, start + 1)
    return flat


def test_ascii_hits() -> None:
    text = "The NASA probe and NASA again"
    spans = highlight_spans(text, parse_hits(_flat(text, "NASA")))
    assert [text[a:b] for a, b in spans] == ["NASA", "NASA"]


def test_astral_characters_before_the_keyword() -> None:
    text = "😀🚀 𝒜cme says Acme 👍 and Acme"
    flat = _flat(text, "Acme")
    assert flat[0] != flat[1]  # char and UTF-16 numbers really differ here
    spans = highlight_spans(text, parse_hits(flat))
    assert [text[a:b] for a, b in spans] == ["Acme", "Acme"]


def test_service_that_counts_utf16_units_as_characters() -> None:
    text = "😀 Acme"
    # Both pairs in UTF-16 units (a service that "does not handle surrogates").
    spans = highlight_spans(text, parse_hits([3, 3, 4, 4]))
    assert [text[a:b] for a, b in spans] == ["Acme"]


def test_malformed_data_is_dropped() -> None:
    text = "Acme Acme"
    assert highlight_spans(text, parse_hits([0, 0, 4])) == []  # odd length
    assert highlight_spans(text, parse_hits([-1, -1, 4, 4])) == []  # negative
    assert highlight_spans(text, parse_hits([5, 5, 40, 40])) == []  # out of range
    assert highlight_spans(text, parse_hits([0, 0, 4, 4, 2, 2, 4, 4])) == [(0, 4)]  # overlap
    assert highlight_spans(text, parse_hits("nope")) == []
    assert highlight_spans(text, parse_hits([0, 0, 4, 4, True, 1, 1, 1, "x", 0, 1, 1])) == [(0, 4)]
    assert highlight_spans("", parse_hits([0, 0, 1, 1])) == []


@given(
    text=st.text(alphabet=st.sampled_from("ab 😀𝒜é\n"), max_size=30),
    flat=st.lists(st.integers(min_value=-5, max_value=40), max_size=21),
)
def test_random_offsets_never_escape_the_text(text: str, flat: list[int]) -> None:
    spans = highlight_spans(text, parse_hits(flat))
    previous_end = 0
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start >= previous_end
        previous_end = end
