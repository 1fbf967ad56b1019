"""Ids from the service go into request paths only through `calls.segment`."""

from __future__ import annotations

import pytest

from triage_tui.api import calls
from triage_tui.api.errors import InvalidIdError, MentionError
from triage_tui.api.shares import SharePermission, UpdateShareRequest

UPDATE = UpdateShareRequest(permission=SharePermission.READ)


@pytest.mark.parametrize(
    ("share_id", "encoded"),
    [
        ("share_1", "share_1"),
        ("a/b", "a%2Fb"),
        ("a?b#c", "a%3Fb%23c"),
        ("50%", "50%25"),
        ("é", "%C3%A9"),
        ("...x", "...x"),
    ],
)
def test_ids_are_one_encoded_segment(share_id: str, encoded: str) -> None:
    call = calls.update_share("acc/1", 7, share_id, UPDATE)
    assert call.path == f"/accounts/acc%2F1/alerts/7/shares/{encoded}"


@pytest.mark.parametrize("bad", ["", ".", "..", "a\nb", "a\rb", "\x1b[2J", "a\u202eb", "a\x00"])
def test_unusable_ids_are_refused_as_a_mention_error(bad: str) -> None:
    for build in (
        lambda: calls.update_share("acc", 1, bad, UPDATE),
        lambda: calls.delete_share("acc", 1, bad),
        lambda: calls.get_mention("acc", 1, bad),
        lambda: calls.list_mentions("acc", bad, {}),
        lambda: calls.list_alerts(bad),
    ):
        with pytest.raises(InvalidIdError) as refused:
            build()
        assert isinstance(refused.value, MentionError)
        assert "\n" not in str(refused.value) and "\x1b" not in str(refused.value)
