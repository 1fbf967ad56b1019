"""The curation actions behind the one-key bindings: a plain object the App holds
(`app.curation`); the App's `action_*` methods (what the bindings name) delegate to it.

Each action builds the change (only the fields that change) and hands it to
`Session.curate`, which checks the rules once per mention, applies the change at once,
journals it for undo and writes it to the durable outbox before the PUT goes out; it
answers what it changed and what the rules refused. The action then shows the change
itself (`_show`): a mention that left the view goes and the cursor lands on the next one
before the next key is handled, however close together the keys came.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textual.screen import Screen

from triage_tui.core.decision_tally import DecisionTally
from triage_tui.core.permissions import Action
from triage_tui.core.rows import FeedRow
from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from triage_tui.core.session import Session
    from triage_tui.ui.views import View
    from triage_tui.ui.widgets.feed import MentionFeed
    from triage_tui.ui.widgets.status import StatusLine

T = TypeVar("T")

FOLDER_VERB = {"archive": "archived", "spam": "marked irrelevant", "inbox": "back in the inbox"}


class CurationHost(Protocol):
    """What the curation actions need of the App."""

    @property
    def session(self) -> Session | None: ...

    @property
    def feed(self) -> MentionFeed: ...

    @property
    def status(self) -> StatusLine: ...

    @property
    def view(self) -> View: ...

    @property
    def query_text(self) -> str: ...

    @property
    def clock(self) -> Callable[[], float]: ...

    def notify(
        self, message: str, *, title: str = "", timeout: float | None = None, markup: bool = True
    ) -> None: ...

    def show_changed(self, rows: Iterable[FeedRow]) -> None: ...

    def track_bulk(self, mention_ids: list[int], left: dict[int, str] | None = None) -> None: ...

    def key_for(self, action: str) -> str: ...

    async def confirm(self, question: str, detail: str = "") -> bool: ...

    async def push_screen_wait(self, screen: Screen[T]) -> T: ...


class CurationActions:
    """The curation keys: each builds a change for the selection (or the cursor's mention)
    and hands it to the session."""

    def __init__(self, host: CurationHost) -> None:
        self.host = host
        self.tally = DecisionTally()  # what the keys decided, for the inbox-zero summary

    def _decided(self, change: Mapping[str, Any], count: int, inbox_before: int) -> None:
        """Count what a key changed; if it emptied the Inbox view, say what the session
        did. Only the Inbox view with no `/` filter, and only when the session holds no
        inbox mention the feed has not shown yet."""
        self.tally.record(change, count, self.host.clock())
        self._said_if_inbox_zero(inbox_before)

    def _inbox_shown(self) -> int:
        """How many mentions the Inbox view shows (-1: another view or a filter)."""
        if self.host.view.key != "inbox" or self.host.query_text:
            return -1
        return self.host.feed.visible_count

    def _said_if_inbox_zero(self, before: int) -> None:
        session = self.host.session
        if before <= 0 or self._inbox_shown() != 0 or session is None:
            return
        if any(r.folder == "inbox" and not r.trashed for r in session.rows()):
            return  # arrivals not painted yet: not zero for long
        self.host.notify(
            self.tally.summary(self.host.clock()),
            title="Inbox zero",
            timeout=20,
            markup=False,
        )

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

    def _apply(self, rule: Action, change: dict[str, Any], done: str) -> None:
        session = self.host.session
        if session is None:
            self.host.status.say("Not connected yet", error=True)
            return
        feed = self.host.feed
        asked = feed.selected_ids()
        if not asked:
            return
        inbox_before = self._inbox_shown()
        # The rules are asked once per mention, by the session.
        result = session.curate(asked, change, rule=rule)
        if not result.changed:
            if result.refused:
                reason = result.refused.get(asked[0]) or "not allowed"
                self.host.status.say(f"Can't {rule.value}: {reason}", error=True)
            return
        self._show(result.changed)
        left = result.refused
        self.host.track_bulk(list(result.changed), left)
        if feed.selection:
            feed.clear_selection()
        self._decided(change, int(result), inbox_before)
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
        self._apply(Action.FOLDER, change, FOLDER_VERB.get(folder, f"moved to {folder}"))

    def archive(self) -> None:
        self._to_folder("archive")

    def spam(self) -> None:
        self._to_folder("spam")

    def inbox(self) -> None:
        self._to_folder("inbox")

    def tone(self, tone: int) -> None:
        names = {1: "▲ positive", 0: "· neutral", -1: "▼ negative"}
        self._apply(Action.TONE, {"tone": tone}, f"tone {names.get(tone, tone)}")

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
        self._apply(Action.TAGS, {"tags": sorted(tag_ids)}, "tagged")

    async def mark_seen_read(self) -> None:
        """The unread mentions of this view that stayed on screen for a moment before the
        key (MentionFeed.note_seen): never one that arrived after the user last looked."""
        session = self.host.session
        if session is None:
            return
        feed = self.host.feed
        seen = feed.seen
        unread = [r.id for r in feed.visible_rows() if not r.read]
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
            inbox_before = self._inbox_shown()
            result = session.curate(ids, {"read": True})
            self._show(result.changed)
            self.host.track_bulk(list(result.changed))
            self._decided({"read": True}, int(result), inbox_before)
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
            self.tally.record_undo()
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
            self.tally.record_undo(redo=True)
            self._show(step.changed)
            self.host.track_bulk(list(step.changed))
            self.host.status.say(f"Redone · {self.host.key_for('undo')} undoes")
        else:
            self.host.status.say("Nothing to redo")
