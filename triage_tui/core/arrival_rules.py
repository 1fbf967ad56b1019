"""Triage rules on arrivals: the config's rules with `on_arrival = true`, applied by the
app to mentions as the stream brings them. An `ArrivalRules` the Session composes.

- **What counts as an arrival**: what the stream brings (live lines, and its replay of
  what came while the app was away: both are mentions the user has not seen). Not the
  cached rows a session opens on, not the inbox back-fill at start, nor the list pages
  that fill a gap or a folder view: those are older mentions, which `mention-triage
  rules apply` is for.
- **Planned as `mention-triage rules` plans** (core/rules.py): each rule tested on the
  mention as it came, and only untouched mentions, never one the user curated: changed
  in this session (the Curator's touched ids), waiting in the outbox, or in an undo or
  redo step. Each chunk is planned once, before the rows are shown: a rule's change is
  never tested by the rules again (no loops), and the rows reach the screen already
  changed (the feed model is deferred: it places them at its next `show_new`).
- **Applied as the user's keys are** (`Curator.curate_each`): the outbox first, then the
  PUTs, one step per chunk, but on the journal's RULES stack, apart from the user's undo
  stack, so `u` always undoes the user's own last action. `Session.undo_rules` undoes the
  last rule step (what still stands of it) as a user action.
- **Said**: one `Notice` per rule per chunk, "Rule ‹label› tagged x 2 mentions (“title”,
  “title”…)", one line, every string already sanitized. What a rule could not do (a
  read-only alert, a mention the service will not let change) is said once per rule and
  reason in a session, as a warning that says it is not repeated: said on every arrival
  it would bury the status line.
- **Paused** for this session on request (the palette): arrivals are then left alone
  (not applied later either: resuming acts on what arrives from then on).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from triage_tui.core.config_rules import Rule
from triage_tui.core.curator import Curated, Curator
from triage_tui.core.events import Notice, SessionEvent
from triage_tui.core.journal import RULES
from triage_tui.core.message_log import short_title
from triage_tui.core.rows import FeedRow
from triage_tui.core.rules import (
    CompiledRule,
    Plan,
    RuleContext,
    RuleError,
    WhyNot,
    compile_rules,
    plan,
    untouched,
)
from triage_tui.core.sanitize import one_line
from triage_tui.core.store import Store

#: Titles named in a notice; the rest are counted in it.
TITLES_SAID = 2
#: A rule's label is cut to this many characters in a notice.
LABEL_SAID = 40


class ArrivalRules:
    def __init__(
        self,
        curator: Curator,
        store: Store,
        why_not: WhyNot,
        on_event: Callable[[SessionEvent], None],
    ) -> None:
        self._curator = curator
        self._store = store
        self._why_not = why_not
        self._on_event = on_event
        self.rules: list[CompiledRule] = []  # those with on_arrival, in the config's order
        self.paused = False
        self._journal_ids: set[int] | None = None  # read once, when first needed
        self._refusals_said: set[tuple[int, str]] = set()  # (rule number, reason)

    def use(self, rules: Sequence[Rule], context: RuleContext) -> str | None:
        """The config's rules, resolved against the account's names; only those with
        `on_arrival` act. Returns what to say, else None: a rule naming an alert, or a
        tag in its query, that the account lacks turns them all off (as `rules apply`
        refuses to run); one whose `tag` no alert has is left out."""
        self.rules = []
        if not any(rule.on_arrival for rule in rules):
            return None
        try:
            compiled = compile_rules(rules, context)
        except RuleError as error:
            return f"rules on arrivals are off: {error}"
        self.rules = [c for c in compiled if c.rule.on_arrival]
        tagless = [c for c in self.rules if c.rule.tag is not None and not c.tag_ids]
        if tagless:  # it could only be refused, mention after mention: off, said once
            self.rules = [c for c in self.rules if c not in tagless]
            return "; ".join(
                f"rules.{c.number}.tag: no alert has a tag named '{one_line(c.rule.tag or '')}'"
                " (rules never create tags): that rule is off on arrivals"
                for c in tagless
            )
        return None

    @property
    def active(self) -> bool:
        return bool(self.rules) and not self.paused

    def arrived(self, rows: Sequence[FeedRow]) -> Curated | None:
        """Rows the stream just brought (held by the feed model, not yet shown): the
        rules' changes made and said. None: nothing to do."""
        if not self.active or not rows:
            return None
        candidates = [row for row in rows if untouched(row) and self._any_rule(row)]
        if not candidates:
            return None
        result = plan(self.rules, candidates, curated=self._curated(), why_not=self._why_not)
        for line in refusals(result, self._refusals_said):
            self._on_event(Notice(line, "warning"))
        if not result.changes:
            return None
        titles = {row.id: row.title for row in candidates}
        done = self._curator.curate_each(result.bodies(), stack=RULES)
        for line in notices(result, set(done.changed), titles):
            self._on_event(Notice(line))
        return done

    def _any_rule(self, row: FeedRow) -> bool:
        return any(rule.applies_to(row) for rule in self.rules)

    def _curated(self) -> _Curated:
        if self._journal_ids is None:  # this session's own steps are in the touched ids
            self._journal_ids = self._store.journal_mention_ids()
        waiting = {mention_id for mention_id, _ in self._store.outbox_all()}
        return _Curated(self._curator.touched_ids(), self._journal_ids, waiting)


class _Curated:
    """Ids the user curated: any of the sets (read live, never copied)."""

    def __init__(self, *sets: Any) -> None:
        self._sets = sets

    def __contains__(self, mention_id: object) -> bool:
        return any(mention_id in s for s in self._sets)

    def __iter__(self) -> Iterator[int]:
        seen: set[int] = set()
        for s in self._sets:
            for mention_id in s:
                if mention_id not in seen:
                    seen.add(mention_id)
                    yield mention_id

    def __len__(self) -> int:
        return sum(1 for _ in self)


def refusals(result: Plan, said: set[tuple[int, str]]) -> list[str]:
    """One line per rule and reason of refusal not `said` yet (added to it): what the
    rule could not do, and that it will not be said again this session."""
    lines = []
    for count in result.rules:
        for reason, n in count.refusals().items():
            if (count.rule.number, reason) in said:
                continue
            said.add((count.rule.number, reason))
            what = f"{n} mention" + ("s" if n != 1 else "")
            lines.append(
                f"Rule ‹{_label(count.rule)}› could not change {what}: {one_line(reason)}"
                " (not said again this session)"
            )
    return lines


def _label(rule: CompiledRule) -> str:
    label = one_line(rule.rule.label)
    return label if len(label) <= LABEL_SAID else label[: LABEL_SAID - 1].rstrip() + "…"


def notices(result: Plan, changed: set[int], titles: dict[int, str]) -> list[str]:
    """One line per rule that changed mentions: what it did and to which."""
    lines = []
    for count in result.rules:
        rule = count.rule
        ids = [
            i
            for i, planned in result.changes.items()
            if i in changed and any(rule.number in n for n in planned.by_rule.values())
        ]
        if not ids:
            continue
        did = _did(rule, result, ids)
        named = ", ".join(short_title(titles.get(i, "")) for i in ids[:TITLES_SAID])
        more = "…" if len(ids) > TITLES_SAID else ""
        what = f"{len(ids)} mention" + ("s" if len(ids) != 1 else "")
        lines.append(f"Rule ‹{_label(rule)}› {did} {what} ({named}{more})")
    return lines


def _did(rule: CompiledRule, result: Plan, ids: list[int]) -> str:
    """What the rule did to these mentions, as verbs: "tagged urgent and favorited"."""
    fields = {
        name for i in ids for name, by in result.changes[i].by_rule.items() if rule.number in by
    }
    verbs = [_verb(name, value, rule.rule.tag) for name, value in rule.sets() if name in fields]
    if len(verbs) > 1:
        return ", ".join(verbs[:-1]) + " and " + verbs[-1]
    return verbs[0] if verbs else "changed"


def _verb(name: str, value: Any, tag: str | None) -> str:
    if name == "tags":
        return f"tagged {one_line(tag or '')}"
    if name == "folder":
        return {
            "archive": "archived",
            "spam": "moved to irrelevant",
            "trash": "trashed",
            "inbox": "kept in the inbox",
        }.get(value, f"moved to {one_line(str(value))}")
    if name == "tone":
        return {
            -1: "set tone negative on",
            0: "set tone neutral on",
            1: "set tone positive on",
        }.get(value, "set the tone of")
    if name == "read":
        return "marked read" if value else "marked unread"
    if name == "favorite":
        return "favorited" if value else "unfavorited"
    return f"changed {name} of"
