"""`mention-triage stream`: new mentions as they arrive, one per line, until stopped.

With `--json`, each line is `{"type": "mention", "mention": {...}}` (NDJSON). It
reconnects after a dropped connection (the app's backoff: it starts over after any
connection that delivered something), asking the service for what it missed (`since_id`
per alert); a capped replay, or one cut short, is filled from the list endpoint. Each
mention is printed once per run, in id order per alert. With `--since-file`, the last id
per alert is kept in that file after every line written, and only over mentions printed
in proven order: a restarted run (cron, a crash) resumes without gaps (a kill between
printing a line and writing the file repeats that one line).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triage_tui.api.errors import (
    AuthenticationError,
    ConflictError,
    MentionError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
)
from triage_tui.api.log import get_logger
from triage_tui.commands import COMMANDS, OK, UsageError, account_for, client_for, config_for, error
from triage_tui.commands.output import clean_strings, json_line
from triage_tui.core.sanitize import one_line
from triage_tui.core.settings import SyncSettings

log = get_logger("stream")

#: Errors a reconnect cannot fix.
FATAL = (AuthenticationError, PermissionDeniedError, NotFoundError, PaymentRequiredError)

if TYPE_CHECKING:
    from triage_tui.api.models import Mention
    from triage_tui.api.sync_client import MentionClient


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "stream",
        parents=parents,
        help=COMMANDS["stream"][1],
        description="Print new mentions as they arrive, reconnecting when dropped.",
    )
    parser.add_argument("--json", action="store_true", help="one JSON event per line")
    parser.add_argument(
        "--alert", type=int, action="append", metavar="ID", help="alert id (repeatable)"
    )
    parser.add_argument(
        "--since-file", type=Path, metavar="PATH", help="resume from, and keep, the last ids"
    )
    parser.add_argument("--max-events", type=int, metavar="N", help="stop after N mentions")
    parser.add_argument(
        "--backoff",
        type=float,
        default=1.0,
        metavar="S",
        help="reconnect delay after a connection that delivered (1 s), doubled per failure",
    )
    parser.add_argument(
        "--poll-interval",
        type=float,
        default=SyncSettings.poll_interval,
        metavar="S",
        help="while another app holds the account's one stream, list new mentions every "
        "S seconds (60: within the service's list budget) and try the stream again "
        "every five",
    )
    parser.set_defaults(run=run)


def read_since(path: Path | None) -> dict[int, int]:
    if path is None or not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
        return {int(alert): int(mention) for alert, mention in data.items()}
    except (ValueError, TypeError, AttributeError, OSError):
        raise UsageError(f"{path}: not a since-file (JSON: alert id -> mention id)") from None


def check_since_file(path: Path) -> None:
    """Before anything is streamed: the since-file can be written where it is named (its
    folder is created if missing). Finding out at the first line written would print
    mentions whose ids are then never kept, and the next run would repeat them."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise UsageError(
            f"--since-file {path}: cannot create its folder {folder}: "
            f"{problem.strerror or type(problem).__name__}"
        ) from None
    part = path.with_name(path.name + ".part")  # what write_since writes, then renames
    try:
        part.open("a", encoding="utf-8").close()
        part.unlink()
    except OSError as problem:
        raise UsageError(
            f"--since-file {path}: cannot write in {folder}: "
            f"{problem.strerror or type(problem).__name__}"
        ) from None
    read_since(path)  # a file that is not a since-file: said now too


def write_since(path: Path, since: dict[int, int]) -> None:
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps({str(a): m for a, m in sorted(since.items())}), encoding="utf-8")
    os.replace(part, path)  # atomic: a kill never leaves a torn file


def _human(mention: Mention) -> str:
    who = mention.source_name or mention.displayable_url or ""
    title = mention.title or mention.description or ""
    return one_line(f"{mention.id}  {mention.alert_id}  {mention.source_type}  {who}  {title}")


class Streamer:
    """One run of `stream`: prints each mention once, in id order per alert, and moves an
    alert's since id (and the since-file) only over what it printed in proven order.

    What a connection replays proves nothing until the replay is seen to end: the
    service does not say which 1,000 a capped replay keeps, nor whether its warning
    comes before or after them. So replayed lines are held until the first mark (or the
    capped warning, which fills the gap from the list endpoint), then printed in order;
    a connection that drops inside its replay leaves the since id where it was, and the
    gap is filled from the list endpoint before the next one. Live lines after the mark
    are printed as they come.
    """

    def __init__(self, client: MentionClient, account: str, args: argparse.Namespace) -> None:
        self.client = client
        self.account = account
        self.args = args
        self.since: dict[int, int] = read_since(args.since_file)
        # The app's backoff policy, from the CLI's own first delay.
        self.settings = SyncSettings(backoff_base=args.backoff, poll_interval=args.poll_interval)
        self.written = 0
        self.skipped = 0
        self.terminal = sys.stdout.isatty()
        self.delays: list[float] = []  # every reconnect delay chosen, in order
        self.delivered = False  # the current connection sent at least one line
        self._held: dict[int, list[Mention]] = {}  # replayed, not yet proven in order
        self._unproven = False  # the last connection ended inside its replay

    def _start_points(self, alerts: list[int]) -> None:
        """An alert with no since id starts from its newest mention, so a reconnect
        before its first new mention still asks for what was missed."""
        for alert in alerts:
            if alert not in self.since:
                page = self.client.list_mentions(self.account, alert, limit=20)
                self.since[alert] = max((m.numeric_id for m in page.mentions), default=0)

    def _emit(self, mention: Mention) -> None:
        """Print `mention` unless its alert's since id already covers it. Callers pass
        mentions in proven order only: the since id moves to it and is written."""
        alert = mention.alert_id
        if mention.numeric_id <= self.since.get(alert, 0):
            return  # already written (a replay or a fill overlapping what we printed)
        if self.args.json:
            data = {"type": "mention", "mention": mention.model_dump(mode="json")}
            line = json_line(clean_strings(data, self.terminal))
        else:
            line = _human(mention)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
        self.since[alert] = mention.numeric_id
        if self.args.since_file is not None:
            write_since(self.args.since_file, self.since)
        self.written += 1

    def _done(self) -> bool:
        return self.args.max_events is not None and self.written >= self.args.max_events

    def _skip(self, what: str, reason: str) -> None:
        """`what`: "line" (of the stream) or "listed mention" (of a fill's page)."""
        self.skipped += 1
        log.warning("stream: skipped a %s (%s); %d so far", what, one_line(reason), self.skipped)
        where = "stream line" if what == "line" else what
        error(f"skipped a {where} ({reason}); {self.skipped} so far")

    def _fill(self, alerts: list[int]) -> None:
        """Everything above each alert's since id from the list endpoint, printed page by
        page: it is not capped and pages oldest first, so each page proves every id up to
        its newest (what a replay held is in it too, in order)."""
        self._held.clear()
        limit = self.settings.backfill_page
        for alert in alerts:
            since = self.since.get(alert, 0)
            while not self._done():
                page = self.client.list_mentions(self.account, alert, since_id=since, limit=limit)
                for skipped in page.skipped:
                    self._skip("listed mention", skipped.reason)
                for mention in sorted(page.mentions, key=lambda m: m.numeric_id):
                    self._emit(mention)
                    if self._done():
                        return
                newest = max((m.numeric_id for m in page.mentions), default=since)
                full = len(page.mentions) + len(page.skipped) >= limit
                more = full or page.links.more is not None
                if newest <= since or not more:
                    break
                since = newest

    def _release(self) -> None:
        """The replay ended (a mark): what it held is proven, print it in order."""
        held, self._held = self._held, {}
        for alert in sorted(held):
            for mention in sorted(held[alert], key=lambda m: m.numeric_id):
                self._emit(mention)
                if self._done():
                    return

    def _one_connection(self, alerts: list[int]) -> None:
        """Read one connection to its end (or to --max-events)."""
        # The models load when a command streams, not when the command line is parsed.
        from triage_tui.api.events import (
            InvalidLine,
            MarkEvent,
            MentionEvent,
            UnknownEvent,
            WarningEvent,
        )

        self.delivered = False
        if self._unproven:
            self._fill(alerts)  # the last replay was cut short: list what it may have hidden
            self._unproven = False
            if self._done():
                return
        replaying, filled = True, False
        self._held = {}
        try:
            for event in self.client.stream_mentions(self.account, alerts, self.since):
                self.delivered = True
                if isinstance(event, MentionEvent):
                    if replaying:
                        self._held.setdefault(event.mention.alert_id, []).append(event.mention)
                    else:
                        self._emit(event.mention)
                elif isinstance(event, MarkEvent):
                    if replaying:
                        replaying = False
                        self._release()
                elif isinstance(event, WarningEvent):
                    if event.history_capped and not filled:
                        error(f"stream warning: {event.message}; filling the gap")
                        # It names no alert: fill each from its since id, once. Inside the
                        # replay that is still the one this connection asked with.
                        self._fill(alerts)
                        filled = True
                    else:
                        error(f"stream warning: {event.message}")
                elif isinstance(event, InvalidLine):
                    self._skip("line", event.reason)
                elif isinstance(event, UnknownEvent):
                    pass  # a newer event type: not ours to print
                if self._done():
                    return
        finally:
            # Held lines were not seen to end their replay: they prove nothing.
            self._unproven = replaying and bool(self._held)

    def _poll(self, alerts: list[int]) -> None:
        """The account's stream is open elsewhere (the app, a teammate): list what is new
        above each since id every poll interval, as the app does, then let the caller
        try the stream again."""
        s = self.settings
        error(
            f"the stream is open elsewhere (another app on this account): polling every "
            f"{s.poll_interval:g} s, trying the stream again every {s.polls_per_retake}"
        )
        for _ in range(s.polls_per_retake):
            self._fill(alerts)  # complete and in id order: it moves the since ids
            if self._done():
                return
            time.sleep(s.poll_interval)

    def run(self, alerts: list[int]) -> int:
        self._start_points(alerts)
        failures = 0
        while not self._done():
            floor = 0.0
            try:
                self._one_connection(alerts)
                if self._done():
                    break
                reason = "the stream ended"
            except FATAL:
                raise
            except RateLimitError as limited:
                reason = "rate limited"
                floor = limited.wait_seconds()
            except ConflictError:
                # One stream per account, and another app holds it: stay live by polling.
                self._poll(alerts)
                failures = 0
                continue
            except MentionError as failure:
                reason = str(failure)
            # As the app does: a connection that delivered anything starts the backoff
            # over; only failures in a row make it grow.
            failures = 0 if self.delivered else failures + 1
            wait = max(self.settings.reconnect_delay(failures), floor)
            self.delays.append(wait)
            log.info("stream: %s; reconnecting in %.1f s", one_line(reason), wait)
            error(f"{reason}; reconnecting in {wait:.1f} s")
            time.sleep(wait)
        return OK


def run(args: argparse.Namespace) -> int:
    if args.max_events is not None and args.max_events < 1:
        raise UsageError("--max-events must be at least 1")
    if args.backoff < 0:
        raise UsageError("--backoff cannot be negative")
    if args.since_file is not None:
        check_since_file(args.since_file)
    config = config_for(args)
    with client_for(config) as client:
        account = account_for(client, config)
        alerts = args.alert or config.alerts or [a.id for a in client.list_alerts(account)]
        if not alerts:
            raise UsageError("this account has no alerts to stream")
        return Streamer(client, account, args).run(alerts)
