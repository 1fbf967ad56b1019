"""The `/` filter language over the mentions held locally.

    is:unread source:twitter tone:neg tag:urgent lang:fr folder:inbox alert:"Acme Corp"
    "exact phrase" -word text:launch text:"big launch"

Terms are AND-ed; `-` negates any term; bare words and quoted phrases match the title or
the source/author, case-insensitively. `text:` searches the local store's full-text index
(title, description, author, URL: words, or a quoted phrase; case and accents ignored),
through `QueryNames.search`; without one (a rule, a config check) it tests the row's
title and source/author like a bare word. `key:"a value"` quotes a value with spaces. An
unknown `key:`, or a value that is none of the ones the key knows (a source, tone,
folder, `is:` state, tag or alert, or not a language code), is a `QueryError` whose
one-line message names the term and the values it takes.
Only double quotes quote, so a word like `don't` is just a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator, Mapping, Set
from dataclasses import dataclass, field, replace
from itertools import compress

from triage_tui.core.columns import Columns, ListColumns
from triage_tui.core.masks import Mask, mask_and, mask_from, mask_not, mask_or, ones
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
KEYS = ("is", "source", "tone", "tag", "lang", "folder", "alert", "text")
#: How each `is:` state is tested on a whole list: the field, and the values it keeps.
IS_FIELDS: dict[str, tuple[str, frozenset[bool]]] = {
    "unread": ("read", frozenset({False})),
    "read": ("read", frozenset({True})),
    "favorite": ("favorite", frozenset({True})),
    "trashed": ("trashed", frozenset({True})),
}


@dataclass(frozen=True)
class QueryNames:
    """The names a query may use, from the session: tag name -> ids (a name can be a tag
    of several alerts), alert name -> id, and the source types of the mentions held (the
    service may send one the app has no word for: `source:` accepts those too). Keys
    are case-folded."""

    tags: Mapping[str, set[int]] = field(default_factory=dict)
    alerts: Mapping[str, int] = field(default_factory=dict)
    sources: Set[str] = frozenset()
    #: The local store's full-text search (`Store.search_text`): a phrase -> the ids
    #: of the stored mentions holding it. None: `text:` tests the rows held.
    search: Callable[[str], Set[int]] | None = None


class _Memo(dict[str, bool]):
    """A test of a field's value, asked once per distinct value (`__missing__`), so a
    whole list is tested by dict lookups in C (`lang:` over a million rows)."""

    def __init__(self, test: Callable[[str], bool]) -> None:
        super().__init__()
        self._test = test

    def __contains__(self, value: object) -> bool:  # the `values` side of a Term
        return self[value]  # type: ignore[index]

    def __missing__(self, value: str) -> bool:
        self[value] = found = self._test(value)
        return found


@dataclass(frozen=True)
class Term:
    label: str  # for describe(): "unread", "from twitter", "containing “acme”"
    test: Test
    negate: bool = False
    # For a whole list at once (`select`): the test is "the row's `field` is in
    # `values`" (or, for `disjoint`, "shares no element with `values`"), run by
    # C-level map and compress instead of one Python call per row.
    field: str | None = None
    values: Container[object] | None = None
    disjoint: bool = False
    words: str | None = None  # a bare word: in the title or the source/author
    ids: Set[int] | None = None  # the test is "the row's id is one of `ids`" (`text:`)

    def matches(self, row: FeedRow) -> bool:
        return self.test(row) is not self.negate

    def mask(self, columns: Columns) -> Mask:
        """Whether this term keeps each of a list's rows (a byte each), from its columns
        (the feed model's, or `ListColumns`): a keyed term asks its test once per
        distinct value of its field, a bare word tests the titles and authors by map;
        a million rows in about a millisecond to tens of ms, where one Python call per
        row took ~1-2 s."""
        if self.ids is not None:
            hits = columns.with_ids(self.ids)
        elif self.field is not None and self.values is not None:
            if self.disjoint:
                values = self.values
                hits = columns.where(self.field, lambda v: not values.isdisjoint(v))  # type: ignore[attr-defined]
            else:
                hits = columns.where(self.field, self.values.__contains__)
        elif self.words is not None:
            # Kept by the feed model's columns, in step with its rows: the same word
            # again (the filter applied again, another view under it) tests no title.
            folded = self.words
            hits = columns.kept(
                ("words", folded), _WORD_FIELDS, self.test, lambda: _word_hits(folded, columns)
            )
        else:
            return mask_from(map(self.matches, columns.rows()))
        return mask_not(hits) if self.negate else hits

    def select(self, rows: list[FeedRow]) -> list[FeedRow]:
        """The rows this term keeps, in order: `[r for r in rows if self.matches(r)]`."""
        return list(compress(rows, self.mask(ListColumns(rows))))


@dataclass
class Query:
    text: str
    terms: list[Term] = field(default_factory=list)

    def matches(self, row: FeedRow) -> bool:
        return all(term.matches(row) for term in self.terms)

    def mask(self, columns: Columns) -> Mask:
        """`Term.mask` of every term, AND-ed (the feed model builds a view from this)."""
        if not self.terms:
            return ones(len(columns.rows()))
        mask = self.terms[0].mask(columns)
        for term in self.terms[1:]:
            mask = mask_and(mask, term.mask(columns))
        return mask

    def select(self, rows: list[FeedRow]) -> list[FeedRow]:
        """The rows the query keeps, in order (what `matches` keeps, faster)."""
        return list(compress(rows, self.mask(ListColumns(rows))))

    def describe(self) -> str:
        """The query in words, for the status line: "unread and not from twitter"."""
        if not self.terms:
            return "all mentions"
        return " and ".join(("not " if t.negate else "") + t.label for t in self.terms)


def _keyed(key: str, value: str, raw: str, names: QueryNames) -> Term:
    tags = names.tags
    v = value.casefold()
    if key not in KEYS:
        raise QueryError(f"unknown filter '{raw}' (use {' '.join(k + ':' for k in KEYS)})")
    if not v:
        raise QueryError(f"'{raw}' needs a value, for example {key}:{_EXAMPLES[key]}")
    if key == "is":
        if v not in IS:
            raise QueryError(f"is:{_short(value)}: use one of {', '.join(IS)}")
        label, test = IS[v]
        name, values = IS_FIELDS[label]
        return Term(label, test, field=name, values=values)
    if key == "source":
        if v not in SOURCES and v not in names.sources:
            seen = sorted(names.sources - set(SOURCES.values()))
            more = f", {', '.join(seen[:6])}" if seen else ""
            raise QueryError(f"source:{_short(value)}: unknown source (use {SOURCE_WORDS}{more})")
        source = SOURCES.get(v, v)
        return Term(
            f"from {source}",
            lambda r: r.source_type == source,
            field="source_type",
            values=frozenset({source}),
        )
    if key == "tone":
        if v not in TONES:
            raise QueryError(f"tone:{_short(value)}: use pos, neu or neg (or positive, ...)")
        tone = TONES[v]
        return Term(
            TONE_NAMES[tone], lambda r: r.tone == tone, field="tone", values=frozenset({tone})
        )
    if key == "tag":
        if tags and v not in tags:
            known = ", ".join(sorted(tags)[:8])
            raise QueryError(f"tag:{_short(value)}: no such tag (tags: {known})")
        ids = frozenset(tags.get(v, ()))
        return Term(
            f"tagged {value}",
            lambda r: not ids.isdisjoint(r.tag_ids),
            field="tag_ids",
            values=ids,
            disjoint=True,
        )
    if key == "lang":
        if not LANG.fullmatch(v):
            raise QueryError(f"lang:{_short(value)}: use a language code, such as en, fr or pt-BR")

        def in_lang(code: str) -> bool:
            return _lang(code) == v or code.casefold() == v

        return Term(
            f"in {v}", lambda r: in_lang(r.language), field="language", values=_Memo(in_lang)
        )
    if key == "folder":
        if v not in FOLDERS:
            raise QueryError(
                f"folder:{_short(value)}: use inbox, archive, irrelevant, spam or trash"
            )
        folder = FOLDERS[v]
        return Term(
            f"in {v}", lambda r: r.folder == folder, field="folder", values=frozenset({folder})
        )
    if key == "text":
        return _full_text(value, names.search)
    return _alert(value, names.alerts)


def _full_text(value: str, search: Callable[[str], Set[int]] | None) -> Term:
    """`text:word`, `text:"a phrase"`: the ids the store's full-text index answers (at
    the time the filter is applied: a mention stored later shows once it is applied
    again). Without a store, the rows' own title and source/author."""
    label = f"with text “{value}”"
    if search is None:
        return _text(value, label)
    ids = search(value)  # a new set, this term's alone: not copied (~126,000 ids at 1M)
    return Term(label, lambda r: r.id in ids, ids=ids)


def _short(value: str) -> str:
    """What the user typed, short enough to leave the rest of the message on screen."""
    return value if len(value) <= 30 else value[:29] + "…"


def _alert(value: str, alerts: Mapping[str, int]) -> Term:
    """`alert:112233` or `alert:"Acme Corp"` (a name, case-insensitive). Once the alerts
    are known, an id or a name that is none of them is an error."""
    v = value.casefold()
    known = ", ".join(f'"{name}"' for name in sorted(alerts)[:6])
    hint = f" (alerts: {known})" if known else ""
    if v.isascii() and v.isdigit():
        alert = int(v)
        if alerts and alert not in alerts.values():
            raise QueryError(f"alert:{_short(value)}: no alert of that name or id{hint}")
        return Term(
            f"of alert {alert}",
            lambda r: r.alert_id == alert,
            field="alert_id",
            values=frozenset({alert}),
        )
    if v not in alerts:
        raise QueryError(f"alert:{_short(value)}: no alert of that name or id{hint}")
    found = alerts[v]
    return Term(
        f"of alert {value}",
        lambda r: r.alert_id == found,
        field="alert_id",
        values=frozenset({found}),
    )


_EXAMPLES = {
    "is": "unread",
    "source": "twitter",
    "tone": "neg",
    "tag": "urgent",
    "lang": "fr",
    "folder": "inbox",
    "alert": "123",
    "text": "launch",
}
_ALIASES = {"language": "lang", "from": "source", "in": "folder"}


def _lang(code: str) -> str:
    # "fr-FR" and "fr_CA" are French for `lang:fr`.
    return code.casefold().replace("_", "-").split("-", 1)[0]


#: What a bare word's test reads of a row (a kept mask tests a row again when they change).
_WORD_FIELDS = frozenset({"title", "who"})


def _word_hits(folded: str, columns: Columns) -> Mask:
    """The rows whose title or source/author holds `folded` (a case-folded word), as a
    mask. The titles are the columns' to search (the feed model's through its index,
    core/title_index.py); the source/author is tested once per distinct value (a site
    or author writes many mentions: the column shares its strings), then looked up per
    row in C (0.07 -> 0.02 s at 1,000,000)."""
    who = _Memo(lambda value: folded in value.casefold())
    return mask_or(columns.titles_holding(folded), columns.where("who", who.__getitem__))


def _text(needle: str, label: str | None = None) -> Term:
    folded = needle.casefold()
    return Term(
        label or f"containing “{needle}”",
        lambda r: folded in r.title.casefold() or folded in r.who.casefold(),
        words=folded,
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
        search=names.search,
    )
    query = Query(text)
    try:
        for negate, key, value, raw in _tokens(text):
            if key is None:
                if not value:
                    continue  # "" matches everything: no term
                term = _text(value)
            else:
                key = _ALIASES.get(key, key)
                if key == "text" and value and not value.strip():
                    continue  # text:"" matches everything, like ""
                term = _keyed(key, value, raw, names)
            query.terms.append(replace(term, negate=negate))
    except QueryError as error:
        # The message quotes what the user typed: make it safe and short to draw.
        message = one_line(str(error))
        raise QueryError(message if len(message) <= 160 else message[:159] + "…") from None
    return query
