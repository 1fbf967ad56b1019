"""The `/` filter language over the mentions held locally.

    is:unread source:twitter tone:neg tag:urgent lang:fr folder:inbox "exact phrase" -word

Terms are AND-ed; `-` negates any term; bare words and quoted phrases match the title or
the source/author (case-insensitive). Unknown `key:` terms are an error that names them.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from triage_tui.core.rows import FeedRow

Test = Callable[[FeedRow], bool]


class QueryError(ValueError):
    pass


SOURCES = {
    "tw": "twitter",
    "twitter": "twitter",
    "fb": "facebook",
    "facebook": "facebook",
    "insta": "images",
    "instagram": "images",
    "images": "images",
    "web": "web",
    "news": "news",
    "blog": "blogs",
    "blogs": "blogs",
    "forum": "forums",
    "forums": "forums",
    "video": "videos",
    "videos": "videos",
}
TONES = {"pos": 1, "positive": 1, "neu": 0, "neutral": 0, "neg": -1, "negative": -1}
FOLDERS = {
    "inbox": "inbox",
    "archive": "archive",
    "spam": "spam",
    "irrelevant": "spam",
    "trash": "trash",
}
IS: dict[str, Test] = {
    "unread": lambda r: not r.read,
    "read": lambda r: r.read,
    "fav": lambda r: r.favorite,
    "favorite": lambda r: r.favorite,
    "starred": lambda r: r.favorite,
    "trashed": lambda r: r.trashed,
}


@dataclass
class Query:
    text: str
    tests: list[Test] = field(default_factory=list)

    def matches(self, row: FeedRow) -> bool:
        return all(test(row) for test in self.tests)


def _term(key: str, value: str, tags: Mapping[str, set[int]]) -> Test:
    v = value.casefold()
    if key == "is":
        if v not in IS:
            raise QueryError(f"is:{value}: use one of {', '.join(IS)}")
        return IS[v]
    if key == "source":
        source = SOURCES.get(v, v)
        return lambda r: r.source_type == source
    if key == "tone":
        if v not in TONES:
            raise QueryError(f"tone:{value}: use pos, neu or neg")
        tone = TONES[v]
        return lambda r: r.tone == tone
    if key == "tag":
        ids = tags.get(v, set())
        return lambda r: any(t in ids for t in r.tag_ids)
    if key in ("lang", "language"):
        return lambda r: r.language.casefold() == v
    if key == "folder":
        if v not in FOLDERS:
            raise QueryError(f"folder:{value}: use inbox, archive, irrelevant or trash")
        folder = FOLDERS[v]
        return lambda r: r.folder == folder
    if key == "alert":
        if not v.isdigit():
            raise QueryError(f"alert:{value}: an alert id is a number")
        alert = int(v)
        return lambda r: r.alert_id == alert
    raise QueryError(f"unknown filter '{key}:' (try is: source: tone: tag: lang: folder:)")


def parse_query(text: str, tags: Mapping[str, set[int]] | None = None) -> Query:
    try:
        words = shlex.split(text, posix=True)
    except ValueError as error:
        raise QueryError(f"unbalanced quotes in {text!r}") from error
    query = Query(text)
    for word in words:
        negate = word.startswith("-") and len(word) > 1
        body = word[1:] if negate else word
        key, sep, value = body.partition(":")
        if sep and key.isalpha() and value:
            test = _term(key.casefold(), value, tags or {})
        else:
            needle = body.casefold()
            test = _text_test(needle)
        query.tests.append((lambda t: lambda r: not t(r))(test) if negate else test)
    return query


def _text_test(needle: str) -> Test:
    return lambda r: needle in r.title.casefold() or needle in r.who.casefold()
