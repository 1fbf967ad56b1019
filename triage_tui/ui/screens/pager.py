"""The pager (Enter): the mention under the feed's cursor, full screen, as in mutt.

A view of what the main screen's detail pane shows, drawn by the same renderer
(`render_detail`) with every field and the replies in full: the pager follows the pane
(`DetailPane.on_shown`), so it is always the mention under the feed's cursor, and every
change the main screen shows (a key's, the service's answer, replies loaded) shows here.

Its curation keys are the main screen's bindings (same ids, remapped with them), gated by
a `KeyGate` of its own and running the main screen's actions: one implementation. While
the pager is open they act on the mention it shows only; a selection on the feed is put
aside and given back on the way out.

After a key that takes the mention out of the view (archive, trash, irrelevant, move),
the pager shows the one the feed's cursor moved to, the next, as mutt does; undo brings
back the one that left. When the view is left empty the pager closes. `q`/Esc go back to
the feed with the cursor where the pager left it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.content import Content
from textual.events import Key
from textual.timer import Timer

from triage_tui.core.message_log import LogEntry
from triage_tui.core.sanitize import one_line
from triage_tui.ui.bindings import PAGER_BINDINGS
from triage_tui.ui.permissions import KeyGate
from triage_tui.ui.screens.reader import ReaderBody, ReaderScreen
from triage_tui.ui.timefmt import absolute
from triage_tui.ui.widgets.detail import SHOWN_CHARS, DetailContext, render_detail
from triage_tui.ui.widgets.status import MESSAGE_SECONDS

if TYPE_CHECKING:
    from triage_tui.api.models import Mention
    from triage_tui.core.session import Session
    from triage_tui.ui.screens.main import MainScreen
    from triage_tui.ui.widgets.feed import MentionFeed
    from triage_tui.ui.widgets.status import StatusLine

MUTED = "$text-muted"
LABEL_STYLE = "bold $text-secondary"


def _value(value: object) -> str:
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    return one_line(text[:SHOWN_CHARS])


def more_fields(mention: Mention, now: float) -> list[Content]:
    """What the detail pane leaves out: the service's ids, scores, reach, metadata and the
    mention's own permissions, each sanitized and literal."""
    fields: list[tuple[str, object]] = [
        ("Id", mention.id),
        ("Unique id", mention.unique_id),
        ("Parent", mention.parent_id),
        ("Updated", absolute(mention.updated_at.ns, now) if mention.updated_at else None),
        ("Tone score", mention.tone_score),
        ("Relevance", mention.relevance_score),
        ("Reach", mention.direct_reach),
        ("Cumulative", mention.cumulative_reach),
        ("Site reach", mention.domain_reach),
        ("Site shown", mention.display_site),
        ("Foldered by", "you" if mention.folder_set_by_user else None),
        ("Picture", mention.picture_url),
        ("Permits", mention.permissions or None),
    ]
    author = mention.author_influence
    if author is not None:
        fields += [("Author URL", author.url), ("Author kind", author.kind)]
    lines = [Content.styled("More fields", "bold $text-accent")]
    for label, value in fields:
        if value is None or value == "":
            continue
        lines.append(Content.assemble((f"{label:<12}", LABEL_STYLE), _value(value)))
    for key, value in sorted((mention.metadata or {}).items()):
        label = one_line(str(key))[:11]
        lines.append(Content.assemble((f"{label:<12}", LABEL_STYLE), _value(value)))
    return lines


class PagerScreen(ReaderScreen):
    BINDINGS = [*PAGER_BINDINGS]  # (a list display: typed as Screen.BINDINGS)

    def __init__(self, main: MainScreen) -> None:
        super().__init__(id="pager")
        self.main = main
        self.keys = KeyGate(self)  # the curation keys the shown mention allows
        self.shown_id: int | None = None
        self._left: int | None = None  # the mention a key took out of the view
        self._put_aside: set[int] = set()  # the feed's selection while the pager is open
        self._stop_listening: Callable[[], None] | None = None
        self._fade: Timer | None = None

    # ---- what the key gate needs (KeyHost): the main screen's session, feed, status -----

    @property
    def session(self) -> Session | None:
        return self.main.session

    @property
    def feed(self) -> MentionFeed:
        return self.main.feed

    @property
    def status(self) -> StatusLine:
        return self.main.status

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.keys.check_action(action, parameters)

    def on_key(self, event: Key) -> None:
        # `t`, `m`, `a`, `A` open the main screen's pickers from a worker: the keys typed
        # right behind them are the picker's, held by the main screen's TypedAhead (the
        # same as on the feed), not the pager's commands.
        if self.main.typed_ahead.on_key(event):
            return
        self.keys.on_key(event)

    # ---- following the feed's cursor ----------------------------------------------------

    def on_mount(self) -> None:
        feed = self.feed
        feed.user_moved = True  # the user chose this mention: arrivals never move it now
        if feed.selection:
            self._put_aside = set(feed.selection)
            feed.clear_selection()
        # The config's quick-tag keys act here too, where the pager leaves them free.
        for index, key in enumerate(self.main.curation.quick_keys):
            if key not in self._bindings.key_to_bindings:
                self._bindings.bind(key, f"quick_tag({index})", show=False)
        self.main.detail.on_shown = self._shown
        self._stop_listening = self.main.said.log.listen(self._said)
        self.main.show_detail(feed.selected_row)  # fresh, and drawn here through _shown

    def on_unmount(self) -> None:
        if self.main.detail.on_shown == self._shown:
            self.main.detail.on_shown = None
        if self._stop_listening is not None:
            self._stop_listening()
        feed = self.feed
        back = {i for i in self._put_aside if feed.shows(i)}
        if back:
            feed.selection = back
            feed.refresh()
            feed.post_message(feed.SelectionChanged(len(back)))

    def _shown(self, mention: Mention | None, ctx: DetailContext | None) -> None:
        """The main screen showed `mention` in its detail pane: show it here too."""
        if not self.query(ReaderBody):
            return  # the app is closing: this screen's widgets are gone already
        if mention is None or ctx is None:
            if self.is_attached and self.app.screen is self:
                self.main.status.say("Nothing left in this view")
                self.dismiss(None)
            return
        mention_id = int(mention.id)
        if mention_id != self.shown_id:
            self.body.scroll_home(animate=False)
            self.shown_id = mention_id
        body = render_detail(mention, replace(ctx, children_in_full=True))
        self.set_body(Content("\n").join([body, Content(""), *more_fields(mention, ctx.now)]))
        self._heading()
        self.keys.refresh_if_changed()

    def _heading(self) -> None:
        main, feed = self.main, self.feed
        where = main.view.title + (f" /{one_line(main.query_text)}" if main.query_text else "")
        position = f"{feed.cursor_index + 1} of {feed.visible_count}"
        self.set_head(
            Content.assemble(
                (one_line(where), "bold"),
                f" · mention {position}",
                (
                    f" · {main.key_for('next_mention')}/{main.key_for('previous_mention')}"
                    " next/previous",
                    MUTED,
                ),
            )
        )

    def _follow(self) -> None:
        """After a key: if the feed's cursor is on another mention now (the shown one left
        the view), show that one before the next key is handled."""
        row = self.feed.selected_row
        if row is None:
            self._shown(None, None)
        elif row.id != self.shown_id:
            if self.shown_id is not None and not self.feed.shows(self.shown_id):
                self._left = self.shown_id
            self.main.show_detail(row)

    def _said(self, entry: LogEntry) -> None:
        """The main screen's status line is under this screen: its messages show here."""
        style = "bold $text-error" if entry.error else "$text-accent"
        glyph = "✗ " if entry.error else ""
        text = entry.text if not entry.title else f"{entry.title}: {entry.text}"
        self.say(Content.styled(glyph + text, style))
        if self._fade is not None:
            self._fade.stop()
        self._fade = self.set_timer(MESSAGE_SECONDS, self._unsay)

    def _unsay(self) -> None:
        self._fade = None
        self.say(None)

    # ---- moving -------------------------------------------------------------------------

    def action_next_mention(self) -> None:
        self.feed.action_cursor_down()
        self._follow()

    def action_previous_mention(self) -> None:
        self.feed.action_cursor_up()
        self._follow()

    def action_next_unread(self) -> None:
        self.main.action_next_unread()
        self._follow()

    def action_previous_unread(self) -> None:
        self.main.action_previous_unread()
        self._follow()

    # ---- the main screen's actions, on the mention shown --------------------------------

    def action_toggle_read(self) -> None:
        self.main.action_toggle_read()
        self._follow()

    def action_toggle_favorite(self) -> None:
        self.main.action_toggle_favorite()
        self._follow()

    def action_archive(self) -> None:
        self.main.action_archive()
        self._follow()

    def action_trash(self) -> None:
        self.main.action_trash()
        self._follow()

    def action_spam(self) -> None:
        self.main.action_spam()
        self._follow()

    def action_inbox(self) -> None:
        self.main.action_inbox()
        self._follow()

    def action_tone(self, tone: int) -> None:
        self.main.action_tone(tone)
        self._follow()

    def action_quick_tag(self, index: int) -> None:
        self.main.action_quick_tag(index)
        self._follow()

    def action_repeat(self) -> None:
        self.main.action_repeat()
        self._follow()

    def action_move(self) -> None:
        self.main.action_move()  # a picker: the feed's change shows here when it is made

    def action_tags(self) -> None:
        self.main.action_tags()

    def action_assign_task(self) -> None:
        self.main.action_assign_task()

    def action_complete_task(self) -> None:
        self.main.action_complete_task()

    def action_undo(self) -> None:
        self.main.action_undo()
        left = self._left
        if left is not None and self.feed.shows(left):  # back in the view: show it again
            self._left = None
            self.feed.jump_to_id(left)
        self._follow()

    def action_redo(self) -> None:
        self.main.action_redo()
        self._follow()

    def action_load_children(self) -> None:
        self.main.action_load_children()  # the replies show here, in full, once loaded

    def action_open_url(self) -> None:
        self.main.action_open_url()

    def action_copy_url(self) -> None:
        self.main.action_copy_url()

    def action_message_log(self) -> None:
        self.main.action_message_log()


def open_pager(main: MainScreen) -> None:
    """Enter on the feed: the mention under the cursor, full screen."""
    if main.session is None or main.feed.selected_row is None:
        main.status.say("No mention here to read")
        return
    main.app.push_screen(PagerScreen(main))
