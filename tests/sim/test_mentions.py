"""Listing, reading and curating mentions with the real client (seed 001 semantics)."""

from __future__ import annotations

import pytest

from triage_tui.api import (
    BadRequestError,
    CurateRequest,
    MentionClient,
    NotFoundError,
    PermissionDeniedError,
)
from triage_tui.api.models import TagRef
from triage_tui.sim import SimServer


def _ids(mentions: list) -> list[int]:
    return [int(m.id if hasattr(m, "id") else m["id"]) for m in mentions]


def test_pages_back_in_time_without_gaps_via_more(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[0]
    page = client.list_mentions(sim.account_id, alert, limit=10)
    ids, pages = _ids(page.mentions), 1
    while page.links.more is not None:
        page = client.follow(page.links.more)
        ids += _ids(page.mentions)
        pages += 1
    assert pages == 3
    assert ids == _ids(sim.state.mentions(alert))  # newest first, each once


def test_filters(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[0]
    held = sim.state.mentions(alert)

    def listed(**filters: object) -> list[int]:
        return _ids(client.list_mentions(sim.account_id, alert, limit=1000, **filters).mentions)

    assert listed(folder="archive") == _ids([m for m in held if m["folder"] == "archive"])
    assert listed(unread=True) == _ids([m for m in held if not m["read"]])
    assert listed(favorite=True) == _ids([m for m in held if m["favorite"]])
    assert listed(tone=-1) == _ids([m for m in held if m["tone"] == -1])
    middle = held[10]
    assert listed(since_id=middle["id"]) == sorted(_ids(held[:10]))  # oldest first
    assert listed(before_date=middle["created_at"]) == _ids(held[11:])
    assert listed(before_date=held[2]["created_at"], not_before_date=held[5]["created_at"]) == (
        _ids(held[3:6])
    )
    assert listed(include_children=True) == _ids(held)


def test_pull_brings_only_what_is_new(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[1]
    page = client.list_mentions(sim.account_id, alert, limit=5)
    assert page.links.pull is not None
    assert client.follow(page.links.pull).mentions == []
    added = sim.state.add_mentions(alert, 2)
    assert _ids(client.follow(page.links.pull).mentions) == _ids(added)


def test_get_one_mention(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[2]
    held = sim.state.mentions(alert)[3]
    got = client.get_mention(sim.account_id, alert, held["id"])
    assert (got.id, got.alert_id, got.title) == (held["id"], alert, held["title"])
    with pytest.raises(NotFoundError):
        client.get_mention(sim.account_id, alert, 12)


def test_curate_applies_only_the_fields_sent(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[0]
    before = next(m for m in sim.state.mentions(alert) if m["folder"] == "inbox" and not m["read"])
    tag = sim.state.tags(alert)[1]["id"]
    result = client.curate_mention(
        sim.account_id, alert, before["id"], CurateRequest(tone=1, tags=[TagRef(id=tag)])
    )
    after = sim.state.mention(alert, before["id"])
    assert after is not None
    assert (after["tone"], after["tags"]) == (1, [{"id": tag}])
    assert {k: v for k, v in after.items() if k not in ("tone", "tags")} == {
        k: v for k, v in before.items() if k not in ("tone", "tags")
    }
    assert result.id == before["id"] and result.tone == 1  # the bare mention comes back


def test_favorite_also_marks_read(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[1]  # write permission is enough
    target = next(m for m in sim.state.mentions(alert) if not m["read"] and not m["favorite"])
    client.curate_mention(sim.account_id, alert, target["id"], CurateRequest(favorite=True))
    after = sim.state.mention(alert, target["id"])
    assert after is not None and (after["favorite"], after["read"]) == (True, True)


def test_trash_and_folders_move_together(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[0]
    target = next(m for m in sim.state.mentions(alert) if m["folder"] == "inbox")["id"]

    def where() -> str:
        held = sim.state.mention(alert, target)
        assert held is not None
        assert "trashed" not in held  # the real service sends only the folder
        return str(held["folder"])

    # Seed 000's `trashed` in a PUT body is a move to or out of the trash folder.
    client.curate_mention(sim.account_id, alert, target, CurateRequest(trashed=True))
    assert where() == "trash"
    client.curate_mention(sim.account_id, alert, target, CurateRequest(trashed=False))
    assert where() == "inbox"
    client.curate_mention(sim.account_id, alert, target, CurateRequest(folder="spam"))
    assert where() == "spam"
    client.curate_mention(sim.account_id, alert, target, CurateRequest(trashed=False))
    assert where() == "spam"  # untrashing what is not in the trash moves nothing
    client.curate_mention(sim.account_id, alert, target, CurateRequest(folder="trash"))
    assert where() == "trash"


def test_bad_values_are_form_errors_and_change_nothing(
    sim: SimServer, client: MentionClient
) -> None:
    alert = sim.alert_ids[0]
    target = sim.state.mentions(alert)[4]
    for request, field in (
        (CurateRequest(folder="nowhere"), "folder"),
        (CurateRequest(tone=5), "tone"),
        (CurateRequest(tags=[TagRef(id=424242)]), "tags"),
        (CurateRequest(read=True, folder="void"), "folder"),
    ):
        with pytest.raises(BadRequestError) as bad:
            client.curate_mention(sim.account_id, alert, target["id"], request)
        assert list(bad.value.fields) == [field]
        assert bad.value.fields[field] == ["This value is not valid."]
    assert sim.state.mention(alert, target["id"]) == target


def test_read_permission_and_mention_rights_refuse_with_403(
    sim: SimServer, client: MentionClient
) -> None:
    read_only = sim.alert_ids[2]
    target = sim.state.mentions(read_only)[0]
    with pytest.raises(PermissionDeniedError) as refused:
        client.curate_mention(sim.account_id, read_only, target["id"], CurateRequest(read=True))
    assert refused.value.status == 403
    assert sim.state.mention(read_only, target["id"]) == target
    # A mention whose own permissions forbid favorite, on an admin alert.
    admin = sim.alert_ids[0]
    locked = sim.state.add_mention(
        admin, permissions={"favorite": False, "change_folder": True, "edit": True}
    )
    with pytest.raises(PermissionDeniedError):
        client.curate_mention(sim.account_id, admin, locked["id"], CurateRequest(favorite=True))
    client.curate_mention(sim.account_id, admin, locked["id"], CurateRequest(folder="archive"))
    # set_permission changes what the user may do at once.
    sim.state.set_permission(read_only, "write")
    try:
        client.curate_mention(sim.account_id, read_only, target["id"], CurateRequest(read=True))
    finally:
        sim.state.set_permission(read_only, "read")
    assert sim.state.mention(read_only, target["id"])["read"] is True  # type: ignore[index]


def test_children_page_by_before_date(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[0]
    parent = sim.state.add_mention(
        alert, children={"children": [], "total": 5, "_links": []}, title="Acme parent"
    )
    first = client.get_children(sim.account_id, alert, parent["id"], limit=3)
    assert len(first.children) == 3 and first.links.more is not None
    before = first.links.more.params["before_date"]
    rest = client.get_children(sim.account_id, alert, parent["id"], limit=3, before_date=before)
    kids = first.children + rest.children
    assert [k.parent_id for k in kids] == [parent["id"]] * 5
    assert len({k.id for k in kids}) == 5 and rest.links.more is None
    assert client.get_children(sim.account_id, alert, parent["id"]).children == kids


def test_mark_all_read_marks_the_whole_alert(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[1]
    assert any(not m["read"] for m in sim.state.mentions(alert))
    assert client.mark_all_read(sim.account_id, alert) is True
    assert all(m["read"] for m in sim.state.mentions(alert))
    with pytest.raises(PermissionDeniedError):
        client.mark_all_read(sim.account_id, sim.alert_ids[2])
    assert any(not m["read"] for m in sim.state.mentions(sim.alert_ids[2]))
