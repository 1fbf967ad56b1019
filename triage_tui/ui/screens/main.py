"""The main screen: status line, live feed, detail pane, bulk bar, filter, footer.

It handles the Session's messages (the App posts them here: the screen stays mounted,
and keeps them coming, while a modal is open) and the keys. What the keys do lives in
plain objects it composes, each given what it needs: `KeyGate` (which keys the mention
under the cursor allows), `CurationActions`, `TaskActions`, `ArrivalPacer` (when rows
the Session took are shown), `BulkReport`, `MentionLinks` and `SessionNews` (what the
Session's messages change on the widgets: the handlers below hand it their events).

Invariant (from Harlequin): the Session's tasks never touch widgets. They call the App's
`_post_event`, which posts a Textual message; the handlers below change the widgets on
the event loop. Workers started here (pickers, children) run on the event loop and may.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.events import Key, Resize
from textual.screen import Screen
from textual.widgets import Footer

from triage_tui.core.notify import Notifier
from triage_tui.core.rows import FeedRow
from triage_tui.ui.arrivals import ArrivalPacer
from triage_tui.ui.bindings import SAVED_VIEW_KEYS, SCREEN_BINDINGS
from triage_tui.ui.bulk_report import BulkReport
from triage_tui.ui.curation import CurationActions
from triage_tui.ui.mention_links import MentionLinks
from triage_tui.ui.messages import (
    ActionDone,
    ActionRefused,
    ConnectionUpdate,
    NoticePosted,
    OutboxUpdate,
    RowChanged,
    RowsArrived,
    SessionFailed,
    SessionReady,
)
from triage_tui.ui.older import OlderLoader
from triage_tui.ui.permissions import KeyGate
from triage_tui.ui.resume import Place, PlaceKeeper
from triage_tui.ui.rule_actions import RuleActions
from triage_tui.ui.said import Said
from triage_tui.ui.session_news import SessionNews
from triage_tui.ui.tasks import TaskActions
from triage_tui.ui.typed_ahead import TypedAhead
from triage_tui.ui.view_filter import ViewFilter
from triage_tui.ui.views import View
from triage_tui.ui.widgets.bulk_bar import BulkBar
from triage_tui.ui.widgets.detail import DetailPane
from triage_tui.ui.widgets.feed import MentionFeed
from triage_tui.ui.widgets.filter_bar import FilterBar
from triage_tui.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from triage_tui.core.config_rules import QuickTags
    from triage_tui.core.query import QueryNames
    from triage_tui.core.session import Session

T = TypeVar("T")

#: Side by side from this width; detail below the feed under it (80x24 included).
WIDE_LAYOUT_MIN = 120


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [*SCREEN_BINDINGS]

    def __init__(
        self,
        *,
        clock: Callable[[], float],
        saved_views: dict[str, str],
        notifier: Notifier,
        quick_tags: QuickTags | None = None,
    ) -> None:
        super().__init__(id="main-screen")
        self.clock = clock
        self.saved_views = saved_views
        self.notifier = notifier
        self.session: Session | None = None  # given by SessionReady
        self.views = ViewFilter(self, saved_views)  # the view and the `/` filter
        self.places = PlaceKeeper(self)  # where the user was, kept at exit (ui/resume.py)
        self.resume_place: Place | None = None  # given by the App from the last exit
        self.status = StatusLine(id="status")
        self.feed = MentionFeed(clock=clock, id="feed")
        self.detail = DetailPane(id="detail")
        self.bulk_bar = BulkBar(id="bulk")
        self.keys = KeyGate(self)  # which curation keys the mention under the cursor allows
        self.curation = CurationActions(self, quick_tags)
        self.task_keys = TaskActions(self)
        self.arrivals = ArrivalPacer(self)
        self.links = MentionLinks(self)
        self.rules = RuleActions(self)  # the palette's commands for rules on arrivals
        self.said = Said(self)  # what the status line says, into the message log (L)
        self.older = OlderLoader(self)  # folder views: older mentions from the list endpoint
        self.bulk = BulkReport(self.bulk_bar, self.status, self.set_timer, self._toast_report)
        self.typed_ahead = TypedAhead(self)  # keys typed behind a key opening a modal
        self.news = SessionNews(self)  # the Session's messages onto the widgets

    def compose(self) -> ComposeResult:
        yield self.status
        with Container(id="main"):
            yield self.feed
            yield self.detail
        yield self.bulk_bar
        yield FilterBar(self.query_names, id="filter")
        yield Footer()

    def on_mount(self) -> None:
        self._bind_saved_views()
        for problem in self.curation.bind_quick_tags(self._bindings, self.app_keymap()):
            self.notify(problem, severity="warning", markup=False, timeout=10)
        self._relayout(self.app.size.width)
        self.feed.set_filter(self.view.predicate)
        self.status.view = self.view.title
        self.feed.focus()
        self.set_interval(0.5, self.news.tick)
        self.keys.remember_shown()

    def on_resize(self, event: Resize) -> None:
        self._relayout(event.size.width)

    def _relayout(self, width: int) -> None:
        self.query_one("#main").set_class(width >= WIDE_LAYOUT_MIN, "-wide")

    def action_toggle_detail(self) -> None:
        self.query_one("#main").toggle_class("-detail-hidden")
        if self.detail.has_focus:  # hidden: the keys go back to the feed
            self.feed.focus()

    # ---- what the composed objects ask of the screen -------------------------------------

    async def push_screen_wait(self, screen: Screen[T]) -> T:
        """The modal's answer. Keys typed while it was being opened are handed to it
        once it is up (see `modal_flow`)."""
        return await self.typed_ahead.push_screen_wait(screen)

    def modal_flow(self, flow: Callable[[], Awaitable[None]], *, group: str) -> None:
        """Run a key's flow that opens a modal from a worker (a picker, a question):
        the keys typed behind its key are the modal's (ui/typed_ahead.py)."""
        self.typed_ahead.run(flow, group=group)

    async def confirm(self, question: str, detail: str = "") -> bool:
        from triage_tui.ui.screens.confirm import ConfirmScreen

        return await self.push_screen_wait(ConfirmScreen(question, detail=detail))

    def copy_to_clipboard(self, text: str) -> None:
        self.app.copy_to_clipboard(text)

    def track_bulk(self, mention_ids: list[int], left: dict[int, str] | None = None) -> None:
        self.bulk.track(mention_ids, left)

    def app_keymap(self) -> dict[str, str]:
        """The user's `[keymap]` (the quick-tag keys must not take a remapped key)."""
        return dict(getattr(self.app, "user_keymap", {}))

    def key_for(self, action: str) -> str:
        for _key, active in self.app.active_bindings.items():
            if active.binding.action == action:
                return self.app.get_key_display(active.binding)
        return "?"

    def _toast_report(self, report: str) -> None:
        self.said.record(report, error=True)
        self.notify(report, title="Bulk action", severity="error", markup=False, timeout=20)

    # ---- keys: what the mention under the cursor allows (ui/permissions.py) -------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter" and self.query_one(FilterBar).has_class("-open"):
            return False  # `/` is a character of the query being typed
        return self.keys.check_action(action, parameters)

    def on_key(self, event: Key) -> None:
        # Keys reach this handler before the bindings run: a key that opens a modal
        # starts the holding here, and the keys queued behind it are held for it.
        if self.typed_ahead.on_key(event):
            return
        self.feed.user_moved = True  # any key, not only movement: arrivals never move it now
        self.keys.on_key(event)

    # ---- the Session's messages: ui/session_news.py does the work ---------------------

    def on_session_ready(self, message: SessionReady) -> None:
        self.news.ready(message.session)

    def on_session_failed(self, message: SessionFailed) -> None:
        self.news.failed(message.reason, rejected=message.rejected)

    def on_rows_arrived(self, message: RowsArrived) -> None:
        self.news.rows_arrived(message.event)

    def on_row_changed(self, message: RowChanged) -> None:
        self.news.show_changed([message.event.row], keep_cursor=True)  # see show_changed

    def show_changed(self, rows: Iterable[FeedRow], *, keep_cursor: bool = False) -> None:
        self.news.show_changed(rows, keep_cursor=keep_cursor)

    def on_connection_update(self, message: ConnectionUpdate) -> None:
        self.news.connection(message.event)

    def on_outbox_update(self, message: OutboxUpdate) -> None:
        self.status.pending = message.event.pending

    def on_action_refused(self, message: ActionRefused) -> None:
        self.news.refused(message.event)

    def on_action_done(self, message: ActionDone) -> None:
        self.bulk.settled(message.event.mention_id)

    def on_notice_posted(self, message: NoticePosted) -> None:
        self.news.notice(message.event)

    # ---- the mention under the cursor ---------------------------------------------------

    @on(MentionFeed.CursorMoved)
    def _cursor_moved(self, message: MentionFeed.CursorMoved) -> None:
        self.show_detail(message.row)
        self.keys.refresh_if_changed()

    @on(MentionFeed.NewAbove)
    def _new_above(self, message: MentionFeed.NewAbove) -> None:
        self.status.new_above = message.count

    @on(MentionFeed.NearEnd)
    def _near_end(self, _: MentionFeed.NearEnd) -> None:
        self.older.near_end()

    @on(MentionFeed.SelectionChanged)
    def _selection_changed(self, message: MentionFeed.SelectionChanged) -> None:
        self.status.selected = message.count
        self.keys.refresh_if_changed()  # keys now act on (and are allowed by) the selection

    def show_detail(self, row: FeedRow | None) -> None:
        self.news.show_detail(row)

    @work(group="children", exclusive=True)
    async def action_load_children(self) -> None:
        await self.links.load_children()
        row = self.feed.selected_row
        if row is not None and self.links.children(row.id) is not None:
            self.detail.reveal_children()  # in view, not below the fold

    def action_open_pager(self) -> None:
        from triage_tui.ui.screens.pager import open_pager

        open_pager(self)

    def action_message_log(self) -> None:
        from triage_tui.ui.screens.message_log import MessageLogScreen

        self.app.push_screen(MessageLogScreen(self.said.log, clock=self.clock))

    def action_open_url(self) -> None:
        self.links.open_url()

    def action_copy_url(self) -> None:
        self.links.copy_url()

    def action_next_unread(self) -> None:
        self.feed.move_to_next(lambda r: not r.read, forward=True)

    def action_previous_unread(self) -> None:
        self.feed.move_to_next(lambda r: not r.read, forward=False)

    # ---- curation keys: the bindings name these; ui/curation.py does the work ----------

    def action_toggle_read(self) -> None:
        self.curation.toggle_read()

    def action_toggle_favorite(self) -> None:
        self.curation.toggle_favorite()

    def action_assign_task(self) -> None:
        self.modal_flow(self.task_keys.assign, group="picker")

    def action_complete_task(self) -> None:
        self.modal_flow(self.task_keys.complete, group="picker")

    def action_trash(self) -> None:
        self.curation.trash()

    def action_archive(self) -> None:
        self.curation.archive()

    def action_spam(self) -> None:
        self.curation.spam()

    def action_inbox(self) -> None:
        self.curation.inbox()

    def action_tone(self, tone: int) -> None:
        self.curation.tone(tone)

    def action_move(self) -> None:
        self.modal_flow(self.curation.move, group="picker")

    def action_tags(self) -> None:
        self.modal_flow(self.curation.tags, group="picker")

    def action_mark_seen_read(self) -> None:
        self.modal_flow(self.curation.mark_seen_read, group="confirm")

    def action_mark_alert_read(self) -> None:
        self.modal_flow(self.curation.mark_alert_read, group="confirm")

    def action_undo(self) -> None:
        self.curation.undo()

    def action_quick_tag(self, index: int) -> None:
        self.curation.quick_tag(index)

    def action_repeat(self) -> None:
        self.curation.repeat()

    def action_redo(self) -> None:
        self.curation.redo()

    # ---- views and the filter: the keys; ui/view_filter.py does the work --------------

    @property
    def view(self) -> View:
        return self.views.view

    @property
    def query_text(self) -> str:
        return self.views.query_text

    @property
    def saved_view(self) -> str | None:
        return self.views.saved_view

    def counts_changed(self) -> None:
        self.news.counts_changed()

    def view_changed(self) -> None:
        self.older.view_changed()

    def action_view(self, key: str) -> None:
        self.views.show_view(key)

    def action_toggle_order(self) -> None:
        """The feed ordered by the other time: published, or found by Mention."""
        self.set_order("found" if self.feed.order == "published" else "published")

    def set_order(self, order: str) -> None:
        """The feed ordered by `order` ("published" or "found"); the time column and the
        status line follow, and the cursor stays on its mention."""
        self.feed.set_order(order)
        self.status.order = self.feed.order

    def _bind_saved_views(self) -> None:
        """Saved views from the config, one key each (8, 9, 0)."""
        for n, (name, _query) in enumerate(list(self.saved_views.items())[: len(SAVED_VIEW_KEYS)]):
            self._bindings.bind(SAVED_VIEW_KEYS[n], f"saved_view({n})", description=name[:20])

    def action_saved_view(self, index: int) -> None:
        self.views.show_saved(index)

    def restore_query(self, text: str) -> None:
        self.views.restore_query(text)

    async def action_filter(self) -> None:
        await self.query_one(FilterBar).open(self.query_text)

    def action_clear_filter(self) -> None:
        self.views.clear_query()

    @on(FilterBar.Submitted)
    def _filter_submitted(self, message: FilterBar.Submitted) -> None:
        self.views.submit(message.text, message.predicate)
        self.feed.focus()

    @on(FilterBar.Cancelled)
    def _filter_cancelled(self, _: FilterBar.Cancelled) -> None:
        self.feed.focus()

    def query_names(self) -> QueryNames:
        return self.views.query_names()

    def alert_names(self) -> dict[int, str]:
        return self.views.alert_names()

    def action_goto_alert(self) -> None:
        self.modal_flow(self._goto_alert, group="picker")

    async def _goto_alert(self) -> None:
        from triage_tui.ui.screens.alert_picker import AlertPicker

        if self.session is None:
            self.status.say("Go to alert: not connected yet", error=True)
            return
        views = self.views
        chosen = await self.push_screen_wait(AlertPicker(views.alert_names(), views.alert_shown()))
        if chosen is not None:
            views.go_to_alert(chosen)

    def alert_shown(self) -> int | None:
        return self.views.alert_shown()

    def go_to_alert(self, alert_id: int) -> None:
        self.views.go_to_alert(alert_id)

    # ---- other screens ------------------------------------------------------------------

    def action_alert_stats(self) -> None:
        from triage_tui.ui.screens.stats import open_stats

        open_stats(self)

    def action_shares(self) -> None:
        # A modal flow: the keys typed right behind S are the shares screen's (without
        # it they went through the feed, and a refused curation key said why under it).
        self.modal_flow(self._shares, group="shares")

    async def _shares(self) -> None:
        from triage_tui.ui.screens.shares import SharesScreen

        if self.session is None:
            self.status.say("Shares: not connected yet", error=True)
            return
        row = self.feed.selected_row
        alerts = list(self.session.alerts)
        alert_id = (
            row.alert_id if row else self.alert_shown() or (alerts[0] if len(alerts) == 1 else None)
        )
        if alert_id is None:  # which alert's? the view has no mention to tell
            goto = self.key_for("goto_alert")
            self.status.say(f"Shares: no mention here to tell the alert; {goto} goes to one")
            return
        alert = self.session.alerts.get(alert_id)
        await self.typed_ahead.push_screen(
            SharesScreen(
                self.session,
                alert_id,
                alert.name if alert else str(alert_id),
                self.session.level(alert_id),
            )
        )
