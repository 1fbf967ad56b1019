"""The triage app: status line, live feed, detail pane, footer; one key per curation.

Invariant (from Harlequin): background work never touches widgets. The Session calls
`_post_event` from its tasks; that posts a Textual message, and the handlers below change
the widgets on the event loop.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Container
from textual.events import Key, Resize
from textual.screen import Screen
from textual.widgets import Footer

from triage_tui.api.log import get_logger
from triage_tui.core.bulk import BulkProgress
from triage_tui.core.events import TOKEN_REJECTED, Connection, SessionEvent
from triage_tui.core.links import open_in_browser, remote_session
from triage_tui.core.notify import Notifier
from triage_tui.core.rows import FeedRow
from triage_tui.core.sanitize import one_line
from triage_tui.core.settings import SyncSettings
from triage_tui.core.store import Store
from triage_tui.core.urls import NOT_PLAIN, plain_web_url
from triage_tui.core.watch import match_views
from triage_tui.ui.arrivals import ArrivalPacer
from triage_tui.ui.bindings import APP_BINDINGS, SAVED_VIEW_KEYS
from triage_tui.ui.connect import ConnectInfo
from triage_tui.ui.curation import CurationActions
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
    to_message,
)
from triage_tui.ui.palette import PaletteCommands
from triage_tui.ui.permissions import KeyGate
from triage_tui.ui.tasks import TaskActions
from triage_tui.ui.views import BUILTIN_VIEWS, View, combine
from triage_tui.ui.widgets.bulk_bar import BulkBar
from triage_tui.ui.widgets.detail import DetailContext, DetailPane
from triage_tui.ui.widgets.feed import MentionFeed
from triage_tui.ui.widgets.filter_bar import FilterBar
from triage_tui.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from triage_tui.core.query import QueryNames
    from triage_tui.core.session import Session

log = get_logger("app")
#: A bulk action's progress bar appears only if it is still going after this long.
BULK_BAR_DELAY = 0.3

#: Side by side from this width; detail below the feed under it (80x24 included).
WIDE_LAYOUT_MIN = 120

#: The collector's young generation is collected after this many new containers, not
#: Python's 700: a replay makes a few per mention, nearly all kept (rows), and the
#: default ran ~100 passes per 10,000 mentions, ~4% of ingesting them.
YOUNG_COLLECTION_AFTER = 10_000


def styles_path() -> Path:
    """The copy inside the package when installed from a wheel (pyproject.toml's
    force-include puts styles/ there), else the repo's styles/ in a checkout. The package's
    copy comes first: beside an installed package, `../styles` could be anything."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "_styles" / "app.tcss"
    return installed if installed.exists() else package.parent / "styles" / "app.tcss"


class TriageApp(App[int]):
    TITLE = "mention-triage"
    CSS_PATH = str(styles_path())
    BINDINGS = APP_BINDINGS
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        connect: ConnectInfo | Callable[[], ConnectInfo],
        *,
        store: Store | None = None,
        settings: SyncSettings | None = None,
        clock: Callable[[], float] = time.time,
        keymap: dict[str, str] | None = None,
        saved_views: dict[str, str] | None = None,
        theme: str | None = None,
        notify: str = "off",
    ) -> None:
        super().__init__()
        self.keys = KeyGate(self)  # which curation keys the mention under the cursor allows
        self.curation = CurationActions(self)  # the curation keys (ui/curation.py)
        self.palette = PaletteCommands(
            self.get_key_display, self.run_action, self.action_mark_alert_read
        )
        self.connect = connect
        self.store = store
        self.settings = settings
        self.clock = clock
        self.user_keymap = dict(keymap or {})
        self.saved_views = dict(saved_views or {})
        self.session: Session | None = None
        self.view: View = BUILTIN_VIEWS["inbox"]
        self.query_text = ""
        self._query_predicate: Callable[[FeedRow], bool] | None = None
        self._children: dict[int, list[Any]] = {}
        self.task_keys = TaskActions(self)  # assign and complete tasks (ui/tasks.py)
        self._bulk: BulkProgress | None = None
        self.arrivals = ArrivalPacer(self, on_shown=self._notify_arrivals)  # ui/arrivals.py
        self.notifier = Notifier(notify, self._write_to_terminal, self.set_timer)
        self.crash_report: str | None = None  # one line, once a crash was logged
        if theme:
            self.theme = theme

    def _fatal_error(self) -> None:
        """A crash: its traceback into the log file and one line for the launcher to print
        (`crash_report`). Outside the command line (no log file), crash output WITHOUT
        local variables (Textual shows them by default): a frame's locals can hold the
        access token, and crash output gets pasted into bug reports."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        from triage_tui.core.logs import crash_line, write_crash

        self.bell()
        error = sys.exc_info()[1] or self._exception
        path = write_crash(error) if error is not None else None
        if error is not None and path is not None:
            self.crash_report = crash_line(error, path)
            self._close_messages_no_wait()
            return
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    # ---- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self._widgets = {
            "status": StatusLine(id="status"),
            "feed": MentionFeed(clock=self.clock, id="feed"),
            "detail": DetailPane(id="detail"),
            "bulk": BulkBar(id="bulk"),
        }
        yield self._widgets["status"]
        with Container(id="main"):
            yield self._widgets["feed"]
            yield self._widgets["detail"]
        yield self._widgets["bulk"]
        yield FilterBar(id="filter")
        yield Footer()

    # The main screen's widgets, held directly: `query_one` searches the *active* screen,
    # which is a modal while one is open, and session events keep arriving meanwhile.
    @property
    def feed(self) -> MentionFeed:
        return self._widgets["feed"]  # type: ignore[return-value]

    @property
    def status(self) -> StatusLine:
        return self._widgets["status"]  # type: ignore[return-value]

    @property
    def detail(self) -> DetailPane:
        return self._widgets["detail"]  # type: ignore[return-value]

    def on_mount(self) -> None:
        if self.user_keymap:
            from triage_tui.ui.keymap import keymap_problems

            self.set_keymap(self.user_keymap)
            for problem in keymap_problems(self.user_keymap):
                self.notify(problem, severity="warning", markup=False, timeout=10)
        self._bind_saved_views()
        self._relayout(self.size.width)
        self.feed.set_filter(self.view.predicate)
        self.status.view = self.view.title
        self.feed.focus()
        self.set_interval(0.5, self._refresh_counts)
        self.keys.remember_shown()

    def on_ready(self) -> None:
        # Everything built so far (Textual, the screen) lives as long as the app: keep it
        # out of the collector's full passes, which otherwise stall the screen for 50-90 ms
        # each while a replay pours in. The CLI turned the collector off until this first
        # frame; it is on from here.
        gc.freeze()
        gc.set_threshold(YOUNG_COLLECTION_AFTER, *gc.get_threshold()[1:])
        gc.enable()
        # After the first frame: connecting (and the demo's simulator) never delays it.
        self._open_session()

    def on_resize(self, event: Resize) -> None:
        self._relayout(event.size.width)

    def _relayout(self, width: int) -> None:
        self.feed.parent.set_class(width >= WIDE_LAYOUT_MIN, "-wide")  # type: ignore[union-attr]

    def _write_to_terminal(self, text: str) -> None:
        """Raw bytes for the terminal (a bell, a notification): only from our own code."""
        if self._driver is not None and not self.is_headless:
            self._driver.write(text)

    # ---- keys: what the mention under the cursor allows (ui/permissions.py) -------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.keys.check_action(action, parameters)

    def on_key(self, event: Key) -> None:
        self.keys.on_key(event)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from self.palette.commands(screen)

    def action_toggle_detail(self) -> None:
        self.feed.parent.toggle_class("-detail-hidden")  # type: ignore[union-attr]

    # ---- session ------------------------------------------------------------------------

    @work(exclusive=True, group="session")
    async def _open_session(self) -> None:
        if not isinstance(self.connect, ConnectInfo):
            # The demo starts its simulator here, after the first frame is on screen.
            self.connect = await asyncio.to_thread(self.connect)
        # The session's modules (pydantic, the API models, httpx) load here, after the
        # first frame, and in a thread so the screen stays live while they do.
        module = await asyncio.to_thread(importlib.import_module, "triage_tui.core.session")
        Session = module.Session
        self.client = self.connect.client()
        try:
            session = await Session.open(
                self.client,
                account_id=self.connect.account_id,
                alert_ids=self.connect.alert_ids,
                store=self.store,
                on_event=self._post_event,
                settings=self.settings,
            )
        except Exception as error:  # every failure becomes one line, never a traceback
            log.warning("the session did not open", exc_info=True)
            if getattr(error, "status", None) == 401:  # the token, not the network
                self.post_message(SessionFailed(TOKEN_REJECTED, rejected=True))
            else:
                self.post_message(SessionFailed(one_line(str(error)) or type(error).__name__))
            return
        self.session = session
        self.post_message(SessionReady())
        await session.start()

    def _post_event(self, event: SessionEvent) -> None:
        self.post_message(to_message(event))

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.stop()
        client = getattr(self, "client", None)
        if client is not None:
            await client.aclose()

    def on_session_ready(self, _: SessionReady) -> None:
        session = self.session
        assert session is not None
        # The session's modules (pydantic's schemas, httpx) and the cached rows loaded
        # since the first frame live as long as the app too: out of the full passes.
        gc.freeze()
        self.status.account = getattr(session, "account_name", "") or session.account_id
        names = [one_line(a.name) for a in session.alerts.values()]
        self.status.alerts = ", ".join(names) if len(names) <= 3 else f"{len(names)} alerts"
        self.status.alerts_short = f"{len(names)} alert" + ("s" if len(names) != 1 else "")
        self.keys.refresh_if_changed()

    def on_session_failed(self, message: SessionFailed) -> None:
        self.status.connection = Connection.REJECTED if message.rejected else Connection.OFFLINE
        self.status.say(message.reason, error=True, keep=True)

    def on_rows_arrived(self, message: RowsArrived) -> None:
        self.arrivals.arrived(message.event)
        self._counts_dirty = True

    def _notify_arrivals(self, rows: list[FeedRow]) -> None:
        """Live rows just shown: a desktop notification for the saved views they match."""
        if self.notifier.enabled:
            self.notifier.arrived(match_views(rows, self.saved_views, self.query_names()))

    def on_row_changed(self, message: RowChanged) -> None:
        # A key's own change is on the feed already (show_changed); this one is then a
        # no-op. The service's answers and mark-all-read land here.
        self.show_changed([message.event.row])

    def show_changed(self, rows: Iterable[FeedRow]) -> None:
        """Changed rows onto the feed now: one that left the view goes, and the cursor is
        on the next mention before the next key is handled. A curation key calls this
        itself: its MentionChanged message is handled only after the keys already queued
        (typed fast, or one read over a slow link), which would all act on the same row."""
        changed: set[int] = set()
        for row in rows:
            self.feed.update_row(row)
            changed.add(row.id)
        selected = self.feed.selected_row
        if selected is not None and selected.id in changed:
            self.show_detail(selected)
        self._counts_dirty = True
        self.keys.refresh_if_changed()

    _connection_said = ""  # the last connection problem put on the status line

    def on_connection_update(self, message: ConnectionUpdate) -> None:
        event = message.event
        self.status.connection = event.state
        self.status.retry_in = event.retry_in
        if event.detail and event.state is not Connection.LIVE:
            rejected = event.state is Connection.REJECTED
            failed = rejected or event.state is Connection.OFFLINE
            lasting = rejected or event.state is Connection.POLLING  # until it changes
            self.status.say(event.detail, error=failed, keep=lasting)
            self._connection_said = event.detail
        elif event.state is Connection.LIVE and self.status.message == self._connection_said:
            self.status.say("")  # why it dropped is old news once it is live again

    def on_outbox_update(self, message: OutboxUpdate) -> None:
        self.status.pending = message.event.pending

    def on_action_refused(self, message: ActionRefused) -> None:
        event = message.event
        if self._bulk is not None and self._bulk.fail(event.mention_id, event.reason):
            self._bulk_changed()
        else:
            self.status.say(f"Mention {event.mention_id}: {event.reason}", error=True)

    # ---- bulk progress ------------------------------------------------------------------

    def track_bulk(self, mention_ids: list[int], left: dict[int, str] | None = None) -> None:
        """Follow a bulk action's PUTs with a progress bar, then report what was done
        and what was refused (by the service, or `left` by the rules before sending)."""
        if len(mention_ids) < 2:
            return
        if self._bulk is None:
            self._bulk = BulkProgress(mention_ids)
            self.set_timer(BULK_BAR_DELAY, self._show_bulk_bar)
        else:
            self._bulk.add(mention_ids)
            self._bulk_changed()
        if left:
            self._bulk.leave(left)

    def _show_bulk_bar(self) -> None:
        if self._bulk is not None:
            self._widgets["bulk"].show_progress(self._bulk)  # type: ignore[attr-defined]

    def on_action_done(self, message: ActionDone) -> None:
        if self._bulk is not None and self._bulk.settle(message.event.mention_id):
            self._bulk_changed()

    def _bulk_changed(self) -> None:
        bulk = self._bulk
        bar: BulkBar = self._widgets["bulk"]  # type: ignore[assignment]
        if bulk is None:
            return
        if not bulk.finished:
            if bar.progress is not None:
                bar.refresh()
            return
        self._bulk = None
        bar.show_progress(None)
        # A report of refusals stays until the next message: it is what the user must act on.
        self.status.say(bulk.summary(), error=bulk.troubled, keep=bulk.troubled)
        if bulk.failed:
            self.notify(
                bulk.report(), title="Bulk action", severity="error", markup=False, timeout=20
            )

    def on_notice_posted(self, message: NoticePosted) -> None:
        event = message.event
        self.status.say(event.text, error=event.severity == "error")

    _counts_dirty = True

    def _refresh_counts(self) -> None:
        if self.session is not None:
            self.status.invalid = self.session.invalid_lines
        if not self._counts_dirty:
            return
        self._counts_dirty = False
        feed = self.feed
        self.status.unread = feed.unread_count()
        self.status.shown = feed.visible_count
        self.status.total = feed.total_count

    # ---- the mention under the cursor ---------------------------------------------------

    @on(MentionFeed.CursorMoved)
    def _cursor_moved(self, message: MentionFeed.CursorMoved) -> None:
        self.show_detail(message.row)
        self.keys.refresh_if_changed()

    @on(MentionFeed.NewAbove)
    def _new_above(self, message: MentionFeed.NewAbove) -> None:
        self.status.new_above = message.count

    @on(MentionFeed.SelectionChanged)
    def _selection_changed(self, message: MentionFeed.SelectionChanged) -> None:
        self.status.selected = message.count
        self.keys.refresh_if_changed()  # keys now act on (and are allowed by) the selection

    def show_detail(self, row: FeedRow | None) -> None:
        session = self.session
        if row is None or session is None:
            self.detail.show(None)
            return
        mention = session.mention(row.id)
        if mention is None:
            self.detail.show(None)
            return
        alert = session.alerts.get(row.alert_id)
        keys = self.key_for
        ctx = DetailContext(
            now=self.clock(),
            folder_names={f.code: f.name for f in session.app_data.mention_folders},
            tag_names={t.id: t.name for t in session.tags.get(row.alert_id, [])},
            level=session.level(row.alert_id),
            role=(alert.role or "") if alert else "",
            alert_name=alert.name if alert else "",
            children=self._children.get(row.id),
            tasks=session.tasks(row.id),
            task_type_name=session.task_type_name,
            people={session.account_id: "you", **self.task_keys.people(row.alert_id)},
            children_key=keys("load_children"),
            open_key=keys("open_url"),
            copy_key=keys("copy_url"),
        )
        self.detail.show(mention, ctx)

    def key_for(self, action: str) -> str:
        for _key, active in self.active_bindings.items():
            if active.binding.action == action:
                return self.get_key_display(active.binding)
        return "?"

    @work(group="children", exclusive=True)
    async def action_load_children(self) -> None:
        row = self.feed.selected_row
        if row is None or self.session is None:
            return
        if not row.children_count:  # the service said so: nothing to ask for
            self.status.say("No comments or replies on this mention")
            return
        try:
            self._children[row.id] = await self.session.load_children(row.id)
        except Exception as error:
            self.status.say(f"Children: {one_line(str(error))}", error=True)
            return
        current = self.feed.selected_row
        if current is not None and current.id == row.id:
            self.show_detail(current)

    def action_open_url(self) -> None:
        mention = self._current_mention()
        if mention is None:
            return
        url = mention.clickable_url or mention.original_url
        if not url:
            self.status.say("This mention has no http(s) link to open", error=True)
            return
        plain = plain_web_url(url)
        if plain is None:
            self.status.say(f"not opened: {NOT_PLAIN}", error=True)
            return
        if remote_session() or not open_in_browser(plain):
            # Over SSH there is no local browser: hand the link to the user's clipboard.
            self.copy_to_clipboard(plain)
            self.status.say(f"No local browser: copied {one_line(plain)}")
        else:
            self.status.say("Opened in the browser")

    def action_copy_url(self) -> None:
        mention = self._current_mention()
        url = mention.original_url if mention else None
        if not url:
            self.status.say("This mention has no URL", error=True)
            return
        plain = plain_web_url(url)
        if plain is None:  # a newline in it would run a second command when pasted
            self.status.say(f"not copied: {NOT_PLAIN}", error=True)
            return
        self.copy_to_clipboard(plain)  # OSC 52: reaches the user's clipboard over SSH and tmux
        self.status.say(f"Copied {one_line(plain)}")

    def _current_mention(self) -> Any:
        row = self.feed.selected_row
        if row is None or self.session is None:
            return None
        return self.session.mention(row.id)

    def action_next_unread(self) -> None:
        self.feed.move_to_next(lambda r: not r.read, forward=True)

    def action_previous_unread(self) -> None:
        self.feed.move_to_next(lambda r: not r.read, forward=False)

    # ---- curation keys: the bindings name these; ui/curation.py does the work ----------

    def action_toggle_read(self) -> None:
        self.curation.toggle_read()

    def action_toggle_favorite(self) -> None:
        self.curation.toggle_favorite()

    @work(group="picker")
    async def action_assign_task(self) -> None:
        await self.task_keys.assign()

    @work(group="picker")
    async def action_complete_task(self) -> None:
        await self.task_keys.complete()

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

    @work(group="picker")
    async def action_move(self) -> None:
        await self.curation.move()

    @work(group="picker")
    async def action_tags(self) -> None:
        await self.curation.tags()

    @work(group="confirm")
    async def action_mark_seen_read(self) -> None:
        await self.curation.mark_seen_read()

    @work(group="confirm")
    async def action_mark_alert_read(self) -> None:
        await self.curation.mark_alert_read()

    def action_undo(self) -> None:
        self.curation.undo()

    def action_redo(self) -> None:
        self.curation.redo()

    # ---- views and the filter -----------------------------------------------------------

    def action_view(self, key: str) -> None:
        view = BUILTIN_VIEWS.get(key)
        if view is None:
            return
        self.view = view
        self.status.view = view.title
        self._apply_filter()

    def _apply_filter(self) -> None:
        self.feed.set_filter(combine(self.view.predicate, self._query_predicate))
        self.status.filter_text = self.query_text
        self._counts_dirty = True
        self._refresh_counts()

    def _bind_saved_views(self) -> None:
        """Saved views from the config, one key each (8, 9, 0)."""
        for n, (name, _query) in enumerate(list(self.saved_views.items())[: len(SAVED_VIEW_KEYS)]):
            self.bind(SAVED_VIEW_KEYS[n], f"saved_view({n})", description=name[:20])

    def action_saved_view(self, index: int) -> None:
        from triage_tui.core.query import QueryError, parse_query

        name, text = list(self.saved_views.items())[index]
        try:
            query = parse_query(text, self.query_names())
        except QueryError as error:
            self.status.say(f"View {name}: {error}", error=True)
            return
        self.view = BUILTIN_VIEWS["all"]
        self.query_text = text
        self._query_predicate = query.matches
        self._apply_filter()
        self.status.view = one_line(name)

    async def action_filter(self) -> None:
        await self.screen_stack[0].query_one(FilterBar).open(self.query_text)

    def action_clear_filter(self) -> None:
        if self.query_text:
            self.query_text = ""
            self._query_predicate = None
            self._apply_filter()

    @on(FilterBar.Submitted)
    def _filter_submitted(self, message: FilterBar.Submitted) -> None:
        self.query_text = message.text
        self._query_predicate = message.predicate
        self._apply_filter()
        self.feed.focus()

    @on(FilterBar.Cancelled)
    def _filter_cancelled(self, _: FilterBar.Cancelled) -> None:
        self.feed.focus()

    def query_names(self) -> QueryNames:
        """The tag and alert names the `/` filter and saved views may use."""
        from triage_tui.core.query import QueryNames

        tags: dict[str, set[int]] = {}
        alerts: dict[str, int] = {}
        if self.session is not None:
            for alert_tags in self.session.tags.values():
                for tag in alert_tags:
                    tags.setdefault(tag.name.casefold(), set()).add(tag.id)
            alerts = {one_line(a.name).casefold(): a.id for a in self.session.alerts.values()}
        return QueryNames(tags=tags, alerts=alerts)

    # ---- screens ------------------------------------------------------------------------

    def action_help(self) -> None:
        from triage_tui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_shares(self) -> None:
        from triage_tui.ui.screens.shares import SharesScreen

        if self.session is None:
            return
        row = self.feed.selected_row
        alert_id = row.alert_id if row else next(iter(self.session.alerts), None)
        if alert_id is None:
            return
        alert = self.session.alerts.get(alert_id)
        self.push_screen(
            SharesScreen(
                self.session,
                alert_id,
                alert.name if alert else str(alert_id),
                self.session.level(alert_id),
            )
        )

    def action_alert_stats(self) -> None:
        from triage_tui.ui.screens.stats import open_stats

        open_stats(self)

    async def confirm(self, question: str, detail: str = "") -> bool:
        from triage_tui.ui.screens.confirm import ConfirmScreen

        return bool(await self.push_screen_wait(ConfirmScreen(question, detail=detail)))
