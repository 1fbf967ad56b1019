"""Faults: failing PUTs (500 / reset / after apply), the 429 window, latency, bad tokens."""

from __future__ import annotations

import math
import time

import httpx
import pytest

from triage_tui.api import (
    AuthenticationError,
    CurateRequest,
    MentionClient,
    RateLimitError,
    ServerError,
    TransportError,
)
from triage_tui.sim import SimServer


def _target(sim: SimServer, n: int) -> tuple[int, str]:
    alert = sim.alert_ids[0]
    return alert, next(m for m in sim.state.mentions(alert)[n:] if not m["read"])["id"]


def test_failing_puts_500_change_nothing(sim: SimServer, client: MentionClient) -> None:
    alert, target = _target(sim, 0)
    sim.state.faults.put_failure_rate = 1.0
    with pytest.raises(ServerError) as failed:
        client.curate_mention(sim.account_id, alert, target, CurateRequest(read=True))
    assert failed.value.status == 500
    assert sim.state.mention(alert, target)["read"] is False  # type: ignore[index]


def test_reset_hangs_up_mid_answer(sim: SimServer, client: MentionClient) -> None:
    alert, target = _target(sim, 0)
    sim.state.faults.put_failure_rate = 1.0
    sim.state.faults.put_failure_mode = "reset"
    with pytest.raises(TransportError):
        client.curate_mention(sim.account_id, alert, target, CurateRequest(read=True))
    assert sim.state.mention(alert, target)["read"] is False  # type: ignore[index]
    assert sim.state.request_log[-1].status == 0  # no answer
    sim.state.faults.put_failure_mode = "mixed"
    for _ in range(4):
        with pytest.raises((ServerError, TransportError)):
            client.curate_mention(sim.account_id, alert, target, CurateRequest(read=True))
    sim.state.faults.put_failure_rate = 0.0
    assert client.curate_mention(sim.account_id, alert, target, CurateRequest(read=True)).read


def test_a_failing_put_may_have_applied(sim: SimServer, client: MentionClient) -> None:
    alert, target = _target(sim, 3)
    sim.state.faults.put_failure_rate = 1.0
    sim.state.faults.fail_after_apply = True
    with pytest.raises(ServerError):
        client.curate_mention(sim.account_id, alert, target, CurateRequest(read=True))
    assert sim.state.mention(alert, target)["read"] is True  # type: ignore[index]


def test_rate_limit_window(sim: SimServer, client: MentionClient) -> None:
    before = sim.state.requests_while_limited
    sim.state.faults.rate_limit_for = 30
    with pytest.raises(RateLimitError) as limited:
        client.get_me()
    opened = time.time()
    assert limited.value.reset_at is not None
    assert limited.value.reset_at == float(int(limited.value.reset_at))  # integer unix time
    assert opened + 28 < limited.value.reset_at <= math.ceil(opened + 30)
    answer = httpx.get(
        f"{sim.api_url}/accounts/me", headers={"Authorization": f"Bearer {sim.token}"}
    )
    assert answer.status_code == 429
    assert int(answer.headers["x-rate-limit-reset"]) == limited.value.reset_at
    assert "retry-after" not in answer.headers
    assert sim.state.requests_while_limited == before + 1
    assert sim.state.faults.rate_limit_for == 30  # still set while the window lasts
    sim.state.faults.rate_limit_for = None  # ends the window early
    assert client.get_me().id == sim.account_id


def test_rate_limit_ends_by_itself_and_clears(sim: SimServer, client: MentionClient) -> None:
    sim.state.faults.rate_limit_for = 0.3
    with pytest.raises(RateLimitError):
        client.get_me()
    time.sleep(0.4)
    assert client.get_me().id == sim.account_id
    assert sim.state.faults.rate_limit_for is None


def test_latency_and_a_wrong_token(sim: SimServer, client: MentionClient) -> None:
    sim.state.faults.latency = 0.05
    assert client.get_me().id == sim.account_id
    with (
        MentionClient("not-the-token", base_url=sim.api_url) as stranger,
        pytest.raises(AuthenticationError) as refused,
    ):
        stranger.get_me()
    assert refused.value.status == 401
    assert sim.state.request_log[-1].status == 401
