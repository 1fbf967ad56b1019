"""Deterministic demo data: an account, three alerts, their mentions, tags and shares.

Everything comes from one `random.Random(seed)` and a fixed epoch, so the same seed gives
the same mentions (and the same screenshots). Offsets are computed for real, in characters
and in UTF-16 units, so texts with emoji before a keyword exercise the highlighter.
"""

from __future__ import annotations

import base64
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


#: Networks whose mentions carry no text of their own (the UI shows who posted where).
TEXTLESS = ("twitter", "facebook")
#: Web-like networks: a `_c` marker and `domain_reach` instead of the author's reach.
WEB_LIKE = ("web", "news", "blogs", "forums", "videos")
#: The `kind` a mention's author influence is named after in its graphQLID.
GRAPHQL_KINDS = {"twitter": "Twitter", "facebook": "Facebook"}

#: What each network lacks on the real service: these keys are absent, not null
#: (tests/api/fixtures/real/mentions.json, and the reference for facebook).
ABSENT = {
    "twitter": (
        "title",
        "description",
        "description_medium",
        "description_short",
        "source_name",
        "source_url",
        "picture_url",
    ),
    "facebook": (
        "title",
        "description",
        "description_medium",
        "description_short",
        "source_name",
        "source_url",
        "picture_url",
    ),
    "images": ("source_name", "country", "author_influence"),
}


def excerpt(text: str, limit: int) -> str:
    """The service's shortened descriptions: cut at a word and ended with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " \u2026"


def graphql_id(source: str, alert_id: int, author_id: str) -> str:
    """As the real service builds it: base64 of "<Kind>Influencer:<alert>_<author>"."""
    kind = GRAPHQL_KINDS.get(source, "Web")
    return base64.b64encode(f"{kind}Influencer:{alert_id}_{author_id}".encode()).decode()


class MentionFactory:
    """Makes mentions for one seed; ids increase with found time across all alerts."""

    def __init__(self, seed: int, epoch: datetime = EPOCH, count: int = 180) -> None:
        self.rng = random.Random(seed)
        self.next_id = 500_000_000
        self.epoch = epoch
        # Spread the initial mentions over the time before the epoch (about 210 s apart).
        self.clock = epoch - timedelta(seconds=210 * count)

    def make(self, alert: dict[str, Any], *, fresh: bool = False, **fields: Any) -> dict[str, Any]:
        """One mention in the real service's shape: keys a network lacks are left out.

        `fields` override (or add) keys after the network's absences are applied, so a
        test may give a tweet a title; `None` there is sent as null.
        """
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
        post_id = str(rng.randint(10**18, 10**19 - 1))  # the network's own id (tweets)
        if source == "twitter":
            url = f"{site_url}/{author}/status/{post_id}"
        elif source == "facebook":
            url = f"{site_url}/{author}/posts/{post_id[:15]}"
        else:
            url = f"{site_url}/story/{self.next_id}/{slug}"
        folder = rng.choices(["inbox", "archive", "spam", "trash"], [80, 12, 5, 3])[0]
        author_id = str(rng.randint(10**8, 10**9))
        mention: dict[str, Any] = {
            "id": str(self.next_id),
            "alert_id": alert["id"],
            "title": title,
            "description": body,
            "description_medium": excerpt(body, 120),
            "description_short": excerpt(body, 60),
            "original_url": url,
            "clickable_url": url,
            "displayable_url": url.split("://", 1)[1],
            "display_site": True,
            "unique_id": f"{source}:post/{post_id}" if source in TEXTLESS else url,
            "published_at": timestamp(published),
            "created_at": timestamp(found),
            "updated_at": timestamp(found),
            "country": rng.choice(["US", "GB", "FR", "DE", "XX"]),
            "favorite": rng.random() < 0.08,
            "folder": folder,
            "folder_set_by_user": folder != "inbox",
            "read": rng.random() < 0.35,
            "tone": rng.choice([-1, 0, 0, 1]),
            "tone_score": round(rng.uniform(-5, 5), 2),
            "relevance_score": 0,  # every captured mention has 0
            "source_type": source,
            "source_name": site_name,
            "source_url": site_url,
            "language_code": LANGS.get(index, "en"),
            "tasks": [],
            "logs": [],
            "children": {"children": [], "total": 0},
            "picture_url": f"{site_url}/img/{self.next_id}.jpg",
            "tags": [],
            "permissions": mention_rights(alert["permission"]),
            "author_influence": {
                "id": author_id,
                "alert_id": str(alert["id"]),  # a string here, a number on the mention
                "kind": source,
                "url": f"{site_url}/{author}",
                "name": author,
                "realname": author.replace("_", " ").replace(".", " ").title(),
                "score": rng.randint(1, 10),
                "followers_count": rng.randint(10, 90_000),
                "graphQLID": graphql_id(source, alert["id"], author_id),
            },
        }
        reach = rng.randint(10, 50_000)
        if source in WEB_LIKE:
            mention["_c"] = "r"
            mention["domain_reach"] = reach
        elif source in TEXTLESS:
            mention["direct_reach"] = reach
            mention["cumulative_reach"] = reach + rng.randint(0, 450_000)
            mention["source_gender"] = rng.choice(["male", "female", "brand"])
        if source == "twitter":
            user_id = str(rng.randint(10**9, 10**10))
            mention["metadata"] = {"twitter": {"id_str": post_id, "user": {"id_str": user_id}}}
        if mention["favorite"]:
            mention["read"] = True
        for key in ABSENT.get(source, ()):
            del mention[key]
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
        "create_task": curate,
        "share_email": True,
        "share_facebook": True,
        "share_buffer": True,
    }


#: The keys of a mention's `offsets`, as the real service sends them (every key, even for
#: a field the mention lacks: a tweet's `title` offsets are empty here).
OFFSET_KEYS = (
    "title",
    "description",
    "description_medium",
    "description_short",
    "url",
    "source_name",
    "source_url",
)


def offsets_for(mention: dict[str, Any], keywords: list[str]) -> dict[str, list[int]]:
    result: dict[str, list[int]] = {}
    for field in OFFSET_KEYS:
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
