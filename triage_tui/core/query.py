"""The `/` filter language over the mentions held locally.

    is:unread source:twitter tone:neg tag:urgent lang:fr folder:inbox alert:"Acme Corp"
    "exact phrase" -word

Terms are AND-ed; `-` negates any term; bare words and quoted phrases match the title or
the source/author, case-insensitively. `key:"a value"` quotes a value with spaces. An
unknown `key:`, or a value that is none of the ones the key knows (a source, tone,
folder, `is:` state, tag or alert, or not a language code), is a `QueryError` whose
one-line message names the term and the values it takes.
Only double quotes quote, so a word like `don't` is just a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass, field

from triage_tui.core.rows import FeedRow
from triage_tui.core.sanitize import one_line

Test = Callable[[FeedRow], bool]


class QueryError(ValueError):
    """A query that cannot be understood; the message is one line and names the term."""


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
#: What `source:` names in the error: each source type with the words that mean it.
SOURCE_WORDS = "web, news, blogs, forums, videos, twitter (tw), facebook (fb), images (instagram)"
LANG = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*")
TONES = {"pos": 1, "positive": 1, "neu": 0, "neutral": 0, "neg": -1, "negative": -1}
TONE_NAMES = {1: "positive", 0: "neutral", -1: "negative"}
FOLDERS = {
    "inbox": "inbox",
    "archive": "archive",
    "spam": "spam",
    "irrelevant": "spam",  # the app calls the spam folder "irrelevant"
    "trash": "trash",
}
IS: dict[str, tuple[str, Test]] = {
    "unread": ("unread", lambda r: not r.read),
    "read": ("read", lambda r: r.read),
    "fav": ("favorite", lambda r: r.favorite),
    "favorite": ("favorite", lambda r: r.favorite),
    "starred": ("favorite", lambda r: r.favorite),
    "trashed": ("trashed", lambda r: r.trashed),
}
KEYS = ("is", "source", "tone", "tag", "lang", "folder", "alert")


@dataclass(frozen=True)
class QueryNames:
    """The names a query may use, from the session: tag name -> ids (a name can be a tag
    of several alerts), alert name -> id, and the source types of the mentions held (the
    service may send one the app has no word for: `source:` accepts those too). Keys
    are case-folded."""

    tags: Mapping[str, set[int]] = field(default_factory=dict)
    alerts: Mapping[str, int] = field(default_factory=dict)
    sources: Set[str] = frozenset()


@dataclass(frozen=True)
class Term:
    label: str  # for describe(): "unread", "from twitter", "containing “acme”"
    test: Test
    negate: bool = False

    def matches(self, row: FeedRow) -> bool:
        return self.test(row) is not self.negate


@dataclass
class Query:
    text: str
    terms: list[Term] = field(default_factory=list)

    def matches(self, row: FeedRow) -> bool:
        return all(term.matches(row) for term in self.terms)

    def describe(self) -> str:
        """The query in words, for the status line: "unread and not from twitter"."""
        if not self.terms:
            return "all mentions"
        return " and ".join(("not " if t.negate else "") + t.label for t in self.terms)


def _keyed(key: str, value: str, raw: str, names: QueryNames) -> tuple[str, Test]:
    tags = names.tags
    v = value.casefold()
    if key not in KEYS:
        raise QueryError(f"unknown filter '{raw}' (use {' '.join(k + ':' for k in KEYS)})")
    if not v:
        raise QueryError(f"'{raw}' needs a value, for example {key}:{_EXAMPLES[key]}")
    if key == "is":
        if v not in IS:
            raise QueryError(f"is:{_short(value)}: use one of {', '.join(IS)}")
        return IS[v]
    if key == "source":
        if v not in SOURCES and v not in names.sources:
            seen = sorted(names.sources - set(SOURCES.values()))
            more = f", {', '.join(seen[:6])}" if seen else ""
            raise QueryError(f"source:{_short(value)}: unknown source (use {SOURCE_WORDS}{more})")
        source = SOURCES.get(v, v)
        return f"from {source}", lambda r: r.source_type == source
    if key == "tone":
        if v not in TONES:
            raise QueryError(f"tone:{_short(value)}: use pos, neu or neg (or positive, ...)")
        tone = TONES[v]
        return TONE_NAMES[tone], lambda r: r.tone == tone
    if key == "tag":
        if tags and v not in tags:
            known = ", ".join(sorted(tags)[:8])
            raise QueryError(f"tag:{_short(value)}: no such tag (tags: {known})")
        ids = frozenset(tags.get(v, ()))
        return f"tagged {value}", lambda r: not ids.isdisjoint(r.tag_ids)
    if key == "lang":
        if not LANG.fullmatch(v):
            raise QueryError(f"lang:{_short(value)}: use a language code, such as en, fr or pt-BR")
        return f"in {v}", lambda r: _lang(r.language) == v or r.language.casefold() == v
    if key == "folder":
        if v not in FOLDERS:
            raise QueryError(
                f"folder:{_short(value)}: use inbox, archive, irrelevant, spam or trash"
            )
        folder = FOLDERS[v]
        return f"in {v}", lambda r: r.folder == folder
    return _alert(value, names.alerts)


def _short(value: str) -> str:
    """What the user typed, short enough to leave the rest of the message on screen."""
    return value if len(value) <= 30 else value[:29] + "…"


def _alert(value: str, alerts: Mapping[str, int]) -> tuple[str, Test]:
    """`alert:112233` or `alert:"Acme Corp"` (a name, case-insensitive). Once the alerts
    are known, an id or a name that is none of them is an error."""
    v = value.casefold()
    known = ", ".join(f'"{name}"' for name in sorted(alerts)[:6])
    hint = f" (alerts: {known})" if known else ""
    if v.isascii() and v.isdigit():
        alert = int(v)
        if alerts and alert not in alerts.values():
            raise QueryError(f"alert:{_short(value)}: no alert of that name or id{hint}")
        return f"of alert {alert}", lambda r: r.alert_id == alert
    if v not in alerts:
        raise QueryError(f"alert:{_short(value)}: no alert of that name or id{hint}")
    found = alerts[v]
    return f"of alert {value}", lambda r: r.alert_id == found


_EXAMPLES = {
    "is": "unread",
    "source": "twitter",
    "tone": "neg",
    "tag": "urgent",
    "lang": "fr",
    "folder": "inbox",
    "alert": "123",
}
_ALIASES = {"language": "lang", "from": "source", "in": "folder"}


def _lang(code: str) -> str:
    # "fr-FR" and "fr_CA" are French for `lang:fr`.
    return code.casefold().replace("_", "-").split("-", 1)[0]


def _text(needle: str) -> tuple[str, Test]:
    folded = needle.casefold()
    return (
        f"containing “{needle}”",
        lambda r: folded in r.title.casefold() or folded in r.who.casefold(),
    )


def _closing_quote(text: str, start: int, raw_start: int) -> int:
    end = text.find('"', start)
    if end < 0:
        raise QueryError(f'unclosed quote in {text[raw_start:][:40]!r}: add a closing "')
    return end


def _tokens(text: str) -> Iterator[tuple[bool, str | None, str, str]]:
    """(negated, key or None, value, raw term) for each term of `text`."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        negate = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        if negate:
            i += 1
        if text[i] == '"':
            end = _closing_quote(text, i + 1, start)
            yield negate, None, text[i + 1 : end], text[start : end + 1]
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        word = text[i:j]
        key, sep, value = word.partition(":")
        keyed = bool(sep) and key.isascii() and key.isalpha()
        if keyed and not value and j < n and text[j] == '"':  # key:"quoted value"
            end = _closing_quote(text, j + 1, start)
            value, j = text[j + 1 : end], end + 1
        raw = text[i:j]
        i = j
        if keyed:
            yield negate, key.casefold(), value, raw
        elif word:
            yield negate, None, word, raw


def parse_query(text: str, names: QueryNames | Mapping[str, set[int]] | None = None) -> Query:
    """Parse `text`; raises only `QueryError`. `names`: the tags and alerts a query may
    name (a plain mapping is tag names); names match case-insensitively."""
    if not isinstance(names, QueryNames):
        names = QueryNames(tags=names or {})
    names = QueryNames(
        tags={name.casefold(): set(ids) for name, ids in names.tags.items()},
        alerts={name.casefold(): alert for name, alert in names.alerts.items()},
        sources=frozenset(source.casefold() for source in names.sources),
    )
    query = Query(text)
    try:
        for negate, key, value, raw in _tokens(text):
            if key is None:
                if not value:
                    continue  # "" matches everything: no term
                label, test = _text(value)
            else:
                key = _ALIASES.get(key, key)
                label, test = _keyed(key, value, raw, names)
            query.terms.append(Term(label, test, negate))
    except QueryError as error:
        # The message quotes what the user typed: make it safe and short to draw.
        message = one_line(str(error))
        raise QueryError(message if len(message) <= 160 else message[:159] + "…") from None
    return query
