"""Every response captured from the real Mention service, read through the clients' own
parse path (`read_response`, which both clients run on every answer), values checked.

The captures (tests/api/fixtures/real, see its README) are the ground truth for what the
client must accept: where they disagree with the seeds, they win for reading.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from triage_tui.api import calls
from triage_tui.api.errors import NotFoundError, PermissionDeniedError
from triage_tui.api.levels import SharePermission
from triage_tui.api.models import CurateRequest, Mention
from triage_tui.api.transport import read_response
from triage_tui.core.convert import sanitize_mention, to_row
from triage_tui.core.permissions import Action, why_not

REAL = Path(__file__).parent / "fixtures" / "real"
ACCOUNT = "931457_136gzug42du88og80wskosg8c4ws8kw084k8w4cwkc000go08k"
ALERT = "1849085"


def _read(call: calls.Call[Any], name: str, status: int = 200) -> Any:
    body = (REAL / name).read_bytes()
    if name == "error_404_html.json":  # the capture stored the HTML page under "text"
        body = json.loads(body)["text"].encode()
    return read_response(call, status, httpx.Headers(), body)


def test_every_capture_is_covered_here() -> None:
    covered = {
        "alerts.json", "alert.json", "mentions.json", "mention.json", "curate_mention.json",
        "children.json", "markallread.json", "app_data.json", "error_403.json",
        "error_404_html.json",
    }  # fmt: skip
    assert {p.name for p in REAL.glob("*.json")} == covered


def test_alerts_string_ids_roles_and_unread_counts() -> None:
    alerts = _read(calls.list_alerts(ACCOUNT), "alerts.json")
    assert [a.id for a in alerts][:2] == [1849085, 1849086]
    assert alerts[0].name == "Hypebeast"
    assert alerts[0].role == "admin" and alerts[0].permission is SharePermission.ADMIN
    assert alerts[0].unread_count == 11706
    assert alerts[0].keywords == ["hypebeast"]


def test_alert_wrapped_with_its_shares_in_the_real_shape() -> None:
    alert = _read(calls.get_alert(ACCOUNT, ALERT), "alert.json")
    assert alert.id == 1849085 and alert.permission is SharePermission.ADMIN
    # The same answer read as the alert's shares: mapped onto seed 000's Share fields.
    shares = _read(calls.get_shares(ACCOUNT, ALERT), "alert.json").shares
    assert len(shares) == 1
    share = shares[0]
    assert share.email == "owner@example.com"
    assert share.permission is SharePermission.ADMIN
    assert share.alert_id == ALERT  # from the request: the service does not send it
    assert share.user_id == share.id
    assert share.created_at is not None and share.created_at.year == 2018


def test_mentions_page_every_network_and_the_more_link() -> None:
    page = _read(calls.list_mentions(ACCOUNT, ALERT, {}), "mentions.json")
    assert len(page.mentions) == 20 and page.skipped == []
    assert {m.source_type for m in page.mentions} >= {"web", "news", "images", "twitter"}
    assert all(m.display_site is True for m in page.mentions)
    more = page.links.more
    assert more is not None and more.params["before_date"] == "2018-12-19T18:56:26.58634100+00:00"
    assert page.links.pull is not None and page.links.pull.params["since_id"] == "128282811852"
    # Ids are strings, compared as numbers.
    assert max(int(m.id) for m in page.mentions) == 128282773185


def test_a_tweet_without_title_or_description_shows_who_and_where() -> None:
    page = _read(calls.list_mentions(ACCOUNT, ALERT, {}), "mentions.json")
    tweet = next(m for m in page.mentions if m.source_type == "twitter")
    assert tweet.title is None and tweet.description is None
    assert tweet.author_influence is not None
    assert tweet.author_influence.realname == "SneakerDealsUSA"
    row = to_row(sanitize_mention(tweet))
    assert row.who == "SneakerDealsUSA"
    assert row.title == (
        "SneakerDealsUSA on twitter.com/SneakerDealsUSA/status/1075482593150128128"
    )


def test_an_instagram_mention_without_source_name_keeps_its_author() -> None:
    page = _read(calls.list_mentions(ACCOUNT, ALERT, {}), "mentions.json")
    image = next(m for m in page.mentions if m.source_type == "images")
    assert image.source_name is None
    assert to_row(image).who  # the author or the site, never blank


@pytest.mark.parametrize("name", ["mention.json", "curate_mention.json"])
def test_one_mention_wrapped_with_children_tasks_and_logs(name: str) -> None:
    call = (
        calls.get_mention(ACCOUNT, ALERT, "128282751977")
        if name == "mention.json"
        else calls.curate_mention(ACCOUNT, ALERT, "128282751977", CurateRequest(read=True))
    )
    mention = _read(call, name)
    raw = json.loads((REAL / name).read_text())["mention"]
    assert isinstance(mention, Mention)
    assert mention.id == raw["id"] and mention.alert_id == raw["alert_id"]
    assert mention.display_site is raw["display_site"]
    assert mention.children is not None
    assert mention.children.total == raw["children"]["total"]
    assert len(mention.children.children) == len(raw["children"]["children"])
    assert mention.folder_set_by_user is raw["folder_set_by_user"]
    assert mention.permissions["change_folder"] is True
    # The mention's own permissions decide: a role the app does not know blocks nothing.
    assert why_not(Action.FOLDER, None, mention) is None


def test_children_page() -> None:
    page = _read(calls.get_children(ACCOUNT, ALERT, "1", {}), "children.json")
    raw = json.loads((REAL / "children.json").read_text())
    assert [c.id for c in page.children] == [c["id"] for c in raw["children"]]
    assert page.skipped == [] and page.links.more is None  # `_links` came as []


def test_markallread_answers_with_the_alert() -> None:
    assert _read(calls.mark_all_read(ACCOUNT, ALERT), "markallread.json") is True


def test_app_data_tones_are_strings_keyed_by_the_number() -> None:
    data = _read(calls.get_app_data(), "app_data.json")
    tones = {t.value: (t.code, t.name) for t in data.alert_tones}
    assert tones == {
        -1: ("negative", "Negative"),
        0: ("neutral", "Neutral"),
        1: ("positive", "Positive"),
    }
    assert data.tone_name(-1) == "Negative"
    assert [f.code for f in data.visible_folders] == ["inbox", "archive", "trash", "spam"]
    assert {f.code: f.name for f in data.mention_folders}["spam"] == "Irrelevant"
    assert data.role_name("admin") == "Owner"
    assert data.task_types["read"]["name"] == "to be read"


def test_403_and_the_html_404_are_typed_errors() -> None:
    with pytest.raises(PermissionDeniedError) as denied:
        _read(calls.get_alert(ACCOUNT, ALERT), "error_403.json", status=403)
    assert str(denied.value) == "HTTP 403: You are not allowed to modify this alert"
    with pytest.raises(NotFoundError) as missing:
        _read(calls.get_alert(ACCOUNT, ALERT), "error_404_html.json", status=404)
    assert "<" not in str(missing.value)
