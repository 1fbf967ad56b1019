"""The simulator against the real clients over loopback: what the service would answer."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from triage_tui.api import (
    AsyncMentionClient,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    CreateShareRequest,
    CurateRequest,
    MentionClient,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    SharePermission,
    TransportError,
    UpdateShareRequest,
)
from triage_tui.api.events import MarkEvent, MentionEvent, WarningEvent
from triage_tui.sim import SimServer


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    with SimServer(seed=3, mentions_per_alert=25, mark_interval=0.1) as server:
        yield server


@pytest.fixture
def client(sim: SimServer) -> Iterator[MentionClient]:
    sim.state.faults.__init__()  # type: ignore[misc]  # every test starts without faults
    with MentionClient(sim.token, base_url=sim.api_url, stream_url=sim.stream_url) as c:
        yield c


def test_account_alerts_and_permissions(sim: SimServer, client: MentionClient) -> None:
    assert client.get_me().id == sim.account_id
    alerts = client.list_alerts(sim.account_id)
    assert [a.permission for a in alerts] == ["admin", "write", "read"]
    assert [f.code for f in client.get_app_data().visible_folders] == [
        "inbox",
        "archive",
        "spam",
        "trash",
    ]


def test_list_pages_back_in_time_without_gaps(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[0]
    page = client.list_mentions(sim.account_id, alert, limit=10)
    ids = [int(m.id) for m in page.mentions]
    while page.links.more is not None:
        page = client.follow(page.links.more)
        ids += [int(m.id) for m in page.mentions]
    assert ids == sorted(ids, reverse=True)
    assert ids == [int(m["id"]) for m in sim.state.mentions(alert)]


def test_curate_changes_only_what_was_sent(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[0]
    before = sim.state.mentions(alert)[0]
    result = client.curate_mention(
        sim.account_id, alert, before["id"], CurateRequest(favorite=True, tone=-1)
    )
    after = sim.state.mention(alert, before["id"])
    assert after is not None
    assert (after["favorite"], after["read"], after["tone"]) == (True, True, -1)
    assert after["folder"] == before["folder"]
    assert result.favorite and result.read
    client.curate_mention(sim.account_id, alert, before["id"], CurateRequest(trashed=True))
    assert sim.state.mention(alert, before["id"])["folder"] == "trash"  # type: ignore[index]


def test_refusals_are_typed(sim: SimServer, client: MentionClient) -> None:
    admin, _, read_only = sim.alert_ids
    mention_id = sim.state.mentions(admin)[1]["id"]
    with pytest.raises(BadRequestError) as bad:
        client.curate_mention(sim.account_id, admin, mention_id, CurateRequest(folder="nowhere"))
    assert "folder" in bad.value.fields
    other = sim.state.mentions(read_only)[0]["id"]
    with pytest.raises(PermissionDeniedError):
        client.curate_mention(sim.account_id, read_only, other, CurateRequest(read=True))
    with pytest.raises(NotFoundError):
        client.get_mention(sim.account_id, admin, 1)
    with (
        MentionClient("wrong", base_url=sim.api_url) as stranger,
        pytest.raises(AuthenticationError),
    ):
        stranger.get_me()


def test_faults_fail_puts_and_rate_limit(sim: SimServer, client: MentionClient) -> None:
    alert = sim.alert_ids[0]
    mention_id = sim.state.mentions(alert)[2]["id"]
    sim.state.faults.put_failure_rate = 1.0
    with pytest.raises(ServerError):
        client.curate_mention(sim.account_id, alert, mention_id, CurateRequest(read=True))
    sim.state.faults.put_failure_mode = "reset"
    with pytest.raises(TransportError):
        client.curate_mention(sim.account_id, alert, mention_id, CurateRequest(read=True))
    sim.state.faults.put_failure_rate = 0.0
    sim.state.faults.rate_limit_for = 30
    with pytest.raises(RateLimitError) as limited:
        client.get_me()
    assert limited.value.reset_at is not None and limited.value.wait_seconds() > 20
    with pytest.raises(RateLimitError):
        client.get_me()
    assert sim.state.requests_while_limited >= 1
    sim.state.faults.rate_limit_for = None  # end the window for the other tests


def test_shares_crud_as_in_the_shares_document(sim: SimServer, client: MentionClient) -> None:
    account, alert = sim.account_id, str(sim.alert_ids[0])
    created = client.create_share(
        account,
        alert,
        CreateShareRequest(email="new.person@example.com", permission=SharePermission.WRITE),
    )
    assert created.permission is SharePermission.WRITE
    updated = client.update_share(
        account, alert, created.id, UpdateShareRequest(permission=SharePermission.ADMIN)
    )
    assert updated.permission is SharePermission.ADMIN
    assert client.get_share(account, alert, created.id).email == "new.person@example.com"
    assert client.delete_share(account, alert, created.id) is True
    assert all(s["id"] != created.id for s in sim.state.shares(int(alert)))
    with pytest.raises(BadRequestError) as bad:
        client.create_share(account, alert, CreateShareRequest(email="not-an-email"))
    assert "email" in bad.value.fields
    with pytest.raises(PermissionDeniedError):
        client.create_share(
            account, str(sim.alert_ids[2]), CreateShareRequest(email="x@example.com")
        )


def test_stream_replays_caps_goes_live_and_allows_one(sim: SimServer) -> None:
    alert = sim.alert_ids[1]
    oldest = sim.state.mentions(alert)[-1]["id"]
    sim.state.faults.stream_history_cap = 5

    async def run() -> list[object]:
        events: list[object] = []
        async with AsyncMentionClient(sim.token, sim.api_url, sim.stream_url) as c:
            async for event in c.stream_mentions(sim.account_id, [alert], {alert: oldest}):
                events.append(event)
                if isinstance(event, WarningEvent):
                    with pytest.raises(ConflictError):
                        async for _ in c.stream_mentions(sim.account_id, [alert]):
                            pass
                    await asyncio.to_thread(sim.state.add_mention, alert, title="fresh")
                if isinstance(event, MentionEvent) and event.mention.title == "fresh":
                    break
        return events

    try:
        events = asyncio.run(asyncio.wait_for(run(), 10))
    finally:
        sim.state.faults.stream_history_cap = 1000
    kinds = [type(e).__name__ for e in events]
    assert kinds[:6] == ["MentionEvent"] * 5 + ["WarningEvent"]
    assert isinstance(events[5], WarningEvent) and events[5].history_capped
    assert kinds[-1] == "MentionEvent"
    assert any(isinstance(e, MarkEvent) for e in events)


def test_stream_drop_after_n_lines(sim: SimServer) -> None:
    alert = sim.alert_ids[0]
    sim.state.faults.drop_stream_after = 7

    async def run() -> int:
        count = 0
        async with AsyncMentionClient(sim.token, sim.api_url, sim.stream_url) as c:
            async for event in c.stream_mentions(sim.account_id, [alert], {alert: 0}):
                count += isinstance(event, MentionEvent)
        return count

    try:
        assert asyncio.run(asyncio.wait_for(run(), 10)) == 7
    finally:
        sim.state.faults.drop_stream_after = None
