"""Reading JSON the service sent, without letting one value stop the reader.

`json.loads` as is raises on what a broken or hostile service can send: an invalid UTF-8
byte (the whole page lost), a 5,000-digit number (ValueError past Python's digit limit),
containers nested 100,000 deep (RecursionError). Here every page or line still parses:
bytes are decoded with replacement characters, integers longer than any id or count
stay as their text (a model field that wants a number then rejects that one mention),
NaN, Infinity and floats out of range become null, and containers nested deeper than
MAX_DEPTH become null, so the rest of a page survives a poisoned field.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: Deeper than any object the service sends (a mention is about 5 levels deep).
MAX_DEPTH = 64
#: Longer than any id, count or reach; longer integers are kept as text.
MAX_INT_DIGITS = 40

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def _int(text: str) -> int | str:
    return int(text) if len(text) <= MAX_INT_DIGITS else text


def _float(text: str) -> float | None:
    value = float(text)
    return value if math.isfinite(value) else None


def _constant(_name: str) -> None:
    return None  # NaN, Infinity, -Infinity are not JSON; read as null


def decode(body: bytes | bytearray | str) -> str:
    if isinstance(body, str):
        return body
    return bytes(body).decode("utf-8", errors="replace")


def loads(body: bytes | bytearray | str) -> Any:
    """Parse JSON tolerantly (see the module docstring). Raises ValueError only for text
    that is not JSON at all."""
    text = decode(body)
    try:
        return _loads(text)
    except RecursionError:
        return _loads(flatten_deep(text))


def _loads(text: str) -> Any:
    return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)


def flatten_deep(text: str, limit: int = MAX_DEPTH) -> str:
    """`text` with every container opened deeper than `limit` replaced by `null`.
    Strings are skipped whole, so brackets inside them do not count."""
    out: list[str] = []
    depth = 0
    cut_from = -1  # where the container being dropped began, while dropping
    last = 0
    for token in _TOKEN.finditer(text):
        kind = token.group()
        if kind[0] == '"':
            continue
        if kind in "[{":
            depth += 1
            if depth == limit + 1 and cut_from < 0:
                cut_from = token.start()
        else:
            if depth == limit + 1 and cut_from >= 0:
                out.append(text[last:cut_from])
                out.append("null")
                last = token.end()
                cut_from = -1
            depth -= 1
    out.append(text[last:] if cut_from < 0 else text[last:cut_from] + "null")
    return "".join(out)
