"""`mention-triage rules`: the config's `[[rules]]` over the alerts' inbox.

    mention-triage rules --dry-run    what each rule would change, with counts (the default)
    mention-triage rules apply        the same, then does it

The mentions come from the list endpoint (the inbox of each alert, newest first, up to
`--limit`), read with the sync client. What changes is planned by core/rules.py (see its
docstring: only untouched mentions, each rule on the mention as it came, first rule wins
per field). Besides their state, the mentions this state directory already acted on
are left alone: those waiting in the outbox, and those in an undo or redo step (curated
in the app, or changed by an earlier run; so a rule's change never triggers another
rule on a later run either).

`apply` goes the way the app's keys go: the Curator writes every change to the durable
outbox and the whole run as one undo step in the state database (the app's `u` undoes
it while it is the latest step), then the outbox is sent by the app's `OutboxSender`
(retries, rate-limit pauses, refusals reported). An interrupted run loses nothing: what
is left is sent by the next `rules apply` or by the app; while the app runs on the same
state directory, it holds the outbox and sends the run itself.

Every string from the network (names, titles, reasons) goes through the sanitizer.
Exit 0 when everything planned was accepted, 1 when the service refused a change or
some are still queued, 2 for a problem in the config or the rules.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from triage_tui.commands import (
    COMMANDS,
    FAILED,
    OK,
    UsageError,
    account_for,
    client_for,
    config_for,
)
from triage_tui.core.config import Config, state_db_path
from triage_tui.core.rules import (
    FIELDS,
    CompiledRule,
    Plan,
    RuleContext,
    RuleError,
    compile_rules,
    describe_field,
    plan,
)
from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from triage_tui.api.levels import SharePermission
    from triage_tui.api.models import Mention
    from triage_tui.api.sync_client import MentionClient
    from triage_tui.core.permissions import Action
    from triage_tui.core.rows import FeedRow
    from triage_tui.core.store import Store

PAGE = 100


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "rules",
        parents=parents,
        help=COMMANDS["rules"][1],
        description="Run the config's triage rules ([[rules]]) over each alert's inbox. "
        "Without `apply`, a dry run: what each rule would change, with counts. "
        "`apply` sends the changes through the outbox, as one undo step.",
    )
    parser.add_argument(
        "mode", nargs="?", choices=("apply",), help="send the changes (default: a dry run)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="only say what would change (even with apply)"
    )
    parser.add_argument(
        "--alert",
        type=int,
        action="append",
        metavar="ID",
        help="only this alert (repeatable; default: the config's alerts, else every alert)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=500,
        metavar="N",
        help="inbox mentions fetched per alert, newest first (default 500)",
    )
    parser.add_argument("--list", action="store_true", help="also list each mention changed")
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="stop sending after S seconds without progress (default 30); "
        "what is left stays queued",
    )
    parser.set_defaults(run=run)


@dataclass
class Fetched:
    """What the rules are run on: the account, names, rows and the mentions behind them."""

    account: str
    context: RuleContext
    alert_ids: list[int]
    rows: list[FeedRow] = field(default_factory=list)
    mentions: dict[int, Mention] = field(default_factory=dict)
    levels: dict[int, SharePermission | None] = field(default_factory=dict)

    def why_not(self, action: Action, mention_id: int) -> str | None:
        """The Session's check: the mention's own `permissions`, then the alert's level."""
        from triage_tui.core.permissions import why_not

        mention = self.mentions.get(mention_id)
        if mention is None:
            return "unknown mention"
        return why_not(action, self.levels.get(mention.alert_id), mention)


def _fetch(client: MentionClient, config: Config, args: argparse.Namespace) -> Fetched:
    from triage_tui.core.convert import to_row

    account = account_for(client, config)
    alerts = {int(a.id): a for a in client.list_alerts(account)}
    wanted = args.alert or config.alerts or list(alerts)
    for alert_id in wanted:
        if alert_id not in alerts:
            raise UsageError(f"alert {alert_id}: not an alert of this account")
    tags = {
        alert_id: {t.id: one_line(t.name) for t in client.list_tags(account, alert_id)}
        for alert_id in wanted
    }
    context = RuleContext(alerts={i: one_line(a.name) for i, a in alerts.items()}, tags=tags)
    fetched = Fetched(account, context, list(wanted))
    fetched.levels = {i: a.permission for i, a in alerts.items()}
    for alert_id in wanted:
        page = min(PAGE, args.limit)
        listed = client.iter_mentions(account, alert_id, folder="inbox", limit=page)
        for count, mention in enumerate(listed, 1):
            row = to_row(mention)
            if row.id not in fetched.mentions:
                fetched.rows.append(row)
                fetched.mentions[row.id] = mention
            if count >= args.limit:
                break  # before asking for another page
    return fetched


def _open_store(config: Config, *, create: bool) -> Store | None:
    """The state database the app uses with this config: named after the configured
    account (`--account`, the file, the environment), not the one the service says, so
    both share one outbox and one journal."""
    from triage_tui.core.store import Store

    path = state_db_path(config, config.account)
    if not create and not path.exists():
        return None  # a dry run creates nothing
    return Store(path)


def _curated_here(store: Store | None) -> set[int]:
    """What this state directory already acted on: waiting in the outbox, or held by an
    undo or redo step."""
    if store is None:
        return set()
    return {mention_id for mention_id, _ in store.outbox_all()} | store.journal_mention_ids()


# ---- the report -----------------------------------------------------------------------


def _say(line: str = "") -> None:
    print(one_line(line))


def _rule_head(rule: CompiledRule, context: RuleContext) -> str:
    r = rule.rule
    name = f' "{one_line(r.name)}"' if r.name else ""
    where = "every alert"
    if rule.alert_id is not None:
        where = f"alert {context.alerts.get(rule.alert_id, str(rule.alert_id))}"
    return f"rule {rule.number}{name}: {one_line(r.query)} ({where}) -> {rule.describe()}"


def _counted(counter: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{what} {n}" for what, n in counter)


def report(fetched: Fetched, result: Plan, *, dry_run: bool, listing: bool) -> None:
    would = "would change" if dry_run else "changing"
    _say(
        f"{len(fetched.rows)} inbox mentions of {len(fetched.alert_ids)} alert(s); "
        f"{result.curated} already curated, left alone"
    )
    for count in result.rules:
        _say(_rule_head(count.rule, fetched.context))
        parts = [f"matched {count.matched}"]
        parts.append(f"{would} {count.changed}" + _paren(_counted(sorted(count.fields.items()))))
        if count.already:
            parts.append(f"already so {count.already}")
        if count.overridden:
            parts.append(
                "overridden by an earlier rule" + _paren(_counted(sorted(count.overridden.items())))
            )
        for reason, n in sorted(count.refusals().items()):
            parts.append(f"refused {n} ({reason})")
        if count.curated:
            parts.append(f"left alone {count.curated} (already curated)")
        _say("  " + "; ".join(parts))
    if listing and result.changes:
        _say("mentions:")
        for row in fetched.rows:
            planned = result.changes.get(row.id)
            if planned is None:
                continue
            what = ", ".join(
                _field_text(name, planned.body[name], fetched, row.alert_id)
                for name in FIELDS
                if name in planned.body
            )
            alert = fetched.context.alerts.get(row.alert_id, str(row.alert_id))
            _say(f"  {row.id} ({alert}): {what} | {row.title[:60]}")
    _say(f"{would} {len(result.changes)} mention(s) in all")


def _paren(text: str) -> str:
    return f" ({text})" if text else ""


def _field_text(name: str, value: Any, fetched: Fetched, alert_id: int) -> str:
    if name == "tags":
        names = fetched.context.tags.get(alert_id, {})
        return "tags " + ",".join(names.get(t, str(t)) for t in value)
    return describe_field(name, value)


# ---- sending --------------------------------------------------------------------------


@dataclass
class Sent:
    queued: int = 0  # changes written to the outbox by this run
    accepted: int = 0  # PUTs the service accepted (this run's and any queued before)
    refused: dict[int, str] = field(default_factory=dict)  # mention id -> the service's reason
    left: int = 0  # still queued when sending stopped
    elsewhere: bool = False  # another app holds the outbox: it sends them


async def _send(
    config: Config, fetched: Fetched, store: Store, result: Plan, timeout: float
) -> Sent:
    from triage_tui.api.async_client import AsyncMentionClient
    from triage_tui.core.convert import saved_copy
    from triage_tui.core.curator import Curator
    from triage_tui.core.feed_model import FeedModel
    from triage_tui.core.journal import Journal
    from triage_tui.core.outbox import OutboxSender
    from triage_tui.core.settings import SyncSettings

    sent = Sent()
    assert config.token is not None  # client_for checked it
    client = AsyncMentionClient(
        config.token.get_secret_value(),
        config.api_url,
        config.stream_url,
        api_version=config.accept_version,
        insecure=config.insecure,
    )

    def accepted(seq: int, mention_id: int, mention: Mention | None) -> None:
        sent.accepted += 1
        if mention is None:  # done, but the answer could not be read
            store.outbox_done(seq)
            return
        _, alert_id, raw, packed = saved_copy(mention)
        store.outbox_accepted(seq, mention_id, alert_id, raw, packed)

    async def refused(mention_id: int, alert_id: int, reason: str) -> None:
        sent.refused[mention_id] = one_line(reason)

    async with client:
        sender = OutboxSender(
            client,
            fetched.account,
            store,
            SyncSettings(),
            on_accepted=accepted,
            on_refused=refused,
            on_count=lambda n: None,
        )
        sender.lease.try_take()  # before queuing: only the lease holder merges queued rows
        if result.changes:
            feed = FeedModel()
            feed.insert(row for row in fetched.rows if row.id in result.changes)
            curator = Curator(
                feed,
                store,
                sender,
                Journal(store),
                fetched.why_not,
                on_event=lambda event: None,
                on_count=lambda n: None,
            )
            done = curator.curate_each(result.bodies())
            sent.queued = len(done.changed)
            sent.refused.update(done.refused)
        if not sender.lease.held:
            sent.elsewhere = True
            sent.left = store.outbox_count()
            return sent
        task = asyncio.create_task(sender.run())
        try:
            sent.left = await _drained(store, task, timeout)
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    return sent


async def _drained(store: Store, task: asyncio.Task[None], timeout: float) -> int:
    """Wait until the outbox is empty, or nothing left it for `timeout` seconds (the
    service is down, or rate-limited us for longer); how many actions are left."""
    left = store.outbox_count()
    moved = time.monotonic()
    while left:
        if task.done():
            task.result()  # the sender ended: raise what ended it
            break
        await asyncio.sleep(0.05)
        now_left = store.outbox_count()
        if now_left != left:
            left, moved = now_left, time.monotonic()
        elif time.monotonic() - moved > timeout:
            break
    return left


def _outcome(sent: Sent, store_path: str) -> int:
    for mention_id, reason in sorted(sent.refused.items()):
        _say(f"refused: mention {mention_id}: {reason}")
    if sent.queued:
        _say(
            f"queued {sent.queued} change(s) as one undo step "
            "(u in the app undoes the run while it is the latest step)"
        )
    if sent.elsewhere:
        _say(f"the app running on {store_path} holds the outbox: it sends the {sent.left} left")
        return OK
    _say(f"sent: {sent.accepted} accepted, {len(sent.refused)} refused, {sent.left} left")
    if sent.left:
        _say(
            f"{sent.left} change(s) still queued in {store_path}: "
            "`mention-triage rules apply` again, or the app, sends them"
        )
    return FAILED if sent.left or sent.refused else OK


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    if args.timeout <= 0:
        raise UsageError("--timeout must be more than 0")
    config = config_for(args)
    if not config.rules:
        raise UsageError(
            f"no rules in {config.path}: add [[rules]] tables (see the README, Triage rules)"
        )
    dry_run = args.dry_run or args.mode != "apply"
    with client_for(config) as client:
        fetched = _fetch(client, config, args)
    try:
        rules = compile_rules(config.rules, fetched.context)
    except RuleError as error:
        raise UsageError(f"{config.path}: {error}") from None
    store = _open_store(config, create=not dry_run)
    try:
        result = plan(rules, fetched.rows, curated=_curated_here(store), why_not=fetched.why_not)
        report(fetched, result, dry_run=dry_run, listing=args.list)
        if dry_run:
            _say("dry run: nothing sent (`mention-triage rules apply` sends it)")
            return OK
        assert store is not None
        if not result.changes and not store.outbox_count():
            _say("nothing to send")
            return OK
        sent = asyncio.run(_send(config, fetched, store, result, args.timeout))
        return _outcome(sent, store.path)
    finally:
        if store is not None:
            store.close()
