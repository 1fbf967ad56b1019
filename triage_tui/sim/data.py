"""Deterministic demo data: an account, three alerts, their mentions, tags and shares.

Everything comes from one `random.Random(seed)` and a fixed epoch, so the same seed gives
the same mentions (and the same screenshots). Offsets are computed for real, in characters
and in UTF-16 units, so texts with emoji before a keyword exercise the highlighter.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

#: The demo's "now". Mentions are published in the days before it.
EPOCH = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
ACCOUNT_ID = "12345_demo"

ALERTS: list[dict[str, Any]] = [
    {"id": 112233, "name": "Acme Corp", "permission": "admin", "keywords": ["Acme", "Roadrunner"]},
    {"id": 112234, "name": "Competitor watch", "permission": "write", "keywords": ["Globex"]},
    {"id": 112235, "name": "Industry news", "permission": "read", "keywords": ["anvil"]},
]

#: Made-up brands for alerts beyond the three above (benchmarks ask for more alerts).
EXTRA_BRANDS = [
    "Initech",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Cyberdyne",
    "Tyrell",
    "Wonka",
    "Oceanic",
    "Gringotts",
    "Monarch",
]


def alerts(count: int = 3) -> list[dict[str, Any]]:
    """The three demo alerts, then (for count > 3) write-permission alerts of other brands."""
    out = [dict(a) for a in ALERTS[:count]]
    for n in range(len(out), count):
        brand = EXTRA_BRANDS[(n - len(ALERTS)) % len(EXTRA_BRANDS)]
        suffix = "" if n - len(ALERTS) < len(EXTRA_BRANDS) else f" {n}"
        out.append(
            {
                "id": ALERTS[-1]["id"] + 1 + n - len(ALERTS),
                "name": f"{brand}{suffix} watch",
                "permission": "write",
                "keywords": [brand],
            }
        )
    return out


FOLDERS = [
    {"code": "inbox", "name": "Inbox", "hidden": False},
    {"code": "archive", "name": "Archive", "hidden": False},
    {"code": "spam", "name": "Irrelevant", "hidden": False},
    {"code": "trash", "name": "Trash", "hidden": False},
    {"code": "void", "name": "Void", "hidden": True},
]
TONES = [
    {"code": -1, "name": "Negative"},
    {"code": 0, "name": "Neutral"},
    {"code": 1, "name": "Positive"},
]
SOURCES = ["web", "twitter", "facebook", "news", "blogs", "videos", "forums", "images"]

SITES = {
    "web": ("Widget Weekly", "https://widgetweekly.example"),
    "news": ("The Daily Planet", "https://dailyplanet.example"),
    "blogs": ("Desert Engineering Blog", "https://desert-eng.example"),
    "forums": ("Hardware Forum", "https://forum.hardware.example"),
    "videos": ("VidTube", "https://vidtube.example"),
    "twitter": ("", "https://twitter.com"),
    "facebook": ("", "https://facebook.com"),
    "images": ("", "https://instagram.com"),
}
AUTHORS = ["wile_e", "marvin_m", "daffy", "elmer.f", "bugs", "tweety", "lola_b", "speedy_g"]
TAG_NAMES = ["urgent", "press", "product", "support", "follow-up"]

TITLES = [
    "{k} unveils a rocket-powered skateboard",
    "Why everyone is talking about {k} this week",
    "Hands-on: the new {k} catalogue, reviewed",
    "{k} recalls a batch of giant magnets",
    "Opinion: {k} still makes the best traps",
    "Les produits {k} arrivent en France",
    "{k} im Test: was taugt die neue Serie?",
    "Customers report delays with {k} deliveries",
]
BODIES = [
    "Reports say {k} shipped a new product line today; early buyers are impressed.",
    "I ordered from {k} again 😀 and the parcel arrived in two days. Great service!",
    "Thread: my experience with {k} support 🧵 was mixed, but they fixed it.",
    "𝒜 quick note: {k} prices went up 10% this month, according to several shops.",
    "Analysts expect {k} to expand into new markets next year.",
    "Honestly the {k} instructions were impossible to follow 😤 — never again.",
]
LANGS = {5: "fr", 6: "de"}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def offsets_of(text: str, keyword: str) -> list[int]:
    """The flat (char, utf16, char len, utf16 len) groups for every hit of `keyword`."""
    flat: list[int] = []
    lower, key = text.lower(), keyword.lower()
    start = lower.find(key)
    while start >= 0:
        flat += [start, utf16_len(text[:start]), len(keyword), utf16_len(keyword)]
        start = lower.find(key, start + len(key))
    return flat


def timestamp(moment: datetime) -> str:
    """The service's format: 8 fractional digits and an explicit offset."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}00+00:00"


class MentionFactory:
    """Makes mentions for one seed; ids increase with found time across all alerts."""

    def __init__(self, seed: int, epoch: datetime = EPOCH, count: int = 180) -> None:
        self.rng = random.Random(seed)
        self.next_id = 500_000_000
        self.epoch = epoch
        # Spread the initial mentions over the time before the epoch (about 210 s apart).
        self.clock = epoch - timedelta(seconds=210 * count)

    def make(self, alert: dict[str, Any], *, fresh: bool = False, **fields: Any) -> dict[str, Any]:
        rng = self.rng
        self.next_id += rng.randint(1, 40)
        self.clock += timedelta(seconds=rng.randint(20, 400))
        found = datetime.now(UTC) if fresh else min(self.clock, self.epoch)
        published = found - timedelta(seconds=rng.randint(0, 3600))
        keyword = rng.choice(alert["keywords"])
        source = rng.choice(SOURCES)
        index = rng.randrange(len(TITLES))
        title = TITLES[index].format(k=keyword)
        body = rng.choice(BODIES).format(k=keyword)
        site_name, site_url = SITES[source]
        author = rng.choice(AUTHORS)
        slug = title.lower().replace(" ", "-").replace(":", "")[:40]
        url = f"{site_url}/{'status' if source == 'twitter' else 'story'}/{self.next_id}/{slug}"
        folder = rng.choices(["inbox", "archive", "spam", "trash"], [80, 12, 5, 3])[0]
        mention: dict[str, Any] = {
            "id": str(self.next_id),
            "alert_id": alert["id"],
            "title": title,
            "description": body,
            "description_short": body[:60],
            "original_url": url,
            "clickable_url": url,
            "displayable_url": url.split("://", 1)[1],
            "unique_id": url,
            "published_at": timestamp(published),
            "created_at": timestamp(found),
            "updated_at": timestamp(found),
            "country": rng.choice(["US", "GB", "FR", "DE", "XX"]),
            "favorite": rng.random() < 0.08,
            "trashed": folder == "trash",
            "folder": folder,
            "folder_set_by_user": folder != "inbox",
            "read": rng.random() < 0.35,
            "tone": rng.choice([-1, 0, 0, 1]),
            "tone_score": round(rng.uniform(-5, 5), 2),
            "source_type": source,
            "source_name": site_name,
            "source_url": site_url,
            "language_code": LANGS.get(index, "en"),
            "tasks": [],
            "logs": [],
            "children": {"children": [], "total": 0, "_links": []},
            "picture_url": f"{site_url}/img/{self.next_id}.jpg",
            "tags": [],
            "permissions": mention_rights(alert["permission"]),
            "author_influence": {
                "id": str(rng.randint(10**8, 10**9)),
                "alert_id": alert["id"],
                "kind": source,
                "url": f"{site_url}/{author}",
                "name": author,
                "realname": author.replace("_", " ").replace(".", " ").title(),
                "score": rng.randint(1, 10),
                "followers_count": rng.randint(10, 90_000),
            },
            "direct_reach": rng.randint(10, 50_000),
            "cumulative_reach": rng.randint(50, 500_000),
        }
        if mention["favorite"]:
            mention["read"] = True
        # What each network lacks, per the reference.
        if source == "twitter":
            for key in ("title", "description_short", "source_name", "source_url", "picture_url"):
                mention[key] = None
        elif source == "facebook":
            for key in ("title", "source_name", "source_url", "picture_url"):
                mention[key] = None
        elif source == "images":
            mention["source_name"] = None
            mention["country"] = None
            mention["author_influence"] = None
        mention.update(fields)
        mention["offsets"] = offsets_for(mention, alert["keywords"])
        return mention


def mention_rights(level: str) -> dict[str, bool]:
    """A mention's `permissions` as the real service sends them, for the user's level on
    its alert: a read-only share may look, not curate."""
    curate = level != "read"
    return {
        "edit": curate,
        "favorite": curate,
        "change_folder": curate,
        "create_task": False,
        "share_email": True,
        "share_facebook": True,
        "share_buffer": True,
    }


def offsets_for(mention: dict[str, Any], keywords: list[str]) -> dict[str, list[int]]:
    result: dict[str, list[int]] = {}
    for field in ("title", "description", "url", "source_name", "source_url"):
        text = mention.get("original_url" if field == "url" else field) or ""
        flat: list[int] = []
        if isinstance(text, str):
            for keyword in keywords:
                flat += offsets_of(text, keyword)
        result[field] = _no_overlap(flat)
    return result


def _no_overlap(flat: list[int]) -> list[int]:
    groups = sorted(zip(*[iter(flat)] * 4, strict=False))
    out: list[int] = []
    end = -1
    for group in groups:
        if group[0] >= end:
            out += list(group)
            end = group[0] + group[2]
    return out


def make_shares(
    alert: dict[str, Any], rng: random.Random, epoch: datetime = EPOCH
) -> list[dict[str, Any]]:
    people = [("owner@demo.example", "admin"), ("analyst@demo.example", "write")]
    if rng.random() < 0.7:
        people.append(("intern@demo.example", "read"))
    shares = []
    for n, (email, permission) in enumerate(people):
        when = timestamp(epoch - timedelta(days=90 - n * 11))
        shares.append(
            {
                "id": f"share_{alert['id']}_{n + 1}",
                "alert_id": str(alert["id"]),
                "user_id": f"user_{n + 1}",
                "email": email,
                "permission": permission,
                "created_at": when,
                "updated_at": when,
            }
        )
    return shares


def make_tags(alert: dict[str, Any], first_id: int) -> list[dict[str, Any]]:
    return [
        {"id": first_id + n, "name": name, "mention_count": 0, "keywords": []}
        for n, name in enumerate(TAG_NAMES[:4])
    ]


def alert_json(alert: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": alert["id"],
        "name": alert["name"],
        "permission": alert["permission"],
        "query": {"type": "basic", "included_keywords": alert["keywords"]},
        "languages": ["en", "fr", "de"],
    }


def app_data() -> dict[str, Any]:
    return {
        "alert_tones": {str(t["code"]): {"code": t["code"], "name": t["name"]} for t in TONES},
        "mention_folders": {f["code"]: f for f in FOLDERS},
        "alert_sources": {s: {"code": s, "name": s.title()} for s in SOURCES},
        "alert_languages": {"en": "English", "fr": "French", "de": "German"},
        "alert_countries": {"US": "United States", "XX": "Unknown"},
    }
