"""Times on screen: a date the screen cannot trust is "unknown", its age "?"."""

from __future__ import annotations

from triage_tui.api.timestamps import Timestamp
from triage_tui.ui.timefmt import absolute, relative, short_age

NOW = Timestamp("2026-11-20T12:00:00Z").ns / 1e9


def _ns(text: str) -> int:
    return Timestamp(text).ns


def test_ordinary_times() -> None:
    ns = _ns("2026-11-20T09:00:00Z")
    assert absolute(ns, NOW) == "2026-11-20 09:00 UTC"
    assert relative(ns, NOW) == "3h ago"
    assert short_age(ns, NOW) == "3h"
    assert short_age(_ns("1990-01-01T00:00:00Z"), NOW) == "36y"
    assert relative(_ns("2026-11-21T11:59:00Z"), NOW) == "in 23h"  # a day ahead: a zone


def test_extreme_times_are_unknown() -> None:
    for text in (
        "0001-01-01T00:00:00+23:59",
        "1989-12-31T23:59:59Z",
        "2026-11-21T12:00:01Z",
        "9999-12-31T23:59:59-23:59",
    ):
        ns = _ns(text)
        assert (absolute(ns, NOW), relative(ns, NOW), short_age(ns, NOW)) == (
            "unknown",
            "unknown",
            "?",
        ), text
    assert short_age(0, NOW) == "?"  # no date at all
    assert Timestamp("0001-01-01T00:00:00+23:59").safe_datetime() is None
