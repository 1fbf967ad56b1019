"""Older filed mentions (the demo's history), folder and favorite lists, and a failing list."""

from __future__ import annotations

import httpx

from triage_tui.sim import SimServer
from triage_tui.sim.state import SimState


def test_history_is_older_than_the_recent_mentions_and_leaves_them_as_they_were() -> None:
    plain = SimState(seed=7, mentions_per_alert=10)
    state = SimState(seed=7, mentions_per_alert=10, history={"archive": 12, "trash": 3})
    for alert in state.alert_ids:
        held = state.mentions(alert)
        old = [m for m in held if int(m["id"]) < 500_000_000]
        recent = [m for m in held if int(m["id"]) >= 500_000_000]
        assert recent == plain.mentions(alert)  # the recent ones: the same with or without
        assert sorted(m["folder"] for m in old) == ["archive"] * 12 + ["trash"] * 3
        assert sum(m["favorite"] for m in old) == 3  # every fifth
        newest_old = max(m["created_at"] for m in old)
        assert all(m["created_at"] > newest_old for m in recent)


def test_folder_and_favorite_lists_page_to_the_end() -> None:
    with SimServer(seed=7, mentions_per_alert=5, history={"archive": 32}) as sim:
        alert = sim.alert_ids[0]
        base = f"{sim.api_url}/accounts/{sim.account_id}/alerts/{alert}/mentions"
        headers = {"Authorization": f"Bearer {sim.token}"}
        seen: list[str] = []
        params: dict[str, str] = {"folder": "archive", "limit": "10"}
        while True:
            page = httpx.get(base, params=params, headers=headers).json()
            seen += [m["id"] for m in page["mentions"]]
            assert all(m["folder"] == "archive" for m in page["mentions"])
            more = page["_links"].get("more")
            if more is None:
                break
            params = more["params"]
        archived = [m for m in sim.state.mentions(alert) if m["folder"] == "archive"]
        assert sorted(seen) == sorted(m["id"] for m in archived) and len(seen) >= 32
        favorites = httpx.get(base, params={"favorite": "1"}, headers=headers).json()["mentions"]
        assert favorites and all(m["favorite"] for m in favorites)


def test_refused_combinations_and_the_list_failure_fault(sim: SimServer, raw: httpx.Client) -> None:
    base = f"/api/accounts/{sim.account_id}/alerts/{sim.alert_ids[0]}/mentions"
    for params in (
        {"unread": "1", "favorite": "1"},
        {"since_id": "1", "cursor": "5"},
        {"not_before_date": "2024-01-01T00:00:00+00:00"},
    ):
        assert raw.get(base, params=params).status_code == 400, params
    sim.state.faults.fail_lists = 1
    assert raw.get(base, params={"folder": "archive"}).status_code == 500
    assert raw.get(base, params={"folder": "archive"}).status_code == 200
