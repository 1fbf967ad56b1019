"""Mentions the service sends without text (tweets, Facebook posts and their replies):
what the feed and the detail pane show instead. No pydantic here: the detail pane
imports it before the first frame, and the models load after it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from triage_tui.api.models import Mention
    from triage_tui.api.summary import MentionSummary


def has_text(m: Mention | MentionSummary) -> bool:
    return bool(m.title or m.description_short or m.description)


def posted_by(m: Mention | MentionSummary) -> str:
    """Who posted a mention and where, for one that has no text: "SneakerDealsUSA on
    twitter.com/SneakerDealsUSA/status/1075…". Sanitized, one line."""
    author = m.author_influence
    who = (author.realname or author.name) if author else None
    where = m.displayable_url or m.original_url or ""
    return one_line(f"{who} on {where}" if who else where or "(no text)")
