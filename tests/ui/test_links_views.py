"""Links are opened only for http(s); SSH is detected; views pick the right rows."""

from __future__ import annotations

import pytest

from triage_tui.core.links import is_web_url, remote_session
from triage_tui.core.rows import FeedRow
from triage_tui.ui.views import BUILTIN_VIEWS, combine


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/a", True),
        ("http://example.com", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https://", False),
        ("", False),
        (None, False),
        ("http://[::1", False),
    ],
)
def test_only_http_urls_are_web_urls(url: str | None, ok: bool) -> None:
    assert is_web_url(url) is ok


def test_ssh_session_has_no_local_browser() -> None:
    assert remote_session({"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22", "DISPLAY": ":0"})
    assert not remote_session({"DISPLAY": ":0"})


def _row(**fields: object) -> FeedRow:
    base: dict[str, object] = dict(
        id=1, alert_id=1, published_ns=0, source_type="web", who="w", title="t"
    )
    base.update(fields)
    return FeedRow(**base)  # type: ignore[arg-type]


def test_views_split_rows_by_folder_and_state() -> None:
    rows = [
        _row(id=1),
        _row(id=2, folder="archive", read=True),
        _row(id=3, folder="spam"),
        _row(id=4, trashed=True, folder="trash"),
        _row(id=5, favorite=True, read=True),
    ]

    def ids(view: str) -> list[int]:
        return [r.id for r in rows if BUILTIN_VIEWS[view].predicate(r)]

    assert ids("inbox") == [1, 5]
    assert ids("archive") == [2]
    assert ids("spam") == [3]
    assert ids("trash") == [4]
    assert ids("favorites") == [5]
    assert ids("unread") == [1]
    assert ids("all") == [1, 2, 3, 4, 5]
    only_unread = combine(BUILTIN_VIEWS["inbox"].predicate, lambda r: not r.read)
    assert [r.id for r in rows if only_unread(r)] == [1]
