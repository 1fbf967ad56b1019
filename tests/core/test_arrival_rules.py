"""What the rules on arrivals say (one sanitized line per rule, naming a few titles),
and their steps kept apart from the user's undo."""

from __future__ import annotations

import dataclasses

from triage_tui.api.async_client import AsyncMentionClient
from triage_tui.core.arrival_rules import notices
from triage_tui.core.config_rules import Rule
from triage_tui.core.curator import Curator
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.journal import REDO, RULES, UNDO, Journal
from triage_tui.core.outbox import OutboxSender
from triage_tui.core.rows import FeedRow
from triage_tui.core.rules import RuleContext, compile_rules, plan
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store

ALERT = 10
CONTEXT = RuleContext(alerts={ALERT: "Acme Corp"}, tags={ALERT: {501: "urgent"}})


def _row(mention_id: int, **fields: object) -> FeedRow:
    base = FeedRow(
        id=mention_id,
        alert_id=ALERT,
        published_ns=mention_id,
        source_type="web",
        who="someone",
        title=f"mention {mention_id}",
    )
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def _said(rules: list[Rule], rows: list[FeedRow], changed: set[int] | None = None) -> list[str]:
    result = plan(compile_rules(rules, CONTEXT), rows)
    titles = {r.id: r.title for r in rows}
    return notices(result, set(result.changes) if changed is None else changed, titles)


def test_one_line_per_rule_with_its_verbs_and_at_most_two_titles() -> None:
    rules = [
        Rule(query="zebra", name="Zebras", tag="urgent", favorite=True),
        Rule(query="lion", folder="archive", read=True),
    ]
    rows = [_row(i, title=f"Zebra {i}") for i in (1, 2, 3)] + [_row(4, title="Lion king")]
    assert _said(rules, rows) == [
        "Rule ‹Zebras› tagged urgent and favorited 3 mentions (“Zebra 1”, “Zebra 2”…)",
        "Rule ‹lion› archived and marked read 1 mention (“Lion king”)",
    ]


def test_only_what_was_changed_is_said_and_labels_are_one_line_and_cut() -> None:
    label = "a very long name\nwith a line break " + "x" * 60
    rules = [Rule(query="zebra", name=label, tone=-1)]
    rows = [_row(1, title="Zebra"), _row(2, title="Zebra too")]
    (line,) = _said(rules, rows, changed={2})  # the first was refused by the Curator
    assert "\n" not in line and len(line) < 120
    assert line.startswith("Rule ‹a very long name with a line break x")
    assert line.endswith("› set tone negative on 1 mention (“Zebra too”)")
    assert _said(rules, rows, changed=set()) == []


# ---- the Curator: rule steps apart from the user's --------------------------------------


def _curator(rows: list[FeedRow]) -> tuple[Curator, Journal, Store]:
    store = Store(":memory:")
    feed = FeedModel()
    feed.insert(rows)
    client = AsyncMentionClient("unused-token", "http://127.0.0.1:9/api")  # never called
    sender = OutboxSender(
        client,
        "acct",
        store,
        SyncSettings.fast(),
        on_accepted=lambda *a: None,
        on_refused=lambda *a: None,  # type: ignore[arg-type]
        on_count=lambda n: None,
    )
    journal = Journal(store)
    curator = Curator(
        feed, store, sender, journal, lambda a, i: None, lambda e: None, lambda n: None
    )
    return curator, journal, store


def test_a_rule_step_is_kept_apart_and_undone_where_it_still_stands() -> None:
    curator, journal, store = _curator([_row(1), _row(2), _row(3)])
    curator.curate([3], {"tone": 1})  # the user's, then undone: there is a redo
    assert curator.undo() is not None and journal.size(REDO) == 1
    curator.curate_each({1: {"tags": [501], "read": True}, 2: {"favorite": True}}, stack=RULES)
    assert journal.size(RULES) == 1 and journal.size(UNDO) == 0
    assert journal.size(REDO) == 1  # the user's redo survives a rule's change
    assert set(curator.touched_ids()) == {1, 2, 3}
    curator.curate([1], {"tags": [501, 502], "read": False})  # the user, since
    assert curator.undo_rules() is not None
    row1, row2 = curator.feed.row(1), curator.feed.row(2)
    assert row1 is not None and row1.tag_ids == (502,) and not row1.read  # the user's stay
    assert row2 is not None and not row2.favorite and not row2.read  # favorite's read too
    assert curator.undo_rules() is None
    # The undo was the user's own step: `u` puts the rule's change back.
    assert curator.undo().changed == (1, 2)  # type: ignore[union-attr]
    assert curator.feed.row(1).tag_ids == (501, 502) and curator.feed.row(2).favorite  # type: ignore[union-attr]
    store.close()
