"""Triage rules, planned: minimal bodies, order per field, no loops, permissions, curated
mentions left alone; and the Curator taking a plan as one undo step."""

from __future__ import annotations

import dataclasses

import pytest

from triage_tui.api.async_client import AsyncMentionClient
from triage_tui.core.config_rules import Rule
from triage_tui.core.curator import Curator
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.journal import UNDO, Journal
from triage_tui.core.outbox import OutboxSender
from triage_tui.core.permissions import Action
from triage_tui.core.rows import FeedRow
from triage_tui.core.rules import RuleContext, RuleError, compile_rules, plan, untouched
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store

ALERT, OTHER = 10, 20
CONTEXT = RuleContext(
    alerts={ALERT: "Acme Corp", OTHER: "Rival"},
    tags={ALERT: {501: "instagram-es", 502: "urgent"}, OTHER: {601: "urgent"}},
)


def _row(mention_id: int, alert: int = ALERT, **fields) -> FeedRow:
    base = FeedRow(
        id=mention_id,
        alert_id=alert,
        published_ns=mention_id,
        source_type="web",
        who="someone",
        title=f"mention {mention_id}",
        language="en",
    )
    return dataclasses.replace(base, **fields)


def _plan(rules: list[Rule], rows: list[FeedRow], **kwargs):
    return plan(compile_rules(rules, CONTEXT), rows, **kwargs)


def test_the_issues_examples_minimal_bodies() -> None:
    rules = [
        Rule(query="source:instagram lang:es", name="Spanish Instagram", tag="instagram-es"),
        Rule(query='"Competitor" tone:neg', alert="Acme Corp", favorite=True),
    ]
    rows = [
        _row(1, source_type="images", language="es"),  # rule 1
        _row(2, title="Competitor is bad", tone=-1),  # rule 2
        _row(3, OTHER, title="Competitor is bad", tone=-1),  # rule 2 is for Acme only
        _row(4, source_type="images", language="es-MX", title="Competitor", tone=-1),  # both
        _row(5, source_type="images", language="fr"),  # none
    ]
    result = _plan(rules, rows)
    assert result.bodies() == {
        1: {"tags": [501]},
        2: {"favorite": True},
        4: {"tags": [501], "favorite": True},
    }
    assert result.changes[4].by_rule == {"tags": (1,), "favorite": (2,)}
    first, second = result.rules
    assert (first.matched, first.changed, dict(first.fields)) == (2, 2, {"tag instagram-es": 2})
    assert (second.matched, second.changed, dict(second.fields)) == (2, 2, {"favorite": 2})
    assert result.considered == 5 and result.curated == 0


def test_only_changed_fields_and_already_so() -> None:
    rule = Rule(query="source:web", tone=-1, read=False, folder="inbox")
    result = _plan([rule], [_row(1, tone=-1), _row(2, tone=1)])
    assert result.bodies() == {2: {"tone": -1}}  # read and folder already so: not sent
    (count,) = result.rules
    assert (count.matched, count.changed, count.already) == (2, 1, 1)


def test_first_rule_wins_per_field_and_tags_add_up() -> None:
    rules = [
        Rule(query="source:web", folder="archive", tag="urgent"),
        Rule(query="mention", folder="spam", tone=1, tag="instagram-es"),
    ]
    result = _plan(rules, [_row(1)])
    assert result.bodies() == {1: {"folder": "archive", "tags": [502, 501], "tone": 1}}
    second = result.rules[1]
    assert dict(second.overridden) == {"to irrelevant": 1}
    assert second.changed == 1 and second.already == 0


def test_rules_see_the_mention_as_it_came_no_loops() -> None:
    # Rule 2 would match what rule 1 makes of mention 1 (negative), rule 1 what rule 3
    # makes of mention 3 (neutral): neither happens, each rule tests the mention as it came.
    rules = [
        Rule(query="tone:neu", tone=-1),
        Rule(query="tone:neg", favorite=True),
        Rule(query="tone:pos", tone=0),
    ]
    result = _plan(rules, [_row(1, tone=0), _row(2, tone=-1), _row(3, tone=1)])
    assert result.bodies() == {1: {"tone": -1}, 2: {"favorite": True}, 3: {"tone": 0}}
    assert [(c.matched, c.changed) for c in result.rules] == [(1, 1), (1, 1), (1, 1)]
    # A tone alone leaves a mention untouched by its state: the caller passes the ids it
    # changed as curated (the app: touched; the CLI: in the journal), so a later plan
    # does not chain rule 2 onto rule 1's change either.
    after = [_row(1, tone=-1), _row(2, tone=-1, favorite=True, read=True), _row(3, tone=0)]
    assert _plan(rules, after, curated={1, 2, 3}).bodies() == {}


def test_a_plan_carried_out_is_not_planned_again() -> None:
    rules = [Rule(query="source:web", tag="urgent", read=True)]
    first = _plan(rules, [_row(1)])
    assert first.bodies() == {1: {"tags": [502], "read": True}}
    done = _row(1, tag_ids=(502,), read=True)
    second = _plan(rules, [done])
    assert second.bodies() == {} and second.curated == 1


@pytest.mark.parametrize(
    "curated_row",
    [
        _row(1, read=True),
        _row(1, favorite=True),
        _row(1, folder="archive"),
        _row(1, folder="spam"),
        _row(1, folder="trash", trashed=True),
        _row(1, tag_ids=(502,)),
    ],
)
def test_already_curated_mentions_are_left_alone(curated_row: FeedRow) -> None:
    assert not untouched(curated_row)
    result = _plan([Rule(query="source:web", tone=1, folder="archive")], [curated_row, _row(2)])
    assert list(result.bodies()) == [2]
    assert result.curated == 1 and result.rules[0].curated == 1 and result.rules[0].matched == 1


def test_ids_the_caller_says_were_curated_are_left_alone() -> None:
    rows = [_row(1), _row(2), _row(3)]
    result = _plan([Rule(query="source:web", favorite=True)], rows, curated={2})
    assert list(result.bodies()) == [1, 3] and result.curated == 1
    assert untouched(rows[1])  # untouched by its state, but the user acted on it


def test_permission_refused_per_field_the_others_still_apply() -> None:
    asked: list[tuple[Action, int]] = []

    def why_not(action: Action, mention_id: int) -> str | None:
        asked.append((action, mention_id))
        if mention_id == 2 and action is Action.FAVORITE:
            return "the service does not allow 'favorite' on this mention"
        if mention_id == 3:
            return "read-only: this alert is shared with you with read permission"
        return None

    rule = Rule(query="source:web", tag="urgent", favorite=True)
    result = _plan([rule], [_row(1), _row(2), _row(3)], why_not=why_not)
    assert result.bodies() == {1: {"tags": [502], "favorite": True}, 2: {"tags": [502]}}
    (count,) = result.rules
    assert count.refused == {
        2: "the service does not allow 'favorite' on this mention",
        3: "read-only: this alert is shared with you with read permission",
    }
    assert count.changed == 2 and count.already == 0
    assert (Action.TAGS, 1) in asked and (Action.FAVORITE, 1) in asked


def test_trash_is_checked_as_trash() -> None:
    seen: list[Action] = []
    _plan(
        [Rule(query="x", folder="trash")],
        [_row(1, title="x")],
        why_not=lambda a, i: seen.append(a),
    )
    assert seen == [Action.TRASH]


def test_a_tag_the_alert_lacks_is_refused_not_created() -> None:
    rule = Rule(query="source:web", tag="instagram-es", read=True)
    result = _plan([rule], [_row(1), _row(2, OTHER)])
    assert result.bodies() == {1: {"tags": [501], "read": True}, 2: {"read": True}}
    assert result.rules[0].refused == {2: f"no tag 'instagram-es' on alert {OTHER}"}


def test_alert_by_id_or_name_and_unknown_names_are_errors() -> None:
    rows = [_row(1), _row(2, OTHER)]
    by_id = _plan([Rule(query="source:web", alert=OTHER, read=True)], rows)
    by_name = _plan([Rule(query="source:web", alert="rival", read=True)], rows)
    assert list(by_id.bodies()) == list(by_name.bodies()) == [2]
    with pytest.raises(RuleError, match=r"rules\.1\.alert: no alert named 'Nope'"):
        compile_rules([Rule(query="x", alert="Nope", read=True)], CONTEXT)
    with pytest.raises(RuleError, match=r"rules\.2\.query: tag:missing: no such tag"):
        compile_rules([Rule(query="x", read=True), Rule(query="tag:missing", read=True)], CONTEXT)
    # Names in queries resolve as the filter does: alert names, tag names of any alert.
    tagged = [_row(1, tag_ids=(601,), alert=OTHER), _row(2, OTHER)]
    matched = _plan([Rule(query="tag:urgent alert:Rival", tone=1)], tagged, curated=())
    assert matched.rules[0].curated == 1  # tagged: curated, but matched


def test_curate_each_is_one_undo_step_through_the_outbox(tmp_path) -> None:
    store = Store(tmp_path / "state.db")
    feed = FeedModel()
    feed.insert([_row(1), _row(2), _row(3)])
    client = AsyncMentionClient("unused-token", "http://127.0.0.1:9/api")  # never called
    sender = OutboxSender(
        client,
        "acct",
        store,
        SyncSettings.fast(),
        on_accepted=lambda *a: None,
        on_refused=lambda *a: None,  # type: ignore[arg-type,return-value]
        on_count=lambda n: None,
    )
    journal = Journal(store)

    def why_not(action: Action, mention_id: int) -> str | None:
        return "no tagging here" if (mention_id, action) == (3, Action.TAGS) else None

    curator = Curator(feed, store, sender, journal, why_not, lambda e: None, lambda n: None)
    done = curator.curate_each(
        {1: {"tags": [501], "favorite": True}, 2: {"folder": "archive"}, 3: {"tags": [7]}}
    )
    assert done.changed == (1, 2) and done.refused == {3: "no tagging here"}
    assert store.outbox_all() == [
        (1, {"tags": [501], "favorite": True}),
        (2, {"folder": "archive"}),
    ]
    assert journal.size(UNDO) == 1
    row1, row2 = feed.row(1), feed.row(2)
    assert row1 is not None and row1.tag_ids == (501,) and row1.favorite and row1.read
    assert row2 is not None and row2.folder == "archive"
    assert curator.undo()  # the whole run at once
    assert feed.row(1).tag_ids == () and not feed.row(1).favorite and not feed.row(1).read  # type: ignore[union-attr]
    assert feed.row(2).folder == "inbox"  # type: ignore[union-attr]
    store.close()
