"""The models read the source documents' examples and tolerate what the reference says varies."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.api.seed_examples import seed_json
from triage_tui.api import (
    Alert,
    AppData,
    CreateShareRequest,
    CurateRequest,
    Mention,
    MentionList,
    Share,
    SharePermission,
    SharesResponse,
    Timestamp,
    UpdateShareRequest,
)


@pytest.mark.parametrize("name", ["seed001_curate_response.txt", "seed002_stream_mention.txt"])
def test_seed_mention_examples_parse(name: str) -> None:
    mention = Mention.model_validate(seed_json(name))
    assert mention.id == "527849933"
    assert mention.numeric_id == 527849933
    assert mention.alert_id == 112233
    assert mention.source_type == "news"
    assert mention.children is not None
    assert mention.children.total == 42
    assert len(mention.children.children) == 3
    assert mention.children.links.more is not None
    assert mention.children.links.more.params["limit"] == 20
    assert mention.author_influence is not None and mention.author_influence.score == 83
    assert mention.permissions == {"favorite": True, "change_folder": True, "create_task": True}
    assert [h.char_offset for h in mention.keyword_hits("description")] == [
        10,
        57,
        72,
        79,
        161,
        223,
    ]
    assert mention.keyword_hits("url") == []
    assert mention.metadata is not None
    assert mention.metadata["twitter"]["id_str"] == "800747234652340224"


def test_seed_curate_example_keyword_hits_land_on_nasa() -> None:
    from triage_tui.core.offsets import highlight_spans

    mention = Mention.model_validate(seed_json("seed001_curate_response.txt"))
    spans = highlight_spans(mention.title, mention.keyword_hits("title"))
    assert [mention.title[a:b] for a, b in spans] == ["NASA", "Mars"]


def test_timestamps_keep_full_precision_and_order() -> None:
    a = Mention.model_validate(
        {"id": 1, "alert_id": 1, "published_at": "2016-01-14T17:16:27.10090700+00:00"}
    )
    b = Mention.model_validate(
        {"id": 2, "alert_id": 1, "published_at": "2016-01-14T17:16:27.10090701+00:00"}
    )
    assert a.published_at == "2016-01-14T17:16:27.10090700+00:00"
    assert b.published_at is not None and a.published_at is not None
    assert b.published_at.ns - a.published_at.ns == 10
    assert json.loads(b.model_dump_json())["published_at"] == "2016-01-14T17:16:27.10090701+00:00"


def test_social_mentions_without_optional_fields_parse() -> None:
    tweet = Mention.model_validate(
        {
            "id": "5",
            "alert_id": 3,
            "source_type": "twitter",
            "metadata": {"twitter": {"id_str": "1"}},
        }
    )
    assert tweet.title is None and tweet.source_name is None and tweet.author_influence is None


def test_unknown_fields_are_kept_and_empty_objects_tolerated() -> None:
    mention = Mention.model_validate(
        {"id": 7, "alert_id": 1, "_c": 42, "source_gender": "f", "offsets": [], "permissions": []}
    )
    assert mention.id == "7"
    assert mention.model_extra == {"_c": 42, "source_gender": "f"}
    assert mention.offsets == {} and mention.permissions == {}


def test_list_links_tolerate_null_and_empty_array() -> None:
    for links in (None, [], {}):
        page = MentionList.model_validate({"mentions": [], "_links": links})
        assert page.links.more is None and page.links.pull is None
    page = MentionList.model_validate(
        {
            "mentions": [],
            "_links": {
                "more": {"href": "/api/x?cursor=abc", "params": {"cursor": "abc"}},
                "pull": {"href": "/api/x", "params": []},
            },
        }
    )
    assert page.links.more is not None and page.links.more.params == {"cursor": "abc"}
    assert page.links.pull is not None and page.links.pull.params == {}


def test_curation_request_sends_only_fields_set() -> None:
    assert CurateRequest(read=True).to_body() == {"read": True}
    assert CurateRequest(tone=-1, folder="archive").to_body() == {"tone": -1, "folder": "archive"}
    assert CurateRequest(tags=[123, {"id": 46212, "name": "interesting"}]).to_body() == {
        "tags": [{"id": 123}, {"id": 46212}]
    }
    assert CurateRequest(favorite=False).to_body() == {"favorite": False}
    assert CurateRequest().to_body() == {}


def test_shares_models_follow_the_document() -> None:
    shares = SharesResponse.model_validate(seed_json("seed000_shares_response.json"))
    assert [s.permission for s in shares.shares] == [SharePermission.WRITE, SharePermission.READ]
    assert shares.shares[1].user_id is None
    assert shares.shares[0].created_at.year == 2024
    assert CreateShareRequest(email="a@b.co").permission is SharePermission.READ
    assert CreateShareRequest(email="a@b.co").model_dump(mode="json") == {
        "email": "a@b.co",
        "permission": "read",
    }
    assert UpdateShareRequest(permission=SharePermission.ADMIN).model_dump(mode="json") == {
        "permission": "admin"
    }
    assert [p.value for p in SharePermission] == ["read", "write", "admin"]


def test_share_reads_the_reference_shape_too() -> None:
    share = Share.model_validate(
        {
            "id": 9,
            "alert_id": 3,
            "account": {"id": "acc_1", "email": "x@y.z"},
            "role": "owner",
            "created_at": "2024-01-15T10:00:00Z",
        }
    )
    assert (share.id, share.email, share.user_id, share.permission) == (
        "9",
        "x@y.z",
        "acc_1",
        "admin",
    )


def test_app_data_accepts_lists_and_maps() -> None:
    data = AppData.model_validate(
        {
            "alert_tones": {"-1": {"name": "Negative"}, "0": "Neutral", "1": {"name": "Positive"}},
            "mention_folders": [
                {"code": "inbox", "name": "Inbox"},
                {"code": "void", "name": "Void", "hidden": True},
            ],
        }
    )
    assert [t.value for t in data.alert_tones] == [-1, 0, 1]
    assert [t.code for t in data.alert_tones] == ["negative", "neutral", "positive"]
    assert [f.code for f in data.visible_folders] == ["inbox"]


def test_alert_permission_from_permission_or_role() -> None:
    assert (
        Alert.model_validate({"id": 1, "permission": "write"}).permission is SharePermission.WRITE
    )
    assert Alert.model_validate({"id": 1, "role": "viewer"}).permission is SharePermission.READ
    alert = Alert.model_validate({"id": 1, "query": {"included_keywords": ["Acme", "acme.io"]}})
    assert alert.keywords == ["Acme", "acme.io"]


_PLUS_2 = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("text", "instant", "nanos"),
    [
        (
            "2016-01-14T17:16:27.10090700+00:00",
            datetime(2016, 1, 14, 17, 16, 27, tzinfo=UTC),
            100907000,
        ),
        ("2016-01-14T17:16:27Z", datetime(2016, 1, 14, 17, 16, 27, tzinfo=UTC), 0),
        ("2016-01-14 17:16:27", datetime(2016, 1, 14, 17, 16, 27, tzinfo=UTC), 0),
        (
            "2024-02-29T23:59:59.999999999-05:30",
            datetime(2024, 2, 29, 23, 59, 59, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
            999999999,
        ),
        ("1969-12-31T23:59:59.5+01:00", datetime(1969, 12, 31, 22, 59, 59, tzinfo=UTC), 500000000),
        ("2030-07-01T00:00:00+0200", datetime(2030, 7, 1, tzinfo=_PLUS_2), 0),
    ],
)
def test_timestamp_instants_agree_with_datetime(text: str, instant: datetime, nanos: int) -> None:
    assert Timestamp(text).ns == int(instant.timestamp()) * 1_000_000_000 + nanos


@pytest.mark.parametrize("text", ["2016-02-30T00:00:00Z", "2016-01-14T24:00:00Z", "yesterday"])
def test_impossible_timestamps_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Timestamp(text)


def test_a_link_that_cannot_be_followed_is_no_link() -> None:
    page = MentionList.model_validate(
        {
            "mentions": [],
            "_links": {
                "more": {"href": "/api/accounts/a/alerts/1/mentions\r\nX: y", "params": {}},
                "pull": {"href": 42},
            },
        }
    )
    assert page.links.more is None and page.links.pull is None  # the page is the last
    ok = MentionList.model_validate({"_links": {"more": {"href": "/api/x", "params": []}}})
    assert ok.links.more is not None and ok.links.more.params == {}
