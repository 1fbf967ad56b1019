"""Times on screen: a date the screen cannot trust is "unknown", its age "?"."""

from __future__ import annotations

import pytest

from triage_tui.api.models import Mention
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
    for text in ("1989-12-31T23:59:59Z", "2026-11-21T12:00:01Z"):
        ns = _ns(text)
        assert (absolute(ns, NOW), relative(ns, NOW), short_age(ns, NOW)) == (
            "unknown",
            "unknown",
            "?",
        ), text
    assert short_age(0, NOW) == "?"  # no date at all


def test_times_past_what_a_datetime_holds_are_unknown_where_read() -> None:
    # An offset pushes a valid text past year 1 or 9999: refused as a Timestamp, so a
    # mention holding one keeps its other values and shows the date as unknown.
    for text in ("0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"):
        with pytest.raises(ValueError, match="out of range"):
            Timestamp(text)
        mention = Mention.model_validate({"id": "1", "alert_id": 1, "published_at": text})
        assert mention.published_at is None
