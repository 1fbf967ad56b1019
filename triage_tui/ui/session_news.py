"""The Session onto the main screen: a plain object the screen holds (`main.news`); the
screen's `on_*` handlers of the Session's messages hand it their events.

It fills the status line (account, alerts, connection, outbox, counts), puts changed
rows on the feed and the cursor's mention in the detail pane, and tells the pacer, the
bulk report and the message log what they follow. It runs on the event loop (the
handlers call it), so it may change widgets; the Session's own tasks never do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

from triage_tui.core.events import Connection
from triage_tui.core.sanitize import one_line
from triage_tui.core.watch import match_views
from triage_tui.ui.widgets.detail import DetailContext

if TYPE_CHECKING:
    from triage_tui.core.events import (
        ActionFailed,
        ConnectionChanged,
        MentionsArrived,
        Notice,
    )
    from triage_tui.core.notify import Notifier
    from triage_tui.core.query import QueryNames
    from triage_tui.core.rows import FeedRow
    from triage_tui.core.session import Session
    from triage_tui.ui.arrivals import ArrivalPacer
    from triage_tui.ui.bulk_report import BulkReport
    from triage_tui.ui.mention_links import MentionLinks
    from triage_tui.ui.older import OlderLoader
    from triage_tui.ui.permissions import KeyGate
    from triage_tui.ui.resume import Place, PlaceKeeper
    from triage_tui.ui.said import Said
    from triage_tui.ui.tasks import TaskActions
    from triage_tui.ui.widgets.detail import DetailPane
    from triage_tui.ui.widgets.feed import MentionFeed
    from triage_tui.ui.widgets.status import StatusLine


class NewsHost(Protocol):
    """What the Session's news needs of the main screen: its widgets, the objects that
    follow the Session (each told here), and the names the status line shows."""

    session: Session | None  # set here, on SessionReady: the other objects read it
    resume_place: Place | None
    clock: Callable[[], float]
    notifier: Notifier
    saved_views: dict[str, str]

    @property
    def status(self) -> StatusLine: ...

    @property
    def feed(self) -> MentionFeed: ...

    @property
    def detail(self) -> DetailPane: ...

    @property
    def keys(self) -> KeyGate: ...

    @property
    def places(self) -> PlaceKeeper: ...

    @property
    def older(self) -> OlderLoader: ...

    @property
    def arrivals(self) -> ArrivalPacer: ...

    @property
    def bulk(self) -> BulkReport: ...

    @property
    def said(self) -> Said: ...

    @property
    def links(self) -> MentionLinks: ...

    @property
    def task_keys(self) -> TaskActions: ...

    def query_names(self) -> QueryNames: ...

    def alert_names(self) -> dict[int, str]: ...

    def key_for(self, action: str) -> str: ...


class SessionNews:
    """The Session's messages onto the widgets, and the status line's counts kept."""

    def __init__(self, host: NewsHost) -> None:
        self.host = host
        self._counts_dirty = True  # the counts are recounted at the next tick
        self._connection_said = ""  # the last connection problem put on the status line

    # ---- the Session's messages ---------------------------------------------------------

    def ready(self, session: Session) -> None:
        host, status = self.host, self.host.status
        host.session = session
        host.feed.attach(session.feed)  # the feed shows the Session's rows from now on
        status.account = getattr(session, "account_name", "") or session.account_id
        names = [one_line(a.name) for a in session.alerts.values()]
        status.alerts = ", ".join(names) if len(names) <= 3 else f"{len(names)} alerts"
        status.alerts_short = f"{len(names)} alert" + ("s" if len(names) != 1 else "")
        status.alert_names = host.alert_names()  # `alert:ID` shows as its name
        host.keys.refresh_if_changed()
        host.places.restore(host.resume_place)  # the view and filter of the last exit
        host.older.view_changed()  # a folder view open already: its first page

    def failed(self, reason: str, *, rejected: bool) -> None:
        status = self.host.status
        status.connection = Connection.REJECTED if rejected else Connection.OFFLINE
        status.say(reason, error=True, keep=True)

    def rows_arrived(self, event: MentionsArrived) -> None:
        host = self.host
        host.arrivals.arrived(event)
        self._counts_dirty = True
        if event.newer and host.notifier.enabled:  # live: a notice for the saved views hit
            host.notifier.arrived(match_views(event.rows, host.saved_views, host.query_names()))

    def show_changed(self, rows: Iterable[FeedRow], *, keep_cursor: bool = False) -> None:
        """Changed rows onto the feed now: one that left the view goes, and the cursor is
        on the next mention before the next key is handled. A curation key calls this
        itself: its MentionChanged message is handled only after the keys already queued
        (typed fast, or one read over a slow link), which would all act on the same row.
        The service's answers, teammates' changes and mark-all-read come as that message
        (`keep_cursor`): none of them takes the mention from under the cursor."""
        changed = {row.id for row in rows}
        feed = self.host.feed
        feed.show_changes(keep_cursor=keep_cursor)
        selected = feed.selected_row
        if selected is not None and selected.id in changed:
            self.show_detail(selected)
        self._counts_dirty = True
        self.host.keys.refresh_if_changed()

    def connection(self, event: ConnectionChanged) -> None:
        status = self.host.status
        status.connection = event.state
        status.retry_in = event.retry_in
        if event.detail and event.state is not Connection.LIVE:
            rejected = event.state is Connection.REJECTED
            failed = rejected or event.state is Connection.OFFLINE
            lasting = rejected or event.state is Connection.POLLING  # until it changes
            status.say(event.detail, error=failed, keep=lasting)
            self._connection_said = event.detail
        elif event.state is Connection.LIVE and status.message == self._connection_said:
            status.say("")  # why it dropped is old news once it is live again

    def refused(self, event: ActionFailed) -> None:
        in_bulk = self.host.bulk.refused(event.mention_id, event.reason)  # its report says it
        self.host.said.about(event.mention_id, event.reason, error=True, log_only=in_bulk)

    def notice(self, event: Notice) -> None:
        self.host.status.say(event.text, error=event.severity == "error")

    # ---- the status line's counts -------------------------------------------------------

    def counts_changed(self) -> None:
        self._counts_dirty = True
        self.tick()

    def tick(self) -> None:
        """Every half second: counted again only when something changed since."""
        host = self.host
        host.places.tick()  # the cursor back on the last exit's mention once it shows
        if host.session is not None:
            host.status.invalid = host.session.invalid_lines
            host.session.watch_on_screen(host.feed.on_screen())  # teammates' changes
        if not self._counts_dirty:
            return
        self._counts_dirty = False
        feed, status = host.feed, host.status
        status.unread = feed.unread_count()
        status.shown = feed.visible_count
        status.total = feed.total_count

    # ---- the detail pane ----------------------------------------------------------------

    def show_detail(self, row: FeedRow | None) -> None:
        """The mention under the cursor, with what the Session knows around it."""
        host = self.host
        session = host.session
        mention = session.mention(row.id) if row is not None and session is not None else None
        if row is None or session is None or mention is None:
            host.detail.show(None)
            return
        alert = session.alerts.get(row.alert_id)
        keys = host.key_for
        ctx = DetailContext(
            now=host.clock(),
            folder_names={f.code: f.name for f in session.app_data.mention_folders},
            tag_names={t.id: t.name for t in session.tags.get(row.alert_id, [])},
            level=session.level(row.alert_id),
            role=(alert.role or "") if alert else "",
            alert_name=alert.name if alert else "",
            children=host.links.children(row.id),
            tasks=session.task_desk.tasks(row.id),
            task_type_name=session.task_desk.task_type_name,
            people={session.account_id: "you", **host.task_keys.people(row.alert_id)},
            children_key=keys("load_children"),
            open_key=keys("open_url"),
            copy_key=keys("copy_url"),
        )
        host.detail.show(mention, ctx)
