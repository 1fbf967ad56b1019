"""The bytes on the wire: envelopes, error shapes, headers, and the request log."""

from __future__ import annotations

import httpx

from triage_tui.sim import SimServer


def test_auth_wrong_or_missing_token_is_the_oauth_401(sim: SimServer, raw: httpx.Client) -> None:
    for headers in ({"Authorization": "Bearer nope"}, {"Authorization": ""}):
        answer = raw.get("/api/accounts/me", headers=headers)
        assert answer.status_code == 401
        assert answer.json() == {
            "error": "invalid_grant",
            "error_description": "The access token provided is invalid.",
        }
    assert raw.get(f"/api/accounts/me?access_token={sim.token}", headers={"Authorization": ""})
    assert raw.get("/api/accounts/me").json() == {"account": sim.state.account}


def test_unknown_resources_are_an_html_404(sim: SimServer, raw: httpx.Client) -> None:
    alert = sim.alert_ids[0]
    for path in (
        "/api/nothing/here",
        f"/api/accounts/{sim.account_id}/alerts/999",
        f"/api/accounts/{sim.account_id}/alerts/{alert}/mentions/1",
        f"/api/accounts/other_account/alerts/{alert}",
        f"/api/accounts/{sim.account_id}/alerts/{alert}/shares/share_none",
    ):
        answer = raw.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("text/html")
        assert answer.text.startswith("<!DOCTYPE html>")


def test_envelopes_and_links(sim: SimServer, raw: httpx.Client) -> None:
    account, alert = sim.account_id, sim.alert_ids[0]
    base = f"/api/accounts/{account}/alerts/{alert}"
    assert raw.get(base).json()["alert"]["id"] == str(alert)  # a string, as the real one
    assert [a["id"] for a in raw.get(f"/api/accounts/{account}/alerts").json()["alerts"]] == (
        [str(a) for a in sim.alert_ids]
    )
    page = raw.get(f"{base}/mentions", params={"limit": 5, "folder": "inbox"}).json()
    assert len(page["mentions"]) == 5
    more, pull = page["_links"]["more"], page["_links"]["pull"]
    assert more["href"] == pull["href"] == f"{base}/mentions"
    assert more["params"]["folder"] == "inbox" and more["params"]["limit"] == "5"
    assert more["params"]["cursor"] == page["mentions"][-1]["id"]
    assert pull["params"]["since_id"] == int(page["mentions"][0]["id"])
    one = raw.get(f"{base}/mentions/{page['mentions'][0]['id']}").json()
    assert one == {"mention": sim.state.mention(alert, page["mentions"][0]["id"])}
    data = raw.get("/api/app/data").json()
    # The real vocabulary, in the real service's order.
    assert [f for f, v in data["mention_folders"].items() if not v["hidden"]] == [
        "inbox",
        "archive",
        "trash",
        "spam",
    ]
    assert data["mention_folders"]["spam"]["name"] == "Irrelevant"
    assert sorted(data["alert_tones"]) == ["-1", "0", "1"]
    assert data["alert_tones"]["-1"]["code"] == "negative"


def test_compact_json_lines(sim: SimServer, raw: httpx.Client) -> None:
    alert = sim.alert_ids[0]
    answer = raw.get(f"/api/accounts/{sim.account_id}/alerts/{alert}/mentions?limit=3")
    assert answer.headers["content-type"] == "application/json"
    assert b"\n" not in answer.content and b'": ' in answer.content  # one line, not pretty


def test_bad_filter_values_are_form_errors(sim: SimServer, raw: httpx.Client) -> None:
    base = f"/api/accounts/{sim.account_id}/alerts/{sim.alert_ids[0]}/mentions"
    for name, value in (("limit", "lots"), ("limit", "5000"), ("tone", "5"), ("folder", "x")):
        answer = raw.get(base, params={name: value})
        assert answer.status_code == 400, name
        assert answer.json()["form"]["children"][name]["errors"], name


def test_request_log_records_everything_but_credentials(sim: SimServer, raw: httpx.Client) -> None:
    sim.state.clear_log()
    alert, mention = sim.alert_ids[0], sim.state.mentions(sim.alert_ids[0])[0]["id"]
    path = f"/api/accounts/{sim.account_id}/alerts/{alert}/mentions/{mention}"
    raw.put(path, json={"read": True})
    raw.get("/api/accounts/me", params={"access_token": sim.token, "x": "1"})
    raw.get("/api/nothing")
    log = sim.state.request_log
    assert [(r.method, r.path, r.status) for r in log] == [
        ("PUT", path, 200),
        ("GET", "/api/accounts/me", 200),
        ("GET", "/api/nothing", 404),
    ]
    assert log[0].body == {"read": True}
    assert log[1].query == {"x": ["1"]}
    assert log[0].at <= log[1].at <= log[2].at
    assert sim.token not in repr(log)
    sim.state.clear_log()
    assert sim.state.request_log == []
