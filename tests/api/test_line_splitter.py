"""The stream's line splitter: lines across chunk boundaries, blank lines, oversize."""

from __future__ import annotations

from triage_tui.api.transport import LineSplitter


def _split(chunks: list[bytes], max_line: int = 1024) -> list[bytes | None]:
    splitter = LineSplitter(max_line=max_line)
    out = [line for chunk in chunks for line in splitter.feed(chunk)]
    return out + splitter.flush()


def test_lines_come_whole_however_the_chunks_cut_them() -> None:
    text = b'{"a":1}\n{"b":2}\n\n   \n{"c":3}\r\n{"d":4}'
    expected = [b'{"a":1}', b'{"b":2}', b'{"c":3}\r', b'{"d":4}']
    assert _split([text]) == expected
    for size in (1, 2, 3, 5, 8, 13):
        assert _split([text[i : i + size] for i in range(0, len(text), size)]) == expected


def test_an_oversize_line_is_reported_once_and_the_next_one_is_kept() -> None:
    huge = b"x" * 5000
    chunks = [b'{"a":1}\n' + huge[:3000], huge[3000:], b'\n{"b":2}\n']
    assert _split(chunks, max_line=1024) == [b'{"a":1}', None, b'{"b":2}']
