"""The curation actions behind the one-key bindings, as a mixin of the App.

Each action builds the change (only the fields that change) and hands it to
`Session.curate`, which applies it at once, journals it for undo and writes it to the
durable outbox before the PUT goes out. The action then shows the change itself
(`_show_step`): a mention that left the view goes and the cursor lands on the next one
before the next key is handled, however close together the keys came.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from triage_tui.core.permissions import Action
from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from triage_tui.ui.app import TriageApp

FOLDER_VERB = {"archive": "archived", "spam": "marked irrelevant", "inbox": "back in the inbox"}


class CurationActions:
    """Mixin: needs the App's `session`, `feed`, `status`, `show_changed` and `_confirm`."""

    def _show_step(self: TriageApp) -> None:
        """The rows the session just changed, on the feed now rather than when their
        MentionChanged messages come round: a key already queued behind this one must
        find the cursor where this one left it."""
        if self.session is None:
            return
        rows = (self.session.row(i) for i in self.session.last_step)
        self.show_changed([r for r in rows if r is not None])

    def _targets(self: TriageApp, rule: Action) -> list[int]:
        """The selection (or the cursor's mention) minus those the rules refuse, said why."""
        if self.session is None:
            self.status.say("Not connected yet", error=True)
            return []
        ids = self.feed.selected_ids()
        allowed = [i for i in ids if self.session.why_not(rule, i) is None]
        if not allowed and ids:
            reason = self.session.why_not(rule, ids[0]) or "not allowed"
            self.status.say(f"Can't {rule.value}: {reason}", error=True)
        return allowed

    def _apply(self: TriageApp, rule: Action, change: dict[str, Any], done: str) -> None:
        asked = self.feed.selected_ids()
        ids = self._targets(rule)
        if not ids or self.session is None:
            return
        count = self.session.curate(ids, change)
        self._show_step()
        allowed = set(ids)
        left = {
            i: self.session.why_not(rule, i) or "not allowed" for i in asked if i not in allowed
        }
        self.track_bulk(self.session.last_step, left)
        if self.feed.selection:
            self.feed.clear_selection()
        if count:
            what = "1 mention" if count == 1 else f"{count} mentions"
            message = f"{what} {done} · {self._key_for('undo')} undoes"
            # A selection the rules allow only in part: the rest is said, never skipped
            # silently (the undo hint first: a narrow line clips the reason, not the hint).
            if left:
                reason = next(iter(left.values()))
                message += f" · {len(left)} left as they were: {reason}"
            self.status.say(message, error=bool(left))

    def action_toggle_read(self: TriageApp) -> None:
        row = self.feed.selected_row
        if row is None:
            return
        rows = [self.feed.row_by_id(i) for i in self.feed.selected_ids()]
        value = any(r is not None and not r.read for r in rows)
        self._apply(Action.READ, {"read": value}, "read" if value else "unread")

    def action_toggle_favorite(self: TriageApp) -> None:
        rows = [self.feed.row_by_id(i) for i in self.feed.selected_ids()]
        if not rows:
            return
        value = any(r is not None and not r.favorite for r in rows)
        # The service marks a mention read when it is favorited; so does the session.
        self._apply(Action.FAVORITE, {"favorite": value}, "★ favorite" if value else "unstarred")

    def action_trash(self: TriageApp) -> None:
        row = self.feed.selected_row
        if row is None:
            return
        # Sent as a folder move: the seeds disagree on who may set `trashed` (see
        # docs/ARCHITECTURE.md, "Where the sources disagree"); no document restricts this.
        if row.trashed or row.folder == "trash":
            self._apply(Action.TRASH, {"folder": "inbox"}, "restored")
        else:
            self._apply(Action.TRASH, {"folder": "trash"}, "trashed")

    def _to_folder(self: TriageApp, folder: str) -> None:
        change: dict[str, Any] = {"folder": folder}
        row = self.feed.selected_row
        if row is not None and row.trashed and row.folder != "trash":
            change["trashed"] = False  # trashed by the flag alone (a seed-shaped service)
        self._apply(Action.FOLDER, change, FOLDER_VERB.get(folder, f"moved to {folder}"))

    def action_archive(self: TriageApp) -> None:
        self._to_folder("archive")

    def action_spam(self: TriageApp) -> None:
        self._to_folder("spam")

    def action_inbox(self: TriageApp) -> None:
        self._to_folder("inbox")

    def action_tone(self: TriageApp, tone: int) -> None:
        names = {1: "▲ positive", 0: "· neutral", -1: "▼ negative"}
        self._apply(Action.TONE, {"tone": tone}, f"tone {names.get(tone, tone)}")

    @work(group="picker")
    async def action_move(self: TriageApp) -> None:
        from triage_tui.ui.screens.folder_picker import FolderPicker

        row = self.feed.selected_row
        if row is None or self.session is None or not self._targets(Action.FOLDER):
            return
        folders = self.session.app_data.visible_folders
        code = await self.push_screen_wait(FolderPicker(folders, row.folder))
        if code:
            self._to_folder(code)

    @work(group="picker")
    async def action_tags(self: TriageApp) -> None:
        from triage_tui.ui.screens.tag_picker import TagPicker

        row = self.feed.selected_row
        if row is None or self.session is None or not self._targets(Action.TAGS):
            return
        tags = self.session.tags.get(row.alert_id, [])
        can_create = self.session.why_not(Action.CREATE_TAG, row.id) is None
        result = await self.push_screen_wait(
            TagPicker(tags, set(row.tag_ids), can_create=can_create)
        )
        if result is None:
            return
        tag_ids = set(result.tag_ids)
        if result.create:
            try:
                tag = await self.session.create_tag(row.alert_id, result.create)
            except Exception as error:  # a refusal is shown, never a crash
                self.status.say(f"Tag not created: {one_line(str(error))}", error=True)
                return
            tag_ids.add(tag.id)
        self._apply(Action.TAGS, {"tags": sorted(tag_ids)}, "tagged")

    @work(group="confirm")
    async def action_mark_seen_read(self: TriageApp) -> None:
        """The unread mentions of this view that stayed on screen for a moment before the
        key (MentionFeed.note_seen): never one that arrived after the user last looked."""
        if self.session is None:
            return
        seen = self.feed.seen
        unread = [r.id for r in self.feed.visible_rows() if not r.read]
        ids = [i for i in unread if i in seen and self.session.why_not(Action.READ, i) is None]
        unseen = sum(1 for i in unread if i not in seen)
        if not ids:
            self.status.say("Nothing unread that you have seen in this view")
            return
        what = "1 mention" if len(ids) == 1 else f"{len(ids)} mentions"
        later = "mentions that arrive from now on stay unread"
        if unseen:
            later = f"the {unseen} unread not on screen yet, and {later}"
        if await self._confirm(
            f"Mark the {what} you have seen in this view read?",
            f"Only those: {later}. {self._key_for('undo')} undoes.",
        ):
            count = self.session.curate(ids, {"read": True})
            self._show_step()
            self.track_bulk(self.session.last_step)
            self.status.say(f"{count} marked read · {self._key_for('undo')} undoes")

    @work(group="confirm")
    async def action_mark_alert_read(self: TriageApp) -> None:
        """The service's whole-alert mark-all-read: asked separately, names the alert."""
        row = self.feed.selected_row
        if row is None or self.session is None:
            return
        alert = self.session.alerts.get(row.alert_id)
        name = one_line(alert.name if alert else str(row.alert_id))
        if self.session.why_not(Action.READ, row.id) is not None:
            self.status.say(f"Can't mark {name} read: read-only", error=True)
            return
        if await self._confirm(
            f"Mark EVERY mention of alert “{name}” read?",
            "This is the service's mark-all-read for the whole alert, "
            "including mentions not loaded here. It cannot be undone.",
        ):
            try:
                await self.session.mark_all_read(row.alert_id)
            except Exception as error:
                self.status.say(f"Mark-all-read failed: {one_line(str(error))}", error=True)
                return
            self.status.say(f"All of {name} marked read")

    def action_undo(self: TriageApp) -> None:
        if self.session is None:
            return
        if self.session.undo():
            self._show_step()
            self.track_bulk(self.session.last_step)
            # Not the action's own message any more; the keys as the user's keymap has them.
            self.status.say(f"Undone · {self._key_for('redo')} redoes")
        else:
            self.status.say("Nothing to undo")

    def action_redo(self: TriageApp) -> None:
        if self.session is None:
            return
        if self.session.redo():
            self._show_step()
            self.track_bulk(self.session.last_step)
            self.status.say(f"Redone · {self._key_for('undo')} undoes")
        else:
            self.status.say("Nothing to redo")
