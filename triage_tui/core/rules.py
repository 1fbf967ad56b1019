"""Triage rules: which changes the config's `[[rules]]` make to which mentions.

Pure planning, no I/O: given the rules, the mentions (as `FeedRow`s) and what the user
already curated, `plan` says for each mention the PUT body that carries out the rules,
with only the fields that change, and for each rule what it matched, changed, found
already so, or was refused. Sending is the caller's: the CLI (`mention-triage rules`)
and the app on arrivals (core/arrival_rules.py) hand `Plan.changes` to
`Curator.curate_each`, which writes the durable outbox and one undo step.

The semantics:

- **Only untouched mentions.** A mention the user already curated is never changed: one
  whose id the caller passes in `curated` (the app: touched in this session or waiting
  in the outbox), or that is not in its first state: read, favorited, out of the inbox
  (archived, irrelevant, trashed) or tagged. Tone is no sign of curation: the service
  sets one on every mention.
- **Every rule is tested on the mention as it came,** never on what an earlier rule made
  of it, and a plan is made once: a rule's own change cannot trigger any rule (no
  loops). A second run finds the mentions it changed no longer untouched.
- **Order decides conflicts, field by field.** For each field the first matching rule
  that sets it wins; a later rule setting the same field is counted as overridden.
  Tags add up: each matching rule with a `tag` adds its tag.
- **Permissions per field.** Each field is checked with `why_not` (the Session's check:
  the mention's own `permissions`, then the level on the alert) as the key for it would
  be; a refused field is left out and counted with its reason, the rule's other fields
  still apply.
- **A tag is a name of the mention's alert.** Tags are per alert; an alert without a tag
  of that name refuses the field ("no tag ..."): rules never create tags.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from triage_tui.core.config_rules import Rule
from triage_tui.core.permissions import Action
from triage_tui.core.query import TONE_NAMES, Query, QueryError, QueryNames, parse_query
from triage_tui.core.rows import FeedRow
from triage_tui.core.sanitize import one_line

#: Why a mention may not take an action (None: it may): the Session's `why_not`.
WhyNot = Callable[[Action, int], "str | None"]

#: The fields a rule sets, in the order they are checked and shown.
FIELDS = ("tags", "folder", "tone", "read", "favorite")


class RuleError(ValueError):
    """A rule that cannot run against this account (a tag or alert name in it that the
    service does not know): one line naming the rule."""


@dataclass(frozen=True)
class RuleContext:
    """What the rules are resolved against: the account's alerts (id -> name) and each
    alert's tags (alert id -> tag id -> name), names already sanitized."""

    alerts: Mapping[int, str] = field(default_factory=dict)
    tags: Mapping[int, Mapping[int, str]] = field(default_factory=dict)

    def query_names(self) -> QueryNames:
        by_name: dict[str, set[int]] = {}
        for tags in self.tags.values():
            for tag_id, name in tags.items():
                by_name.setdefault(name, set()).add(tag_id)
        return QueryNames(tags=by_name, alerts={name: i for i, name in self.alerts.items()})


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to test rows: its number (from 1, as in the config), its query, the
    alert it is limited to (None: all) and its tag's id on each alert that has it."""

    number: int
    rule: Rule
    query: Query
    alert_id: int | None = None
    tag_ids: Mapping[int, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return one_line(self.rule.label)

    def applies_to(self, row: FeedRow) -> bool:
        return (self.alert_id is None or row.alert_id == self.alert_id) and self.query.matches(row)

    def describe(self) -> str:
        """What the rule does, in words: "tag instagram-es, favorite"."""
        return ", ".join(describe_field(f, v, self.rule.tag) for f, v in self.sets()) or "nothing"

    def sets(self) -> list[tuple[str, Any]]:
        """(field, value) the rule sets; `tags` stands for its one tag (by name)."""
        r = self.rule
        values = (
            ("tags", r.tag),
            ("folder", r.folder),
            ("tone", r.tone),
            ("read", r.read),
            ("favorite", r.favorite),
        )
        return [(name, value) for name, value in values if value is not None]


def describe_field(name: str, value: Any, tag: str | None = None) -> str:
    if name == "tags":
        return f"tag {one_line(tag or str(value))}"
    if name == "folder":
        return {"spam": "to irrelevant"}.get(value, f"to {value}")
    if name == "tone":
        return f"tone {TONE_NAMES.get(value, value)}"
    if name == "read":
        return "read" if value else "unread"
    if name == "favorite":
        return "favorite" if value else "not favorite"
    return f"{name} {value}"


def compile_rules(rules: Sequence[Rule], context: RuleContext | None = None) -> list[CompiledRule]:
    """The rules with their names resolved. Raises `RuleError` for a tag or alert name
    in a query, or a rule's `alert`, that the account does not have."""
    context = context or RuleContext()
    names = context.query_names()
    alerts_by_name = {name.casefold(): i for i, name in context.alerts.items()}
    compiled = []
    for number, rule in enumerate(rules, 1):
        where = f"rules.{number}"
        try:
            query = parse_query(rule.query, names)
        except QueryError as error:
            raise RuleError(f"{where}.query: {error}") from None
        alert_id: int | None = None
        if isinstance(rule.alert, int):
            alert_id = rule.alert
        elif isinstance(rule.alert, str):
            found = alerts_by_name.get(one_line(rule.alert).casefold())
            if found is None:
                known = ", ".join(f'"{one_line(n)}"' for n in sorted(context.alerts.values())[:6])
                raise RuleError(
                    f"{where}.alert: no alert named '{one_line(rule.alert)}'"
                    + (f" (alerts: {known})" if known else "")
                )
            alert_id = found
        tag_ids: dict[int, int] = {}
        if rule.tag is not None:
            wanted = one_line(rule.tag).casefold()  # the context's names are sanitized
            for alert, tags in context.tags.items():
                for tag_id, name in sorted(tags.items()):
                    if name.casefold() == wanted:
                        tag_ids.setdefault(alert, tag_id)
        compiled.append(CompiledRule(number, rule, query, alert_id, tag_ids))
    return compiled


def untouched(row: FeedRow) -> bool:
    """Whether the mention is as it arrived: unread, not favorited, in the inbox, with
    no tag. Only such mentions are changed by rules."""
    return (
        not row.read
        and not row.favorite
        and not row.trashed
        and row.folder == "inbox"
        and not row.tag_ids
    )


@dataclass
class RuleCount:
    """What one rule did in a plan. `matched` counts untouched mentions only; those it
    matched that the user had curated are `curated`."""

    rule: CompiledRule
    matched: int = 0
    changed: int = 0  # mentions where at least one field is this rule's
    already: int = 0  # matched, but every field it sets was already so
    curated: int = 0  # matched, but curated by the user: left alone
    fields: Counter[str] = field(default_factory=Counter)  # "tag x" -> mentions
    overridden: Counter[str] = field(default_factory=Counter)  # fields an earlier rule set
    refused: dict[int, str] = field(default_factory=dict)  # mention id -> reason

    def refusals(self) -> Counter[str]:
        """How many mentions each reason refused."""
        return Counter(self.refused.values())


@dataclass
class Planned:
    """One mention's change: the PUT body in the Curator's terms (`tags` a list of tag
    ids: the mention's own and the added ones), and which rule set each field."""

    mention_id: int
    alert_id: int
    body: dict[str, Any]
    by_rule: dict[str, tuple[int, ...]]


@dataclass
class Plan:
    rules: list[RuleCount]
    changes: dict[int, Planned] = field(default_factory=dict)  # in the rows' order
    considered: int = 0  # mentions looked at
    curated: int = 0  # of them, curated by the user: left alone

    def bodies(self) -> dict[int, dict[str, Any]]:
        """mention id -> PUT body, for `Curator.curate_each`."""
        return {mention_id: dict(p.body) for mention_id, p in self.changes.items()}


def _allowed(why_not: WhyNot | None, name: str, value: Any, mention_id: int) -> str | None:
    if why_not is None:
        return None
    action = {
        "tags": Action.TAGS,
        "folder": Action.TRASH if value == "trash" else Action.FOLDER,
        "tone": Action.TONE,
        "read": Action.READ,
        "favorite": Action.FAVORITE,
    }[name]
    return why_not(action, mention_id)


def plan(
    rules: Sequence[CompiledRule],
    rows: Iterable[FeedRow],
    *,
    curated: Collection[int] = (),
    why_not: WhyNot | None = None,
) -> Plan:
    """The changes `rules` make to `rows` (see the module's docstring for the
    semantics). `curated`: ids the user already curated (left alone whatever their
    state); `why_not`: the permission check (None: everything allowed)."""
    counts = [RuleCount(rule) for rule in rules]
    result = Plan(counts)
    for row in rows:
        result.considered += 1
        if row.id in curated or not untouched(row):
            result.curated += 1
            for count in counts:
                if count.rule.applies_to(row):
                    count.curated += 1
            continue
        planned = _plan_row(counts, row, why_not)
        if planned is not None:
            result.changes[row.id] = planned
    return result


def _plan_row(counts: list[RuleCount], row: FeedRow, why_not: WhyNot | None) -> Planned | None:
    body: dict[str, Any] = {}
    by_rule: dict[str, tuple[int, ...]] = {}
    added_tags: list[int] = []
    for count in counts:
        rule = count.rule
        if not rule.applies_to(row):  # the row as it came: never what a rule made of it
            continue
        count.matched += 1
        contributed = refused = overridden = False
        for name, value in rule.sets():
            shown = describe_field(name, value, rule.rule.tag)
            if name == "tags":
                tag_id = rule.tag_ids.get(row.alert_id)
                if tag_id is None:
                    count.refused[row.id] = (
                        f"no tag '{one_line(str(value))}' on alert {row.alert_id}"
                    )
                    refused = True
                    continue
                if tag_id in row.tag_ids or tag_id in added_tags:
                    continue  # already so (or added by an earlier rule)
                value = tag_id
            elif name in body:
                if body[name] != value:
                    count.overridden[shown] += 1
                    overridden = True
                continue
            elif getattr(row, name) == value:
                continue  # already so
            reason = _allowed(why_not, name, value, row.id)
            if reason is not None:
                count.refused[row.id] = reason
                refused = True
                continue
            if name == "tags":
                added_tags.append(value)
                body["tags"] = [*row.tag_ids, *added_tags]
            else:
                body[name] = value
            by_rule[name] = (*by_rule.get(name, ()), rule.number)
            count.fields[shown] += 1
            contributed = True
        if contributed:
            count.changed += 1
        elif not refused and not overridden:
            count.already += 1
    if not body:
        return None
    return Planned(row.id, row.alert_id, body, by_rule)
