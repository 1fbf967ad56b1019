"""Writing data out: raw to files and pipes, sanitized when it lands on a terminal."""

from __future__ import annotations

import json
import math
from typing import Any

from triage_tui.core.sanitize import sanitize


def clean_strings(value: Any, terminal: bool) -> Any:
    """Every string sanitized when `terminal`; otherwise `value` unchanged."""
    if not terminal:
        return value
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, dict):
        return {k: clean_strings(v, terminal) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_strings(v, terminal) for v in value]
    return value


def finite(value: Any) -> Any:
    """`value` with every NaN and Infinity (at any depth) replaced by None.

    The service's JSON may carry them (Python's parser accepts the literals), but they
    are not JSON: a strict reader downstream would reject the whole line.
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def json_line(record: Any) -> str:
    """Compact, valid JSON on one line (NaN and Infinity as null), always UTF-8 encodable.

    A lone surrogate (hostile or truncated text) cannot be UTF-8; written as a \\u escape
    it is still exactly the same JSON string.
    """
    text = json.dumps(finite(record), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def utf8_safe(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")
