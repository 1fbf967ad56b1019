"""Shares as seed 000 describes them, and tags; only admins change either."""

from __future__ import annotations

import httpx
import pytest

from triage_tui.api import (
    BadRequestError,
    CreateShareRequest,
    MentionClient,
    NotFoundError,
    PermissionDeniedError,
    SharePermission,
    UpdateShareRequest,
)
from triage_tui.sim import SimServer


def test_the_shares_documents_code_flow(sim: SimServer, client: MentionClient) -> None:
    account, alert = sim.account_id, str(sim.alert_ids[0])
    shares_response = client.get_shares(account, alert)
    assert [s.id for s in shares_response.shares] == [s["id"] for s in sim.state.shares(int(alert))]
    request = CreateShareRequest(email="colleague@example.com", permission=SharePermission.WRITE)
    share = client.create_share(account, alert, request)
    assert (share.email, share.permission, share.alert_id) == (
        "colleague@example.com",
        SharePermission.WRITE,
        alert,
    )
    assert share.id in [s["id"] for s in sim.state.shares(int(alert))]
    fetched = client.get_share(account, alert, share.id)
    assert fetched.created_at == share.created_at
    share = client.update_share(
        account, alert, share.id, UpdateShareRequest(permission=SharePermission.ADMIN)
    )
    assert share.permission is SharePermission.ADMIN
    assert next(s for s in sim.state.shares(int(alert)) if s["id"] == share.id)["permission"] == (
        "admin"
    )
    assert client.delete_share(account, alert, share.id) is True
    assert share.id not in [s["id"] for s in sim.state.shares(int(alert))]
    with pytest.raises(NotFoundError):
        client.get_share(account, alert, share.id)
    default = client.create_share(account, alert, CreateShareRequest(email="ro@example.com"))
    assert default.permission is SharePermission.READ


def test_bad_email_or_permission_are_form_errors(sim: SimServer, client: MentionClient) -> None:
    account, alert = sim.account_id, str(sim.alert_ids[0])
    count = len(sim.state.shares(int(alert)))
    with pytest.raises(BadRequestError) as bad:
        client.create_share(account, alert, CreateShareRequest(email="not-an-email"))
    assert list(bad.value.fields) == ["email"]
    headers = {"Authorization": f"Bearer {sim.token}"}
    base = f"{sim.api_url}/accounts/{account}/alerts/{alert}/shares"
    answer = httpx.post(
        base, json={"email": "a@example.com", "permission": "owner"}, headers=headers
    )
    assert answer.status_code == 400
    assert answer.json()["form"]["children"] == {
        "email": [],
        "permission": {"errors": ["The value you selected is not a valid choice."]},
    }
    first = sim.state.shares(int(alert))[0]["id"]
    answer = httpx.put(f"{base}/{first}", json={"permission": "god"}, headers=headers)
    assert answer.status_code == 400
    assert len(sim.state.shares(int(alert))) == count


def test_only_admins_change_shares(sim: SimServer, client: MentionClient) -> None:
    account = sim.account_id
    for alert in (str(sim.alert_ids[1]), str(sim.alert_ids[2])):  # write, read
        existing = sim.state.shares(int(alert))
        assert client.get_shares(account, alert).shares  # reading is allowed
        with pytest.raises(PermissionDeniedError):
            client.create_share(account, alert, CreateShareRequest(email="x@example.com"))
        with pytest.raises(PermissionDeniedError):
            client.update_share(
                account,
                alert,
                existing[0]["id"],
                UpdateShareRequest(permission=SharePermission.READ),
            )
        with pytest.raises(PermissionDeniedError):
            client.delete_share(account, alert, existing[0]["id"])
        assert sim.state.shares(int(alert)) == existing


def test_tags_list_and_create(sim: SimServer, client: MentionClient) -> None:
    account, admin, write = sim.account_id, sim.alert_ids[0], sim.alert_ids[1]
    assert [t.name for t in client.list_tags(account, admin)] == [
        t["name"] for t in sim.state.tags(admin)
    ]
    tag = client.create_tag(account, admin, "escalate")
    assert tag.name == "escalate" and tag.id not in [t.id for t in client.list_tags(account, write)]
    assert sim.state.tags(admin)[-1]["id"] == tag.id
    with pytest.raises(BadRequestError) as bad:
        client.create_tag(account, admin, "x" * 21)
    assert "name" in bad.value.fields
    with pytest.raises(PermissionDeniedError):
        client.create_tag(account, write, "nope")
