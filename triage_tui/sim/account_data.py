"""What the simulated account holds besides mentions, in the real service's shapes: an
alert's shares and tags, the alert itself (with its stats), and app data's vocabularies.

Deterministic like the mentions (sim/data.py): one `random.Random` and a fixed epoch.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from triage_tui.sim.data import EPOCH, SOURCES, TAG_NAMES, timestamp


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


#: A share's `weight` by role: the captured owner share has 100, the rest are guesses.
ROLE_WEIGHTS = {"admin": 100, "write": 50, "read": 10}


def share_json(share: dict[str, Any], level: str) -> dict[str, Any]:
    """A held share as the real service sends it (alert.json): the person under `account`,
    the level as `role`, and no `alert_id`. `level` is the user's own level on the alert:
    only an admin may edit or delete shares."""
    account_id = share.get("user_id") or f"invited_{share['id']}"
    email = str(share["email"])
    manage = level == "admin"
    return {
        "id": share["id"],
        "account": {"id": account_id, "name": email.split("@", 1)[0], "email": email},
        "role": share["permission"],
        "subscriber": False,
        "blocked": False,
        "permissions": {"edit": manage, "delete": manage},
        "created_at": share["created_at"],
        "last_seen_count": 0,
        "weight": ROLE_WEIGHTS.get(share["permission"], 0),
    }


def _count(n: int) -> dict[str, str]:
    return {"total": str(n)}  # the real service sends its counts as strings


def alert_stats(mentions: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """`stats` as the real service sends it, counted from the mentions held."""
    sources: Counter[str] = Counter()
    folders: Counter[str] = Counter({code: 0 for code in ("inbox", "archive", "spam", "trash")})
    unread = favorite = total = 0
    for m in mentions:
        total += 1
        sources[m["source_type"]] += 1
        folders[m["folder"]] += 1
        unread += not m["read"]
        favorite += bool(m["favorite"])
    return {
        "mention_sources": {"total": str(total), **{k: str(v) for k, v in sources.items()}},
        "mention_folders": {code: _count(n) for code, n in folders.items()},
        "unread_mentions": _count(unread),
        "unseen_mentions": _count(0),
        "favorite_mentions": _count(favorite),
        "tasks": _count(0),
        "todo_tasks": _count(0),
        "done_tasks": _count(0),
        "logs": _count(0),
    }


def alert_json(
    alert: dict[str, Any],
    mentions: Iterable[dict[str, Any]] = (),
    shares: Iterable[dict[str, Any]] | None = None,
    epoch: datetime = EPOCH,
) -> dict[str, Any]:
    """An alert as the real service sends it: a string id, the user's level as `role`,
    string counts in `stats`; with `shares` (GET one alert), the shares embedded.

    The real service was only seen sending `role: "admin"` (every alert of the capture is
    the token owner's); "write" and "read" are the simulator's guess for shared alerts,
    named after the share levels of seed 000.
    """
    level = alert["permission"]
    body: dict[str, Any] = {
        "id": str(alert["id"]),
        "name": alert["name"],
        "type": "custom",
        "query": {
            "type": "basic",
            "included_keywords": alert["keywords"],
            "required_keywords": [],
            "excluded_keywords": [],
        },
        "languages": ["en", "fr", "de"],
        "countries": [],
        "sources": list(SOURCES),
        "blocked_sites": [],
        "role": level,
        "stats": alert_stats(mentions),
        "created_at": timestamp(epoch - timedelta(days=120)),
        "updated_at": timestamp(epoch - timedelta(days=3)),
    }
    if shares is not None:
        body["shares"] = [share_json(s, level) for s in shares]
    return body


def app_data() -> dict[str, Any]:
    """The real service's vocabularies (app_data.json, copied from the capture), with
    "write" and "read" share roles added: the capture shows only `admin` ("Owner"), and
    the simulator's shared alerts need names for the other two (the simulator's own)."""
    raw = resources.files("triage_tui.sim").joinpath("app_data.json").read_text("utf-8")
    body: dict[str, Any] = json.loads(raw)
    body["alert_share_roles"] = {
        **body["alert_share_roles"],
        "write": {"name": "Write"},
        "read": {"name": "Read"},
    }
    return body
