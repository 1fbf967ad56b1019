"""Mentions into feed rows and sanitized copies; the service's curation rules, locally."""

from __future__ import annotations

import dataclasses
import gc
import json
from collections.abc import Callable, Container, Iterable, Sequence
from operator import attrgetter
from typing import Any

from pydantic import BaseModel

from triage_tui.api.models import CURATE_FIELDS, Mention
from triage_tui.api.summary import MentionSummary
from triage_tui.core.no_text import posted_by
from triage_tui.core.rows import FeedRow
from triage_tui.core.sanitize import one_line, sanitize


def _host(url: str | None) -> str:
    if not url:
        return ""
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0]


def to_row(m: Mention | MentionSummary) -> FeedRow:
    author = m.author_influence
    who = m.source_name or (author.name or author.realname if author else None)
    title = m.title or m.description_short or m.description or posted_by(m)
    if isinstance(m, MentionSummary):
        found_ns = m.first_seen_ns()
    else:
        found_ns = m.created_at.ns if m.created_at is not None else 0
    published_ns = m.published_at.ns if m.published_at is not None else found_ns
    return FeedRow(
        id=int(m.id),
        alert_id=m.alert_id,
        published_ns=published_ns,
        source_type=one_line(m.source_type)[:12],
        who=one_line(who or _host(m.displayable_url or m.original_url))[:80],
        title=one_line(title)[:300],
        read=m.read,
        favorite=m.favorite,
        trashed=m.trashed or m.folder == "trash",  # the real service sends only the folder
        tone=m.tone,
        folder=one_line(m.folder),
        tag_ids=tuple(t.id for t in m.tags if t.id is not None),
        children_count=m.children_total,
        language=one_line(m.language_code or "")[:8],
        found_ns=found_ns,
    )


#: Between a packed row's fields: a C0 control, which the sanitizer has replaced in every
#: string of a row (`one_line`), so no field can contain it.
FIELD_SEPARATOR = "\x1f"
#: A packed row's fields: 15 since found_ns; 14 in caches written before it (read with
#: found_ns = published_ns, the best guess they hold).
_FIELDS = 15
_OLD_FIELDS = 14


def pack_row(row: FeedRow) -> str:
    """A row as one line of text, stored next to the mention: a start from a large cache
    builds rows from these without parsing every mention. Fields joined by
    FIELD_SEPARATOR (3x faster to write than the JSON array it replaced, 2x to read; one
    per mention of a replay)."""
    return FIELD_SEPARATOR.join(
        (
            "1" if row.read else "",  # first: the store's mark-all-read rewrites it in SQL
            str(row.id),
            str(row.alert_id),
            str(row.published_ns),
            row.source_type,
            row.who,
            row.title,
            "1" if row.favorite else "",
            "1" if row.trashed else "",
            str(row.tone),
            row.folder,
            ",".join(map(str, row.tag_ids)),
            str(row.children_count),
            row.language,
            str(row.found_ns),
        )
    )


def saved_copy(mention: Mention, row: FeedRow | None = None) -> tuple[int, int, str, str]:
    """What the store keeps of a mention: its JSON and its packed row."""
    row = row or to_row(mention)
    return (row.id, row.alert_id, mention.model_dump_json(by_alias=True), pack_row(row))


def unpack_row(text: str) -> FeedRow:
    """The inverse of `pack_row` (its strings were sanitized before packing). Also reads
    the JSON array that caches written before it hold. Raises ValueError if `text` is
    neither."""
    if text.startswith("["):
        v = json.loads(text)
        row = FeedRow(*[*v[:11], tuple(v[11]), *v[12:14]])
        row.found_ns = row.published_ns  # as a 14-field row's
        return row
    v = text.split(FIELD_SEPARATOR)
    if len(v) == _OLD_FIELDS:
        v.append(v[3])  # found_ns: published_ns
    elif len(v) != _FIELDS:
        raise ValueError(f"a packed row has {_FIELDS} (or {_OLD_FIELDS}) fields, not {len(v)}")
    return FeedRow(  # positional, in FeedRow's order: a start reads 100,000 of these
        int(v[1]),  # id
        int(v[2]),  # alert_id
        int(v[3]),  # published_ns
        v[4],  # source_type
        v[5],  # who
        v[6],  # title
        v[0] == "1",  # read
        v[7] == "1",  # favorite
        v[8] == "1",  # trashed
        int(v[9]),  # tone
        v[10],  # folder
        tuple(int(t) for t in v[11].split(",")) if v[11] else (),  # tag_ids
        int(v[12]),  # children_count
        v[13],  # language
        0,  # version
        int(v[14]),  # found_ns
    )


def unpack_rows(
    parts: Iterable[Iterable[tuple[int, int, str | None, str | None]]],
    alerts: Container[int],
    held: Container[int],
    fallback: Callable[[int, str | None, str | None], FeedRow | None],
) -> list[FeedRow]:
    """The rows of a start's cached mentions (`Store.iter_cached_rows`), in the order
    stored: those of `alerts` whose id is not `held` already. A packed row is read here, inline (a
    million of them: the per-row call, the id and alert re-parsed from text, and one
    string per row for each repeated value cost ~8 s and ~200 MB more); anything else
    (an old JSON-array row, none, a damaged one) goes to `fallback(id, packed, json)`.

    Repeated values are shared, not copied per row: source type, folder, language,
    who (a site or author writes many mentions) and the alert id."""
    # Every row is a new tracked object: a million of them set off the cycle collector's
    # passes over the whole, growing heap (a start at 1,000,000 took ~30% longer). None
    # of them is garbage; the app freezes them once they are shown.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _unpack_rows(parts, alerts, held, fallback)
    finally:
        if collecting:
            gc.enable()


def unpack_fields(
    parts: Iterable[Iterable[tuple[int, int, str | None, str | None]]],
    alerts: Container[int],
    held: Container[int],
    fallback: Callable[[int, str | None, str | None], FeedRow | None],
) -> list[tuple[Any, ...]]:
    """`unpack_rows`, each row as a tuple of its fields in FeedRow's order (for the
    feed's columns: core/row_table.py `Batch.of_fields`), not an object."""

    def fields_of(mention_id: int, packed: str | None, raw: str | None) -> Any:
        row = fallback(mention_id, packed, raw)
        return None if row is None else ROW_VALUES(row)

    collecting = gc.isenabled()
    gc.disable()
    try:
        return _unpack_rows(parts, alerts, held, fields_of, _fields)
    finally:
        if collecting:
            gc.enable()


def _fields(*values: Any) -> tuple[Any, ...]:
    return values


#: A row's fields as a tuple, in FeedRow's order.
ROW_VALUES = attrgetter(*(f.name for f in dataclasses.fields(FeedRow)))


def _unpack_rows(
    parts: Iterable[Iterable[tuple[int, int, str | None, str | None]]],
    alerts: Container[int],
    held: Container[int],
    fallback: Callable[[int, str | None, str | None], Any],
    row: Callable[..., Any] = FeedRow,
) -> list[Any]:
    shared: dict[Any, Any] = {}
    common = shared.setdefault
    rows: list[Any] = []
    append = rows.append
    separator, fields, old_fields = FIELD_SEPARATOR, _FIELDS, _OLD_FIELDS
    alert = None
    for part in parts:
        for mention_id, alert_id, packed, raw in part:
            if alert_id not in alerts or mention_id in held:
                continue
            if alert_id != alert:  # the store hands them alert by alert: one int each
                alert = common(alert_id, alert_id)
            v: Sequence[str] = packed.split(separator) if packed else ()
            count = len(v)
            if count != fields and count != old_fields:
                made = fallback(mention_id, packed, raw)
                if made is not None:
                    append(made)
                continue
            try:
                published = int(v[3])
                append(
                    row(
                        mention_id,
                        alert,
                        published,  # published_ns
                        common(v[4], v[4]),  # source_type
                        common(v[5], v[5]),  # who
                        v[6],  # title
                        v[0] == "1",  # read
                        v[7] == "1",  # favorite
                        v[8] == "1",  # trashed
                        int(v[9]),  # tone
                        common(v[10], v[10]),  # folder
                        tuple(map(int, v[11].split(","))) if v[11] else (),  # tag_ids
                        int(v[12]),  # children_count
                        common(v[13], v[13]),  # language
                        0,  # version
                        # found_ns; a cache from before it: published_ns
                        int(v[14]) if count == fields else published,
                    )
                )
            except ValueError:
                made = fallback(mention_id, packed, raw)
                if made is not None:
                    append(made)
    return rows


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, BaseModel):
        return type(value).model_construct(
            **{k: _clean(getattr(value, k)) for k in type(value).model_fields},
            **{k: _clean(v) for k, v in (value.model_extra or {}).items()},
        )
    if isinstance(value, dict):
        return {sanitize(str(k)): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def sanitize_mention(m: Mention) -> Mention:
    """A copy with every string, however deep, through the sanitizer (lengths unchanged)."""
    return _clean(m)


#: The FeedRow attributes that curation changes: CURATE_FIELDS by the row's names.
CURATED_ROW_FIELDS: tuple[str, ...] = tuple(
    "tag_ids" if name == "tags" else name for name in CURATE_FIELDS
)


def curated_state(row: FeedRow) -> tuple[Any, ...]:
    """What curation may have changed on `row`, to compare two rows by."""
    return tuple(getattr(row, name) for name in CURATED_ROW_FIELDS)


def curated_values(row: FeedRow, change: dict[str, Any]) -> dict[str, Any]:
    """The row's curated fields once `change` (a request body) is applied, for the feed
    model's `change`, which is how the rows held are changed."""
    copy = dataclasses.replace(row)
    apply_change(copy, change)
    return {name: getattr(copy, name) for name in CURATED_ROW_FIELDS}


def apply_change(row: FeedRow, change: dict[str, Any]) -> None:
    """The service's rules, applied locally: favorite marks read; trash and folder move
    together."""
    if "read" in change:
        row.read = bool(change["read"])
    if "favorite" in change:
        row.favorite = bool(change["favorite"])
        if row.favorite:
            row.read = True
    if "tone" in change:
        row.tone = int(change["tone"])
    if "tags" in change:
        row.tag_ids = tuple(change["tags"])
    if "folder" in change:
        row.folder = change["folder"]
        row.trashed = change["folder"] == "trash"
    if "trashed" in change:
        row.trashed = bool(change["trashed"])
        if row.trashed:
            row.folder = "trash"
        elif row.folder == "trash":
            row.folder = change.get("folder", "inbox")
    row.version += 1


def row_values(row: FeedRow, fields: Any) -> dict[str, Any]:
    """The row's current values of `fields`, in the request's terms (for undo)."""
    out: dict[str, Any] = {}
    for name in fields:
        if name == "tags":
            out["tags"] = list(row.tag_ids)
        elif name in ("trashed", "folder"):
            out["folder"] = row.folder
            out["trashed"] = row.trashed
        elif name == "favorite":
            out["favorite"] = row.favorite
            out.setdefault("read", row.read)  # favoriting also marked it read
        else:
            out[name] = getattr(row, name)
    return out
