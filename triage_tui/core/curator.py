"""Curation, undo and redo, and the service's values on a curated row: the `Curator`,
an object the `Session` composes.

Every action changes the rows at once, is written to the durable outbox before its PUT
goes out, and is recorded as one undo step. The Curator is given what it works on (the
feed model, store, outbox, journal, the permission check and the event callback); the
Session hands it the outbox's answers once it has stored the service's copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, KeysView, Mapping, Sequence
from typing import Any

from triage_tui.api.models import CURATE_FIELDS, Mention
from triage_tui.core.convert import (
    CURATED_ROW_FIELDS,
    curated_state,
    curated_values,
    row_values,
    to_row,
)
from triage_tui.core.events import MentionChanged, SessionEvent
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.journal import REDO, RULES, UNDO, Change, Journal
from triage_tui.core.outbox import OutboxSender
from triage_tui.core.permissions import Action
from triage_tui.core.rows import FeedRow
from triage_tui.core.store import Store

#: Why a mention may not take an action (None: it may); the Session's check.
WhyNot = Callable[[Action, int], "str | None"]


class Curated(int):
    """What `curate` did: an int (how many mentions changed, as it always returned), with
    the ids changed and the ids refused by the rules, each with the reason."""

    changed: tuple[int, ...]
    refused: dict[int, str]

    def __new__(
        cls, changed: Sequence[int] = (), refused: Mapping[int, str] | None = None
    ) -> Curated:
        result = super().__new__(cls, len(changed))
        result.changed = tuple(changed)
        result.refused = dict(refused or {})
        return result


class Curator:
    """Curation with undo and redo over the Session's feed model, store and outbox."""

    def __init__(
        self,
        feed: FeedModel,
        store: Store,
        outbox: OutboxSender,
        journal: Journal,
        why_not: WhyNot,
        on_event: Callable[[SessionEvent], None],
        on_count: Callable[[int], None],
    ) -> None:
        self.feed = feed
        self.store = store
        self.outbox = outbox
        self.journal = journal
        self.why_not = why_not
        self.on_event = on_event
        self.on_count = on_count
        self.clock = 0  # local events: a list page older than a local change is stale
        self._touched: dict[int, int] = {}  # mention id -> clock of its last local change
        # Mentions whose action the service refused, its copy (which undoes the action
        # here) not shown yet: a list page that brings it is not someone else's change.
        self.refusing: set[int] = set()

    # ---- curation, undo, redo -------------------------------------------------------------

    def curate(
        self, mention_ids: Sequence[int], change: Mapping[str, Any], rule: Action | None = None
    ) -> Curated:
        """`rule`: the permission to check (by default, the one the change's fields need)."""
        change = {k: v for k, v in change.items() if k in CURATE_FIELDS}
        if not change:
            return Curated()  # nothing the service would take: no empty PUT, no undo step
        action = rule or _action_for(change)
        changes: dict[int, dict[str, Any]] = {}
        refused: dict[int, str] = {}
        for i in mention_ids:  # the rules are asked once per mention
            reason = self.why_not(action, i) if i in self.feed else "unknown mention"
            if reason is None:
                changes[i] = dict(change)
            else:
                refused[i] = reason
        return Curated(self._apply_step(changes, stack=UNDO, new_action=True), refused)

    def curate_each(
        self, changes: Mapping[int, Mapping[str, Any]], *, stack: str = UNDO
    ) -> Curated:
        """A change of its own for each mention (the triage rules' plan, core/rules.py),
        all as one undo step. Each mention is checked for every action its change needs;
        one refused leaves that mention out (reported in `refused`). `stack`: UNDO, the
        user's own action; RULES, the rules on arrivals (kept apart, see `undo_rules`)."""
        checked: dict[int, dict[str, Any]] = {}
        refused: dict[int, str] = {}
        for mention_id, change in changes.items():
            fields = {k: v for k, v in change.items() if k in CURATE_FIELDS}
            if not fields:
                continue
            if mention_id not in self.feed:
                refused[mention_id] = "unknown mention"
                continue
            reasons = (self.why_not(action, mention_id) for action in _actions_for(fields))
            reason = next((r for r in reasons if r is not None), None)
            if reason is None:
                checked[mention_id] = fields
            else:
                refused[mention_id] = reason
        step = self._apply_step(checked, stack=stack, new_action=stack == UNDO)
        return Curated(step, refused)

    def undo(self) -> Curated | None:
        """The last step undone (the mentions it changed back); None: nothing to undo."""
        return self._replay(UNDO, REDO)

    def redo(self) -> Curated | None:
        """The last undone step done again; None: nothing to redo."""
        return self._replay(REDO, UNDO)

    def undo_rules(self) -> Curated | None:
        """The last step the rules on arrivals made, undone as the user's own action (one
        undo step: `u` puts the rules' change back). Only what still stands is put back:
        a field the user changed since is left as the user made it, and only the tags the
        rules added are taken off. None: no rule change to undo."""
        step = self.journal.pop(RULES)
        if step is None:
            return None
        changes: dict[int, dict[str, Any]] = {}
        for change in step:
            row = self.feed.row(change.mention_id)
            back = _still_standing(row, change) if row is not None else {}
            if back:
                changes[change.mention_id] = back
        return Curated(self._apply_step(changes, stack=UNDO, new_action=True))

    def mark_seen_read(self, mention_ids: Sequence[int]) -> Curated:
        """Exactly these mentions (those still unread), as one undo step."""
        unread = [i for i in mention_ids if (r := self.feed.row(i)) is not None and not r.read]
        return self.curate(unread, {"read": True})

    def _apply_step(
        self, changes: dict[int, dict[str, Any]], *, stack: str, new_action: bool = False
    ) -> list[int]:
        """The changes applied as one step; the ids it changed."""
        step: list[Change] = []
        for mention_id, change in changes.items():
            row = self.feed.row(mention_id)
            assert row is not None  # the callers only pass mentions held
            before = row_values(row, change)
            fields = {k: v for k, v in change.items() if k in CURATE_FIELDS}
            for body in _bodies(fields):
                self.feed.change(mention_id, curated_values(row, body))
                # Durable before the PUT goes out: the outbox is written first.
                self.store.outbox_add(
                    mention_id, row.alert_id, body, coalesce_after=self.outbox.coalesce_after
                )
            self.touch(mention_id)
            step.append(Change(mention_id, before, fields))
            self.on_event(MentionChanged(row))
        if step:
            if new_action:
                self.journal.record(step)
            else:
                self.journal.push(stack, step)
            self.on_count(self.store.outbox_count())
            self.outbox.kick()
        return [c.mention_id for c in step]

    def _replay(self, source: str, target: str) -> Curated | None:
        step = self.journal.pop(source)
        if step is None:
            return None
        # Apply the values from before the step; _apply_step records the values it replaces
        # on the other stack, so redo (and undo of a redo) is the same operation.
        changes = {c.mention_id: c.before for c in step if c.mention_id in self.feed}
        return Curated(self._apply_step(changes, stack=target))

    # ---- local changes and the service's values -------------------------------------------

    def touch(self, mention_id: int) -> None:
        """A local change to the mention, now (by the local clock)."""
        self.clock += 1
        self._touched[mention_id] = self.clock

    def touched_ids(self) -> KeysView[int]:
        """Every mention changed locally in this session (curation, undo, rules, marked
        read): a live view, not a copy."""
        return self._touched.keys()

    def changed_after(self, mention_id: int, clock: int) -> bool:
        """Whether a local change came to the mention after local clock `clock`."""
        return self._touched.get(mention_id, -1) > clock

    def mark_read(self, rows: Iterable[FeedRow]) -> None:
        """These rows read, as the service already has them (no PUT, no undo step)."""
        for row in rows:
            if not row.read:
                self.feed.change(row.id, {"read": True})
                self.touch(row.id)
                self.on_event(MentionChanged(row))

    def show_truth(self, mention_id: int, result: Mention) -> bool:
        """Show the service's values on the row, unless more local changes wait; whether
        the row changed."""
        if self.store.outbox_pending_for(mention_id):
            return False  # more local changes are queued: the screen already shows them
        row = self.feed.row(mention_id)
        truth = to_row(result)
        if row is None or not _differs(row, truth):
            return False
        self.feed.change(mention_id, {n: getattr(truth, n) for n in CURATED_ROW_FIELDS})
        self.on_event(MentionChanged(row))
        return True


def _bodies(fields: dict[str, Any]) -> list[dict[str, Any]]:
    """PUT bodies with the effect of `fields` set in order. Favorite marks read on the
    service, so 'favorite, yet unread' (an undo can ask for it) takes two."""
    if fields.get("favorite") is True and fields.get("read") is False:
        first = {k: v for k, v in fields.items() if k != "read"}
        return [first, {"read": False}]
    return [fields]


def _still_standing(row: FeedRow, change: Change) -> dict[str, Any]:
    """The values that undo `change` on `row` where the row still has what the change
    set: the fields changed since are left alone; tags lose only those it added."""
    before, after = change.before, change.after
    back: dict[str, Any] = {}
    for name, value in after.items():
        if name == "tags":
            added = set(value) - set(before.get("tags", ()))
            if added & set(row.tag_ids):
                back["tags"] = [t for t in row.tag_ids if t not in added]
        elif name in ("folder", "trashed"):
            if getattr(row, name) == value:
                back["folder"] = before.get("folder", row.folder)
                back["trashed"] = before.get("trashed", row.trashed)
        elif name in before and getattr(row, name, None) == value:
            back[name] = before[name]
            if name == "favorite" and "read" in before and "read" not in after:
                back.setdefault("read", before["read"])  # favoriting marked it read
    return back


def _differs(a: FeedRow, b: FeedRow) -> bool:
    return curated_state(a) != curated_state(b)


def _actions_for(change: Mapping[str, Any]) -> list[Action]:
    """Every action a change needs, one per field (trash is a folder move to trash)."""
    actions = []
    for name in change:
        if name == "folder":
            actions.append(Action.TRASH if change[name] == "trash" else Action.FOLDER)
        elif name == "trashed":
            actions.append(Action.TRASH)
        else:
            actions.append(
                {"tags": Action.TAGS, "tone": Action.TONE, "favorite": Action.FAVORITE}.get(
                    name, Action.READ
                )
            )
    return actions


def _action_for(change: Mapping[str, Any]) -> Action:
    if "tags" in change:
        return Action.TAGS
    if "tone" in change:
        return Action.TONE
    if "trashed" in change:
        return Action.TRASH
    if "folder" in change:
        return Action.FOLDER
    if "favorite" in change:
        return Action.FAVORITE
    return Action.READ
