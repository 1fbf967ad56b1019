"""The documented filters of the list-mentions and children endpoints."""

from __future__ import annotations

from typing import TypedDict


class MentionFilters(TypedDict, total=False):
    limit: int  # default 20, at most 1000
    before_date: str
    not_before_date: str  # only together with before_date
    since_id: int | str  # newer than this id, ordered by id; not with dates or cursor
    cursor: str
    folder: str  # inbox / archive / spam / trash
    unread: bool  # not with favorite, q or tone
    favorite: bool
    tone: int  # -1 / 0 / 1
    countries: list[str]
    languages: list[str]
    include_children: bool
    source: str
    sort: str
    q: str


class ChildrenFilters(TypedDict, total=False):
    limit: int
    before_date: str
