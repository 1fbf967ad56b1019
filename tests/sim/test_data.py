"""The demo data: deterministic per seed, realistic, and with offsets that are right."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime

from triage_tui.sim import SimState
from triage_tui.sim.data import ALERTS

EPOCH = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _state(seed: int = 5, per_alert: int = 80) -> SimState:
    return SimState(seed=seed, mentions_per_alert=per_alert, epoch=EPOCH)


def _all(state: SimState) -> list[dict]:
    return [m for a in state.alert_ids for m in state.mentions(a)]


def test_same_seed_same_data_other_seed_other_data() -> None:
    one, two, other = _state(5), _state(5), _state(6)
    assert json.dumps(_all(one)) == json.dumps(_all(two))
    assert [one.shares(a) for a in one.alert_ids] == [two.shares(a) for a in two.alert_ids]
    assert [m.get("title") for m in _all(one)] != [m.get("title") for m in _all(other)]


def test_three_alerts_admin_write_read_with_shares_and_tags() -> None:
    state = _state()
    assert [state.alert(a)["permission"] for a in state.alert_ids] == ["admin", "write", "read"]
    assert [state.alert(a)["name"] for a in state.alert_ids] == [a["name"] for a in ALERTS]
    for alert_id in state.alert_ids:
        shares = state.shares(alert_id)
        assert 2 <= len(shares) <= 3
        assert sum(s["permission"] == "admin" for s in shares) == 1
        assert 1 <= len(state.tags(alert_id)) <= 5
        assert len(state.mentions(alert_id)) == 80


def test_ids_grow_with_found_time_across_the_account() -> None:
    everything = sorted(_all(_state()), key=lambda m: int(m["id"]))
    found = [m["created_at"] for m in everything]
    assert found == sorted(found)
    assert len({m["id"] for m in everything}) == len(everything)
    assert all(isinstance(m["id"], str) and isinstance(m["alert_id"], int) for m in everything)


def test_the_mix_a_triage_screen_needs() -> None:
    mentions = _all(_state())
    assert {m["source_type"] for m in mentions} == {
        "web",
        "news",
        "blogs",
        "forums",
        "videos",
        "twitter",
        "facebook",
        "images",
    }
    assert {m["folder"] for m in mentions} == {"inbox", "archive", "spam", "trash"}
    assert {m["tone"] for m in mentions} == {-1, 0, 1}
    assert {m["language_code"] for m in mentions} == {"en", "fr", "de"}
    assert any(not m["read"] for m in mentions) and any(m["read"] for m in mentions)
    assert any(m["favorite"] for m in mentions)
    assert all(m["read"] for m in mentions if m["favorite"])
    assert any(m["tags"] for m in mentions)
    assert any(m["children"]["total"] > 0 for m in mentions)
    # The real service has no `trashed`: the trash is a folder.
    assert all("trashed" not in m for m in mentions)


def test_networks_lack_what_the_reference_says() -> None:
    mentions = _all(_state())
    texts = {"title", "description", "description_medium", "description_short"}
    site = {"source_name", "source_url", "picture_url"}
    for m in mentions:
        # Absent, not null: the real service leaves out what a network does not have.
        if m["source_type"] in ("twitter", "facebook"):
            assert not (texts | site) & m.keys(), m["id"]
            assert m["author_influence"]["realname"] and m["displayable_url"]
        elif m["source_type"] == "images":
            assert not {"source_name", "country", "author_influence"} & m.keys(), m["id"]
            assert m["title"] and m["description"]
        else:
            assert m["title"] and m["source_name"] and m["author_influence"]
        assert None not in m.values(), m["id"]


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_offsets_point_at_keywords_in_chars_and_utf16_units() -> None:
    state = _state(per_alert=120)
    checked = astral_before_hit = 0
    for alert_id in state.alert_ids:
        keywords = {k.lower() for k in state.alert(alert_id)["keywords"]}
        for m in state.mentions(alert_id):
            for field, flat in m["offsets"].items():
                text = m.get("original_url" if field == "url" else field) or ""
                assert len(flat) % 4 == 0
                for i in range(0, len(flat), 4):
                    char_at, unit_at, char_len, unit_len = flat[i : i + 4]
                    hit = text[char_at : char_at + char_len]
                    assert hit.lower() in keywords
                    units = text.encode("utf-16-le")
                    assert units[2 * unit_at : 2 * (unit_at + unit_len)].decode("utf-16-le") == hit
                    assert unit_at == _utf16(text[:char_at])
                    astral_before_hit += unit_at != char_at
                    checked += 1
            # Every hit is reported: nothing left unhighlighted in the title and description.
            for field in ("title", "description", "description_medium", "description_short"):
                text = (m.get(field) or "").lower()
                hits = sum(text.count(k) for k in keywords)
                assert len(m["offsets"][field]) // 4 == hits
    assert checked > 300
    assert astral_before_hit > 5  # texts with 😀 / 𝒜 before a hit, where the pairs differ


def test_demo_text_is_clean() -> None:
    """No control, format (bidi, zero-width) or private-use characters in the demo data."""
    for m in _all(_state(per_alert=120)):
        for value in (m.get(k) for k in ("title", "description", "original_url", "source_name")):
            for ch in value or "":
                assert unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs"), (m["id"], ch)


def test_added_mentions_get_new_ids_and_given_fields() -> None:
    state = _state(per_alert=5)
    alert = state.alert_ids[1]
    newest = int(state.mentions(alert)[0]["id"])
    added = state.add_mention(alert, title="Hand-made Globex headline", read=True)
    assert int(added["id"]) > newest
    assert state.mention(alert, added["id"]) == added
    assert added["read"] is True
    assert added["offsets"]["title"] == [10, 10, 6, 6]
    more = state.add_mentions(alert, 3)
    assert [int(m["id"]) for m in more] == sorted(int(m["id"]) for m in more)
    assert state.mentions(alert)[0]["id"] == more[-1]["id"]


def test_more_alerts_on_request_for_benchmarks() -> None:
    state = SimState(seed=1, mentions_per_alert=3, epoch=EPOCH, alert_count=10)
    assert len(state.alert_ids) == len(set(state.alert_ids)) == 10
    assert [state.alert(a)["permission"] for a in state.alert_ids[:3]] == [
        "admin",
        "write",
        "read",
    ]
    assert all(len(state.mentions(a)) == 3 for a in state.alert_ids)
