"""The curation actions behind the one-key bindings: a plain object the App holds
(`app.curation`); the App's `action_*` methods (what the bindings name) delegate to it.

Each action builds the change (only the fields that change) and hands it to
`Session.curate`, which checks the rules once per mention, applies the change at once,
journals it for undo and writes it to the durable outbox before the PUT goes out; it
answers what it changed and what the rules refused. The action then shows the change
itself (`_show`): a mention that left the view goes and the cursor lands on the next one
before the next key is handled, however close together the keys came.

One key per decision (#20): archive, trash and irrelevant take the mention out of the
Inbox view and the cursor lands on the next one (act and advance); the config's
`[quick_tags]` give each tag used most a key of its own (`quick_tag`); `.` does the
last action again on the mention under the cursor (`repeat`), with the values it set
(a favorite, not a toggle; a tag added by name, not the old mention's tag list).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textual.binding import BindingsMap
from textual.screen import Screen

from triage_tui.core.config_rules import QuickTags
from triage_tui.core.permissions import Action
from triage_tui.core.rows import FeedRow
from triage_tui.core.sanitize import one_line
from triage_tui.ui.inbox_zero import InboxHost, InboxZero
from triage_tui.ui.quick_tag_keys import bind_quick_tag_keys

if TYPE_CHECKING:
    from triage_tui.core.curator import Curated
    from triage_tui.ui.widgets.status import StatusLine

T = TypeVar("T")

FOLDER_VERB = {"archive": "archived", "spam": "marked irrelevant", "inbox": "back in the inbox"}


class CurationHost(InboxHost, Protocol):
    """What the curation actions need of the main screen (and, through InboxHost, what
    the inbox-zero summary needs: the session, feed, view, filter, clock and notify)."""

    @property
    def status(self) -> StatusLine: ...

    def show_changed(self, rows: Iterable[FeedRow]) -> None: ...

    def track_bulk(self, mention_ids: list[int], left: dict[int, str] | None = None) -> None: ...

    def key_for(self, action: str) -> str: ...

    async def confirm(self, question: str, detail: str = "") -> bool: ...

    async def push_screen_wait(self, screen: Screen[T]) -> T: ...


class CurationActions:
    """The curation keys: each builds a change for the selection (or the cursor's mention)
    and hands it to the session."""

    def __init__(self, host: CurationHost, quick_tags: QuickTags | None = None) -> None:
        self.host = host
        self.inbox_zero = InboxZero(host)  # the decisions counted, said at inbox zero
        self.quick_tags = quick_tags or QuickTags()
        self.quick_keys: list[str] = []  # the quick-tag keys bound, by action index
        self._again: Callable[[], None] | None = None  # what `.` does (the last action)

    # ---- quick tags and repeat ----------------------------------------------------------

    def bind_quick_tags(self, bindings: BindingsMap, keymap: Mapping[str, str]) -> list[str]:
        """Bind each `[quick_tags]` key (ui/quick_tag_keys.py); returns what could not be
        bound, said by the screen."""
        self.quick_keys, problems = bind_quick_tag_keys(self.quick_tags, bindings, keymap)
        return problems

    def repeat(self) -> None:
        """`.`: the last curation action again, on the selection or the cursor's mention."""
        if self._again is None:
            self.host.status.say("Nothing to repeat yet")
            return
        self._again()

    def _tag_id(self, alert_id: int, name: str) -> int | None:
        session = self.host.session
        tags = session.tags.get(alert_id, []) if session is not None else []
        wanted = name.casefold()
        return next((t.id for t in tags if t.name.casefold() == wanted), None)

    def quick_tag(self, index: int) -> None:
        """A `[quick_tags]` key: its tag added to the selection (or the cursor's mention),
        or removed when every one of them has it already."""
        names = self._quick_names(index)
        if names is None:
            return
        feed = self.host.feed
        add = False
        for mention_id, name in names.items():
            row, tag = feed.row_by_id(mention_id), self._row_tag(mention_id, name)
            add = add or (row is not None and tag is not None and tag not in row.tag_ids)
        self._quick(index, add)

    def _row_tag(self, mention_id: int, name: str) -> int | None:
        row = self.host.feed.row_by_id(mention_id)
        return self._tag_id(row.alert_id, name) if row is not None else None

    def _quick_names(self, index: int) -> dict[int, str] | None:
        """mention id -> the tag name the quick key stands for on its alert; None (said
        why) when it stands for nothing here."""
        session = self.host.session
        feed = self.host.feed
        if session is None or not 0 <= index < len(self.quick_keys):
            return None
        key = self.quick_keys[index]
        names: dict[int, str] = {}
        for mention_id in feed.selected_ids():
            row = feed.row_by_id(mention_id)
            if row is None:
                continue
            alert = session.alerts.get(row.alert_id)
            name = self.quick_tags.tag_for(key, row.alert_id, alert.name if alert else "")
            if name is not None:
                names[mention_id] = name
        if not names:
            self.host.status.say(f"{key}: no quick tag for this alert", error=True)
            return None
        if all(self._row_tag(i, n) is None for i, n in names.items()):
            name = one_line(next(iter(names.values())))
            self.host.status.say(f"No tag “{name}” on this alert", error=True)
            return None
        return names

    def _quick(self, index: int, add: bool) -> None:
        names = self._quick_names(index)
        if names is not None:
            self._retag({i: [(n, add)] for i, n in names.items()}, lambda: self._quick(index, add))

    def _retag(
        self, wanted: Mapping[int, list[tuple[str, bool]]], again: Callable[[], None]
    ) -> None:
        """Per mention, tags (by name, of the mention's alert) added or removed, all as
        one undo step. A name its alert has no tag for, or already so, is left."""
        session = self.host.session
        feed = self.host.feed
        if session is None:
            return
        changes: dict[int, dict[str, Any]] = {}
        said: list[str] = []
        for mention_id, edits in wanted.items():
            row = feed.row_by_id(mention_id)
            if row is None:
                continue
            tags = set(row.tag_ids)
            for name, add in edits:
                tag = self._tag_id(row.alert_id, name)
                if tag is None:
                    continue
                tags = tags | {tag} if add else tags - {tag}
                word = ("+#" if add else "-#") + one_line(name)
                if word not in said:
                    said.append(word)
            if tags != set(row.tag_ids):
                changes[mention_id] = {"tags": sorted(tags)}
        if not changes:
            self.host.status.say("Tags unchanged: already so")
            return
        inbox_before = self.inbox_zero.shown()
        result = session.curator.curate_each(changes)
        change = next(iter(changes.values()))
        done = "tagged " + " ".join(said)
        self._done(Action.TAGS, list(changes), change, done, result, inbox_before, again)

    def _show(self, mention_ids: Iterable[int]) -> None:
        """The rows the session just changed, on the feed now rather than when their
        MentionChanged messages come round: a key already queued behind this one must
        find the cursor where this one left it."""
        session = self.host.session
        if session is None:
            return
        rows = (session.row(i) for i in mention_ids)
        self.host.show_changed([r for r in rows if r is not None])

    def _allowed_any(self, rule: Action) -> bool:
        """Whether the rules allow `rule` on any of the selection (or the cursor's
        mention); if not, said why."""
        session = self.host.session
        if session is None:
            self.host.status.say("Not connected yet", error=True)
            return False
        ids = self.host.feed.selected_ids()
        for i in ids:
            if session.why_not(rule, i) is None:
                return True
        if ids:
            reason = session.why_not(rule, ids[0]) or "not allowed"
            self.host.status.say(f"Can't {rule.value}: {reason}", error=True)
        return False

    def _apply(
        self,
        rule: Action,
        change: dict[str, Any],
        done: str,
        again: Callable[[], None] | None = None,
    ) -> None:
        """`change` on the selection (or the cursor's mention); `again`: what `.` does
        next (by default, this same change)."""
        session = self.host.session
        if session is None:
            self.host.status.say("Not connected yet", error=True)
            return
        feed = self.host.feed
        asked = feed.selected_ids()
        if not asked:
            return
        inbox_before = self.inbox_zero.shown()
        # The rules are asked once per mention, by the session.
        result = session.curate(asked, change, rule=rule)
        if again is None:
            again = lambda: self._apply(rule, change, done)  # noqa: E731
        self._done(rule, asked, change, done, result, inbox_before, again)

    def _done(
        self,
        rule: Action,
        asked: list[int],
        change: Mapping[str, Any],
        done: str,
        result: Curated,
        inbox_before: int,
        again: Callable[[], None],
    ) -> None:
        """What a key changed, shown and said; `.` does `again` from now on."""
        feed = self.host.feed
        if not result.changed:
            if result.refused:
                reason = result.refused.get(asked[0]) or "not allowed"
                self.host.status.say(f"Can't {rule.value}: {reason}", error=True)
            return
        self._again = again
        self._show(result.changed)
        left = result.refused
        self.host.track_bulk(list(result.changed), left)
        if feed.selection:
            feed.clear_selection()
        self.inbox_zero.decided(change, int(result), inbox_before)
        count = int(result)
        if count:
            what = "1 mention" if count == 1 else f"{count} mentions"
            message = f"{what} {done} · {self.host.key_for('undo')} undoes"
            # A selection the rules allow only in part: the rest is said, never skipped
            # silently (the undo hint first: a narrow line clips the reason, not the hint).
            if left:
                reason = next(iter(left.values()))
                message += f" · {len(left)} left as they were: {reason}"
            self.host.status.say(message, error=bool(left))

    def toggle_read(self) -> None:
        row = self.host.feed.selected_row
        if row is None:
            return
        rows = [self.host.feed.row_by_id(i) for i in self.host.feed.selected_ids()]
        value = any(r is not None and not r.read for r in rows)
        self._apply(Action.READ, {"read": value}, "read" if value else "unread")

    def toggle_favorite(self) -> None:
        rows = [self.host.feed.row_by_id(i) for i in self.host.feed.selected_ids()]
        if not rows:
            return
        value = any(r is not None and not r.favorite for r in rows)
        # The service marks a mention read when it is favorited; so does the session.
        self._apply(Action.FAVORITE, {"favorite": value}, "★ favorite" if value else "unstarred")

    def trash(self) -> None:
        row = self.host.feed.selected_row
        if row is None:
            return
        # Sent as a folder move: the seeds disagree on who may set `trashed` (see
        # docs/ARCHITECTURE.md, "Where the sources disagree"); no document restricts this.
        if row.trashed or row.folder == "trash":
            self._apply(Action.TRASH, {"folder": "inbox"}, "restored")
        else:
            self._apply(Action.TRASH, {"folder": "trash"}, "trashed")

    def _to_folder(self, folder: str) -> None:
        change: dict[str, Any] = {"folder": folder}
        row = self.host.feed.selected_row
        if row is not None and row.trashed and row.folder != "trash":
            change["trashed"] = False  # trashed by the flag alone (a seed-shaped service)
        verb = FOLDER_VERB.get(folder, f"moved to {folder}")
        self._apply(Action.FOLDER, change, verb, lambda: self._to_folder(folder))

    def archive(self) -> None:
        self._to_folder("archive")

    def spam(self) -> None:
        self._to_folder("spam")

    def inbox(self) -> None:
        self._to_folder("inbox")

    def tone(self, tone: int) -> None:
        names = {1: "▲ positive", 0: "· neutral", -1: "▼ negative"}
        self._apply(
            Action.TONE, {"tone": tone}, f"tone {names.get(tone, tone)}", lambda: self.tone(tone)
        )

    async def move(self) -> None:
        from triage_tui.ui.screens.folder_picker import FolderPicker

        row = self.host.feed.selected_row
        session = self.host.session
        if row is None or session is None or not self._allowed_any(Action.FOLDER):
            return
        folders = session.app_data.visible_folders
        code = await self.host.push_screen_wait(FolderPicker(folders, row.folder))
        if code:
            self._to_folder(code)

    async def tags(self) -> None:
        from triage_tui.ui.screens.tag_picker import TagPicker

        row = self.host.feed.selected_row
        session = self.host.session
        if row is None or session is None or not self._allowed_any(Action.TAGS):
            return
        tags = session.tags.get(row.alert_id, [])
        can_create = session.why_not(Action.CREATE_TAG, row.id) is None
        result = await self.host.push_screen_wait(
            TagPicker(tags, set(row.tag_ids), can_create=can_create)
        )
        if result is None:
            return
        tag_ids = set(result.tag_ids)
        if result.create:
            try:
                tag = await session.create_tag(row.alert_id, result.create)
            except Exception as error:  # a refusal is shown, never a crash
                self.host.status.say(f"Tag not created: {one_line(str(error))}", error=True)
                return
            tag_ids.add(tag.id)
        names = {t.id: t.name for t in session.tags.get(row.alert_id, [])}
        diff = [(names[i], True) for i in sorted(tag_ids - set(row.tag_ids)) if i in names]
        diff += [(names[i], False) for i in sorted(set(row.tag_ids) - tag_ids) if i in names]
        feed = self.host.feed

        def again() -> None:  # the same names added and removed, on the next mention(s)
            self._retag({i: diff for i in feed.selected_ids()}, again)

        self._apply(Action.TAGS, {"tags": sorted(tag_ids)}, "tagged", again)

    async def mark_seen_read(self) -> None:
        """The unread mentions of this view that stayed on screen for a moment before the
        key (MentionFeed.note_seen): never one that arrived after the user last looked."""
        session = self.host.session
        if session is None:
            return
        feed = self.host.feed
        seen = feed.seen
        unread = feed.model.unread_ids()
        ids = [i for i in unread if i in seen and session.why_not(Action.READ, i) is None]
        unseen = sum(1 for i in unread if i not in seen)
        if not ids:
            self.host.status.say("Nothing unread that you have seen in this view")
            return
        what = "1 mention" if len(ids) == 1 else f"{len(ids)} mentions"
        later = "mentions that arrive from now on stay unread"
        if unseen:
            later = f"the {unseen} unread not on screen yet, and {later}"
        undo_key = self.host.key_for("undo")
        if await self.host.confirm(
            f"Mark the {what} you have seen in this view read?",
            f"Only those: {later}. {undo_key} undoes.",
        ):
            inbox_before = self.inbox_zero.shown()
            result = session.curate(ids, {"read": True})
            self._show(result.changed)
            self.host.track_bulk(list(result.changed))
            self.inbox_zero.decided({"read": True}, int(result), inbox_before)
            self.host.status.say(f"{int(result)} marked read · {self.host.key_for('undo')} undoes")

    async def mark_alert_read(self) -> None:
        """The service's whole-alert mark-all-read: asked separately, names the alert."""
        row = self.host.feed.selected_row
        session = self.host.session
        if row is None or session is None:
            return
        alert = session.alerts.get(row.alert_id)
        name = one_line(alert.name if alert else str(row.alert_id))
        if session.why_not(Action.READ, row.id) is not None:
            self.host.status.say(f"Can't mark {name} read: read-only", error=True)
            return
        if await self.host.confirm(
            f"Mark EVERY mention of alert “{name}” read?",
            "This is the service's mark-all-read for the whole alert, "
            "including mentions not loaded here. It cannot be undone.",
        ):
            try:
                await session.mark_all_read(row.alert_id)
            except Exception as error:
                self.host.status.say(f"Mark-all-read failed: {one_line(str(error))}", error=True)
                return
            self.host.status.say(f"All of {name} marked read")

    def undo(self) -> None:
        session = self.host.session
        if session is None:
            return
        step = session.undo()
        if step is not None:
            self.inbox_zero.tally.record_undo()
            self._show(step.changed)
            self.host.track_bulk(list(step.changed))
            # Not the action's own message any more; the keys as the user's keymap has them.
            self.host.status.say(f"Undone · {self.host.key_for('redo')} redoes")
        else:
            self.host.status.say("Nothing to undo")

    def redo(self) -> None:
        session = self.host.session
        if session is None:
            return
        step = session.redo()
        if step is not None:
            self.inbox_zero.tally.record_undo(redo=True)
            self._show(step.changed)
            self.host.track_bulk(list(step.changed))
            self.host.status.say(f"Redone · {self.host.key_for('undo')} undoes")
        else:
            self.host.status.say("Nothing to redo")
