"""The simulator answers in the real service's shapes: compared, key by key and type by
type, with the responses captured from it (tests/api/fixtures/real, see its README)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from triage_tui.sim import SimServer

REAL = Path(__file__).parents[1] / "api" / "fixtures" / "real"


def _real(name: str) -> Any:
    return json.loads((REAL / name).read_text("utf-8"))


def _types(obj: dict[str, Any]) -> dict[str, type]:
    return {k: type(v) for k, v in obj.items()}


def _real_mentions() -> dict[str, dict[str, Any]]:
    """One captured mention per network."""
    found: dict[str, dict[str, Any]] = {}
    for m in _real("mentions.json")["mentions"]:
        found.setdefault(m["source_type"], m)
    return found


def _sim_mentions(raw: httpx.Client, sim: SimServer) -> list[dict[str, Any]]:
    base = f"/api/accounts/{sim.account_id}/alerts"
    return [
        m
        for alert in sim.alert_ids
        for m in raw.get(f"{base}/{alert}/mentions", params={"limit": 100}).json()["mentions"]
    ]


def test_a_mention_has_the_real_keys_and_types_per_network(
    sim: SimServer, raw: httpx.Client
) -> None:
    real = _real_mentions()
    mentions = _sim_mentions(raw, sim)
    for network in ("twitter", "images", "web", "news"):
        sim_one = next(m for m in mentions if m["source_type"] == network)
        real_one = real[network]
        # Every key the real service sends for this network, and none it leaves out
        # (author_influence and children aside, compared below; the app needs no more).
        assert set(real_one) <= set(sim_one), network
        absent = {"title", "description", "description_short", "source_name", "country"}
        assert {k for k in absent if k not in real_one} & set(sim_one) == set(), network
        for key, kind in _types(real_one).items():
            if key in sim_one and real_one[key] is not None:
                if kind in (int, float):  # a score of 0 in the capture is an int
                    assert isinstance(sim_one[key], int | float), (network, key)
                else:
                    assert isinstance(sim_one[key], kind), (network, key)
        assert sim_one["offsets"].keys() == real_one["offsets"].keys(), network
    assert all(m["display_site"] is True for m in mentions)
    assert all("trashed" not in m for m in mentions)  # the real service has no `trashed`


def test_networks_leave_out_what_they_lack(sim: SimServer, raw: httpx.Client) -> None:
    mentions = _sim_mentions(raw, sim)
    tweets = [m for m in mentions if m["source_type"] == "twitter"]
    facebook = [m for m in mentions if m["source_type"] == "facebook"]
    images = [m for m in mentions if m["source_type"] == "images"]
    assert tweets and facebook and images
    text = {"title", "description", "description_medium", "description_short"}
    site = {"source_name", "source_url", "picture_url"}
    assert all(not (text | site) & m.keys() for m in tweets + facebook)
    assert all(not {"source_name", "country", "author_influence"} & m.keys() for m in images)
    real_tweet = _real_mentions()["twitter"]
    for tweet in tweets:
        meta = tweet["metadata"]["twitter"]
        assert isinstance(meta["id_str"], str) and isinstance(meta["user"]["id_str"], str)
        assert meta["id_str"] in tweet["original_url"]
        assert tweet["source_gender"] in ("male", "female", "brand")
        assert tweet.keys() >= real_tweet.keys() - {"children"}


def test_author_influence_children_tasks_logs(sim: SimServer, raw: httpx.Client) -> None:
    real = _real_mentions()["twitter"]["author_influence"]
    mentions = _sim_mentions(raw, sim)
    for m in mentions:
        author = m.get("author_influence")
        if author is not None:
            assert isinstance(author["alert_id"], str) and author["alert_id"] == str(m["alert_id"])
            assert isinstance(author["graphQLID"], str) and isinstance(author["id"], str)
        assert m["tasks"] == [] and m["logs"] == []
        assert isinstance(m["folder_set_by_user"], bool)
        assert isinstance(m["relevance_score"], int | float)
        assert m["children"].keys() == {"children", "total"}  # no `_links`, as mention.json
        assert len(m["children"]["children"]) == min(3, m["children"]["total"])
    assert {"alert_id", "graphQLID", "id", "kind", "realname", "score"} <= real.keys()
    parents = [m for m in mentions if m["children"]["total"]]
    assert parents
    for kid in parents[0]["children"]["children"]:
        assert kid["parent_id"] == parents[0]["id"] and kid["children"]["total"] == 0


def test_mention_answers_are_wrapped_like_the_real_ones(sim: SimServer, raw: httpx.Client) -> None:
    alert = sim.alert_ids[0]
    base = f"/api/accounts/{sim.account_id}/alerts/{alert}/mentions"
    target = next(m for m in sim.state.mentions(alert) if not m["read"])
    real_put = _real("curate_mention.json")
    answer = raw.put(f"{base}/{target['id']}", json={"read": True})
    assert answer.status_code == 200
    assert answer.json().keys() == real_put.keys() == {"mention"}
    assert answer.json()["mention"]["read"] is True
    assert answer.json() == raw.get(f"{base}/{target['id']}").json()
    # Mark-all-read answers with the alert, wrapped, its counts after the change.
    marked = raw.post(f"{base}/markallread").json()
    assert marked.keys() == _real("markallread.json").keys() == {"alert"}
    assert marked["alert"]["id"] == str(alert)
    assert marked["alert"]["stats"]["unread_mentions"] == {"total": "0"}


def test_alerts_have_string_ids_roles_and_string_counts(sim: SimServer, raw: httpx.Client) -> None:
    real = _real("alert.json")["alert"]
    listed = raw.get(f"/api/accounts/{sim.account_id}/alerts").json()["alerts"]
    assert [a["role"] for a in listed] == ["admin", "write", "read"]
    for alert in listed:
        assert isinstance(alert["id"], str) and "permission" not in alert
        assert int(alert["id"]) in sim.alert_ids
        for key in ("created_at", "updated_at", "sources", "countries", "blocked_sites"):
            assert isinstance(alert[key], type(real[key])), key
        stats = alert["stats"]
        assert stats.keys() == real["stats"].keys()
        assert stats["mention_folders"].keys() == real["stats"]["mention_folders"].keys()
        held = sim.state.mentions(int(alert["id"]))
        assert stats["unread_mentions"] == {"total": str(sum(not m["read"] for m in held))}
        inbox = sum(m["folder"] == "inbox" for m in held)
        assert stats["mention_folders"]["inbox"] == {"total": str(inbox)}
    one = raw.get(f"/api/accounts/{sim.account_id}/alerts/{sim.alert_ids[0]}").json()
    assert one.keys() == {"alert"} and one["alert"]["id"] == str(sim.alert_ids[0])
    assert len(one["alert"]["shares"]) == len(sim.state.shares(sim.alert_ids[0]))


def _share_shape(share: dict[str, Any]) -> None:
    real = _real("alert.json")["alert"]["shares"][0]
    assert share.keys() == real.keys() - {"account"} | {"account"}
    assert _types(share) == _types(real)
    assert {"id", "name", "email"} <= share["account"].keys()
    assert share["permissions"].keys() == real["permissions"].keys()
    assert "alert_id" not in share and "email" not in share and "permission" not in share


def test_shares_in_the_real_shape_everywhere(sim: SimServer, raw: httpx.Client) -> None:
    alert = sim.alert_ids[0]
    base = f"/api/accounts/{sim.account_id}/alerts/{alert}/shares"
    embedded = raw.get(f"/api/accounts/{sim.account_id}/alerts/{alert}").json()["alert"]
    listed = raw.get(base).json()["shares"]
    assert listed == embedded["shares"]
    held = {s["id"]: s for s in sim.state.shares(alert)}
    for share in listed:
        _share_shape(share)
        assert share["account"]["email"] == held[share["id"]]["email"]
        assert share["role"] == held[share["id"]]["permission"]
        assert share["permissions"] == {"edit": True, "delete": True}  # the user is admin
    assert _types(raw.get(f"{base}/{listed[0]['id']}").json()) == _types(listed[0])
    # Requests keep seed 000's shape: {email, permission}; answers are the real one.
    created = raw.post(base, json={"email": "shape@example.com", "permission": "write"})
    assert created.status_code == 201
    _share_shape(created.json())
    assert (created.json()["account"]["email"], created.json()["role"]) == (
        "shape@example.com",
        "write",
    )
    updated = raw.put(f"{base}/{created.json()['id']}", json={"permission": "read"}).json()
    _share_shape(updated)
    assert updated["role"] == "read"
    assert raw.delete(f"{base}/{created.json()['id']}").status_code == 204


def test_app_data_is_the_real_vocabulary(sim: SimServer, raw: httpx.Client) -> None:
    real = _real("app_data.json")
    data = raw.get("/api/app/data").json()
    for key in ("alert_tones", "mention_folders", "alert_sources", "task_types", "version"):
        assert data[key] == real[key], key
    assert data["alert_languages"] == real["alert_languages"]
    assert data["alert_countries"] == real["alert_countries"]
    assert data["mention_log_types"] == real["mention_log_types"]
    assert all(isinstance(t["code"], str) for t in data["alert_tones"].values())
    assert data["alert_tones"]["1"]["code"] == "positive"
    # The capture shows only the owner's role; the simulator adds the two it shares with.
    assert data["alert_share_roles"]["admin"] == real["alert_share_roles"]["admin"]
    assert data["alert_share_roles"].keys() == {"admin", "write", "read"}
