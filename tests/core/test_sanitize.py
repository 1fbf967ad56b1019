"""The one sanitizer: nothing that drives a terminal survives, and lengths are kept."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from triage_tui.core.sanitize import one_line, sanitize

INJECTION = "[/] [bold]x\x1b[2J\x1b]0;pwned\x07"


def test_injection_title_is_literal_and_inert() -> None:
    clean = sanitize(INJECTION)
    assert clean == "[/] [bold]x␛[2J␛]0;pwned␇"
    assert "\x1b" not in clean and "\x07" not in clean


def test_classes_of_hostile_characters() -> None:
    assert sanitize("a\x9bb\x85c") == "a\ufffdb\ufffdc"  # C1, including 8-bit CSI
    assert sanitize("\u202eevil\u202c") == "\ufffdevil\ufffd"  # bidi override
    assert sanitize("pay\u200bpal\ufeff") == "pay\ufffdpal\ufffd"  # zero-width
    assert sanitize("a\ud800b") == "a\ufffdb"  # lone surrogate
    assert sanitize("tab\there\r\n") == "tab here \n"
    assert sanitize("👨\u200d👩") == "👨\u200d👩"  # emoji joiner kept
    assert one_line("two\nlines") == "two lines"
    assert sanitize(None) == ""


@given(st.text())
def test_every_output_character_is_safe_and_length_is_kept(text: str) -> None:
    clean = sanitize(text)
    assert len(clean) == len(text)
    for char in clean:
        category = unicodedata.category(char)
        assert char == "\n" or category not in ("Cc", "Cs", "Zl", "Zp"), repr(char)
        assert category != "Cf" or char in "\u200c\u200d", repr(char)
    assert "\x1b" not in clean and "\x9b" not in clean
