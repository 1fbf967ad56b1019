"""The one sanitizer every string from the network passes before it reaches a widget.

Mentions are text written by strangers and rendered into a terminal, often on a server.
`sanitize` makes a string safe to draw: no C0/C1 control, no escape sequence, no bidi
override, no invisible format character, no lone surrogate reaches the terminal.

The mapping is one code point to one code point, so keyword offsets computed by the
service on the raw text still land on the same characters after sanitizing. Controls
become visible Unicode "control pictures" (ESC shows as ␛), so nothing is hidden from
the user either. Markup is *not* escaped here: widgets render these strings as literal
`Content`, never as markup.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# Every code point that must not reach a terminal as-is: C0 (except \n), DEL, C1, the
# Unicode line/paragraph separators, bidi controls, zero-width and other format (Cf)
# characters except ZWNJ/ZWJ (needed by Persian script and emoji sequences), surrogates.
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def _replace(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code in (0x09, 0x0D, 0x2028, 0x2029):
        return " "  # tabs and carriage returns are ordinary whitespace in scraped text
    if code == 0x00AD:
        return "-"  # soft hyphen: its width differs between terminals
    if code < 0x20:
        return chr(0x2400 + code)  # visible control picture: ␛ ␇ ␀ ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def sanitize(text: str | None) -> str:
    """Return `text` safe to draw in a terminal, with the same number of code points."""
    if not text:
        return ""
    if text.isprintable():  # fast path: no Cc, Cf, Cs, Zl, Zp at all
        return text
    return _UNSAFE.sub(_replace, text)


def one_line(text: str | None) -> str:
    """`sanitize`, with newlines turned into spaces (same length), for single-line cells."""
    # sanitize's own fast path, inlined: five of these per mention of a replay, and a
    # printable text has no newline to replace either.
    if text and text.isprintable():
        return text
    return sanitize(text).replace("\n", " ")
