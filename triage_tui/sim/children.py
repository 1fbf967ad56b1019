"""A mention's children (comments and replies), made the same way every time for the same
parent, and inlined in the parent as the real service sends the first few."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from triage_tui.sim.data import TEXTLESS, offsets_for, timestamp


def make_children(parent: dict[str, Any], total: int | None = None) -> list[dict[str, Any]]:
    """The same children for the same parent every time: found after it, newest first.

    Each child is a mention of its own (unread, in the inbox), so the ones inlined in the
    parent and the ones the children endpoint pages through are the same.
    """
    if total is None:
        total = (parent.get("children") or {}).get("total", 0)
    rng = random.Random(int(parent["id"]))
    found = found_at(parent)
    textless = parent.get("source_type") in TEXTLESS
    kids = []
    for n in range(total):
        kid = {k: v for k, v in parent.items() if k not in ("title", "_links")}
        when = timestamp(found + timedelta(minutes=total - n))
        kid_id = str(int(parent["id"]) * 10 + n + 1)
        url = f"{parent.get('original_url') or ''}#reply-{n + 1}"
        kid.update(
            id=kid_id,
            parent_id=parent["id"],
            original_url=url,
            clickable_url=url,
            displayable_url=url.split("://", 1)[-1],
            unique_id=url,
            children={"children": [], "total": 0},
            created_at=when,
            updated_at=when,
            favorite=False,
            read=False,
            folder="inbox",
            folder_set_by_user=False,
            tags=[],
            tasks=[],
            logs=[],
        )
        if isinstance(parent.get("metadata"), dict) and "twitter" in parent["metadata"]:
            tweet = parent["metadata"]["twitter"]  # a retweet is a tweet of its own
            kid["metadata"] = {"twitter": {**tweet, "id_str": f"{tweet['id_str']}{n + 1}"}}
        reply = f"Reply {n + 1}: " + rng.choice(["agreed", "not so sure", "source?"])
        if not textless:  # a reply to a tweet has no text either
            kid.update(
                description=reply,
                description_medium=reply,
                description_short=reply,
            )
        kid["offsets"] = offsets_for(kid, [])
        kids.append(kid)
    return kids


#: How many children the real service inlines in their parent (the rest: the endpoint).
INLINE_CHILDREN = 3


def with_children(mention: dict[str, Any], total: int) -> dict[str, Any]:
    """`children` as the real service sends it: the first few inline, and the total."""
    mention["children"] = {"children": [], "total": total}
    mention["children"]["children"] = make_children(mention, total)[:INLINE_CHILDREN]
    return mention


def found_at(mention: dict[str, Any]) -> datetime:
    """When the service found the mention (its list order, with the id)."""
    try:
        moment = datetime.fromisoformat(str(mention.get("created_at")))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
