"""`mention-triage export`: an alert's mentions as CSV, JSON or NDJSON, page by page.

Data goes out raw to a file or a pipe (it is data, not something drawn); only when
stdout is a terminal is every string sanitized, so nothing in a mention can drive it.
A file is written next to its final name and renamed at the end, so a failed export
never leaves a half file where a complete one is expected.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from triage_tui.api.errors import NotFoundError
from triage_tui.commands import (
    COMMANDS,
    FAILED,
    OK,
    UsageError,
    account_for,
    client_for,
    config_for,
    error,
)
from triage_tui.commands.output import clean_strings, json_line, utf8_safe
from triage_tui.core.sanitize import sanitize

FORMATS = ("csv", "json", "ndjson")
TONES = {"pos": 1, "positive": 1, "1": 1, "neu": 0, "neutral": 0, "0": 0}
TONES |= {"neg": -1, "negative": -1, "-1": -1}
FOLDERS = ("inbox", "archive", "spam", "trash")
CSV_FIELDS = (
    "id",
    "alert_id",
    "published_at",
    "source_type",
    "source_name",
    "title",
    "description",
    "original_url",
    "language_code",
    "country",
    "tone",
    "folder",
    "read",
    "favorite",
    "trashed",
    "tags",
    "direct_reach",
    "cumulative_reach",
)
PAGE = 100

if TYPE_CHECKING:
    from triage_tui.api.models import Mention
    from triage_tui.api.sync_client import MentionClient


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "export",
        parents=parents,
        help=COMMANDS["export"][1],
        description="Write an alert's mentions (newest first) as CSV, JSON or NDJSON.",
    )
    parser.add_argument("--alert", type=int, required=True, metavar="ID", help="alert id")
    parser.add_argument("--format", choices=FORMATS, default="ndjson", help="default ndjson")
    parser.add_argument("--folder", choices=FOLDERS, help="only this folder")
    parser.add_argument("--unread", action="store_true", help="only unread mentions")
    parser.add_argument("--favorite", action="store_true", help="only favorites")
    parser.add_argument("--tone", help="pos, neu or neg")
    parser.add_argument("--since-id", type=int, metavar="ID", help="only mentions newer than ID")
    parser.add_argument("--limit", type=int, metavar="N", help="at most N mentions")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="default stdout")
    parser.set_defaults(run=run)


def _filters(args: argparse.Namespace) -> tuple[dict[str, Any], bool]:
    """The API filters, and whether unread must be checked here instead.

    The service refuses `unread` together with `favorite` or `tone`, so then it is
    applied locally.
    """
    filters: dict[str, Any] = {}
    if args.folder:
        filters["folder"] = args.folder
    if args.favorite:
        filters["favorite"] = True
    if args.tone is not None:
        if args.tone.lower() not in TONES:
            raise UsageError(f"--tone {args.tone}: use pos, neu or neg")
        filters["tone"] = TONES[args.tone.lower()]
    if args.since_id is not None:
        filters["since_id"] = args.since_id
    local_unread = args.unread and ("favorite" in filters or "tone" in filters)
    if args.unread and not local_unread:
        filters["unread"] = True
    return filters, local_unread


def _mentions(client: MentionClient, account: str, args: argparse.Namespace) -> Iterator[Mention]:
    filters, local_unread = _filters(args)
    page = min(PAGE, args.limit) if args.limit else PAGE
    count = 0
    for mention in client.iter_mentions(account, args.alert, limit=page, **filters):
        if local_unread and mention.read:
            continue
        count += 1
        yield mention
        if args.limit is not None and count >= args.limit:
            return  # before asking for another page


def _first_page_read(mentions: Iterator[Mention]) -> Iterator[Mention]:
    """`mentions`, once their first page has been asked for: an unknown alert, a refused
    token or a filter the service refuses fails here, before a header, a `[` or a file
    is written, so a script never reads a half export as an empty one."""
    try:
        first = next(mentions)
    except StopIteration:
        return iter(())
    return itertools.chain((first,), mentions)


def _record(mention: Mention) -> dict[str, Any]:
    return mention.model_dump(mode="json", by_alias=True)


def _csv_row(mention: Mention, terminal: bool) -> list[str]:
    data = _record(mention)
    data["tags"] = ";".join(str(t.get("name") or t.get("id")) for t in data.get("tags") or [])
    row = []
    for name in CSV_FIELDS:
        value = data.get(name)
        if value is None:
            text = ""
        else:
            text = str(value).lower() if isinstance(value, bool) else str(value)
        text = sanitize(text) if terminal else utf8_safe(text)
        row.append(text)
    return row


class Progress:
    """A progress bar on stderr, redrawn in place, only when stderr is a terminal.

    With `--limit` the total is known and a bar is drawn; otherwise (the list endpoint
    gives no total) it counts.
    """

    WIDTH = 30

    def __init__(self, stream: TextIO, total: int | None = None) -> None:
        self.stream = stream
        self.on = stream.isatty()
        self.total = total
        self.count = 0

    def line(self) -> str:
        if not self.total:
            return f"exported {self.count} mentions"
        filled = self.WIDTH * min(self.count, self.total) // self.total
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        return f"▕{bar}▏ {self.count}/{self.total} mentions"

    def step(self) -> None:
        self.count += 1
        if self.on and self.count % 50 == 0:
            self.stream.write(f"\r{self.line()}…")
            self.stream.flush()

    def done(self) -> None:
        if self.on:
            if self.total:
                self.total = self.count  # fewer than the limit: the bar ends full
            self.stream.write(f"\r{self.line()}.  \n")
            self.stream.flush()


def write_mentions(
    mentions: Iterator[Mention], fmt: str, out: TextIO, *, terminal: bool, progress: Progress
) -> int:
    if fmt == "csv":
        # Every field quoted: a bare CR or LF inside one can never end the record, whatever
        # the reader (QUOTE_MINIMAL leaves a bare CR unquoted when lines end in LF).
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(CSV_FIELDS)
        for mention in mentions:
            writer.writerow(_csv_row(mention, terminal))
            progress.step()
    elif fmt == "ndjson":
        for mention in mentions:
            out.write(json_line(clean_strings(_record(mention), terminal)) + "\n")
            progress.step()
    else:  # one JSON array, written as it comes so a big export needs no memory
        out.write("[")
        for mention in mentions:
            out.write("\n" if progress.count == 0 else ",\n")
            out.write(json_line(clean_strings(_record(mention), terminal)))
            progress.step()
        out.write("\n]\n" if progress.count else "]\n")
    progress.done()
    return progress.count


def run(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1")
    _filters(args)  # usage errors before any request
    config = config_for(args)
    progress = Progress(sys.stderr, args.limit)
    with client_for(config) as client:
        account = account_for(client, config)
        try:
            mentions = _first_page_read(_mentions(client, account, args))
        except NotFoundError:
            error(f"alert {args.alert}: not found in this account (see: mention-triage alerts)")
            return FAILED
        if args.output is None:
            write_mentions(
                mentions, args.format, sys.stdout, terminal=sys.stdout.isatty(), progress=progress
            )
            sys.stdout.flush()
            return OK
        part = args.output.with_name(args.output.name + ".part")
        try:
            with part.open("w", encoding="utf-8", newline="") as out:
                write_mentions(mentions, args.format, out, terminal=False, progress=progress)
            os.replace(part, args.output)
        finally:
            part.unlink(missing_ok=True)
    return OK
